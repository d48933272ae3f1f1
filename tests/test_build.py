"""End-to-end behaviour of `build.py` on the real content and on variations of it."""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.extract import extract_from_dir

from penjelas.content.model import Explainer
from penjelas.site.related import RelatedMemo, related_explainers, remembered_related
from tests.conftest import ROOT, run_cli, snapshot

PROTOCOL = "protokol-kerja-sama-korea-utara-rusia"
TREATY = "perjanjian-pertahanan-korea-utara-rusia-2024"


class Outline(HTMLParser):
    """Collects what a reader would look for: sections, time elements, links."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.times: list[tuple[str, str]] = []  # (datetime, enclosing section class)
        self.links: list[tuple[str, str]] = []  # (href, enclosing section class)
        self.dts = 0
        self.dds_with_source = 0
        self.timeline_items = 0
        self._in_dd = False

    def _section(self) -> str:
        for tag, attrs in reversed(self.stack):
            if tag in ("aside", "section"):
                return attrs.get("class") or ""
        return ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        section = self._section()
        if tag == "time":
            self.times.append((a.get("datetime") or "", section))
        if tag == "a":
            self.links.append((a.get("href") or "", section))
            if self._in_dd and (a.get("href") or "").startswith("#sumber-"):
                self.dds_with_source += 1
                self._in_dd = False
        if tag == "dt" and section == "fact-box":
            self.dts += 1
        if tag == "dd" and section == "fact-box":
            self._in_dd = True
        if tag == "li" and section == "timeline":
            self.timeline_items += 1
        if tag not in ("meta", "link", "br", "img", "hr", "input"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        if tag == "dd":
            self._in_dd = False


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_real_content_builds_every_page(project: Path) -> None:
    result = run_cli(project, "build")
    assert result.code == 0, result.stderr
    out = project / "output"
    for page in ("index.html", f"{PROTOCOL}/index.html", f"{TREATY}/index.html", "topik/index.html"):
        assert (out / page).is_file(), page
    topics = sorted(p.parent.name for p in (out / "topik").glob("*/index.html"))
    assert {"korea-utara", "rusia", "diplomasi"} <= set(topics)


def test_protocol_explainer_has_timeline_facts_and_related(project: Path) -> None:
    assert run_cli(project, "build").code == 0
    html_path = project / "output" / PROTOCOL / "index.html"
    page = outline(html_path)
    starts = _event_starts(html_path)
    assert len(starts) >= 5
    assert starts == sorted(starts), "timeline events are in date order"
    assert page.dts >= 5
    assert page.dds_with_source == page.dts, "every fact links its source"
    related = [href for href, section in page.links if section == "related"]
    assert f"/{TREATY}/" in related
    cited = {href[1:] for href, _section in page.links if href.startswith("#sumber-")}
    listed = set(re.findall(r'<li id="(sumber-[a-z0-9-]+)">', html_path.read_text(encoding="utf-8")))
    assert cited == listed, "the Sumber list holds exactly the sources cited"


def _event_starts(path: Path) -> list[tuple[int, ...]]:
    """The first <time> of each timeline event, as (year, month, day) with 0 for an unknown part."""
    html = path.read_text(encoding="utf-8")
    timeline = html[html.index('class="timeline"') :]
    items = timeline[: timeline.index("</ol>")].split("<li>")[1:]
    starts = []
    for item in items:
        match = re.search(r'<time datetime="([0-9-]+)"', item)
        assert match, item
        parts = [int(p) for p in match.group(1).split("-")]
        starts.append(tuple(parts + [0] * (3 - len(parts))))
    return starts


def test_same_content_gives_byte_identical_output(project: Path, tmp_path: Path) -> None:
    assert run_cli(project, "build", "--out", str(tmp_path / "a")).code == 0
    for path in (project / "content").rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert run_cli(project, "build", "--out", str(tmp_path / "b")).code == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_base_url_from_option_and_environment(project: Path, tmp_path: Path) -> None:
    assert (
        run_cli(project, "build", "--base-url", "https://example.github.io/repo", "--out", str(tmp_path / "a")).code
        == 0
    )
    env = dict(os.environ, BASE_URL="https://example.github.io/repo/")
    assert run_cli(project, "build", "--out", str(tmp_path / "b"), env=env).code == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    html = (tmp_path / "a" / PROTOCOL / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'(?:href|src)="(/[^"]*)"', html)
    assert hrefs and all(h.startswith("/repo/") for h in hrefs), hrefs
    assert f'href="/repo/{TREATY}/"' in html, "links written as /slug/ in Markdown get the base path"
    assert '<link rel="canonical" href="https://example.github.io/repo/' in html


def test_drafts_are_left_out_unless_asked(project: Path, tmp_path: Path) -> None:
    index = project / "content" / "explainers" / TREATY / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("\n---\n", "\ndraft: true\n---\n", 1), encoding="utf-8")

    # The protocol's body links to the treaty: publishing it without the draft would break that link.
    result = run_cli(project, "build", "--out", str(tmp_path / "a"))
    protocol = project / "content" / "explainers" / PROTOCOL / "index.md"
    lines = protocol.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if f"](/{TREATY}/)" in text)
    assert result.code == 1
    assert result.stderr.splitlines()[0] == (
        f"content/explainers/{PROTOCOL}/index.md:{line}: error: the link '/{TREATY}/' points to a page this "
        "site does not have (link to an explainer as /its-folder-name/; a draft is not published)"
    )

    protocol.write_text("\n".join(t for t in lines if f"](/{TREATY}/)" not in t) + "\n", encoding="utf-8")
    assert run_cli(project, "build", "--out", str(tmp_path / "a")).code == 0
    assert not (tmp_path / "a" / TREATY).exists()
    for page in (tmp_path / "a").rglob("*.html"):
        assert TREATY not in page.read_text(encoding="utf-8"), page
    assert run_cli(project, "build", "--drafts", "--out", str(tmp_path / "b")).code == 0
    assert (tmp_path / "b" / TREATY / "index.html").is_file()


def test_template_error_names_template_and_line_and_keeps_output(project: Path) -> None:
    assert run_cli(project, "build").code == 0
    before = snapshot(project / "output")
    template = project / "templates" / "explainer.html"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if "explainer.summary" in line)
    lines[number] = lines[number].replace("explainer.summary", "explainer.sumary")
    template.write_text("".join(lines), encoding="utf-8")
    result = run_cli(project, "build")
    assert result.code == 1
    assert f"templates/explainer.html:{number + 1}: error: template error: " in result.stderr
    assert "'sumary'" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "output") == before


def test_template_syntax_error_is_reported(project: Path) -> None:
    (project / "templates" / "topic.html").write_text("{% block main %}\n{% if %}\n", encoding="utf-8")
    result = run_cli(project, "check")
    assert result.code == 1
    assert result.stderr.startswith("templates/topic.html:2: error: template syntax error: ")


def _explainer(slug: str, tags: tuple[str, ...], day: int, related: tuple[str, ...] = ()) -> Explainer:
    return Explainer(
        slug, f"{slug}/index.md", slug, "s", dt.date(2024, 1, day), None, tags, related, (), False, "", (), ()
    )


def test_related_explicit_first_then_rarer_shared_tags_then_newer() -> None:
    explainers = (
        _explainer("a", ("umum", "langka"), 1, related=("e",)),
        _explainer("b", ("umum",), 2),
        _explainer("c", ("langka",), 3),
        _explainer("d", ("umum",), 4),
        _explainer("e", (), 5),
        _explainer("f", ("umum",), 6),
        _explainer("g", ("umum",), 7),
        _explainer("h", ("umum",), 8),
    )
    related = {slug: [e.slug for e in items] for slug, items in related_explainers(explainers).items()}
    assert related["a"] == ["e", "c", "h", "g", "f"]
    assert related["e"] == []
    assert related["b"] == ["h", "g", "f", "d", "a"]


def test_every_template_message_is_translated() -> None:
    catalogue = (ROOT / "locale" / "id" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    translated = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', catalogue, re.MULTILINE))
    used = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "templates"), method_map=[("**.html", "jinja2")]
        )
    }
    assert used, "no messages found in templates"
    missing = sorted(m for m in used if not translated.get(m))
    assert missing == []


def _related_by_scoring_every_pair(explainers: tuple[Explainer, ...]) -> dict[str, list[str]]:
    """The ranking as its definition states it, comparing every pair: the reference for the fast version."""
    import math

    from penjelas.site.order import newest_first
    from penjelas.site.related import MAX_RELATED

    ordered = sorted(explainers, key=newest_first)
    counts: dict[str, int] = {}
    for e in ordered:
        for tag in set(e.tags):
            counts[tag] = counts.get(tag, 0) + 1
    weight = {tag: math.log(1 + len(ordered) / n) for tag, n in counts.items()}
    slugs = {e.slug for e in ordered}
    result = {}
    for e in explainers:
        chosen = [s for s in e.related if s in slugs][:MAX_RELATED]
        others = [
            (-round(sum(weight[t] for t in set(e.tags) & set(o.tags)), 9), i, o.slug)
            for i, o in enumerate(ordered)
            if o.slug != e.slug and o.slug not in chosen and set(e.tags) & set(o.tags)
        ]
        result[e.slug] = chosen + [slug for *_, slug in sorted(others)][: MAX_RELATED - len(chosen)]
    return result


def test_related_ranking_equals_scoring_every_pair() -> None:
    import random

    rng = random.Random(11)
    for trial in range(40):
        tags = [f"t{i}" for i in range(rng.randint(1, 12))]
        count = rng.randint(1, 60)
        explainers = tuple(
            _explainer(
                f"e{i}",
                tuple(rng.sample(tags, rng.randint(0, min(len(tags), 10)))),
                rng.randint(1, 9),
                related=tuple(f"e{j}" for j in rng.sample(range(count), rng.randint(0, 2)) if j != i),
            )
            for i in range(count)
        )
        fast = {slug: [e.slug for e in items] for slug, items in related_explainers(explainers).items()}
        assert fast == _related_by_scoring_every_pair(explainers), f"trial {trial}"


def test_subsets_come_with_their_exact_scores_best_first() -> None:
    """Each subset's key is its tags' weights summed in tag order, as sum() adds them, to the last bit."""
    import itertools
    import random

    from penjelas.site.related import _subsets_best_first

    rng = random.Random(3)
    every = [f"t{i}" for i in range(40)]
    bit = {tag: 1 << i for i, tag in enumerate(every)}
    for _ in range(500):
        weight = {tag: rng.random() * rng.choice([1, 3, 0.001, 1e6]) for tag in every}
        tags = sorted(rng.sample(every, rng.randint(1, 8)))
        expected = sorted(
            (-round(sum(weight[t] for t in subset), 9), sum(bit[t] for t in subset))
            for size in range(1, len(tags) + 1)
            for subset in itertools.combinations(tags, size)
        )
        assert _subsets_best_first(tags, bit, weight, {}) == expected


def test_remembered_related_lists_are_reused_only_while_what_they_depend_on_is_unchanged() -> None:
    import dataclasses
    import random

    rng = random.Random(5)
    tags = [f"t{i}" for i in range(8)]
    explainers = tuple(
        _explainer(f"e{i}", tuple(rng.sample(tags, rng.randint(0, 4))), rng.randint(1, 28)) for i in range(30)
    )
    memo: RelatedMemo = {}
    for step in range(60):
        found = remembered_related(explainers, memo)
        assert {s: [e.slug for e in r] for s, r in found.items()} == {
            s: [e.slug for e in r] for s, r in related_explainers(explainers).items()
        }, f"step {step}"
        assert all(r is next(e for e in explainers if e.slug == r.slug) for rs in found.values() for r in rs)
        i = rng.randrange(len(explainers))
        change = rng.choice(["body", "tags", "date", "related", "remove", "add"])
        e = explainers[i]
        if change == "body":
            e = dataclasses.replace(e, body=f"edit {step}")
        elif change == "tags":
            e = dataclasses.replace(e, tags=tuple(rng.sample(tags, rng.randint(0, 4))))
        elif change == "date":
            e = dataclasses.replace(e, date=dt.date(2024, 1, rng.randint(1, 28)))
        elif change == "related":
            e = dataclasses.replace(e, related=(explainers[rng.randrange(len(explainers))].slug,))
        if change == "remove" and len(explainers) > 2:
            explainers = explainers[:i] + explainers[i + 1 :]
        elif change == "add":
            explainers += (_explainer(f"n{step}", tuple(rng.sample(tags, 2)), rng.randint(1, 28)),)
        else:
            explainers = (*explainers[:i], e, *explainers[i + 1 :])
    # A body edit keeps the remembered answer, which is then used as it stands.
    remembered_related(explainers, memo)
    (key,) = memo
    memo[key] = {slug: () for slug in memo[key]}
    edited = (dataclasses.replace(explainers[0], body="new words"), *explainers[1:])
    assert all(r == () for r in remembered_related(edited, memo).values())


def test_every_published_file_is_readable_as_any_new_file_even_cards_cached_private(project: Path) -> None:
    import shutil
    import stat

    from penjelas.core.atomic import new_file_mode

    assert run_cli(project, "build").code == 0
    cards = [p for p in (project / ".cache" / "cards").iterdir() if p.suffix == ".png"]
    assert cards
    for card in cards:  # as older versions cached them (mkstemp: the owner's alone)
        card.chmod(0o600)
    shutil.rmtree(project / "output")
    shutil.rmtree(project / ".cache" / "build")
    assert run_cli(project, "build").code == 0
    modes = {
        path.relative_to(project / "output").as_posix(): stat.S_IMODE(path.stat().st_mode)
        for path in (project / "output").rglob("*")
        if path.is_file()
    }
    assert any(name.endswith(".png") for name in modes)
    assert {name: mode for name, mode in modes.items() if mode != new_file_mode()} == {}
