"""What templates see: the model prepared for display (formatted dates, resolved URLs, rendered Markdown)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

from babel import Locale
from babel.dates import format_time
from markupsafe import Markup

from penjelas.assets.pictures import Key, Resized
from penjelas.assets.share import SITE_CARD, ShareImage
from penjelas.content.model import WITHDRAWN_ANCHOR, Author, Explainer, Picture, Update
from penjelas.core.dates import DatePart, DateSpan, PartialDate, format_day, format_span
from penjelas.core.errors import ContentError, Problem, suggest
from penjelas.core.messages import t
from penjelas.core.timezones import abbreviation, load_zone, start_of_day, timestamp
from penjelas.render import seo
from penjelas.render.markdown import FIGURE, STRAY_PICTURE, MarkdownRenderer
from penjelas.site.model import SiteModel
from penjelas.site.topics import Topic, topic_feed_path, topic_feed_title
from penjelas.site.urls import CORRECTIONS_DIR, CORRECTIONS_FEED, FEED_PATH, TOPICS_DIR, author_target

SOURCE_ANCHOR = "sumber-"
WIDTHS_FALLBACK = 800
"""The copy a browser without ``srcset`` gets: sharp enough on most screens, not the heaviest."""
ARTICLE_SIZES = "(min-width: 46rem) 42rem, calc(100vw - 2rem)"
"""How wide a picture in the article's column is shown: the column's measure, or the phone's width less its
margins. The browser picks the copy from it before the stylesheet has loaded."""
FACTS_SHOWN = 3
"""Key facts shown at once; the others wait behind a "see all" (on a phone ten facts would push the article's
first paragraph two screens down). Never just one behind it: that is no shorter than showing it."""


@dataclass(frozen=True)
class LinkView:
    title: str
    url: str


@dataclass(frozen=True)
class CreditView:
    """One name of a byline: an author linked to their page, or the site's author (no page, no role)."""

    name: str
    url: str | None
    """Their author page; None for the site's author."""
    role: str | None = None


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
class UpdateView:
    """An entry of an explainer's change history (front matter ``updates``)."""

    kind: str
    """'pembaruan', 'koreksi', 'ralat' or 'hak-jawab' (the template names it)."""
    when: DatePart
    """Its time with the zone's offset, and as readers read it: '25 November 2024, 14.30 WIB'."""
    html: Markup
    by: str | None
    anchor: str
    """Its id on the page, e.g. 'perubahan-2024-11-25-1430-koreksi', for the corrections page to link to."""

    @property
    def is_correction(self) -> bool:
        return self.kind in ("koreksi", "ralat")


@dataclass(frozen=True)
class CorrectionView:
    """An entry of the corrections page: the explainer it corrects, and the notice on it."""

    title: str
    url: str
    """The notice's address: the explainer's page and the entry's anchor."""
    update: UpdateView


@dataclass(frozen=True)
class FactView:
    label: str
    value: str
    sources: tuple[SourceView, ...]


@dataclass(frozen=True)
class PictureView:
    """A picture as a page shows it: resized copies to choose from, its size, and what to say about it."""

    src: str
    """The JPEG copy for browsers without ``srcset`` (the middle width)."""
    srcset: str
    """JPEG copies, 'url 480w, url 800w, ...'."""
    webp_srcset: str
    """The same widths as WebP, for ``<source type="image/webp">``."""
    width: int
    """The largest copy's width and height: the ratio that reserves its space before it loads."""
    height: int
    alt: str
    credit: str
    caption: Markup
    """Inline HTML from the caption's Markdown; empty when there is none."""

    def tag(self, sizes: str, eager: bool = False) -> Markup:
        """The ``<picture>`` element: WebP where the browser takes it, JPEG otherwise; ``width`` and ``height``
        reserve its space. An ``eager`` one (the first screen's) loads at once, with high priority; the others
        when the reader scrolls near them."""
        loading = ' fetchpriority="high"' if eager else ' loading="lazy" decoding="async"'
        return Markup(
            '<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}"><img src="{src}" srcset="{srcset}"'
            ' sizes="{sizes}" width="{width}" height="{height}" alt="{alt}"{loading}></picture>'
        ).format(
            webp=self.webp_srcset,
            sizes=sizes,
            src=self.src,
            srcset=self.srcset,
            width=self.width,
            height=self.height,
            alt=self.alt,
            loading=Markup(loading),
        )

    def figure(self, sizes: str, eager: bool = False, css_class: str = "figure") -> Markup:
        """The picture with its caption and credit."""
        caption = Markup("{caption} ").format(caption=self.caption) if self.caption else Markup("")
        return Markup(
            '<figure class="{css_class}">{picture}<figcaption>{caption}<span class="credit">{credit}</span>'
            "</figcaption></figure>"
        ).format(css_class=css_class, picture=self.tag(sizes, eager), caption=caption, credit=self.credit)


