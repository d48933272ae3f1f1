"""`python -m bench.micro`: re-measure the smaller figures docs/performance.md quotes, as medians with min and max.

Each figure is measured ``--repeat`` times (15 by default) and reported as the median, min and max, with what
was timed and the claim it replaces (the figures that used to live in code comments):

1. Importing PyYAML in a fresh interpreter: the cumulative ``-X importtime`` of what ``import yaml`` loads
   (every top-level entry printed after the interpreter started), and, as a check, the difference of the wall
   times of ``-c "import yaml"`` and ``-c "pass"`` run in pairs; and the importtime of the same import after
   ``import penjelas.build``, which is what it adds to a build process (some modules are loaded by then).
   Beside it, what ``parse_yaml`` (the line reader, no PyYAML) takes per explainer for the front matter,
   timeline.yaml and facts.yaml of a generated corpus (bench/corpus.py) already in memory, and how many
   explainers' worth of parsing the import costs.
2. Importing Babel's catalogue reader (``babel.messages.pofile``), the same three ways (a build has already
   loaded ``babel`` itself and ``babel.dates`` by then).
3. ``re.compile`` of the pattern of ``core.errors._unprintable``, of ``feeds.xmlwriter._NOT_XML``, and of the
   same set of characters written as XML's ``Char`` production in a negated class, ``re.purge()`` before each.
4. markdown-it-py's 'normalize' core rule against ``render._markdown_fast._normalize`` on a 6 KB body (the
   corpus's Markdown, cut to 6,144 characters) with no carriage return and no NUL.
5. Writing the Atom feeds of a 1,000-explainer corpus's site model (built in-process as ``build.prepare``
   does: ``load_content`` then ``build_site_model``) with ``feeds.xmlwriter`` (``atom_xml``, sharing the
   entries' XML between feeds as ``feeds.plan`` does) and with ElementTree (the same elements built with
   ``ET.SubElement``, ``ET.indent``, ``ET.tostring``, as tests/test_xmlwriter.py compares them; the bytes are
   checked to be identical). The ``Feed`` values are made before the clock starts.
6. Pickling the results a worker sends back for 500 explainers: ``ForkingPickler.dumps`` (what
   ``Connection.send`` does) of ``("ok", [(i, explainer), ...])`` in batches of the size ``map_in_processes``
   takes at 1,000 explainers on 2 processes, and ``pickle.loads`` of those (what ``Connection.recv`` does).
7. ``gc.collect()`` with the 1,000-explainer site model (and its ``Content``) alive; the CPU time of dropping
   that model and collecting, as an in-process proxy for freeing it at exit; and the exit itself, measured
   on real ``build.py`` processes: a one-explainer rebuild of the 1,000 corpus run through ``cli.main`` and
   left to exit normally (not through ``exit_now``), its CPU time at exit (getrusage of itself and its
   children) subtracted from the CPU time ``wait4`` reports for the whole process. A process that only
   imports ``penjelas.build`` and exits normally gives the interpreter's own share of that.
8. A full ``Watcher.poll()`` over the folders the preview watches, on the 1,000 corpus.
9. The size of the build state's explainer pickles (``BuildState.save``'s index) after a cold build of 1,000
   (``--state-n`` for other sizes), and the state file's size. A size, measured once: it does not vary.
10. Saving a share card (``assets.cards.render_card``'s image, decoded back from its PNG) with zlib level 6
    and with ``optimize=True`` (what the drawing used before), time and size.

The in-process timings run with the collector thresholds ``cli.main`` sets for a build (200,000, 30, 30),
as the build's own processes do. Corpora go in a temporary folder, removed at the end. The table goes to
stdout; ``--write`` also writes bench/micro.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import io
import json
import os
import pickle
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.corpus import generate
from bench.run import machine

ROOT = Path(__file__).resolve().parent.parent
BUILD_THRESHOLDS = (200_000, 30, 30)
"""What ``cli.main`` sets for a build (and so its forked workers have)."""
MODEL_SIZE = 1_000
PICKLED = 500
YAML_CORPUS = 70
BODY_CHARS = 6 * 1024
MARKER = "@@bench.micro@@"


@dataclass
class Figure:
    number: int
    key: str
    unit: str
    values: list[float]
    how: str
    claim: str
    notes: list[str] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def shown(self) -> str:
        if len(self.values) == 1:
            return f"{_num(self.values[0])} {self.unit}"
        return f"{_num(self.median)} ({_num(min(self.values))}–{_num(max(self.values))}) {self.unit}"


def _num(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


@contextmanager
def build_thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    gc.set_threshold(*BUILD_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def per_call(
    func: Callable[[], object], repeat: int, inner: int = 1, setup: Callable[[], object] | None = None
) -> list[float]:
    """Seconds per call of ``func``: ``repeat`` samples, each the mean of ``inner`` calls (``setup`` untimed
    before each call)."""
    samples: list[float] = []
    for _ in range(repeat):
        total = 0.0
        for _ in range(inner):
            if setup is not None:
                setup()
            start = time.perf_counter()
            func()
            total += time.perf_counter() - start
        samples.append(total / inner)
    return samples


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's Python caches compiled modules (as bench/run.py)
    return env


# 1, 2: imports in a fresh interpreter


BUILD_MODULES = "penjelas.build"
"""Imported first for the "in a build" variant: what every build process has loaded before it reads YAML or
the catalogue."""


def importtime_ms(module: str, first: str = "") -> float:
    """Cumulative -X importtime of every top-level import after the marker, in ms; ``first`` is imported before
    the marker (and must not have imported ``module`` already)."""
    before = f"import {first}; " if first else ""
    check = f"assert {module!r} not in sys.modules; "
    code = f"import sys; {before}{check}sys.stderr.write('{MARKER}\\n'); sys.stderr.flush(); import {module}"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    after = done.stderr.split(MARKER, 1)[1]
    total_us = 0
    for line in after.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue  # the header
        name = parts[2][1:]
        if not name.startswith(" "):  # top level: imported by the -c code itself, not by another module
            total_us += int(parts[1])
    return total_us / 1000


def wall_difference_ms(module: str) -> float:
    """Wall time of ``-c "import module"`` minus that of ``-c "pass"``, run one after the other, in ms."""
    times = []
    for code in ("pass", f"import {module}"):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(), check=True)
        times.append(time.perf_counter() - start)
    return (times[1] - times[0]) * 1000


def import_figures(number: int, module: str, claim: str, repeat: int) -> list[Figure]:
    fresh = [importtime_ms(module) for _ in range(repeat)]
    wall = [wall_difference_ms(module) for _ in range(repeat)]
    in_build = [importtime_ms(module, BUILD_MODULES) for _ in range(repeat)]
    return [
        Figure(
            number,
            f"import {module} (importtime)",
            "ms",
            fresh,
            f"`python -X importtime -c 'import {module}'` in a fresh interpreter: sum of the cumulative times of the "
            "top-level entries printed after startup (what the import statement itself loaded); importtime adds "
            "some overhead per module",
            claim,
        ),
        Figure(
            number,
            f"import {module} (wall)",
            "ms",
            wall,
            f"wall time of `python -c 'import {module}'` minus that of `python -c pass`, run in pairs (the "
            "difference of each pair); no timing overhead, but process noise",
            claim,
        ),
        Figure(
            number,
            f"import {module} (importtime, in a build)",
            "ms",
            in_build,
            f"as the first, after `import {BUILD_MODULES}`: what the import adds to a build process, which has "
            "loaded some of the same modules already",
            claim,
        ),
    ]


def yaml_parse_figure(workdir: Path, repeat: int, fresh_ms: float, in_build_ms: float) -> Figure:
    from penjelas.content.front_matter import split_front_matter
    from penjelas.content.yamltext import parse_yaml

    root = generate(workdir / f"corpus-{YAML_CORPUS}", YAML_CORPUS)
    documents: list[tuple[str, str, int]] = []
    for folder in sorted((root / "content" / "explainers").iterdir()):
        index = (folder / "index.md").read_text(encoding="utf-8")
        front, _body, offset = split_front_matter(index, "index.md")
        documents.append((front, "index.md", offset))
        for name in ("timeline.yaml", "facts.yaml"):
            documents.append(((folder / name).read_text(encoding="utf-8"), name, 0))
    had_yaml = "yaml" in sys.modules

    def parse_all() -> None:
        for text, path, offset in documents:
            parse_yaml(text, path, offset)

    with build_thresholds():
        samples = [s / YAML_CORPUS * 1000 for s in per_call(parse_all, repeat, inner=3)]
    figure = Figure(
        1,
        "parse_yaml, per explainer",
        "ms",
        samples,
        f"`content.yamltext.parse_yaml` of one explainer's front matter, timeline.yaml and facts.yaml, texts already "
        f"in memory (mean over the {YAML_CORPUS} explainers of a bench/corpus.py corpus, 3 passes a sample)",
        "the PyYAML import costs as much as reading the files of some seventy explainers line by line",
    )
    if not had_yaml and "yaml" in sys.modules:
        figure.notes.append("PyYAML was imported while parsing: some document left the line reader")
    else:
        figure.notes.append("no document needed PyYAML (it was not imported)")
    figure.notes.append(
        f"the import's importtime median equals {fresh_ms / figure.median:.0f} explainers' parsing in a fresh "
        f"interpreter, {in_build_ms / figure.median:.0f} in a build"
    )
    return figure


# 3: compiling regular expressions


def negated_char_production() -> str:
    """XML 1.0's ``Char`` production as a negated class: what ``_NOT_XML`` leaves out, written the other way."""
    return "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def regex_figures(repeat: int) -> list[Figure]:
    from penjelas.core import errors
    from penjelas.feeds import xmlwriter

    unprintable = errors._unprintable().pattern
    not_xml = xmlwriter._NOT_XML.pattern
    negated = negated_char_production()
    same = re.compile(negated)
    probe = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF] + [
        "\ud800",
        "\udfff",
        "\U00010000",
        "\U0010ffff",
    ]
    equivalent = all(bool(xmlwriter._NOT_XML.fullmatch(c)) == bool(same.fullmatch(c)) for c in probe)
    figures = []
    for key, pattern, claim in (
        ("compile errors._unprintable", unprintable, "about half a millisecond (a class reaching past U+00FF)"),
        ("compile xmlwriter._NOT_XML", not_xml, "a third of a millisecond"),
        ("compile Char production, negated", negated, "about 4 ms"),
    ):
        samples = [s * 1000 for s in per_call(functools.partial(re.compile, pattern), repeat, inner=10, setup=re.purge)]
        figures.append(
            Figure(
                3,
                key,
                "ms",
                samples,
                f"`re.compile` of {pattern!a} after `re.purge()` (mean of 10 a sample)",
                claim,
            )
        )
    figures[2].notes.append(
        "matches the same characters as _NOT_XML (every BMP character and the astral ends checked)"
        if equivalent
        else "does NOT match the same characters as _NOT_XML: not a like-for-like comparison"
    )
    return figures


