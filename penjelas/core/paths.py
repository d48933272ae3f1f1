"""Names that are safe to write below a folder: no escape, nothing two file systems would read as one."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from penjelas.core.messages import t

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\\]")


def safe_relative(path: str) -> PurePosixPath:
    """The output path as a normalised relative path; ValueError if it could escape the output folder.

    Refused: absolute paths, '..', backslashes (a separator on Windows), control characters, and names
    with a trailing dot or surrounding spaces (Windows drops those, so two names could become one).
    """
    if not path or _UNSAFE_NAME.search(path) or path.startswith("/"):
        raise ValueError(t("unsafe output path {path}", path=repr(path)))
    pure = PurePosixPath(path)
    if not pure.parts or any(
        part in ("", ".", "..") or part != part.strip() or part.endswith(".") for part in pure.parts
    ):
        raise ValueError(t("unsafe output path {path}", path=repr(path)))
    return pure
