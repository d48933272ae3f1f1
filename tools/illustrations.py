"""The lead illustrations of the two North Korea–Russia explainers, drawn by us with Pillow.

`python -m tools.illustrations` rewrites them:

- ``protokol-kerja-sama-korea-utara-rusia/ilustrasi-peta.png``: a schematic map of the Korean peninsula and
  the Russian Far East coast, with Pyongyang, Vladivostok and the short border on the Tumen river;
- ``perjanjian-pertahanan-korea-utara-rusia-2024/ilustrasi-perjanjian.png``: two document sheets between
  abstract colour bands, the year and the treaty's name.

The coastlines are a few dozen hand-placed (longitude, latitude) points, projected equirectangularly: a
schematic, not a survey. Nothing is random and the typeface is the pinned one with Pillow's basic layout
(as in penjelas/assets/cards.py), so the same code gives the same bytes on every machine.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from penjelas.assets.cards import load_font

ROOT = Path(__file__).resolve().parent.parent
EXPLAINERS = ROOT / "content" / "explainers"
WIDTH, HEIGHT = 1600, 900
SS = 2
"""Supersampling: shapes are drawn this many times larger and scaled down, for smooth edges."""

Point = tuple[float, float]

# Colours, shared by both pictures.
NAVY = (10, 61, 117)
INK = (28, 36, 48)
GREY_INK = (92, 100, 112)
WHITE = (255, 255, 255)
PAPER = (247, 244, 237)


font = load_font
"""The pinned typeface, loaded as the share cards load it (basic layout, so the same pixels everywhere)."""


def bold(size: int) -> ImageFont.FreeTypeFont:
    return font("SourceSansPro-Bold.ttf", size)


def semibold(size: int) -> ImageFont.FreeTypeFont:
    return font("SourceSansPro-Semibold.ttf", size)


def regular(size: int) -> ImageFont.FreeTypeFont:
    return font("SourceSansPro-Regular.ttf", size)


def italic(size: int) -> ImageFont.FreeTypeFont:
    return font("SourceSansPro-SemiboldIt.ttf", size)


def text_width(text: str, face: ImageFont.FreeTypeFont) -> float:
    return face.getlength(text)


def save_png(image: Image.Image, path: Path) -> int:
    """Write ``image`` as an optimised RGB PNG (flat colours compress well); return its size in bytes."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "PNG", optimize=True)
    data = buffer.getvalue()
    path.write_bytes(data)
    return len(data)


# --- The map ---------------------------------------------------------------------------------------------

PANEL = 500
"""Width of the title panel on the left; the map fills the rest."""
LAT_TOP, LAT_BOTTOM = 45.6, 33.0
LON_LEFT = 121.3
SCALE_Y = HEIGHT / (LAT_TOP - LAT_BOTTOM)
SCALE_X = SCALE_Y * math.cos(math.radians(39.5))

SEA = (190, 216, 235)
LAND = (232, 228, 218)
NORTH_KOREA = (222, 128, 102)
RUSSIA = (150, 170, 204)
BORDER = (110, 104, 96)
RIVER = (52, 120, 190)
ACCENT = NAVY

