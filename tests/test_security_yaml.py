"""YAML that tries to run code, surprise the editor, or exhaust the builder (issue 7, cases 4-6).

Every case runs against both YAML back ends: libyaml (what `make build` uses when PyYAML has it) and
PyYAML's pure-Python loader (what a machine without libyaml gets).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from penjelas.build import Project, build
from penjelas.content import nodes, yamltext
from penjelas.content.facts import parse_facts
from penjelas.content.front_matter import parse_front_matter
from penjelas.content.settings import parse_sources
from penjelas.content.timeline import parse_timeline
from penjelas.core.errors import ContentError
from tests.conftest import ROOT
from tests.hostile import explainer, page_texts, write_content

DEPTH_ERROR = (
    "error: lists and mappings are nested more than 32 levels deep "
    "(content files need only a few levels; check the brackets and indentation)"
)


class _PureLoader(yaml.SafeLoader):
    """yamltext's loader, rebuilt on the pure-Python SafeLoader (the same resolve override)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return nodes.PLAIN_TAG if implicit[0] else nodes.QUOTED_TAG
        return str(yaml.SafeLoader.resolve(self, kind, value, implicit))


BACKENDS = ["libyaml", "pure"]


def use_backend(monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    """Make yamltext use one YAML back end for the rest of the test."""
    if backend == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML was built without libyaml")
        assert nodes.yaml_loaders()[0] is yaml.CSafeLoader
        return
    monkeypatch.setattr(nodes, "yaml_loaders", lambda: (yaml.SafeLoader, _PureLoader))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    use_backend(monkeypatch, request.param)
    yield request.param


def errors_of(func: Any, *args: Any) -> list[str]:
    with pytest.raises(ContentError) as caught:
        func(*args)
    return [p.format() for p in caught.value.problems]


# --- 4. Object construction --------------------------------------------------------------------------

CONSTRUCTORS = [
    ('!!python/object/apply:os.system ["touch {marker}"]', "!!python/object/apply:os.system"),
    ('!!python/object/apply:os.system {{args: ["touch {marker}"]}}', "!!python/object/apply:os.system"),
    ('!!python/object/new:subprocess.Popen [["touch", "{marker}"]]', "!!python/object/new:subprocess.Popen"),
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!!python/module:os", "!!python/module:os"),
    ('!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {marker}"]', "!!python/object/apply:os.system"),
    ("!!binary aGVsbG8=", "!!binary"),
    ("!!set {{a, b}}", "!!set"),
    ("!!timestamp 2024-06-19", "!!timestamp"),
    ("!custom x", "!custom"),
]


@pytest.mark.parametrize(("value", "shown"), CONSTRUCTORS)
def test_yaml_tags_are_content_errors_and_nothing_runs(backend: str, tmp_path: Path, value: str, shown: str) -> None:
    marker = tmp_path / "pwned"
    written = value.format(marker=marker)
    expected = f"error: YAML tags like '{shown}' are not allowed (remove the '!' tag)"
    front = f"---\ntitle: {written}\nsummary: s\ndate: 2024-06-19\n---\n"
    for func, args, where in [
        (parse_facts, (f"- label: x\n  value: {written}\n  sources: [kcna]\n", "f.yaml"), "f.yaml:2:10"),
        (parse_timeline, (f"- date: 2024\n  title: {written}\n", "t.yaml"), "t.yaml:2:10"),
        (parse_sources, (f"kcna:\n  name: {written}\n", "s.yaml"), "s.yaml:2:9"),
        (parse_front_matter, (front, "i.md", "x"), "i.md:2:8"),
        (parse_facts, (f"{written}\n", "f.yaml"), "f.yaml:1:1"),
    ]:
        errors = errors_of(func, *args)
        assert f"{where}: {expected}" in errors
        assert errors == [f"{where}: {expected}"]
    assert not marker.exists()


def test_a_whole_build_with_a_constructor_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    root = write_content(
        tmp_path / "site",
        {
            "explainers/satu/index.md": explainer(),
            "explainers/satu/facts.yaml": (
                f'- label: x\n  value: !!python/object/apply:os.system ["touch {marker}"]\n  sources: [kcna]\n'
            ),
        },
    )
    with pytest.raises(ContentError) as caught:
        build(Project(root), root / "output")
    assert [p.format() for p in caught.value.problems] == [
        "content/explainers/satu/facts.yaml:2:10: error: YAML tags like '!!python/object/apply:os.system' "
        "are not allowed (remove the '!' tag)"
    ]
    assert not marker.exists()
    assert not (root / "output").exists()


# --- 5. YAML 1.1 surprises ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("on", "on"),
        ("Off", "Off"),
        ("yes", "yes"),
        ("y", "y"),
        ("12:30", "12:30"),
        ("1:20:30", "1:20:30"),
        ("2024-06-19", "2024-06-19"),
        ("2024-06-19 10:00:00", "2024-06-19 10:00:00"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("=", "="),
    ],
)
def test_yaml_11_booleans_times_and_dates_stay_the_text_written(backend: str, written: str, kept: str) -> None:
    """Under YAML 1.1 these would be False, True, 750, 4830, a date, 1000, 5, a 'value' tag."""
    fact = parse_facts(f"- label: {written}\n  value: {written}\n  sources: [kcna]\n", "f.yaml")[0]
    assert (fact.label, fact.value) == (kept, kept)
    front = parse_front_matter(f"---\ntitle: {written}\nsummary: {written}\ndate: 2024-06-19\n---\n", "i.md", "x")
    assert (front.values["title"], front.values["summary"]) == (kept, kept)
    assert parse_sources(f"s:\n  name: {written}\n", "s.yaml")["s"].name == kept


