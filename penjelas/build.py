"""The build pipeline: load, check, model, render, write. Everything is checked before output/ changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assets import Asset, collect_assets
from .content import load_content
from .errors import ContentError, Problem
from .i18n import load_translations
from .markdown import make_renderer
from .output import StagedOutput, recover_output
from .render import RenderedPage, Renderer
from .site import SiteModel, build_site_model
from .views import ViewBuilder

STYLESHEET = "style.css"


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


@dataclass(frozen=True)
class Options:
    base_url: str | None = None
    """Overrides site.yaml's base_url (deploys under another address)."""
    drafts: bool = False
    """Include explainers marked draft."""


@dataclass(frozen=True)
class BuildResult:
    pages: int
    assets: int


def render_site(project: Project, options: Options) -> tuple[SiteModel, list[RenderedPage], dict[str, Asset]]:
    """Load, check and render everything in memory; raise ContentError listing every problem."""
    content = load_content(project.content_dir)
    model = build_site_model(content, options.base_url, options.drafts)
    translations = load_translations(project.locale_dir, model.site.language)
    assets = collect_assets(project.static_dir)
    if STYLESHEET not in assets:
        raise ContentError([Problem(f"static/{STYLESHEET}", 0, 0, "the stylesheet is missing", "restore it from git")])
    views = ViewBuilder(model, make_renderer(model.urls.base_path), assets[STYLESHEET].target)
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
    return model, pages, assets


def check(project: Project, options: Options = Options()) -> None:
    """Validate content and templates without writing anything."""
    render_site(project, options)


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


def build(project: Project, out_dir: Path, options: Options = Options()) -> BuildResult:
    """Build the site into ``out_dir``, replacing it only when every page rendered."""
    check_output_folder(project, out_dir)
    recover_output(out_dir)
    _model, pages, assets = render_site(project, options)
    with StagedOutput(out_dir) as output:
        for page in pages:
            output.write(page.path, page.data, page.origin)
        for asset in assets.values():
            output.write(asset.target, asset.data, f"static/{asset.source}")
        output.commit()
    return BuildResult(len(pages), len(assets))
