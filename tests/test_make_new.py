"""`make new` keeps the title exactly as typed and runs nothing in it: tried through a real shell and make."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from penjelas.content.front_matter import split_front_matter
from penjelas.content.nodes import Map, Scalar
from penjelas.content.yamltext import parse_yaml
from tests.conftest import ROOT

TITLES = [
    'Kata "kutip" di judul',
    "Harga naik $10 dan $HOME",
    "Jum'at dan l'apostrof",
    "Perintah `touch dijalankan` tidak jalan",
    "Juga $(touch dijalankan) tidak",
    "Garis \\ miring, koma; dan # pagar",
]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder whose `make new` uses this checkout's code and virtual environment."""
    for name in ("Makefile", "build.py", "requirements.txt", "requirements-dev.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "penjelas").symlink_to(ROOT / "penjelas")
    return tmp_path


def make_new(project: Path, *assignments: str) -> subprocess.CompletedProcess[str]:
    """`make new ASSIGNMENTS`, typed into a shell as an editor types it (each assignment quoted)."""
    venv = Path(sys.executable).parent.parent
    line = " ".join(
        [
            "make",
            "--no-print-directory",
            "-o",
            shlex.quote(f"{venv}/.runtime-installed"),  # the venv is this test run's: never reinstall it
            shlex.quote(f"VENV={venv}"),
            "new",
            *(shlex.quote(assignment) for assignment in assignments),
        ]
    )
    return subprocess.run(
        ["/bin/sh", "-c", line], cwd=project, capture_output=True, text=True, timeout=120, check=False
    )


def title_of(index: Path) -> object:
    text = index.read_text(encoding="utf-8")
    yaml_text, _body, first = split_front_matter(text, "index.md")
    node = parse_yaml(yaml_text, "index.md", first - 1)
    assert isinstance(node, Map)
    title = node.get("title")
    assert isinstance(title, Scalar)
    return title.value


@pytest.mark.parametrize("title", TITLES)
def test_make_new_keeps_the_title_exactly(project: Path, title: str) -> None:
    before = set((project / "content" / "explainers").iterdir())
    done = make_new(project, f"TITLE={title}")
    assert done.returncode == 0, done.stderr
    (folder,) = set((project / "content" / "explainers").iterdir()) - before
    assert title_of(folder / "index.md") == title
    assert not (project / "dijalankan").exists()  # nothing in the title was run


def test_make_new_keeps_the_slug_as_given(project: Path) -> None:
    done = make_new(project, "TITLE=Judul biasa", "SLUG=judul-$x")
    assert done.returncode != 0  # '$x' is not a valid slug, and is reported as typed, not expanded
    assert "judul-$x" in done.stderr + done.stdout
    done = make_new(project, "TITLE=Judul biasa", "SLUG=judul-khusus")
    assert done.returncode == 0, done.stderr
    assert title_of(project / "content" / "explainers" / "judul-khusus" / "index.md") == "Judul biasa"


def test_make_new_without_a_title_says_how(project: Path) -> None:
    done = make_new(project)
    assert done.returncode != 0
    assert 'make new TITLE="Judul explainer"' in done.stderr


def test_under_make_the_hints_name_what_the_editor_types(project: Path) -> None:
    done = make_new(project, "TITLE=!!!")
    assert done.returncode != 0
    assert 'give one with SLUG=nama-folder (make new TITLE="..." SLUG=nama-folder)' in done.stderr
    assert "--slug" not in done.stderr


def test_outside_make_the_hints_name_the_flags(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(project), "new", "!!!"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "PENJELAS_VIA_MAKE"},
    )
    assert done.returncode != 0
    assert "give one with --slug" in done.stderr
