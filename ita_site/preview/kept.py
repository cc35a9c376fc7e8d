"""`ita-site serve`: the data of site-wide files kept between rebuilds, made again only where it changed.

urls.csv and urls.json are made of every item's rows and files (manifests.url_part), kept per item by
the item's digest (fingerprint.ModelDigests.item: its source files' keys, title, URL and attachments);
a year's ITAS sheet (itas.sheet) is kept by the digest of what the year's pack and sheet show
(packs.year_inputs). Each comes with a digest of its data, which keys the files made of it
(incremental.Session.site_files): an edit that changes an item but none of its rows writes neither file.
"""

from __future__ import annotations

from ita_site.generations import Generations
from ita_site.pages.fingerprint import plain_digest
from ita_site.publish import itas, manifests


class KeptData:
    def __init__(self):
        self.parts: dict[tuple, tuple] = {}      # (base URL, item digest) -> (rows, files, digest of both)
        self.sheets = Generations()              # (year, its inputs' digest) -> (itas.Sheet, its digest)
        self.digests = None

    def start(self, digests) -> None:
        """A new rebuild (fingerprint.ModelDigests of its model)."""
        self.digests = digests
        self.sheets.start()

    def url_lists(self, site) -> tuple[dict, bytes]:
        """manifests.url_lists(site) and a digest of it, the unchanged items' parts taken from the last rebuild."""
        kept, now = self.parts, {}

        def part(item):
            key = (site.base_url, self.digests.item(item))
            found = now[key] = kept.get(key) or _with_digest(manifests.url_part(site, item))
            return found[0]

        lists = manifests.url_lists(site, part)
        self.parts = now
        return lists, plain_digest((site.agency, site.base_url, [found[1] for found in now.values()]))

    def sheet(self, site, year, epoch, inputs: bytes) -> tuple[itas.Sheet, bytes]:
        """itas.sheet(site, year, epoch) and its digest, kept while the year's inputs are the same."""
        return self.sheets.get((year.number, inputs), lambda: _with_digest(itas.sheet(site, year, epoch)))


def _with_digest(part: tuple) -> tuple:
    return part, plain_digest(part)
