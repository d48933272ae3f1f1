"""JSON Schemas for the content files, generated from the field specs in model.py (the one description).

They let a YAML-aware editor (VS Code with Red Hat's YAML extension) complete field names, show their
descriptions and flag mistakes while the editor types. `make schemas` writes them to schemas/ and maps
them to the files in .vscode/settings.json; a test fails when the committed ones are out of date.

What a schema cannot know stays with `check` (see README "Checks in the editor"): whether a source or
explainer id exists, whether a date is real (2024-02-30), 'until' before 'date', 'updated' before
'date', an explainer related to itself, the site's language tag, and what happens across files.
YAML-level mistakes (bad syntax, duplicate keys, tags, anchors) the editor's YAML parser reports itself.

The schemas are committed and read by editors' tools, so their titles, descriptions and messages are always
in Indonesian, whatever PENJELAS_LANG says: ``document`` generates them in Indonesian. The descriptions are
written in English in model.py, for developers; each is an id in ``_texts`` below, translated in the editor
catalogue (editor.po, where ``#. schema`` marks the entries that are only hover texts, which the guide need
not list). A description missing from ``_texts`` stops the generation.
"""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from penjelas.content.fields import (
    EMAIL,
    PLACEHOLDER,
    SLUG,
    Bool,
    Date,
    Email,
    FieldType,
    ListOf,
    MapOf,
    Record,
    Ref,
    Slug,
    Text,
    Url,
)
from penjelas.content.model import (
    AUTHORS_SPEC,
    FACTS_SPEC,
    FRONT_MATTER_SPEC,
    MEDIA_SPEC,
    SITE_SPEC,
    SOURCES_SPEC,
    TIMELINE_SPEC,
)
from penjelas.core.messages import language, speaking, t

DIALECT = "http://json-schema.org/draft-07/schema#"
"""Draft 7: the newest the YAML extension's language server supports."""
SCHEMA_DIR = "schemas"
VSCODE_SETTINGS = Path(".vscode") / "settings.json"

# Patterns are written for both Python's re (the tests) and JavaScript (the editor): no inline flags.
_NOT_BLANK = r"\S"
_CONTROL = r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]"
_URL = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+\S*$"
_DATE = r"^\s*(?!0000)[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?\s*$"
_DAY = r"^\s*(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\s*$"
_TEXT_LIMIT = 2_000
"""What the validator allows in a text-like field that states no limit of its own (ids, addresses)."""


@dataclass(frozen=True)
class SchemaFile:
    """One generated schema and the content files it describes."""

    name: str
    """File name below schemas/."""
    spec: FieldType
    title: str
    """In English (an id of ``_texts``), or a file name."""
    files: tuple[str, ...]
    """Glob patterns for .vscode/settings.json; empty for front matter, which lives inside index.md."""
    optional: bool = False
    """An empty file is fine (no sources, no events, no facts)."""


SCHEMA_FILES = (
    SchemaFile("site.schema.json", SITE_SPEC, "content/site.yaml", ("content/site.yaml",)),
    SchemaFile("sources.schema.json", SOURCES_SPEC, "content/sources.yaml", ("content/sources.yaml",), True),
    SchemaFile("authors.schema.json", AUTHORS_SPEC, "content/authors.yaml", ("content/authors.yaml",), True),
    SchemaFile("front-matter.schema.json", FRONT_MATTER_SPEC, "The front matter of an explainer's index.md", ()),
    SchemaFile(
        "timeline.schema.json",
        TIMELINE_SPEC,
        "An explainer's timeline.yaml",
        ("content/explainers/*/timeline.yaml",),
        True,
    ),
    SchemaFile(
        "facts.schema.json", FACTS_SPEC, "An explainer's facts.yaml", ("content/explainers/*/facts.yaml",), True
    ),
    SchemaFile(
        "media.schema.json", MEDIA_SPEC, "An explainer's media.yaml", ("content/explainers/*/media.yaml",), True
    ),
)


