"""Driving the real preview server from tests: a `build.py serve` subprocess, HTTP requests and a livereload client."""

from __future__ import annotations

import asyncio
import http.client
import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tornado.httpclient
import tornado.websocket

from tests.conftest import ROOT

PROTOCOL = "http://livereload.com/protocols/official-7"


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    """Header names in lower case."""
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class PreviewServer:
    """`build.py serve --port 0` on a project, in a subprocess; its output is collected line by line."""

    def __init__(self, root: Path, *args: str, wait: bool = True) -> None:
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        self.readers = [
            threading.Thread(target=self._collect, args=(self.process.stdout, self.stdout, True), daemon=True),
            threading.Thread(target=self._collect, args=(self.process.stderr, self.stderr, False), daemon=True),
        ]
        for reader in self.readers:
            reader.start()
        self.url = ""
        self.port = 0
        if wait:
            line = self.wait_for_line(r"Serving the preview .* at (http://\S+)")
            match = re.search(r"(http://\S+)", line)
            assert match is not None
            self.url = match.group(1)
            self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])

    def _collect(self, stream: Any, into: list[str], announce: bool) -> None:
        for line in stream:
            into.append(line)
            if announce:
                self.lines.put(line)

    def wait_for_line(self, pattern: str, timeout: float = 15) -> str:
        """The next stdout line matching ``pattern`` (earlier lines are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no line matching {pattern!r}; stdout: {self.stdout}; stderr: {self.stderr}")
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if re.search(pattern, line):
                return line

    def exit_status(self, timeout: float = 20) -> int:
        """Wait for the server to exit by itself; its output is complete afterwards."""
        code = self.process.wait(timeout=timeout)
        for reader in self.readers:
            reader.join(timeout=timeout)
        return code

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def request(self, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> Response:
        """An HTTP request with ``path`` sent exactly as given (no normalising of '..' or '%2e')."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
            for name, value in sent.items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def stop(self, signum: int = signal.SIGTERM) -> int:
        """Stop the server with ``signum``; kill it if it does not stop. Returns its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for reader in self.readers:
            reader.join(timeout=10)
        return self.process.returncode


class LiveClient:
    """A page's livereload connection, as livereload.js makes it: handshake, then info with the page URL."""

    def __init__(self, server: PreviewServer, page: str = "/", origin: str | None = None) -> None:
        self.loop = asyncio.new_event_loop()
        self.server = server
        origin = origin if origin is not None else f"http://127.0.0.1:{server.port}"
        request = tornado.httpclient.HTTPRequest(
            f"ws://127.0.0.1:{server.port}/livereload", headers={"Origin": origin} if origin else {}
        )
        self.connection = self.loop.run_until_complete(self._connect(request))
        self.send({"command": "hello", "protocols": [PROTOCOL]})
        hello = self.receive()
        assert hello["command"] == "hello" and PROTOCOL in hello["protocols"], hello
        self.send({"command": "info", "url": f"http://127.0.0.1:{server.port}{page}", "plugins": {}})

    @staticmethod
    async def _connect(request: tornado.httpclient.HTTPRequest) -> tornado.websocket.WebSocketClientConnection:
        return await tornado.websocket.websocket_connect(request)

    def send(self, message: dict[str, Any]) -> None:
        async def write() -> None:
            await self.connection.write_message(json.dumps(message))

        self.loop.run_until_complete(write())

    def receive(self, timeout: float = 10) -> dict[str, Any]:
        """The next message; AssertionError if none comes in ``timeout`` seconds or the connection closes."""

        async def read() -> str | bytes | None:
            return await asyncio.wait_for(self.connection.read_message(), timeout)

        try:
            message = self.loop.run_until_complete(read())
        except TimeoutError:
            raise AssertionError(f"no message in {timeout} s; server stderr: {self.server.stderr}") from None
        assert message is not None, "the server closed the connection"
        data = json.loads(message)
        assert isinstance(data, dict)
        return data

    def next_is_not_reload(self) -> None:
        """Assert that no reload is queued: a hello sent now comes back before anything sent later."""
        self.send({"command": "hello", "protocols": [PROTOCOL]})
        message = self.receive()
        assert message["command"] == "hello", f"unexpected {message}"

    def close(self) -> None:
        async def close() -> None:
            self.connection.close()
            await asyncio.sleep(0.01)

        self.loop.run_until_complete(close())
        self.loop.close()


def connect_refused(port: int, origin: str, host: str | None = None) -> int:
    """The HTTP status with which the websocket handshake from ``origin`` is refused (0 if it is accepted)."""

    async def attempt() -> int:
        headers = {"Origin": origin, **({"Host": host} if host else {})}
        request = tornado.httpclient.HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers=headers)
        try:
            connection = await tornado.websocket.websocket_connect(request)
        except tornado.httpclient.HTTPClientError as exc:
            return exc.code
        connection.close()
        return 0

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(attempt())
    finally:
        loop.close()
