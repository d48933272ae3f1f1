"""The command line: `build.py build`, `build.py check`."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from .build import Options, Project, build, check
from .errors import ContentError, printable

EXIT_CONTENT = 1
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build a Penjelas explainer site.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    sub = parser.add_subparsers(dest="command")
    build_cmd = sub.add_parser("build", help="check the content and build the site (the default)")
    build_cmd.add_argument(
        "--base-url", help="the address the site is published at (overrides site.yaml; also BASE_URL)"
    )
    build_cmd.add_argument("--out", type=Path, help="output folder (default: output/)")
    build_cmd.add_argument("--drafts", action="store_true", help="include explainers marked draft")
    check_cmd = sub.add_parser("check", help="check the content and templates without writing anything")
    check_cmd.add_argument("--drafts", action="store_true", help="also check as if drafts were published")
    return parser


def _terminate(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into an exception, so the staged output is cleaned up like on Ctrl-C."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    project = Project(args.root.resolve())
    command = args.command or "build"
    signal.signal(signal.SIGTERM, _terminate)
    try:
        if command == "check":
            check(project, Options(drafts=args.drafts))
            print("No problems found.")
            return 0
        base_url = getattr(args, "base_url", None) or os.environ.get("BASE_URL") or None
        out = getattr(args, "out", None) or project.root / "output"
        result = build(project, out, Options(base_url=base_url, drafts=getattr(args, "drafts", False)))
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        count = len(exc.problems)
        noun = "problem" if count == 1 else "problems"
        tail = "" if command == "check" else " Nothing was written; the previous output is unchanged."
        print(f"{count} {noun} found.{tail}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("Interrupted; the previous output is unchanged.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # a full disk, a read-only folder: the machine's problem, not the content's
        where = f" ({printable(str(exc.filename))})" if exc.filename else ""
        tail = "" if command == "check" else " Nothing was changed; the previous output is unchanged."
        print(f"error: {printable(exc.strerror or str(exc))}{where}.{tail}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"Built {result.pages} pages and {result.assets} assets into {out}.")
    return 0
