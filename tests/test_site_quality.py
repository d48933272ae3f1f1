"""Quality gates on the built site that need no browser: budgets, internal links, structure, valid HTML."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from tests.sitetools import EXPLAINER, ServedSite, nu_html_errors

KB = 1024
HTML_BUDGET = 40 * KB
"""The protocol explainer's HTML."""
CSS_BUDGET = 15 * KB
"""All stylesheets together."""
RESOURCE_ATTRIBUTES = {("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"), ("iframe", "src")}
"""Attributes whose URL the browser fetches by itself (a link the reader follows is an <a href>)."""


@dataclass
class ParsedPage:
    """What the checks need from one HTML file."""

    links: list[tuple[str, str, str]] = field(default_factory=list)
    """(tag, attribute, URL) of every href and src."""
    ids: set[str] = field(default_factory=set)
    headings: list[int] = field(default_factory=list)
    images_without_alt: int = 0
    scripts: int = 0
    """Executable scripts (structured data in application/ld+json does not count)."""
    lang: str | None = None
    landmarks: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        page = self.page
        for name in ("href", "src"):
            if name in values:
                page.links.append((tag, name, values[name]))
        if "id" in values:
            page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            page.ids.add(values["name"])
        if re.fullmatch(r"h[1-6]", tag):
            page.headings.append(int(tag[1]))
        if tag == "img" and "alt" not in values:
            page.images_without_alt += 1
        if tag == "script" and values.get("type") != "application/ld+json":  # JSON-LD is data, not a program
            page.scripts += 1
        if tag == "html":
            page.lang = values.get("lang")
        if tag in ("header", "nav", "main", "aside", "footer"):
            page.landmarks.add(tag)


def parse(path: Path) -> ParsedPage:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def html_pages(site: ServedSite) -> dict[str, Path]:
    """Every HTML file of the built site by its path below the site root."""
    return {p.relative_to(site.root).as_posix(): p for p in sorted(site.root.rglob("*.html"))}


def page_url(site: ServedSite, relative: str) -> str:
    """The URL a page is served at: folders for index.html, the file name otherwise."""
    if relative == "index.html" or relative.endswith("/index.html"):
        return site.url(relative[: -len("index.html")])
    return site.url(relative)


def target_file(site: ServedSite, url: str) -> Path | None:
    """The file an internal URL resolves to, or None if nothing is there."""
    path = unquote(urlsplit(url).path)
    base = urlsplit(site.base_url).path
    if not path.startswith(base):
        return None
    candidate = site.root / path[len(base) :]
    if path.endswith("/"):
        candidate = candidate / "index.html"
    resolved = candidate.resolve()
    if not resolved.is_relative_to(site.root.resolve()) or not resolved.is_file():
        return None
    return resolved


# --- Budgets ---


def test_explainer_html_is_within_budget(served_site: ServedSite) -> None:
    size = (served_site.root / EXPLAINER / "index.html").stat().st_size
    assert size < HTML_BUDGET, f"{EXPLAINER}/index.html is {size} bytes; the budget is {HTML_BUDGET}"


def test_all_css_is_within_budget_minified_and_fingerprinted(served_site: ServedSite) -> None:
    stylesheets = sorted(served_site.root.rglob("*.css"))
    assert stylesheets, "the site has no stylesheet"
    total = sum(p.stat().st_size for p in stylesheets)
    assert total < CSS_BUDGET, f"the stylesheets add up to {total} bytes; the budget is {CSS_BUDGET}"
    for css in stylesheets:
        assert re.fullmatch(r".+\.[0-9a-f]{10}\.css", css.name), f"{css.name} is not fingerprinted"
        text = css.read_text(encoding="utf-8")
        assert "/*" not in text and "\n" not in text.strip(), f"{css.name} is not minified"


