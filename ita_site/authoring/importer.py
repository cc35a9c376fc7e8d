"""Import a measures table (ตัวชี้วัด / มาตรการ / ขั้นตอน/วิธีการ / ผลการดำเนินการ) into content YAML.

Two sources are understood:
- the tab-separated text that agencies paste from their old pages (the seed's format): one table row
  per line, cells holding HTML `<p>` paragraphs and a `<ul>` of "- " bullets, the header row repeated
  between page breaks, and a bold `**...**` heading that becomes the caption;
- a Word .docx file with such a table (see `ita_site.authoring.docx_table`).

Each paragraph of a cell becomes one entry and loses its leading list marker ("๑. ", "1. ", "- "):
the renderer numbers and bullets entries itself. Text is otherwise kept exactly as written.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from ita_site.authoring.table import (HEADER_PREFIXES, KNOWN_INDICATORS, LINE_BREAK, NO_TABLE_HINT, ParsedIndicator, ParsedTable,
                                     is_header_row, known_indicator, split_title)
from ita_site.thai import strip_list_marker

__all__ = [
    "KNOWN_INDICATORS",
    "ParsedIndicator",
    "ParsedTable",
    "indicator_yaml",
    "is_header_row",
    "known_indicator",
    "read_table",
    "parse_docx_table",
    "parse_tsv_table",
    "split_title",
]

# ---------------------------------------------------------------- tab-separated text with HTML cells

_BLOCK_RE = re.compile(
    r"<p(?:\s[^>]*)?>(?P<p>.*?)</p\s*>"
    r"|<ul(?:\s[^>]*)?>(?P<ul>.*?)(?:</ul\s*>|$)"
    r"|<ol(?:\s[^>]*)?>(?P<ol>.*?)(?:</ol\s*>|$)",
    re.DOTALL | re.IGNORECASE,
)
_LI_RE = re.compile(r"<li(?:\s[^>]*)?>(.*?)(?=</li\s*>|<li[\s>]|$)", re.DOTALL | re.IGNORECASE)
_BULLET_SPLIT_RE = re.compile(r"(?:^|\s)[-•]\s+")


def _inline(fragment: str) -> str:
    """Inline HTML to Markdown: bold, italics, links and line breaks; other tags are dropped."""
    text = re.sub(r"\s*<br\s*/?>\s*", "\x00", fragment, flags=re.IGNORECASE)
    text = re.sub(r"</?(?:strong|b)(?:\s[^>]*)?>", "**", text, flags=re.IGNORECASE)
    text = re.sub(r"</?(?:em|i)(?:\s[^>]*)?>", "*", text, flags=re.IGNORECASE)
    text = re.sub(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a\s*>', r"[\2](\1)", text,
                  flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<[^>]*>", "", text)
    return html.unescape(text).replace("\x00", LINE_BREAK)


def _list_items(fragment: str) -> list[str]:
    """Items of a <ul>/<ol>: its <li> elements, else the text split at "- " bullets."""
    if _LI_RE.search(fragment):
        items = [_inline(m.group(1)) for m in _LI_RE.finditer(fragment)]
    else:
        items = _BULLET_SPLIT_RE.split(_inline(fragment).strip())
    return [item.strip() for item in items if item.strip()]


def _markdown_list(items: list[str]) -> str:
    return "\n".join("- " + item.replace("\n", "\n  ") for item in items)


def split_cell(cell: str) -> list[str]:
    """One cell of the seed's table -> its entries (Markdown strings)."""
    if not _BLOCK_RE.search(cell):
        text = _inline(cell).strip()
        return [strip_list_marker(text)] if text else []
    entries: list[str] = []
    pos = 0
    for match in _BLOCK_RE.finditer(cell):
        loose = _inline(cell[pos:match.start()]).strip()
        if loose:
            entries.append(strip_list_marker(loose))
        pos = match.end()
        if match.group("p") is not None:
            text = _inline(match.group("p")).strip()
            if text:
                entries.append(strip_list_marker(text))
            continue
        items = _list_items(match.group("ul") if match.group("ul") is not None else match.group("ol"))
        if not items:
            continue
        if entries:
            entries[-1] = entries[-1] + "\n\n" + _markdown_list(items)
        else:
            entries.append(_markdown_list(items))
    loose = _inline(cell[pos:]).strip()
    if loose:
        entries.append(strip_list_marker(loose))
    return entries


