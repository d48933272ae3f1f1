"""Writing the site safely: nothing in the output folder changes until every page has rendered.

A build from nothing stages the whole site in a temporary folder that replaces the target in one rename, so
whatever happens (a content error, Ctrl-C, SIGTERM, a full disk, a crash) the target holds either the
complete previous site or the complete new one. A build that changes an existing site stages only the
files that changed, flat, with a manifest of where each goes and which files go away; once complete, that
patch is renamed ``.<name>.patch-*``, and only then applied: each file replaced by a rename (a reader never
sees half a file), with SIGINT and SIGTERM held. A patch is the build's promise: if the build dies while
applying it (SIGKILL, power loss), the next build applies the rest before doing anything else.

Staging folders sit beside the target as ``.<name>.tmp-*``, a replaced site briefly as ``.<name>.old-*``;
a build that dies without cleaning up leaves them behind, and the next build removes them, or puts the old
site back if it died between the two renames of a swap. A lock on the parent folder keeps two builds from
doing this to each other.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath
from types import TracebackType

from penjelas.core.atomic import new_file_mode
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t
from penjelas.core.paths import safe_relative

_HELD_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


def claim(origins: dict[str, str], path: str, origin: str) -> PurePosixPath:
    """Record that ``origin`` writes ``path``; ContentError if the name is unsafe or something else writes it.

    Names are compared as Windows and macOS would: without case, and after Unicode normalisation.
    """
    try:
        relative = safe_relative(path)
    except ValueError:
        raise ContentError(
            [
                Problem(
                    origin,
                    0,
                    0,
                    t("would write to {path}, which is not a safe name inside the output folder", path=repr(path)),
                )
            ]
        ) from None
    _record(origins, relative.as_posix(), origin)
    return relative


def _record(origins: dict[str, str], path: str, origin: str) -> None:
    """The second half of ``claim``: the collision check, for a path already known to be a safe name."""
    key = unicodedata.normalize("NFC", path).casefold()
    if key in origins:
        raise ContentError(
            [
                Problem(
                    origin,
                    0,
                    0,
                    t("would write {path}, which {other} already writes", path=path, other=origins[key]),
                    t("names that differ only in case are the same file on Windows and macOS; rename one of them"),
                )
            ]
        )
    origins[key] = origin


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
    """Finish or undo what a killed build left beside ``target``.

    A site moved aside mid-swap is put back; a complete patch is applied (the build that made it had
    every page rendered, so this rolls forward); a staging folder is removed.
    """
    for old in _leftovers(target, "old"):
        if not target.exists() and not target.is_symlink() and (old / "site").is_dir():
            os.rename(old / "site", target)
        shutil.rmtree(old, ignore_errors=True)
    for patch in _leftovers(target, "patch"):
        if target.is_dir() and not target.is_symlink():
            _apply_patch(target, patch)
        shutil.rmtree(patch, ignore_errors=True)
    for staging in _leftovers(target, "tmp"):
        shutil.rmtree(staging, ignore_errors=True)


PATCH_FILES = "files"
PATCH_MANIFEST = "manifest.json"


_STAGED_NAME = re.compile(r"[0-9a-f]{40}")


def _staged_name(path: str) -> str:
    """The flat name a changed file has inside a patch (no folders to create while staging)."""
    return hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:40]


def _make_way(root: str, parts: tuple[str, ...]) -> str:
    """The path of ``parts`` below ``root``, once its folders are real folders: a file or a link where a folder
    must be is removed (links are never followed out of the folder), and so is a folder where the file must
    go. One ``lstat`` a level: a template edit replaces a thousand pages, each in a folder of its own."""
    folder = root
    for part in parts[:-1]:
        folder = os.path.join(folder, part)
        try:
            kind = os.lstat(folder).st_mode
        except FileNotFoundError:
            os.mkdir(folder)
            continue
        if not stat.S_ISDIR(kind):  # a file, or a link even to a folder
            os.unlink(folder)
            os.mkdir(folder)
    destination = os.path.join(folder, parts[-1])
    with suppress(FileNotFoundError):
        if stat.S_ISDIR(os.lstat(destination).st_mode):
            shutil.rmtree(destination)
    return destination


def _apply_patch(target: Path, patch: Path) -> None:
    """Carry out a complete patch on ``target``: deletions first (a file may give way to a folder), then
    each staged file renamed into place. Running it again after an interruption finishes the job."""
    try:
        manifest = json.loads((patch / PATCH_MANIFEST).read_text(encoding="utf-8"))
        deleted = [safe_relative(path) for path in manifest["delete"]]
        written = [(safe_relative(path), str(name)) for path, name in manifest["write"]]
        if not all(_STAGED_NAME.fullmatch(name) for _path, name in written):
            raise ValueError("a staged name that this version does not make")
    except (OSError, ValueError, KeyError, TypeError):
        return  # not a patch this version made: the caller removes it, and the build rewrites what it must
    emptied: set[Path] = set()
    root = target.resolve()
    for relative in deleted:
        path = target.joinpath(*relative.parts)
        if not path.parent.resolve().is_relative_to(root):
            continue  # a link among its folders now: what it points to is not ours to delete
        if path.is_symlink() or path.is_file():
            path.unlink()
            emptied.add(path.parent)
    for folder in sorted(emptied, key=lambda f: len(f.parts), reverse=True):
        while folder != target and folder.is_relative_to(target):
            try:
                folder.rmdir()  # only if empty
            except OSError:
                break
            folder = folder.parent
    for relative, name in written:
        source = patch / PATCH_FILES / name
        if not source.is_file():
            continue  # moved already, by the run that was interrupted
        os.replace(source, _make_way(str(target), relative.parts))


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
    """A temporary folder beside ``target`` whose files reach ``target`` on commit, or vanish.

    By default the staging folder is the whole new site and replaces ``target`` on commit. ``in_place``
    stages only what changes: files written are put in place on commit, files listed by ``remove`` are
    deleted, and every other file of ``target`` stays as it is (so the caller claims it with ``keep``).

    Use it as a context manager: the staging folder is made in ``__enter__``, where an interruption is
    still cleaned up (made in ``__init__``, a signal landing just after it would leave it behind).
    """

    def __init__(self, target: Path, *, in_place: bool = False) -> None:
        self.target = target
        self.in_place = in_place
        self.origins: dict[str, str] = {}
        self.staging: Path | None = None
        self.staged: dict[str, str] = {}  # in place: path -> name of the staged file that replaces it
        self.removed: list[str] = []  # in place: paths to delete
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
            if self.in_place:
                (self.staging / PATCH_FILES).mkdir()
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
            raise ContentError([Problem(str(target), 0, 0, t("the output path exists and is not a folder"))])
        if (target / "index.html").is_file() or not any(target.iterdir()):
            return
        raise ContentError(
            [
                Problem(
                    str(target),
                    0,
                    0,
                    t(
                        "the output folder is not empty and holds no index.html, so it does not look like a built "
                        "site; it would be replaced entirely"
                    ),
                    t("build into a new or empty folder, or remove this one yourself"),
                )
            ]
        )

    def _destination(self, relative: PurePosixPath) -> str:
        """Where the file for ``relative`` is staged."""
        staging = self._staging()
        if self.in_place:
            return os.path.join(staging, PATCH_FILES, _staged_name(relative.as_posix()))
        return os.path.join(staging, *relative.parts)

    def _folder_for(self, destination: str) -> str:
        """``destination``, once its folder exists."""
        folder = os.path.dirname(destination)
        if folder not in self._folders:  # thousands of pages: ask the file system once per folder
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return destination

    def _staged(self, relative: PurePosixPath) -> None:
        if self.in_place:
            self.staged[relative.as_posix()] = _staged_name(relative.as_posix())

    def write(self, path: str, data: bytes, origin: str) -> None:
        """Write one file; refuse a second writer of the same path and any path outside the folder."""
        relative = claim(self.origins, path, origin)
        destination = self._destination(relative)
        if not Path(destination).resolve().is_relative_to(self._staging().resolve()):
            raise ContentError(
                [Problem(origin, 0, 0, t("would write {path}, outside the output folder", path=repr(path)))]
            )
        with open(self._folder_for(destination), "wb") as handle:
            handle.write(data)
        self._staged(relative)

    def write_unclaimed(self, path: str, data: bytes) -> None:
        """Write a file whose path the caller will claim later (from a worker process, which cannot claim)."""
        with open(self._folder_for(self._destination(safe_relative(path))), "wb") as handle:
            handle.write(data)

    def link(self, path: str, source: Path, origin: str) -> None:
        """Put an existing file at ``path`` without writing its bytes again: a hard link, or a copy if the
        file system cannot link. The linked file is never written to afterwards, only replaced."""
        relative = claim(self.origins, path, origin)
        destination = self._folder_for(self._destination(relative))
        try:
            os.link(source, destination, follow_symlinks=False)
        except OSError:
            shutil.copyfile(source, destination, follow_symlinks=False)
        # Published files are readable as any new file is (a linked file keeps the mode of its source, which
        # for cards cached by older versions is the owner's alone: a web server as another user is refused).
        if stat.S_IMODE(os.stat(destination).st_mode) != new_file_mode():
            os.chmod(destination, new_file_mode())
        self._staged(relative)

    def written_elsewhere(self, path: str, origin: str) -> None:
        """Record a file that another process wrote into the staging folder (parallel rendering)."""
        self._staged(claim(self.origins, path, origin))

    def keep(self, path: str, origin: str) -> None:
        """In place: the target's file at ``path`` is already right; claim it and leave it alone."""
        if not self.in_place:
            raise RuntimeError("keep() is for in-place output; link the file into a full staging folder")
        # A file in place was named by a build that claimed it: only a collision with this build's files is
        # checked (after a one-page edit, two thousand files are kept).
        _record(self.origins, path, origin)

    def remove(self, paths: Iterable[str]) -> None:
        """In place: delete these files from the target on commit (unless something claimed the name)."""
        for path in paths:
            relative = safe_relative(path)
            if unicodedata.normalize("NFC", relative.as_posix()).casefold() not in self.origins:
                self.removed.append(relative.as_posix())

    def commit(self) -> None:
        """Put the staged files in place: a patch applied to the target, or a swap of whole folders."""
        staging = self._staging()
        if self.in_place:
            self._commit_patch(staging)
            return
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

    def _commit_patch(self, staging: Path) -> None:
        """Write the manifest, mark the patch complete by renaming it, then apply it with signals held."""
        manifest = {"write": sorted(self.staged.items()), "delete": sorted(self.removed)}
        (staging / PATCH_MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        patch = staging.with_name(staging.name.replace(".tmp-", ".patch-", 1))
        with _signals_held(drop=True):  # once the patch is marked complete, nothing is left to stop
            os.rename(staging, patch)
            self.staging = None
            _apply_patch(self.target, patch)
            shutil.rmtree(patch, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staged folder, leaving the target as it was."""
        if self.staging is not None:
            with _signals_held(drop=True):  # already on the way out: a second Ctrl-C must not stop the clean-up
                shutil.rmtree(self.staging, ignore_errors=True)
                self.staging = None
