"""Parse functions on strings: exact values, and exact messages for what editors get wrong."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from penjelas.content.facts import parse_facts
from penjelas.content.folders import folder_files
from penjelas.content.front_matter import parse_front_matter
from penjelas.content.model import Author, Fact, SiteSettings, Source, TimelineEvent
from penjelas.content.settings import parse_authors, parse_site, parse_sources
from penjelas.content.timeline import parse_timeline
from penjelas.core.dates import PartialDate
from penjelas.core.errors import ContentError

INDEX = "content/explainers/x/index.md"
TIMELINE = "content/explainers/x/timeline.yaml"


def messages(func: object, *args: object) -> list[str]:
    with pytest.raises(ContentError) as info:
        func(*args)  # type: ignore[operator]
    return [p.format() for p in info.value.problems]


def test_parse_site() -> None:
    text = 'title: "P"\ndescription: "D"\nlanguage: "id"\nbase_url: "https://org.github.io/repo"\nauthor: "R"\n'
    assert parse_site(text) == SiteSettings("P", "D", "id", "https://org.github.io/repo/", "R")


def test_parse_site_reports_every_problem() -> None:
    text = 'title: ""\nlanguage: "indonesian language"\nbase_url: "ftp://x"\nauthor: 7\nauthro: "x"\n'
    assert messages(parse_site, text) == [
        "content/site.yaml:1:1: error: site.yaml is missing the required key 'description'",
        "content/site.yaml:1:8: error: 'title' is empty (give it a value or remove the line)",
        "content/site.yaml:3:11: error: 'base_url' must be a web address starting with https:// or http://, not 'ftp://x'",
        "content/site.yaml:4:9: error: 'author' must be text, but YAML reads 7 as a number (put it in quotes: \"7\")",
        "content/site.yaml:5:1: error: unknown key 'authro' in site.yaml (did you mean 'author'?)",
    ]


def test_parse_sources() -> None:
    text = 'tass:\n  name: "TASS"\n  url: "https://tass.com/"\nwarga:\n  name: "Warga"\n'
    assert parse_sources(text) == {
        "tass": Source("tass", "TASS", "https://tass.com/"),
        "warga": Source("warga", "Warga", None),
    }


def test_parse_sources_rejects_bad_ids_and_urls() -> None:
    text = 'Kantor Berita:\n  name: "X"\nkcna:\n  name: "KCNA"\n  url: "javascript:alert(1)"\n'
    assert messages(parse_sources, text) == [
        "content/sources.yaml:1:1: error: 'Kantor Berita' is not a valid id: use lowercase letters, digits "
        "and single hyphens (for example 'kantor-berita')",
        "content/sources.yaml:5:8: error: 'url' must be a web address starting with https:// or http://, "
        "not 'javascript:alert(1)'",
    ]


def test_parse_authors() -> None:
    text = (
        'rina-wulandari:\n  name: "Rina Wulandari"\n  role: "Redaktur"\n  bio: "Menulis soal iklim."\n'
        '  url: "https://example.id/rina"\n  email: "rina@example.id"\nredaksi:\n  name: "Redaksi"\n'
    )
    authors = parse_authors(text)
    assert authors == {
        "rina-wulandari": Author(
            "rina-wulandari",
            "Rina Wulandari",
            "Redaktur",
            "Menulis soal iklim.",
            "https://example.id/rina",
            "rina@example.id",
        ),
        "redaksi": Author("redaksi", "Redaksi"),
    }
    assert (authors["rina-wulandari"].at, authors["redaksi"].at) == ((1, 1), (7, 1))
    assert parse_authors("# belum ada\n") == {}


def test_parse_authors_reports_every_problem() -> None:
    text = (
        'Rina W:\n  name: "Rina"\nbudi:\n  role: "Redaktur"\n  nama: "Budi"\n'
        'sari:\n  name: "Sari"\n  url: "ftp://x"\n  email: "sari at example"\n  role: 7\n'
        "dewi: Dewi\n"
    )
    assert messages(parse_authors, text) == [
        "content/authors.yaml:1:1: error: 'Rina W' is not a valid id: use lowercase letters, digits "
        "and single hyphens (for example 'rina-w')",
        "content/authors.yaml:5:3: error: unknown key 'nama' in an author (did you mean 'name'?)",
        "content/authors.yaml:8:8: error: 'url' must be a web address starting with https:// or http://, not 'ftp://x'",
        "content/authors.yaml:9:10: error: 'email' must be an email address like 'redaksi@example.id', "
        "not 'sari at example'",
        "content/authors.yaml:10:9: error: 'role' must be text, but YAML reads 7 as a number (put it in quotes: \"7\")",
        "content/authors.yaml:11:7: error: an author must be a mapping of 'key: value' lines, not text",
    ]


def test_front_matter_authors_must_be_known_and_unique() -> None:
    text = '---\ntitle: "J"\nsummary: "R."\ndate: 2024-11-22\nauthors:\n  - "redaksi"\n  - "rina-wulandri"\n  - "redaksi"\n---\nIsi.\n'
    assert messages(
        parse_front_matter, text, INDEX, "x", None, None, None, frozenset(), {"redaksi", "rina-wulandari"}
    ) == [
        f"{INDEX}:7:5: error: unknown author 'rina-wulandri' (did you mean 'rina-wulandari'?)",
        f"{INDEX}:8:5: error: 'redaksi' is listed twice in 'authors' (first on line 6)",
    ]
    assert (
        messages(
            parse_front_matter,
            text.replace("rina-wulandri", "budi"),
            INDEX,
            "x",
            None,
            None,
            None,
            frozenset(),
            {"redaksi"},
        )[0]
        == f"{INDEX}:7:5: error: unknown author 'budi' (define it in content/authors.yaml first)"
    )
    good = text.replace('  - "rina-wulandri"\n  - "redaksi"\n', '  - "rina-wulandari"\n')
    front = parse_front_matter(good, INDEX, "x", None, None, None, author_ids={"redaksi", "rina-wulandari"})
    assert front.values["authors"] == ("redaksi", "rina-wulandari")


FRONT = """---
title: "Judul"
summary: "Ringkas."
date: 2024-11-22
updated: "2024-11-23"
tags: ["Korea Utara", "Rusia"]
related: [lain]
read_also:
  - title: "Bacaan"
    url: "https://contoh.example/a"
