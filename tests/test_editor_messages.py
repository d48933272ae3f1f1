"""The editor catalogue (penjelas/locale/id/LC_MESSAGES/editor.po) against the code and the guide.

Every message an editor reads goes through ``penjelas.core.messages.t`` (or ``tn``): its English id must
be translated, with the same ``{fields}``; no translation may be left that nothing uses; each one is
explained in docs/panduan-editor.md; and no message is written straight into a Problem, a print or an
exit, where it would stay English.
"""

from __future__ import annotations

import ast
import io
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from penjelas.core import messages
from penjelas.core.errors import Problem, suggest
from tests.conftest import ROOT

PACKAGE = ROOT / "penjelas"
GUIDE = ROOT / "docs" / "panduan-editor.md"

MESSAGE_CALLS = {
    "Problem": 3,
    "problem": 0,
    "_problem": 0,
    "_refusal": 0,
    "print": 0,
    "SystemExit": 0,
    "ArgumentTypeError": 0,
}
"""Calls that show text to an editor, and the index of their first argument that is a message."""
ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,.;:?!]+[A-Za-z]")
"""Words with a space between them: text that would reach an editor untranslated."""


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "core" / "messages.py":
            continue  # t() and tn() themselves
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _used_ids() -> dict[str, str]:
    """Every message id given to t() or tn() in the package -> where."""
    found: dict[str, str] = {}
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node) in ("t", "tn"):
                count = 1 if _name(node) == "t" else 2
                for argument in node.args[:count]:
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), (
                        f"{where}: a message id must be a literal string, so the catalogue can be checked"
                    )
                    found.setdefault(argument.value, where)
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_reader_agrees_with_babel() -> None:
    data = messages.CATALOGUE.read_bytes()
    babel = {str(m.id): str(m.string) for m in read_po(io.BytesIO(data)) if m.id and m.string and not m.fuzzy}
    assert messages.parse_po(data.decode("utf-8")) == babel
    assert babel


def test_the_reader_reads_escapes_continuations_and_skips_fuzzy() -> None:
    text = "\n".join(
        [
            'msgid ""',
            'msgstr "header"',
            "",
            "#, fuzzy",
            'msgid "old"',
            'msgstr "lama"',
            "",
            "# a comment",
            'msgid ""',
            '"two "',
            '"lines \\"quoted\\""',
            'msgstr "dua baris\\n"',
            "",
            'msgid "empty"',
            'msgstr ""',
        ]
    )
    assert messages.parse_po(text) == {'two lines "quoted"': "dua baris\n"}


def test_every_message_used_is_translated_with_the_same_fields() -> None:
    catalogue = messages.catalogue()
    used = _used_ids()
    assert used, "no t() calls found"
    missing = [f"{where}: {message!r}" for message, where in sorted(used.items()) if message not in catalogue]
    assert not missing, "not in editor.po:\n" + "\n".join(missing)
    for message, where in used.items():
        assert _fields(catalogue[message]) == _fields(message), f"{where}: {message!r} and its translation"


def test_no_translation_is_left_unused() -> None:
    stale = sorted(set(messages.catalogue()) - set(_used_ids()))
    assert not stale, f"editor.po entries nothing uses: {stale}"


def _guide_text() -> str:
    return " ".join(GUIDE.read_text(encoding="utf-8").split())


def _schema_texts() -> set[str]:
    """The ids of the entries marked ``#. schema`` in editor.po: the JSON Schemas' titles and descriptions."""
    return {str(m.id) for m in read_po(io.BytesIO(messages.CATALOGUE.read_bytes())) if "schema" in m.auto_comments}


def test_every_message_is_explained_in_the_guide() -> None:
    """Each translation appears in the guide, its fields written as '…' (as the guide's list of messages
    shows them), so an editor who reads a message can look it up.

    Except the entries marked ``#. schema`` in editor.po: the JSON Schemas' titles and field descriptions,
    which VS Code shows on hover beside the field they describe; they explain, and need no explaining. (The
    schemas' messages for a wrong value are not marked, and are in the guide.)"""
    guide = _guide_text()
    hover = _schema_texts()
    absent = []
    for message, translation in sorted(messages.catalogue().items()):
        if message in hover:
            continue
        shown = " ".join(re.sub(r"\{[^{}]*\}", "…", translation).split())
        if shown not in guide:
            absent.append(f"{message!r} -> {shown!r}")
    assert not absent, "not explained in docs/panduan-editor.md:\n" + "\n".join(absent)


def test_no_message_is_written_around_the_catalogue() -> None:
    """Text given straight to a Problem, a print or an exit would reach editors in English."""
    offences = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node) in MESSAGE_CALLS):
                continue
            arguments = node.args[MESSAGE_CALLS[_name(node)] :] + [
                k.value for k in node.keywords if k.arg in ("message", "hint")
            ]
            for argument in arguments:
                parts = (
                    [argument.value]
                    if isinstance(argument, ast.Constant)
                    else [v.value for v in argument.values if isinstance(v, ast.Constant)]
                    if isinstance(argument, ast.JoinedStr)
                    else []
                )
                literal = " ".join(str(part) for part in parts)
                if ENGLISH.search(literal):
                    offences.append(f"{path.relative_to(ROOT)}:{node.lineno}: {literal[:60]!r}")
    assert not offences, "write these with t():\n" + "\n".join(offences)


def test_messages_are_indonesian_by_default_and_english_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    close = ["sources", "summary"]
    monkeypatch.delenv("PENJELAS_LANG")
    assert suggest("soruces", close) == "maksud Anda 'sources'?"
    monkeypatch.setenv("PENJELAS_LANG", "en_GB")
    assert suggest("soruces", close) == "did you mean 'sources'?"
    monkeypatch.setenv("PENJELAS_LANG", "id")
    assert messages.t("an id the catalogue lacks: {n}", n=1) == "an id the catalogue lacks: 1"


def test_a_warning_is_marked_as_one() -> None:
    problem = Problem("content/x.yaml", 3, 5, "pesan", "saran").as_warning()
    assert problem.format() == "content/x.yaml:3:5: warning: pesan (saran)"
    assert problem.github() == "::warning file=content/x.yaml,line=3,col=5::pesan (saran)"
    assert Problem("a", 1, 0, "m").format() == "a:1: error: m"


def test_lang_chooses_for_one_command_and_leaves_the_variable_as_it_was(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from penjelas.cli import main

    monkeypatch.setenv("PENJELAS_LANG", "id")
    assert main(["--root", str(ROOT), "--lang", "en", "check"]) == 0
    assert capsys.readouterr().out.startswith("No problems found.")
    assert messages.language() == "id"
    assert main(["--root", str(ROOT), "check"]) == 0
    assert capsys.readouterr().out.startswith("Tidak ada masalah.")
