"""The no-op fast path: when no input changed since the last good build and the output folder is as that
build left it, there is nothing to do, and the command line can say so without loading the generator.

It hashes every input file (content, templates, static, locale) whose metadata changed since it was last
hashed, reads the output files' metadata, and imports nothing beyond the standard library: no YAML,
Markdown, Jinja or Babel.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from penjelas.core.atomic import replace_whole
from penjelas.core.messages import language, t
from penjelas.output.listing import scan_files

INPUT_FOLDERS = ("content", "templates", "static", "locale")
RECORD = Path(".cache") / "build" / "quick.json"


def settings(generator: str, out_dir: Path, base_url: str | None, drafts: bool, day: object) -> list[object]:
    """Everything besides the input files that shapes a build's output, and the language of the notes it
    prints (the record keeps them as they were printed)."""
    return [generator, str(out_dir), base_url or "", drafts, str(day), language()]


class Inputs(NamedTuple):
    digest: str
    """Of every input folder's names and bytes, and of the build's settings."""
    hashes: FileHashes
    """Each input file's SHA-256, as the digest saw it; saved by whoever goes on to build."""


def read_inputs(root: Path, settings: Sequence[object]) -> Inputs:
    """A digest of every input folder's names and bytes (links by their target), and of ``settings``.

    Each file's bytes count by their SHA-256, which is read again only when the file's metadata changed
    since it was last hashed (see ``FileHashes``). Nothing is written.
    """
    hasher = hashlib.sha256(json.dumps([str(s) for s in settings]).encode("utf-8"))

    def feed(part: bytes) -> None:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)

    def visit(folder: str, relative: str) -> None:
        """A folder's name, then its files and links by name, then its folders the same way."""
        feed(relative.encode("utf-8", "surrogateescape"))
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                continue
            feed(entry.name.encode("utf-8", "surrogateescape"))
            try:
                if entry.is_symlink():
                    feed(b"link:" + os.readlink(entry.path).encode("utf-8", "surrogateescape"))
                else:
                    feed(hashes.sha256(entry.path, f"{relative}/{entry.name}").encode("ascii"))
            except OSError:
                feed(b"unreadable")
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                visit(entry.path, f"{relative}/{entry.name}")

    hashes = FileHashes(root)
    for folder in INPUT_FOLDERS:
        base = root / folder
        feed(folder.encode() + (b"/" if base.is_dir() else b"-"))
        if base.is_dir():
            visit(str(base), folder)
    return Inputs(hasher.hexdigest(), hashes)


HASHES = Path(".cache") / "build" / "hashes.json"
SETTLED_NS = 3_000_000_000
"""A file whose last change is older than this when it is hashed is trusted while its metadata stays the
same. A younger one is hashed again each time: it could change again within the file system's timestamp
resolution (coarse on some systems) without its metadata showing it."""


class FileHashes:
    """SHA-256 of input files, remembered between runs with each file's size, modification and change
    times and inode. The change time cannot be set back by tools (unlike the modification time), so a file
    whose metadata is what it was when it was hashed, long after its last change, still has those bytes."""

    def __init__(self, root: Path) -> None:
        self.file = root / HASHES
        self.root = root
        self.prefix = os.path.join(str(root), "")
        try:
            known = json.loads(self.file.read_text(encoding="utf-8"))
            self.known: dict[str, list[int | str]] = known if isinstance(known, dict) else {}
        except (OSError, ValueError):
            self.known = {}
        self.now: dict[str, list[int | str]] = {}
        self.changed = False

    def __getstate__(self) -> dict[str, object]:
        """What another process is sent (the command line checks in one while it imports in another): what was
        seen, not what was known before, which matters only for files not looked at yet (hashed if asked)."""
        return {**self.__dict__, "known": {}}

    def sha256(self, path: str, key: str | None = None) -> str:
        """The SHA-256 of the file at ``path`` (below the root), hex; OSError if it cannot be read.

        ``key`` is the path relative to the root with '/' separators, where the caller knows it. A file
        already looked at by this object (the no-op check's walk, just before) is not looked at again.
        """
        if key is None:
            if path.startswith(self.prefix):
                key = path[len(self.prefix) :].replace(os.sep, "/")
            else:
                key = os.path.relpath(path, self.root).replace(os.sep, "/")
        seen = self.now.get(key)
        if seen is not None:
            return str(seen[5])
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):  # a named pipe would block the read for good: the build reports it
            raise OSError(errno.EINVAL, t("not an ordinary file"), path)
        meta: list[int | str] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        entry = self.known.get(key)
        if (
            isinstance(entry, list)
            and len(entry) == 6
            and entry[:4] == meta
            and isinstance(entry[4], int)
            and max(info.st_mtime_ns, info.st_ctime_ns) < entry[4] - SETTLED_NS
            and isinstance(entry[5], str)
        ):
            self.now[key] = entry
            return entry[5]
        hashed_at = time.time_ns()
        sha = hashlib.sha256(_read_ordinary(path)).hexdigest()
        self.now[key] = [*meta, hashed_at, sha]
        self.changed = True
        return sha

    def save(self, *, everything: bool = True) -> None:
        """Keep what was hashed for the next run, atomically: only the files seen this time when this run
        saw ``everything``, else what was known before as well."""
        if not everything:
            if not self.changed:
                return
            self.now = {**self.known, **self.now}
        elif not self.changed and self.now.keys() == self.known.keys():
            return
        _write_json(self.file, self.now)  # a failure only costs the next run some reading


