"""Loading ``content/``: the site's files, then every explainer (in parallel), into one ``Content``.

Parse functions take strings and live beside the file they read (``settings.py``, ``front_matter.py``,
``timeline.py``, ``facts.py``); ``explainer.py`` reads one explainer's folder; this module reads the
whole folder, reuses explainers parsed by an earlier build where nothing they depend on changed, and
reports every problem at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from collections.abc import Callable
from pathlib import Path

from penjelas.content.explainer import load_explainer
from penjelas.content.fields import SLUG
from penjelas.content.folders import folder_key
from penjelas.content.model import Author, Content, Explainer, HeldBack, SiteSettings, Source
from penjelas.content.publication import held_back, index_text
from penjelas.content.reading import read_text
from penjelas.content.settings import parse_authors, parse_site, parse_sources
from penjelas.content.sourcing import source_warnings
from penjelas.core.digests import code_digest, digest
from penjelas.core.errors import ContentError, Problem, collecting, raise_if_any, suggest
from penjelas.core.messages import t
from penjelas.core.processes import map_in_processes

ParsedExplainers = dict[str, tuple[str, Explainer]]
"""Folder name -> (digest of everything its parse depends on, the explainer): the build cache's part."""

PARSER_VERSION = "4"
"""Change it whenever parsing or checking changes, so explainers parsed by an older build are parsed again."""

_TOP_LEVEL = ["site.yaml", "sources.yaml", "authors.yaml", "explainers"]


def load_content(
    content_dir: Path,
    shown_root: str = "content",
    parsed: ParsedExplainers | None = None,
    hashes: Callable[[str], str] | None = None,
    alongside: Callable[[SiteSettings], None] | None = None,
    hold_back: dt.date | None = None,
) -> Content:
    """Read and check everything under ``content_dir``; raise one ContentError listing every problem.

    With ``parsed`` (kept between builds), an explainer whose files, and the ids it may refer to, are the
    same as when it was parsed is taken from there; it is updated with what was parsed now. ``hashes``
    gives a file's SHA-256 by path without reading it where it is known (see noop.FileHashes); it only
    spares reading unchanged explainers' files to see that they are unchanged. ``alongside`` is given the
    site's settings, when site.yaml is sound, to work with while other processes parse the explainers.

    With ``hold_back`` (the build day), an explainer with problems that is a draft or dated after that day is
    left out and its problems are warnings (``Content.held_back``): an unfinished draft does not stop the
    rest of the site. Without it, every problem is an error (``check --drafts``: is my draft ready?).
    """
    folder = _Folder(content_dir, shown_root)
    site, sources, authors = folder.site(), folder.sources(), folder.authors()
    folder.problems.extend(folder.unexpected_entries())
    folders, linked = folder.explainer_folders()
    slugs = {p.name for p in folders if SLUG.match(p.name)}
    source_ids = set(sources) if sources is not None else None
    author_ids = set(authors) if authors is not None else None
    context = digest(
        PARSER_VERSION,
        code_digest(),
        shown_root,
        sorted(slugs),
        sorted(source_ids) if source_ids is not None else None,
        sorted(author_ids) if author_ids is not None else None,
    )
    found, todo = _reusable(folders, linked, parsed, context, hashes)
    load = functools.partial(
        _load_one, shown_root, slugs, source_ids, author_ids, context if parsed is not None else None
    )
    meanwhile = functools.partial(alongside, site) if alongside is not None and site is not None else None
    held: list[HeldBack] = []
    for explainer_dir, outcome in zip(todo, map_in_processes(load, todo, alongside=meanwhile), strict=True):
        if isinstance(outcome, ContentError):
            kept = _held_back(explainer_dir, shown_root, outcome, hold_back)
            if kept is None:
                folder.problems.extend(outcome.problems)
            else:
                held.append(kept)
            continue
        if parsed is not None and outcome.digest:
            parsed[explainer_dir.name] = (outcome.digest, outcome)
        found[explainer_dir.name] = outcome
    if parsed is not None:
        for gone in set(parsed) - {f.name for f in folders}:
            del parsed[gone]
    if not folders:
        folder.problems.append(
            Problem(
                f"{shown_root}/explainers",
                0,
                0,
                t("there are no explainers"),
                t("add a folder content/explainers/<slug>/ with an index.md"),
            )
        )
    policy = site.corrections_policy if site is not None else None
    if policy is not None and SLUG.match(policy) and policy not in slugs:
        hint = suggest(policy, slugs) or t("write the folder name of an explainer, or a web address")
        message = t("'corrections_policy' names '{slug}', which is not an explainer of this site", slug=policy)
        folder.problems.append(Problem(f"{shown_root}/site.yaml", 0, 0, message, hint))
    if folder.problems:  # the held-back explainers' problems too, so that no report leaves them out
        folder.problems.extend(problem for kept in held for problem in kept.problems)
    raise_if_any(folder.problems)
    assert site is not None and sources is not None and authors is not None
    explainers = tuple(found[f.name] for f in folders if f.name in found)
    # A held-back explainer was not read whole: what it cites is unknown, so no source is called uncited.
    warnings = source_warnings(sources, explainers, f"{shown_root}/sources.yaml", every_explainer_read=not held)
    return Content(
        site, sources, explainers, warnings, held_back=tuple(sorted(held, key=lambda h: h.slug)), authors=authors
    )


