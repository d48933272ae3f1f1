"""Incremental rebuilds as the preview makes them: the same bytes as a full build, fewer pages rendered."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from penjelas.build import BuildResult, Options, Project, build
from penjelas.core.errors import ContentError
from penjelas.preview.rebuild import Preview
from tests.conftest import snapshot

PROTOCOL = "protokol-kerja-sama-korea-utara-rusia"
TREATY = "perjanjian-pertahanan-korea-utara-rusia-2024"
OPTIONS = Options(base_url="http://127.0.0.1:8000/", drafts=True, today=dt.date(2026, 1, 1))
_FRESH = itertools.count()


def _preview(project: Path) -> BuildResult:
    """A build as the preview makes it: its own folder and build state, kept between builds."""
    root = Project(project)
    return build(root, project / ".cache" / "preview", OPTIONS, state_file=root.state_file.with_name("preview.pickle"))


def _site(project: Path, incremental: bool = True) -> dict[str, bytes]:
    """The preview's files after an incremental build, or those of a build from nothing."""
    if incremental:
        _preview(project)
        return snapshot(project / ".cache" / "preview")
    n = next(_FRESH)
    out = project.parent / f"full-{n}"
    build(Project(project), out, OPTIONS, state_file=project.parent / f"state-{n}" / "state.pickle")
    return snapshot(out)


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
    (
        "correction added",
        lambda r: _replace(
            _explainer(r, TREATY),
            "---\n",
            '---\nupdates:\n  - date: "2024-11-24 08:15"\n    kind: "koreksi"\n    text: "Tanggal diperbaiki."\n',
        ),
    ),
    ("update removed", lambda r: _remove_updates(_explainer(r, PROTOCOL))),
    (
        "withdrawn",
        lambda r: _replace(
            _explainer(r, TREATY), "---\n", '---\nwithdrawn:\n  date: "2024-12-01"\n  reason: "Diuji."\n'
        ),
    ),
    ("draft", lambda r: _replace(_explainer(r, TREATY), "---\n", "---\ndraft: true\n")),
    ("scheduled", lambda r: _replace(_explainer(r, PROTOCOL), 'date: "2024-11-22"', 'date: "2027-01-01"')),
    ("template", lambda r: _replace(r / "templates" / "base.html", "<main id=", "<!-- x -->\n<main id=")),
    (
        "catalogue",
        lambda r: _replace(r / "locale" / "id" / "LC_MESSAGES" / "messages.po", '"Linimasa"', '"Lini masa"'),
    ),
    ("stylesheet", lambda r: (r / "static" / "style.css").write_text("body { color: red; }\n", encoding="utf-8")),
    ("picture", lambda r: _new_picture(_explainer(r, PROTOCOL, "ilustrasi-peta.png"))),
    ("caption", lambda r: _replace(_explainer(r, PROTOCOL, "media.yaml"), 'caption: "', 'caption: "Baru: ')),
    ("credit", lambda r: _replace(_explainer(r, TREATY, "media.yaml"), 'credit: "', 'credit: "Foto: ')),
    ("figure", lambda r: _replace(_explainer(r, PROTOCOL), "\n## ", "\n![](ilustrasi-peta.png)\n\n## ")),
    ("lead removed", lambda r: _replace(_explainer(r, TREATY), 'image: "ilustrasi-perjanjian.png"\n', "")),
    ("author name", lambda r: _replace(r / "content" / "authors.yaml", 'name: "', 'name: "Tim ')),
    ("byline removed", lambda r: _replace(_explainer(r, PROTOCOL), 'authors:\n  - "redaksi"\n', "")),
    ("explainer removed", lambda r: _remove_treaty(r)),
]


def _remove_updates(index: Path) -> None:
    """Take the ``updates`` block out of the front matter (it ends where the next key starts)."""
    text = index.read_text(encoding="utf-8")
    start = text.index("updates:\n")
    end = start + len("updates:\n")
    while text[end:].startswith(" "):
        end = text.index("\n", end) + 1
    index.write_text(text[:start] + text[end:], encoding="utf-8")


def _new_picture(path: Path) -> None:
    """Draw on the picture: the same name, other bytes."""
    from PIL import Image, ImageDraw

    with Image.open(path) as image:
        changed = image.convert("RGB")
    ImageDraw.Draw(changed).rectangle((0, 0, 200, 200), fill=(200, 30, 30))
    changed.save(path, "PNG")


def _remove_treaty(root: Path) -> None:
    """Delete the treaty explainer, and the protocol's link to it (a link to a missing page is an error)."""
    for path in (root / "content" / "explainers" / TREATY).iterdir():
        path.unlink()
    index = _explainer(root, PROTOCOL)
    lines = index.read_text(encoding="utf-8").splitlines(keepends=True)
    index.write_text("".join(line for line in lines if f"](/{TREATY}/)" not in line), encoding="utf-8")


def test_every_incremental_build_equals_a_full_build(project: Path) -> None:
    assert _site(project) == _site(project, incremental=False)
    for name, edit in EDITS:
        if name == "explainer removed":
            edit(project)
            (project / "content" / "explainers" / TREATY).rmdir()
        else:
            edit(project)
        assert _site(project) == _site(project, incremental=False), f"after the {name} edit"


def test_only_pages_whose_inputs_changed_are_rendered(project: Path) -> None:
    assert (_preview(project).rendered, _preview(project).rendered) == (14, 0)
    _replace(_explainer(project, TREATY), "\n## ", "\nParagraf baru.\n\n## ")
    result = _preview(project)
    assert result.rendered == 1  # the body shows on its own page only
    assert result.changed == (f"{TREATY}/index.html",)
    _replace(_explainer(project, PROTOCOL), 'title: "', 'title: "Baru: ')
    result = _preview(project)
    assert result.rendered == 10  # its page, the home and 404 pages, the treaty (related), its five topics, its author
    assert "feed.xml" in result.changed and "sitemap.xml" not in result.changed  # the sitemap has no titles
    _replace(project / "templates" / "topic.html", "<h1>", "<h1 class='x'>")
    assert _preview(project).rendered == 14  # a template change renders every page


def test_a_failed_build_does_not_spoil_the_state(project: Path) -> None:
    before = _site(project)
    timeline = _explainer(project, PROTOCOL, "timeline.yaml")
    good = timeline.read_text(encoding="utf-8")
    timeline.write_text(good.replace("  title:", "  tittle:", 1), encoding="utf-8")
    with pytest.raises(ContentError):
        _site(project)
    assert snapshot(project / ".cache" / "preview") == before
    timeline.write_text(good, encoding="utf-8")
    assert _site(project) == before


def test_the_preview_reports_what_changed(project: Path) -> None:
    preview = Preview(Project(project), project / ".cache" / "preview", "http://127.0.0.1:8000/")
    first = preview.build()
    assert first.ok and first.rendered == 14 and first.reused == 0
    assert preview.build().changed == frozenset()
    _replace(_explainer(project, TREATY), "\n## ", "\nParagraf baru.\n\n## ")
    again = preview.build()
    assert (again.rendered, again.reused, again.changed) == (1, 13, frozenset({f"{TREATY}/index.html"}))
