"""Atom feeds: one of every explainer, one per topic, written by xmlwriter, which escapes all text.

Nothing in a feed depends on when it was built: ``updated`` is the newest explainer date it covers, so the
same content always gives the same bytes. A rebuild makes only the feeds whose values changed, often none.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from penjelas.content.model import WITHDRAWN_ANCHOR, Explainer
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t
from penjelas.core.timezones import load_zone, start_of_day, timestamp
from penjelas.feeds.xmlwriter import XmlWriter
from penjelas.site.model import SiteModel
from penjelas.site.topics import topic_feed_path, topic_feed_title
from penjelas.site.urls import CORRECTIONS_DIR, CORRECTIONS_FEED, FEED_PATH

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
GENERATOR = "Penjelas"

CORRECTIONS_TITLE = "Koreksi dan hak jawab"
"""The corrections feed's title (feeds are written without the page catalogue; the site is Indonesian)."""

FEED_ENTRIES = 50
"""The newest this many explainers (by last update) are in a feed: readers poll feeds often, and an archive of
thousands would make every poll download all of it."""


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    """Absolute address of the explainer; also its permanent id."""
    published: dt.datetime
    updated: dt.datetime
    summary: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    title: str
    subtitle: str
    language: str
    url: str
    """Absolute address of the feed itself."""
    page_url: str
    """Absolute address of the page it follows."""
    author: str
    author_url: str
    updated: dt.datetime
    entries: tuple[Entry, ...]


def atom_xml(feed: Feed, written: dict[Entry, str] | None = None) -> bytes:
    """The feed as an Atom 1.0 document (RFC 4287), UTF-8, indented, with every text escaped.

    ``written`` keeps each entry's XML for the next feed: an explainer is in the site's feed and its topics'."""
    written = {} if written is None else written
    xml = XmlWriter()
    with xml.parent("feed", **{"xmlns": ATOM_NS, "xml:lang": feed.language}):
        xml.leaf("id", feed.url)
        xml.leaf("title", feed.title)
        xml.leaf("subtitle", feed.subtitle)
        xml.leaf("link", rel="self", type=ATOM_TYPE, href=feed.url)
        xml.leaf("link", rel="alternate", type="text/html", href=feed.page_url)
        xml.leaf("updated", timestamp(feed.updated))
        with xml.parent("author"):
            xml.leaf("name", feed.author)
            xml.leaf("uri", feed.author_url)
        xml.leaf("generator", GENERATOR)
        for entry in feed.entries:
            part = written.get(entry)
            if part is None:
                part = written[entry] = _entry_xml(entry)
            xml.insert(part)
    return xml.data()


def _entry_xml(entry: Entry) -> str:
    xml = XmlWriter(depth=1)
    with xml.parent("entry"):
        xml.leaf("id", entry.url)
        xml.leaf("title", entry.title)
        xml.leaf("link", rel="alternate", type="text/html", href=entry.url)
        xml.leaf("published", timestamp(entry.published))
        xml.leaf("updated", timestamp(entry.updated))
        xml.leaf("summary", entry.summary, type="text")
        for category in entry.categories:
            xml.leaf("category", term=category)
    return xml.text()


def entry_for(explainer: Explainer, url: str, zone: ZoneInfo) -> Entry:
    """An explainer as a feed entry; dates are midnight in the site's time zone."""
    return Entry(
        title=explainer.title,
        url=url,
        published=start_of_day(explainer.date, zone),
        # The latest update's own time, when it has one: a feed reader shows the entry again, under its id.
        updated=explainer.updates[-1].moment.replace(tzinfo=zone)
        if explainer.updates
        else start_of_day(explainer.updated or explainer.date, zone),
        summary=explainer.summary,
        categories=explainer.tags,
    )


def source_date_epoch() -> dt.datetime | None:
    """The reproducible-builds time, from SOURCE_DATE_EPOCH, if set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or not value.strip():
        return None
    if not value.strip().isdigit():
        raise ContentError(
            [
                Problem(
                    "SOURCE_DATE_EPOCH",
                    0,
                    0,
                    t("'{value}' is not a number of seconds", value=value),
                    t("unset it or fix it"),
                )
            ]
        )
    return dt.datetime.fromtimestamp(int(value), dt.UTC)


def newest(moments: Sequence[dt.datetime], fallback: Sequence[dt.datetime]) -> dt.datetime:
    """The latest of ``moments``; of ``fallback`` when there are none; only then SOURCE_DATE_EPOCH or now.

    A feed needs an ``updated`` time even with no entries (a new site whose explainers are all drafts).
    """
    if moments:
        return max(moments)
    if fallback:
        return max(fallback)
    return source_date_epoch() or dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class FeedSource:
    """A feed not made yet: what it is made from, cheap to compare with a build's before, and how to make it."""

    path: str
    inputs: tuple[object, ...]
    """Everything its bytes depend on (but the generator)."""
    make: Callable[[], Feed] = field(compare=False)


