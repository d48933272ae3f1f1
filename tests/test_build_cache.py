"""Parallel and incremental builds: after any sequence of edits, the same bytes as a build from nothing."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from bench.corpus import generate
from penjelas.build import Options, Project, build
from penjelas.core.errors import ContentError
from tests.conftest import copy_project, snapshot

OPTIONS = Options(base_url="https://example.github.io/repo/")


def _clean_build(root: Path, tmp: Path, workers: int | None = None) -> dict[str, bytes]:
    """Build a copy of ``root``'s inputs with no build state at all."""
    fresh = tmp / f"fresh-{random.random()}"
    for part in ("content", "templates", "static", "locale"):
        shutil.copytree(root / part, fresh / part)
    if (root / ".cache" / "cards").is_dir():  # drawn cards only save time; sharing them keeps the test quick
        shutil.copytree(root / ".cache" / "cards", fresh / ".cache" / "cards")
    build(Project(fresh), fresh / "output", OPTIONS, workers)
    files = snapshot(fresh / "output")
    shutil.rmtree(fresh)
    return files


def _corpus(tmp_path: Path, count: int = 60) -> Path:
    return generate(tmp_path / "corpus", count)


def test_one_core_and_many_give_the_same_bytes(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    build(Project(root), tmp_path / "one", OPTIONS, workers=1)
    shutil.rmtree(root / ".cache" / "build")
    build(Project(root), tmp_path / "two", OPTIONS, workers=2)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_a_build_with_nothing_changed_touches_nothing(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    out = tmp_path / "output"
    first = build(Project(root), out, OPTIONS)
    assert first.rendered == first.pages and first.written == first.files
    stats = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    again = build(Project(root), out, OPTIONS)
    assert (again.rendered, again.written) == (0, 0)
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")} == stats


def test_an_edit_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    out = tmp_path / "output"
    build(Project(root), out, OPTIONS)
    body = root / "content" / "explainers" / "penjelasan-00007" / "index.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nParagraf tambahan.\n", encoding="utf-8")
    result = build(Project(root), out, OPTIONS)
    assert result.rendered == 1  # the body shows on its own page only
    assert result.written == 1
    assert snapshot(out) == _clean_build(root, tmp_path)


def test_a_hand_edited_output_file_is_restored(tmp_path: Path) -> None:
    root = _corpus(tmp_path, 10)
    out = tmp_path / "output"
    build(Project(root), out, OPTIONS)
    page = out / "penjelasan-00003" / "index.html"
    page.write_text("edited by hand", encoding="utf-8")
    build(Project(root), out, OPTIONS)
    assert snapshot(out) == _clean_build(root, tmp_path)


def test_a_damaged_build_state_only_costs_time(tmp_path: Path) -> None:
    root = _corpus(tmp_path, 10)
    out = tmp_path / "output"
    build(Project(root), out, OPTIONS)
    Project(root).state_file.write_bytes(b"not a pickle")
    (Project(root).state_file.parent / "quick.json").write_text("{not json", encoding="utf-8")
    result = build(Project(root), out, OPTIONS)
    assert result.rendered == result.pages
    assert snapshot(out) == _clean_build(root, tmp_path)


def _edit(root: Path, rng: random.Random, step: int) -> str:
    explainers = root / "content" / "explainers"
    slugs = sorted(p.name for p in explainers.iterdir())
    kind = rng.choice(["add", "change", "timeline", "rename", "delete", "template", "source", "tags", "noop"])
    slug = rng.choice(slugs)
    folder = explainers / slug
    if kind == "add":
        new = explainers / f"baru-{step}"
        shutil.copytree(folder, new)
        index = new / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace("title: ", f"title: Baru {step} ", 1), "utf-8")
    elif kind == "change":
        index = folder / "index.md"
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace('title: "', f'title: "Diubah {step} ', 1), encoding="utf-8")
    elif kind == "timeline":
        timeline = folder / "timeline.yaml"
        with timeline.open("a", encoding="utf-8") as handle:
            handle.write(f'- date: "2019-0{1 + step % 9}"\n  title: "Peristiwa {step}"\n  sources: [sumber-02]\n')
    elif kind == "rename":
        folder.rename(explainers / f"{slug}-r{step}")
        _drop_links(root, slug)
    elif kind == "delete" and len(slugs) > 3:
        shutil.rmtree(folder)
        _drop_links(root, slug)
    elif kind == "template":
        base = root / "templates" / "base.html"
        base.write_text(base.read_text(encoding="utf-8") + f"<!-- {step} -->\n", encoding="utf-8")
    elif kind == "source":
        sources = root / "content" / "sources.yaml"
        text = sources.read_text(encoding="utf-8")
        sources.write_text(text.replace('name: "Sumber 03"', f'name: "Sumber 03 ({step})"'), encoding="utf-8")
    elif kind == "tags":
        index = folder / "index.md"
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace("tags:\n", f'tags:\n  - "Topik Baru {step % 3}"\n', 1), encoding="utf-8")
    return kind


