"""Shared test helpers: a copy of the project in a temporary folder, and running the command line."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.sitetools import CHROMIUM, CHROMIUM_ARGS, ServedSite, built_and_served, require_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent

# The suite reads messages in English (the developers' language; the ids in the code), in this process and
# in the commands it runs. Tests of the Indonesian messages editors read set PENJELAS_LANG=id themselves
# (the `indonesian` fixture).
os.environ["PENJELAS_LANG"] = "en"


@pytest.fixture
def indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in Indonesian, as editors read them, in this test and the commands it runs."""
    monkeypatch.setenv("PENJELAS_LANG", "id")


PROJECT_PARTS = ("content", "templates", "static", "locale")


def copy_project(destination: Path, content: Path | None = None) -> Path:
    """Copy the project's inputs (optionally with another content/ folder) into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = content if part == "content" and content is not None else ROOT / part
        shutil.copytree(source, destination / part)
    return destination


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run `build.py` as an editor would, in a subprocess."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the real project, safe to break."""
    return copy_project(tmp_path / "site")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, for byte-identical comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def check_lines(root: Path, drafts: bool = False) -> list[str]:
    """`build.py check` run in this process (fast): every problem as the command line prints it."""
    from penjelas.build import Options, Project, check
    from penjelas.core.errors import ContentError

    try:
        check(Project(root), Options(drafts=drafts))
    except ContentError as exc:
        return [problem.format() for problem in exc.problems]
    return []


# --- The built site served over HTTP, and a real browser, for the quality gates (issue 5) ---


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The real project built once per test session into a temporary folder and served on 127.0.0.1."""
    with built_and_served(tmp_path_factory.mktemp("served")) as site:
        yield site


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright; skips (or fails in CI) when Chromium is not installed.

    Module-scoped: Playwright's sync API keeps an asyncio loop running while it is open, which would stop
    later tests (the preview's websocket client) from running a loop of their own.
    """
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        yield chromium
        chromium.close()


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Fail a test whose build hangs (a named pipe read, a decompression bomb decoded), after 60 s, rather
    than stall the suite. Modules that need it use ``pytestmark = pytest.mark.usefixtures("hang_guard")``."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("the build hung")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
