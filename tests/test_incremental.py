"""Incremental rebuilds: the same bytes as a full build, fewer pages rendered, fewer files written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from penjelas.build import Options, Project, render_site
from penjelas.errors import ContentError
from penjelas.incremental import RenderCache
from penjelas.output import SyncedOutput
from tests.conftest import snapshot

PROTOCOL = "protokol-kerja-sama-korea-utara-rusia"
TREATY = "perjanjian-pertahanan-korea-utara-rusia-2024"
OPTIONS = Options(base_url="http://127.0.0.1:8000/", drafts=True, today=dt.date(2026, 1, 1))


def _site(project: Path, cache: RenderCache | None = None) -> dict[str, bytes]:
    _model, pages, assets = render_site(Project(project), OPTIONS, cache)
    files = {page.path: page.data for page in pages}
    files.update({asset.target: asset.data for asset in assets.values()})
    return files


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _explainer(root: Path, slug: str, name: str = "index.md") -> Path:
    return root / "content" / "explainers" / slug / name


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("title", lambda r: _replace(_explainer(r, PROTOCOL), 'title: "', 'title: "Baru: ')),
    ("summary", lambda r: _replace(_explainer(r, TREATY), 'summary: "', 'summary: "Ringkas: ')),
    ("body", lambda r: _replace(_explainer(r, TREATY), "\n## ", "\nParagraf baru.\n\n## ")),
    ("event", lambda r: _replace(_explainer(r, PROTOCOL, "timeline.yaml"), 'title: "', 'title: "Peristiwa: ')),
    ("fact source", lambda r: _replace(_explainer(r, PROTOCOL, "facts.yaml"), '- "kcna"', '- "tass"')),
    ("source name", lambda r: _replace(r / "content" / "sources.yaml", 'name: "TASS"', 'name: "Kantor berita TASS"')),
    ("site title", lambda r: _replace(r / "content" / "site.yaml", 'title: "Penjelas"', 'title: "Penjelas Baru"')),
    ("new tag", lambda r: _replace(_explainer(r, PROTOCOL), "tags:\n", 'tags:\n  - "Topik Baru"\n')),
    ("tag removed", lambda r: _replace(_explainer(r, PROTOCOL), '  - "Pariwisata"\n', "")),
    ("related removed", lambda r: _replace(_explainer(r, PROTOCOL), 'related:\n  - "' + TREATY + '"\n', "")),
    ("draft", lambda r: _replace(_explainer(r, TREATY), "---\n", "---\ndraft: true\n")),
    ("scheduled", lambda r: _replace(_explainer(r, PROTOCOL), 'date: "2024-11-22"', 'date: "2027-01-01"')),
    ("template", lambda r: _replace(r / "templates" / "base.html", "<main id=", "<!-- x -->\n<main id=")),
    (
        "catalogue",
        lambda r: _replace(r / "locale" / "id" / "LC_MESSAGES" / "messages.po", '"Linimasa"', '"Lini masa"'),
    ),
    ("stylesheet", lambda r: (r / "static" / "style.css").write_text("body { color: red; }\n", encoding="utf-8")),
    ("explainer removed", lambda r: _remove_treaty(r)),
]


def _remove_treaty(root: Path) -> None:
    """Delete the treaty explainer, and the protocol's link to it (a link to a missing page is an error)."""
    for path in (root / "content" / "explainers" / TREATY).iterdir():
        path.unlink()
    index = _explainer(root, PROTOCOL)
    lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
    index.write_text("".join(line for line in lines if f"](/{TREATY}/)" not in line), encoding="utf-8")


def test_every_incremental_build_equals_a_full_build(project: Path) -> None:
    cache = RenderCache()
    assert _site(project, cache) == _site(project)
    for name, edit in EDITS:
        if name == "explainer removed":
            edit(project)
            (project / "content" / "explainers" / TREATY).rmdir()
        else:
            edit(project)
        assert _site(project, cache) == _site(project), f"after the {name} edit"


