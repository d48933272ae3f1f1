"""Markdown rendering: safe, with prefixed heading ids, base-path links and a fast path that changes nothing."""

from __future__ import annotations

import random

import markdown_it.rules_core
import pytest

from penjelas.render._markdown_fast import _PLAIN_LINE
from penjelas.render.markdown import MarkdownRenderer
from tests.conftest import ROOT

ALPHABET = "abc XYZ éü\u00a0\u2003\u2028\u0085 1.,:;'\"()!?#-+=*_[]<>&|~`\\\t0123456789/%@$^{}"


def _reference() -> MarkdownRenderer:
    """The renderer without its shortcuts: every block rule tried on every line, every inline text parsed."""
    reference = MarkdownRenderer()
    reference.md.disable(["lone_paragraph", "plain_link"])
    reference.md.enable(["html_block", "html_inline"])
    reference.md.core.ruler.at("normalize", markdown_it.rules_core.normalize)
    reference.md.core.ruler.at("inline", markdown_it.rules_core.inline)
    return reference


def test_plain_fast_path_gives_the_parsers_bytes() -> None:
    fast, reference = MarkdownRenderer(), _reference()
    rng = random.Random(7)
    taken = 0
    for _ in range(20_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30)))
        if _PLAIN_LINE.fullmatch(text):
            taken += 1
        assert fast.render(text).html == reference.md.render(text), repr(text)
    assert taken > 1000, "the fast path must actually be exercised"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Kata biasa.", "<p>Kata biasa.</p>\n"),
        ('Kutipan "ini".', "<p>Kutipan &quot;ini&quot;.</p>\n"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
        ("[x](https://a.example/)", '<p><a href="https://a.example/">x</a></p>\n'),
        ("# Judul", '<h2 id="bagian-judul">Judul</h2>\n'),
        ("## Sama\n\n## Sama", '<h2 id="bagian-sama">Sama</h2>\n<h2 id="bagian-sama-2">Sama</h2>\n'),
    ],
)
def test_render(text: str, html: str) -> None:
    assert MarkdownRenderer().render(text).html == html


def test_root_relative_links_get_the_base_path_and_are_reported_with_lines() -> None:
    rendered = MarkdownRenderer("/repo/").render("Satu.\n\nLihat [ini](/lain/#x) dan [itu](//cdn.example/a).\n")
    assert '<a href="/repo/lain/#x">ini</a>' in rendered.html
    assert '<a href="//cdn.example/a">itu</a>' in rendered.html
    assert rendered.internal_links == (("/lain/#x", 3),)


def test_the_inline_shortcut_knows_every_enabled_inline_rule() -> None:
    # _INLINE_SYNTAX lists where these rules can match; a rule enabled later must be added there too.
    assert MarkdownRenderer().md.inline.ruler.get_active_rules() == [
        "text",
        "newline",
        "escape",
        "backticks",
        "strikethrough",
        "emphasis",
        "plain_link",
        "link",
        "image",
        "autolink",
        "entity",
    ]


LINE_STARTS = ["", "", "", "# ", "## ", "- ", "* ", "1. ", "> ", "    ", "| ", "---", "```", "<div>", "[a]: /x "]
LINE_STARTS += [
    "  ",
    "\t",
    "> - ",
    "- > ",
    "+ ",
    "2) ",
    "9. ",
    "0) ",
    "10. ",
    "~~~",
    "=",
    "___",
    "    - ",
    "   ",
    "> > ",
    "- - ",
]
WORDS = ["kata", "undang-undang", "50%", "a:b", "*em*", "_x_", "**k**", "~~s~~", "`c`", "[t](/a/)", "![i](b.png)"]
WORDS += ["<https://a.example>", "&amp;", "&copy;", "\\*", "<b>", "| x |", "!", "[", "]", "<", "&", "\\", "  ", "=="]
WORDS += ["a\rb", "\r\n", "\r\r\n", "\0", "x\0\n"]


def test_the_shortcuts_give_the_parsers_bytes_on_random_documents() -> None:
    fast, reference = MarkdownRenderer(), _reference()
    rng = random.Random(11)
    for _ in range(3_000):
        lines = [
            rng.choice(LINE_STARTS) + " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6)))
            for _ in range(rng.randint(1, 8))
        ]
        text = "\n".join(lines) if rng.random() < 0.5 else "\n\n".join(lines)
        assert fast.md.render(text, {}) == reference.md.render(text, {}), repr(text)


LIST_STARTS = ["- ", "* ", "+ ", "-\t", "-", "  - ", "   - ", "    - ", "      - ", "1. ", "2) ", "  ", "    ", ""]
LIST_STARTS += ["> - ", "> ", "- > ", "- - ", "  * ", "  + ", " ", "\t- ", "--- ", "- # "]


def test_the_shortcuts_give_the_parsers_bytes_on_random_lists() -> None:
    fast, reference = MarkdownRenderer(), _reference()
    rng = random.Random(13)
    for _ in range(3_000):
        lines = [
            rng.choice(LIST_STARTS) + " ".join(rng.choice(WORDS[:4] + WORDS[9:10]) for _ in range(rng.randint(0, 3)))
            for _ in range(rng.randint(1, 7))
        ]
        text = "".join(line + ("\n\n" if rng.random() < 0.15 else "\n") for line in lines)
        fast_env: dict[str, object] = {}
        reference_env: dict[str, object] = {}
        assert fast.md.render(text, fast_env) == reference.md.render(text, reference_env), repr(text)
        assert fast_env == reference_env, repr(text)  # internal links, with their lines


LABELS = [
    "a",
    "kata lain",
    " spasi ",
    "a:b",
    "50%",
    "x-y",
    "*e*",
    "_u_",
    "`c`",
    "[n]",
    "a\\]",
    "&amp;",
    "!",
    "~~s~~",
    "",
]
TARGETS = ["/a/", "https://a.example/b?c=d#e", "mailto:x@y.example", "javascript:alert(1)", "a b", "<a b>", "(a)"]
TARGETS += [
    "a(b)c",
    "a\\)",
    "&amp;x",
    "a`b",
    'a"b',
    "%zz",
    "JAVASCRIPT:x",
    '/a/ "judul"',
    "",
    " /a/",
    "\u00a0/a/",
    "data:x",
]


def test_the_shortcuts_give_the_parsers_bytes_on_random_links() -> None:
    fast, reference = MarkdownRenderer(), _reference()
    rng = random.Random(17)
    for _ in range(4_000):
        parts = []
        for _ in range(rng.randint(1, 4)):
            link = f"[{rng.choice(LABELS)}]({rng.choice(TARGETS)})"
            parts.append(
                rng.choice(["", "!", "*", "[", "`", "**", "<", "~~"])
                + link
                + rng.choice(["", "*", ")", "]", "`", " x"])
            )
        text = rng.choice(["", "- ", "# ", "> "]) + rng.choice([" ", "", "\n"]).join(parts)
        fast_env: dict[str, object] = {}
        reference_env: dict[str, object] = {}
        assert fast.md.render(text, fast_env) == reference.md.render(text, reference_env), repr(text)
        assert fast_env == reference_env, repr(text)


def test_the_shortcuts_give_the_parsers_bytes_on_the_projects_explainers() -> None:
    fast, reference = MarkdownRenderer(), _reference()
    bodies = [p.read_text(encoding="utf-8") for p in ROOT.glob("**/content/explainers/*/index.md")]
    assert len(bodies) >= 4
    for body in bodies:
        assert fast.md.render(body, {}) == reference.md.render(body, {})