---
Isi **artikel**.
"""


def test_parse_front_matter() -> None:
    front = parse_front_matter(FRONT, INDEX, "x", {"x", "lain"})
    assert front.body == "Isi **artikel**.\n"
    assert front.values["title"] == "Judul"
    assert front.values["date"] == PartialDate(2024, 11, 22)
    assert front.values["tags"] == ("Korea Utara", "Rusia")
    assert front.values["related"] == ("lain",)
    assert front.values["read_also"] == ({"title": "Bacaan", "url": "https://contoh.example/a"},)


def test_front_matter_errors_point_at_lines() -> None:
    text = """---
title: "Judul"
sumary: "Ringkas."
date: "2024-11"
updated: "2024-01-01"
tags: "Rusia"
related: [x, hilang, zzz]
draft: NO
---
"""
    assert messages(parse_front_matter, text, INDEX, "x", {"x", "lain"}) == [
        f"{INDEX}:3:1: error: unknown key 'sumary' in the front matter (did you mean 'summary'?)",
        f"{INDEX}:4:7: error: 'date' must be a full date (YYYY-MM-DD), not '2024-11'",
        f"{INDEX}:6:7: error: 'tags' must be a list, not text (write each item on its own line below 'tags:', as '  - \"Rusia\"')",
        f"{INDEX}:7:11: error: an explainer cannot be related to itself (remove this line)",
        f"{INDEX}:7:14: error: unknown explainer 'hilang' (did you mean 'lain'?)",
        f"{INDEX}:7:22: error: unknown explainer 'zzz' (use the folder name of an explainer under content/explainers/)",
        f"{INDEX}:8:8: error: 'draft' must be true or false, not 'NO' (write true or false)",
    ]


def test_updated_before_date() -> None:
    text = '---\ntitle: "T"\nsummary: "S"\ndate: "2024-11-22"\nupdated: "2024-11-01"\n---\n'
    assert messages(parse_front_matter, text, INDEX, "x") == [
        f"{INDEX}:5:10: error: 'updated' is earlier than 'date' (check both dates)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title: x\n",
            f"{INDEX}:1:1: error: index.md must start with front matter (put a line '---' first, then "
            "title:, summary:, date:, then '---')",
        ),
        (
            "---\ntitle: x\n",
            f"{INDEX}:1:1: error: the front matter is not closed (add a line '---' after line 2, the last line "
            "of the front matter, before the article)",
        ),
        (
            '---\ntitle: x\ntags:\n  - "Rusia"\n\nIsi tulisan: bagian pertama.\n',
            f"{INDEX}:1:1: error: the front matter is not closed (add a line '---' after line 4, the last line "
            "of the front matter, before the article)",
        ),
        ("---\n---\nbody\n", f"{INDEX}:2:1: error: the front matter is empty (add title:, summary: and date:)"),
        ("--- x\n---\n", f"{INDEX}:1:1: error: the first line must be exactly '---'"),
    ],
)
def test_front_matter_shape(text: str, message: str) -> None:
    assert messages(parse_front_matter, text, INDEX, "x") == [message]


def test_parse_timeline_sorts_by_date_keeping_file_order_on_ties() -> None:
    text = """- date: "2024-11-21"
  title: "C"
