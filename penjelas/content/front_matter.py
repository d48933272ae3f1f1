"""An explainer's ``index.md``: the front matter between its ``---`` lines, and the Markdown body below."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from penjelas.content.fields import INVALID, PLACEHOLDER, placeholder_hint
from penjelas.content.model import FRONT_MATTER_SPEC, Update
from penjelas.content.nodes import Map, Scalar, Seq
from penjelas.content.schema import Checker, shorten
from penjelas.content.updates import check_updated, read_updates
from penjelas.content.yamltext import parse_yaml
from penjelas.core.errors import ContentError, Problem, raise_if_any, suggest
from penjelas.core.messages import t

_FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class FrontMatter:
    """An index.md split into its parts, before the timeline and facts are attached."""

    values: dict[str, Any]
    body: str
    lines: dict[str, int]
    """Line of each key, for messages about the explainer as a whole."""
    body_line: int
    """Line of index.md where the body starts."""
    updates: tuple[Update, ...] = ()
    """The ``updates`` entries, checked, oldest first."""


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return (front matter YAML, Markdown body, line number where the YAML starts)."""
    if not text.startswith("---"):
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    1,
                    t("index.md must start with front matter"),
                    t("put a line '---' first, then title:, summary:, date:, then '---'"),
                )
            ]
        )
    first_newline = text.find("\n")
    if first_newline == -1 or text[:first_newline].strip() != "---":
        raise ContentError([Problem(path, 1, 1, t("the first line must be exactly '---'"))])
    end = _FRONT_MATTER_END.search(text, first_newline + 1)
    if end is None:
        last = _last_front_matter_line(text)
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    1,
                    t("the front matter is not closed"),
                    t(
                        "add a line '---' after line {line}, the last line of the front matter, before the article",
                        line=last,
                    ),
                )
            ]
        )
    yaml_text = text[first_newline + 1 : end.start()]
    rest = text[end.end() :]
    body = rest.lstrip("\n")
    return yaml_text, body, 2


_YAML_LINE = re.compile(r"^(?:[A-Za-z_][\w-]*[ \t]*:|[ \t-]|#)")


def _last_front_matter_line(text: str) -> int:
    """The line after which an unclosed front matter should end: its last line before the article text."""
    last = 1
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if not line.strip():
            continue
        if not _YAML_LINE.match(line):
            break
        last = number
    return last


def parse_front_matter(
    text: str,
    path: str,
    slug: str,
    slugs: set[str] | None = None,
    tags_seen: dict[str, str] | None = None,
    files: set[str] | None = None,
    described: set[str] | frozenset[str] | None = frozenset(),
    author_ids: set[str] | None = None,
) -> FrontMatter:
    """Parse index.md into front matter values and the Markdown body.

    ``slugs`` are the explainers that exist, for checking ``related``; ``files`` are the paths of the files in
    the explainer's folder, for checking ``image``; ``author_ids`` the ids of authors.yaml, for checking
    ``authors``. None skips either check. ``described`` are the pictures media.yaml describes: an ``image``
    among them needs no ``image_alt`` (the picture has its own ``alt``); None when media.yaml could not be
    read (its problems say what is wrong).
    """
    yaml_text, body, first_line = split_front_matter(text, path)
    problems: list[Problem] = []
    node = parse_yaml(yaml_text, path, first_line - 1, problems)
    if node is None:
        raise ContentError(
            [Problem(path, first_line, 1, t("the front matter is empty"), t("add title:, summary: and date:"))]
        )
    checker = Checker(path, problems)
    if slugs is not None:
        checker.refs["explainer"] = slugs
    if author_ids is not None:
        checker.refs["author"] = author_ids
    values = checker.check(node, FRONT_MATTER_SPEC, "front matter")
    if isinstance(node, Map):
        related = node.get("related")
        if isinstance(related, Seq):
            for item in related.items:
                if getattr(item, "value", None) == slug:
                    problems.append(
                        Problem(
                            path,
                            item.line,
                            item.col,
                            t("an explainer cannot be related to itself"),
                            t("remove this line"),
                        )
                    )
        updated = node.get("updated")
        if (
            values is not INVALID
            and values.get("updated")
            and updated is not None
            and values["updated"] < values["date"]
        ):
            problems.append(
                Problem(path, updated.line, updated.col, t("'updated' is earlier than 'date'"), t("check both dates"))
            )
        problems.extend(_check_image(node, path, files, described))
    withdrawn = node.get("withdrawn") if isinstance(node, Map) else None
    if (
        withdrawn is not None
        and values is not INVALID
        and values.get("withdrawn")
        and values.get("date")
        and values["withdrawn"]["date"].first_day() < values["date"].first_day()
    ):
        message = t("the explainer is withdrawn before it was published")
        problems.append(Problem(path, withdrawn.line, withdrawn.col, message, t("check the year and the month")))
    updates: tuple[Update, ...] = ()
    if isinstance(node, Map) and values is not INVALID and values.get("updates"):
        published = values["date"].first_day() if values.get("date") else None
        updates, found = read_updates(node.get("updates"), list(values["updates"]), published, path)
        problems.extend(found)
        updated = values["updated"].first_day() if values.get("updated") else None
        problems.extend(check_updated(node.get("updated"), updated, updates, path))
    problems.extend(_body_placeholders(text, body, path))
    raise_if_any(problems)
    lines = {str(k.value): k.line for k, _ in node.entries} if isinstance(node, Map) else {}
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return FrontMatter(values, body, lines, body_line, updates)


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
"""Share image formats that WhatsApp, Facebook and X all show."""


