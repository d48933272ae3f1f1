"""Reading an editor's file safely: ordinary files only, a size limit, UTF-8, no invisible characters."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import language, t

MAX_FILE_BYTES = 1_000_000
"""A content file larger than this is refused: no explainer needs it, and it would slow every build."""


_FORBIDDEN_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Control characters (tab and line ends aside) and non-characters: invisible in an editor, and not
allowed in the HTML and XML the site is made of."""
_HARMLESS_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r" + bytes(range(0x80, 0x100))
"""Bytes that are never a forbidden character by themselves (in UTF-8, U+0080-U+009F start with 0xC2, and
U+FFFE and U+FFFF with 0xEF 0xBF): a file with none of the others is checked without a regex."""


def read_text(path: Path, shown: str) -> str:
    """Read a content file as UTF-8 text: BOM dropped, line ends normalised, size limited.

    Only ordinary files are read: a symbolic link could point anywhere on the build machine, and a
    named pipe or device would block the build forever or never end. At most ``MAX_FILE_BYTES`` + 1
    bytes are read, so a huge file costs no memory before it is refused.
    """
    return decode(read_bytes(path, shown), shown)


def _refusal(shown: str, message: str, hint: str = "", line: int = 0, col: int = 0) -> ContentError:
    return ContentError([Problem(shown, line, col, message, hint)])


def read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of a content file, after the checks ``read_text`` describes."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise _refusal(
                shown,
                t("is a symbolic link; content must be ordinary files"),
                t("replace the link with the file it points to"),
            )
        if not stat.S_ISREG(info.st_mode):
            raise _refusal(shown, t("is not an ordinary file"), t("replace it with a text file"))
        # Plain system calls, and a read of what the file holds rather than of the limit: a read of the
        # limit allocates a megabyte first, and a buffered file object costs more than the reading.
        limit = MAX_FILE_BYTES + 1
        want = min(info.st_size + 1, limit)
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            data = os.read(handle, want)
            if len(data) == want < limit or 0 < len(data) < info.st_size:  # it grew, or a short read
                parts, size = [data], len(data)
                while size < limit and (more := os.read(handle, limit - size)):
                    parts.append(more)
                    size += len(more)
                data = b"".join(parts)
        finally:
            os.close(handle)
    except OSError as exc:
        raise _refusal(
            shown, t("cannot be read: {reason}", reason=_os_reason(exc)), t("check the file's permissions")
        ) from None
    if len(data) > MAX_FILE_BYTES:
        size = max(info.st_size, len(data))
        raise _refusal(
            shown,
            t("the file is {size} bytes; the limit is {limit}", size=_number(size), limit=_number(MAX_FILE_BYTES)),
            t("split it or shorten it; images and data do not belong in content/"),
        )
    return data


def decode(data: bytes, shown: str) -> str:
    """The text of a content file's bytes, as ``read_text`` describes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        raise _refusal(
            shown,
            t("the file is not valid UTF-8 text (byte 0x{byte})", byte=f"{data[exc.start]:02x}"),
            t("save it as UTF-8 in your editor"),
            line,
            col,
        ) from None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if data.translate(None, _HARMLESS_BYTES) or b"\xc2" in data or b"\xef\xbf" in data:
        bad = _FORBIDDEN_CHARACTER.search(text)
        if bad is not None:
            line = text.count("\n", 0, bad.start()) + 1
            col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
            raise _refusal(
                shown,
                t("the file contains the invisible control character U+{code}", code=f"{ord(bad.group()):04X}"),
                t("delete it; it is usually pasted in by accident"),
                line,
                col,
            )
    return text


def _number(count: int) -> str:
    """A count with its thousands marked as the editor's language marks them: 1,000,001 or 1.000.001."""
    return f"{count:,}" if language() == "en" else f"{count:,}".replace(",", ".")


def _os_reason(exc: OSError) -> str:
    """Why the system could not read a file: the usual reasons in the editor's language, any other as the
    system says it (the message around it says what happened)."""
    if exc.errno == errno.EACCES:
        return t("Permission denied")
    if exc.errno == errno.EPERM:
        return t("Operation not permitted")
    if exc.errno == errno.ENOENT:
        return t("No such file or directory")
    if exc.errno == errno.EISDIR:
        return t("Is a directory")
    if exc.errno == errno.ELOOP:
        return t("Too many levels of symbolic links")
    if exc.errno == errno.EIO:
        return t("Input/output error")
    return str(exc.strerror or exc)


def read_whole(path: str) -> bytes:
    """All the bytes of a file, with plain system calls (a buffered file object costs more than the reading)."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        parts = [os.read(handle, os.fstat(handle).st_size + 1)]
        while parts[-1]:
            parts.append(os.read(handle, 1 << 16))
        return b"".join(parts)
    finally:
        os.close(handle)
