"""Issue 14, bad input: whatever the content, an editor in the Indonesian mode (the default) reads no line
that is English only. Typical mistakes of every kind are made, one at a time, and every line `check`,
`build` and `new` print is read for English words outside what the editor wrote (quoted values, file
names, keys and commands)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import copy_project, run_cli

PROTOCOL = "content/explainers/protokol-kerja-sama-korea-utara-rusia"
TREATY = "content/explainers/perjanjian-pertahanan-korea-utara-rusia-2024"

ENGLISH = re.compile(
    r"\b(the|is|are|must|not|cannot|file|found|missing|unknown|should|expected|write|use|add|remove|only|with|"
    r"without|was|has|have|which|there|here|this|that|did|you|mean|from|into|line|value|key|folder|text|"
    r"problems?|nothing|built|changed|page|pages|draft|scheduled)\b",
    re.IGNORECASE,
)
VERBATIM = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|“[^”]*”|\S*[/\\.]\S*|--?\w[\w-]*|\w+=\S*|\b[A-Z_]{3,}\b")
"""What a message quotes from the editor's files and commands, and names of files, flags and variables."""
LOCATION = re.compile(r"^(::(error|warning) [^:]*::|\S+?(:\d+){0,2}: (error|warning): )")


INDONESIAN = re.compile(
    r"\b(tidak|ada|yang|di|ke|dari|dan|atau|ini|itu|belum|sudah|tulis|ganti|pakai|harus|bukan|untuk|dengan|"
    r"kolom|berkas|halaman|masalah|peringatan|maksud|Anda|galat|susunan|rusak|saat|pada|sebagai|penjelasan)\b"
)


def english_in(line: str) -> list[str]:
    """The English words in each part of ``line`` (its message, and each hint in brackets) that has no
    Indonesian word at all, outside its location, keyword and verbatim parts. Text quoted from a library
    inside an Indonesian sentence (Jinja's 'Expected an expression') is allowed: the line says what it is."""
    found: list[str] = []
    for part in re.split(r"[()]", VERBATIM.sub(" ", LOCATION.sub("", line))):
        if not INDONESIAN.search(part):
            found += ENGLISH.findall(part)
    return found


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        target = root / path
        text = target.read_text(encoding="utf-8")
        assert old in text, (path, old)
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _write(path: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")

    return edit


def _tiny_image(root: Path) -> None:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(data, "PNG")
    (root / PROTOCOL / "sampul.png").write_bytes(data.getvalue())
    _replace(f"{PROTOCOL}/index.md", "\ndate:", '\nimage: "sampul.png"\nimage_alt: "Peta"\ndate:')(root)


def _new_draft(root: Path) -> None:
    assert run_cli(root, "new", "Draf baru", "--slug", "draf-baru").code == 0


MISTAKES: dict[str, Callable[[Path], None]] = {
    "unknown key": _replace(f"{PROTOCOL}/facts.yaml", "  value:", "  valeu:"),
    "missing key": _replace(f"{PROTOCOL}/facts.yaml", "  value:", "  # value:"),
    "number for text": _write(f"{PROTOCOL}/facts.yaml", '- label: "Indeks"\n  value: 1.10\n  sources:\n    - "kcna"\n'),
    "date not in the calendar": _replace(f"{PROTOCOL}/index.md", "\ndate:", '\nupdated: "2024-02-30"\ndate:'),
    "date in words": _replace(f"{PROTOCOL}/index.md", "\ndate:", '\nupdated: "21 November 2024"\ndate:'),
    "unclosed quote": _replace(f"{PROTOCOL}/timeline.yaml", 'title: "', 'title: "Tanpa penutup\n  x: "'),
    "mapping value": _write(f"{PROTOCOL}/timeline.yaml", '- date: "2024-06"\n  title: NOAA: El Niño\n'),
    "tab": _write(f"{PROTOCOL}/timeline.yaml", '- date: "2024-06"\n\ttitle: "Tab"\n'),
    "duplicate key": _write(f"{PROTOCOL}/timeline.yaml", '- date: "2024-06"\n  title: "a"\n  title: "b"\n'),
    "unclosed front matter": _replace(
        f"{PROTOCOL}/index.md",
        "\n---\n",
        "\n\n",
    ),
    "unknown related": _replace(f"{PROTOCOL}/index.md", "\ndate:", '\nrelated:\n  - "perjanjian"\ndate:'),
    "list as text": _replace(f"{PROTOCOL}/index.md", "\ndate:", '\ntags: "Iklim, Cuaca"\ndate:'),
    "curly quotes": _replace(f"{PROTOCOL}/index.md", "\ndate:", "\nupdated: “2024-12-01”\ndate:"),
    "unknown source": _write(f"{PROTOCOL}/facts.yaml", '- label: "a"\n  value: "b"\n  sources:\n    - "nooa"\n'),
    "unexpected file": _write(f"{PROTOCOL}/catatan.txt", "x\n"),
    "site setting missing": _replace("content/site.yaml", "author:", "# author:"),
    "bad internal link": _replace(f"{PROTOCOL}/index.md", "\n## ", "\n[tautan](/tidak-ada/)\n\n## "),
    "template syntax": _replace(
        "templates/base.html", "{% block main %}{% endblock %}", "{% block main %}{% endblock %}{% if %}"
    ),
    "tiny share image": _tiny_image,
    "empty explainer folder": _write("content/explainers/kosong/.keep", ""),
    "draft with placeholders": _new_draft,
    "placeholder in a published explainer": _replace(f"{TREATY}/facts.yaml", '  value: "', '  value: "TODO: '),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_no_english_only_line_in_the_indonesian_mode(mistake: str, tmp_path: Path, indonesian: None) -> None:
    root = copy_project(tmp_path / "site")
    MISTAKES[mistake](root)
    for command in (("check",), ("check", "--drafts"), ("build", "--out", str(tmp_path / "out"))):
        done = run_cli(root, *command)
        assert "Traceback" not in done.stderr
        for line in (done.stdout + done.stderr).splitlines():
            assert not english_in(line), f"{' '.join(command)}: {line}"


def test_the_commands_own_lines_are_indonesian_too(tmp_path: Path, indonesian: None) -> None:
    root = copy_project(tmp_path / "site")
    lines = []
    for command in (("new", "Judul"), ("new", "Judul"), ("new", "x", "--slug", "Bukan Slug"), ("check",)):
        done = run_cli(root, *command)
        lines += (done.stdout + done.stderr).splitlines()
    assert lines
    for line in lines:
        assert not english_in(line), line


def test_the_detector_sees_english() -> None:
    assert english_in("content/a.yaml:1:2: error: unknown key 'x' in a fact (did you mean 'y'?)")
    assert not english_in("content/a.yaml:1:2: error: kolom 'the key' tidak dikenal (maksud Anda 'y'?)")
    assert english_in("content/a.yaml:1:2: error: kolom 'x' tidak dikenal (did you mean 'y'?)")
    assert not english_in("templates/base.html:3: error: galat sintaks di templat: Expected an expression")
