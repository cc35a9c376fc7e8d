"""Read a content file as clean text: size, file type, NUL bytes, encodings, line ends, Unicode form.

Webmasters save files from Word, Notepad and old Thai editors. A UTF-8 byte-order mark and CRLF line
ends are cleaned silently; TIS-620 / Windows-874, UTF-16, invalid UTF-8, NUL bytes and control
characters are problems with a place and a way to fix them. Text is normalised to NFC, and the Thai
vowel SARA AM typed as NIKHAHIT + SARA AA is recomposed, so that Thai typed in odd orders compares
equal and displays correctly.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from pathlib import Path

from ita_site.errors import Problems

MAX_TEXT_BYTES = 2 * 1024 * 1024
_THAI = re.compile("[\u0e01-\u0e5b]")
_UTF8_THAI = re.compile(rb"\xe0[\xb8\xb9][\x80-\xbf]")
# C0 controls except tab, LF, CR; DEL; C1 controls; LINE and PARAGRAPH SEPARATOR (YAML counts them as
# line ends, editors do not: every later line would be reported one off); non-characters U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# NIKHAHIT (+ an optional tone mark, in either order) + SARA AA is how old keyboards type SARA AM.
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
_RESAVE = ("เปิดไฟล์ในโปรแกรมแก้ไขข้อความ แล้วบันทึกใหม่เป็น UTF-8 (เช่น VS Code: Save with Encoding > UTF-8)"
           " / re-save the file as UTF-8")
_RESAVE_THAI = ("เปิดไฟล์ใหม่ด้วยรหัสอักขระ Thai (Windows-874) แล้วบันทึกเป็น UTF-8: VS Code ใช้ Reopen with Encoding > "
                "Thai (Windows 874) แล้ว Save with Encoding > UTF-8; Notepad ใช้ Save As > Encoding: UTF-8"
                " / reopen the file as Windows-874, then save it as UTF-8")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Return the file's text, or None after adding a problem."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            problems.add(rel, 0, 0, "ไม่ใช่ไฟล์ธรรมดา (เช่น เป็น pipe หรืออุปกรณ์) จึงอ่านไม่ได้",
                         "not a regular file (a pipe, socket or device)", "ลบออก แล้วใส่ไฟล์ข้อความจริง / replace it with a real file")
            return None
        if info.st_size > MAX_TEXT_BYTES:
            problems.add(rel, 0, 0, f"ไฟล์ใหญ่เกินไป ({info.st_size // 1024} KB, สูงสุด {MAX_TEXT_BYTES // 1024} KB)",
                         f"file too large: {info.st_size} bytes, limit {MAX_TEXT_BYTES}",
                         "แยกเนื้อหาเป็นหลายไฟล์ หรือแนบเป็นไฟล์ PDF / split it or attach it as a file")
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.add(rel, 0, 0, "อ่านไฟล์ไม่ได้", f"cannot read file: {exc.strerror or exc}")
        return None
    return decode(data, rel, problems)


def decode(data: bytes, rel: str, problems: Problems) -> str | None:
    """Bytes to clean NFC text with LF line ends, or None after adding a problem."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(rel, 1, 1, "ไฟล์นี้บันทึกเป็น UTF-16", "file is saved as UTF-16", _RESAVE)
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        prefix = data[:nul].decode("utf-8", "replace")
        line, col = line_col(prefix, len(prefix))
        problems.add(rel, line, col, "พบอักขระ NUL (ไบต์ศูนย์) ในไฟล์ ไฟล์อาจเสียหรือไม่ใช่ไฟล์ข้อความ",
                     "NUL byte in file: it is damaged or not a text file", _RESAVE)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _report_bad_utf8(data, exc, rel, problems)
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        line, col = line_col(text, control.start())
        code = f"U+{ord(control.group()):04X}"
        problems.add(rel, line, col, f"พบอักขระควบคุมที่มองไม่เห็น ({code}) ในไฟล์",
                     f"invisible control character {code} in file",
                     "ลบอักขระนี้ออก (มักติดมาจากการคัดลอกจากโปรแกรมอื่น) / delete it; it usually comes from copy and paste")
        return None
    return normalise(text)


def normalise(text: str) -> str:
    """NFC, and SARA AM recomposed: 'น' + NIKHAHIT + MAI THO + SARA AA -> 'น้ำ'."""
    text = unicodedata.normalize("NFC", text)
    if "\u0e4d" in text:
        text = _SARA_AM.sub(lambda m: m.group(1) + "\u0e33", text)
    return text


def _report_bad_utf8(data: bytes, exc: UnicodeDecodeError, rel: str, problems: Problems) -> None:
    prefix = data[: exc.start].decode("utf-8", "replace")
    line, col = line_col(prefix, len(prefix))
    if _looks_legacy_thai(data):
        problems.add(rel, line, col, "ไฟล์นี้ใช้รหัสอักขระไทยแบบเก่า TIS-620 / Windows-874 ไม่ใช่ UTF-8",
                     "file is encoded as TIS-620 / Windows-874, not UTF-8", _RESAVE_THAI)
        return
    bad = data[exc.start: max(exc.end, exc.start + 1)][:4].hex(" ").upper()
    problems.add(rel, line, col, f"ไฟล์มีไบต์ที่ไม่ใช่ UTF-8 (0x{bad})",
                 f"invalid UTF-8 byte sequence 0x{bad}", _RESAVE)


def _looks_legacy_thai(data: bytes) -> bool:
    """True for Thai text in TIS-620 / Windows-874: no UTF-8 Thai at all, and Thai when read as cp874."""
    if _UTF8_THAI.search(data):
        return False
    legacy = data.decode("cp874", "replace")
    return len(_THAI.findall(legacy)) >= 2
