"""The build pipeline: load and check the content, model the site, plan, render, write.

Everything is checked, and every page rendered, before the output folder changes. ``build`` reads as the
stages in order; each stage lives in the package named for it (see docs/architecture.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import jinja2

from penjelas.assets.pictures import Key, Resized, resized_pictures
from penjelas.assets.share import SITE_CARD, ShareImage, share_images
from penjelas.assets.static import Asset, collect_assets
from penjelas.content.loader import ParsedExplainers, load_content
from penjelas.content.model import Content, Explainer, HeldBack, SiteSettings
from penjelas.content.revisions import unrecorded_changes
from penjelas.core.dates import today
from penjelas.core.digests import digest, generator_id, tree_digest
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t
from penjelas.feeds.plan import publishing_files, publishing_plan
from penjelas.incremental import noop
from penjelas.incremental.plan import IncrementalPlan, StaticFile, plan_build, static_files
from penjelas.incremental.state import BuildState
from penjelas.incremental.writing import WriteOutcome, render_and_write
from penjelas.output.staging import recover_output
from penjelas.render.markdown import MarkdownRenderer
from penjelas.render.pages import CompiledTemplates, PageJob, Renderer
from penjelas.render.parallel import render_jobs
from penjelas.render.translations import Translations, load_translations
from penjelas.render.views import ViewBuilder
from penjelas.site.model import LeftOut, SiteModel, build_site_model, is_published, left_out, left_out_line
from penjelas.site.related import RelatedMemo

T = TypeVar("T")

GENERATOR = generator_id()
"""Part of every page's cache key: a new version renders everything again."""
STYLESHEET = "style.css"
FAVICON = "favicon.svg"


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
    def pictures_cache_dir(self) -> Path:
        """Where resized pictures are kept between builds (git-ignored)."""
        return self.root / ".cache" / "pictures"

    @property
    def state_file(self) -> Path:
        """What one build leaves for the next (git-ignored); see incremental/state.py."""
        return self.root / ".cache" / "build" / "state.pickle"


@dataclass(frozen=True)
class Options:
    base_url: str | None = None
    """Overrides site.yaml's base_url (deploys under another address)."""
    drafts: bool = False
    """Include explainers marked draft, and those dated after ``today``."""
    today: dt.date | None = None
    """The day to build for; None: today, or the day of SOURCE_DATE_EPOCH when that is set."""
    hold_back_drafts: bool = False
    """With ``drafts``, still leave out a draft (or scheduled explainer) whose files have problems, with its
    problems as warnings, as a build without ``drafts`` does: the preview's way, so one unfinished draft
    does not take the whole site down. Without it, ``drafts`` makes every problem an error."""

    held: tuple[HeldBack, ...] = ()
    """Explainers to hold back, found at fault when their pages were rendered (see ``build``)."""

    @property
    def holds_back(self) -> bool:
        """Whether problems in explainers not being published are warnings rather than errors."""
        return self.hold_back_drafts or not self.drafts


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
    left_out: tuple[LeftOut, ...] = ()
    """Explainers not published: drafts and scheduled ones (none when drafts are built)."""
    warnings: tuple[Problem, ...] = ()
    """Problems that did not stop the build (see ``Prepared.warnings``)."""
    held_back: tuple[HeldBack, ...] = ()
    """Drafts and scheduled explainers left out for their problems."""


def build_day(options: Options) -> dt.date:
    """The day explainers must be dated by to be published."""
    if options.today is not None:
        return options.today
    try:
        return today()
    except ValueError as exc:
        raise ContentError([Problem("SOURCE_DATE_EPOCH", 0, 0, str(exc), t("unset it or fix its value"))]) from None


@dataclass(frozen=True)
class Prepared:
    """Everything checked and ready to render."""

    site_model: SiteModel
    translations: Translations
    assets: dict[str, Asset]
    images: dict[str, ShareImage]
    renderer: Renderer
    jobs: list[PageJob]
    frame: str
    """Digest of what every page shows (templates, catalogue, site settings, asset names)."""
    templates: str
    """Digest of the templates and of this generator: templates checked under it need no checking again."""
    pictures: dict[Key, Resized] = dataclasses.field(default_factory=dict)
    """The explainers' pictures, resized, by (slug, file)."""
    left_out: tuple[LeftOut, ...] = ()
    """Explainers a build without drafts does not publish (none when drafts are published)."""
    warnings: tuple[Problem, ...] = ()
    """Problems that do not stop publishing: the content's warnings and the held-back explainers' problems."""
    held_back: tuple[HeldBack, ...] = ()
    """Drafts and scheduled explainers left out for their problems (the preview shows them on their pages)."""

    @property
    def pages(self) -> int:
        """The HTML pages among the jobs."""
        return sum(job.path.endswith(".html") for job in self.jobs)


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
    early = _EarlyWork(project, catalogue, bytecode, references_checked=templates == templates_checked)
    day = build_day(options)
    hold_back = day if options.holds_back else None
    content = load_content(
        project.content_dir, parsed=parsed, hashes=hashes, alongside=early.start, hold_back=hold_back
    )
    if options.held:
        content = _holding_back(content, options.held)
    while True:
        try:
            return _model_and_jobs(project, options, content, day, early, templates, related, hashes)
        except ContentError as exc:
            # A draft being shown (the preview) whose share image is at fault (its size, its type), or whose
            # page cannot be made (a link to a page the site lacks), is held back like a draft with problems
            # in its files; each round holds at least one back, or raises.
            if hold_back is None:
                raise
            content = _holding_back(content, _drafts_at_fault(exc, content.explainers, day))


