"""The rebuild loop: `Builder`, the thread that watches the project, waits for a save to settle, rebuilds
the preview and hands each outcome on, off the event loop so serving never waits."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable

from penjelas.core.errors import Problem
from penjelas.preview.notices import FileEvents
from penjelas.preview.rebuild import Outcome, Preview
from penjelas.preview.watcher import Watcher

POLL_SECONDS = 0.05
"""How often every watched file is looked at; less often on a tree so big that looking costs more than 5% of the
time. Where the operating system reports changes, a save is seen at once, and this is the safety net."""
SETTLE_SECONDS = 0.01
"""After a change is seen, files must stay still this long before a build starts (a save may take a few writes)."""
CONFIRM_SECONDS = 0.05
"""A build that fails is looked at again after this long, in case it read a file caught half written."""
IDLE_COLLECT_SECONDS = 0.5
"""Python's garbage is collected this long after a rebuild, if no change came since: while the preview is idle,
after the browser has fetched the reloaded page, rather than in the middle of the next rebuild."""


class Builder(threading.Thread):
    """Watches the project and rebuilds on every change, off the event loop so serving never waits.

    With ``events`` (the operating system's notices) a save is seen the moment it happens, and only the
    paths it names are looked at; every file is still looked at now and then (``poll``, at most 5% of the
    time), which catches what notices miss and is all there is without them.
    """

    def __init__(
        self,
        preview: Preview,
        watcher: Watcher,
        on_built: Callable[[list[str], Outcome, tuple[Problem, ...]], None],
        events: FileEvents | None = None,
    ) -> None:
        super().__init__(name="penjelas-builder", daemon=True)
        self.preview = preview
        self.watcher = watcher
        self.on_built = on_built
        self.events = events
        self.stopping = threading.Event()

    def run(self) -> None:
        interval = POLL_SECONDS
        next_poll = time.monotonic() + interval
        collect_at: float | None = None
        while not self.stopping.is_set():
            wake = next_poll if collect_at is None else min(next_poll, collect_at)
            changed = self._noticed(wake - time.monotonic())
            if self.stopping.is_set():
                break
            now = time.monotonic()
            if not changed and now >= next_poll:
                changed = self.watcher.poll()
                if self.events is not None:
                    self.events.refresh()
                interval = max(POLL_SECONDS, 20 * (time.monotonic() - now))
                next_poll = time.monotonic() + interval
            if not changed:
                if collect_at is not None and now >= collect_at:
                    # A full collection goes through every object the preview keeps (docs/performance.md has
                    # the figure); Python starts one every other rebuild or so, unless it was just done.
                    gc.collect()
                    collect_at = None
                continue
            changed = self._settle(changed)
            before = self.preview.problems
            outcome = self.preview.build()
            # A failure right after a save may be a file caught half written (editors truncate, then write):
            # look again before showing it, and rebuild if the file has moved on.
            while not outcome.ok:
                more = self._changes(CONFIRM_SECONDS)
                if not more:
                    break
                changed = sorted(set(changed) | set(self._settle(more)))
                outcome = self.preview.build()
            self.preview.show(outcome)
            self.on_built(changed, outcome, before)
            collect_at = time.monotonic() + IDLE_COLLECT_SECONDS

    def _noticed(self, timeout: float) -> list[str]:
        """The changes the operating system reports within ``timeout`` seconds, as soon as there are any."""
        if self.events is None:
            self.stopping.wait(max(0.0, timeout))
            return []
        deadline = time.monotonic() + timeout
        while not self.stopping.is_set():
            changed = self.watcher.look(self.events.notices.take(deadline - time.monotonic()))
            if changed or time.monotonic() >= deadline:
                return changed
        return []

    def _changes(self, timeout: float) -> list[str]:
        """The changes within ``timeout`` seconds: as they are reported, or by looking at every file then."""
        if self.events is not None:
            return self._noticed(timeout)
        if self.stopping.wait(timeout):
            return []
        return self.watcher.poll()

    def _settle(self, changed: list[str]) -> list[str]:
        """Wait until a save has finished: no further change for SETTLE_SECONDS (a second at most)."""
        found = set(changed)
        deadline = time.monotonic() + 1
        while time.monotonic() < deadline:
            more = self._changes(SETTLE_SECONDS)
            if not more:
                break
            found.update(more)
        return sorted(found)

    def stop(self) -> None:
        self.stopping.set()
        if self.events is not None:
            self.events.notices.wake()
        self.join(timeout=10)
