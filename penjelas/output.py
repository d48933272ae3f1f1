"""Writing the site atomically: everything goes to a temporary folder that replaces output/ only on success.

Whatever happens (a content error, Ctrl-C, SIGTERM, a full disk, a crash), the target folder holds either
the complete previous site or the complete new one. Staging folders sit beside the target as
``.<name>.tmp-*``, the replaced site briefly as ``.<name>.old-*``; a build that dies without cleaning up
(SIGKILL, power loss) leaves them behind, and the next build removes them, or puts the old site back if
it died between the two renames of a swap. A lock on the parent folder keeps two builds from doing this
to each other.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from .errors import ContentError, Problem

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\\]")
_HELD_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


def safe_relative(path: str) -> PurePosixPath:
    """The output path as a normalised relative path; ValueError if it could escape the output folder.

    Refused: absolute paths, '..', backslashes (a separator on Windows), control characters, and names
    with a trailing dot or surrounding spaces (Windows drops those, so two names could become one).
    """
    if not path or _UNSAFE_NAME.search(path) or path.startswith("/"):
        raise ValueError(f"unsafe output path {path!r}")
    pure = PurePosixPath(path)
    if not pure.parts or any(
        part in ("", ".", "..") or part != part.strip() or part.endswith(".") for part in pure.parts
    ):
        raise ValueError(f"unsafe output path {path!r}")
    return pure


def claim(origins: dict[str, str], path: str, origin: str) -> PurePosixPath:
    """Record that ``origin`` writes ``path``; ContentError if the name is unsafe or something else writes it.

    Names are compared as Windows and macOS would: without case, and after Unicode normalisation.
    """
    try:
        relative = safe_relative(path)
    except ValueError:
        raise ContentError(
            [Problem(origin, 0, 0, f"would write to {path!r}, which is not a safe name inside the output folder")]
        ) from None
    key = unicodedata.normalize("NFC", relative.as_posix()).casefold()
    if key in origins:
        raise ContentError(
            [
                Problem(
                    origin,
                    0,
                    0,
                    f"would write {relative}, which {origins[key]} already writes",
                    "names that differ only in case are the same file on Windows and macOS; rename one of them",
                )
            ]
        )
    origins[key] = origin
    return relative


def _lock(folder: Path) -> int | None:
    """Take an exclusive lock on ``folder`` (released when the descriptor closes, or the process dies)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, and stale folders are left for the user to remove
        return None
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def _signals_held(*, drop: bool) -> Iterator[None]:
    """Hold SIGINT and SIGTERM while a few file operations run, so they are never half done.

    Afterwards a signal that arrived meanwhile is either delivered (it interrupts at once, with the
    operation complete, so the caller can clean up after it) or, with ``drop``, discarded: used once the
    new site is in place, when there is nothing left to stop. Only the main thread receives Python
    signals, so elsewhere (a dev server's build thread) there is nothing to hold.
    """
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        if drop:
            for pending in signal.sigpending() & _HELD_SIGNALS:
                signal.sigwait({pending})
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _leftovers(target: Path, kind: str) -> list[Path]:
    prefix = f".{target.name}.{kind}-"
    return sorted(p for p in target.parent.iterdir() if p.name.startswith(prefix) and p.is_dir())


def _clean_up_after_dead_builds(target: Path) -> None:
    """Remove what a killed build left beside ``target``; restore the old site if it died mid-swap."""
    for old in _leftovers(target, "old"):
        if not target.exists() and not target.is_symlink() and (old / "site").is_dir():
            os.rename(old / "site", target)
        shutil.rmtree(old, ignore_errors=True)
    for staging in _leftovers(target, "tmp"):
        shutil.rmtree(staging, ignore_errors=True)


def recover_output(target: Path) -> None:
    """Tidy up after a build that was killed while writing ``target``; a no-op almost always.

    Called before a build renders anything, so even a build that then fails on its content puts a
    previous site back that a killed swap had moved aside.
    """
    if not target.parent.is_dir():
        return
    lock = _lock(target.parent)
    try:
        with _signals_held(drop=False):
            _clean_up_after_dead_builds(target)
    finally:
        if lock is not None:
            os.close(lock)


