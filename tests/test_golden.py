"""One golden end-to-end build, compared file by file (regenerate deliberately with `make golden`)."""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.conftest import snapshot
from tools.golden import GOLDEN, build_fixture


def test_fixture_site_matches_golden_output(tmp_path: Path) -> None:
    built = snapshot(build_fixture(tmp_path))
    expected = snapshot(GOLDEN)
    assert sorted(built) == sorted(expected), "a page was added or removed; run `make golden` if intended"
    for name in sorted(expected):
        if built[name] != expected[name]:
            diff = "\n".join(
                difflib.unified_diff(
                    expected[name].decode("utf-8", "replace").splitlines(),
                    built[name].decode("utf-8", "replace").splitlines(),
                    f"golden/{name}",
                    f"built/{name}",
                    lineterm="",
                )
            )
            raise AssertionError(f"{name} differs from the golden output (`make golden` if intended):\n{diff}")
