"""Loading and checking content/: parse functions take strings, load functions read files."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from penjelas.content.fields import INVALID, PLACEHOLDER, PLACEHOLDER_HINT, SLUG, Date
from penjelas.content.model import (
    FACTS_SPEC,
    FRONT_MATTER_SPEC,
    SITE_SPEC,
    SOURCES_SPEC,
    TIMELINE_SPEC,
    Content,
    Explainer,
    Fact,
    Link,
    SiteSettings,
    Source,
    TimelineEvent,
)
from penjelas.content.nodes import Map, Node, Scalar, Seq
from penjelas.content.schema import Checker, shorten, slugify
from penjelas.content.yamltext import parse_yaml
from penjelas.core.digests import code_digest, digest
from penjelas.core.errors import ContentError, Problem, suggest
from penjelas.core.processes import map_in_processes
from penjelas.core.timezones import DEFAULT_TIMEZONE, zone_names

EVENT_SPEC_DATE = Date()

MAX_FILE_BYTES = 1_000_000
"""A content file larger than this is refused: no explainer needs it, and it would slow every build."""

EXPLAINER_FILES = ("index.md", "timeline.yaml", "facts.yaml")
_FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.MULTILINE)
_FORBIDDEN_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Control characters (tab and line ends aside) and non-characters: invisible in an editor, and not
allowed in the HTML and XML the site is made of."""
_HARMLESS_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r" + bytes(range(0x80, 0x100))
"""Bytes that are never a forbidden character by themselves (in UTF-8, U+0080-U+009F start with 0xC2, and
U+FFFE and U+FFFF with 0xEF 0xBF): a file with none of the others is checked without a regex."""


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise ContentError(problems)