@dataclass(frozen=True)
class Teaser:
    """An explainer as listed on another page."""

    title: str
    url: str
    summary: str
    published: DatePart
    unpublished: bool = False
    """A draft or a scheduled explainer, listed only in the preview (marked there)."""
    picture: PictureView | None = None
    """Its lead photo, when it has one (front matter ``image`` naming a picture from media.yaml)."""
    authors: tuple[LinkView, ...] = ()
    """Its authors (name, author page), in byline order; empty when the site's author is the byline."""


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
    """The key facts shown at once (all of them when there are few)."""
    more_facts: tuple[FactView, ...]
    """The rest, folded away until the reader asks for them."""
    related: tuple[Teaser, ...]
    read_also: tuple[LinkView, ...]
    sources: tuple[SourceView, ...]
    """Every source cited on the page, by name."""
    tags: tuple[LinkView, ...]
    draft: bool
    scheduled: DatePart | None = None
    """The publication date of an explainer dated after the build day, shown in the preview's banner."""
    lead: PictureView | None = None
    """The lead photo, shown under the summary."""
    updates: tuple[UpdateView, ...] = ()
    """The change history, newest first."""
    report_url: str | None = None
    """Where to report an error in it (the site's ``contact``)."""
    withdrawn: UpdateView | None = None
    """Its withdrawal (the day, the reason), shown in place of the article."""
    policy_url: str | None = None
    """The site's corrections policy."""
    intro: Markup = field(default_factory=Markup)
    """The article's opening, before its first heading: on a phone it comes before the key facts; ``body``
    is the rest."""
    byline: tuple[CreditView, ...] = ()
    """Who it is by, in order: its authors, or the site's author alone when it names none."""


@dataclass(frozen=True)
class TopicView:
    name: str
    url: str
    explainers: tuple[Teaser, ...]


@dataclass(frozen=True)
class TopicLinkView:
    """A topic as the front page lists it: its name, page and how many explainers carry it."""

    name: str
    url: str
    count: int


@dataclass(frozen=True)
class HomeView:
    """The front page: the newest explainer as its lead, the others as teasers, the most popular topics."""

    lead: Teaser | None
    """None while nothing is published."""
    explainers: tuple[Teaser, ...]
    """The others, newest first."""
    topics: tuple[TopicLinkView, ...]


@dataclass(frozen=True)
class AuthorView:
    """An author's page: who they are, and what they wrote."""

    id: str
    name: str
    role: str | None
    bio: str | None
    url: str | None
    """Their own web page."""
    email: str | None
    explainers: tuple[Teaser, ...]
    """Their published explainers, newest first."""


@dataclass(frozen=True)
class ImageView:
    """A share image as metadata tags describe it."""

    url: str
    """Absolute."""
    alt: str
    width: int
    height: int
    type: str
    """MIME type."""


