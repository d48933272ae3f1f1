"""Time the live preview's rebuild after a save on a generated corpus: python -m bench.preview [N] [RUNS].

The preview's own save-to-reload figure (README) is measured end to end on this repository's content by
`make measure-reload`; this measures, at newsroom scale, the part that grows with the archive: the
rebuild between the save and the reload message (the watcher's poll adds 25 ms on average, the reload
itself a few). Medians of RUNS title edits of one explainer, each renders its page and those listing it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import generate
from penjelas.build import Project
from penjelas.serve import Preview


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with tempfile.TemporaryDirectory(prefix="penjelas-preview-") as tmp:
        root = generate(Path(tmp) / "corpus", count)
        preview = Preview(Project(root), Path(tmp) / "preview", "http://127.0.0.1:8000/")
        started = time.perf_counter()
        first = preview.build()
        assert first.ok, first.problems[:3]
        print(f"first preview build of {count:,} explainers: {time.perf_counter() - started:.2f} s", file=sys.stderr)
        index = root / "content" / "explainers" / "penjelasan-00010" / "index.md"
        original = index.read_text(encoding="utf-8")
        times = []
        for run in range(runs):
            index.write_text(original.replace('title: "', f'title: "Suntingan {run}: ', 1), encoding="utf-8")
            started = time.perf_counter()
            outcome = preview.build()
            times.append(time.perf_counter() - started)
            assert outcome.ok, outcome.problems[:3]
        ms = sorted(t * 1000 for t in times)
        print(
            f"rebuild after a title edit, {count:,} explainers, {runs} runs: median {statistics.median(ms):.0f} ms "
            f"(min {ms[0]:.0f}, max {ms[-1]:.0f}); {outcome.rendered} pages rendered"
        )


if __name__ == "__main__":
    main()
