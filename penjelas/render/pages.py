"""Rendering pages with Jinja: autoescaped, strict about undefined names, errors located in the template."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import jinja2

from penjelas.assets.share import ShareImage
from penjelas.content.model import Author, Explainer
from penjelas.core.digests import digest
from penjelas.core.errors import ContentError, Problem, suggest
from penjelas.core.messages import t
from penjelas.render.environment import CatalogueBytecodeCache, SiteEnvironment
from penjelas.render.translations import Translations
from penjelas.render.views import ViewBuilder
from penjelas.site.model import SiteModel
from penjelas.site.topics import Topic, popular_topics
from penjelas.site.urls import CORRECTIONS_DIR, TOPICS_DIR, author_target

TEMPLATES = ("home.html", "explainer.html", "topic.html", "topics.html", "author.html", "corrections.html", "404.html")
"""The page templates the generator uses; each may extend or include others."""
NOT_FOUND_PATH = "404.html"
"""GitHub Pages (and most static hosts) serve this file for any address that has no file."""
NOT_FOUND_SUGGESTIONS = 5


@dataclass(frozen=True)
class PageJob:
    """A page to render: its template, output path, and how to build its context."""

    template: str
    path: str
    origin: str
    """What produces it, for messages."""
    context: Callable[[], dict[str, Any]]
    inputs: tuple[object, ...] | None = None
    """Everything the context is made from beyond the page frame (templates, translations, site settings).

    A page whose frame and inputs are unchanged is not rendered again by an incremental build (build.py),
    so this must name all of it; None means "always render".
    """


def _shown_author(author: Author) -> tuple[object, ...]:
    """What pages show of an author (not where in authors.yaml it is written)."""
    return (author.id, author.name, author.role, author.bio, author.url, author.email)


def _image_inputs(image: ShareImage | None) -> tuple[str, str] | None:
    """What a page's share image puts in its head: its address (named by its bytes) and alt text."""
    return (image.target, image.alt) if image is not None else None


@dataclass(frozen=True)
class RenderedPage:
    path: str
    """Output file path relative to the site root."""
    data: bytes
    origin: str
    """What produced it, for collision messages."""


def make_environment(
    templates_dir: Path, translations: Translations, bytecode_cache: jinja2.BytecodeCache | None = None
) -> SiteEnvironment:
    """A Jinja environment with autoescaping, StrictUndefined and the site's translations.

    A ``bytecode_cache`` spares recompiling unchanged templates from one build to the next; the compiled
    code holds the translations (see templating.py), so the cache is consulted for this catalogue only.
    """
    env = SiteEnvironment(
        translations,
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=CatalogueBytecodeCache(bytecode_cache, translations) if bytecode_cache else None,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translations.gettext, translations.ngettext, newstyle=True
    )
    return env


def _template_location(exc: BaseException, templates_dir: Path) -> tuple[str, int]:
    """The template file and line where a render-time error happened (Jinja rewrites tracebacks so they show)."""
    root = templates_dir.resolve()
    found = ("", 0)
    for frame in traceback.extract_tb(exc.__traceback__):
        try:
            path = Path(frame.filename).resolve()
        except (OSError, ValueError):
            continue
        if path.is_relative_to(root):
            found = (path.relative_to(root.parent).as_posix(), frame.lineno or 0)
    return found


def _templates_in(exc: BaseException, templates_dir: Path) -> list[str]:
    """The template files a traceback passes through, sorted."""
    root = templates_dir.resolve()
    found = set()
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_absolute() and path.resolve().is_relative_to(root):
            found.add(path.resolve().relative_to(root.parent).as_posix())
    return sorted(found)


