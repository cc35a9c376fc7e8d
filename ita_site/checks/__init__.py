"""Checks stage: find problems in content and in the rendered site; they return Problems, write nothing.

Holds: hygiene (links that cost OIT points), linkcheck (every internal link, anchor and attachment
resolves, click depth), htmlscan (the fast id/link scan of a rendered page that linkcheck uses).
May import: foundation, content, model.
"""
