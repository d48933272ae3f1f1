"""One build of the preview: `Preview`, which builds the site, drafts included, into the preview folder and
decides what the browser is shown, and `Outcome`, what one such build did."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from penjelas.build import Options, Project, build
from penjelas.core.errors import ContentError, Problem


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
        self.options = Options(base_url=base_url, drafts=True)
        self.state_file = project.state_file.with_name("preview-state.pickle")
        # The problems the browser is shown instead of the site; empty while the folder is served.
        self.problems: tuple[Problem, ...] = ()
        self.language = "id"  # the site's language at the last good build, for the error page

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
            problem = Problem("penjelas", 0, 0, f"internal error: {type(exc).__name__}: {exc}", "see the terminal")
            outcome = Outcome((problem,), seconds=time.perf_counter() - started)
        else:
            self.language = result.language or self.language
            outcome = Outcome(
                (),
                frozenset(result.changed),
                result.rendered,
                result.pages - result.rendered,
                time.perf_counter() - started,
            )
            self.problems = ()
        return outcome

    def show(self, outcome: Outcome) -> None:
        """Serve what ``outcome`` left: the site, or the error page with its problems."""
        self.problems = outcome.problems
