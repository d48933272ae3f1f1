"""Rendering pages on every core: forked worker processes share the site model built once.

The processes are forked after the model, views and templates exist, so nothing is pickled on the way in;
each takes the next few jobs until none are left and hands every page to ``sink`` itself (the build writes
it into the staging folder), sending back only each page's path, origin and digest. The bytes of a page do
not depend on which process rendered it, so one core gives the same site as many.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from penjelas.core.errors import ContentError, Problem
from penjelas.core.processes import map_in_processes
from penjelas.render.pages import PageJob, Renderer


@dataclass(frozen=True)
class Done:
    """A page rendered and handed to the sink."""

    path: str
    origin: str
    sha256: str


Sink = Callable[[str, bytes, str], None]
"""Takes a rendered page's path, bytes and their SHA-256."""


def render_jobs(
    renderer: Renderer,
    jobs: Sequence[PageJob],
    sink: Sink,
    workers: int | None = None,
    alongside: Callable[[], None] | None = None,
) -> tuple[list[Done], list[Problem]]:
    """Render ``jobs`` on up to ``workers`` processes (default: every core); pages in job order.

    ``alongside`` is work of this process's own that needs no page: it runs while the others render."""

    def render(job: PageJob) -> Done | list[Problem]:
        try:
            page = renderer.render(job)
        except ContentError as exc:  # keep going: every broken page is reported at once
            return exc.problems
        sha256 = hashlib.sha256(page.data).hexdigest()
        sink(page.path, page.data, sha256)
        return Done(page.path, page.origin, sha256)

    outcomes = map_in_processes(render, jobs, workers, alongside)
    done = [o for o in outcomes if isinstance(o, Done)]
    problems = [p for o in outcomes if not isinstance(o, Done) for p in o]
    return done, problems
