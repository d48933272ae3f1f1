"""A small, conservative CSS minifier: drops comments and whitespace only where the CSS tokens stay the same.

It never reorders, merges or rewrites rules. Strings and unquoted ``url(...)`` are copied as they are, and a
space is kept wherever it could matter (before ':' a space is a descendant combinator, '+' needs spaces in
``calc()``, 'and (' must not become the function 'and(').
"""

from __future__ import annotations

import functools
import re

_NO_SPACE_AFTER = frozenset("{};,>(:")
"""A space after these characters never changes what the CSS means (':' is never followed by one in a selector)."""
_NO_SPACE_BEFORE = frozenset("{};,>)")
"""Nor a space before these."""
_COMMENT_CLEAN_AFTER = frozenset("{};,>(")
"""A comment after one of these can go without joining two tokens into one."""
_COMMENT_CLEAN_BEFORE = frozenset("{};,>)[.#")
"""Nor a comment before one of these."""
_URL = re.compile(r"url\(", re.IGNORECASE)
_IDENT_CHAR = re.compile(r"[\w\-\\]|[^\x00-\x7f]")


class _Writer:
    """Collects output pieces, remembering what kind the last one was."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.kinds: list[str] = []
        self.space = False  # whitespace (or a dropped comment) was seen since the last piece

    def last_char(self) -> str:
        return self.pieces[-1][-1] if self.pieces else ""

    def last_is(self, kind: str, text: str) -> bool:
        return bool(self.kinds) and self.kinds[-1] == kind and self.pieces[-1] == text

    def emit(self, text: str, kind: str) -> None:
        if self.space and self.pieces and self._space_needed(text):
            self.pieces.append(" ")
            self.kinds.append("space")
        self.space = False
        if kind == "punct" and text == "}" and self.last_is("punct", ";"):
            self.pieces.pop()  # the last declaration in a block needs no ';'
            self.kinds.pop()
        self.pieces.append(text)
        self.kinds.append(kind)

    def _space_needed(self, text: str) -> bool:
        previous = self.pieces[-1]
        after_punct = self.kinds[-1] == "punct" and previous in _NO_SPACE_AFTER
        before_punct = text in _NO_SPACE_BEFORE
        if self.kinds[-1] == "punct" and previous == ":" and text in (";", "}"):
            return True  # '--empty: ;' is the one declaration an older parser reads differently without it
        return not (after_punct or before_punct)


def _string_end(css: str, start: int) -> int:
    """Index just past the string starting at ``start`` (a quote); an unclosed string ends at the line."""
    quote = css[start]
    index = start + 1
    while index < len(css):
        char = css[index]
        if char == "\\":
            index += 2
            continue
        if char == quote:
            return index + 1
        if char == "\n":
            return index
        index += 1
    return len(css)


def _unquoted_url_end(css: str, start: int) -> int | None:
    """Index just past ``url(...)`` at ``start`` when its argument is unquoted, else None."""
    index = start + 4
    while index < len(css) and css[index] in " \t\n\r\f":
        index += 1
    if index < len(css) and css[index] in "\"'":
        return None
    close = css.find(")", index)
    return len(css) if close < 0 else close + 1


@functools.lru_cache(maxsize=16)
def minify_css(css: str) -> str:
    """The same stylesheet with comments and needless whitespace removed (remembered: the preview asks for
    the same stylesheet on every save)."""
    out = _Writer()
    index, length = 0, len(css)
    while index < length:
        char = css[index]
        if char in "\"'":
            end = _string_end(css, index)
            out.emit(css[index:end], "string")
            index = end
        elif css.startswith("/*", index):
            close = css.find("*/", index + 2)
            end = length if close < 0 else close + 2
            following = css[end] if end < length else ""
            joins_tokens = (
                not out.space
                and out.pieces
                and out.last_char() not in _COMMENT_CLEAN_AFTER
                and following
                and not following.isspace()
                and following not in _COMMENT_CLEAN_BEFORE
            )
            if joins_tokens:
                out.emit("/**/", "comment")  # keeps 'a/**/b' two tokens
            index = end
        elif char.isspace():
            out.space = True
            index += 1
        else:
            url_end = None
            if _URL.match(css, index) and not _IDENT_CHAR.match(out.last_char() or " "):
                url_end = _unquoted_url_end(css, index)
            if url_end is not None:
                inner = css[index + 4 : url_end - 1].strip(" \t\n\r\f")
                out.emit(f"{css[index : index + 4]}{inner})", "url")
                index = url_end
            else:
                out.emit(char, "punct" if char in "{};,>():" else "char")
                index += 1
    return "".join(out.pieces)
