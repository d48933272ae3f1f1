"""What the terminal says about builds: a line per rebuild, every problem in full when there are any, the
warnings when they change, and the explainers a real build would not publish."""

from __future__ import annotations

import datetime as dt
import sys

from penjelas.core.messages import t, tn
from penjelas.preview.rebuild import Outcome


def report(changed: list[str], outcome: Outcome) -> None:
    """One line per rebuild in the terminal; the problems in full when there are any."""
    what = changed[0] if len(changed) == 1 else tn("{count} file", "{count} files", len(changed))
    clock = dt.datetime.now().strftime("%H:%M:%S")
    if outcome.ok:
        _warnings(outcome)
        print(
            t(
                "[{clock}] {what} changed: {pages} rendered, {files} updated in {ms} ms.",
                clock=clock,
                what=what,
                pages=tn("{count} page", "{count} pages", outcome.rendered),
                files=tn("{count} file", "{count} files", len(outcome.changed)),
                ms=f"{outcome.seconds * 1000:.0f}",
            ),
            flush=True,
        )
        _left_out(outcome)
        return
    print(t("[{clock}] {what} changed:", clock=clock, what=what), file=sys.stderr)
    for problem in outcome.problems:
        print(problem.format(), file=sys.stderr)
    errors = sum(not problem.is_warning for problem in outcome.problems)
    print(
        tn(
            "{count} problem found; the browser shows it until it is fixed.",
            "{count} problems found; the browser shows them until they are fixed.",
            errors,
        ),
        file=sys.stderr,
        flush=True,
    )


def report_first(outcome: Outcome) -> None:
    """What the first build did, before the preview is served."""
    if outcome.ok:
        _warnings(outcome)
        ms = f"{outcome.seconds * 1000:.0f}"
        print(t("Built the preview in {ms} ms ({pages} pages).", ms=ms, pages=outcome.rendered), flush=True)
        _left_out(outcome)
    else:
        report([t("the first build")], outcome)


def _warnings(outcome: Outcome) -> None:
    """The warnings in full when they changed (a draft's placeholders, listed once, not on every save)."""
    if outcome.warnings and outcome.notes_changed:
        for warning in outcome.warnings:
            print(warning.format(), file=sys.stderr)
        print(
            tn(
                "{count} warning: it does not stop publishing; drafts with problems show them on their page.",
                "{count} warnings: they do not stop publishing; drafts with problems show them on their page.",
                len(outcome.warnings),
            ),
            file=sys.stderr,
            flush=True,
        )


def _left_out(outcome: Outcome) -> None:
    if outcome.left_out and outcome.notes_changed:
        print(t("make build: {line}", line=outcome.left_out), flush=True)