def _held_back(folder: Path, shown_root: str, failed: ContentError, day: dt.date | None) -> HeldBack | None:
    """The explainer in ``folder`` held back with the problems it ``failed`` with, if it is not being
    published on ``day``; None when there is no day (every problem counts) or it is meant to be published."""
    if day is None:
        return None
    shown = f"{shown_root}/explainers/{folder.name}"
    return held_back(folder.name, shown, index_text(folder, shown), failed.problems, day)


class _Folder:
    """The content folder's own files and listing, with the problems found in them."""

    def __init__(self, content_dir: Path, shown_root: str) -> None:
        self.dir = content_dir
        self.shown_root = shown_root
        self.problems: list[Problem] = []

    def shown(self, path: Path) -> str:
        return f"{self.shown_root}/{path.relative_to(self.dir).as_posix()}"

    def site(self) -> SiteSettings | None:
        path = self.dir / "site.yaml"
        if not path.is_file():
            self.problems.append(
                Problem(f"{self.shown_root}/site.yaml", 0, 0, t("site.yaml is missing"), t("create it; see README.md"))
            )
            return None
        return collecting(self.problems, lambda: parse_site(read_text(path, self.shown(path)), self.shown(path)))

    def sources(self) -> dict[str, Source] | None:
        """The sources by id: none without sources.yaml, None if it has problems."""
        path = self.dir / "sources.yaml"
        if not (path.exists() or path.is_symlink()):
            return {}
        return collecting(self.problems, lambda: parse_sources(read_text(path, self.shown(path)), self.shown(path)))

    def authors(self) -> dict[str, Author] | None:
        """The authors by id: none without authors.yaml, None if it has problems."""
        path = self.dir / "authors.yaml"
        if not (path.exists() or path.is_symlink()):
            return {}
        return collecting(self.problems, lambda: parse_authors(read_text(path, self.shown(path)), self.shown(path)))

    def unexpected_entries(self) -> list[Problem]:
        found: list[Problem] = []
        for extra in sorted(self.dir.iterdir()) if self.dir.is_dir() else []:
            if extra.name in _TOP_LEVEL or extra.name.startswith("."):
                continue
            hint = suggest(extra.name, _TOP_LEVEL) or t("remove it or move it into an explainer folder")
            found.append(Problem(self.shown(extra), 0, 0, t("unexpected '{name}' in content/", name=extra.name), hint))
        return found

    def explainer_folders(self) -> tuple[list[Path], set[str]]:
        """The folders in content/explainers/ (dotfiles aside) in name order, and the names that are links."""
        explainers_dir = self.dir / "explainers"
        if explainers_dir.is_symlink():
            self.problems.append(
                Problem(
                    f"{self.shown_root}/explainers",
                    0,
                    0,
                    t("is a symbolic link; content must be ordinary files and folders"),
                    t("replace the link with the folder it points to"),
                )
            )
            raise ContentError(self.problems)
        entries: dict[str, os.DirEntry[str]] = {}
        with contextlib.suppress(FileNotFoundError, NotADirectoryError), os.scandir(explainers_dir) as listing:
            entries = {entry.name: entry for entry in listing if not entry.name.startswith(".")}
        linked = {name for name, entry in entries.items() if entry.is_symlink()}
        return [explainers_dir / name for name in sorted(entries)], linked


def _reusable(
    folders: list[Path],
    linked: set[str],
    parsed: ParsedExplainers | None,
    context: str,
    hashes: Callable[[str], str] | None,
) -> tuple[dict[str, Explainer], list[Path]]:
    """The explainers an earlier build parsed from the same bytes, by folder name; and the folders to parse."""
    if not parsed:  # with nothing parsed before, nothing can be reused: keys are made where each is parsed
        return {}, list(folders)
    found: dict[str, Explainer] = {}
    todo: list[Path] = []
    for folder in folders:
        cached = parsed.get(folder.name)
        key = folder_key(folder, context, hashes=hashes, link=folder.name in linked)
        if cached is not None and key is not None and cached[0] == key:
            found[folder.name] = cached[1]
        else:
            todo.append(folder)
    return found, todo


def _load_one(
    shown_root: str,
    slugs: set[str],
    source_ids: set[str] | None,
    author_ids: set[str] | None,
    context: str | None,
    folder: Path,
) -> Explainer | ContentError:
    """One explainer, or its problems: run in a worker process, which sends either back."""
    try:
        shown = f"{shown_root}/explainers/{folder.name}"
        return load_explainer(folder, shown, slugs, source_ids, context, author_ids=author_ids)
    except ContentError as exc:
        return exc