def _model_and_jobs(
    project: Project,
    options: Options,
    content: Content,
    day: dt.date,
    early: _EarlyWork,
    templates: str,
    related: RelatedMemo | None,
    hashes: Callable[[str], str] | None = None,
) -> Prepared:
    """The site model, its page jobs and all they need, from the loaded content."""
    model = build_site_model(content, options.base_url, options.drafts, day, related)
    translations = early.translations(model.site.language)
    assets = early.assets()
    _require_assets(assets)
    pictures, images = _images(project, model, hashes)
    views = ViewBuilder(
        model,
        MarkdownRenderer(model.urls.base_path),
        assets[STYLESHEET].target,
        frozenset(a.target for a in assets.values()),
        favicon=assets[FAVICON].target,
        images=images,
        pictures=pictures,
        gettext=translations.gettext,
    )
    renderer = Renderer(early.templates(translations), views)
    frame = digest(
        templates,
        sorted(translations.messages.items()),
        model.site,
        model.urls.base_url,
        sorted(a.target for a in assets.values()),
        images[SITE_CARD].target,  # each explainer's own image is among its page's inputs
    )
    unpublished = () if not options.holds_back else left_out(content, day)
    warnings = tuple(sorted({*content.warnings, *(p for held in content.held_back for p in held.problems)}))
    jobs = renderer.jobs(model)
    return Prepared(
        model,
        translations,
        assets,
        images,
        renderer,
        jobs,
        frame,
        templates,
        pictures,
        unpublished,
        warnings,
        content.held_back,
    )


def _images(
    project: Project, model: SiteModel, hashes: Callable[[str], str] | None
) -> tuple[dict[Key, Resized], dict[str, ShareImage]]:
    """The explainers' pictures, resized, and every page's share image; one ContentError for all their
    problems."""
    problems: list[Problem] = []
    pictures: dict[Key, Resized] = {}
    try:
        pictures = resized_pictures(model.explainers, project.content_dir, project.pictures_cache_dir, hashes)
    except ContentError as exc:
        problems.extend(exc.problems)
    try:
        images = share_images(model, project.content_dir, project.cards_cache_dir, pictures)
    except ContentError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return pictures, images


def _drafts_at_fault(failed: ContentError, explainers: tuple[Explainer, ...], day: dt.date) -> tuple[HeldBack, ...]:
    """The explainers not being published on ``day`` that ``failed``'s problems are all in, held back with them
    as warnings; ``failed`` raised again where a problem lies elsewhere (published content, a template)."""
    unpublished = {e.path.rsplit("/", 1)[0] + "/": e for e in explainers if not is_published(e, day)}
    found: dict[str, list[Problem]] = {}
    for problem in failed.problems:
        folder = next((f for f in unpublished if problem.path.startswith(f)), None)
        if folder is None:
            raise failed
        found.setdefault(folder, []).append(problem)
    return tuple(
        HeldBack(e.slug, e.path, e.title, None if e.draft else e.date, tuple(sorted(p.as_warning() for p in found[f])))
        for f, e in unpublished.items()
        if f in found
    )


def _holding_back(content: Content, held: tuple[HeldBack, ...]) -> Content:
    """``content`` without the explainers ``held`` holds back, and with them among its held-back ones."""
    slugs = {h.slug for h in held}
    return dataclasses.replace(
        content,
        explainers=tuple(e for e in content.explainers if e.slug not in slugs),
        held_back=tuple(sorted((*content.held_back, *held), key=lambda h: h.slug)),
    )


