"""Placeholders left unfilled: "[กรอก] ..." texts that `ita-site new` wrote and nobody replaced yet.

The build warns about each one with its file, line and column; scaffolding writes them (FILL).
"""

from __future__ import annotations

from ita_site.content import yamldoc
from ita_site.content.load import RawDoc
from ita_site.errors import Problems

FILL = "[กรอก]"


def check(docs: list[RawDoc], problems: Problems, refuse: bool = False) -> None:
    """Warn about "[กรอก] ..." texts that `ita-site new` wrote and nobody has replaced yet (refuse: errors,
    so that CI's locked build publishes none)."""
    for doc in docs:
        for path, _key, value in yamldoc.strings(doc.data):
            if value.lstrip().startswith(FILL):
                line, col = doc.positions.of(path)
                problems.add(doc.rel, line, col, f"ยังไม่ได้แก้ข้อความตัวอย่าง \"{value}\"",
                             f"placeholder text not replaced yet: \"{value}\"",
                             "แทนข้อความที่ขึ้นต้นด้วย [กรอก] ด้วยข้อมูลจริง / replace it with the real text",
                             severity="error" if refuse else "warning")
