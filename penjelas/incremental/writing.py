"""Carrying out an incremental plan: render the pages it names on every core, and stage every file it writes,
keeps or removes, so that the output folder changes only once all of them are ready."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t
from penjelas.incremental.plan import IncrementalPlan, StaticFile
from penjelas.incremental.state import Written
from penjelas.output.staging import StagedOutput
from penjelas.render.pages import Renderer
from penjelas.render.parallel import render_jobs


@dataclass(frozen=True)
class WriteOutcome:
    """What carrying out a plan did."""

    digests: dict[str, str]
    """Every file of the site -> the SHA-256 of its bytes (or NAMED_BY_CONTENT)."""
    rendered: int
    written: int
    """Files whose bytes were written (the others were kept as they were)."""
    changed: tuple[str, ...]
    """Paths of the files written or removed, sorted."""
    records: dict[str, Written]
    """Each file as it now is in the output folder, for the next build."""


class _Writing:
    """The staged output and the tallies of one build's writing."""

    def __init__(self, plan: IncrementalPlan, output: StagedOutput) -> None:
        self.plan = plan
        self.output = output
        self.digests: dict[str, str] = {}
        self.made: dict[str, bytes] = {}
        self.late: list[Problem] = []
        self.written = 0

    def keep(self, path: str, origin: str) -> None:
        """Leave a file the plan found intact as it is (only ever in place)."""
        self.output.keep(path, origin)
        self.digests[path] = self.plan.intact[path].sha256

    def sink(self, path: str, data: bytes, sha256: str) -> None:
        """Stage a rendered page, unless the file in place already holds these bytes (called by the workers)."""
        if self.plan.previous(path) != sha256:
            self.output.write_unclaimed(path, data)

    def alongside(self, meanwhile: Callable[[], None]) -> None:
        """What needs no rendered page, done while the other processes render: page keys, feeds, sitemap,
        share images and assets, then ``meanwhile``."""
        self.plan.page_keys  # noqa: B018  (worked out here, on this core, if the plan did not need them)
        try:
            self.made.update((f.path, f.make()) for f in self.plan.extras if f.path not in self.plan.kept_extras)
        except ContentError as exc:
            self.late.extend(exc.problems)
        for file in self.plan.statics:
            self.static(file)
        meanwhile()

    def static(self, file: StaticFile) -> None:
        if self.plan.unchanged(file):
            self.keep(file.target, file.origin)
            return
        if file.data is not None:
            self.output.write(file.target, file.data, file.origin)
        else:
            assert file.source is not None
            self.output.link(file.target, file.source, file.origin)
        self.digests[file.target] = file.recorded_digest()
        self.written += 1

    def rendered(self, path: str, origin: str, sha256: str) -> None:
        """A page the workers rendered (and the sink staged, if its bytes changed)."""
        if self.plan.previous(path) == sha256:
            self.output.keep(path, origin)
        else:
            self.output.written_elsewhere(path, origin)
            self.written += 1
        self.digests[path] = sha256

    def extras(self) -> None:
        """Feeds, sitemap, robots.txt and CNAME: kept, or written where their bytes changed."""
        for file in self.plan.extras:
            if file.path in self.plan.kept_extras:
                self.keep(file.path, file.origin)
                continue
            data = self.made[file.path]
            self.digests[file.path] = hashlib.sha256(data).hexdigest()
            if self.plan.previous(file.path) == self.digests[file.path]:
                self.output.keep(file.path, file.origin)
                continue
            self.output.write(file.path, data, file.origin)
            self.written += 1


def render_and_write(
    plan: IncrementalPlan, renderer: Renderer, workers: int | None, meanwhile: Callable[[], None]
) -> WriteOutcome:
    """Render ``plan.render`` and put the site in place; ContentError (with ``out_dir`` untouched) if any page,
    feed or file fails. ``meanwhile`` runs in this process while the others render."""
    with StagedOutput(plan.out_dir, in_place=plan.in_place) as output:
        writing = _Writing(plan, output)
        done, problems = render_jobs(renderer, plan.render, writing.sink, workers, lambda: writing.alongside(meanwhile))
        if problems or writing.late:
            raise ContentError(problems + writing.late)
        for page in done:
            writing.rendered(page.path, page.origin, page.sha256)
        for path in plan.kept_pages:
            writing.keep(path, t("an unchanged page"))
        writing.extras()
        if plan.in_place:
            output.remove(plan.removed)
        output.commit()
    digests = writing.digests
    if plan.in_place:
        fresh, changed = set(output.staged), set(output.staged) | set(output.removed)
    else:
        fresh, changed = set(digests), set(digests) | set(plan.present)
    records = {
        path: _record(plan.present[path] if path not in fresh else os.lstat(plan.out_dir / path), sha)
        for path, sha in digests.items()
    }
    return WriteOutcome(digests, len(done), writing.written, tuple(sorted(changed)), records)


def _record(info: os.stat_result, sha256: str) -> Written:
    return Written(info.st_size, info.st_mtime_ns, info.st_ino, sha256)
