"""The quick check: a fast path beside ``Checker`` in schema.py for values that are plainly valid.

Nearly every value in a build is valid, and the full check pays for its care on each one: it asks the
spec and the node what they are at every level. The quick check is made once per spec, specialised to
it, and records nothing: for a valid value it returns exactly what ``Checker`` returns, for anything
else ``ASK``, and then the full check runs and says what is wrong.

That it gives the plain path's result is proved by ``tests/test_schema.py``
(``test_the_quick_check_agrees_with_the_full_check``: generated values of every field type, checked with
and without this module, give the same values and the same problems).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from penjelas.content.fields import (
    CONTROL,
    EMAIL,
    PLACEHOLDER,
    SLUG,
    URL,
    Bool,
    Date,
    Email,
    FieldType,
    Invalid,
    ListOf,
    Record,
    Ref,
    Slug,
    Text,
    Url,
    parse_date,
)
from penjelas.content.nodes import Map, Scalar, Seq

ASK = Invalid()
"""What a quick check returns when the value is not plainly valid: ``Checker._check`` must look at it."""
QuickCheck = Callable[[Any, dict[str, set[str]]], Any]
_QUICK_CHECKS: dict[int, tuple[FieldType, QuickCheck]] = {}


def quick_check(spec: FieldType) -> QuickCheck:
    """The quick check of ``spec``, made on first use and kept."""
    known = _QUICK_CHECKS.get(id(spec))
    if known is None:
        known = _QUICK_CHECKS[id(spec)] = (spec, _make(spec))  # the spec is kept: ids stay unique
    return known[1]


def _make(spec: FieldType) -> QuickCheck:
    if isinstance(spec, Record):
        return _record(spec)
    if isinstance(spec, ListOf):
        return _list_of(spec)
    if isinstance(spec, Bool):
        return lambda node, refs: node.value if type(node) is Scalar and type(node.value) is bool else ASK
    if isinstance(spec, Date):
        return _date(spec)
    if isinstance(spec, (Text, Slug, Url, Email, Ref)):
        return _text(spec)
    return lambda node, refs: ASK  # the sources registry: read once a build, by the full check


def _record(spec: Record) -> QuickCheck:
    fields = {f.name: quick_check(f.type) for f in spec.fields}
    required = [f.name for f in spec.fields if f.required]

    def record(node: Any, refs: dict[str, set[str]]) -> Any:
        if type(node) is not Map:
            return ASK
        values: dict[str, Any] = {}
        for key, value_node in node.entries:
            check = fields.get(key.value)  # type: ignore[arg-type]
            if check is None:
                return ASK
            value = check(value_node, refs)
            if value is ASK:
                return ASK
            values[key.value] = value  # type: ignore[index]
        for name in required:
            if name not in values:
                return ASK
        return values

    return record


def _list_of(spec: ListOf) -> QuickCheck:
    item_check, unique = quick_check(spec.item), spec.unique

    def list_of(node: Any, refs: dict[str, set[str]]) -> Any:
        if type(node) is not Seq:
            return ASK
        values = []
        for item in node.items:
            value = item_check(item, refs)
            if value is ASK:
                return ASK
            values.append(value)
        if unique and len(set(values)) != len(values):
            return ASK
        return tuple(values)

    return list_of


def _date(spec: Date) -> QuickCheck:
    day_only = spec.day_only

    def date(node: Any, refs: dict[str, set[str]]) -> Any:
        if type(node) is not Scalar:
            return ASK
        value = node.value
        if type(value) is str:
            if PLACEHOLDER in value:
                return ASK
            text = value
        elif type(value) is int and node.text.isdigit():
            text = node.text  # `date: 2024` is a year
        else:
            return ASK
        try:
            parsed = parse_date(text)
        except ValueError:
            return ASK
        return ASK if day_only and not parsed.day else parsed

    return date


def _text(spec: Text | Slug | Url | Email | Ref) -> QuickCheck:
    limit = spec.max_length if isinstance(spec, Text) else 2_000
    pattern = (
        SLUG if isinstance(spec, Slug) else URL if isinstance(spec, Url) else EMAIL if isinstance(spec, Email) else None
    )
    kind = spec.kind if isinstance(spec, Ref) else None

    def text(node: Any, refs: dict[str, set[str]]) -> Any:
        if type(node) is not Scalar or type(node.value) is not str or PLACEHOLDER in node.value:
            return ASK
        text = node.value.strip()
        if not text or len(text) > limit or CONTROL.search(text):
            return ASK
        if pattern is not None and not pattern.match(text):
            return ASK
        if kind is not None:
            known = refs.get(kind)
            if known is not None and text not in known:
                return ASK
        return text

    return text