def _caption(lines: list[str]) -> str:
    """The bold heading (**...**, possibly over several lines) before the table, joined by spaces."""
    text = " ".join(line.strip() for line in lines if line.strip())
    match = re.search(r"\*\*(.+?)\*\*", text)
    return (match.group(1) if match else text).strip()


def parse_tsv_table(text: str) -> ParsedTable:
    """Parse the seed's format. Raises ValueError when there is no recognisable table."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    before: list[str] = []
    indicators: list[ParsedIndicator] = []
    seen_header = False
    for lineno, line in enumerate(lines, start=1):
        cells = line.split("\t")
        if is_header_row(cells):
            seen_header = True
            continue
        if not seen_header:
            before.append(line)
            continue
        if not line.strip():
            continue
        if len(cells) != len(HEADER_PREFIXES):
            raise ValueError(
                f"บรรทัด {lineno}: ต้องมี ๔ ช่องคั่นด้วยแท็บ แต่พบ {len(cells)} ช่อง"
                f" / line {lineno}: expected 4 tab-separated cells, found {len(cells)}"
            )
        number, title = split_title(_inline(cells[0]), len(indicators) + 1)
        indicators.append(ParsedIndicator(number, title, split_cell(cells[1]), split_cell(cells[2]),
                                          split_cell(cells[3])))
    if not indicators:
        raise ValueError(f"ไม่พบตารางตัวชี้วัดในข้อความ (no measures table found in the text). {NO_TABLE_HINT}")
    return ParsedTable(_caption(before), indicators)


def parse_docx_table(path: Path) -> ParsedTable:
    """Parse every measures table of a Word .docx file (needs python-docx); see docx_table."""
    from ita_site.authoring.docx_table import parse_docx

    return parse_docx(Path(path))


# ---------------------------------------------------------------- YAML writer


class _Dumper(yaml.SafeDumper):
    """Block style with indented sequences ("  - item") under mapping keys."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def indicator_yaml(ind: ParsedIndicator, schema_rel_path: str) -> str:
    """Deterministic YAML for one indicator file, keys in the schema's order."""
    data: dict[str, object] = {"number": ind.number, "title": ind.title}
    if ind.ita_indicator is not None:
        data["ita_indicator"] = ind.ita_indicator
    data.update(measures=list(ind.measures), steps=list(ind.steps), results=list(ind.results))
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1_000_000)
    return f"# yaml-language-server: $schema={schema_rel_path}\n{body}"


# ---------------------------------------------------------------- reading a source file


def read_table(source: Path) -> ParsedTable:
    """Parse a .docx or a text file; ValueError (Thai + English) when it is missing or holds no table."""
    source = Path(source)
    if not source.is_file():
        raise ValueError(f"ไม่พบไฟล์ {source}: ตรวจชื่อและโฟลเดอร์ของไฟล์ / file not found: {source}"
                         f" (check the name and the folder)")
    if source.suffix.lower() == ".docx":
        return parse_docx_table(source)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"อ่านไฟล์ {source} ไม่ได้: ต้องเป็น UTF-8 หรือ .docx"
                         f" / cannot read {source}: expected UTF-8 text or a .docx file") from None
    except OSError as exc:
        raise ValueError(f"อ่านไฟล์ {source} ไม่ได้ ({exc.strerror}): ตรวจสิทธิ์การอ่านไฟล์"
                         f" / cannot read {source} ({exc.strerror}): check that you may read it") from None
    try:
        return parse_tsv_table(text)
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from None
