"""The folder lock: `lock_preview` lets one preview of a project at a time write its preview folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO


def lock_preview(folder: Path) -> IO[str] | None:
    """Claim the preview folder for this process; None if another preview of the project holds it.

    Two previews writing one folder would undo each other's builds. The lock goes with the process.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    handle = open(folder.parent / "preview.lock", "a+", encoding="utf-8")  # noqa: SIM115 (held while serving)
    if sys.platform != "win32":
        import fcntl

        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return None
    return handle
