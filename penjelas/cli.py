"""The command line: `build.py build`, `check`, `serve` and `new`."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from penjelas.core.errors import ContentError, Problem, printable
from penjelas.core.messages import LANGUAGES, speaking, t, tn

if TYPE_CHECKING:
    from penjelas.build import Project
    from penjelas.incremental.noop import Inputs

EXIT_CONTENT = 1
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build a Penjelas explainer site.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the language of messages: id (the default) or en, for developers (also PENJELAS_LANG)",
    )
    sub = parser.add_subparsers(dest="command")
    build_cmd = sub.add_parser("build", help="check the content and build the site (the default)")
    build_cmd.add_argument(
        "--base-url", help="the address the site is published at (overrides site.yaml; also BASE_URL)"
    )
    build_cmd.add_argument("--out", type=Path, help="output folder (default: output/)")
    build_cmd.add_argument("--drafts", action="store_true", help="include explainers marked draft")
    build_cmd.add_argument("--jobs", type=_positive, help="processes that render pages (default: one per core)")
    check_cmd = sub.add_parser("check", help="check the content and templates without writing anything")
    check_cmd.add_argument("--drafts", action="store_true", help="also check as if drafts were published")
    check_cmd.add_argument("--jobs", type=_positive, help="processes that render pages (default: one per core)")
    check_cmd.add_argument(
        "--since",
        metavar="REF",
        default="",
        help="warn of published explainers whose article changed since this git revision without a new "
        "'updates' entry (silent without git)",
    )
    check_cmd.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="'github' prints GitHub Actions annotations, so problems show on the lines of a pull request",
    )
    serve_cmd = sub.add_parser(
        "serve", help="preview the site, drafts included, rebuilding and reloading the browser on every save"
    )
    serve_cmd.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)"
    )
    serve_cmd.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default: 8000; 0 picks a free one)"
    )
    new_cmd = sub.add_parser("new", help="start a new explainer: a folder with index.md, timeline.yaml and facts.yaml")
    new_cmd.add_argument("title", help='the explainer\'s title, in quotes: "Judul explainer"')
    new_cmd.add_argument("--slug", help="the folder name (default: made from the title)")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(t("give a whole number of at least 1"))
    return value


def _terminate(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into an exception, so the staged output is cleaned up like on Ctrl-C."""
    raise KeyboardInterrupt


def _nothing_changed(args: argparse.Namespace) -> Answer:
    """The message for a build with nothing to do, found without loading the generator (else None), and the
    digest of the inputs it computed, which the build then need not compute again."""
    from penjelas.core.clock import today
    from penjelas.core.digests import generator_id
    from penjelas.incremental.noop import read_inputs, settings, up_to_date

    root = args.root.resolve()
    out = (getattr(args, "out", None) or root / "output").absolute()
    base_url = getattr(args, "base_url", None) or os.environ.get("BASE_URL") or None
    try:
        day = today()
    except ValueError:
        return None, None  # the build reports it
    inputs = read_inputs(root, settings(generator_id(), out, base_url, getattr(args, "drafts", False), day))
    known = up_to_date(root, out, inputs.digest)
    if known is None:
        return None, inputs  # the build saves the hashes, once it has accepted the output folder
    inputs.hashes.save()
    pages, _assets, files, notes = known
    return Said(_unchanged_line(out, pages, files), notes.warnings, notes.left_out), inputs


class Said(NamedTuple):
    """What a build that finds nothing changed prints: what the last build said."""

    summary: str
    warnings: tuple[str, ...]
    left_out: str

    def print(self) -> None:
        _print_warnings(self.warnings)
        print(self.summary)
        if self.left_out:
            print(self.left_out)


Answer = tuple[Said | None, "Inputs | None"]
"""What ``_nothing_changed`` found."""


