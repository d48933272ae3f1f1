"""Looking at the watched files: `Watcher` keeps every watched file's metadata and tells which files were
added, changed or removed, by looking at every file (`poll`) or only at the paths a notice named (`look`)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

LOOK_AT_MOST = 64
"""More paths than this named at once (a branch checked out) are looked at by looking at every file."""
_EDITOR_TEMPORARY = re.compile(r"(^\.|~$|^#.*#$|\.sw[a-p]$|\.tmp$|^4913$)")
"""Files editors write while saving (vim's .swp and 4913, emacs' #x#, backups~): not content."""


class Watcher:
    """Knows every watched file's metadata, and tells which files were added, changed or removed.

    ``poll`` looks at every file: portable (editors that save by renaming, network drives, containers), and
    the safety net when the operating system's notices are missing or incomplete, but it grows with the
    archive (docs/performance.md has the figure). ``look`` looks only at the paths a notice named.
    """

    def __init__(self, root: Path, folders: Iterable[str]) -> None:
        self.root = root
        self.folders = tuple(folders)
        self.state = self.scan()

    def scan(self) -> dict[str, tuple[int, int, int]]:
        """Every watched file's (mtime_ns, size, inode), by path relative to the root."""
        found: dict[str, tuple[int, int, int]] = {}
        for name in self.folders:
            self._walk(os.path.join(self.root, name), f"{name}/", found)
        return found

    def _walk(self, folder: str, relative: str, found: dict[str, tuple[int, int, int]]) -> None:
        """Add the files below ``folder`` (``relative`` ends with '/'): hidden folders, links to folders and
        editors' temporary files left out."""
        try:
            entries = os.scandir(folder)
        except OSError:  # missing, or removed while we looked
            return
        with entries:
            for entry in entries:
                name = entry.name
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if not name.startswith(".") and not entry.is_symlink():
                        self._walk(entry.path, f"{relative}{name}/", found)
                    continue
                if _EDITOR_TEMPORARY.search(name):
                    continue
                try:
                    info = os.stat(entry.path)
                except OSError:  # removed while we looked, or a broken link
                    continue
                found[relative + name] = (info.st_mtime_ns, info.st_size, info.st_ino)

    def poll(self) -> list[str]:
        """The paths changed since they were last looked at, sorted."""
        current = self.scan()
        previous, self.state = self.state, current
        return sorted(p for p in previous.keys() | current.keys() if previous.get(p) != current.get(p))

    def look(self, paths: Iterable[str]) -> list[str]:
        """The paths changed at or below ``paths`` (relative to the root, '/'-separated), sorted; only those
        are looked at. A path outside the watched folders, or below a hidden folder, is no change."""
        paths = set(paths)
        if len(paths) > LOOK_AT_MOST:
            return self.poll()
        changed: set[str] = set()
        for path in paths:
            parts = path.split("/")
            if parts[0] not in self.folders or not all(parts) or any(part.startswith(".") for part in parts[1:-1]):
                continue
            below = f"{path}/"
            previous = {p: meta for p, meta in self.state.items() if p == path or p.startswith(below)}
            current = self._files_at(path, parts[-1])
            changed.update(p for p in previous.keys() | current.keys() if previous.get(p) != current.get(p))
            for gone in previous.keys() - current.keys():
                del self.state[gone]
            self.state.update(current)
        return sorted(changed)

    def _files_at(self, path: str, name: str) -> dict[str, tuple[int, int, int]]:
        """The watched files at ``path``: itself if it is a file, what is below it if it is a folder."""
        full = os.path.join(self.root, path)
        try:
            kind = os.lstat(full).st_mode
        except OSError:
            return {}
        found: dict[str, tuple[int, int, int]] = {}
        if "/" not in path:  # a watched folder itself, which may be a link (as for `scan`)
            self._walk(full, f"{path}/", found)
            return found
        if stat.S_ISDIR(kind) or (stat.S_ISLNK(kind) and os.path.isdir(full)):
            if stat.S_ISDIR(kind) and not name.startswith("."):
                self._walk(full, f"{path}/", found)
            return found
        if _EDITOR_TEMPORARY.search(name):
            return found
        try:
            info = os.stat(full)
        except OSError:
            return found
        found[path] = (info.st_mtime_ns, info.st_size, info.st_ino)
        return found
