"""Drafts and explainers dated after today: in the preview under a banner, never in a normal build."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from penjelas.build import Options, Project, build
from penjelas.core.dates import today
from tests.conftest import run_cli

PROTOCOL = "protokol-kerja-sama-korea-utara-rusia"


def _add(project: Path, slug: str, date: str, extra: str = "") -> None:
    folder = project / "content" / "explainers" / slug
    folder.mkdir()
    (folder / "index.md").write_text(
        f'---\ntitle: "Judul {slug}"\nsummary: "Ringkasan."\ndate: "{date}"\ntags:\n  - "Rusia"\n{extra}---\nIsi.\n',
        encoding="utf-8",
    )


def _epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp()))


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(values)
    return env


def test_a_normal_build_leaves_out_drafts_and_scheduled_explainers(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(project, "draf-contoh", "2024-01-01", "draft: true\n")
    _add(project, "terjadwal-contoh", "2030-01-02")
    out = tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2030-01-01"))
    build(Project(project), out, Options())
    assert not (out / "draf-contoh").exists()
    assert not (out / "terjadwal-contoh").exists()
    for page in ("index.html", "topik/rusia/index.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert "draf-contoh" not in text and "terjadwal-contoh" not in text
    assert "Draf" not in (out / PROTOCOL / "index.html").read_text(encoding="utf-8")


def test_the_build_day_comes_from_source_date_epoch(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(project, "terjadwal-contoh", "2030-01-02")
    out = tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2030-01-02"))
    build(Project(project), out, Options())
    page = (out / "terjadwal-contoh" / "index.html").read_text(encoding="utf-8")
    assert "draft-banner" not in page  # published on its day, without a banner

    bad = run_cli(project, "build", "--out", str(out), env=_env(SOURCE_DATE_EPOCH="kemarin"))
    assert bad.code == 1
    assert "SOURCE_DATE_EPOCH: error: SOURCE_DATE_EPOCH must be a whole number of seconds" in bad.stderr


def test_with_drafts_they_are_built_under_a_banner(project: Path, tmp_path: Path) -> None:
    _add(project, "draf-contoh", "2024-01-01", "draft: true\n")
    _add(project, "terjadwal-contoh", "2030-01-02")
    out = tmp_path / "out"
    build(Project(project), out, Options(drafts=True, today=dt.date(2030, 1, 1)))
    draft = (out / "draf-contoh" / "index.html").read_text(encoding="utf-8")
    assert '<p class="draft-banner">Draf: belum terbit</p>' in draft
    scheduled = (out / "terjadwal-contoh" / "index.html").read_text(encoding="utf-8")
    assert '<p class="draft-banner">Draf: dijadwalkan terbit 2 Januari 2030</p>' in scheduled
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count('<span class="draft-label">Draf</span>') == 2
    assert "draft-banner" not in (out / PROTOCOL / "index.html").read_text(encoding="utf-8")


def test_today_reads_source_date_epoch_in_utc() -> None:
    assert today({"SOURCE_DATE_EPOCH": "0"}) == dt.date(1970, 1, 1)
    assert today({"SOURCE_DATE_EPOCH": _epoch("2024-06-19T23:59:59")}) == dt.date(2024, 6, 19)
    assert today({"SOURCE_DATE_EPOCH": " "}) == dt.date.today()


def test_build_and_check_say_what_they_left_out(project: Path, tmp_path: Path) -> None:
    _add(project, "draf-contoh", "2024-01-01", "draft: true\n")
    _add(project, "terjadwal-contoh", "2030-01-02")
    env = _env(SOURCE_DATE_EPOCH=_epoch("2030-01-01"))
    said = "2 explainers not published: draf-contoh (draft), terjadwal-contoh (scheduled for 2030-01-02)."
    built = run_cli(project, "build", "--out", str(tmp_path / "out"), env=env)
    assert built.code == 0, built.stderr
    assert said in built.stdout.splitlines()
    checked = run_cli(project, "check", env=env)
    assert checked.code == 0, checked.stderr
    assert checked.stdout.splitlines() == ["No problems found.", said]
    with_drafts = run_cli(project, "check", "--drafts", env=env)
    assert with_drafts.stdout.splitlines() == ["No problems found."]  # drafts checked too: nothing left out
    on_the_day = run_cli(project, "check", env=_env(SOURCE_DATE_EPOCH=_epoch("2030-01-02")))
    assert on_the_day.stdout.splitlines() == ["No problems found.", "1 explainer not published: draf-contoh (draft)."]


def test_a_build_that_leaves_nothing_out_says_nothing_of_it(project: Path, tmp_path: Path) -> None:
    built = run_cli(project, "build", "--out", str(tmp_path / "out"))
    assert built.code == 0, built.stderr
    assert "not published" not in built.stdout


# --- An unfinished draft never blocks the site (issue 14) ---


def _new_draft(project: Path, title: str = "Draf yang belum selesai") -> str:
    done = run_cli(project, "new", title, "--slug", "draf-baru")
    assert done.code == 0, done.stderr
    return "content/explainers/draf-baru"


def test_a_fresh_draft_with_its_placeholders_builds_the_rest_with_warnings(project: Path, tmp_path: Path) -> None:
    folder = _new_draft(project)
    out = tmp_path / "out"
    done = run_cli(project, "build", "--out", str(out))
    assert done.code == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 10 and all(line.startswith(f"{folder}/") for line in warnings), done.stderr
    assert f"{folder}/facts.yaml:5:10: warning: 'label' still holds the placeholder 'TODO: tentang apa'" in done.stderr
    assert ": error: " not in done.stderr
    assert "1 explainer not published: draf-baru (draft, 10 warnings)." in done.stdout
    assert (out / PROTOCOL / "index.html").is_file() and not (out / "draf-baru").exists()

    again = run_cli(project, "build", "--out", str(out))  # nothing changed: the same notes, from the record
    assert again.code == 0 and "Nothing changed" in again.stdout
    assert again.stderr == done.stderr
    assert "1 explainer not published: draf-baru (draft, 10 warnings)." in again.stdout

    checked = run_cli(project, "check")
    assert checked.code == 0, checked.stderr
    assert "No errors found; 10 warnings, which do not stop publishing." in checked.stdout
    ready = run_cli(project, "check", "--drafts")  # is my draft ready? No: the same problems, as errors
    assert ready.code == 1
    errors = [line for line in ready.stderr.splitlines() if ": error: " in line]
    assert [line.replace(": error: ", ": warning: ") for line in errors] == warnings
    assert "10 problems found." in ready.stderr


def test_in_indonesian_the_draft_is_named_as_the_guide_shows(project: Path, indonesian: None) -> None:
    _new_draft(project)
    done = run_cli(project, "check")
    assert done.code == 0, done.stderr
    assert "Tidak ada error; ada 10 peringatan, yang tidak menghalangi penerbitan." in done.stdout
    assert "1 penjelasan tidak diterbitkan: draf-baru (draf, 10 peringatan)." in done.stdout


def test_warnings_are_annotations_on_a_pull_request(project: Path) -> None:
    folder = _new_draft(project)
    done = run_cli(project, "check", "--format", "github")
    assert done.code == 0, done.stderr
    assert f"::warning file={folder}/facts.yaml,line=5,col=10::'label' still holds the placeholder" in done.stdout
    assert "::error" not in done.stdout


def test_a_scheduled_explainer_with_a_broken_front_matter_is_held_back(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = project / "content" / "explainers" / "terjadwal-rusak"
    folder.mkdir()
    (folder / "index.md").write_text(
        '---\ntitle: "Nanti"\nsummary: "Belum selesai\ndate: "2030-01-02"\n---\nIsi.\n', encoding="utf-8"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2030-01-01"))
    done = run_cli(project, "check")
    assert done.code == 0, done.stderr
    assert done.stderr.startswith("content/explainers/terjadwal-rusak/index.md:4:8: warning: malformed YAML")
    assert "terjadwal-rusak (scheduled for 2030-01-02, 1 warning)" in done.stdout
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2030-01-02"))  # its day has come: now it must be right
    due = run_cli(project, "check")
    assert due.code == 1 and "terjadwal-rusak/index.md:4:8: error: malformed YAML" in due.stderr


def test_an_error_in_published_content_still_fails_and_lists_the_drafts_warnings(project: Path) -> None:
    folder = _new_draft(project)
    facts = project / "content" / "explainers" / PROTOCOL / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("  value:", "  valeu:", 1), encoding="utf-8")
    done = run_cli(project, "check")
    assert done.code == 1
    assert f"content/explainers/{PROTOCOL}/facts.yaml" in done.stderr and ": error: unknown key 'valeu'" in done.stderr
    assert sum(f"{folder}/" in line and ": warning: " in line for line in done.stderr.splitlines()) == 10
    assert done.stderr.rstrip().endswith("1 problem found.")


def test_a_draft_without_draft_true_is_published_and_its_problems_are_errors(project: Path) -> None:
    folder = _new_draft(project)
    index = project / folder / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    done = run_cli(project, "check")
    assert done.code == 1 and "10 problems found." in done.stderr


def _draft_with_a_tiny_share_image(project: Path) -> None:
    import io

    from PIL import Image

    _add(project, "draf-bergambar", "2024-01-01", 'draft: true\nimage: "sampul.png"\nimage_alt: "Peta"\n')
    data = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(data, "PNG")
    (project / "content" / "explainers" / "draf-bergambar" / "sampul.png").write_bytes(data.getvalue())


def test_the_preview_and_check_drafts_agree_on_a_drafts_share_image(project: Path, tmp_path: Path) -> None:
    """The preview checks a draft's share image (it shows the draft); so does `check --drafts`; a normal build
    does not publish the draft and is not stopped."""
    from penjelas.preview.rebuild import Preview

    _draft_with_a_tiny_share_image(project)
    expected = "content/explainers/draf-bergambar/sampul.png: {}: the image is 40×30 pixels"
    ready = run_cli(project, "check", "--drafts")
    assert ready.code == 1 and expected.format("error") in ready.stderr
    assert run_cli(project, "check").code == 0

    preview = Preview(Project(project), tmp_path / "preview", "http://127.0.0.1:8000/")
    outcome = preview.build()
    assert outcome.ok, outcome.problems
    held = preview.held_back["draf-bergambar/index.html"]
    assert held.problems[0].format().startswith(expected.format("warning"))
    assert "draf-bergambar (draft, 1 warning)" in outcome.left_out
    assert (tmp_path / "preview" / PROTOCOL / "index.html").is_file()


def test_a_drafts_page_that_cannot_be_rendered_holds_only_the_draft_back(project: Path, tmp_path: Path) -> None:
    from penjelas.preview.rebuild import Preview

    _add(project, "draf-bertaut", "2024-01-01", "draft: true\n")
    index = project / "content" / "explainers" / "draf-bertaut" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nLihat [ini](/belum-ada/).\n", encoding="utf-8")
    ready = run_cli(project, "check", "--drafts")
    assert ready.code == 1 and "draf-bertaut/index.md" in ready.stderr and "/belum-ada/" in ready.stderr

    preview = Preview(Project(project), tmp_path / "preview", "http://127.0.0.1:8000/")
    outcome = preview.build()
    assert outcome.ok, outcome.problems
    (problem,) = preview.held_back["draf-bertaut/index.html"].problems
    assert problem.is_warning and "/belum-ada/" in problem.message
    assert not (tmp_path / "preview" / "draf-bertaut").exists()
    assert (tmp_path / "preview" / PROTOCOL / "index.html").is_file()

    index.write_text(index.read_text(encoding="utf-8").replace("/belum-ada/", f"/{PROTOCOL}/"), encoding="utf-8")
    assert preview.build().ok and preview.held_back == {}
    assert (tmp_path / "preview" / "draf-bertaut" / "index.html").is_file()