- date: 2024
  title: "A"
- date: "2024-01"
  until: "2024-09"
  title: "B"
  text: "*rinci*"
  sources: [tass]
- date: "2024-11-21"
  title: "D"
"""
    assert parse_timeline(text, TIMELINE, {"tass"}) == (
        TimelineEvent(PartialDate(2024), None, "A", "", ()),
        TimelineEvent(PartialDate(2024, 1), PartialDate(2024, 9), "B", "*rinci*", ("tass",)),
        TimelineEvent(PartialDate(2024, 11, 21), None, "C", "", ()),
        TimelineEvent(PartialDate(2024, 11, 21), None, "D", "", ()),
    )


def test_timeline_errors() -> None:
    text = """- date: "2024-09"
  until: "2024-01"
  title: "Terbalik"
- date: "12:30"
  title: 1.10
  sources: [tass, tas, tass]
- title: "Tanpa tanggal"
  soruces: [tass]
- "bukan peristiwa"
"""
    assert messages(parse_timeline, text, TIMELINE, {"tass"}) == [
        f"{TIMELINE}:2:10: error: 'until' (2024-01) is before 'date' (2024-09) (swap them or fix the year)",
        f"{TIMELINE}:4:9: error: 'date': '12:30' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD",
        f"{TIMELINE}:5:10: error: 'title' must be text, but YAML reads 1.10 as a number (put it in quotes: \"1.10\")",
        f"{TIMELINE}:6:19: error: unknown source 'tas' (did you mean 'tass'?)",
        f"{TIMELINE}:6:24: error: 'tass' is listed twice in 'sources' (first on line 6)",
        f"{TIMELINE}:7:3: error: a timeline event is missing the required key 'date'",
        f"{TIMELINE}:8:3: error: unknown key 'soruces' in a timeline event (did you mean 'sources'?)",
        f"{TIMELINE}:9:3: error: a timeline event must be a mapping of 'key: value' lines, not text",
    ]


def test_timeline_must_be_a_list() -> None:
    assert messages(parse_timeline, "date: 2024\ntitle: x\n", TIMELINE) == [
        f"{TIMELINE}:1:1: error: 'timeline.yaml' must be a list, not a mapping (key: value pairs) "
        "(write it as a list of items starting with '- ')"
    ]


def test_parse_facts_keeps_text_exactly_as_written() -> None:
    text = '- label: "Versi"\n  value: "1.10"\n  sources: [bps]\n- label: NO\n  value: "12:30"\n  sources: [bps]\n'
    assert parse_facts(text, "f.yaml", {"bps"}) == (
        Fact("Versi", "1.10", ("bps",)),
        Fact("NO", "12:30", ("bps",)),
    )


def test_a_fact_without_a_source_is_an_error() -> None:
    """No 'sources', or an empty list: the page promises every fact its source. Other problems come too."""
    text = '- label: "Tanpa"\n  value: "1"\n- label: "Kosong"\n  value: "2"\n  sources: []\n- label: 3\n'
    hint = "(list an id from content/sources.yaml under 'sources:', one per line)"
    assert messages(parse_facts, text, "f.yaml", {"bps"}) == [
        f"f.yaml:1:3: error: this fact has no source yet {hint}",
        f"f.yaml:5:12: error: this fact has no source yet {hint}",
        "f.yaml:6:3: error: a fact is missing the required key 'value'",
        f"f.yaml:6:3: error: this fact has no source yet {hint}",
        "f.yaml:6:10: error: 'label' must be text, but YAML reads 3 as a number (put it in quotes: \"3\")",
    ]


def test_a_fact_without_a_source_in_indonesian(indonesian: None) -> None:
    assert messages(parse_facts, '- label: "Versi"\n  value: "1.10"\n', "f.yaml") == [
        "f.yaml:1:3: error: fakta ini belum bersumber "
        "(tulis kode sumber dari content/sources.yaml di bawah 'sources:', satu per baris)"
    ]


def test_events_and_sources_know_where_they_start() -> None:
    """For the warnings about them (see test_sourcing.py); where does not count in comparing them."""
    (earlier, later) = parse_timeline('- date: "2025"\n  title: "B"\n-   title: "A"\n    date: "2024"\n', TIMELINE)
    assert (earlier.at, later.at) == ((3, 5), (1, 3))
    sources = parse_sources('tass:\n  name: "TASS"\n"kcna": {name: "KCNA"}\n')
    assert (sources["tass"].at, sources["kcna"].at) == ((1, 1), (3, 1))
    assert sources["tass"] == Source("tass", "TASS", None)


def test_empty_files_mean_no_events() -> None:
    assert parse_timeline("", TIMELINE) == ()
    assert parse_facts("# belum ada\n", "f.yaml") == ()


def test_the_listing_of_a_folder_gives_the_files_that_walking_it_gives(tmp_path: Path) -> None:
    """_folder_files answers from the folder's listing when it has no subfolders, and walks it otherwise."""
    flat = tmp_path / "flat"
    flat.mkdir()
    for name in ("index.md", "sampul.jpg", ".tersembunyi.jpg"):
        (flat / name).write_bytes(b"x")
    (flat / "tautan.jpg").symlink_to(flat / "sampul.jpg")
    (flat / ".git").mkdir()
    (flat / ".git" / "x.jpg").write_bytes(b"x")
    (flat / "map-tautan").symlink_to(tmp_path)
    deep = tmp_path / "deep"
    shutil.copytree(flat, deep, symlinks=True)
    (deep / "gambar").mkdir()
    (deep / "gambar" / "foto.png").write_bytes(b"x")
    (deep / "gambar" / ".x.png").write_bytes(b"x")
    for folder, expected in (
        (flat, {"index.md", "sampul.jpg"}),
        (deep, {"index.md", "sampul.jpg", "gambar/foto.png"}),
    ):
        with os.scandir(folder) as listing:
            entries = {entry.name: entry for entry in listing}
        assert folder_files(folder, entries) == folder_files(folder) == expected


