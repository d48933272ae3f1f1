"""The files pages link to besides other pages: static/ (the stylesheet minified and named by its
content), and each explainer's share image, drawn as a card where the editor gave none.

May import: penjelas.core, penjelas.content, penjelas.site.
"""
