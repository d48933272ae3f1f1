"""The content model's field types, and checking located YAML against them.

The field specs in ``model.py`` are the one description of the editor's contract: the validator here
reads them, and so can anything that needs to describe the format (such as JSON Schemas).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from penjelas.content.yamltext import Map, Node, Refused, Scalar, Seq, kind_of
from penjelas.core.dates import PartialDate, parse_partial_date
from penjelas.core.errors import Problem, suggest

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""A whole slug: ``\\Z``, not ``$``, which would also accept a trailing newline (a legal file name character)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_URL = re.compile(r"^(https?)://[^\s/?#]+[^\s]*$", re.IGNORECASE)

PLACEHOLDER = "TODO:"
"""Marks text an editor has yet to write (``build.py new`` fills new files with it): never published."""
PLACEHOLDER_HINT = "replace the placeholder with the real text"


class Invalid:
    """Marks a value that failed its check (the problem is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = Invalid()


@dataclass(frozen=True)
class Text:
    """A line or paragraph of text; with ``markdown``, Markdown source."""

    markdown: bool = False
    max_length: int = 20_000
    description: str = ""


@dataclass(frozen=True)
class Bool:
    description: str = ""


@dataclass(frozen=True)
class Date:
    """A date; ``day_only`` demands a full YYYY-MM-DD (a publication date)."""

    day_only: bool = False
    description: str = ""


@dataclass(frozen=True)
class Slug:
    """A name in a URL: lowercase letters, digits and single hyphens."""

    description: str = ""


@dataclass(frozen=True)
class Url:
    """An absolute http(s) URL."""

    description: str = ""


@dataclass(frozen=True)
class Ref:
    """The id of something defined elsewhere: a source, or another explainer."""

    kind: str
    """'source' or 'explainer'."""
    description: str = ""


@dataclass(frozen=True)
class ListOf:
    item: FieldType
    unique: bool = False
    description: str = ""


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Record:
    """A mapping with known keys; any other key is an error."""

    title: str
    fields: tuple[Field, ...]
    description: str = ""

    def names(self) -> list[str]:
        """The allowed keys, in the documented order."""
        return [f.name for f in self.fields]


@dataclass(frozen=True)
class MapOf:
    """A mapping from slug-shaped ids to records (the sources registry)."""

    value: Record
    description: str = ""


FieldType = Text | Bool | Date | Slug | Url | Ref | ListOf | Record | MapOf


_REF_HINTS = {
    "source": "define it in content/sources.yaml first",
    "explainer": "use the folder name of an explainer under content/explainers/",
}


@dataclass
class Checker:
    """Checks nodes against field types for one file, collecting problems."""

    path: str
    problems: list[Problem]
    refs: dict[str, set[str]] = field(default_factory=dict)
    """Known ids per Ref kind; a kind absent here is not checked."""

    def problem(self, node: Node, message: str, hint: str = "") -> None:
        """Record a problem at a node's position."""
        self.problems.append(Problem(self.path, node.line, node.col, message, hint))

    def check(self, node: Node | None, spec: FieldType, name: str) -> Any:
        """The checked value of ``node``, or INVALID after recording why."""
        value = _quick_check(spec)(node, self.refs)
        if value is not _ASK:
            return value
        return self._check(node, spec, name)

    def _check(self, node: Node | None, spec: FieldType, name: str) -> Any:
        """``check`` for any value: says what is wrong, where."""
        if isinstance(node, Refused):  # its problem is already recorded
            return INVALID
        if node is None or (isinstance(node, Scalar) and node.value is None and not isinstance(spec, Text)):
            return INVALID if node is None else self._empty(node, name)
        if isinstance(node, Scalar) and isinstance(node.value, str) and PLACEHOLDER in node.value:
            self.problem(node, f"'{name}' still holds the placeholder '{shorten(node.value)}'", PLACEHOLDER_HINT)
            return INVALID
        if isinstance(spec, Record):
            return self._record(node, spec, name)
        if isinstance(spec, MapOf):
            return self._map_of(node, spec, name)
        if isinstance(spec, ListOf):
            return self._list(node, spec, name)
        if not isinstance(node, Scalar):
            self.problem(node, f"'{name}' must be {_expected(spec)}, not {kind_of(node)}")
            return INVALID
        if isinstance(spec, Bool):
            if isinstance(node.value, bool):
                return node.value
            self.problem(node, f"'{name}' must be true or false, not '{node.text}'", "write true or false")
            return INVALID
        if isinstance(spec, Date):
            return self._date(node, spec, name)
        text = self._text(node, name, spec)
        if text is INVALID:
            return INVALID
        if isinstance(spec, Slug):
            if not SLUG.match(text):
                self.problem(
                    node,
                    f"'{text}' is not a valid {name}: use lowercase letters, digits and single hyphens",
                    f"for example '{slugify(text) or 'nama-topik'}'",
                )
                return INVALID
        elif isinstance(spec, Url):
            if not _URL.match(text) or _CONTROL.search(text):
                self.problem(node, f"'{name}' must be a web address starting with https:// or http://, not '{text}'")
                return INVALID
        elif isinstance(spec, Ref):
            known = self.refs.get(spec.kind)
            if known is not None and text not in known:
                hint = suggest(text, known) or _REF_HINTS.get(spec.kind, "")
                self.problem(node, f"unknown {spec.kind} '{text}'", hint)
                return INVALID
        return text

    def _empty(self, node: Node, name: str) -> Any:
        self.problem(node, f"'{name}' is empty", "give it a value or remove the line")
        return INVALID

    def _text(self, node: Scalar, name: str, spec: FieldType) -> Any:
        value = node.value
        if value is None:
            self.problem(node, f"'{name}' is empty", "give it a value or remove the line")
            return INVALID
        if not isinstance(value, str):
            self.problem(
                node,
                f"'{name}' must be text, but YAML reads {node.text} as {kind_of(node)}",
                f'put it in quotes: "{node.text}"',
            )
            return INVALID
        text = value.strip()
        if not text:
            self.problem(node, f"'{name}' is empty", "give it a value or remove the line")
            return INVALID
        if _CONTROL.search(text):
            self.problem(node, f"'{name}' contains a control character", "retype the text")
            return INVALID
        limit = spec.max_length if isinstance(spec, Text) else 2_000
        if len(text) > limit:
            self.problem(node, f"'{name}' is {len(text)} characters long; the limit is {limit}")
            return INVALID
        return text

    def _date(self, node: Scalar, spec: Date, name: str) -> Any:
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool) and node.text.isdigit():
            text = node.text  # `date: 2024` is a year
        elif isinstance(value, str):
            text = value
        else:
            self.problem(node, f"'{name}' must be a date like 2024-06-19, not '{node.text}'")
            return INVALID
        try:
            parsed: PartialDate = parse_partial_date(text)
        except ValueError as exc:
            self.problem(node, f"'{name}': {exc}")
            return INVALID
        if spec.day_only and parsed.precision != "day":
            self.problem(node, f"'{name}' must be a full date (YYYY-MM-DD), not '{text}'")
            return INVALID
        return parsed

    def _list(self, node: Node, spec: ListOf, name: str) -> Any:
        if not isinstance(node, Seq):
            example = "[a, b]" if not isinstance(spec.item, Record) else "a list of items starting with '- '"
            self.problem(node, f"'{name}' must be a list, not {kind_of(node)}", f"write it as {example}")
            return INVALID
        values = []
        seen: dict[Any, int] = {}
        ok = True
        for item in node.items:
            value = self.check(item, spec.item, name)
            if value is INVALID:
                ok = False
                continue
            if spec.unique:
                if value in seen:
                    self.problem(item, f"'{value}' is listed twice in '{name}' (first on line {seen[value]})")
                    ok = False
                    continue
                seen[value] = item.line
            values.append(value)
        return tuple(values) if ok else INVALID

    def _record(self, node: Node, spec: Record, name: str) -> Any:
        if not isinstance(node, Map):
            self.problem(node, f"{spec.title} must be a mapping of 'key: value' lines, not {kind_of(node)}")
            return INVALID
        allowed = {f.name: f for f in spec.fields}
        values: dict[str, Any] = {}
        misspelt: set[str] = set()
        ok = True
        for key, value_node in node.entries:
            assert isinstance(key.value, str)
            spec_field = allowed.get(key.value)
            if spec_field is None:
                near = difflib.get_close_matches(key.value, list(allowed), n=1, cutoff=0.6)
                misspelt.update(near)
                hint = f"did you mean '{near[0]}'?" if near else "allowed: " + ", ".join(spec.names())
                self.problem(key, f"unknown key '{key.value}' in {spec.title}", hint)
                ok = False
                continue
            value = self.check(value_node, spec_field.type, key.value)
            if value is INVALID:
                ok = False
            values[key.value] = value
        for spec_field in spec.fields:
            # a misspelt key already has its message ("did you mean ...?"); saying it is missing too is noise
            if spec_field.required and spec_field.name not in values and spec_field.name not in misspelt:
                self.problem(node, f"{spec.title} is missing the required key '{spec_field.name}'")
                ok = False
        return values if ok else INVALID

    def _map_of(self, node: Node, spec: MapOf, name: str) -> Any:
        if not isinstance(node, Map):
            self.problem(node, f"{name} must be a mapping of ids, not {kind_of(node)}")
            return INVALID
        values: dict[str, Any] = {}
        ok = True
        for key, value_node in node.entries:
            key_text = str(key.value)
            if not SLUG.match(key_text):
                self.problem(
                    key,
                    f"'{key_text}' is not a valid id: use lowercase letters, digits and single hyphens",
                    f"for example '{slugify(key_text) or 'nama-sumber'}'",
                )
                ok = False
                continue
            value = self.check(value_node, spec.value, key_text)
            if value is INVALID:
                ok = False
                continue
            values[key_text] = value
        return values if ok else INVALID


