"""Listing what a folder holds, without following links: the output folder as a build finds it; the mode new
files get; and replacing a cache file whole."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path


def scan_files(folder: Path) -> dict[str, os.stat_result]:
    """Every file or link below ``folder``, by relative POSIX path, with its ``lstat``; {} if it is missing.

    Links, to files or folders, are listed as themselves and never followed. One ``scandir`` per folder:
    cheaper than asking for each expected path, and it also finds files nobody expected.
    """
    found: dict[str, os.stat_result] = {}
    stack: list[tuple[str, str]] = [("", str(folder))]
    while stack:
        prefix, current = stack.pop()
        try:
            entries = os.scandir(current)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((relative + "/", entry.path))
                else:
                    found[relative] = entry.stat(follow_symlinks=False)
    return found


@functools.cache
def new_file_mode() -> int:
    """The mode ``open()`` gives a new file in this process: 0o666 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def replace_whole(target: Path, data: bytes, mode: int | None = None) -> bool:
    """Write ``data`` to ``target`` through a temporary file renamed over it, so a reader finds the old file or
    the whole new one. False, leaving nothing behind, where the folder cannot be written (a cache only saves
    time). ``mode``: the file's permissions, where the owner's alone (the temporary file's) will not do."""
    temporary = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
        if mode is not None:
            os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return False
    return True
