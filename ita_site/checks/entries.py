"""Entries numbered twice: the site numbers measures, steps and results itself, so an entry that
begins with its own number or bullet ("- ๑. เผยแพร่…", "- • ตอบคำถาม") shows as "1. ๑. เผยแพร่…"."""

from __future__ import annotations

import re

from ita_site.errors import Problems
from ita_site.content.load import RawDoc

LISTS = ("measures", "steps", "results")
_OWN_MARKER = re.compile(r"^\s*(\(?[0-9๐-๙]{1,3}[.)]|[-–—•·▪◦*])\s+")


def check_numbering(docs: list[RawDoc], problems: Problems) -> None:
    for doc in docs:
        if doc.kind != "indicator" or not isinstance(doc.data, dict):
            continue
        for key in LISTS:
            for index, entry in enumerate(doc.data.get(key) or []):
                text, path = (entry.get("text"), (key, index, "text")) if isinstance(entry, dict) else (entry, (key, index))
                if not isinstance(text, str):
                    continue
                match = _OWN_MARKER.match(text)
                if match:
                    marker = match.group(1)
                    line, col = doc.positions.of(path)
                    problems.add(doc.rel, line, col,
                                 f"ข้อความขึ้นต้นด้วยเลขหรือสัญลักษณ์ '{marker}' เอง แต่เว็บไซต์ใส่เลขลำดับให้แล้ว จึงจะแสดงซ้ำสองครั้ง",
                                 f"the entry begins with its own number or bullet '{marker}', and the site numbers"
                                 f" entries itself, so it would show twice",
                                 f"ลบ '{marker}' หน้าข้อความออก / remove the '{marker}' at the start",
                                 severity="warning")
