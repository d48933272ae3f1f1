"""Content problems, reported in the compiler style ``path:line:col: error: message``."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from penjelas.core.messages import t

T = TypeVar("T")


@functools.cache
def _unprintable() -> re.Pattern[str]:
    """Characters that would break a message's single line or restyle the terminal (line breaks, escape
    sequences, bidirectional overrides), and the lone surrogates Python uses for file names that are not
    UTF-8, which cannot be printed at all. Content echoed in a message (a file name, a value) may hold them.

    Compiled when a message is first printed, as most builds print none: a class reaching past U+00FF
    is slow to compile."""
    return re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with unprintable characters written as escapes (``\\n``, ``\\x1b``), safe for one log line."""
    return _unprintable().sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as we can."""

    path: str
    line: int
    """1-based line; 0 when the problem concerns the whole file."""
    col: int
    """1-based column; 0 when unknown."""
    message: str
    hint: str = ""
    """What to do about it, where that is not obvious from the message."""
    severity: str = "error"
    """'error' (the content cannot be published as it is) or 'warning' (it can, but should be looked at:
    a draft's problems, an event without a source)."""

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def as_warning(self) -> Problem:
        """The same problem, reported as a warning."""
        return dataclasses.replace(self, severity="warning")

    def format(self) -> str:
        """Render as ``path:line:col: error: message (hint)`` (or ``warning:``), always a single printable line.

        'error' and 'warning' stay English in every language: editors' tools (VS Code's problem matchers)
        read them, and the guide explains them."""
        where = printable(self.path)
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {self.severity}: {printable(self.message)}"
        if self.hint:
            text += f" ({printable(self.hint)})"
        return text

    def github(self) -> str:
        """Render as a GitHub Actions workflow command, so the problem shows on its line in a pull request."""
        properties = [f"file={_escape_property(self.path)}"]
        if self.line:
            properties.append(f"line={self.line}")
            if self.col:
                properties.append(f"col={self.col}")
        message = f"{self.message} ({self.hint})" if self.hint else self.message
        return f"::{self.severity} {','.join(properties)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    """Escape a workflow command's message as the Actions toolkit does (so '%0A' in text stays text)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a workflow command property; ':' and ',' would end it early."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class ContentError(Exception):
    """Raised with every problem found, so an editor can fix them all in one round."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(p.format() for p in self.problems))

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        """Pickle with the problems themselves (worker processes send errors back to the build)."""
        return (ContentError, (self.problems,))


def collecting(problems: list[Problem], func: Callable[..., T], *args: object) -> T | None:
    """``func(*args)``; or, where it raises ContentError, None after adding its problems to ``problems``."""
    try:
        return func(*args)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None


def raise_if_any(problems: list[Problem]) -> None:
    """Raise ContentError with ``problems``, if there are any."""
    if problems:
        raise ContentError(problems)


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint for a misspelt name, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return t("did you mean '{name}'?", name=close[0]) if close else ""


def as_typed(option: str, under_make: str) -> str:
    """An option written as the user gives it: ``under_make`` when the command came from the Makefile
    (its recipes set PENJELAS_VIA_MAKE=1), ``option`` (the command-line flag) otherwise."""
    return under_make if os.environ.get("PENJELAS_VIA_MAKE") == "1" else option
