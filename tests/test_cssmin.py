"""The CSS minifier, on strings: what it removes, and every place where removing would change the meaning."""

from __future__ import annotations

import pytest

from penjelas.assets.cssmin import minify_css
from tests.conftest import ROOT

CASES = [
    # (name, input, expected)
    ("comments and indentation", "/* note */\na {\n  color: red;\n}\n", "a{color:red}"),
    ("last semicolon in a block", "a { color: red; margin: 0; }", "a{color:red;margin:0}"),
    ("selector lists", "h1 ,\nh2 , h3 { margin : 0 }", "h1,h2,h3{margin :0}"),
    ("child combinator", "ul > li { x: y }", "ul>li{x:y}"),
    ("descendant before a pseudo-class keeps its space", "a :hover { x: y }", "a :hover{x:y}"),
    ("descendant before a class keeps its space", ".a .b { x: y }", ".a .b{x:y}"),
    ("space in values is kept once", "a { margin: 0   auto  1rem }", "a{margin:0 auto 1rem}"),
    ("calc() needs spaces around + and -", "a { width: calc( 100%  -  2rem ) }", "a{width:calc(100% - 2rem)}"),
    (
        "'and (' must not become a function",
        "@media screen and (min-width: 40rem) { a { x: y } }",
        "@media screen and (min-width:40rem){a{x:y}}",
    ),
    ("nested blocks", "@media print {\n  a { x: y; }\n  b { z: w; }\n}\n", "@media print{a{x:y}b{z:w}}"),
    ("double-quoted string kept as is", 'a::after { content: "a  /* b */  c" }', 'a::after{content:"a  /* b */  c"}'),
    (
        "single-quoted string kept as is",
        "a { font-family: 'Segoe  UI', sans-serif }",
        "a{font-family:'Segoe  UI',sans-serif}",
    ),
    ("escaped quote inside a string", r'a { content: "say \"hi\" ;}" }', r'a{content:"say \"hi\" ;}"}'),
    ("strings separated by a space", 'a { grid-template-areas: "x y"  "z w" }', 'a{grid-template-areas:"x y" "z w"}'),
    ("unquoted url() argument copied", "a { background: url( img/a.png ) }", "a{background:url(img/a.png)}"),
    ("quoted url() argument", "a { background: url( 'a b.png' ) }", "a{background:url('a b.png')}"),
    ("comment between compound parts", ".a/* x */.b { x: y }", ".a.b{x:y}"),
    ("comment between two identifiers stays a separator", "a/* x */b { }", "a/**/b{}"),
    ("comment between a number and a unit stays", "a { x: 1/**/px }", "a{x:1/**/px}"),
    ("unclosed comment runs to the end", "a { x: y } /* to be continued", "a{x:y}"),
    ("empty custom property keeps its space", "a { --empty: ; }", "a{--empty: }"),
    ("custom property value", "a { --gap:  1rem  2rem ; }", "a{--gap:1rem 2rem}"),
    ("!important", "a { color: red !important; }", "a{color:red !important}"),
    ("attribute selector with a string", 'a[href^="http"] { x: y }', 'a[href^="http"]{x:y}'),
    ("empty input", "", ""),
    ("only whitespace and comments", "  /* a */ \n /* b */ ", ""),
]


@pytest.mark.parametrize(("css", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_minify(css: str, expected: str) -> None:
    assert minify_css(css) == expected


@pytest.mark.parametrize("css", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_minifying_twice_changes_nothing(css: str) -> None:
    once = minify_css(css)
    assert minify_css(once) == once


def test_the_sites_stylesheet_shrinks_and_keeps_every_rule() -> None:
    source = (ROOT / "static" / "style.css").read_text(encoding="utf-8")
    minified = minify_css(source)
    assert len(minified) < len(source) * 0.8
    assert "/*" not in minified
    assert "\n" not in minified
    assert minified.count("{") == minified.count("}") == source.count("{")
    assert 'grid-template-areas:"head facts" "intro facts" "main facts" "main related"' in minified