def parse_site(text: str, path: str = "content/site.yaml") -> SiteSettings:
    """Parse site.yaml."""
    problems: list[Problem] = []
    node = parse_yaml(text, path, 0, problems)
    if node is None:
        raise ContentError([Problem(path, 1, 1, "site.yaml is empty", "see README.md for its keys")])
    values = Checker(path, problems).check(node, SITE_SPEC, "site.yaml")
    if values is not INVALID:
        language = values["language"]
        if not re.match(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$", language):
            problems.append(_at(path, node, "language", f"'{language}' is not a BCP 47 language tag like 'id'"))
        if "timezone" in values:
            problems.extend(_check_timezone(values["timezone"], path, node))
        if "domain" in values:
            problems.extend(_check_domain(values["domain"], values["base_url"], path, node))
    _raise_if(problems)
    base_url = values["base_url"]
    return SiteSettings(
        title=values["title"],
        description=values["description"],
        language=values["language"],
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        author=values["author"],
        domain=values["domain"].lower() if "domain" in values else None,
        timezone=values.get("timezone", DEFAULT_TIMEZONE),
    )


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _check_timezone(name: str, path: str, node: Node) -> list[Problem]:
    if name in zone_names():
        return []
    hint = (
        suggest(name, zone_names())
        or "use an IANA name: 'Asia/Jakarta' (WIB), 'Asia/Makassar' (WITA), 'Asia/Jayapura' (WIT)"
    )
    return [_at(path, node, "timezone", f"'{name}' is not a time zone name", hint)]


def _check_domain(domain: str, base_url: str, path: str, node: Node) -> list[Problem]:
    """A custom domain is a bare host name, and base_url must be the root of it."""

    def problem(message: str, hint: str) -> list[Problem]:
        return [_at(path, node, "domain", message, hint)]

    host = domain.lower()
    if "/" in host or ":" in host:
        bare = urlsplit(host if "//" in host else "//" + host).hostname or "penjelas.example.id"
        return problem(f"'domain' must be a host name only, not '{domain}'", f"write domain: {bare}")
    if not host.isascii():
        try:
            ascii_form = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_form = ""
        return problem(
            f"'domain' must be written in ASCII, not '{domain}'",
            f"write domain: {ascii_form}" if ascii_form else "use the domain's punycode (xn--) form",
        )
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        return problem(f"'{domain}' is not a domain name like 'penjelas.example.id'", "")
    parts = urlsplit(base_url)
    if parts.hostname != host or parts.path not in ("", "/"):
        return problem(
            f"'domain' is '{host}' but base_url is '{base_url}'; a custom domain serves the site at its root",
            f"set base_url: https://{host}/",
        )
    return []


def parse_sources(text: str, path: str = "content/sources.yaml") -> dict[str, Source]:
    """Parse sources.yaml, the registry of sources by id."""
    problems: list[Problem] = []
    node = parse_yaml(text, path, 0, problems)
    if node is None:
        return {}
    values = Checker(path, problems).check(node, SOURCES_SPEC, "sources.yaml")
    _raise_if(problems)
    return {key: Source(key, v["name"], v.get("url")) for key, v in values.items()}


@dataclass(frozen=True)
class FrontMatter:
    """An index.md split into its parts, before the timeline and facts are attached."""

    values: dict[str, Any]
    body: str
    lines: dict[str, int]
    """Line of each key, for messages about the explainer as a whole."""
    body_line: int
    """Line of index.md where the body starts."""


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return (front matter YAML, Markdown body, line number where the YAML starts)."""
    if not text.startswith("---"):
        raise ContentError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "index.md must start with front matter",
                    "put a line '---' first, then title:, summary:, date:, then '---'",
                )
            ]
        )
    first_newline = text.find("\n")
    if first_newline == -1 or text[:first_newline].strip() != "---":
        raise ContentError([Problem(path, 1, 1, "the first line must be exactly '---'")])
    end = _FRONT_MATTER_END.search(text, first_newline + 1)
    if end is None:
        raise ContentError(
            [Problem(path, 1, 1, "the front matter is not closed", "add a line '---' after the last key")]
        )
    yaml_text = text[first_newline + 1 : end.start()]
    rest = text[end.end() :]
    body = rest.lstrip("\n")
    return yaml_text, body, 2


def parse_front_matter(
    text: str,
    path: str,
    slug: str,
    slugs: set[str] | None = None,
    tags_seen: dict[str, str] | None = None,
    files: set[str] | None = None,
) -> FrontMatter:
    """Parse index.md into front matter values and the Markdown body.

    ``slugs`` are the explainers that exist, for checking ``related``; ``files`` are the paths of the files in
    the explainer's folder, for checking ``image``. None skips that check.
    """
    yaml_text, body, first_line = split_front_matter(text, path)
    problems: list[Problem] = []
    node = parse_yaml(yaml_text, path, first_line - 1, problems)
    if node is None:
        raise ContentError(
            [Problem(path, first_line, 1, "the front matter is empty", "add title:, summary: and date:")]
        )
    checker = Checker(path, problems)
    if slugs is not None:
        checker.refs["explainer"] = slugs
    values = checker.check(node, FRONT_MATTER_SPEC, "front matter")
    if isinstance(node, Map):
        related = node.get("related")
        if isinstance(related, Seq):
            for item in related.items:
                if getattr(item, "value", None) == slug:
                    problems.append(
                        Problem(
                            path, item.line, item.col, "an explainer cannot be related to itself", "remove this line"
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
                Problem(path, updated.line, updated.col, "'updated' is earlier than 'date'", "check both dates")
            )
        problems.extend(_check_image(node, path, files))
    problems.extend(_body_placeholders(text, body, path))
    _raise_if(problems)
    lines = {str(k.value): k.line for k, _ in node.entries} if isinstance(node, Map) else {}
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return FrontMatter(values, body, lines, body_line)


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
"""Share image formats that WhatsApp, Facebook and X all show."""


def image_path(text: str) -> str:
    """The share image's path inside the explainer's folder, normalised; ValueError saying what is wrong."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text):
        raise ValueError("must be a file in the explainer's folder, not a web address")
    if "\\" in text:
        raise ValueError("must use '/' between folder names, not '\\'")
    if text.startswith("/"):
        raise ValueError("must be a path inside the explainer's folder, like 'sampul.jpg', not start with '/'")
    pure = PurePosixPath(text)
    if ".." in pure.parts:
        raise ValueError("must stay inside the explainer's folder ('..' leaves it)")
    if not pure.parts or any(part.startswith(".") for part in pure.parts):
        raise ValueError("must name a file whose name does not start with '.'")
    if pure.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"must be a {', '.join(IMAGE_SUFFIXES[:-1])} or {IMAGE_SUFFIXES[-1]} image file")
    return pure.as_posix()


