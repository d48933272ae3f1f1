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


Sink = Callable[[str, bytes], None]


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _render_share(renderer: Renderer, jobs: Sequence[PageJob], sink: Sink) -> tuple[list[Done], list[Problem]]:
    done: list[Done] = []
    problems: list[Problem] = []
    for job in jobs:
        try:
            page = renderer.render(job)
        except ContentError as exc:  # keep going: every broken page is reported at once
            problems.extend(exc.problems)
            continue
        sink(page.path, page.data)
        done.append(Done(page.path, page.origin, hashlib.sha256(page.data).hexdigest()))
    return done, problems


def _worker(renderer: Renderer, jobs: Sequence[PageJob], sink: Sink, channel: Connection) -> None:
    # Interruptions are the parent's to handle: it stops the workers and cleans up the staging folder.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        result: object = ("ok", _render_share(renderer, jobs, sink))
    except BaseException:  # reported to the parent, which raises it there
        result = ("crash", traceback.format_exc())
    try:
        channel.send(result)
    finally:
        channel.close()


def render_jobs(
    renderer: Renderer, jobs: Sequence[PageJob], sink: Sink, workers: int | None = None
) -> tuple[list[Done], list[Problem]]:
    """Render ``jobs`` on up to ``workers`` processes (default: every core), in job order."""
    count = min(workers or default_workers(), max(1, len(jobs) // (PARALLEL_MIN_JOBS // 2)))
    if count <= 1 or len(jobs) < PARALLEL_MIN_JOBS or "fork" not in multiprocessing.get_all_start_methods():
        return _render_share(renderer, jobs, sink)
    context = multiprocessing.get_context("fork")
    shares = [list(jobs[i::count]) for i in range(count)]
    children = []
    try:
        for share in shares[1:]:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(renderer, share, sink, sender), daemon=True)
            process.start()
            sender.close()
            children.append((process, receiver))
        results = [_render_share(renderer, shares[0], sink)]  # this process renders a share too
        for process, receiver in children:
            try:
                status, payload = receiver.recv()
            except EOFError:
                raise RuntimeError(f"a rendering process died (exit code {process.exitcode})") from None
            if status != "ok":
                raise RuntimeError(f"a rendering process failed:\n{payload}")
            results.append(payload)
    finally:
        for process, receiver in children:
            receiver.close()
            if process.is_alive():
                process.terminate()
            process.join()
    order = {job.path: index for index, job in enumerate(jobs)}
    done = sorted((d for share_done, _ in results for d in share_done), key=lambda d: order[d.path])
    problems = [p for _, share_problems in results for p in share_problems]
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
