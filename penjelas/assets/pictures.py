"""Pictures: every picture an explainer's media.yaml describes, checked and resized for readers' screens.

Each is decoded (only JPEG, PNG or WebP, at most ``MAX_BYTES`` and ``MAX_PIXELS``), turned upright by its EXIF
orientation, converted to sRGB, and re-encoded from its pixels alone, so nothing else in the file (EXIF, GPS
positions, XMP, the camera's serial number, an ICC profile) reaches the site. It is written at a few widths
(``WIDTHS``, never wider than it is) as WebP and as JPEG for browsers without WebP. A copy's name carries a
digest of its bytes. Resizing takes a while, so the copies are kept in ``.cache/pictures/`` under a digest of
the source's bytes and of the recipe, and a rebuild only resizes a picture that changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import PIL  # the package alone, for its version; its modules load only when a picture is resized

from penjelas.content.model import Explainer, Picture
from penjelas.core.atomic import new_file_mode, replace_whole
from penjelas.core.digests import digest
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t
from penjelas.core.processes import map_in_processes

WIDTHS = (480, 800, 1200)
"""A phone's column (480), a tablet's or a phone's at twice the density (800), a wide screen's (1200)."""
JPEG_QUALITY = 80
WEBP_QUALITY = 75
WEBP_METHOD = 3
"""libwebp's effort: 3 gives files within 1% of the default 4 in a quarter of the time (measured on the bench corpus's photos)."""
RECIPE_VERSION = "2"
"""Change it whenever the resizing or encoding changes, so cached copies are made again."""
MAX_BYTES = 25_000_000
MAX_PIXELS = 50_000_000
"""Larger is no photo a page needs, and decoding it would take seconds and gigabytes (a decompression bomb)."""
MIN_WIDTH = 480
"""Narrower pictures would be blown up, blurred, to fill a phone's column."""
MIN_LEAD_WIDTH = 800
"""The lead photo fills the top of the page and is the share image."""
FORMATS = ("JPEG", "PNG", "WEBP")
KINDS = {"image/webp": "webp", "image/jpeg": "jpg"}


@dataclass(frozen=True)
class Copy:
    """One resized copy of a picture, and where it is written."""

    target: str
    """Output path relative to the site root, named by a digest of its bytes."""
    width: int
    height: int
    mime: str
    source: Path | None
    """The cached file holding its bytes; None when the cache could not be written (``data`` holds them)."""
    data: bytes = b""

    def read(self) -> bytes:
        return self.data if self.source is None else self.source.read_bytes()


@dataclass(frozen=True)
class Resized:
    """A picture's copies, smallest first, each width as WebP and as JPEG."""

    width: int
    """The picture's own size, upright."""
    height: int
    copies: tuple[Copy, ...]
    origin: str
    """Its media.yaml, for messages."""

    def of(self, mime: str) -> tuple[Copy, ...]:
        return tuple(c for c in self.copies if c.mime == mime)

    @property
    def largest(self) -> Copy:
        """The widest JPEG: the share image, when the picture is the lead photo."""
        return self.of("image/jpeg")[-1]


Key = tuple[str, str]
"""(explainer slug, picture file)."""


@dataclass(frozen=True)
class _Job:
    path: str
    key: str
    """Digest of the source's bytes and of the recipe: the cached copies' name."""


def picture_widths(width: int) -> tuple[int, ...]:
    """The widths a picture ``width`` pixels wide is written at: ``WIDTHS`` up to its own, never wider."""
    return tuple(sorted({min(width, w) for w in WIDTHS}))


