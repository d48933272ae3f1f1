"""Markdown rendering: safe, with prefixed heading ids, base-path links and a fast path that changes nothing."""

from __future__ import annotations

import random

import pytest

from penjelas.markdown import _PLAIN_LINE, MarkdownRenderer

ALPHABET = "abc XYZ éü\u00a0\u2003\u2028\u0085 1.,:;'\"()!?#-+=*_[]<>&|~`\\\t0123456789/%@$^{}"


def test_plain_fast_path_gives_the_parsers_bytes() -> None:
    fast = MarkdownRenderer()
    rng = random.Random(7)
    taken = 0
    for _ in range(20_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30)))
        if _PLAIN_LINE.fullmatch(text):
            taken += 1
        assert fast.render(text).html == fast.md.render(text), repr(text)
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
