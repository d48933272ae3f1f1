"""The live preview under attack (issue 7, case 13): traversal, foreign Host and Origin, a load while rebuilding.

The real server runs in a subprocess (tests/preview_server.py). Requests go out over a raw socket, so
nothing between the test and the server normalises '..', '%2e' or a backslash first. Everything goes
to 127.0.0.1 only. test_serve.py holds the everyday cases; these are the ones an attacker would add.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from penjelas.build import Project
from penjelas.preview.rebuild import Preview
from tests.conftest import copy_project
from tests.preview_server import LiveClient, PreviewServer, connect_refused

MARKER = "PENJELAS-MARKER-OUTSIDE-THE-PREVIEW"
"""Planted in files at every level above the preview folder; no answer may ever contain it."""

TREATY = "perjanjian-pertahanan-korea-utara-rusia-2024"


@dataclass(frozen=True)
class RawResponse:
    status: int
    """0 when the server closed the connection without answering."""
    headers: dict[str, str]
    body: bytes


def raw_request(port: int, target: bytes, host: bytes | None = None, extra: bytes = b"") -> RawResponse:
    """Send ``GET target`` byte for byte (no client library to clean it up) and read the whole answer."""
    host_line = b"" if host is None else b"Host: " + host + b"\r\n"
    request = b"GET " + target + b" HTTP/1.1\r\n" + host_line + extra + b"Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        return RawResponse(0, {}, b"")
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return RawResponse(int(status_line.split()[1]), headers, body)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """A preview of a private project, with the marker planted beside it, in it and beside the preview folder."""
    outer = tmp_path_factory.mktemp("outer")
    root = copy_project(outer / "site")
    (outer / "secret.txt").write_text(f"{MARKER} beside the project\n")
    (root / "secret.txt").write_text(f"{MARKER} in the project\n")
    site_yaml = root / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"# {MARKER} in content\n", encoding="utf-8")
    (root / ".cache").mkdir()
    (root / ".cache" / "secret.txt").write_text(f"{MARKER} beside the preview folder\n")
    running = PreviewServer(root)
    try:
        yield running
    finally:
        running.stop()


# The preview folder is <project>/.cache/preview: one '..' reaches .cache/, two the project, three beside it.
TRAVERSALS = [
    b"/../secret.txt",
    b"/../../secret.txt",
    b"/../../../secret.txt",
    b"/static/../../../secret.txt",
    b"/static/../../content/site.yaml",
    b"/static/../../../content/site.yaml",
    b"/..%2f..%2fsecret.txt",
    b"/..%2F..%2F..%2Fsecret.txt",
    b"/%2e%2e/%2e%2e/secret.txt",
    b"/%2e%2e/%2e%2e/%2e%2e/secret.txt",
    b"/%2E%2e/%2e%2E/content/site.yaml",
    b"/%2e%2e%2f%2e%2e%2fsecret.txt",
    b"/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
    b"/.%2e/.%2e/secret.txt",
    b"/%2e./%2e./secret.txt",
    b"/..%5c..%5csecret.txt",
    b"/static/..%5c..%5c..%5csecret.txt",
    b"/..\\..\\secret.txt",  # a raw backslash, for servers that treat it as a separator
    b"/%252e%252e/%252e%252e/secret.txt",  # double encoding: must not be decoded twice
    b"/%252e%252e%252f%252e%252e%252fsecret.txt",
    b"/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",  # overlong UTF-8 for '.'
    b"/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afsecret.txt",  # ... and for '/'
    b"/%e0%80%ae%e0%80%ae/%e0%80%ae%e0%80%ae/secret.txt",
    b"/\xc0\xae\xc0\xae/\xc0\xae\xc0\xae/secret.txt",  # the same overlong bytes, unencoded
    b"//etc/passwd",
    b"//../../secret.txt",
    b"/./../../secret.txt",
    b"/index.html%00/../../../secret.txt",
    b"/../../secret.txt%00.html",
    b"/%00../../secret.txt",
    b"/.cache/secret.txt",
    b"/.git/config",
    b"/%2ecache/secret.txt",
    b"/etc/passwd",
    b"/%2fetc%2fpasswd",
    b"/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
    b"/static/..;/..;/..;/secret.txt",  # Tomcat's path parameters
    b"/..%u2216..%u2216secret.txt",  # IIS-style %u escapes
    b"/\xef\xbc\x8e\xef\xbc\x8e/\xef\xbc\x8e\xef\xbc\x8e/secret.txt",  # FULLWIDTH FULL STOP, raw
    b"/%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/secret.txt",
    b"/../../../../../../../../../../etc/passwd",
    b"../../secret.txt",  # no leading slash
    b"http://127.0.0.1/../../secret.txt",  # absolute form
]


@pytest.mark.parametrize("target", TRAVERSALS, ids=[t.decode("latin-1") for t in TRAVERSALS])
def test_no_traversal_reaches_a_file_outside_the_preview(server: PreviewServer, target: bytes) -> None:
    response = raw_request(server.port, target, f"127.0.0.1:{server.port}".encode())
    assert response.status in (400, 403, 404), response
    assert MARKER.encode() not in response.body
    assert b"root:" not in response.body  # /etc/passwd
    assert server.running


def test_a_raw_nul_in_the_path_is_refused(server: PreviewServer) -> None:
    response = raw_request(server.port, b"/../../secret.txt\x00.html", f"127.0.0.1:{server.port}".encode())
    assert response.status in (0, 400, 403, 404)
    assert MARKER.encode() not in response.body
    assert server.running


def test_the_traversal_requests_did_reach_the_file_handler(server: PreviewServer) -> None:
    """The table above means something only if a plain request for a real file succeeds the same way."""
    host = f"127.0.0.1:{server.port}".encode()
    assert raw_request(server.port, b"/", host).status == 200
    page = raw_request(server.port, f"/{TREATY}/".encode(), host)
    assert page.status == 200 and page.body.endswith(b"</html>\n")
    assert raw_request(server.port, b"/static/../index.html", host).status == 403  # '..' is refused, not resolved


HOSTS = [
    "evil.example",
    "evil.example:{port}",
    "127.0.0.1.evil.example:{port}",
    "localhost.evil.example:{port}",
    "127.0.0.1:{port}.evil.example",
    "localhost:{port}@evil.example",
    "evil.example@localhost:{port}",
    "localhost.:{port}",  # a trailing dot is another name to DNS
    "",
    " ",
    "127.0.0.1",  # port 80
    "127.0.0.1:{other}",
    "localhost:{other}",
    "[::1]:{other}",
    "127.0.0.1:{port}:{port}",
    "127.0.0.1:{port}, evil.example",
    "0.0.0.0:{port}",
    "192.168.1.1:{port}",
    "10.0.0.1:{port}",
    "[::ffff:7f00:1]x:{port}",
    "127.1:{port}",  # an abbreviated address some resolvers accept; not a name we answer to
    "2130706433:{port}",  # 127.0.0.1 as a number
    "xn--evil-example:{port}",
]


@pytest.mark.parametrize("template", HOSTS)
@pytest.mark.parametrize("path", ["/", "/livereload.js", "/livereload", "/static/"])
def test_a_foreign_host_header_is_refused(server: PreviewServer, template: str, path: str) -> None:
    host = template.format(port=server.port, other=server.port + 1)
    response = raw_request(server.port, path.encode(), host.encode())
    assert response.status in (400, 403), (host, response)
    assert b"<html" not in response.body and b"LiveReload" not in response.body


def test_a_missing_or_doubled_host_header_is_refused(server: PreviewServer) -> None:
    ours = f"127.0.0.1:{server.port}".encode()
    assert raw_request(server.port, b"/", None).status in (400, 403)
    doubled = raw_request(server.port, b"/", ours, b"Host: evil.example:" + str(server.port).encode() + b"\r\n")
    assert doubled.status in (400, 403)
    doubled_back = raw_request(server.port, b"/", b"evil.example", b"Host: " + ours + b"\r\n")
    assert doubled_back.status in (400, 403)
    # HTTP/1.0 needs no Host header: the server must not fall back to trusting whatever it would assume.
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(b"GET / HTTP/1.0\r\n\r\n")
        answer = b"".join(iter(lambda: connection.recv(65536), b""))
    assert answer.startswith((b"HTTP/1.0 403", b"HTTP/1.1 403", b"HTTP/1.0 400", b"HTTP/1.1 400")), answer[:80]


def test_the_hosts_it_does_answer(server: PreviewServer) -> None:
    for host in ("127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}"):
        value = host.format(port=server.port).encode()
        assert raw_request(server.port, b"/", value).status == 200, host


def handshake(port: int, headers: str) -> int:
    """The status with which the server answers a websocket handshake carrying ``headers`` (101: accepted)."""
    request = (
        f"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{headers}\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode("latin-1"))
        answer = b""
        while b"\r\n" not in answer and (chunk := connection.recv(1024)):
            answer += chunk
    return int(answer.split(b" ", 2)[1])


ORIGINS = [
    "http://evil.example",
    "http://evil.example:{port}",
    "https://evil.example:{port}",
    "http://127.0.0.1.evil.example:{port}",
    "http://localhost.evil.example:{port}",
    "http://localhost:{port}@evil.example",
    "http://evil.example@localhost:{port}",
    "http://127.0.0.1:{other}",  # another local server (a different port) is another origin
    "http://localhost:{other}",
    "http://localhost",
    "http://127.0.0.1",
    "http://0.0.0.0:{port}",
    "http://192.168.1.1:{port}",
    "null",  # a file:// page, a sandboxed frame
    "file://",
    "",
    "chrome-extension://abcdefghijklmnop",
    # Our own host and port under another scheme: tornado alone would accept these (it compares host and
    # port with the Host header and skips check_origin), so the preview checks the Origin itself.
    "ws://127.0.0.1:{port}",
    "ftp://127.0.0.1:{port}",
    "chrome-extension://127.0.0.1:{port}",
]


@pytest.mark.parametrize("template", ORIGINS)
def test_a_websocket_from_a_foreign_origin_is_refused(server: PreviewServer, template: str) -> None:
    origin = template.format(port=server.port, other=server.port + 1)
    assert handshake(server.port, f"Origin: {origin}\r\n") == 403
    assert server.running


@pytest.mark.parametrize("fetch_site", ["same-origin", "none", "same-site", "cross-site"])
def test_a_foreign_origin_is_refused_whatever_sec_fetch_site_claims(server: PreviewServer, fetch_site: str) -> None:
    """Tornado takes 'same-origin' and 'none' on trust and skips check_origin; the preview does not."""
    assert handshake(server.port, f"Origin: http://evil.example\r\nSec-Fetch-Site: {fetch_site}\r\n") == 403


def test_its_own_origins_still_connect(server: PreviewServer) -> None:
    for origin in ("http://127.0.0.1:{port}", "http://localhost:{port}", "http://[::1]:{port}"):
        assert handshake(server.port, f"Origin: {origin.format(port=server.port)}\r\n") == 101, origin
        assert connect_refused(server.port, origin.format(port=server.port)) == 0, origin
    same = f"Origin: http://127.0.0.1:{server.port}\r\nSec-Fetch-Site: same-origin\r\n"
    assert handshake(server.port, same) == 101
    # A client without an Origin is not a browser (every browser sends one); it could read the files anyway.
    assert handshake(server.port, "") == 101
    LiveClient(server, "/").close()


# ---------------------------------------------------------------------------------------------------------
# Load while rebuilding

REQUESTS = 1000
THREADS = 50
EDIT_EVERY = 0.02
HALF_WRITTEN = 0.015
"""How long each save leaves the file half written: longer than the builder's settling time, so it is read so."""


