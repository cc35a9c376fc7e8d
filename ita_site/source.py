"""Read a content file as clean text: size, NUL bytes, encodings, line ends, Unicode form.

Webmasters save files from Word, Notepad and old Thai editors. A UTF-8 byte-order mark and CRLF line
ends are cleaned silently; TIS-620 / Windows-874, UTF-16, invalid UTF-8 and NUL bytes are problems
with a place and a way to fix them. Text is normalised to NFC so that Thai vowels and tone marks typed
in odd orders compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ita_site.errors import Problems

MAX_TEXT_BYTES = 2 * 1024 * 1024
_THAI = re.compile("[\u0e01-\u0e5b]")
_RESAVE = ("เปิดไฟล์ในโปรแกรมแก้ไขข้อความ แล้วบันทึกใหม่เป็น UTF-8 (เช่น VS Code: Save with Encoding > UTF-8)"
           " / re-save the file as UTF-8")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Return the file's text, or None after adding a problem."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            problems.add(rel, 0, 0, f"ไฟล์ใหญ่เกินไป ({size // 1024} KB, สูงสุด {MAX_TEXT_BYTES // 1024} KB)",
                         f"file too large: {size} bytes, limit {MAX_TEXT_BYTES}",
                         "แยกเนื้อหาเป็นหลายไฟล์ หรือแนบเป็นไฟล์ PDF / split it or attach it as a file")
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.add(rel, 0, 0, "อ่านไฟล์ไม่ได้", f"cannot read file: {exc.strerror}")
        return None
    return decode(data, rel, problems)


def decode(data: bytes, rel: str, problems: Problems) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(rel, 1, 1, "ไฟล์นี้บันทึกเป็น UTF-16", "file is saved as UTF-16", _RESAVE)
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = line_col(data[:nul].decode("utf-8", "replace"), nul)
        problems.add(rel, line, col, "พบอักขระ NUL (ไบต์ศูนย์) ในไฟล์ ไฟล์อาจเสียหรือไม่ใช่ไฟล์ข้อความ",
                     "NUL byte in file: it is damaged or not a text file", _RESAVE)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _report_bad_utf8(data, exc, rel, problems)
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _report_bad_utf8(data: bytes, exc: UnicodeDecodeError, rel: str, problems: Problems) -> None:
    prefix = data[: exc.start].decode("utf-8", "replace")
    line, col = line_col(prefix, len(prefix))
    try:
        legacy = data.decode("cp874")
    except UnicodeDecodeError:
        legacy = ""
    if legacy and _THAI.search(legacy):
        problems.add(rel, line, col, "ไฟล์นี้ใช้รหัสอักขระไทยแบบเก่า TIS-620 / Windows-874 ไม่ใช่ UTF-8",
                     "file is encoded as TIS-620 / Windows-874, not UTF-8", _RESAVE)
    else:
        problems.add(rel, line, col, "ไฟล์มีไบต์ที่ไม่ใช่ UTF-8", "invalid UTF-8 byte sequence", _RESAVE)
