"""The live preview's entry point: `serve()` (`build.py serve`) claims the folder, binds the address, makes the
first build, then serves (`make_app`) while the builder watches, rebuilds what changed and reloads the browser.

The browser side is livereload's: its client script (``livereload.js``, shipped in the python-livereload
package) and its websocket protocol. The server side is our own small tornado application rather than
``livereload.Server``, whose defaults do not suit a preview for editors: it polls for changes slowly,
drops a reload that comes soon after the previous one (a quick fix after a typo would leave the error
page showing), accepts websocket connections from any origin, answers with ETags and 304s (stale pages)
and keeps its state in class attributes.

Safety: binds 127.0.0.1 unless told otherwise; answers only requests whose Host header names the
address it serves (against DNS rebinding) and websocket connections from its own origin (guard.py,
reload.py); serves only files inside the preview folder, never with a cache validator (files.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
import socket
import sys
from pathlib import Path

import tornado.httpserver
import tornado.ioloop
import tornado.netutil
import tornado.web

from penjelas.build import Project
from penjelas.core.errors import Problem, as_typed, printable
from penjelas.core.messages import t
from penjelas.preview.builder import Builder
from penjelas.preview.files import SiteHandler
from penjelas.preview.guard import Address, is_loopback
from penjelas.preview.lock import lock_preview
from penjelas.preview.notices import FileEvents, Notices
from penjelas.preview.rebuild import Outcome, Preview
from penjelas.preview.reload import SCRIPT_PATH, SOCKET_PATH, Hub, ReloadSocket, ScriptHandler
from penjelas.preview.report import report, report_first
from penjelas.preview.watcher import Watcher

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PREVIEW_DIR = Path(".cache") / "preview"
"""Where the preview is built, below the project; never output/, which `make build` owns."""
WATCHED = ("content", "templates", "static", "locale")


def make_app(address: Address, preview: Preview, hub: Hub) -> tornado.web.Application:
    """The preview's web application: the site, the livereload client and its websocket."""
    settings = {"address": address, "preview": preview, "refused": set[str]()}
    return tornado.web.Application(
        [
            (SOCKET_PATH, ReloadSocket, {"address": address, "hub": hub}),
            (SCRIPT_PATH, ScriptHandler, settings),
            (r"/(.*)", SiteHandler, settings),
        ],
        log_function=lambda handler: None,  # the terminal shows rebuilds and refusals, not every request
        websocket_ping_interval=20,
    )


def serve(project: Project, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Run the preview until Ctrl-C or SIGTERM; returns the exit status."""
    if not 0 <= port <= 65535:
        option = as_typed("--port", t('the port in SERVE_ARGS="--port 8001"'))
        message = t("{option} must be a number from 0 to 65535, not {port}", option=option, port=port)
        print(f"error: {message}", file=sys.stderr)
        return 2
    lock = lock_preview(project.root / PREVIEW_DIR)
    if lock is None:
        message = t("another preview of this project is running; use it, or stop it (Ctrl-C in its terminal) first")
        print(f"error: {message}", file=sys.stderr)
        return 2
    with lock:
        if not is_loopback(host):
            print(
                t(
                    "Warning: serving on {host} makes the preview, drafts included, reachable from other computers "
                    "on the network. Use the default (127.0.0.1) unless you mean that.",
                    host=printable(host),
                ),
                file=sys.stderr,
                flush=True,
            )
        try:
            sockets = tornado.netutil.bind_sockets(port, host, reuse_port=False)
        except OSError as exc:
            print(f"error: {_cannot_listen(exc, host, port)}", file=sys.stderr)
            return 2
        try:
            return asyncio.run(_serve(project, host, sockets))
        except KeyboardInterrupt:  # where the event loop cannot catch signals itself (Windows)
            print(t("Stopped."), flush=True)
            return 0


def _cannot_listen(exc: OSError, host: str, port: int) -> str:
    """Why the preview cannot listen at ``host``:``port``, with what to do about it."""
    shown = printable(host)
    if isinstance(exc, socket.gaierror):  # before the errno checks: its numbers are getaddrinfo's
        return t("the host name {host} is not known; use the default (127.0.0.1)", host=shown)
    if exc.errno == errno.EADDRINUSE:
        other = as_typed(f"--port {port + 1}", f'make serve SERVE_ARGS="--port {port + 1}"')
        return t("port {port} on {host} is already in use; try {other}", port=port, host=shown, other=other)
    if exc.errno in (errno.EACCES, errno.EPERM):
        other = as_typed("--port 8001", 'make serve SERVE_ARGS="--port 8001"')
        return t(
            "port {port} on {host} needs administrator rights; try a port above 1023: {other}",
            port=port,
            host=shown,
            other=other,
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return t("{host} is not an address of this computer; use the default (127.0.0.1)", host=shown)
    return t(
        "cannot listen on {host}:{port}: {reason}", host=shown, port=port, reason=printable(str(exc.strerror or exc))
    )


async def _serve(project: Project, host: str, sockets: list[socket.socket]) -> int:
    address = Address(host, sockets[0].getsockname()[1])
    preview = Preview(project, project.root / PREVIEW_DIR, address.url)
    events = FileEvents(project.root, WATCHED, Notices())
    listening = events.start()  # first: a save made while the files are first looked at is not missed
    watcher = Watcher(project.root, WATCHED)
    outcome = preview.build()
    preview.show(outcome)
    report_first(outcome)

    hub = Hub()
    loop = tornado.ioloop.IOLoop.current()

    def on_built(changed: list[str], outcome: Outcome, before: tuple[Problem, ...]) -> None:
        report(changed, outcome)
        loop.add_callback(hub.notify, outcome, before)

    server = tornado.httpserver.HTTPServer(make_app(address, preview, hub), xheaders=False)
    server.add_sockets(sockets)
    builder = Builder(preview, watcher, on_built, events if listening else None)
    builder.start()

    stop = asyncio.Event()
    running = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl-C arrives as KeyboardInterrupt
            running.add_signal_handler(signum, stop.set)
    print(t("Serving the preview (drafts included) at {url}  Press Ctrl-C to stop.", url=address.url), flush=True)
    try:
        await stop.wait()
    finally:
        builder.stop()
        events.stop()
        server.stop()
        hub.close_all()
        await server.close_all_connections()
    print(t("Stopped."), flush=True)
    return 0
