"""YAML with positions and YAML 1.2 scalar rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penjelas.content import _yaml_fast, yamltext
from penjelas.content.nodes import MAX_DEPTH, Map, Scalar, Seq
from penjelas.content.yamltext import parse_yaml
from penjelas.core.errors import ContentError, Problem


def _scalar(text: str) -> Scalar:
    node = parse_yaml(f"key: {text}\n", "f.yaml")
    assert isinstance(node, Map)
    value = node.get("key")
    assert isinstance(value, Scalar)
    return value


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("NO", "NO"),
        ("on", "on"),
        ("yes", "yes"),
        ("12:30", "12:30"),
        ("2024-06-19", "2024-06-19"),
        ("true", True),
        ("False", False),
        ("0777", 777),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.10", 1.1),
        ("-3", -3),
        ("~", None),
        ("", None),
        ('"1.10"', "1.10"),
        ("'NO'", "NO"),
        ("!!str 1.10", "1.10"),
    ],
)
def test_plain_scalars_follow_yaml_1_2(written: str, value: object) -> None:
    assert _scalar(written).value == value


def test_positions_are_one_based_and_offset() -> None:
    node = parse_yaml("a: 1\nlist:\n  - x\n  - 'y'\n", "f.yaml", line_offset=1)
    assert isinstance(node, Map)
    assert (node.line, node.col) == (2, 1)
    items = node.get("list")
    assert isinstance(items, Seq)
    assert [(i.line, i.col) for i in items.items] == [(4, 5), (5, 5)]
    assert isinstance(items.items[1], Scalar) and items.items[1].quoted


def test_empty_document_is_none() -> None:
    assert parse_yaml("# only a comment\n", "f.yaml") is None


def _messages(text: str) -> list[str]:
    with pytest.raises(ContentError) as info:
        parse_yaml(text, "f.yaml")
    return [p.format() for p in info.value.problems]


def test_duplicate_key_is_refused_with_both_lines() -> None:
    assert _messages("title: a\nsummary: b\ntitle: c\n") == [
        "f.yaml:3:1: error: duplicate key 'title' (first used on line 1) (keep one of them)"
    ]


def test_python_tags_are_refused_and_nothing_runs() -> None:
    assert _messages("x: !!python/object/apply:os.system ['echo hi']\n") == [
        "f.yaml:1:4: error: YAML tags like '!!python/object/apply:os.system' are not allowed (remove the '!' tag)"
    ]


def test_aliases_are_refused() -> None:
    assert _messages("a: &x [1, 2]\nb: *x\n") == [
        "f.yaml:1:4: error: YAML anchors like '&x' are not supported (write the value out where it is used)",
        "f.yaml:2:4: error: YAML aliases like '*x' are not supported (write the value out)",
    ]


def test_malformed_yaml_names_the_line() -> None:
    assert _messages("title: a\n  summary: b: c\n") == [
        "f.yaml:2:10: error: malformed YAML: mapping values are not allowed in this context "
        "(a value containing ': ' must be put in quotes)"
    ]


def test_tab_indentation_gets_a_hint() -> None:
    (message,) = _messages("a:\n\t- b\n")
    assert message.startswith("f.yaml:2:1: error: malformed YAML: ")
    assert message.endswith("(indent with spaces, not tabs)")


def test_deep_nesting_is_refused_before_composing() -> None:
    (message,) = _messages("x: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert message == (
        "f.yaml:1:35: error: lists and mappings are nested more than 32 levels deep "
        "(content files need only a few levels; check the brackets and indentation)"
    )


def test_problems_can_be_collected_instead_of_raised() -> None:
    problems: list = []
    node = parse_yaml("a: 1\na: 2\nb: 3\n", "f.yaml", problems=problems)
    assert isinstance(node, Map)
    assert [k.value for k, _ in node.entries] == ["a", "b"]
    assert len(problems) == 1


# The usual documents are read in one pass over the events (_yaml_fast.compose_usual); anything it does not handle is
# read the careful way (_parse_carefully). The tests below hold the two to the same nodes, positions,
# problems and messages, on the repository's own content and on generated documents, odd ones included.

_KEYS = ["a", "b", "title", "date", "1", "'1'", '"a"', "true", "~", "null", "2024", "1.0", "a b", "[k]", "{k: v}"]
_VALUES = [
    "",
    "x",
    "two words",
    "NO",
    "yes",
    "on",
    "0777",
    "0o17",
    "0x1F",
    "1.10",
    "-3",
    "+4",
    "1e3",
    ".5",
    "~",
    "null",
    "Null",
    ".inf",
    "-.Inf",
    ".NaN",
    "true",
    "False",
    "2024-06-19",
    "12:30",
    "TODO: later",
    "'single'",
    "'it''s'",
    '"double\\tq"',
    '""',
    "[a, 'b', 1]",
    "[]",
    "{a: 1, b: [x]}",
    "{}",
    "&anchor x",
    "*anchor",
    "!!str 1",
    "!!int 1",
    "!custom x",
    "! x",
    "|",
    "|-",
    ">",
    "x # comment",
    "a: b",
    "'unclosed",
    "[unclosed",
    "\tx",
    "- item",
]


def _outcome(parse: Any, text: str) -> tuple[object, ...]:
    problems: list[Problem] = []
    try:
        node = parse(text, "f.yaml", 2, problems)
    except ContentError as exc:
        return ("raised", [p.format() for p in exc.problems])
    return ("parsed", repr(node), [p.format() for p in problems])


def _same_as_careful(text: str) -> bool:
    """parse_yaml gives what the careful reading gives; True when the one-pass reading handled it."""
    assert _outcome(parse_yaml, text) == _outcome(yamltext._parse_carefully, text)
    _lines_agree(text)
    try:
        _yaml_fast.compose_usual(text, 2)
    except _yaml_fast.Unusual:
        return False
    return True


def _lines_agree(text: str) -> bool:
    """What the line reader reads, libyaml's events read the same; True when the line reader read it."""
    try:
        by_lines = repr(_yaml_fast.Lines(text, 2).document())
    except _yaml_fast.Unusual:
        return False
    assert by_lines == repr(_yaml_fast.compose_usual(text, 2))
    return True


