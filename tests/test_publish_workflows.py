"""The GitHub workflows: linted by actionlint (with shellcheck for run: scripts), and the Pages deploy's shape."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
TOOLS = Path(sys.executable).parent
"""The virtual environment's bin folder, where requirements-dev.txt puts actionlint and shellcheck."""


def tool(name: str) -> Path:
    path = TOOLS / name
    assert path.is_file(), f"{name} is missing from {TOOLS}; run `make test`, which installs requirements-dev.txt"
    return path


def workflow_files() -> list[Path]:
    return sorted(p for p in WORKFLOWS.iterdir() if p.suffix in (".yml", ".yaml"))


def test_every_workflow_passes_actionlint() -> None:
    files = workflow_files()
    assert WORKFLOWS / "pages.yml" in files
    done = subprocess.run(
        [str(tool("actionlint")), "-shellcheck", str(tool("shellcheck")), "-no-color", *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_really_checks(tmp_path: Path) -> None:
    """A broken workflow must fail, so a silently skipped lint cannot pass for a clean one."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: cd $HOME/missing folder\n      - uses: actions/checkout@v7\n        with:\n          nope: 1\n"
    )
    done = subprocess.run(
        [str(tool("actionlint")), "-shellcheck", str(tool("shellcheck")), "-no-color", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "SC2086" in done.stdout  # from shellcheck
    assert 'input "nope" is not defined' in done.stdout


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_pages_workflow_has_the_documented_shape() -> None:
    flow = load(WORKFLOWS / "pages.yml")
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    steps = build["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    configure = uses.index("actions/configure-pages")
    make = next(i for i, step in enumerate(steps) if step.get("run") == "make build")
    upload = uses.index("actions/upload-pages-artifact")
    assert configure < make < upload
    pages_id = steps[configure]["id"]
    assert steps[make]["env"] == {"BASE_URL": f"${{{{ steps.{pages_id}.outputs.base_url }}}}"}
    assert steps[upload]["with"] == {"path": "output/"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    [step] = deploy["steps"]
    assert step["uses"].startswith("actions/deploy-pages@") and step["id"] == "deployment"
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].split() == [".cache/cards", ".cache/pictures"]
