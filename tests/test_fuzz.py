"""Property-based fuzzing of the whole pipeline with Hypothesis (issue 7, "Fuzzing").

Generated front matter, timelines, fact files, source registries, folder names and Markdown bodies
(random keys, types, Unicode, lengths, dates, hostile fragments), written as YAML in several styles or as
raw text and bytes. Every build must either succeed with output that passes the audits in
tests/hostile.py, or fail with content errors that each name a file and fit on one line, leaving the
previous output/ byte-identical. Anything else (a traceback, a hang) fails the test.

`make test` runs a bounded profile (50 examples per test); `make fuzz` runs HYPOTHESIS_PROFILE=fuzz
(thousands). Failing examples are kept in .hypothesis/ and replayed first on the next run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from penjelas.build import Project, build
from penjelas.core.errors import ContentError
from tests.conftest import snapshot
from tests.hostile import (
    INDEX_MD,
    SITE_YAML,
    SOURCES_YAML,
    assert_wrote_only_output,
    audit_output,
    quote,
    write_content,
)

settings.register_profile(
    "penjelas",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    max_examples=3_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "penjelas"))
HANG_SECONDS = 60

HOSTILE = [
    "<script>alert(1)</script>",
    "</script><!--",
    "</title>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "jav&#x09;ascript:",
    "data:text/html,<b>",
    "vbscript:x",
    "{{ 7*7 }}",
    "{% raw %}",
    "]]>",
    "&amp;",
    "&#0;",
    "&lt;",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\x00",
    "\x1b[2J",
    "%2e%2e%2f",
    "../",
    "..\\",
    "NO",
    "on",
    "1.10",
    "0777",
    "12:30",
    "2024-06-19",
    "~",
    "null",
    ".nan",
    "!!python/object/apply:os.system",
    "&a",
    "*a",
    "- ",
    ": ",
    "#",
    "[",
    "{",
    "`",
    "|",
    ">",
    "\t",
    "\n",
    "\r\n",
]
MARKDOWN_PIECES = [
    *HOSTILE,
    "[a](",
    ")",
    "](https://example.org/)",
    "![i](",
    "<https://example.org/>",
    "<",
    "*",
    "**",
    "_",
    "~~",
    "# ",
    "## ",
    "\n\n",
    "    ",
    "> ",
    "1. ",
    "|a|b|\n|-|-|\n",
    "[r]: ",
    "\\",
    "&",
    "```\n",
]


def mostly(common: st.SearchStrategy[Any], rare: st.SearchStrategy[Any], odds: int = 4) -> st.SearchStrategy[Any]:
    """``common`` ``odds`` times out of ``odds`` + 1, else ``rare`` (one_of would merge repeated branches)."""
    return st.integers(0, odds).flatmap(lambda pick: rare if pick == 0 else common)


def _visible(text: str, max_size: int) -> str:
    """``text`` without control characters (tab and newline aside), cut to size, never blank."""
    kept = "".join(c for c in text if c in "\t\n" or unicodedata.category(c) not in ("Cc", "Cs"))[:max_size]
    return kept if kept.strip() else "x" + kept[: max_size - 1]


def texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """Text an editor (or an attacker) might write: any Unicode, hostile fragments, or both mixed."""
    junk = st.one_of(
        st.text(max_size=max_size),
        st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=6).map("".join),
    )
    return mostly(clean_texts(max_size), junk, odds=3)


def clean_texts(max_size: int = 60) -> st.SearchStrategy[str]:
    """Text that is valid in a plain-text field (something visible, no control characters), hostile or not."""
    return st.one_of(
        st.text(max_size=max_size),
        st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=6).map("".join),
    ).map(lambda text: _visible(text, max_size))


def markdown(max_pieces: int = 40) -> st.SearchStrategy[str]:
    """A Markdown body built from the characters and fragments that make Markdown parsers work hardest;
    mostly free of control characters, which would stop the build before Markdown is reached."""
    raw = st.lists(st.sampled_from(MARKDOWN_PIECES) | texts(20), max_size=max_pieces).map("".join)
    return mostly(raw.map(lambda body: _visible(body, 20_000)), raw)


def date_texts() -> st.SearchStrategy[Any]:
    """Mostly real dates (written as YAML dates or as text), else anything date-like or not."""
    real = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
    odd = st.one_of(
        st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
        real.map(lambda d: d.isoformat()[:7]),
        st.from_regex(r"\A\d{1,5}(-\d{1,2}(-\d{1,2})?)?\Z"),
        st.sampled_from(["2024", "2024-02-29", "2023-02-29", "0000", "2024-13", "2024-06-31", "12:30", "NO"]),
        texts(12),
    )
    return mostly(st.one_of(real, real.map(str)), odd, odds=3)


def anything(depth: int = 2) -> st.SearchStrategy[Any]:
    """A YAML value of any type: what a mistaken key might hold."""
    scalars = st.one_of(
        texts(20),
        st.integers(),
        st.floats(allow_nan=True),
        st.booleans(),
        st.none(),
        st.dates(),
    )
    if depth == 0:
        return scalars
    return st.one_of(
        scalars,
        st.lists(anything(depth - 1), max_size=3),
        st.dictionaries(texts(8), anything(depth - 1), max_size=3),
    )


def maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the expected kind of value, sometimes anything at all."""
    return mostly(value, anything(1), odds=9)