# Hand-placed coastlines (longitude, latitude), each running in order along the coast.
CHINA_WEST = [
    (110.0, 48.0), (110.0, 40.3), (120.5, 40.3), (120.9, 40.7), (121.1, 40.85), (121.8, 40.95),
    (122.2, 40.65), (121.9, 40.0), (121.55, 39.5), (121.2, 38.8), (121.65, 38.95), (122.3, 39.3),
    (122.95, 39.65), (123.7, 39.8),
]  # fmt: skip
YALU_MOUTH = (124.35, 39.85)
NK_WEST = [
    YALU_MOUTH, (124.75, 39.62), (125.1, 39.55), (125.45, 39.48), (125.15, 39.1), (125.35, 38.72),
    (125.1, 38.6), (124.95, 38.4), (124.75, 38.15), (125.15, 38.0), (125.5, 37.75), (125.75, 37.95),
    (126.1, 37.8),
]  # fmt: skip
MDL_WEST, MDL_EAST = (126.55, 37.75), (128.37, 38.62)
DMZ = [MDL_WEST, (127.0, 38.0), (127.4, 38.3), (128.0, 38.3), MDL_EAST]
SOUTH_KOREA_COAST = [
    MDL_WEST, (126.6, 37.45), (126.85, 37.0), (126.5, 36.95), (126.15, 36.8), (126.4, 36.5), (126.5, 36.35),
    (126.65, 35.98), (126.5, 35.65), (126.45, 35.25), (126.35, 34.8), (126.5, 34.3), (126.9, 34.45),
    (127.3, 34.5), (127.75, 34.7), (127.95, 34.75), (128.4, 34.85), (128.65, 34.75), (129.05, 35.08),
    (129.4, 35.5), (129.57, 36.05), (129.42, 36.45), (129.42, 37.0), (129.17, 37.45), (128.92, 37.77),
    (128.6, 38.2), MDL_EAST,
]  # fmt: skip
TUMEN_MOUTH = (130.70, 42.29)
NK_EAST = [
    MDL_EAST, (128.3, 38.75), (127.95, 38.95), (127.45, 39.15), (127.4, 39.4), (127.6, 39.8), (127.95, 40.0),
    (128.2, 40.03), (128.7, 40.3), (128.92, 40.45), (129.2, 40.67), (129.7, 40.85), (129.65, 41.3),
    (129.8, 41.78), (130.05, 42.0), (130.3, 42.25), TUMEN_MOUTH,
]  # fmt: skip
TRIPOINT = (130.60, 42.42)
"""Where China, North Korea and Russia meet, on the Tumen."""
NK_RUSSIA = [TRIPOINT, (130.66, 42.35), TUMEN_MOUTH]
"""The border along the lowest stretch of the Tumen, about 17 km."""
NK_CHINA = [
    YALU_MOUTH, (124.4, 40.1), (124.95, 40.45), (125.6, 40.8), (126.3, 41.15), (126.9, 41.8), (127.5, 41.5),
    (128.2, 41.4), (128.05, 42.0), (128.7, 42.05), (129.2, 42.2), (129.75, 42.45), (129.99, 42.96),
    (130.25, 42.7), (130.4, 42.5), TRIPOINT,
]  # fmt: skip
RUSSIA_COAST = [
    TUMEN_MOUTH, (130.75, 42.5), (130.8, 42.65), (131.1, 42.6), (131.2, 42.55), (131.35, 42.8),
    (131.4, 42.87), (131.6, 43.05), (131.8, 43.35), (131.95, 43.25), (131.9, 43.12), (131.92, 42.98),
    (132.05, 43.2), (132.35, 43.3), (132.4, 43.05), (132.85, 42.85), (133.2, 42.75), (133.8, 42.75),
    (134.3, 43.05), (135.3, 43.75), (135.8, 44.35), (136.3, 44.75), (136.62, 45.05), (136.95, 45.4),
    (137.2, 45.7), (137.6, 48.0),
]  # fmt: skip
CHINA_RUSSIA = [
    TRIPOINT, (130.65, 42.8), (130.95, 43.0), (131.3, 43.4), (131.15, 44.0), (131.05, 44.6), (131.85, 44.95),
    (132.3, 45.1), (133.0, 45.3), (133.4, 45.9), (133.6, 48.0),
]  # fmt: skip
SHANDONG = [
    (118.0, 37.6), (120.3, 37.65), (120.75, 37.82), (121.4, 37.55), (122.1, 37.52), (122.7, 37.4),
    (122.45, 36.9), (121.2, 36.7), (120.45, 36.1), (119.5, 35.5), (118.0, 34.0),
]  # fmt: skip
HONSHU = [
    (130.92, 33.95), (131.4, 34.42), (132.07, 34.9), (132.63, 35.43), (133.33, 35.57), (134.23, 35.53),
    (134.7, 35.65), (135.2, 35.78), (135.35, 35.5), (135.75, 35.5), (136.05, 35.65), (136.0, 35.95),
    (136.62, 36.6), (136.75, 36.9), (136.9, 37.4), (137.35, 37.52), (136.95, 37.05), (136.95, 36.85),
    (137.2, 36.77), (137.85, 37.05), (138.25, 37.18), (138.55, 37.37), (139.05, 37.95), (139.45, 38.25),
    (139.8, 39.0), (141.0, 39.0), (141.0, 32.0), (136.0, 32.0), (135.77, 33.44), (135.1, 33.9),
    (135.15, 34.25), (135.4, 34.65), (135.2, 34.68), (134.7, 34.77), (133.95, 34.58), (133.35, 34.45),
    (132.45, 34.35), (132.2, 34.15), (131.25, 33.95),
]  # fmt: skip
KYUSHU = [
    (130.9, 33.93), (131.7, 33.6), (131.6, 33.25), (131.9, 32.95), (131.7, 32.0), (130.0, 32.0),
    (129.7, 32.9), (129.5, 33.35), (129.95, 33.48), (130.4, 33.62),
]  # fmt: skip
SHIKOKU = [
    (132.0, 33.35), (132.72, 33.85), (133.0, 34.08), (134.05, 34.35), (134.6, 34.2), (134.6, 34.05),
    (134.7, 33.9), (134.18, 33.25), (133.0, 32.7), (132.5, 32.9),
]  # fmt: skip
ISLANDS = [
    [(138.25, 37.82), (138.55, 38.0), (138.5, 38.32), (138.3, 38.2), (138.2, 37.95)],  # Sado
    [(129.2, 34.15), (129.45, 34.3), (129.45, 34.65), (129.3, 34.7), (129.2, 34.4)],  # Tsushima
    [(126.15, 33.3), (126.55, 33.2), (126.95, 33.45), (126.6, 33.55), (126.2, 33.45)],  # Jeju
]
PYONGYANG = (125.75, 39.02)
VLADIVOSTOK = (131.89, 43.12)


