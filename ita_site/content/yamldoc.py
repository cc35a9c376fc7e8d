"""YAML to plain data with the line and column of every key and value.

We compose PyYAML nodes (SafeLoader) and build the data ourselves so that we can: report duplicate
keys (PyYAML silently keeps the last), refuse anchors and aliases (no "billion laughs"), refuse
`!!python` and other tags, cap nesting depth, and keep dates as ISO strings for the schema to check.

Speed and memory on large sites (benchmarks/README.md): nodes are composed by libyaml (CSafeLoader,
8x faster) when PyYAML has it and the text cannot nest deeply enough to overflow libyaml's C stack;
on any error the pure-Python loader composes again, so every message is worded as before. Positions
are not tabled while building: a document keeps its text (a content file only its path, see
load.FilePositions), and the line and column of its values are worked out only when a message first
asks for one (most documents never do).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ita_site.content import yamlsyntax
from ita_site.errors import Problems

MAX_DEPTH = 32
Path_ = tuple  # a path into the data: keys and list indexes
_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL, _TIME = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_scalar_maker = SafeConstructor()
# Control characters, lone surrogates and non-characters, which YAML escapes ("\x1f", "\ud800") can smuggle
# past the raw-text check in source.py: no page, feed or spreadsheet can hold them.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class Positions:
    """1-based (line, col) of values and of mapping keys, by data path, of one parsed document."""

    __slots__ = ("_text", "_offset", "_tables")

    def __init__(self, text: str = "", offset: int = 0):
        self._text, self._offset = text, offset
        self._tables: tuple[dict, dict] | None = None

    def of(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """The nearest known position: the path itself, else its closest parent."""
        if self._tables is None:
            self._tables = _tables(self.text(), self._offset)
        values, keys = self._tables
        table = keys if key else values
        path = tuple(path)
        while path not in table and path:
            path = path[:-1]
        return table.get(path) or values.get(path, (1, 1))

    def text(self) -> str:
        """The text that was parsed (load.FilePositions reads it again from its file instead)."""
        return self._text

    def __getstate__(self):            # pickled between workers: the text, not the tables
        return self._text, self._offset

    def __setstate__(self, state) -> None:
        self._text, self._offset = state
        self._tables = None


def _tables(text: str, offset: int) -> tuple[dict, dict]:
    """(values, keys) tables of a text that parse() has accepted: no aliases, duplicates or bad tags."""
    values: dict[tuple, tuple[int, int]] = {}
    keys: dict[tuple, tuple[int, int]] = {}
    try:
        pending = [((), compose_content(text))] if text else []
    except (yaml.YAMLError, RecursionError):      # a file edited since it was read: no places known
        pending = []
    while pending:
        path, node = pending.pop()
        if node is None:
            continue
        line, col = _mark(node)
        values[path] = (line + offset, col)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                kline, kcol = _mark(key_node)
                keys[path + (key_node.value,)] = (kline + offset, kcol)
                pending.append((path + (key_node.value,), value_node))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((path + (i,), child) for i, child in enumerate(node.value))
    return values, keys


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_FAST_MAX_DEPTH = 2000      # libyaml's composer recurses in C: ~100,000 levels crash the process
# Where libyaml and the pure loader disagree (tabs after a value, a stray BOM, the bare "!" tag, the
# place of an empty "?" key or of an empty value at the very end of a text without a final newline),
# the pure loader decides: such texts skip the fast path (tests/test_fastpaths.py compares the two).
_PURE_ONLY = re.compile(r"[\t\ufeff]|(?:^|[\s\[{,])(?:!|\?(?:\s|$))")


# PyYAML refuses a tab inside a plain text ("found character '\\t' that cannot start any token"), which
# YAML itself allows: a tab pasted from Word or Excel between words. Such tabs are composed as a
# stand-in character (one for one, so every line and column stays) and turned back into tabs in the
# data. U+FDD0 is a non-character (Unicode reserves it for internal use such as this one), which no
# content has reason to hold. Tabs in the indentation are still refused, by PyYAML.
TAB_STAND_IN = "\ufdd0"
_KEY_OR_ENTRY = re.compile(r"^ *(?:[A-Za-z_][A-Za-z0-9_]*[ \t]*:(?:[ \t]|$)|- )")
_INNER_TAB = re.compile(r"(?<=[^\s:\-\[{,])\t+(?=[^\s#])")


def compose_content(text: str) -> yaml.Node | None:
    """compose() of a content text, a tab inside a text composed as TAB_STAND_IN."""
    if "\t" in text:
        text = _INNER_TAB.sub(lambda m: TAB_STAND_IN * len(m.group()), text)
    return compose(text)


def compose(text: str) -> yaml.Node | None:
    """The node tree of one document; raises PyYAML's errors, worded by its pure-Python loader."""
    if _FAST_LOADER is not None and text.endswith("\n") and _depth_bound(text) <= _FAST_MAX_DEPTH \
            and not _PURE_ONLY.search(text):
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except (yaml.YAMLError, RecursionError):
            pass            # compose again below: the corpus's messages quote the pure loader
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _depth_bound(text: str) -> int:
    """At least the deepest nesting the text can hold: flow brackets, plus two block levels per column."""
    if len(text) <= _FAST_MAX_DEPTH:
        return len(text)
    return text.count("[") + text.count("{") + 2 * max(map(len, text.split("\n"))) + 2


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def parse(text: str, rel: str, problems: Problems, *, line_offset: int = 0) -> tuple[Any, Positions] | None:
    """Parse one YAML document. Returns (data, positions) or None after adding problems."""
    try:
        node = compose_content(text)
    except (yaml.YAMLError, RecursionError) as exc:
        yamlsyntax.report(exc, text, rel, problems, line_offset, MAX_DEPTH)
        return None
    if node is None:
        return None, Positions()
    builder = _Builder(rel, problems, line_offset, text)
    data = builder.build(node, (), 0)
    if builder.failed:
        return None
    return data, Positions(text, line_offset)


