"""`make bench`: time Penjelas on generated corpora, as medians with min and max, and peak memory.

For each size N it generates a corpus (bench/corpus.py) in a temporary folder and measures, as separate
`build.py build` processes: a cold full build (no output, no cache), a no-op rebuild, a rebuild after one
explainer's timeline.yaml changed, and a rebuild after a template changed. Peak memory is the largest
sum of RSS over the build's whole process tree, sampled every 5 ms from /proc. "Cold" means no output/ and
no build state (.cache/build/); the share cards drawn by the corpus's very first build (reported on its own,
once) stay cached, as the Pages workflow keeps them between deploys. The cold builds come first, each with
the last one's output moved aside rather than deleted (see clean() for why). Results go to stdout as a
table and to bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.corpus import generate

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ("cold", "noop", "one_edit", "template")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kib(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss_kib(current)
        stack.extend(_children(current))
    return total


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mb: float


def measure(command: list[str], env: dict[str, str]) -> Sample:
    """Run one build, returning its wall time and the peak RSS of its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(process.pid))
            done.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{stderr.decode(errors='replace')}")
    return Sample(elapsed, peak / 1024)


@dataclass(frozen=True)
class Stat:
    median: float
    low: float
    high: float


def stat(values: list[float]) -> Stat:
    return Stat(round(statistics.median(values), 3), round(min(values), 3), round(max(values), 3))


def _touch_timeline(root: Path, run: int) -> None:
    path = root / "content" / "explainers" / "penjelasan-00000" / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + f'- date: "2024"\n  title: "Peristiwa tambahan {run}"\n  sources: [sumber-01]\n', encoding="utf-8"
    )


def _touch_template(root: Path, run: int) -> None:
    path = root / "templates" / "base.html"
    path.write_text(path.read_text(encoding="utf-8") + f"<!-- {run} -->\n", encoding="utf-8")


def bench_size(count: int, runs: int, workdir: Path, pictures: bool = False) -> dict[str, object]:
    """All scenarios for one corpus size (with ``pictures``, a photo per explainer)."""
    root = generate(workdir / f"corpus-{count}", count, pictures=pictures)
    out = workdir / f"out-{count}"
    command = [sys.executable, str(ROOT / "build.py"), "--root", str(root), "build", "--out", str(out)]
    env = dict(os.environ)
    # Python caches compiled modules unless told not to; some shells (CI images, this project's sandbox)
    # set this, which would add the compilation of every module to every build measured.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    results: dict[str, list[Sample]] = {name: [] for name in SCENARIOS}

    trash = workdir / f"trash-{count}"

    def clean() -> None:
        """Cold: no output and no build state. Drawn share cards stay, as the Pages workflow caches them.

        The old output and state are moved aside, not deleted: ext4 without a journal (this project's VM)
        does not reuse an inode within 60 s of its deletion, 360 s while its table block is unwritten, and
        walks past every such inode each time it allocates one (recently_deleted() in fs/ext4/ialloc.c). Deleting the 3,000 files of the last build
        just before timing the next added 0.3-1.4 s of system time to a cold build at 1,000, which a build
        on a fresh checkout (the Pages workflow's) never pays. The moved folders are deleted at the end.
        """
        aside = trash / str(len(list(trash.iterdir())) if trash.exists() else 0)
        aside.mkdir(parents=True)
        for old in (out, root / ".cache" / "build"):
            if old.exists():
                old.rename(aside / old.name)

    first = measure(command, env)  # the very first build also draws every share card
    # Cold builds first, one after another: the other scenarios replace pages, which frees their inodes.
    for _ in range(runs):
        clean()
        results["cold"].append(measure(command, env))
    for run in range(runs):
        results["noop"].append(measure(command, env))
        _touch_timeline(root, run)
        results["one_edit"].append(measure(command, env))
        _touch_template(root, run)
        results["template"].append(measure(command, env))
    return {
        "explainers": count,
        "first_build_drawing_cards": asdict(first),
        **{
            name: {
                "seconds": asdict(stat([s.seconds for s in samples])),
                "peak_mb": asdict(stat([s.peak_mb for s in samples])),
            }
            for name, samples in results.items()
        },
    }


def machine() -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def table(results: list[dict[str, object]]) -> str:
    lines = [
        "First build of each corpus, drawing every share card: "
        + ", ".join(
            f"{r['explainers']:,}: {r['first_build_drawing_cards']['seconds']:.1f} s"  # type: ignore[index]
            for r in results
        ),
        "",
        "| explainers | scenario | median s | min s | max s | peak MB (median) |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        for name in SCENARIOS:
            row = result[name]
            assert isinstance(row, dict)
            s, m = row["seconds"], row["peak_mb"]
            lines.append(
                f"| {result['explainers']:,} | {name} | {s['median']:.2f} | {s['low']:.2f} | {s['high']:.2f} | {m['median']:.0f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=0, help="runs per scenario (default: 5, or 3 from 5,000 up)")
    parser.add_argument("--json", type=Path, default=None, help="default: bench/results.json")
    parser.add_argument(
        "--pictures",
        action="store_true",
        help="a photo per explainer (lead and figure); results to bench/results-pictures.json by default",
    )
    args = parser.parse_args()
    if args.json is None:
        args.json = ROOT / "bench" / ("results-pictures.json" if args.pictures else "results.json")
    results = []
    with tempfile.TemporaryDirectory(prefix="penjelas-bench-") as tmp:
        for count in args.sizes:
            runs = args.runs or (3 if count >= 5000 else 5)
            print(f"benchmarking {count:,} explainers, {runs} runs per scenario ...", file=sys.stderr, flush=True)
            result = bench_size(count, runs, Path(tmp), args.pictures)
            result["pictures"] = args.pictures
            result["runs"] = runs
            results.append(result)
    print(table(results))
    report = {"machine": machine(), "results": results}
    args.json.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
