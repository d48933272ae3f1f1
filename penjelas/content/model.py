"""The content model: what editors write (format v1), as typed data and as field specs.

The specs below are the editor's contract. Keep the names stable; extend only with optional fields.

Their descriptions are what editors read on hover in the JSON Schemas (json_schema.py), in Indonesian: each
is also an id in json_schema's ``_texts`` and in the editor catalogue (editor.po, marked ``#. schema``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from penjelas.content.fields import Bool, Date, Email, Field, ListOf, MapOf, Record, Ref, Text, Url
from penjelas.core.dates import PartialDate
from penjelas.core.errors import Problem
from penjelas.core.timezones import DEFAULT_TIMEZONE

SITE_SPEC = Record(
    "site.yaml",
    (
        Field("title", Text(max_length=200), True, "The site's name, shown in every page header."),
        Field("description", Text(max_length=500), True, "One sentence on what the site is."),
        Field("language", Text(max_length=35), True, "BCP 47 language tag of the reader-facing text, e.g. 'id'."),
        Field("base_url", Url(), True, "Where the site is published, e.g. https://org.github.io/repo/."),
        Field("author", Text(max_length=200), True, "The newsroom or author credited on every explainer."),
        Field(
            "domain",
            Text(max_length=253),
            False,
            "A custom domain the site is served at, e.g. 'penjelas.example.id'; the build writes it to CNAME.",
        ),
        Field(
            "timezone",
            Text(max_length=64),
            False,
            "IANA time zone that dates are meant in (default 'Asia/Jakarta'), e.g. 'Asia/Makassar'.",
        ),
        Field(
            "contact",
            Text(max_length=300),
            False,
            "Where readers report an error: an email address or a web address.",
        ),
        Field(
            "corrections_policy",
            Text(max_length=300),
            False,
            "The corrections policy: the folder name of an explainer on the site, or a web address.",
        ),
    ),
    "Site-wide settings.",
)

SOURCE_SPEC = Record(
    "a source",
    (
        Field("name", Text(max_length=200), True, "The publisher or body as readers know it, e.g. 'TASS'."),
        Field("url", Url(), False, "Its web address (http or https)."),
    ),
    "A source: its name and, if it has one, its web address.",
)

SOURCES_SPEC = MapOf(SOURCE_SPEC, "The shared registry of sources: each id with its name and, if it has one, url.")

AUTHOR_SPEC = Record(
    "an author",
    (
        Field("name", Text(max_length=200), True, "The author's name as the byline shows it."),
        Field("role", Text(max_length=100), False, "Their role, shown after the name, e.g. 'Redaktur'."),
        Field("bio", Text(max_length=1000), False, "One short paragraph about them, for their page."),
        Field("url", Url(), False, "Their own web page or profile (http or https)."),
        Field("email", Email(), False, "An address readers may write to, e.g. 'redaksi@example.id'."),
    ),
    "An author: a name and, if given, a role, a short bio, a web page and an email address.",
)

AUTHORS_SPEC = MapOf(AUTHOR_SPEC, "The authors: each id with a name; each gets a page at /penulis/<id>/.")

READ_ALSO_SPEC = Record(
    "a read_also link",
    (
        Field("title", Text(max_length=300), True, "The linked article's title."),
        Field("url", Url(), True, "The linked article's address (http or https)."),
    ),
)

UPDATE_KINDS = ("pembaruan", "koreksi", "ralat", "hak-jawab")
"""An update, a correction, an erratum, a right of reply (Pedoman Pemberitaan Media Siber, §4)."""

UPDATE_SPEC = Record(
    "an update",
    (
        Field("date", Text(max_length=16), True, "When, in the site's time zone: YYYY-MM-DD or YYYY-MM-DD HH:MM."),
        Field("kind", Text(max_length=20), True, "One of pembaruan, koreksi, ralat, hak-jawab."),
        Field("text", Text(markdown=True, max_length=2000), True, "What changed and why (Markdown, one line)."),
        Field("by", Text(max_length=200), False, "Who answered: required for hak-jawab."),
    ),
)

WITHDRAWN_SPEC = Record(
    "a withdrawal",
    (
        Field("date", Date(day_only=True), True, "When it was withdrawn, YYYY-MM-DD."),
        Field("reason", Text(max_length=1000), True, "Why, for readers (the page says it in place of the article)."),
    ),
)

FRONT_MATTER_SPEC = Record(
    "the front matter",
    (
        Field("title", Text(max_length=200), True, "The explainer's headline."),
        Field("summary", Text(max_length=1000), True, "One or two sentences: the quick answer."),
        Field("date", Date(day_only=True), True, "Publication date, YYYY-MM-DD."),
        Field("updated", Date(day_only=True), False, "Date of the last substantial update, YYYY-MM-DD."),
        Field(
            "updates",
            ListOf(UPDATE_SPEC),
            False,
            "Updates, corrections, errata and replies, each dated; the latest is the page's update date.",
        ),
        Field("tags", ListOf(Text(max_length=60), unique=True), False, "Topics; each gets a page."),
        Field("related", ListOf(Ref("explainer"), unique=True), False, "Slugs of other explainers to list first."),
        Field("authors", ListOf(Ref("author"), unique=True), False, "Ids from authors.yaml, in byline order."),
        Field("read_also", ListOf(READ_ALSO_SPEC), False, "External links for further reading."),
        Field("draft", Bool(), False, "true keeps the explainer out of the published site."),
        Field(
            "withdrawn",
            WITHDRAWN_SPEC,
            False,
            "Withdrawn: the page keeps its address and shows the reason instead of the article.",
        ),
        Field(
            "image",
            Text(max_length=300),
            False,
            "Share image: a .jpg, .jpeg, .png or .webp file in the explainer's folder, e.g. 'sampul.jpg'; a "
            "picture described in media.yaml is also the lead photo.",
        ),
        Field(
            "image_alt",
            Text(max_length=420),
            False,
            "What the share image shows; required with 'image' unless media.yaml describes it.",
        ),
    ),
)

EVENT_SPEC = Record(
    "a timeline event",
    (
        Field("date", Date(), True, "When: YYYY, YYYY-MM or YYYY-MM-DD, as precisely as is known."),
        Field("until", Date(), False, "End of a span, in the same forms."),
        Field("title", Text(max_length=300), True, "What happened, in a short line."),
        Field("text", Text(markdown=True), False, "More detail, in Markdown."),
        Field("sources", ListOf(Ref("source"), unique=True), False, "Ids from sources.yaml."),
    ),
)

FACT_SPEC = Record(
    "a fact",
    (
        Field("label", Text(max_length=200), True, "What the fact is about."),
        Field("value", Text(max_length=1000), True, "The fact itself; quote numbers so YAML keeps them as written."),
        Field("sources", ListOf(Ref("source"), unique=True), False, "Ids from sources.yaml."),
    ),
)

PICTURE_SPEC = Record(
    "a picture",
    (
        Field("file", Text(max_length=300), True, "The picture's file in the explainer's folder, e.g. 'foto.jpg'."),
        Field("alt", Text(max_length=420), True, "What the picture shows, for a reader who cannot see it."),
        Field(
            "credit",
            Text(max_length=200),
            True,
            "Who made it and for whom, e.g. 'Foto: ANTARA/Nama Fotografer'.",
        ),
        Field(
            "caption", Text(markdown=True, max_length=1000), False, "A caption under the picture (Markdown, one line)."
        ),
        Field("source", Ref("source"), False, "The id from sources.yaml of where the picture comes from."),
    ),
)

MEDIA_SPEC = ListOf(PICTURE_SPEC, description="The explainer's pictures, each with its alt text and credit.")

TIMELINE_SPEC = ListOf(EVENT_SPEC, description="Dated events, in any order.")
FACTS_SPEC = ListOf(FACT_SPEC, description="Sourced facts for the fact box.")


@dataclass(frozen=True)
class SiteSettings:
    """Site-wide settings from site.yaml."""

    title: str
    description: str
    language: str
    base_url: str
    """Always ends with '/'."""
    author: str
    domain: str | None = None
    """A custom domain (written to CNAME), or None."""
    timezone: str = DEFAULT_TIMEZONE
    """IANA name of the zone that publication dates are meant in."""
    contact: str | None = None
    """An email address or an http(s) address where readers report an error."""
    corrections_policy: str | None = None
    """An explainer's slug, or an http(s) address: the site's corrections policy."""


@dataclass(frozen=True)
class Source:
    """An entry of the sources registry."""

    id: str
    name: str
    url: str | None
    at: tuple[int, int] = field(default=(0, 0), compare=False)
    """Line and column of its id in sources.yaml, for messages; (0, 0) when not known."""


@dataclass(frozen=True)
class Author:
    """An entry of authors.yaml: who writes explainers, as bylines and author pages show them."""

    id: str
    name: str
    role: str | None = None
    bio: str | None = None
    """Plain text, one short paragraph."""
    url: str | None = None
    email: str | None = None
    at: tuple[int, int] = field(default=(0, 0), compare=False)
    """Line and column of its id in authors.yaml, for messages; (0, 0) when not known."""


@dataclass(frozen=True)
class Link:
    """An external read-also link."""

    title: str
    url: str


@dataclass(frozen=True)
class TimelineEvent:
    date: PartialDate
    until: PartialDate | None
    title: str
    text: str
    """Markdown source; empty when the event has no text."""
    sources: tuple[str, ...]
    line: int = field(default=0, compare=False)
    """Line in timeline.yaml where the text starts, for messages."""
    at: tuple[int, int] = field(default=(0, 0), compare=False)
    """Line and column in timeline.yaml where the event starts, for messages; (0, 0) when not known."""


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Update:
    """An entry of the front matter's ``updates``: what changed on the page, and when."""

    day: dt.date
    time: dt.time | None
    """None when only the day was given."""
    kind: str
    """One of ``UPDATE_KINDS``."""
    text: str
    """Markdown source (inline)."""
    by: str | None = None
    """Who answered (a right of reply)."""

    @property
    def moment(self) -> dt.datetime:
        """When, without a zone (it is the site's): the start of the day when no time was given."""
        return dt.datetime.combine(self.day, self.time or dt.time())

    @property
    def is_correction(self) -> bool:
        """A correction or an erratum: shown at the top of the article, and in its JSON-LD."""
        return self.kind in ("koreksi", "ralat")

    @property
    def anchor(self) -> str:
        """Its id on the explainer's page, e.g. 'perubahan-2024-11-25-1430-koreksi'."""
        clock = self.time.strftime("%H%M") if self.time is not None else ""
        return "-".join(p for p in ("perubahan", self.day.isoformat(), clock, self.kind) if p)


