"""Lighthouse audits of the built site: `make audit` (python -m tools.audit) and the Lighthouse test.

Runs the pinned npm `lighthouse` (package.json) with Debian's Chromium against the site built into a
temporary folder and served on 127.0.0.1, and writes one JSON report per page under
test-artifacts/lighthouse/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.sitetools import ARTIFACTS, CHROMIUM, EXPLAINER, NODE_MODULES, ServedSite, built_and_served

LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
REPORTS = ARTIFACTS / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
AUDITED = {"home": "", "explainer": f"{EXPLAINER}/", "topic": "topik/korea-utara/"}
"""Page name -> path below the base URL: the pages whose scores the issue sets."""
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
TIMEOUT = 240


@dataclass(frozen=True)
class Report:
    page: str
    path: Path
    """The JSON report Lighthouse wrote."""
    scores: dict[str, float]
    """Category id -> score from 0 to 1."""
    failing: list[str]
    """What kept a category below 1: the audits that count and did not pass, with their values."""

    def summary(self) -> str:
        figures = "  ".join(f"{c} {round(self.scores[c] * 100)}" for c in CATEGORIES)
        return f"{self.page:10} {figures}"


def read_report(page: str, path: Path) -> Report:
    """The scores and the audits that lost points, from a Lighthouse JSON report."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not audit {page}: {data['runtimeError']}")
    scores = {cid: float(data["categories"][cid]["score"] or 0) for cid in CATEGORIES}
    failing = []
    for cid in CATEGORIES:
        for ref in data["categories"][cid]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue") or audit.get("explanation") or ""
                failing.append(f"{cid}: {ref['id']} scored {audit['score']} {value}".rstrip())
    return Report(page, path, scores, failing)


def run_lighthouse(url: str, page: str, out_dir: Path) -> Report:
    """Audit one URL with Lighthouse's default (mobile, simulated slow 4G) settings."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{page}.report.json"
    path.unlink(missing_ok=True)
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={path}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if done.returncode != 0 or not path.is_file():
        raise RuntimeError(f"Lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return read_report(page, path)


def audit_site(site: ServedSite, out_dir: Path = REPORTS) -> list[Report]:
    """Audit every page in AUDITED; reports are written to ``out_dir``."""
    return [run_lighthouse(site.url(path), page, out_dir) for page, path in AUDITED.items()]


def missing_tools() -> list[str]:
    """What `make audit` needs and cannot find, with how to get it."""
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"Chromium at {CHROMIUM}: `sudo apt-get install chromium`")
    if not LIGHTHOUSE.is_file():
        missing.append("the pinned npm tools: `make tools`")
    return missing


def main() -> int:
    """Build, serve and audit the site; exit 1 unless every category scores 100 on every page."""
    missing = missing_tools()
    if missing:
        print("Cannot run Lighthouse; missing " + "; ".join(missing), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="penjelas-audit-") as workdir, built_and_served(Path(workdir)) as site:
        reports = audit_site(site)
    for report in reports:
        print(report.summary())
        for line in report.failing:
            print(f"    {line}")
    print(f"Reports: {REPORTS.relative_to(Path.cwd()) if REPORTS.is_relative_to(Path.cwd()) else REPORTS}/")
    return 0 if all(score == 1 for r in reports for score in r.scores.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