class _EarlyWork:
    """What needs only site.yaml, made while other processes parse the explainers (``load_content`` calls
    ``start`` as soon as it has the settings). A problem found early is kept, and raised where the step that
    needs the result would have found it."""

    def __init__(
        self, project: Project, catalogue: Path | None, bytecode: jinja2.BytecodeCache | None, references_checked: bool
    ) -> None:
        self.project, self.catalogue = project, catalogue
        self.bytecode, self.references_checked = bytecode, references_checked
        self._translations: Callable[[], Translations] | None = None
        self._assets: Callable[[], dict[str, Asset]] | None = None
        self._templates: Callable[[], CompiledTemplates] | None = None

    def start(self, site: SiteSettings) -> None:
        self._translations = _ahead(lambda: self._load_translations(site.language))
        self._assets = _ahead(lambda: collect_assets(self.project.static_dir))
        try:
            translations = self._translations()
        except ContentError:
            return
        self._templates = _ahead(lambda: self._compile(translations))

    def translations(self, language: str) -> Translations:
        return self._translations() if self._translations else self._load_translations(language)

    def assets(self) -> dict[str, Asset]:
        return self._assets() if self._assets else collect_assets(self.project.static_dir)

    def templates(self, translations: Translations) -> CompiledTemplates:
        return self._templates() if self._templates else self._compile(translations)

    def _load_translations(self, language: str) -> Translations:
        return load_translations(self.project.locale_dir, language, self.catalogue)

    def _compile(self, translations: Translations) -> CompiledTemplates:
        templates_dir = self.project.templates_dir
        return CompiledTemplates(templates_dir, translations, self.bytecode, references_checked=self.references_checked)


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


def _require_assets(assets: dict[str, Asset]) -> None:
    missing = [
        Problem(f"static/{name}", 0, 0, message, t("restore it from git"))
        for name, message in ((STYLESHEET, t("the stylesheet is missing")), (FAVICON, t("the favicon is missing")))
        if name not in assets
    ]
    if missing:
        raise ContentError(missing)


@dataclass(frozen=True)
class Checked:
    """What ``check`` found, when nothing stops publishing."""

    left_out: tuple[LeftOut, ...] = ()
    """The explainers a build with these options would not publish."""
    warnings: tuple[Problem, ...] = ()
    """Problems that do not stop publishing."""


def check(
    project: Project, options: Options = Options(), workers: int | None = None, since: str | None = None
) -> Checked:
    """Validate content and templates without writing anything (every page is rendered, then dropped).

    With ``since`` (a git revision, such as a pull request's base), a published explainer whose article
    changed since then without a new ``updates`` entry is a warning."""
    site = prepare(project, options)
    _done, problems = render_jobs(site.renderer, site.jobs, lambda path, data, sha256: None, workers)
    if problems:
        raise ContentError(problems)
    publishing_files(site.site_model)
    unrecorded = unrecorded_changes(project.root, since, site.site_model.explainers) if since else []
    return Checked(site.left_out, (*site.warnings, *unrecorded))


def check_output_folder(project: Project, out_dir: Path) -> None:
    """Refuse an output folder that would replace the project or sit among its inputs."""
    out = out_dir.resolve()
    root = project.root.resolve()
    problem = ""
    if root.is_relative_to(out):
        problem = t("the output folder would replace the project folder itself")
    for folder in (project.content_dir, project.templates_dir, project.static_dir, project.locale_dir):
        if out.is_relative_to(folder.resolve()):
            problem = t("the output folder is inside the project's {folder}/ folder", folder=folder.name)
    if problem:
        raise ContentError([Problem(str(out_dir), 0, 0, problem, t("choose a separate folder, such as output/"))])


def build(
    project: Project,
    out_dir: Path,
    options: Options = Options(),
    workers: int | None = None,
    *,
    inputs: noop.Inputs | None = None,
    state_file: Path | None = None,
) -> BuildResult:
    """Build the site into ``out_dir``, changing it only when every page rendered.

    What the last build left (.cache/build/) lets this one skip explainers whose files are unchanged, pages
    whose inputs are unchanged, and files whose bytes are unchanged; the result is the same bytes as a build
    from nothing. When nothing changed at all, ``out_dir`` is not touched. ``inputs`` is what
    noop.read_inputs gave if the caller called it a moment ago, before anything was read.

    ``state_file`` keeps what this build leaves apart from the command line's builds of output/ (the
    preview builds its own folder); such a build skips the no-op check, whose record is output/'s.
    """
    out_dir = open_output_folder(project, out_dir)
    shortcut = state_file is None  # the no-op check and its record are for the command line's builds only
    if shortcut and inputs is None:
        inputs, untouched = _nothing_changed(project, out_dir, options)
        if untouched is not None:
            return untouched
    record = inputs if shortcut else None
    state_file = state_file or project.state_file
    state = BuildState.load(state_file)
    site = _prepare_again(project, options, state, state_file, inputs)
    plan = plan_build(state, out_dir, site.jobs, site.frame, publishing_plan(site.site_model), _statics(site))
    if plan.nothing_to_do(state):
        _remember(record, project, out_dir, site, _stats(plan.present))
        return _result(site, plan, None)
    if shortcut:
        noop.forget(project.root)
    try:
        outcome = render_and_write(plan, site.renderer, workers, meanwhile=state.pickle_explainers)
    except ContentError as exc:
        if not options.hold_back_drafts:
            raise
        # The preview: a draft's page that cannot be rendered (a link to a page the site lacks) holds that
        # draft back, as its other problems would, and the rest is built again without it (each round holds
        # at least one more back, or raises).
        held = (*options.held, *_drafts_at_fault(exc, site.site_model.explainers, build_day(options)))
        retry = dataclasses.replace(options, held=held)
        return build(project, out_dir, retry, workers, inputs=inputs, state_file=state_file)
    _next_state(state, site, plan, outcome).save(state_file)
    _remember(record, project, out_dir, site, {p: (r.size, r.mtime_ns, r.inode) for p, r in outcome.records.items()})
    return _result(site, plan, outcome)


