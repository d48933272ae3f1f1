"""The reader-facing text: one translation catalogue per language, read with Babel."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from .errors import ContentError, Problem


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


def load_translations(locale_dir: Path, language: str) -> Translations:
    """Read the catalogue for ``language`` (falling back from 'id-ID' to 'id')."""
    candidates = [language, language.split("-")[0]]
    for candidate in candidates:
        path = catalogue_path(locale_dir, candidate)
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=candidate.replace("-", "_"))
            messages = {
                str(m.id): str(m.string) for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
            }
            return Translations(candidate, messages)
    available = sorted(p.name for p in locale_dir.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())
    raise ContentError(
        [
            Problem(
                "content/site.yaml",
                0,
                0,
                f"there is no translation catalogue for the language '{language}'",
                "available: " + ", ".join(available),
            )
        ]
    )
