"""Authoring tools: `ita-site new` and `ita-site import` write content files for webmasters.

Holds: scaffold + scaffold_files (new year / item / indicator, valid as written), importer + docx_table
(a measures table from TSV or Word into YAML).
May import: foundation, content, model, checks. Nothing in the build imports authoring.
"""
