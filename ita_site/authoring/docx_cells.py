"""Entries of one cell of a Word table (python-docx): paragraphs, Word lists and soft line breaks.

Each Word paragraph is an entry. Paragraphs of a bulleted Word list that follow an entry become a
Markdown list inside it (as `<p>…</p><ul>…</ul>` does in the text format); items of a numbered list
are entries. Inside a paragraph, lines (soft line breaks) that start with a number ("๑." "2.") or a
bullet ("- ") start new entries; other lines stay lines of the entry before them.
"""

from __future__ import annotations

import re

from ita_site.authoring.table import LINE_BREAK
from ita_site.thai import strip_list_marker

_MARKER_RE = re.compile(r"^\s*(?:\(?[0-9๐-๙]{1,3}[.)]|[-–—•·▪◦*])\s+")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ---------------------------------------------------------------- lists inside cells

class Numbering:
    """Whether a paragraph is an item of a bulleted or a numbered Word list."""

    def __init__(self, document):
        self.formats: dict[tuple[str, str], str] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(_W + "abstractNumId"): a for a in numbering.iter(_W + "abstractNum")}
        for num in numbering.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            node = abstract.get(ref.get(_W + "val")) if ref is not None else None
            for lvl in node.iter(_W + "lvl") if node is not None else ():
                fmt = lvl.find(_W + "numFmt")
                self.formats[(num.get(_W + "numId"), lvl.get(_W + "ilvl"))] = (
                    fmt.get(_W + "val") if fmt is not None else "decimal")

    def kind(self, paragraph) -> str | None:
        """"bullet", "number" or None."""
        num_pr = _num_pr(paragraph._p.pPr)
        style = paragraph.style
        while num_pr is None and style is not None:
            num_pr = _num_pr(style.element.pPr)
            style = style.base_style
        if num_pr is None:
            return None
        num_id = num_pr.find(_W + "numId")
        ilvl = num_pr.find(_W + "ilvl")
        num = num_id.get(_W + "val") if num_id is not None else None
        if num in (None, "0"):
            return None
        fmt = self.formats.get((num, ilvl.get(_W + "val") if ilvl is not None else "0"), "decimal")
        return "bullet" if fmt in ("bullet", "none") else "number"


def _num_pr(p_pr):
    return p_pr.find(_W + "numPr") if p_pr is not None else None


def _lines(text: str) -> list[str]:
    """A paragraph's entries: its lines, new entries at numbered or bulleted lines."""
    entries: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if _MARKER_RE.match(line) or not entries:
            entries.append([])
        entries[-1].append(line.strip())
    return [LINE_BREAK.join(lines) for lines in entries]


def cell_entries(cell, numbering: Numbering | None = None) -> list[str]:
    """Entries of one cell (Markdown strings)."""
    entries: list[str] = []
    sublist = False   # the last entry already ends with a Markdown list
    for paragraph in cell.paragraphs:
        kind = numbering.kind(paragraph) if numbering else None
        for text in _lines(paragraph.text):
            text = strip_list_marker(text)
            if not text:
                continue
            if kind == "bullet" and entries:
                entries[-1] += ("\n" if sublist else "\n\n") + "- " + text.replace("\n", "\n  ")
                sublist = True
            else:
                entries.append(text)
                sublist = False
    return entries


def cell_title(cell) -> str:
    """The cell's paragraphs joined by spaces (an indicator title)."""
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
