"""PyYAML nodes to plain data (yamldoc.parse composes, this builds): duplicate keys, anchors and aliases,
tags other than the plain ones, nesting deeper than MAX_DEPTH, control characters and texts that
swallowed the entries or keys after them are refused here, each with its line and column.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from ita_site.errors import Problems

MAX_DEPTH = 32
_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL, _TIME = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_scalar_maker = SafeConstructor()
# Control characters, lone surrogates and non-characters, which YAML escapes ("\x1f", "\ud800") can smuggle
# past the raw-text check in source.py: no page, feed or spreadsheet can hold them.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A tab inside a plain text is composed as this stand-in (yamldoc.compose_content) and turned back into a
# tab here. U+FDD0 is a non-character (Unicode reserves it for internal use such as this one).
TAB_STAND_IN = "\ufdd0"
_KEY_OR_ENTRY = re.compile(r"^ *(?:[A-Za-z_][A-Za-z0-9_]*[ \t]*:(?:[ \t]|$)|- )")


def mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class Builder:
    def __init__(self, rel: str, problems: Problems, offset: int, text: str):
        self.rel, self.problems, self.offset, self.text = rel, problems, offset, text
        self.seen: set[int] = set()
        self.failed = False

    def fail(self, node: yaml.Node, th: str, en: str, hint: str = "") -> None:
        line, col = mark(node)
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
            key_lines[key] = mark(key_node)[0] + self.offset
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
        line, col = mark(node)
        for event in yaml.parse(self.text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                break
        if not self.failed or all(p.th != _ALIAS_TH for p in self.problems.items if p.path == self.rel):
            self.problems.add(self.rel, line + self.offset, col, _ALIAS_TH, "YAML anchors and aliases (&, *) are not allowed",
                              "เขียนค่าซ้ำตรง ๆ แทนการอ้างอิง / write the value out instead of referring to it")
        self.failed = True


_ALIAS_TH = "ไม่อนุญาตให้ใช้ anchor และ alias ของ YAML (& และ *)"
