"""Changes without a record: a published explainer whose article changed since a git revision (a pull
request's base) but whose ``updates`` gained no entry. A warning, never an error: fixing a typo needs no
entry, and the editor decides. Silent where there is no git, or the revision is unknown."""

from __future__ import annotations

import subprocess
from pathlib import Path

from penjelas.content.front_matter import split_front_matter
from penjelas.content.model import Explainer
from penjelas.content.nodes import Map, Seq
from penjelas.content.yamltext import parse_yaml
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t

GIT_TIMEOUT = 20
"""Seconds a git command may take; past that, no warning rather than a stalled check."""


def _git(root: Path, *args: str) -> str | None:
    """A git command's output in ``root``, or None if git is missing, fails or takes too long."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")


def _entries(front: str, path: str) -> int:
    """How many entries ``updates`` had in an old front matter (0 where it cannot be read)."""
    node = parse_yaml(front, path, 0, [])
    updates = node.get("updates") if isinstance(node, Map) else None
    return len(updates.items) if isinstance(updates, Seq) else 0


def unrecorded_changes(root: Path, since: str, explainers: tuple[Explainer, ...]) -> list[Problem]:
    """A warning for each published explainer whose article text differs from ``since``'s while it has no
    more ``updates`` entries than it had then."""
    if not since.strip() or _git(root, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}") is None:
        return []
    warnings: list[Problem] = []
    for explainer in explainers:
        if explainer.draft:
            continue
        before = _git(root, "show", f"{since}:{explainer.path}")
        if before is None:
            continue  # new since then: nothing to record
        try:
            old_front, old_body, _line = split_front_matter(before, explainer.path)
        except ContentError:
            continue
        if old_body.strip() == explainer.body.strip():
            continue
        if len(explainer.updates) > _entries(old_front, explainer.path):
            continue
        warnings.append(
            Problem(
                explainer.path,
                explainer.body_line,
                0,
                t("the article changed since {ref} but 'updates' has no new entry", ref=since),
                t("add an updates entry if the content changed (a typo needs none)"),
                severity="warning",
            )
        )
    return warnings
