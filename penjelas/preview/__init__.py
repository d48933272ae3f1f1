"""``make serve``: the live preview, which rebuilds into its own folder as the editor saves and tells
open pages to reload.

May import: penjelas.core, penjelas.content, penjelas.site, penjelas.render, penjelas.output, penjelas.build.
"""
