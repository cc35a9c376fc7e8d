"""What went wrong when PyYAML could not read a text, in the webmaster's words (Thai, then English).

yamldoc.parse hands every exception of composing here: syntax errors with the line and column
where PyYAML noticed them and, where it can tell, the line where the unclosed part began; characters
YAML refuses; nesting too deep for the parser.
"""

from __future__ import annotations

import re

import yaml

from ita_site.errors import Problems

TAB_HINT = "ใช้ช่องว่าง (space) เยื้องบรรทัด ห้ามใช้แท็บ / indent with spaces, not tabs"
GENERIC_HINT = ("ตรวจการเยื้องบรรทัด เครื่องหมาย : และเครื่องหมายคำพูด ในบรรทัดนี้หรือบรรทัดก่อนหน้า"
                " / check indentation, colons and quotes on this line or the one before")


def report(exc: BaseException, text: str, rel: str, problems: Problems, offset: int, max_depth: int) -> None:
    """Add the problem of one text that could not be composed (offset: lines before the text)."""
    if isinstance(exc, yaml.MarkedYAMLError):
        _syntax_problem(exc, rel, problems, offset, text)
    elif isinstance(exc, yaml.reader.ReaderError):
        line, col = _line_col(text, exc.position)
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        problems.add(rel, line + offset, col, f"พบอักขระที่ YAML ไม่รับ ({code})",
                     f"character {code} is not allowed in YAML", "ลบอักขระนี้ออก / delete this character")
    elif isinstance(exc, RecursionError):
        problems.add(rel, 1 + offset, 1, "โครงสร้าง YAML ซ้อนกันลึกเกินไป", "YAML nested too deeply",
                     f"ซ้อนได้ไม่เกิน {max_depth} ชั้น / at most {max_depth} levels")
    else:
        problems.add(rel, 1 + offset, 1, "อ่าน YAML ไม่ได้", f"YAML error: {exc}", GENERIC_HINT)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _syntax_problem(exc: yaml.MarkedYAMLError, rel: str, problems: Problems, offset: int, text: str = "") -> None:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
    problem = exc.problem or "syntax error"
    if "\\t" in problem or "tab" in problem:
        problems.add(rel, line, col, "พบแท็บ (Tab) ในการเยื้องบรรทัด", f"YAML syntax error: {problem}", TAB_HINT)
        return
    if "expected a single document" in (exc.context or "") + problem:
        problems.add(rel, line, col, "ไฟล์มีเอกสาร YAML มากกว่าหนึ่งชุด (พบ ---)",
                     "more than one YAML document in the file", "ลบบรรทัด --- ที่เกินออก / remove the extra ---")
        return
    hint = _key_indent_hint(exc, text, offset) or _syntax_hint(exc, offset)
    problems.add(rel, line, col, "ไวยากรณ์ YAML ไม่ถูกต้อง", f"YAML syntax error: {problem}", hint)


_KEY_LINE = re.compile(r"^( *)([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?:[ \t]|$)")


def _key_indent_hint(exc: yaml.MarkedYAMLError, text: str, offset: int) -> str:
    """A key line indented differently from the keys around it: name the key and the indentation meant."""
    mark, problem = exc.problem_mark, exc.problem or ""
    if mark is None or "quoted scalar" in (exc.context or ""):
        return ""
    if "mapping values are not allowed" not in problem and "block mapping start" not in problem:
        return ""
    lines = text.split("\n")
    if mark.line >= len(lines):
        return ""
    match = _KEY_LINE.match(lines[mark.line])
    if not match:
        return ""
    indent, key = len(match.group(1)), match.group(2)
    if "mapping values" in problem and mark.column != match.end(2) + len(lines[mark.line][match.end(2):].split(":")[0]):
        return ""
    for number in range(mark.line - 1, -1, -1):
        other = _KEY_LINE.match(lines[number])
        if other and len(other.group(1)) < indent:
            want = len(other.group(1))
            return (f"คีย์ '{key}' เยื้อง {indent} ช่อง แต่คีย์ '{other.group(2)}' ในบรรทัด {number + 1 + offset}"
                    f" เยื้อง {want} ช่อง: ให้เยื้องเท่ากัน ({want} ช่องว่างหน้า {key}) / the key '{key}' is indented"
                    f" by {indent} space(s) but '{other.group(2)}' on line {number + 1 + offset} by {want}:"
                    f" indent them alike ({want} spaces before {key})")
    return ""


def _syntax_hint(exc: yaml.MarkedYAMLError, offset: int) -> str:
    """The likely cause, named in the webmaster's words, with the line where the open part began."""
    context, problem = exc.context or "", exc.problem or ""
    start = exc.context_mark.line + 1 + offset if exc.context_mark else 0
    if "flow sequence" in context:
        return f"วงเล็บ [ ที่เปิดในบรรทัด {start} ยังไม่ได้ปิดด้วย ] / the [ opened on line {start} is not closed with ]"
    if "flow mapping" in context:
        return f"วงเล็บ {{ ที่เปิดในบรรทัด {start} ยังไม่ได้ปิดด้วย }} / the {{ opened on line {start} is not closed with }}"
    if "quoted scalar" in context:
        return f"เครื่องหมายคำพูดที่เปิดในบรรทัด {start} ยังไม่ได้ปิด / the quote opened on line {start} is not closed"
    if "mapping values are not allowed" in problem:
        return ('ข้อความที่มีเครื่องหมาย : ตามด้วยช่องว่าง ต้องใส่เครื่องหมายคำพูดครอบทั้งข้อความ เช่น summary: "เวลาทำการ: 08:30 น."'
                ' / put quotes around text that contains ": "')
    if "cannot start any token" in problem:
        return ("ข้อความที่ขึ้นต้นด้วยอักขระพิเศษ เช่น @ ` % ต้องใส่เครื่องหมายคำพูดครอบ"
                " / put quotes around text that starts with a special character")
    if "block mapping" in context or "block collection" in context:
        return (f"บรรทัดนี้เยื้องไม่ตรงกับบรรทัดอื่นในระดับเดียวกัน (ส่วนนี้เริ่มที่บรรทัด {start})"
                f" / this line's indentation does not match the block that starts on line {start}")
    return GENERIC_HINT