def _check_image(node: Map, path: str, files: set[str] | None) -> list[Problem]:
    """``image`` names a picture in the folder, and comes with ``image_alt`` (and the other way round)."""
    problems: list[Problem] = []
    image, alt = node.get("image"), node.get("image_alt")
    image_text = image.value if isinstance(image, Scalar) and isinstance(image.value, str) else None
    folder = path.rsplit("/", 1)[0]
    if image is not None and alt is None:
        problems.append(
            Problem(
                path,
                image.line,
                image.col,
                "'image' needs 'image_alt' beside it",
                "add image_alt: a short description of what the picture shows, for readers who cannot see it",
            )
        )
    if alt is not None and image is None:
        problems.append(
            Problem(path, alt.line, alt.col, "'image_alt' is set but there is no 'image'", "add image: or remove it")
        )
    if image is None or image_text is None or not image_text.strip():
        return problems
    try:
        name = image_path(image_text.strip())
    except ValueError as exc:
        problems.append(Problem(path, image.line, image.col, f"'image' {exc} ('{image_text}')"))
        return problems
    if files is not None and name not in files:
        pictures = [f for f in files if PurePosixPath(f).suffix.lower() in IMAGE_SUFFIXES]
        hint = suggest(name, pictures) or f"put the image in {folder}/"
        problems.append(Problem(path, image.line, image.col, f"there is no file '{name}' in {folder}/", hint))
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
                f"the article still holds the placeholder '{quoted}'",
                PLACEHOLDER_HINT,
            )
        )
        start = body.find(PLACEHOLDER, start + len(PLACEHOLDER))
    return found


def parse_timeline(text: str, path: str, source_ids: set[str] | None = None) -> tuple[TimelineEvent, ...]:
    """Parse timeline.yaml into events in date order (ties keep the file's order)."""
    problems: list[Problem] = []
    node = parse_yaml(text, path, 0, problems)
    if node is None:
        return ()
    checker = Checker(path, problems)
    if source_ids is not None:
        checker.refs["source"] = source_ids
    values = checker.check(node, TIMELINE_SPEC, "timeline.yaml")
    if isinstance(node, Seq):  # spans are checked per event, even where another event has errors
        scratch = Checker(path, [])
        for item in node.items:
            if not isinstance(item, Map) or item.get("until") is None or item.get("date") is None:
                continue
            start = scratch.check(item.get("date"), EVENT_SPEC_DATE, "date")
            until_node = item.get("until")
            until = scratch.check(until_node, EVENT_SPEC_DATE, "until")
            if start is not INVALID and until is not INVALID and until.last_day() < start.first_day():
                assert until_node is not None
                problems.append(
                    Problem(
                        path,
                        until_node.line,
                        until_node.col,
                        f"'until' ({until.iso()}) is before 'date' ({start.iso()})",
                        "swap them or fix the year",
                    )
                )
    _raise_if(problems)
    assert isinstance(node, Seq)
    events = [
        TimelineEvent(v["date"], v.get("until"), v["title"], v.get("text", ""), v.get("sources", ()), _text_line(item))
        for v, item in zip(values, node.items, strict=True)
    ]
    return tuple(sorted(events, key=_chronological))


def _text_line(item: Node) -> int:
    """Where an event's Markdown text starts (for messages about links in it); its own line otherwise."""
    text = item.get("text") if isinstance(item, Map) else None
    return (text or item).line


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def _chronological(event: TimelineEvent) -> tuple[object, ...]:
    """Earliest first; a coarser date before a finer one that starts the same day ('2024' before 'Januari 2024')."""
    end = event.until or event.date
    return (event.date.first_day(), _PRECISION_RANK[event.date.precision], end.last_day())


def parse_facts(text: str, path: str, source_ids: set[str] | None = None) -> tuple[Fact, ...]:
    """Parse facts.yaml, keeping the editor's order."""
    problems: list[Problem] = []
    node = parse_yaml(text, path, 0, problems)
    if node is None:
        return ()
    checker = Checker(path, problems)
    if source_ids is not None:
        checker.refs["source"] = source_ids
    values = checker.check(node, FACTS_SPEC, "facts.yaml")
    _raise_if(problems)
    return tuple(Fact(v["label"], v["value"], v.get("sources", ())) for v in values)


def _at(path: str, node: Node, key: str, message: str, hint: str = "") -> Problem:
    target = node.get(key) if isinstance(node, Map) else None
    target = target or node
    return Problem(path, target.line, target.col, message, hint)


def read_text(path: Path, shown: str) -> str:
    """Read a content file as UTF-8 text: BOM dropped, line ends normalised, size limited.

    Only ordinary files are read: a symbolic link could point anywhere on the build machine, and a
    named pipe or device would block the build forever or never end. At most ``MAX_FILE_BYTES`` + 1
    bytes are read, so a huge file costs no memory before it is refused.
    """
    return _decode(_read_bytes(path, shown), shown)


