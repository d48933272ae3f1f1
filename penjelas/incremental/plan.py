"""What a build keeps, renders, writes and removes, worked out from the last build's state before anything is
rendered.

A page is kept when the output folder still holds exactly the file the last build wrote (same size, time and
inode) and what it is rendered from has the same digest (its key). Feeds and the sitemap are kept the same
way. Assets and share images are compared by their bytes, except those whose names carry a digest of their
bytes: present under that name means unchanged. Whatever the plan keeps, the result is the same bytes as a
build from nothing (tests/test_incremental.py edits at random and compares the two).
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from penjelas.assets.pictures import Key, Resized
from penjelas.assets.share import ShareImage
from penjelas.assets.static import Asset
from penjelas.core.digests import digest
from penjelas.feeds.plan import PublishingFile
from penjelas.incremental.state import BuildState, Written
from penjelas.output.listing import scan_files
from penjelas.render.pages import PageJob

NAMED_BY_CONTENT = "named by its content"
"""Recorded instead of the SHA-256 of a file whose name changes whenever its bytes do."""


@dataclass(frozen=True)
class StaticFile:
    """An asset or a share image, to write from memory (``data``) or to link from a file (``source``)."""

    target: str
    data: bytes | None
    source: Path | None
    origin: str
    named_by_content: bool
    """Its name carries a digest of its bytes, so a file of that name holds these bytes."""

    def sha256(self) -> str:
        """The SHA-256 of its bytes (read from ``source`` when they are not in memory)."""
        data = self.data
        if data is None:
            assert self.source is not None
            data = self.source.read_bytes()
        return hashlib.sha256(data).hexdigest()

    def recorded_digest(self) -> str:
        """What the build state records for it: a file named by its content is never compared by its bytes,
        which spares reading a thousand share cards on every build."""
        return NAMED_BY_CONTENT if self.named_by_content else self.sha256()


def static_files(
    assets: dict[str, Asset], images: dict[str, ShareImage], pictures: dict[Key, Resized] | None = None
) -> tuple[StaticFile, ...]:
    """The assets, share images and resized pictures of a site, in the order they are written (a lead photo's
    copy that is also its share image, once)."""
    files = [
        StaticFile(a.target, a.data, None, f"static/{a.source}", a.target != f"static/{a.source}")
        for a in assets.values()
    ]
    files += [StaticFile(i.target, i.data or None, i.source, i.origin, True) for i in images.values()]
    taken = {f.target for f in files}
    for _key, resized in sorted((pictures or {}).items()):
        for copy in resized.copies:
            if copy.target not in taken:
                taken.add(copy.target)
                files.append(StaticFile(copy.target, copy.data or None, copy.source, resized.origin, True))
    return tuple(files)


def page_key(frame: str, job: PageJob) -> str:
    """Digest of everything a page is rendered from; a job without declared inputs never matches."""
    if job.inputs is None:
        return ""
    return digest(frame, job.template, job.origin, job.inputs)


@dataclass(frozen=True)
class IncrementalPlan:
    """One build's decisions: which pages to render, which files to keep, compare or remove."""

    out_dir: Path
    frame: str
    """Digest of what every page shows (templates, catalogue, site settings, asset names)."""
    jobs: tuple[PageJob, ...]
    present: dict[str, os.stat_result]
    """What the output folder holds now, if it is the folder the last build wrote; else nothing."""
    intact: dict[str, Written]
    """Files the last build wrote that are still exactly as it left them."""
    render: tuple[PageJob, ...]
    """Pages to render: new, changed, or no longer as the last build left them."""
    kept_pages: tuple[str, ...]
    """Pages left as they are, sorted."""
    extras: tuple[PublishingFile, ...]
    """Feeds, sitemap, robots.txt and CNAME, each with its key."""
    kept_extras: frozenset[str]
    statics: tuple[StaticFile, ...]
    wanted: frozenset[str]
    """Every file the site has."""
    known_keys: dict[str, str] | None = None
    """The pages' keys, where ``plan_build`` needed them to decide what to keep."""

    @functools.cached_property
    def page_keys(self) -> dict[str, str]:
        """Each page's key, for the next build. Worked out by ``plan_build`` when pages in place may be kept;
        otherwise the build asks for them while other processes render."""
        if self.known_keys is not None:
            return self.known_keys
        return {job.path: page_key(self.frame, job) for job in self.jobs}

    @property
    def extra_keys(self) -> dict[str, str]:
        return {file.path: file.key for file in self.extras}

    @property
    def in_place(self) -> bool:
        """An existing site this build partly keeps is patched in place; otherwise a whole new one is staged."""
        return bool(self.intact)

    @property
    def removed(self) -> tuple[str, ...]:
        """Files in place that the site no longer has, sorted."""
        return tuple(sorted(set(self.present) - self.wanted)) if self.in_place else ()

    def previous(self, path: str) -> str | None:
        """The SHA-256 of what the file in place holds, if the last build wrote it and it is intact."""
        record = self.intact.get(path)
        return record.sha256 if record is not None else None

    def unchanged(self, file: StaticFile) -> bool:
        """Whether the output folder already holds exactly this asset or share image."""
        record = self.intact.get(file.target)
        if record is None:
            return False
        return file.named_by_content or record.sha256 == file.sha256()

    def nothing_to_do(self, state: BuildState) -> bool:
        """Whether the output folder is already exactly this site (cheapest questions first)."""
        return (
            not self.render
            and self.kept_extras == {file.path for file in self.extras}
            and self.wanted == set(state.files) == set(self.present)
            and all(self.unchanged(file) for file in self.statics)
        )


def plan_build(
    state: BuildState,
    out_dir: Path,
    jobs: Sequence[PageJob],
    frame: str,
    extras: Sequence[PublishingFile],
    statics: Sequence[StaticFile],
) -> IncrementalPlan:
    """Decide what this build renders and keeps, from the last build's ``state`` and the output folder."""
    present = scan_files(out_dir) if state.output == str(out_dir) else {}
    intact = {path: record for path in state.files if (record := state.intact(out_dir, path, present.get(path)))}
    # Keys are worked out now only if a page in place may be kept; a site from nothing works them out meanwhile.
    keys = {job.path: page_key(frame, job) for job in jobs} if intact else None
    kept = {path for path, key in keys.items() if state.pages.get(path) == key and path in intact} if keys else set()
    return IncrementalPlan(
        out_dir=out_dir,
        frame=frame,
        jobs=tuple(jobs),
        present=present,
        intact=intact,
        render=tuple(job for job in jobs if job.path not in kept),
        kept_pages=tuple(sorted(kept)),
        extras=tuple(extras),
        kept_extras=frozenset(f.path for f in extras if state.extras.get(f.path) == f.key and f.path in intact),
        statics=tuple(statics),
        wanted=frozenset({job.path for job in jobs} | {f.path for f in extras} | {f.target for f in statics}),
        known_keys=keys,
    )
