"""The front matter's ``updates``: an explainer's public record of what changed, when, and why.

The Dewan Pers guideline for online media (Pedoman Pemberitaan Media Siber, Peraturan Dewan Pers No.
1/Peraturan-DP/III/2012, §4) asks that a correction (koreksi), an erratum (ralat) or a right of reply (hak
jawab) be published with the article it concerns and carry the time it was published. Each entry here is
checked at its line: its kind, its date (not before the explainer's), a right of reply's ``by``, no two with
the same time and kind, and ``updated`` (when also given) equal to the latest entry's day.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from penjelas.content.model import UPDATE_KINDS, Update
from penjelas.content.nodes import Map, Node, Scalar, Seq
from penjelas.core.errors import Problem, suggest
from penjelas.core.messages import t

_WHEN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?\Z")


def parse_when(text: str) -> tuple[dt.date, dt.time | None]:
    """'2024-11-25' or '2024-11-25 14:30' as a day and a time; ValueError (in the editor's language) else."""
    match = _WHEN.match(text.strip())
    if match is None:
        raise ValueError(t("'{value}' is not a date in the form YYYY-MM-DD or YYYY-MM-DD HH:MM", value=text))
    year, month, day, hour, minute = match.groups()
    try:
        when = dt.date(int(year), int(month), int(day))
        time = dt.time(int(hour), int(minute)) if hour is not None else None
    except ValueError:
        raise ValueError(t("'{value}' is not a date or time that exists", value=text)) from None
    return when, time


def read_updates(
    node: Node | None, values: list[dict[str, Any]], published: dt.date | None, path: str
) -> tuple[tuple[Update, ...], list[Problem]]:
    """The entries of ``updates`` (``node``, with ``values`` as the schema's check gave them), oldest first,
    and the problems in them. ``published`` is the explainer's date, when it could be read."""
    problems: list[Problem] = []
    found: list[Update] = []
    seen: dict[tuple[dt.datetime, str], int] = {}
    items = node.items if isinstance(node, Seq) else ()
    for item, value in zip(items, values, strict=False):
        if not isinstance(item, Map) or not isinstance(value, dict):
            continue  # the schema's check reports it
        date_node, kind_node = item.get("date"), item.get("kind")
        at = date_node if date_node is not None else item
        try:
            day, time = parse_when(str(value["date"]))
        except ValueError as exc:
            problems.append(Problem(path, at.line, at.col, str(exc), t("for example 2024-11-25 or 2024-11-25 14:30")))
            continue
        kind = value["kind"]
        if kind not in UPDATE_KINDS:
            where = kind_node if kind_node is not None else item
            hint = suggest(kind, UPDATE_KINDS) or t("use one of: {kinds}", kinds=", ".join(UPDATE_KINDS))
            problems.append(
                Problem(path, where.line, where.col, t("'{kind}' is not a kind of update", kind=kind), hint)
            )
            continue
        if kind == "hak-jawab" and not value.get("by"):
            problems.append(
                Problem(
                    path,
                    item.line,
                    item.col,
                    t("a right of reply (hak-jawab) needs 'by'"),
                    t("add by: with the name of who answered"),
                )
            )
        if published is not None and day < published:
            problems.append(
                Problem(
                    path,
                    at.line,
                    at.col,
                    t(
                        "this update ({value}) is dated before the explainer ({date})",
                        value=day.isoformat(),
                        date=published.isoformat(),
                    ),
                    t("check the year and the month"),
                )
            )
        update = Update(day, time, kind, value["text"], value.get("by"))
        key = (update.moment, kind)
        if key in seen:
            problems.append(
                Problem(
                    path,
                    at.line,
                    at.col,
                    t("this update repeats the one at line {line} (same time and kind)", line=seen[key]),
                    t("remove one of them, or give each its own time"),
                )
            )
        seen.setdefault(key, at.line)
        found.append(update)
    return tuple(sorted(found, key=lambda u: u.moment)), problems


def check_updated(
    updated_node: Node | None, updated: dt.date | None, updates: tuple[Update, ...], path: str
) -> list[Problem]:
    """``updated``, where given beside ``updates``, must be the latest entry's day (or be left out)."""
    if not updates or updated is None or updated_node is None:
        return []
    latest = updates[-1].day
    if updated == latest:
        return []
    written = updated_node.text if isinstance(updated_node, Scalar) else updated.isoformat()
    return [
        Problem(
            path,
            updated_node.line,
            updated_node.col,
            t(
                "'updated' ({value}) is not the day of the latest entry in 'updates' ({latest})",
                value=written,
                latest=latest.isoformat(),
            ),
            t("remove 'updated': with 'updates' the latest entry's date is shown"),
        )
    ]
