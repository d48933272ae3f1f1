"""One explainer's folder: its files read, parsed and checked together into an ``Explainer``."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from penjelas.content.facts import parse_facts
from penjelas.content.fields import SLUG
from penjelas.content.folders import folder_files, folder_key
from penjelas.content.front_matter import FrontMatter, image_path, parse_front_matter
from penjelas.content.media import parse_media
from penjelas.content.model import Explainer, Fact, Link, Picture, TimelineEvent, Withdrawal
from penjelas.content.reading import decode, read_bytes
from penjelas.content.schema import slugify
from penjelas.content.timeline import parse_timeline
from penjelas.core.errors import ContentError, Problem, collecting, raise_if_any, suggest
from penjelas.core.messages import t

EXPLAINER_FILES = ("index.md", "timeline.yaml", "facts.yaml", "media.yaml")
"""media.yaml is optional, like the others but index.md."""


def load_explainer(
    folder: Path,
    shown: str,
    slugs: set[str],
    source_ids: set[str] | None,
    context: str | None = None,
    *,
    author_ids: set[str] | None = None,
) -> Explainer:
    """Read and check one explainer's folder; with ``context``, its cache key is the explainer's ``digest``.

    ``source_ids`` and ``author_ids`` are the ids its files may cite; None skips that check.

    Every problem in its files is reported at once, in one ContentError.
    """
    _check_folder(folder, shown)
    with os.scandir(folder) as listing:
        entries = {entry.name: entry for entry in listing}
    files = _Files(folder, shown, entries)
    files.problems.extend(_unexpected_files(entries, shown))
    in_folder = folder_files(folder, entries)
    media_text = files.read("media.yaml")
    media = (
        collecting(
            files.problems,
            parse_media,
            media_text,
            f"{shown}/media.yaml",
            source_ids,
            in_folder,
            _links(folder, entries),
        )
        if media_text is not None
        else ()
    )
    index_text = files.read("index.md")
    if index_text is None and not files.problems:
        files.problems.append(
            Problem(f"{shown}/index.md", 0, 0, t("index.md is missing"), t("every explainer needs one"))
        )
    front = (
        collecting(
            files.problems,
            parse_front_matter,
            index_text,
            f"{shown}/index.md",
            folder.name,
            slugs,
            None,
            in_folder if media is not None else None,  # a broken media.yaml says what is wrong with the picture
            {p.file for p in media} if media is not None else None,
            author_ids,
        )
        if index_text is not None
        else None
    )
    timeline_text = files.read("timeline.yaml")
    timeline = (
        collecting(files.problems, parse_timeline, timeline_text, f"{shown}/timeline.yaml", source_ids)
        if timeline_text is not None
        else ()
    )
    facts_text = files.read("facts.yaml")
    facts = (
        collecting(files.problems, parse_facts, facts_text, f"{shown}/facts.yaml", source_ids)
        if facts_text is not None
        else ()
    )
    raise_if_any(files.problems)
    assert front is not None and timeline is not None and facts is not None and media is not None
    key = (folder_key(folder, context, entries, files.whole) or "") if context is not None else ""
    return _explainer(folder.name, f"{shown}/index.md", front, timeline, facts, media, key)


def _links(folder: Path, entries: dict[str, os.DirEntry[str]]) -> set[str]:
    """Paths (relative, with '/') of the symbolic links in an explainer's folder, to name them as such."""
    found = {name for name, entry in entries.items() if entry.is_symlink()}
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in (*names, *dirs):
            path = Path(root) / name
            if path.is_symlink():
                found.add(path.relative_to(folder).as_posix())
    return found


def _check_folder(folder: Path, shown: str) -> None:
    """Refuse what cannot be an explainer: a link, a file, a folder whose name is not a slug."""
    try:
        mode = folder.lstat().st_mode
    except OSError:
        mode = 0
    if stat.S_ISLNK(mode):
        raise ContentError(
            [
                Problem(
                    shown,
                    0,
                    0,
                    t("is a symbolic link; content must be ordinary files and folders"),
                    t("replace the link with the folder it points to"),
                )
            ]
        )
    if not stat.S_ISDIR(mode):
        raise ContentError([Problem(shown, 0, 0, t("is not a folder; each explainer is a folder with an index.md"))])
    slug = folder.name
    if not SLUG.match(slug):
        raise ContentError(
            [
                Problem(
                    shown,
                    0,
                    0,
                    t("'{slug}' is not a valid folder name for an explainer", slug=slug),
                    t(
                        "use lowercase letters, digits and single hyphens, e.g. '{example}'",
                        example=slugify(slug) or "judul-explainer",
                    ),
                )
            ]
        )


def _unexpected_files(entries: dict[str, os.DirEntry[str]], shown: str) -> list[Problem]:
    """A problem for each text file that is not one of the explainer's three (a misspelt name, usually)."""
    problems: list[Problem] = []
    for name in sorted(entries):
        if name in EXPLAINER_FILES or name.startswith("."):
            continue
        if PurePosixPath(name).suffix in (".md", ".yaml", ".yml", ".markdown"):
            hint = suggest(name, EXPLAINER_FILES) or t("an explainer has index.md, timeline.yaml and facts.yaml")
            problems.append(Problem(f"{shown}/{name}", 0, 0, t("unexpected file '{name}'", name=name), hint))
    return problems


class _Files:
    """Reads and parses the files of one folder, collecting problems rather than stopping at the first."""

    def __init__(self, folder: Path, shown: str, entries: dict[str, os.DirEntry[str]]) -> None:
        self.folder = folder
        self.shown = shown
        self.entries = entries
        self.problems: list[Problem] = []
        self.whole: dict[str, bytes] = {}  # the bytes of each file read, for the folder's digest

    def read(self, name: str) -> str | None:
        """The text of a file in the folder; None if it is absent or cannot be read (a problem then)."""
        if name not in self.entries:
            return None
        try:
            data = read_bytes(self.folder / name, f"{self.shown}/{name}")
            self.whole[name] = data  # the whole file: read_bytes refuses one over the limit
            return decode(data, f"{self.shown}/{name}")
        except ContentError as exc:
            self.problems.extend(exc.problems)
            return None


def _explainer(
    slug: str,
    path: str,
    front: FrontMatter,
    timeline: tuple[TimelineEvent, ...],
    facts: tuple[Fact, ...],
    media: tuple[Picture, ...],
    key: str,
) -> Explainer:
    v = front.values
    return Explainer(
        slug=slug,
        path=path,
        title=v["title"],
        summary=v["summary"],
        date=v["date"].first_day(),
        # With updates, the latest one's day is the explainer's update date ('updated' may only repeat it).
        updated=front.updates[-1].day if front.updates else v["updated"].first_day() if v.get("updated") else None,
        tags=v.get("tags", ()),
        related=v.get("related", ()),
        authors=v.get("authors", ()),
        read_also=tuple(Link(link["title"], link["url"]) for link in v.get("read_also", ())),
        draft=v.get("draft", False),
        body=front.body,
        timeline=timeline,
        facts=facts,
        image=image_path(v["image"]) if v.get("image") else None,
        image_alt=v.get("image_alt"),
        media=media,
        updates=front.updates,
        withdrawn=Withdrawal(v["withdrawn"]["date"].first_day(), v["withdrawn"]["reason"])
        if v.get("withdrawn")
        else None,
        lines=front.lines,
        body_line=front.body_line,
        digest=key,
    )
