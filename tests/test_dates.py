"""Partial dates: parsing, and Indonesian text from CLDR at the stated precision."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import Locale

from penjelas.core.dates import PartialDate, format_day, format_span, iso_suggestion, parse_partial_date

ID = Locale.parse("id")


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2024", PartialDate(2024), "year"),
        ("2024-06", PartialDate(2024, 6), "month"),
        ("2024-06-19", PartialDate(2024, 6, 19), "day"),
        ("2024-02-29", PartialDate(2024, 2, 29), "day"),
    ],
)
def test_parse(text: str, expected: PartialDate, precision: str) -> None:
    parsed = parse_partial_date(text)
    assert parsed == expected
    assert parsed.precision == precision
    assert parsed.iso() == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-29", "'2023-02-29' is not a real date: February 2023 has 28 days"),
        ("2024-13", "'2024-13' is not a real date: there is no month 13"),
        ("2024-00", "'2024-00' is not a real date: there is no month 0"),
        ("24-06-19", "'24-06-19' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("19 Juni 2024", "'19 Juni 2024' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024-6-1", "'2024-6-1' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_parse_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_partial_date(text)
    assert str(info.value) == message


def test_span_bounds() -> None:
    assert PartialDate(2024, 2).first_day() == dt.date(2024, 2, 1)
    assert PartialDate(2024, 2).last_day() == dt.date(2024, 2, 29)
    assert PartialDate(2024).last_day() == dt.date(2024, 12, 31)


@pytest.mark.parametrize(
    ("start", "end", "text", "isos"),
    [
        ("2024", None, "2024", ["2024"]),
        ("2024-06", None, "Juni 2024", ["2024-06"]),
        ("2024-06-19", None, "19 Juni 2024", ["2024-06-19"]),
        ("2024-01", "2024-09", "Januari–September 2024", ["2024-01", "2024-09"]),
        ("2024-01-03", "2024-01-09", "3–9 Januari 2024", ["2024-01-03", "2024-01-09"]),
        ("2024-01-30", "2024-02-02", "30 Januari\u2009–\u20092 Februari 2024", ["2024-01-30", "2024-02-02"]),
        ("2023-11", "2024-02", "November 2023\u2009–\u2009Februari 2024", ["2023-11", "2024-02"]),
        ("2022", "2024", "2022\u2009–\u20092024", ["2022", "2024"]),
        ("2024-06-19", "2024-09", "19 Juni 2024\u2009–\u2009September 2024", ["2024-06-19", "2024-09"]),
        ("2024-06", "2024-06", "Juni 2024", ["2024-06"]),
    ],
)
def test_format_span(start: str, end: str | None, text: str, isos: list[str]) -> None:
    span = format_span(parse_partial_date(start), parse_partial_date(end) if end else None, ID)
    assert span.text == text
    assert [part.iso for part in span.parts] == isos


def test_format_day() -> None:
    assert format_day(dt.date(2024, 11, 21), ID) == "21 November 2024"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2024-7-1", "2024-07-01"),
        ("2024-6", "2024-06"),
        ("21 November 2024", "2024-11-21"),
        ("1 Agustus 2024", "2024-08-01"),
        ("21 Nov 2024", "2024-11-21"),
        ("21 Nov. 2024", "2024-11-21"),
        ("May 2024", "2024-05"),
        ("Juni 2024", "2024-06"),
        ("21/11/2024", "2024-11-21"),
        ("21-11-2024", "2024-11-21"),
        ("5.1.2024", "2024-01-05"),
        ("30 Februari 2024", ""),  # not a real date: nothing to suggest
        ("2024-13-01", ""),
        ("kemarin", ""),
        ("21 Brumaire 2024", ""),
        ("12:30", ""),
    ],
)
def test_a_date_written_another_way_gets_the_iso_form_it_means(written: str, meant: str) -> None:
    assert iso_suggestion(written) == meant


def test_the_suggestion_reaches_the_editor_as_a_hint() -> None:
    from penjelas.content.timeline import parse_timeline
    from penjelas.core.errors import ContentError

    with pytest.raises(ContentError) as caught:
        parse_timeline("- date: 21 November 2024\n  title: x\n", "t.yaml")
    assert [p.format() for p in caught.value.problems] == [
        "t.yaml:1:9: error: 'date': '21 November 2024' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"
        " (write it as 2024-11-21)"
    ]


def test_an_editor_reads_a_wrong_date_in_indonesian(indonesian: None) -> None:
    from penjelas.content.timeline import parse_timeline
    from penjelas.core.clock import today
    from penjelas.core.errors import ContentError

    with pytest.raises(ValueError, match=r"^'2023-02-29' bukan tanggal yang ada: Februari 2023 punya 28 hari$"):
        parse_partial_date("2023-02-29")
    with pytest.raises(ContentError) as caught:
        parse_timeline("- date: 21 November 2024\n  title: x\n", "t.yaml")
    assert [p.format() for p in caught.value.problems] == [
        "t.yaml:1:9: error: 'date': '21 November 2024' bukan tanggal berbentuk TTTT, TTTT-BB, atau TTTT-BB-HH"
        " (tulis sebagai 2024-11-21)"
    ]
    with pytest.raises(
        ValueError, match=r"^SOURCE_DATE_EPOCH harus berupa bilangan bulat detik sejak 1970, bukan 'x'$"
    ):
        today({"SOURCE_DATE_EPOCH": "x"})
