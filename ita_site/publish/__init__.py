"""Publish stage: every output file that is not a rendered page, and the writing of the tree.

Holds: manifests (sitemaps, robots.txt, URL lists), feeds (Atom), itas (the ITAS sheet), opendata
(data files), search (the site search index), ledger (urls.ledger and redirect pages), write (the staging
folder swapped in at once), buildcache (.ita-cache/: what a build made, kept for the next one), cards + cardtext + cardlogo
(the icons and sharing cards, with the monogram or the site's logo).
May import: foundation, content, model, checks, pages, render.
"""
