"""Authoring tools: `ita-site new` and `ita-site import` write content files for webmasters.

Holds: scaffold + scaffold_files (new year / item / indicator, valid as written), importer (a measures
table from TSV, or from Word via docx_table and docx_cells, into YAML), table (the types and rules both readers share).
May import: foundation, content, model, checks. Nothing in the build imports authoring.
"""
