"""What one build leaves for the next: the build state, the no-op check that answers before anything else
is imported, and the plan of what a build keeps, writes and removes. ``noop`` imports only
``penjelas.core`` and ``penjelas.output``: the command line runs it before loading the rest.

May import: penjelas.core, penjelas.content, penjelas.site, penjelas.assets, penjelas.render, penjelas.feeds,
penjelas.output.
"""