def _refusal(shown: str, message: str, hint: str = "", line: int = 0, col: int = 0) -> ContentError:
    return ContentError([Problem(shown, line, col, message, hint)])


def _read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of a content file, after the checks ``read_text`` describes."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise _refusal(
                shown,
                "is a symbolic link; content must be ordinary files",
                "replace the link with the file it points to",
            )
        if not stat.S_ISREG(info.st_mode):
            raise _refusal(shown, "is not an ordinary file", "replace it with a text file")
        # Plain system calls, and a read of what the file holds rather than of the limit: a read of the
        # limit allocates a megabyte first, and a buffered file object costs more than the reading.
        limit = MAX_FILE_BYTES + 1
        want = min(info.st_size + 1, limit)
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            data = os.read(handle, want)
            if len(data) == want < limit or 0 < len(data) < info.st_size:  # it grew, or a short read
                parts, size = [data], len(data)
                while size < limit and (more := os.read(handle, limit - size)):
                    parts.append(more)
                    size += len(more)
                data = b"".join(parts)
        finally:
            os.close(handle)
    except OSError as exc:
        raise _refusal(shown, f"cannot be read: {exc.strerror or exc}", "check the file's permissions") from None
    if len(data) > MAX_FILE_BYTES:
        size = max(info.st_size, len(data))
        raise _refusal(
            shown,
            f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
            "split it or shorten it; images and data do not belong in content/",
        )
    return data


def _decode(data: bytes, shown: str) -> str:
    """The text of a content file's bytes, as ``read_text`` describes."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        raise _refusal(
            shown,
            f"the file is not valid UTF-8 text (byte 0x{data[exc.start]:02x})",
            "save it as UTF-8 in your editor",
            line,
            col,
        ) from None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if data.translate(None, _HARMLESS_BYTES) or b"\xc2" in data or b"\xef\xbf" in data:
        bad = _FORBIDDEN_CHARACTER.search(text)
        if bad is not None:
            line = text.count("\n", 0, bad.start()) + 1
            col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
            raise _refusal(
                shown,
                f"the file contains the invisible control character U+{ord(bad.group()):04X}",
                "delete it; it is usually pasted in by accident",
                line,
                col,
            )
    return text


ParsedExplainers = dict[str, tuple[str, Explainer]]
"""Folder name -> (digest of everything its parse depends on, the explainer): the build cache's part."""


