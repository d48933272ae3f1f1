"""Reading YAML into located nodes, with YAML 1.2 scalar rules and no surprises.

PyYAML follows YAML 1.1, where ``NO`` is ``False``, ``0777`` is 511 and ``12:30`` is 750: an editor's
text silently becomes something else. We compose the document with PyYAML (libyaml where present), then
build our own nodes that keep every value's line and column, resolve plain scalars by the YAML 1.2 core
schema (only ``true``/``false`` are booleans, no dates, no sexagesimal or leading-zero octal), and refuse
what editors never need and attackers love: tags, anchors and aliases, duplicate keys, deep nesting.

Most documents have none of that. The plainest (block mappings and lists of one-line values, as editors
write them) are read line by line without libyaml; the others in a single pass over PyYAML's events. Any
document that has something to report is read again the careful way, which gives every message its words
and position. The tests hold the quicker readings to the careful one.

PyYAML itself is imported only when a document needs it: the import (about 12 ms) costs as much as reading
the files of some seventy explainers line by line, and a rebuild after an edit often reads nothing else.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from penjelas.core.errors import ContentError, Problem

MAX_DEPTH = 32
"""Deeper nesting than any content file needs; also keeps libyaml's recursive composer safe."""

_PLAIN = "penjelas:plain"
_QUOTED = "penjelas:quoted"
_STR_TAG = "tag:yaml.org,2002:str"

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_FLOAT_SPECIAL = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$")

Value = str | int | float | bool | None


# Nodes are plain slotted classes rather than frozen ones: a content file makes thousands of them, and
# frozen dataclasses pay for immutability on every construction. Nothing mutates them after parsing.
@dataclass(slots=True)
class Node:
    """A YAML value and where it starts (1-based line and column)."""

    line: int
    col: int


@dataclass(slots=True)
class Scalar(Node):
    value: Value
    """The value under YAML 1.2 core rules."""
    text: str
    """The characters as written, for messages and for quoting hints."""
    quoted: bool


@dataclass(slots=True)
class Refused(Node):
    """A value already reported as a problem (a tag, an alias): checks skip it without a second message."""


@dataclass(slots=True)
class Seq(Node):
    items: tuple[Node, ...]


@dataclass(slots=True)
class Map(Node):
    entries: tuple[tuple[Scalar, Node], ...]
    """Key and value pairs in document order; keys are unique strings."""

    def get(self, key: str) -> Node | None:
        """The value stored under ``key``, if any."""
        for k, v in self.entries:
            if k.value == key:
                return v
        return None


def kind_of(node: Node) -> str:
    """How a node reads to an editor: 'text', 'a number', 'a list'..."""
    if isinstance(node, Map):
        return "a mapping (key: value pairs)"
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Refused):
        return "a refused value"
    assert isinstance(node, Scalar)
    value = node.value
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


