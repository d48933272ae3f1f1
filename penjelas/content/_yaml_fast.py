"""The quick readings of YAML: fast paths beside the careful one in ``yamltext.py``.

Most documents have nothing to report. The plainest (block mappings and lists of one-line values, as
editors write them) are read line by line without libyaml (``Lines``); the others in a single pass over
PyYAML's events (``compose_usual``). Either raises ``Unusual`` for anything it does not handle, and
``parse_yaml`` then reads the document the careful way, which gives every message its words and position.

That both give the careful reading's result (the same nodes, positions, problems and messages) is proved
by ``tests/test_yamltext.py``: ``test_the_one_pass_reading_agrees_with_the_careful_one_on_the_repository_content``
and ``test_the_one_pass_reading_agrees_with_the_careful_one_on_generated_documents``, which also hold the
line reader to the one-pass reading wherever it reads a document.
"""

from __future__ import annotations

import re
from typing import Any

from penjelas.content import nodes
from penjelas.content.nodes import BOOLEANS, MAX_DEPTH, Map, Node, Scalar, Seq, Value, resolve_plain


class Unusual(Exception):
    """The document needs the careful reading: it is malformed, or uses a feature that is refused or reported."""


def compose_usual(text: str, line_offset: int) -> Node | None:
    """Located nodes for a document with nothing to report, straight from one pass over the event stream.

    What editors write (mappings, lists, plain and quoted scalars) is read here at about a third of the cost
    of scanning and composing. Anything else raises Unusual, and ``parse_yaml`` reads the document again
    with ``_scan`` and ``_Builder``, which say what is wrong in the words, order and positions users know:
    malformed YAML, tags, anchors, aliases, keys that are not plain names or are used twice, more than one
    document, or deep nesting (refused here well before libyaml could be harmed by it).
    """
    import yaml

    try:
        parser = nodes.yaml_loaders()[0](text)
    except yaml.YAMLError:  # PyYAML's own reader checks the characters at once, libyaml's as it reads
        raise Unusual from None
    try:
        return _compose_events(parser.get_event, line_offset)
    except (yaml.YAMLError, RecursionError):
        raise Unusual from None
    finally:
        parser.dispose()


def _compose_events(get: Any, line_offset: int) -> Node | None:
    # One loop on purpose, a little over sixty lines: it runs once per YAML event of nearly every file, and
    # a function call per event would cost more than most of what the loop does with it.
    import yaml

    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    get()  # StreamStartEvent
    event = get()
    if type(event) is yaml.StreamEndEvent:
        return None
    if type(event) is not yaml.DocumentStartEvent:
        raise Unusual
    # One frame per open collection: [line, col, items] for a list; [line, col, entries, keys, key] for a
    # mapping, where ``key`` is the key waiting for its value.
    stack: list[list[Any]] = []
    node: Node
    while True:
        event = get()
        kind = type(event)
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None:
                raise Unusual
            mark = event.start_mark
            value = event.value
            if event.implicit[0]:
                node = Scalar(mark.line + 1 + line_offset, mark.column + 1, resolve_plain(value), value, False)
            else:
                node = Scalar(mark.line + 1 + line_offset, mark.column + 1, value, value, True)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH - 1:
                raise Unusual
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
            raise Unusual
        if not stack:
            break
        frame = stack[-1]
        if len(frame) == 3:
            frame[2].append(node)
        elif frame[4] is None:
            if type(node) is not Scalar or node.value is None or node.value in frame[3]:
                raise Unusual
            frame[3].add(node.value)
            if not isinstance(node.value, str):  # keys are names, whatever YAML makes of `2024:`
                node = Scalar(node.line, node.col, node.text, node.text, node.quoted)
            frame[4] = node
        else:
            frame[2].append((frame[4], node))
            frame[4] = None
    if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
        raise Unusual  # more than one document
    return node


_UNLIKE_THE_SUBSET = re.compile(
    "[\\t\\r\\\\\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff]"
)
"""Characters the line reader leaves to libyaml: tabs, other line breaks, escapes, control characters."""
_KEY_WORDS: dict[str, Value] = {word: value for word, value in BOOLEANS.items()} | {
    "null": None,
    "Null": None,
    "NULL": None,
}
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +|$)")
_PLAIN_VALUE = re.compile(r"(\w[^:#\[\]{},\"'\\]*?)(?: +#.*| *)")
_FLOW_PLAIN = re.compile(r"\w[^:#\[\]{},\"'\\]*")
_AFTER_VALUE = re.compile(r" +#.*| *")
_MAX_LINE_DEPTH = 16


