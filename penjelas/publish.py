"""The files a published site has besides its pages and share images: feeds, sitemap, robots.txt, CNAME."""

from __future__ import annotations

from .feeds import site_feeds
from .render import RenderedPage
from .site import SiteModel
from .sitemap import ROBOTS_PATH, SITEMAP_PATH, robots_txt, site_locations, sitemap_xml

CNAME_PATH = "CNAME"


def publishing_files(model: SiteModel) -> list[RenderedPage]:
    """Everything written beside the HTML pages and share images, in a fixed order."""
    files = [RenderedPage(path, data, "the feeds") for path, data in site_feeds(model)]
    files.append(RenderedPage(SITEMAP_PATH, sitemap_xml(site_locations(model)), "the sitemap"))
    files.append(RenderedPage(ROBOTS_PATH, robots_txt(model.urls.absolute(SITEMAP_PATH)), "robots.txt"))
    if model.site.domain:
        files.append(RenderedPage(CNAME_PATH, f"{model.site.domain}\n".encode("ascii"), "'domain' in site.yaml"))
    return files
