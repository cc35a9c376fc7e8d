"""The suite's memo of pack PDFs: each distinct pack is made by WeasyPrint once per test run.

A pack PDF is a pure function of its HTML (pack_pdf.pdf_html puts the HTML's hash, with WeasyPrint's and
pydyf's versions, in the PDF's key; tests/test_pack.py proves that the same HTML gives the same bytes in
another process, folder or order). Most tests build the same few tiny sites, and WeasyPrint's layout of
their Thai is most of such a build's time, so the suite keeps the PDF of each HTML it has seen, in memory
and in a folder shared with the processes tests/forkcli.py forks, and makes only the others. Tests about
making PDFs (marked `real_pdf`, e.g. tests/test_pack.py) run with the memo off. Real `python -m ita_site`
subprocesses and serve's background PDF process never use it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ENV = "ITA_SITE_TEST_PDF_MEMO"      # the folder; set by tests/conftest.py for the whole run
state = {"on": True}
_memory: dict[str, bytes] = {}


def install(store: Path) -> None:
    """Wrap pack_pdf._made so that PDFs already made from the same HTML are taken from the memo."""
    from ita_site.publish import pack_pdf

    if getattr(pack_pdf._made, "memo", False):
        return
    real = pack_pdf._made

    def made(htmls: list[str]) -> list[bytes]:
        if not state["on"]:
            return real(htmls)
        keys = [hashlib.sha256(html.encode("utf-8")).hexdigest() for html in htmls]
        found = {key: _get(store, key) for key in keys}
        missing = [(key, html) for key, html in zip(keys, htmls) if found[key] is None]
        for (key, _html), data in zip(missing, real([html for _key, html in missing])):
            found[key] = data
            _put(store, key, data)
        return [found[key] for key in keys]

    made.memo = True
    pack_pdf._made = made


def _get(store: Path, key: str) -> bytes | None:
    if key not in _memory:
        try:
            _memory[key] = (store / f"{key}.pdf").read_bytes()
        except OSError:
            return None
    return _memory[key]


def _put(store: Path, key: str, data: bytes) -> None:
    _memory[key] = data
    store.mkdir(parents=True, exist_ok=True)
    part = store / f"{key}.{os.getpid()}.part"
    part.write_bytes(data)
    os.replace(part, store / f"{key}.pdf")