def test_the_one_pass_reading_agrees_with_the_careful_one_on_the_repository_content() -> None:
    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "content").rglob("*.yaml")) + sorted((root / "tests" / "fixtures").rglob("*.yaml"))
    texts = [path.read_text(encoding="utf-8") for path in files]
    for path in sorted((root / "content").rglob("index.md")) + sorted((root / "tests" / "fixtures").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\n---" in text[3:]:
            texts.append(text[4 : text.index("\n---", 3) + 1])
    assert len(texts) > 20
    handled = [_same_as_careful(text) for text in texts]
    assert handled.count(True) > len(texts) // 2  # most files take the quick way


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "", "  ", "    ", " ", "\t"]),
            st.sampled_from(["", "", "- ", "? ", ": ", "- - "]),
            st.one_of(st.none(), st.sampled_from(_KEYS)),
            st.sampled_from(_VALUES),
        ),
        max_size=12,
    ),
    st.sampled_from(["", "---\n", "%YAML 1.2\n---\n"]),
    st.sampled_from(["", "\n...\n", "\n---\nb: 2\n"]),
)
def test_the_one_pass_reading_agrees_with_the_careful_one_on_generated_documents(
    lines: list[tuple[str, str, str | None, str]], head: str, tail: str
) -> None:
    body = "\n".join(
        f"{indent}{dash}{f'{key}: ' if key is not None else ''}{value}" for indent, dash, key, value in lines
    )
    _same_as_careful(head + body + tail)