@st.composite
def records(
    draw: st.DrawFn, fields: dict[str, st.SearchStrategy[Any]], required: list[str], careful: bool
) -> dict[Any, Any]:
    """A mapping with the required keys (a careless editor drops some), some optional ones, and from a
    careless editor now and then a value of any type or an unknown key."""
    record: dict[Any, Any] = {}
    for key, strategy in fields.items():
        if draw(st.integers(0, 9)) < (10 if careful and key in required else 9 if key in required else 4):
            record[key] = draw(strategy if careful else maybe(strategy))
    if not careful and draw(st.integers(0, 9)) == 0:
        record[draw(texts(10))] = draw(anything(1))
    return record


REAL_DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def field_strategies(careful: bool) -> dict[str, dict[str, st.SearchStrategy[Any]]]:
    """What each field of each file may hold. ``careful``: the right type with any text, as a mostly
    diligent editor writes; otherwise also junk, wrong types, bad dates, unknown ids."""
    text = clean_texts if careful else texts
    date: st.SearchStrategy[Any] = st.one_of(REAL_DATES, REAL_DATES.map(str)) if careful else date_texts()
    month_or_day = st.one_of(REAL_DATES, REAL_DATES.map(lambda d: d.isoformat()[:7]), st.integers(1900, 2100))
    sources = st.sampled_from(["kcna", "tass"]) if careful else st.sampled_from(["kcna", "tass", "KCNA", "x", ""])
    url = st.just("https://example.org/a") if careful else st.one_of(st.just("https://example.org/a"), texts(30))
    return {
        "front matter": {
            "title": text(),
            "summary": text(120),
            "date": date,
            "updated": st.just(dt.date(2100, 12, 31)) if careful else date,
            "tags": st.lists(text(20).map(lambda t: t + " 1") if careful else text(20), max_size=4, unique=True),
            "related": st.just([]) if careful else st.lists(st.sampled_from(["satu", "dua", "../x"]), max_size=2),
            "read_also": st.lists(st.fixed_dictionaries({"title": text(), "url": url}), max_size=2),
            "draft": st.booleans(),
        },
        "event": {
            "date": month_or_day if careful else date_texts(),
            "until": st.just("2101") if careful else date_texts(),
            "title": text(),
            "text": markdown(12).map(lambda body: _visible(body, 20_000)) if careful else markdown(12),
            "sources": st.lists(sources, max_size=2, unique=True),
        },
        # A careful editor gives every fact a source, as check requires (an event may lack one: a warning).
        "fact": {
            "label": text(),
            "value": text(),
            "sources": st.lists(sources, min_size=1 if careful else 0, max_size=2, unique=True),
        },
        "source": {"name": text(), "url": url},
    }


CAREFUL = field_strategies(careful=True)
CARELESS = field_strategies(careful=False)


