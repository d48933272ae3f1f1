"""The order explainers are listed in everywhere: newest first."""

from __future__ import annotations

from penjelas.content.model import Explainer


def newest_first(explainer: Explainer) -> tuple[int, int, str]:
    """Sort key: newest publication date first, then by slug for a stable order."""
    return (-explainer.date.toordinal(), -(explainer.updated or explainer.date).toordinal(), explainer.slug)
