"""The reader's page in a real browser: Debian's Chromium driven by Playwright, on the built site served over HTTP.

Layout at phone and desktop widths, accessibility (axe-core, in light and dark colour schemes), focus,
reduced motion, print, layout shift, and screenshots under test-artifacts/ for a reviewer to look at.
Without Chromium these tests skip (or fail, in CI) saying how to install it.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from tests.sitetools import ARTIFACTS, NOT_FOUND_TEMPLATE, PageType, ServedSite, page_types, require_node_tool

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PAGE_TYPES = page_types()
TYPE_IDS = [t.name for t in PAGE_TYPES]
WIDTHS = (320, 390, 1280)
PHONE, DESKTOP = 390, 1280
SCHEMES = ("light", "dark")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCREENSHOTS = ARTIFACTS / "screenshots"


def test_every_page_type_is_covered() -> None:
    """The 404 page joins the browser tests as soon as the project has a template for it."""
    expected = {"home", "explainer", "topic", "topics", "corrections"} | (
        {"404"} if NOT_FOUND_TEMPLATE.is_file() else set()
    )
    assert set(TYPE_IDS) == expected


@dataclass
class Visit:
    page: Page
    url: str
    problems: list[str] = field(default_factory=list)
    """Console errors, failed requests and requests to other hosts, as they happened."""


@contextlib.contextmanager
def visit(
    browser: Browser,
    site: ServedSite,
    page_type: PageType,
    width: int,
    scheme: str = "light",
    reduced_motion: str = "no-preference",
) -> Iterator[Visit]:
    """Open one page in a fresh browser context, recording anything that went wrong while it loaded."""
    height = 844 if width < 800 else 900
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,  # type: ignore[arg-type]
        reduced_motion=reduced_motion,  # type: ignore[arg-type]
    )
    page = context.new_page()
    url = site.url(page_type.path)
    result = Visit(page, url)

    def expected_status(response_url: str, status: int) -> bool:
        return response_url == url and status == page_type.status

    def on_console(message: Any) -> None:
        if message.type != "error":
            return
        location = message.location.get("url", "")
        if page_type.status != 200 and location == url and str(page_type.status) in message.text:
            return  # the browser reports a 404 page's own status; that is what the page is for
        result.problems.append(f"console error: {message.text} ({location})")

    def on_response(response: Any) -> None:
        if response.status >= 400 and not expected_status(response.url, response.status):
            result.problems.append(f"HTTP {response.status}: {response.url}")

    def on_request(request: Any) -> None:
        if not request.url.startswith((site.origin + "/", "data:")):
            result.problems.append(f"request to another host: {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: result.problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: result.problems.append(f"failed: {request.url} {request.failure}"))
    page.on("response", on_response)
    page.on("request", on_request)
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == page_type.status, f"{url} answered {response}"
        yield result
    finally:
        context.close()


def box(page: Page, selector: str) -> dict[str, float]:
    """The bounding box of the one element ``selector`` matches, in page coordinates."""
    locator = page.locator(selector)
    assert locator.count() == 1, f"{selector} matches {locator.count()} elements"
    found = locator.bounding_box()
    assert found is not None, f"{selector} is not displayed"
    scroll_y = page.evaluate("window.scrollY")
    return {
        "left": found["x"],
        "right": found["x"] + found["width"],
        "top": found["y"] + scroll_y,
        "bottom": found["y"] + scroll_y + found["height"],
        "width": found["width"],
    }


def axe_violations(page: Page) -> list[str]:
    """What axe-core's WCAG 2.2 A/AA and best-practice rules find on ``page``, one line per rule broken."""
    page.add_script_tag(path=str(require_node_tool("axe-core/axe.min.js", "axe-core (npm)")))
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    assert results["passes"], "axe ran no checks that passed: it did not run"
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(f"{n['target']}: {n['failureSummary']}" for n in v["nodes"][:5])
        for v in results["violations"]
    ]


def page_type(name: str) -> PageType:
    return next(t for t in PAGE_TYPES if t.name == name)


