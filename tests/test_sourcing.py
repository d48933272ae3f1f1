"""Sources where the page promises them (issue 14): a fact without one stops the build; an event without
one, and a source nothing cites, are warnings in ``Content.warnings``, each at its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from penjelas.content.loader import load_content
from penjelas.content.sourcing import source_warnings
from penjelas.core.errors import ContentError
from penjelas.incremental.state import _pickled, _unpickled
from tests.conftest import ROOT, check_lines, copy_project

FIXTURE = ROOT / "tests" / "fixtures" / "site" / "content"
BANJIR = "content/explainers/banjir-jakarta-2025"
EVENT_HINT = "(list an id from content/sources.yaml under 'sources:', one per line)"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the fixture site's content, safe to change."""
    shutil.copytree(FIXTURE, tmp_path / "content")
    return tmp_path / "content"


def warnings(folder: Path) -> list[str]:
    return [w.format() for w in load_content(folder).warnings]


def test_events_without_a_source_are_warnings_at_their_lines(content: Path) -> None:
    """The fixture's timeline has two events without sources (lines 4 and 11), in no date order."""
    assert warnings(content) == [
        f"{BANJIR}/timeline.yaml:4:3: warning: this timeline event has no source {EVENT_HINT}",
        f"{BANJIR}/timeline.yaml:11:3: warning: this timeline event has no source {EVENT_HINT}",
    ]


def test_an_empty_list_of_sources_is_no_source(content: Path) -> None:
    timeline = content / "explainers" / "harga-beras-naik" / "timeline.yaml"
    timeline.write_text('- date: "2024-03"\n  title: "Harga naik"\n  sources: []\n', encoding="utf-8")
    shown = "content/explainers/harga-beras-naik/timeline.yaml"
    assert f"{shown}:1:3: warning: this timeline event has no source {EVENT_HINT}" in warnings(content)


def test_a_source_nothing_cites_is_a_warning_at_its_id(content: Path) -> None:
    """A source cited only by a draft counts as cited: the draft will publish it."""
    sources = content / "sources.yaml"
    before = sources.read_text(encoding="utf-8")
    sources.write_text(before + 'bnpb:\n  name: "BNPB"\nbps-lama:\n  name: "BPS (arsip)"\n', encoding="utf-8")
    draft = content / "explainers" / "rencana-tanggul-laut" / "facts.yaml"
    draft.write_text('- label: "Panjang"\n  value: "46 km"\n  sources: ["bps-lama"]\n', encoding="utf-8")
    line = len(before.splitlines()) + 1
    assert warnings(content)[2:] == [
        f"content/sources.yaml:{line}:1: warning: no explainer cites the source 'bnpb' "
        "(cite it under 'sources:' in a timeline.yaml or facts.yaml, or remove it)"
    ]


def test_a_warning_in_indonesian(content: Path, indonesian: None) -> None:
    sources = content / "sources.yaml"
    sources.write_text('lain:\n  name: "Lain"\n' + sources.read_text(encoding="utf-8"), encoding="utf-8")
    assert warnings(content)[-1] == (
        "content/sources.yaml:1:1: warning: sumber 'lain' tidak dikutip di penjelasan mana pun "
        "(kutip sumber ini di bawah 'sources:' pada timeline.yaml atau facts.yaml, atau hapus entrinya)"
    )


def test_a_fact_without_a_source_fails_check_naming_its_line(tmp_path: Path, indonesian: None) -> None:
    root = copy_project(tmp_path / "site", FIXTURE)
    facts = root / "content" / "explainers" / "banjir-jakarta-2025" / "facts.yaml"
    facts.write_text(
        '- label: "Curah hujan tertinggi"\n  value: "150 mm"\n  sources: ["bmkg"]\n'
        '- label: "Versi"\n  value: "1.10"\n'
        '- label: "Tinggi air"\n  value: "2 m"\n  sources: []\n',
        encoding="utf-8",
    )
    hint = "(tulis kode sumber dari content/sources.yaml di bawah 'sources:', satu per baris)"
    assert check_lines(root) == [
        f"{BANJIR}/facts.yaml:4:3: error: fakta ini belum bersumber {hint}",
        f"{BANJIR}/facts.yaml:8:12: error: fakta ini belum bersumber {hint}",
    ]
    with pytest.raises(ContentError):
        load_content(root / "content")


def test_the_real_site_cites_every_source_and_sources_every_event() -> None:
    assert load_content(ROOT / "content").warnings == ()


def test_a_rebuild_warns_without_reading_back_every_timeline(content: Path) -> None:
    """Explainers kept in the build state come back without their timeline (read when first asked for):
    the warnings are made from what they come back with, and say the same."""
    loaded = load_content(content)
    kept = [_unpickled(*_pickled(explainer)) for explainer in loaded.explainers]
    assert source_warnings(loaded.sources, kept, "content/sources.yaml") == loaded.warnings
    assert all("_rest" in vars(explainer) for explainer in kept), "a timeline was read back"
