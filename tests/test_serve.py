"""The live preview, tried as an editor would: the real server in a subprocess, over HTTP and websocket."""

from __future__ import annotations

import html
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from penjelas.core.errors import Problem
from penjelas.preview.builder import Builder
from penjelas.preview.guard import Address
from penjelas.preview.rebuild import Outcome
from penjelas.preview.reload import _should_reload, inject_reload_script, page_for
from tests.conftest import copy_project
from tests.preview_server import LiveClient, PreviewServer, connect_refused

PROTOCOL = "protokol-kerja-sama-korea-utara-rusia"
TREATY = "perjanjian-pertahanan-korea-utara-rusia-2024"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """A preview server on a private copy of the project, shared by the tests that edit it (each undoes its edits)."""
    server = PreviewServer(copy_project(tmp_path_factory.mktemp("live") / "site"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """A preview server for tests that only read, with a draft and a scheduled explainer added."""
    root = copy_project(tmp_path_factory.mktemp("guarded") / "site")
    (root / "secret.txt").write_text("SECRET outside the site\n")
    explainers = root / "content" / "explainers"
    for slug, extra in (("draf-contoh", "draft: true\n"), ("terjadwal-contoh", "")):
        folder = explainers / slug
        folder.mkdir()
        date = "2099-01-01" if slug == "terjadwal-contoh" else "2024-01-01"
        (folder / "index.md").write_text(
            f'---\ntitle: "Judul {slug}"\nsummary: "Ringkasan."\ndate: "{date}"\n{extra}---\nIsi.\n', encoding="utf-8"
        )
    server = PreviewServer(root)
    try:
        yield server
    finally:
        server.stop()


def _edit(path: Path, old: str, new: str) -> str:
    """Replace the first ``old`` in a file, as an editor saving it; returns the original text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_edit_break_and_fix_as_an_editor_would(live: PreviewServer) -> None:
    folder = live.root / "content" / "explainers" / PROTOCOL
    page = f"/{PROTOCOL}/"
    client = LiveClient(live, page)
    index_text = _edit(folder / "index.md", 'title: "Protokol', 'title: "Judul baru: Protokol')
    timeline_text = (folder / "timeline.yaml").read_text(encoding="utf-8")
    try:
        assert client.receive()["command"] == "reload"
        response = live.request(page)
        assert response.status == 200
        assert "<h1>Judul baru: Protokol kerja sama" in response.text

        _edit(folder / "timeline.yaml", "  title:", "  tittle:")
        assert client.receive()["command"] == "reload"
        for path in (page, "/", f"/{TREATY}/"):  # every page shows the problems until they are fixed
            broken = live.request(path)
            assert broken.status == 500
            text = html.unescape(broken.text)
            assert "The preview could not be built" in text  # the heading, in the editor's language (English here)
            assert (
                f"content/explainers/{PROTOCOL}/timeline.yaml:2:3: error: unknown key 'tittle' in a timeline event"
                in text
            )
            assert "a timeline event is missing" not in text  # the misspelling is the one problem, not two
            assert '<script src="/livereload.js?port=' in text  # so it returns by itself
        assert live.running

        (folder / "timeline.yaml").write_text(timeline_text, encoding="utf-8")
        assert client.receive()["command"] == "reload"
        back = live.request(page)
        assert back.status == 200
        assert "<h1>Judul baru: Protokol kerja sama" in back.text
        assert live.running
    finally:
        (folder / "timeline.yaml").write_text(timeline_text, encoding="utf-8")
        (folder / "index.md").write_text(index_text, encoding="utf-8")
        client.receive()  # the page reloads to the original title
        client.close()


def test_a_template_error_shows_its_file_and_line(live: PreviewServer) -> None:
    client = LiveClient(live, "/")
    base = live.root / "templates" / "base.html"
    original = _edit(base, "{% block main %}{% endblock %}", "{% block main %}{% endblock %}\n{% if %}")
    try:
        assert client.receive()["command"] == "reload"
        line = base.read_text(encoding="utf-8").splitlines().index("{% if %}") + 1
        text = html.unescape(live.request("/").text)
        assert f"templates/base.html:{line}: error: template syntax error" in text
        assert live.running
    finally:
        base.write_text(original, encoding="utf-8")
        assert client.receive()["command"] == "reload"
        assert live.request("/").status == 200
        client.close()


def test_only_affected_pages_are_rebuilt_rewritten_and_reloaded(live: PreviewServer) -> None:
    built = live.root / ".cache" / "preview"
    edited = LiveClient(live, f"/{TREATY}/")
    bystander = LiveClient(live, f"/{PROTOCOL}/")  # lists the treaty as related, but not its body
    before = {p.relative_to(built).as_posix(): p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()}
    index = live.root / "content" / "explainers" / TREATY / "index.md"
    original = _edit(index, "\n## ", "\nParagraf baru di badan tulisan.\n\n## ")
    try:
        assert edited.receive()["command"] == "reload"
        bystander.next_is_not_reload()
        live.wait_for_line(r"changed: 1 page rendered, 1 file updated")
        after = {p.relative_to(built).as_posix(): p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()}
        assert after.keys() == before.keys()
        assert [path for path in after if after[path] != before[path]] == [f"{TREATY}/index.html"]
        assert "Paragraf baru di badan tulisan." in live.request(f"/{TREATY}/").text

        # A template change renders every page again.
        base = live.root / "templates" / "base.html"
        base_text = _edit(base, "<main id=", "<!-- ubah -->\n<main id=")
        try:
            assert edited.receive()["command"] == "reload"
            assert bystander.receive()["command"] == "reload"
            live.wait_for_line(r"changed: 14 pages rendered, 14 files updated")
        finally:
            base.write_text(base_text, encoding="utf-8")
            edited.receive()
            bystander.receive()
    finally:
        index.write_text(original, encoding="utf-8")
        edited.receive()
        edited.close()
        bystander.close()


def test_pages_are_never_cached_or_validated(guarded: PreviewServer) -> None:
    first = guarded.request("/")
    assert first.status == 200
    assert first.headers["cache-control"] == "no-store"
    assert "etag" not in first.headers and "last-modified" not in first.headers
    again = guarded.request("/", {"If-None-Match": "*", "If-Modified-Since": "Wed, 01 Jan 2098 00:00:00 GMT"})
    assert again.status == 200 and again.body == first.body
    assert '<script src="/livereload.js?port=' in first.text
    script = guarded.request("/livereload.js")
    assert script.status == 200 and b"LiveReload" in script.body
    assert script.headers["cache-control"] == "private, max-age=3600"  # the client script alone may be kept


def test_requests_for_another_host_are_refused(guarded: PreviewServer) -> None:
    port = guarded.port
    assert guarded.request("/", {"Host": f"evil.example:{port}"}).status == 403  # DNS rebinding
    assert guarded.request("/", {"Host": f"127.0.0.1:{port + 1}"}).status == 403
    assert guarded.request("/", {"Host": f"localhost:{port}"}).status == 200
    assert guarded.request("/livereload.js", {"Host": f"evil.example:{port}"}).status == 403


def test_websockets_from_another_origin_are_refused(guarded: PreviewServer) -> None:
    port = guarded.port
    assert connect_refused(port, "http://evil.example") == 403
    assert connect_refused(port, f"http://evil.example:{port}") == 403
    assert connect_refused(port, "null") == 403
    assert connect_refused(port, f"http://localhost:{port}") == 0
    LiveClient(guarded, "/").close()
    rebound = f"evil.example:{port}"
    assert connect_refused(port, f"http://{rebound}", host=rebound) == 403  # a rebound name, its own origin


def test_head_requests_and_bad_methods(guarded: PreviewServer) -> None:
    head = guarded.request("/", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert guarded.request("/", method="POST").status == 405


def test_broken_content_at_start_still_serves_the_error_page(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "site")
    (root / "content" / "site.yaml").write_text('title: "Penjelas"\n', encoding="utf-8")
    server = PreviewServer(root)
    try:
        page = server.request("/")
        assert page.status == 500
        assert "content/site.yaml:1:1: error: site.yaml is missing the required key" in html.unescape(page.text)
    finally:
        server.stop()
    assert any("site.yaml is missing the required key 'author'" in line for line in server.stderr)


def test_a_bad_port_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    server = PreviewServer(copy_project(tmp_path / "site"), "--port", "70000", wait=False)
    try:
        assert server.exit_status() == 2
        assert "".join(server.stderr) == "error: --port must be a number from 0 to 65535, not 70000\n"
    finally:
        server.stop()


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/../../secret.txt",
        "/static/../../../secret.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/.%2e/.%2e/secret.txt",
        "/..%2f..%2fsecret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/static%2f..%2f..%2f..%2fsecret.txt",
        "/static/..%5c..%5c..%5csecret.txt",
        "/%252e%252e/%252e%252e/secret.txt",
        "//secret.txt",
        "/.cache/preview/index.html",
        "/static/%00",
    ],
)
def test_no_file_outside_the_built_site_is_served(guarded: PreviewServer, path: str) -> None:
    response = guarded.request(path)
    assert response.status in (400, 403, 404)
    assert b"SECRET" not in response.body


def test_a_missing_page_is_a_404_that_reloads(guarded: PreviewServer) -> None:
    response = guarded.request("/tidak-ada/")
    assert response.status == 404
    assert "Halaman tidak ditemukan" in response.text
    assert '<script src="/livereload.js?port=' in response.text
    folder = guarded.request("/static")
    assert folder.status == 302 and folder.headers["location"] == "/static/"


def test_drafts_and_scheduled_explainers_show_with_a_banner(guarded: PreviewServer) -> None:
    draft = guarded.request("/draf-contoh/")
    assert draft.status == 200
    assert '<p class="draft-banner">Draf: belum terbit</p>' in draft.text
    scheduled = guarded.request("/terjadwal-contoh/")
    assert '<p class="draft-banner">Draf: dijadwalkan terbit 1 Januari 2099</p>' in scheduled.text
    home = guarded.request("/").text
    assert home.count('<span class="draft-label">Draf</span>') == 2


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_stops_cleanly(tmp_path: Path, signum: int) -> None:
    server = PreviewServer(copy_project(tmp_path / "site"))
    try:
        client = LiveClient(server, "/")
        assert server.stop(signum) == 0
        assert server.stdout[-1].strip() == "Stopped."
        assert not any("Traceback" in line for line in server.stderr)
        client.close()
    finally:
        server.stop()


def test_a_port_in_use_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = PreviewServer(copy_project(tmp_path / "site"), "--port", str(port), wait=False)
        try:
            assert server.exit_status() == 2
            assert "".join(server.stderr) == (
                f"error: port {port} on 127.0.0.1 is already in use; try --port {port + 1}\n"
            )
        finally:
            server.stop()


def test_one_preview_per_project(live: PreviewServer) -> None:
    second = PreviewServer(live.root, wait=False)
    try:
        assert second.exit_status() == 2
        assert "another preview of this project is running" in "".join(second.stderr)
    finally:
        second.stop()


def test_listening_on_the_network_warns_and_still_checks_hosts(tmp_path: Path) -> None:
    server = PreviewServer(copy_project(tmp_path / "site"), "--host", "0.0.0.0")
    try:
        assert server.request("/", {"Host": f"192.0.2.7:{server.port}"}).status == 200  # an address, not a name
        assert server.request("/", {"Host": f"evil.example:{server.port}"}).status == 403
        assert server.request("/", {"Host": f"evil.example:{server.port}"}).status == 403
    finally:
        server.stop()
    assert any("reachable from other computers" in line for line in server.stderr)
    refusals = [line for line in server.stderr if line.startswith("Refused a request for host")]
    assert refusals == [f"Refused a request for host 'evil.example:{server.port}': open {server.url} instead.\n"]


# Units of the server, without one running.


@pytest.mark.usefixtures("indonesian")
def test_the_terminal_and_the_error_page_speak_indonesian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    from penjelas.build import Project
    from penjelas.preview.pages import error_page
    from penjelas.preview.server import _cannot_listen, serve

    assert serve(Project(tmp_path), port=70000) == 2
    assert capsys.readouterr().err == "error: --port harus berupa angka dari 0 sampai 65535, bukan 70000\n"
    in_use = OSError(errno.EADDRINUSE, "Address already in use")
    assert _cannot_listen(in_use, "127.0.0.1", 8000) == "port 8000 di 127.0.0.1 sudah dipakai; coba --port 8001"
    monkeypatch.setenv("PENJELAS_VIA_MAKE", "1")
    assert serve(Project(tmp_path), port=70000) == 2
    assert capsys.readouterr().err == (
        'error: port di SERVE_ARGS="--port 8001" harus berupa angka dari 0 sampai 65535, bukan 70000\n'
    )
    assert _cannot_listen(in_use, "127.0.0.1", 8000) == (
        'port 8000 di 127.0.0.1 sudah dipakai; coba make serve SERVE_ARGS="--port 8001"'
    )

    page = error_page([Problem("content/site.yaml", 1, 1, "pesan", "saran")]).decode()
    assert '<html lang="id">' in page
    assert "<h1>Pratinjau tidak dapat dibuat</h1>" in page
    assert "<p>Perbaiki masalah di bawah ini lalu simpan; halaman ini dimuat ulang dengan sendirinya.</p>" in page
    assert "<li><code>content/site.yaml:1:1: error: pesan (saran)</code></li>" in page


def test_hosts_and_origins() -> None:
    local = Address("127.0.0.1", 8000)
    assert local.allows("127.0.0.1:8000") and local.allows("localhost:8000") and local.allows("[::1]:8000")
    assert not local.allows("127.0.0.1:8001")
    assert not local.allows("evil.example:8000")
    assert not local.allows("192.168.1.5:8000")  # only loopback names for a loopback server
    assert not local.allows("127.0.0.1")  # port 80 is not ours
    assert not local.allows("")
    assert local.allows_origin("http://localhost:8000")
    assert not local.allows_origin("http://evil.example:8000")
    assert not local.allows_origin("null")
    assert not local.allows_origin("file://")
    assert Address("0.0.0.0", 80).allows("10.0.0.2")
    assert Address("::1", 8000).url == "http://[::1]:8000/"
    assert Address("0.0.0.0", 8000).url == "http://127.0.0.1:8000/"


def test_pages_for_urls() -> None:
    assert page_for("http://127.0.0.1:8000/") == "index.html"
    assert page_for("http://127.0.0.1:8000/slug/?x=1#y") == "slug/index.html"
    assert page_for("http://127.0.0.1:8000/topik/korea-utara/") == "topik/korea-utara/index.html"
    assert page_for("http://127.0.0.1:8000/static/a%20b.png") == "static/a b.png"


def test_who_reloads() -> None:
    problem = Problem("content/site.yaml", 1, 1, "x")
    changed = Outcome((), frozenset({"a/index.html"}))
    assert _should_reload("a/index.html", changed, ())
    assert not _should_reload("b/index.html", changed, ())
    assert _should_reload(None, changed, ())  # a page we cannot place reloads on any change
    assert _should_reload("b/index.html", Outcome((), frozenset({"static/style.1.css"})), ())
    assert not _should_reload("a/index.html", Outcome(()), ())  # nothing changed
    assert _should_reload("b/index.html", Outcome((problem,)), ())  # the error page appears
    assert not _should_reload("b/index.html", Outcome((problem,)), (problem,))  # the same problems
    assert _should_reload("b/index.html", Outcome(()), (problem,))  # fixed


def test_reload_script_goes_before_the_end_of_the_body() -> None:
    assert inject_reload_script(b"<p>a</p></BODY></html>", 9) == (
        b'<p>a</p><script src="/livereload.js?port=9" async></script>\n</BODY></html>'
    )
    assert inject_reload_script(b"<p>a</p>", 9).endswith(b"</script>\n")


class _ScriptedWatcher:
    def __init__(self, polls: list[list[str]]) -> None:
        self.polls = polls

    def poll(self) -> list[str]:
        return self.polls.pop(0) if self.polls else []


class _ScriptedPreview:
    def __init__(self, outcomes: list[Outcome]) -> None:
        self.outcomes = outcomes
        self.problems: tuple[Problem, ...] = ()
        self.builds = 0
        self.shown: list[Outcome] = []

    def build(self) -> Outcome:
        self.builds += 1
        outcome = self.outcomes.pop(0)
        if outcome.ok:  # as Preview does: a success is served at once, a failure only when shown
            self.problems = ()
        return outcome

    def show(self, outcome: Outcome) -> None:
        self.shown.append(outcome)
        self.problems = outcome.problems


def test_a_half_written_save_is_rebuilt_before_anyone_sees_it() -> None:
    """The first build reads a file caught mid-save and fails; the builder looks again before reporting."""
    problem = Problem("content/site.yaml", 1, 1, "site.yaml is empty")
    preview = _ScriptedPreview([Outcome((problem,)), Outcome((), frozenset({"index.html"}))])
    watcher = _ScriptedWatcher([["content/site.yaml"], [], ["content/site.yaml"], []])
    reported: list[tuple[list[str], Outcome]] = []

    def on_built(changed: list[str], outcome: Outcome, before: tuple[Problem, ...]) -> None:
        reported.append((changed, outcome))
        builder.stopping.set()

    builder = Builder(preview, watcher, on_built)  # type: ignore[arg-type]
    builder.run()
    assert preview.builds == 2
    assert reported == [(["content/site.yaml"], Outcome((), frozenset({"index.html"})))]
    assert preview.shown == [Outcome((), frozenset({"index.html"}))]  # the browser never saw the error page


def test_a_failure_that_stays_is_shown() -> None:
    problem = Problem("content/site.yaml", 1, 1, "site.yaml is empty")
    preview = _ScriptedPreview([Outcome((problem,))])
    watcher = _ScriptedWatcher([["content/site.yaml"], [], []])

    def on_built(changed: list[str], outcome: Outcome, before: tuple[Problem, ...]) -> None:
        builder.stopping.set()

    builder = Builder(preview, watcher, on_built)  # type: ignore[arg-type]
    builder.run()
    assert preview.shown == [Outcome((problem,))]
    assert preview.problems == (problem,)


def test_the_preview_texts_are_in_the_catalogue() -> None:
    import re

    from penjelas.render.translations import load_translations
    from tests.conftest import ROOT

    messages = load_translations(ROOT / "locale", "id").messages
    used = set(
        re.findall(
            r"gettext\(\s*[\"']([^\"']+)[\"']",
            "".join(p.read_text() for p in (ROOT / "penjelas" / "preview").glob("*.py")),
        )
    )
    used |= {"Draft", "Draft: not published", "Draft: to be published on %(date)s"}
    assert used >= {"Page not found"}  # the error page is the editor's, in the editor catalogue
    assert sorted(m for m in used if m not in messages) == []


def test_the_watcher_sees_saves_additions_and_removals_but_not_editor_litter(tmp_path: Path) -> None:
    import os

    from penjelas.preview.watcher import Watcher

    (tmp_path / "content" / "explainers" / "a").mkdir(parents=True)
    index = tmp_path / "content" / "explainers" / "a" / "index.md"
    index.write_text("one")
    watcher = Watcher(tmp_path, ["content", "templates"])
    assert watcher.poll() == []
    index.write_text("two")
    assert watcher.poll() == ["content/explainers/a/index.md"]
    # An editor that saves by renaming a new file over the old one is seen even if time and size match.
    before = index.stat()
    replacement = index.with_name("new-copy")
    replacement.write_text("six")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, index)
    assert watcher.poll() == ["content/explainers/a/index.md"]
    for litter in (".index.md.swp", "index.md~", "4913", "#index.md#", ".DS_Store"):
        (index.parent / litter).write_text("x")
    (tmp_path / "content" / ".git").mkdir()
    (tmp_path / "content" / ".git" / "HEAD").write_text("x")
    assert watcher.poll() == []
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("x")
    index.unlink()
    assert watcher.poll() == ["content/explainers/a/index.md", "templates/base.html"]


def test_looking_at_named_paths_agrees_with_looking_at_everything(tmp_path: Path) -> None:
    """`look` (what the system's notices name) finds what `poll` would, and leaves the same state behind."""
    import os
    import shutil

    from penjelas.preview.watcher import Watcher

    explainers = tmp_path / "content" / "explainers"
    (explainers / "a").mkdir(parents=True)
    index = explainers / "a" / "index.md"
    index.write_text("one")
    watcher = Watcher(tmp_path, ["content", "templates"])
    index.write_text("two")
    assert watcher.look(["content/explainers/a/index.md", "content/explainers/a/index.md"]) == [
        "content/explainers/a/index.md"
    ]
    assert watcher.look(["content/explainers/a/index.md"]) == []  # already seen
    # A save by renaming: the notices name the temporary file (gone by now) and the file it replaced.
    before = index.stat()
    replacement = index.with_name("new-copy")
    replacement.write_text("six")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, index)
    assert watcher.look(["content/explainers/a/new-copy", "content/explainers/a/index.md"]) == [
        "content/explainers/a/index.md"
    ]
    # A folder copied in is named once, as a folder: every file in it is found.
    (explainers / "b" / "gambar").mkdir(parents=True)
    (explainers / "b" / "index.md").write_text("b")
    (explainers / "b" / "gambar" / "sampul.png").write_text("png")
    (explainers / "b" / ".index.md.swp").write_text("x")
    assert watcher.look(["content/explainers/b"]) == [
        "content/explainers/b/gambar/sampul.png",
        "content/explainers/b/index.md",
    ]
    # Editors' litter, hidden folders and paths outside the watched folders are no change.
    (tmp_path / "content" / ".git").mkdir()
    (tmp_path / "content" / ".git" / "HEAD").write_text("x")
    (index.parent / "index.md~").write_text("x")
    (tmp_path / "README.md").write_text("x")
    assert watcher.look(["content/.git/HEAD", "content/.git", "content/explainers/a/index.md~", "README.md"]) == []
    # A folder removed (or renamed away) takes its files with it.
    shutil.rmtree(explainers / "b")
    assert watcher.look(["content/explainers/b"]) == [
        "content/explainers/b/gambar/sampul.png",
        "content/explainers/b/index.md",
    ]
    assert watcher.state == watcher.scan()
    assert watcher.poll() == []


def test_the_system_reports_saves_but_not_reads(tmp_path: Path) -> None:
    """The build reads every file: a notice for a read would rebuild for ever."""
    from penjelas.preview.notices import FileEvents, Notices

    index = tmp_path / "content" / "explainers" / "a" / "index.md"
    index.parent.mkdir(parents=True)
    index.write_text("one")
    events = FileEvents(tmp_path, ["content", "templates"], Notices())
    if not events.start():
        pytest.skip("this system cannot report file changes; the preview polls")
    try:
        index.read_text()
        assert events.notices.take(0.3) == set()
        index.write_text("two")
        assert "content/explainers/a/index.md" in events.notices.take(5)
        # A folder that appears after the start is watched from the next refresh (after a poll).
        (tmp_path / "templates").mkdir()
        events.refresh()
        (tmp_path / "templates" / "base.html").write_text("x")
        noticed: set[str] = set()
        for _ in range(10):
            noticed |= events.notices.take(0.5)
            if "templates/base.html" in noticed:
                break
        assert "templates/base.html" in noticed
    finally:
        events.stop()


class _HeardEvents:
    """Stands for FileEvents: the test says what the system noticed."""

    def __init__(self) -> None:
        from penjelas.preview.notices import Notices

        self.notices = Notices()
        self.refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1


def _build_once(tmp_path: Path, events: _HeardEvents, notice: bool) -> tuple[list[str], Builder]:
    """Start a builder on a one-file project, save the file, and return what the build was told changed."""
    from penjelas.preview.watcher import Watcher

    site = tmp_path / "content" / "site.yaml"
    site.parent.mkdir()
    site.write_text("one")
    preview = _ScriptedPreview([Outcome((), frozenset({"index.html"}))])
    reported: list[list[str]] = []

    def on_built(changed: list[str], outcome: Outcome, before: tuple[Problem, ...]) -> None:
        reported.append(changed)
        builder.stopping.set()

    builder = Builder(preview, Watcher(tmp_path, ["content"]), on_built, events)  # type: ignore[arg-type]
    builder.start()
    site.write_text("two")
    if notice:
        events.notices.add(["content/site.yaml"])
    builder.join(timeout=20)
    builder.stop()
    return reported[0] if reported else [], builder


def test_a_noticed_save_is_built_without_waiting_for_a_poll(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import penjelas.preview.builder

    monkeypatch.setattr(penjelas.preview.builder, "POLL_SECONDS", 3600.0)  # no look at every file during the test
    events = _HeardEvents()
    changed, _builder = _build_once(tmp_path, events, notice=True)
    assert changed == ["content/site.yaml"]
    assert events.refreshed == 0


def test_a_save_the_system_did_not_report_is_found_by_polling(tmp_path: Path) -> None:
    events = _HeardEvents()
    changed, _builder = _build_once(tmp_path, events, notice=False)
    assert changed == ["content/site.yaml"]
    assert events.refreshed >= 1  # and folders created since are watched from then on


def test_an_explainer_folder_added_and_removed_while_serving(live: PreviewServer) -> None:
    """A new folder is noticed as one change, with the files written into it afterwards or before."""
    import shutil

    folder = live.root / "content" / "explainers" / "baru-contoh"
    client = LiveClient(live, "/baru-contoh/")
    try:
        assert live.request("/baru-contoh/").status == 404
        folder.mkdir()
        (folder / "index.md").write_text(
            '---\ntitle: "Judul baru-contoh"\nsummary: "Ringkasan."\ndate: "2024-01-01"\n---\nIsi baru.\n',
            encoding="utf-8",
        )
        assert client.receive()["command"] == "reload"
        response = live.request("/baru-contoh/")
        assert response.status == 200 and "Judul baru-contoh" in response.text
        shutil.rmtree(folder)
        assert client.receive()["command"] == "reload"
        assert live.request("/baru-contoh/").status == 404
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        client.close()


def test_a_folder_the_system_will_not_watch_is_left_to_polling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Linux refuses watches past fs.inotify.max_user_watches: the preview says so once, and goes on polling."""
    import errno

    from watchdog.observers.api import BaseObserver

    from penjelas.preview.notices import FileEvents, Notices

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    (tmp_path / "content").mkdir()
    monkeypatch.setattr(BaseObserver, "schedule", refuse)
    events = FileEvents(tmp_path, ["content"], Notices())
    try:
        if not events.start():
            pytest.skip("this system cannot report file changes; the preview polls")
        events.refresh()
        assert events.watches == {}
        notes = capsys.readouterr().err
        assert notes.count("Note: the system cannot report changes in content/") == 1
        assert "looking at every file" in notes
    finally:
        events.stop()


def test_a_draft_with_problems_shows_them_on_its_page_while_the_rest_works(live: PreviewServer) -> None:
    """Issue 14: `make new` and its placeholders take down only the draft's own page, which lists them."""
    import shutil

    from tests.conftest import run_cli

    folder = live.root / "content" / "explainers" / "draf-baru"
    client = LiveClient(live, "/draf-baru/")
    try:
        done = run_cli(live.root, "new", "Draf yang belum selesai", "--slug", "draf-baru")
        assert done.code == 0, done.stderr
        assert client.receive()["command"] == "reload"
        live.wait_for_line(r"make build: 1 explainer not published: draf-baru \(draft, 10 warnings\)")
        assert any("10 warnings: they do not stop publishing" in line for line in live.stderr)
        page = live.request("/draf-baru/")
        assert page.status == 200
        text = html.unescape(page.text)
        assert "<h1>Draf yang belum selesai</h1>" in text
        assert 'class="draft-banner"' in text and "Draf: belum terbit" in text
        assert "content/explainers/draf-baru/facts.yaml:5:10: warning: 'label' still holds the placeholder" in text
        assert text.count("<li><code>") == 10
        assert '<script src="/livereload.js?port=' in text
        for other in ("/", f"/{PROTOCOL}/", f"/{TREATY}/"):
            assert live.request(other).status == 200, other

        shutil.rmtree(folder)  # finished, as far as this test goes: a whole, valid draft
        folder.mkdir()
        (folder / "index.md").write_text(
            '---\ntitle: "Draf yang sudah rapi"\nsummary: "Ringkasan."\ndate: "2024-01-01"\ndraft: true\n---\nIsi.\n',
            encoding="utf-8",
        )
        assert client.receive()["command"] == "reload"
        fixed = live.request("/draf-baru/")
        assert fixed.status == 200 and "Draf yang sudah rapi" in fixed.text and "<li><code>" not in fixed.text
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        client.close()