# --- Every page type at every width ---


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_TYPES, ids=TYPE_IDS)
def test_page_fits_and_loads_cleanly(browser: Browser, served_site: ServedSite, kind: PageType, width: int) -> None:
    """No horizontal scrolling, no console errors, no failed or third-party requests, every image with alt."""
    with visit(browser, served_site, kind, width) as seen:
        page = seen.page
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{kind.name} at {width}px scrolls sideways ({scroll_width}px wide)"
        wider = page.evaluate(
            """w => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w + 0.5)
                .map(e => e.tagName + '.' + e.className).slice(0, 5)""",
            width,
        )
        assert not wider, f"elements wider than the screen: {wider}"
        without_alt = page.evaluate("[...document.images].filter(i => !i.hasAttribute('alt')).map(i => i.src)")
        assert not without_alt, f"images without alt: {without_alt}"
        assert page.evaluate("document.documentElement.lang") == "id"
        page.wait_for_load_state("networkidle")
        assert not seen.problems, "\n".join(seen.problems)


# --- The design: where the fact box, the timeline and the sidebar go ---


@pytest.mark.parametrize("width", [320, 390])
def test_explainer_on_a_phone_reads_in_one_column(browser: Browser, served_site: ServedSite, width: int) -> None:
    with visit(browser, served_site, page_type("explainer"), width) as seen:
        page = seen.page
        summary, facts, body = box(page, ".summary"), box(page, ".fact-box"), box(page, ".body")
        lead, intro = box(page, ".lead-photo"), box(page, ".intro")
        timeline, sources = box(page, ".timeline"), box(page, ".sources")
        topics, related = box(page, ".topics"), box(page, ".related")
        # The quick answer first: the summary, the lead photo, the article's opening, then the key facts
        # before the rest of the body.
        assert summary["bottom"] <= lead["top"] and lead["bottom"] <= intro["top"] < facts["top"] < body["top"]
        assert facts["top"] - intro["bottom"] < 60
        # One column, each part below the last; related reading follows the article, the topics close it.
        order = [intro, facts, body, timeline, sources, related, topics]
        for upper, lower in itertools.pairwise(order):
            assert upper["bottom"] <= lower["top"] + 1
        for part in order:
            assert abs(part["left"] - body["left"]) < 1, "every part starts at the same left edge"
            assert part["right"] <= width
        assert facts["width"] >= body["width"] - 1, "the fact box spans the column"


@pytest.mark.parametrize("width", [320, 390])
def test_explainer_on_a_phone_starts_its_body_on_the_first_screens(
    browser: Browser, served_site: ServedSite, width: int
) -> None:
    """The article's opening before the key facts (three of them shown, the rest folded away): its first
    paragraph is on the first screen or just below it, whatever the number of facts."""
    with visit(browser, served_site, page_type("explainer"), width) as seen:
        page = seen.page
        height = page.viewport_size["height"] if page.viewport_size else 844
        opening = box(page, ".intro > p:first-of-type")
        assert opening["top"] < 1.2 * height, f"the article starts {opening['top']:.0f}px down ({height}px screen)"
        first = box(page, ".body > p:first-of-type")
        shown = page.locator(".fact-box > dl > div").count()
        folded = page.locator(".more-facts dl > div")
        assert shown == 3 and folded.count() >= 2, "three facts shown, the rest behind 'see all'"
        summary = page.locator(".more-facts summary")
        assert summary.inner_text() == f"Lihat semua fakta ({shown + folded.count()})"
        assert not folded.first.is_visible(), "the folded facts take no room until asked for"
        assert first["top"] > box(page, ".more-facts summary")["bottom"]
        summary.click()
        assert folded.last.is_visible()
        assert box(page, ".more-facts")["bottom"] <= box(page, ".body")["top"], "opened, they still precede the body"
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"opened, the facts scroll sideways ({scroll_width}px)"