def _read_ordinary(path: str) -> bytes:
    """The bytes of an ordinary file; OSError for anything else. Opened without blocking: a file that has
    become a named pipe since it was looked at is found out, not waited on."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(handle, "rb") as reader:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, t("not an ordinary file"), path)
        return reader.read()


class Notes(NamedTuple):
    """What a good build said besides its summary line, said again by a build that finds nothing changed."""

    warnings: tuple[str, ...] = ()
    """Each warning, as printed."""
    left_out: str = ""
    """The line naming the explainers not published, or ''."""


def remember(
    root: Path,
    out_dir: Path,
    digest: str,
    pages: int,
    assets: int,
    files: Mapping[str, tuple[int, int, int]],
    notes: Notes | None = None,
) -> None:
    """Record a good build's inputs, the files it left, as (size, mtime_ns, inode) by path, and its notes, for
    the next build's check (atomically)."""
    notes = notes or Notes()
    record = {
        "digest": digest,
        "output": str(out_dir),
        "pages": pages,
        "assets": assets,
        "files": {path: list(files[path]) for path in sorted(files)},
        "warnings": list(notes.warnings),
        "left_out": notes.left_out,
    }
    _write_json(root / RECORD, record)  # a failure only costs the next build its shortcut


def _write_json(target: Path, value: object) -> None:
    """Write ``value`` as JSON to ``target`` atomically; a folder that cannot be written is not an error."""
    # dumps, not dump: json.dump never uses the C encoder
    replace_whole(target, json.dumps(value, separators=(",", ":")).encode("utf-8"))


def forget(root: Path) -> None:
    """Drop the record (a build is about to change the output)."""
    (root / RECORD).unlink(missing_ok=True)


def up_to_date(root: Path, out_dir: Path, digest: str) -> tuple[int, int, int, Notes] | None:
    """(pages, assets, files, notes) if the last good build had these inputs and its output is untouched."""
    try:
        record = json.loads((root / RECORD).read_text(encoding="utf-8"))
        if record["digest"] != digest or record["output"] != str(out_dir):
            return None
        leftovers = tuple(f".{out_dir.name}.{kind}-" for kind in ("tmp", "old", "patch"))
        if any(p.name.startswith(leftovers) for p in out_dir.parent.iterdir()):
            return None  # a killed build left something to clean up or finish: let a real build do it
        present = scan_files(out_dir)
        if present.keys() != record["files"].keys():
            return None  # a file is missing, or one was added by hand
        for path, (size, mtime_ns, inode) in record["files"].items():
            info = present[path]
            if (info.st_size, info.st_mtime_ns, info.st_ino) != (size, mtime_ns, inode):
                return None
        notes = Notes(tuple(str(w) for w in record["warnings"]), str(record["left_out"]))
        return int(record["pages"]), int(record["assets"]), len(record["files"]), notes
    except (OSError, ValueError, KeyError, TypeError):
        return None
