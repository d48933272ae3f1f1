"""Helpers for the hostile-content tests: small content trees, and audits that apply to every built file.

The audits know nothing about which templates or pages exist: they parse every ``.html`` file with
``html.parser``, every ``.xml`` file with ``xml.etree`` and every ``.json`` file with ``json``, so pages,
feeds and structured data added later are covered as soon as they are built.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from tests.conftest import PROJECT_PARTS, ROOT

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "cite", "background", "data", "ping", "xlink:href", "srcset"}
)
FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"})
JSON_LD = "application/ld+json"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# What a browser's URL parser removes before it reads the scheme (WHATWG URL: C0 controls and space at
# the ends, tabs and newlines anywhere), plus what a lenient reader might: other invisible characters.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]")

SITE_YAML = """\
title: "Situs Uji"
description: "Situs untuk pengujian."
language: "id"
base_url: "https://example.org/"
author: "Redaksi Uji"
"""
SOURCES_YAML = """\
kcna:
  name: "KCNA"
  url: "https://kcna.example/"
"""
INDEX_MD = """\
---
title: "Judul"
summary: "Ringkasan."
date: 2024-06-19
---
Isi artikel.
"""


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back exactly (non-printables escaped)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def write_content(root: Path, files: dict[str, str | bytes], *, defaults: bool = True) -> Path:
    """Write ``files`` (paths below content/) into ``root``/content, with a valid site.yaml and
    sources.yaml unless given; the rest of the project (templates, static, locale) is copied in."""
    for part in PROJECT_PARTS:
        if part != "content" and not (root / part).exists():
            shutil.copytree(ROOT / part, root / part)
    content = root / "content"
    if defaults:
        files = {"site.yaml": SITE_YAML, "sources.yaml": SOURCES_YAML, **files}
    for name, data in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
    return root


def explainer(
    title: str = "Judul",
    summary: str = "Ringkasan.",
    body: str = "Isi artikel.",
    extra: str = "",
) -> str:
    """An index.md with the given (already plain) title and summary, extra front matter lines, and body."""
    return f"---\ntitle: {quote(title)}\nsummary: {quote(summary)}\ndate: 2024-06-19\n{extra}---\n{body}\n"


def browser_scheme(url: str) -> str | None:
    """The scheme a browser (or a lenient reader that also decodes %XX and entities) would see, lowercased."""
    candidates = {url, unquote(url), unicodedata.normalize("NFKC", unquote(url))}
    schemes = set()
    for candidate in candidates:
        match = _SCHEME.match(_IGNORED_IN_URL.sub("", candidate))
        if match:
            schemes.add(match.group(1).lower())
    unsafe = sorted(schemes - ALLOWED_SCHEMES)
    return unsafe[0] if unsafe else (sorted(schemes)[0] if schemes else None)


def unsafe_url(url: str) -> bool:
    """True if ``url`` could run code or leave the web: any scheme but http(s) and mailto."""
    scheme = browser_scheme(url)
    return scheme is not None and scheme not in ALLOWED_SCHEMES


class _Auditor(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.problems: list[str] = []
        self.elements: set[tuple[str, tuple[str, ...]]] = set()
        self.text: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self._script: str | None = None
        self._script_data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"{self.name}:{self.getpos()[0]}"
        values = {k: v or "" for k, v in attrs}
        self.elements.add((tag, tuple(sorted(values))))
        if "id" in values:
            if values["id"] in self.ids:
                self.problems.append(f"{where}: duplicate id={values['id']!r}")
            self.ids.add(values["id"])
        for key, value in values.items():
            self.attributes.append((tag, key, value))
            if key.startswith("on"):
                self.problems.append(f"{where}: event handler attribute {key}= on <{tag}>")
            if key in URL_ATTRIBUTES:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if key == "srcset" else [value]
                for url in urls:
                    if unsafe_url(url):
                        self.problems.append(f"{where}: <{tag} {key}={value!r}> has an unsafe scheme")
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"{where}: <{tag}> element")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append(f"{where}: <meta http-equiv=refresh>")
        if tag == "script":
            if values.get("type", "").lower() != JSON_LD or "src" in values:
                self.problems.append(f"{where}: <script> element that is not inline JSON-LD")
            self._script = where
            self._script_data = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            data = "".join(self._script_data)
            lowered = data.lower()
            for marker in ("<!--", "<script", "</script"):
                if marker in lowered:
                    self.problems.append(f"{self._script}: JSON-LD contains {marker!r}")
            try:
                json.loads(data)
            except ValueError as exc:
                self.problems.append(f"{self._script}: JSON-LD does not parse as JSON: {exc}")
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_data.append(data)
        else:
            self.text.append(data)


def parse_html(text: str, name: str = "page") -> _Auditor:
    """Parse a page, collecting its text, attributes, element shapes and anything unsafe."""
    auditor = _Auditor(name)
    auditor.feed(text)
    auditor.close()
    if auditor._script is not None:
        auditor.problems.append(f"{auditor._script}: a <script> is never closed")
    return auditor


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def audit_xml(data: bytes, name: str) -> list[str]:
    """Well-formed XML, no script elements, safe links, and embedded HTML (type="html") audited as HTML."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return [f"{name}: not well-formed XML: {exc}"]
    problems: list[str] = []
    for element in root.iter():
        local = _local(str(element.tag))
        if local == "script":
            problems.append(f"{name}: <script> element in XML")
        for key, value in element.attrib.items():
            if _local(key) in ("href", "src") and unsafe_url(value):
                problems.append(f"{name}: <{local} {_local(key)}={value!r}> has an unsafe scheme")
        if local in ("link", "loc") and element.text and unsafe_url(element.text.strip()):
            problems.append(f"{name}: <{local}>{element.text}</{local}> has an unsafe scheme")
        if element.get("type") in ("html", "text/html") and element.text:
            problems.extend(parse_html(element.text, f"{name} <{local}>").problems)
        if local == "encoded" and element.text:  # RSS content:encoded
            problems.extend(parse_html(element.text, f"{name} <{local}>").problems)
    return problems


