"""The site model: which explainers are published, their addresses, topics and related explainers.

May import: penjelas.core, penjelas.content.
"""
