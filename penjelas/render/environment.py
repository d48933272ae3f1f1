"""The Jinja environment templates are compiled in: the site's catalogue folded into the compiled code, and
output escaped without wrapping every piece in Markup.

Every page says ``{{ _("Topics") }}`` some thirty times, and each call is a trip through Jinja's runtime
(the ``_`` alias, the new-style gettext wrapper, the catalogue, ``Markup`` and ``% {}``) for a result
that cannot change during a build. So when a template is compiled, ``_("literal")`` becomes the text the
call would return; a call with variables, a non-literal message or ``ngettext`` is left to run as before.
The compiled code now depends on the catalogue, so the bytecode cache is keyed on it too.

Jinja escapes each value it writes with markupsafe's ``escape``, which returns a ``Markup``: a Python-level
object construction per value, some 230 per explainer page, only for the pieces to be joined into one
string straight after. Compiled templates write ``escape_text(value)`` instead, the same characters as a
plain string.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from penjelas.core.digests import digest, generator_id
from penjelas.render.translations import Translations

try:  # what escape() does to a str, before wrapping it in Markup (markupsafe's C function)
    from markupsafe._speedups import _escape_inner
except ImportError:  # markupsafe without its compiled part

    def _escape_inner(s: str, /) -> str:
        return str(escape(s))


TRANSLATION_FUNCTIONS = frozenset({"_", "gettext"})
"""What templates call to translate a message (the i18n extension's names for new-style gettext)."""
_ESCAPE_NAME = "penjelas_escape_text"
"""What compiled templates call escape_text (a name no template variable compiles to)."""


def escape_text(value: object) -> str:
    """``str(markupsafe.escape(value))``, without making the Markup in between for a plain string."""
    if type(value) is str:
        return _escape_inner(value)
    return escape(value)  # Markup and other objects with __html__, numbers, undefined values: as Jinja does


def _shadows(template: nodes.Template, names: frozenset[str]) -> bool:
    """Whether the template binds one of ``names`` itself (a variable, loop target, macro or import)."""
    bound = {name.name for name in template.find_all(nodes.Name) if name.ctx != "load"}
    bound.update(macro.name for macro in template.find_all(nodes.Macro))
    bound.update(imported.target for imported in template.find_all(nodes.Import))
    for imports in template.find_all(nodes.FromImport):
        bound.update(n if isinstance(n, str) else n[1] for n in imports.names)
    return not bound.isdisjoint(names)


class _Folder(NodeTransformer):
    """Replaces ``_("literal")`` by its translation, as the call would return it."""

    def __init__(self, gettext: Callable[[str], str]) -> None:
        self.gettext = gettext

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        self.generic_visit(node)
        function, args = node.node, node.args
        if not (
            isinstance(function, nodes.Name)
            and function.name in TRANSLATION_FUNCTIONS
            and len(args) == 1
            and isinstance(args[0], nodes.Const)
            and isinstance(args[0].value, str)
            and not (node.kwargs or node.dyn_args or node.dyn_kwargs)
        ):
            return node
        translated = self.gettext(args[0].value)
        # New-style gettext formats even without variables ('%%' reads '%'), on Markup when autoescaping.
        try:
            text = translated % {}
            same = str(Markup(translated) % {}) == text
        except (KeyError, ValueError, TypeError):  # the call fails at render time, naming its line: keep it
            return node
        if not same:
            return node
        # The call returns Markup when autoescaping and a plain string otherwise; so does this node.
        folded = nodes.MarkSafeIfAutoescape(nodes.Const(text, lineno=node.lineno), lineno=node.lineno)
        if node.environment is not None:
            folded.set_environment(node.environment)
        return folded


def fold_translations(template: nodes.Template, gettext: Callable[[str], str]) -> nodes.Template:
    """The template with every ``_("literal")`` replaced by its translation (unless it rebinds ``_``)."""
    if _shadows(template, TRANSLATION_FUNCTIONS):
        return template
    folded = _Folder(gettext).visit(template)
    assert isinstance(folded, nodes.Template)
    return folded


class _SiteCodeGenerator(CodeGenerator):
    """Jinja's code generator, with translations folded in and output escaped by ``escape_text``."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        environment = self.environment
        if isinstance(environment, SiteEnvironment):
            node = fold_translations(node, environment.translations.gettext)
        self.writeline(f"from {__name__} import escape_text as {_ESCAPE_NAME}")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> None:
        # Only where the output is known to be autoescaped; elsewhere Jinja decides at render time, or uses str().
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write(f"{_ESCAPE_NAME}(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


REFERENCES = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


def template_references(tree: nodes.Template) -> list[tuple[str, int]]:
    """The templates ``tree`` names in extends, include and import, with their lines: names written as
    literals, and not marked 'ignore missing'."""
    found = []
    for node in tree.find_all(REFERENCES):
        target = getattr(node, "template", None)
        if getattr(node, "ignore_missing", False) or not isinstance(target, nodes.Const):
            continue
        if isinstance(target.value, str):
            found.append((target.value, node.lineno))
    return found


class SiteEnvironment(jinja2.Environment):
    """A Jinja environment whose templates are compiled with one catalogue's translations folded in.

    The ``_`` a template calls must be the site's translation function: a template that binds the name
    itself is compiled as written (a value passed down to it from another template is not noticed).
    """

    code_generator_class = _SiteCodeGenerator

    def __init__(self, translations: Translations, **options: Any) -> None:
        self.translations = translations
        # What each template parsed so far names (``template_references``), noted as it is parsed, before
        # compiling changes its tree: checking it needs no second parse.
        self.references: dict[str, list[tuple[str, int]]] = {}
        super().__init__(**options)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        if name is not None:
            self.references[name] = template_references(tree)
        return tree


class CatalogueBytecodeCache(jinja2.BytecodeCache):
    """Another bytecode cache, whose entries hold only for the catalogue (and generator) they were compiled with.

    Jinja checks a template's cached code against a checksum of its source; this checksum also covers the
    catalogue's digest, so changing a translation recompiles every template, in place of the stale code.
    """

    def __init__(self, inner: jinja2.BytecodeCache, translations: Translations) -> None:
        self.inner = inner
        self.salt = digest(generator_id(), translations.language, sorted(translations.messages.items()))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return self.inner.get_cache_key(name, filename)

    def get_source_checksum(self, source: str) -> str:
        return digest(self.salt, self.inner.get_source_checksum(source))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.inner.load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.inner.dump_bytecode(bucket)

    def clear(self) -> None:
        self.inner.clear()
