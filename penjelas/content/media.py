"""An explainer's ``media.yaml``: its pictures, each with what it shows (``alt``) and who made it (``credit``).

A picture is a file in the explainer's folder or a subfolder. The article shows one where a paragraph holds
only ``![](foto.jpg)`` (render/markdown.py), and front matter ``image`` may name one as the lead photo. The
pixels are checked and resized when the site is built (assets/pictures.py); here only the entries and the
files' names are.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from penjelas.content.model import MEDIA_SPEC, Picture
from penjelas.content.nodes import Map, Scalar, Seq
from penjelas.content.schema import Checker
from penjelas.content.yamltext import parse_yaml
from penjelas.core.errors import Problem, raise_if_any, suggest
from penjelas.core.messages import t

PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
"""The kinds of picture a page may show: every browser reads them, and Pillow resizes them."""


def parse_media(
    text: str,
    path: str,
    source_ids: set[str] | None = None,
    files: set[str] | None = None,
    links: set[str] | frozenset[str] = frozenset(),
) -> tuple[Picture, ...]:
    """Parse media.yaml. ``files`` are the paths of the ordinary files in the explainer's folder (None skips
    checking that each picture is there); ``links`` those that are symbolic links."""
    problems: list[Problem] = []
    node = parse_yaml(text, path, 0, problems)
    if node is None:
        return ()
    checker = Checker(path, problems)
    if source_ids is not None:
        checker.refs["source"] = source_ids
    values = checker.check(node, MEDIA_SPEC, "media.yaml")
    folder = path.rsplit("/", 1)[0]
    seen: dict[str, int] = {}
    for item in node.items if isinstance(node, Seq) else ():
        written = item.get("file") if isinstance(item, Map) else None
        if not isinstance(written, Scalar) or not isinstance(written.value, str) or not written.value.strip():
            continue  # the schema's check reports it
        try:
            name = picture_file(written.value.strip(), written.value)
        except ValueError as exc:
            problems.append(Problem(path, written.line, written.col, str(exc)))
            continue
        if name in seen:
            problems.append(
                Problem(
                    path,
                    written.line,
                    written.col,
                    t("'{name}' is described twice (first at line {line})", name=name, line=seen[name]),
                    t("keep one entry for each picture"),
                )
            )
        seen.setdefault(name, written.line)
        if files is not None:
            problems.extend(_missing(name, files, links, path, written, folder))
    raise_if_any(problems)
    assert isinstance(node, Seq)
    return tuple(
        Picture(
            picture_file(v["file"].strip()),
            v["alt"],
            v["credit"],
            v.get("caption", ""),
            v.get("source"),
            (item.line, item.col),
        )
        for v, item in zip(values, node.items, strict=True)
    )


def _missing(
    name: str, files: set[str], links: set[str] | frozenset[str], path: str, written: Scalar, folder: str
) -> list[Problem]:
    """A problem if the folder has no ordinary file ``name``: a link, a name in another case, a misspelling."""
    if name in files:
        return []
    if name in links:
        message = t("'{name}' is a symbolic link; a picture must be an ordinary file", name=name)
        return [Problem(path, written.line, written.col, message, t("replace the link with the picture itself"))]
    same = [f for f in sorted(files) if f.casefold() == name.casefold()]
    pictures = [f for f in files if PurePosixPath(f).suffix.lower() in PICTURE_SUFFIXES]
    hint = (
        t("did you mean '{name}'?", name=same[0])
        if same
        else suggest(name, pictures) or t("put the picture in {folder}/", folder=folder)
    )
    message = t("there is no file '{name}' in {folder}/", name=name, folder=folder)
    return [Problem(path, written.line, written.col, message, hint)]


def picture_file(text: str, written: str | None = None) -> str:
    """A picture's path inside the explainer's folder, normalised; ValueError saying what is wrong, in the
    editor's language, quoting ``written`` (what the editor wrote, ``text`` by default)."""
    value = text if written is None else written
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text) or text.startswith("//"):
        raise ValueError(
            t("a picture must be a file in the explainer's folder, not a web address ('{value}')", value=value)
        )
    if "\\" in text:
        raise ValueError(t("a picture's path must use '/' between folder names, not '\\' ('{value}')", value=value))
    if text.startswith("/"):
        raise ValueError(
            t("a picture's path must not start with '/': write it from the explainer's folder ('{value}')", value=value)
        )
    pure = PurePosixPath(text)
    if ".." in pure.parts:
        raise ValueError(
            t("a picture must stay inside the explainer's folder ('..' leaves it) ('{value}')", value=value)
        )
    if not pure.parts or any(part.startswith(".") for part in pure.parts):
        raise ValueError(t("a picture's file name must not start with '.' ('{value}')", value=value))
    if pure.suffix.lower() not in PICTURE_SUFFIXES:
        raise ValueError(
            t(
                "a picture must be a {kinds} or {last} file ('{value}')",
                kinds=", ".join(PICTURE_SUFFIXES[:-1]),
                last=PICTURE_SUFFIXES[-1],
                value=value,
            )
        )
    return pure.as_posix()


def is_local_picture(src: str) -> bool:
    """Whether an image address in Markdown names a file beside the article ('foto.jpg', 'foto/peta.png'),
    rather than a web address, a page of the site ('/x.png') or a fragment."""
    return bool(src) and not (re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith(("/", "#", "?")))