def resized_pictures(
    explainers: tuple[Explainer, ...],
    content_dir: Path,
    cache_dir: Path | None,
    hashes: Callable[[str], str] | None = None,
) -> dict[Key, Resized]:
    """Every picture of ``explainers``, resized (or taken from ``cache_dir``); ContentError lists every
    picture that cannot be published, at its entry in media.yaml."""
    problems: list[Problem] = []
    found: dict[Key, Resized] = {}
    todo: dict[str, _Job] = {}
    wanted: list[tuple[Key, str, Picture, str]] = []
    manifests: dict[str, dict[str, object] | None] = {}  # by key: what the cache holds, read once a build
    for explainer in explainers:
        shown = explainer.path.rsplit("/", 1)[0] + "/media.yaml"
        for picture in explainer.media:
            path = content_dir / "explainers" / explainer.slug / Path(*PurePosixPath(picture.file).parts)
            try:
                key = _source_key(path, hashes)
            except _Refused as exc:
                problems.append(Problem(shown, *picture.at, exc.message, exc.hint))
                continue
            wanted.append(((explainer.slug, picture.file), key, picture, shown))
            if key not in manifests:
                manifests[key] = _manifest(cache_dir, key)
            if manifests[key] is None:
                todo.setdefault(key, _Job(str(path), key))
    jobs = list(todo.values())
    made: dict[str, _Made | _Refused] = dict(
        zip((j.key for j in jobs), map_in_processes(_resize, jobs, min_jobs=2), strict=True)
    )
    for key, result in made.items():
        if not isinstance(result, _Refused) and cache_dir is not None:
            _store(cache_dir, key, result)
            manifests[key] = _manifest(cache_dir, key)  # its copies are linked from the cache, not kept in memory
    for (slug, file), key, picture, shown in wanted:
        outcome = made.get(key)
        if isinstance(outcome, _Refused):
            problems.append(Problem(shown, *picture.at, outcome.message, outcome.hint))
            continue
        manifest = manifests.get(key)
        stem = PurePosixPath(file).with_suffix("").as_posix()
        resized = _from_manifest(slug, stem, shown, cache_dir, key, manifest) if manifest else None
        if resized is None:
            assert outcome is not None  # not in the cache, so resized now
            resized = _in_memory(slug, stem, shown, outcome)
        if resized.width < MIN_WIDTH:
            problems.append(Problem(shown, *picture.at, *_too_small(resized, MIN_WIDTH)))
            continue
        found[slug, file] = resized
    for explainer in explainers:
        lead = explainer.lead
        resized = found.get((explainer.slug, lead.file)) if lead is not None else None
        if lead is not None and resized is not None and resized.width < MIN_LEAD_WIDTH:
            shown = explainer.path.rsplit("/", 1)[0] + "/media.yaml"
            message, hint = _too_small(resized, MIN_LEAD_WIDTH, lead=True)
            problems.append(Problem(shown, *lead.at, message, hint))
    if problems:
        raise ContentError(problems)
    return found


def _too_small(resized: Resized, needed: int, lead: bool = False) -> tuple[str, str]:
    size = {"width": resized.width, "height": resized.height, "needed": needed}
    message = (
        t("the lead photo is {width}×{height} pixels; a lead photo needs at least {needed} pixels of width", **size)
        if lead
        else t("the picture is {width}×{height} pixels; a picture needs at least {needed} pixels of width", **size)
    )
    return message, t("use the original file from the photographer or the agency, not a thumbnail")


class _Refused(Exception):
    """A picture that cannot be published, and what to do (picklable: it comes back from a worker)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.message, self.hint = message, hint


def _source_key(path: Path, hashes: Callable[[str], str] | None) -> str:
    """The digest that names a picture's copies; _Refused for a file that is no ordinary one, or too large."""
    try:
        info = path.lstat()
    except OSError:
        raise _Refused(t("the picture's file cannot be read"), t("check that it is there and readable")) from None
    if not os.path.isfile(path) or os.path.islink(path):
        raise _Refused(t("the picture is not an ordinary file"), t("replace it with the picture itself"))
    if info.st_size > MAX_BYTES:
        raise _Refused(
            t("the picture is {size} MB; the limit is {limit} MB", size=_mb(info.st_size), limit=_mb(MAX_BYTES)),
            t("export it smaller, e.g. 2400 pixels wide as JPEG at quality 85"),
        )
    try:
        sha = hashes(str(path)) if hashes is not None else hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        raise _Refused(t("the picture's file cannot be read"), t("check that it is there and readable")) from None
    return digest(RECIPE_VERSION, PIL.__version__, WIDTHS, JPEG_QUALITY, WEBP_QUALITY, WEBP_METHOD, sha)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


@dataclass(frozen=True)
class _Made:
    width: int
    height: int
    copies: tuple[tuple[int, int, str, bytes], ...]
    """(width, height, MIME type, bytes), smallest first, WebP before JPEG."""


def _resize(job: _Job) -> _Made | _Refused:
    """Decode, check and resize one picture (in a worker process: it must not raise)."""
    try:
        return _resize_file(Path(job.path))
    except _Refused as exc:
        return exc


