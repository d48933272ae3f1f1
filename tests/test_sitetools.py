"""The helpers behind the quality gates: tool checks that skip on a laptop and fail in CI, the test server."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.sitetools import BASE_PATH, require, serve


def test_a_missing_tool_skips_on_a_laptop_with_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"^Chromium is not installed; run apt-get install chromium$"):
        require(False, "Chromium", "run apt-get install chromium")


def test_a_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"^Chromium is not installed; run apt-get install chromium$"):
        require(False, "Chromium", "run apt-get install chromium")


def test_a_present_tool_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    require(True, "Chromium", "run apt-get install chromium")


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_server_serves_the_site_below_its_base_path_only(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text("page a", encoding="utf-8")
    (tmp_path / "404.html").write_text("not here", encoding="utf-8")
    (tmp_path.parent / "secret.txt").write_text("secret", encoding="utf-8")
    with serve(tmp_path) as base_url:
        assert base_url.endswith(BASE_PATH)
        origin = base_url[: -len(BASE_PATH)]
        assert _get(base_url) == (200, b"home")
        assert _get(base_url + "a/") == (200, b"page a")
        assert _get(base_url + "missing/") == (404, b"not here"), "GitHub Pages answers with the site's 404.html"
        assert _get(origin + "/a/")[0] == 404, "a link without the base path does not work"
        assert _get(base_url + "../secret.txt")[0] == 404
        assert _get(base_url + "%2e%2e/secret.txt")[0] == 404
        assert _get(origin + "/robots.txt")[0] == 404
        (tmp_path / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
        assert _get(origin + "/robots.txt") == (200, b"User-agent: *\nAllow: /\n")
