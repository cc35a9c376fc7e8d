"""Import a measures table (ตัวชี้วัด / มาตรการ / ขั้นตอน/วิธีการ / ผลการดำเนินการ) into content YAML.

Two sources are understood:
- the tab-separated text that agencies paste from their old pages (the seed's format): one table row
  per line, cells holding HTML `<p>` paragraphs and a `<ul>` of "- " bullets, the header row repeated
  between page breaks, and a bold `**...**` heading that becomes the caption;
- a Word .docx file with such a table (see `ita_site.docx_table`).

Each paragraph of a cell becomes one entry and loses its leading list marker ("๑. ", "1. ", "- "):
the renderer numbers and bullets entries itself. Text is otherwise kept exactly as written.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ita_site.thai import strip_list_marker, to_digits

__all__ = [
    "KNOWN_INDICATORS",
    "ParsedIndicator",
    "ParsedTable",
    "import_table",
    "indicator_yaml",
    "is_header_row",
    "known_indicator",
    "parse_docx_table",
    "parse_tsv_table",
    "split_title",
]

# The 10 national ITA indicators (ita-domain.md §3): Thai title -> (indicator number, file slug).
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


def split_title(text: str, default_number: int) -> tuple[int, str]:
    """'๑. ประสิทธิภาพการสื่อสาร' -> (1, 'ประสิทธิภาพการสื่อสาร'); no number -> default_number."""
    text = text.strip()
    match = _TITLE_NUMBER_RE.match(text)
    if not match:
        return default_number, text
    number = int(to_digits(match.group(1) or match.group(2), "arabic"))
    return number, text[match.end():].strip()


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
    text = re.sub(r"<br\s*/?>", "\n", fragment, flags=re.IGNORECASE)
    text = re.sub(r"</?(?:strong|b)(?:\s[^>]*)?>", "**", text, flags=re.IGNORECASE)
    text = re.sub(r"</?(?:em|i)(?:\s[^>]*)?>", "*", text, flags=re.IGNORECASE)
    text = re.sub(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a\s*>', r"[\2](\1)", text,
                  flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<[^>]*>", "", text)
    return html.unescape(text)


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
    """Parse the first measures table of a Word .docx file (needs python-docx)."""
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


# ---------------------------------------------------------------- writing files

_SCHEMA_TAIL = Path("ita_site", "schemas", "indicator.schema.json")
_ITEM_RE = re.compile(r"^[A-Za-z]{1,6}[0-9]{1,3}$")


def _schema_ref(out_dir: Path) -> str:
    """Relative path from out_dir to indicator.schema.json: a project copy above, else the package's."""
    out_dir = out_dir.resolve()
    for parent in out_dir.parents:
        if (parent / _SCHEMA_TAIL).is_file():
            return Path(os.path.relpath(parent / _SCHEMA_TAIL, out_dir)).as_posix()
    packaged = Path(__file__).resolve().parents[1] / "schemas" / "indicator.schema.json"
    return Path(os.path.relpath(packaged, out_dir)).as_posix()


def read_table(source: Path) -> ParsedTable:
    """Parse a .docx or a text file; ValueError (Thai + English) when it holds no table."""
    source = Path(source)
    if source.suffix.lower() == ".docx":
        return parse_docx_table(source)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"อ่านไฟล์ {source} ไม่ได้: ต้องเป็น UTF-8 หรือ .docx"
                         f" / cannot read {source}: expected UTF-8 text or a .docx file") from None
    try:
        return parse_tsv_table(text)
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from None


def import_table(source: Path, year: int, item: str, content_dir: Path, *,
                 force: bool = False) -> list[Path]:
    """Write content/<year>/<item>/NN-<slug>.yaml for every indicator of the table in source."""
    if not _ITEM_RE.match(item):
        raise ValueError(f"รหัสรายการไม่ถูกต้อง: {item!r} (เช่น O43) / invalid item code {item!r}, e.g. O43")
    if not 2400 <= int(year) <= 2999:
        raise ValueError(f"ปีงบประมาณต้องเป็น พ.ศ. เช่น 2564: {year} / year must be Buddhist Era, e.g. 2564")
    table = read_table(source)
    out_dir = Path(content_dir) / str(int(year)) / item.lower()
    targets = [out_dir / f"{ind.number:02d}-{ind.slug}.yaml" for ind in table.indicators]
    duplicates = sorted({t.name for t in targets if targets.count(t) > 1})
    if duplicates:
        raise ValueError(f"ตัวชี้วัดลำดับซ้ำกัน: {', '.join(duplicates)} / duplicate indicator numbers")
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        names = ", ".join(str(t) for t in existing)
        raise FileExistsError(f"มีไฟล์อยู่แล้ว ไม่ได้เขียนทับ: {names} (files exist, nothing written;"
                              f" use force to overwrite)")
    out_dir.mkdir(parents=True, exist_ok=True)
    ref = _schema_ref(out_dir)
    for ind, target in zip(table.indicators, targets):
        target.write_text(indicator_yaml(ind, ref), encoding="utf-8", newline="\n")
    return targets