def test_a_list_written_as_text_is_answered_with_the_one_item_per_line_form() -> None:
    text = '---\ntitle: t\nsummary: s\ndate: 2024-06-19\ntags: "Iklim, Cuaca"\n---\n'
    assert messages(parse_front_matter, text, INDEX, "x") == [
        f"{INDEX}:5:7: error: 'tags' must be a list, not text "
        "(write each item on its own line below 'tags:', as '  - \"Iklim\"' and '  - \"Cuaca\"')"
    ]


def test_curly_quotes_from_a_word_processor_are_named_as_the_cause() -> None:
    hint = '(use straight quotes ("...") around the value, not curly ones (“...”) from a word processor)'
    date = "---\ntitle: t\nsummary: s\ndate: “2024-11-21”\n---\n"
    assert messages(parse_front_matter, date, INDEX, "x") == [
        f"{INDEX}:4:7: error: 'date': '“2024-11-21”' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD {hint}"
    ]
    colon = "---\ntitle: “Nilai: satu”\nsummary: s\ndate: 2024-11-21\n---\n"
    (message,) = messages(parse_front_matter, colon, INDEX, "x")
    assert message.startswith(f"{INDEX}:2:") and "malformed YAML" in message and message.endswith(hint)
    title = "---\ntitle: “Judul”\nsummary: s\ndate: 2024-11-21\n---\n"
    assert parse_front_matter(title, INDEX, "x").values["title"] == "“Judul”"  # valid text stays as written


def test_in_indonesian_an_unclosed_front_matter_says_where_to_close_it(indonesian: None) -> None:
    assert messages(parse_front_matter, "---\ntitle: x\n", INDEX, "x") == [
        f"{INDEX}:1:1: error: front matter belum ditutup (tambahkan baris '---' setelah baris 2, baris terakhir"
        " front matter, sebelum isi artikel)"
    ]
