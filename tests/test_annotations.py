"""`check --format github`: problems as GitHub workflow annotations, on the lines of a pull request."""

from __future__ import annotations

from pathlib import Path

from penjelas.core.errors import Problem
from tests.conftest import run_cli

PROTOCOL = "protokol-kerja-sama-korea-utara-rusia"


def test_a_problem_becomes_an_error_annotation() -> None:
    problem = Problem("content/sources.yaml", 4, 3, "unknown key 'nmae' in a source", "did you mean 'name'?")
    assert problem.github() == (
        "::error file=content/sources.yaml,line=4,col=3::unknown key 'nmae' in a source (did you mean 'name'?)"
    )
    assert Problem("static/style.css", 0, 0, "the stylesheet is missing").github() == (
        "::error file=static/style.css::the stylesheet is missing"
    )
    assert Problem("templates/base.html", 7, 0, "x").github() == "::error file=templates/base.html,line=7::x"


def test_annotations_are_escaped_as_the_actions_toolkit_does() -> None:
    problem = Problem("content/a,b:c%d.yaml", 2, 5, "100% wrong:\r\nsee, here", "")
    assert problem.github() == "::error file=content/a%2Cb%3Ac%25d.yaml,line=2,col=5::100%25 wrong:%0D%0Asee, here"
    # A message cannot end the command early or smuggle in another one.
    sneaky = Problem("x.yaml", 1, 1, "text\n::warning::injected")
    assert "\n" not in sneaky.github()


def test_check_prints_annotations(project: Path) -> None:
    timeline = project / "content" / "explainers" / PROTOCOL / "timeline.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace("  sources:", "  soruces:", 1), encoding="utf-8")
    done = run_cli(project, "check", "--format", "github")
    assert done.code == 1
    assert done.stdout.splitlines() == [
        f"::error file=content/explainers/{PROTOCOL}/timeline.yaml,line=4,col=3::"
        "unknown key 'soruces' in a timeline event (did you mean 'sources'?)"
    ]
    assert done.stderr == "1 problem found.\n"


def test_a_clean_check_prints_no_annotations(project: Path) -> None:
    done = run_cli(project, "check", "--format", "github")
    assert done.code == 0
    assert "::" not in done.stdout


def test_the_pull_request_workflow_checks_and_tests() -> None:
    import yaml

    from tests.conftest import ROOT

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key 'on' as true
    assert "pull_request" in triggers
    steps = workflow["jobs"]["check"]["steps"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/checkout", "actions/setup-python"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == ['make check CHECK_ARGS="--format github ${BASE_SHA:+--since $BASE_SHA}"', "make test"]
    # On a pull request the check compares explainers with its base (check --since): the whole history is
    # fetched, and the base commit reaches the script through the environment, never pasted into it.
    check = next(step for step in steps if step.get("run", "").startswith("make check"))
    assert check["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert steps[0]["with"]["fetch-depth"] == 0
