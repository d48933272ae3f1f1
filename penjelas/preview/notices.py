"""The operating system's notices of changes below the watched folders: `FileEvents` hears them (inotify,
FSEvents, ReadDirectoryChangesW, through watchdog) and `Notices` hands their paths from watchdog's thread to
the builder's, which looks only at those paths (`Watcher.look`)."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from penjelas.core.errors import printable
from penjelas.core.messages import t


class Notices:
    """The paths the operating system said changed, handed from its watching thread to the builder's."""

    def __init__(self) -> None:
        self._paths: set[str] = set()
        self._condition = threading.Condition()
        self._woken = False

    def add(self, paths: Iterable[str]) -> None:
        with self._condition:
            self._paths.update(paths)
            self._condition.notify_all()

    def wake(self) -> None:
        """Make a waiting ``take`` return now (the preview is stopping)."""
        with self._condition:
            self._woken = True
            self._condition.notify_all()

    def take(self, timeout: float) -> set[str]:
        """The paths noticed since the last call, waiting up to ``timeout`` seconds for the first."""
        with self._condition:
            if not self._paths and not self._woken:
                self._condition.wait(max(0.0, timeout))
            paths, self._paths = self._paths, set()
            return paths


_NOTICED = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
"""What is worth a look; not opening or reading a file (the build reads them all), nor a folder's own
modification, which comes with the notice of the file added or removed in it."""


class FileEvents(FileSystemEventHandler):
    """Hears of changes below the watched folders from the operating system (inotify, FSEvents,
    ReadDirectoryChangesW, through watchdog) and hands their paths to ``notices``, the moment they happen.

    Where the system cannot tell (an unsupported platform, no inotify instance or watch left), the preview
    finds changes by polling alone, as before. A folder created or replaced after the start is watched from
    the next ``refresh``, which the builder calls after each poll.
    """

    def __init__(self, root: Path, folders: Iterable[str], notices: Notices) -> None:
        super().__init__()
        self.root = os.path.abspath(root)
        # The root as given and with links resolved (macOS reports /private/var for /var).
        self.prefixes = tuple({os.path.join(self.root, ""), os.path.join(os.path.realpath(self.root), "")})
        self.folders = tuple(folders)
        self.notices = notices
        self.observer: BaseObserver | None = None
        # Watched folder -> its watch, and the folder's (device, inode) when it was watched.
        self.watches: dict[str, tuple[ObservedWatch, tuple[int, int]]] = {}
        self.unwatched: set[str] = set()  # folders the system refused to watch (already said so in the terminal)

    def start(self) -> bool:
        """Start listening; False if this system cannot report changes at all (the preview then polls)."""
        try:
            observer = Observer()
            if isinstance(observer, PollingObserver):
                return False  # watchdog would poll too, and less cheaply than Watcher
            observer.start()
        except OSError as exc:
            _note_polling(
                t(
                    "Note: the system cannot report file changes ({reason}); changes are found by looking at every "
                    "file, which takes longer on a large archive.",
                    reason=_reason(exc),
                )
            )
            return False
        self.observer = observer
        self.refresh()
        return True

    def refresh(self) -> None:
        """Watch each watched folder that exists and is not watched yet, or was replaced since."""
        if self.observer is None:
            return
        for name in self.folders:
            folder = os.path.join(self.root, name)
            try:
                info = os.stat(folder)
                identity = (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None
            except OSError:
                identity = None
            known = self.watches.get(name)
            if known is not None and known[1] == identity:
                continue
            if known is not None:
                with contextlib.suppress(KeyError):
                    self.observer.unschedule(known[0])
                del self.watches[name]
            if identity is None:
                continue
            try:
                watch = self.observer.schedule(self, folder, recursive=True, event_filter=_NOTICED)
            except OSError as exc:  # Linux: more folders than fs.inotify.max_user_watches
                if name not in self.unwatched:
                    self.unwatched.add(name)
                    _note_polling(
                        t(
                            "Note: the system cannot report changes in {folder}/ ({reason}); changes are found by "
                            "looking at every file, which takes longer on a large archive.",
                            folder=name,
                            reason=_reason(exc),
                        )
                    )
                continue
            self.watches[name] = (watch, identity)

    def on_any_event(self, event: FileSystemEvent) -> None:
        noticed = []
        for path in (os.fsdecode(event.src_path), os.fsdecode(event.dest_path)):
            for prefix in self.prefixes:
                if path.startswith(prefix):
                    noticed.append(path[len(prefix) :].replace(os.sep, "/"))
                    break
        self.notices.add(noticed)

    def stop(self) -> None:
        self.notices.wake()
        if self.observer is not None and self.observer.is_alive():
            self.observer.stop()
            self.observer.join(timeout=5)


def _note_polling(note: str) -> None:
    print(note, file=sys.stderr, flush=True)


def _reason(exc: OSError) -> str:
    """Why the system refused, in the editor's language where it is one of the usual limits (Linux's inotify:
    watchdog says 'inotify watch limit reached', or 'instance limit'), else as the system says it."""
    if exc.errno == errno.ENOSPC:
        return t("the system's limit on watched folders is reached")
    if exc.errno == errno.EMFILE:
        return t("the system's limit on file watchers is reached")
    return printable(str(exc.strerror or exc))