def _texts() -> tuple[str, ...]:
    """The schemas' titles and model.py's descriptions, through t(): English ids, each as model.py (or
    SCHEMA_FILES) writes it. Evaluated in English and in Indonesian to pair them (``_indonesian``)."""
    return (
        # Titles (SCHEMA_FILES)
        t("The front matter of an explainer's index.md"),
        t("An explainer's timeline.yaml"),
        t("An explainer's facts.yaml"),
        # site.yaml
        t("Site-wide settings."),
        t("The site's name, shown in every page header."),
        t("One sentence on what the site is."),
        t("BCP 47 language tag of the reader-facing text, e.g. 'id'."),
        t("Where the site is published, e.g. https://org.github.io/repo/."),
        t("The newsroom or author credited on every explainer."),
        t("A custom domain the site is served at, e.g. 'penjelas.example.id'; the build writes it to CNAME."),
        t("IANA time zone that dates are meant in (default 'Asia/Jakarta'), e.g. 'Asia/Makassar'."),
        t("Where readers report an error: an email address or a web address."),
        t("The corrections policy: the folder name of an explainer on the site, or a web address."),
        # sources.yaml
        t("The shared registry of sources: each id with its name and, if it has one, url."),
        t("A source: its name and, if it has one, its web address."),
        t("The publisher or body as readers know it, e.g. 'TASS'."),
        t("Its web address (http or https)."),
        # authors.yaml
        t("The authors: each id with a name; each gets a page at /penulis/<id>/."),
        t("An author: a name and, if given, a role, a short bio, a web page and an email address."),
        t("The author's name as the byline shows it."),
        t("Their role, shown after the name, e.g. 'Redaktur'."),
        t("One short paragraph about them, for their page."),
        t("Their own web page or profile (http or https)."),
        t("An address readers may write to, e.g. 'redaksi@example.id'."),
        # index.md's front matter
        t("The explainer's headline."),
        t("One or two sentences: the quick answer."),
        t("Publication date, YYYY-MM-DD."),
        t("Date of the last substantial update, YYYY-MM-DD."),
        t("Topics; each gets a page."),
        t("Slugs of other explainers to list first."),
        t("Ids from authors.yaml, in byline order."),
        t("External links for further reading."),
        t("The linked article's title."),
        t("The linked article's address (http or https)."),
        t("true keeps the explainer out of the published site."),
        t(
            "Share image: a .jpg, .jpeg, .png or .webp file in the explainer's folder, e.g. 'sampul.jpg'; a "
            "picture described in media.yaml is also the lead photo."
        ),
        t("What the share image shows; required with 'image' unless media.yaml describes it."),
        # timeline.yaml
        t("Dated events, in any order."),
        t("When: YYYY, YYYY-MM or YYYY-MM-DD, as precisely as is known."),
        t("End of a span, in the same forms."),
        t("What happened, in a short line."),
        t("More detail, in Markdown."),
        t("Ids from sources.yaml."),
        # facts.yaml
        t("Sourced facts for the fact box."),
        t("What the fact is about."),
        t("The fact itself; quote numbers so YAML keeps them as written."),
        # updates and withdrawn (front matter)
        t("When it was withdrawn, YYYY-MM-DD."),
        t("Why, for readers (the page says it in place of the article)."),
        t("Withdrawn: the page keeps its address and shows the reason instead of the article."),
        t("When, in the site's time zone: YYYY-MM-DD or YYYY-MM-DD HH:MM."),
        t("One of pembaruan, koreksi, ralat, hak-jawab."),
        t("What changed and why (Markdown, one line)."),
        t("Who answered: required for hak-jawab."),
        t("Updates, corrections, errata and replies, each dated; the latest is the page's update date."),
        # media.yaml
        t("The explainer's pictures, each with its alt text and credit."),
        t("The picture's file in the explainer's folder, e.g. 'foto.jpg'."),
        t("What the picture shows, for a reader who cannot see it."),
        t("Who made it and for whom, e.g. 'Foto: ANTARA/Nama Fotografer'."),
        t("A caption under the picture (Markdown, one line)."),
        t("The id from sources.yaml of where the picture comes from."),
        t("An explainer's media.yaml"),
    )


@functools.cache
def _indonesian() -> dict[str, str]:
    """Each English text of ``_texts`` -> its Indonesian."""
    with speaking("en"):
        english = _texts()
    with speaking("id"):
        indonesian = _texts()
    return dict(zip(english, indonesian, strict=True))


def _say(text: str) -> str:
    """A title or description from model.py, in the current language."""
    if text not in _indonesian():
        raise KeyError(f"{text!r} is not in json_schema._texts(): add it there, and its translation to editor.po")
    return _indonesian()[text] if language() == "id" else text


def _string(max_length: int, **extra: Any) -> dict[str, Any]:
    """A string as the validator reads text: not blank, no control characters, no placeholder."""
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": max_length,
        **extra,
        "allOf": [
            {"pattern": _NOT_BLANK, "patternErrorMessage": t("must not be empty")},
            {"not": {"pattern": _CONTROL}, "errorMessage": t("contains a control character")},
            {
                "not": {"pattern": PLACEHOLDER},
                "errorMessage": t("this is still a placeholder: replace it with the real text"),
            },
        ],
    }


