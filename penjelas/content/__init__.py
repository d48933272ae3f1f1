"""Reading the editor's files: YAML with line numbers, the schema of every file, and the content model
(frozen dataclasses) that the rest of the build works from. Also the JSON Schemas made from that schema.

- ``loader``: reads the whole of ``content/`` into a ``Content``, reusing explainers parsed before.
- ``explainer``: one explainer's folder; ``front_matter``, ``timeline``, ``facts``: its three files.
- ``settings``: ``site.yaml`` and ``sources.yaml``.
- ``sourcing``: the warnings for an event without a source and a source nothing cites.
- ``reading``: safe file reading (ordinary files, a size limit, UTF-8); ``folders``: a folder's digest.
- ``yamltext``: YAML into located ``nodes``, the careful way; ``_yaml_fast``: the quick readings.
- ``fields``: the field types; ``schema``: checking nodes against them; ``_schema_fast``: the quick check.
- ``model``: the content dataclasses and each file's spec; ``json_schema``: JSON Schemas from the specs.

May import: penjelas.core.
"""
