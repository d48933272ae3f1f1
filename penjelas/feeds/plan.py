"""The files a published site has besides its pages and share images: feeds, sitemap, robots.txt, CNAME."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from penjelas.core.digests import digest, generator_id
from penjelas.feeds.atom import Entry, atom_xml, site_feed_sources
from penjelas.feeds.sitemap import ROBOTS_PATH, SITEMAP_PATH, robots_txt, site_locations, sitemap_xml
from penjelas.site.model import SiteModel

CNAME_PATH = "CNAME"


@dataclass(frozen=True)
class PublishingFile:
    """One such file, not yet made: ``key`` changes whenever its bytes would."""

    path: str
    origin: str
    key: str
    """Digest of the generator and of the value the file is made from."""
    make: Callable[[], bytes] = field(compare=False)


def publishing_plan(model: SiteModel) -> list[PublishingFile]:
    """Everything written beside the HTML pages and share images, in a fixed order, each with its key."""
    generator = generator_id()
    entries: dict[Entry, str] = {}  # each explainer's entry, written once for all the feeds it is in
    plan = [
        PublishingFile(
            feed.path,
            "the feeds",
            digest(generator, feed.inputs),
            lambda make=feed.make: atom_xml(make(), entries),  # type: ignore[misc]
        )
        for feed in site_feed_sources(model)
    ]
    locations = site_locations(model)
    plan.append(
        PublishingFile(SITEMAP_PATH, "the sitemap", digest(generator, locations), lambda: sitemap_xml(locations))
    )
    sitemap_url = model.urls.absolute(SITEMAP_PATH)
    plan.append(
        PublishingFile(ROBOTS_PATH, "robots.txt", digest(generator, sitemap_url), lambda: robots_txt(sitemap_url))
    )
    domain = model.site.domain
    if domain:
        cname = f"{domain}\n".encode("ascii")
        plan.append(PublishingFile(CNAME_PATH, "'domain' in site.yaml", digest(generator, cname), lambda: cname))
    return plan


def publishing_files(model: SiteModel) -> dict[str, bytes]:
    """The files of ``publishing_plan``, made: their bytes by path."""
    return {file.path: file.make() for file in publishing_plan(model)}
