"""The build pipeline: load, check, model, render, write. Everything is checked before output/ changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .assets import Asset, collect_assets
from .content import load_content
from .dates import today
from .errors import ContentError, Problem
from .i18n import load_translations
from .incremental import RenderCache, digest, tree_digest
from .markdown import MarkdownRenderer
from .output import StagedOutput
from .publish import publishing_files
from .render import RenderedPage, Renderer
from .share import SITE_CARD, share_images
from .site import SiteModel, build_site_model
from .views import ViewBuilder

STYLESHEET = "style.css"
FAVICON = "favicon.svg"
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
    """Everything written: pages, assets, feeds, sitemap, share images."""


def build_day(options: Options) -> dt.date:
    """The day explainers must be dated by to be published."""
    if options.today is not None:
        return options.today
    try:
        return today()
    except ValueError as exc:
        raise ContentError([Problem("SOURCE_DATE_EPOCH", 0, 0, str(exc), "unset it or fix its value")]) from None


def render_site(
    project: Project, options: Options, cache: RenderCache | None = None
) -> tuple[SiteModel, list[RenderedPage], dict[str, Asset]]:
    """Load, check and render everything in memory; raise ContentError listing every problem.

    With a ``cache`` (the dev server's), pages whose inputs did not change since the last call are reused.
    """
    content = load_content(project.content_dir)
    model = build_site_model(content, options.base_url, options.drafts, build_day(options))
    translations = load_translations(project.locale_dir, model.site.language)
    assets = collect_assets(project.static_dir)
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
    renderer = Renderer(project.templates_dir, translations, views, cache.bytecode if cache else None)
    jobs = renderer.jobs(model)
    frame = ""
    if cache is not None:
        cache.start()
        frame = digest(
            tree_digest(project.templates_dir),
            sorted(translations.messages.items()),
            model.site,
            model.urls.base_url,
            sorted(a.target for a in assets.values()),
            images[SITE_CARD].target,  # each explainer's own image is among its page's inputs
        )
    pages: list[RenderedPage] = []
    problems: list[Problem] = []
    for job in jobs:
        try:
            pages.append(cache.render(renderer, job, frame) if cache is not None else renderer.render(job))
        except ContentError as exc:  # keep going: every broken page is reported at once
            problems.extend(exc.problems)
    if cache is not None:
        cache.retain(job.path for job in jobs)
    if problems:
        raise ContentError(problems)
    pages.extend(publishing_files(model, images))
    return model, pages, assets


def check(project: Project, options: Options = Options()) -> None:
    """Validate content and templates without writing anything."""
    render_site(project, options)


def build(project: Project, out_dir: Path, options: Options = Options()) -> BuildResult:
    """Build the site into ``out_dir``, replacing it only when every page rendered."""
    _model, pages, assets = render_site(project, options)
    with StagedOutput(out_dir) as output:
        for page in pages:
            output.write(page.path, page.data, page.origin)
        for asset in assets.values():
            output.write(asset.target, asset.data, f"static/{asset.source}")
        output.commit()
    return BuildResult(sum(page.path.endswith(".html") for page in pages), len(assets), len(pages) + len(assets))
