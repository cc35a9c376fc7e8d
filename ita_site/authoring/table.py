"""A measures table as read from TSV (importer.py) or Word (docx_table.py): its types and the rules both
readers share (the header row, indicator titles and numbers, the 10 national ITA indicators).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ita_site.thai import to_digits

# The 10 national ITA indicators of the NACC assessment: Thai title -> (indicator number, file slug).
KNOWN_INDICATORS: dict[str, tuple[int, str]] = {
    "การปฏิบัติหน้าที่": (1, "duty"),
    "การใช้งบประมาณ": (2, "budget"),
    "การใช้อำนาจ": (3, "authority"),
    "การใช้ทรัพย์สินของราชการ": (4, "assets"),
    "การใช้ทรัพย์สินของทางราชการ": (4, "assets"),
    "การแก้ไขปัญหาการทุจริต": (5, "corruption"),
    "คุณภาพการดำเนินงาน": (6, "quality"),
    "ประสิทธิภาพการสื่อสาร": (7, "communication"),
    "การปรับปรุงการทำงาน": (8, "improvement"),
    "การปรับปรุงระบบการทำงาน": (8, "improvement"),
    "การเปิดเผยข้อมูล": (9, "disclosure"),
    "การป้องกันการทุจริต": (10, "prevention"),
}
FALLBACK_SLUG = "indicator"
# A line break inside an entry: Markdown's own (two trailing spaces) cannot be kept in a YAML block
# scalar, so the entry holds the HTML element, which the content's Markdown renders as <br>.
LINE_BREAK = "<br>\n"
HEADER_PREFIXES = ("ตัวชี้วัด", "มาตรการ", "ขั้นตอน", "ผลการดำเนินการ")
NO_TABLE_HINT = ("ต้องมีตาราง ๔ คอลัมน์ที่มีหัวตาราง ตัวชี้วัด | มาตรการ | ขั้นตอน/วิธีการ | ผลการดำเนินการตามมาตรการ"
                 " / expected a 4-column table headed ตัวชี้วัด | มาตรการ | ขั้นตอน/วิธีการ | ผลการดำเนินการตามมาตรการ")

_SPACE_RE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_TITLE_NUMBER_RE = re.compile(r"^\s*(?:ตัวชี้วัดที่\s*([0-9๐-๙]{1,2})[.)]?|\(?([0-9๐-๙]{1,2})[.)])\s*")


@dataclass
class ParsedIndicator:
    """One row of the table: entries are Markdown strings."""

    number: int
    title: str
    measures: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)

    @property
    def ita_indicator(self) -> int | None:
        known = known_indicator(self.title)
        return known[0] if known else None

    @property
    def slug(self) -> str:
        known = known_indicator(self.title)
        return known[1] if known else FALLBACK_SLUG


@dataclass
class ParsedTable:
    caption: str
    indicators: list[ParsedIndicator] = field(default_factory=list)


def known_indicator(title: str) -> tuple[int, str] | None:
    """(national ITA indicator, slug) for a known Thai title; spaces are ignored."""
    key = _SPACE_RE.sub("", title)
    for name, value in KNOWN_INDICATORS.items():
        if _SPACE_RE.sub("", name) == key:
            return value
    return None


def is_header_row(cells: list[str]) -> bool:
    """True for the row ตัวชี้วัด | มาตรการ | ขั้นตอน/วิธีการ | ผลการดำเนินการ… (spaces ignored)."""
    if len(cells) != len(HEADER_PREFIXES):
        return False
    squeezed = [_SPACE_RE.sub("", html.unescape(re.sub(r"<[^>]*>", "", c))) for c in cells]
    return all(cell.startswith(prefix) for cell, prefix in zip(squeezed, HEADER_PREFIXES))


def is_indicator_title(text: str) -> bool:
    """'ตัวชี้วัดที่ ๑ …', '๑. …' or the name of a national ITA indicator."""
    return bool(_TITLE_NUMBER_RE.match(text)) or known_indicator(text) is not None


def split_title(text: str, default_number: int) -> tuple[int, str]:
    """'๑. ประสิทธิภาพการสื่อสาร' -> (1, 'ประสิทธิภาพการสื่อสาร'); no number -> default_number."""
    text = text.strip()
    match = _TITLE_NUMBER_RE.match(text)
    if not match:
        return default_number, text
    number = int(to_digits(match.group(1) or match.group(2), "arabic"))
    return number, text[match.end():].strip()
