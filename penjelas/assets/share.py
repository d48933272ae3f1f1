"""Share images: the picture a link shows on WhatsApp, Facebook or X, for every page.

An explainer's own ``image`` is checked and copied; where there is none, a card is drawn (``cards``). Home and
topic pages share one card with the site's name and description. An editor's picture is named by a hash of its
bytes, a card by a hash of everything that shapes it, so a changed picture gets a new address and platforms
that cache previews fetch it again.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from penjelas.assets.cards import HEIGHT, WIDTH, cached_card, card_key, render_card, store_card
from penjelas.assets.pictures import Key, Resized
from penjelas.content.model import Explainer
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t
from penjelas.core.processes import map_in_processes
from penjelas.site.model import SiteModel

SITE_CARD = ""
"""The key of the card for pages that are not explainers."""
CARD_NAME = "kartu"
"""File name (before the hash) of generated cards: Indonesian, like the site's other paths."""
MAX_IMAGE_BYTES = 5_000_000
"""X refuses larger preview images; WhatsApp shows small ones (under about 300 KB) most reliably."""
MIN_SIDE = 200
"""Facebook ignores images smaller than 200×200 pixels."""
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class ShareImage:
    """A page's share image and where it is written."""

    target: str
    """Output path relative to the site root."""
    data: bytes
    width: int
    height: int
    mime: str
    alt: str
    origin: str
    """Where it comes from, for messages."""
    source: Path | None = None
    """A file holding the bytes, when ``data`` is left empty to keep memory small (thousands of cards)."""

    def read(self) -> bytes:
        """The image's bytes."""
        return self.data if self.source is None else self.source.read_bytes()


def fingerprinted(path: str, data: bytes) -> str:
    """'slug/sampul.jpg' -> 'slug/sampul.1a2b3c4d5e.jpg': a new name whenever the bytes change."""
    pure = PurePosixPath(path)
    digest = hashlib.sha256(data).hexdigest()[:10]
    return str(pure.with_name(f"{pure.stem}.{digest}{pure.suffix.lower()}"))


def inspect_image(data: bytes, shown: str) -> tuple[int, int, str]:
    """Width, height and MIME type of a share image; ContentError if platforms would not show it."""
    suffix = PurePosixPath(shown).suffix.lower()
    if len(data) > MAX_IMAGE_BYTES:
        raise ContentError(
            [
                Problem(
                    shown,
                    0,
                    0,
                    t(
                        "the image is {size} bytes; share previews allow at most {limit}",
                        size=f"{len(data):,}",
                        limit=f"{MAX_IMAGE_BYTES:,}",
                    ),
                    t("save it smaller, e.g. 1200×630 pixels as JPEG"),
                )
            ]
        )
    from PIL import Image  # only explainers with an image of their own need it, so it loads only for them

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # decodes it all, so a truncated file is caught here, not on a reader's phone
                found, size = image.format, image.size
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ContentError(
            [Problem(shown, 0, 0, t("the file cannot be read as an image"), t("export it again as JPEG, PNG or WebP"))]
        ) from None
    if found is None or found != FORMATS.get(suffix):
        right = next((s for s, f in FORMATS.items() if f == found), None)
        hint = t("rename it to end with {suffix}", suffix=right) if right else t("save it as JPEG, PNG or WebP")
        raise ContentError(
            [
                Problem(
                    shown,
                    0,
                    0,
                    t("the file is a {kind} image, not what '{suffix}' says", kind=found, suffix=suffix),
                    hint,
                )
            ]
        )
    width, height = size
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ContentError(
            [
                Problem(
                    shown,
                    0,
                    0,
                    t(
                        "the image is {width}×{height} pixels; share previews need at least {side}×{side}",
                        width=width,
                        height=height,
                        side=MIN_SIDE,
                    ),
                    t("use a larger picture, ideally {width}×{height}", width=WIDTH, height=HEIGHT),
                )
            ]
        )
    return width, height, MIME_TYPES[found]


