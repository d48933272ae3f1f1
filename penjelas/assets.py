"""Static assets: copied as they are, stylesheets under a content hash so they can be cached for a year."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .output import static_files
from .site import STATIC_DIR

FINGERPRINTED = (".css",)


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
    for name, path in static_files(static_dir):
        data = path.read_bytes()
        target = f"{STATIC_DIR}/{name}"
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            target = f"{STATIC_DIR}/{name[: -len(path.suffix)]}.{digest}{path.suffix}"
        assets[name] = Asset(name, target, data)
    return assets