def image_path(text: str, written: str | None = None) -> str:
    """The share image's path inside the explainer's folder, normalised; ValueError saying what is wrong, in
    the editor's language, quoting ``written`` (what the editor wrote, ``text`` by default)."""
    value = text if written is None else written
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text):
        raise ValueError(
            t("'image' must be a file in the explainer's folder, not a web address ('{value}')", value=value)
        )
    if "\\" in text:
        raise ValueError(t("'image' must use '/' between folder names, not '\\' ('{value}')", value=value))
    if text.startswith("/"):
        raise ValueError(
            t(
                "'image' must be a path inside the explainer's folder, like 'sampul.jpg', not start with '/' ('{value}')",
                value=value,
            )
        )
    pure = PurePosixPath(text)
    if ".." in pure.parts:
        raise ValueError(t("'image' must stay inside the explainer's folder ('..' leaves it) ('{value}')", value=value))
    if not pure.parts or any(part.startswith(".") for part in pure.parts):
        raise ValueError(t("'image' must name a file whose name does not start with '.' ('{value}')", value=value))
    if pure.suffix.lower() not in IMAGE_SUFFIXES:
        kinds = ", ".join(IMAGE_SUFFIXES[:-1])
        raise ValueError(
            t(
                "'image' must be a {kinds} or {last} image file ('{value}')",
                kinds=kinds,
                last=IMAGE_SUFFIXES[-1],
                value=value,
            )
        )
    return pure.as_posix()


def _check_image(
    node: Map, path: str, files: set[str] | None, described: set[str] | frozenset[str] | None = frozenset()
) -> list[Problem]:
    """``image`` names a picture in the folder, and comes with ``image_alt`` unless media.yaml describes it
    (and ``image_alt`` comes with ``image``)."""
    problems: list[Problem] = []
    image, alt = node.get("image"), node.get("image_alt")
    image_text = image.value if isinstance(image, Scalar) and isinstance(image.value, str) else None
    folder = path.rsplit("/", 1)[0]
    if image is not None and alt is None and described is not None and (image_text or "").strip() not in described:
        problems.append(
            Problem(
                path,
                image.line,
                image.col,
                t("'image' needs 'image_alt' beside it"),
                t("add image_alt: a short description of what the picture shows, for readers who cannot see it"),
            )
        )
    if alt is not None and image is None:
        problems.append(
            Problem(
                path, alt.line, alt.col, t("'image_alt' is set but there is no 'image'"), t("add image: or remove it")
            )
        )
    if image is None or image_text is None or not image_text.strip():
        return problems
    try:
        name = image_path(image_text.strip(), image_text)
    except ValueError as exc:
        problems.append(Problem(path, image.line, image.col, str(exc)))
        return problems
    if files is not None and name not in files:
        pictures = [f for f in files if PurePosixPath(f).suffix.lower() in IMAGE_SUFFIXES]
        hint = suggest(name, pictures) or t("put the image in {folder}/", folder=folder)
        problems.append(
            Problem(
                path, image.line, image.col, t("there is no file '{name}' in {folder}/", name=name, folder=folder), hint
            )
        )
    return problems


def _body_placeholders(text: str, body: str, path: str) -> list[Problem]:
    """A problem for every placeholder left in the Markdown body, at its line and column in index.md."""
    found: list[Problem] = []
    first_line = text.count("\n", 0, len(text) - len(body)) + 1
    start = body.find(PLACEHOLDER)
    while start != -1:
        line_start = body.rfind("\n", 0, start) + 1
        line_end = body.find("\n", start)
        quoted = shorten(body[start : line_end if line_end != -1 else len(body)])
        line = first_line + body.count("\n", 0, start)
        found.append(
            Problem(
                path,
                line,
                start - line_start + 1,
                t("the article still holds the placeholder '{text}'", text=quoted),
                placeholder_hint(),
            )
        )
        start = body.find(PLACEHOLDER, start + len(PLACEHOLDER))
    return found
