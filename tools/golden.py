"""The golden end-to-end build: the fixture site rendered with the real templates.

`make golden` (python -m tools.golden) rewrites tests/golden/output/ on purpose; review `git diff` after.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from penjelas.build import Options, Project, build
from tests.conftest import ROOT, copy_project

FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "site" / "content"
GOLDEN = ROOT / "tests" / "golden" / "output"


def build_fixture(workdir: Path) -> Path:
    """Build the fixture site under ``workdir``; return the output folder."""
    root = copy_project(workdir / "site", FIXTURE_CONTENT)
    out = workdir / "output"
    build(Project(root), out, Options())
    return out


def main() -> int:
    """Regenerate the golden output."""
    with tempfile.TemporaryDirectory() as tmp:
        out = build_fixture(Path(tmp))
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    print(f"Rewrote {GOLDEN.relative_to(ROOT)}; review the change with git diff before committing.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