def test_timeline_is_a_vertical_line_with_a_marker_per_date(browser: Browser, served_site: ServedSite) -> None:
    for width in (PHONE, DESKTOP):
        with visit(browser, served_site, page_type("explainer"), width) as seen:
            page = seen.page
            events = page.locator(".timeline li")
            assert events.count() >= 2
            markers = page.evaluate(
                """() => [...document.querySelectorAll('.timeline li')].map(li => {
                    const marks = [li, li.querySelector('.event')].map(e => getComputedStyle(e, '::before'))
                        .filter(s => s.content !== 'none' && s.display !== 'none');
                    return marks.length === 1 ? marks[0].borderTopStyle : 'none';
                })"""
            )
            assert all(style == "solid" for style in markers), f"a marker per event at {width}px: {markers}"
            line = page.evaluate(
                """() => {
                    const ol = getComputedStyle(document.querySelector('.timeline ol'));
                    const event = getComputedStyle(document.querySelector('.timeline .event'));
                    return Math.max(parseFloat(ol.borderLeftWidth), parseFloat(event.borderLeftWidth));
                }"""
            )
            assert line >= 2, f"the timeline has a vertical line at {width}px"
            first, second = events.nth(0).bounding_box(), events.nth(1).bounding_box()
            assert first and second and first["y"] + first["height"] <= second["y"] + 1, "events are stacked"
            when, title = box(page, ".timeline li:first-child .when"), box(page, ".timeline li:first-child h3")
            if width == PHONE:
                assert when["bottom"] <= title["top"] + 1, "on a phone the date is above the event"
            else:
                assert when["right"] < title["left"] and when["top"] < title["bottom"], "the date is left of the line"


def test_explainer_on_a_wide_screen_has_a_sidebar(browser: Browser, served_site: ServedSite) -> None:
    with visit(browser, served_site, page_type("explainer"), DESKTOP) as seen:
        page = seen.page
        title, summary = box(page, ".explainer-header h1"), box(page, ".summary")
        facts, body, related = box(page, ".fact-box"), box(page, ".body"), box(page, ".related")
        timeline, intro, header = box(page, ".timeline"), box(page, ".intro"), box(page, ".explainer-header")
        # The sidebar: fact box and related links side by side with the body, in a column to its right.
        assert facts["left"] >= body["right"] + 24
        assert abs(related["left"] - facts["left"]) < 1 and abs(related["right"] - facts["right"]) < 1
        assert facts["top"] <= summary["bottom"], "the facts start beside the title"
        # Related reading follows the facts, or the article's opening where a lead photo makes the header
        # taller than the facts (which stay in view meanwhile: sticky).
        assert related["top"] >= facts["bottom"], "related follows facts"
        assert related["top"] - max(facts["bottom"], intro["bottom"]) < 80, "related follows facts"
        assert page.evaluate("getComputedStyle(document.querySelector('.fact-box')).position") == "sticky"
        assert related["top"] < body["bottom"], "related sits beside the body, not after the article"
        assert abs(title["left"] - body["left"]) < 1 and abs(timeline["left"] - body["left"]) < 1
        assert intro["top"] - header["bottom"] < 80, "no gap opens between the header and the article"
        assert body["top"] - intro["bottom"] < 80, "nor between the article's opening and the rest of it"
        assert timeline["top"] - body["bottom"] < 80
        font_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.body p')).fontSize)")
        assert body["width"] / font_size <= 40, "a comfortable line length (about 75 characters at most)"


def test_a_short_body_beside_a_long_sidebar_leaves_no_gap(browser: Browser, served_site: ServedSite) -> None:
    """With a body much shorter than the fact box, the timeline still follows the body directly."""
    with visit(browser, served_site, page_type("explainer"), DESKTOP) as seen:
        page = seen.page
        page.evaluate(
            "document.querySelectorAll('.lead-photo, .intro, .body > :nth-child(n+2)').forEach(e => e.remove())"
        )
        page.evaluate("document.querySelector('.more-facts').open = true")  # every fact: the tallest sidebar
        facts, body, timeline = box(page, ".fact-box"), box(page, ".body"), box(page, ".timeline")
        related = box(page, ".related")
        assert body["bottom"] < facts["bottom"] - 100, "the test needs a body shorter than the sidebar"
        assert timeline["top"] - body["bottom"] < 80
        assert related["top"] >= facts["bottom"] and related["top"] - facts["bottom"] < 80