def test_only_pages_whose_inputs_changed_are_rendered(project: Path) -> None:
    cache = RenderCache()
    _site(project, cache)
    assert (cache.rendered, cache.reused) == (12, 0)
    _site(project, cache)
    assert (cache.rendered, cache.reused) == (0, 12)
    _replace(_explainer(project, TREATY), "\n## ", "\nParagraf baru.\n\n## ")
    _site(project, cache)
    assert cache.rendered == 1  # the body shows on its own page only
    _replace(_explainer(project, PROTOCOL), 'title: "', 'title: "Baru: ')
    _site(project, cache)
    assert cache.rendered == 9  # its page, the home and 404 pages, the treaty (related) and its five topics
    _replace(project / "templates" / "topic.html", "<h1>", "<h1 class='x'>")
    _site(project, cache)
    assert cache.rendered == 12  # a template change renders every page


def test_a_failed_build_does_not_spoil_the_cache(project: Path) -> None:
    cache = RenderCache()
    before = _site(project, cache)
    timeline = _explainer(project, PROTOCOL, "timeline.yaml")
    good = timeline.read_text(encoding="utf-8")
    timeline.write_text(good.replace("  title:", "  tittle:", 1), encoding="utf-8")
    with pytest.raises(ContentError):
        _site(project, cache)
    timeline.write_text(good, encoding="utf-8")
    assert _site(project, cache) == before


def _files(pairs: dict[str, bytes]) -> list[tuple[str, bytes, str]]:
    return [(path, data, f"origin of {path}") for path, data in pairs.items()]


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_synced_output_writes_only_what_changed(tmp_path: Path) -> None:
    folder = tmp_path / "preview"
    output = SyncedOutput(folder)
    site = {"index.html": b"home", "a/index.html": b"a", "a/b/index.html": b"b", "static/x.css": b"css"}
    first = output.sync(_files(site))
    assert sorted(first.written) == sorted(site) and first.deleted == ()
    assert snapshot(folder) == site
    times = _mtimes(folder)

    again = output.sync(_files(site))
    assert again.written == () and again.deleted == ()
    assert _mtimes(folder) == times

    site["a/index.html"] = b"a, changed"
    del site["a/b/index.html"]
    (folder / "stray.txt").write_text("left by someone")
    result = output.sync(_files(site))
    assert result.written == ("a/index.html",)
    assert result.deleted == ("a/b/index.html", "stray.txt")
    assert result.changed == {"a/index.html", "a/b/index.html", "stray.txt"}
    assert snapshot(folder) == site
    assert not (folder / "a" / "b").exists()  # emptied folders go too
    assert _mtimes(folder)["index.html"] == times["index.html"]


def test_synced_output_compares_with_what_is_on_disk(tmp_path: Path) -> None:
    folder = tmp_path / "preview"
    site = {"index.html": b"home", "a/index.html": b"a"}
    SyncedOutput(folder).sync(_files(site))
    (folder / "a" / "index.html").write_bytes(b"edited by hand")  # same size or not, the bytes decide
    restarted = SyncedOutput(folder)  # a new server run knows nothing of the last one
    result = restarted.sync(_files(site))
    assert result.written == ("a/index.html",)
    assert snapshot(folder) == site


def test_synced_output_replaces_a_file_by_a_folder_and_back(tmp_path: Path) -> None:
    folder = tmp_path / "preview"
    output = SyncedOutput(folder)
    output.sync(_files({"a": b"file"}))
    output.sync(_files({"a/index.html": b"page"}))
    assert snapshot(folder) == {"a/index.html": b"page"}
    output.sync(_files({"a": b"file again"}))
    assert snapshot(folder) == {"a": b"file again"}


def test_synced_output_refuses_two_writers_and_escapes(tmp_path: Path) -> None:
    output = SyncedOutput(tmp_path / "preview")
    with pytest.raises(ContentError) as caught:
        output.sync([("A/index.html", b"1", "the first"), ("a/index.html", b"2", "the second")])
    assert caught.value.problems[0].format() == (
        "the second: error: would write a/index.html, which the first already writes (names that differ only in "
        "case are the same file on Windows and macOS; rename one of them)"
    )
    for bad in ("../x", "/etc/passwd", "a/../../x", "a\\b"):
        with pytest.raises(ContentError) as refused:
            output.sync([(bad, b"x", "bad")])
        assert "which is not a safe name inside the output folder" in refused.value.problems[0].message
