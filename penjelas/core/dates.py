"""Dates at the precision an editor states them, and how they read in the site's language (CLDR)."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date, get_month_names

from penjelas.core.clock import today
from penjelas.core.messages import language, t

__all__ = [
    "DatePart",
    "DateSpan",
    "PartialDate",
    "format_day",
    "format_partial",
    "format_span",
    "parse_partial_date",
    "today",
]

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int = 0
    """1-12, or 0 when only the year is known."""
    day: int = 0
    """1-31, or 0 when the day is not known."""

    @property
    def precision(self) -> str:
        """'year', 'month' or 'day'."""
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """The form used in ``<time datetime>``: '2024', '2024-06' or '2024-06-19'."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> dt.date:
        """The earliest day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest day this date can mean."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


def parse_partial_date(text: str) -> PartialDate:
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; ValueError with a reader-friendly reason otherwise, in the
    editor's language."""
    match = _PARTIAL.match(text.strip())
    if not match:
        raise ValueError(t("'{text}' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD", text=text))
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if year < 1:
        raise ValueError(t("'{text}' has no year 0", text=text))
    if match.group(2) and not 1 <= month <= 12:
        raise ValueError(t("'{text}' is not a real date: there is no month {month}", text=text, month=month))
    if match.group(3):
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(
                t(
                    "'{text}' is not a real date: {month} {year} has {days} days",
                    text=text,
                    month=month_name(month),
                    year=year,
                    days=last,
                )
            )
    return PartialDate(year, month, day)


def month_name(month: int) -> str:
    """The name of ``month`` (1-12) in the editor's language, from CLDR: 'Februari', or 'February'."""
    return str(get_month_names("wide", locale=language())[month])


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "aug", "agu", "agt", "ags"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}
_NUMBERS = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\.?\s+)?([a-zA-Z]+)\.?,?\s+(\d{4})$")


def iso_suggestion(text: str) -> str:
    """The date an editor most likely meant, written as YYYY-MM-DD (or YYYY-MM); '' if none is clear.
    ``suggestion_hint`` says it to the editor.

    '2024-7-1' is 2024-07-01; '21 November 2024', '21 Nov 2024' and 'November 2024' are understood in
    Indonesian and English; '21/11/2024' and '21-11-2024' are read day first, as Indonesia writes them.
    """
    text = text.strip()
    day: str | None
    if match := _NUMBERS.match(text):
        year, month, day = match.groups()
    elif match := _DAY_MONTH_YEAR.match(text):
        day, month, year = match.groups()
    elif (match := _WORDS.match(text)) and match.group(2).lower() in _MONTHS:
        day, name, year = match.groups()
        month = str(_MONTHS[name.lower()])
    else:
        return ""
    iso = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    try:
        parse_partial_date(iso)
    except ValueError:
        return ""
    return iso


def suggestion_hint(text: str) -> str:
    """The hint for a date written in another form: 'write it as 2024-11-21' (in the editor's language),
    or '' when ``iso_suggestion`` sees no date in ``text``."""
    meant = iso_suggestion(text)
    return t("write it as {date}", date=meant) if meant else ""


@dataclass(frozen=True)
class DatePart:
    """One ``<time>`` element: machine-readable value and the text a reader sees."""

    iso: str
    text: str


@dataclass(frozen=True)
class DateSpan:
    """A date or a span of two, ready for a template: parts joined by ``separator``."""

    parts: tuple[DatePart, ...]
    separator: str = ""

    @property
    def text(self) -> str:
        """The whole span as plain text."""
        return self.separator.join(p.text for p in self.parts)


# CLDR skeletons per precision; intervals come from the locale's interval formats for these.
_SKELETON = {"year": "y", "month": "yMMMM", "day": "yMMMd"}


def _pattern(locale: Locale, precision: str) -> str:
    if precision == "day":
        return str(locale.date_formats["long"].pattern)
    if precision == "month":
        skeleton = locale.datetime_skeletons.get("yMMMM")
        return str(skeleton.pattern) if skeleton is not None else "MMMM y"
    return "y"


def _widen(pattern: str) -> str:
    """Use full month names: CLDR offers day intervals only with abbreviated months ('MMM')."""
    return re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern)


def _interval_parts(locale: Locale, skeleton: str, greatest: str) -> list[str]:
    formats = locale.interval_formats.get(skeleton) or {}
    parts = formats.get(greatest)
    if not parts:
        fallback = _pattern(locale, {"y": "year", "yMMMM": "month", "yMMMd": "day"}[skeleton])
        return [fallback + " – ", fallback]
    return [str(p) for p in parts]


def format_partial(value: PartialDate, locale: Locale) -> str:
    """A single date at its precision: '2024', 'Juni 2024', '19 Juni 2024'."""
    return format_date(value.first_day(), _pattern(locale, value.precision), locale=locale)


FORMATTED = 16_384
"""Dates and spans kept formatted, across builds: the preview's every rebuild lists the whole archive."""


@functools.lru_cache(maxsize=FORMATTED)
def format_span(start: PartialDate, end: PartialDate | None, locale: Locale) -> DateSpan:
    """A date or span in the locale's interval style: 'Januari–September 2024'."""
    if end is None or end == start:
        return DateSpan((DatePart(start.iso(), format_partial(start, locale)),))
    if start.precision != end.precision:
        generic = str(locale.interval_formats.get(None, "{0} – {1}"))
        separator = generic.replace("{0}", "").replace("{1}", "")
        return DateSpan(
            (DatePart(start.iso(), format_partial(start, locale)), DatePart(end.iso(), format_partial(end, locale))),
            separator,
        )
    if start.year != end.year:
        greatest = "y"
    elif start.precision == "day" and start.month == end.month:
        greatest = "d"
    else:
        greatest = "M"
    if start.precision == "year":
        greatest = "y"
    first, second = _interval_parts(locale, _SKELETON[start.precision], greatest)
    match = re.search(r"[\s\u2009\u00a0]*[–—-][\s\u2009\u00a0]*$", first)
    separator = match.group(0) if match else " – "
    first = first[: match.start()] if match else first
    return DateSpan(
        (
            DatePart(start.iso(), format_date(start.first_day(), _widen(first), locale=locale)),
            DatePart(end.iso(), format_date(end.first_day(), _widen(second), locale=locale)),
        ),
        separator,
    )


@functools.lru_cache(maxsize=FORMATTED)
def format_day(value: dt.date, locale: Locale) -> str:
    """A full date: '22 November 2024'."""
    return format_date(value, "long", locale=locale)
