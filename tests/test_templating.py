"""Templates compiled by SiteEnvironment: translations folded in and output escaped without Markup, giving the
same text as Jinja's own compiler, and fresh compiled code whenever the catalogue changes."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup, escape

from penjelas.build import Options, Project, build
from penjelas.render.environment import CatalogueBytecodeCache, SiteEnvironment, escape_text
from penjelas.render.translations import Translations
from tests.conftest import copy_project, snapshot

CATALOGUE = Translations(
    "id",
    {
        "Home": "Beranda",
        "Tag": "<b>Topik</b> & lainnya",
        "Percent": "100%% aman",
        "Odd": "%s",
        "Broken": "%(missing)s",
        "Hello %(name)s": "Halo %(name)s",
        "One": "Satu",
        "Many": "Banyak",
    },
)

TEMPLATES = {
    "plain": '{{ _("Home") }} {{ gettext("Tag") }} {{ _("Percent") }} {{ _("Odd") }} {{ _("Untranslated") }}',
    "attribute": '<nav aria-label="{{ _("Tag") }}">{{ _("Home")|upper }}</nav>',
    "variables": '{{ _("Hello %(name)s", name="<i>x</i>") }}',
    "plural": '{{ ngettext("One", "Many", 2) }}',
    "set": '{% set t = _("Tag") %}{{ t ~ "<hr>" }} {{ t|length }}',
    "no-autoescape": '{% autoescape false %}{{ _("Tag") }} {{ _("Tag") ~ "<hr>" }}{% endautoescape %}',
    "trans": "{% trans %}Home{% endtrans %}",
    "in macro": '{% macro m() %}{{ _("Home") }}{% endmacro %}{{ m() }}',
    "rebound": '{% for _ in [1] %}{% endfor %}{{ _("Home") }}',
    # Escaping of values, wherever output goes: straight out, into macros, call and filter blocks, set blocks
    "values": "{{ text }}|{{ markup }}|{{ number }}|{{ nothing }}|{{ html }}|{{ text|safe }}|{{ text ~ markup }}",
    "in macros": "{% macro m(x) %}<{{ x }}>{{ caller() if caller }}{% endmacro %}{{ m(text) }}"
    "{% call m(markup) %}{{ text }}{% endcall %}",
    "blocks": "{% set b %}{{ text }}{% endset %}{{ b }}{% filter upper %}{{ text }}{{ markup }}{% endfilter %}",
    "autoescape off": "{% autoescape false %}{{ text }}{{ markup }}{% endautoescape %}{{ text }}",
    "autoescape decided when rendering": "{% autoescape flag %}{{ text }}{{ markup }}{% endautoescape %}",
    "loops": "{% for t in [text, markup, number] %}{{ loop.index }}{{ t }}{% endfor %}",
}


class HasHtml:
    def __html__(self) -> str:
        return "<i>safe</i>"


VALUES = {
    "text": "<a href=\"x\">Tom & 'Jerry'</a>",
    "markup": Markup("<b>bold</b> &amp;"),
    "number": 3.5,
    "nothing": None,
    "html": HasHtml(),
    "flag": True,
}


def _environment(cls: type[jinja2.Environment], sources: dict[str, str], **options: object) -> jinja2.Environment:
    kwargs = {"loader": jinja2.DictLoader(sources), "autoescape": True, "extensions": ["jinja2.ext.i18n"], **options}
    env = SiteEnvironment(CATALOGUE, **kwargs) if cls is SiteEnvironment else cls(**kwargs)  # type: ignore[arg-type]
    env.install_gettext_callables(  # type: ignore[attr-defined]
        CATALOGUE.gettext, CATALOGUE.ngettext, newstyle=True
    )
    return env


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_folded_templates_render_what_gettext_would(name: str) -> None:
    plain = _environment(jinja2.Environment, TEMPLATES)
    folded = _environment(SiteEnvironment, TEMPLATES)
    for flag in (True, False):
        values = {**VALUES, "flag": flag}
        assert folded.get_template(name).render(values) == plain.get_template(name).render(values)


@pytest.mark.parametrize(
    "value", ["", "plain", "<>&'\"", "a&amp;b", "\u00e9\u2028\U0001f600", Markup("<b>"), HasHtml(), 0, None, [1, "<"]]
)
def test_escape_text_is_escape_as_a_string(value: object) -> None:
    assert escape_text(value) == str(escape(value))


def test_output_is_escaped_without_markup_where_autoescaping_is_known() -> None:
    env = _environment(SiteEnvironment, TEMPLATES)
    code = env.compile(TEMPLATES["values"], "values", raw=True)
    assert "penjelas_escape_text(" in code
    assert "yield escape(" not in code
    decided_late = env.compile(TEMPLATES["autoescape decided when rendering"], "late", raw=True)
    assert "penjelas_escape_text(" not in decided_late


def test_undefined_values_still_fail() -> None:
    env = _environment(SiteEnvironment, {"page": "{{ missing }}"}, undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("page").render()


def test_literal_messages_are_compiled_as_their_translation() -> None:
    env = _environment(SiteEnvironment, TEMPLATES)
    code = env.compile(TEMPLATES["plain"], "plain", raw=True)
    # Translations are Markup, as gettext returns them; formatted with no variables, as gettext does
    assert "'Beranda <b>Topik</b> & lainnya 100% aman {} Untranslated'" in code
    assert "context.call" not in code
    variables = env.compile(TEMPLATES["variables"], "variables", raw=True)
    assert "context.call" in variables  # a message with variables is still formatted at render time
    rebound = env.compile(TEMPLATES["rebound"], "rebound", raw=True)
    assert "context.call" in rebound  # a template that binds '_' itself is compiled as written


def test_a_message_that_cannot_be_formatted_still_fails_at_render_time() -> None:
    env = _environment(SiteEnvironment, {"broken": '{{ _("Broken") }}'})
    template = env.get_template("broken")  # compiling does not fail...
    with pytest.raises(KeyError):
        template.render()  # ...rendering does, as it did before folding


def test_compiled_code_is_not_reused_for_another_catalogue() -> None:
    class Memory(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.code: dict[str, bytes] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if bucket.key in self.code:
                bucket.bytecode_from_string(self.code[bucket.key])

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self.code[bucket.key] = bucket.bytecode_to_string()

    memory = Memory()
    sources = {"page": '{{ _("Home") }}'}

    def render(translations: Translations) -> str:
        env = SiteEnvironment(
            translations, loader=jinja2.DictLoader(sources), autoescape=True, extensions=["jinja2.ext.i18n"]
        )
        env.bytecode_cache = CatalogueBytecodeCache(memory, translations)
        env.install_gettext_callables(  # type: ignore[attr-defined]
            translations.gettext, translations.ngettext, newstyle=True
        )
        return env.get_template("page").render()

    assert render(Translations("id", {"Home": "Beranda"})) == "Beranda"
    assert len(memory.code) == 1
    assert render(Translations("id", {"Home": "Halaman utama"})) == "Halaman utama"
    assert len(memory.code) == 1  # replaced, not accumulated
    assert render(Translations("id", {"Home": "Beranda"})) == "Beranda"


def test_a_changed_translation_shows_on_the_next_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "site")
    out = tmp_path / "out"
    build(Project(root), out, Options())
    assert "Beranda" in (out / "index.html").read_text(encoding="utf-8")
    catalogue = root / "locale" / "id" / "LC_MESSAGES" / "messages.po"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace('msgstr "Beranda"', 'msgstr "Halaman utama"'), encoding="utf-8")
    build(Project(root), out, Options())  # the compiled templates in .cache/build/ are from the old catalogue
    clean = copy_project(tmp_path / "clean")
    (clean / "locale" / "id" / "LC_MESSAGES" / "messages.po").write_bytes(catalogue.read_bytes())
    build(Project(clean), tmp_path / "clean-out", Options())
    assert "Halaman utama" in (out / "index.html").read_text(encoding="utf-8")
    assert snapshot(out) == snapshot(tmp_path / "clean-out")
