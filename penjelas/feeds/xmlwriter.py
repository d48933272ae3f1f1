"""A small XML writer for the feeds and the sitemap: the bytes ElementTree gives after ``ET.indent``.

ElementTree builds a tree of objects and then walks it, writing each piece through an encoder, which is slow
for the feeds of a large archive. These documents are simple (elements, attributes, text, never mixed
content), so they are written straight as text, escaped as ElementTree escapes. A test writes random
documents both ways and compares the bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all, even escaped: all but its ``Char`` production (tab, line feed,
carriage return, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF). Written as what is left out, this
compiles many times faster than the production itself would as a negated class."""

DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
INDENT = "  "


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot represent (written, they would break the file)."""
    return _NOT_XML.sub("", text)


TEXT_REFERENCES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
"""What ElementTree escapes in character data, in the order it does ('&' first)."""
ATTRIBUTE_REFERENCES = (*TEXT_REFERENCES, ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))
"""And in attribute values: line breaks and tabs too, so that a reader's normalisation of the value keeps them."""


def _escaped(text: str, references: tuple[tuple[str, str], ...]) -> str:
    for char, reference in references:
        if char in text:
            text = text.replace(char, reference)
    return text


def escape_text(text: str) -> str:
    """Character data, escaped as ElementTree escapes it."""
    return _escaped(text, TEXT_REFERENCES)


def escape_attribute(text: str) -> str:
    """An attribute value, escaped as ElementTree escapes it."""
    return _escaped(text, ATTRIBUTE_REFERENCES)


class XmlWriter:
    """One document, an element per line indented two spaces a level; every text and attribute value goes
    through ``xml_text`` and is escaped. An element is either a leaf with text or a parent of elements."""

    def __init__(self, depth: int = 0) -> None:
        """``depth`` above 0: a part of a document (no declaration), to go in at that depth (``insert``)."""
        self._parts = [] if depth else [DECLARATION]
        self._depth = depth

    def _start(self, tag: str, attributes: dict[str, str]) -> str:
        pairs = "".join(f' {name}="{escape_attribute(xml_text(value))}"' for name, value in attributes.items())
        return f"{INDENT * self._depth}<{tag}{pairs}"

    def leaf(self, tag: str, text: str | None = None, **attributes: str) -> None:
        """``<tag ...>text</tag>``, or ``<tag ... />`` when the text is empty."""
        start = self._start(tag, attributes)
        text = xml_text(text) if text else ""
        self._parts.append(f"{start}>{escape_text(text)}</{tag}>\n" if text else f"{start} />\n")

    @contextmanager
    def parent(self, tag: str, **attributes: str) -> Iterator[None]:
        """An element whose content is the elements written inside the ``with`` block."""
        start = self._start(tag, attributes)
        self._parts.append(start + ">\n")
        opened = len(self._parts)
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if len(self._parts) == opened:  # nothing inside: ElementTree writes a short empty element
            self._parts[-1] = start + " />\n"
        else:
            self._parts.append(f"{INDENT * self._depth}</{tag}>\n")

    def insert(self, part: str) -> None:
        """Elements written before by a writer started at this one's depth now (its ``text``)."""
        self._parts.append(part)

    def text(self) -> str:
        return "".join(self._parts)

    def data(self) -> bytes:
        """The document as UTF-8, ending with a line break."""
        return self.text().encode("utf-8")