def _resize_file(path: Path) -> _Made:
    from PIL import Image, ImageOps

    not_a_picture = _Refused(
        t("the file is not a JPEG, PNG or WebP picture, whatever its name says"),
        t("export the picture again as JPEG, PNG or WebP"),
    )
    damaged = _Refused(
        t("the picture is damaged or cut short and cannot be decoded"),
        t("copy it again from the original, or export it again as JPEG, PNG or WebP"),
    )
    try:
        data = path.read_bytes()
    except OSError:
        raise _Refused(t("the picture's file cannot be read"), t("check that it is there and readable")) from None
    if len(data) > MAX_BYTES:  # it grew since it was looked at
        raise _Refused(
            t("the picture is {size} MB; the limit is {limit} MB", size=_mb(len(data)), limit=_mb(MAX_BYTES))
        )
    too_many = _Refused(
        t("the picture has more than {limit} million pixels", limit=MAX_PIXELS // 1_000_000),
        t("export it smaller, e.g. 2400 pixels wide as JPEG at quality 85"),
    )
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow refuses twice as many outright, before decoding
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                opened = Image.open(io.BytesIO(data), formats=FORMATS)
            except (OSError, SyntaxError, ValueError, EOFError):
                raise not_a_picture from None
            with opened as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise too_many
                turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # EXIF orientation: on its side
                if image.format == "JPEG":  # decode at the smallest scale still as large as the largest copy
                    image.draft("RGB", (min(width, WIDTHS[-1]), min(height, WIDTHS[-1])))
                image.load()  # decodes it all: a truncated file fails here, not on a reader's phone
                upright = _srgb(ImageOps.exif_transpose(image))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise too_many from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise damaged from None
    if turned:
        width, height = height, width
    # Pixels only: a new image knows nothing of the file it came from.
    clean = Image.frombytes("RGB", upright.size, upright.tobytes())
    copies: list[tuple[int, int, str, bytes]] = []
    scaled = clean
    for copy_width in reversed(picture_widths(width)):  # widest first: each smaller copy from the one before
        copy_height = max(1, round(height * copy_width / width))
        if scaled.size != (copy_width, copy_height):
            scaled = scaled.resize((copy_width, copy_height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        webp, jpeg = io.BytesIO(), io.BytesIO()
        scaled.save(webp, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
        scaled.save(jpeg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        copies[:0] = [(copy_width, copy_height, "image/webp", webp.getvalue())]
        copies[1:1] = [(copy_width, copy_height, "image/jpeg", jpeg.getvalue())]
    return _Made(width, height, tuple(copies))


def _srgb(image: PIL.Image.Image) -> PIL.Image.Image:
    """``image`` as RGB in sRGB: its ICC profile applied (a phone's Display P3, a print shop's CMYK), a
    transparent background made white."""
    from PIL import Image, ImageCms

    profile = image.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            mode = "RGBA" if "A" in image.getbands() else "RGB"
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels are taken as sRGB, as browsers would
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def _copy_name(slug: str, stem: str, width: int, mime: str, sha: str) -> str:
    """'slug/foto-480.1a2b3c4d5e.webp': a new name whenever the bytes change."""
    return f"{slug}/{stem}-{width}.{sha[:10]}.{KINDS[mime]}"


def _manifest(cache_dir: Path | None, key: str) -> dict[str, object] | None:
    """What the cache holds of a picture's copies, if it holds them all."""
    if cache_dir is None:
        return None
    try:
        manifest = json.loads((cache_dir / f"{key}.json").read_text("utf-8"))
        if all((cache_dir / key / c["file"]).is_file() for c in manifest["copies"]):
            return manifest  # type: ignore[no-any-return]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _store(cache_dir: Path, key: str, made: _Made) -> None:
    """Keep a picture's copies in the cache: the files first, then the manifest that says they are all there.
    A cache that cannot be written costs the next build time, never a failure."""
    copies = []
    for width, height, mime, data in made.copies:
        name = f"{width}.{KINDS[mime]}"
        if not replace_whole(cache_dir / key / name, data, new_file_mode()):
            return
        sha = hashlib.sha256(data).hexdigest()
        copies.append({"file": name, "width": width, "height": height, "mime": mime, "sha256": sha})
    manifest = {"width": made.width, "height": made.height, "copies": copies}
    replace_whole(cache_dir / f"{key}.json", json.dumps(manifest, sort_keys=True).encode("utf-8"), new_file_mode())


def _from_manifest(
    slug: str, stem: str, origin: str, cache_dir: Path | None, key: str, manifest: dict[str, object]
) -> Resized | None:
    assert cache_dir is not None
    try:
        copies = tuple(
            Copy(
                _copy_name(slug, stem, c["width"], c["mime"], c["sha256"]),
                c["width"],
                c["height"],
                c["mime"],
                cache_dir / key / c["file"],
            )
            for c in manifest["copies"]  # type: ignore[attr-defined]
        )
        return Resized(int(manifest["width"]), int(manifest["height"]), copies, origin)  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError):
        return None


def _in_memory(slug: str, stem: str, origin: str, made: _Made) -> Resized:
    copies = tuple(
        Copy(_copy_name(slug, stem, w, mime, hashlib.sha256(data).hexdigest()), w, h, mime, None, data)
        for w, h, mime, data in made.copies
    )
    return Resized(made.width, made.height, copies, origin)
