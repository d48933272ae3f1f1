"""Incremental builds change an existing site in place: only changed files are replaced, each atomically,
and a build that dies while doing so is finished by the next one (see penjelas/output/staging.py)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import penjelas.output.staging as output_module
from bench.corpus import generate
from penjelas.build import Options, Project, build
from penjelas.core.errors import ContentError
from penjelas.output.staging import StagedOutput
from tests.conftest import snapshot
from tests.test_build_cache import _clean_build

OPTIONS = Options(base_url="https://example.github.io/repo/")
ROOT = Path(__file__).resolve().parent.parent


def _site(tmp_path: Path) -> tuple[Path, Path]:
    root = generate(tmp_path / "corpus", 10)
    out = tmp_path / "output"
    build(Project(root), out, OPTIONS)
    return root, out


def _identities(out: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a file written again has new ones."""
    return {
        p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()
    }


def _edit_body(root: Path, slug: str = "penjelasan-00003", text: str = "Paragraf tambahan.") -> None:
    body = root / "content" / "explainers" / slug / "index.md"
    body.write_text(body.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def test_an_edit_replaces_only_the_files_it_changes(tmp_path: Path) -> None:
    root, out = _site(tmp_path)
    before = _identities(out)
    _edit_body(root)
    result = build(Project(root), out, OPTIONS)
    after = _identities(out)
    assert result.written == 1
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert changed == ["penjelasan-00003/index.html"]
    assert after.keys() == before.keys()
    assert _leftovers(out) == []
    assert snapshot(out) == _clean_build(root, tmp_path)


def test_a_page_rendered_again_with_the_same_bytes_is_not_written(tmp_path: Path) -> None:
    root, out = _site(tmp_path)
    before = _identities(out)
    base = root / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "{# a comment shows on no page #}", encoding="utf-8")
    result = build(Project(root), out, OPTIONS)
    assert result.rendered == result.pages
    assert result.written == 0
    assert _identities(out) == before


def test_files_added_to_the_output_by_hand_are_removed(tmp_path: Path) -> None:
    root, out = _site(tmp_path)
    (out / "stray.txt").write_text("left here", encoding="utf-8")
    (out / "lama" / "dalam").mkdir(parents=True)
    (out / "lama" / "dalam" / "index.html").write_text("an old page", encoding="utf-8")
    assert build(Project(root), out, OPTIONS).written == 0  # nothing to write, only to remove
    assert not (out / "lama").exists()
    assert snapshot(out) == _clean_build(root, tmp_path)


def test_a_link_in_the_output_is_replaced_not_written_through(tmp_path: Path) -> None:
    root, out = _site(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(out / "penjelasan-00003")
    (out / "penjelasan-00003").symlink_to(outside, target_is_directory=True)
    _edit_body(root)
    build(Project(root), out, OPTIONS)
    assert list(outside.iterdir()) == []
    assert not (out / "penjelasan-00003").is_symlink()
    assert snapshot(out) == _clean_build(root, tmp_path)


def test_a_file_where_a_folder_must_be_and_a_folder_where_a_file_must_be(tmp_path: Path) -> None:
    root, out = _site(tmp_path)
    shutil.rmtree(out / "penjelasan-00004")
    (out / "penjelasan-00004").write_text("a file, not a folder", encoding="utf-8")
    (out / "robots.txt").unlink()
    (out / "robots.txt").mkdir()
    (out / "robots.txt" / "inside").write_text("x", encoding="utf-8")
    build(Project(root), out, OPTIONS)
    assert snapshot(out) == _clean_build(root, tmp_path)


def test_a_failing_build_leaves_the_site_untouched(tmp_path: Path) -> None:
    root, out = _site(tmp_path)
    before = _identities(out)
    _edit_body(root, "penjelasan-00001")
    (root / "content" / "explainers" / "penjelasan-00002" / "timeline.yaml").write_text("- date: nanti\n")
    with pytest.raises(ContentError):
        build(Project(root), out, OPTIONS)
    assert _identities(out) == before
    assert _leftovers(out) == []


def test_a_failure_while_staging_leaves_the_site_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = _site(tmp_path)
    before = snapshot(out)
    (root / "content" / "site.yaml").write_text(
        (root / "content" / "site.yaml").read_text(encoding="utf-8").replace("title:", "title: Baru", 1)
    )

    def failing(self: StagedOutput, path: str, data: bytes, origin: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(StagedOutput, "write", failing)
    with pytest.raises(OSError):
        build(Project(root), out, OPTIONS, workers=1)
    assert snapshot(out) == before
    assert _leftovers(out) == []


def test_a_signal_while_the_patch_is_applied_waits_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C in the middle of putting files in place is held until every file is in place."""
    root, out = _site(tmp_path)
    for slug in ("penjelasan-00001", "penjelasan-00002", "penjelasan-00003"):
        _edit_body(root, slug)
    original = os.replace
    calls: list[str] = []

    def signalling(source: Any, destination: Any) -> None:
        original(source, destination)
        if str(destination).startswith(str(out)):
            calls.append(str(destination))
            if len(calls) == 1:
                signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

    monkeypatch.setattr(output_module.os, "replace", signalling)
    try:
        build(Project(root), out, OPTIONS)
    except KeyboardInterrupt:
        pytest.fail("the signal interrupted the patch")
    monkeypatch.undo()
    assert len(calls) == 3
    assert snapshot(out) == _clean_build(root, tmp_path)
    assert _leftovers(out) == []


KILLED_WHILE_APPLYING = """\
import os, signal, sys
from pathlib import Path
import penjelas.output.staging
from penjelas.build import Options, Project, build

original = os.replace
calls = 0

def replace(source, destination):
    global calls
    original(source, destination)
    if str(destination).startswith(sys.argv[2]):
        calls += 1
        if calls == 2:
            os.kill(os.getpid(), signal.SIGKILL)

penjelas.output.staging.os.replace = replace
build(Project(Path(sys.argv[1])), Path(sys.argv[2]), Options(base_url=sys.argv[3]), workers=1)
"""


def test_a_build_killed_while_applying_its_patch_is_finished_by_the_next(tmp_path: Path) -> None:
    root, out = _site(tmp_path)
    for slug in ("penjelasan-00001", "penjelasan-00002", "penjelasan-00003", "penjelasan-00005"):
        _edit_body(root, slug, "Paragraf yang terputus.")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_APPLYING, str(root), str(out), OPTIONS.base_url or ""],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert [name.split("-")[0] for name in _leftovers(out)] == [".output.patch"]
    halfway = snapshot(out)
    expected = _clean_build(root, tmp_path)
    assert halfway != expected  # two of the four pages are in place
    # The next build finishes the patch first, even when it then fails on content.
    (root / "content" / "explainers" / "penjelasan-00006" / "timeline.yaml").write_text("- date: nanti\n")
    with pytest.raises(ContentError):
        build(Project(root), out, OPTIONS)
    assert snapshot(out) == expected
    assert _leftovers(out) == []
