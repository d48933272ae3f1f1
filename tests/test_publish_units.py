"""Publishing, piece by piece: time zones, metadata serialisation, feeds, sitemap, share cards and images."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from penjelas.assets import cards, share
from penjelas.content.front_matter import image_path, parse_front_matter
from penjelas.content.settings import parse_site
from penjelas.core.errors import ContentError
from penjelas.core.timezones import DEFAULT_TIMEZONE, load_zone, start_of_day, timestamp
from penjelas.feeds.atom import Entry, Feed, atom_xml, newest
from penjelas.feeds.sitemap import Location, robots_txt, sitemap_xml
from penjelas.feeds.xmlwriter import xml_text
from penjelas.render.seo import breadcrumb_list, json_ld, og_locale
from penjelas.site.urls import base_url_problem

HOSTILE = "</script><script>alert(\"x\")</script> & <b>bold</b> 'quoted' \u2028"


def problems_of(excinfo: pytest.ExceptionInfo[ContentError]) -> list[str]:
    return [p.format() for p in excinfo.value.problems]


# Time zones


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        ("Asia/Jakarta", dt.date(2024, 11, 23), "2024-11-23T00:00:00+07:00"),
        ("Asia/Makassar", dt.date(2024, 11, 23), "2024-11-23T00:00:00+08:00"),
        ("Asia/Jayapura", dt.date(2024, 11, 23), "2024-11-23T00:00:00+09:00"),
        ("UTC", dt.date(2024, 2, 29), "2024-02-29T00:00:00+00:00"),
        ("Europe/Amsterdam", dt.date(2024, 7, 1), "2024-07-01T00:00:00+02:00"),
        ("Europe/Amsterdam", dt.date(2024, 1, 1), "2024-01-01T00:00:00+01:00"),
    ],
)
def test_publication_times_carry_the_zone_offset(zone: str, day: dt.date, expected: str) -> None:
    assert timestamp(start_of_day(day, load_zone(zone))) == expected


def test_zones_come_from_the_pinned_package_and_unknown_names_are_refused() -> None:
    assert DEFAULT_TIMEZONE == "Asia/Jakarta"
    assert str(load_zone("Asia/Jakarta")) == "Asia/Jakarta"
    for name in ("Asia/Jakart", "../../etc/passwd", "/etc/localtime", ""):
        with pytest.raises(KeyError):
            load_zone(name)


def test_a_timestamp_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError):
        timestamp(dt.datetime(2024, 1, 1))


# site.yaml: timezone and domain

SITE = 'title: "Penjelas"\ndescription: "D"\nlanguage: "id"\nbase_url: "{base}"\nauthor: "Redaksi"\n'


def test_site_timezone_defaults_to_jakarta_and_is_checked() -> None:
    site = parse_site(SITE.format(base="https://example.org/"))
    assert site.timezone == "Asia/Jakarta" and site.domain is None
    assert parse_site(SITE.format(base="https://example.org/") + 'timezone: "Asia/Makassar"\n').timezone == (
        "Asia/Makassar"
    )
    with pytest.raises(ContentError) as excinfo:
        parse_site(SITE.format(base="https://example.org/") + 'timezone: "Asia/Jakart"\n')
    assert problems_of(excinfo) == [
        "content/site.yaml:6:11: error: 'Asia/Jakart' is not a time zone name (did you mean 'Asia/Jakarta'?)"
    ]
    with pytest.raises(ContentError) as excinfo:
        parse_site(SITE.format(base="https://example.org/") + 'timezone: "WIB"\n')
    assert "'WIB' is not a time zone name" in problems_of(excinfo)[0]
    assert "'Asia/Jakarta' (WIB)" in problems_of(excinfo)[0]


def test_site_domain_must_be_a_bare_host_at_the_root_of_base_url() -> None:
    ok = parse_site(SITE.format(base="https://berita.example.id") + 'domain: "Berita.Example.ID"\n')
    assert ok.domain == "berita.example.id"
    cases = {
        'domain: "https://berita.example.id/"\n': (
            "'domain' must be a host name only, not 'https://berita.example.id/' (write domain: berita.example.id)"
        ),
        'domain: "localhost"\n': "'localhost' is not a domain name like 'penjelas.example.id'",
        'domain: "bad_label.example.id"\n': "'bad_label.example.id' is not a domain name",
        'domain: "berita.contoh.id"\n': (
            "'domain' is 'berita.contoh.id' but base_url is 'https://berita.example.id'; a custom domain serves the"
            " site at its root (set base_url: https://berita.contoh.id/)"
        ),
        'domain: "béríta.example.id"\n': "'domain' must be written in ASCII, not 'béríta.example.id' (write domain: xn--",
    }
    for line, expected in cases.items():
        with pytest.raises(ContentError) as excinfo:
            parse_site(SITE.format(base="https://berita.example.id") + line)
        [message] = problems_of(excinfo)
        assert message.startswith("content/site.yaml:6:9: error: "), message
        assert expected in message
    with pytest.raises(ContentError) as excinfo:
        parse_site(SITE.format(base="https://berita.example.id/repo/") + 'domain: "berita.example.id"\n')
    assert "a custom domain serves the site at its root" in problems_of(excinfo)[0]


# Front matter: image and image_alt

FRONT = '---\ntitle: "T"\nsummary: "S"\ndate: "2024-11-23"\n{extra}---\nBody\n'
INDEX = "content/explainers/contoh/index.md"


def front(extra: str, files: set[str] | None = None) -> list[str]:
    try:
        parse_front_matter(FRONT.format(extra=extra), INDEX, "contoh", files=files)
    except ContentError as exc:
        return [p.format() for p in exc.problems]
    return []


def test_image_with_alt_naming_a_file_in_the_folder_is_accepted() -> None:
    assert front('image: "sampul.jpg"\nimage_alt: "Foto"\n', {"sampul.jpg", "index.md"}) == []
    assert front('image: "./gambar/Sampul.WEBP"\nimage_alt: "Foto"\n', {"gambar/Sampul.WEBP"}) == []
    assert front('image: "sampul.png"\nimage_alt: "Foto"\n', None) == []  # existence not checked without files
    assert image_path("./gambar//sampul.jpg") == "gambar/sampul.jpg"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            'image: "sampul.jpg"\n',
            f"{INDEX}:5:8: error: 'image' needs 'image_alt' beside it (add image_alt: a short description of what"
            " the picture shows, for readers who cannot see it)",
        ),
        (
            'image_alt: "Foto"\n',
            f"{INDEX}:5:12: error: 'image_alt' is set but there is no 'image' (add image: or remove it)",
        ),
        (
            'image: "../lain/sampul.jpg"\nimage_alt: "Foto"\n',
            f"{INDEX}:5:8: error: 'image' must stay inside the explainer's folder ('..' leaves it) ('../lain/sampul.jpg')",
        ),
        (
            'image: "/etc/sampul.jpg"\nimage_alt: "Foto"\n',
            f"{INDEX}:5:8: error: 'image' must be a path inside the explainer's folder, like 'sampul.jpg', not start"
            " with '/' ('/etc/sampul.jpg')",
        ),
        (
            'image: "https://example.org/a.jpg"\nimage_alt: "Foto"\n',
            f"{INDEX}:5:8: error: 'image' must be a file in the explainer's folder, not a web address"
            " ('https://example.org/a.jpg')",
        ),
        (
            'image: "gambar\\\\sampul.jpg"\nimage_alt: "Foto"\n',
            f"{INDEX}:5:8: error: 'image' must use '/' between folder names, not '\\' ('gambar\\sampul.jpg')",
        ),
        (
            'image: "sampul.gif"\nimage_alt: "Foto"\n',
            f"{INDEX}:5:8: error: 'image' must be a .jpg, .jpeg, .png or .webp image file ('sampul.gif')",
        ),
        (
            'image: ".sampul.jpg"\nimage_alt: "Foto"\n',
            f"{INDEX}:5:8: error: 'image' must name a file whose name does not start with '.' ('.sampul.jpg')",
        ),
        (
            'image: "sampu.jpg"\nimage_alt: "Foto"\n',
            f"{INDEX}:5:8: error: there is no file 'sampu.jpg' in content/explainers/contoh/ (did you mean"
            " 'sampul.jpg'?)",
        ),
        (
            'image: "foto.png"\nimage_alt: "Foto"\n',
            f"{INDEX}:5:8: error: there is no file 'foto.png' in content/explainers/contoh/ (put the image in"
            " content/explainers/contoh/)",
        ),
    ],
)
def test_image_mistakes_are_located_and_explained(extra: str, expected: str) -> None:
    assert front(extra, {"sampul.jpg", "index.md", "timeline.yaml"}) == [expected]


def test_image_problems_are_reported_beside_other_front_matter_problems() -> None:
    found = front('tags: "not a list"\nimage: "sampul.jpg"\n', {"sampul.jpg"})
    assert len(found) == 2
    assert any("'tags' must be a list" in p for p in found)
    assert any("needs 'image_alt'" in p for p in found)


# Base URL override


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.github.io/repo/", True),
        ("https://example.github.io/repo", True),
        ("http://localhost:8000/", True),
        ("/repo/", False),
        ("example.github.io/repo/", False),
        ("ftp://example.org/", False),
        ("https://example.org/?x=1", False),
        ("https://example.org/#top", False),
        ("https://exa mple.org/", False),
    ],
)
def test_base_url_override_must_be_an_absolute_address(url: str, ok: bool) -> None:
    assert (base_url_problem(url) == "") is ok


# Metadata serialisation


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "id_ID"), ("en", "en_US"), ("pt-BR", "pt_BR"), ("ms", "ms_MY"), ("jv", "jv_ID"), ("id-ID", "id_ID")],
)
def test_open_graph_locale_comes_from_the_site_language(language: str, expected: str) -> None:
    assert og_locale(language) == expected


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "script":
            self._inside = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.scripts[-1] += data


def test_json_ld_cannot_break_out_of_its_script_element() -> None:
    data = {"@type": "NewsArticle", "headline": HOSTILE, "keywords": ["<!--", "]]>", "&amp;"]}
    text = str(json_ld(data))
    for char in "<>&\u2028":
        assert char not in text
    parser = _Scripts()
    parser.feed(f'<script type="application/ld+json">{text}</script><p>after</p>')
    assert parser.tags == ["script", "p"]
    assert json.loads(parser.scripts[0]) == data


def test_breadcrumbs_are_numbered_from_one() -> None:
    trail = breadcrumb_list([("Beranda", "https://e.org/"), ("Topik", "https://e.org/topik/")])
    assert [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]] == [
        (1, "Beranda", "https://e.org/"),
        (2, "Topik", "https://e.org/topik/"),
    ]


# Atom feeds

JAKARTA = load_zone("Asia/Jakarta")


def sample_feed(title: str = "Penjelas", entries: tuple[Entry, ...] | None = None) -> Feed:
    if entries is None:
        entries = (
            Entry(
                title=HOSTILE,
                url="https://example.org/repo/satu/",
                published=start_of_day(dt.date(2024, 11, 22), JAKARTA),
                updated=start_of_day(dt.date(2024, 11, 25), JAKARTA),
                summary="Ringkasan <i>bukan</i> HTML & lebih\x07",
                categories=("Korea Utara", "R&D <lab>"),
            ),
        )
    return Feed(
        title=title,
        subtitle="Sub",
        language="id",
        url="https://example.org/repo/feed.xml",
        page_url="https://example.org/repo/",
        author="Redaksi",
        author_url="https://example.org/repo/",
        updated=start_of_day(dt.date(2024, 11, 25), JAKARTA),
        entries=entries,
    )


def test_atom_feed_parses_cleanly_and_keeps_hostile_text_as_text() -> None:
    parsed = feedparser.parse(atom_xml(sample_feed()))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Penjelas"
    assert parsed.feed.updated == "2024-11-25T00:00:00+07:00"
    assert parsed.feed.language == "id"
    assert {(link.rel, link.href) for link in parsed.feed.links} == {
        ("self", "https://example.org/repo/feed.xml"),
        ("alternate", "https://example.org/repo/"),
    }
    [entry] = parsed.entries
    assert entry.title == HOSTILE.strip()  # feedparser trims the trailing line separator
    assert entry.title_detail.type == "text/plain"
    assert entry.summary == "Ringkasan <i>bukan</i> HTML & lebih"  # the bell character cannot be in XML
    assert entry.id == entry.link == "https://example.org/repo/satu/"
    assert entry.published == "2024-11-22T00:00:00+07:00"
    assert entry.updated == "2024-11-25T00:00:00+07:00"
    assert [tag.term for tag in entry.tags] == ["Korea Utara", "R&D <lab>"]


def test_atom_feed_is_the_same_bytes_for_the_same_feed() -> None:
    assert atom_xml(sample_feed()) == atom_xml(sample_feed())
    assert atom_xml(sample_feed()).startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=")


def test_xml_text_drops_only_what_xml_cannot_hold() -> None:
    assert xml_text("a\x00b\x07c\td\ne\ufffef\U0001f600") == "abc\td\nef\U0001f600"


def test_xml_text_keeps_exactly_the_characters_of_xml_1_0() -> None:
    def is_xml_char(code: int) -> bool:  # the Char production of XML 1.0, section 2.2
        return (
            code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
        )

    every = range(sys.maxunicode + 1)
    assert xml_text("".join(map(chr, every))) == "".join(chr(code) for code in every if is_xml_char(code))


def test_feed_time_falls_back_to_source_date_epoch_only_without_any_date(monkeypatch: pytest.MonkeyPatch) -> None:
    a = start_of_day(dt.date(2024, 1, 2), JAKARTA)
    b = start_of_day(dt.date(2024, 3, 4), JAKARTA)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert newest([a, b], []) == b
    assert newest([], [a]) == a
    assert newest([], []) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ContentError) as excinfo:
        newest([], [])
    assert problems_of(excinfo) == [
        "SOURCE_DATE_EPOCH: error: 'yesterday' is not a number of seconds (unset it or fix it)"
    ]


def test_an_empty_feed_is_still_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    parsed = feedparser.parse(atom_xml(sample_feed(entries=())))
    assert parsed.bozo == 0 and parsed.entries == []


# Sitemap and robots.txt


def test_sitemap_lists_locations_with_lastmod() -> None:
    data = sitemap_xml(
        [Location("https://example.org/a?b=1&c=<2>", dt.date(2024, 11, 23)), Location("https://example.org/", None)]
    )
    root = ET.fromstring(data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = root.findall("s:url", ns)
    assert [u.findtext("s:loc", namespaces=ns) for u in urls] == [
        "https://example.org/a?b=1&c=<2>",
        "https://example.org/",
    ]
    assert [u.findtext("s:lastmod", namespaces=ns) for u in urls] == ["2024-11-23", None]


def test_robots_txt_points_to_the_absolute_sitemap() -> None:
    assert robots_txt("https://example.github.io/repo/sitemap.xml") == (
        b"User-agent: *\nAllow: /\n\nSitemap: https://example.github.io/repo/sitemap.xml\n"
    )


# Share cards


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


def test_cards_are_1200_by_630_and_the_same_bytes_every_time() -> None:
    first = cards.render_card("Penjelas", "Perjanjian pertahanan Korea Utara–Rusia 2024: isi, kritik, dan dampaknya")
    second = cards.render_card("Penjelas", "Perjanjian pertahanan Korea Utara–Rusia 2024: isi, kritik, dan dampaknya")
    assert first == second
    assert png_size(first) == (1200, 630)
    assert cards.render_card("Penjelas", "Judul lain") != first


def test_headlines_wrap_within_the_card_and_long_ones_are_shortened() -> None:
    width, height = 1040, cards.HEADLINE_BOTTOM - cards.HEADLINE_TOP
    size, lines = cards.fit_headline("Judul pendek", width, height)
    assert (size, lines) == (cards.HEADLINE_SIZES[0], ["Judul pendek"])
    long = " ".join(["Perjanjian pertahanan Korea Utara–Rusia"] * 12)
    size, lines = cards.fit_headline(long, width, height)
    font = cards.load_font(cards.HEADLINE_FONT, size)
    assert size == cards.HEADLINE_SIZES[-1]
    assert len(lines) * round(size * cards.LINE_HEIGHT) <= height
    assert all(font.getlength(line) <= width for line in lines)
    assert lines[-1].endswith(cards.ELLIPSIS)
    unbroken = "A" * 200
    size, lines = cards.fit_headline(unbroken, width, height)
    assert all(cards.load_font(cards.HEADLINE_FONT, size).getlength(line) <= width for line in lines)


def test_characters_the_typeface_lacks_are_folded_or_left_out() -> None:
    assert cards.drawable("Korea Utara–Rusia: “isi” — Sergeĭ Şoygu, Ünal") == (
        "Korea Utara–Rusia: “isi” — Sergeĭ Şoygu, Ünal"
    )
    assert cards.drawable("Kim Jong Un (김정은) 😀 bertemu") == "Kim Jong Un () bertemu"


def test_cards_are_drawn_once_then_taken_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    real = cards.render_card

    def counting(kicker: str, headline: str) -> bytes:
        drawn.append(headline)
        return real(kicker, headline)

    monkeypatch.setattr(cards, "render_card", counting)
    cache = tmp_path / "cards"
    first = cards.cached_card("Penjelas", "Satu", cache)
    again = cards.cached_card("Penjelas", "Satu", cache)
    other = cards.cached_card("Penjelas", "Dua", cache)
    assert drawn == ["Satu", "Dua"]
    assert first == again != other
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        f"{cards.card_key('Penjelas', t)}.png" for t in ("Satu", "Dua")
    )
    (cache / f"{cards.card_key('Penjelas', 'Satu')}.png").write_bytes(b"truncated")
    assert cards.cached_card("Penjelas", "Satu", cache) == first
    assert drawn == ["Satu", "Dua", "Satu"]


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    data = cards.cached_card("Penjelas", "Satu", blocker / "cards")
    assert data == cards.render_card("Penjelas", "Satu")


def test_the_cache_key_changes_with_the_text_and_the_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    key = cards.card_key("Penjelas", "Satu")
    assert key != cards.card_key("Penjelas", "Satu ")
    assert key != cards.card_key("Penjelas 2", "Satu")
    monkeypatch.setattr(cards, "CARD_VERSION", "999")
    assert key != cards.card_key("Penjelas", "Satu")


# Editors' share images


def encoded(fmt: str, size: tuple[int, int] = (1200, 630)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def test_share_images_are_measured_and_typed() -> None:
    assert share.inspect_image(encoded("JPEG"), "x/sampul.jpg") == (1200, 630, "image/jpeg")
    assert share.inspect_image(encoded("PNG", (400, 300)), "x/sampul.PNG") == (400, 300, "image/png")
    assert share.inspect_image(encoded("WEBP"), "x/sampul.webp") == (1200, 630, "image/webp")


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (
            encoded("PNG"),
            "sampul.jpg",
            "x/sampul.jpg: error: the file is a PNG image, not what '.jpg' says (rename it to end with .png)",
        ),
        (
            b"GIF89a not really",
            "sampul.png",
            "x/sampul.png: error: the file cannot be read as an image (export it again as JPEG, PNG or WebP)",
        ),
        (
            encoded("JPEG")[:400],
            "sampul.jpg",
            "x/sampul.jpg: error: the file cannot be read as an image (export it again as JPEG, PNG or WebP)",
        ),
        (
            encoded("JPEG", (150, 630)),
            "sampul.jpg",
            "x/sampul.jpg: error: the image is 150×630 pixels; share previews need at least 200×200 (use a larger"
            " picture, ideally 1200×630)",
        ),
    ],
)
def test_unusable_share_images_are_refused(data: bytes, name: str, expected: str) -> None:
    with pytest.raises(ContentError) as excinfo:
        share.inspect_image(data, f"x/{name}")
    assert problems_of(excinfo) == [expected]


def test_oversized_share_images_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(share, "MAX_IMAGE_BYTES", 1000)
    with pytest.raises(ContentError) as excinfo:
        share.inspect_image(encoded("PNG"), "x/sampul.png")
    assert "share previews allow at most 1,000" in problems_of(excinfo)[0]


def test_share_image_names_change_with_their_bytes() -> None:
    a = share.fingerprinted("slug/gambar/Sampul.JPG", b"one")
    assert a.startswith("slug/gambar/Sampul.") and a.endswith(".jpg")
    assert a == share.fingerprinted("slug/gambar/Sampul.JPG", b"one")
    assert a != share.fingerprinted("slug/gambar/Sampul.JPG", b"two")