_ASK = Invalid()
"""What a quick check returns when the value is not plainly valid: ``Checker._check`` must look at it."""
QuickCheck = Callable[[Any, dict[str, set[str]]], Any]
_QUICK_CHECKS: dict[int, tuple[FieldType, QuickCheck]] = {}


def _quick_check(spec: FieldType) -> QuickCheck:
    """A check of ``spec`` for values that are plainly valid, made once per spec.

    Nearly every value in a build is valid, and the full check pays for its care on each one: it asks
    the spec and the node what they are at every level. The quick check is specialised to the spec, and
    records nothing: for a valid value it returns exactly what ``Checker._check`` returns, and for
    anything else ``_ASK``, so that the full check runs and says what is wrong.
    """
    known = _QUICK_CHECKS.get(id(spec))
    if known is None:
        known = _QUICK_CHECKS[id(spec)] = (spec, _make_quick_check(spec))  # the spec is kept: ids stay unique
    return known[1]


def _make_quick_check(spec: FieldType) -> QuickCheck:
    if isinstance(spec, Record):
        fields = {f.name: _quick_check(f.type) for f in spec.fields}
        required = [f.name for f in spec.fields if f.required]

        def record(node: Any, refs: dict[str, set[str]]) -> Any:
            if type(node) is not Map:
                return _ASK
            values: dict[str, Any] = {}
            for key, value_node in node.entries:
                check = fields.get(key.value)  # type: ignore[arg-type]
                if check is None:
                    return _ASK
                value = check(value_node, refs)
                if value is _ASK:
                    return _ASK
                values[key.value] = value  # type: ignore[index]
            for name in required:
                if name not in values:
                    return _ASK
            return values

        return record
    if isinstance(spec, ListOf):
        item_check, unique = _quick_check(spec.item), spec.unique

        def list_of(node: Any, refs: dict[str, set[str]]) -> Any:
            if type(node) is not Seq:
                return _ASK
            values = []
            for item in node.items:
                value = item_check(item, refs)
                if value is _ASK:
                    return _ASK
                values.append(value)
            if unique and len(set(values)) != len(values):
                return _ASK
            return tuple(values)

        return list_of
    if isinstance(spec, Bool):
        return lambda node, refs: node.value if type(node) is Scalar and type(node.value) is bool else _ASK
    if isinstance(spec, Date):
        day_only = spec.day_only

        def date(node: Any, refs: dict[str, set[str]]) -> Any:
            if type(node) is not Scalar:
                return _ASK
            value = node.value
            if type(value) is str:
                if PLACEHOLDER in value:
                    return _ASK
                text = value
            elif type(value) is int and node.text.isdigit():
                text = node.text  # `date: 2024` is a year
            else:
                return _ASK
            try:
                parsed = _parse_date(text)
            except ValueError:
                return _ASK
            return _ASK if day_only and not parsed.day else parsed

        return date
    if isinstance(spec, (Text, Slug, Url, Ref)):
        limit = spec.max_length if isinstance(spec, Text) else 2_000
        pattern = SLUG if isinstance(spec, Slug) else _URL if isinstance(spec, Url) else None
        kind = spec.kind if isinstance(spec, Ref) else None

        def text(node: Any, refs: dict[str, set[str]]) -> Any:
            if type(node) is not Scalar or type(node.value) is not str or PLACEHOLDER in node.value:
                return _ASK
            text = node.value.strip()
            if not text or len(text) > limit or _CONTROL.search(text):
                return _ASK
            if pattern is not None and not pattern.match(text):
                return _ASK
            if kind is not None:
                known = refs.get(kind)
                if known is not None and text not in known:
                    return _ASK
            return text

        return text
    return lambda node, refs: _ASK  # the sources registry: read once a build, by the full check


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str) -> PartialDate:
    """``parse_partial_date``, remembered: the same few thousand dates recur across a newsroom's explainers."""
    return parse_partial_date(text)


def _expected(spec: FieldType) -> str:
    if isinstance(spec, Bool):
        return "true or false"
    if isinstance(spec, Date):
        return "a date"
    return "text"


def shorten(text: str, limit: int = 60) -> str:
    """The first line of ``text``, cut to ``limit`` characters, for quoting in a message."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit and line == text.strip() else line[: limit - 1].rstrip() + "…"


def slugify(text: str) -> str:
    """A URL slug from any text: accents folded, lowercase, hyphens between words."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", folded.lower()))
