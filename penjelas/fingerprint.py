"""Stable digests of values and folders: what caches key on."""

from __future__ import annotations

import hashlib
from pathlib import Path


def digest(*parts: object) -> str:
    """A stable digest of values whose repr shows all their data (str, numbers, dates, tuples, dataclasses)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def tree_digest(folder: Path) -> str:
    """A digest of every file's path and bytes below ``folder`` (the templates, for instance)."""
    parts: list[object] = []
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts.extend((path.relative_to(folder).as_posix(), path.read_bytes()))
    return digest(*parts)
