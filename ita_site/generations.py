"""A memo that lives from one `ita-site serve` rebuild to the next: what a rebuild used, the next one may
reuse; what it did not use is let go (so nothing stale piles up over a long session).

Entries are tuples that start with what they were made from, so `valid` can check that it is the same
object (`entry[0] is obj`: a key of id(obj) alone could name a new object at a freed address).
"""

from __future__ import annotations


class Generations:
    def __init__(self):
        self.now: dict = {}       # entries this rebuild used
        self.last: dict = {}      # the last rebuild's

    def start(self) -> None:
        """A new rebuild (after one that used nothing, the one before it is still the last)."""
        if self.now:
            self.last, self.now = self.now, {}

    def get(self, key, make, valid=lambda entry: True) -> tuple:
        """The entry for key from this rebuild or the last one while valid(entry), else make()'s."""
        entry = self.find(key, valid)
        if entry is None:
            entry = self.now[key] = make()
        return entry

    def find(self, key, valid=lambda entry: True) -> tuple | None:
        """The entry for key from this rebuild or the last one while valid(entry) (this rebuild uses it), or None."""
        entry = self.now.get(key) or self.last.get(key)
        if entry is None or not valid(entry):
            return None
        self.now[key] = entry
        return entry

    def put(self, key, entry: tuple) -> None:
        """A new entry for key, used by this rebuild."""
        self.now[key] = entry
