"""`ita-site serve`: assemble's attachments kept from one rebuild to the next.

model/assemble.py checks each `file:` entry (its name, that the file lies inside content/, is a regular
file of an allowed type by its first bytes) and makes its model.Attachment. With a memo (steps'
`attachment_memo`), an entry whose checks passed without a problem is not checked again while nothing
it depends on changed: the key (attacher.Attacher.memo_key) holds the entry, its document's folder,
year and code, the content root, the file it resolves to, whether that name is refused, and the file's
key from serve's content walk (size, times, inode, mode: walk.file_key). An entry that had a
problem is never kept, so its problem is reported on every rebuild; a full build has no memo.
The indicators made of those attachments are kept too, by their document (the same object while its file
is unchanged), item and attachments, so serve's digests of them outlive a rebuild (fingerprint.py).

Whole items are kept as well, indicators and attachments included (attacher.Attacher.reused): an item in
which assemble found no problem is the same object on the next rebuild while its item.yaml is the same
document, its title and the refused names are the same, and no file in its folder changed, appeared or
went (the folder's mark, Session.folder_marks: the number of the rebuild whose walk last saw a change in
it). Its attachments' URLs are checked against the other items' again, and the steps after assemble
(tables, other years, collisions) run for it as for every item.
"""

from __future__ import annotations

from pathlib import Path

from ita_site.generations import Generations


class AttachmentMemo:
    """Successful attachments of the last rebuild by their key; `files()` is the session's content walk
    (path -> entry with .key)."""

    def __init__(self, files, marks=dict):
        self.files = files
        self.marks = marks                 # () -> {"2569/o1": number of the rebuild that last changed it}
        self.items = Generations()         # id(item doc) -> (doc, inputs, mark, Item, its attachments made)
        self.old: dict[tuple, tuple] = {}
        self.new: dict[tuple, tuple] = {}
        self.made = 0                      # attachments checked and made anew in this rebuild
        self.indicators = Generations()              # id(doc) -> (doc, where, attachments, Indicator)

    def start(self) -> None:
        """A new rebuild: what the last one used can be reused, the rest is forgotten."""
        if self.new:
            self.old, self.new = self.new, {}
        self.indicators.start()
        self.items.start()
        self.made = 0

    def file_key(self, path: Path) -> tuple | None:
        """The content walk's key of path, None when the walk did not see it (then nothing is kept)."""
        entry = self.files().get(path)
        return entry.key if entry is not None else None

    def get(self, key: tuple):
        found = self.new.get(key) or self.old.get(key)
        if found is not None:
            self.new[key] = found
        return found

    def put(self, key: tuple, value: tuple) -> None:
        self.new[key] = value
        self.made += 1

    def indicator(self, doc, where: tuple, attachments: list, make):
        """The model.Indicator of the last rebuild for the same document object, item (year, code) and
        attachment objects, else make()'s (an Indicator is not changed once made)."""
        def same(known) -> bool:
            return (known[0] is doc and known[1] == where and len(known[2]) == len(attachments)
                    and all(a is b for a, b in zip(known[2], attachments)))
        return self.indicators.get(id(doc), lambda: (doc, where, attachments, make()), same)[3]

    def item(self, doc, inputs: tuple) -> tuple | None:
        """(Item, attachments made for it) kept for doc with the same inputs and an unchanged folder, or None."""
        known = self.items.find(id(doc), lambda k: k[0] is doc and k[1] == inputs and k[2] == self._mark(doc))
        return None if known is None else (known[3], known[4])

    def keep_item(self, doc, inputs: tuple, item, made: list) -> None:
        mark = self._mark(doc)
        if mark is not None:
            self.items.put(id(doc), (doc, inputs, mark, item, made))

    def _mark(self, doc):
        return self.marks().get("/".join(doc.parts[:2]))