def project(point: Point) -> tuple[float, float]:
    lon, lat = point
    return PANEL + (lon - LON_LEFT) * SCALE_X, (LAT_TOP - lat) * SCALE_Y


def projected(points: Sequence[Point]) -> list[tuple[float, float]]:
    return [project(p) for p in points]


def thick_line(
    draw: ImageDraw.ImageDraw, points: Sequence[tuple[float, float]], colour: tuple[int, ...], width: int
) -> None:
    """A polyline with round joints (Pillow's own joints leave notches at sharp turns)."""
    draw.line(list(points), fill=colour, width=width, joint="curve")
    r = width / 2
    for x, y in (points[0], points[-1]):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def label(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    face: ImageFont.FreeTypeFont,
    fill: tuple[int, ...] = INK,
    anchor: str = "mm",
    halo: tuple[int, ...] | None = None,
) -> tuple[float, float, float, float]:
    """Draw ``text`` (with a halo, to read over lines and coasts); return its box, to check it fits."""
    if halo is not None:
        draw.text(xy, text, font=face, fill=fill, anchor=anchor, stroke_width=5, stroke_fill=halo)
    else:
        draw.text(xy, text, font=face, fill=fill, anchor=anchor)
    return draw.textbbox(xy, text, font=face, anchor=anchor)


