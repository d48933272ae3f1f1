"""Corrections in a real browser (issue 16): the notice before the summary, the change history and the
corrections page, at phone and desktop widths, in both colour schemes, with axe finding nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from penjelas.build import Options, Project, build
from tests.hostile import SITE_YAML, explainer, write_content
from tests.sitetools import PageType, ServedSite, nu_html_errors, serve
from tests.test_browser import DESKTOP, PHONE, SCHEMES, axe_violations, box, visit
from tests.test_updates import UPDATES

if TYPE_CHECKING:
    from playwright.sync_api import Browser

EXPLAINER = PageType("explainer", "satu/")
CORRECTIONS = PageType("corrections", "koreksi/")


@pytest.fixture(scope="module")
def corrected_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """A site whose explainer carries a correction, a reply and an update, served like the real one."""
    work = tmp_path_factory.mktemp("corrected")
    site = SITE_YAML + 'contact: "redaksi@example.id"\n'
    project = write_content(work / "project", {"site.yaml": site, "explainers/satu/index.md": explainer(extra=UPDATES)})
    out = work / "out"
    with serve(out) as base_url:
        build(Project(project), out, Options(base_url=base_url))
        yield ServedSite(out, base_url)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_notice_comes_first_and_the_history_lists_every_change(
    browser: Browser, corrected_site: ServedSite, width: int
) -> None:
    with visit(browser, corrected_site, EXPLAINER, width) as seen:
        page = seen.page
        notice, summary, history = box(page, ".correction-notice"), box(page, ".summary"), box(page, ".history")
        assert notice["bottom"] <= summary["top"], "the correction is read before the summary"
        height = page.viewport_size["height"] if page.viewport_size else 844
        assert notice["top"] < height, "the correction is on the first screen"
        assert page.locator(".history li").count() == 3
        assert history["top"] > summary["bottom"]
        page.locator(".correction-notice a").click()
        assert page.evaluate("location.hash") == "#perubahan-2024-06-25-1430-koreksi"
        report = page.locator(".report a").first.get_attribute("href") or ""
        assert report.startswith("mailto:redaksi@example.id?subject="), report
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert seen.problems == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("kind", [EXPLAINER, CORRECTIONS], ids=["explainer", "corrections"])
def test_axe_finds_nothing_on_corrected_pages(
    browser: Browser, corrected_site: ServedSite, kind: PageType, width: int, scheme: str
) -> None:
    with visit(browser, corrected_site, kind, width, scheme) as seen:
        violations = axe_violations(seen.page)
    assert not violations, f"{kind.name}, {scheme}, {width}px:\n" + "\n".join(violations)


def test_the_corrections_page_links_to_each_notice(browser: Browser, corrected_site: ServedSite) -> None:
    with visit(browser, corrected_site, CORRECTIONS, PHONE) as seen:
        page = seen.page
        assert page.locator(".corrections > li").count() == 2  # the correction and the reply, not the update
        page.locator(".corrections h2 a").nth(1).click()
        page.wait_for_load_state()
        assert page.evaluate("location.hash") == "#perubahan-2024-06-25-1430-koreksi"
        target = page.evaluate("document.querySelector(':target').tagName")
        assert target == "LI"


def test_nu_html_checker_finds_no_errors_on_corrected_pages(corrected_site: ServedSite) -> None:
    pages = [corrected_site.root / "satu" / "index.html", corrected_site.root / "koreksi" / "index.html"]
    errors = nu_html_errors(pages, corrected_site.root)
    assert not errors, "\n".join(errors)
