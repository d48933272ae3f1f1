"""What loading the build pipeline imports: every build pays for it before rendering a single page."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def _modules_after(script: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``script`` from the project folder."""
    done = subprocess.run(
        [sys.executable, "-c", f"{script}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_the_build_pipeline_loads_without_pyyaml_or_elementtree() -> None:
    loaded = _modules_after("import penjelas.build")
    assert "yaml" not in loaded
    assert "xml.etree.ElementTree" not in loaded  # feeds and the sitemap are written as text (xmlwriter.py)
    assert "multiprocessing" not in loaded  # a rebuild of a page or two renders them in this process
    assert "babel.messages.pofile" not in loaded  # the catalogue is read with it only when it changed


def test_plain_yaml_is_read_without_pyyaml_and_the_rest_with_it() -> None:
    plain = """\
from penjelas.content.nodes import Map
from penjelas.content.yamltext import parse_yaml
node = parse_yaml('title: "Judul"\\ntags: [ekonomi, pangan]\\nitems:\\n  - a: 1\\n', "f.yaml")
assert isinstance(node, Map) and [key.value for key, _ in node.entries] == ["title", "tags", "items"], node
"""
    assert "yaml" not in _modules_after(plain)
    anchored = """\
from penjelas.content.nodes import Map
from penjelas.content.yamltext import parse_yaml
problems = []
node = parse_yaml('title: &a "Judul"\\n', "f.yaml", 0, problems)
assert isinstance(node, Map) and [p.message for p in problems] == ["YAML anchors like '&a' are not supported"]
"""
    assert "yaml" in _modules_after(anchored)