_SCALARS = [v for v in _VALUES if v and v[0] not in "[{&*!|>'\t-" and ": " not in v and "#" not in v] + [
    "'single'",
    '"double"',
    "''",
    "Tahun 2024",
    "Jakarta, 2024",
]
_Tree = str | list[Any] | dict[str, Any]


def _render(tree: _Tree, indent: int, flow: bool) -> list[str]:
    """Lines of YAML for a tree of scalars as written, lists and mappings, in block or flow style."""
    pad = " " * indent
    if isinstance(tree, str):
        return [pad + tree]
    if flow:
        return [pad + _flow(tree)]
    if not tree:
        return [pad + ("[]" if isinstance(tree, list) else "{}")]
    lines = []
    for key, value in tree.items() if isinstance(tree, dict) else (("- ", v) for v in tree):
        head = pad + (key if key == "- " else f"{key}: ")
        if isinstance(value, str) or not value:
            lines.append(head + _render(value, 0, flow)[0])
        else:
            lines.append(head.rstrip())
            lines.extend(_render(value, indent + 2, flow))
    return lines


def _flow(tree: _Tree) -> str:
    if isinstance(tree, str):
        return tree
    if isinstance(tree, list):
        return "[" + ", ".join(_flow(v) for v in tree) + "]"
    return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in tree.items()) + "}"


