"""Time zones for publication times, read from the pinned tzdata package so every machine agrees."""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Jakarta"
"""Where a site's dates are meant, unless site.yaml says otherwise (WIB, UTC+7)."""


@functools.cache
def zone_names() -> frozenset[str]:
    """Every IANA zone name the tzdata package knows, e.g. 'Asia/Makassar'."""
    text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@functools.cache
def load_zone(name: str) -> ZoneInfo:
    """The zone called ``name``; KeyError for a name the tzdata package does not list.

    Read from the package rather than the system's zoneinfo, so the output does not depend on the machine.
    """
    if name not in zone_names():
        raise KeyError(name)
    path = resources.files("tzdata.zoneinfo").joinpath(*name.split("/"))
    with path.open("rb") as handle:
        return ZoneInfo.from_file(handle, key=name)


def start_of_day(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """Midnight at the start of ``day`` in ``zone``: a publication date as a moment."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone)


def timestamp(moment: dt.datetime) -> str:
    """RFC 3339 / ISO 8601 with the zone's offset, e.g. '2024-11-23T00:00:00+07:00'."""
    if moment.tzinfo is None:
        raise ValueError("a timestamp needs a time zone")
    return moment.isoformat(timespec="seconds")


ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
"""How Indonesian readers name their zones; elsewhere the zone's own abbreviation (tzdata's)."""


def abbreviation(zone: ZoneInfo, moment: dt.datetime) -> str:
    """The zone's short name at ``moment`` as readers know it: 'WIB', 'WITA', 'WIT', or e.g. 'CET'."""
    return ABBREVIATIONS.get(zone.key, "") or moment.astimezone(zone).tzname() or zone.key
