"""Writing a file whole: the mode new files get, and replacing a file through a rename."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path


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
