"""The registry of output files: every file the build writes besides the rendered pages.

Each kind of output is one small unit, a function `files(site, ctx)` returning (output path, data)
pairs, where data is bytes, an iterator of byte chunks (streamed to disk), or a Path to copy. Its
paths come from urls.py. Adding a kind of output file is one module plus one line in GENERATED (or COPIES).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ita_site.model import site as model
from ita_site.publish import attachments, feeds, itas, manifests, opendata, serverrules, static, tablefiles


@dataclass(frozen=True)
class Context:
    """What units may need besides the model."""
    project: Path
    sitemap: list = field(default_factory=list)   # (url, lastmod) of every page in the sitemap, in order
    epoch: int | None = None                       # SOURCE_DATE_EPOCH: a fixed build time, or None
    static: list = field(default_factory=list)     # (assets/ path, file) of the site's static/, checked


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
