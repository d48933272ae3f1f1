"""What the terminal says about builds: a line per rebuild, and every problem in full when there are any."""

from __future__ import annotations

import datetime as dt
import sys

from penjelas.preview.rebuild import Outcome


def report(changed: list[str], outcome: Outcome) -> None:
    """One line per rebuild in the terminal; the problems in full when there are any."""
    what = changed[0] if len(changed) == 1 else f"{len(changed)} files"
    clock = dt.datetime.now().strftime("%H:%M:%S")
    if outcome.ok:
        pages = "page" if outcome.rendered == 1 else "pages"
        files = "file" if len(outcome.changed) == 1 else "files"
        print(
            f"[{clock}] {what} changed: {outcome.rendered} {pages} rendered, {len(outcome.changed)} {files} "
            f"updated in {outcome.seconds * 1000:.0f} ms.",
            flush=True,
        )
        return
    print(f"[{clock}] {what} changed:", file=sys.stderr)
    for problem in outcome.problems:
        print(problem.format(), file=sys.stderr)
    count = len(outcome.problems)
    print(
        f"{count} {'problem' if count == 1 else 'problems'} found; the browser shows them until they are fixed.",
        file=sys.stderr,
        flush=True,
    )


def report_first(outcome: Outcome) -> None:
    """What the first build did, before the preview is served."""
    if outcome.ok:
        print(f"Built the preview in {outcome.seconds * 1000:.0f} ms ({outcome.rendered} pages).", flush=True)
    else:
        report(["the first build"], outcome)
