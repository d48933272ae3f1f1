"""Publishing, end to end: whole builds crawled like a visitor, a feed reader and a search engine would."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from PIL import Image

from penjelas.assets.cards import card_key
from penjelas.site.urls import RESERVED
from tests.conftest import ROOT, copy_project, run_cli, snapshot

ROOT_BASE = "https://example.org/"
REPO_BASE = "https://example.github.io/repo/"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@dataclass
class Page:
    """What a crawler sees in one HTML file."""

    links: list[tuple[str, str, str]] = field(default_factory=list)
    """(tag, attribute, value) for every href and src."""
    ids: set[str] = field(default_factory=set)
    meta: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Open Graph / Twitter / description values by property or name."""
    json_ld: list[dict[str, object]] = field(default_factory=list)
    canonical: list[str] = field(default_factory=list)
    feeds: list[tuple[str, str]] = field(default_factory=list)
    """(title, href) of feed autodiscovery links."""
    lead_alt: str = ""
    """The alt text of the first picture (an explainer's lead photo)."""


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._script: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "img" and not self.page.lead_alt:
            self.page.lead_alt = values.get("alt", "")
        if "id" in values:
            self.page.ids.add(values["id"])
        for name in ("href", "src"):
            if name in values:
                self.page.links.append((tag, name, values[name]))
        if tag == "meta" and (key := values.get("property") or values.get("name")):
            self.page.meta[key].append(values.get("content", ""))
        if tag == "link" and values.get("rel") == "canonical":
            self.page.canonical.append(values["href"])
        if tag == "link" and values.get("rel") == "alternate" and values.get("type") == "application/atom+xml":
            self.page.feeds.append((values.get("title", ""), values["href"]))
        if tag == "script":
            self._script = values.get("type", "")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            assert self._script == "application/ld+json", f"unexpected script type {self._script!r}"
            self.page.json_ld.append(json.loads("".join(self._text)))
            self._script = None


def parse_page(path: Path) -> Page:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def page_url(base: str, relative: str) -> str:
    """The address a file is served at ('slug/index.html' -> base + 'slug/')."""
    if relative == "index.html":
        return base
    if relative.endswith("/index.html"):
        return base + relative[: -len("index.html")]
    return base + relative


def resolve(out: Path, base: str, url: str) -> tuple[Path, str] | None:
    """The file an absolute URL points to inside ``out``, and its fragment; None for other sites.

    Fails if the URL is on the site's host but outside its base path.
    """
    parts, root = urlsplit(url), urlsplit(base)
    if parts.scheme in ("mailto", "tel"):
        return None
    assert parts.scheme in ("http", "https"), f"unexpected scheme in {url}"
    if (parts.scheme, parts.netloc) != (root.scheme, root.netloc):
        return None
    assert parts.path.startswith(root.path), f"{url} escapes the base path {root.path}"
    relative = unquote(parts.path[len(root.path) :])
    assert ".." not in relative.split("/"), url
    target = out / relative
    if relative == "" or relative.endswith("/"):
        target = target / "index.html"
    assert target.is_file(), f"{url} points to {target.relative_to(out)}, which was not built"
    return target, parts.fragment


@dataclass
class Crawl:
    out: Path
    base: str
    pages: dict[str, Page]
    checked: int


