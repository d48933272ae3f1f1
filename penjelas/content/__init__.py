"""Reading the editor's files: YAML with line numbers, the schema of every file, and the content model
(frozen dataclasses) that the rest of the build works from. Also the JSON Schemas made from that schema.

May import: penjelas.core.
"""