WITHDRAWN_ANCHOR = "penarikan"
"""The id of a withdrawn explainer's notice on its page, which the corrections page and feed link to."""


@dataclass(frozen=True)
class Withdrawal:
    """An explainer taken down (Pedoman Pemberitaan Media Siber, §5): when, and the reason readers are given."""

    day: dt.date
    reason: str


@dataclass(frozen=True)
class Picture:
    """A picture described in an explainer's media.yaml."""

    file: str
    """Its path inside the explainer's folder, with '/' ('foto.jpg', 'foto/peta.png')."""
    alt: str
    credit: str
    caption: str
    """Markdown source (inline); empty when there is none."""
    source: str | None
    at: tuple[int, int] = field(default=(0, 0), compare=False)
    """Line and column in media.yaml where its entry starts, for messages."""


@dataclass(frozen=True)
class Explainer:
    slug: str
    path: str
    """The index.md path, as shown in messages."""
    title: str
    summary: str
    date: dt.date
    updated: dt.date | None
    tags: tuple[str, ...]
    related: tuple[str, ...]
    read_also: tuple[Link, ...]
    draft: bool
    body: str
    """Markdown source of the article."""
    timeline: tuple[TimelineEvent, ...]
    """In date order."""
    facts: tuple[Fact, ...]
    image: str | None = None
    """The share image's path inside the explainer's folder ('sampul.jpg'), or None for a generated card."""
    image_alt: str | None = None
    """What the share image shows, as written (optional when ``image`` names a picture of ``media``)."""
    media: tuple[Picture, ...] = ()
    """The pictures media.yaml describes, in its order."""
    updates: tuple[Update, ...] = ()
    """Its updates, oldest first; ``updated`` is the day of the last."""
    withdrawn: Withdrawal | None = None
    """Set when it was withdrawn: its page shows the reason, and no list or feed shows it."""
    authors: tuple[str, ...] = ()
    """Ids from authors.yaml, in byline order; none: the site's ``author`` is the byline."""
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    """Line of each front matter key in index.md, for messages about the explainer as a whole."""
    body_line: int = field(default=1, compare=False)
    """Line of index.md where the Markdown body starts."""
    digest: str = field(default="", compare=False, repr=False)
    """Digest of the folder it was parsed from (set by a cached load): stands for the whole explainer in
    cache keys, which is much cheaper than spelling it out."""
    unsourced_events: tuple[tuple[int, int], ...] = field(default=(), init=False, compare=False, repr=False)
    """Where each timeline event without a source starts in timeline.yaml (line, column), for the warnings
    about them. Kept with what listings need, not ``DEFERRED``: a rebuild reports them without reading back
    every explainer's timeline."""

    def __post_init__(self) -> None:
        unsourced = tuple(event.at for event in self.timeline if not event.sources)
        object.__setattr__(self, "unsourced_events", unsourced)

    @property
    def lead(self) -> Picture | None:
        """The lead photo: the media.yaml picture that ``image`` names, if it names one."""
        return next((p for p in self.media if p.file == self.image), None) if self.image else None

    @functools.cached_property
    def cited(self) -> tuple[str, ...]:
        """The ids of the sources its timeline and facts cite, sorted."""
        found = {s for e in self.timeline for s in e.sources} | {s for f in self.facts for s in f.sources}
        return tuple(sorted(found | {p.source for p in self.media if p.source}))

    if not TYPE_CHECKING:  # mypy would otherwise accept any attribute name on an explainer

        def __getattr__(self, name: str) -> Any:
            """Reached only for an attribute that is not set: an explainer kept in the build state comes back
            with what listings need, and the rest (``DEFERRED``: body, timeline...) is read when first asked for."""
            rest = self.__dict__.get(REST) if not name.startswith("__") else None
            if rest is None:
                raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
            self._complete()
            return getattr(self, name)

    def _complete(self) -> None:
        """Read the deferred fields, if they are not yet (the function stays until they are all set)."""
        rest = self.__dict__.get(REST)
        if rest is not None:
            self.__dict__.update(rest())
            self.__dict__.pop(REST, None)

    def __getstate__(self) -> dict[str, Any]:
        self._complete()
        return self.__dict__


