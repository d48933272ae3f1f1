"""Static assets: copied as they are; stylesheets minified and under a content hash so they can be cached for a year."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from penjelas.assets.cssmin import minify_css
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t
from penjelas.core.paths import safe_relative
from penjelas.site.urls import STATIC_DIR

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
                    Problem(
                        f"static/{name}",
                        0,
                        0,
                        t("not valid UTF-8 (byte {byte})", byte=exc.start),
                        t("save the file as UTF-8"),
                    )
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


def static_files(static_dir: Path) -> Iterator[tuple[str, Path]]:
    """Assets to copy, as (path below static/, file), in a fixed order; links are refused."""
    if not static_dir.is_dir():
        return
    problems: list[Problem] = []
    found: list[tuple[str, Path]] = []
    for root, dirs, files in os.walk(static_dir):
        dirs.sort()
        base = Path(root)
        for name in list(dirs):
            if (base / name).is_symlink():
                problems.append(
                    Problem(
                        f"static/{(base / name).relative_to(static_dir).as_posix()}",
                        0,
                        0,
                        t("symbolic links are not followed"),
                        t("copy the files in instead"),
                    )
                )
                dirs.remove(name)
        for name in sorted(files):
            path = base / name
            shown = f"static/{path.relative_to(static_dir).as_posix()}"
            if name.startswith("."):
                continue
            if path.is_symlink():
                problems.append(
                    Problem(shown, 0, 0, t("symbolic links are not followed"), t("copy the file in instead"))
                )
                continue
            if not path.is_file():
                problems.append(
                    Problem(shown, 0, 0, t("is not an ordinary file"), t("replace it with a file or remove it"))
                )
                continue
            relative = path.relative_to(static_dir).as_posix()
            try:
                safe_relative(relative)
            except ValueError:
                problems.append(
                    Problem(
                        shown,
                        0,
                        0,
                        t(
                            "this name cannot be published safely (control characters, a backslash, a trailing dot "
                            "or space)"
                        ),
                        t("rename the file"),
                    )
                )
                continue
            found.append((relative, path))
    if problems:
        raise ContentError(problems)
    yield from sorted(found)
