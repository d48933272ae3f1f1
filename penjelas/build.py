"""The build pipeline: load, check, model, render, write. Everything is checked before output/ changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import jinja2

from penjelas.assets.share import SITE_CARD, ShareImage, share_images
from penjelas.assets.static import Asset, collect_assets
from penjelas.content.loader import ParsedExplainers, load_content
from penjelas.content.model import SiteSettings
from penjelas.core.dates import today
from penjelas.core.digests import digest, generator_id, tree_digest
from penjelas.core.errors import ContentError, Problem
from penjelas.feeds.plan import publishing_files, publishing_plan
from penjelas.incremental import noop as quick
from penjelas.incremental.state import BuildState, Written
from penjelas.output.listing import scan_files
from penjelas.output.staging import StagedOutput, recover_output
from penjelas.render.markdown import MarkdownRenderer
from penjelas.render.pages import CompiledTemplates, PageJob, Renderer
from penjelas.render.parallel import render_jobs
from penjelas.render.translations import Translations, load_translations
from penjelas.render.views import ViewBuilder
from penjelas.site.model import SiteModel, build_site_model
from penjelas.site.related import RelatedMemo

T = TypeVar("T")

GENERATOR = generator_id()
"""Part of every page's cache key: a new version renders everything again."""
STYLESHEET = "style.css"
FAVICON = "favicon.svg"
NAMED_BY_CONTENT = "named by its content"
"""Recorded instead of the SHA-256 of a file whose name changes whenever its bytes do."""
REQUIRED_ASSETS = {STYLESHEET: "the stylesheet", FAVICON: "the favicon"}
"""Assets every page links to; without them each page load would log an error in the browser."""


@dataclass(frozen=True)
class Project:
    """Where a site's inputs live."""

    root: Path

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def locale_dir(self) -> Path:
        return self.root / "locale"

    @property
    def cards_cache_dir(self) -> Path:
        """Where drawn share cards are kept between builds (git-ignored)."""
        return self.root / ".cache" / "cards"

    @property
    def state_file(self) -> Path:
        """What one build leaves for the next (git-ignored); see buildstate.py."""
        return self.root / ".cache" / "build" / "state.pickle"


@dataclass(frozen=True)
class Options:
    base_url: str | None = None
    """Overrides site.yaml's base_url (deploys under another address)."""
    drafts: bool = False
    """Include explainers marked draft, and those dated after ``today``."""
    today: dt.date | None = None
    """The day to build for; None: today, or the day of SOURCE_DATE_EPOCH when that is set."""


@dataclass(frozen=True)
class BuildResult:
    pages: int
    """HTML pages."""
    assets: int
    files: int = 0
    """Every file of the site: pages, assets, feeds, sitemap, share images."""
    rendered: int = 0
    """Pages rendered by this build (the others were unchanged)."""
    written: int = 0
    """Files written by this build (the others were kept as they were)."""
    changed: tuple[str, ...] = ()
    """Paths of the files this build wrote or removed."""
    language: str = ""
    """The site's language (empty when the no-op shortcut answered without reading the content)."""


def build_day(options: Options) -> dt.date:
    """The day explainers must be dated by to be published."""
    if options.today is not None:
        return options.today
    try:
        return today()
    except ValueError as exc:
        raise ContentError([Problem("SOURCE_DATE_EPOCH", 0, 0, str(exc), "unset it or fix its value")]) from None


@dataclass(frozen=True)
class Prepared:
    """Everything checked and ready to render."""

    model: SiteModel
    translations: Translations
    assets: dict[str, Asset]
    images: dict[str, ShareImage]
    renderer: Renderer
    jobs: list[PageJob]
    frame: str
    """Digest of what every page shows (templates, catalogue, site settings, asset names)."""
    templates: str
    """Digest of the templates and of this generator: templates checked under it need no checking again."""


