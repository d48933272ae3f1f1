"""Start-up costs the build avoids by importing and compiling lazily: `python -m bench.startup [--runs N]`.

Each figure is the median of N runs (default 15), with min and max:

- importing PyYAML, and Babel's catalogue reader (``babel.messages.pofile``, which brings the e-mail
  parser), each timed as a fresh interpreter's wall time for ``-c "import ..."`` minus the median wall time
  of ``-c "pass"``;
- compiling the regex of characters a message cannot print (``penjelas.core.errors``), a class reaching
  past U+00FF, with the regex cache purged before each compile.

These are why the no-op check and the line reader for YAML spare the imports, and why the regex is
compiled only when a message is first printed (see docs/performance.md).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time

from penjelas.core import errors


def _interpreter(code: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return times


def _compile(pattern: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        re.purge()
        start = time.perf_counter()
        re.compile(pattern)
        times.append(time.perf_counter() - start)
    return times


def _line(what: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"| {what} | {statistics.median(ms):.2f} | {min(ms):.2f} | {max(ms):.2f} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args(argv).runs
    empty = statistics.median(_interpreter("pass", runs))
    print("| what | median ms | min ms | max ms |")
    print("| --- | ---: | ---: | ---: |")
    for module in ("yaml", "babel.messages.pofile"):
        print(_line(f"import {module}", [t - empty for t in _interpreter(f"import {module}", runs)]))
    print(_line("compile core.errors' unprintable-character regex", _compile(errors._unprintable().pattern, runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