def site_feed_sources(model: SiteModel) -> list[FeedSource]:
    """The feed of the whole site and each topic's, not made yet. Drafts are never in a feed.

    A feed's inputs are the site's settings and what each of its entries shows, so a build can tell whether
    a feed changed without making forty of them with thousands of entries.
    """
    site, urls = model.site, model.urls
    zone = load_zone(site.timezone)
    fallback: list[dt.datetime] = []
    shown: dict[str, tuple[object, ...]] = {}

    def updated_by_anything() -> list[dt.datetime]:
        if not fallback:
            fallback.extend(start_of_day(e.updated or e.date, zone) for e in model.explainers)
        return fallback

    def entry_inputs(explainer: Explainer) -> tuple[object, ...]:
        """What ``entry_for`` makes an entry from, worked out once per explainer (it is in several feeds)."""
        found = shown.get(explainer.slug)
        if found is None:
            e = explainer
            latest = e.updates[-1].moment if e.updates else None
            found = shown[e.slug] = (e.slug, e.title, e.summary, e.date, e.updated, latest, e.tags)
        return found

    def feed(title: str, page: str, path: str, recent: Sequence[Explainer]) -> Feed:
        entries = tuple(entry_for(e, urls.absolute(f"{e.slug}/"), zone) for e in recent)
        return Feed(
            title=title,
            subtitle=site.description,
            language=site.language,
            url=urls.absolute(path),
            page_url=urls.absolute(page),
            author=site.author,
            author_url=urls.absolute(""),
            updated=newest([e.updated for e in entries], updated_by_anything() if not entries else []),
            entries=entries,
        )

    def source(title: str, page: str, path: str, explainers: Sequence[Explainer]) -> FeedSource:
        recent = sorted(
            (e for e in explainers if not e.draft), key=lambda e: (e.updated or e.date, e.date), reverse=True
        )[:FEED_ENTRIES]
        make = functools.partial(feed, title, page, path, recent)
        settings = (title, page, path, site.description, site.language, site.author, site.timezone, urls.base_url)
        # With no entries, its time comes from elsewhere (other explainers, the clock): the feed is the input.
        entries = tuple(entry_inputs(e) for e in recent) if recent else (make(),)
        return FeedSource(path, (settings, entries), make)

    sources = [source(site.title, "", FEED_PATH, model.explainers)]
    for topic in model.topics:
        path = topic_feed_path(topic)
        sources.append(source(topic_feed_title(topic, site.title), topic.target, path, topic.explainers))
    sources.append(corrections_feed_source(model, updated_by_anything))
    return sources


_MARKS = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`]")


def plain_text(markdown: str) -> str:
    """One line of inline Markdown as text for a feed's summary: links' words kept, their addresses and the
    emphasis marks dropped."""
    return " ".join(_MARKS.sub(lambda m: m.group(1) or "", markdown).split())


def corrections_feed_source(model: SiteModel, fallback: Callable[[], list[dt.datetime]]) -> FeedSource:
    """The feed of the corrections page: an entry for each correction, erratum and right of reply, whose id
    is the notice's address on its explainer (so a reader's feed shows each once, however often it polls)."""
    site, urls = model.site, model.urls
    zone = load_zone(site.timezone)
    path = CORRECTIONS_FEED
    recent = model.corrections[:FEED_ENTRIES]

    withdrawn = [e for e in model.withdrawn if e.withdrawn is not None]

    def make() -> Feed:
        found = [
            Entry(
                title=f"{update.kind}: {explainer.title}",
                url=urls.absolute(f"{explainer.slug}/") + "#" + update.anchor,
                published=update.moment.replace(tzinfo=zone),
                updated=update.moment.replace(tzinfo=zone),
                summary=plain_text(update.text) + (f" ({update.by})" if update.by else ""),
                categories=(update.kind,),
            )
            for explainer, update in recent
        ]
        for explainer in withdrawn:
            assert explainer.withdrawn is not None
            moment = start_of_day(explainer.withdrawn.day, zone)
            url = urls.absolute(f"{explainer.slug}/") + "#" + WITHDRAWN_ANCHOR
            found.append(
                Entry(f"ditarik: {explainer.title}", url, moment, moment, explainer.withdrawn.reason, ("ditarik",))
            )
        entries = tuple(sorted(found, key=lambda e: (e.updated, e.url), reverse=True)[:FEED_ENTRIES])
        return Feed(
            title=f"{CORRECTIONS_TITLE} · {site.title}",
            subtitle=site.description,
            language=site.language,
            url=urls.absolute(path),
            page_url=urls.absolute(f"{CORRECTIONS_DIR}/"),
            author=site.author,
            author_url=urls.absolute(""),
            updated=newest([e.updated for e in entries], fallback() if not entries else []),
            entries=entries,
        )

    settings = (path, site.title, site.description, site.language, site.author, site.timezone, urls.base_url)
    shown = (
        (tuple((e.slug, e.title, u) for e, u in recent), tuple((e.slug, e.title, e.withdrawn) for e in withdrawn))
        if recent or withdrawn
        else (make(),)
    )
    return FeedSource(path, (settings, shown), make)


def site_feed_values(model: SiteModel) -> list[tuple[str, Feed]]:
    """(output path, feed) for the whole site and each topic."""
    return [(source.path, source.make()) for source in site_feed_sources(model)]


def site_feeds(model: SiteModel) -> list[tuple[str, bytes]]:
    """(output path, Atom bytes) for the whole site and each topic."""
    return [(path, atom_xml(feed)) for path, feed in site_feed_values(model)]