def load_content(
    content_dir: Path,
    shown_root: str = "content",
    parsed: ParsedExplainers | None = None,
    hashes: Callable[[str], str] | None = None,
    alongside: Callable[[SiteSettings], None] | None = None,
) -> Content:
    """Read and check everything under ``content_dir``; raise one ContentError listing every problem.

    With ``parsed`` (kept between builds), an explainer whose files, and the ids it may refer to, are the
    same as when it was parsed is taken from there; it is updated with what was parsed now. ``hashes``
    gives a file's SHA-256 by path without reading it where it is known (see quick.FileHashes); it only
    spares reading unchanged explainers' files to see that they are unchanged. ``alongside`` is given the
    site's settings, when site.yaml is sound, to work with while other processes parse the explainers.
    """
    problems: list[Problem] = []

    def attempt(func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except ContentError as exc:
            problems.extend(exc.problems)
            return None

    def shown(path: Path) -> str:
        return f"{shown_root}/{path.relative_to(content_dir).as_posix()}"

    site = None
    site_path = content_dir / "site.yaml"
    if not site_path.is_file():
        problems.append(Problem(f"{shown_root}/site.yaml", 0, 0, "site.yaml is missing", "create it; see README.md"))
    else:
        site = attempt(lambda: parse_site(read_text(site_path, shown(site_path)), shown(site_path)))

    sources: dict[str, Source] | None = {}
    sources_path = content_dir / "sources.yaml"
    if sources_path.exists() or sources_path.is_symlink():
        sources = attempt(lambda: parse_sources(read_text(sources_path, shown(sources_path)), shown(sources_path)))
    for extra in sorted(content_dir.iterdir()) if content_dir.is_dir() else []:
        if extra.name in ("site.yaml", "sources.yaml", "explainers") or extra.name.startswith("."):
            continue
        hint = suggest(extra.name, ["site.yaml", "sources.yaml", "explainers"])
        problems.append(
            Problem(
                shown(extra),
                0,
                0,
                f"unexpected '{extra.name}' in content/",
                hint or "remove it or move it into an explainer folder",
            )
        )

    explainers_dir = content_dir / "explainers"
    if explainers_dir.is_symlink():
        problems.append(
            Problem(
                f"{shown_root}/explainers",
                0,
                0,
                "is a symbolic link; content must be ordinary files and folders",
                "replace the link with the folder it points to",
            )
        )
        raise ContentError(problems)
    entries: dict[str, os.DirEntry[str]] = {}
    with contextlib.suppress(FileNotFoundError, NotADirectoryError), os.scandir(explainers_dir) as listing:
        entries = {entry.name: entry for entry in listing if not entry.name.startswith(".")}
    linked = {name for name, entry in entries.items() if entry.is_symlink()}
    folders = [explainers_dir / name for name in sorted(entries)]
    slugs = {p.name for p in folders if SLUG.match(p.name)}
    source_ids = set(sources) if sources is not None else None
    explainers: list[Explainer] = []
    context = digest(
        PARSER_VERSION, code_digest(), shown_root, sorted(slugs), sorted(source_ids) if source_ids is not None else None
    )
    # With nothing parsed before, nothing can be reused: the keys are then made where each explainer is parsed.
    keys = (
        {folder.name: _folder_key(folder, context, hashes=hashes, link=folder.name in linked) for folder in folders}
        if parsed
        else {}
    )
    found: dict[str, Explainer] = {}
    todo = []
    for folder in folders:
        cached = parsed.get(folder.name) if parsed else None
        if cached is not None and keys.get(folder.name) is not None and cached[0] == keys[folder.name]:
            found[folder.name] = cached[1]
        else:
            todo.append(folder)

    def load(folder: Path) -> Explainer | ContentError:
        try:
            return _load_explainer(
                folder,
                f"{shown_root}/explainers/{folder.name}",
                slugs,
                source_ids,
                context if parsed is not None else None,
            )
        except ContentError as exc:
            return exc

    meanwhile = functools.partial(alongside, site) if alongside is not None and site is not None else None
    for folder, outcome in zip(todo, map_in_processes(load, todo, alongside=meanwhile), strict=True):
        if isinstance(outcome, ContentError):
            problems.extend(outcome.problems)
            continue
        if parsed is not None and outcome.digest:
            parsed[folder.name] = (outcome.digest, outcome)
        found[folder.name] = outcome
    explainers.extend(found[f.name] for f in folders if f.name in found)
    if parsed is not None:
        for gone in set(parsed) - {f.name for f in folders}:
            del parsed[gone]
    if not folders:
        problems.append(
            Problem(
                f"{shown_root}/explainers",
                0,
                0,
                "there are no explainers",
                "add a folder content/explainers/<slug>/ with an index.md",
            )
        )
    if problems:
        raise ContentError(problems)
    assert site is not None and sources is not None
    return Content(site, sources, tuple(explainers))


PARSER_VERSION = "2"
"""Change it whenever parsing or checking changes, so explainers parsed by an older build are parsed again."""


def _folder_key(
    folder: Path,
    context: str,
    listing: dict[str, os.DirEntry[str]] | None = None,
    read: dict[str, bytes] | None = None,
    hashes: Callable[[str], str] | None = None,
    link: bool | None = None,
) -> str | None:
    """A digest of every name and byte in an explainer's folder, or None where it cannot be cached (links).

    Where the folder was just read, ``listing`` is its entries and ``read`` the bytes of the files read whole.
    ``hashes`` gives a file's SHA-256 (hex) by path, if the caller knows it without reading the file; ``link``
    whether the folder is a symbolic link, if the caller knows.
    """
    parts: list[str] = [context, folder.name]
    try:
        if listing is None:
            if link if link is not None else folder.is_symlink():
                return None
            with os.scandir(folder) as found:
                listing = {entry.name: entry for entry in found}
        for _name, entry in sorted(listing.items()):
            if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                return None
            data = read.get(entry.name) if read is not None else None
            if data is not None or hashes is None:
                sha = hashlib.sha256(data if data is not None else _read_whole(entry.path)).hexdigest()
            else:
                sha = hashes(entry.path)
            parts.extend((entry.name, sha))
    except OSError:
        return None
    return digest(tuple(parts))  # one part: a thousand folders


def _read_whole(path: str) -> bytes:
    """All the bytes of a file, with plain system calls (a buffered file object costs more than the reading)."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        parts = [os.read(handle, os.fstat(handle).st_size + 1)]
        while parts[-1]:
            parts.append(os.read(handle, 1 << 16))
        return b"".join(parts)
    finally:
        os.close(handle)


def _load_explainer(
    folder: Path, shown: str, slugs: set[str], source_ids: set[str] | None, context: str | None = None
) -> Explainer:
    """Read and check one explainer's folder; with ``context``, its cache key is the explainer's ``digest``."""
    problems: list[Problem] = []
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
                    "is a symbolic link; content must be ordinary files and folders",
                    "replace the link with the folder it points to",
                )
            ]
        )
    if not stat.S_ISDIR(mode):
        raise ContentError([Problem(shown, 0, 0, "is not a folder; each explainer is a folder with an index.md")])
    slug = folder.name
    if not SLUG.match(slug):
        raise ContentError(
            [
                Problem(
                    shown,
                    0,
                    0,
                    f"'{slug}' is not a valid folder name for an explainer",
                    f"use lowercase letters, digits and single hyphens, e.g. '{slugify(slug) or 'judul-explainer'}'",
                )
            ]
        )
    with os.scandir(folder) as listing:
        entries = {entry.name: entry for entry in listing}
    for name in sorted(entries):
        if name in EXPLAINER_FILES or name.startswith("."):
            continue
        if PurePosixPath(name).suffix in (".md", ".yaml", ".yml", ".markdown"):
            hint = suggest(name, EXPLAINER_FILES) or "an explainer has index.md, timeline.yaml and facts.yaml"
            problems.append(Problem(f"{shown}/{name}", 0, 0, f"unexpected file '{name}'", hint))
    read_whole: dict[str, bytes] = {}

    def read(name: str) -> str | None:
        if name not in entries:
            return None
        try:
            data = _read_bytes(folder / name, f"{shown}/{name}")
            read_whole[name] = data  # the whole file: _read_bytes refuses one over the limit
            return _decode(data, f"{shown}/{name}")
        except ContentError as exc:
            problems.extend(exc.problems)
            return None

    def parsed(func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except ContentError as exc:
            problems.extend(exc.problems)
            return None

    index_text = read("index.md")
    if index_text is None and not problems:
        problems.append(Problem(f"{shown}/index.md", 0, 0, "index.md is missing", "every explainer needs one"))
    front = (
        parsed(parse_front_matter, index_text, f"{shown}/index.md", slug, slugs, None, _folder_files(folder, entries))
        if index_text is not None
        else None
    )
    timeline_text = read("timeline.yaml")
    timeline = (
        parsed(parse_timeline, timeline_text, f"{shown}/timeline.yaml", source_ids) if timeline_text is not None else ()
    )
    facts_text = read("facts.yaml")
    facts = parsed(parse_facts, facts_text, f"{shown}/facts.yaml", source_ids) if facts_text is not None else ()
    if problems:
        raise ContentError(problems)
    assert front is not None and timeline is not None and facts is not None
    v = front.values
    return Explainer(
        slug=slug,
        path=f"{shown}/index.md",
        title=v["title"],
        summary=v["summary"],
        date=v["date"].first_day(),
        updated=v["updated"].first_day() if v.get("updated") else None,
        tags=v.get("tags", ()),
        related=v.get("related", ()),
        read_also=tuple(Link(link["title"], link["url"]) for link in v.get("read_also", ())),
        draft=v.get("draft", False),
        body=front.body,
        timeline=timeline,
        facts=facts,
        image=image_path(v["image"]) if v.get("image") else None,
        image_alt=v.get("image_alt"),
        lines=front.lines,
        body_line=front.body_line,
        digest=(_folder_key(folder, context, entries, read_whole) or "") if context is not None else "",
    )


def _folder_files(folder: Path, entries: dict[str, os.DirEntry[str]] | None = None) -> set[str]:
    """Paths (relative, with '/') of the ordinary files in an explainer's folder; links and dotfiles are left out.

    ``entries`` is the folder's listing when already made: without subfolders, it says it all.
    """
    if entries is not None and not any(
        e.is_dir(follow_symlinks=False) for name, e in entries.items() if not name.startswith(".")
    ):
        return {name for name, e in entries.items() if not name.startswith(".") and not e.is_symlink() and e.is_file()}
    found: set[str] = set()
    for root, dirs, names in os.walk(folder):  # does not descend into linked folders
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(root) / name
            if not name.startswith(".") and not path.is_symlink() and path.is_file():
                found.add(path.relative_to(folder).as_posix())
    return found