def test_related_reading_keeps_beside_a_long_body(browser: Browser, served_site: ServedSite) -> None:
    """The sidebar is not an empty column beside the rest of a long body: related reading stays in view."""
    with visit(browser, served_site, page_type("explainer"), DESKTOP) as seen:
        page = seen.page
        body = box(page, ".body")
        page.evaluate("y => window.scrollTo(0, y)", body["top"] + (body["bottom"] - body["top"]) * 0.6)
        page.wait_for_timeout(100)
        shown = page.locator(".related").bounding_box()
        assert shown is not None and 0 <= shown["y"] < 100, f"related reading scrolled away: {shown}"
        assert box(page, ".related")["left"] >= box(page, ".body")["right"] + 24
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_timeout(100)
        related, topics = box(page, ".related"), box(page, ".topics")
        assert related["bottom"] <= box(page, ".sources")["bottom"] + 1, "it stops beside the end of the article"
        assert topics["left"] < related["left"], "the topics close the article, below the body"


def test_front_page_leads_with_the_newest_explainer(browser: Browser, served_site: ServedSite) -> None:
    for width in (320, PHONE, DESKTOP):
        with visit(browser, served_site, page_type("home"), width) as seen:
            page = seen.page
            lead, topics = box(page, ".lead"), box(page, ".popular-topics")
            teasers = page.locator(".teasers > li")
            assert teasers.count() >= 1
            first_teaser = box(page, ".teasers > li:first-child")
            assert lead["bottom"] <= first_teaser["top"] + 1 and first_teaser["bottom"] <= topics["top"] + 1
            sizes = page.evaluate(
                """() => [document.querySelector('.lead h2'), document.querySelector('.teasers h2')]
                    .map(e => parseFloat(getComputedStyle(e).fontSize))"""
            )
            assert sizes[0] > sizes[1] * 1.1, f"the lead's title is larger than the teasers' ({sizes})"
            assert lead["top"] < page.evaluate("innerHeight") / 2, "the lead starts on the first screen"
            lead_href = page.locator(".lead h2 a").get_attribute("href")
            assert lead_href not in page.locator(".teasers h2 a").evaluate_all(
                "as => as.map(a => a.getAttribute('href'))"
            )
            counts = [
                int(text.strip("()")) for text in page.locator(".popular-topics .topic-list .count").all_inner_texts()
            ]
            assert 1 <= len(counts) <= 8 and counts == sorted(counts, reverse=True), counts
            first_link = page.locator(".popular-topics .topic-list a").first.get_attribute("href") or ""
            assert "/topik/" in first_link
            assert page.locator(".popular-topics h2").inner_text() == "Topik terpopuler"
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"the front page at {width}px scrolls sideways ({scroll_width}px)"


def test_colour_schemes_differ(browser: Browser, served_site: ServedSite) -> None:
    colours = {}
    for scheme in SCHEMES:
        with visit(browser, served_site, page_type("home"), PHONE, scheme) as seen:
            colours[scheme] = seen.page.evaluate(
                "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
            )
    assert colours["light"][0] == "rgb(255, 255, 255)"
    assert colours["dark"] != colours["light"]


# --- Accessibility ---


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGE_TYPES, ids=TYPE_IDS)
def test_axe_finds_no_violations(
    browser: Browser, served_site: ServedSite, kind: PageType, scheme: str, width: int
) -> None:
    """axe-core's WCAG 2.2 A/AA and best-practice rules, colour contrast included, in both colour schemes."""
    with visit(browser, served_site, kind, width, scheme) as seen:
        violations = axe_violations(seen.page)
    assert not violations, f"{kind.name}, {scheme}, {width}px:\n" + "\n".join(violations)


