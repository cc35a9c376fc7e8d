"""The assessor's pack PDFs of `ita-site serve`'s preview, made in the background.

WeasyPrint takes seconds to tens of seconds for one year's pack (publish/pack_pdf.py): at a few
thousand pages, an edit of an item's title or evidence waited 20 s or more for its year's PDF, and
serve's first preview for every year's. In serve, a rebuild therefore only renders each year's pack
HTML (cheap) and compares its key with the PDF the preview holds. A changed or missing PDF is queued:
a thread makes it in a child process at a lower CPU priority (so neither the GIL nor the cores are
taken from the rebuilds) and puts it in place with a rename. Until then the preview serves the
previous PDF (a new year's is missing for those seconds), as search answers from its previous index.
settle() waits for the queue (tests compare the preview with a full build after it).

`ita-site build` makes its PDFs with the pages, before the atomic swap (pack_pdf.files).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from ita_site import guard, urls
from ita_site.pages import pack
from ita_site.pages.fingerprint import plain_digest
from ita_site.pages.views import Views
from ita_site.preview.background import Queue
from ita_site.preview.writer import put_beside
from ita_site.publish import pack_pdf

PACKAGE_ROOT = Path(pack_pdf.__file__).resolve().parents[2]     # the folder that holds ita_site/


class Packs(Queue):
    def __init__(self, writer, say):
        super().__init__("ita-site-packs")
        self.writer, self.say = writer, say
        # self._pending (Queue): rel -> pack HTML still to be made
        self._made: dict[str, tuple] = {}        # rel -> (key, digest) of the PDF on disk, made here
        self._inputs: dict[str, tuple] = {}      # rel -> (digest of its inputs, key of its HTML, digest of its
                                                 # context): the last build's pack PDFs

    def update(self, site, ctx, inputs=None, templates=None) -> None:
        """For the current build: every year's pack PDF is one of its files; a changed one is queued.
        `inputs(year)` is a digest of what the year's pack shows (incremental.py): a year whose digest
        is the one of the last rebuild keeps its PDF without its HTML being rendered again; one whose
        PDF's context (with the `templates` signature) is the last one's keeps it too (a measure edit)."""
        views, wanted, keys = Views(site), {}, {}
        for year in pack.years_with_items(site):
            rel = urls.pack_pdf(year.number)
            digest = inputs(year) if inputs is not None else None
            known = self._inputs.get(rel)
            if digest is not None and known is not None and known[0] == digest:
                keys[rel] = known
                continue
            page = pack_pdf.pdf_context(views, year, ctx.epoch)
            shown = plain_digest((templates, page)) if templates is not None else None
            if shown is not None and known is not None and known[2] == shown:
                keys[rel] = (digest, known[1], shown)
                continue
            wanted[rel] = pack_pdf.html_of(ctx.env, page)
            keys[rel] = (digest, pack_pdf.key_of(wanted[rel]), shown)
        with self._lock:
            for rel in [rel for rel in self._made if rel not in keys]:     # a year without items now
                del self._made[rel]
                self.writer.remove(rel)
            for rel, (_key, digest) in self._made.items():
                self.writer.known[rel] = digest
            pending = {rel: html for rel, html in self._pending.items() if rel in keys and rel not in wanted}
            pending.update((rel, html) for rel, html in wanted.items()
                           if self._made.get(rel, (None,))[0] != keys[rel][1])
            self._pending, self._inputs = pending, keys
            for rel in keys:
                self.writer.keep(rel)          # linked from the year page: a file of this build
            self._wake()

    def _next(self) -> bool:
        """Make one queued PDF and put it in place; False when the queue is empty."""
        taken = self._take()
        if taken is None:
            return False
        rel, html = taken
        try:
            data = self._make(rel, html)
        except Exception as exc:  # noqa: BLE001 - reported like a failed run; the rebuilds go on
            self.say(f"สร้างไฟล์ PDF ชุดเอกสาร {rel} ไม่สำเร็จ (could not make the pack PDF {rel}): {exc}")
            return True
        if data is None:
            return True
        with self._lock:
            if rel in self._pending or rel not in self._inputs:
                return True                    # edited again meanwhile (made next), or its year is gone
            put_beside(self.writer.path / guard.checked(rel), lambda tmp: tmp.write_bytes(data))
            self._made[rel] = (pack_pdf.key_of(html), hashlib.blake2b(data, digest_size=16).digest())
        self.say(f"อัปเดตไฟล์ PDF ชุดเอกสารแล้ว (assessor's pack PDF updated): {rel}")
        return True

    def _make(self, rel: str, html: str) -> bytes | None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_ROOT),
                                                                          os.environ.get("PYTHONPATH")]))}
        try:
            proc = subprocess.run([sys.executable, "-m", "ita_site.publish.pack_pdf"], input=html.encode("utf-8"),
                                  capture_output=True, env=env, timeout=1800, preexec_fn=_lower_priority)
        except (OSError, subprocess.TimeoutExpired) as exc:
            proc, detail = None, str(exc)
        else:
            detail = " ".join(proc.stderr.decode("utf-8", "replace").split())[-400:]
        if proc is not None and proc.returncode == 0 and proc.stdout.startswith(b"%PDF"):
            return proc.stdout
        self.say(f"สร้างไฟล์ PDF ชุดเอกสาร {rel} ไม่สำเร็จ (could not make the pack PDF {rel}): {detail}")
        return None


def year_inputs(digests, fields: bytes, templates, epoch):
    """A digest of what a year's pack shows: the ITAS sheet's inputs (serve memoises the sheet by the
    same), the site's fields and the template files."""
    return lambda year: plain_digest((fields, templates, year.number, repr(year.oit),
                                      [digests.item(item) for item in year.items], epoch))


def _lower_priority() -> None:
    try:
        os.nice(10)
    except OSError:
        pass
