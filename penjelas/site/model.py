"""The site model: which pages exist, where they are written, topics and related explainers."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from penjelas.content.model import Author, Content, Explainer, SiteSettings, Source, Update
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t, tn
from penjelas.site.order import newest_first
from penjelas.site.related import RelatedMemo, remembered_related
from penjelas.site.topics import Topic, collect_topics
from penjelas.site.urls import (
    CORRECTIONS_DIR,
    RESERVED,
    TOPICS_DIR,
    Urls,
    author_target,
    base_url_problem,
    normalise_base,
)


@dataclass(frozen=True)
class SiteModel:
    site: SiteSettings
    sources: dict[str, Source]
    urls: Urls
    explainers: tuple[Explainer, ...]
    """Published explainers, newest first."""
    topics: tuple[Topic, ...]
    """Sorted by name."""
    topic_slugs: dict[str, str]
    """Tag as written -> its topic slug."""
    related: dict[str, tuple[Explainer, ...]]
    """Slug -> the related explainers to list, in order."""
    today: dt.date | None = None
    """The day the site is built for; explainers dated later are scheduled, not yet published."""
    authors: dict[str, Author] = field(default_factory=dict)
    """authors.yaml by id: each gets a page, with or without explainers."""
    by_author: dict[str, tuple[Explainer, ...]] = field(default_factory=dict)
    """Author id -> the published explainers naming them, newest first (every author has an entry)."""
    withdrawn: tuple[Explainer, ...] = ()
    """Withdrawn explainers: each keeps its page, saying why; no list, feed or sitemap shows them."""

    def is_scheduled(self, explainer: Explainer) -> bool:
        """True for an explainer dated after the build day (shown only with drafts, under a banner)."""
        return self.today is not None and explainer.date > self.today

    def is_unpublished(self, explainer: Explainer) -> bool:
        """True for what a normal build leaves out: drafts and scheduled explainers."""
        return explainer.draft or self.is_scheduled(explainer)

    @functools.cached_property
    def corrections(self) -> tuple[tuple[Explainer, Update], ...]:
        """Every correction, erratum and right of reply of the published explainers, newest first (the
        corrections page and its feed)."""
        found = [(e, u) for e in self.explainers if not e.draft for u in e.updates if u.kind != "pembaruan"]
        return tuple(sorted(found, key=lambda pair: (pair[1].moment, pair[0].slug), reverse=True))

    def targets(self) -> frozenset[str]:
        """The site paths of every page, as links name them ('' for home, 'slug/', 'topik/x/')."""
        pages = {"", f"{TOPICS_DIR}/", f"{CORRECTIONS_DIR}/"}
        pages.update(f"{e.slug}/" for e in (*self.explainers, *self.withdrawn))
        pages.update(t.target for t in self.topics)
        pages.update(author_target(a) for a in self.authors)
        return frozenset(pages)


def is_published(explainer: Explainer, today: dt.date | None) -> bool:
    """Whether a normal build publishes it: not a draft, and not dated after ``today`` (None: no date limit)."""
    return not explainer.draft and (today is None or explainer.date <= today)


@dataclass(frozen=True)
class LeftOut:
    """An explainer a normal build does not publish, and why: a draft, or dated after the build day."""

    slug: str
    scheduled: dt.date | None = None
    """The day it will be published, for a scheduled explainer; None for a draft."""
    warnings: int = 0
    """How many problems it has (reported as warnings), when it was held back for them."""

    def describe(self) -> str:
        why = t("scheduled for {date}", date=self.scheduled.isoformat()) if self.scheduled else t("draft")
        if self.warnings:
            why += ", " + tn("{count} warning", "{count} warnings", self.warnings)
        return f"{self.slug} ({why})"


def left_out_line(items: tuple[LeftOut, ...]) -> str:
    """'2 explainers not published: x (draft), y (scheduled for 2027-01-15).', or '' when there are none."""
    if not items:
        return ""
    described = ", ".join(item.describe() for item in items)
    return tn(
        "{count} explainer not published: {names}.",
        "{count} explainers not published: {names}.",
        len(items),
        names=described,
    )


def left_out(content: Content, today: dt.date | None) -> tuple[LeftOut, ...]:
    """The explainers a normal build leaves out, by slug: those not published, and those held back for their
    problems."""
    found = [LeftOut(e.slug, None if e.draft else e.date) for e in content.explainers if not is_published(e, today)]
    found += [LeftOut(h.slug, h.scheduled, len(h.problems)) for h in content.held_back]
    return tuple(sorted(found, key=lambda item: item.slug))


def build_site_model(
    content: Content,
    base_url: str | None = None,
    drafts: bool = False,
    today: dt.date | None = None,
    related: RelatedMemo | None = None,
) -> SiteModel:
    """Decide the pages; raise ContentError for pages that would collide.

    Drafts and explainers dated after ``today`` are left out unless ``drafts`` is set (the preview sets it).
    ``related`` is what an earlier build remembered of the related lists; it is updated to this build's.
    """
    problems: list[Problem] = []
    site = content.site
    if base_url is not None and (reason := base_url_problem(base_url)):
        raise ContentError(
            [Problem("--base-url", 0, 0, reason, t("give the full address, e.g. https://org.github.io/repo/"))]
        )
    urls = Urls(normalise_base(base_url or site.base_url))
    published = tuple(sorted((e for e in content.explainers if drafts or is_published(e, today)), key=newest_first))
    for explainer in published:
        if explainer.slug in RESERVED:
            problems.append(
                Problem(
                    explainer.path.removesuffix("/index.md"),
                    0,
                    0,
                    t("the folder name '{slug}' is reserved for the site's own pages", slug=explainer.slug),
                    t("rename the folder"),
                )
            )
    if today is not None:  # the record says what happened: nothing dated after the day the site is built
        problems.extend(_future_updates(published, today))
    # A withdrawn explainer keeps its page (with the reason), and leaves every list, feed and the sitemap.
    withdrawn = tuple(e for e in published if e.withdrawn is not None)
    published = tuple(e for e in published if e.withdrawn is None)
    topics, topic_slugs = collect_topics(published, problems)
    if problems:
        raise ContentError(problems)
    return SiteModel(
        site=site,
        sources=content.sources,
        urls=urls,
        explainers=published,
        topics=topics,
        topic_slugs=topic_slugs,
        related=remembered_related(published, related if related is not None else {}),
        today=today,
        authors=content.authors,
        by_author=_by_author(content.authors, published),
        withdrawn=withdrawn,
    )


def _future_updates(explainers: tuple[Explainer, ...], today: dt.date) -> list[Problem]:
    """A problem for each update or withdrawal of a published explainer dated after ``today``, at the line
    of its key (a draft's or a scheduled explainer's record is written ahead of time)."""
    found: list[Problem] = []
    for explainer in (e for e in explainers if not e.draft and e.date <= today):
        dated = [("updates", u.day) for u in explainer.updates]
        if explainer.withdrawn is not None:
            dated.append(("withdrawn", explainer.withdrawn.day))
        for key, day in dated:
            if day > today:
                found.append(
                    Problem(
                        explainer.path,
                        explainer.lines.get(key, 0),
                        0,
                        t(
                            "'{key}' has an entry dated {day}, after today ({today})",
                            key=key,
                            day=day.isoformat(),
                            today=today.isoformat(),
                        ),
                        t("date it when it happened; write it on that day"),
                    )
                )
    return found


def _by_author(authors: dict[str, Author], published: tuple[Explainer, ...]) -> dict[str, tuple[Explainer, ...]]:
    """Each author's explainers, in the order of ``published`` (newest first); an author with none too."""
    found: dict[str, list[Explainer]] = {a: [] for a in authors}
    for explainer in published:
        for author in explainer.authors:
            found[author].append(explainer)
    return {a: tuple(explainers) for a, explainers in found.items()}
