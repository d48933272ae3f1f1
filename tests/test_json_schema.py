"""The JSON Schemas: generated from the model, committed up to date, and agreeing with `check`.

Every fixture under tests/fixtures/files/<kind>/ says on a '# expect:' line what it is:
  valid                       both the schema and the validator accept it;
  invalid L:C: message        both reject it, and the validator says this at line L, column C;
  check-only L:C: message     only the validator can tell (it needs other files, real calendars or
                              YAML-level checks); the schema accepts it, or cannot read it as data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from penjelas.content.facts import parse_facts
from penjelas.content.front_matter import parse_front_matter, split_front_matter
from penjelas.content.json_schema import SCHEMA_DIR, SCHEMA_FILES, VSCODE_SETTINGS, document, expected_files
from penjelas.content.nodes import Map, Node, Scalar, Seq
from penjelas.content.settings import parse_authors, parse_site, parse_sources
from penjelas.content.timeline import parse_timeline
from penjelas.content.yamltext import parse_yaml
from penjelas.core import messages
from penjelas.core.errors import ContentError, Problem
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "files"
SOURCE_IDS = {"kcna", "tass"}
SLUGS = {"contoh", "lain"}
AUTHOR_IDS = {"redaksi"}
"""The other files the fixtures are checked against: these sources, explainers and authors exist."""

PARSERS: dict[str, Callable[[str, str], object]] = {
    "site": parse_site,
    "sources": parse_sources,
    "authors": parse_authors,
    "front-matter": lambda text, path: parse_front_matter(text, path, "contoh", SLUGS, author_ids=AUTHOR_IDS),
    "timeline": lambda text, path: parse_timeline(text, path, SOURCE_IDS),
    "facts": lambda text, path: parse_facts(text, path, SOURCE_IDS),
}
SCHEMAS = {file.name.removesuffix(".schema.json"): file for file in SCHEMA_FILES}


def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((ROOT / SCHEMA_DIR / SCHEMAS[kind].name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _data(node: Node | None) -> Any:
    """Located YAML as the plain data an editor's YAML 1.2 parser hands to the schema."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [_data(item) for item in node.items]
    assert isinstance(node, Map)
    return {str(key.value): _data(value) for key, value in node.entries}


def schema_errors(kind: str, text: str) -> list[str] | None:
    """What the schema finds wrong; None when the text is not YAML data a schema can see."""
    offset = 0
    if kind == "front-matter":
        text, _body, first_line = split_front_matter(text, "index.md")
        offset = first_line - 1
    problems: list[Problem] = []
    try:
        node = parse_yaml(text, "x", offset, problems)
    except ContentError:
        return None
    if problems:
        return None
    return [error.message for error in _validator(kind).iter_errors(_data(node))]


def check_problems(kind: str, text: str, shown: str) -> list[str]:
    try:
        PARSERS[kind](text, shown)
    except ContentError as exc:
        return [problem.format() for problem in exc.problems]
    return []


def _fixtures() -> list[Any]:
    return [
        pytest.param(path.parent.name, path, id=f"{path.parent.name}/{path.name}")
        for path in sorted(FIXTURES.glob("*/*"))
    ]


