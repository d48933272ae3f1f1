"""Rendering HTML pages: Markdown, the views templates are given, the Jinja environment and the
translation catalogue, and the page jobs rendered on every core.

May import: penjelas.core, penjelas.content, penjelas.site, penjelas.assets.
"""
