"""Lighthouse scores 100 in every category on the home page, an explainer and a topic page.

The same runner as `make audit` (tools/audit.py); the JSON reports are kept under test-artifacts/lighthouse/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.sitetools import ServedSite, require, require_chromium, require_node_tool
from tools.audit import AUDITED, CATEGORIES, LIGHTHOUSE, REPORTS, Report, audit_site, read_report


@pytest.fixture(scope="module")
def reports(served_site: ServedSite) -> list[Report]:
    require_chromium()
    require(shutil.which("node") is not None, "Node.js (for Lighthouse)", "install Node.js 20 and run `make tools`")
    require_node_tool(str(LIGHTHOUSE.relative_to(LIGHTHOUSE.parents[2])), "Lighthouse (npm, pinned in package.json)")
    return audit_site(served_site, REPORTS)


def test_every_audited_page_has_a_report(reports: list[Report]) -> None:
    assert [r.page for r in reports] == list(AUDITED)
    for report in reports:
        assert report.path.is_file() and set(report.scores) == set(CATEGORIES)


@pytest.mark.parametrize("category", CATEGORIES)
def test_scores_100(reports: list[Report], category: str) -> None:
    below = {r.page: round(r.scores[category] * 100) for r in reports if r.scores[category] < 1}
    reasons = [line for r in reports for line in r.failing if line.startswith(category + ":")]
    assert not below, f"{category} below 100: {below}\n" + "\n".join(reasons)


def test_read_report_names_what_lost_points(tmp_path: Path) -> None:
    """The failure message is only useful if it says which audit failed."""
    path = tmp_path / "r.json"
    path.write_text(
        """{"categories": {
            "performance": {"score": 1, "auditRefs": [{"id": "lcp", "weight": 25}]},
            "accessibility": {"score": 0.9, "auditRefs": [{"id": "color-contrast", "weight": 7},
                                                          {"id": "info", "weight": 0}]},
            "best-practices": {"score": 1, "auditRefs": []},
            "seo": {"score": 1, "auditRefs": []}},
          "audits": {"lcp": {"score": 1}, "info": {"score": 0},
                     "color-contrast": {"score": 0, "displayValue": "2 elements"}}}""",
        encoding="utf-8",
    )
    report = read_report("home", path)
    assert report.scores["accessibility"] == 0.9
    assert report.failing == ["accessibility: color-contrast scored 0 2 elements"]
