"""The registry of output files: every file the build writes besides the rendered pages.

Each kind of output is one small unit, a function `files(site, ctx)` returning (output path, data)
pairs, where data is bytes, an iterator of byte chunks (streamed to disk), or a Path to copy. Its
paths come from urls.py. Adding a kind of output file is one module plus one line in GENERATED (or COPIES).

The one output that is not a unit here is the search index (publish/search.py, urls.SEARCH_BUNDLE/):
it is made from the rendered pages in the staging folder, so it runs after every page and every
unit's file is written, and `ita-site serve` runs it in the background without waiting for it. It is
therefore the pipeline step `search_index` (pipeline.FullBuild, preview/incremental.py's Session), not
a (path, data) unit; its folder is reserved in urls.py like every generated path.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ita_site.model import site as model
from ita_site.publish import (attachments, cards, feeds, itas, manifests, opendata, pack_pdf, serverrules, static,
                              tablefiles)


@dataclass(frozen=True)
class Context:
    """What units may need besides the model."""
    project: Path
    sitemap: list = field(default_factory=list)   # (url, lastmod) of every page in the sitemap, in order
    epoch: int | None = None                       # SOURCE_DATE_EPOCH: a fixed build time, or None
    static: list = field(default_factory=list)     # (assets/ path, file) of the site's static/, checked
    env: object = None                             # the Jinja environment (render/jinja.py), for a unit's template
    previous: Path | None = None                   # the last build's output folder: a file made from the same
                                                   # inputs is taken from there (cards, the pack PDF)
    cache: object = None                           # publish.buildcache.BuildCache, or None (--no-cache, serve)


COPIES = (
    static.files,          # assets/: package static files, then the site's static/
    attachments.files,     # every item's evidence files
)
GENERATED = (              # made from the model (`ita-site serve` remakes them only when their inputs change)
    manifests.files,       # sitemap.xml (an index if large), robots.txt, urls.csv, urls.json
    serverrules.files,     # .htaccess: Apache's rules (redirects, no listings, headers)
    itas.files,            # itas-<fy>.csv and itas-<fy>.xlsx
    feeds.files,           # feed.xml and <fy>/feed.xml
    opendata.files,        # data/: items and measures as JSON and CSV, and their schema
    tablefiles.files,      # <fy>/<item>/<item>-<fy>.csv and .xlsx beside each table item's page
    cards.files,           # assets/: the icons and a sharing card per item (og:image), reused from ctx.previous
    pack_pdf.files,        # <fy>/pack.pdf: the assessor's pack, by WeasyPrint, reused from ctx.previous
)
OUTPUTS = COPIES + GENERATED


def files(site: model.Site, ctx: Context, units=None) -> Iterator[tuple[str, object]]:
    for unit in OUTPUTS if units is None else units:
        yield from unit(site, ctx)


def write(staging, site: model.Site, ctx: Context, units=OUTPUTS) -> None:
    """Registered outputs into the staging folder (write.Staging or the preview writer)."""
    for rel, data in files(site, ctx, units):
        if isinstance(data, Path):
            staging.copy(rel, data)
        elif isinstance(data, bytes):
            staging.write(rel, data)
        else:
            staging.write_chunks(rel, data)
