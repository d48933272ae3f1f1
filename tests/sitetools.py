"""Helpers for the quality gates on a built site: build it, serve it over HTTP, find the tools that check it.

Used by the browser, validator and Lighthouse tests (through fixtures in conftest.py) and by
``python -m tools.audit`` (``make audit``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from penjelas.build import Options, Project, build
from penjelas.site.urls import TOPICS_DIR

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("CHROME_PATH") or "/usr/bin/chromium")
"""Debian's Chromium; CHROME_PATH (which Lighthouse reads too) points elsewhere on other systems."""
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)
BASE_PATH = "/penjelas/"
"""The site is served under a sub-path, as on GitHub Pages, so a link that forgets the base path fails."""
EXPLAINER = "protokol-kerja-sama-korea-utara-rusia"
"""The explainer the budgets are about: the longest one, with every part (facts, timeline, related)."""
MISSING_PATH = "halaman-yang-tidak-ada/"
NOT_FOUND_TEMPLATE = ROOT / "templates" / "404.html"


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    """URL path below the site's base path."""
    status: int = 200


def page_types(site: Path | None = None) -> list[PageType]:
    """One page of each kind the site has; the 404 page only where the project makes one."""
    topic = "korea-utara"
    if site is not None:  # the first topic actually built, should the content change
        topics = sorted(p.name for p in (site / TOPICS_DIR).iterdir() if p.is_dir())
        topic = topics[0] if topic not in topics else topic
    types = [
        PageType("home", ""),
        PageType("explainer", f"{EXPLAINER}/"),
        PageType("topic", f"{TOPICS_DIR}/{topic}/"),
        PageType("topics", f"{TOPICS_DIR}/"),
        PageType("corrections", "koreksi/"),
    ]
    if NOT_FOUND_TEMPLATE.is_file():
        types.append(PageType("404", MISSING_PATH, 404))
    return types


def in_ci() -> bool:
    """CI sets CI=true; there a missing tool fails the run instead of skipping tests."""
    return os.environ.get("CI", "").lower() == "true"


def require(available: bool, what: str, how: str) -> None:
    """Skip (on a laptop) or fail (in CI) when a tool the test needs is not installed."""
    if available:
        return
    message = f"{what} is not installed; {how}"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_chromium() -> None:
    require(
        CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK),
        f"Chromium ({CHROMIUM})",
        "install it with `sudo apt-get install chromium` (Debian), or set CHROME_PATH to a Chromium elsewhere",
    )


def require_node_tool(relative: str, what: str) -> Path:
    """A file from the pinned npm tools (package.json), or skip/fail saying how to get it."""
    path = NODE_MODULES / relative
    require(path.is_file(), what, "run `make tools` (npm ci with the committed package-lock.json)")
    return path


def require_java() -> str:
    java = shutil.which("java")
    require(
        java is not None,
        "Java (for the Nu HTML Checker)",
        "install it with `sudo apt-get install default-jre-headless`",
    )
    assert java is not None
    return java


def build_site(out: Path, base_url: str) -> Path:
    """Build the real project's site into ``out`` (never output/)."""
    build(Project(ROOT), out, Options(base_url=base_url))
    return out


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site below BASE_PATH; anything missing gets the site's 404.html, as GitHub Pages does."""

    def __init__(self, *args: Any, directory: str, **kwargs: Any) -> None:
        super().__init__(*args, directory=directory, **kwargs)

    def translate_path(self, path: str) -> str:
        route = unquote(urlsplit(path).path)
        if route == "/robots.txt":  # crawlers look at the host's root; serve the site's own, if it has one
            return str(Path(self.directory) / "robots.txt")
        return super().translate_path("/" + route[len(BASE_PATH) :])

    def send_head(self) -> Any:
        route = unquote(urlsplit(self.path).path)
        if route != "/robots.txt" and not route.startswith(BASE_PATH):
            self.send_error(404)
            return None
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass(frozen=True)
class ServedSite:
    root: Path
    """The built site on disk."""
    base_url: str
    """e.g. 'http://127.0.0.1:40123/penjelas/'."""

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` at http://127.0.0.1:<free port>/penjelas/ from a thread; yields the base URL.

    ``root`` is read on each request, so the site may be built after the server has started.
    """
    handler = functools.partial(_SiteHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def built_and_served(workdir: Path) -> Iterator[ServedSite]:
    """Build the site for the address it is served at (so canonical URLs match) and serve it."""
    root = workdir / "site"
    with serve(root) as base_url:
        build_site(root, base_url)
        yield ServedSite(root, base_url)


def nu_html_errors(pages: list[Path], root: Path) -> list[str]:
    """What the Nu HTML Checker (vnu.jar, pinned through package.json) finds wrong in ``pages``, one line
    each as 'page:line: message [extract]' with the page relative to ``root``; skips (or fails, in CI)
    without Java or the checker."""
    import json
    import subprocess

    java = require_java()
    vnu = require_node_tool("vnu-jar/build/dist/vnu.jar", "The Nu HTML Checker (npm vnu-jar)")
    done = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(done.stderr or done.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the Nu HTML Checker did not report (exit {done.returncode}): {done.stderr[-2000:]}")
    errors = [
        f"{Path(unquote(urlsplit(m.get('url', '')).path)).relative_to(root)}:{m.get('lastLine', 0)}: "
        f"{m.get('message')} [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal"
    ]
    if not errors and done.returncode != 0:
        errors.append(f"the Nu HTML Checker exited {done.returncode}: {done.stderr[-2000:]}")
    return errors