def bezier(
    a: tuple[float, float], c: tuple[float, float], b: tuple[float, float], steps: int = 64
) -> list[tuple[float, float]]:
    out = []
    for i in range(steps + 1):
        t = i / steps
        out.append(
            (
                (1 - t) ** 2 * a[0] + 2 * (1 - t) * t * c[0] + t**2 * b[0],
                (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * c[1] + t**2 * b[1],
            )
        )
    return out


def arrowhead(
    draw: ImageDraw.ImageDraw,
    tip: tuple[float, float],
    behind: tuple[float, float],
    size: float,
    colour: tuple[int, ...],
) -> None:
    angle = math.atan2(tip[1] - behind[1], tip[0] - behind[0])
    left = (tip[0] - size * math.cos(angle - 0.45), tip[1] - size * math.sin(angle - 0.45))
    right = (tip[0] - size * math.cos(angle + 0.45), tip[1] - size * math.sin(angle + 0.45))
    draw.polygon([tip, left, right], fill=colour)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(lines[-1] + " " + word, face) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def draw_map() -> tuple[Image.Image, list[tuple[str, tuple[float, float, float, float]]]]:
    """The protocol's map; with the box of every label, for the caller to check they fit."""
    # Shapes are drawn at twice the size and scaled down (Pillow does not antialias polygons or lines);
    # the text, which FreeType smooths itself, is drawn afterwards at the final size.
    big = Image.new("RGB", (WIDTH * SS, HEIGHT * SS), SEA)
    draw = ImageDraw.Draw(big)

    def at(points: Sequence[Point]) -> list[tuple[float, float]]:
        return [(x * SS, y * SS) for x, y in projected(points)]

    mainland = [*CHINA_WEST, *NK_WEST, *SOUTH_KOREA_COAST[1:], *NK_EAST[1:], *RUSSIA_COAST[1:]]
    shapes = (mainland, SHANDONG, HONSHU, KYUSHU, SHIKOKU, *ISLANDS)
    for shape in shapes:
        draw.polygon(at(shape), fill=LAND)
    north_korea = [*NK_WEST, *DMZ[1:], *NK_EAST[1:], *reversed(NK_RUSSIA[:-1]), *reversed(NK_CHINA[1:-1])]
    draw.polygon(at(north_korea), fill=NORTH_KOREA)
    russia = [*RUSSIA_COAST, (130.0, 48.0), *reversed(CHINA_RUSSIA), *NK_RUSSIA[1:]]
    draw.polygon(at(russia), fill=RUSSIA)
    # Coasts, then the land borders.
    for shape in shapes:
        outline = at(shape)
        thick_line(draw, [*outline, outline[0]], BORDER, 3 * SS)
    thick_line(draw, at(DMZ), BORDER, 4 * SS)
    thick_line(draw, at(CHINA_RUSSIA), BORDER, 4 * SS)
    thick_line(draw, at(NK_CHINA), RIVER, 5 * SS)  # the Yalu and the Tumen are the border
    thick_line(draw, at(NK_RUSSIA), RIVER, 12 * SS)  # the short North Korea–Russia border, emphasised

    # Pyongyang to Vladivostok: a curved two-way arrow over the sea, like the charter flights.
    a, b = project(PYONGYANG), project(VLADIVOSTOK)
    curve = [(x * SS, y * SS) for x, y in bezier(a, project((131.2, 39.3)), b)]
    inner = curve[5:-5]
    thick_line(draw, inner, WHITE, 16 * SS)
    thick_line(draw, inner, ACCENT, 9 * SS)
    arrowhead(draw, curve[3], curve[9], 40 * SS, ACCENT)
    arrowhead(draw, curve[-4], curve[-10], 40 * SS, ACCENT)
    for city in (PYONGYANG, VLADIVOSTOK):
        x, y = (v * SS for v in project(city))
        draw.ellipse((x - 13 * SS, y - 13 * SS, x + 13 * SS, y + 13 * SS), fill=WHITE)
        draw.ellipse((x - 9 * SS, y - 9 * SS, x + 9 * SS, y + 9 * SS), fill=INK)
    # The Tumen border: a ring around it and a leader line to its label in the sea.
    tx, ty = project((130.66, 42.35))
    lx, ly = project((131.95, 41.5))
    ring = 20
    draw.ellipse(((tx - ring) * SS, (ty - ring) * SS, (tx + ring) * SS, (ty + ring) * SS), outline=INK, width=4 * SS)
    thick_line(draw, [((tx + 14) * SS, (ty + 14) * SS), ((lx - 46) * SS, (ly - 18) * SS)], INK, 4 * SS)
    # The panel, and its legend's swatches and arrow.
    margin = 48
    draw.rectangle((0, 0, PANEL * SS, HEIGHT * SS), fill=NAVY)
    legend_top = 560
    swatches = [(NORTH_KOREA, "Korea Utara"), (RUSSIA, "Rusia")]
    for i, (colour, _) in enumerate(swatches):
        y = legend_top + 62 * i
        draw.rounded_rectangle((margin * SS, y * SS, (margin + 56) * SS, (y + 40) * SS), radius=6 * SS, fill=colour)
    arrow_y = legend_top + 62 * len(swatches) + 20
    thick_line(draw, [(margin * SS, arrow_y * SS), ((margin + 44) * SS, arrow_y * SS)], WHITE, 9 * SS)
    arrowhead(draw, ((margin + 62) * SS, arrow_y * SS), (margin * SS, arrow_y * SS), 26 * SS, WHITE)

    image = big.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    draw = ImageDraw.Draw(image)
    boxes: list[tuple[str, tuple[float, float, float, float]]] = []
    sea_ink = (46, 92, 140)
    boxes.append(("Laut Jepang", label(draw, project((133.9, 39.7)), "Laut Jepang", italic(54), sea_ink)))
    boxes.append(("Laut Kuning", label(draw, project((123.6, 36.0)), "Laut Kuning", italic(38), sea_ink)))
    boxes.append(("Tiongkok", label(draw, project((125.3, 43.4)), "Tiongkok", bold(52), GREY_INK)))
    boxes.append(("Korea Utara", label(draw, project((127.15, 40.35)), "Korea Utara", bold(50), INK, halo=NORTH_KOREA)))
    boxes.append(("Korea Selatan", label(draw, project((127.95, 36.35)), "Korea Selatan", bold(36), GREY_INK)))
    boxes.append(("Rusia", label(draw, project((134.3, 44.75)), "Rusia", bold(64), INK)))
    boxes.append(("Jepang", label(draw, project((136.6, 35.1)), "Jepang", bold(36), GREY_INK)))
    px, py = project(PYONGYANG)
    boxes.append(("Pyongyang", label(draw, (px - 14, py + 22), "Pyongyang", bold(44), INK, "rt", halo=WHITE)))
    vx, vy = project(VLADIVOSTOK)
    boxes.append(("Vladivostok", label(draw, (vx + 22, vy + 6), "Vladivostok", bold(44), INK, "lt", halo=WHITE)))
    boxes.append(("Sungai Tumen", label(draw, (lx - 40, ly - 16), "Sungai Tumen", bold(40), INK, "lt", halo=WHITE)))
    boxes.append(
        ("perbatasan", label(draw, (lx - 40, ly + 28), "perbatasan ±17 km", regular(34), INK, "lt", halo=WHITE))
    )

    # The panel's text: title, legend, and the honest note.
    y0 = 64.0
    for line in wrap("Korea Utara dan Rusia", bold(64), PANEL - 2 * margin):
        boxes.append((line, label(draw, (margin, y0), line, bold(64), WHITE, "la")))
        y0 += 70
    y0 += 16
    for line in wrap("Tetangga dengan perbatasan darat pendek di Sungai Tumen", regular(38), PANEL - 2 * margin):
        boxes.append((line, label(draw, (margin, y0), line, regular(38), (214, 228, 245), "la")))
        y0 += 46
    for i, (_, name) in enumerate(swatches):
        y = legend_top + 62 * i + 20
        boxes.append((name, label(draw, (margin + 76, y), name, semibold(38), WHITE, "lm")))
    boxes.append(("Kerja sama", label(draw, (margin + 76, arrow_y), "Kerja sama", semibold(38), WHITE, "lm")))
    note = "Ilustrasi skematis, tidak berskala"
    boxes.append((note, label(draw, (margin, HEIGHT - 48), note, regular(32), (170, 196, 226), "ls")))
    return image, boxes


# --- The treaty ------------------------------------------------------------------------------------------

DPRK_BLUE = (2, 79, 162)
DPRK_RED = (237, 28, 39)
RF_BLUE = (0, 57, 166)
RF_RED = (213, 43, 30)
SEAL = (156, 34, 42)
LINE_GREY = (206, 210, 218)


def sheet(header: Sequence[tuple[int, int, int]], flip: bool) -> Image.Image:
    """One document, at the supersampled size: a white sheet with a coloured header, text and a signature."""
    w, h = 440, 560
    image = Image.new("RGBA", ((w + 24) * SS, (h + 24) * SS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return x0 * SS, y0 * SS, x1 * SS, y1 * SS

    draw.rounded_rectangle(box(14, 16, w + 14, h + 16), radius=14 * SS, fill=(0, 0, 0, 46))  # shadow
    draw.rounded_rectangle(box(0, 0, w, h), radius=14 * SS, fill=WHITE, outline=(196, 200, 208), width=2 * SS)
    band = 18
    for i, colour in enumerate(header):
        draw.rectangle(box(40, 44 + i * band, w - 40, 44 + (i + 1) * band), fill=colour)
    if WHITE in header:  # a white band needs an edge on white paper
        draw.rectangle(box(40, 44, w - 40, 44 + len(header) * band), outline=(196, 200, 208), width=2 * SS)
    y = 44 + len(header) * band + 40
    draw.rounded_rectangle(box(40, y, w - 120, y + 22), radius=11 * SS, fill=(150, 156, 168))
    y += 58
    for length in (360, 340, 352, 300, 346, 330, 220):
        draw.rounded_rectangle(box(40, y, 40 + length, y + 14), radius=7 * SS, fill=LINE_GREY)
        y += 36
    # Signature: a fixed squiggle above a line.
    base = h - 78
    points = []
    for i in range(121):
        t = i / 120
        x = 60 + 220 * t
        yy = base - 26 - 20 * math.sin(t * math.pi * (5 if flip else 4)) * (1 - 0.5 * t) - 14 * t
        points.append((x * SS, yy * SS))
    thick_line(draw, points, NAVY, 5 * SS)
    draw.line([(40 * SS, base * SS), (300 * SS, base * SS)], fill=(150, 156, 168), width=3 * SS)
    return image


def draw_treaty() -> tuple[Image.Image, list[tuple[str, tuple[float, float, float, float]]]]:
    big = Image.new("RGB", (WIDTH * SS, HEIGHT * SS), PAPER)
    draw = ImageDraw.Draw(big)

    # Abstract bands: the colours of North Korea's flag sweeping in from the left, Russia's from the right.
    left_bands = [(DPRK_BLUE, 70), (WHITE, 16), (DPRK_RED, 130), (WHITE, 16), (DPRK_BLUE, 70)]
    right_bands = [(WHITE, 100), (RF_BLUE, 100), (RF_RED, 100)]
    reach, rise = 560, 120
    for bands, side in ((left_bands, -1), (right_bands, 1)):
        offset = 40
        for colour, width in bands:
            if side < 0:
                poly = [(0, offset), (reach, offset + rise), (reach, offset + rise + width), (0, offset + width)]
            else:
                poly = [
                    (WIDTH, offset),
                    (WIDTH - reach, offset + rise),
                    (WIDTH - reach, offset + rise + width),
                    (WIDTH, offset + width),
                ]
            draw.polygon([(x * SS, y * SS) for x, y in poly], fill=colour)
            offset += width
    # Russia's white band needs an edge on the paper.
    thick_line(draw, [(WIDTH * SS, 40 * SS), ((WIDTH - reach) * SS, (40 + rise) * SS)], (200, 200, 206), 2 * SS)

    left = sheet([DPRK_BLUE, DPRK_RED, DPRK_BLUE], flip=False).rotate(5, resample=Image.Resampling.BICUBIC, expand=True)
    right = sheet([WHITE, RF_BLUE, RF_RED], flip=True).rotate(-5, resample=Image.Resampling.BICUBIC, expand=True)
    big.paste(left, ((WIDTH // 2 + 70) * SS - left.width, 34 * SS), left)
    big.paste(right, ((WIDTH // 2 - 70) * SS, 34 * SS), right)

    # The seal joining the two sheets, for the year.
    cx, cy, r = WIDTH // 2, 500, 118

    def circle(radius: float) -> tuple[float, float, float, float]:
        return (cx - radius) * SS, (cy - radius) * SS, (cx + radius) * SS, (cy + radius) * SS

    draw.ellipse(circle(r + 10), fill=PAPER)
    draw.ellipse(circle(r), fill=SEAL)
    draw.ellipse(circle(r - 14), outline=(236, 196, 160), width=4 * SS)
    top = 660
    draw.rectangle((0, top * SS, WIDTH * SS, HEIGHT * SS), fill=NAVY)

    image = big.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    draw = ImageDraw.Draw(image)
    boxes: list[tuple[str, tuple[float, float, float, float]]] = []
    boxes.append(("2024", label(draw, (cx, cy + 4), "2024", bold(84), WHITE)))
    title = "Perjanjian Kemitraan Strategis Komprehensif"
    boxes.append((title, label(draw, (WIDTH // 2, top + 92), title, bold(66), WHITE)))
    sub = "Korea Utara dan Rusia · Pyongyang, 19 Juni 2024"
    boxes.append((sub, label(draw, (WIDTH // 2, top + 172), sub, regular(42), (196, 216, 240))))
    return image, boxes


def check_fits(name: str, image: Image.Image, boxes: list[tuple[str, tuple[float, float, float, float]]]) -> None:
    for text, (x0, y0, x1, y1) in boxes:
        if x0 < 0 or y0 < 0 or x1 > image.width or y1 > image.height:
            raise SystemExit(f"{name}: {text!r} does not fit: {(x0, y0, x1, y1)}")


def main() -> None:
    targets = [
        (draw_map, EXPLAINERS / "protokol-kerja-sama-korea-utara-rusia" / "ilustrasi-peta.png"),
        (draw_treaty, EXPLAINERS / "perjanjian-pertahanan-korea-utara-rusia-2024" / "ilustrasi-perjanjian.png"),
    ]
    for draw_picture, path in targets:
        image, boxes = draw_picture()
        check_fits(path.name, image, boxes)
        size = save_png(image, path)
        print(f"{path.relative_to(ROOT)}: {image.width}×{image.height}, {size:,} bytes")


if __name__ == "__main__":
    main()