# 4: markdown-it's normalize rule


def normalize_figures(body: str, repeat: int) -> list[Figure]:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_core.normalize import normalize

    from penjelas.render._markdown_fast import _normalize

    assert "\r" not in body and "\0" not in body
    state = StateCore(body, MarkdownIt("commonmark"), {})
    size = len(body.encode("utf-8"))
    figures = []
    for key, rule, claim in (
        ("markdown-it normalize, 6 KB", normalize, "~50 µs per 6 KB body"),
        ("penjelas _normalize, 6 KB", _normalize, "(the shortcut: skips the regex)"),
    ):
        samples = [s * 1e6 for s in per_call(functools.partial(rule, state), repeat, inner=200)]
        figures.append(
            Figure(
                4,
                key,
                "µs",
                samples,
                f"the core rule on a StateCore of a {size:,}-byte corpus body (no \\r, no NUL), mean of 200 calls",
                claim,
            )
        )
    return figures


# 5-8: with a 1,000-explainer site model in memory


def load_model(root: Path) -> tuple[object, object]:
    """(Content, SiteModel) of the corpus at ``root``, as ``build.prepare`` makes them."""
    from penjelas.build import Options, build_day
    from penjelas.content.loader import load_content
    from penjelas.site.model import build_site_model

    content = load_content(root / "content")
    return content, build_site_model(content, None, False, build_day(Options()))