@pytest.mark.parametrize("kind", PAGE_TYPES, ids=TYPE_IDS)
def test_skip_link_comes_first_and_focus_is_visible(browser: Browser, served_site: ServedSite, kind: PageType) -> None:
    with visit(browser, served_site, kind, PHONE) as seen:
        page = seen.page
        page.keyboard.press("Tab")
        skip = page.evaluate(
            """() => { const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
                return {cls: e.className, href: e.getAttribute('href'), top: r.top, bottom: r.bottom,
                        outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)}; }"""
        )
        assert skip["cls"] == "skip-link" and skip["href"] == "#isi"
        assert skip["top"] >= 0 and skip["bottom"] <= 844, "the skip link shows when it has focus"
        assert skip["outline"] != "none" and skip["outlineWidth"] >= 2
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        inside_main = page.evaluate("!!document.activeElement.closest('main')")
        assert inside_main, "after the skip link, the next Tab lands in the main content"


def test_every_link_shows_focus(browser: Browser, served_site: ServedSite) -> None:
    with visit(browser, served_site, page_type("explainer"), DESKTOP) as seen:
        page = seen.page
        count = page.evaluate("document.querySelectorAll('a[href]').length")
        invisible = []
        for _ in range(count):
            page.keyboard.press("Tab")
            focus = page.evaluate(
                """() => { const e = document.activeElement, s = getComputedStyle(e);
                    return [e.tagName, e.textContent.trim().slice(0, 30), s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
            )
            if focus[0] == "A" and (focus[2] == "none" or focus[3] < 2):
                invisible.append(focus[1])
        assert not invisible, f"links without a visible focus outline: {invisible}"


def test_reduced_motion_is_honoured(browser: Browser, served_site: ServedSite) -> None:
    behaviour = {}
    for preference in ("no-preference", "reduce"):
        with visit(browser, served_site, page_type("explainer"), PHONE, reduced_motion=preference) as seen:
            behaviour[preference] = seen.page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
    assert behaviour == {"no-preference": "smooth", "reduce": "auto"}


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("kind", PAGE_TYPES, ids=TYPE_IDS)
def test_no_layout_shift(browser: Browser, served_site: ServedSite, kind: PageType, width: int) -> None:
    with visit(browser, served_site, kind, width) as seen:
        shift = seen.page.evaluate(
            """() => new Promise(resolve => {
                let total = 0;
                new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
                    .observe({type: 'layout-shift', buffered: true});
                setTimeout(() => resolve(total), 300);
            })"""
        )
    assert shift == 0


# --- Print ---


def test_print_keeps_the_article_timeline_and_sources(browser: Browser, served_site: ServedSite) -> None:
    with visit(browser, served_site, page_type("explainer"), 800) as seen:
        page = seen.page
        page.emulate_media(media="print")
        shown = page.evaluate(
            """() => Object.fromEntries(['.site-nav', '.skip-link', '.related', '.topics', '.site-footer',
                '.timeline', '.sources', '.fact-box', '.body'].map(s => [s, getComputedStyle(document.querySelector(s)).display]))"""
        )
        assert {k: v for k, v in shown.items() if v == "none"}.keys() == {
            ".site-nav",
            ".skip-link",
            ".related",
            ".topics",
            ".site-footer",
        }, shown
        address = page.evaluate("getComputedStyle(document.querySelector('.sources a'), '::after').content")
        assert "http" in address or "attr(href)" in address or address.startswith('" <'), address
        line = page.evaluate("getComputedStyle(document.querySelector('.timeline .event')).borderLeftStyle")
        assert line == "solid", "the timeline's line prints (a border, not a background)"
        folder = ARTIFACTS / "print"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / "explainer-print.png"), full_page=True)
        pdf = page.pdf(path=str(folder / "explainer.pdf"), format="A4")
        assert pdf[:4] == b"%PDF"


# --- Screenshots for a reviewer ---


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("kind", PAGE_TYPES, ids=TYPE_IDS)
def test_screenshot(browser: Browser, served_site: ServedSite, kind: PageType, device: str, scheme: str) -> None:
    """Full-page screenshots under test-artifacts/screenshots/, named <page>-<device>-<scheme>.png."""
    width = PHONE if device == "phone" else DESKTOP
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{kind.name}-{device}-{scheme}.png"
    with visit(browser, served_site, kind, width, scheme) as seen:
        data = seen.page.screenshot(path=str(path), full_page=True)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width_in_file = int.from_bytes(data[16:20], "big")
    assert width_in_file == width
