"""Shortcuts for ``markdown``: the HTML markdown-it-py gives, for less work on the commonest text.

Each shortcut stands in for markdown-it where it can tell at once what markdown-it would produce, and
leaves everything else to it:

- ``plain_paragraph``: a lone line with no Markdown syntax (most timeline texts) is wrapped, not parsed;
- ``add_shortcuts`` puts the others in the parser: the core rules 'normalize' and 'inline' without work
  that changes nothing (``_normalize``, ``_inline``), a 'paragraph' rule for a line of its own
  (``_lone_paragraph``) and a 'link' rule for the plainest links (``_plain_link``), and the raw HTML rules
  left out, as they match nothing with raw HTML off.

Tests in tests/test_markdown.py render random inputs with the shortcuts and with plain markdown-it (the
same parser without them, ``_reference``) and compare the bytes:
``test_plain_fast_path_gives_the_parsers_bytes`` (``plain_paragraph``, on random lines),
``test_the_shortcuts_give_the_parsers_bytes_on_random_documents``, ``..._on_random_lists`` (with the
internal links found), ``..._on_random_links`` and ``..._on_the_projects_explainers``.
``test_the_inline_shortcut_knows_every_enabled_inline_rule`` keeps ``_INLINE_SYNTAX`` in step with the
inline rules enabled.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

_PLAIN_LINE = re.compile(r"[^\s\\`*_\[\]<>&#|~\-+=\d][^\n\r\t\\`*_\[\]<>&|~]*(?<=\S)")
"""Text that CommonMark renders as a bare paragraph: no emphasis, links, code, HTML, entities, escapes,
tables or strikethrough anywhere, no block marker (list, quote, heading, rule, code indent) at the start."""


def plain_paragraph(text: str) -> str | None:
    """The HTML of ``text`` if it is one line with no Markdown syntax (the parser would only wrap it), else
    None. Such a line has no heading and no link: it leaves the renderer's ``env`` as it was."""
    if _PLAIN_LINE.fullmatch(text):
        return "<p>" + text.replace('"', "&quot;") + "</p>\n"
    return None


def add_shortcuts(md: MarkdownIt) -> None:
    """Put the shortcuts in ``md``: CommonMark with tables and strikethrough, raw HTML off, no typographer."""
    md.disable(["html_block", "html_inline"])  # with "html" off they match nothing; no use trying each line
    md.core.ruler.at("normalize", _normalize)
    md.core.ruler.at("inline", _inline)
    md.block.ruler.before("table", "lone_paragraph", _lone_paragraph)
    md.inline.ruler.before("link", "plain_link", _plain_link)


def _normalize(state: StateCore) -> None:
    """markdown-it's 'normalize' core rule, which leaves alone text with no carriage return and no NUL: its
    expression matched every line feed of the text to put the same one back."""
    text = state.src
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    state.src = text


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
