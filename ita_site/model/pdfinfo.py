"""Evidence files that explain themselves: page count and text layer of PDF attachments.

Each PDF attachment is read once (pypdf) for its page count and the text of each page.

- A PDF with no text at all is almost certainly a scan: nobody can search it and screen readers
  cannot read it aloud. The build warns with the file and a hint (OCR it, or publish the text).
- The text of a text PDF is published as an HTML page beside the file, `<file>.pdf.html`, linked
  from every evidence list that shows the PDF ("ข้อความในไฟล์"). It is an ordinary page of the site,
  so the search index (search.py) covers it like any other page: a word inside a PDF is findable,
  and the text can be read with a screen reader or in a browser without a PDF viewer. We chose a
  page over a hidden search record because a page also works without JavaScript.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ita_site import thai
from ita_site.model import site as model

_KEEP_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True)
class PdfInfo:
    pages: int = 0
    texts: tuple[str, ...] = ()      # the text of each page, cleaned
    error: str = ""                  # why the file could not be read ("" when it could)

    @property
    def has_text(self) -> bool:
        return any(text.strip() for text in self.texts)

    @property
    def is_scan(self) -> bool:
        return not self.error and self.pages > 0 and not self.has_text


def is_pdf(name: str) -> bool:
    return name.lower().endswith(".pdf")


def read(path: Path) -> PdfInfo:
    """Page count and text of a PDF; cached per (path, size, mtime)."""
    stat = path.stat()
    return _read(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _read(path: str, size: int, mtime_ns: int) -> PdfInfo:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # malformed-but-readable files are common
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            return PdfInfo(error="encrypted")
        return PdfInfo(len(reader.pages), tuple(clean_text(page.extract_text() or "") for page in reader.pages))
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors on damaged files
        return PdfInfo(error=f"{type(exc).__name__}: {exc}")


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Thai PDF fonts' private-use glyph codes as Thai (thai.pdf_glyphs_to_thai), NFC, no control characters
    (invalid in HTML), no trailing spaces.

    A lone surrogate (a broken PDF font map gives them) cannot be written as UTF-8: it becomes U+FFFD,
    so one odd PDF never stops the build nor is blamed on a template."""
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", thai.pdf_glyphs_to_thai(text))
    text = "".join(ch for ch in text if ch in _KEEP_CONTROLS or unicodedata.category(ch) != "Cc")
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()




def pdf_info(att: model.Attachment) -> PdfInfo | None:
    return read(att.source) if is_pdf(att.rel) else None
