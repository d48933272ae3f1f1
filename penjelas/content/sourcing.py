"""Sources where the page promises them: the warnings for a timeline event without a source and for an
entry of ``sources.yaml`` that nothing cites. (A fact without a source is an error: see ``facts.py``.)"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from penjelas.content.model import Explainer, Source
from penjelas.core.errors import Problem
from penjelas.core.messages import t


def sources_hint() -> str:
    """What to do about a fact or an event without a source."""
    return t("list an id from content/sources.yaml under 'sources:', one per line")


def source_warnings(
    sources: Mapping[str, Source], explainers: Iterable[Explainer], sources_path: str, every_explainer_read: bool = True
) -> tuple[Problem, ...]:
    """Warnings, sorted as problems are: each timeline event without a source, at the line where the event
    starts, and each source that no explainer (drafts included) cites, at its id in ``sources_path``; the
    latter only when ``every_explainer_read`` (a draft held back for its problems may cite the others)."""
    found: list[Problem] = []
    cited: set[str] = set()
    for explainer in explainers:
        cited.update(explainer.cited)
        timeline = explainer.path.rpartition("/")[0] + "/timeline.yaml"
        for line, col in explainer.unsourced_events:  # not explainer.timeline: see the field's docstring
            found.append(Problem(timeline, line, col, t("this timeline event has no source"), sources_hint()))
    for source in sources.values() if every_explainer_read else ():
        if source.id not in cited:
            line, col = source.at
            message = t("no explainer cites the source '{id}'", id=source.id)
            hint = t("cite it under 'sources:' in a timeline.yaml or facts.yaml, or remove it")
            found.append(Problem(sources_path, line, col, message, hint))
    return tuple(sorted({p.as_warning() for p in found}))