class StagedOutput:
    """A temporary folder beside ``target`` that becomes ``target`` on commit, or vanishes.

    Use it as a context manager: the staging folder is made in ``__enter__``, where an interruption is
    still cleaned up (made in ``__init__``, a signal landing just after it would leave it behind).
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self.origins: dict[str, str] = {}
        self.staging: Path | None = None
        self._lock: int | None = None
        self._folders: set[str] = set()

    def __enter__(self) -> StagedOutput:
        target = self.target
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(target.parent)
            with _signals_held(drop=False):
                _clean_up_after_dead_builds(target)
            self._refuse_foreign_target()
            with _signals_held(drop=False):  # a signal now is delivered once self.staging is set
                self.staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        except BaseException:
            self.discard()
            self._unlock()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if kind is not None:
                self.discard()
        finally:
            self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def _staging(self) -> Path:
        if self.staging is None:
            raise RuntimeError("StagedOutput is used outside its 'with' block")
        return self.staging

    def _refuse_foreign_target(self) -> None:
        """Replace only a folder that is empty or holds a site; never, say, a home folder given by mistake."""
        target = self.target
        if target.is_symlink() or not target.exists():
            return
        if not target.is_dir():
            raise ContentError([Problem(str(target), 0, 0, "the output path exists and is not a folder")])
        if (target / "index.html").is_file() or not any(target.iterdir()):
            return
        raise ContentError(
            [
                Problem(
                    str(target),
                    0,
                    0,
                    "the output folder is not empty and holds no index.html, so it does not look like a built "
                    "site; it would be replaced entirely",
                    "build into a new or empty folder, or remove this one yourself",
                )
            ]
        )

    def write(self, path: str, data: bytes, origin: str) -> None:
        """Write one file; refuse a second writer of the same path and any path outside the folder."""
        relative = claim(self.origins, path, origin)
        staging = self._staging()
        destination = staging.joinpath(*relative.parts)
        if not destination.resolve().is_relative_to(staging.resolve()):
            raise ContentError([Problem(origin, 0, 0, f"would write {path!r}, outside the output folder")])
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)

    def write_unclaimed(self, path: str, data: bytes) -> None:
        """Write a file whose path the caller will claim later (from a worker process, which cannot claim)."""
        relative = safe_relative(path)
        destination = os.path.join(self._staging(), *relative.parts)
        folder = os.path.dirname(destination)
        if folder not in self._folders:  # thousands of pages: ask the file system once per folder
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        with open(destination, "wb") as handle:
            handle.write(data)

    def link(self, path: str, source: Path, origin: str) -> None:
        """Put an existing file at ``path`` without writing its bytes again: a hard link, or a copy if the
        file system cannot link. The linked file is never written to afterwards, only replaced."""
        relative = claim(self.origins, path, origin)
        destination = self._staging().joinpath(*relative.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, destination, follow_symlinks=False)
        except OSError:
            shutil.copyfile(source, destination, follow_symlinks=False)

    def written_elsewhere(self, path: str, origin: str) -> None:
        """Record a file that another process wrote into the staging folder (parallel rendering)."""
        claim(self.origins, path, origin)

    def commit(self) -> None:
        """Swap the staged folder in for the target; the old output is removed only after."""
        staging = self._staging()
        staging.chmod(0o755)
        with _signals_held(drop=True):
            old: Path | None = None
            if self.target.exists() or self.target.is_symlink():
                old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
                os.rename(self.target, old / "site")
            try:
                os.rename(staging, self.target)
            except BaseException:
                if old is not None:
                    os.rename(old / "site", self.target)
                    shutil.rmtree(old, ignore_errors=True)
                raise
            self.staging = None
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staged folder, leaving the target as it was."""
        if self.staging is not None:
            with _signals_held(drop=True):  # already on the way out: a second Ctrl-C must not stop the clean-up
                shutil.rmtree(self.staging, ignore_errors=True)
                self.staging = None


@dataclass(frozen=True)
class SyncResult:
    written: tuple[str, ...]
    """Files created or changed, as paths relative to the folder."""
    deleted: tuple[str, ...]
    """Files removed because the site no longer has them."""

    @property
    def changed(self) -> frozenset[str]:
        """Every path whose content is not what it was."""
        return frozenset(self.written) | frozenset(self.deleted)


