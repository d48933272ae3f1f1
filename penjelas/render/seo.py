"""Search-engine and social metadata: Open Graph locales and schema.org JSON-LD, serialised safely for HTML."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from markupsafe import Markup

SCHEMA_CONTEXT = "https://schema.org"

_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@functools.cache  # every page asks, and CLDR look-ups are slow
def og_locale(language: str) -> str:
    """The Open Graph locale for a BCP 47 tag: 'id' -> 'id_ID', 'en' -> 'en_US', 'pt-BR' -> 'pt_BR'.

    A tag without a region gets the region CLDR considers likeliest for the language.
    """
    parts = language.replace("_", "-").split("-")
    lang = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if region is None:
        likely = get_global("likely_subtags").get(lang)
        if likely:
            try:
                region = Locale.parse(likely).territory
            except (UnknownLocaleError, ValueError):
                region = None
    return f"{lang}_{region}" if region else lang


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` element, which no text in it can close or break.

    HTML ends a script at the first ``</script``, whatever JSON thinks is a string; escaping ``<``, ``>`` and
    ``&`` as JSON unicode escapes keeps the same data while leaving the HTML parser nothing to see.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)


def organization(name: str, url: str, corrections_policy: str | None = None) -> dict[str, Any]:
    """A schema.org Organization, with the address of its corrections policy when it has one."""
    data: dict[str, Any] = {"@type": "Organization", "name": name, "url": url}
    if corrections_policy:
        data["correctionsPolicy"] = corrections_policy
    return data


def person(
    name: str,
    url: str,
    *,
    job_title: str | None = None,
    description: str | None = None,
    same_as: str | None = None,
) -> dict[str, Any]:
    """A schema.org Person: an author, ``url`` their page on the site, ``same_as`` their own web page."""
    data: dict[str, Any] = {"@type": "Person", "name": name, "url": url}
    if job_title:
        data["jobTitle"] = job_title
    if description:
        data["description"] = description
    if same_as:
        data["sameAs"] = [same_as]
    return data


def profile_page(url: str, person: dict[str, Any]) -> dict[str, Any]:
    """A schema.org ProfilePage about ``person``, the page at ``url`` (Google's profile page markup)."""
    return {"@context": SCHEMA_CONTEXT, "@type": "ProfilePage", "url": url, "mainEntity": person}


def image_object(url: str, width: int, height: int, credit: str | None = None) -> dict[str, Any]:
    """A schema.org ImageObject; ``credit`` as its ``creditText`` (Google shows it with the picture)."""
    data: dict[str, Any] = {"@type": "ImageObject", "url": url, "width": width, "height": height}
    if credit:
        data["creditText"] = credit
    return data


def news_article(
    *,
    url: str,
    headline: str,
    description: str,
    published: str,
    modified: str,
    language: str,
    authors: Sequence[dict[str, Any]],
    publisher: dict[str, Any],
    keywords: Sequence[str],
    image: dict[str, Any] | None,
    corrections: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """A schema.org NewsArticle with the properties Google's article documentation lists.

    Its type is listed as BackgroundNewsArticle too, schema.org's explainer kind of NewsArticle: Google
    recognises NewsArticle, and the second says what the article is."""
    data: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": ["NewsArticle", "BackgroundNewsArticle"],
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": headline,
        "description": description,
        "datePublished": published,
        "dateModified": modified,
        "inLanguage": language,
        "author": list(authors),
        "publisher": publisher,
        "isAccessibleForFree": True,
    }
    if keywords:
        data["keywords"] = list(keywords)
    if image is not None:
        data["image"] = [image]
    if corrections:  # (text, time published), newest first: schema.org's CorrectionComment
        data["correction"] = [
            {"@type": "CorrectionComment", "text": text, "datePublished": when} for text, when in corrections
        ]
    return data


def breadcrumb_list(trail: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """A schema.org BreadcrumbList from (name, absolute URL) pairs, outermost first."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": url}
            for index, (name, url) in enumerate(trail, start=1)
        ],
    }


def website(name: str, url: str, description: str, language: str, publisher: dict[str, Any]) -> dict[str, Any]:
    """A schema.org WebSite, for the home page (search engines take the site's name from it)."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "WebSite",
        "name": name,
        "url": url,
        "description": description,
        "inLanguage": language,
        "publisher": publisher,
    }
