"""Site-wide files of `ita-site serve`'s preview written in the background: open data.

The open-data files hold every item's records (tens of megabytes on a large site, data/items.json and
the like): joining and writing them took a tenth of a second or more of each edit at ten thousand pages,
while the page the webmaster looks at waited. In serve, a rebuild that changes them hands their chunks
(made of the items' records, bytes that no later rebuild changes) to a thread, which writes each file
beside the old one and puts it in place with a rename; a browser reads the last version until then, as
it does the pack PDFs (packs.py) and the search index. The files count as this build's from the start
(the writer keeps them, the link check sees them). A newer version of a file queued before the older one
was written replaces it. settle() waits until every file is in place (tests compare with a full build).

`ita-site build` writes them before its atomic swap, like every other file.
"""

from __future__ import annotations

from pathlib import Path

from ita_site import guard
from ita_site.preview.background import Queue
from ita_site.preview.writer import put_beside


class Later(Queue):
    def __init__(self, writer, say):
        super().__init__("ita-site-later")
        self.writer, self.say = writer, say
        # self._pending (Queue): rel -> its chunks (an iterable of bytes), the newest

    def update(self, files) -> None:
        """(rel, chunks) of files of this build whose bytes changed: queued, written by the thread."""
        with self._lock:
            for rel, chunks in files:
                rel = guard.checked(rel)
                self.writer.keep(rel)
                self.writer.known[rel] = object()       # equal to no digest: a later write of it writes
                self.writer.changes += 1                # serve reloads the browser (a page may show it)
                self._pending[rel] = chunks
            self._wake()

    def _next(self) -> bool:
        taken = self._take()
        if taken is None:
            return False
        rel, chunks = taken
        def fill(tmp: Path) -> None:
            with open(tmp, "wb") as stream:
                stream.writelines(chunks)           # piece by piece: no copy of the whole file
        try:
            put_beside(self.writer.path / rel, fill)
        except OSError as exc:
            self.say(f"เขียนไฟล์ {rel} ไม่สำเร็จ (could not write {rel}): {exc.strerror or exc}")
        return True
