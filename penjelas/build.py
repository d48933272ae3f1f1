"""The build pipeline: load, check, model, render, write. Everything is checked before output/ changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assets import Asset, collect_assets
from .content import load_content
from .errors import ContentError, Problem
from .i18n import load_translations
from .markdown import MarkdownRenderer
from .output import StagedOutput
from .publish import publishing_files
from .render import RenderedPage, Renderer
from .share import share_images
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
    """Include explainers marked draft."""


@dataclass(frozen=True)
class BuildResult:
    pages: int
    """HTML pages."""
    assets: int
    files: int = 0
    """Everything written: pages, assets, feeds, sitemap, share images."""


def render_site(project: Project, options: Options) -> tuple[SiteModel, list[RenderedPage], dict[str, Asset]]:
    """Load, check and render everything in memory; raise ContentError listing every problem."""
    content = load_content(project.content_dir)
    model = build_site_model(content, options.base_url, options.drafts)
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
    renderer = Renderer(project.templates_dir, translations, views)
    pages: list[RenderedPage] = []
    problems: list[Problem] = []
    for job in renderer.jobs(model):
        try:
            pages.append(renderer.render(job))
        except ContentError as exc:  # keep going: every broken page is reported at once
            problems.extend(exc.problems)
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
