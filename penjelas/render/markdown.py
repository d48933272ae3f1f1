"""Markdown to HTML: CommonMark with tables, raw HTML off, an allow-list of link schemes, prefixed ids.

This is markdown-it-py as configured for the site. The shortcuts that give its HTML for less work on the
commonest text are in ``_markdown_fast``, which says which tests prove them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from penjelas.content.media import is_local_picture
from penjelas.content.schema import slugify
from penjelas.render._markdown_fast import add_shortcuts, plain_paragraph

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
HEADING_ID_PREFIX = "bagian-"
"""Prefixes ids of headings in the body, so they never collide with the page's own ids."""

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]")


def is_safe_link(url: str) -> bool:
    """True for http(s), mailto and relative links.

    markdown-it hands us the link already decoded from entities and then %-encoded, so a tab hidden as
    ``&#9;`` arrives as ``%09``. Browsers do not decode %XX in a scheme, but other readers of the page
    (feed readers, mail clients, scrapers) may, so the scheme is judged as written, decoded, and with the
    invisible characters browsers skip removed: a link that could be read as ``javascript:`` is refused.
    """
    for candidate in (url, unquote(url)):
        compact = _INVISIBLE.sub("", unicodedata.normalize("NFKC", candidate))
        match = _SCHEME.match(compact)
        if match is not None and match.group(1).lower() not in ALLOWED_SCHEMES:
            return False
    return True


def _heading_ids(state: StateCore) -> None:
    used: dict[str, int] = state.env.setdefault("penjelas_heading_counts", {})
    taken: set[str] = state.env.setdefault("penjelas_heading_ids", set())
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        if token.tag == "h1":  # the page title is the only h1
            token.tag = "h2"
            tokens[index + 2].tag = "h2"
        inline = tokens[index + 1]
        text = "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))
        base = HEADING_ID_PREFIX + (slugify(text) or "judul")
        count = used.get(base, 0)
        while True:  # 'A', 'A', 'A 2' must not give two 'bagian-a-2'
            count += 1
            candidate = base if count == 1 else f"{base}-{count}"
            if candidate not in taken:
                break
        used[base] = count
        taken.add(candidate)
        token.attrSet("id", candidate)


FIGURE = "penjelas_figure"
"""The ``env`` key of the function that gives a picture's figure: (file, alt as written, line) -> its HTML."""
STRAY_PICTURE = "penjelas_stray_picture"
"""The ``env`` key of the function told of a picture that does not stand alone in its paragraph: (file, line)."""


def _figures(state: StateCore) -> None:
    """A paragraph holding only a picture of the explainer's folder ('![](foto.jpg)') becomes its figure;
    such a picture anywhere else is reported. Without the functions in ``env`` (text rendered on its own),
    pictures are left as they are."""
    figure, stray = state.env.get(FIGURE), state.env.get(STRAY_PICTURE)
    if figure is None or stray is None:
        return
    tokens, kept = state.tokens, []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = token.map[0] + 1 if token.map else 0
        if token.type == "paragraph_open" and index + 2 < len(tokens):
            children = [
                c
                for c in tokens[index + 1].children or ()
                if not (c.type in ("text", "softbreak") and not c.content.strip())
            ]
            src = str(children[0].attrGet("src") or "") if len(children) == 1 and children[0].type == "image" else ""
            if src and is_local_picture(src):
                block = Token("html_block", "", 0)
                block.content, block.map, block.block = figure(unquote(src), children[0].content, line), token.map, True
                kept.append(block)
                index += 3
                continue
        for child in token.children or ():
            src = str(child.attrGet("src") or "") if child.type == "image" else ""
            if src and is_local_picture(src):
                stray(unquote(src), line)
        kept.append(token)
        index += 1
    state.tokens = kept


@dataclass(frozen=True)
class Rendered:
    html: str
    internal_links: tuple[tuple[str, int], ...]
    """Root-relative link targets as written ('/slug/'), with their 1-based line in the source."""
    intro: str = ""
    """With ``split``: the HTML before the first heading of the text's own level (``html`` is the rest)."""


def _site_links(base_path: str) -> Callable[[StateCore], None]:
    """Root-relative links ('/slug/') point into the site: note them for checking, and add the base path."""

    def rule(state: StateCore) -> None:
        found: list[tuple[str, int]] = state.env.setdefault("internal_links", [])
        for block in state.tokens:
            line = block.map[0] + 1 if block.map else 0
            for token in block.children or ():
                attr = "href" if token.type == "link_open" else "src" if token.type == "image" else None
                if attr is None:
                    continue
                value = token.attrGet(attr)
                if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
                    found.append((value, line))
                    token.attrSet(attr, base_path + value[1:])

    return rule


class MarkdownRenderer:
    """Renders Markdown source to safe HTML; '/x' links are placed under ``base_path`` and reported."""

    def __init__(self, base_path: str = "/") -> None:
        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        md.enable(["table", "strikethrough"])
        add_shortcuts(md)  # the same HTML, for less work on the commonest text
        # Both are pure, and an archive links to the same addresses (its own explainers, its sources) again
        # and again: each address is normalised and judged once per build.
        md.normalizeLink = functools.cache(md.normalizeLink)  # type: ignore[method-assign]
        md.validateLink = functools.cache(is_safe_link)  # type: ignore[method-assign]
        md.core.ruler.push("heading_ids", _heading_ids)
        md.core.ruler.push("site_links", _site_links(base_path))
        md.core.ruler.push("figures", _figures)
        self.md = md

    def render(self, text: str, env: dict[str, Any] | None = None, split: bool = False) -> Rendered:
        """HTML for ``text``, with the internal links it contains; with ``split``, in two parts: what comes
        before the first heading (an article's opening paragraphs), and the rest.

        Texts rendered with the same ``env`` dict share one set of heading ids, so the article and its
        timeline texts never give two elements of a page the same id.
        """
        shortcut = plain_paragraph(text)
        if shortcut is not None:  # one line with no Markdown syntax (most timeline texts)
            return Rendered("", (), shortcut) if split else Rendered(shortcut, ())
        env = {} if env is None else env
        env["internal_links"] = []
        tokens = self.md.parse(text, env)
        cut = next((i for i, t in enumerate(tokens) if t.type == "heading_open" and t.level == 0), len(tokens))
        cut = cut if split else 0
        html = self.md.renderer.render(tokens[cut:], self.md.options, env)
        intro = self.md.renderer.render(tokens[:cut], self.md.options, env) if cut else ""
        return Rendered(html, tuple(env["internal_links"]), intro)

    def plain(self, text: str) -> str:
        """One line of inline Markdown as plain text (for metadata): its words, without the marks."""
        tokens = self.md.parseInline(text, {})
        return "".join(c.content for t in tokens for c in t.children or () if c.type in ("text", "code_inline"))

    def inline(self, text: str, links: list[str] | None = None) -> str:
        """HTML for one line of inline Markdown (a caption): emphasis, links, code; no blocks, no pictures.
        The root-relative links it holds ('/slug/') are added to ``links``, if given, for checking."""
        env: dict[str, Any] = {}
        html = str(self.md.renderInline(text, env))
        if links is not None:
            links.extend(href for href, _line in env.get("internal_links", ()))
        return html


def make_renderer(base_path: str = "/") -> Callable[..., str]:
    """Markdown source to HTML as a plain function ``render(src, env=None)``, for callers that need no links."""
    renderer = MarkdownRenderer(base_path)

    def render(src: str, env: dict[str, Any] | None = None) -> str:
        return renderer.render(src, env).html

    return render