def _drop_links(root: Path, slug: str) -> None:
    """Remove every mention of a vanished explainer: related lists and links in articles would break."""
    for index in (root / "content" / "explainers").glob("*/index.md"):
        lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if f'"{slug}"' not in line]
        text = "".join(kept).replace(f" Lihat juga [penjelasan lain](/{slug}/).", "")
        if "related:\n---" in text:
            text = text.replace("related:\n---", "---")
        index.write_text(text, encoding="utf-8")


def test_random_edits_give_the_same_output_as_a_clean_build(tmp_path: Path) -> None:
    root = _corpus(tmp_path, 12)
    out = tmp_path / "output"
    build(Project(root), out, OPTIONS)
    rng = random.Random(2024)
    for step in range(14):
        kind = _edit(root, rng, step)
        result = build(Project(root), out, OPTIONS, workers=rng.choice([1, 2]))
        assert snapshot(out) == _clean_build(root, tmp_path), f"after step {step} ({kind})"
        if kind == "noop":
            assert result.written == 0


def test_the_real_project_builds_the_same_with_a_state(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "site")
    build(Project(root), root / "output", OPTIONS)
    os.utime(root / "content" / "site.yaml")  # touched, not changed
    build(Project(root), root / "output", OPTIONS)
    assert snapshot(root / "output") == _clean_build(root, tmp_path)


def test_a_new_version_of_the_generator_renders_everything_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Pages and parsed explainers cached by older code never apply (the code's own digest is in every key)."""
    import penjelas.build
    import penjelas.content.loader
    import penjelas.core.digests

    root = _corpus(tmp_path, 10)
    out = tmp_path / "output"
    build(Project(root), out, OPTIONS)
    assert build(Project(root), out, OPTIONS).rendered == 0
    monkeypatch.setattr(penjelas.build, "GENERATOR", penjelas.build.GENERATOR + " (patched)")
    monkeypatch.setattr(penjelas.content.loader, "code_digest", lambda: "patched")
    result = build(Project(root), out, OPTIONS)
    assert result.rendered == result.pages


def test_the_command_line_says_nothing_changed_without_loading_the_generator(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = _corpus(tmp_path, 10)
    code = (
        "import sys; from penjelas.cli import main; code = main(['--root', sys.argv[1], 'build']); "
        "print(code, sorted(m for m in ('jinja2', 'markdown_it', 'babel', 'yaml', 'PIL') if m in sys.modules))"
    )
    first = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True)
    assert first.stdout.splitlines()[-1] != "0 []"
    again = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True)
    assert again.stdout.startswith("Nothing changed:")
    assert again.stdout.splitlines()[-1] == "0 []"


def test_the_no_op_shortcut_notices_every_kind_of_change(tmp_path: Path) -> None:
    root = _corpus(tmp_path, 10)
    out = tmp_path / "output"
    build(Project(root), out, OPTIONS)
    os.utime(root / "content" / "site.yaml")  # touched, not changed
    assert build(Project(root), out, OPTIONS).written == 0
    (root / "content" / "explainers" / "kosong").mkdir()  # an empty folder is an error, not nothing
    with pytest.raises(ContentError):
        build(Project(root), out, OPTIONS)
    (root / "content" / "explainers" / "kosong").rmdir()
    (out / "index.html").write_text("edited by hand", encoding="utf-8")
    assert build(Project(root), out, OPTIONS).written > 0
    assert snapshot(out) == _clean_build(root, tmp_path)
    assert build(Project(root), out, Options(base_url="https://other.example/")).written > 0


def _digest(root: Path, settings: list[str]) -> str:
    """The no-op check's digest, with the file hashes saved for the next call, as the command line does."""
    from penjelas.incremental import noop as quick

    inputs = quick.read_inputs(root, settings)
    inputs.hashes.save()
    return inputs.digest