def prepare(
    project: Project,
    options: Options,
    parsed: ParsedExplainers | None = None,
    bytecode: jinja2.BytecodeCache | None = None,
    hashes: Callable[[str], str] | None = None,
    templates_checked: str = "",
    related: RelatedMemo | None = None,
    catalogue: Path | None = None,
) -> Prepared:
    """Load and check the content, build the site model and the page jobs; ContentError lists every problem.

    ``templates_checked`` is ``Prepared.templates`` of an earlier build that succeeded; ``related`` what it
    remembered of the related lists (updated here); ``catalogue`` where the catalogue's messages are kept
    between builds."""
    templates = digest(GENERATOR, tree_digest(project.templates_dir))
    ahead_translations: Callable[[], Translations] | None = None
    ahead_assets: Callable[[], dict[str, Asset]] | None = None
    ahead_templates: Callable[[], CompiledTemplates] | None = None

    def compile_templates(translations: Translations) -> CompiledTemplates:
        checked = templates == templates_checked
        return CompiledTemplates(project.templates_dir, translations, bytecode, references_checked=checked)

    def meanwhile(site: SiteSettings) -> None:
        """What needs only the site's settings, made while other processes parse the explainers. Problems
        are kept, to be reported where the steps below would have found them."""
        nonlocal ahead_translations, ahead_assets, ahead_templates
        ahead_translations = _ahead(lambda: load_translations(project.locale_dir, site.language, catalogue))
        ahead_assets = _ahead(lambda: collect_assets(project.static_dir))
        try:
            translations = ahead_translations()
        except ContentError:
            return
        ahead_templates = _ahead(lambda: compile_templates(translations))

    content = load_content(project.content_dir, parsed=parsed, hashes=hashes, alongside=meanwhile)
    model = build_site_model(content, options.base_url, options.drafts, build_day(options), related)
    translations = (
        ahead_translations or (lambda: load_translations(project.locale_dir, model.site.language, catalogue))
    )()
    assets = (ahead_assets or (lambda: collect_assets(project.static_dir)))()
    missing = [
        Problem(f"static/{name}", 0, 0, f"{what} is missing", "restore it from git")
        for name, what in REQUIRED_ASSETS.items()
        if name not in assets
    ]
    if missing:
        raise ContentError(missing)
    images = share_images(model, project.content_dir, project.cards_cache_dir)
    views = ViewBuilder(
        model,
        MarkdownRenderer(model.urls.base_path),
        assets[STYLESHEET].target,
        frozenset(a.target for a in assets.values()),
        favicon=assets[FAVICON].target,
        images=images,
        gettext=translations.gettext,
    )
    renderer = Renderer((ahead_templates or (lambda: compile_templates(translations)))(), views)
    frame = digest(
        templates,
        sorted(translations.messages.items()),
        model.site,
        model.urls.base_url,
        sorted(a.target for a in assets.values()),
        images[SITE_CARD].target,  # each explainer's own image is among its page's inputs
    )
    return Prepared(model, translations, assets, images, renderer, renderer.jobs(model), frame, templates)


def _ahead(make: Callable[[], T]) -> Callable[[], T]:
    """Run ``make`` now; the function returned gives what it made, or raises the ContentError it raised."""
    try:
        made = make()
    except ContentError as exc:
        problem = exc

        def fail() -> T:
            raise problem

        return fail
    return lambda: made


def check(project: Project, options: Options = Options(), workers: int | None = None) -> None:
    """Validate content and templates without writing anything (every page is rendered, then dropped)."""
    site = prepare(project, options)
    _done, problems = render_jobs(site.renderer, site.jobs, lambda path, data, sha256: None, workers)
    if problems:
        raise ContentError(problems)
    publishing_files(site.model)


def check_output_folder(project: Project, out_dir: Path) -> None:
    """Refuse an output folder that would replace the project or sit among its inputs."""
    out = out_dir.resolve()
    root = project.root.resolve()
    problem = ""
    if root.is_relative_to(out):
        problem = "the output folder would replace the project folder itself"
    for folder in (project.content_dir, project.templates_dir, project.static_dir, project.locale_dir):
        if out.is_relative_to(folder.resolve()):
            problem = f"the output folder is inside the project's {folder.name}/ folder"
    if problem:
        raise ContentError([Problem(str(out_dir), 0, 0, problem, "choose a separate folder, such as output/")])


