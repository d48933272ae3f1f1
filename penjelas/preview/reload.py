"""The browser's side of reloading, in livereload's protocol: the client script added to every HTML page
(`inject_reload_script`, `ScriptHandler`), the websocket each open page keeps (`ReloadSocket`), and the
`Hub` that tells, after each rebuild, which open pages to reload (`_should_reload`)."""

from __future__ import annotations

import importlib.resources
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import tornado.websocket

from penjelas.core.errors import Problem
from penjelas.core.messages import t
from penjelas.preview.guard import Address, Guarded
from penjelas.preview.rebuild import Outcome

SCRIPT_PATH = "/livereload.js"
SOCKET_PATH = "/livereload"
"""livereload.js connects to this path, on the host and port it was loaded from."""


def inject_reload_script(page: bytes, port: int) -> bytes:
    """The page with livereload's client added at the end of its body (async: it never delays the page)."""
    tag = f'<script src="{SCRIPT_PATH}?port={port}" async></script>\n'.encode()
    at = page.lower().rfind(b"</body>")
    return page[:at] + tag + page[at:] if at != -1 else page + tag


class ScriptHandler(Guarded):
    """livereload's browser client, from the python-livereload package."""

    script = importlib.resources.files("livereload").joinpath("vendors/livereload.js").read_bytes()

    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        # The one thing a browser may keep: it never changes while the server runs, and fetching it on
        # every reload would slow each one down.
        self.set_header("Cache-Control", "private, max-age=3600")
        self.finish(self.script)


class ReloadSocket(tornado.websocket.WebSocketHandler):
    """One open page, speaking the livereload protocol (v7): a handshake, then 'reload' commands."""

    PROTOCOL = "http://livereload.com/protocols/official-7"

    def initialize(self, address: Address, hub: Hub, **_: Any) -> None:
        self.address = address
        self.hub = hub
        self.page: str | None = None

    def prepare(self) -> None:
        # The Origin is judged here too, not only in check_origin: tornado (6.6) skips check_origin when the
        # Origin's host and port equal the Host header's, whatever its scheme, or Sec-Fetch-Site says
        # 'same-origin' or 'none'. A client that sends no Origin is not a browser and is let through.
        origin = self.request.headers.get("Origin")
        if not self.address.allows(self.request.headers.get("Host", "")) or (
            origin is not None and not self.address.allows_origin(origin)
        ):
            self.set_status(403)
            self.finish(t("This preview answers only at its own address.") + "\n")

    def check_origin(self, origin: str) -> bool:
        return self.address.allows_origin(origin)

    def open(self, *args: str, **kwargs: str) -> None:
        self.hub.sockets.add(self)

    def on_message(self, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        if data.get("command") == "hello":
            self.write_message(json.dumps({"command": "hello", "protocols": [self.PROTOCOL], "serverName": "penjelas"}))
        elif data.get("command") == "info" and isinstance(data.get("url"), str):
            self.page = page_for(data["url"])

    def reload(self) -> None:
        message = {"command": "reload", "path": "/" + (self.page or ""), "liveCSS": False, "liveImg": False}
        try:
            self.write_message(json.dumps(message))
        except tornado.websocket.WebSocketClosedError:
            self.hub.sockets.discard(self)

    def on_close(self) -> None:
        self.hub.sockets.discard(self)


def page_for(url: str) -> str | None:
    """The output file a browser URL shows, like 'slug/index.html'; None if it cannot be told."""
    try:
        path = unquote(urlsplit(url).path, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    path = path.lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


@dataclass
class Hub:
    """The open browser pages, and which of them a rebuild should reload."""

    sockets: set[ReloadSocket] = field(default_factory=set)

    def notify(self, outcome: Outcome, problems_before: tuple[Problem, ...]) -> None:
        """Reload each page the outcome affects (runs on the server's event loop)."""
        for page in list(self.sockets):
            if _should_reload(page.page, outcome, problems_before):
                page.reload()

    def close_all(self) -> None:
        for page in list(self.sockets):
            page.close(1001, "server stopping")


def _should_reload(page: str | None, outcome: Outcome, problems_before: tuple[Problem, ...]) -> bool:
    if outcome.problems != problems_before:  # the error page appears, changes or goes away
        return True
    if not outcome.ok or not outcome.changed:
        return False
    if page is None or any(not path.endswith(".html") for path in outcome.changed):
        return True  # a stylesheet or an image may be on any page
    return page in outcome.changed
