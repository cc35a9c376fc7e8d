"""Thai formatting helpers: digits, Buddhist-Era dates, fiscal years, sizes, list markers.

Pure functions, no I/O, standard library only (safe to import anywhere).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

__all__ = [
    "BE_OFFSET",
    "DIGIT_MODES",
    "MONTHS_FULL",
    "MONTHS_SHORT",
    "be_year",
    "fiscal_year",
    "format_size",
    "iso_date",
    "parse_date",
    "strip_list_marker",
    "thai_date",
    "to_digits",
]

BE_OFFSET = 543
# A year at or above this is read as Buddhist Era (2400 BE = 1857 CE; no disclosure is that old).
BE_THRESHOLD = 2400
DIGIT_MODES = ("thai", "arabic")

ARABIC_DIGITS = "0123456789"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)

# Thai fonts of many PDF producers put shifted tone marks and vowels (and ฐ, ญ without their tails) in
# the private-use area U+F700-U+F71A; text taken from such a PDF keeps the glyph's code (ป\uf70bองกัน).
_PDF_GLYPHS = str.maketrans({
    0xF700: "\u0E10", 0xF701: "\u0E34", 0xF702: "\u0E35", 0xF703: "\u0E36", 0xF704: "\u0E37",
    0xF705: "\u0E48", 0xF706: "\u0E49", 0xF707: "\u0E4A", 0xF708: "\u0E4B", 0xF709: "\u0E4C",
    0xF70A: "\u0E48", 0xF70B: "\u0E49", 0xF70C: "\u0E4A", 0xF70D: "\u0E4B", 0xF70E: "\u0E4C",
    0xF70F: "\u0E0D", 0xF710: "\u0E31", 0xF711: "\u0E4D", 0xF712: "\u0E47", 0xF713: "\u0E48",
    0xF714: "\u0E49", 0xF715: "\u0E4A", 0xF716: "\u0E4B", 0xF717: "\u0E4C", 0xF718: "\u0E38",
    0xF719: "\u0E39", 0xF71A: "\u0E3A",
})
_PDF_GLYPH = re.compile("[\uF700-\uF71A]")


def pdf_glyphs_to_thai(text: str) -> str:
    """Text with the private-use glyph codes of Thai PDF fonts as the Thai characters they draw."""
    return text.translate(_PDF_GLYPHS) if _PDF_GLYPH.search(text) else text

# CLDR th month names; index 0 is January.
MONTHS_FULL = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)


def _check_mode(digits: str) -> None:
    if digits not in DIGIT_MODES:
        raise ValueError(
            f"รูปแบบตัวเลขไม่ถูกต้อง: {digits!r} (ใช้ 'thai' หรือ 'arabic') / "
            f"unknown digit style {digits!r}, expected 'thai' or 'arabic'"
        )


def to_digits(value: str | int, digits: str) -> str:
    """Render digits as Thai (๐-๙) or Arabic (0-9); every other character is kept."""
    _check_mode(digits)
    text = str(value)
    return text.translate(_TO_THAI if digits == "thai" else _TO_ARABIC)


def be_year(d: date) -> int:
    """Buddhist-Era year of a date (CE + 543)."""
    return d.year + BE_OFFSET


def thai_date(d: date, digits: str, *, style: Literal["full", "short"] = "full") -> str:
    """'8 มกราคม 2564' (full) or '8 ม.ค. 64' (short), digits per setting."""
    if style == "full":
        text = f"{d.day} {MONTHS_FULL[d.month - 1]} {be_year(d)}"
    elif style == "short":
        text = f"{d.day} {MONTHS_SHORT[d.month - 1]} {be_year(d) % 100:02d}"
    else:
        raise ValueError(f"รูปแบบวันที่ไม่ถูกต้อง: {style!r} / unknown date style {style!r}")
    return to_digits(text, digits)


def iso_date(d: date) -> str:
    """Machine date (Common Era) for <time datetime> and file names: YYYY-MM-DD."""
    return d.isoformat()


_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def parse_date(value: str | date) -> date:
    """Parse YYYY-MM-DD (Thai or Arabic digits); a year >= 2400 is Buddhist Era.

    A `date` (e.g. from a YAML loader) is accepted too and gets the same BE rule.
    Raises ValueError with a Thai + English message.
    """
    if isinstance(value, date):
        return _from_parts(value.year, value.month, value.day, value.isoformat())
    text = to_digits(str(value).strip(), "arabic")
    match = _DATE_RE.fullmatch(text)
    if not match:
        raise ValueError(
            f"รูปแบบวันที่ไม่ถูกต้อง: {value!r} (ใช้ ปปปป-ดด-วว เช่น 2564-01-08) / "
            f"invalid date {value!r}, expected YYYY-MM-DD such as 2021-01-08 or 2564-01-08"
        )
    year, month, day = (int(part) for part in match.groups())
    return _from_parts(year, month, day, value)


# Years a disclosure date can have (CE); outside them a date is a typo (2654 for 2564), and the XLSX
# and ZIP writers cannot hold years past 2107 anyway.
REAL_YEARS = range(1900, 2101)


def likely_year(year: int) -> int | None:
    """A year written with two neighbouring digits swapped, put right: 2654 -> 2564 (BE 2500-2599)."""
    text = str(year)
    for i in range(len(text) - 1):
        swapped = int(text[:i] + text[i + 1] + text[i] + text[i + 2:])
        if swapped != year and 2500 <= swapped <= 2599:
            return swapped
    return None


def _from_parts(year: int, month: int, day: int, original: object) -> date:
    written = year
    if year >= BE_THRESHOLD:
        year -= BE_OFFSET
    if year not in REAL_YEARS:
        raise ValueError(f"ปี {written} ไม่น่าเป็นปีจริง: {original} / the year {written} cannot be real: {original}")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"ไม่มีวันที่นี้ในปฏิทิน: {original} / impossible date {original}"
        ) from None


def fiscal_year(d: date) -> int:
    """Thai fiscal year (BE): 1 Oct - 30 Sep, numbered by the BE year in which it ends."""
    return be_year(d) + (1 if d.month >= 10 else 0)


_SIZE_UNITS = ("KB", "MB", "GB", "TB")


def format_size(n_bytes: int, digits: str) -> str:
    """Human file size, binary multiples: '512 ไบต์', '1.2 MB', '๑.๒ MB'."""
    _check_mode(digits)
    if n_bytes < 0:
        raise ValueError(f"ขนาดไฟล์ติดลบ: {n_bytes} / negative size {n_bytes}")
    if n_bytes < 1024:
        return to_digits(f"{n_bytes} ไบต์", digits)
    value = n_bytes / 1024
    unit = 0
    while round(value, 1) >= 1024 and unit < len(_SIZE_UNITS) - 1:
        value /= 1024
        unit += 1
    number = f"{value:.1f}".removesuffix(".0")
    return to_digits(f"{number} {_SIZE_UNITS[unit]}", digits)


# "๑. ", "1. ", "1) ", "(1) ", "- ", "• " ... the marker must be followed by whitespace,
# so "1.5 ล้านบาท" or "-5" are left alone.
_LIST_MARKER_RE = re.compile(
    r"^\s*(?:\(?[0-9๐-๙]{1,3}[.)]|[-–—•·▪◦*])\s+"
)


def strip_list_marker(text: str) -> str:
    """Remove one leading list marker (numbered or bullet) and surrounding whitespace."""
    return _LIST_MARKER_RE.sub("", text, count=1).strip()


def e164(phone: str) -> str | None:
    """A Thai telephone number as E.164 (+6674724404), or None when it is not one (a 4-digit hotline).

    Thai or Arabic digits, any separators; a national number starts with 0 (9 or 10 digits), an
    international one with +66 or 66. Only the first number of "074-724-404 ต่อ 12" / "..., ..." is read.
    """
    text = str(phone).translate(_TO_ARABIC)
    first = re.split(r"[,/]|ต่อ|ext", text, maxsplit=1, flags=re.IGNORECASE)[0]
    digits = re.sub(r"[^0-9]", "", first)
    if first.strip().startswith("+66") or (digits.startswith("66") and len(digits) in (10, 11)):
        digits = "0" + digits[2:]
    if digits.startswith("0") and len(digits) in (9, 10):
        return "+66" + digits[1:]
    return None


_POSTCODE_RE = re.compile(r"\s*\b([1-9][0-9]{4})\s*$")
_PROVINCE_RE = re.compile(r"(?:(?:จังหวัด|จ\.)\s*\S+|กรุงเทพมหานคร|กรุงเทพฯ)\s*$")
_DISTRICT_RE = re.compile(r"(?:อำเภอ|อ\.|เขต)\s*(\S+)\s*$")


def postal_address(address: str) -> dict:
    """A Thai address in one line as schema.org PostalAddress parts.

    "ศาลากลางจังหวัดสตูล ถนนยาตราสวัสดี ตำบลพิมาน อำเภอเมืองสตูล จังหวัดสตูล 91000" ->
    streetAddress "ศาลากลางจังหวัดสตูล ถนนยาตราสวัสดี ตำบลพิมาน", addressLocality "อำเภอเมืองสตูล",
    addressRegion "จังหวัดสตูล", postalCode "91000". Parts not found stay in streetAddress.
    """
    rest = " ".join(str(address).translate(_TO_ARABIC).split())
    out: dict[str, str] = {}
    for key, pattern in (("postalCode", _POSTCODE_RE), ("addressRegion", _PROVINCE_RE),
                         ("addressLocality", _DISTRICT_RE)):
        match = pattern.search(rest)
        if match:
            out[key] = match.group(1) if key == "postalCode" else match.group(0).strip()
            rest = rest[:match.start()].rstrip(" ,")
    if rest:
        out["streetAddress"] = rest
    order = ("streetAddress", "addressLocality", "addressRegion", "postalCode")
    return {key: out[key] for key in order if key in out}
