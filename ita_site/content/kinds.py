"""The kinds of content file, declared once with what the later stages need to know of each.

load.classify decides a file's kind from where it sits (load.py's docstring shows the layout); its
schema is schemas/<kind>.schema.json (validate.py). A new kind is one line here, and:

- `links`: its text is published with its links, so checks/hygiene.py scans them;
- `dates`: its dates belong to a fiscal year (content/<year>/...), so checks/datecheck.py judges them;
- `pages`: each of its documents is the source of a page, so it must be listed in model/sources.py
  (the collision check and the sitemap's <lastmod>); tests/test_kinds.py fails while one is not.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    links: bool = False
    dates: bool = False
    pages: bool = False


KINDS = {kind.name: kind for kind in (
    Kind("site", pages=True),                          # content/site.yaml: the year pages' source
    Kind("catalogue"),                                 # content/catalogues/<id>.yaml
    Kind("item", links=True, dates=True, pages=True),  # content/<year>/<code>/item.yaml
    Kind("indicator", links=True, dates=True, pages=True),   # content/<year>/<code>/NN-<name>.yaml
    Kind("page", links=True, pages=True),              # content/pages/[<section>/]<name>.md
)}
LINKS = frozenset(name for name, kind in KINDS.items() if kind.links)
DATES = frozenset(name for name, kind in KINDS.items() if kind.dates)
PAGES = frozenset(name for name, kind in KINDS.items() if kind.pages)