@dataclass(frozen=True)
class MetaView:
    """Search-engine and social metadata for a page's ``<head>``."""

    canonical: str | None
    """Absolute URL of the page; None for a page without an address of its own (404)."""
    robots: str | None
    """A robots directive such as 'noindex', or None."""
    og_type: str
    """'article' or 'website'."""
    locale: str
    """Open Graph locale, e.g. 'id_ID'."""
    site_name: str
    title: str
    """The page's own title, without the site's name."""
    description: str
    image: ImageView | None
    published: str | None
    """Publication time with offset (articles)."""
    modified: str | None
    tags: tuple[str, ...]
    feeds: tuple[LinkView, ...]
    """Atom feeds to announce, most specific first."""
    json_ld: tuple[Markup, ...]
    """Serialised JSON-LD objects, safe inside ``<script type="application/ld+json">``."""


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
    corrections_url: str
    stylesheet_url: str
    favicon_url: str
    meta: MetaView | None = None
    """Metadata for ``<head>``; ViewBuilder.page always fills it."""


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

    def __init__(
        self,
        model: SiteModel,
        markdown: MarkdownRenderer,
        stylesheet: str,
        assets: frozenset[str],
        *,
        favicon: str,
        images: Mapping[str, ShareImage] | None = None,
        gettext: Callable[[str], str] | None = None,
        pictures: Mapping[Key, Resized] | None = None,
    ) -> None:
        self.model = model
        self.markdown = markdown
        self.locale = Locale.parse(model.site.language.replace("-", "_"))
        self.stylesheet = stylesheet
        self.images = images or {}
        self.pictures = pictures or {}
        self._pictures: dict[Key, PictureView] = {}
        self.gettext = gettext or (lambda message: message)
        self.zone = load_zone(model.site.timezone)
        self.targets = model.targets() | assets  # every path in the built site a Markdown link may point at
        self.favicon = favicon
        self._days: dict[dt.date, DatePart] = {}
        self._spans: dict[tuple[PartialDate, PartialDate | None], DateSpan] = {}
        self._teasers: dict[str, Teaser] = {}
        self._sources: dict[str, SourceView] = {}

    def _markdown(
        self,
        text: str,
        path: str,
        first_line: int,
        problems: list[Problem],
        env: dict[str, Any] | None = None,
        intro: list[Markup] | None = None,
    ) -> Markup:
        """Rendered Markdown; a link to a page the site does not have is a problem at its line. With
        ``intro``, what comes before the first heading is put there, and the rest returned."""
        rendered = self.markdown.render(text, env, split=intro is not None)
        if intro is not None:
            intro.append(Markup(rendered.intro))
        for href, line in rendered.internal_links:
            self._check_link(href, path, first_line + line - 1 if line else first_line, problems)
        return Markup(rendered.html)

    def _check_link(self, href: str, path: str, line: int, problems: list[Problem]) -> None:
        """A problem at ``path``:``line`` if the root-relative link ``href`` names a page the site lacks."""
        if link_target(href) not in self.targets:
            problems.append(
                Problem(
                    path,
                    line,
                    0,
                    t("the link '{href}' points to a page this site does not have", href=href),
                    t("link to an explainer as /its-folder-name/; a draft is not published"),
                )
            )

    def page(self, kind: str, title: str, description: str, path: str, meta: MetaView | None = None) -> PageView:
        """The frame of a page at output path ``path``; site-wide metadata unless ``meta`` is given."""
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
            corrections_url=urls.path(f"{CORRECTIONS_DIR}/"),
            stylesheet_url=urls.path(self.stylesheet),
            favicon_url=urls.path(self.favicon),
            meta=meta or self.site_meta(kind, title, description, path),
        )

    def day(self, value: dt.date) -> DatePart:
        """A publication date as a ``<time>`` part (formatted once per date: thousands of teasers share few)."""
        part = self._days.get(value)
        if part is None:
            part = self._days[value] = DatePart(value.isoformat(), format_day(value, self.locale))
        return part

    def span(self, start: PartialDate, end: PartialDate | None) -> DateSpan:
        """A timeline event's date or span (formatted once per build: events across the archive share days)."""
        span = self._spans.get((start, end))
        if span is None:
            span = self._spans[start, end] = format_span(start, end, self.locale)
        return span

    def teaser(self, explainer: Explainer) -> Teaser:
        """How an explainer appears in lists (made once per build: it is listed on many pages)."""
        teaser = self._teasers.get(explainer.slug)
        if teaser is None:
            teaser = Teaser(
                explainer.title,
                self.model.urls.path(f"{explainer.slug}/"),
                explainer.summary,
                self.day(explainer.date),
                self.model.is_unpublished(explainer),
                self.lead(explainer),
                authors=tuple(
                    LinkView(self.model.authors[a].name, self.model.urls.path(author_target(a)))
                    for a in explainer.authors
                ),
            )
            self._teasers[explainer.slug] = teaser
        return teaser

    def lead(self, explainer: Explainer) -> PictureView | None:
        """The explainer's lead photo, if it has one."""
        lead = explainer.lead
        return self.picture(explainer.slug, lead) if lead is not None else None

    def picture(self, slug: str, picture: Picture, alt: str = "") -> PictureView:
        """How a page shows one of an explainer's pictures (``alt`` in place of media.yaml's, if given)."""
        view = self._pictures.get((slug, picture.file))
        if view is None:
            resized = self.pictures[slug, picture.file]
            urls = self.model.urls

            def srcset(mime: str) -> str:
                return ", ".join(f"{urls.path(c.target)} {c.width}w" for c in resized.of(mime))

            jpegs = resized.of("image/jpeg")
            fallback = next((c for c in jpegs if c.width >= WIDTHS_FALLBACK), jpegs[-1])
            largest = jpegs[-1]
            view = PictureView(
                urls.path(fallback.target),
                srcset("image/jpeg"),
                srcset("image/webp"),
                largest.width,
                largest.height,
                picture.alt,
                picture.credit,
                Markup(self.markdown.inline(picture.caption)) if picture.caption else Markup(""),
            )
            self._pictures[slug, picture.file] = view
        return dataclasses.replace(view, alt=alt) if alt and alt != view.alt else view

    def _figures(self, explainer: Explainer, problems: list[Problem], path: str, first_line: int) -> dict[str, Any]:
        """What the Markdown renderer needs to turn a lone picture into its figure, and to report the
        pictures it cannot show (not in media.yaml, or not alone in their paragraph) in the text of ``path``
        that starts at ``first_line``."""
        described = {p.file: p for p in explainer.media}
        media = explainer.path.removesuffix("index.md") + "media.yaml"

        def figure(file: str, alt: str, line: int) -> str:
            picture = described.get(file)
            if picture is None or (explainer.slug, file) not in self.pictures:
                same = next((f for f in described if f.casefold() == file.casefold()), None)
                hint = (
                    t("did you mean '{name}'?", name=same)
                    if same
                    else suggest(file, described) or t("describe it in {path} with file:, alt: and credit:", path=media)
                )
                where = first_line + line - 1 if line else first_line
                message = t("the picture '{name}' is not described in {path}", name=file, path=media)
                problems.append(Problem(path, where, 0, message, hint))
                return ""
            return str(self.picture(explainer.slug, picture, alt).figure(ARTICLE_SIZES)) + "\n"

        def stray(file: str, line: int) -> None:
            where = first_line + line - 1 if line else first_line
            problems.append(
                Problem(
                    path,
                    where,
                    0,
                    t("the picture '{name}' must stand alone in its paragraph", name=file),
                    t("put ![](file) on a line of its own, with an empty line above and below"),
                )
            )

        return {FIGURE: figure, STRAY_PICTURE: stray}

    def byline(self, explainer: Explainer) -> tuple[CreditView, ...]:
        """Who an explainer is by: its authors linked to their pages, or else the site's author."""
        if not explainer.authors:
            return (CreditView(self.model.site.author, None),)
        authors, urls = self.model.authors, self.model.urls
        return tuple(
            CreditView(authors[a].name, urls.path(author_target(a)), authors[a].role) for a in explainer.authors
        )

    def author(self, author: Author) -> AuthorView:
        """An author's page."""
        explainers = tuple(self.teaser(e) for e in self.model.by_author[author.id])
        return AuthorView(author.id, author.name, author.role, author.bio, author.url, author.email, explainers)

    def _moment(self, update: Update) -> DatePart:
        """An update's time as ``<time>`` shows it: with its offset, and '25 November 2024, 14.30 WIB'."""
        moment = update.moment.replace(tzinfo=self.zone)
        text = format_day(update.day, self.locale)
        if update.time is not None:
            clock = format_time(update.time, "short", locale=self.locale)
            text = f"{text}, {clock} {abbreviation(self.zone, moment)}"
        return DatePart(timestamp(moment) if update.time is not None else update.day.isoformat(), text)

    def _update(
        self, update: Update, explainer: Explainer | None = None, problems: list[Problem] | None = None
    ) -> UpdateView:
        """An update as pages show it; a link in its text to a page the site lacks is a problem at the line of
        ``updates`` in ``explainer``'s front matter (when ``problems`` collects them)."""
        links: list[str] = []
        html = Markup(self.markdown.inline(update.text, links))
        if problems is not None and explainer is not None:
            for href in links:
                self._check_link(href, explainer.path, explainer.lines.get("updates", 0), problems)
        return UpdateView(update.kind, self._moment(update), html, update.by, update.anchor)

    def _withdrawal(self, explainer: Explainer) -> UpdateView | None:
        """An explainer's withdrawal as the notice its page shows in place of the article."""
        withdrawal = explainer.withdrawn
        if withdrawal is None:
            return None
        when = self.day(withdrawal.day)
        return UpdateView("ditarik", when, Markup.escape(withdrawal.reason), None, WITHDRAWN_ANCHOR)

    def corrections(self) -> tuple[CorrectionView, ...]:
        """The corrections page's list: every correction, erratum, reply and withdrawal, newest first, each
        linked to its notice on its explainer's page."""
        urls = self.model.urls
        found = [
            (u.moment, CorrectionView(e.title, f"{urls.path(f'{e.slug}/')}#{u.anchor}", self._update(u)))
            for e, u in self.model.corrections
        ]
        for e in self.model.withdrawn:
            notice = self._withdrawal(e)
            assert notice is not None and e.withdrawn is not None
            moment = dt.datetime.combine(e.withdrawn.day, dt.time())
            found.append((moment, CorrectionView(e.title, f"{urls.path(f'{e.slug}/')}#{WITHDRAWN_ANCHOR}", notice)))
        return tuple(view for _moment, view in sorted(found, key=lambda pair: pair[0], reverse=True))

    def _updated(self, explainer: Explainer) -> DatePart | None:
        """The 'Updated' date under the headline: the latest update's time, else ``updated`` if it is later
        than the publication date."""
        if explainer.updates:
            return self._moment(explainer.updates[-1])
        return self.day(explainer.updated) if explainer.updated and explainer.updated != explainer.date else None

    def source(self, source_id: str) -> SourceView:
        """A cited source, linked to the page's source list."""
        view = self._sources.get(source_id)
        if view is None:
            source = self.model.sources[source_id]
            view = SourceView(source.id, source.name, source.url, f"#{SOURCE_ANCHOR}{source.id}")
            self._sources[source_id] = view
        return view

    def explainer(self, explainer: Explainer) -> ExplainerView:
        """The full explainer page's view; raises ContentError for broken internal links."""
        sources = sorted((self.source(s) for s in explainer.cited), key=lambda v: (v.name.casefold(), v.id))
        urls = self.model.urls
        problems: list[Problem] = []
        # One Markdown env per page: heading ids unique across body and timeline.
        page: dict[str, Any] = self._figures(explainer, problems, explainer.path, explainer.body_line)
        opening: list[Markup] = []
        visible = explainer.withdrawn is None  # a withdrawn explainer's article is not shown, nor made
        text = explainer.body if visible else ""
        body = self._markdown(text, explainer.path, explainer.body_line, problems, page, opening)
        timeline_path = explainer.path.removesuffix("index.md") + "timeline.yaml"
        events: list[EventView] = []
        for e in explainer.timeline if visible else ():
            if "![" in e.text:  # a picture in an event's text: its problems at the event's lines
                page.update(self._figures(explainer, problems, timeline_path, e.line))
            html = self._markdown(e.text, timeline_path, e.line, problems, page) if e.text else Markup("")
            events.append(
                EventView(self.span(e.date, e.until), e.title, html, tuple(self.source(s) for s in e.sources))
            )
        timeline = tuple(events)
        history = tuple(reversed([self._update(u, explainer, problems) for u in explainer.updates]))
        if problems:
            raise ContentError(problems)
        facts = tuple(FactView(f.label, f.value, tuple(self.source(s) for s in f.sources)) for f in explainer.facts)
        shown = len(facts) if len(facts) <= FACTS_SHOWN + 1 else FACTS_SHOWN
        view = ExplainerView(
            slug=explainer.slug,
            title=explainer.title,
            summary=explainer.summary,
            published=self.day(explainer.date),
            updated=self._updated(explainer),
            body=body,
            timeline=timeline,
            facts=facts[:shown],
            more_facts=facts[shown:],
            related=tuple(self.teaser(e) for e in self.model.related.get(explainer.slug, ())),
            read_also=tuple(LinkView(link.title, link.url) for link in explainer.read_also),
            sources=tuple(sources),
            tags=tuple(
                LinkView(tag, urls.path(f"{TOPICS_DIR}/{self.model.topic_slugs[tag]}/"))
                for tag in explainer.tags
                if tag in self.model.topic_slugs  # a withdrawn explainer is in no topic
            ),
            draft=explainer.draft,
            scheduled=self.day(explainer.date) if self.model.is_scheduled(explainer) else None,
            lead=self.lead(explainer) if visible else None,
            updates=history,
            report_url=self.report_url(explainer.title),
            withdrawn=self._withdrawal(explainer),
            policy_url=self._policy(),
            intro=opening[0],
            byline=self.byline(explainer),
        )
        if explainer.withdrawn is not None:  # the notice takes the article's place; the record stays
            empty = Markup("")
            view = dataclasses.replace(
                view,
                intro=empty,
                body=empty,
                timeline=(),
                facts=(),
                more_facts=(),
                related=(),
                read_also=(),
                sources=(),
                tags=(),
                lead=None,
            )
        return view

    def topic(self, topic: Topic) -> TopicView:
        """A topic page's list."""
        return TopicView(
            topic.name, self.model.urls.path(topic.target), tuple(self.teaser(e) for e in topic.explainers)
        )

    def home(self, explainers: tuple[Explainer, ...], topics: tuple[Topic, ...]) -> HomeView:
        """The front page of ``explainers`` (newest first) with ``topics`` (the most popular)."""
        teasers = tuple(self.teaser(e) for e in explainers)
        urls = self.model.urls
        return HomeView(
            lead=teasers[0] if teasers else None,
            explainers=teasers[1:],
            topics=tuple(TopicLinkView(t.name, urls.path(t.target), len(t.explainers)) for t in topics),
        )

    # Metadata: canonical addresses, Open Graph, Twitter cards, feeds and JSON-LD.

    def _image(self, key: str) -> ImageView | None:
        image = self.images.get(key)
        if image is None:
            return None
        return ImageView(self.model.urls.absolute(image.target), image.alt, image.width, image.height, image.mime)

    def _time(self, day: dt.date) -> str:
        return timestamp(start_of_day(day, self.zone))

    def _publisher(self) -> dict[str, Any]:
        return seo.organization(self.model.site.title, self.model.urls.absolute(""), self._policy(absolute=True))

    def _policy(self, absolute: bool = False) -> str | None:
        """The address of the site's corrections policy: an explainer's page, or a web address."""
        policy = self.model.site.corrections_policy
        if policy is None or "://" in policy:
            return policy
        return self.model.urls.absolute(f"{policy}/") if absolute else self.model.urls.path(f"{policy}/")

    def report_url(self, title: str) -> str | None:
        """Where a reader reports an error in the page ``title``: a mail with the title as its subject, or
        the contact page; None when the site gives no contact."""
        contact = self.model.site.contact
        if contact is None or "://" in contact:
            return contact
        subject = self.gettext("Error in: %(title)s") % {"title": title}
        return f"mailto:{contact}?subject={quote(subject)}"

    def _feeds(self, *topics: Topic) -> tuple[LinkView, ...]:
        urls, site = self.model.urls, self.model.site
        own = tuple(
            LinkView(topic_feed_title(topic, site.title), urls.path(topic_feed_path(topic))) for topic in topics
        )
        return (*own, LinkView(site.title, urls.path(FEED_PATH)))

    def _meta(
        self,
        title: str,
        description: str,
        path: str | None,
        *,
        robots: str | None = None,
        og_type: str = "website",
        image: ImageView | Literal["site"] | None = "site",
        published: str | None = None,
        modified: str | None = None,
        tags: tuple[str, ...] = (),
        feeds: tuple[LinkView, ...] | None = None,
        json_ld: tuple[Markup, ...] = (),
    ) -> MetaView:
        """Metadata of the page at output path ``path``; by default a website page with the site's card."""
        site = self.model.site
        return MetaView(
            canonical=self.model.urls.absolute(path) if path is not None else None,
            robots=robots,
            og_type=og_type,
            locale=seo.og_locale(site.language),
            site_name=site.title,
            title=title,
            description=description,
            image=self._image(SITE_CARD) if image == "site" else image,
            published=published,
            modified=modified,
            tags=tags,
            feeds=feeds if feeds is not None else self._feeds(),
            json_ld=json_ld,
        )

    def _trail(self, *steps: tuple[str, str]) -> Markup:
        urls = self.model.urls
        home = (self.gettext("Home"), urls.absolute(""))
        return seo.json_ld(seo.breadcrumb_list([home, *((name, urls.absolute(path)) for name, path in steps)]))

    def site_meta(self, kind: str, title: str, description: str, path: str) -> MetaView:
        """Metadata of the home page, the topics page and other site pages."""
        site, urls = self.model.site, self.model.urls
        scripts: tuple[Markup, ...] = ()
        if kind == "home":
            data = seo.website(site.title, urls.absolute(""), site.description, site.language, self._publisher())
            scripts = (seo.json_ld(data),)
        elif path:
            scripts = (self._trail((title, path)),)
        return self._meta(title, description, path, json_ld=scripts)

    def corrections_meta(self, title: str) -> MetaView:
        """Metadata of the corrections page: its own feed first."""
        urls, site = self.model.urls, self.model.site
        feeds = (LinkView(f"{title} · {site.title}", urls.path(CORRECTIONS_FEED)), *self._feeds())
        path = f"{CORRECTIONS_DIR}/"
        return self._meta(title, site.description, path, feeds=feeds, json_ld=(self._trail((title, path)),))

    def topic_meta(self, topic: Topic, description: str) -> MetaView:
        """Metadata of a topic page: its own feed first, a breadcrumb trail through the topics page."""
        trail = self._trail((self.gettext("Topics"), f"{TOPICS_DIR}/"), (topic.name, topic.target))
        return self._meta(topic.name, description, topic.target, feeds=self._feeds(topic), json_ld=(trail,))

    def explainer_meta(self, explainer: Explainer) -> MetaView:
        """Metadata of an explainer: an article with times, tags, its share image and NewsArticle JSON-LD
        (a BackgroundNewsArticle too: an explainer), by its authors as Persons or else the site's author."""
        site, urls = self.model.site, self.model.urls
        path = f"{explainer.slug}/"
        image = self._image(explainer.slug)
        lead = explainer.lead
        published = self._time(explainer.date)
        latest = explainer.updates[-1] if explainer.updates else None
        modified = (
            timestamp(latest.moment.replace(tzinfo=self.zone))
            if latest is not None
            else self._time(explainer.updated or explainer.date)
        )
        corrections = [
            (self.markdown.plain(u.text), timestamp(u.moment.replace(tzinfo=self.zone)))
            for u in reversed(explainer.updates)
            if u.is_correction
        ]
        article = seo.news_article(
            url=urls.absolute(path),
            headline=explainer.title,
            description=explainer.summary,
            published=published,
            modified=modified,
            language=site.language,
            authors=[self._person(self.model.authors[a]) for a in explainer.authors]
            or [seo.organization(site.author, urls.absolute(""))],
            publisher=self._publisher(),
            keywords=explainer.tags,
            image=seo.image_object(image.url, image.width, image.height, lead.credit if lead else None)
            if image
            else None,
            corrections=corrections,
        )
        steps = [(explainer.title, path)]
        topics: tuple[Topic, ...] = ()
        if explainer.tags and explainer.tags[0] in self.model.topic_slugs:  # its main topic: trail and feed
            main = self.model.topic_slugs[explainer.tags[0]]
            steps.insert(0, (explainer.tags[0], f"{TOPICS_DIR}/{main}/"))
            topics = tuple(t for t in self.model.topics if t.slug == main)
        return self._meta(
            explainer.title,
            explainer.summary,
            path,
            robots="noindex" if explainer.draft or explainer.withdrawn else None,
            og_type="article",
            image=image,
            published=published,
            modified=modified,
            tags=explainer.tags,
            feeds=self._feeds(*topics),
            json_ld=(seo.json_ld(article), self._trail(*steps)),
        )

    def _person(self, author: Author, *, full: bool = False) -> dict[str, Any]:
        """An author as a schema.org Person; ``full`` adds what their own page says (bio, own web page)."""
        return seo.person(
            author.name,
            self.model.urls.absolute(author_target(author.id)),
            job_title=author.role,
            description=author.bio if full else None,
            same_as=author.url if full else None,
        )

    def author_meta(self, author: Author, description: str) -> MetaView:
        """Metadata of an author's page: ProfilePage JSON-LD about them, and a breadcrumb trail."""
        path = author_target(author.id)
        profile = seo.profile_page(self.model.urls.absolute(path), self._person(author, full=True))
        return self._meta(
            author.name, description, path, json_ld=(seo.json_ld(profile), self._trail((author.name, path)))
        )

    def not_found_meta(self, title: str, description: str) -> MetaView:
        """Metadata of the 404 page: served at any missing address, so no canonical URL, and not indexed."""
        return self._meta(title, description, None, robots="noindex", image=None)
