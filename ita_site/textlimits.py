"""Bounds on Markdown text: what would take the build minutes or exhaust its stack is a located problem.

Python-Markdown spends quadratic time on unclosed brackets (`![` repeated 5,000 times: minutes) and
recurses once per nesting level (a list nested 1,000 levels: RecursionError). Real content never
comes near these bounds; the check runs on every Markdown field and page body before rendering.
"""

from __future__ import annotations

import re

MAX_BRACKETS = 300          # '[' in one paragraph: unclosed ones cost Python-Markdown quadratic time
MAX_NESTING = 128           # columns of list/quote markers and indentation before a line's text
_NESTING = re.compile(r"^(?:[ \t]|[>*+-][ \t]|[0-9]{1,9}[.)][ \t])*")


def complexity_problem(text: str) -> tuple[int, str, str, str] | None:
    """(0-based line, Thai, English, hint) when text is too deeply nested or bracketed to render safely."""
    line = 0
    for paragraph in text.split("\n\n"):
        if paragraph.count("[") > MAX_BRACKETS:
            return (line, f"ย่อหน้านี้มีเครื่องหมาย [ มากเกินไป ({paragraph.count('[')} ตัว สูงสุด {MAX_BRACKETS})",
                    f"too many '[' in one paragraph ({paragraph.count('[')}, at most {MAX_BRACKETS}): "
                    "it would take the build minutes", "แยกเป็นหลายย่อหน้า หรือลบ [ ที่ไม่ได้ใช้ทำลิงก์"
                    " / split the paragraph, or remove the '[' that are not links")
        for offset, row in enumerate(paragraph.split("\n")):
            depth = len(_NESTING.match(row.expandtabs(4)).group())
            if depth > MAX_NESTING:
                return (line + offset, f"รายการหรือข้อความอ้างอิงซ้อนกันลึกเกินไป ({depth} ตัวอักษรก่อนข้อความ สูงสุด {MAX_NESTING})",
                        f"lists or quotes nested too deeply ({depth} columns of markers before the text, "
                        f"at most {MAX_NESTING})", "ลดระดับการซ้อนของรายการ / nest the lists less deeply")
        line += paragraph.count("\n") + 2
    return None