def emit(value: Any, indent: str = "") -> str:
    """Our own YAML writer: every string double-quoted (so it reads back exactly), other types plain."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for key, item in value.items():
            written = emit(item, indent + "  ")
            separator = "\n" + indent + "  " if isinstance(item, (dict, list)) and item else " "
            lines.append(f"{indent}{emit(key)}:{separator}{written.lstrip() if separator == ' ' else written.strip()}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        return "\n".join(f"{indent}- {emit(item, indent + '  ').strip()}" for item in value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return (
            ".nan"
            if value != value
            else (".inf" if value == float("inf") else "-.inf" if value < -1e308 else repr(value))
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@st.composite
def yaml_text(draw: st.DrawFn, data: Any, careful: bool) -> str | bytes:
    """``data`` written as YAML one of several ways; from a careless editor, sometimes junk instead."""
    styles = ["ours"] * 3 + ["pyyaml", "pyyaml-flow"] + ([] if careful else ["raw", "bytes"])
    style = draw(st.sampled_from(styles))
    if style == "ours":
        return emit(data) + "\n"
    if style.startswith("pyyaml"):
        try:
            return yaml.safe_dump(
                data, allow_unicode=draw(st.booleans()), sort_keys=False, default_flow_style=style == "pyyaml-flow"
            )
        except yaml.YAMLError:
            return emit(data) + "\n"
    if style == "raw":
        return draw(st.lists(st.sampled_from(HOSTILE) | texts(10), max_size=10).map("".join))
    return draw(st.binary(max_size=200))


@st.composite
def index_md(draw: st.DrawFn, careful: bool) -> str | bytes:
    fields = (CAREFUL if careful else CARELESS)["front matter"]
    front = draw(yaml_text(draw(records(fields, ["title", "summary", "date"], careful)), careful))
    if isinstance(front, bytes):
        return front
    body = draw(markdown().map(lambda body: _visible(body, 20_000)) if careful else markdown())
    openings = ["---\n", "---\r\n", "\ufeff---\n"] + ([] if careful else ["", "--- x\n"])
    return f"{draw(st.sampled_from(openings))}{front}---\n{body}\n"


FOLDER_NAMES = st.text(st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)), min_size=1, max_size=20)


@st.composite
def content_trees(draw: st.DrawFn) -> dict[str, str | bytes]:
    """A whole content/ tree, from an editor who is careful (it should build) or careless (it may not)."""
    careful = draw(st.booleans())
    fields = CAREFUL if careful else CARELESS
    files: dict[str, str | bytes] = {"site.yaml": SITE_YAML, "sources.yaml": SOURCES_YAML + 'tass:\n  name: "TASS"\n'}
    if not careful and draw(st.integers(0, 4)) == 0:
        ids = st.sampled_from(["kcna", "tass", "KCNA", "../x", ""]) | texts(8)
        registry = draw(st.dictionaries(ids, records(fields["source"], ["name"], careful), max_size=3))
        files["sources.yaml"] = draw(yaml_text(registry, careful))
    names = ["satu", "dua", "tiga"][: draw(st.integers(1, 3))]
    if not careful and draw(st.integers(0, 4)) == 0:
        name = draw(FOLDER_NAMES)
        assume(name not in (".", "..") and not name.startswith(".") and name.casefold() not in names)
        names.append(name)
    for name in names:
        files[f"explainers/{name}/index.md"] = draw(index_md(careful))
        if draw(st.booleans()):
            events = draw(st.lists(records(fields["event"], ["date", "title"], careful), max_size=4))
            files[f"explainers/{name}/timeline.yaml"] = draw(yaml_text(events, careful))
        if draw(st.booleans()):
            facts = draw(st.lists(records(fields["fact"], ["label", "value", "sources"], careful), max_size=4))
            files[f"explainers/{name}/facts.yaml"] = draw(yaml_text(facts, careful))
    return files


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project reused by every example; each example rewrites content/."""
    root = write_content(tmp_path_factory.mktemp("fuzz") / "site", {"explainers/satu/index.md": INDEX_MD})
    build(Project(root), root / "output")
    return root


