"""The site model: which pages exist, where they are written, topics and related explainers."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import ContentError, Problem
from .fingerprint import digest
from .model import Content, Explainer, Site, Source
from .schema import slugify

TOPICS_DIR = "topik"
STATIC_DIR = "static"
RESERVED = frozenset({TOPICS_DIR, STATIC_DIR})
"""First path segments the generator writes itself; no explainer may take them."""
MAX_RELATED = 5


@dataclass(frozen=True)
class Urls:
    """Every internal URL comes from here, so the site works under a sub-path as at a domain root."""

    base_url: str
    """Absolute, ending with '/', e.g. 'https://org.github.io/repo/'."""

    @property
    def base_path(self) -> str:
        """The path part of base_url: '/' or '/repo/'."""
        return urlsplit(self.base_url).path or "/"

    def path(self, target: str) -> str:
        """Root-relative URL of an output path like 'slug/' or 'static/style.css'."""
        return self.base_path + target.lstrip("/")

    def absolute(self, target: str) -> str:
        """Absolute URL (canonical links, feeds)."""
        return self.base_url + target.lstrip("/")


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


@dataclass(frozen=True)
class SiteModel:
    site: Site
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

    def is_scheduled(self, explainer: Explainer) -> bool:
        """True for an explainer dated after the build day (shown only with drafts, under a banner)."""
        return self.today is not None and explainer.date > self.today

    def is_unpublished(self, explainer: Explainer) -> bool:
        """True for what a normal build leaves out: drafts and scheduled explainers."""
        return explainer.draft or self.is_scheduled(explainer)

    def targets(self) -> frozenset[str]:
        """The site paths of every page, as links name them ('' for home, 'slug/', 'topik/x/')."""
        pages = {"", f"{TOPICS_DIR}/"}
        pages.update(f"{e.slug}/" for e in self.explainers)
        pages.update(t.target for t in self.topics)
        return frozenset(pages)


def newest_first(explainer: Explainer) -> tuple[int, int, str]:
    """Sort key: newest publication date first, then by slug for a stable order."""
    return (-explainer.date.toordinal(), -(explainer.updated or explainer.date).toordinal(), explainer.slug)


def is_published(explainer: Explainer, today: dt.date | None) -> bool:
    """Whether a normal build publishes it: not a draft, and not dated after ``today`` (None: no date limit)."""
    return not explainer.draft and (today is None or explainer.date <= today)


RelatedMemo = dict[str, dict[str, tuple[str, ...]]]
"""Related lists a build worked out, by slug, under the digest of what they depend on (see remembered_related)."""


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
            [Problem("--base-url", 0, 0, reason, "give the full address, e.g. https://org.github.io/repo/")]
        )
    urls = Urls(_normalise_base(base_url or site.base_url))
    published = tuple(sorted((e for e in content.explainers if drafts or is_published(e, today)), key=newest_first))
    for explainer in published:
        if explainer.slug in RESERVED:
            problems.append(
                Problem(
                    explainer.path.removesuffix("/index.md"),
                    0,
                    0,
                    f"the folder name '{explainer.slug}' is reserved for the site's own pages",
                    "rename the folder",
                )
            )
    topics, topic_slugs = _topics(published, problems)
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
    )


def remembered_related(explainers: tuple[Explainer, ...], memo: RelatedMemo) -> dict[str, tuple[Explainer, ...]]:
    """``related_explainers(explainers)``, taken from ``memo`` when nothing it depends on changed.

    The lists depend only on each explainer's slug, tags and explicit related slugs, in the newest-first
    order: an edit to a body or a timeline leaves them as they were. ``memo`` is left holding this answer.
    """
    key = digest(tuple((e.slug, e.tags, e.related) for e in sorted(explainers, key=newest_first)))
    known = memo.get(key)
    if known is not None and known.keys() == {e.slug for e in explainers}:
        by_slug = {e.slug: e for e in explainers}
        return {slug: tuple(by_slug[s] for s in slugs) for slug, slugs in known.items()}
    found = related_explainers(explainers)
    memo.clear()
    memo[key] = {slug: tuple(e.slug for e in chosen) for slug, chosen in found.items()}
    return found


def base_url_problem(base_url: str) -> str:
    """Why ``base_url`` cannot be a site's address (canonical links and feeds need it absolute), or ''."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"the base URL '{base_url}' is not an absolute http:// or https:// address"
    if parts.query or parts.fragment or any(c.isspace() for c in base_url):
        return f"the base URL '{base_url}' has a query, a fragment or spaces; it must be a plain address"
    return ""


def _normalise_base(base_url: str) -> str:
    return base_url if base_url.endswith("/") else base_url + "/"


