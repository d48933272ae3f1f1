"""The incremental plan: what a build renders, keeps and removes, decided without rendering a page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from penjelas.build import Options, Prepared, Project, build, prepare
from penjelas.feeds.plan import publishing_plan
from penjelas.incremental.plan import NAMED_BY_CONTENT, IncrementalPlan, plan_build, static_files
from penjelas.incremental.state import BuildState
from penjelas.render.pages import Renderer

PROTOCOL = "protokol-kerja-sama-korea-utara-rusia"
OPTIONS = Options(today=dt.date(2026, 1, 1))


def _plan(project: Path, out: Path, state_file: Path) -> tuple[IncrementalPlan, BuildState, Prepared]:
    state = BuildState.load(state_file)
    site = prepare(Project(project), OPTIONS, state.explainers)
    statics = static_files(site.assets, site.images, site.pictures)
    return plan_build(state, out, site.jobs, site.frame, publishing_plan(site.site_model), statics), state, site


@pytest.fixture
def built(project: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """The project, built once into ``out`` with its own build state."""
    out, state_file = tmp_path / "out", tmp_path / "state" / "state.pickle"
    build(Project(project), out, OPTIONS, state_file=state_file)
    return project, out, state_file


@pytest.fixture
def no_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, rendering a page fails the test: the plan is made without rendering anything."""

    def render(self: Renderer, job: object) -> None:
        raise AssertionError("the plan rendered a page")

    monkeypatch.setattr(Renderer, "render", render)


def test_a_site_from_nothing_renders_everything_and_stages_a_new_folder(
    project: Path, tmp_path: Path, no_rendering: None
) -> None:
    plan, _state, site = _plan(project, tmp_path / "out", tmp_path / "none.pickle")
    assert plan.render == tuple(site.jobs)
    assert plan.kept_pages == () and plan.kept_extras == frozenset()
    assert not plan.in_place and plan.removed == ()
    assert plan.known_keys is None  # worked out while the pages render, not before
    assert {job.path for job in site.jobs} <= plan.wanted
    assert {"feed.xml", "sitemap.xml", "robots.txt"} <= plan.wanted


def test_an_unchanged_site_has_nothing_to_do(built: tuple[Path, Path, Path], no_rendering: None) -> None:
    project, out, state_file = built
    plan, state, site = _plan(project, out, state_file)
    assert plan.render == ()
    assert set(plan.kept_pages) == {job.path for job in site.jobs}
    assert plan.kept_extras == {file.path for file in plan.extras}
    assert plan.in_place and plan.removed == ()
    assert plan.nothing_to_do(state)


def test_an_edit_renders_only_the_pages_it_shows_on(built: tuple[Path, Path, Path], no_rendering: None) -> None:
    project, out, state_file = built
    timeline = project / "content" / "explainers" / PROTOCOL / "timeline.yaml"
    text = timeline.read_text(encoding="utf-8")
    timeline.write_text(text.replace("title: ", "title: Diubah ", 1), encoding="utf-8")
    plan, state, site = _plan(project, out, state_file)
    assert [job.path for job in plan.render] == [f"{PROTOCOL}/index.html"]
    assert len(plan.kept_pages) == len(site.jobs) - 1
    assert not plan.nothing_to_do(state)


def test_a_file_changed_by_hand_is_made_again_and_a_stray_one_removed(
    built: tuple[Path, Path, Path], no_rendering: None
) -> None:
    project, out, state_file = built
    (out / "index.html").write_bytes(b"changed by hand")
    (out / "stray.txt").write_bytes(b"left by someone")
    (out / "feed.xml").unlink()
    plan, state, _site = _plan(project, out, state_file)
    assert [job.path for job in plan.render] == ["index.html"]
    assert "feed.xml" not in plan.kept_extras and "sitemap.xml" in plan.kept_extras
    assert plan.removed == ("stray.txt",)
    assert not plan.nothing_to_do(state)


def test_files_named_by_their_content_are_not_read_to_compare(
    built: tuple[Path, Path, Path], no_rendering: None
) -> None:
    project, out, state_file = built
    plan, state, _site = _plan(project, out, state_file)
    named = [file for file in plan.statics if file.named_by_content]
    assert named and all(state.files[file.target].sha256 == NAMED_BY_CONTENT for file in named)
    assert all(plan.unchanged(file) for file in plan.statics)


def test_another_output_folder_keeps_nothing(
    built: tuple[Path, Path, Path], tmp_path: Path, no_rendering: None
) -> None:
    project, _out, state_file = built
    plan, _state, site = _plan(project, tmp_path / "elsewhere", state_file)
    assert plan.render == tuple(site.jobs) and not plan.in_place
