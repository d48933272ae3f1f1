"""What templates see: the model prepared for display (formatted dates, resolved URLs, rendered Markdown)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel import Locale
from markupsafe import Markup

from .dates import DatePart, DateSpan, format_day, format_span
from .markdown import RenderMarkdown
from .model import Explainer
from .site import TOPICS_DIR, SiteModel, Topic

SOURCE_ANCHOR = "sumber-"


@dataclass(frozen=True)
class LinkView:
    title: str
    url: str


@dataclass(frozen=True)
class SourceView:
    id: str
    name: str
    url: str | None
    """The source's own address, if known."""
    anchor: str
    """Fragment link to its entry in the page's source list."""


@dataclass(frozen=True)
class EventView:
    when: DateSpan
    title: str
    html: Markup
    sources: tuple[SourceView, ...]


@dataclass(frozen=True)
class FactView:
    label: str
    value: str
    sources: tuple[SourceView, ...]


@dataclass(frozen=True)
class Teaser:
    """An explainer as listed on another page."""

    title: str
    url: str
    summary: str
    published: DatePart


@dataclass(frozen=True)
class ExplainerView:
    slug: str
    title: str
    summary: str
    published: DatePart
    updated: DatePart | None
    body: Markup
    timeline: tuple[EventView, ...]
    facts: tuple[FactView, ...]
    related: tuple[Teaser, ...]
    read_also: tuple[LinkView, ...]
    sources: tuple[SourceView, ...]
    """Every source cited on the page, by name."""
    tags: tuple[LinkView, ...]
    draft: bool


@dataclass(frozen=True)
class TopicView:
    name: str
    url: str
    explainers: tuple[Teaser, ...]


@dataclass(frozen=True)
class PageView:
    """What every page's frame needs."""

    kind: str
    """'home', 'explainer', 'topic' or 'topics'."""
    title: str
    description: str
    path: str
    """Output path relative to the site root, e.g. 'slug/'."""
    url: str
    canonical: str
    lang: str
    site_title: str
    site_description: str
    author: str
    home_url: str
    topics_url: str
    stylesheet_url: str


class ViewBuilder:
    """Builds views for one site, with one Markdown renderer and locale."""

    def __init__(self, model: SiteModel, markdown: RenderMarkdown, stylesheet: str) -> None:
        self.model = model
        self.markdown = markdown
        self.locale = Locale.parse(model.site.language.replace("-", "_"))
        self.stylesheet = stylesheet

    def page(self, kind: str, title: str, description: str, path: str) -> PageView:
        """The frame of a page at output path ``path``."""
        site, urls = self.model.site, self.model.urls
        return PageView(
            kind=kind,
            title=title,
            description=description,
            path=path,
            url=urls.path(path),
            canonical=urls.absolute(path),
            lang=site.language,
            site_title=site.title,
            site_description=site.description,
            author=site.author,
            home_url=urls.path(""),
            topics_url=urls.path(f"{TOPICS_DIR}/"),
            stylesheet_url=urls.path(self.stylesheet),
        )

    def day(self, value: object) -> DatePart:
        """A publication date as a ``<time>`` part."""
        import datetime as dt

        assert isinstance(value, dt.date)
        return DatePart(value.isoformat(), format_day(value, self.locale))

    def teaser(self, explainer: Explainer) -> Teaser:
        """How an explainer appears in lists."""
        return Teaser(
            explainer.title, self.model.urls.path(f"{explainer.slug}/"), explainer.summary, self.day(explainer.date)
        )

    def source(self, source_id: str) -> SourceView:
        """A cited source, linked to the page's source list."""
        source = self.model.sources[source_id]
        return SourceView(source.id, source.name, source.url, f"#{SOURCE_ANCHOR}{source.id}")

    def explainer(self, explainer: Explainer) -> ExplainerView:
        """The full explainer page's view."""
        cited = {s for event in explainer.timeline for s in event.sources}
        cited.update(s for fact in explainer.facts for s in fact.sources)
        sources = sorted((self.source(s) for s in cited), key=lambda v: (v.name.casefold(), v.id))
        urls = self.model.urls
        page: dict[str, Any] = {}  # one Markdown env per page: heading ids unique across body and timeline
        return ExplainerView(
            slug=explainer.slug,
            title=explainer.title,
            summary=explainer.summary,
            published=self.day(explainer.date),
            updated=self.day(explainer.updated) if explainer.updated and explainer.updated != explainer.date else None,
            body=Markup(self.markdown(explainer.body, page)),
            timeline=tuple(
                EventView(
                    format_span(e.date, e.until, self.locale),
                    e.title,
                    Markup(self.markdown(e.text, page)) if e.text else Markup(""),
                    tuple(self.source(s) for s in e.sources),
                )
                for e in explainer.timeline
            ),
            facts=tuple(FactView(f.label, f.value, tuple(self.source(s) for s in f.sources)) for f in explainer.facts),
            related=tuple(self.teaser(e) for e in self.model.related[explainer.slug]),
            read_also=tuple(LinkView(link.title, link.url) for link in explainer.read_also),
            sources=tuple(sources),
            tags=tuple(
                LinkView(tag, urls.path(f"{TOPICS_DIR}/{self.model.topic_slugs[tag]}/")) for tag in explainer.tags
            ),
            draft=explainer.draft,
        )

    def topic(self, topic: Topic) -> TopicView:
        """A topic page's list."""
        return TopicView(
            topic.name, self.model.urls.path(topic.target), tuple(self.teaser(e) for e in topic.explainers)
        )