def elementtree_atom(feed: object) -> bytes:
    """``feeds.atom.atom_xml`` built with ElementTree, as tests/test_xmlwriter.py builds its documents."""
    from penjelas.core.timezones import timestamp
    from penjelas.feeds.atom import ATOM_NS, ATOM_TYPE, GENERATOR, Feed
    from penjelas.feeds.xmlwriter import xml_text

    assert isinstance(feed, Feed)

    def element(parent: ET.Element | None, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        cleaned = {name: xml_text(value) for name, value in attributes.items()}
        made = ET.Element(tag, cleaned) if parent is None else ET.SubElement(parent, tag, cleaned)
        if text:
            made.text = xml_text(text)
        return made

    root = element(None, "feed", **{"xmlns": ATOM_NS, "xml:lang": feed.language})
    element(root, "id", feed.url)
    element(root, "title", feed.title)
    element(root, "subtitle", feed.subtitle)
    element(root, "link", rel="self", type=ATOM_TYPE, href=feed.url)
    element(root, "link", rel="alternate", type="text/html", href=feed.page_url)
    element(root, "updated", timestamp(feed.updated))
    author = element(root, "author")
    element(author, "name", feed.author)
    element(author, "uri", feed.author_url)
    element(root, "generator", GENERATOR)
    for entry in feed.entries:
        item = element(root, "entry")
        element(item, "id", entry.url)
        element(item, "title", entry.title)
        element(item, "link", rel="alternate", type="text/html", href=entry.url)
        element(item, "published", timestamp(entry.published))
        element(item, "updated", timestamp(entry.updated))
        element(item, "summary", entry.summary, type="text")
        for category in entry.categories:
            element(item, "category", term=category)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def feed_figures(model: object, repeat: int) -> list[Figure]:
    from penjelas.feeds.atom import Entry, atom_xml, site_feed_values
    from penjelas.site.model import SiteModel

    assert isinstance(model, SiteModel)
    feeds = [feed for _path, feed in site_feed_values(model)]

    def with_writer() -> list[bytes]:
        entries: dict[Entry, str] = {}
        return [atom_xml(feed, entries) for feed in feeds]

    def with_elementtree() -> list[bytes]:
        return [elementtree_atom(feed) for feed in feeds]

    written = with_writer()
    identical = written == with_elementtree()
    size = sum(len(data) for data in written)
    entries = sum(len(feed.entries) for feed in feeds)
    shape = f"{len(feeds)} feeds, {entries:,} entries, {size / 1e6:.2f} MB"
    figures = []
    for key, make, claim in (
        ("Atom feeds, ElementTree", with_elementtree, "90 ms for the 1.5 MB of feeds of 1,000 explainers"),
        ("Atom feeds, xmlwriter", with_writer, "(what replaced ElementTree)"),
    ):
        with build_thresholds():
            samples = [s * 1000 for s in per_call(make, repeat)]
        figures.append(
            Figure(
                5, key, "ms", samples, f"every feed of the {MODEL_SIZE:,}-explainer model ({shape}), bytes made", claim
            )
        )
    figures[0].notes.append("same bytes as xmlwriter" if identical else "bytes DIFFER from xmlwriter's")
    return figures


def pickle_figures(content: object, repeat: int) -> list[Figure]:
    from multiprocessing.reduction import ForkingPickler

    from penjelas.content.model import Content
    from penjelas.core.processes import MAX_CHUNK

    assert isinstance(content, Content)
    explainers = list(content.explainers[:PICKLED])
    chunk = max(1, min(MAX_CHUNK, MODEL_SIZE // (2 * 16)))  # _SharedWork's chunk at 1,000 items, 2 processes
    batches = [
        ("ok", [(i, explainers[i]) for i in range(start, min(start + chunk, len(explainers)))])
        for start in range(0, len(explainers), chunk)
    ]
    sent = [bytes(ForkingPickler.dumps(batch)) for batch in batches]
    size = sum(len(data) for data in sent)
    how = f"{len(explainers)} parsed explainers in {len(batches)} messages of {chunk}, {size / 1e6:.2f} MB pickled"
    with build_thresholds():
        dumps = [s * 1000 for s in per_call(lambda: [ForkingPickler.dumps(b) for b in batches], repeat)]
        loads = [s * 1000 for s in per_call(lambda: [pickle.loads(data) for data in sent], repeat)]
    return [
        Figure(6, "pickle 500 explainers", "ms", dumps, f"`ForkingPickler.dumps` (as Connection.send): {how}", "25 ms"),
        Figure(
            6,
            "unpickle 500 explainers",
            "ms",
            loads,
            "`pickle.loads` (as Connection.recv) of the same",
            "as long again (~25 ms)",
        ),
    ]


def collect_figure(repeat: int) -> Figure:
    gc.collect()
    objects = len(gc.get_objects())
    samples = [s * 1000 for s in per_call(gc.collect, repeat)]
    return Figure(
        7,
        "gc.collect(), 1,000 model alive",
        "ms",
        samples,
        f"a full `gc.collect()` in this process with the {MODEL_SIZE:,}-explainer Content and SiteModel alive "
        f"({objects:,} objects tracked); the preview keeps more besides (build state, templates, renderer), so "
        "this is a lower bound for its idle collection",
        "30-40 ms at 1,000 explainers (the preview's full collection)",
    )


def free_figure(root: Path, repeat: int) -> Figure:
    samples = []
    freed = []
    for _ in range(repeat):
        with build_thresholds():
            box = [load_model(root)]
        gc.collect()
        before = len(gc.get_objects())
        start = time.process_time()
        box.clear()
        gc.collect()
        samples.append((time.process_time() - start) * 1000)
        freed.append(before - len(gc.get_objects()))
    return Figure(
        7,
        "free the 1,000 model (proxy)",
        "ms CPU",
        samples,
        f"`process_time` of dropping the last reference to a freshly loaded {MODEL_SIZE:,}-explainer Content and "
        f"SiteModel and a `gc.collect()` (about {statistics.median(freed):,.0f} tracked objects freed): a proxy, as "
        "a build at exit holds much more (pages, state, templates)",
        "80-100 ms of CPU at 1,000 explainers",
    )


def watcher_figure(root: Path, repeat: int) -> Figure:
    from penjelas.preview.server import WATCHED
    from penjelas.preview.watcher import Watcher

    watcher = Watcher(root, WATCHED)
    files = len(watcher.state)
    samples = [s * 1000 for s in per_call(watcher.poll, repeat)]
    return Figure(
        8,
        "Watcher.poll(), 1,000 corpus",
        "ms",
        samples,
        f"`preview.watcher.Watcher.poll()` over {', '.join(WATCHED)} of the corpus ({files:,} files), files cached "
        "by the OS, nothing changed",
        "about 20 ms at 1,000 explainers",
    )


# 7 (exit), 9: real build processes


EXIT_SCRIPT = """
import resource, sys
if sys.argv[1] == "build":
    from penjelas.cli import main
    status = main(sys.argv[2:])
else:
    import penjelas.build, penjelas.cli
    status = 0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
sys.stderr.write(f"MARKER {cpu!r}\\n")
sys.stderr.flush()
sys.exit(status)
""".replace("MARKER", MARKER)


def exit_cpu_ms(args: list[str]) -> tuple[float, float]:
    """(CPU ms the process spent after its last statement, CPU ms before it) for EXIT_SCRIPT run with ``args``."""
    process = subprocess.Popen(
        [sys.executable, "-c", EXIT_SCRIPT, *args],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    stderr = process.stderr.read().decode(errors="replace")
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode != 0 or MARKER not in stderr:
        raise SystemExit(f"{args} failed ({process.returncode}):\n{stderr}")
    before = float(stderr.rsplit(MARKER, 1)[1].split()[0])
    return (usage.ru_utime + usage.ru_stime - before) * 1000, before * 1000


def build_command(root: Path, out: Path) -> list[str]:
    return ["--root", str(root), "build", "--out", str(out)]


def cold_build(root: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *build_command(root, out)],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def exit_figures(root: Path, out: Path, repeat: int) -> list[Figure]:
    timeline = root / "content" / "explainers" / "penjelasan-00000" / "timeline.yaml"
    teardown, work = [], []
    for run in range(repeat):
        with timeline.open("a", encoding="utf-8") as handle:
            handle.write(f'- date: "2024"\n  title: "Peristiwa tambahan {run}"\n  sources: [sumber-01]\n')
        after, before = exit_cpu_ms(["build", *build_command(root, out)])
        teardown.append(after)
        work.append(before)
    bare = [exit_cpu_ms(["import"])[0] for _ in range(repeat)]
    figure = Figure(
        7,
        "exit after a 1-edit rebuild, 1,000",
        "ms CPU",
        teardown,
        "a real process: `cli.main` runs a rebuild of the 1,000 corpus after one timeline.yaml gained an event, then "
        "`sys.exit` (not `exit_now`); CPU from `wait4` minus the process's own getrusage (self and children) at "
        "its last statement, i.e. the interpreter's teardown",
        "80-100 ms of CPU at 1,000 explainers, a fifth of a one-explainer rebuild",
    )
    figure.notes.append(
        f"the rebuild itself used {statistics.median(work):,.0f} ms of CPU (median, workers included): the exit "
        f"median is {figure.median / statistics.median(work):.0%} of it"
    )
    return [
        figure,
        Figure(
            7,
            "exit after imports only",
            "ms CPU",
            bare,
            "the same measurement for a process that only imports penjelas.build and penjelas.cli: the interpreter's "
            "own teardown, part of the figure above",
            "(reference)",
        ),
    ]


def state_figures(root: Path, count: int) -> list[Figure]:
    state = root / ".cache" / "build" / "state.pickle"
    with state.open("rb") as handle:
        pickle.load(handle)  # the version
        _fields, index = pickle.load(handle)
    explainer_bytes = sum(shown + rest for _name, _key, shown, rest in index)
    figure = Figure(
        9,
        f"explainer pickles, {count:,}",
        "MB",
        [explainer_bytes / 1e6],
        f"sum of the explainers' two pickles in .cache/build/state.pickle's index after a cold build of {count:,} "
        f"({len(index):,} explainers); the whole file is {state.stat().st_size / 1e6:.1f} MB",
        "5,000 explainers make some 50 MB of pickles",
    )
    if count != 5_000:
        figure.notes.append(f"times 5,000/{count:,}: {explainer_bytes / 1e6 * 5000 / count:.1f} MB (extrapolated)")
    return [figure]


# 10: share cards


def card_figures(repeat: int) -> list[Figure]:
    from PIL import Image

    from penjelas.assets.cards import render_card

    drawn = render_card("Arsip Penjelas", "Harga beras naik lagi: apa yang terjadi dengan pasokan pangan di kota kita")
    image = Image.open(io.BytesIO(drawn))
    image.load()
    sizes: dict[str, int] = {}

    def save(key: str, **options: object) -> Callable[[], None]:
        def run() -> None:
            buffer = io.BytesIO()
            image.save(buffer, "PNG", **options)
            sizes[key] = buffer.tell()

        return run

    figures = []
    for key, options, claim in (
        (
            "card PNG, zlib level 6",
            {"compress_level": 6},
            "a quarter of the time of optimize, for files ~5% larger (~40 KB)",
        ),
        ("card PNG, optimize=True", {"optimize": True}, "(what was used before)"),
    ):
        samples = [s * 1000 for s in per_call(save(key, **options), repeat)]
        figures.append(
            Figure(
                10,
                key,
                "ms",
                samples,
                f"`Image.save(..., 'PNG', {options})` of a 1200×630 card drawn by render_card",
                claim,
            )
        )
    level6, optimized = sizes["card PNG, zlib level 6"], sizes["card PNG, optimize=True"]
    figures[0].notes.append(
        f"{level6 / 1000:.1f} KB against {optimized / 1000:.1f} KB ({(level6 / optimized - 1) * 100:+.1f}%); "
        f"time ratio {figures[0].median / figures[1].median:.2f}"
    )
    return figures


# the run


def measure(repeat: int, only: set[int], state_sizes: list[int], workdir: Path) -> list[Figure]:
    figures: list[Figure] = []

    def wanted(number: int) -> bool:
        return not only or number in only

    def step(text: str) -> None:
        print(f"... {text}", file=sys.stderr, flush=True)

    if wanted(1):
        step("1: importing PyYAML, parsing YAML")
        figures += import_figures(1, "yaml", "as much as parsing some 70 explainers (figure below)", repeat)
        figures.append(yaml_parse_figure(workdir, repeat, figures[-3].median, figures[-1].median))
    if wanted(2):
        step("2: importing babel.messages.pofile")
        figures += import_figures(2, "babel.messages.pofile", "10-20 ms", repeat)
    if wanted(3):
        step("3: compiling regexes")
        figures += regex_figures(repeat)
    if wanted(4):
        step("4: markdown normalize")
        small = generate(workdir / "corpus-bodies", 12)
        text = "".join(
            (f / "index.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
            for f in sorted((small / "content" / "explainers").iterdir())
        )
        figures += normalize_figures(text[:BODY_CHARS], repeat)
    big = workdir / f"corpus-{MODEL_SIZE}"
    state_of_model = wanted(9) and MODEL_SIZE in state_sizes
    if any(wanted(n) for n in (5, 6, 7, 8)) or state_of_model:
        step(f"generating a corpus of {MODEL_SIZE:,}")
        generate(big, MODEL_SIZE)
    if any(wanted(n) for n in (5, 6, 7)):
        step(f"5-7: loading the site model of {MODEL_SIZE:,}")
        with build_thresholds():
            content, model = load_model(big)
        if wanted(5):
            step("5: feeds")
            figures += feed_figures(model, repeat)
        if wanted(6):
            step("6: pickles")
            figures += pickle_figures(content, repeat)
        if wanted(7):
            step("7: collecting")
            figures.append(collect_figure(repeat))
        del content, model
        if wanted(7):
            step("7: freeing the model")
            figures.append(free_figure(big, repeat))
    if wanted(8):
        step("8: watcher")
        figures.append(watcher_figure(big, repeat))
    if wanted(7) or state_of_model:
        out = workdir / f"out-{MODEL_SIZE}"
        step(f"cold build of {MODEL_SIZE:,} (draws every share card)")
        cold_build(big, out)
        if state_of_model:
            figures += state_figures(big, MODEL_SIZE)
        if wanted(7):
            step("7: exit after a rebuild")
            figures += exit_figures(big, out, repeat)
    if wanted(9):
        for count in state_sizes:
            if count == MODEL_SIZE:
                continue
            step(f"9: cold build of {count:,}")
            root = generate(workdir / f"corpus-{count}", count)
            cold_build(root, workdir / f"out-{count}")
            figures += state_figures(root, count)
    if wanted(10):
        step("10: share card PNG")
        figures += card_figures(repeat)
    return figures


def table(figures: list[Figure]) -> str:
    lines = ["| # | figure | median (min–max) | old claim | what was timed |", "| ---: | --- | ---: | --- | --- |"]
    for f in figures:
        how = f.how + "".join(f"; {note}" for note in f.notes)
        lines.append(f"| {f.number} | {f.key} | {f.shown()} | {f.claim} | {how} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15, help="samples per figure (default 15)")
    parser.add_argument("--only", type=int, action="append", default=[], help="only this figure's number (repeatable)")
    parser.add_argument(
        "--state-n", type=int, action="append", default=[], help=f"corpus sizes for figure 9 (default {MODEL_SIZE})"
    )
    parser.add_argument("--write", action="store_true", help="also write bench/micro.json")
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory(prefix="penjelas-micro-") as workdir:
        figures = measure(args.repeat, set(args.only), args.state_n or [MODEL_SIZE], Path(workdir))
    print(f"{started.isoformat()}, {args.repeat} samples a figure, {json.dumps(machine())}")
    print(table(figures))
    if args.write:
        record = {
            "started": started.isoformat(),
            "repeat": args.repeat,
            "machine": machine(),
            "figures": [{**asdict(f), "median": f.median, "min": min(f.values), "max": max(f.values)} for f in figures],
        }
        (ROOT / "bench" / "micro.json").write_text(
            json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
