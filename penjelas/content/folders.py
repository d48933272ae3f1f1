"""An explainer folder's listing and its digest: the key under which its parse is kept between builds."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from penjelas.content.reading import read_whole
from penjelas.core.digests import digest


def folder_key(
    folder: Path,
    context: str,
    listing: dict[str, os.DirEntry[str]] | None = None,
    read: dict[str, bytes] | None = None,
    hashes: Callable[[str], str] | None = None,
    link: bool | None = None,
) -> str | None:
    """A digest of every name and byte in an explainer's folder, or None where it cannot be cached (links).

    Where the folder was just read, ``listing`` is its entries and ``read`` the bytes of the files read whole.
    ``hashes`` gives a file's SHA-256 (hex) by path, if the caller knows it without reading the file; ``link``
    whether the folder is a symbolic link, if the caller knows.
    """
    parts: list[str] = [context, folder.name]
    try:
        if listing is None:
            if link if link is not None else folder.is_symlink():
                return None
            with os.scandir(folder) as found:
                listing = {entry.name: entry for entry in found}
        for _name, entry in sorted(listing.items()):
            if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                return None
            data = read.get(entry.name) if read is not None else None
            if data is not None or hashes is None:
                sha = hashlib.sha256(data if data is not None else read_whole(entry.path)).hexdigest()
            else:
                sha = hashes(entry.path)
            parts.extend((entry.name, sha))
    except OSError:
        return None
    return digest(tuple(parts))  # one part: a thousand folders


def folder_files(folder: Path, entries: dict[str, os.DirEntry[str]] | None = None) -> set[str]:
    """Paths (relative, with '/') of the ordinary files in an explainer's folder; links and dotfiles are left out.

    ``entries`` is the folder's listing when already made: without subfolders, it says it all.
    """
    if entries is not None and not any(
        e.is_dir(follow_symlinks=False) for name, e in entries.items() if not name.startswith(".")
    ):
        return {name for name, e in entries.items() if not name.startswith(".") and not e.is_symlink() and e.is_file()}
    found: set[str] = set()
    for root, dirs, names in os.walk(folder):  # does not descend into linked folders
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(root) / name
            if not name.startswith(".") and not path.is_symlink() and path.is_file():
                found.add(path.relative_to(folder).as_posix())
    return found
