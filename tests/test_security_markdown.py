"""Pathological Markdown finishes quickly with bounded output (issue 7, case 7).

Each input runs in a child process with a generous timeout, so a hang fails one test instead of
stalling the suite; time is never asserted beyond that guard.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from penjelas.render.markdown import make_renderer
from tests.conftest import ROOT, run_cli
from tests.hostile import audit_output, explainer, parse_html, quote, write_content

N = 10_000
PATHOLOGICAL = {
    "nested quotes": ">" * N + " x",
    "quote per line": "\n".join(">" * i + " x" for i in range(1, 300)),
    "open brackets": "[" * N + "x",
    "brackets and links": "[" * N + "x" + "](https://a.example/)" * 200,
    "links in links": "[a " * N + "](b)" * N,
    "images in images": "![" * N + "x" + "](y)" * N,
    "open images": "![a](" * N,
    "empty links": "[]( " * N,
    "emphasis runs": "*" * N + "x" + "*" * N,
    "alternating emphasis": "*a **a " * N,
    "underscores": "_a __a " * N,
    "backticks": "`" * N + "x",
    "backtick pairs": "`a`` " * N,
    "nested lists": "\n".join("  " * i + "- x" for i in range(900)),
    "inline list markers": "- " * N + "x",
    "quoted list markers": "> - " * N + "x",
    "less-than signs": "<" * N,
    "open tags": "<a " * N,
    "entities": "&#" * N + "&amp;" * N,
    "numeric entities": "&#99999999999;" * 1_000,
    "reference definitions": "".join(f"[r{i}]: https://x.example/{i}\n" for i in range(5_000)) + "[r1]" * 5_000,
    "table": "|a" * 500 + "|\n" + "|-" * 500 + "|\n" + ("|x" * 500 + "|\n") * 200,
    "headings": "# x\n" * 5_000,
    "setext headings": "x\n=\n" * 5_000,
    "hard breaks": "x  \n" * N,
    "autolinks": "<https://a.example/>" * 5_000,
    "strikethrough": "~~" * N,
}

CHILD = """\
import json, sys
from penjelas.render.markdown import make_renderer
render = make_renderer("/repo/")
text = sys.stdin.read()
html = render(text)
print(json.dumps({"size": len(html), "ids": html.count(' id="'), "sample": html[:200]}))
"""


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_markdown_finishes_with_bounded_output(name: str) -> None:
    text = PATHOLOGICAL[name]
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["size"] <= 10 * len(text) + 1_000


def test_heading_ids_stay_unique() -> None:
    html = make_renderer()("# A\n\n# A\n\n# A 2\n\n# A\n\n## a\n\n# !!!\n\n# ???\n")
    page = parse_html(html)
    assert page.problems == []
    assert [v for tag, key, v in page.attributes if key == "id"] == [
        "bagian-a",
        "bagian-a-2",
        "bagian-a-2-2",
        "bagian-a-3",
        "bagian-a-4",
        "bagian-judul",
        "bagian-judul-2",
    ]


def test_a_site_of_pathological_bodies_builds_clean(tmp_path: Path) -> None:
    """Through the whole pipeline (bodies and timeline text, 5,000 characters of each case to keep the
    suite quick; the cases above run at full size), in a child process with a timeout."""
    files: dict[str, str | bytes] = {}
    for index, (name, text) in enumerate(sorted(PATHOLOGICAL.items())):
        slug = f"kasus-{index}"
        files[f"explainers/{slug}/index.md"] = explainer(name, body=text[:5_000])
        files[f"explainers/{slug}/timeline.yaml"] = f"- date: 2024\n  title: x\n  text: {quote(text[:5_000])}\n"
    root = write_content(tmp_path / "site", files)
    result = run_cli(root, "build")
    assert result.code == 0, result.stderr[-2000:]
    assert audit_output(root / "output") == []
    total_in = sum(len(t) for t in files.values())
    total_out = sum(p.stat().st_size for p in (root / "output").rglob("*.html"))
    assert total_out <= 10 * total_in + 100_000


def test_headings_in_timeline_text_do_not_repeat_the_body_ids(tmp_path: Path) -> None:
    root = write_content(
        tmp_path / "site",
        {
            "explainers/satu/index.md": explainer(body="## Latar\n\nIsi."),
            "explainers/satu/timeline.yaml": '- date: 2024\n  title: x\n  text: "## Latar"\n'
            '- date: 2025\n  title: y\n  text: "## Latar"\n',
        },
    )
    assert run_cli(root, "build").code == 0
    page = parse_html((root / "output/satu/index.html").read_text())
    assert page.problems == []
    assert sorted(v for tag, key, v in page.attributes if key == "id" and v.startswith("bagian-")) == [
        "bagian-latar",
        "bagian-latar-2",
        "bagian-latar-3",
    ]
