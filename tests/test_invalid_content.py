"""Each invalid fixture breaks the fixture site in one way; check and build must name the file and line.

A case is a folder under tests/fixtures/invalid/ holding the files that replace or join the fixture
site's, and expected.txt: the exact lines `build.py build` prints.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, run_cli, snapshot

FIXTURES = ROOT / "tests" / "fixtures"
CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def broken_site(tmp_path: Path, case: str) -> Path:
    """The fixture site with one case's files laid over it."""
    root = copy_project(tmp_path / "site", FIXTURES / "site" / "content")
    overlay = FIXTURES / "invalid" / case
    for path in sorted(overlay.rglob("*")):
        if path.is_file() and path.name != "expected.txt":
            target = root / path.relative_to(overlay)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


@pytest.mark.parametrize("case", CASES)
def test_build_reports_the_error_and_leaves_output_untouched(tmp_path: Path, case: str) -> None:
    good = copy_project(tmp_path / "good", FIXTURES / "site" / "content")
    out = tmp_path / "output"
    assert run_cli(good, "build", "--out", str(out)).code == 0
    before = snapshot(out)

    root = broken_site(tmp_path, case)
    result = run_cli(root, "build", "--out", str(out))

    expected = (FIXTURES / "invalid" / case / "expected.txt").read_text(encoding="utf-8")
    assert result.stderr == expected
    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good", "output", "site"]


@pytest.mark.parametrize("case", CASES)
def test_check_reports_the_same_errors(tmp_path: Path, case: str) -> None:
    root = broken_site(tmp_path, case)
    result = run_cli(root, "check")
    expected = (FIXTURES / "invalid" / case / "expected.txt").read_text(encoding="utf-8")
    problems = [line for line in expected.splitlines() if ": error: " in line]
    assert result.stderr.splitlines()[:-1] == problems
    assert result.code == 1
    assert not (root / "output").exists()
