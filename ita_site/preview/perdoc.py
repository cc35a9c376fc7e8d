"""`ita-site serve`'s per-document checks (incremental.Session): a check of the full build run one document at
a time, its problems kept while the document is the same object (the content walk keeps a file's documents
while its size, times and inode are) and a key (the day, for the date check) is equal."""

from __future__ import annotations

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