class SyncedOutput:
    """A folder kept equal to a site built in memory, touching only what changed.

    Files whose bytes are unchanged are not written (their modification times stay), others are replaced
    atomically (a server reading the folder never sees half a file), and files the site no longer has are
    deleted. Unlike StagedOutput, the folder is updated in place, so use it for a folder the generator
    owns (the dev server's), not for output/.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self._known: dict[str, tuple[int, int, str]] = {}
        """Path -> (size, mtime_ns, sha256) of files as last written or read, to avoid rereading them."""

    def sync(self, files: Iterable[tuple[str, bytes, str]]) -> SyncResult:
        """Make the folder hold exactly ``files`` (path, data, origin); ContentError if two write one path."""
        origins: dict[str, str] = {}
        wanted = {claim(origins, path, origin).as_posix(): data for path, data, origin in files}
        self.target.mkdir(parents=True, exist_ok=True)
        root = self.target.resolve()
        present = set(self._files())
        deleted = sorted(present - set(wanted))
        for path in deleted:  # first, so a file 'a' can give way to a folder 'a/' and back
            (root / path).unlink(missing_ok=True)
            self._known.pop(path, None)
        self._prune_empty(root)
        written: list[str] = []
        for path, data in sorted(wanted.items()):
            if path in present and self._holds(path, data):
                continue
            self._write(root, path, data)
            written.append(path)
        return SyncResult(tuple(written), tuple(deleted))

    def _files(self) -> Iterator[str]:
        """Every file or link below the folder, as relative paths; links are never followed."""
        for base, dirs, names in os.walk(self.target):
            rel = Path(base).relative_to(self.target)
            for name in names + [d for d in dirs if (Path(base) / d).is_symlink()]:
                yield (rel / name).as_posix()

    def _holds(self, path: str, data: bytes) -> bool:
        """Whether the file on disk already has exactly ``data``."""
        file = self.target / path
        try:
            info = file.lstat()
        except FileNotFoundError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        wanted = hashlib.sha256(data).hexdigest()
        known = self._known.get(path)
        if known is not None and known[:2] == (info.st_size, info.st_mtime_ns):
            return known[2] == wanted
        same = file.read_bytes() == data
        if same:
            self._known[path] = (info.st_size, info.st_mtime_ns, wanted)
        return same

    def _write(self, root: Path, path: str, data: bytes) -> None:
        destination = root / path
        parent = destination.parent
        for ancestor in reversed([parent, *parent.parents]):  # a file or link where a folder must be goes
            if ancestor == root or not ancestor.is_relative_to(root):
                continue
            if ancestor.is_symlink() or (ancestor.exists() and not ancestor.is_dir()):
                ancestor.unlink()
        parent.mkdir(parents=True, exist_ok=True)
        if not parent.resolve().is_relative_to(root):
            raise ValueError(f"output path {path!r} escapes the output folder")
        if destination.is_dir() and not destination.is_symlink():
            shutil.rmtree(destination)
        handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", dir=parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, destination)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        info = destination.lstat()
        self._known[path] = (info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def _prune_empty(self, root: Path) -> None:
        """Remove folders left empty by deletions (bottom-up, so nested empty folders all go)."""
        for base, _dirs, _names in os.walk(root, topdown=False):
            folder = Path(base)
            if folder != root and not any(folder.iterdir()):
                folder.rmdir()


def static_files(static_dir: Path) -> Iterator[tuple[str, Path]]:
    """Assets to copy, as (path below static/, file), in a fixed order; links are refused."""
    if not static_dir.is_dir():
        return
    problems: list[Problem] = []
    found: list[tuple[str, Path]] = []
    for root, dirs, files in os.walk(static_dir):
        dirs.sort()
        base = Path(root)
        for name in list(dirs):
            if (base / name).is_symlink():
                problems.append(
                    Problem(
                        f"static/{(base / name).relative_to(static_dir).as_posix()}",
                        0,
                        0,
                        "symbolic links are not followed",
                        "copy the files in instead",
                    )
                )
                dirs.remove(name)
        for name in sorted(files):
            path = base / name
            shown = f"static/{path.relative_to(static_dir).as_posix()}"
            if name.startswith("."):
                continue
            if path.is_symlink():
                problems.append(Problem(shown, 0, 0, "symbolic links are not followed", "copy the file in instead"))
                continue
            if not path.is_file():
                problems.append(Problem(shown, 0, 0, "is not an ordinary file", "replace it with a file or remove it"))
                continue
            relative = path.relative_to(static_dir).as_posix()
            try:
                safe_relative(relative)
            except ValueError:
                problems.append(
                    Problem(
                        shown,
                        0,
                        0,
                        "this name cannot be published safely (control characters, a backslash, a trailing dot "
                        "or space)",
                        "rename the file",
                    )
                )
                continue
            found.append((relative, path))
    if problems:
        raise ContentError(problems)
    yield from sorted(found)
