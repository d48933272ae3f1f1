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

from typing import Any

from penjelas.content import nodes
from penjelas.content._yaml_fast import Lines, Unusual, compose_usual
from penjelas.content.nodes import (
    CURLY_QUOTES_HINT,
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
    resolve_plain,
)
from penjelas.core.errors import ContentError, Problem


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
                at(event.start_mark, f"YAML aliases like '*{event.anchor}' are not supported", "write the value out")
            )
            continue
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            problems.append(
                at(
                    event.start_mark,
                    f"YAML anchors like '&{anchor}' are not supported",
                    "write the value out where it is used",
                )
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContentError(
                    [
                        at(
                            event.start_mark,
                            f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
                            "content files need only a few levels; check the brackets and indentation",
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
        message = exc.problem or exc.context or "malformed YAML"
        hint = _yaml_hint(message, _char_at(text, mark))
        if mark is not None and any(curly in _line_at(text, mark) for curly in "“”„"):
            hint = CURLY_QUOTES_HINT
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            # The scanner gives up where the file ends, lines below: the editor needs where the quote opened.
            mark = exc.context_mark
            quote = _char_at(text, mark)
            message = f"the quote ({quote}) opened here is never closed"
            hint = f"end the value with {quote} on the same line"
        if mark is None:
            raise ContentError([Problem(path, 0, 0, f"malformed YAML: {message}", hint)]) from None
        raise ContentError(
            [Problem(path, mark.line + 1 + line_offset, mark.column + 1, f"malformed YAML: {message}", hint)]
        ) from None
    except yaml.YAMLError as exc:  # reader errors (bad characters) carry a position too
        raise ContentError([Problem(path, 0, 0, f"malformed YAML: {exc}")]) from None
    except RecursionError:
        raise ContentError(
            [Problem(path, 0, 0, "the YAML is nested too deeply to read", "simplify the structure")]
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


def _yaml_hint(message: str, char: str) -> str:
    if char == "\t" or "'\\t'" in message or "tab" in message:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be put in quotes"
    if "unexpected end of stream" in message or "did not find expected key" in message:
        return 'check for a quote (") that is opened but not closed, here or on a line above'
    if "could not find expected ':'" in message or "expected <block end>" in message:
        return "check the indentation, and quote text that contains ':' or '#'"
    return ""


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
            self._problem(node, f"lists and mappings are nested more than {MAX_DEPTH} levels deep")
            return Refused(line, col)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == PLAIN_TAG:
                return Scalar(line, col, resolve_plain(node.value), node.value, False)
            if node.tag not in (QUOTED_TAG, STR_TAG):
                self._problem(node, f"YAML tags like '{_shown_tag(node.tag)}' are not allowed", "remove the '!' tag")
                return Refused(line, col)
            return Scalar(line, col, node.value, node.value, True)
        if node.tag not in ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"):
            self._problem(node, f"YAML tags like '{_shown_tag(node.tag)}' are not allowed", "remove the '!' tag")
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
                self._problem(key_node, "a key must be a plain name")
                continue
            if key.value in keys:
                self._problem(
                    key_node,
                    f"duplicate key '{key.text}' (first used on line {keys[key.value]})",
                    "keep one of them",
                )
                continue
            keys[key.value] = key.line
            if not isinstance(key.value, str):  # keys are names, whatever YAML makes of `2024:`
                key = Scalar(key.line, key.col, key.text, key.text, key.quoted)
            entries.append((key, value))
        return Map(line, col, tuple(entries))
