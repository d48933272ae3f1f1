"""The site-wide files: ``site.yaml`` (the site's settings), ``sources.yaml`` (the registry of sources) and
``authors.yaml`` (who writes the explainers)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from penjelas.content.fields import EMAIL, INVALID, SLUG, URL
from penjelas.content.model import AUTHORS_SPEC, SITE_SPEC, SOURCES_SPEC, Author, SiteSettings, Source
from penjelas.content.nodes import Map, Node
from penjelas.content.schema import Checker
from penjelas.content.yamltext import parse_yaml
from penjelas.core.errors import ContentError, Problem, raise_if_any, suggest
from penjelas.core.messages import t
from penjelas.core.timezones import DEFAULT_TIMEZONE, zone_names


def parse_site(text: str, path: str = "content/site.yaml") -> SiteSettings:
    """Parse site.yaml."""
    problems: list[Problem] = []
    node = parse_yaml(text, path, 0, problems)
    if node is None:
        raise ContentError([Problem(path, 1, 1, t("site.yaml is empty"), t("see README.md for its keys"))])
    values = Checker(path, problems).check(node, SITE_SPEC, "site.yaml")
    if values is not INVALID:
        language = values["language"]
        if not re.match(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$", language):
            message = t("'{language}' is not a BCP 47 language tag like 'id'", language=language)
            problems.append(_at(path, node, "language", message))
        if "timezone" in values:
            problems.extend(_check_timezone(values["timezone"], path, node))
        if "domain" in values:
            problems.extend(_check_domain(values["domain"], values["base_url"], path, node))
        if "contact" in values and not (EMAIL.match(values["contact"]) or URL.match(values["contact"])):
            message = t("'contact' must be an email address or a web address, not '{value}'", value=values["contact"])
            problems.append(_at(path, node, "contact", message, t("for example redaksi@example.id")))
        policy = values.get("corrections_policy")
        if policy is not None and not (SLUG.match(policy) or URL.match(policy)):
            message = t(
                "'corrections_policy' must be an explainer's folder name or a web address, not '{value}'", value=policy
            )
            problems.append(_at(path, node, "corrections_policy", message, t("for example pedoman-koreksi")))
    raise_if_any(problems)
    base_url = values["base_url"]
    return SiteSettings(
        title=values["title"],
        description=values["description"],
        language=values["language"],
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        author=values["author"],
        domain=values["domain"].lower() if "domain" in values else None,
        timezone=values.get("timezone", DEFAULT_TIMEZONE),
        contact=values.get("contact"),
        corrections_policy=values.get("corrections_policy"),
    )


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def _check_timezone(name: str, path: str, node: Node) -> list[Problem]:
    if name in zone_names():
        return []
    hint = suggest(name, zone_names()) or t(
        "use an IANA name: 'Asia/Jakarta' (WIB), 'Asia/Makassar' (WITA), 'Asia/Jayapura' (WIT)"
    )
    return [_at(path, node, "timezone", t("'{name}' is not a time zone name", name=name), hint)]


def _check_domain(domain: str, base_url: str, path: str, node: Node) -> list[Problem]:
    """A custom domain is a bare host name, and base_url must be the root of it."""

    def problem(message: str, hint: str) -> list[Problem]:
        return [_at(path, node, "domain", message, hint)]

    host = domain.lower()
    if "/" in host or ":" in host:
        bare = urlsplit(host if "//" in host else "//" + host).hostname or "penjelas.example.id"
        return problem(
            t("'domain' must be a host name only, not '{domain}'", domain=domain),
            t("write domain: {domain}", domain=bare),
        )
    if not host.isascii():
        try:
            ascii_form = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_form = ""
        return problem(
            t("'domain' must be written in ASCII, not '{domain}'", domain=domain),
            t("write domain: {domain}", domain=ascii_form)
            if ascii_form
            else t("use the domain's punycode (xn--) form"),
        )
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        return problem(t("'{domain}' is not a domain name like 'penjelas.example.id'", domain=domain), "")
    parts = urlsplit(base_url)
    if parts.hostname != host or parts.path not in ("", "/"):
        return problem(
            t(
                "'domain' is '{host}' but base_url is '{base_url}'; a custom domain serves the site at its root",
                host=host,
                base_url=base_url,
            ),
            t("set base_url: https://{host}/", host=host),
        )
    return []


def parse_sources(text: str, path: str = "content/sources.yaml") -> dict[str, Source]:
    """Parse sources.yaml, the registry of sources by id."""
    problems: list[Problem] = []
    node = parse_yaml(text, path, 0, problems)
    if node is None:
        return {}
    values = Checker(path, problems).check(node, SOURCES_SPEC, "sources.yaml")
    raise_if_any(problems)
    assert isinstance(node, Map)
    at = {key.value: (key.line, key.col) for key, _ in node.entries}
    return {key: Source(key, v["name"], v.get("url"), at.get(key, (0, 0))) for key, v in values.items()}


def parse_authors(text: str, path: str = "content/authors.yaml") -> dict[str, Author]:
    """Parse authors.yaml, the authors by id."""
    problems: list[Problem] = []
    node = parse_yaml(text, path, 0, problems)
    if node is None:
        return {}
    values = Checker(path, problems).check(node, AUTHORS_SPEC, "authors.yaml")
    raise_if_any(problems)
    assert isinstance(node, Map)
    at = {key.value: (key.line, key.col) for key, _ in node.entries}
    return {
        key: Author(key, v["name"], v.get("role"), v.get("bio"), v.get("url"), v.get("email"), at.get(key, (0, 0)))
        for key, v in values.items()
    }


def _at(path: str, node: Node, key: str, message: str, hint: str = "") -> Problem:
    target = node.get(key) if isinstance(node, Map) else None
    target = target or node
    return Problem(path, target.line, target.col, message, hint)