@functools.cache
def _loaders() -> tuple[Any, Any]:
    """PyYAML's safe loader (libyaml's where present) for events, and ours on top of it for composing."""
    import yaml

    try:
        base: Any = yaml.CSafeLoader
    except AttributeError:  # PyYAML built without libyaml
        base = yaml.SafeLoader

    class _Loader(base):  # type: ignore[misc]
        """Marks implicit scalars so we can apply YAML 1.2 rules ourselves."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode:
                return _PLAIN if implicit[0] else _QUOTED
            return str(super().resolve(kind, value, implicit))

    return base, _Loader


_MAYBE_NOT_TEXT = frozenset("~nNtTfF0123456789+-.")
"""The characters a plain scalar that is not text can start with (null, booleans, numbers); '' is null."""


def _resolve_plain(text: str) -> Value:
    if text and text[0] not in _MAYBE_NOT_TEXT:
        return text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text, 10)
    if _INT_OCT.match(text):
        return int(text[2:], 8)
    if _INT_HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _FLOAT_SPECIAL.match(text):
        return float(text.replace(".", "", 1))  # '.inf', '-.Inf', '.NaN' -> 'inf', '-Inf', 'NaN'
    return text


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
    for event in yaml.parse(text, Loader=_loaders()[0]):
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
        return _Lines(text, line_offset).document()
    except _Unusual:
        pass
    try:
        return _compose_usual(text, line_offset)
    except _Unusual:  # read it again, the careful way, for the exact problems and their order
        return _parse_carefully(text, path, line_offset, problems)


def _parse_carefully(text: str, path: str, line_offset: int, problems: list[Problem] | None) -> Node | None:
    """``parse_yaml`` for any document: scan the events for what is refused, then compose and build."""
    import yaml

    try:
        found = _scan(text, path, line_offset)
        root = yaml.compose(text, Loader=_loaders()[1])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "malformed YAML"
        hint = _yaml_hint(message, _char_at(text, mark))
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


class _Unusual(Exception):
    """The document needs the careful reading: it is malformed, or uses a feature that is refused or reported."""


def _compose_usual(text: str, line_offset: int) -> Node | None:
    """Located nodes for a document with nothing to report, straight from one pass over the event stream.

    What editors write (mappings, lists, plain and quoted scalars) is read here at about a third of the cost
    of scanning and composing. Anything else raises _Unusual, and ``parse_yaml`` reads the document again
    with ``_scan`` and ``_Builder``, which say what is wrong in the words, order and positions users know:
    malformed YAML, tags, anchors, aliases, keys that are not plain names or are used twice, more than one
    document, or deep nesting (refused here well before libyaml could be harmed by it).
    """
    import yaml

    parser = _loaders()[0](text)
    try:
        return _compose_events(parser.get_event, line_offset)
    except (yaml.YAMLError, RecursionError):
        raise _Unusual from None
    finally:
        parser.dispose()


def _compose_events(get: Any, line_offset: int) -> Node | None:
    import yaml

    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    get()  # StreamStartEvent
    event = get()
    if type(event) is yaml.StreamEndEvent:
        return None
    if type(event) is not yaml.DocumentStartEvent:
        raise _Unusual
    # One frame per open collection: [line, col, items] for a list; [line, col, entries, keys, key] for a
    # mapping, where ``key`` is the key waiting for its value.
    stack: list[list[Any]] = []
    node: Node
    while True:
        event = get()
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            mark = event.start_mark
            value = event.value
            if event.implicit[0]:
                node = Scalar(mark.line + 1 + line_offset, mark.column + 1, _resolve_plain(value), value, False)
            else:
                node = Scalar(mark.line + 1 + line_offset, mark.column + 1, value, value, True)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH - 1:
                raise _Unusual
            mark = event.start_mark
            if kind is mapping_start:
                stack.append([mark.line + 1 + line_offset, mark.column + 1, [], set(), None])
            else:
                stack.append([mark.line + 1 + line_offset, mark.column + 1, []])
            continue
        elif kind is yaml.MappingEndEvent:
            line, col, entries, _keys, _key = stack.pop()
            node = Map(line, col, tuple(entries))
        elif kind is yaml.SequenceEndEvent:
            line, col, items = stack.pop()
            node = Seq(line, col, tuple(items))
        else:  # an alias, or the end of a document whose root is an alias
            raise _Unusual
        if not stack:
            break
        frame = stack[-1]
        if len(frame) == 3:
            frame[2].append(node)
        elif frame[4] is None:
            if type(node) is not Scalar or node.value is None or node.value in frame[3]:
                raise _Unusual
            frame[3].add(node.value)
            if not isinstance(node.value, str):  # keys are names, whatever YAML makes of `2024:`
                node = Scalar(node.line, node.col, node.text, node.text, node.quoted)
            frame[4] = node
        else:
            frame[2].append((frame[4], node))
            frame[4] = None
    if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
        raise _Unusual  # more than one document
    return node


_UNLIKE_THE_SUBSET = re.compile(
    "[\\t\\r\\\\\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff]"
)
"""Characters the line reader leaves to libyaml: tabs, other line breaks, escapes, control characters."""
_KEY_WORDS: dict[str, Value] = {word: value for word, value in _BOOL.items()} | {
    "null": None,
    "Null": None,
    "NULL": None,
}
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
_PLAIN_VALUE = re.compile(r"(\w[^:#\[\]{},\"'\\]*?)(?: +#.*| *)")
_FLOW_PLAIN = re.compile(r"\w[^:#\[\]{},\"'\\]*")
_AFTER_VALUE = re.compile(r" +#.*| *")
_MAX_LINE_DEPTH = 16


class _Lines:
    """Located nodes for documents in the plainest YAML, read line by line, without libyaml.

    What editors write is mostly this: block mappings of plain keys and block lists, values that are
    quoted on one line, plain words, or one-line lists in brackets. Anything else raises _Unusual and
    is left to libyaml (tabs, escapes, multi-line values, empty values, flow mappings, block scalars,
    anchors, tags, keys that are not plain names, document markers, deep nesting). The tests hold what
    is read here to what libyaml reads, position for position.
    """

    def __init__(self, text: str, line_offset: int) -> None:
        if _UNLIKE_THE_SUBSET.search(text):
            raise _Unusual
        self.first_line = 1 + line_offset
        self.lines: list[tuple[int, int, str]] = []
        for number, line in enumerate(text.split("\n")):
            content = line.lstrip(" ")
            if content and content[0] != "#":
                if content[0] in "-.%" and line[0] != " " and line.startswith(("---", "...", "%")):
                    raise _Unusual  # a document marker or a directive
                self.lines.append((number + self.first_line, len(line) - len(content), line))
        self.count = len(self.lines)

    def document(self) -> Node | None:
        if not self.lines:
            return None
        node, k = self.block(0, 0)
        if k != self.count:
            raise _Unusual
        return node

    def block(self, k: int, depth: int) -> tuple[Node, int]:
        _number, indent, line = self.lines[k]
        if line.startswith("- ", indent) or (len(line) == indent + 1 and line[indent] == "-"):
            return self.sequence(k, indent, False, depth)
        if _KEY.match(line, indent):
            return self.mapping(k, indent, depth)
        raise _Unusual

    def mapping(self, k: int, col: int, depth: int) -> tuple[Node, int]:
        if depth > _MAX_LINE_DEPTH:
            raise _Unusual
        lines, count = self.lines, self.count
        entries: list[tuple[Scalar, Node]] = []
        keys: set[Value] = set()
        start = lines[k][0]
        while True:
            number, _indent, line = lines[k]
            match = _KEY.match(line, col)
            if match is None:
                raise _Unusual
            name = match.group(1)
            resolved = _KEY_WORDS.get(name, name)  # such a name is text, null or a boolean
            if resolved is None or resolved in keys:
                raise _Unusual
            keys.add(resolved)
            key = Scalar(number, col + 1, name, name, False)
            at = match.end()
            if at == len(line) or line[at] == "#":  # the value is on the lines below
                k += 1
                if k == count:
                    raise _Unusual
                below = lines[k][1]
                if below > col:
                    value, k = self.block(k, depth + 1)
                elif (
                    below == col and (line := lines[k][2]).startswith("-", col) and line[col + 1 : col + 2] in (" ", "")
                ):
                    value, k = self.sequence(k, col, True, depth + 1)
                else:
                    raise _Unusual  # empty: null
            else:
                value = self.value(line, at, number)
                k += 1
            entries.append((key, value))
            if k == count:
                break
            below = lines[k][1]
            if below < col:
                break
            if below > col:
                raise _Unusual
        return Map(start, col + 1, tuple(entries)), k

    def sequence(self, k: int, col: int, indentless: bool, depth: int) -> tuple[Node, int]:
        if depth > _MAX_LINE_DEPTH:
            raise _Unusual
        lines, count = self.lines, self.count
        items: list[Node] = []
        start = lines[k][0]
        while True:
            number, _indent, line = lines[k]
            at = col + 1
            while at < len(line) and line[at] == " ":
                at += 1
            if at == col + 1 or at == len(line) or line[at] == "#" or line[at] == "-":
                raise _Unusual  # '-x', an empty item, or a list in a list
            if _KEY.match(line, at):
                item, k = self.mapping(k, at, depth + 1)
            else:
                item = self.value(line, at, number)
                k += 1
            items.append(item)
            if k == count:
                break
            below, line = lines[k][1], lines[k][2]
            if below < col:
                break
            if below > col:
                raise _Unusual
            if not (line.startswith("-", col) and line[col + 1 : col + 2] in (" ", "")):
                if indentless:
                    break
                raise _Unusual
        return Seq(start, col + 1, tuple(items)), k

    def value(self, line: str, at: int, number: int) -> Node:
        """A value written on one line, from column ``at``; the line must hold nothing after it but a comment."""
        char = line[at]
        if char == '"' or char == "'":
            end = line.find(char, at + 1)
            if end == -1 or line.startswith("'", end + 1) or not _AFTER_VALUE.fullmatch(line, end + 1):
                raise _Unusual
            text = line[at + 1 : end]
            return Scalar(number, at + 1, text, text, True)
        if char == "[":
            return self.flow(line, at, number)
        match = _PLAIN_VALUE.fullmatch(line, at)
        if match is None:
            raise _Unusual
        text = match.group(1)
        return Scalar(number, at + 1, _resolve_plain(text), text, False)

    def flow(self, line: str, at: int, number: int) -> Node:
        items: list[Node] = []
        end = len(line)
        pos = at + 1
        while pos < end and line[pos] == " ":
            pos += 1
        if pos < end and line[pos] == "]":
            pos += 1
        else:
            while True:
                if pos == end:
                    raise _Unusual
                char = line[pos]
                if char == '"' or char == "'":
                    close = line.find(char, pos + 1)
                    if close == -1 or line.startswith("'", close + 1):
                        raise _Unusual
                    text = line[pos + 1 : close]
                    items.append(Scalar(number, pos + 1, text, text, True))
                    pos = close + 1
                else:
                    match = _FLOW_PLAIN.match(line, pos)
                    if match is None:
                        raise _Unusual
                    text = match.group().rstrip(" ")
                    items.append(Scalar(number, pos + 1, _resolve_plain(text), text, False))
                    pos = match.end()
                while pos < end and line[pos] == " ":
                    pos += 1
                if pos == end:
                    raise _Unusual
                if line[pos] == "]":
                    pos += 1
                    break
                if line[pos] != ",":
                    raise _Unusual
                pos += 1
                while pos < end and line[pos] == " ":
                    pos += 1
                if pos < end and line[pos] == "]":
                    raise _Unusual  # a trailing comma
        if not _AFTER_VALUE.fullmatch(line, pos):
            raise _Unusual
        return Seq(number, at + 1, tuple(items))


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines):
        return ""
    line = lines[mark.line]
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
            if node.tag == _PLAIN:
                return Scalar(line, col, _resolve_plain(node.value), node.value, False)
            if node.tag not in (_QUOTED, _STR_TAG):
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
