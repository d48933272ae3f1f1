"""Located YAML nodes (every value with its line and column) and the YAML 1.2 core schema's scalar rules.

Shared by the careful reading in ``yamltext.py`` and the quicker ones in ``_yaml_fast.py``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from penjelas.core.messages import t

MAX_DEPTH = 32
"""Deeper nesting than any content file needs; also keeps libyaml's recursive composer safe."""

PLAIN_TAG = "penjelas:plain"
QUOTED_TAG = "penjelas:quoted"
STR_TAG = "tag:yaml.org,2002:str"

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
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
    """How a node reads to an editor, in the editor's language: 'text', 'a number', 'a list'...

    Said after "not" ("'tags' must be a list, not text") and after "as" ("YAML reads 1.10 as a number")."""
    if isinstance(node, Map):
        return t("a mapping (key: value pairs)")
    if isinstance(node, Seq):
        return t("a list")
    if isinstance(node, Refused):
        return t("a refused value")
    assert isinstance(node, Scalar)
    value = node.value
    if value is None:
        return t("empty")
    if isinstance(value, bool):
        return t("a true/false value")
    if isinstance(value, (int, float)):
        return t("a number")
    return t("text")


@functools.cache
def yaml_loaders() -> tuple[Any, Any]:
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
                return PLAIN_TAG if implicit[0] else QUOTED_TAG
            return str(super().resolve(kind, value, implicit))

    return base, _Loader


_MAYBE_NOT_TEXT = frozenset("~nNtTfF0123456789+-.")
"""The characters a plain scalar that is not text can start with (null, booleans, numbers); '' is null."""


def resolve_plain(text: str) -> Value:
    if text and text[0] not in _MAYBE_NOT_TEXT:
        return text
    if _NULL.match(text):
        return None
    if text in BOOLEANS:
        return BOOLEANS[text]
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


def curly_quotes_hint() -> str:
    """The hint for a value in curly quotes, in the editor's language."""
    return t('use straight quotes ("...") around the value, not curly ones (“...”) from a word processor')


_CURLY_OPEN = "“”„‘’‚«"


def curly_quoted(text: str) -> bool:
    """Whether ``text`` is wrapped in the curly quotes a word processor puts in, which YAML reads as text."""
    text = text.strip()
    return len(text) >= 2 and text[0] in _CURLY_OPEN and text[-1] in "“”‘’»"
