"""What an editor reads (errors, warnings, hints, summary lines), in Indonesian unless asked for English.

Messages are written in the code in English, as ``t("the file '{name}' is missing", name=name)``: the
English text is the message id and its ``{name}`` fields are filled in with ``str.format``. In the
Indonesian mode (the default) the id is looked up in the editor catalogue,
``penjelas/locale/id/LC_MESSAGES/editor.po``, a second gettext domain beside the site's reader-facing
``locale/<language>/LC_MESSAGES/messages.po``. ``PENJELAS_LANG=en`` (or ``build.py --lang en``, which sets
it, so worker processes inherit it) keeps the English ids, for developers.

Tests hold the catalogue to the code: every id used is translated, with the same fields, and every
translation is explained in docs/panduan-editor.md.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES" / "editor.po"
LANGUAGES = ("id", "en")
"""The languages messages can be shown in; the first is the default."""


def language() -> str:
    """'en' when PENJELAS_LANG asks for English (``en``, ``en_GB``, ``en-US``...), else 'id'."""
    chosen = os.environ.get("PENJELAS_LANG", "").strip().lower()
    return "en" if chosen[:2] == "en" else "id"


@contextlib.contextmanager
def speaking(code: str) -> Iterator[None]:
    """Messages in ``code`` ('id' or 'en') while inside, through PENJELAS_LANG (which worker processes
    inherit); the variable as it was afterwards, for a caller that goes on."""
    before = os.environ.get("PENJELAS_LANG")
    os.environ["PENJELAS_LANG"] = code
    try:
        yield
    finally:
        if before is None:
            del os.environ["PENJELAS_LANG"]
        else:
            os.environ["PENJELAS_LANG"] = before


def t(message: str, /, **fields: object) -> str:
    """``message`` (an English id with ``{field}`` places) in the editor's language, with ``fields`` filled in."""
    text = message if language() == "en" else catalogue().get(message, message)
    return text.format(**fields) if fields else text


def tn(singular: str, plural: str, count: int, /, **fields: object) -> str:
    """Like ``t``, choosing the singular or plural id by ``count`` (also given as the field ``count``).

    Indonesian has one form: its catalogue translates both ids alike."""
    return t(singular if count == 1 else plural, count=count, **fields)


@functools.cache
def catalogue() -> dict[str, str]:
    """The editor catalogue: id -> Indonesian, without fuzzy or untranslated entries. Read once per process,
    and only when a message is shown (most builds show one or two)."""
    return parse_po(CATALOGUE.read_text(encoding="utf-8"))


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def parse_po(text: str) -> dict[str, str]:
    """The translated entries of a .po file with single messages (no plurals, no contexts), which is all the
    editor catalogue holds. Not Babel's reader: that costs a few milliseconds to import, on every build
    that prints a line; a test holds the two to the same result."""
    entries: dict[str, str] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    current: list[str] | None = None
    fuzzy = False

    def finish() -> None:
        key, value = "".join(msgid), "".join(msgstr)
        if key and value and not fuzzy:
            entries[key] = value

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if current is msgstr and (line.startswith("#") or line.startswith("msgid ")):
            finish()  # the previous entry ends where the next one's comments or id begin
            msgid, msgstr, current, fuzzy = [], [], None, False
        if line.startswith("#"):
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
            continue
        if line.startswith("msgid "):
            current, line = msgid, line[len("msgid ") :]
        elif line.startswith("msgstr "):
            current, line = msgstr, line[len("msgstr ") :]
        match = _STRING.fullmatch(line)
        if current is not None and match:
            current.append(re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), match.group(1)))
    if current is msgstr:
        finish()
    return entries
