"""The package's layout holds: no import cycles, and each package imports only what its docstring allows.

Every package's ``__init__.py`` ends its docstring with a line ``May import: penjelas.x, penjelas.y.``;
this test reads that line, so the rule and its documentation cannot drift apart. Imports inside functions
and under ``TYPE_CHECKING`` count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "penjelas"
ALLOWED_LINE = re.compile(r"^May import: ([^\n]*(?:\n[^\n]+)*)", re.MULTILINE)
TOP_LEVEL = {
    # The commands, on top of the packages: what each may import besides them.
    "penjelas.scaffold": {"core", "content", "site"},
    "penjelas.build": {"core", "content", "site", "assets", "render", "feeds", "output", "incremental"},
    "penjelas.cli": None,  # anything
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, name: str) -> set[str]:
    """The penjelas modules that ``path`` (module ``name``) imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known)
    return {module for module in found if module in known and module != name}


def allowed(package: str) -> set[str]:
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8"))) or ""
    match = ALLOWED_LINE.search(doc)
    assert match, f"penjelas/{package}/__init__.py: its docstring needs a line 'May import: penjelas.x, …'"
    return set(re.findall(r"penjelas\.(\w+)", match.group(1)))


def packages() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def graph() -> dict[str, set[str]]:
    return {name: imports_of(path, name) for name, path in modules().items()}


def test_the_parser_sees_every_kind_of_import(tmp_path: Path) -> None:
    edges = graph()
    assert "penjelas.core.errors" in edges["penjelas.content.yamltext"]  # an ordinary import
    assert "penjelas.preview.server" in edges["penjelas.cli"]  # one inside a function
    assert "penjelas.incremental.noop" in edges["penjelas.cli"]


def test_there_is_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)


def test_every_package_says_what_it_may_import() -> None:
    for package in packages():
        named = allowed(package) - set(packages())
        assert all(f"penjelas.{name}" in modules() for name in named), f"penjelas/{package}: names no module {named}"


def _package_of(module: str) -> str:
    """The package a module belongs to, or for a top-level module (``penjelas.build``) its own name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def violations(module: str, path: Path) -> list[str]:
    """The imports of ``module`` (at ``path``) that its package's 'May import:' line does not allow."""
    own = _package_of(module)
    if own in packages():
        permitted: set[str] | None = allowed(own) | {own}
    else:
        permitted = TOP_LEVEL.get(module, set())  # penjelas/__init__.py: nothing (it holds the version)
    if permitted is None:
        return []
    return sorted(
        target for target in imports_of(path, module) if target != "penjelas" and _package_of(target) not in permitted
    )


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_follow_the_documented_direction(module: str) -> None:
    wrong = violations(module, modules()[module])
    assert not wrong, f"{module} imports {', '.join(wrong)}, against its package's 'May import:' line"


def test_a_wrong_import_is_caught(tmp_path: Path) -> None:
    """The check above can fail: content importing from render is refused, and so is a cycle's first step."""
    probe = tmp_path / "probe.py"
    probe.write_text("from penjelas.render.markdown import MarkdownRenderer\nfrom ..site import model\n", "utf-8")
    assert violations("penjelas.content.probe", probe) == [
        "penjelas.render.markdown",
        "penjelas.site",
        "penjelas.site.model",
    ]
    assert violations("penjelas.render.probe", probe) == []