def _check_aside(args: argparse.Namespace) -> Callable[[], Answer]:
    """Start ``_nothing_changed`` in a forked process, so that this one can import the generator meanwhile (on
    another core); return a function that waits for its answer.

    The answer is awaited before the build reads any input, so its digest is of the inputs before the build
    saw them, as when it is computed here. Where processes cannot be forked, or the other one fails, the check
    runs in this process when the answer is asked for.
    """
    if not hasattr(os, "fork"):
        return lambda: _nothing_changed(args)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the forked process: answer, and leave without running anything the parent set up
        os.close(reader)
        try:
            data = pickle.dumps(_nothing_changed(args), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # the parent then checks itself, and reports whatever is wrong
            data = b""
        with contextlib.suppress(OSError), open(writer, "wb") as out:
            out.write(data)
        os._exit(0)
    os.close(writer)

    def answer() -> Answer:
        with open(reader, "rb") as pipe:
            data = pipe.read()
        os.waitpid(child, 0)
        try:
            found: Answer = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            found = _nothing_changed(args)
        return found

    return answer


def exit_now(status: int) -> NoReturn:
    """End the process with ``status`` once what it printed is out, without tearing the interpreter down.

    Freeing a build's hundreds of thousands of objects one by one, as a normal exit does, costs a good part
    of a one-explainer rebuild (docs/performance.md has the figure). Everything a command writes is closed
    by then, and the processes it started have been waited for.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can be said there
            stream.flush()
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    # --lang through PENJELAS_LANG while the command runs (tests call main in-process, and go on)
    with speaking(args.lang) if args.lang else contextlib.nullcontext():
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    command = args.command or "build"
    if command not in ("build", "check"):
        return _run(args, command)
    # A build makes hundreds of thousands of objects that live until it ends, and next to no cyclic garbage:
    # collecting as often as Python does by default would scan them all again and again (mypy sets the
    # same, for the same reason). What little garbage there is is still collected, later.
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        return _run(args, command)
    finally:
        gc.set_threshold(*thresholds)  # as it was, for a caller that goes on (tests call main in-process)


def _run(args: argparse.Namespace, command: str) -> int:
    inputs = None
    if command == "build":
        up_to_date, inputs = _answer_if_nothing_changed(args)
        if up_to_date is not None:
            up_to_date.print()
            return 0
    from penjelas.build import Project  # only now: the no-op check above needs none of the generator

    project = Project(args.root.resolve())
    if command == "serve":
        from penjelas.preview.server import serve  # only the preview needs the web server

        return serve(project, args.host, args.port)
    if command == "new":
        return _new(project, args)
    return _build_or_check(project, args, command, inputs)


def _answer_if_nothing_changed(args: argparse.Namespace) -> Answer:
    """``_nothing_changed``, worked out so that it costs a build that has work to do as little as possible."""
    from penjelas.incremental.noop import RECORD

    if (args.root / RECORD).is_file():
        # Maybe nothing changed since the last build: find out before loading any of the generator.
        return _nothing_changed(args)
    # Something will be built (the last build's record is gone). The inputs' digest, which the next build's
    # check needs, is worked out in another process while this one loads the generator.
    aside = _check_aside(args)
    from penjelas import build as _generator  # noqa: F401

    return aside()


def _new(project: Project, args: argparse.Namespace) -> int:
    from penjelas.scaffold import ScaffoldError, create_explainer

    try:
        created = create_explainer(project.content_dir, args.title, args.slug)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(created.message())
    return 0


def _build_or_check(project: Project, args: argparse.Namespace, command: str, inputs: Inputs | None) -> int:
    from penjelas.build import Options, build, check
    from penjelas.site.model import left_out_line

    signal.signal(signal.SIGTERM, _terminate)
    out = getattr(args, "out", None) or project.root / "output"
    github = getattr(args, "format", "text") == "github"
    try:
        if command == "check":
            checked = check(project, Options(drafts=args.drafts), args.jobs, since=args.since or None)
            _print_warnings(checked.warnings, github)
            print(t("No problems found.") if not checked.warnings else _no_errors_line(len(checked.warnings)))
            _print_line(left_out_line(checked.left_out))
            return 0
        base_url = getattr(args, "base_url", None) or os.environ.get("BASE_URL") or None
        drafts, jobs = getattr(args, "drafts", False), getattr(args, "jobs", None)
        result = build(project, out, Options(base_url=base_url, drafts=drafts), jobs, inputs=inputs)
    except ContentError as exc:
        _report_problems(exc, github, command)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print(t("Interrupted; the previous output is unchanged."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # a full disk, a read-only folder: the machine's problem, not the content's
        reason = printable(exc.strerror or str(exc))
        if exc.filename:
            reason = f"{reason} ({printable(str(exc.filename))})"
        if command == "check":
            print(t("error: {reason}.", reason=reason), file=sys.stderr)
        else:
            print(
                t("error: {reason}. Nothing was changed; the previous output is unchanged.", reason=reason),
                file=sys.stderr,
            )
        return EXIT_CONTENT
    _print_warnings(result.warnings)
    if result.written == 0:
        print(_unchanged_line(out, result.pages, result.files))
    else:
        print(
            t(
                "Built {pages} pages and {assets} assets ({files} files in all) into {out}: "
                "{rendered} pages rendered, {written} files written.",
                pages=result.pages,
                assets=result.assets,
                files=result.files,
                out=out,
                rendered=result.rendered,
                written=result.written,
            )
        )
    _print_line(left_out_line(result.left_out))
    return 0


def _unchanged_line(out: Path, pages: int, files: int) -> str:
    return t(
        "Nothing changed: {out} is up to date ({pages} pages, {files} files in all).", out=out, pages=pages, files=files
    )


def _no_errors_line(warnings: int) -> str:
    return tn(
        "No errors found; {count} warning, which does not stop publishing.",
        "No errors found; {count} warnings, which do not stop publishing.",
        warnings,
    )


def _print_line(line: str) -> None:
    if line:
        print(line)


def _print_warnings(warnings: Sequence[Problem | str], github: bool = False) -> None:
    """Each warning on its own line (as a GitHub annotation with ``github``), on standard error with the
    errors, where editors' tools look for both."""
    for warning in warnings:
        if isinstance(warning, str):
            print(warning, file=sys.stderr)
        elif github:
            print(warning.github())
        else:
            print(warning.format(), file=sys.stderr)


def _report_problems(exc: ContentError, github: bool, command: str) -> None:
    for problem in exc.problems:
        if github:
            print(problem.github())
        else:
            print(problem.format(), file=sys.stderr)
    errors = sum(not problem.is_warning for problem in exc.problems)
    if command == "check":
        line = tn("{count} problem found.", "{count} problems found.", errors)
    else:
        line = tn(
            "{count} problem found. Nothing was written; the previous output is unchanged.",
            "{count} problems found. Nothing was written; the previous output is unchanged.",
            errors,
        )
    print(line, file=sys.stderr)