class CompiledTemplates:
    """Every template of a site, compiled up front so that all syntax errors are reported at once, with the
    environment they were compiled in. It needs only the catalogue, not the content: a build compiles them
    while other processes parse the explainers."""

    def __init__(
        self,
        templates_dir: Path,
        translations: Translations,
        bytecode_cache: jinja2.BytecodeCache | None = None,
        *,
        references_checked: bool = False,
    ) -> None:
        """``references_checked``: these very templates were found to name only templates that exist (by an
        earlier build), so that check, which needs every template parsed, is skipped."""
        self.templates_dir = templates_dir
        self.translations = translations
        self.env = make_environment(templates_dir, translations, bytecode_cache)
        self.templates = self._load_all(references_checked)

    def shown(self, name: str) -> str:
        """A template's name as an error shows it: 'templates/base.html'."""
        return (self.templates_dir.name + "/" + name) if name else self.templates_dir.name

    def _load_all(self, references_checked: bool = False) -> dict[str, jinja2.Template]:
        problems: list[Problem] = []
        names = sorted(set(self.env.list_templates(filter_func=lambda n: n.endswith(".html"))) | set(TEMPLATES))
        loaded: dict[str, jinja2.Template] = {}
        for name in names:
            try:
                loaded[name] = self.env.get_template(name)
            except jinja2.TemplateSyntaxError as exc:
                problems.append(
                    Problem(
                        self.shown(exc.name or name),
                        exc.lineno,
                        0,
                        t("template syntax error: {detail}", detail=exc.message),
                    )
                )
            except jinja2.TemplateNotFound as exc:
                problems.append(
                    Problem(self.shown(str(exc.name)), 0, 0, t("template not found"), t("restore it from git"))
                )
        existing = set(self.env.list_templates())
        for name in loaded if not references_checked else ():
            problems.extend(self._missing_references(name, existing))
        if problems:
            raise ContentError(problems)
        return loaded

    def _missing_references(self, name: str, existing: set[str]) -> list[Problem]:
        """Templates named in extends/include/import that do not exist, even in a branch no page takes yet."""
        if name not in self.env.references:  # its code came from the bytecode cache: parse it now
            source, _filename, _uptodate = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            self.env.parse(source, name)
        problems = []
        for target, line in self.env.references[name]:
            if target not in existing:
                hint = suggest(target, existing) or t("restore it from git")
                problems.append(Problem(self.shown(name), line, 0, t("template '{name}' not found", name=target), hint))
        return problems


def _picture_inputs(views: ViewBuilder, explainer: Explainer) -> tuple[object, ...]:
    """What an explainer's pictures put in a page: each entry of media.yaml and its copies' names (named by
    their bytes). Its folder's digest covers most of it, but not a picture in a subfolder."""
    found = []
    for picture in explainer.media:
        resized = views.pictures.get((explainer.slug, picture.file))
        copies = tuple(c.target for c in resized.copies) if resized is not None else ()
        found.append((picture.file, picture.alt, picture.credit, picture.caption, copies))
    return tuple(found)


class _Listed:
    """A digest of what a teaser shows of an explainer: pages list the same explainers again and again (the
    home page all of them), and spelling each out in every key would make megabytes to hash."""

    def __init__(self, model: SiteModel, views: ViewBuilder) -> None:
        self.model = model
        self.views = views
        self.digests: dict[str, str] = {}  # by slug

    def each(self, explainers: Iterable[Explainer]) -> tuple[str, ...]:
        """The digest of each of ``explainers``, in order."""
        return tuple(self.of(e) for e in explainers)

    def of(self, explainer: Explainer) -> str:
        found = self.digests.get(explainer.slug)
        if found is None:
            shown = (explainer.slug, explainer.title, explainer.summary, explainer.date)
            lead = explainer.lead
            picture = _picture_inputs(self.views, explainer) if lead is not None else ()
            by = tuple((a, self.model.authors[a].name) for a in explainer.authors)
            unpublished = self.model.is_unpublished(explainer)
            found = self.digests[explainer.slug] = digest((*shown, unpublished, picture, by))
        return found


