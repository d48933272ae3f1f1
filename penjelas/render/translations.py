"""The reader-facing text: one translation catalogue per language, read with Babel."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from penjelas.core.atomic import replace_whole
from penjelas.core.digests import generator_id
from penjelas.core.errors import ContentError, Problem
from penjelas.core.messages import t


@dataclass(frozen=True)
class Translations:
    """Message id (English) -> text in the site's language."""

    language: str
    messages: dict[str, str]

    def gettext(self, message: str) -> str:
        """The translation; the message id itself where the catalogue has none (a test keeps this from happening)."""
        return self.messages.get(message) or message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """Plural-aware lookup; Indonesian has one form, but other catalogues may not."""
        return self.gettext(singular if count == 1 else plural)


def catalogue_path(locale_dir: Path, language: str) -> Path:
    """Where the catalogue for a language lives."""
    return locale_dir / language.replace("-", "_") / "LC_MESSAGES" / "messages.po"


def load_translations(locale_dir: Path, language: str, cache: Path | None = None) -> Translations:
    """Read the catalogue for ``language`` (falling back from 'id-ID' to 'id').

    ``cache`` is a file keeping the messages last read, under a digest of the catalogue (and of this
    generator): while the catalogue is unchanged they come from there, without loading Babel's catalogue
    reader and the e-mail parser it imports, which every build would otherwise wait for.
    """
    for candidate in (language, language.split("-")[0]):
        path = catalogue_path(locale_dir, candidate)
        if path.is_file():
            data = path.read_bytes()
            if cache is None:
                return Translations(candidate, _read_catalogue(data, candidate))
            key = hashlib.sha256(f"{generator_id()}\0{candidate}\0".encode() + data).hexdigest()
            messages = _cached(cache, key)
            if messages is None:
                messages = _read_catalogue(data, candidate)
                replace_whole(cache, json.dumps({"key": key, "messages": messages}, sort_keys=True).encode())
            return Translations(candidate, messages)
    available = sorted(p.name for p in locale_dir.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())
    raise ContentError(
        [
            Problem(
                "content/site.yaml",
                0,
                0,
                t("there is no translation catalogue for the language '{language}'", language=language),
                t("available: {languages}", languages=", ".join(available)),
            )
        ]
    )


def _read_catalogue(data: bytes, language: str) -> dict[str, str]:
    """The translated messages of a .po file: not the fuzzy ones, nor those left empty."""
    import io

    from babel.messages.pofile import read_po  # only when the catalogue changed: see load_translations

    catalog = read_po(io.BytesIO(data), locale=language.replace("-", "_"))
    return {str(m.id): str(m.string) for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def _cached(cache: Path, key: str) -> dict[str, str] | None:
    """The messages kept in ``cache`` under ``key``; None if there are none, or anything is amiss."""
    try:
        kept = json.loads(cache.read_bytes())
    except (OSError, ValueError):
        return None
    messages = kept.get("messages") if isinstance(kept, dict) and kept.get("key") == key else None
    if not isinstance(messages, dict) or not all(isinstance(v, str) for v in messages.values()):
        return None
    return messages
