"""Rendering HTML pages: Markdown, the views templates are given, the Jinja environment and the
translation catalogue, and the page jobs rendered on every core.

Modules: ``markdown`` (Markdown to safe HTML with markdown-it-py) and ``_markdown_fast`` (its shortcuts for
the commonest text, proven by tests to change nothing); ``views`` (what templates see) and ``seo`` (the
metadata in a page's head); ``translations`` (the catalogue) and ``environment`` (the Jinja environment
it is compiled into); ``pages`` (the templates, the page jobs and rendering one page) and ``parallel``
(rendering them on every core).

May import: penjelas.core, penjelas.content, penjelas.site, penjelas.assets.
"""