DEFERRED = ("body", "timeline", "facts", "read_also", "lines")
"""Fields of an explainer that only its own page needs: an explainer loaded from the build state may arrive
without them, and a function under ``REST`` that gives them (see buildstate.py)."""
REST = "_rest"


@dataclass(frozen=True)
class HeldBack:
    """An explainer not being published (a draft, or dated after the build day) whose files have problems: it
    is left out, and its problems are warnings, so that it does not stop the rest of the site."""

    slug: str
    path: str
    """Its index.md, as shown in messages."""
    title: str
    """Its title as far as it could be read; else the slug."""
    scheduled: dt.date | None
    """The day it is dated for, when that is after the build day; None for a draft."""
    problems: tuple[Problem, ...]
    """Every problem found in it, as warnings."""


@dataclass(frozen=True)
class Content:
    """Everything under content/, checked."""

    site: SiteSettings
    sources: dict[str, Source]
    explainers: tuple[Explainer, ...]
    """Sorted by slug."""
    warnings: tuple[Problem, ...] = ()
    """Problems that do not stop publishing (an event without a source, a source nothing cites, a draft's
    problems): reported by build, check and the preview, never failing them."""
    held_back: tuple[HeldBack, ...] = ()
    """Drafts and scheduled explainers left out for their problems, in folder order."""
    authors: dict[str, Author] = field(default_factory=dict)
    """authors.yaml by id; empty without it."""
