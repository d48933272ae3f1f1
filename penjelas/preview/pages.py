"""The pages the preview makes itself, without the site's templates (which may be what is broken): the
error page shown while the content has problems, and the page for an address the site does not have.

The error page is for the editor, in the editor's language (the editor catalogue, as the terminal); the
not-found page stands in for the site's own, in the site's language."""

from __future__ import annotations

import html
from collections.abc import Iterable

from penjelas.content.model import HeldBack
from penjelas.core import messages
from penjelas.core.errors import Problem
from penjelas.core.messages import t
from penjelas.render.translations import Translations

_PAGE_STYLE = (
    "body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}"
    "h1{color:#a00000;font-size:1.5rem}ol{padding-left:1.5rem}li{margin:.5rem 0}"
    "code{white-space:pre-wrap;word-break:break-word;font-size:.95rem}"
    ".draft-banner{border:2px solid #8a5a00;background:#fff4d6;padding:.75rem 1rem;border-radius:.25rem}"
    ".draft-banner h2{font-size:1.1rem;margin:0 0 .5rem}"
    "@media (prefers-color-scheme:dark){body{background:#121212;color:#eaeaea}h1{color:#ff8a80}"
    ".draft-banner{background:#2b2210;border-color:#e0b050}}"
)


def _standalone_page(language: str, title: str, body: str) -> bytes:
    """A page that needs no template (the templates may be what is broken)."""
    lang = html.escape(language)
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_PAGE_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{html.escape(title)}</h1>\n{body}</main>\n</body>\n</html>\n"
    ).encode()


def error_page(problems: Iterable[Problem]) -> bytes:
    """Every problem as 'path:line:col: error: message', for the browser while the content is broken: the
    lines the terminal shows, under a heading and a line in the editor's language."""
    items = "".join(f"<li><code>{html.escape(problem.format())}</code></li>\n" for problem in problems)
    body = (
        f"<p>{html.escape(t('Fix the problems below and save; this page reloads by itself.'))}</p>\n"
        f'<ol class="problems">\n{items}</ol>\n'
    )
    return _standalone_page(messages.language(), t("The preview could not be built"), body)


def held_back_page(held: HeldBack, translations: Translations) -> bytes:
    """The page of a draft (or scheduled explainer) held back for its problems: its title, and its problems in
    the draft banner, while the rest of the preview works."""
    items = "".join(f"<li><code>{html.escape(problem.format())}</code></li>\n" for problem in held.problems)
    body = (
        f'<section class="draft-banner" aria-labelledby="draft-problems">\n'
        f'<h2 id="draft-problems">{html.escape(translations.gettext("Draft: not published"))}</h2>\n'
        f"<p>{html.escape(t('This draft is not shown yet: fix the problems below and save; this page reloads by itself. The rest of the site is unaffected.'))}</p>\n"
        f'<ol class="problems">\n{items}</ol>\n</section>\n'
        f'<p><a href="/">{html.escape(translations.gettext("Home"))}</a></p>\n'
    )
    return _standalone_page(translations.language, held.title, body)


def not_found_page(translations: Translations) -> bytes:
    """The preview's answer for a page the site does not have."""
    body = f'<p><a href="/">{html.escape(translations.gettext("Home"))}</a></p>\n'
    return _standalone_page(translations.language, translations.gettext("Page not found"), body)
