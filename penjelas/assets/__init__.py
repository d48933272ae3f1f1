"""The files pages link to besides other pages: static/ (the stylesheet minified and named by its
content), and each explainer's share image, drawn as a card where the editor gave none.

Modules: ``static`` (static/ as published) and ``cssmin`` (the minifier), ``share`` (every page's share
image) and ``cards`` (drawing a card).

May import: penjelas.core, penjelas.content, penjelas.site.
"""