def explainer_image(explainer: Explainer, folder: Path, shown_folder: str) -> ShareImage:
    """The explainer's own share image, checked."""
    assert explainer.image is not None and explainer.image_alt is not None
    shown = f"{shown_folder}/{explainer.image}"
    source = folder.joinpath(*PurePosixPath(explainer.image).parts)
    if source.is_symlink() or not source.is_file():
        raise ContentError([Problem(shown, 0, 0, t("the share image is missing or not an ordinary file"))])
    data = source.read_bytes()
    width, height, mime = inspect_image(data, shown)
    target = fingerprinted(f"{explainer.slug}/{explainer.image}", data)
    return ShareImage(target, b"", width, height, mime, explainer.image_alt, shown, source)


def card_image(
    prefix: str,
    kicker: str,
    headline: str,
    alt: str,
    origin: str,
    cache_dir: Path | None,
    cached: Container[str] | None = None,
) -> ShareImage:
    """A drawn card, written at ``prefix`` + 'kartu.<hash of its recipe>.png'. ``cached``: the names of the
    files in ``cache_dir``, if the caller listed them (else each card's file is looked for)."""
    key = card_key(kicker, headline)
    # Named by the digest of everything that shapes its pixels, so a changed card gets a new address (as a
    # digest of its bytes would) without reading thousands of cached cards on every build.
    target = f"{prefix}{CARD_NAME}.{key[:10]}.png"
    source = cache_dir / f"{key}.png" if cache_dir is not None else None
    if source is not None and (f"{key}.png" in cached if cached is not None else source.is_file()):
        return ShareImage(target, b"", WIDTH, HEIGHT, "image/png", alt, origin, source)
    data = cached_card(kicker, headline, cache_dir)
    if source is not None and source.is_file():
        return ShareImage(target, b"", WIDTH, HEIGHT, "image/png", alt, origin, source)
    return ShareImage(target, data, WIDTH, HEIGHT, "image/png", alt, origin)


def _draw(text: tuple[str, str]) -> bytes:
    return render_card(*text)


def lead_image(explainer: Explainer, resized: Resized) -> ShareImage:
    """The lead photo's widest JPEG copy as the explainer's share image (re-encoded, so small enough)."""
    lead = explainer.lead
    assert lead is not None
    copy = resized.largest
    alt = explainer.image_alt or lead.alt
    return ShareImage(copy.target, copy.data, copy.width, copy.height, copy.mime, alt, resized.origin, copy.source)


def share_images(
    model: SiteModel, content_dir: Path, cache_dir: Path | None, pictures: dict[Key, Resized] | None = None
) -> dict[str, ShareImage]:
    """Every page's share image: by explainer slug, and the site's card under ``SITE_CARD``. An explainer
    whose ``image`` is its lead photo (a picture of media.yaml) shares a copy from ``pictures``."""
    site = model.site
    cached: set[str] | None = None
    if cache_dir is not None:  # draw the cards not drawn before on every core; the rest comes from the cache
        try:
            cached = {entry.name for entry in os.scandir(cache_dir) if entry.is_file()}
        except OSError:
            cached = set()
        wanted = [(site.title, site.description)] + [(site.title, e.title) for e in model.explainers if e.image is None]
        missing = sorted({w for w in wanted if f"{card_key(*w)}.png" not in cached})
        for (kicker, headline), data in zip(missing, map_in_processes(_draw, missing), strict=True):
            stored = store_card(cache_dir, kicker, headline, data)
            if stored is not None:  # a read-only folder keeps none: each is drawn again when needed
                cached.add(stored)
    images = {
        SITE_CARD: card_image(
            "",
            site.title,
            site.description,
            f"{site.title}: {site.description}",
            t("the site's share card"),
            cache_dir,
            cached,
        )
    }
    problems: list[Problem] = []
    for explainer in model.explainers:
        shown_folder = explainer.path.rsplit("/", 1)[0]
        lead = explainer.lead
        resized = pictures.get((explainer.slug, lead.file)) if pictures is not None and lead is not None else None
        try:
            if resized is not None:
                images[explainer.slug] = lead_image(explainer, resized)
            elif lead is not None:
                continue  # the picture could not be resized: its problem is reported with the pictures'
            elif explainer.image is not None:
                folder = content_dir / "explainers" / explainer.slug
                images[explainer.slug] = explainer_image(explainer, folder, shown_folder)
            else:
                images[explainer.slug] = card_image(
                    f"{explainer.slug}/",
                    site.title,
                    explainer.title,
                    f"{site.title}: {explainer.title}",
                    t("the share card of {path}", path=explainer.path),
                    cache_dir,
                    cached,
                )
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return images
