"""Time the live preview's save to reload on a generated corpus: python -m bench.preview [N] [RUNS].

What an editor waits for, end to end: `build.py serve` runs on a corpus of N explainers (bench/corpus.py)
in its own process, a livereload client is connected to one explainer's page as a browser's would be, and
RUNS times the explainer's title is saved and the time taken until the reload message reaches the client:
noticing the save, letting it settle, the rebuild (that page and the pages listing it) and the message.
Saves are 0.5-1.5 s apart (at random, with a fixed seed), as an editor's are at least, so they land
anywhere in the watcher's periodic look at every file. Prints the median, min and max, and the same for
the rebuild alone as the server reports it. `make measure-reload` measures the same on this repository's
content, and the page's fetch after the message too.
"""

from __future__ import annotations

import asyncio
import json
import queue
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import tornado.httpclient
import tornado.websocket

from bench.corpus import generate

ROOT = Path(__file__).resolve().parent.parent
PROTOCOL = "http://livereload.com/protocols/official-7"
SLUG = "penjelasan-00010"


class Server:
    """`build.py serve --port 0` on a project, in its own process; its output is read line by line."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                break
            if match := re.search(pattern, line):
                return match
            if "error" in line or "problem" in line:
                print(line, end="", file=sys.stderr)
        raise SystemExit(f"the preview did not print {pattern!r} within {timeout:.0f} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def _measure(server: Server, port: int, index: Path, runs: int) -> tuple[list[float], list[float], int]:
    """(save to reload message in ms, the rebuild as the server reports it in ms, pages rendered) per save."""
    url = f"http://127.0.0.1:{port}"
    request = tornado.httpclient.HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers={"Origin": url})
    connection = await tornado.websocket.websocket_connect(request)
    await connection.write_message(json.dumps({"command": "hello", "protocols": [PROTOCOL]}))
    assert '"hello"' in str(await connection.read_message())
    await connection.write_message(json.dumps({"command": "info", "url": f"{url}/{SLUG}/", "plugins": {}}))
    original = index.read_text(encoding="utf-8")
    delays = random.Random(6)
    waited: list[float] = []
    rebuilt: list[float] = []
    rendered = 0
    try:
        for run in range(runs):
            await asyncio.sleep(delays.uniform(0.5, 1.5))
            started = time.perf_counter()
            index.write_text(original.replace('title: "', f'title: "Suntingan {run}: ', 1), encoding="utf-8")
            message = await asyncio.wait_for(connection.read_message(), 60)
            waited.append((time.perf_counter() - started) * 1000)
            assert message is not None and json.loads(message)["command"] == "reload", message
            report = server.wait_for(r"(\d+) pages? rendered, .* in (\d+) ms", 10)
            rendered, build_ms = int(report.group(1)), int(report.group(2))
            rebuilt.append(build_ms)
    finally:
        connection.close()
        index.write_text(original, encoding="utf-8")
    return waited, rebuilt, rendered


def _summary(values: list[float]) -> str:
    ordered = sorted(values)
    return f"median {statistics.median(ordered):.0f} ms (min {ordered[0]:.0f}, max {ordered[-1]:.0f})"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with tempfile.TemporaryDirectory(prefix="penjelas-preview-") as tmp:
        root = generate(Path(tmp) / "corpus", count)
        started = time.perf_counter()
        server = Server(root)
        try:
            port = int(server.wait_for(r"Serving the preview .* at http://127\.0\.0\.1:(\d+)/", 900).group(1))
            print(f"preview of {count:,} explainers started in {time.perf_counter() - started:.2f} s", file=sys.stderr)
            index = root / "content" / "explainers" / SLUG / "index.md"
            waited, rebuilt, rendered = asyncio.run(_measure(server, port, index, runs))
        finally:
            server.stop()
    print(
        f"save to reload message after a title edit, {count:,} explainers, {runs} runs: {_summary(waited)}; "
        f"the rebuild in it: {_summary(rebuilt)}; {rendered} pages rendered"
    )


if __name__ == "__main__":
    main()