def open_output_folder(project: Project, out_dir: Path) -> Path:
    """``out_dir`` as an absolute path, once it is known to be a safe place and any interrupted build's
    patch has been finished."""
    check_output_folder(project, out_dir)
    out_dir = out_dir.absolute()
    recover_output(out_dir)
    return out_dir


def noop_settings(out_dir: Path, options: Options) -> list[object]:
    """Everything besides the input files that a build's result depends on."""
    return noop.settings(GENERATOR, out_dir, options.base_url, options.drafts, build_day(options))


def _nothing_changed(project: Project, out_dir: Path, options: Options) -> tuple[noop.Inputs, BuildResult | None]:
    """The inputs as they are now, and the answer if the last build's record says nothing changed."""
    inputs = noop.read_inputs(project.root, noop_settings(out_dir, options))
    untouched = noop.up_to_date(project.root, out_dir, inputs.digest)
    if untouched is None:
        return inputs, None
    inputs.hashes.save()
    pages, assets, files, _notes = untouched
    return inputs, BuildResult(pages, assets, files, 0, 0)


def _prepare_again(
    project: Project, options: Options, state: BuildState, state_file: Path, inputs: noop.Inputs | None
) -> Prepared:
    """``prepare``, with what the last build left: its parsed explainers, compiled templates, the templates it
    checked, its related lists and the catalogue's messages. What the no-op check hashed spares reading
    unchanged explainers to see that they are unchanged."""
    hashes = inputs.hashes if inputs is not None else noop.FileHashes(project.root)
    cache = state_file.parent
    bytecode = _compiled_templates(cache)
    catalogue = cache / "catalogue.json"
    site = prepare(
        project, options, state.explainers, bytecode, hashes.sha256, state.templates, state.related, catalogue
    )
    hashes.save(everything=inputs is not None)
    return site


def _remember(
    record: noop.Inputs | None, project: Project, out_dir: Path, site: Prepared, stats: dict[str, tuple[int, int, int]]
) -> None:
    """Leave the no-op check its record of this build (for the command line's builds of output/)."""
    if record is not None:
        notes = noop.Notes(tuple(p.format() for p in site.warnings), left_out_line(site.left_out))
        noop.remember(project.root, out_dir, record.digest, site.pages, len(site.assets), stats, notes)


def _compiled_templates(cache: Path) -> jinja2.BytecodeCache:
    """Where the templates compiled by the last build are kept (Jinja recompiles one whose source changed)."""
    compiled = cache / "templates"
    compiled.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(compiled))


def _statics(site: Prepared) -> tuple[StaticFile, ...]:
    return static_files(site.assets, site.images, site.pictures)


def _stats(files: dict[str, os.stat_result]) -> dict[str, tuple[int, int, int]]:
    return {path: (info.st_size, info.st_mtime_ns, info.st_ino) for path, info in files.items()}


def _next_state(state: BuildState, site: Prepared, plan: IncrementalPlan, outcome: WriteOutcome) -> BuildState:
    """What this build leaves for the next one."""
    out = str(plan.out_dir)
    keys = plan.page_keys
    return BuildState(state.explainers, keys, plan.extra_keys, out, outcome.records, site.templates, state.related)


def _result(site: Prepared, plan: IncrementalPlan, outcome: WriteOutcome | None) -> BuildResult:
    language = site.site_model.site.language
    if outcome is None:
        return BuildResult(
            site.pages,
            len(site.assets),
            len(plan.wanted),
            0,
            0,
            (),
            language,
            site.left_out,
            site.warnings,
            site.held_back,
        )
    files = len(outcome.digests)
    return BuildResult(
        site.pages,
        len(site.assets),
        files,
        outcome.rendered,
        outcome.written,
        outcome.changed,
        language,
        site.left_out,
        site.warnings,
        site.held_back,
    )
