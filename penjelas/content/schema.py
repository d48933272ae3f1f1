"""Checking located YAML against the field types (``fields.py``), saying what is wrong and where.

The field specs in ``model.py`` are the one description of the editor's contract: the validator here
reads them, and so can anything that needs to describe the format (such as JSON Schemas). Plainly
valid values take the quick check (``_schema_fast.py``), which gives the same result for less.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from penjelas.content._schema_fast import ASK, quick_check
from penjelas.content.fields import (
    CONTROL,
    EMAIL,
    INVALID,
    PLACEHOLDER,
    SLUG,
    URL,
    Bool,
    Date,
    Email,
    FieldType,
    ListOf,
    MapOf,
    Record,
    Ref,
    Slug,
    Text,
    Url,
    placeholder_hint,
)
from penjelas.content.nodes import Map, Node, Refused, Scalar, Seq, curly_quoted, curly_quotes_hint, kind_of
from penjelas.core.dates import PartialDate, parse_partial_date, suggestion_hint
from penjelas.core.errors import Problem, suggest
from penjelas.core.messages import t


@dataclass
class Checker:
    """Checks nodes against field types for one file, collecting problems."""

    path: str
    problems: list[Problem]
    refs: dict[str, set[str]] = field(default_factory=dict)
    """Known ids per Ref kind; a kind absent here is not checked."""

    def problem(self, node: Node, message: str, hint: str = "") -> None:
        """Record a problem at a node's position.

        A value in curly quotes is wrong because of them, whatever else is said: the hint says so.
        """
        if isinstance(node, Scalar) and not node.quoted and curly_quoted(node.text):
            hint = curly_quotes_hint()
        self.problems.append(Problem(self.path, node.line, node.col, message, hint))

    def check(self, node: Node | None, spec: FieldType, name: str) -> Any:
        """The checked value of ``node``, or INVALID after recording why."""
        value = quick_check(spec)(node, self.refs)
        if value is not ASK:
            return value
        return self._check(node, spec, name)

    def _check(self, node: Node | None, spec: FieldType, name: str) -> Any:
        """``check`` for any value: says what is wrong, where."""
        if isinstance(node, Refused):  # its problem is already recorded
            return INVALID
        if node is None or (isinstance(node, Scalar) and node.value is None and not isinstance(spec, Text)):
            return INVALID if node is None else self._empty(node, name)
        if isinstance(node, Scalar) and isinstance(node.value, str) and PLACEHOLDER in node.value:
            self.problem(
                node,
                t("'{name}' still holds the placeholder '{text}'", name=name, text=shorten(node.value)),
                placeholder_hint(),
            )
            return INVALID
        if isinstance(spec, Record):
            return self._record(node, spec, name)
        if isinstance(spec, MapOf):
            return self._map_of(node, spec, name)
        if isinstance(spec, ListOf):
            return self._list(node, spec, name)
        if not isinstance(node, Scalar):
            self.problem(node, _not_a_scalar(spec, name, kind_of(node)))
            return INVALID
        if isinstance(spec, Bool):
            if isinstance(node.value, bool):
                return node.value
            self.problem(
                node,
                t("'{name}' must be true or false, not '{text}'", name=name, text=node.text),
                t("write true or false"),
            )
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
                    t(
                        "'{text}' is not a valid {name}: use lowercase letters, digits and single hyphens",
                        text=text,
                        name=name,
                    ),
                    t("for example '{example}'", example=slugify(text) or "nama-topik"),
                )
                return INVALID
        elif isinstance(spec, Url):
            if not URL.match(text) or CONTROL.search(text):
                self.problem(
                    node,
                    t(
                        "'{name}' must be a web address starting with https:// or http://, not '{text}'",
                        name=name,
                        text=text,
                    ),
                )
                return INVALID
        elif isinstance(spec, Email):
            if not EMAIL.match(text):
                self.problem(
                    node,
                    t(
                        "'{name}' must be an email address like 'redaksi@example.id', not '{text}'",
                        name=name,
                        text=text,
                    ),
                )
                return INVALID
        elif isinstance(spec, Ref):
            known = self.refs.get(spec.kind)
            if known is not None and text not in known:
                message, fallback = _unknown(spec.kind, text)
                self.problem(node, message, suggest(text, known) or fallback)
                return INVALID
        return text

    def _empty(self, node: Node, name: str) -> Any:
        self.problem(node, t("'{name}' is empty", name=name), t("give it a value or remove the line"))
        return INVALID

    def _text(self, node: Scalar, name: str, spec: FieldType) -> Any:
        value = node.value
        if value is None:
            self.problem(node, t("'{name}' is empty", name=name), t("give it a value or remove the line"))
            return INVALID
        if not isinstance(value, str):
            self.problem(
                node,
                t(
                    "'{name}' must be text, but YAML reads {text} as {kind}",
                    name=name,
                    text=node.text,
                    kind=kind_of(node),
                ),
                t('put it in quotes: "{text}"', text=node.text),
            )
            return INVALID
        text = value.strip()
        if not text:
            self.problem(node, t("'{name}' is empty", name=name), t("give it a value or remove the line"))
            return INVALID
        if CONTROL.search(text):
            self.problem(node, t("'{name}' contains a control character", name=name), t("retype the text"))
            return INVALID
        limit = spec.max_length if isinstance(spec, Text) else 2_000
        if len(text) > limit:
            self.problem(
                node,
                t(
                    "'{name}' is {length} characters long; the limit is {limit}",
                    name=name,
                    length=len(text),
                    limit=limit,
                ),
            )
            return INVALID
        return text

    def _date(self, node: Scalar, spec: Date, name: str) -> Any:
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool) and node.text.isdigit():
            text = node.text  # `date: 2024` is a year
        elif isinstance(value, str):
            text = value
        else:
            self.problem(node, t("'{name}' must be a date like 2024-06-19, not '{text}'", name=name, text=node.text))
            return INVALID
        try:
            parsed: PartialDate = parse_partial_date(text)
        except ValueError as exc:  # its reason is in the editor's language
            self.problem(node, f"'{name}': {exc}", suggestion_hint(text))
            return INVALID
        if spec.day_only and parsed.precision != "day":
            self.problem(node, t("'{name}' must be a full date (YYYY-MM-DD), not '{text}'", name=name, text=text))
            return INVALID
        return parsed

    def _list(self, node: Node, spec: ListOf, name: str) -> Any:
        if not isinstance(node, Seq):
            self.problem(
                node,
                t("'{name}' must be a list, not {kind}", name=name, kind=kind_of(node)),
                _list_hint(node, spec, name),
            )
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
                    self.problem(
                        item,
                        t(
                            "'{value}' is listed twice in '{name}' (first on line {line})",
                            value=value,
                            name=name,
                            line=seen[value],
                        ),
                    )
                    ok = False
                    continue
                seen[value] = item.line
            values.append(value)
        return tuple(values) if ok else INVALID

    def _record(self, node: Node, spec: Record, name: str) -> Any:
        if not isinstance(node, Map):
            self.problem(
                node,
                t("{what} must be a mapping of 'key: value' lines, not {kind}", what=_called(spec), kind=kind_of(node)),
            )
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
                hint = (
                    t("did you mean '{name}'?", name=near[0])
                    if near
                    else t("allowed: {keys}", keys=", ".join(spec.names()))
                )
                self.problem(key, t("unknown key '{key}' in {what}", key=key.value, what=_called(spec)), hint)
                ok = False
                continue
            value = self.check(value_node, spec_field.type, key.value)
            if value is INVALID:
                ok = False
            values[key.value] = value
        for spec_field in spec.fields:
            # a misspelt key already has its message ("did you mean ...?"); saying it is missing too is noise
            if spec_field.required and spec_field.name not in values and spec_field.name not in misspelt:
                self.problem(
                    node, t("{what} is missing the required key '{key}'", what=_called(spec), key=spec_field.name)
                )
                ok = False
        return values if ok else INVALID

    def _map_of(self, node: Node, spec: MapOf, name: str) -> Any:
        if not isinstance(node, Map):
            self.problem(node, t("{name} must be a mapping of ids, not {kind}", name=name, kind=kind_of(node)))
            return INVALID
        values: dict[str, Any] = {}
        ok = True
        for key, value_node in node.entries:
            key_text = str(key.value)
            if not SLUG.match(key_text):
                self.problem(
                    key,
                    t("'{id}' is not a valid id: use lowercase letters, digits and single hyphens", id=key_text),
                    t("for example '{example}'", example=slugify(key_text) or "nama-sumber"),
                )
                ok = False
                continue
            value = self.check(value_node, spec.value, key_text)
            if value is INVALID:
                ok = False
                continue
            values[key_text] = value
        return values if ok else INVALID


def _list_hint(node: Node, spec: ListOf, name: str) -> str:
    """How to write as a list what was written as text: one item per line, as the editors' guide shows."""
    if isinstance(spec.item, Record):
        return t("write it as a list of items starting with '- '")
    if isinstance(node, Scalar) and isinstance(node.value, str) and node.value.strip():
        items = [f"'  - \"{part.strip()}\"'" for part in node.value.split(",") if part.strip()][:3]
        if len(items) == 1:
            return t("write each item on its own line below '{name}:', as {first}", name=name, first=items[0])
        if len(items) == 2:
            return t(
                "write each item on its own line below '{name}:', as {first} and {second}",
                name=name,
                first=items[0],
                second=items[1],
            )
        return t(
            "write each item on its own line below '{name}:', as {first} and {second} and {third}",
            name=name,
            first=items[0],
            second=items[1],
            third=items[2],
        )
    return t("write it as [a, b]")