def build(
    project: Project,
    out_dir: Path,
    options: Options = Options(),
    workers: int | None = None,
    *,
    inputs: quick.Inputs | None = None,
    state_file: Path | None = None,
) -> BuildResult:
    """Build the site into ``out_dir``, changing it only when every page rendered.

    What the last build left (.cache/build/) lets this one skip explainers whose files are unchanged, pages
    whose inputs are unchanged, and files whose bytes are unchanged; the result is the same bytes as a build
    from nothing. When nothing changed at all, ``out_dir`` is not touched. ``inputs`` is what
    quick.read_inputs gave if the caller called it a moment ago, before anything was read.

    ``state_file`` keeps what this build leaves apart from the command line's builds of output/ (the
    preview builds its own folder); such a build skips the no-op shortcut, whose record is output/'s.
    """
    check_output_folder(project, out_dir)
    out_dir = out_dir.absolute()
    recover_output(out_dir)
    shortcut = state_file is None
    if shortcut and inputs is None:
        inputs = quick.read_inputs(
            project.root, quick.settings(GENERATOR, out_dir, options.base_url, options.drafts, build_day(options))
        )
        untouched = quick.up_to_date(project.root, out_dir, inputs.digest)
        if untouched is not None:
            inputs.hashes.save()
            return BuildResult(*untouched, 0, 0)
    state_file = state_file or project.state_file
    state = BuildState.load(state_file)
    compiled = state_file.parent / "templates"  # Jinja recompiles a template whose source changed
    compiled.mkdir(parents=True, exist_ok=True)
    # What the no-op check hashed spares reading unchanged explainers to see that they are unchanged.
    hashes = inputs.hashes if inputs is not None else quick.FileHashes(project.root)
    site = prepare(
        project,
        options,
        state.explainers,
        jinja2.FileSystemBytecodeCache(str(compiled)),
        hashes.sha256,
        state.templates,
        state.related,
        state_file.parent / "catalogue.json",
    )
    hashes.save(everything=inputs is not None)
    present = scan_files(out_dir) if state.output == str(out_dir) else {}
    intact = {path: record for path in state.files if (record := state.intact(out_dir, path, present.get(path)))}
    """Files the last build wrote that are still exactly as it left them."""
    keys: dict[str, str] = {}
    """Each page's key: worked out now if pages in place may be kept, else while the pages render."""

    def work_out_keys() -> None:
        keys.update((job.path, page_key(site.frame, job)) for job in site.jobs)

    if intact:
        work_out_keys()
    kept = {path for path, key in keys.items() if state.pages.get(path) == key and path in intact}
    stale = [job for job in site.jobs if job.path not in kept]
    plan = publishing_plan(site.model)
    extras = {file.path: file.key for file in plan}
    extras_kept = {file.path for file in plan if state.extras.get(file.path) == file.key and file.path in intact}
    statics: list[tuple[str, bytes | None, Path | None, str]] = [
        (a.target, a.data, None, f"static/{a.source}") for a in site.assets.values()
    ]
    statics += [(i.target, i.data or None, i.source, i.origin) for i in site.images.values()]
    named_by_content = {i.target for i in site.images.values()} | {
        a.target for a in site.assets.values() if a.target != f"static/{a.source}"
    }
    """Files whose names carry a digest of their content: present under that name means unchanged."""
    pages = sum(job.path.endswith(".html") for job in site.jobs)

    def unchanged(path: str, data: bytes | None, source: Path | None) -> bool:
        record = intact.get(path)
        if record is None:
            return False
        return path in named_by_content or record.sha256 == _sha256(data, source)

    wanted = {job.path for job in site.jobs} | set(extras) | {t for t, *_ in statics}
    if (
        not stale
        and extras_kept == set(extras)
        and wanted == set(state.files) == set(present)
        and all(unchanged(t, d, s) for t, d, s, _ in statics)
    ):
        if shortcut and inputs is not None:
            quick.remember(project.root, out_dir, inputs.digest, pages, len(site.assets), _stats(present))
        return BuildResult(pages, len(site.assets), len(wanted), 0, 0, (), site.model.site.language)
    if shortcut:
        quick.forget(project.root)

    # An existing site this build partly keeps is patched in place; otherwise a whole new one is staged.
    in_place = bool(intact)
    previous = {path: record.sha256 for path, record in intact.items()}
    """What the files in place hold: a rendered file with the same digest is not written again."""
    digests: dict[str, str] = {}
    with StagedOutput(out_dir, in_place=in_place) as output:

        def unchanged_file(path: str, origin: str) -> None:  # only ever one of ``intact``: in place
            output.keep(path, origin)
            digests[path] = intact[path].sha256

        def sink(path: str, data: bytes, sha256: str) -> None:
            if previous.get(path) != sha256:
                output.write_unclaimed(path, data)

        made: dict[str, bytes] = {}
        late: list[Problem] = []
        written = 0

        def alongside() -> None:
            """What needs no rendered page, done while the other processes render: page keys, feeds, sitemap,
            share images and assets."""
            nonlocal written
            if not keys:
                work_out_keys()
            try:
                made.update((file.path, file.make()) for file in plan if file.path not in extras_kept)
            except ContentError as exc:
                late.extend(exc.problems)
            for target, data, source, origin in statics:
                if unchanged(target, data, source):
                    unchanged_file(target, origin)
                    continue
                if data is not None:
                    output.write(target, data, origin)
                else:
                    assert source is not None
                    output.link(target, source, origin)
                # A file named by its content is never compared by its bytes: spare reading a thousand cards.
                digests[target] = NAMED_BY_CONTENT if target in named_by_content else _sha256(data, source)
                written += 1
            state.pickle_explainers()

        done, problems = render_jobs(site.renderer, stale, sink, workers, alongside)
        if problems or late:
            raise ContentError(problems + late)
        for page in done:
            if previous.get(page.path) == page.sha256:
                output.keep(page.path, page.origin)
            else:
                output.written_elsewhere(page.path, page.origin)
                written += 1
            digests[page.path] = page.sha256
        for path in sorted(kept):
            unchanged_file(path, "an unchanged page")
        for file in plan:
            if file.path in extras_kept:
                unchanged_file(file.path, file.origin)
                continue
            digests[file.path] = _sha256(made[file.path], None)
            if previous.get(file.path) == digests[file.path]:
                output.keep(file.path, file.origin)
                continue
            output.write(file.path, made[file.path], file.origin)
            written += 1
        if in_place:
            output.remove(sorted(set(present) - set(digests)))
        output.commit()
    fresh = set(output.staged) if in_place else set(digests)
    records = {
        path: _written(present[path] if path not in fresh else os.lstat(out_dir / path), sha)
        for path, sha in digests.items()
    }
    BuildState(state.explainers, keys, extras, str(out_dir), records, site.templates, state.related).save(state_file)
    if shortcut and inputs is not None:
        stats = {p: (r.size, r.mtime_ns, r.inode) for p, r in records.items()}
        quick.remember(project.root, out_dir, inputs.digest, pages, len(site.assets), stats)
    changed = (set(output.staged) | set(output.removed)) if in_place else set(digests) | set(present)
    return BuildResult(
        pages, len(site.assets), len(digests), len(done), written, tuple(sorted(changed)), site.model.site.language
    )


def page_key(frame: str, job: PageJob) -> str:
    """Digest of everything a page is rendered from; a job without declared inputs never matches."""
    if job.inputs is None:
        return ""
    return digest(frame, job.template, job.origin, job.inputs)


def _written(info: os.stat_result, sha256: str) -> Written:
    return Written(info.st_size, info.st_mtime_ns, info.st_ino, sha256)


def _stats(files: dict[str, os.stat_result]) -> dict[str, tuple[int, int, int]]:
    return {path: (info.st_size, info.st_mtime_ns, info.st_ino) for path, info in files.items()}


def _sha256(data: bytes | None, source: Path | None) -> str:
    if data is None:
        assert source is not None
        data = source.read_bytes()
    return hashlib.sha256(data).hexdigest()