_TREES = st.recursive(
    st.sampled_from(_SCALARS),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(_KEYS[:13]), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(_TREES, st.booleans(), st.sampled_from(["", "---\n", "# comment\n"]))
def test_the_one_pass_reading_agrees_with_the_careful_one_on_generated_trees(
    tree: _Tree, flow: bool, head: str
) -> None:
    _same_as_careful(head + "\n".join(_render(tree, 0, flow)) + "\n")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab1 :-\n'\"[]{},#&*!|>?~.\t", max_size=40))
def test_the_one_pass_reading_agrees_with_the_careful_one_on_random_characters(text: str) -> None:
    _same_as_careful(text)


def test_nesting_near_the_limit_is_read_the_careful_way() -> None:
    for depth in (MAX_DEPTH - 3, MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1):
        for text in (
            "[" * depth + "x" + "]" * depth,
            "- " * depth + "x\n",
            "x: " + "[" * depth + "]" * depth,
            "".join(f"{'  ' * i}- k{i}:\n" for i in range(depth)) + "  " * depth + "- x\n",
            "".join(f"{' ' * i}k{i}:\n" for i in range(depth)) + " " * depth + "x: y\n",
        ):
            _same_as_careful(text)
    assert _same_as_careful("".join(f"{'  ' * i}- k{i}:\n" for i in range(600)) + "  " * 600 + "- x\n") is False


# The line reader takes the plainest documents without libyaml. Documents close to what it reads, and
# just past it, must come out as libyaml's events give them, or be left to libyaml.

_LINE_KEYS = ["a", "title", "b_c", "x-y", "Key", "a1", "true", "null", "2024", "'q'", "a b", "é"]
_LINE_VALUES = [
    '"quoted: # and [brackets]"',
    '"é ü 😀 — ‘kutip’"',
    '""',
    '"  spaces  "',
    "'single'",
    "'it''s'",
    "''",
    "plain words",
    "plain  two  spaces",
    "plain   ",
    "plain # comment",
    "plain#not a comment",
    "Jakarta, 2024",
    "é ü 😀 words",
    "42",
    "0777",
    "1.5",
    "true",
    "Null",
    "~",
    "x-y",
    "[a, 'b', \"c, d\", 1, é]",
    "[]",
    "[ ]",
    "[a,b]",
    "[ a , b ]",
    "[a, b,]",
    "[a, [b]]",
    "[a] # comment",
    "[a]x",
    "{a: 1}",
    "-1",
    "- x",
    "a: b",
    "a:b",
    "http://example.org/",
    '"unterminated',
    "'x' y",
    '"x"#c',
    '"x" # c',
    "*alias",
    "&a x",
    "!t x",
    "|",
    "",
    "#",
    "x\\y",
    '"a\\"b"',
]


def _render_lines(tree: _Tree, indent: int, rng: Any) -> list[str]:
    """Block YAML for ``tree``, in the ways people write it: lists indented under their key or not,
    mappings started on the dash's line, extra spaces, comments and blank lines here and there."""
    pad = " " * indent
    lines: list[str] = []

    def aside() -> None:
        if rng.random() < 0.1:
            lines.append(" " * rng.randint(0, 6) + rng.choice(["# comment", "#", "", "   "]))

    if isinstance(tree, str):
        return [pad + tree]
    if isinstance(tree, list):
        for item in tree:
            aside()
            dash = pad + "-" + " " * rng.choice([1, 1, 1, 2, 3])
            if isinstance(item, dict) and item and rng.random() < 0.7:
                inner = _render_lines(item, len(dash), rng)
                lines.append(dash + inner[0].lstrip(" "))
                lines.extend(inner[1:])
            elif isinstance(item, str):
                lines.append(dash + item)
            else:
                lines.append(dash.rstrip() if rng.random() < 0.8 else dash)
                lines.extend(_render_lines(item, indent + rng.choice([2, 2, 4, 1]), rng))
        return lines
    for key, value in tree.items():
        aside()
        head = f"{pad}{key}:"
        if isinstance(value, str):
            lines.append(f"{head}{' ' * rng.choice([1, 1, 1, 2])}{value}")
        elif isinstance(value, list) and value and rng.random() < 0.4:
            lines.append(head)
            lines.extend(_render_lines(value, indent, rng))  # the list at the key's own indentation
        else:
            lines.append(head + rng.choice(["", "", " ", " # comment"]))
            lines.extend(_render_lines(value, indent + rng.choice([2, 2, 4, 1]), rng))
    return lines


_LINE_TREES = st.recursive(
    st.sampled_from(_LINE_VALUES[:22] * 3 + _LINE_VALUES),
    lambda inner: (
        st.lists(inner, min_size=1, max_size=4)
        | st.dictionaries(st.sampled_from(_LINE_KEYS[:6] * 3 + _LINE_KEYS), inner, min_size=1, max_size=4)
    ),
    max_leaves=16,
)


@settings(max_examples=600, deadline=None)
@given(_LINE_TREES, st.randoms(use_true_random=False), st.sampled_from(["", "# comment\n", "\n", "---\n", "  "]))
def test_the_line_reader_reads_as_libyaml_does(tree: _Tree, rng: Any, head: str) -> None:
    text = head + "\n".join(_render_lines(tree, 0, rng)) + rng.choice(["\n", "", "\n\n", "\n# end\n"])
    _same_as_careful(text)


def test_the_line_reader_agrees_on_the_repository_content() -> None:
    root = Path(__file__).resolve().parent.parent
    texts = [path.read_text(encoding="utf-8") for path in sorted((root / "content").rglob("*.yaml"))]
    for path in sorted((root / "content").rglob("index.md")):
        text = path.read_text(encoding="utf-8")
        texts.append(text[4 : text.index("\n---", 3) + 1])
    read = [_lines_agree(text) for text in texts]
    assert any(read)  # and what it did not read, it left to libyaml


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opened(quote: str) -> None:
    text = f"title: x\nvalue: {quote}Nilai satu\nother: 2\nmore: 3\n"
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, "f.yaml")
    assert [p.format() for p in caught.value.problems] == [
        f"f.yaml:2:8: error: malformed YAML: the quote ({quote}) opened here is never closed"
        f" (end the value with {quote} on the same line)"
    ]


# --- What editors read: in Indonesian (issue 14) ---


