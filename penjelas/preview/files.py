"""Serving the preview folder: `SiteHandler` answers with the file a request names, only from inside the
folder (traversal, encoded separators and hidden files refused), with the reload script added to every
HTML page, or with the error page while the content has problems."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote

from penjelas.core.messages import t
from penjelas.preview.guard import Guarded
from penjelas.preview.pages import error_page, held_back_page, not_found_page
from penjelas.preview.reload import inject_reload_script, page_for
from penjelas.render.translations import Translations, load_translations


class SiteHandler(Guarded):
    """Serves the preview folder, or the error page while the content has problems."""

    def head(self, _path: str) -> None:
        self.get(_path)

    def get(self, _path: str) -> None:
        if self.preview.problems:
            self._send_html(500, error_page(self.preview.problems))
            return
        held = self.preview.held_back.get(page_for(self.request.path) or "")
        if held is not None:
            self._send_html(200, held_back_page(held, self._translations()))
            return
        file = self._resolve(self.request.path)
        if file is None:
            return
        data = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            self._send_html(200, data)
            return
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        self.set_header("Content-Type", kind)
        self.finish(data)

    def _resolve(self, raw: str) -> Path | None:
        """The file a raw (still %-encoded) request path names inside the folder, or None after answering."""
        root = self.preview.folder.resolve()
        if not raw.startswith("/") or "\\" in raw or "\x00" in raw:
            self._refuse(400)
            return None
        segments = raw[1:].split("/")
        decoded: list[str] = []
        for index, segment in enumerate(segments):
            if segment == "":
                if index == len(segments) - 1:
                    continue  # the trailing slash of a folder
                self._refuse(404)  # '//': no empty segments (and no '//host' redirects)
                return None
            if re.search(r"%(2f|5c|00)", segment, re.IGNORECASE):
                self._refuse(403)  # an encoded slash, backslash or NUL is never a file name
                return None
            try:
                name = unquote(segment, errors="strict")
            except UnicodeDecodeError:
                self._refuse(404)
                return None
            if name in (".", ".."):
                self._refuse(403)
                return None
            if name.startswith(".") or "/" in name or "\\" in name:
                self._refuse(404)
                return None
            decoded.append(name)
        target = root.joinpath(*decoded)
        try:
            resolved = target.resolve(strict=True)
        except (OSError, RuntimeError):
            self._not_found()
            return None
        if not resolved.is_relative_to(root):
            self._refuse(403)
            return None
        if resolved.is_dir():
            if not raw.endswith("/"):
                query = self.request.query
                self.redirect(raw + "/" + (f"?{query}" if query else ""), permanent=False)
                return None
            resolved = resolved / "index.html"
        if not resolved.is_file():
            self._not_found()
            return None
        return resolved

    def _refuse(self, status: int) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status} {_refusal(status)}\n")

    def _not_found(self) -> None:
        custom = self.preview.folder / "404.html"
        if custom.is_file():
            self._send_html(404, custom.read_bytes())
        else:
            self._send_html(404, not_found_page(self._translations()))

    def _send_html(self, status: int, page: bytes) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(inject_reload_script(page, self.address.port))

    def _translations(self) -> Translations:
        try:
            return load_translations(self.project_locale, self.preview.language)
        except Exception:  # the error page must show even when the catalogue is what is broken
            return Translations("en", {})

    @property
    def project_locale(self) -> Path:
        return self.preview.project.locale_dir


def _refusal(status: int) -> str:
    """What a refused request's answer says, after its status code (read in the browser, so in the editor's
    language rather than HTTP's reason phrase)."""
    if status == 400:
        return t("this is not an address the preview can answer")
    if status == 403:
        return t("the preview does not show this address")
    return t("there is no page at this address")