@pytest.fixture(autouse=True)
def hang_guard() -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"a build took more than {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, stop)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def check_build(root: Path, files: dict[str, str | bytes]) -> None:
    """The property: a clean site or content errors naming files; output/ changes only on success."""
    content = root / "content"
    shutil.rmtree(content)
    try:
        write_content(root, files, defaults=False)
    except (OSError, ValueError):  # a name this file system cannot hold is not the generator's concern
        assume(False)
    out = root / "output"
    before = snapshot(out)
    signal.alarm(HANG_SECONDS)
    try:
        build(Project(root), out)
    except ContentError as exc:
        assert exc.problems
        event("content errors", re.sub(r"'[^']*'", "'…'", exc.problems[0].message)[:60])
        for problem in exc.problems:
            assert problem.path.startswith(("content/", "content")), problem
            assert problem.line >= 0 and problem.col >= 0
            line = problem.format()
            assert not [c for c in line if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs")], line
        assert snapshot(out) == before
    else:
        event("built")
        assert audit_output(out) == []
        assert (out / "index.html").is_file()
    finally:
        signal.alarm(0)
    assert_wrote_only_output(root)


@settings(PROFILE)
@given(files=content_trees())
def test_any_content_builds_clean_or_fails_with_located_errors(workspace: Path, files: dict[str, str | bytes]) -> None:
    check_build(workspace, files)


@st.composite
def valid_sites(draw: st.DrawFn) -> dict[str, str | bytes]:
    """Well-formed files with arbitrary text in every plain-text field and arbitrary Markdown."""
    text = clean_texts
    q = lambda value: quote(draw(value))  # noqa: E731
    site = (
        f"title: {q(text(100))}\ndescription: {q(text(200))}\nlanguage: id\n"
        f"base_url: {draw(st.sampled_from(['https://example.org/', 'https://org.github.io/repo']))}\n"
        f"author: {q(text(100))}\n"
    )
    sources = "".join(
        f"{key}:\n  name: {q(text(100))}\n  url: {draw(st.sampled_from(['https://kcna.example/', 'http://x.example/?a=<b>&c']))}\n"
        for key in ("kcna", "tass")
    )
    files: dict[str, str | bytes] = {"site.yaml": site, "sources.yaml": sources}
    for slug, other in (("satu", "dua"), ("dua", "satu")):
        day = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
        tags = ", ".join(quote(draw(text(40)) + " 1") for _ in range(draw(st.integers(0, 3))))
        read_also = "".join(
            f"  - title: {q(text(100))}\n    url: https://example.org/{draw(st.integers(0, 9))}\n"
            for _ in range(draw(st.integers(0, 2)))
        )
        front = (
            f"---\ntitle: {q(text())}\nsummary: {q(text(300))}\ndate: {day.isoformat()}\n"
            f"tags: [{tags}]\nrelated: [{other}]\n" + (f"read_also:\n{read_also}" if read_also else "") + "---\n"
        )
        files[f"explainers/{slug}/index.md"] = front + draw(markdown(60).map(lambda b: _visible(b, 20_000))) + "\n"
        events = []
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31)))
            precision = draw(st.sampled_from([4, 7, 10]))
            until = f"  until: {(start + dt.timedelta(days=draw(st.integers(0, 900)))).isoformat()}\n"
            events.append(
                f"- date: {start.isoformat()[:precision]}\n{until if draw(st.booleans()) else ''}"
                f"  title: {q(text())}\n  text: {quote(_visible(draw(markdown(20)), 2_000))}\n  sources: [kcna, tass]\n"
            )
        files[f"explainers/{slug}/timeline.yaml"] = "".join(events)
        files[f"explainers/{slug}/facts.yaml"] = "".join(
            f"- label: {q(text())}\n  value: {q(text())}\n  sources: [tass]\n" for _ in range(draw(st.integers(0, 3)))
        )
    return files


@settings(PROFILE)
@given(files=valid_sites())
def test_any_text_in_a_valid_structure_is_escaped(workspace: Path, files: dict[str, str | bytes]) -> None:
    """The case where escaping must hold: every field of every file, hostile text, pages that build."""
    check_build(workspace, files)
