"""Topics: one page per tag, listing the explainers that carry it, and its feed's address."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from penjelas.content.model import Explainer
from penjelas.content.schema import slugify
from penjelas.core.errors import Problem
from penjelas.core.messages import t
from penjelas.site.order import newest_first
from penjelas.site.urls import FEED_FILE, TOPICS_DIR


@dataclass(frozen=True)
class Topic:
    """A tag and the explainers carrying it, newest first."""

    name: str
    slug: str
    explainers: tuple[Explainer, ...]

    @property
    def target(self) -> str:
        """Its URL path relative to the site root."""
        return f"{TOPICS_DIR}/{self.slug}/"


def collect_topics(
    explainers: tuple[Explainer, ...], problems: list[Problem]
) -> tuple[tuple[Topic, ...], dict[str, str]]:
    by_slug: dict[str, list[Explainer]] = defaultdict(list)
    spelling: dict[str, tuple[str, str]] = {}
    slugs: dict[str, str] = {}
    slug_of: dict[str, str] = {}
    for explainer in sorted(explainers, key=lambda e: e.slug):
        for tag in explainer.tags:
            slug = slug_of.get(tag)
            if slug is None:
                slug = slug_of[tag] = slugify(tag)
            if not slug:
                problems.append(
                    Problem(
                        explainer.path,
                        explainer.lines.get("tags", 0),
                        1 if "tags" in explainer.lines else 0,
                        t("the tag '{tag}' has no letters or digits to make a page name from", tag=tag),
                    )
                )
                continue
            first = spelling.setdefault(slug, (tag, explainer.path))
            if first[0] != tag:
                problems.append(
                    Problem(
                        explainer.path,
                        explainer.lines.get("tags", 0),
                        1 if "tags" in explainer.lines else 0,
                        t(
                            "the tag '{tag}' and the tag '{other}' in {where} would both write {page}",
                            tag=tag,
                            other=first[0],
                            where=first[1],
                            page=f"{TOPICS_DIR}/{slug}/index.html",
                        ),
                        t("spell it '{tag}' in both", tag=first[0]),
                    )
                )
                continue
            slugs[tag] = slug
            by_slug[slug].append(explainer)
    topics = tuple(
        sorted(
            (Topic(spelling[slug][0], slug, tuple(sorted(items, key=newest_first))) for slug, items in by_slug.items()),
            key=lambda t: (t.name.casefold(), t.slug),
        )
    )
    return topics, slugs


POPULAR_TOPICS = 8
"""How many topics the front page lists."""


def popular_topics(topics: tuple[Topic, ...], limit: int = POPULAR_TOPICS) -> tuple[Topic, ...]:
    """The topics with the most explainers, at most ``limit``; ties by name, as the topics page sorts them."""
    return tuple(sorted(topics, key=lambda t: (-len(t.explainers), t.name.casefold(), t.slug))[:limit])


def topic_feed_path(topic: Topic) -> str:
    """Where a topic's feed is written: beside its page, 'topik/<slug>/feed.xml'."""
    return f"{topic.target}{FEED_FILE}"


def topic_feed_title(topic: Topic, site_title: str) -> str:
    """A topic feed's title, as feed readers list it."""
    return f"{topic.name} · {site_title}"