def test_input_files_are_hashed_again_only_when_their_metadata_changed(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The no-op check trusts a remembered hash while a file's size, times and inode are as they were, but
    only for files that had not changed for a while when hashed (a change within the file system's timestamp
    resolution would not show); a change that keeps size and modification time shows in the change time."""
    from penjelas.incremental import noop as quick

    root = _corpus(tmp_path, 3)
    page = root / "content" / "explainers" / "penjelasan-00001" / "index.md"
    settings = ["a setting"]
    first = _digest(root, settings)
    reads: list[str] = []

    read = quick._read_ordinary

    def counting_read(path: str) -> bytes:
        reads.append(os.path.relpath(path, root))
        return read(path)

    monkeypatch.setattr(quick, "_read_ordinary", counting_read)
    assert _digest(root, settings) == first
    assert "content/explainers/penjelasan-00001/index.md" in reads  # written a moment ago: not yet trusted

    monkeypatch.setattr(quick, "SETTLED_NS", 0)  # as if every file had been still for long
    _digest(root, settings)
    reads.clear()
    assert _digest(root, settings) == first
    assert reads == []  # nothing changed: nothing read

    info = page.stat()
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("a", "o", 1), encoding="utf-8")  # same size
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))  # and the old modification time
    changed = _digest(root, settings)
    assert reads == ["content/explainers/penjelasan-00001/index.md"]
    assert changed != first


def test_templates_are_checked_again_whenever_they_change(tmp_path: Path) -> None:
    """A build skips looking for missing templates only while the templates are the ones last checked."""
    root = _corpus(tmp_path, 3)
    out = tmp_path / "output"
    build(Project(root), out, OPTIONS)
    base = root / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + '{% if false %}{% include "hilang.html" %}{% endif %}\n')
    with pytest.raises(ContentError) as caught:
        build(Project(root), out, OPTIONS)
    assert [p.message for p in caught.value.problems] == ["template 'hilang.html' not found"]
    (root / "templates" / "hilang.html").write_text("")
    build(Project(root), out, OPTIONS)
    (root / "templates" / "hilang.html").unlink()  # the template named is the one removed
    with pytest.raises(ContentError):
        build(Project(root), out, OPTIONS)


def test_explainers_kept_in_the_state_read_their_own_page_fields_only_when_asked(tmp_path: Path) -> None:
    import pickle

    from penjelas.content.loader import load_content
    from penjelas.content.model import DEFERRED, REST
    from penjelas.incremental import state as buildstate

    root = _corpus(tmp_path, 12)
    build(Project(root), tmp_path / "output", OPTIONS)
    buildstate._KNOWN.clear()  # read the file, as the next build's process does
    state = buildstate.BuildState.load(Project(root).state_file)
    fresh = {e.slug: e for e in load_content(root / "content").explainers}
    assert state.explainers.keys() == fresh.keys()
    for slug, (_key, kept) in state.explainers.items():
        assert REST in vars(kept) and not set(DEFERRED) & set(vars(kept))
        assert (kept.title, kept.tags, kept.date, kept.cited) == (
            fresh[slug].title,
            fresh[slug].tags,
            fresh[slug].date,
            fresh[slug].cited,
        )
        assert REST in vars(kept), "what listings show was read without the rest"
    first, second, *others = state.explainers.values()
    assert first[1].timeline == fresh[first[1].slug].timeline and REST not in vars(first[1])
    assert pickle.loads(pickle.dumps(second[1])) == fresh[second[1].slug]  # pickled whole, as sent to a process
    assert all(kept == fresh[kept.slug] for _key, kept in others)
    with pytest.raises(AttributeError):
        _ = others[0][1].no_such_field


def test_explainers_pickled_into_a_temporary_file_make_the_same_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from penjelas.content.loader import load_content
    from penjelas.incremental import state as buildstate

    monkeypatch.setattr(buildstate, "SPILL_FROM", 1)  # as a cold build of many explainers does
    root = _corpus(tmp_path, 12)
    out = tmp_path / "output"
    build(Project(root), out, OPTIONS)
    timeline = root / "content" / "explainers" / "penjelasan-00003" / "timeline.yaml"
    timeline.write_text(
        timeline.read_text(encoding="utf-8") + '- date: "2024"\n  title: "Tambahan"\n', encoding="utf-8"
    )
    assert build(Project(root), out, OPTIONS).rendered == 1
    assert snapshot(out) == _clean_build(root, tmp_path)
    buildstate._KNOWN.clear()  # the next process reads the file
    state = buildstate.BuildState.load(Project(root).state_file)
    fresh = {e.slug: e for e in load_content(root / "content").explainers}
    assert {name: e for name, (_key, e) in state.explainers.items()} == fresh
