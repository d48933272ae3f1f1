"""Related explainers for each page's sidebar: the editor's own choices first, then those sharing the most tags."""

from __future__ import annotations

import math

from penjelas.content.model import Explainer
from penjelas.core.digests import digest
from penjelas.site.order import newest_first

MAX_RELATED = 5


RelatedMemo = dict[str, dict[str, tuple[str, ...]]]
"""Related lists a build worked out, by slug, under the digest of what they depend on (see remembered_related)."""


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
    index = _TagIndex(ordered)
    result: dict[str, tuple[Explainer, ...]] = {}
    for explainer in explainers:
        chosen = [ordered[number[s]] for s in explainer.related if s in number][:MAX_RELATED]
        need = MAX_RELATED - len(chosen)
        if need > 0:
            me = number[explainer.slug]
            ranking = index.candidates(explainer, me, {me, *(number[e.slug] for e in chosen)}, need)
            chosen.extend(ordered[other] for _key, other in sorted(ranking)[:need])
        result[explainer.slug] = tuple(chosen)
    return result


class _TagIndex:
    """The explainers' tags, for ranking: explainers by number (newest first), sets of tags as bit masks."""

    def __init__(self, ordered: list[Explainer]) -> None:
        self.bit: dict[str, int] = {}
        self.masks: list[int] = []  # each explainer's tags
        for explainer in ordered:
            mask = 0
            for tag in explainer.tags:
                mask |= self.bit.setdefault(tag, 1 << len(self.bit))
            self.masks.append(mask)
        # Mask of tags -> the explainers that carry all of them, newest first.
        self.carrying: dict[int, list[int]] = {b: [] for b in self.bit.values()}
        for i, explainer in enumerate(ordered):
            for tag in set(explainer.tags):
                self.carrying[self.bit[tag]].append(i)
        total = len(ordered)
        self.weight = {tag: math.log(1 + total / len(self.carrying[b])) for tag, b in self.bit.items()}
        self.subset_keys: dict[int, float] = {}  # the rank key of every subset seen, by mask (see below)

    def candidates(self, explainer: Explainer, me: int, taken: set[int], need: int) -> list[tuple[float, int]]:
        """(Rank key: the score negated and rounded, so that ties are ties; number) of candidates for the list of
        ``explainer`` (number ``me``), but those ``taken``: among them, the best ``need``."""
        tags = sorted(set(explainer.tags))
        if len(tags) > MAX_SUBSET_TAGS:
            return self._scored(explainer, taken)
        return self._best_by_subset(tags, self.masks[me], taken, need)

    def _scored(self, explainer: Explainer, taken: set[int]) -> list[tuple[float, int]]:
        """Every explainer sharing a tag with ``explainer``, scored: for one with too many tags to walk their
        subsets."""
        scores: dict[int, float] = {}
        for tag in frozenset(explainer.tags):
            for other in self.carrying[self.bit[tag]]:
                if other not in taken:
                    scores[other] = scores.get(other, 0.0) + self.weight[tag]
        return [(-round(score, 9), other) for other, score in scores.items()]

    def _best_by_subset(self, tags: list[str], mine: int, taken: set[int], need: int) -> list[tuple[float, int]]:
        """The newest ``need`` explainers sharing exactly each subset of ``tags`` (mask ``mine``), best subsets
        first, until no subset left can beat the ``need`` found."""
        masks = self.masks
        ranking: list[tuple[float, int]] = []
        enough = math.inf  # rank key of the last of the first ``need`` candidates found, once there are that many
        for key, exact in _subsets_best_first(tags, self.bit, self.weight, self.subset_keys):
            if key > enough:
                break  # subsets come best first: no candidate left can beat ``need`` found already
            found = 0
            for other in self._carriers(exact):
                if other in taken or masks[other] & mine != exact:
                    continue
                ranking.append((key, other))
                found += 1
                if found == need:
                    break
            if enough == math.inf and len(ranking) >= need:
                enough = ranking[need - 1][0]
        return ranking

    def _carriers(self, mask: int) -> list[int]:
        """The explainers that carry every tag of ``mask``, newest first (worked out once per mask)."""
        found = self.carrying.get(mask)
        if found is None:
            lowest = mask & -mask
            found = [i for i in self._carriers(mask ^ lowest) if self.masks[i] & lowest]
            self.carrying[mask] = found
        return found


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