class Lines:
    """Located nodes for documents in the plainest YAML, read line by line, without libyaml.

    What editors write is mostly this: block mappings of plain keys and block lists, values that are
    quoted on one line, plain words, or one-line lists in brackets. Anything else raises Unusual and
    is left to libyaml (tabs, escapes, multi-line values, empty values, flow mappings, block scalars,
    anchors, tags, keys that are not plain names, document markers, deep nesting). The tests hold what
    is read here to what libyaml reads, position for position.
    """

    def __init__(self, text: str, line_offset: int) -> None:
        if _UNLIKE_THE_SUBSET.search(text):
            raise Unusual
        self.first_line = 1 + line_offset
        self.lines: list[tuple[int, int, str]] = []
        for number, line in enumerate(text.split("\n")):
            content = line.lstrip(" ")
            if content and content[0] != "#":
                if content[0] in "-.%" and line[0] != " " and line.startswith(("---", "...", "%")):
                    raise Unusual  # a document marker or a directive
                self.lines.append((number + self.first_line, len(line) - len(content), line))
        self.count = len(self.lines)

    def document(self) -> Node | None:
        if not self.lines:
            return None
        node, k = self.block(0, 0)
        if k != self.count:
            raise Unusual
        return node

    def block(self, k: int, depth: int) -> tuple[Node, int]:
        _number, indent, line = self.lines[k]
        if line.startswith("- ", indent) or (len(line) == indent + 1 and line[indent] == "-"):
            return self.sequence(k, indent, False, depth)
        if _KEY.match(line, indent):
            return self.mapping(k, indent, depth)
        raise Unusual

    def mapping(self, k: int, col: int, depth: int) -> tuple[Node, int]:
        if depth > _MAX_LINE_DEPTH:
            raise Unusual
        lines, count = self.lines, self.count
        entries: list[tuple[Scalar, Node]] = []
        keys: set[Value] = set()
        start = lines[k][0]
        while True:
            number, _indent, line = lines[k]
            match = _KEY.match(line, col)
            if match is None:
                raise Unusual
            name = match.group(1)
            resolved = _KEY_WORDS.get(name, name)  # such a name is text, null or a boolean
            if resolved is None or resolved in keys:
                raise Unusual
            keys.add(resolved)
            key = Scalar(number, col + 1, name, name, False)
            at = match.end()
            if at == len(line) or line[at] == "#":  # the value is on the lines below
                k += 1
                if k == count:
                    raise Unusual
                below = lines[k][1]
                if below > col:
                    value, k = self.block(k, depth + 1)
                elif (
                    below == col and (line := lines[k][2]).startswith("-", col) and line[col + 1 : col + 2] in (" ", "")
                ):
                    value, k = self.sequence(k, col, True, depth + 1)
                else:
                    raise Unusual  # empty: null
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
                raise Unusual
        return Map(start, col + 1, tuple(entries)), k

    def sequence(self, k: int, col: int, indentless: bool, depth: int) -> tuple[Node, int]:
        if depth > _MAX_LINE_DEPTH:
            raise Unusual
        lines, count = self.lines, self.count
        items: list[Node] = []
        start = lines[k][0]
        while True:
            number, _indent, line = lines[k]
            at = col + 1
            while at < len(line) and line[at] == " ":
                at += 1
            if at == col + 1 or at == len(line) or line[at] == "#" or line[at] == "-":
                raise Unusual  # '-x', an empty item, or a list in a list
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
                raise Unusual
            if not (line.startswith("-", col) and line[col + 1 : col + 2] in (" ", "")):
                if indentless:
                    break
                raise Unusual
        return Seq(start, col + 1, tuple(items)), k

    def value(self, line: str, at: int, number: int) -> Node:
        """A value written on one line, from column ``at``; the line must hold nothing after it but a comment."""
        char = line[at]
        if char == '"' or char == "'":
            end = line.find(char, at + 1)
            if end == -1 or line.startswith("'", end + 1) or not _AFTER_VALUE.fullmatch(line, end + 1):
                raise Unusual
            text = line[at + 1 : end]
            return Scalar(number, at + 1, text, text, True)
        if char == "[":
            return self.flow(line, at, number)
        match = _PLAIN_VALUE.fullmatch(line, at)
        if match is None:
            raise Unusual
        text = match.group(1)
        return Scalar(number, at + 1, resolve_plain(text), text, False)

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
                    raise Unusual
                char = line[pos]
                if char == '"' or char == "'":
                    close = line.find(char, pos + 1)
                    if close == -1 or line.startswith("'", close + 1):
                        raise Unusual
                    text = line[pos + 1 : close]
                    items.append(Scalar(number, pos + 1, text, text, True))
                    pos = close + 1
                else:
                    match = _FLOW_PLAIN.match(line, pos)
                    if match is None:
                        raise Unusual
                    text = match.group().rstrip(" ")
                    items.append(Scalar(number, pos + 1, resolve_plain(text), text, False))
                    pos = match.end()
                while pos < end and line[pos] == " ":
                    pos += 1
                if pos == end:
                    raise Unusual
                if line[pos] == "]":
                    pos += 1
                    break
                if line[pos] != ",":
                    raise Unusual
                pos += 1
                while pos < end and line[pos] == " ":
                    pos += 1
                if pos < end and line[pos] == "]":
                    raise Unusual  # a trailing comma
        if not _AFTER_VALUE.fullmatch(line, pos):
            raise Unusual
        return Seq(number, at + 1, tuple(items))
