"""Static assets in a build: the stylesheet minified under its content hash, the favicon linked and present."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from penjelas.assets.cssmin import minify_css
from tests.conftest import run_cli

STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/[^"]*)">')
ICON = re.compile(r'<link rel="icon" href="([^"]*)" type="image/svg\+xml">')


def _build(project: Path, *args: str) -> Path:
    done = run_cli(project, "build", *args)
    assert done.code == 0, done.stderr
    return project / "output"


def test_stylesheet_is_minified_and_named_by_its_hash(project: Path) -> None:
    out = _build(project)
    [css] = (out / "static").glob("style.*.css")
    data = css.read_bytes()
    assert re.fullmatch(r"style\.[0-9a-f]{10}\.css", css.name)
    assert css.name == f"style.{hashlib.sha256(data).hexdigest()[:10]}.css"
    assert data.decode() == minify_css((project / "static" / "style.css").read_text(encoding="utf-8"))
    assert STYLESHEET.search((out / "index.html").read_text()).group(1) == f"/static/{css.name}"  # type: ignore[union-attr]


def test_a_changed_stylesheet_gets_a_new_name(project: Path) -> None:
    before = {p.name for p in (_build(project) / "static").glob("style.*.css")}
    with (project / "static" / "style.css").open("a", encoding="utf-8") as handle:
        handle.write("\n.new { color: red; }\n")
    after = {p.name for p in (_build(project) / "static").glob("style.*.css")}
    assert len(before) == len(after) == 1
    assert before != after


def test_a_comment_only_change_keeps_the_name(project: Path) -> None:
    before = {p.name for p in (_build(project) / "static").glob("style.*.css")}
    with (project / "static" / "style.css").open("a", encoding="utf-8") as handle:
        handle.write("\n/* a note for the next editor */\n")
    assert {p.name for p in (_build(project) / "static").glob("style.*.css")} == before


def test_favicon_is_copied_and_linked_under_the_base_path(project: Path) -> None:
    out = _build(project, "--base-url", "https://org.github.io/situs/")
    assert (out / "static" / "favicon.svg").read_bytes() == (project / "static" / "favicon.svg").read_bytes()
    for page in ("index.html", "topik/index.html", "protokol-kerja-sama-korea-utara-rusia/index.html"):
        html = (out / page).read_text()
        assert ICON.search(html).group(1) == "/situs/static/favicon.svg", page  # type: ignore[union-attr]
        assert STYLESHEET.search(html).group(1).startswith("/situs/static/style."), page  # type: ignore[union-attr]


def test_missing_favicon_is_an_error_and_nothing_is_written(project: Path) -> None:
    (project / "static" / "favicon.svg").unlink()
    done = run_cli(project, "build")
    assert done.code == 1
    assert "static/favicon.svg: error: the favicon is missing (restore it from git)" in done.stderr
    assert not (project / "output").exists()


def test_stylesheet_that_is_not_utf8_is_an_error(project: Path) -> None:
    (project / "static" / "style.css").write_bytes(b"a { content: '\xff'; }")
    done = run_cli(project, "build")
    assert done.code == 1
    assert "static/style.css: error: not valid UTF-8 (byte 14) (save the file as UTF-8)" in done.stderr
