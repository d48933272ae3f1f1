"""Measure the live preview's save-to-reload time: `make measure-reload` (python -m tools.measure_reload [RUNS]).

Starts the real server on a copy of the project, connects as a page would (livereload handshake), then
over and over: waits a random 100-300 ms (so edits land at any point of the watcher's poll), saves an
edit, and times (a) until the websocket's reload message arrives, (b) until the reloaded page has been
fetched over HTTP and shows the edit. (b) is what an editor waits for, less the browser's own
rendering. Prints the median, 90th percentile and range of each, per kind of edit.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import copy_project
from tests.preview_server import LiveClient, PreviewServer

PROTOCOL = "protokol-kerja-sama-korea-utara-rusia"
TREATY = "perjanjian-pertahanan-korea-utara-rusia-2024"


def _toggle(path: Path, old: str, new: str) -> Callable[[int], bool]:
    """An edit that alternates between two versions of a file; returns whether the edited one was saved."""
    original = path.read_text(encoding="utf-8")
    changed = original.replace(old, new, 1)
    assert changed != original

    def edit(run: int) -> bool:
        path.write_text(changed if run % 2 == 0 else original, encoding="utf-8")
        return run % 2 == 0

    return edit


def _measure(
    server: PreviewServer, page: str, edit: Callable[[int], bool], marker: str, runs: int
) -> tuple[list[float], list[float]]:
    client = LiveClient(server, page)
    to_message: list[float] = []
    to_page: list[float] = []
    try:
        for run in range(runs):
            time.sleep(random.uniform(0.1, 0.3))
            started = time.perf_counter()
            edited = edit(run)
            message = client.receive()
            arrived = time.perf_counter()
            assert message["command"] == "reload", message
            response = server.request(page)
            fetched = time.perf_counter()
            assert response.status == 200 and (marker in response.text) == edited, (
                f"run {run}: the page does not show the save ({page}, {response.status}, {marker in response.text}, {edited}) {server.stdout[-6:]}"
            )
            to_message.append((arrived - started) * 1000)
            to_page.append((fetched - started) * 1000)
    finally:
        client.close()
    return to_message, to_page


def _summary(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered):5.0f} ms, p90 {p90:5.0f} ms, range {ordered[0]:.0f}-{ordered[-1]:.0f} ms"
    )


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with tempfile.TemporaryDirectory() as folder:
        root = copy_project(Path(folder) / "site")
        explainers = root / "content" / "explainers"
        server = PreviewServer(root)
        try:
            cases = [
                (
                    "explainer title (8 pages)",
                    f"/{PROTOCOL}/",
                    _toggle(explainers / PROTOCOL / "index.md", 'title: "Protokol', 'title: "Diubah: Protokol'),
                    "<h1>Diubah: Protokol",
                ),
                (
                    "article body (1 page)",
                    f"/{TREATY}/",
                    _toggle(explainers / TREATY / "index.md", "\n## ", "\nParagraf ukur.\n\n## "),
                    "<p>Paragraf ukur.</p>",
                ),
                (
                    "template (all 12 pages)",
                    "/",
                    _toggle(root / "templates" / "base.html", "<main id=", '<p class="ukur">ukur</p>\n<main id='),
                    '<p class="ukur">ukur</p>',
                ),
            ]
            print(f"Save-to-reload of `build.py serve`, {runs} saves per case:")
            for name, page, edit, marker in cases:
                to_message, to_page = _measure(server, page, edit, marker, runs)
                print(f"  {name}")
                print(f"    reload message: {_summary(to_message)}")
                print(f"    page fetched:   {_summary(to_page)}")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
