"""One build of the preview: `Preview`, which builds the site, drafts included, into the preview folder and
decides what the browser is shown, and `Outcome`, what one such build did."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from penjelas.build import Options, Project, build
from penjelas.content.model import HeldBack
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t
from penjelas.site.model import left_out_line


@dataclass(frozen=True)
class Outcome:
    """What one preview build did."""

    problems: tuple[Problem, ...]
    """Every problem found; empty when the build succeeded."""
    changed: frozenset[str] = frozenset()
    """Output paths written or deleted."""
    rendered: int = 0
    reused: int = 0
    seconds: float = 0.0
    warnings: tuple[Problem, ...] = ()
    """Problems that do not stop the preview: a draft's, an event's missing source..."""
    notes_changed: bool = False
    """Whether the warnings or ``left_out`` differ from the last good build's (the terminal then says them again)."""
    left_out: str = ""
    """The line naming the explainers a real build would not publish, or ''."""

    @property
    def ok(self) -> bool:
        return not self.problems


class Preview:
    """Builds the site, drafts included, into the preview folder; remembers the last outcome.

    It is the build `make build` runs, into another folder with its own build state: only pages whose
    inputs changed are rendered again, only files whose bytes changed are replaced (each atomically, so a
    request never sees half a file). A failed build leaves the folder as it was; its problems are served
    only once `show` is called, because the failure may be a save caught half written.
    """

    def __init__(self, project: Project, folder: Path, base_url: str) -> None:
        self.project = project
        self.folder = folder
        # Drafts are shown, but one whose files have problems is held back: it gets a page listing them (see
        # files.py) and the rest of the site works, as `make build` publishes the rest.
        self.options = Options(base_url=base_url, drafts=True, hold_back_drafts=True)
        self.state_file = project.state_file.with_name("preview-state.pickle")
        # The problems the browser is shown instead of the site; empty while the folder is served.
        self.problems: tuple[Problem, ...] = ()
        self.language = "id"  # the site's language at the last good build, for the error page
        self.held_back: dict[str, HeldBack] = {}
        """Drafts left out for their problems at the last good build, by the output page that would show them."""
        self.warnings: tuple[Problem, ...] = ()
        self.left_out = ""

    def build(self) -> Outcome:
        """Rebuild; never raises for a content, template or internal error (the problems are returned).

        A success is served at once (the folder already holds it); a failure is not, until `show`.
        """
        started = time.perf_counter()
        try:
            result = build(self.project, self.folder, self.options, state_file=self.state_file)
        except ContentError as exc:
            outcome = Outcome(tuple(exc.problems), seconds=time.perf_counter() - started)
        except Exception as exc:  # a bug or an OS error must not stop the preview; it is shown like any problem
            traceback.print_exc()
            problem = Problem(
                "penjelas",
                0,
                0,
                t("internal error: {kind}: {error}", kind=type(exc).__name__, error=exc),
                t("see the terminal"),
            )
            outcome = Outcome((problem,), seconds=time.perf_counter() - started)
        else:
            self.language = result.language or self.language
            held = {f"{h.slug}/index.html": h for h in result.held_back}
            left_out = left_out_line(result.left_out)
            # A held-back draft's page is made when asked for: one whose problems changed counts as changed.
            redrawn = {
                page for page in held.keys() | self.held_back.keys() if held.get(page) != self.held_back.get(page)
            }
            outcome = Outcome(
                (),
                frozenset(result.changed) | redrawn,
                result.rendered,
                result.pages - result.rendered,
                time.perf_counter() - started,
                result.warnings,
                (result.warnings, left_out) != (self.warnings, self.left_out),
                left_out,
            )
            self.problems, self.held_back, self.warnings, self.left_out = (), held, result.warnings, left_out
        return outcome

    def show(self, outcome: Outcome) -> None:
        """Serve what ``outcome`` left: the site, or the error page with its problems."""
        self.problems = outcome.problems
