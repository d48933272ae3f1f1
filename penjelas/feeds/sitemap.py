"""sitemap.xml and robots.txt: what search engines should crawl, and where the list is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from penjelas.content.model import Explainer
from penjelas.feeds.xmlwriter import XmlWriter
from penjelas.site.model import SiteModel
from penjelas.site.urls import CORRECTIONS_DIR, TOPICS_DIR, author_target

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"


@dataclass(frozen=True)
class Location:
    url: str
    """Absolute."""
    lastmod: dt.date | None


def sitemap_xml(locations: Iterable[Location]) -> bytes:
    """A sitemap (sitemaps.org 0.9) listing ``locations``; dates as YYYY-MM-DD."""
    xml = XmlWriter()
    with xml.parent("urlset", xmlns=SITEMAP_NS):
        for location in locations:
            with xml.parent("url"):
                xml.leaf("loc", location.url)
                if location.lastmod is not None:
                    xml.leaf("lastmod", location.lastmod.isoformat())
    return xml.data()


def robots_txt(sitemap_url: str) -> bytes:
    """Allow every crawler everything, and say where the sitemap is (an absolute URL, as the format requires)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()


def _last_change(explainers: Sequence[Explainer]) -> dt.date | None:
    return max((e.updated or e.date for e in explainers), default=None)


def site_locations(model: SiteModel) -> list[Location]:
    """Every page worth indexing, with the date its content last changed; drafts and empty topics are left out.
    An author's page is listed even before they have an explainer (without a date, then)."""
    urls = model.urls
    published = [e for e in model.explainers if not e.draft]
    locations = [
        Location(urls.absolute(""), _last_change(published)),
        Location(urls.absolute(f"{TOPICS_DIR}/"), _last_change(published)),
    ]
    locations.extend(Location(urls.absolute(f"{e.slug}/"), e.updated or e.date) for e in published)
    for topic in model.topics:
        members = [e for e in topic.explainers if not e.draft]
        if members:
            locations.append(Location(urls.absolute(topic.target), _last_change(members)))
    latest = model.corrections[0][1].day if model.corrections else None
    locations.append(Location(urls.absolute(f"{CORRECTIONS_DIR}/"), latest))
    for author_id, explainers in model.by_author.items():  # every author's page, with explainers or not
        shown = [e for e in explainers if not e.draft]
        locations.append(Location(urls.absolute(author_target(author_id)), _last_change(shown)))
    return locations
