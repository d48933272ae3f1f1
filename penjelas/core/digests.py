"""Stable digests of values and folders: what caches key on."""

from __future__ import annotations

import functools
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


@functools.cache
def code_digest() -> str:
    """A digest of the generator's own source: caches kept by an older version of the code never apply.

    Bumping a version number is easy to forget; a newsroom that pulls a fix to the generator must get
    pages rendered by the fixed code, not pages a cache remembers.
    """
    package = Path(__file__).resolve().parent.parent
    sources = sorted(package.rglob("*.py"))  # not __pycache__: compiled files come and go
    parts = (part for path in sources for part in (path.relative_to(package).as_posix(), path.read_bytes()))
    return digest(*parts)[:16]


def generator_id() -> str:
    """This generator, as caches know it: its version and the digest of its code."""
    from penjelas import __version__

    return f"penjelas {__version__} {code_digest()}"
