"""Pictures in a real browser (issue 15): the lead photo is the largest thing on the first screen and loads
first, nothing moves as pictures arrive, every picture says what it shows and who made it, and the first view
of an explainer on a phone stays within its budget."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.sitetools import EXPLAINER, ServedSite
from tests.test_browser import DESKTOP, PHONE, page_type, visit

if TYPE_CHECKING:
    from playwright.sync_api import Browser

KB = 1024
FIRST_VIEW_BUDGET = 200 * KB
"""Everything a phone fetches to show the protocol explainer's first screen: page, stylesheet, lead photo."""


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("name", ["home", "explainer"])
def test_every_picture_has_alt_width_and_height(
    browser: Browser, served_site: ServedSite, name: str, width: int
) -> None:
    with visit(browser, served_site, page_type(name), width) as seen:
        images = seen.page.evaluate(
            """() => [...document.images].map(i => ({src: i.currentSrc, alt: i.getAttribute('alt'),
                width: i.getAttribute('width'), height: i.getAttribute('height'),
                ratio: i.naturalWidth ? i.naturalWidth / i.naturalHeight : null,
                shown: i.getBoundingClientRect().width / i.getBoundingClientRect().height,
                cropped: getComputedStyle(i).objectFit === 'cover'}))"""
        )
        assert seen.problems == []
    assert images, f"the {name} page shows no picture"
    for image in images:
        assert image["alt"], f"{image['src']} has no alt text"
        assert image["width"] and image["height"], f"{image['src']} has no width and height"
        reserved = int(image["width"]) / int(image["height"])
        if not image["cropped"]:  # a thumbnail is cut to its frame; any other picture keeps its proportions
            assert abs(image["shown"] - reserved) < 0.02, f"{image['src']} is drawn out of its proportions"
        if image["ratio"] is not None:  # loaded: its file has the proportions its attributes promised
            assert abs(image["ratio"] - reserved) < 0.01, image


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_lead_photo_is_the_largest_paint_and_loads_eagerly(
    browser: Browser, served_site: ServedSite, width: int
) -> None:
    with visit(browser, served_site, page_type("explainer"), width) as seen:
        page = seen.page
        lcp = page.evaluate(
            """() => new Promise(resolve => {
                // Every candidate so far and for two frames after the lead photo is decoded: the browser
                // reports the headline first and the picture once it is painted, which under load can be
                // after the load event.
                let last = null;
                new PerformanceObserver(list => { const e = list.getEntries(); last = e[e.length - 1]; })
                    .observe({type: 'largest-contentful-paint', buffered: true});
                document.querySelector('.lead-photo img').decode().catch(() => null).then(() =>
                    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve({
                        tag: last && last.element && last.element.tagName,
                        lead: !!(last && last.element && last.element.closest('.lead-photo')),
                        url: last && last.url}), 200))));
            })"""
        )
        lead = page.evaluate(
            """() => { const i = document.querySelector('.lead-photo img');
                return {loading: i.loading, priority: i.getAttribute('fetchpriority'), complete: i.complete}; }"""
        )
    assert lcp["tag"] == "IMG" and lcp["lead"], f"the largest paint is {lcp}, not the lead photo"
    assert lead == {"loading": "auto", "priority": "high", "complete": True}


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_figures_show_their_caption_and_credit(browser: Browser, served_site: ServedSite, width: int) -> None:
    with visit(browser, served_site, page_type("explainer"), width) as seen:
        figures = seen.page.evaluate(
            """() => [...document.querySelectorAll('figure')].map(f => {
                const caption = f.querySelector('figcaption'), credit = f.querySelector('.credit');
                const r = caption.getBoundingClientRect(), img = f.querySelector('img').getBoundingClientRect();
                return {credit: credit ? credit.innerText.trim() : '', caption: caption.innerText.trim(),
                        below: r.top >= img.bottom - 1, visible: r.height > 0 && getComputedStyle(caption).visibility !== 'hidden',
                        lazy: f.querySelector('img').loading, lead: f.classList.contains('lead-photo')};
            })"""
        )
    assert figures, "the explainer has no figure"
    for figure in figures:
        assert figure["credit"], f"a figure has no credit: {figure}"
        assert figure["visible"] and figure["below"], figure
        assert figure["lazy"] == ("auto" if figure["lead"] else "lazy"), figure


def test_first_view_on_a_phone_stays_within_budget(browser: Browser, served_site: ServedSite) -> None:
    """What a phone fetches before the reader scrolls: the page, its stylesheet, the lead photo (as WebP, at
    the width the phone needs); pictures further down wait until they are near."""
    with visit(browser, served_site, page_type("explainer"), PHONE) as seen:
        page = seen.page
        page.wait_for_load_state("networkidle")
        fetched = page.evaluate(
            """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                .map(e => ({url: e.name, bytes: e.transferSize || e.encodedBodySize}))"""
        )
    total = sum(entry["bytes"] for entry in fetched)
    listing = ", ".join(f"{e['url'].rsplit('/', 1)[-1]} {e['bytes']}" for e in fetched)
    assert total < FIRST_VIEW_BUDGET, f"{EXPLAINER} at {PHONE}px fetches {total} bytes: {listing}"
    pictures = [e["url"] for e in fetched if e["url"].endswith((".webp", ".jpg", ".png"))]
    assert len(pictures) == 1 and pictures[0].endswith(".webp") and "-480." in pictures[0], pictures


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_byline_links_to_a_working_author_page(browser: Browser, served_site: ServedSite, width: int) -> None:
    with visit(browser, served_site, page_type("explainer"), width) as seen:
        page = seen.page
        link = page.locator(".byline a").first
        name = link.inner_text()
        assert page.locator(".byline").inner_text().startswith("Oleh ")
        with page.expect_navigation():
            link.click()
        assert page.locator("h1").inner_text() == name
        listed = page.locator(f"a[href$='/{EXPLAINER}/']")
        assert listed.count() >= 1, "the author page lists the explainer the byline was on"
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width
        assert seen.problems == []
