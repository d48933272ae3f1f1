"""The output folder as a build finds it: every file and link, listed without following links."""

from __future__ import annotations

import os
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
