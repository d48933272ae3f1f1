"""Where every page is written and linked: the site's address, under a sub-path or at a domain root."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from penjelas.core.messages import t

TOPICS_DIR = "topik"


AUTHORS_DIR = "penulis"
"""Each author's page is at penulis/<id>/."""


STATIC_DIR = "static"


CORRECTIONS_DIR = "koreksi"
"""Every correction, erratum, reply and withdrawal across the site is listed at koreksi/."""
CORRECTIONS_FEED = f"{CORRECTIONS_DIR}/feed.xml"


RESERVED = frozenset({TOPICS_DIR, AUTHORS_DIR, STATIC_DIR, CORRECTIONS_DIR})
"""First path segments the generator writes itself; no explainer may take them."""


@dataclass(frozen=True)
class Urls:
    """Every internal URL comes from here, so the site works under a sub-path as at a domain root."""

    base_url: str
    """Absolute, ending with '/', e.g. 'https://org.github.io/repo/'."""

    @property
    def base_path(self) -> str:
        """The path part of base_url: '/' or '/repo/'."""
        return urlsplit(self.base_url).path or "/"

    def path(self, target: str) -> str:
        """Root-relative URL of an output path like 'slug/' or 'static/style.css'."""
        return self.base_path + target.lstrip("/")

    def absolute(self, target: str) -> str:
        """Absolute URL (canonical links, feeds)."""
        return self.base_url + target.lstrip("/")


def author_target(author_id: str) -> str:
    """The site path of an author's page: 'penulis/<id>/'."""
    return f"{AUTHORS_DIR}/{author_id}/"


def base_url_problem(base_url: str) -> str:
    """Why ``base_url`` cannot be a site's address (canonical links and feeds need it absolute), or ''."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return t("the base URL '{url}' is not an absolute http:// or https:// address", url=base_url)
    if parts.query or parts.fragment or any(c.isspace() for c in base_url):
        return t("the base URL '{url}' has a query, a fragment or spaces; it must be a plain address", url=base_url)
    return ""


def normalise_base(base_url: str) -> str:
    return base_url if base_url.endswith("/") else base_url + "/"


FEED_PATH = "feed.xml"


FEED_FILE = "feed.xml"
