"""Work on every core: ``map_in_processes`` forks worker processes that share what this one has built.

Python runs one thread of bytecode at a time, so the work is spread over processes. They are forked once the
inputs exist, so nothing is pickled on the way in; each process takes the next few items until none are
left and sends back only the results. Used to parse explainers, draw share cards and render pages.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import signal
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from penjelas.core.messages import t

if TYPE_CHECKING:  # multiprocessing is imported only when there is work for several processes
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext
    from multiprocessing.process import BaseProcess


T = TypeVar("T")
R = TypeVar("R")

PARALLEL_MIN_JOBS = 48
"""Fewer pages than this render faster in one process than it takes to start another."""
MAX_CHUNK = 8
"""Items a process takes at a time: few enough that the processes finish together."""


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


PIPE_BYTES = 1 << 20
"""A worker's pipe holds this much, where the system allows (Linux), rather than 64 KB: a worker seldom waits
for this process to take what it sent (which it does between its own items)."""


def _widen(pipe: Connection) -> None:
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or more than this user may have
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def map_in_processes(
    func: Callable[[T], R],
    items: Sequence[T],
    workers: int | None = None,
    alongside: Callable[[], None] | None = None,
    min_jobs: int = PARALLEL_MIN_JOBS,
) -> list[R]:
    """``[func(item) for item in items]``, on up to ``workers`` forked processes; results are pickled back.

    The processes take the items a few at a time from a shared counter, so one that is slowed down (by the
    other work of the machine, or by ``alongside``, which runs first in this process) takes fewer. ``func``
    must not raise: wrap failures into its result. Inputs of fewer than ``min_jobs`` items run in this process
    (lower it for work that takes long for each item, such as resizing a photo).
    """
    count = min(workers or default_workers(), max(1, len(items) // max(1, min_jobs // 2)))
    if count <= 1 or len(items) < min_jobs or not hasattr(os, "fork"):
        if alongside is not None:
            alongside()
        return [func(item) for item in items]
    import multiprocessing  # only here: a rebuild that renders a page or two never starts a process

    context = multiprocessing.get_context("fork")
    work = _SharedWork(context, func, items, count)
    pool: _Pool[R] = _Pool(len(items))
    try:
        pool.start(context, count - 1, work)
        if alongside is not None:
            alongside()
        for batch in work.batches():
            pool.keep(batch)
            pool.take_waiting()  # what the others sent meanwhile, so that little is left at the end
        pool.take_rest()
    finally:
        pool.stop()
    return pool.results  # type: ignore[return-value]


class _SharedWork(Generic[T, R]):
    """The items, and a counter in shared memory from which every process takes the next few."""

    def __init__(self, context: ForkContext, func: Callable[[T], R], items: Sequence[T], count: int) -> None:
        self.func = func
        self.items = items
        self.total = len(items)
        self.chunk = max(1, min(MAX_CHUNK, self.total // (count * 16)))
        self.taken = context.RawValue("q", 0)
        self.lock = context.Lock()

    def batches(self) -> Iterator[list[tuple[int, R]]]:
        """The results of each few items taken, until none are left."""
        func, items, total, chunk = self.func, self.items, self.total, self.chunk
        while True:
            with self.lock:
                start = self.taken.value
                self.taken.value = start + chunk
            if start >= total:
                return
            yield [(i, func(items[i])) for i in range(start, min(start + chunk, total))]

    def serve(self, channel: Connection) -> None:
        """A forked process's life: send the results of each few items taken, then that it is done (or how it
        failed)."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            # Sent as they are made, not all at the end: pickling them all then and unpickling them all after
            # would leave the other core idle. This process takes them between its own items.
            for batch in self.batches():
                channel.send(("ok", batch))
            last: tuple[str, object] = ("done", None)
        except BaseException:
            last = ("crash", traceback.format_exc())
        try:
            channel.send(last)
        finally:
            channel.close()


class _Pool(Generic[R]):
    """The forked processes, seen from this one, and the results gathered from them and from this one."""

    def __init__(self, total: int) -> None:
        self.results: list[R | None] = [None] * total
        self.children: list[tuple[BaseProcess, Connection]] = []
        self.running: dict[Connection, BaseProcess] = {}  # the processes not done yet, by their pipe

    def start(self, context: ForkContext, count: int, work: _SharedWork[Any, R]) -> None:
        """Fork ``count`` processes that serve ``work``."""
        # Frozen objects are left alone by the garbage collector: the forked processes do not touch (and so
        # copy) every page of memory they share with this one each time they collect.
        gc.freeze()
        try:
            for _ in range(count):
                receiver, sender = context.Pipe(duplex=False)
                _widen(receiver)
                process = context.Process(target=work.serve, args=(sender,), daemon=True)
                process.start()
                sender.close()
                self.children.append((process, receiver))
                self.running[receiver] = process
        finally:
            gc.unfreeze()

    def keep(self, batch: list[tuple[int, R]]) -> None:
        for i, value in batch:
            self.results[i] = value

    def take(self, receiver: Connection) -> None:
        """One message from a process: results, or that it is done, or how it failed."""
        try:
            status, payload = receiver.recv()
        except EOFError:
            process = self.running.pop(receiver)
            process.join()
            raise RuntimeError(t("a worker process died (exit code {code})", code=process.exitcode)) from None
        if status == "ok":
            self.keep(payload)
        elif status == "done":
            del self.running[receiver]
        else:
            raise RuntimeError(t("a worker process failed:\n{details}", details=payload))

    def take_waiting(self) -> None:
        """Every message the processes have sent that is waiting to be read."""
        for receiver in list(self.running):
            while receiver in self.running and receiver.poll(0):
                self.take(receiver)

    def take_rest(self) -> None:
        """Every message until each process is done."""
        for receiver in list(self.running):
            while receiver in self.running:
                self.take(receiver)

    def stop(self) -> None:
        """Close the pipes and end the processes still running (after a failure), waiting for each."""
        for process, receiver in self.children:
            receiver.close()
            if process.is_alive():
                process.terminate()
            process.join()
