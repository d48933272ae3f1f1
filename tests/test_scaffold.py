"""`build.py new`: a new explainer whose placeholders `check` refuses until they are filled in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from penjelas.build import Options, Project, build
from penjelas.content.facts import parse_facts
from penjelas.content.front_matter import parse_front_matter
from penjelas.content.model import EVENT_SPEC, FACT_SPEC, FRONT_MATTER_SPEC, READ_ALSO_SPEC
from penjelas.content.timeline import parse_timeline
from penjelas.scaffold import MAX_SLUG_LENGTH, ScaffoldError, create_explainer, scaffold_files, slug_for
from tests.conftest import check_lines, run_cli

TITLE = "Mengapa Ásia Tenggara penting?"
SLUG = "mengapa-asia-tenggara-penting"


def _fill_in(folder: Path) -> None:
    """Do what an editor does: replace every placeholder with real text."""
    for name in ("index.md", "timeline.yaml", "facts.yaml"):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        text = text.replace('"TODO: id-sumber"', '"kcna"').replace('"TODO: TTTT-BB-HH"', '"2024-06-19"')
        text = re.sub(r'"TODO: [^"]*"', '"Teks yang sebenarnya"', text)
        text = re.sub(r"^TODO: .*$", "Isi penjelasan yang sebenarnya.", text, flags=re.MULTILINE)
        path.write_text(text, encoding="utf-8")


def test_new_then_check_names_every_placeholder(project: Path) -> None:
    done = run_cli(project, "new", TITLE)
    assert done.code == 0, done.stderr
    assert f"Created content/explainers/{SLUG}/ with index.md, timeline.yaml and facts.yaml." in done.stdout
    folder = project / "content" / "explainers" / SLUG
    assert sorted(p.name for p in folder.iterdir()) == ["facts.yaml", "index.md", "timeline.yaml"]

    problems = check_lines(project, drafts=True)  # a draft: its problems are errors only when asked
    where = [line.split(": error: ")[0] for line in problems]
    shown = f"content/explainers/{SLUG}"
    assert where == [
        f"{shown}/facts.yaml:5:10",
        f"{shown}/facts.yaml:7:10",
        f"{shown}/facts.yaml:10:7",
        f"{shown}/index.md:5:10",
        f"{shown}/index.md:17:5",
        f"{shown}/index.md:43:1",
        f"{shown}/timeline.yaml:6:9",
        f"{shown}/timeline.yaml:10:10",
        f"{shown}/timeline.yaml:12:9",
        f"{shown}/timeline.yaml:15:7",
    ]
    assert all(line.endswith("(replace the placeholder with the real text)") for line in problems)
    assert f"{shown}/index.md:5:10: error: 'summary' still holds the placeholder 'TODO: tulis ringkasan" in problems[3]
    assert f"{shown}/index.md:43:1: error: the article still holds the placeholder 'TODO: tulis isi" in problems[5]


def test_filled_in_it_passes_check_and_is_published_once_no_longer_a_draft(project: Path, tmp_path: Path) -> None:
    folder = create_explainer(project / "content", TITLE).folder
    _fill_in(folder)
    assert check_lines(project) == []

    out = tmp_path / "out"
    build(Project(project), out, Options())
    assert not (out / SLUG).exists()  # a draft until the editor says otherwise
    index = folder / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    build(Project(project), out, Options())
    page = (out / SLUG / "index.html").read_text(encoding="utf-8")
    assert f"<h1>{TITLE}</h1>" in page
    assert "Isi penjelasan yang sebenarnya." in page


def test_it_refuses_to_overwrite(project: Path) -> None:
    create_explainer(project / "content", TITLE)
    index = project / "content" / "explainers" / SLUG / "index.md"
    index.write_text("edited by the editor", encoding="utf-8")
    again = run_cli(project, "new", TITLE)
    assert again.code == 1
    assert again.stderr == (
        f"error: content/explainers/{SLUG}/ already exists; nothing was changed. "
        "Choose another title, or a folder name with --slug\n"
    )
    assert index.read_text(encoding="utf-8") == "edited by the editor"
    (project / "content" / "explainers" / "kosong").mkdir()  # even an empty folder is someone's
    with pytest.raises(ScaffoldError, match="already exists"):
        create_explainer(project / "content", "Judul", "kosong")


def test_slugs() -> None:
    assert slug_for(TITLE) == SLUG
    assert slug_for("Pemilu 2024: Siapa menang?") == "pemilu-2024-siapa-menang"
    assert slug_for("Çà et là, São Paulo — Ñandú") == "ca-et-la-sao-paulo-nandu"
    long = slug_for("kata " * 40)
    assert len(long) <= MAX_SLUG_LENGTH and not long.endswith("-") and long.startswith("kata-kata")


def test_bad_titles_and_slugs_are_refused(project: Path) -> None:
    content = project / "content"
    cases = {
        ("   ", None): "'title' is empty",
        ("!!!", None): "the title has no letters or digits to make a folder name from; give one with --slug",
        ("Judul", "Bukan Slug"): "'Bukan Slug' is not a valid folder name",
        ("Judul", "topik"): "the folder name 'topik' is reserved",
        ("x" * 201, None): "'title' is 201 characters long; the limit is 200",
        ("TODO: judul", None): "'title' still holds the placeholder",
    }
    for (title, slug), message in cases.items():
        with pytest.raises(ScaffoldError) as caught:
            create_explainer(content, title, slug)
        assert str(caught.value).startswith(message), str(caught.value)
    with pytest.raises(ScaffoldError, match="there is no content folder"):
        create_explainer(project / "nowhere", "Judul")


def test_a_title_with_quotes_and_colons_is_written_as_yaml_reads_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    title = 'Kata "kutip", titik dua: dan \\ garis miring #1'
    created = create_explainer(content, title, day=dt.date(2024, 6, 19))
    text = (created.folder / "index.md").read_text(encoding="utf-8")
    assert parse_front_matter(text.replace("TODO:", "Isi:"), "index.md", created.folder.name).values["title"] == title
    assert 'date: "2024-06-19"' in text


def test_the_comments_show_every_field() -> None:
    files = scaffold_files("Judul", dt.date(2024, 6, 19))
    for name, specs in (
        ("index.md", (FRONT_MATTER_SPEC, READ_ALSO_SPEC)),
        ("timeline.yaml", (EVENT_SPEC,)),
        ("facts.yaml", (FACT_SPEC,)),
    ):
        for spec in specs:
            for field in spec.fields:
                assert re.search(rf"^[#\s-]*{field.name}:", files[name], re.MULTILINE), f"{field.name} in {name}"


def test_what_it_writes_is_only_placeholders_away_from_valid() -> None:
    files = scaffold_files("Judul", dt.date(2024, 6, 19))
    filled = {
        name: text.replace('"TODO: TTTT-BB-HH"', '"2024"').replace("TODO:", "Isi:") for name, text in files.items()
    }
    assert parse_front_matter(filled["index.md"], "index.md", "judul").values["draft"] is True
    assert len(parse_timeline(filled["timeline.yaml"], "timeline.yaml")) == 1
    assert len(parse_facts(filled["facts.yaml"], "facts.yaml")) == 1


@pytest.mark.usefixtures("indonesian")
def test_editors_read_it_in_indonesian(project: Path) -> None:
    content = project / "content"
    created = create_explainer(content, TITLE)
    assert created.message().splitlines()[0] == (
        f"content/explainers/{SLUG}/ sudah dibuat, berisi index.md, timeline.yaml, dan facts.yaml."
    )
    with pytest.raises(ScaffoldError) as caught:
        create_explainer(content, "Judul", "Bukan Slug")
    assert str(caught.value) == (
        "'Bukan Slug' bukan nama folder yang sah: pakai huruf kecil, angka, dan tanda hubung tunggal, "
        "misalnya 'bukan-slug'"
    )
    again = run_cli(project, "new", TITLE)
    assert again.code == 1
    assert again.stderr == (
        f"error: content/explainers/{SLUG}/ sudah ada; tidak ada yang diubah. "
        "Pilih judul lain, atau tentukan nama folder dengan --slug\n"
    )