class _Builder:
    def __init__(self, rel: str, problems: Problems, offset: int, text: str):
        self.rel, self.problems, self.offset, self.text = rel, problems, offset, text
        self.seen: set[int] = set()
        self.failed = False

    def fail(self, node: yaml.Node, th: str, en: str, hint: str = "") -> None:
        line, col = _mark(node)
        self.problems.add(self.rel, line + self.offset, col, th, en, hint)
        self.failed = True

    def build(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        if id(node) in self.seen:
            self._alias_problem(node)
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.fail(node, "โครงสร้าง YAML ซ้อนกันลึกเกินไป", "YAML nested too deeply",
                      f"ซ้อนได้ไม่เกิน {MAX_DEPTH} ชั้น / at most {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                return self._bad_tag(node)
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: tuple, depth: int) -> dict:
        if node.tag != _MAP:
            return self._bad_tag(node)
        result: dict = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "ไม่รองรับคีย์ผสาน << ของ YAML", "YAML merge keys (<<) are not supported",
                          "เขียนคีย์แต่ละตัวตรง ๆ / write each key out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "คีย์ต้องเป็นข้อความธรรมดา", "a key must be a plain scalar",
                          "ลบ ? หรือวงเล็บหน้าคีย์ออก / remove the ? or brackets before the key")
                continue
            key = key_node.value.replace(TAB_STAND_IN, "\t")
            if _BAD_CHARS.search(key):
                self._bad_char(key_node)
                continue
            if key in result:
                first = key_lines[key]
                self.fail(key_node, f"คีย์ '{key}' ซ้ำในแมปเดียวกัน (ครั้งแรกที่บรรทัด {first})",
                          f"duplicate key '{key}', first defined on line {first}",
                          "ลบหรือรวมคีย์ที่ซ้ำ / remove or merge the duplicate key")
                continue
            key_lines[key] = _mark(key_node)[0] + self.offset
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if _BAD_CHARS.search(node.value):
            return self._bad_char(node)
        if tag in (_STR, _TIME):
            if node.end_mark.line > node.start_mark.line:
                if not node.style:
                    self._entry_inside_text(node)
                elif node.style in ('"', "'"):
                    self._keys_inside_quotes(node)
            return node.value.replace(TAB_STAND_IN, "\t")
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return _scalar_maker.construct_yaml_bool(node)
        if tag in (_INT, _FLOAT):
            return self._number(node)
        return self._bad_tag(node)

    def _entry_inside_text(self, node: yaml.ScalarNode) -> None:
        """A plain text running over lines, one of which starts with "- ": an entry indented deeper
        than the entries above it, silently joined to the entry before it."""
        lines = self.text.split("\n")
        first = node.start_mark.line
        for number in range(first + 1, min(node.end_mark.line, len(lines) - 1) + 1):
            line = lines[number]
            stripped = line.lstrip(" ")
            if stripped == "-" or stripped.startswith("- "):
                col = len(line) - len(stripped)
                dash = lines[first].rfind("-", 0, node.start_mark.column)
                want, want_en = (f" (คอลัมน์ {dash + 1})", f" (column {dash + 1})") if dash >= 0 else ("", "")
                self.problems.add(
                    self.rel, number + 1 + self.offset, col + 1,
                    f"บรรทัดนี้ขึ้นต้นด้วย - แต่เยื้องลึกกว่ารายการข้างบน จึงกลายเป็นข้อความต่อท้ายของรายการในบรรทัด"
                    f" {first + 1 + self.offset}",
                    f"this line starts with '- ' but is indented deeper than the entries above, so it joined"
                    f" the entry on line {first + 1 + self.offset}",
                    f"เยื้อง - ให้ตรงกับรายการข้างบน{want} / indent the - like the entries above{want_en}")
                self.failed = True
                return

    def _keys_inside_quotes(self, node: yaml.ScalarNode) -> None:
        """A quote left open that a later quote closes: the keys and entries between became its text."""
        lines = self.text.split("\n")
        first, last = node.start_mark.line, node.end_mark.line
        for number in range(first + 1, min(last, len(lines) - 1) + 1):
            if _KEY_OR_ENTRY.match(lines[number]):
                start, end, at = first + 1 + self.offset, last + 1 + self.offset, number + 1 + self.offset
                self.fail(node, f"เครื่องหมายคำพูดที่เปิดในบรรทัด {start} ไปปิดที่บรรทัด {end} ทุกบรรทัดระหว่างนั้น"
                                f" (เช่น บรรทัด {at}: {lines[number].strip()}) จึงกลายเป็นข้อความเดียวกัน",
                          f"the quote opened on line {start} closes on line {end}, so every line between"
                          f" (such as line {at}) became part of one text",
                          f"ปิดเครื่องหมายคำพูดท้ายข้อความในบรรทัด {start} หรือลบเครื่องหมายที่เปิดไว้"
                          f" / close the quote at the end of line {start}, or remove the opening one")
                return

    def _bad_char(self, node: yaml.ScalarNode) -> None:
        point = ord(_BAD_CHARS.search(node.value).group())
        code, escape = f"U+{point:04X}", (f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}")
        th, en = ((f"ข้อความมีอักขระควบคุมที่มองไม่เห็น ({code})", f"text contains the control character {code}")
                  if point < 0x100 else (f"ข้อความมีอักขระที่ใช้ไม่ได้ ({code})", f"text contains the invalid character {code}"))
        self.fail(node, th, en, f"ลบอักขระนี้ หรือ escape เช่น {escape} ออก / delete the character or its escape such as {escape}")
        return None

    def _number(self, node: yaml.ScalarNode) -> Any:
        try:
            if node.tag == _INT:
                value = _scalar_maker.construct_yaml_int(node)
                if value.bit_length() > 63:      # a code or a typo; too big to print in a message, too
                    raise OverflowError
                return value
            return _scalar_maker.construct_yaml_float(node)
        except (ValueError, OverflowError):
            self.fail(node, "ตัวเลขยาวเกินไป", "number too long",
                      "ถ้าเป็นรหัสหรือข้อความ ให้ใส่เครื่องหมายคำพูดครอบ / quote it if it is a code or text")
            return None

    def _bad_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.fail(node, f"ไม่รองรับแท็ก YAML '{tag}'", f"unsupported YAML tag '{tag}'",
                  "ลบแท็กที่ขึ้นต้นด้วย ! ออก แล้วเขียนค่าเป็นข้อความธรรมดา / remove the !tag and write plain text")
        return None

    def _alias_problem(self, node: yaml.Node) -> None:
        line, col = _mark(node)
        for event in yaml.parse(self.text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                break
        if not self.failed or all(p.th != _ALIAS_TH for p in self.problems.items if p.path == self.rel):
            self.problems.add(self.rel, line + self.offset, col, _ALIAS_TH, "YAML anchors and aliases (&, *) are not allowed",
                              "เขียนค่าซ้ำตรง ๆ แทนการอ้างอิง / write the value out instead of referring to it")
        self.failed = True


_ALIAS_TH = "ไม่อนุญาตให้ใช้ anchor และ alias ของ YAML (& และ *)"
