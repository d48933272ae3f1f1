"""Markdown to HTML: CommonMark with tables, raw HTML off, an allow-list of link schemes, prefixed ids."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from penjelas.content.schema import slugify

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


def _normalize(state: StateCore) -> None:
    """markdown-it's 'normalize' core rule, which leaves alone text with no carriage return and no NUL: its
    expression matched every line feed of the text to put the same one back."""
    text = state.src
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    state.src = text


_PLAIN_LINE = re.compile(r"[^\s\\`*_\[\]<>&#|~\-+=\d][^\n\r\t\\`*_\[\]<>&|~]*(?<=\S)")
"""Text that CommonMark renders as a bare paragraph: no emphasis, links, code, HTML, entities, escapes,
tables or strikethrough anywhere, no block marker (list, quote, heading, rule, code indent) at the start."""


_INLINE_SYNTAX = re.compile(r"[\n\\`~*_\[!<&]")
"""Where the enabled inline rules can match: newline, escape, backticks, strikethrough, emphasis (* and _),
link, image, autolink, entity (html_inline is off; a test keeps this list and the enabled rules in step)."""


def _inline(state: StateCore) -> None:
    """markdown-it's 'inline' core rule, minus the inline parser for text in which no inline rule can match.

    Most headings, list items and many paragraphs are such text; the parser would scan it stopping at
    every '-', ':' or '%' that might start syntax in some other configuration, and produce one text token.
    """
    md = state.md
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if content and _INLINE_SYNTAX.search(content) is None:
            token.children.append(Token("text", "", 0, content=content))
        else:
            md.inline.parse(content, md, state.env, token.children)


_BLOCK_MARKERS = frozenset("`~>*-_+0123456789[#<|")
"""First characters of a line that may start some block other than a paragraph (fence, quote, rule, list,
reference, heading, HTML, table)."""


def _ends_paragraph(state: StateBlock, line: int) -> bool:
    """Whether ``line`` ends a paragraph before it (with no rule having to look): a blank line, the end of the
    block, or the next item of the list the paragraph is in (a less indented bullet, which the 'list' rule
    would take as ending the paragraph)."""
    if line >= state.lineMax or state.isEmpty(line):
        return True
    indent = state.sCount[line]
    if not 0 <= indent < state.blkIndent or (state.listIndent >= 0 and indent - state.listIndent >= 4):
        return False
    marker = state.bMarks[line] + state.tShift[line]
    return state.src[marker] in "-*+" and (marker + 1 >= state.eMarks[line] or state.src[marker + 1] in " \t")


def _lone_paragraph(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's 'paragraph' block rule for a line of its own (a blank line, the end, or the next list item
    after it) that starts with no block marker: such a line is a paragraph, so the rules before 'paragraph'
    (table, code, fence, quote, rule, list, reference, heading, setext heading) need not each look at it. Most
    paragraphs of an explainer are one long line, and so are most list items."""
    following = start + 1
    if silent or not _ends_paragraph(state, following):
        return False
    if state.sCount[start] - state.blkIndent >= 4:  # an indented code block
        return False
    if state.src[state.bMarks[start] + state.tShift[start]] in _BLOCK_MARKERS:
        return False
    state.line = following
    token = state.push("paragraph_open", "p", 1)
    token.map = [start, following]
    token = state.push("inline", "", 0)
    token.content = mdTrim(state.getLines(start, following, state.blkIndent, False))
    token.map = [start, following]
    token.children = []
    state.push("paragraph_close", "p", -1)
    return True


_PLAIN_LINK = re.compile(r"\[([^\[\]\n\\`~*_!<&]+)\]\(([^\s()<>\\&`\x00-\x1f\x7f]+)\)")
"""``[label](destination)`` where the label holds no inline syntax (see _INLINE_SYNTAX) and the destination no
space, escape, entity, angle bracket, parenthesis or backtick, and no title follows."""


def _plain_link(state: StateInline, silent: bool) -> bool:
    """markdown-it's 'link' inline rule for the plainest links, matched at once: the rule would find the label's
    end by trying every inline rule at every character, then parse the destination character by character.
    Anything else (and a link whose address is refused) is left to the rule itself."""
    match = _PLAIN_LINK.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    href = state.md.normalizeLink(match.group(2))
    if not state.md.validateLink(href):
        return False
    if not silent:
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        state.pending += match.group(1)  # the label, as one text token (the link rule's own pass gives one)
        state.push("link_close", "a", -1)
    state.pos = match.end()
    return True


@dataclass(frozen=True)
class Rendered:
    html: str
    internal_links: tuple[tuple[str, int], ...]
    """Root-relative link targets as written ('/slug/'), with their 1-based line in the source."""


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
        md.disable(["html_block", "html_inline"])  # with "html" off they match nothing; no use trying each line
        md.core.ruler.at("normalize", _normalize)
        md.core.ruler.at("inline", _inline)
        md.block.ruler.before("table", "lone_paragraph", _lone_paragraph)
        md.inline.ruler.before("link", "plain_link", _plain_link)
        # Both are pure, and an archive links to the same addresses (its own explainers, its sources) again
        # and again: each address is normalised and judged once per build.
        md.normalizeLink = functools.cache(md.normalizeLink)  # type: ignore[method-assign]
        md.validateLink = functools.cache(is_safe_link)  # type: ignore[method-assign]
        md.core.ruler.push("heading_ids", _heading_ids)
        md.core.ruler.push("site_links", _site_links(base_path))
        self.md = md

    def render(self, text: str, env: dict[str, Any] | None = None) -> Rendered:
        """HTML for ``text``, with the internal links it contains.

        Texts rendered with the same ``env`` dict share one set of heading ids, so the article and its
        timeline texts never give two elements of a page the same id.
        """
        if _PLAIN_LINE.fullmatch(text):
            # One line with no Markdown syntax (most timeline texts): the parser would only wrap it.
            return Rendered("<p>" + text.replace('"', "&quot;") + "</p>\n", ())
        env = {} if env is None else env
        env["internal_links"] = []
        html = self.md.render(text, env)
        return Rendered(html, tuple(env["internal_links"]))


def make_renderer(base_path: str = "/") -> Callable[..., str]:
    """Markdown source to HTML as a plain function ``render(src, env=None)``, for callers that need no links."""
    renderer = MarkdownRenderer(base_path)

    def render(src: str, env: dict[str, Any] | None = None) -> str:
        return renderer.render(src, env).html

    return render