def _not_a_scalar(spec: FieldType, name: str, kind: str) -> str:
    """The message for a list or a mapping where a single value belongs."""
    if isinstance(spec, Bool):
        return t("'{name}' must be true or false, not {kind}", name=name, kind=kind)
    if isinstance(spec, Date):
        return t("'{name}' must be a date, not {kind}", name=name, kind=kind)
    return t("'{name}' must be text, not {kind}", name=name, kind=kind)


def _unknown(kind: str, text: str) -> tuple[str, str]:
    """The message for an id that names nothing known, and the hint to give when no known id is close."""
    if kind == "source":
        return t("unknown source '{id}'", id=text), t("define it in content/sources.yaml first")
    if kind == "author":
        return t("unknown author '{id}'", id=text), t("define it in content/authors.yaml first")
    return (
        t("unknown explainer '{id}'", id=text),
        t("use the folder name of an explainer under content/explainers/"),
    )


def _called(spec: Record) -> str:
    """What a record is called in a message ("unknown key 'x' in a fact"), in the editor's language.

    Its title in model.py is English; each has its own id here, as Indonesian names them without an
    article ('fakta', 'peristiwa linimasa'), which reads at the start of a sentence and after 'di' alike."""
    called = {
        "a source": t("a source"),
        "an author": t("an author"),
        "a read_also link": t("a read_also link"),
        "the front matter": t("the front matter"),
        "a timeline event": t("a timeline event"),
        "a fact": t("a fact"),
        "a picture": t("a picture"),
        "an update": t("an update"),
        "a withdrawal": t("a withdrawal"),
    }
    return called.get(spec.title, spec.title)  # a file name ('site.yaml') stays as it is


def shorten(text: str, limit: int = 60) -> str:
    """The first line of ``text``, cut to ``limit`` characters, for quoting in a message."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit and line == text.strip() else line[: limit - 1].rstrip() + "…"


def slugify(text: str) -> str:
    """A URL slug from any text: accents folded, lowercase, hyphens between words."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", folded.lower()))
