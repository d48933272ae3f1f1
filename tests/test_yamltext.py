"""YAML with positions and YAML 1.2 scalar rules."""

from __future__ import annotations

import pytest

from penjelas.errors import ContentError
from penjelas.yamltext import Map, Scalar, Seq, parse_yaml


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