def test_in_indonesian_the_usual_yaml_mistakes_read_as_the_guide_says(indonesian: None) -> None:
    assert _messages('- date: "2023-06"\n  title: NOAA: El Niño\n') == [
        "f.yaml:2:14: error: susunan YAML rusak: titik dua di sini tidak boleh dipakai sebagai pemisah kolom dan"
        " nilai (nilai yang mengandung ': ' harus diberi tanda kutip)"
    ]
    assert _messages('title: x\nvalue: "Nilai satu\nother: 2\n') == [
        'f.yaml:2:8: error: susunan YAML rusak: tanda kutip (") yang dibuka di sini tidak pernah ditutup'
        ' (akhiri nilainya dengan " di baris yang sama)'
    ]
    assert _messages("a: b\n\tc: d\n") == [
        "f.yaml:2:1: error: susunan YAML rusak: ada karakter Tab yang merusak indentasi"
        " (buat indentasi dengan spasi, bukan Tab)"
    ]
    assert _messages('- date: "2024-06"\n  title: "a"\n  title: "b"\n') == [
        "f.yaml:3:3: error: kolom 'title' ditulis dua kali (pertama kali di baris 2) (pertahankan salah satunya)"
    ]
    assert _messages("value: *penting*\n") == [
        "f.yaml:1:16: error: susunan YAML rusak: di sini seharusnya ada huruf atau angka"
        ' (beri tanda kutip pada seluruh nilai ("..."))'
    ]


# PyYAML's problems in libyaml's words (what the build uses) and in its own parser's (where PyYAML is built
# without libyaml), as they are raised.
_LIBRARY_PROBLEMS = [
    "mapping values are not allowed in this context",
    "mapping values are not allowed here",
    "found character that cannot start any token",
    "found character '\\t' that cannot start any token",
    "found character '@' that cannot start any token",
    "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected",
    "found unexpected end of stream",
    "did not find expected key",
    "expected <block end>, but found '<scalar>'",
    "expected <block end>, but found '<block mapping start>'",
    "did not find expected '-' indicator",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
    "expected ',' or ']', but got '<stream end>'",
    "expected ',' or '}', but got '<stream end>'",
    "could not find expected ':'",
    "found unknown escape character",
    "found unknown escape character 'q'",
    "did not find expected node content",
    "expected the node content, but found '<block end>'",
    "did not find expected alphabetic or numeric character",
    "expected alphabetic or numeric character, but found '\\n'",
    "did not find expected comment or line break",
    "expected a comment or a line break, but found 'x'",
    "did not find expected <document start>",
    "expected '<document start>', but found '<block mapping start>'",
    "but found another document",
    "block sequence entries are not allowed in this context",
    "sequence entries are not allowed here",
]


@pytest.mark.parametrize("problem", _LIBRARY_PROBLEMS)
def test_pyyaml_s_problems_read_as_pyyaml_wrote_them_in_english(problem: str) -> None:
    assert yamltext._malformed(problem) == f"malformed YAML: {problem}"


@pytest.mark.parametrize("problem", _LIBRARY_PROBLEMS)
def test_pyyaml_s_usual_problems_are_translated(problem: str, indonesian: None) -> None:
    shown = yamltext._malformed(problem)
    assert shown.startswith("susunan YAML rusak: ")
    words = problem.split(", but ")[0].replace("'", " ").split()
    assert not [word for word in words if len(word) > 3 and word in shown.split()], shown


def test_the_variable_part_of_a_problem_is_kept(indonesian: None) -> None:
    assert yamltext._malformed("found character '@' that cannot start any token") == (
        "susunan YAML rusak: karakter '@' tidak boleh mengawali sebuah nilai"
    )
    assert yamltext._malformed("expected ',' or '}', but got '<stream end>'") == (
        "susunan YAML rusak: di sini seharusnya ada ',' atau '}', tetapi ada '<stream end>'"
    )


def test_a_problem_the_catalogue_lacks_is_shown_inside_an_indonesian_sentence(indonesian: None) -> None:
    assert yamltext._malformed("found undefined alias") == (
        "susunan YAML rusak; pesan pembaca YAML (dalam bahasa Inggris): found undefined alias"
    )
