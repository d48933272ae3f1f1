"""Whether an explainer that failed its checks was meant to be published: read from its front matter's
lines alone, since the front matter may be what is broken.

An unfinished draft (or an explainer dated after the build day) must not stop the rest of the site from
building: its problems are held back as warnings (see ``loader.load_content``). To know that it is a
draft, the checks that failed cannot be relied on, so this reads the two keys that say so, ``draft:`` and
``date:``, written as the guide and ``make new`` write them, one per line at the front matter's top level.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from penjelas.content.model import HeldBack
from penjelas.content.reading import read_text
from penjelas.core.errors import ContentError, Problem

_FENCE = re.compile(r"---[ \t]*")
_COMMENT = r"(?:[ \t]+#.*)?"
_DRAFT = re.compile(rf"draft:[ \t]*(true|false|True|False|TRUE|FALSE){_COMMENT}[ \t]*")
_DATE = re.compile(rf"""date:[ \t]*(["']?)(\d{{4}})-(\d{{2}})-(\d{{2}})\1{_COMMENT}[ \t]*""")
_TITLE = re.compile(r"""title:[ \t]*(["']?)(.*?)\1[ \t]*""")


@dataclass(frozen=True)
class Intent:
    """What an index.md's front matter says about publishing, as far as its lines can be read."""

    draft: bool = False
    date: dt.date | None = None
    title: str = ""


def read_intent(text: str) -> Intent:
    """``draft``, ``date`` and ``title`` from the top-level lines of ``text``'s front matter (an unclosed front
    matter is read to the end); what cannot be read is left at its default."""
    lines = text.splitlines()
    if not lines or not _FENCE.fullmatch(lines[0]):
        return Intent()
    draft, date, title = False, None, ""
    for line in lines[1:]:
        if _FENCE.fullmatch(line):
            break
        if match := _DRAFT.fullmatch(line):
            draft = match.group(1).lower() == "true"
        elif match := _DATE.fullmatch(line):
            try:
                date = dt.date(int(match.group(2)), int(match.group(3)), int(match.group(4)))
            except ValueError:
                date = None
        elif match := _TITLE.fullmatch(line):
            title = match.group(2)
    return Intent(draft, date, title)


def held_back(slug: str, shown: str, text: str | None, problems: list[Problem], day: dt.date) -> HeldBack | None:
    """The explainer at ``shown`` (its folder as shown in messages) held back with ``problems`` as warnings,
    when its front matter says it is a draft or dated after ``day``; None when it is meant to be published
    (its problems are then errors, as for any published content)."""
    if text is None:
        return None
    intent = read_intent(text)
    scheduled = intent.date if intent.date is not None and intent.date > day else None
    if not intent.draft and scheduled is None:
        return None
    warnings = tuple(sorted({problem.as_warning() for problem in problems}))
    return HeldBack(slug, f"{shown}/index.md", intent.title or slug, None if intent.draft else scheduled, warnings)


def index_text(folder: Path, shown: str) -> str | None:
    """The text of a folder's index.md, read as safely as any content file; None when it cannot be read."""
    try:
        return read_text(folder / "index.md", f"{shown}/index.md")
    except ContentError:
        return None
