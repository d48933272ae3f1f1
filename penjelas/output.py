"""Writing the site atomically: everything goes to a temporary folder that replaces output/ only on success."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from types import TracebackType

from .errors import ContentError, Problem


def safe_relative(path: str) -> PurePosixPath:
    """The output path as a normalised relative path; ValueError if it could escape the output folder."""
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        raise ValueError(f"unsafe output path {path!r}")
    pure = PurePosixPath(path)
    if any(part in ("", ".", "..") or part != part.strip() or part.endswith(".") for part in pure.parts):
        raise ValueError(f"unsafe output path {path!r}")
    return pure


class StagedOutput:
    """A temporary folder beside ``target`` that becomes ``target`` on commit, or vanishes."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and not target.is_dir():
            raise ContentError([Problem(str(target), 0, 0, "the output path exists and is not a folder")])
        self.staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        self.origins: dict[str, str] = {}

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None:
            self.discard()

    def write(self, path: str, data: bytes, origin: str) -> None:
        """Write one file; refuse a second writer of the same path and any path outside the folder."""
        relative = safe_relative(path)
        key = relative.as_posix().casefold()
        if key in self.origins:
            raise ContentError(
                [
                    Problem(
                        origin,
                        0,
                        0,
                        f"would write {relative}, which {self.origins[key]} already writes",
                        "rename one of them",
                    )
                ]
            )
        self.origins[key] = origin
        destination = self.staging.joinpath(*relative.parts)
        if not destination.resolve().is_relative_to(self.staging.resolve()):
            raise ValueError(f"output path {path!r} escapes the output folder")
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)

    def commit(self) -> None:
        """Swap the staged folder in for the target; the old output is removed only after."""
        self.staging.chmod(0o755)
        old: Path | None = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.rename(self.target, old / "site")
        try:
            os.rename(self.staging, self.target)
        except BaseException:
            if old is not None:
                os.rename(old / "site", self.target)
                shutil.rmtree(old, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staged folder, leaving the target as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)


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
            found.append((path.relative_to(static_dir).as_posix(), path))
    if problems:
        raise ContentError(problems)
    yield from sorted(found)
