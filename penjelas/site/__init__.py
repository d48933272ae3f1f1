"""The site model: which explainers are published, their addresses, topics and related explainers.

Modules: ``model`` (the site model, built from the content), ``order`` (newest first), ``urls`` (addresses
and output paths), ``topics`` and ``related``.

May import: penjelas.core, penjelas.content.
"""
