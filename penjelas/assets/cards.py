"""Share cards: a 1200×630 PNG with the site's name and a headline, for pages without an image of their own.

Cards are drawn with a pinned typeface and Pillow's basic layout, so the same text gives the same bytes on
every machine. Drawing takes a noticeable moment, so cards are kept in a cache folder named by a hash of
everything that shapes them, and redrawn only when their text (or the drawing) changes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import unicodedata
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import PIL  # the package alone, for its version; its drawing modules load only when a card is drawn

from penjelas.core.atomic import new_file_mode, replace_whole

if TYPE_CHECKING:
    from PIL import ImageFont

WIDTH, HEIGHT = 1200, 630
"""The size Facebook, X and WhatsApp use for large link previews (1.91:1)."""
CARD_VERSION = "2"
"""Change it whenever the drawing changes, so cached cards are redrawn."""

FONT_PACKAGE = "font_source_sans_pro"
HEADLINE_FONT = "SourceSansPro-Bold.ttf"
KICKER_FONT = "SourceSansPro-Semibold.ttf"

BACKGROUND = (10, 61, 117)
KICKER_COLOUR = (156, 201, 255)
HEADLINE_COLOUR = (255, 255, 255)
BAR_COLOUR = (140, 196, 255)
MARGIN = 80
KICKER_SIZE = 40
HEADLINE_TOP = 168
HEADLINE_BOTTOM = HEIGHT - 96
HEADLINE_SIZES = tuple(range(80, 47, -4))
"""Largest first; the first size at which the headline fits is used."""
LINE_HEIGHT = 1.16
BAR_HEIGHT = 14
ELLIPSIS = "…"


@functools.cache
def load_font(name: str, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    path = resources.files(FONT_PACKAGE).joinpath("files", name)
    with path.open("rb") as handle:
        data = handle.read()
    # Basic layout: the complex-script engine (raqm) depends on system libraries, and so would the pixels.
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _missing_glyph(name: str) -> bytes:
    """How the font draws a character it does not have (a box), to recognise such characters."""
    return bytes(load_font(name, 40).getmask("\U000f0000"))


@functools.cache
def _has_glyph(name: str, char: str) -> bool:
    return char.isspace() or bytes(load_font(name, 40).getmask(char)) != _missing_glyph(name)


def drawable(text: str, font_name: str = HEADLINE_FONT) -> str:
    """``text`` with what the typeface cannot draw folded to plain letters ('ő' -> 'o') or left out.

    A box in place of a letter looks broken on a shared link; the full text is in the image's alt text.
    """
    out: list[str] = []
    for char in text:
        if _has_glyph(font_name, char):
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if base and base != char and all(_has_glyph(font_name, c) for c in base):
            out.append(base)
    return " ".join("".join(out).split())


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy line breaking at spaces; a word wider than a line is broken between letters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while font.getlength(line) > width:
            cut = len(line) - 1
            while cut > 1 and font.getlength(line[:cut]) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines


def fit_headline(text: str, width: int, height: int) -> tuple[int, list[str]]:
    """The largest font size at which ``text`` fits the box, and its lines; shortened with '…' if none does."""
    for size in HEADLINE_SIZES:
        font = load_font(HEADLINE_FONT, size)
        lines = wrap(text, font, width)
        if len(lines) * round(size * LINE_HEIGHT) <= height:
            return size, lines
    size = HEADLINE_SIZES[-1]
    font = load_font(HEADLINE_FONT, size)
    lines = wrap(text, font, width)
    keep = max(1, height // round(size * LINE_HEIGHT))
    lines, rest = lines[:keep], lines[keep:]
    if rest:
        words = lines[-1].split()
        while len(words) > 1 and font.getlength(" ".join(words) + ELLIPSIS) > width:
            words.pop()
        last = " ".join(words)
        while len(last) > 1 and font.getlength(last + ELLIPSIS) > width:
            last = last[:-1]
        lines[-1] = last.rstrip(" ,.;:–—-") + ELLIPSIS
    return size, lines


def render_card(kicker: str, headline: str) -> bytes:
    """Draw a card: ``kicker`` (the site's name) above ``headline``, as PNG bytes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    kicker_font = load_font(KICKER_FONT, KICKER_SIZE)
    kicker_lines = wrap(drawable(kicker, KICKER_FONT), kicker_font, inner)[:1]
    if kicker_lines:
        draw.text((MARGIN, MARGIN), kicker_lines[0], font=kicker_font, fill=KICKER_COLOUR, anchor="la")
    size, lines = fit_headline(drawable(headline), inner, HEADLINE_BOTTOM - HEADLINE_TOP)
    font = load_font(HEADLINE_FONT, size)
    step = round(size * LINE_HEIGHT)
    for index, line in enumerate(lines):
        draw.text((MARGIN, HEADLINE_TOP + index * step), line, font=font, fill=HEADLINE_COLOUR, anchor="la")
    draw.rectangle((0, HEIGHT - BAR_HEIGHT, WIDTH, HEIGHT), fill=BAR_COLOUR)
    buffer = io.BytesIO()
    # zlib level 6 without "optimize": much less time, for files only a little larger
    image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def card_key(kicker: str, headline: str) -> str:
    """A name for the card that changes whenever anything that shapes its pixels changes."""
    return _recipe_digest((CARD_VERSION, PIL.__version__, FONT_PACKAGE, WIDTH, HEIGHT, kicker, headline))


@functools.lru_cache(maxsize=1 << 16)  # asked twice per explainer a build, and again by every preview build
def _recipe_digest(recipe: tuple[object, ...]) -> str:
    return hashlib.sha256(json.dumps(recipe, ensure_ascii=False).encode("utf-8")).hexdigest()


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cached_card(kicker: str, headline: str, cache_dir: Path | None) -> bytes:
    """The card for this text, from ``cache_dir`` when it was drawn before; drawn and stored otherwise.

    The cache only saves time: a folder that cannot be written is skipped, never a reason to fail the build.
    """
    if cache_dir is None:
        return render_card(kicker, headline)
    path = cache_dir / f"{card_key(kicker, headline)}.png"
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if data.startswith(PNG_SIGNATURE):
        return data
    data = render_card(kicker, headline)
    _store(path, data)
    return data


def store_card(cache_dir: Path, kicker: str, headline: str, data: bytes) -> str | None:
    """Keep a card drawn elsewhere (another process) in the cache: its file's name there, or None if the cache
    cannot be written."""
    name = f"{card_key(kicker, headline)}.png"
    return name if _store(cache_dir / name, data) else None


def _store(path: Path, data: bytes) -> bool:
    """Keep a card in the cache, atomically (a concurrent build reads the old file or the whole new one); False
    where it cannot be written, which only costs the next build some time. Cards are linked into the output
    folder as they are, so they get the mode any file written there gets: a web server running as another
    user would refuse a file only its owner can read."""
    return replace_whole(path, data, new_file_mode())
