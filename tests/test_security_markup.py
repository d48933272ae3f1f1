"""Hostile markup and links in content never reach a reader's browser as code (issue 7, cases 1-3)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from penjelas.build import Project, build
from penjelas.core.errors import ContentError
from penjelas.render.markdown import is_safe_link, make_renderer
from tests.hostile import audit_output, element_shapes, explainer, page_texts, parse_html, quote, write_content


def build_site(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a content tree and build it in-process; the output folder."""
    write_content(root, files)
    out = root / "output"
    build(Project(root), out)
    return out


def build_errors(root: Path, files: dict[str, str | bytes]) -> list[str]:
    """Write a content tree whose build must fail; its error lines."""
    write_content(root, files)
    with pytest.raises(ContentError) as caught:
        build(Project(root), root / "output")
    assert not (root / "output").exists()
    return [p.format() for p in caught.value.problems]


# --- 1. Raw HTML in Markdown -------------------------------------------------------------------------

RAW_HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="https://example.org/" onclick="alert(1)">klik</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<scr<script>ipt>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<<script>script>alert(1)<</script>/script>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
]


def raw_html_site(payload: str) -> dict[str, str | bytes]:
    """``payload`` as a block, inline, in a quote and a list item of the body, and in timeline text."""
    inline = f"Sebelum {payload} sesudah."
    body = f"{payload}\n\n{inline}\n\n> {payload}\n\n- {payload}\n"
    return {
        "explainers/satu/index.md": explainer(body=body),
        "explainers/satu/timeline.yaml": f"- date: 2024\n  title: Peristiwa\n  text: {quote(inline)}\n",
    }


@pytest.mark.parametrize("payload", RAW_HTML)
def test_raw_html_in_the_body_and_timeline_is_shown_as_text(tmp_path: Path, payload: str) -> None:
    out = build_site(tmp_path / "site", raw_html_site(payload))
    assert audit_output(out) == []
    text = page_texts(out)["satu/index.html"]
    assert text.count(payload) == 5, "every copy is shown to the reader, as text"
    benign = build_site(tmp_path / "benign", raw_html_site("teks biasa"))
    assert element_shapes(out) == element_shapes(benign), "content added or removed an element or attribute"


def test_raw_html_never_survives_the_markdown_renderer() -> None:
    render = make_renderer()
    for payload in RAW_HTML:
        rendered = render(payload + "\n\ntext " + payload)
        page = parse_html(rendered)
        assert page.problems == [], payload
        assert {tag for tag, _ in page.elements} <= {"p"}, payload


# --- 2. Link schemes ---------------------------------------------------------------------------------

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "JAVASCRIPT:alert(1)",
    "<java\tscript:alert(1)>",
    "<java\nscript:alert(1)>",
    "jav&#x09;ascript:alert(1)",
    "jav&NewLine;ascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "%6Aavascript:alert(1)",
    "java%09script:alert(1)",
    "\u200bjavascript:alert(1)",
    "ｊａｖａｓｃｒｉｐｔ:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "<data:text/html,<script>alert(1)</script>>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
    "FILE://c:/windows/win.ini",
    "livescript:alert(1)",
]
LINK_FORMS = {
    "inline": "[tautan]({url})",
    "image": "![gambar]({url})",
    "titled": '[tautan]({url} "judul")',
    "reference": "[tautan][r]\n\n[r]: {url}",
    "autolink": "<{url}>",
}


@pytest.mark.parametrize("form", sorted(LINK_FORMS))
def test_dangerous_link_schemes_never_become_links(tmp_path: Path, form: str) -> None:
    snippets = [LINK_FORMS[form].format(url=url) for url in HOSTILE_URLS]
    body = "\n\n".join(snippets)
    timeline = "".join(
        f"- date: 2024\n  title: Peristiwa {i}\n  text: {quote(snippet)}\n" for i, snippet in enumerate(snippets)
    )
    out = build_site(
        tmp_path / "site",
        {"explainers/satu/index.md": explainer(body=body), "explainers/satu/timeline.yaml": timeline},
    )
    assert audit_output(out) == []
    page = parse_html((out / "satu/index.html").read_text("utf-8"))
    assert not [v for tag, key, v in page.attributes if key in ("href", "src") and "alert" in v + html.unescape(v)]


