"""Rebuilding only what changed: rendered pages are reused while nothing they depend on has changed.

A page depends on its *frame* (the templates, the translations and the site-wide settings every page
shows) and on its job's declared ``inputs`` (the explainer, the teasers it lists...). Both are reduced
to a digest, so a cache keyed on them could as well be kept on disk. The dev server keeps one
RenderCache for its whole run; `make build` uses none and renders everything.
"""

from __future__ import annotations

from collections.abc import Iterable

import jinja2

from .content import ParsedExplainers
from .fingerprint import digest, tree_digest
from .render import PageJob, RenderedPage, Renderer

__all__ = ["MemoryBytecodeCache", "RenderCache", "digest", "tree_digest"]


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept between builds; Jinja recompiles a template whose source changed."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


class RenderCache:
    """Pages rendered by earlier builds, by output path, with the digest of what they were made from."""

    def __init__(self) -> None:
        self.parsed: ParsedExplainers = {}
        """Explainers parsed by earlier builds, reused while their folders are unchanged."""
        self.bytecode = MemoryBytecodeCache()
        self._pages: dict[str, tuple[str, RenderedPage]] = {}
        self.rendered = 0
        """Pages rendered by the last build."""
        self.reused = 0
        """Pages the last build took from the cache."""

    def start(self) -> None:
        """Reset the counters at the start of a build."""
        self.rendered = self.reused = 0

    def render(self, renderer: Renderer, job: PageJob, frame: str) -> RenderedPage:
        """The page for ``job``: from the cache when its frame and inputs are unchanged, else freshly rendered."""
        if job.inputs is None:  # a job that does not declare its inputs is always rendered
            self.rendered += 1
            return renderer.render(job)
        key = digest(frame, job.template, job.origin, job.inputs)
        cached = self._pages.get(job.path)
        if cached is not None and cached[0] == key:
            self.reused += 1
            return cached[1]
        page = renderer.render(job)
        self._pages[job.path] = (key, page)
        self.rendered += 1
        return page

    def retain(self, paths: Iterable[str]) -> None:
        """Forget pages the site no longer has."""
        keep = set(paths)
        for path in [p for p in self._pages if p not in keep]:
            del self._pages[path]
