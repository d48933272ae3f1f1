"""Reading YAML into located nodes, with YAML 1.2 scalar rules and no surprises.

PyYAML follows YAML 1.1, where ``NO`` is ``False``, ``0777`` is 511 and ``12:30`` is 750: an editor's
text silently becomes something else. We compose the document with PyYAML (libyaml where present), then
build our own nodes (``nodes.py``) that keep every value's line and column, resolve plain scalars by the
YAML 1.2 core schema (only ``true``/``false`` are booleans, no dates, no sexagesimal or leading-zero
octal), and refuse what editors never need and attackers love: tags, anchors and aliases, duplicate keys,
deep nesting.

This module is the careful reading, which says what is wrong in words and positions editors can act on.
Most documents have nothing to report, and are read first by the quicker readings in ``_yaml_fast.py``,
which give the same nodes; PyYAML itself is imported only when a document needs it.
"""

from __future__ import annotations

import re
from typing import Any

from penjelas.content import nodes
from penjelas.content._yaml_fast import Lines, Unusual, compose_usual
from penjelas.content.nodes import (
    MAX_DEPTH,
    PLAIN_TAG,
    QUOTED_TAG,
    STR_TAG,
    Map,
    Node,
    Refused,
    Scalar,
    Seq,
    Value,
    curly_quotes_hint,
    resolve_plain,
)
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t


