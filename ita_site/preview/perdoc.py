"""`ita-site serve`'s per-document checks (incremental.Session): a check of the full build run one document at
a time, its problems kept while the document is the same object (the content walk keeps a file's documents
while its size, times and inode are) and a key (the day, for the date check) is equal."""

from __future__ import annotations

from ita_site.checks import datecheck, entries, placeholders
from ita_site.errors import Problems


def per_document(before: dict, docs: list, problems: Problems, key, check) -> dict:
    """check([doc], problems) of each document; its problems are kept while the document (the same object)
    and `key` are. Returns what to pass as `before` next time."""
    kept = {}
    for doc in docs:
        known = before.get(id(doc))
        if known is None or known[0] is not doc or known[1] != key:
            local = Problems()
            check([doc], local)
            known = (doc, key, local.items)
        kept[id(doc)] = known
        problems.items.extend(known[2])
    return kept


class PerDocumentChecks:
    """incremental.Session's versions of the full build's per-document checks (its dicts: hygiene,
    placeholders, numbering, dates)."""

    def hygiene_check(self, docs: list, site, problems: Problems) -> None:
        """hygiene.check, one document at a time, kept while the document and its pages are."""
        from ita_site.checks import hygiene

        own = hygiene._own_pages(site)
        shared = (site.main_site, site.base_url)
        kept = {}
        for doc in docs:
            key = (shared, tuple(own.get(doc.rel, ())))
            known = self.hygiene.get(id(doc))
            if known is None or known[0] is not doc or known[1] != key:
                local = Problems()
                hygiene.check([doc], site, local)
                known = (doc, key, local.items)
            kept[id(doc)] = known
            problems.items.extend(known[2])
        self.hygiene = kept

    def check_placeholders(self, docs: list, problems: Problems) -> None:
        """The full build's placeholder check, one document at a time, kept while the document is."""
        self.placeholders = per_document(self.placeholders, docs, problems, None, placeholders.check)

    def check_numbering(self, docs: list, problems: Problems) -> None:
        """The full build's numbering check, one document at a time, kept while the document is."""
        self.numbering = per_document(self.numbering, docs, problems, None, entries.check_numbering)

    def check_dates(self, docs: list, problems: Problems, today) -> None:
        """The full build's date check, one document at a time, kept while the document and the day are."""
        self.dates = per_document(self.dates, docs, problems, today,
                                   lambda one, local: datecheck.check_dates(one, local, today))

