"""An explainer's ``facts.yaml``: the fact box, in the editor's order. Every fact names its source."""

from __future__ import annotations

from penjelas.content.model import FACTS_SPEC, Fact
from penjelas.content.nodes import Map, Node, Seq
from penjelas.content.schema import Checker
from penjelas.content.sourcing import sources_hint
from penjelas.content.yamltext import parse_yaml
from penjelas.core.errors import Problem, raise_if_any
from penjelas.core.messages import t


def parse_facts(text: str, path: str, source_ids: set[str] | None = None) -> tuple[Fact, ...]:
    """Parse facts.yaml, keeping the editor's order."""
    problems: list[Problem] = []
    node = parse_yaml(text, path, 0, problems)
    if node is None:
        return ()
    checker = Checker(path, problems)
    if source_ids is not None:
        checker.refs["source"] = source_ids
    values = checker.check(node, FACTS_SPEC, "facts.yaml")
    problems.extend(unsourced_facts(node, path))
    raise_if_any(problems)
    return tuple(Fact(v["label"], v["value"], v.get("sources", ())) for v in values)


def unsourced_facts(node: Node, path: str) -> list[Problem]:
    """A problem for each fact without a source: no 'sources', or an empty list. Every page says that each
    fact is tied to its source, so a fact without one cannot be published."""
    found: list[Problem] = []
    for item in node.items if isinstance(node, Seq) else ():
        if not isinstance(item, Map):
            continue  # the schema's check reports it
        sources = item.get("sources")
        if sources is None:
            found.append(Problem(path, item.line, item.col, t("this fact has no source yet"), sources_hint()))
        elif isinstance(sources, Seq) and not sources.items:
            found.append(Problem(path, sources.line, sources.col, t("this fact has no source yet"), sources_hint()))
    return found