def test_safe_links_are_kept(tmp_path: Path) -> None:
    """The filter is an allow-list, not a wall: http(s), mailto, fragments and site links still work."""
    body = (
        "[a](https://example.org/a) [b](HTTP://example.org/b) [c](mailto:redaksi@example.org) "
        "[d](#bagian-x) [e](/dua/) [f](../dua/) ![g](https://example.org/g.png)"
    )
    out = build_site(
        tmp_path / "site",
        {"explainers/satu/index.md": explainer(body=body), "explainers/dua/index.md": explainer()},
    )
    page = parse_html((out / "satu/index.html").read_text("utf-8"))
    links = {v for tag, key, v in page.attributes if (tag, key) in (("a", "href"), ("img", "src"))}
    assert {
        "https://example.org/a",
        "HTTP://example.org/b",
        "mailto:redaksi@example.org",
        "#bagian-x",
        "/dua/",
        "../dua/",
        "https://example.org/g.png",
    } <= links


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/", True),
        ("http://example.org/", True),
        ("mailto:a@example.org", True),
        ("/slug/", True),
        ("slug/", True),
        ("#x", True),
        ("?q=1", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java%09script:alert(1)", False),
        ("java%0ascript:alert(1)", False),
        ("%6a%61vascript:alert(1)", False),
        ("jav%C2%A0ascript:alert(1)", False),
        ("\u200bjavascript:alert(1)", False),
        ("%EF%BD%8A%EF%BD%81%EF%BD%96%EF%BD%81%EF%BD%93%EF%BD%83%EF%BD%92%EF%BD%89%EF%BD%90%EF%BD%94:x", False),
        ("vbscript:x", False),
        ("data:text/html,x", False),
        ("data:image/png;base64,AAAA", False),
        ("file:///etc/passwd", False),
        ("tel:+62", False),
    ],
)
def test_is_safe_link(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


YAML_URL_CASES = [
    ("javascript:alert(1)", "javascript:alert(1)"),
    ("JavaScript:alert(1)", "JavaScript:alert(1)"),
    ("vbscript:msgbox(1)", "vbscript:msgbox(1)"),
    ("data:text/html,<script>alert(1)</script>", "data:text/html,<script>alert(1)</script>"),
    ("file:///etc/passwd", "file:///etc/passwd"),
    ("//evil.example/", "//evil.example/"),
    ("https:/evil.example/", "https:/evil.example/"),
    ("https://", "https://"),
    ("https:// evil.example/", "https:// evil.example/"),
]


@pytest.mark.parametrize(("url", "shown"), YAML_URL_CASES)
def test_yaml_urls_with_other_schemes_are_errors(tmp_path: Path, url: str, shown: str) -> None:
    errors = build_errors(
        tmp_path / "site",
        {
            "sources.yaml": f"kcna:\n  name: KCNA\n  url: {quote(url)}\n",
            "explainers/satu/index.md": explainer(extra=f"read_also:\n  - title: Bacaan\n    url: {quote(url)}\n"),
        },
    )
    message = f"error: 'url' must be a web address starting with https:// or http://, not '{shown}'"
    assert errors == [
        f"content/explainers/satu/index.md:7:10: {message}",
        f"content/sources.yaml:3:8: {message}",
    ]


@pytest.mark.parametrize("url", ["java\tscript:alert(1)", "https://example.org/\u0001", " javascript:alert(1)"])
def test_yaml_urls_with_hidden_characters_are_errors(tmp_path: Path, url: str) -> None:
    files: dict[str, str | bytes] = {
        "sources.yaml": f"kcna:\n  name: KCNA\n  url: {quote(url)}\n",
        "explainers/satu/index.md": explainer(),
    }
    errors = build_errors(tmp_path / "site", files)
    assert len(errors) == 1
    assert errors[0].startswith("content/sources.yaml:3:8: error: 'url' ")


# --- 3. Markup in plain-text fields ------------------------------------------------------------------

PAYLOAD = "</title><script>alert(1)</script>\"'><b onmouseover=x>{{ 7*7 }}&amp;]]></script><!--"
"""Closes <title>, a script block, an attribute and a CDATA section; opens a comment; tries Jinja."""


def plain_text_site(value: str) -> dict[str, str | bytes]:
    """A site with ``value`` in every plain-text field an editor controls."""
    q = quote(value)
    tag = quote(value[:60])
    return {
        "site.yaml": f'title: {q}\ndescription: {q}\nlanguage: "id"\nbase_url: "https://example.org/"\nauthor: {q}\n',
        "sources.yaml": f'kcna:\n  name: {q}\n  url: "https://kcna.example/"\n',
        "explainers/satu/index.md": explainer(
            value,
            value,
            body="Isi.",
            extra=f'tags: [{tag}]\nread_also:\n  - title: {q}\n    url: "https://example.org/baca"\nrelated: [dua]\n',
        ),
        "explainers/dua/index.md": explainer(value, value, extra=f"tags: [{tag}]\n"),
        "explainers/satu/timeline.yaml": f"- date: 2024-06\n  title: {q}\n  sources: [kcna]\n",
        "explainers/satu/facts.yaml": f"- label: {q}\n  value: {q}\n  sources: [kcna]\n",
    }


def test_markup_in_plain_text_fields_is_escaped_everywhere(tmp_path: Path) -> None:
    out = build_site(tmp_path / "site", plain_text_site(PAYLOAD))
    assert audit_output(out) == []

    benign = build_site(tmp_path / "benign", plain_text_site("Teks biasa"))
    assert element_shapes(out) == element_shapes(benign), "content added or removed an element or attribute"

    raw = (out / "satu/index.html").read_text("utf-8")
    titles = re.findall(r"<title>(.*?)</title>", raw, re.DOTALL)
    assert [html.unescape(t) for t in titles] == [f"{PAYLOAD} · {PAYLOAD}"]
    page = parse_html(raw)
    metas = [v for tag, key, v in page.attributes if tag == "meta" and key == "content" and "alert" in v]
    # Meta tags carry the text whole, combined with other text ("Site: title") or shortened with "…":
    # either way the parsed attribute is the payload's own characters, never markup.
    assert metas and all(PAYLOAD in v or PAYLOAD.startswith(v.rstrip("…").rstrip()) for v in metas), metas
    text = page_texts(out)["satu/index.html"]
    # title, h1, summary, tag, fact label and value, event title, source name (x2), read-also title,
    # related teaser, site title, description and author all show the payload as text
    assert text.count(PAYLOAD) >= 12
    assert "49" not in text, "content is data, never a template"


def test_every_output_file_stays_well_formed_with_markup_in_fields(tmp_path: Path) -> None:
    """Feeds and structured data (when present) carry the text intact: XML parses, JSON-LD parses."""
    import json
    import xml.etree.ElementTree as ET

    out = build_site(tmp_path / "site", plain_text_site(PAYLOAD))
    for path in out.rglob("*"):
        if path.suffix == ".xml":
            root = ET.fromstring(path.read_bytes())
            for element in root.iter():
                if element.text and "alert(1)" in element.text and element.get("type") != "html":
                    assert "</title><script>alert(1)</script>" in element.text, path
        if path.suffix == ".html":
            for block in re.findall(
                r'<script type="application/ld\+json">(.*?)</script>', path.read_text("utf-8"), re.DOTALL
            ):
                data = json.dumps(json.loads(block), ensure_ascii=False)
                if "alert(1)" in data:
                    assert "</title><script>alert(1)</script>" in data, path
