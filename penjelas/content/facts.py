"""An explainer's ``facts.yaml``: the fact box, in the editor's order."""

from __future__ import annotations

from penjelas.content.model import FACTS_SPEC, Fact
from penjelas.content.schema import Checker
from penjelas.content.yamltext import parse_yaml
from penjelas.core.errors import Problem, raise_if_any


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
    raise_if_any(problems)
    return tuple(Fact(v["label"], v["value"], v.get("sources", ())) for v in values)
