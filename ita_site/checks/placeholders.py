"""Placeholders left unfilled: "[กรอก] ..." texts that `ita-site new` wrote and nobody replaced yet.

The build warns about each one with its file, line and column; scaffolding writes them (FILL).
"""

from __future__ import annotations

from ita_site.content.load import RawDoc
from ita_site.errors import Problems

FILL = "[กรอก]"


def check(docs: list[RawDoc], problems: Problems) -> None:
    """Warn about "[กรอก] ..." texts that `ita-site new` wrote and nobody has replaced yet."""
    for doc in docs:
        for path, value in _strings(doc.data, ()):
            if value.lstrip().startswith(FILL):
                line, col = doc.positions.of(path)
                problems.add(doc.rel, line, col, f"ยังไม่ได้แก้ข้อความตัวอย่าง \"{value}\"",
                             f"placeholder text not replaced yet: \"{value}\"",
                             "แทนข้อความที่ขึ้นต้นด้วย [กรอก] ด้วยข้อมูลจริง / replace it with the real text",
                             severity="warning")


def _strings(node, path: tuple):
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, child in node.items():
            yield from _strings(child, path + (key,))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _strings(child, path + (index,))