@pytest.mark.parametrize(("kind", "path"), _fixtures())
def test_schema_and_check_agree(kind: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^# expect: (valid|invalid|check-only)(?: (\d+):(\d+): (.+))?$", text, re.MULTILINE)
    assert match, f"{path} has no '# expect:' line"
    expect, line, col, message = match.groups()
    shown = f"fixtures/{kind}/{path.name}"
    problems = check_problems(kind, text, shown)
    errors = schema_errors(kind, text)
    if expect == "valid":
        assert problems == []
        assert errors == []
        return
    wanted = f"{shown}:{line}:{col}: error: {message}"
    assert any(problem.startswith(wanted) for problem in problems), f"{wanted!r} not in {problems}"
    if expect == "invalid":
        assert errors, "the schema accepts what check refuses"
    else:
        assert not errors, f"a check-only case the schema catches after all: {errors}"


def test_every_kind_has_valid_invalid_and_typo_fixtures() -> None:
    for kind in PARSERS:
        texts = [p.read_text(encoding="utf-8") for p in (FIXTURES / kind).iterdir()]
        assert any("# expect: valid" in t for t in texts), kind
        assert any("# expect: invalid" in t and "unknown key" in t for t in texts), kind


def _full_fixture(kind: str) -> str:
    name = "valid-full.md" if kind == "front-matter" else "valid.yaml"
    return (FIXTURES / kind / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(PARSERS))
def test_both_catch_a_typo_in_any_key(kind: str) -> None:
    """Misspell each key of a valid file in turn (swap two letters): check and the schema both refuse it."""
    text = _full_fixture(kind)
    keys = sorted(set(re.findall(r"^[ -]*([a-z_]{3,}):", text, re.MULTILINE)))
    if kind == "sources":  # there keys are source ids: a different id is no typo, only its fields are
        keys = ["name", "url"]
    if kind == "authors":
        keys = ["name", "role", "bio", "url", "email"]
    assert len(keys) >= 2
    for key in keys:
        typo = key[0] + key[2] + key[1] + key[3:]
        broken = re.sub(rf"^([ -]*){key}:", rf"\g<1>{typo}:", text, count=1, flags=re.MULTILINE)
        problems = check_problems(kind, broken, "x")
        assert any(f"unknown key '{typo}'" in p for p in problems), (key, problems)
        errors = schema_errors(kind, broken)
        assert errors, f"the schema misses the typo {typo!r} for {key!r}"


def test_the_committed_schemas_are_up_to_date() -> None:
    stale = [
        path.relative_to(ROOT).as_posix()
        for path, text in expected_files(ROOT).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run `make schemas` and commit the result"


def test_vscode_maps_each_schema_to_its_files() -> None:
    settings = json.loads((ROOT / VSCODE_SETTINGS).read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./schemas/site.schema.json": ["content/site.yaml"],
        "./schemas/sources.schema.json": ["content/sources.yaml"],
        "./schemas/authors.schema.json": ["content/authors.yaml"],
        "./schemas/timeline.schema.json": ["content/explainers/*/timeline.yaml"],
        "./schemas/facts.schema.json": ["content/explainers/*/facts.yaml"],
        "./schemas/media.schema.json": ["content/explainers/*/media.yaml"],
    }
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).is_file()


def test_the_real_content_passes_the_schemas() -> None:
    content = ROOT / "content"
    files = [("site", content / "site.yaml"), ("sources", content / "sources.yaml")]
    files += [("authors", content / "authors.yaml")]
    for folder in sorted((content / "explainers").iterdir()):
        files += [("front-matter", folder / "index.md"), ("timeline", folder / "timeline.yaml")]
        files += [("facts", folder / "facts.yaml")]
    for kind, path in files:
        if path.is_file():
            assert schema_errors(kind, path.read_text(encoding="utf-8")) == [], path


def _shown(schema: Any) -> Iterator[str]:
    """Every text of a schema an editor's tool shows: titles, descriptions and messages."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("title", "description", "errorMessage", "patternErrorMessage") and isinstance(value, str):
                yield value
            elif key != "properties":
                yield from _shown(value)
            else:
                for field in value.values():
                    yield from _shown(field)
    elif isinstance(schema, list):
        for item in schema:
            yield from _shown(item)


def test_the_schemas_are_in_indonesian_whatever_the_language() -> None:
    """Editors read them on hover, from the committed files: Indonesian, even when generated by a developer in
    English (as this suite runs, PENJELAS_LANG=en)."""
    assert messages.language() == "en"
    site = document(SCHEMAS["site"])
    assert site["description"] == "Pengaturan seluruh situs."
    assert site["properties"]["title"]["description"] == "Nama situs, tampil di kepala setiap halaman."
    assert document(SCHEMAS["front-matter"])["properties"]["date"]["description"] == "Tanggal terbit, TTTT-BB-HH."
    assert messages.language() == "en"  # given back
    ids = set(messages.catalogue())
    for file in SCHEMA_FILES:
        shown = list(_shown(document(file)))
        assert len(shown) > 5, file.name
        assert [text for text in shown if text in ids] == [], f"{file.name}: left in English"
