"""The field types of the editor's contract: what a value in a content file may be.

``model.py`` describes every content file with these; ``schema.py`` checks located YAML against them, and
``json_schema.py`` turns them into JSON Schemas for editors' tools.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from penjelas.core.dates import PartialDate, parse_partial_date
from penjelas.core.messages import t

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
"""A whole slug: ``\\Z``, not ``$``, which would also accept a trailing newline (a legal file name character)."""
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
URL = re.compile(r"^(https?)://[^\s/?#]+[^\s]*$", re.IGNORECASE)
EMAIL = re.compile(r'^[^@\s<>(),;:"\[\]]+@[^@\s<>(),;:"\[\].]+(\.[^@\s<>(),;:"\[\].]+)+$')
"""Roughly an email address: one '@', no spaces or brackets, a dot in the domain. Written for Python's re and
JavaScript alike (the JSON Schemas use it too); checked on stripped text, so '$' cannot pass a newline."""

PLACEHOLDER = "TODO:"
"""Marks text an editor has yet to write (``build.py new`` fills new files with it): never published."""


def placeholder_hint() -> str:
    """The hint for text still holding the placeholder, in the editor's language."""
    return t("replace the placeholder with the real text")


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
class Email:
    """An email address, checked roughly (``EMAIL``)."""

    description: str = ""


@dataclass(frozen=True)
class Ref:
    """The id of something defined elsewhere: a source, an author, or another explainer."""

    kind: str
    """'source', 'author' or 'explainer'."""
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


FieldType = Text | Bool | Date | Slug | Url | Email | Ref | ListOf | Record | MapOf


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> PartialDate:
    """``parse_partial_date``, remembered: the same few thousand dates recur across a newsroom's explainers."""
    return parse_partial_date(text)
