"""Broken templates, interrupted builds and repeated builds: the live site is never damaged
(issue 7, cases 10-12)."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from penjelas.build import Project, build
from penjelas.core.errors import ContentError
from penjelas.output import staging as output_module
from penjelas.output.staging import StagedOutput
from penjelas.render.pages import Renderer
from tests.conftest import ROOT, copy_project, run_cli, snapshot
from tests.hostile import explainer, write_content


def small_site(root: Path) -> Path:
    return write_content(
        root,
        {
            "explainers/satu/index.md": explainer("Satu", extra="tags: [Rusia, Korea]\nrelated: [dua]\n"),
            "explainers/dua/index.md": explainer("Dua", extra="tags: [Rusia]\n"),
            "explainers/tiga/index.md": explainer("Tiga", extra="tags: [Korea]\n"),
            "explainers/satu/timeline.yaml": "- date: 2024\n  title: Peristiwa\n  sources: [kcna]\n",
        },
    )


def leftovers(root: Path) -> list[str]:
    """Anything a build leaves beside the output folder: staging or old copies."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".output."))


@pytest.fixture
def live(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A project with a published output/, and that output's bytes."""
    root = small_site(tmp_path / "site")
    build(Project(root), root / "output")
    # Without the build state the next build renders and writes everything, so the faults injected below
    # land in a build that really writes (with it, an unchanged site is a no-op that writes nothing).
    shutil.rmtree(Project(root).state_file.parent)
    return root, snapshot(root / "output")


def assert_untouched(root: Path, before: dict[str, bytes]) -> None:
    assert snapshot(root / "output") == before
    assert leftovers(root) == []


# --- 10. Template mistakes ---------------------------------------------------------------------------

TEMPLATE_MISTAKES = [
    (
        "explainer.html",
        "{{ explainer.title }}",
        "{{ explainer.titel }}",
        "templates/explainer.html:{line}: error: template error: 'penjelas.render.views.ExplainerView object' has no "
        "attribute 'titel' (while rendering dua/index.html)",
    ),
    (
        "explainer.html",
        "{{ explainer.title }}",
        "{{ explaner.title }}",
        "templates/explainer.html:{line}: error: template error: 'explaner' is undefined (while rendering dua/index.html)",
    ),
    (
        "_macros.html",
        "{{ item.title }}",
        "{{ item.titel }}",
        "templates/_macros.html:{line}: error: template error: 'penjelas.render.views.Teaser object' has no attribute "
        "'titel' (while rendering index.html)",
    ),
    (
        "explainer.html",
        "{% if explainer.facts %}",
        "{% if %}",
        "templates/explainer.html:{line}: error: template syntax error: Expected an expression, got 'end of statement "
        "block'",
    ),
    (
        "base.html",
        "{% block main %}{% endblock %}",
        "{% block main %}{% endif %}",
        "templates/base.html:{line}: error: template syntax error: Encountered unknown tag 'endif'. Jinja was looking "
        "for the following tags: 'endblock'. The innermost block that needs to be closed is 'block'.",
    ),
    (
        "explainer.html",
        "{{ explainer.title }}",
        "{{ explainer.title|judul }}",
        "templates/explainer.html:{line}: error: template syntax error: No filter named 'judul'.",
    ),
    (
        "explainer.html",
        '{% extends "base.html" %}',
        '{% extends "bse.html" %}',
        "templates/explainer.html:1: error: template 'bse.html' not found (did you mean 'base.html'?)",
    ),
    (
        "explainer.html",
        "{% if explainer.facts %}",
        '{% if explainer.facts %}{% include "_macro.html" %}',
        "templates/explainer.html:{line}: error: template '_macro.html' not found (did you mean '_macros.html'?)",
    ),
    (
        "explainer.html",
        "{{ explainer.title }}",
        "{{ explainer.title / 2 }}",
        "templates/explainer.html:{line}: error: template error: TypeError: unsupported operand type(s) for /: 'str' "
        "and 'int' (while rendering dua/index.html)",
    ),
    (
        "explainer.html",
        "{{ explainer.title }}",
        '{% include "explainer.html" %}',
        "templates/explainer.html: error: template error: templates include or call each other without end "
        "(templates/base.html, templates/explainer.html; while rendering dua/index.html) (look for an include or "
        "macro that reaches itself)",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "error"), TEMPLATE_MISTAKES)
def test_template_mistakes_name_the_template_and_line_and_keep_the_output(
    live: tuple[Path, dict[str, bytes]], name: str, old: str, new: str, error: str
) -> None:
    root, before = live
    template = root / "templates" / name
    text = template.read_text()
    assert old in text
    template.write_text(text.replace(old, new, 1))
    line = text[: text.index(old)].count("\n") + 1  # where the mistake is in today's template
    with pytest.raises(ContentError) as caught:
        build(Project(root), root / "output")
    assert error.replace("{line}", str(line)) in [p.format() for p in caught.value.problems]
    assert_untouched(root, before)


def test_a_missing_template_is_named(live: tuple[Path, dict[str, bytes]]) -> None:
    root, before = live
    (root / "templates/topic.html").unlink()
    result = run_cli(root, "build")
    assert result.code == 1
    assert result.stderr.splitlines() == [
        "templates/topic.html: error: template not found (restore it from git)",
        "1 problem found. Nothing was written; the previous output is unchanged.",
    ]
    assert_untouched(root, before)


# --- 11. Interrupted and failing builds --------------------------------------------------------------

HOOK = """\
import errno, os, sys, time
from pathlib import Path
import penjelas.output.staging, penjelas.render.pages

stage, action, after, marker = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
cls, method = (penjelas.output.staging.StagedOutput, "write") if stage == "write" else (penjelas.render.pages.Renderer, "render")
original = getattr(cls, method)
calls = 0

def hooked(self, *args, **kwargs):
    global calls
    calls += 1
    if calls == after:
        if action == "enospc":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.staging / "topik/index.html"))
        marker.write_text("stalled")
        time.sleep(120)  # the test signals us here
    return original(self, *args, **kwargs)

setattr(cls, method, hooked)
from penjelas.cli import main
sys.exit(main(sys.argv[5:]))
"""


CHILDREN: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def no_stray_children() -> Iterator[None]:
    """A failed assertion must not leave a stalled build running (it would wake and finish later)."""
    yield
    while CHILDREN:
        child = CHILDREN.pop()
        if child.poll() is None:
            child.kill()
            child.communicate()


def start_hooked(root: Path, stage: str, action: str, after: int) -> tuple[subprocess.Popen[str], Path]:
    """`build.py build` in a child that stalls (or fails) at the ``after``-th page rendered or file written."""
    marker = root.parent / f"stalled-{stage}"
    child = subprocess.Popen(
        [sys.executable, "-c", HOOK, stage, action, str(after), str(marker), "--root", str(root), "build"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    CHILDREN.append(child)
    return child, marker


def wait_for(condition: Callable[[], bool], child: subprocess.Popen[str], what: str, *, required: bool = True) -> bool:
    """Poll until ``condition``; False if the child ended first (a failure when ``required``)."""
    deadline = time.monotonic() + 60
    while not condition():
        if child.poll() is not None:
            if required:
                pytest.fail(f"the build ended before {what}: {child.communicate()}")
            return False
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.002)
    return True


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("stage", ["render", "write"])
def test_a_signal_leaves_the_previous_output_byte_identical(
    live: tuple[Path, dict[str, bytes]], signum: int, stage: str
) -> None:
    root, before = live
    (root / "content/explainers/satu/index.md").write_text(explainer("Satu, diubah", extra="tags: [Rusia]\n"))
    child, marker = start_hooked(root, stage, "stall", 4)
    wait_for(marker.exists, child, "the build stalled")
    if stage == "write":
        assert [name for name in leftovers(root) if ".tmp-" in name], "signalled while staging"
    child.send_signal(signum)
    _stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130
    assert stderr == "Interrupted; the previous output is unchanged.\n"
    assert_untouched(root, before)
    result = run_cli(root, "build")
    assert result.code == 0, result.stderr
    assert "Satu, diubah" in (root / "output/satu/index.html").read_text()
    assert leftovers(root) == []


def test_a_full_disk_is_a_clear_error_and_keeps_the_output(live: tuple[Path, dict[str, bytes]]) -> None:
    root, before = live
    child, _marker = start_hooked(root, "write", "enospc", 3)
    _stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 1
    (line,) = stderr.splitlines()
    assert line.startswith("error: No space left on device (")
    assert line.endswith("/topik/index.html). Nothing was changed; the previous output is unchanged.")
    assert_untouched(root, before)


def test_a_kill_mid_write_is_cleaned_up_by_the_next_build(live: tuple[Path, dict[str, bytes]]) -> None:
    """SIGKILL cannot be caught: the staging folder stays behind, the live site is intact, and the next
    build removes the leftover."""
    root, before = live
    child, marker = start_hooked(root, "write", "stall", 4)
    wait_for(marker.exists, child, "the build stalled")
    child.kill()
    child.communicate(timeout=60)
    assert snapshot(root / "output") == before
    assert len(leftovers(root)) == 1
    assert run_cli(root, "build").code == 0
    assert leftovers(root) == []


def test_a_kill_between_the_two_renames_of_a_swap_is_repaired(live: tuple[Path, dict[str, bytes]]) -> None:
    """The narrowest window: output/ moved aside, the new site not yet in place. The next build puts the
    old site back before it even checks the content, so a failing build still leaves a site."""
    root, before = live
    aside = root / ".output.old-dead"
    aside.mkdir()
    (root / "output").rename(aside / "site")
    (root / ".output.tmp-dead").mkdir()
    (root / "content/explainers/satu/index.md").write_text("broken")
    with pytest.raises(ContentError):
        build(Project(root), root / "output")
    assert_untouched(root, before)


def test_an_exception_mid_render_leaves_no_trace(
    live: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, before = live
    original = Renderer.render
    calls: list[str] = []

    def failing(self: Renderer, job: Any) -> Any:
        calls.append(job.path)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return original(self, job)

    monkeypatch.setattr(Renderer, "render", failing)
    with pytest.raises(RuntimeError, match="boom"):
        build(Project(root), root / "output")
    assert_untouched(root, before)


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_mid_write_leaves_no_trace(
    live: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    root, before = live
    original = StagedOutput.write
    calls: list[str] = []

    def failing(self: StagedOutput, path: str, data: bytes, origin: str) -> None:
        calls.append(path)
        if len(calls) == 5:
            raise error
        original(self, path, data, origin)

    monkeypatch.setattr(StagedOutput, "write", failing)
    with pytest.raises(type(error)):
        build(Project(root), root / "output")
    assert_untouched(root, before)


@pytest.mark.parametrize("error", [OSError(errno.EXDEV, "Invalid cross-device link"), KeyboardInterrupt()])
def test_a_failure_between_the_two_renames_puts_the_old_site_back(
    live: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    root, before = live
    original = os.rename
    calls: list[str] = []

    def failing(source: Any, destination: Any) -> None:
        calls.append(str(source))
        if len(calls) == 2:
            raise error
        original(source, destination)

    monkeypatch.setattr(output_module.os, "rename", failing)
    with pytest.raises(type(error)):
        build(Project(root), root / "output")
    monkeypatch.undo()
    assert calls[0] == str(root / "output") and ".output.tmp-" in calls[1]
    assert_untouched(root, before)


def test_a_signal_during_the_swap_waits_for_it_to_finish(
    live: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between the two renames is held until both are done, so the swap is never half made."""
    root, _before = live
    (root / "content/explainers/satu/index.md").write_text(explainer("Satu, diubah"))
    original = os.rename
    calls: list[str] = []

    def signalling(source: Any, destination: Any) -> None:
        calls.append(str(source))
        original(source, destination)
        if len(calls) == 1:
            # To the main thread, as Ctrl-C reaches the single-threaded command line: a process-wide signal
            # could land on a thread an earlier test left behind, which does not hold signals.
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

    monkeypatch.setattr(output_module.os, "rename", signalling)
    try:
        build(Project(root), root / "output")
    except KeyboardInterrupt:
        pytest.fail("the signal interrupted the swap")
    monkeypatch.undo()
    assert len(calls) == 2
    assert "Satu, diubah" in (root / "output/satu/index.html").read_text()
    assert leftovers(root) == []


def big_site(root: Path, count: int) -> Path:
    """A content tree large enough that a build takes a while, to interrupt without hooks."""
    body = "\n\n".join(
        f"## Bagian {k}\n\n" + "Paragraf dengan [tautan](https://example.org/) dan *penekanan*. " * 5 for k in range(6)
    )
    files: dict[str, str | bytes] = {}
    for i in range(count):
        slug = f"penjelas-{i:04d}"
        tags = ", ".join(sorted({f"Topik {i % 17}", f"Topik {i % 5}"}))
        files[f"explainers/{slug}/index.md"] = explainer(f"Judul {i}", "Ringkasan.", body, extra=f"tags: [{tags}]\n")
        files[f"explainers/{slug}/timeline.yaml"] = "".join(
            f"- date: 2024-0{k + 1}\n  title: Peristiwa {k}\n  text: Teks *{k}*.\n  sources: [kcna]\n" for k in range(5)
        )
    return write_content(root, files)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = big_site(tmp_path_factory.mktemp("big") / "site", 300)
    assert run_cli(root, "build").code == 0
    return root, snapshot(root / "output")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_real_build_signalled_while_staging_is_all_or_nothing(
    big: tuple[Path, dict[str, bytes]], signum: int
) -> None:
    """No hooks: signal a real build of 300 explainers as soon as its staging folder appears. It either
    stops (exit 130, the old site byte-identical) or had already finished (exit 0, the complete new site);
    either way nothing is left beside output/."""
    root, before = big
    (root / "content/explainers/penjelas-0000/index.md").write_text(explainer(f"Judul baru {signum}"))
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--root", str(root), "build"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    CHILDREN.append(child)
    staging = lambda: any(".tmp-" in name for name in leftovers(root))  # noqa: E731
    if wait_for(staging, child, "the staging folder appeared", required=False):
        child.send_signal(signum)
    _stdout, stderr = child.communicate(timeout=120)
    assert leftovers(root) == []
    if child.returncode == 130:
        assert stderr == "Interrupted; the previous output is unchanged.\n"
        assert snapshot(root / "output") == before
    else:
        assert child.returncode == 0, stderr
        assert f"Judul baru {signum}" in (root / "output/penjelas-0000/index.html").read_text()
    assert run_cli(root, "build").code == 0
    assert leftovers(root) == []
    before.clear()  # the next test starts from this site
    before.update(snapshot(root / "output"))


# --- 12. Reproducible output -------------------------------------------------------------------------


def touch_everything(folder: Path, when: float) -> None:
    for path in folder.rglob("*"):
        os.utime(path, (when, when))


@pytest.mark.parametrize("epoch", ["1700000000", None], ids=["SOURCE_DATE_EPOCH", "no-epoch"])
def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path, epoch: str | None) -> None:
    """Different folders, file times, hash seeds, time zones and moments: the same bytes."""
    outputs = []
    for run, (seed, zone, when) in enumerate([("1", "UTC", 1e9), ("2", "Asia/Jakarta", 2e9)]):
        root = copy_project((tmp_path / f"copy-{run}").joinpath(*["nested"] * run))
        touch_everything(root, when)
        env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "BASE_URL")}
        env.update({"PYTHONHASHSEED": seed, "TZ": zone, "LC_ALL": "C.UTF-8" if run else "C"})
        if epoch is not None:
            env["SOURCE_DATE_EPOCH"] = epoch
        result = run_cli(root, "build", env=env)
        assert result.code == 0, result.stderr
        outputs.append(snapshot(root / "output"))
        time.sleep(1.1 if run == 0 else 0)  # a clock that leaks into the output would now differ
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 5


def test_rebuilding_in_place_changes_nothing(live: tuple[Path, dict[str, bytes]]) -> None:
    root, before = live
    touch_everything(root / "content", 1.5e9)
    build(Project(root), root / "output")
    assert snapshot(root / "output") == before
