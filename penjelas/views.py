"""What templates see: the model prepared for display (formatted dates, resolved URLs, rendered Markdown)."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from markupsafe import Markup

from .dates import DatePart, DateSpan, format_day, format_span
from .errors import ContentError, Problem
from .markdown import MarkdownRenderer
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


def link_target(href: str) -> str:
    """The site path a root-relative link asks for: '/a/b/#x' -> 'a/b/', '/a/index.html' -> 'a/'."""
    path = href.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    last = path.rsplit("/", 1)[-1]
    if path and not path.endswith("/") and "." not in last:
        path += "/"
    return path


class ViewBuilder:
    """Builds views for one site, with one Markdown renderer and locale."""

    def __init__(self, model: SiteModel, markdown: MarkdownRenderer, stylesheet: str, assets: frozenset[str]) -> None:
        self.model = model
        self.markdown = markdown
        self.locale = Locale.parse(model.site.language.replace("-", "_"))
        self.stylesheet = stylesheet
        self.targets = model.targets() | assets
        """Every path in the built site a Markdown link may point at."""

    def _markdown(self, text: str, path: str, first_line: int, problems: list[Problem]) -> Markup:
        """Rendered Markdown; a link to a page the site does not have is a problem at its line."""
        rendered = self.markdown.render(text)
        for href, line in rendered.internal_links:
            target = link_target(href)
            if target not in self.targets:
                problems.append(
                    Problem(
                        path,
                        first_line + line - 1 if line else first_line,
                        0,
                        f"the link '{href}' points to a page this site does not have",
                        "link to an explainer as /its-folder-name/; a draft is not published",
                    )
                )
        return Markup(rendered.html)

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
        """The full explainer page's view; raises ContentError for broken internal links."""
        cited = {s for event in explainer.timeline for s in event.sources}
        cited.update(s for fact in explainer.facts for s in fact.sources)
        sources = sorted((self.source(s) for s in cited), key=lambda v: (v.name.casefold(), v.id))
        urls = self.model.urls
        problems: list[Problem] = []
        body = self._markdown(explainer.body, explainer.path, explainer.body_line, problems)
        timeline_path = explainer.path.removesuffix("index.md") + "timeline.yaml"
        timeline = tuple(
            EventView(
                format_span(e.date, e.until, self.locale),
                e.title,
                self._markdown(e.text, timeline_path, e.line, problems) if e.text else Markup(""),
                tuple(self.source(s) for s in e.sources),
            )
            for e in explainer.timeline
        )
        if problems:
            raise ContentError(problems)
        return ExplainerView(
            slug=explainer.slug,
            title=explainer.title,
            summary=explainer.summary,
            published=self.day(explainer.date),
            updated=self.day(explainer.updated) if explainer.updated and explainer.updated != explainer.date else None,
            body=body,
            timeline=timeline,
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