def _scan(text: str, path: str, line_offset: int) -> list[Problem]:
    """Walk the event stream before composing: refuse deep nesting, and report anchors and aliases.

    Runs on every document read the careful way, and is iterative, so it is safe at any depth: libyaml's composer recurses
    in C and crashes the process near 100,000 levels, and the pure-Python one raises RecursionError near
    1,000. Brackets are not the only way in: ``- - - - x`` nests a list per dash on a single line. The
    walk costs about a tenth of the parse it protects. Anchors and aliases are reported here because
    only events know where each alias is written (composed, an alias is the anchored node itself).
    """
    import yaml

    problems: list[Problem] = []

    def at(mark: Any, message: str, hint: str) -> Problem:
        return Problem(path, mark.line + 1 + line_offset, mark.column + 1, message, hint)

    depth = 0
    for event in yaml.parse(text, Loader=nodes.yaml_loaders()[0]):
        if isinstance(event, yaml.AliasEvent):
            problems.append(
                at(
                    event.start_mark,
                    t("YAML aliases like '*{anchor}' are not supported", anchor=event.anchor),
                    t("write the value out"),
                )
            )
            continue
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            problems.append(
                at(
                    event.start_mark,
                    t("YAML anchors like '&{anchor}' are not supported", anchor=anchor),
                    t("write the value out where it is used"),
                )
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContentError(
                    [
                        at(
                            event.start_mark,
                            _too_deep(),
                            t("content files need only a few levels; check the brackets and indentation"),
                        )
                    ]
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return problems


def parse_yaml(text: str, path: str, line_offset: int = 0, problems: list[Problem] | None = None) -> Node | None:
    """Parse one YAML document into located nodes; None for an empty document.

    ``line_offset`` is added to every line number (front matter starts below the ``---`` line).
    Malformed YAML raises ContentError. What is refused above (tags, aliases, duplicate keys) is
    appended to ``problems`` when given, so the caller can go on checking the rest; otherwise raised.
    """
    try:
        return Lines(text, line_offset).document()
    except Unusual:
        pass
    try:
        return compose_usual(text, line_offset)
    except Unusual:  # read it again, the careful way, for the exact problems and their order
        return _parse_carefully(text, path, line_offset, problems)


def _parse_carefully(text: str, path: str, line_offset: int, problems: list[Problem] | None) -> Node | None:
    """``parse_yaml`` for any document: scan the events for what is refused, then compose and build."""
    import yaml

    try:
        found = _scan(text, path, line_offset)
        root = yaml.compose(text, Loader=nodes.yaml_loaders()[1])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        said = exc.problem or exc.context or ""
        message = _malformed(said)
        hint = _yaml_hint(said, _char_at(text, mark))
        if mark is not None and any(curly in _line_at(text, mark) for curly in "“”„"):
            hint = curly_quotes_hint()
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            # The scanner gives up where the file ends, lines below: the editor needs where the quote opened.
            mark = exc.context_mark
            quote = _char_at(text, mark)
            message = t(
                "malformed YAML: {problem}", problem=t("the quote ({quote}) opened here is never closed", quote=quote)
            )
            hint = t("end the value with {quote} on the same line", quote=quote)
        if mark is None:
            raise ContentError([Problem(path, 0, 0, message, hint)]) from None
        raise ContentError([Problem(path, mark.line + 1 + line_offset, mark.column + 1, message, hint)]) from None
    except yaml.YAMLError as exc:  # the reader's: a character YAML refuses (reading.py refuses them first)
        code = getattr(exc, "character", None)
        if not isinstance(code, int):
            raise ContentError(
                [Problem(path, 0, 0, t("malformed YAML: {library_message}", library_message=exc))]
            ) from None
        refused = t("the character U+{code} is not allowed", code=f"{code:04X}")
        hint = t("delete it; it is usually pasted in by accident")
        raise ContentError([Problem(path, 0, 0, t("malformed YAML: {problem}", problem=refused), hint)]) from None
    except RecursionError:
        raise ContentError(
            [Problem(path, 0, 0, t("the YAML is nested too deeply to read"), t("simplify the structure"))]
        ) from None
    if root is None:
        if found:
            raise ContentError(found)
        return None
    node = _Builder(path, line_offset, found).build(root, 1)
    if problems is not None:
        problems.extend(found)
    elif found:
        raise ContentError(found)
    return node


def _too_deep() -> str:
    return t("lists and mappings are nested more than {levels} levels deep", levels=MAX_DEPTH)


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _line_at(text: str, mark: Any) -> str:
    lines = text.split("\n")
    return lines[mark.line] if mark.line < len(lines) else ""


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    line = _line_at(text, mark)
    return line[mark.column] if mark.column < len(line) else ""


def _yaml_hint(problem: str, char: str) -> str:
    """The likely fix for PyYAML's ``problem`` (its own words) where the character at its mark is ``char``."""
    if char == "\t" or "'\\t'" in problem or "tab" in problem:
        return t("indent with spaces, not tabs")
    if "mapping values are not allowed" in problem:
        return t("a value containing ': ' must be put in quotes")
    if "unexpected end of stream" in problem or "did not find expected key" in problem:
        return t('check for a quote (") that is opened but not closed, here or on a line above')
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return t("check the indentation, and quote text that contains ':' or '#'")
    if "cannot start any token" in problem or "alphabetic or numeric character" in problem:
        return t('put the whole value in quotes ("...")')  # '@user', '`kode`', '*miring*', '& co'
    if "comment or a line break" in problem or "comment or line break" in problem:
        return t('put the whole value in quotes ("...")')  # 'title: > x', 'title: | x'
    if "unknown escape character" in problem:
        return t("inside double quotes, write each backslash twice (\\\\), or use single quotes ('...')")
    return ""


def _malformed(problem: str) -> str:
    """'malformed YAML: …' for PyYAML's ``problem``, in the editor's language.

    The problems editors meet are translated, in libyaml's words and in those of PyYAML's own parser (used
    where PyYAML is built without libyaml), each an id of its own with what varies (a character, a token)
    as a field; in English they read exactly as PyYAML wrote them. Any other problem is shown as PyYAML
    wrote it, inside a sentence that says so.
    """
    if not problem:
        return t("malformed YAML")
    clause = _known_problem(problem)
    if clause is None:
        return t("malformed YAML: {library_message}", library_message=problem)
    return t("malformed YAML: {problem}", problem=clause)


_FOUND = re.compile(r"(?P<said>.*?), but (?:found|got) (?P<found>.+)")
"""PyYAML's own parser names what it found (a character or a token); libyaml does not."""


def _known_problem(problem: str) -> str | None:
    """PyYAML's ``problem`` as a clause in the editor's language; None for one not in the catalogue."""
    match problem:
        case "mapping values are not allowed in this context":
            return t("mapping values are not allowed in this context")
        case "mapping values are not allowed here":
            return t("mapping values are not allowed here")
        case "found character that cannot start any token":
            return t("found character that cannot start any token")
        case "found a tab character that violates indentation":
            return t("found a tab character that violates indentation")
        case "found a tab character where an indentation space is expected":
            return t("found a tab character where an indentation space is expected")
        case "found unexpected end of stream":
            return t("found unexpected end of stream")
        case "did not find expected key":
            return t("did not find expected key")
        case "did not find expected '-' indicator":
            return t("did not find expected '-' indicator")
        case "did not find expected ',' or ']'" | "did not find expected ',' or '}'":
            return t("did not find expected ',' or '{close}'", close=problem[-2])
        case "could not find expected ':'":
            return t("could not find expected ':'")
        case "found unknown escape character":
            return t("found unknown escape character")
        case "did not find expected node content":
            return t("did not find expected node content")
        case "did not find expected alphabetic or numeric character":
            return t("did not find expected alphabetic or numeric character")
        case "did not find expected comment or line break":
            return t("did not find expected comment or line break")
        case "did not find expected <document start>":
            return t("did not find expected <document start>")
        case "but found another document":
            return t("but found another document")
        case "block sequence entries are not allowed in this context":
            return t("block sequence entries are not allowed in this context")
        case "sequence entries are not allowed here":
            return t("sequence entries are not allowed here")
    if problem.startswith("found character ") and problem.endswith(" that cannot start any token"):
        char = problem.removeprefix("found character ").removesuffix(" that cannot start any token")
        return t("found character {char} that cannot start any token", char=char)
    if problem.startswith("found unknown escape character "):
        return t("found unknown escape character {char}", char=problem.removeprefix("found unknown escape character "))
    found = _FOUND.fullmatch(problem)
    if found is None:
        return None
    said, what = found["said"], found["found"]
    match said:
        case "expected <block end>":
            return t("expected <block end>, but found {token}", token=what)
        case "expected ',' or ']'" | "expected ',' or '}'":
            return t("expected ',' or '{close}', but got {token}", close=said[-2], token=what)
        case "expected the node content":
            return t("expected the node content, but found {token}", token=what)
        case "expected alphabetic or numeric character":
            return t("expected alphabetic or numeric character, but found {char}", char=what)
        case "expected a comment or a line break":
            return t("expected a comment or a line break, but found {char}", char=what)
        case "expected '<document start>'":
            return t("expected '<document start>', but found {token}", token=what)
    return None


class _Builder:
    """Turns PyYAML nodes into ours, collecting problems instead of stopping at the first."""

    def __init__(self, path: str, line_offset: int, problems: list[Problem]) -> None:
        self.path = path
        self.line_offset = line_offset
        self.problems = problems
        self.seen: set[int] = set()

    def _problem(self, node: Any, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1 + self.line_offset, mark.column + 1, message, hint))

    def build(self, node: Any, depth: int) -> Node:
        import yaml  # imported already, by the caller: this is a lookup

        line = node.start_mark.line + 1 + self.line_offset
        col = node.start_mark.column + 1
        if id(node) in self.seen:  # an alias, already reported by _scan; never expand it again
            return Refused(line, col)
        self.seen.add(id(node))
        if depth > MAX_DEPTH:  # _scan refuses this first; kept so the recursion below is bounded regardless
            self._problem(node, _too_deep())
            return Refused(line, col)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == PLAIN_TAG:
                return Scalar(line, col, resolve_plain(node.value), node.value, False)
            if node.tag not in (QUOTED_TAG, STR_TAG):
                self._problem(
                    node, t("YAML tags like '{tag}' are not allowed", tag=_shown_tag(node.tag)), t("remove the '!' tag")
                )
                return Refused(line, col)
            return Scalar(line, col, node.value, node.value, True)
        if node.tag not in ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
            self._problem(
                node, t("YAML tags like '{tag}' are not allowed", tag=_shown_tag(node.tag)), t("remove the '!' tag")
            )
            return Refused(line, col)
        if isinstance(node, yaml.SequenceNode):
            return Seq(line, col, tuple(self.build(item, depth + 1) for item in node.value))
        entries: list[tuple[Scalar, Node]] = []
        keys: dict[Value, int] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, depth + 1)
            value = self.build(value_node, depth + 1)
            if isinstance(key, Refused):
                continue
            if not isinstance(key, Scalar) or key.value is None:
                self._problem(key_node, t("a key must be a plain name"))
                continue
            if key.value in keys:
                self._problem(
                    key_node,
                    t("duplicate key '{key}' (first used on line {line})", key=key.text, line=keys[key.value]),
                    t("keep one of them"),
                )
                continue
            keys[key.value] = key.line
            if not isinstance(key.value, str):  # keys are names, whatever YAML makes of `2024:`
                key = Scalar(key.line, key.col, key.text, key.text, key.quoted)
            entries.append((key, value))
        return Map(line, col, tuple(entries))
