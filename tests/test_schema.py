"""The quick check of plainly valid values gives exactly what the full check gives, problems included."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penjelas.content import _schema_fast, fields, schema
from penjelas.content.fields import INVALID, FieldType, ListOf, MapOf, Record
from penjelas.content.model import FACTS_SPEC, FRONT_MATTER_SPEC, SITE_SPEC, SOURCES_SPEC, TIMELINE_SPEC
from penjelas.content.nodes import Map, Node, Refused, Scalar, Seq, resolve_plain
from penjelas.content.schema import Checker
from penjelas.core.errors import Problem

REFS = {"source": {"sumber-01", "sumber-02"}, "explainer": {"penjelasan-00001"}}
TEXTS = [
    "",
    " ",
    "Judul",
    "  spasi di tepi  ",
    "dua\nbaris",
    "TODO: isi",
    "a\x01b",
    "x" * 2_001,
    "2024",
    "2024-06",
    "2024-06-19",
    "2024-02-30",
    "0",
    "+2024",
    "abc-def",
    "Abc Def",
    "https://example.org/a",
    "ftp://example.org/",
    "http://contoh .id",
    "true",
    "False",
    "1.5",
    "0x10",
    "~",
    "sumber-01",
    "sumber-02",
    "sumber-99",
    "penjelasan-00001",
]


VALID = {
    fields.Text: ["Judul", "  spasi di tepi  ", "dua\nbaris", "Abc Def", "2024-06-19"],
    fields.Bool: ["true", "false"],
    fields.Date: ["2024", "2024-06", "2024-06-19", "2023-12-31"],
    fields.Slug: ["abc-def", "sumber-01"],
    fields.Url: ["https://example.org/a", "http://contoh.id"],
    fields.Ref: ["sumber-01", "sumber-02", "penjelasan-00001"],
}


def _scalars(texts: list[str] = TEXTS) -> st.SearchStrategy[Node]:
    return st.builds(
        lambda text, quoted, line: Scalar(line, 3, text if quoted else resolve_plain(text), text, quoted),
        st.sampled_from(texts),
        st.booleans(),
        st.integers(1, 9),
    )


@functools.cache
def _nodes(spec: FieldType, depth: int = 0) -> st.SearchStrategy[Node]:
    """Nodes valid for ``spec`` most of the time, shaped like it but wrong sometimes, and anything else."""
    odd: st.SearchStrategy[Node] = st.one_of(
        _scalars(), st.just(Refused(2, 2)), st.builds(lambda items: Seq(1, 1, tuple(items)), st.lists(_scalars()))
    )
    if depth >= 5:
        return odd
    if isinstance(spec, Record):
        names = [f.name for f in spec.fields] + ["titel"]
        types = {f.name: f.type for f in spec.fields} | {"titel": spec.fields[0].type}
        required = [f.name for f in spec.fields if f.required]
        shaped = st.builds(
            lambda chosen, values: Map(
                1, 1, tuple((Scalar(4 + i, 1, name, name, False), values[name]) for i, name in enumerate(chosen))
            ),
            _mostly(
                st.lists(st.sampled_from(names[:-1]), unique=True).map(
                    lambda more: required + [n for n in more if n not in required]
                ),
                st.lists(st.sampled_from(names), unique=True),
            ),
            st.fixed_dictionaries({name: _nodes(types[name], depth + 1) for name in names}),
        )
    elif isinstance(spec, ListOf):
        shaped = st.builds(lambda items: Seq(1, 1, tuple(items)), st.lists(_nodes(spec.item, depth + 1), max_size=5))
    elif isinstance(spec, MapOf):
        shaped = st.builds(
            lambda entries: Map(1, 1, tuple((Scalar(5, 1, k, k, False), v) for k, v in dict(entries).items())),
            st.lists(st.tuples(st.sampled_from(["tass", "Bad Id", "sumber-01"]), _nodes(spec.value, depth + 1))),
        )
    else:
        shaped = _mostly(_scalars(VALID[type(spec)]), _scalars())
    return _mostly(shaped, odd)


def _mostly(usual: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``usual`` nine times in ten (st.one_of draws its branches about evenly, and merges repeated ones)."""
    return st.integers(0, 9).flatmap(lambda i: rare if i == 0 else usual)


