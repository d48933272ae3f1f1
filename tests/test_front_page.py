"""The front page: the newest explainer as the lead, the others as teasers, the most popular topics."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import cast

import pytest
from markupsafe import Markup

from penjelas.build import Options, Project, build
from penjelas.content.model import Explainer
from penjelas.render.views import PictureView, Teaser, ViewBuilder
from penjelas.site.topics import Topic, popular_topics
from tests.conftest import copy_project
from tools.golden import FIXTURE_CONTENT, build_fixture


def _topic(name: str, count: int) -> Topic:
    return Topic(name, name.casefold(), cast(tuple[Explainer, ...], (None,) * count))


def test_popular_topics_have_the_most_explainers_ties_by_name() -> None:
    topics = (_topic("b", 2), _topic("A", 2), _topic("c", 5), _topic("d", 1), _topic("e", 1))
    assert [t.name for t in popular_topics(topics)] == ["c", "A", "b", "d", "e"]
    assert [t.name for t in popular_topics(topics, 3)] == ["c", "A", "b"]


def _section(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def test_the_newest_explainer_leads_the_others_follow_then_the_topics(tmp_path: Path) -> None:
    html = (build_fixture(tmp_path) / "index.html").read_text(encoding="utf-8")
    lead = _section(html, '<article class="lead', "</article>")
    assert '<a href="/banjir-jakarta-2025/">' in lead and "<time" in lead
    teasers = _section(html, '<ul class="teasers">', "</ul>")
    assert re.findall(r'<h2><a href="/([^/]+)/">', teasers) == ["harga-beras-naik"]
    topics = _section(html, '<section class="popular-topics"', "</section>")
    assert "Topik terpopuler" in topics
    listed = re.findall(r'<a href="/topik/([^/]+)/">([^<]+) <span class="count">\((\d+)\)</span>', topics)
    assert listed == [("jakarta", "Jakarta", "2"), ("cuaca", "Cuaca", "1"), ("ekonomi", "Ekonomi", "1")]
    assert html.index("</article>") < html.index('<ul class="teasers">') < html.index('class="popular-topics"')


def test_the_leads_picture_loads_at_once_the_thumbnails_when_near(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Teaser.picture is filled elsewhere (lead photos); here every teaser is given one."""
    picture = PictureView("/p-800.jpg", "/p-480.jpg 480w", "/p-480.webp 480w", 1600, 900, "Banjir", "", Markup(""))
    plain = ViewBuilder.teaser

    def with_picture(self: ViewBuilder, explainer: Explainer) -> Teaser:
        return dataclasses.replace(plain(self, explainer), picture=picture)

    monkeypatch.setattr(ViewBuilder, "teaser", with_picture)
    html = (build_fixture(tmp_path) / "index.html").read_text(encoding="utf-8")
    lead = _section(html, '<article class="lead', "</article>")
    (lead_img,) = re.findall(r"<img [^>]+>", lead)
    assert 'fetchpriority="high"' in lead_img and "loading=" not in lead_img and 'alt="Banjir"' in lead_img
    assert 'sizes="(min-width: 64rem) 40rem, calc(100vw - 2rem)"' in lead_img
    teasers = _section(html, '<ul class="teasers">', "</ul>")
    images = re.findall(r"<img [^>]+>", teasers)
    assert images and all('loading="lazy"' in i and "fetchpriority" not in i for i in images)
    assert 'class="has-picture"' in teasers


def test_a_changed_topic_count_renders_the_front_page_again(tmp_path: Path) -> None:
    """Only the topic counts change on the front page: its inputs must name them."""
    root, out = copy_project(tmp_path / "site", FIXTURE_CONTENT), tmp_path / "out"
    build(Project(root), out, Options())
    index = root / "content" / "explainers" / "harga-beras-naik" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace('["Ekonomi", "Jakarta"]', '["Ekonomi", "Cuaca"]'))
    build(Project(root), out, Options())
    clean = copy_project(tmp_path / "clean", root / "content")
    build(Project(clean), tmp_path / "clean-out", Options())
    assert (out / "index.html").read_bytes() == (tmp_path / "clean-out" / "index.html").read_bytes()
    assert 'Cuaca <span class="count">(2)</span>' in (out / "index.html").read_text(encoding="utf-8")