def _topics(explainers: tuple[Explainer, ...], problems: list[Problem]) -> tuple[tuple[Topic, ...], dict[str, str]]:
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
                        f"the tag '{tag}' has no letters or digits to make a page name from",
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
                        f"the tag '{tag}' and the tag '{first[0]}' in {first[1]} would both write {TOPICS_DIR}/{slug}/index.html",
                        f"spell it '{first[0]}' in both",
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


MAX_SUBSET_TAGS = 8
"""Above this many tags on one explainer, ranking scores every candidate instead (2**8 subsets at most)."""


def related_explainers(explainers: tuple[Explainer, ...]) -> dict[str, tuple[Explainer, ...]]:
    """Explicit ``related`` first, then others ranked by shared tags (rarer tags weigh more), newest first on ties.

    A candidate's score depends only on which of the explainer's tags it shares. So for each subset of those
    tags, only the newest few candidates sharing exactly that subset can make the list, and they are found
    by walking, newest first, the explainers that carry all of the subset's tags (lists built once and
    shared). The work grows with the number of explainers, not with the pairs that share a popular tag.
    Explainers are numbered newest first and sets of tags are bit masks, which keeps each step cheap.
    """
    ordered = sorted(explainers, key=newest_first)
    number = {e.slug: i for i, e in enumerate(ordered)}
    bit: dict[str, int] = {}
    masks = []
    for explainer in ordered:
        mask = 0
        for tag in explainer.tags:
            mask |= bit.setdefault(tag, 1 << len(bit))
        masks.append(mask)
    carrying: dict[int, list[int]] = {b: [] for b in bit.values()}
    """Mask of tags -> the explainers that carry all of them, newest first."""
    for i, explainer in enumerate(ordered):
        for tag in set(explainer.tags):
            carrying[bit[tag]].append(i)
    total = len(ordered)
    weight = {tag: math.log(1 + total / len(carrying[b])) for tag, b in bit.items()}

    def carriers(mask: int) -> list[int]:
        found = carrying.get(mask)
        if found is None:
            lowest = mask & -mask
            found = [i for i in carriers(mask ^ lowest) if masks[i] & lowest]
            carrying[mask] = found
        return found

    subset_keys: dict[int, float] = {}
    result: dict[str, tuple[Explainer, ...]] = {}
    for explainer in explainers:
        chosen = [ordered[number[s]] for s in explainer.related if s in number][:MAX_RELATED]
        need = MAX_RELATED - len(chosen)
        me = number[explainer.slug]
        mine = masks[me]
        taken = {me, *(number[e.slug] for e in chosen)}
        ranking: list[tuple[float, int]] = []
        """(Rank key: the score negated and rounded, so that ties are ties; number) of each candidate found."""
        tags = sorted(set(explainer.tags))
        if need > 0 and len(tags) > MAX_SUBSET_TAGS:
            scores: dict[int, float] = {}
            for tag in frozenset(explainer.tags):
                for other in carrying[bit[tag]]:
                    if other not in taken:
                        scores[other] = scores.get(other, 0.0) + weight[tag]
            ranking = [(-round(score, 9), other) for other, score in scores.items()]
        elif need > 0:
            enough = math.inf
            """Rank key of the last of the first ``need`` candidates found, once there are that many."""
            for key, exact in _subsets_best_first(tags, bit, weight, subset_keys):
                if key > enough:
                    break  # subsets come best first: no candidate left can beat ``need`` found already
                found = 0
                for other in carriers(exact):
                    if other in taken or masks[other] & mine != exact:
                        continue
                    ranking.append((key, other))
                    found += 1
                    if found == need:
                        break
                if enough == math.inf and len(ranking) >= need:
                    enough = ranking[need - 1][0]
        chosen.extend(ordered[other] for _key, other in sorted(ranking)[:need])
        result[explainer.slug] = tuple(chosen)
    return result


def _subsets_best_first(
    tags: list[str], bit: dict[str, int], weight: dict[str, float], known: dict[int, float]
) -> list[tuple[float, int]]:
    """Every non-empty subset of the sorted ``tags`` as (rank key, mask), best score first.

    The score of a subset is its tags' weights summed in order; its rank key is that negated and rounded.
    ``known`` keeps the key of every subset seen so far, by mask: explainers share many subsets.
    """
    # Built up by the highest tag of each choice, so each sum adds the weights in the same order sum() would.
    masks = [0] * (1 << len(tags))
    sums: list[float] = [0] * (1 << len(tags))
    found = []
    high = 0
    for choice in range(1, 1 << len(tags)):
        if choice >> (high + 1):
            high += 1
        rest = choice ^ (1 << high)
        mask = masks[choice] = masks[rest] | bit[tags[high]]
        total = sums[choice] = sums[rest] + weight[tags[high]]
        key = known.get(mask)
        if key is None:
            key = known[mask] = -round(total, 9)
        found.append((key, mask))
    found.sort()
    return found
