"""Rendering pages on every core: forked worker processes share the site model built once.

Python runs one thread of bytecode at a time, so pages are rendered in processes. They are forked after
the model, views and templates exist, so nothing is pickled on the way in; each process renders an
interleaved share of the jobs and hands every page to ``sink`` itself (the build writes it into the
staging folder), sending back only each page's path, origin and digest. The bytes of a page do not depend
on which process rendered it, so one core gives the same site as many.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, TypeVar

from .errors import ContentError, Problem

if TYPE_CHECKING:  # render.py imports, indirectly, modules that use map_in_processes
    from .render import PageJob, Renderer

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_MIN_JOBS = 48
"""Fewer pages than this render faster in one process than it takes to start another."""


@dataclass(frozen=True)
class Done:
    """A page rendered and handed to the sink."""

    path: str
    origin: str
    sha256: str


Sink = Callable[[str, bytes, str], None]
"""Takes a rendered page's path, bytes and their SHA-256."""


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def render_jobs(
    renderer: Renderer, jobs: Sequence[PageJob], sink: Sink, workers: int | None = None
) -> tuple[list[Done], list[Problem]]:
    """Render ``jobs`` on up to ``workers`` processes (default: every core); pages in job order."""

    def render(job: PageJob) -> Done | list[Problem]:
        try:
            page = renderer.render(job)
        except ContentError as exc:  # keep going: every broken page is reported at once
            return exc.problems
        sha256 = hashlib.sha256(page.data).hexdigest()
        sink(page.path, page.data, sha256)
        return Done(page.path, page.origin, sha256)

    outcomes = map_in_processes(render, jobs, workers)
    done = [o for o in outcomes if isinstance(o, Done)]
    problems = [p for o in outcomes if not isinstance(o, Done) for p in o]
    return done, problems


def map_in_processes(func: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """``[func(item) for item in items]``, on up to ``workers`` forked processes; results are pickled back.

    ``func`` must not raise: wrap failures into its result. Small inputs run in this process.
    """
    count = min(workers or default_workers(), max(1, len(items) // (PARALLEL_MIN_JOBS // 2)))
    if count <= 1 or len(items) < PARALLEL_MIN_JOBS or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    context = multiprocessing.get_context("fork")
    shares = [list(range(i, len(items), count)) for i in range(count)]
    children = []

    def run(indexes: list[int], channel: Connection) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            result: object = ("ok", [func(items[i]) for i in indexes])
        except BaseException:
            result = ("crash", traceback.format_exc())
        try:
            channel.send(result)
        finally:
            channel.close()

    results: list[R | None] = [None] * len(items)
    try:
        for share in shares[1:]:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=run, args=(share, sender), daemon=True)
            process.start()
            sender.close()
            children.append((process, receiver, share))
        for i in shares[0]:
            results[i] = func(items[i])
        for process, receiver, share in children:
            try:
                status, payload = receiver.recv()
            except EOFError:
                raise RuntimeError(f"a worker process died (exit code {process.exitcode})") from None
            if status != "ok":
                raise RuntimeError(f"a worker process failed:\n{payload}")
            for i, value in zip(share, payload, strict=True):
                results[i] = value
    finally:
        for process, receiver, _share in children:
            receiver.close()
            if process.is_alive():
                process.terminate()
            process.join()
    return results  # type: ignore[return-value]