class Renderer:
    """Renders every page of a site model."""

    def __init__(self, compiled: CompiledTemplates, views: ViewBuilder) -> None:
        self.compiled = compiled
        self.templates_dir = compiled.templates_dir
        self.translations = compiled.translations
        self.templates = compiled.templates
        self.views = views

    def render(self, job: PageJob) -> RenderedPage:
        """Render one page; a template mistake becomes a ContentError naming the template and line."""
        template, path = job.template, job.path
        try:
            html = self.templates[template].render(**job.context())
        except jinja2.TemplateNotFound as exc:
            where, line = _template_location(exc, self.templates_dir)
            raise ContentError(
                [
                    Problem(
                        where or self.compiled.shown(template), line, 0, t("template '{name}' not found", name=exc.name)
                    )
                ]
            ) from None
        except jinja2.TemplateError as exc:
            where, line = _template_location(exc, self.templates_dir)
            message = getattr(exc, "message", None) or str(exc)
            raise ContentError(
                [
                    Problem(
                        where or self.compiled.shown(template),
                        line,
                        0,
                        t("template error: {detail} (while rendering {page})", detail=message, page=path),
                    )
                ]
            ) from None
        except RecursionError as exc:
            involved = ", ".join(_templates_in(exc, self.templates_dir))
            raise ContentError(
                [
                    Problem(
                        self.compiled.shown(template),
                        0,
                        0,
                        t(
                            "template error: templates include or call each other without end ({involved}; while "
                            "rendering {page})",
                            involved=involved,
                            page=path,
                        ),
                        t("look for an include or macro that reaches itself"),
                    )
                ]
            ) from None
        except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as exc:
            where, line = _template_location(exc, self.templates_dir)
            if not where:
                raise
            raise ContentError(
                [
                    Problem(
                        where,
                        line,
                        0,
                        t(
                            "template error: {detail} (while rendering {page})",
                            detail=f"{type(exc).__name__}: {exc}",
                            page=path,
                        ),
                    )
                ]
            ) from None
        return RenderedPage(path, html.encode("utf-8"), job.origin)

    def jobs(self, model: SiteModel) -> list[PageJob]:
        """Every page of the site, in a fixed order; views are built when a page is rendered."""
        listed = _Listed(model, self.views)
        # Whether a page's internal links resolve depends on which pages exist (one digest for all of them).
        targets = digest(sorted(model.targets()))
        # What a page shows of a source, as plain tuples: a tuple's repr, which page keys are digests of, is
        # far cheaper than a dataclass's, and a thousand pages cite several sources each.
        shown_sources = {key: astuple(s) for key, s in model.sources.items()}
        return [
            self._home_job(model, listed),
            self._topics_job(model),
            self._corrections_job(model),
            *(
                self._explainer_job(model, e, listed, targets, shown_sources)
                for e in (*model.explainers, *model.withdrawn)
            ),
            *(self._topic_job(topic, listed) for topic in model.topics),
            *(self._author_job(model, author, listed) for author in model.authors.values()),
            self._not_found_job(model, listed),
        ]

    def _home_job(self, model: SiteModel, listed: _Listed) -> PageJob:
        views, site = self.views, model.site
        topics = popular_topics(model.topics)
        return PageJob(
            "home.html",
            "index.html",
            t("the home page"),
            lambda: {
                "page": views.page("home", site.title, site.description, ""),
                "home": views.home(model.explainers, topics),
            },
            (listed.each(model.explainers), tuple((t.name, t.slug, len(t.explainers)) for t in topics)),
        )

    def _topics_job(self, model: SiteModel) -> PageJob:
        views, site = self.views, model.site
        return PageJob(
            "topics.html",
            f"{TOPICS_DIR}/index.html",
            t("the topics page"),
            lambda: {
                "page": views.page("topics", self.translations.gettext("Topics"), site.description, f"{TOPICS_DIR}/"),
                "topics": tuple(views.topic(t) for t in model.topics),
            },
            tuple((t.name, t.slug, len(t.explainers)) for t in model.topics),
        )

    def _corrections_job(self, model: SiteModel) -> PageJob:
        views, site = self.views, model.site
        title = self.translations.gettext("Corrections and replies")
        path = f"{CORRECTIONS_DIR}/"
        return PageJob(
            "corrections.html",
            f"{path}index.html",
            t("the corrections page"),
            lambda: {
                "page": views.page("corrections", title, site.description, path, views.corrections_meta(title)),
                "corrections": views.corrections(),
            },
            (
                tuple((e.slug, e.title, u) for e, u in model.corrections),
                tuple((e.slug, e.title, e.withdrawn) for e in model.withdrawn),
            ),
        )

    def _explainer_job(
        self,
        model: SiteModel,
        explainer: Explainer,
        listed: _Listed,
        targets: str,
        shown_sources: dict[str, tuple[Any, ...]],
    ) -> PageJob:
        views = self.views
        return PageJob(
            "explainer.html",
            f"{explainer.slug}/index.html",
            explainer.path,
            lambda: {
                "page": views.page(
                    "explainer",
                    explainer.title,
                    explainer.summary,
                    f"{explainer.slug}/",
                    views.explainer_meta(explainer),
                ),
                "explainer": views.explainer(explainer),
            },
            (
                explainer.digest or explainer,  # the digest of its files, where the load knew it
                model.is_scheduled(explainer),
                listed.each(model.related.get(explainer.slug, ())),
                tuple(shown_sources[s] for s in explainer.cited),
                tuple(model.topic_slugs.get(t, "") for t in explainer.tags),  # a withdrawn one has no topics
                tuple(_shown_author(model.authors[a]) for a in explainer.authors),
                targets,
                _image_inputs(views.images.get(explainer.slug)),
                _picture_inputs(views, explainer),
            ),
        )

    def _topic_job(self, topic: Topic, listed: _Listed) -> PageJob:
        return PageJob(
            "topic.html",
            f"{topic.target}index.html",
            t("the topic '{name}'", name=topic.name),
            lambda: self._topic_context(topic),
            (topic.name, topic.slug, listed.each(topic.explainers)),
        )

    def _author_job(self, model: SiteModel, author: Author, listed: _Listed) -> PageJob:
        return PageJob(
            "author.html",
            f"{author_target(author.id)}index.html",
            t("the author page of '{name}'", name=author.name),
            lambda: self._author_context(author),
            (_shown_author(author), listed.each(model.by_author[author.id])),
        )

    def _author_context(self, author: Author) -> dict[str, Any]:
        description = self.author_description(author)
        path = author_target(author.id)
        return {
            "page": self.views.page(
                "author", author.name, description, path, self.views.author_meta(author, description)
            ),
            "author": self.views.author(author),
        }

    def author_description(self, author: Author) -> str:
        """An author page's description for search results: their bio, or what the page lists."""
        return author.bio or self.translations.gettext("Explainers by %(name)s, newest first.") % {"name": author.name}

    def _not_found_job(self, model: SiteModel, listed: _Listed) -> PageJob:
        views, site = self.views, model.site
        title = self.translations.gettext("Page not found")
        suggested = model.explainers[:NOT_FOUND_SUGGESTIONS]
        return PageJob(
            "404.html",
            NOT_FOUND_PATH,
            t("the page for missing addresses"),
            lambda: {
                "page": views.page(
                    "notfound", title, site.description, NOT_FOUND_PATH, views.not_found_meta(title, site.description)
                ),
                "explainers": tuple(views.teaser(e) for e in suggested),
            },
            listed.each(suggested),
        )

    def _topic_context(self, topic: Topic) -> dict[str, Any]:
        description = self.topic_description(topic)
        return {
            "page": self.views.page(
                "topic", topic.name, description, topic.target, self.views.topic_meta(topic, description)
            ),
            "topic": self.views.topic(topic),
        }

    def topic_description(self, topic: Topic) -> str:
        """A topic page's own description for search results, rather than the site's."""
        return self.translations.gettext("Explainers about %(topic)s, newest first.") % {"topic": topic.name}