@dataclass(frozen=True)
class Answer:
    path: str
    status: int
    length: int | None
    body: bytes


def _get(port: int, path: str) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        length = response.getheader("Content-Length")
        return Answer(path, response.status, int(length) if length is not None else None, response.read())
    finally:
        connection.close()


def test_a_thousand_requests_while_rebuilding(tmp_path: Path) -> None:
    """Every answer whole while the preview rebuilds under it, and the server alive afterwards.

    The saves are made in place (truncate, then write), as vim and many editors do, and in two writes,
    so the builder often reads a file half written: it must look again rather than serve the error page.
    """
    started = time.monotonic()
    root = copy_project(tmp_path / "site")
    server = PreviewServer(root)
    try:
        preview = root / ".cache" / "preview"
        pages = sorted(
            "/" + p.relative_to(preview).as_posix().removesuffix("index.html") for p in preview.rglob("*.html")
        )
        pages = [p for p in pages if p != "/404.html"]
        assert len(pages) >= 10, pages

        # The title shows on the home page, topic pages and related lists: each save rebuilds many pages.
        index = root / "content" / "explainers" / TREATY / "index.md"
        original = index.read_text(encoding="utf-8")
        assert 'title: "' in original
        stop = threading.Event()
        saves = 0

        def edit() -> None:
            nonlocal saves
            while not stop.wait(EDIT_EVERY):
                saves += 1
                text = original.replace('title: "', f'title: "Versi {saves}: ', 1)
                data = text.encode()
                cut = data.index(b"\n", data.index(b"title:"))  # the front matter stops mid-way: an error
                with index.open("wb") as stream:  # in place, in two writes, as a large file is saved
                    stream.write(data[:cut])
                    stream.flush()
                    time.sleep(HALF_WRITTEN)
                    stream.write(data[cut:])

        editor = threading.Thread(target=edit, name="editor", daemon=True)
        editor.start()
        try:
            server.wait_for_line(r"changed: \d+ pages? rendered")  # rebuilding has begun
            rebuilds_before = sum("changed:" in line for line in server.stdout)
            load_started = time.monotonic()
            with ThreadPoolExecutor(THREADS) as pool:
                answers = list(pool.map(lambda i: _get(server.port, pages[i % len(pages)]), range(REQUESTS)))
            load_seconds = time.monotonic() - load_started
            rebuilds = sum("changed:" in line for line in server.stdout) - rebuilds_before
        finally:
            stop.set()
            editor.join(timeout=10)
            index.write_text(original, encoding="utf-8")

        assert len(answers) == REQUESTS  # a connection error would have raised out of pool.map
        broken = [
            (a.path, a.status, a.length, len(a.body), a.body[-40:])
            for a in answers
            if a.status != 200
            or a.length != len(a.body)
            or not a.body.startswith(b"<!doctype html>")
            or not a.body.endswith(b"</html>\n")
        ]
        assert broken == [], f"{len(broken)} incomplete answers, e.g. {broken[:3]}"
        assert rebuilds >= 1, "the preview did not rebuild during the load: the test proved nothing"
        assert server.running
        assert _get(server.port, "/").status == 200
        assert not any("Traceback" in line for line in server.stderr), "".join(server.stderr)
    finally:
        server.stop()
    print(
        f"\n{REQUESTS} requests from {THREADS} threads in {load_seconds:.2f} s during {rebuilds} rebuilds "
        f"({saves} saves); whole test {time.monotonic() - started:.1f} s"
    )


def test_a_failed_build_is_served_only_once_shown(tmp_path: Path) -> None:
    """What the load test relies on, without timing: the builder decides when the error page appears."""
    root = copy_project(tmp_path / "site")
    preview = Preview(Project(root), tmp_path / "preview", "http://127.0.0.1:8000/")
    good = preview.build()
    assert good.ok and preview.problems == ()
    site_yaml = root / "content" / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(text[:20], encoding="utf-8")  # caught half written
    broken = preview.build()
    assert not broken.ok
    assert preview.problems == ()  # the last good site is still served
    assert (tmp_path / "preview" / "index.html").is_file()
    preview.show(broken)
    assert preview.problems == broken.problems
    site_yaml.write_text(text, encoding="utf-8")
    assert preview.build().ok
    assert preview.problems == ()  # a success is served at once
