"""The XML writer gives the bytes ElementTree gives after ET.indent, on random documents."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET

from penjelas.feeds.xmlwriter import XmlWriter, xml_text

ALPHABET = "ab Zé\u00a0\u2028 &<>\"'\r\n\t\x00\x07\x1f\ud800\ufffe\U0001f600=/;#"
TAGS = ["feed", "entry", "id", "link", "category", "loc"]
ATTRIBUTES = ["rel", "href", "xml:lang", "xmlns", "term"]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.choice([0, 0, 1, 3, 12])))


def _write(rng: random.Random, writer: XmlWriter, parent: ET.Element | None, depth: int) -> ET.Element:
    """One random element, written to ``writer`` and built as ElementTree would be (cleaned as the writer
    cleans: text through xml_text)."""
    tag = rng.choice(TAGS)
    attributes = {name: _text(rng) for name in rng.sample(ATTRIBUTES, rng.randint(0, 3))}
    cleaned = {name: xml_text(value) for name, value in attributes.items()}
    element = ET.Element(tag, cleaned) if parent is None else ET.SubElement(parent, tag, cleaned)
    if depth < 3 and rng.random() < 0.5:
        with writer.parent(tag, **attributes):
            for _ in range(rng.choice([0, 1, 2, 4])):
                if rng.random() < 0.3:  # written apart, then put in
                    part = XmlWriter(depth + 1)
                    _write(rng, part, element, depth + 1)
                    writer.insert(part.text())
                else:
                    _write(rng, writer, element, depth + 1)
    else:
        text = _text(rng) if rng.random() < 0.8 else None
        writer.leaf(tag, text, **attributes)
        if text is not None:
            element.text = xml_text(text)
    return element


def test_the_writer_gives_elementtrees_bytes() -> None:
    rng = random.Random(5)
    shapes = set()
    for _ in range(2_000):
        writer = XmlWriter()
        root = _write(rng, writer, None, 0)
        ET.indent(root)
        expected = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
        assert writer.data() == expected
        shapes.add((len(root), bool(root.text and root.text.strip())))
    assert len(shapes) > 4, "documents of several shapes: empty parents, leaves with and without text"


def test_empty_and_cleaned_text_give_short_elements() -> None:
    writer = XmlWriter()
    with writer.parent("a", x='1"\n'):
        writer.leaf("b", "\x00")
        writer.leaf("c", "<&>")
        with writer.parent("d"):
            pass
    assert writer.data().decode() == (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<a x="1&quot;&#10;">\n  <b />\n  <c>&lt;&amp;&gt;</c>\n  <d />\n</a>\n'
    )