def test_no_javascript_is_required(served_site: ServedSite) -> None:
    """Every page works without JavaScript: there is none to download or run."""
    assert not list(served_site.root.rglob("*.js")), "the site ships JavaScript"
    for relative, path in html_pages(served_site).items():
        page = parse(path)
        assert page.scripts == 0, f"{relative} has a <script> element"
        handlers = re.findall(r"\son[a-z]+=", path.read_text(encoding="utf-8"))
        assert not handlers, f"{relative} has inline event handlers: {handlers}"


def test_no_third_party_requests(served_site: ServedSite) -> None:
    """Nothing a page loads by itself (styles, icons, images, scripts, frames) comes from another host.

    Any <link> counts, canonical ones included: the site is built for the address it is served at here.
    """
    origin = served_site.origin
    for relative, path in html_pages(served_site).items():
        url = page_url(served_site, relative)
        for tag, attribute, value in parse(path).links:
            if (tag, attribute) not in RESOURCE_ATTRIBUTES:
                continue
            absolute = urljoin(url, value)
            assert absolute.startswith(origin + "/") or absolute.startswith("data:"), (
                f"{relative}: <{tag} {attribute}={value!r}> loads from another host"
            )


# --- Links ---


def test_every_internal_link_resolves(served_site: ServedSite) -> None:
    pages = html_pages(served_site)
    parsed = {relative: parse(path) for relative, path in pages.items()}
    ids_by_file = {path.resolve(): parsed[relative].ids for relative, path in pages.items()}
    broken: list[str] = []
    checked = 0
    for relative, page in parsed.items():
        url = page_url(served_site, relative)
        for tag, attribute, value in page.links:
            absolute = urljoin(url, value)
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != served_site.origin:
                continue  # mailto: and other sites are not ours to check here
            checked += 1
            target = target_file(served_site, absolute)
            if target is None:
                broken.append(f"{relative}: <{tag} {attribute}={value!r}> leads nowhere")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_by_file[target]:
                broken.append(f"{relative}: <{tag} {attribute}={value!r}> has no element with id {parts.fragment!r}")
    assert not broken, "\n".join(broken)
    assert checked > 10 * len(pages)  # the header, footer and lists alone link this much: the parser works


def test_a_link_outside_the_base_path_would_be_caught(served_site: ServedSite) -> None:
    """The link check is strict: the site is served under a sub-path, so a link that forgets it fails."""
    assert target_file(served_site, served_site.origin + f"/{EXPLAINER}/") is None
    assert target_file(served_site, served_site.url(f"{EXPLAINER}/")) is not None
    assert target_file(served_site, served_site.url("../etc/passwd")) is None


# --- Structure every page shares ---


def test_every_page_has_lang_landmarks_one_h1_and_headings_in_order(served_site: ServedSite) -> None:
    for relative, path in html_pages(served_site).items():
        page = parse(path)
        assert page.lang, f"{relative}: <html> has no lang"
        assert {"header", "nav", "main", "footer"} <= page.landmarks, f"{relative}: landmarks {page.landmarks}"
        assert page.headings[:1] == [1] and page.headings.count(1) == 1, f"{relative}: headings {page.headings}"
        for before, after in itertools.pairwise(page.headings):
            assert after <= before + 1, f"{relative}: h{before} is followed by h{after}"
        assert page.images_without_alt == 0, f"{relative}: an <img> has no alt"
        assert '<a class="skip-link" href="#isi">' in path.read_text(encoding="utf-8"), relative
        assert "isi" in page.ids, relative


def test_explainer_has_its_asides(served_site: ServedSite) -> None:
    html = (served_site.root / EXPLAINER / "index.html").read_text(encoding="utf-8")
    assert '<aside class="fact-box"' in html and '<aside class="related"' in html


# --- Valid HTML ---


def test_nu_html_checker_finds_no_errors(served_site: ServedSite) -> None:
    """The Nu HTML Checker on every page of the built site."""
    pages = list(html_pages(served_site).values())
    assert pages
    errors = nu_html_errors(pages, served_site.root)
    assert not errors, "\n".join(errors)
