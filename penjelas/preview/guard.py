"""Who may ask the preview for anything: `Address`, the address it serves and the Host names and Origins it
answers to (against DNS rebinding and other sites' pages), and `Guarded`, the handler every HTTP answer
goes through, which refuses any other Host and never lets a browser cache a response."""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import tornado.web

from penjelas.core.errors import printable
from penjelas.core.messages import t
from penjelas.preview.rebuild import Preview

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def _split_host(value: str) -> tuple[str, int | None]:
    """('name', port) from a Host header or netloc like 'localhost:8000' or '[::1]:8000'."""
    value = value.strip().lower()
    match = re.fullmatch(r"\[([0-9a-f:.]+)\](?::(\d{1,5}))?|([^:\[\]]*)(?::(\d{1,5}))?", value)
    if match is None:
        return "", None
    name = match.group(1) or match.group(3) or ""
    port = match.group(2) or match.group(4)
    return name, int(port) if port else None


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    """True for an address only this computer can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Address:
    """The address the preview serves, and the Host names it answers to."""

    host: str
    port: int

    @functools.cached_property
    def names(self) -> frozenset[str]:
        names = {self.host.lower()}
        if is_loopback(self.host):
            names |= LOOPBACK_NAMES
        else:  # listening on the network: this machine's names, and (below) any IP address
            names |= LOOPBACK_NAMES | {socket.gethostname().lower(), socket.getfqdn().lower()}
        return frozenset(names)

    def allows(self, host_header: str) -> bool:
        """Whether a request with this Host header is meant for us (not a rebound DNS name)."""
        name, port = _split_host(host_header)
        if (port or 80) != self.port:
            return False
        return name in self.names or (not is_loopback(self.host) and _is_ip(name))

    def allows_origin(self, origin: str) -> bool:
        """Whether a websocket's Origin is one of our own pages."""
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and self.allows(parts.netloc)

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"


class Guarded(tornado.web.RequestHandler):
    """Refuses requests for another Host than ours, and never lets a browser cache a response."""

    address: Address
    preview: Preview
    refused: set[str]
    """Host names already reported as refused."""

    def initialize(self, address: Address, preview: Preview, refused: set[str], **_: Any) -> None:
        self.address = address
        self.preview = preview
        self.refused = refused

    def prepare(self) -> None:
        host = self.request.headers.get("Host", "")
        if not self.address.allows(host):
            if host not in self.refused:  # once per name: a hostile page may keep trying
                self.refused.add(host)
                print(
                    t(
                        "Refused a request for host {host}: open {url} instead.",
                        host=printable(repr(host)),
                        url=self.address.url,
                    ),
                    file=sys.stderr,
                    flush=True,
                )
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(t("This preview answers only at {url}", url=self.address.url) + "\n")

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.clear_header("Server")

    def compute_etag(self) -> None:
        """No ETag, so no 304: the browser always gets the page as last built."""
        return None