def to_schema(spec: FieldType) -> dict[str, Any]:
    """The JSON Schema of a field type, its descriptions and messages in the current language."""
    if isinstance(spec, Text):
        return _string(spec.max_length)
    if isinstance(spec, Bool):
        return {"type": "boolean"}
    if isinstance(spec, Date):
        day = {"type": "string", "pattern": _DAY, "patternErrorMessage": t("a date like 2024-06-19")}
        if spec.day_only:
            return day
        partial = {
            "type": "string",
            "pattern": _DATE,
            "patternErrorMessage": t("a date like 2024, 2024-06 or 2024-06-19"),
        }
        return {"anyOf": [partial, {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    if isinstance(spec, (Slug, Ref)):  # an id is slug-shaped; whether it exists only `check` knows
        return _string(
            _TEXT_LIMIT, pattern=SLUG.pattern, patternErrorMessage=t("lowercase letters, digits and hyphens")
        )
    if isinstance(spec, Url):
        return _string(_TEXT_LIMIT, pattern=_URL, patternErrorMessage=t("a web address starting with https://"))
    if isinstance(spec, Email):
        return _string(
            _TEXT_LIMIT, pattern=EMAIL.pattern, patternErrorMessage=t("an email address like redaksi@example.id")
        )
    if isinstance(spec, ListOf):
        schema: dict[str, Any] = {"type": "array", "items": to_schema(spec.item)}
        if spec.unique:
            schema["uniqueItems"] = True
        return schema
    if isinstance(spec, Record):
        properties = {}
        for field in spec.fields:
            properties[field.name] = {"description": _say(field.description), **to_schema(field.type)}
        demanded = REQUIRED_BY_CHECKS.get(spec.title, ())
        for name in demanded:
            properties[name]["minItems"] = 1
        return {
            "type": "object",
            "properties": properties,
            "required": [field.name for field in spec.fields if field.required or field.name in demanded],
            "additionalProperties": False,
        }
    if isinstance(spec, MapOf):
        return {
            "type": "object",
            "propertyNames": {
                "pattern": SLUG.pattern,
                "patternErrorMessage": t("lowercase letters, digits and hyphens"),
            },
            "additionalProperties": {"description": _say(spec.value.description), **to_schema(spec.value)},
        }
    raise TypeError(f"no JSON Schema for {spec!r}")


REQUIRED_BY_CHECKS = {"a fact": ("sources",)}
"""Record title -> lists the checks require non-empty with a message of their own (facts.py: a fact
without a source), so the record spec leaves them optional; the schema requires them with at least one
item, so VS Code underlines them as well."""


def document(file: SchemaFile) -> dict[str, Any]:
    """The complete schema document for one kind of file, in Indonesian (whatever PENJELAS_LANG says)."""
    with speaking("id"):
        body = to_schema(file.spec)
        title = file.title if file.title.startswith("content/") else _say(file.title)
        description = getattr(file.spec, "description", "") or ""
        if description:
            description = _say(description)
    if file.optional:  # an empty YAML file is null
        body = {"anyOf": [body, {"type": "null"}]}
    return {
        "$schema": DIALECT,
        "title": title,
        **({"description": description} if description else {}),
        "$comment": "Generated from penjelas/content/model.py by `make schemas`; do not edit by hand.",
        **body,
    }


def render(file: SchemaFile) -> str:
    """The schema as committed: JSON, two-space indented, UTF-8 as is, with a final newline."""
    return json.dumps(document(file), indent=2, ensure_ascii=False) + "\n"


def vscode_settings(existing: dict[str, Any]) -> dict[str, Any]:
    """VS Code settings with ``yaml.schemas`` mapping each schema to its files; other settings are kept."""
    mapping = {f"./{SCHEMA_DIR}/{file.name}": list(file.files) for file in SCHEMA_FILES if file.files}
    return {**existing, "yaml.schemas": mapping}


def expected_files(root: Path) -> dict[Path, str]:
    """Every generated file and the text it must have."""
    files = {root / SCHEMA_DIR / file.name: render(file) for file in SCHEMA_FILES}
    settings_path = root / VSCODE_SETTINGS
    existing = json.loads(settings_path.read_text(encoding="utf-8")) if settings_path.is_file() else {}
    files[settings_path] = json.dumps(vscode_settings(existing), indent=2, ensure_ascii=False) + "\n"
    return files


def write_schemas(root: Path) -> list[Path]:
    """Write the schemas and the VS Code mapping below ``root``; returns the files that changed."""
    changed = []
    for path, text in expected_files(root).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def main() -> int:
    """`python -m penjelas.content.json_schema [ROOT]`, as `make schemas` runs it."""
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    changed = write_schemas(root)
    for path in changed:
        print(t("wrote {path}", path=path.relative_to(root)))
    if not changed:
        print(t("The schemas are up to date."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
