"""Static assets: copied as they are; stylesheets minified and under a content hash so they can be cached for a year."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .cssmin import minify_css
from .errors import ContentError, Problem
from .output import static_files
from .site import STATIC_DIR

FINGERPRINTED = (".css",)
MINIFIED = {".css": minify_css}
"""Text assets made smaller before they are fingerprinted, so the hash names the bytes served."""


@dataclass(frozen=True)
class Asset:
    source: str
    """Path below static/, as the editor knows it."""
    target: str
    """Output path relative to the site root."""
    data: bytes


def collect_assets(static_dir: Path) -> dict[str, Asset]:
    """Every asset by its source name, with fingerprinted targets where that helps caching."""
    assets: dict[str, Asset] = {}
    problems: list[Problem] = []
    for name, path in static_files(static_dir):
        data = path.read_bytes()
        minify = MINIFIED.get(path.suffix)
        if minify is not None:
            try:
                data = minify(data.decode("utf-8").removeprefix("\ufeff")).encode("utf-8")
            except UnicodeDecodeError as exc:
                problems.append(
                    Problem(f"static/{name}", 0, 0, f"not valid UTF-8 (byte {exc.start})", "save the file as UTF-8")
                )
                continue
        target = f"{STATIC_DIR}/{name}"
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            target = f"{STATIC_DIR}/{name[: -len(path.suffix)]}.{digest}{path.suffix}"
        assets[name] = Asset(name, target, data)
    if problems:
        raise ContentError(problems)
    return assets