@pytest.mark.parametrize(
    "written", ["1.10", "0777", "0o777", "0x1F", "1e3", "+12", "-0", ".inf", "-.Inf", ".NaN", "12"]
)
def test_numbers_where_text_is_expected_ask_to_be_quoted(backend: str, written: str) -> None:
    assert errors_of(parse_facts, f"- label: x\n  value: {written}\n  sources: [kcna]\n", "f.yaml") == [
        f"f.yaml:2:10: error: 'value' must be text, but YAML reads {written} as a number (put it in quotes: \"{written}\")"
    ]
    assert errors_of(parse_timeline, f"- date: 2024\n  title: {written}\n", "t.yaml") == [
        f"t.yaml:2:10: error: 'title' must be text, but YAML reads {written} as a number (put it in quotes: \"{written}\")"
    ]


@pytest.mark.parametrize(
    ("written", "error"),
    [
        ("12:30", "'date': '12:30' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("NO", "'date': 'NO' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("on", "'date': 'on' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1.10", "'date' must be a date like 2024-06-19, not '1.10'"),
        ("2024.06", "'date' must be a date like 2024-06-19, not '2024.06'"),
        ("0x7E8", "'date' must be a date like 2024-06-19, not '0x7E8'"),
        ("true", "'date' must be a date like 2024-06-19, not 'true'"),
        (
            "2024-6-1",
            "'date': '2024-6-1' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD (write it as 2024-06-01)",
        ),
        ("2024-06-19T10:00", "'date': '2024-06-19T10:00' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024-02-30", "'date': '2024-02-30' is not a real date: February 2024 has 29 days"),
    ],
)
def test_what_is_not_a_date_where_a_date_is_expected(backend: str, written: str, error: str) -> None:
    assert errors_of(parse_timeline, f"- date: {written}\n  title: x\n", "t.yaml") == [f"t.yaml:1:9: error: {error}"]


def test_a_leading_zero_year_is_the_iso_year_as_written_never_octal(backend: str) -> None:
    """ISO 8601 writes years before 1000 with leading zeros: 0777 is the year 777, not 511 (octal)."""
    (event,) = parse_timeline("- date: 0777\n  title: x\n", "t.yaml")
    assert event.date.iso() == "0777"


@pytest.mark.parametrize("written", ["no", "yes", "off", "on", "NO", "Y", "1", "0"])
def test_only_true_and_false_are_booleans(backend: str, written: str) -> None:
    front = f"---\ntitle: t\nsummary: s\ndate: 2024-06-19\ndraft: {written}\n---\n"
    assert errors_of(parse_front_matter, front, "i.md", "x") == [
        f"i.md:5:8: error: 'draft' must be true or false, not '{written}' (write true or false)"
    ]


def test_yaml_11_values_reach_the_page_as_written(tmp_path: Path) -> None:
    root = write_content(
        tmp_path / "site",
        {
            "explainers/satu/index.md": "---\ntitle: NO\nsummary: on\ndate: 2024-06-19\ntags: [yes, off]\n---\nIsi.\n",
            "explainers/satu/facts.yaml": (
                "- label: 12:30\n  value: 1:20:30\n  sources: [kcna]\n"
                "- label: Tanggal\n  value: 2024-06-19\n  sources: [kcna]\n"
            ),
            "explainers/satu/timeline.yaml": "- date: 0777\n  title: Tahun 777\n",
        },
    )
    build(Project(root), root / "output")
    text = page_texts(root / "output")["satu/index.html"]
    for kept in ("NO", "on", "yes", "off", "12:30", "1:20:30", "2024-06-19", "777"):
        assert kept in text
    for surprise in ("False", "True", "750", "4830", "511", "1.1"):
        assert surprise not in text


# --- 6. Deep nesting and alias bombs -----------------------------------------------------------------

DEEP = {
    "brackets": ("[" * 10_000, 33),
    "braces": ("{a: " * 10_000, 129),
    "dashes": ("- " * 10_000 + "x", 65),
    "question marks": ("? " * 10_000 + "x", 65),
    "mixed": ("[{a: " * 5_000, 81),
    "indentation": ("".join("  " * i + "- \n" for i in range(1_000)), None),
}


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_is_a_clear_error(backend: str, shape: str) -> None:
    text, col = DEEP[shape]
    errors = errors_of(yamltext.parse_yaml, text, "f.yaml")
    if col is not None:
        assert errors == [f"f.yaml:1:{col}: {DEPTH_ERROR}"]
    else:
        assert errors == [f"f.yaml:33:65: {DEPTH_ERROR}"]


def test_deep_nesting_in_front_matter_names_the_line_in_index_md(backend: str) -> None:
    front = "---\ntitle: t\nsummary: s\ndate: 2024-06-19\ntags: " + "[" * 10_000 + "\n---\n"
    assert errors_of(parse_front_matter, front, "i.md", "x") == [f"i.md:5:38: {DEPTH_ERROR}"]


def test_the_depth_limit_allows_what_content_needs(backend: str) -> None:
    assert yamltext.parse_yaml("[" * 32 + "]" * 32, "f.yaml") is not None


def test_recursion_in_the_composer_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the pre-check ever bypassed, the pure-Python composer's RecursionError is still a content error."""
    use_backend(monkeypatch, "pure")
    monkeypatch.setattr(yamltext, "_scan", lambda *args: [])
    assert errors_of(yamltext.parse_yaml, "- " * 10_000 + "x", "f.yaml") == [
        "f.yaml: error: the YAML is nested too deeply to read (simplify the structure)"
    ]


SUBPROCESS = """\
import resource, sys, time
sys.setrecursionlimit(10_000)
import yaml
from penjelas.content import nodes, yamltext
from penjelas.core.errors import ContentError
from tests.test_security_yaml import use_backend, _PureLoader
if sys.argv[1] == "pure":
    nodes.yaml_loaders = lambda: (yaml.SafeLoader, _PureLoader)
text = sys.stdin.read()
try:
    yamltext.parse_yaml(text, "f.yaml")
    print("parsed")
except ContentError as exc:
    print(exc)
# VmHWM is this program's own peak; ru_maxrss would also count the RSS of the (large) pytest process it
# was forked from, which Linux carries across exec.
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(peak // 1024, file=sys.stderr)
"""


def run_isolated(backend: str, text: str) -> tuple[str, int]:
    """parse_yaml in a child process (a crash cannot take pytest down); its report and peak memory in MB."""
    if backend == "libyaml" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")
    done = subprocess.run(
        [sys.executable, "-c", SUBPROCESS, backend],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"the parser crashed (exit {done.returncode}): {done.stderr[-2000:]}"
    return done.stdout.strip(), int(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("backend_name", BACKENDS)
@pytest.mark.parametrize("shape", ["[", "- ", "? ", "{a: "])
def test_depth_100000_does_not_crash_the_process(backend_name: str, shape: str) -> None:
    report, _memory = run_isolated(backend_name, shape * 100_000 + "x")
    assert report.endswith(DEPTH_ERROR)
    assert report.startswith("f.yaml:1:")


def billion_laughs(levels: int, width: int) -> str:
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, levels):
        refs = ", ".join([f"*lol{level - 1}"] * width)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return "\n".join(lines) + "\n"


ANCHOR = "error: YAML anchors like '&{}' are not supported (write the value out where it is used)"
ALIAS = "error: YAML aliases like '*{}' are not supported (write the value out)"


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_alias_bombs_are_refused_in_bounded_time_and_memory(backend_name: str) -> None:
    """30 levels of 10 aliases would expand to 10^29 strings; nothing is expanded, each use is reported."""
    report, memory = run_isolated(backend_name, billion_laughs(30, 10))
    lines = report.splitlines()
    assert len(lines) == 30 + 29 * 10
    assert lines[:3] == [
        f"f.yaml:1:7: {ANCHOR.format('lol0')}",
        f"f.yaml:2:7: {ANCHOR.format('lol1')}",
        f"f.yaml:2:14: {ALIAS.format('lol0')}",
    ]
    assert memory < 200


def test_anchors_and_aliases_are_reported_where_written_and_nothing_else(backend: str) -> None:
    text = textwrap.dedent(
        """\
        - label: &x Anchored
          value: v
          sources: [kcna]
        - label: *x
          value: v
          sources: [kcna]
        """
    )
    assert errors_of(parse_facts, text, "f.yaml") == [
        f"f.yaml:1:10: {ANCHOR.format('x')}",
        f"f.yaml:4:10: {ALIAS.format('x')}",
    ]


def test_a_self_referencing_alias_terminates(backend: str) -> None:
    assert errors_of(yamltext.parse_yaml, "a: &a [*a, *a]\n", "f.yaml") == [
        f"f.yaml:1:4: {ANCHOR.format('a')}",
        f"f.yaml:1:8: {ALIAS.format('a')}",
        f"f.yaml:1:12: {ALIAS.format('a')}",
    ]


def test_a_merge_key_is_an_alias_and_an_unknown_key(backend: str) -> None:
    text = "- &base {label: x, value: y, sources: [kcna]}\n- <<: *base\n  value: z\n  sources: [kcna]\n"
    assert errors_of(parse_facts, text, "f.yaml") == [
        f"f.yaml:1:3: {ANCHOR.format('base')}",
        "f.yaml:2:3: error: a fact is missing the required key 'label'",
        "f.yaml:2:3: error: unknown key '<<' in a fact (allowed: label, value, sources)",
        f"f.yaml:2:7: {ALIAS.format('base')}",
    ]