def audit_output(folder: Path) -> list[str]:
    """Every unsafe thing in a built site; an empty list when it is clean."""
    problems: list[str] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        if not path.resolve().is_relative_to(folder.resolve()):
            problems.append(f"{name}: resolves outside the output folder")
        data = path.read_bytes()
        if path.suffix == ".html":
            problems.extend(parse_html(data.decode("utf-8"), name).problems)
        elif path.suffix in (".xml", ".rss", ".atom"):
            problems.extend(audit_xml(data, name))
        elif path.suffix in (".json", ".jsonld", ".webmanifest"):
            try:
                json.loads(data)
            except ValueError as exc:
                problems.append(f"{name}: not valid JSON: {exc}")
    return problems


def page_texts(folder: Path) -> dict[str, str]:
    """Each HTML page's text as a reader sees it (tags removed, references decoded)."""
    return {
        p.relative_to(folder).as_posix(): "".join(parse_html(p.read_text("utf-8")).text)
        for p in sorted(folder.rglob("*.html"))
    }


def element_shapes(folder: Path) -> set[tuple[str, tuple[str, ...]]]:
    """Every (element, attribute names) pair used in the site's pages: content must never add one."""
    shapes: set[tuple[str, tuple[str, ...]]] = set()
    for path in folder.rglob("*.html"):
        shapes |= parse_html(path.read_text("utf-8")).elements
    return shapes


def all_attribute_values(folder: Path) -> Iterable[tuple[str, str, str, str]]:
    """(page, element, attribute, value) for every attribute of every page."""
    for path in sorted(folder.rglob("*.html")):
        for tag, key, value in parse_html(path.read_text("utf-8")).attributes:
            yield path.relative_to(folder).as_posix(), tag, key, value


def assert_wrote_only_output(root: Path) -> None:
    """Besides output/, a build writes only its own git-ignored caches (drawn cards, the build state)."""
    assert sorted(p.name for p in root.iterdir() if p.name != ".cache") == [
        "content",
        "locale",
        "output",
        "static",
        "templates",
    ]
    if (root / ".cache").exists():
        assert {p.name for p in (root / ".cache").iterdir()} <= {"cards", "build"}