def crawl(out: Path, base: str) -> Crawl:
    """Follow every href and src in every HTML file; each internal one must land on a built file (and id)."""
    pages = {p.relative_to(out).as_posix(): parse_page(p) for p in sorted(out.rglob("*.html"))}
    checked = 0
    for relative, page in pages.items():
        here = page_url(base, relative)
        if relative == "404.html":
            # GitHub serves it at whatever address was missing, however deep: relative links would break.
            here = base + "no/such/page/at/all"
            for _tag, _attr, value in page.links:
                assert value.startswith(("/", "#", "http://", "https://")), f"404.html has a relative link {value}"
        for tag, attr, value in page.links:
            if value.startswith("#"):  # same document, wherever it is served
                assert value[1:] in page.ids, f"{relative}: <{tag} {attr}={value}> has no target"
                checked += 1
                continue
            found = resolve(out, base, urljoin(here, value))
            if found is None:
                continue
            target, fragment = found
            checked += 1
            if fragment:
                target_page = pages[target.relative_to(out).as_posix()]
                assert fragment in target_page.ids, f"{relative}: <{tag} {attr}={value}> has no #{fragment} target"
        for key in ("og:url", "og:image", "twitter:image"):
            for value in page.meta.get(key, []):
                assert value.startswith(base), f"{relative}: {key} {value} is not an absolute URL under {base}"
                assert resolve(out, base, value) is not None
                checked += 1
    return Crawl(out, base, pages, checked)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real project built at a domain root (--base-url) and under a project sub-path (BASE_URL)."""
    root = copy_project(tmp_path_factory.mktemp("publish") / "site")
    outputs = {}
    for base, how in ((ROOT_BASE, "flag"), (REPO_BASE, "env")):
        out = root / f"output-{how}"
        if how == "flag":
            done = run_cli(root, "build", "--base-url", base, "--out", str(out))
        else:
            done = run_cli(root, "build", "--out", str(out), env={**os.environ, "BASE_URL": base})
        assert done.code == 0, done.stderr
        outputs[base] = out
    return outputs


@pytest.mark.parametrize("base", [ROOT_BASE, REPO_BASE])
def test_every_internal_link_and_asset_resolves_under_the_base_path(builds: dict[str, Path], base: str) -> None:
    result = crawl(builds[base], base)
    assert set(result.pages) >= {"index.html", "404.html", "topik/index.html"}
    hidden = list(builds[base].rglob(".*"))
    assert hidden == []  # upload-pages-artifact leaves out hidden files, so nothing may depend on one
    assert result.checked > 100
    if base == REPO_BASE:
        for relative, page in result.pages.items():
            for _tag, _attr, value in page.links:
                assert not (value.startswith("/") and not value.startswith("/repo/")), (relative, value)


@pytest.mark.parametrize("base", [ROOT_BASE, REPO_BASE])
def test_feeds_parse_and_every_entry_resolves(builds: dict[str, Path], base: str) -> None:
    out = builds[base]
    feeds = sorted(out.rglob("feed.xml"))
    topics = sorted(p for p in (out / "topik").iterdir() if p.is_dir())
    assert len(feeds) == 1 + len(topics) + 1  # the site's, each topic's, the corrections page's
    explainers = sorted(p.parent.name for p in out.glob("*/index.html") if p.parent.name not in RESERVED)
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.version == "atom10"
        self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
        assert self_link == base + path.relative_to(out).as_posix()
        assert resolve(out, base, self_link) == (path, "")
        for entry in parsed.entries:
            target, _ = resolve(out, base, entry.link) or (None, "")
            assert target is not None and target.parent.name in explainers
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00\+07:00", entry.published)
        if parsed.entries:  # the corrections feed has none while nothing was corrected
            assert parsed.feed.updated == max(entry.updated for entry in parsed.entries)
    site = feedparser.parse((out / "feed.xml").read_bytes())
    assert sorted(urlsplit(e.link).path.strip("/").split("/")[-1] for e in site.entries) == explainers
    assert [e.published for e in site.entries] == sorted((e.published for e in site.entries), reverse=True)


@pytest.mark.parametrize("base", [ROOT_BASE, REPO_BASE])
def test_pages_announce_their_feeds(builds: dict[str, Path], base: str) -> None:
    out = builds[base]
    pages = {p.relative_to(out).as_posix(): parse_page(p) for p in out.rglob("*.html")}
    for relative, page in pages.items():
        hrefs = [href for _title, href in page.feeds]
        assert urljoin(base, hrefs[-1]) == base + "feed.xml", relative
        for href in hrefs:
            assert resolve(out, base, urljoin(base, href)) is not None
    topic = pages["topik/korea-utara/index.html"]
    assert topic.feeds[0] == ("Korea Utara · Penjelas", urlsplit(base).path + "topik/korea-utara/feed.xml")


@pytest.mark.parametrize("base", [ROOT_BASE, REPO_BASE])
def test_sitemap_and_robots_point_at_built_pages(builds: dict[str, Path], base: str) -> None:
    out = builds[base]
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    entries = {u.findtext("s:loc", namespaces=SITEMAP_NS): u.findtext("s:lastmod", namespaces=SITEMAP_NS) for u in root}
    for loc in entries:
        assert loc is not None and resolve(out, base, loc) is not None
    built = {page_url(base, p.relative_to(out).as_posix()) for p in out.rglob("index.html")}
    assert set(entries) == built  # every page but 404.html
    assert entries[base + "protokol-kerja-sama-korea-utara-rusia/"] == "2024-11-23"  # its update
    assert entries[base] == "2024-11-23"
    assert entries[base + "penulis/redaksi/"] == "2024-11-23"
    robots = (out / "robots.txt").read_text()
    assert f"Sitemap: {base}sitemap.xml\n" in robots
    assert not (out / "CNAME").exists()


def explainer_pages(out: Path) -> dict[str, Page]:
    return {
        p.parent.name: parse_page(p)
        for p in sorted(out.glob("*/index.html"))
        if p.parent.name not in RESERVED and not p.parent.name.startswith(".")
    }


@pytest.mark.parametrize("base", [ROOT_BASE, REPO_BASE])
def test_explainers_have_canonical_open_graph_twitter_and_a_share_image(builds: dict[str, Path], base: str) -> None:
    out = builds[base]
    pages = explainer_pages(out)
    assert len(pages) == 2
    for slug, page in pages.items():
        url = f"{base}{slug}/"
        meta = page.meta
        assert page.canonical == [url]
        assert meta["og:url"] == [url]
        assert meta["og:type"] == ["article"]
        assert meta["og:locale"] == ["id_ID"]
        assert meta["og:site_name"] == ["Penjelas"]
        assert meta["og:title"] == meta["twitter:title"] and meta["og:title"][0]
        assert meta["description"] == meta["og:description"]
        assert meta["twitter:card"] == ["summary_large_image"]
        assert meta["twitter:image"] == meta["og:image"]
        # Each explainer's lead photo (front matter image naming a media.yaml picture) is its share image,
        # with the picture's own alt text.
        assert meta["twitter:image:alt"] == meta["og:image:alt"] == [page.lead_alt]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00\+07:00", meta["article:published_time"][0])
        assert meta["article:modified_time"] >= meta["article:published_time"]
        assert len(meta["article:tag"]) == 5
        [image_url] = meta["og:image"]
        assert re.fullmatch(re.escape(url) + r"ilustrasi-[a-z]+-1200\.[0-9a-f]{10}\.jpg", image_url)
        image_file, _ = resolve(out, base, image_url) or (None, "")
        assert image_file is not None
        with Image.open(image_file) as image:
            assert image.format == "JPEG"
            assert [str(n) for n in image.size] == meta["og:image:width"] + meta["og:image:height"]
        assert meta["og:image:type"] == ["image/jpeg"]
        assert "robots" not in meta


def test_share_cards_do_not_depend_on_the_base_url(builds: dict[str, Path]) -> None:
    kinds = (".png", ".jpg", ".webp")
    a = {p.relative_to(builds[ROOT_BASE]).as_posix() for p in builds[ROOT_BASE].rglob("*") if p.suffix in kinds}
    b = {p.relative_to(builds[REPO_BASE]).as_posix() for p in builds[REPO_BASE].rglob("*") if p.suffix in kinds}
    assert a == b
    # The site's card, and each explainer's lead picture at three widths as WebP and JPEG.
    assert len([n for n in a if "kartu." in n]) == 1 and len(a) == 1 + 2 * 6


@pytest.mark.parametrize("base", [ROOT_BASE, REPO_BASE])
def test_explainers_carry_news_article_and_breadcrumb_json_ld(builds: dict[str, Path], base: str) -> None:
    out = builds[base]
    site_feed = feedparser.parse((out / "feed.xml").read_bytes())
    titles = {urlsplit(e.link).path.strip("/").split("/")[-1]: e for e in site_feed.entries}
    for slug, page in explainer_pages(out).items():
        url = f"{base}{slug}/"
        articles = [d for d in page.json_ld if d["@type"] == ["NewsArticle", "BackgroundNewsArticle"]]
        crumbs = [d for d in page.json_ld if d["@type"] == "BreadcrumbList"]
        assert len(articles) == len(crumbs) == 1
        article, crumb = articles[0], crumbs[0]
        assert article["@context"] == "https://schema.org"
        assert article["headline"] == titles[slug].title == page.meta["og:title"][0]
        assert article["description"] == page.meta["description"][0]
        assert article["datePublished"] == page.meta["article:published_time"][0]
        assert article["dateModified"] == page.meta["article:modified_time"][0]
        assert str(article["datePublished"]).endswith("+07:00")
        assert article["inLanguage"] == "id"
        assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
        assert article["url"] == url
        author = {
            "@type": "Person",
            "name": "Redaksi Penjelas",
            "url": f"{base}penulis/redaksi/",
            "jobTitle": "Tim redaksi",
        }
        assert article["author"] == [author]
        assert resolve(out, base, author["url"]) is not None
        assert article["publisher"] == {"@type": "Organization", "name": "Penjelas", "url": base}
        assert article["keywords"] == page.meta["article:tag"]
        height = int(page.meta["og:image:height"][0])
        assert article["image"] == [
            {
                "@type": "ImageObject",
                "url": page.meta["og:image"][0],
                "width": 1200,
                "height": height,
                "creditText": "Ilustrasi: Redaksi Penjelas",
            }
        ]
        items = crumb["itemListElement"]
        assert isinstance(items, list)
        assert [i["position"] for i in items] == [1, 2, 3]
        assert items[0] == {"@type": "ListItem", "position": 1, "name": "Beranda", "item": base}
        assert items[1]["item"] == f"{base}topik/korea-utara/"
        assert items[2]["item"] == url
        for item in items:
            assert resolve(out, base, item["item"]) is not None


def test_other_pages_have_site_metadata(builds: dict[str, Path]) -> None:
    out = builds[REPO_BASE]
    home = parse_page(out / "index.html")
    assert home.canonical == [REPO_BASE]
    assert home.meta["og:type"] == ["website"]
    assert home.json_ld[0]["@type"] == "WebSite" and home.json_ld[0]["url"] == REPO_BASE
    assert re.fullmatch(re.escape(REPO_BASE) + r"kartu\.[0-9a-f]{10}\.png", home.meta["og:image"][0])
    topic = parse_page(out / "topik" / "rusia" / "index.html")
    assert topic.canonical == [f"{REPO_BASE}topik/rusia/"]
    assert topic.meta["description"] == ["Penjelasan tentang Rusia, dari yang terbaru."]
    assert [i["name"] for i in topic.json_ld[0]["itemListElement"]] == ["Beranda", "Topik", "Rusia"]  # type: ignore[union-attr]
    missing = parse_page(out / "404.html")
    assert missing.canonical == [] and "og:url" not in missing.meta
    assert missing.meta["robots"] == ["noindex"]
    text = (out / "404.html").read_text()
    assert "<h1>Halaman tidak ditemukan</h1>" in text
    assert 'href="/repo/protokol-kerja-sama-korea-utara-rusia/"' in text


def test_builds_are_byte_identical_with_or_without_the_card_cache(project: Path, tmp_path: Path) -> None:
    first, second, third = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert run_cli(project, "build", "--out", str(first)).code == 0
    cached = sorted((project / ".cache" / "cards").iterdir()) + sorted((project / ".cache" / "pictures").rglob("*"))
    assert len(cached) == 1 + 2 * (1 + 1 + 6)  # the site's card; each picture's manifest, folder and copies
    mtimes = [p.stat().st_mtime_ns for p in cached]
    assert run_cli(project, "build", "--out", str(second)).code == 0
    assert [p.stat().st_mtime_ns for p in cached] == mtimes  # reused, not redrawn
    shutil.rmtree(project / ".cache")
    assert run_cli(project, "build", "--out", str(third)).code == 0
    assert snapshot(first) == snapshot(second) == snapshot(third)


def test_a_changed_title_gets_a_new_card(project: Path, tmp_path: Path) -> None:
    index = project / "content" / "explainers" / "protokol-kerja-sama-korea-utara-rusia" / "index.md"
    index.write_text(index.read_text().replace('image: "ilustrasi-peta.png"\n', "", 1))  # a card, not its photo
    assert run_cli(project, "build", "--out", str(tmp_path / "a")).code == 0
    before = sorted((tmp_path / "a" / "protokol-kerja-sama-korea-utara-rusia").glob("kartu.*.png"))
    index.write_text(index.read_text().replace('title: "Protokol', 'title: "Judul baru: Protokol', 1))
    assert run_cli(project, "build", "--out", str(tmp_path / "b")).code == 0
    after = sorted((tmp_path / "b" / "protokol-kerja-sama-korea-utara-rusia").glob("kartu.*.png"))
    assert len(before) == len(after) == 1 and before[0].name != after[0].name
    title = (
        "Judul baru: Protokol kerja sama Korea Utara–Rusia: lebih banyak penerbangan carter, pariwisata jadi sorotan"
    )
    assert (project / ".cache" / "cards" / f"{card_key('Penjelas', title)}.png").read_bytes() == after[0].read_bytes()


HOSTILE_TITLE = '</script><script>alert(1)</script> Tanda "kutip" & <b>tebal</b>'


def set_front_matter(index: Path, **changes: str) -> None:
    """Replace or add front matter lines (values given as YAML)."""
    text = index.read_text()
    head, rest = text.split("\n---\n", 1)
    lines = head.split("\n")
    for key, value in changes.items():
        lines = [line for line in lines if not line.startswith(f"{key}:")]
        lines.append(f"{key}: {value}")
    index.write_text("\n".join(lines) + "\n---\n" + rest)


def test_hostile_titles_stay_text_in_html_json_ld_and_feeds(project: Path, tmp_path: Path) -> None:
    slug = "protokol-kerja-sama-korea-utara-rusia"
    set_front_matter(project / "content" / "explainers" / slug / "index.md", title=json.dumps(HOSTILE_TITLE))
    out = tmp_path / "out"
    done = run_cli(project, "build", "--out", str(out))
    assert done.code == 0, done.stderr
    page = parse_page(out / slug / "index.html")  # raises if a script is not valid JSON-LD
    assert len(page.json_ld) == 2
    assert page.json_ld[0]["headline"] == HOSTILE_TITLE
    assert page.meta["og:title"] == [HOSTILE_TITLE]
    html = (out / slug / "index.html").read_text()
    assert html.count("<script") == 2 and "alert(1)</script>" not in html
    entry = next(e for e in feedparser.parse((out / "feed.xml").read_bytes()).entries if slug in e.link)
    assert entry.title == HOSTILE_TITLE


def jpeg(size: tuple[int, int] = (1200, 630)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def test_an_editors_image_is_copied_and_used_instead_of_a_card(project: Path, tmp_path: Path) -> None:
    slug = "protokol-kerja-sama-korea-utara-rusia"
    folder = project / "content" / "explainers" / slug
    (folder / "gambar").mkdir()
    (folder / "gambar" / "sampul.jpg").write_bytes(jpeg((1000, 600)))
    set_front_matter(folder / "index.md", image='"gambar/sampul.jpg"', image_alt='"Pesawat di landasan Pyongyang"')
    out = tmp_path / "out"
    done = run_cli(project, "build", "--base-url", REPO_BASE, "--out", str(out))
    assert done.code == 0, done.stderr
    meta = parse_page(out / slug / "index.html").meta
    [url] = meta["og:image"]
    assert re.fullmatch(re.escape(f"{REPO_BASE}{slug}/gambar/sampul.") + r"[0-9a-f]{10}\.jpg", url)
    target, _ = resolve(out, REPO_BASE, url) or (None, "")
    assert target is not None and target.read_bytes() == (folder / "gambar" / "sampul.jpg").read_bytes()
    assert meta["og:image:type"] == ["image/jpeg"]
    assert (meta["og:image:width"], meta["og:image:height"]) == (["1000"], ["600"])
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == ["Pesawat di landasan Pyongyang"]
    assert not list((out / slug).glob("kartu.*.png"))
    article = parse_page(out / slug / "index.html").json_ld[0]
    assert article["image"] == [{"@type": "ImageObject", "url": url, "width": 1000, "height": 600}]


def test_image_problems_stop_the_build_with_located_errors(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.html").write_text("previous")
    first = project / "content" / "explainers" / "protokol-kerja-sama-korea-utara-rusia"
    second = project / "content" / "explainers" / "perjanjian-pertahanan-korea-utara-rusia-2024"
    (first / "kecil.jpg").write_bytes(jpeg((120, 80)))
    set_front_matter(first / "index.md", image='"kecil.jpg"', image_alt='"Foto"')
    set_front_matter(second / "index.md", image='"sampul.png"')
    done = run_cli(project, "build", "--out", str(out))
    assert done.code == 1
    lines = done.stderr.splitlines()
    assert any(
        re.fullmatch(
            r"content/explainers/perjanjian-pertahanan-korea-utara-rusia-2024/index\.md:\d+:8: error: 'image' needs"
            r" 'image_alt' beside it .*",
            line,
        )
        for line in lines
    ), done.stderr
    assert any(
        line.startswith("content/explainers/perjanjian-pertahanan-korea-utara-rusia-2024/index.md:")
        and "there is no file 'sampul.png'" in line
        for line in lines
    ), done.stderr
    assert snapshot(out) == {"old.html": b"previous"}
    set_front_matter(second / "index.md", image='"kecil.jpg"', image_alt='"Foto"')
    shutil.copy(first / "kecil.jpg", second / "kecil.jpg")
    done = run_cli(project, "build", "--out", str(out))
    assert done.code == 1
    assert (
        "content/explainers/protokol-kerja-sama-korea-utara-rusia/kecil.jpg: error: the image is 120×80 pixels;"
        " share previews need at least 200×200 (use a larger picture, ideally 1200×630)"
    ) in done.stderr
    assert "2 problems found." in done.stderr


def test_domain_writes_cname_and_timezone_sets_the_offsets(project: Path, tmp_path: Path) -> None:
    site = project / "content" / "site.yaml"
    text = site.read_text().replace('base_url: "https://example.org/"', 'base_url: "https://penjelas.example.id/"')
    site.write_text(text + 'domain: "penjelas.example.id"\ntimezone: "Asia/Jayapura"\n')
    out = tmp_path / "out"
    done = run_cli(project, "build", "--out", str(out))
    assert done.code == 0, done.stderr
    assert (out / "CNAME").read_bytes() == b"penjelas.example.id\n"
    page = parse_page(out / "protokol-kerja-sama-korea-utara-rusia" / "index.html")
    assert page.meta["article:published_time"] == ["2024-11-22T00:00:00+09:00"]
    assert page.json_ld[0]["datePublished"] == "2024-11-22T00:00:00+09:00"
    assert page.canonical == ["https://penjelas.example.id/protokol-kerja-sama-korea-utara-rusia/"]
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert feed.feed.updated == "2024-11-23T00:00:00+09:00"
    crawl(out, "https://penjelas.example.id/")


def test_drafts_previewed_are_not_indexed_nor_in_feeds_or_sitemap(project: Path, tmp_path: Path) -> None:
    slug = "perjanjian-pertahanan-korea-utara-rusia-2024"
    set_front_matter(project / "content" / "explainers" / slug / "index.md", draft="true")
    out = tmp_path / "out"
    assert run_cli(project, "build", "--drafts", "--out", str(out)).code == 0
    assert parse_page(out / slug / "index.html").meta["robots"] == ["noindex"]
    for path in out.rglob("feed.xml"):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0
        assert all(slug not in e.link for e in parsed.entries), path
    assert slug.encode() not in (out / "sitemap.xml").read_bytes()
    # 'Pertahanan' has only the draft: its feed is empty but valid, dated by the site's newest explainer.
    lone = feedparser.parse((out / "topik" / "pertahanan" / "feed.xml").read_bytes())
    assert lone.entries == [] and lone.feed.updated == "2024-11-23T00:00:00+07:00"
    assert b"topik/pertahanan/" not in (out / "sitemap.xml").read_bytes()
    crawl(out, ROOT_BASE)


def test_a_site_with_only_drafts_has_a_feed_dated_by_source_date_epoch(project: Path, tmp_path: Path) -> None:
    for index in (project / "content" / "explainers").glob("*/index.md"):
        set_front_matter(index, draft="true")
    out = tmp_path / "out"
    done = run_cli(project, "build", "--out", str(out), env={**os.environ, "SOURCE_DATE_EPOCH": "1732320000"})
    assert done.code == 0, done.stderr
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert parsed.bozo == 0 and parsed.entries == []
    assert parsed.feed.updated == "2024-11-23T00:00:00+00:00"
    crawl(out, ROOT_BASE)


@pytest.mark.parametrize("bad", ["/repo/", "example.github.io/repo", "https://example.org/?q=1"])
def test_a_base_url_that_is_not_an_address_is_refused(project: Path, tmp_path: Path, bad: str) -> None:
    done = run_cli(project, "build", "--base-url", bad, "--out", str(tmp_path / "out"))
    assert done.code == 1
    assert done.stderr.startswith("--base-url: error: the base URL '")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("base", [ROOT_BASE, REPO_BASE])
def test_the_author_page_is_a_profile_page_listing_their_explainers(builds: dict[str, Path], base: str) -> None:
    out = builds[base]
    page = parse_page(out / "penulis" / "redaksi" / "index.html")
    url = f"{base}penulis/redaksi/"
    assert page.canonical == [url]
    profile, crumb = page.json_ld
    assert profile["@type"] == "ProfilePage" and profile["url"] == url
    person = profile["mainEntity"]
    assert isinstance(person, dict)
    assert (person["@type"], person["name"], person["url"], person["jobTitle"]) == (
        "Person",
        "Redaksi Penjelas",
        url,
        "Tim redaksi",
    )
    assert str(person["description"]).startswith("Tim redaksi Penjelas menyusun")
    assert page.meta["description"] == [person["description"]]
    assert [i["item"] for i in crumb["itemListElement"]] == [base, url]  # type: ignore[union-attr]
    text = (out / "penulis" / "redaksi" / "index.html").read_text()
    assert "<h1>Redaksi Penjelas</h1>" in text
    path = urlsplit(base).path
    listed = re.findall(r'<h2><a href="([^"]+)">', text)
    assert listed == [
        f"{path}perjanjian-pertahanan-korea-utara-rusia-2024/",
        f"{path}protokol-kerja-sama-korea-utara-rusia/",
    ]
    byline = (
        f'<p class="byline">Oleh <a href="{path}penulis/redaksi/" rel="author">Redaksi Penjelas</a>, Tim redaksi</p>'
    )
    for explainer in explainer_pages(out):
        assert byline in (out / explainer / "index.html").read_text()


def test_reader_facing_text_of_the_new_templates_is_in_the_catalogue() -> None:
    catalogue = (ROOT / "locale" / "id" / "LC_MESSAGES" / "messages.po").read_text()
    for name in ("404.html", "_meta.html", "author.html", "explainer.html"):
        for message in re.findall(r'_\("([^"]+)"\)', (ROOT / "templates" / name).read_text()):
            assert f'msgid "{message}"' in catalogue, message
    assert 'msgid "Explainers about %(topic)s, newest first."' in catalogue