def _checked(node: Node, spec: FieldType) -> tuple[Any, list[str]]:
    problems: list[Problem] = []
    checker = Checker("f.yaml", problems, {kind: set(ids) for kind, ids in REFS.items()})
    value = checker.check(node, spec, "nama")
    return (repr(value) if value is not INVALID else INVALID), [p.format() for p in problems]


@pytest.mark.parametrize("spec", [FRONT_MATTER_SPEC, TIMELINE_SPEC, FACTS_SPEC, SITE_SPEC, SOURCES_SPEC])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_quick_check_agrees_with_the_full_check(spec: FieldType, data: st.DataObject) -> None:
    node = data.draw(_nodes(spec))
    quick = _checked(node, spec)
    slow_only = schema.quick_check
    try:
        schema.quick_check = lambda spec: lambda node, refs: _schema_fast.ASK  # type: ignore[assignment]
        full = _checked(node, spec)
    finally:
        schema.quick_check = slow_only  # type: ignore[assignment]
    assert quick == full


def test_valid_values_take_the_quick_way() -> None:
    event = Map(
        1,
        1,
        (
            (Scalar(1, 1, "date", "date", False), Scalar(1, 7, 2024, "2024", False)),
            (Scalar(2, 1, "title", "title", False), Scalar(2, 8, "Judul", "Judul", True)),
            (
                Scalar(3, 1, "sources", "sources", False),
                Seq(3, 10, (Scalar(3, 11, "sumber-01", "sumber-01", False),)),
            ),
        ),
    )
    value = _schema_fast.quick_check(TIMELINE_SPEC)(Seq(1, 1, (event,)), REFS)
    assert value is not _schema_fast.ASK
    assert value[0]["title"] == "Judul" and value[0]["sources"] == ("sumber-01",)
    assert (
        _schema_fast.quick_check(TIMELINE_SPEC)(Seq(1, 1, (Scalar(1, 3, None, "", False),)), REFS) is _schema_fast.ASK
    )


@pytest.mark.parametrize("spec", [FRONT_MATTER_SPEC, TIMELINE_SPEC, FACTS_SPEC])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_the_quick_check_agrees_with_the_full_check_in_indonesian(spec: FieldType, data: st.DataObject) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PENJELAS_LANG", "id")
        test_the_quick_check_agrees_with_the_full_check.hypothesis.inner_test(spec, data)  # type: ignore[attr-defined]


def _scalar(line: int, col: int, text: str, quoted: bool = True) -> Scalar:
    return Scalar(line, col, text if quoted else resolve_plain(text), text, quoted)


def test_an_editor_reads_the_problems_in_indonesian(indonesian: None) -> None:
    fact = Map(
        1,
        3,
        (
            (_scalar(1, 3, "lable", False), _scalar(1, 10, "Indeks suhu")),
            (_scalar(2, 3, "value", False), _scalar(2, 10, "1.10", False)),
            (_scalar(3, 3, "sources", False), _scalar(3, 12, "noaa, bmkg, bnpb")),
        ),
    )
    assert _checked(Seq(1, 1, (fact,)), FACTS_SPEC)[1] == [
        "f.yaml:1:3: error: kolom 'lable' tidak dikenal di fakta (maksud Anda 'label'?)",
        "f.yaml:2:10: error: 'value' harus berupa teks, tetapi YAML membaca 1.10 sebagai angka"
        ' (beri tanda kutip: "1.10")',
        "f.yaml:3:12: error: 'sources' harus berupa daftar, bukan teks (tulis tiap isi di barisnya sendiri di bawah"
        """ 'sources:', seperti '  - "noaa"', '  - "bmkg"', dan '  - "bnpb"')""",
    ]
    event = Map(1, 3, ((_scalar(1, 3, "date", False), _scalar(1, 9, "“21/11/2024”", False)),))
    assert _checked(Seq(1, 1, (event,)), TIMELINE_SPEC)[1] == [
        "f.yaml:1:9: error: 'date': '“21/11/2024”' bukan tanggal berbentuk TTTT, TTTT-BB, atau TTTT-BB-HH"
        ' (apit nilainya dengan tanda kutip lurus ("..."), bukan tanda kutip lengkung (“...”) dari pengolah kata)',
        "f.yaml:1:3: error: kolom wajib 'title' belum ada di peristiwa linimasa",
    ]
