"""Validate stage, part 1: every document against its JSON Schema, with kind messages.

jsonschema finds the errors; this module places each one (`path:line:col`) and says it in Thai with
English, with a hint: the nearest valid key for a typo, the expected type, the date format.
"""

from __future__ import annotations

import calendar
import difflib
import functools
import re
from typing import Any

from ita_site import thai, workers
from ita_site.content import keynames, schema
from ita_site.errors import Problems
from ita_site.content.load import RawDoc

TYPE_TH = {"string": "ข้อความ", "integer": "จำนวนเต็ม", "number": "ตัวเลข", "array": "รายการ (list)",
           "object": "ชุดคีย์ (mapping)", "boolean": "ค่าจริง/เท็จ", "null": "ค่าว่าง"}
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SHOW_AS_CODE = re.compile("[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
SHOW_LIMIT = 60
PATTERN_HINTS = {
    "code": "ใช้ตัวอักษรภาษาอังกฤษพิมพ์ใหญ่ตามด้วยตัวเลขอารบิก เช่น O43 / e.g. O43",
    "url": "ขึ้นต้นด้วย https:// หรือ / / start with https:// or /",
    "main_site": ("URL เต็ม ไม่มีช่องว่าง พอร์ต (ถ้ามี) 1-65535 เช่น https://www.satun.go.th/"
                  " / a full URL without spaces, a port (if any) 1-65535, e.g. https://www.example.go.th/"),
    "base_url": ("URL เต็มที่ลงท้ายด้วย / ไม่มี ? # หรือขึ้นบรรทัดใหม่ (อย่าใช้ |) เส้นทางใช้ a-z 0-9 - _ . ~ ไม่มี . หรือ .. "
                 "เป็นช่วงของเส้นทาง พอร์ต (ถ้ามี) 1-65535 เช่น https://www.satun.go.th/ita/"
                 " / a full URL ending in /, without ?, # or a line break (no |); its path uses a-z 0-9 - _ . ~"
                 " with no '.' or '..' segment, a port (if any) is 1-65535, e.g. https://www.satun.go.th/ita/"),
    "email": "เช่น saraban@example.go.th",
    "redirects": ("เส้นทางขึ้นต้นด้วย / ใช้ a-z 0-9 - _ . และ / ห้ามมี . หรือ .. เป็นช่วงของเส้นทาง ห้ามลงท้ายชื่อด้วยจุด "
                  "ปลายทางเป็นเส้นทางแบบเดียวกันหรือ https://... เช่น \"/2564/o1/\": \"/2564/o2/\""
                  " / paths start with /, use a-z 0-9 - _ . and /, no '.' or '..' segments; the target is such a"
                  " path or an https:// URL, e.g. \"/2564/o1/\": \"/2564/o2/\""),
}


DOCS_PER_WORKER = 400      # a large site is validated on every core (workers.py)


def check_documents(docs: list[RawDoc], problems: Problems) -> list[RawDoc]:
    """Return the documents that passed their schema; add a problem for every error of the others."""
    count = workers.wanted(len(docs), DOCS_PER_WORKER)
    found = _check_shares(docs, count) if count > 1 else {i: _check(doc) for i, doc in enumerate(docs)}
    valid = []
    for index, doc in enumerate(docs):
        problems.items.extend(found.get(index, ()))
        if not found.get(index):
            valid.append(doc)
    return valid


def _check(doc: RawDoc) -> list:
    """The problems of one document (empty when it is valid)."""
    found = Problems()
    for error in sorted(_validator(doc.kind).iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        _report(doc, error, found)
    return found.items


def _check_shares(docs: list[RawDoc], count: int) -> dict[int, list]:
    """_check of document i in worker i % count; only the documents with problems come back."""
    for kind in sorted({doc.kind for doc in docs}):
        _validator(kind)                 # compiled once, before the workers fork

    def task(k: int, n: int, send) -> None:
        send([(index, found) for index in range(k, len(docs), n) if (found := _check(docs[index]))])
    return dict(workers.fork_map(count, task))


@functools.cache
def _validator(kind: str):
    """The kind's schema validator, with `date` checked by thai.parse_date (BE years, real days)."""
    from jsonschema import Draft7Validator, FormatChecker, validators

    checker = FormatChecker(formats=())
    checker.checks("date", raises=ValueError)(_is_date)
    # JSON Schema counts 2.0 as an integer; a webmaster's `number: 2.0` is a slip, not a number 2
    types = Draft7Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool))
    strict = validators.extend(Draft7Validator, type_checker=types)
    return strict(schema.load(kind), format_checker=checker)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True          # the type keyword reports non-strings
    thai.parse_date(value)   # raises ValueError for a bad form or a day that does not exist
    return True


def show(value: Any, limit: int = SHOW_LIMIT) -> str:
    """A value as it may appear in a message: invisible characters made visible, long text cut."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return _SHOW_AS_CODE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def _report(doc: RawDoc, error, problems: Problems) -> None:
    if error.validator in ("oneOf", "anyOf") and error.context:
        branch = _matching_branch(error)
        if branch:
            for sub in branch:
                _report(doc, sub, problems)
            return
    path = tuple(error.absolute_path)
    say = _MESSAGES.get(error.validator, _generic)
    for at_key, key_path, th, en, hint in say(error, path):
        line, col = doc.positions.of(key_path, key=at_key)
        problems.add(doc.rel, line, col, th, en, hint)


def _matching_branch(error) -> list | None:
    """For oneOf/anyOf, the errors of the branch whose type fits the value (a list for a mapping …)."""
    by_branch: dict[int, list] = {}
    for sub in error.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [subs for subs in by_branch.values() if not any(s.validator == "type" and not s.relative_path for s in subs)]
    if len(fitting) == 1:
        return fitting[0]
    return None


def _where(path: tuple) -> str:
    return ".".join(str(p + 1) if isinstance(p, int) else p for p in path) or "(ทั้งไฟล์ / whole file)"


def _additional(error, path):
    allowed = sorted(error.schema.get("properties", {}))
    extra = sorted(set(error.instance) - set(allowed), key=str)
    for key in extra:
        if any(re.search(p, str(key)) for p in error.schema.get("patternProperties", {})):
            continue
        meant = keynames.suggest(str(key), allowed)
        if meant:
            hint = keynames.hint(show(key), *meant)
        else:
            hint = "คีย์ที่ใช้ได้ (valid keys): " + (", ".join(allowed) or "-")
        if path[:1] == ("redirects",) and len(path) == 1:
            yield True, path + (key,), f"เส้นทางเดิม '{show(key)}' ใน redirects ใช้ไม่ได้", \
                f"'{show(key)}' is not a redirect path this site can have", PATTERN_HINTS["redirects"]
            continue
        if INVISIBLE.search(str(key)):
            hint = "ชื่อคีย์มีอักขระที่มองไม่เห็น (zero-width) ลบออก / the key has an invisible character"
        yield True, path + (key,), f"ไม่รู้จักคีย์ '{show(key)}'", f"unknown key '{show(key)}'", hint


def _required(error, path):
    missing = re.findall(r"'([^']+)' is a required property", error.message)
    known = set(error.schema.get("properties", {}))
    unknown = [str(k) for k in error.instance if k not in known] if isinstance(error.instance, dict) else []
    meant = {m[0] for m in (keynames.suggest(k, known) for k in unknown) if m}
    for key in missing:
        if key in meant:     # said once, on the line of the key that was meant to be it
            continue
        where = f" ใน {_where(path)}" if path else ""
        hint = f"เพิ่มบรรทัด {key}: ... / add {key}: ..."
        typo = difflib.get_close_matches(key, unknown, n=1, cutoff=0.6)
        if typo:
            hint = f"คีย์ '{show(typo[0])}' ในไฟล์นี้อาจสะกดผิด ควรเป็น '{key}' / '{show(typo[0])}' may be '{key}' misspelt"
        yield False, path, f"ขาดคีย์ที่ต้องมี '{key}'{where}", f"missing required key '{key}'", hint


def _type(error, path):
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    want_th = " หรือ ".join(TYPE_TH.get(t, t) for t in expected)
    got = _json_type(error.instance)
    if not path and got == "null":
        yield False, path, "ไฟล์ว่าง ไม่มีข้อมูล", "the file is empty", \
            "ใส่ข้อมูลแบบ คีย์: ค่า หรือลบไฟล์นี้ออก / write key: value lines, or delete the file"
        return
    hint = _colon_hint(error.instance) if "string" in expected and got == "object" else ""
    hint = hint or _type_hint(path, expected, got)
    yield False, path, f"{_where(path)}: ต้องเป็น{want_th} แต่พบ{TYPE_TH.get(got, got)}", \
        f"expected {' or '.join(expected)}, got {got}", hint


def _type_hint(path: tuple, expected: list, got: str) -> str:
    if not path and got == "array":
        return "ไฟล์นี้ต้องเป็นชุดคีย์ (key: value) ไม่ใช่รายการที่ขึ้นต้นด้วย - / the file must be a mapping, not a list"
    if not path:
        return "ไฟล์นี้ต้องเป็นชุดคีย์ เช่น บรรทัด title: ชื่อ / the file must hold key: value lines"
    if "string" in expected and got in ("integer", "number", "boolean"):
        return "ใส่เครื่องหมายคำพูดครอบค่า เช่น \"...\" / quote the value"
    if "integer" in expected and got in ("string", "number"):
        return "เขียนเป็นเลขอารบิกจำนวนเต็ม เช่น 1 ไม่ต้องมีเครื่องหมายคำพูด / write a whole number such as 1, without quotes"
    if "array" in expected:
        return "เขียนเป็นรายการ แต่ละข้อขึ้นบรรทัดใหม่ด้วย - / write a list, one line starting with - per entry"
    if "object" in expected:
        return "เขียนเป็นคีย์ย่อยแบบ คีย์: ค่า ที่เยื้องเข้าไป / write indented key: value lines"
    return ""


def _colon_hint(value: Any) -> str:
    """`- รายงานผล: ทุกเดือน` is read as a key and its value: the text needs quotes."""
    if not (isinstance(value, dict) and len(value) == 1):
        return ""
    (key, inner), = value.items()
    text = f"{key}: {'' if inner is None else inner}".rstrip()
    quoted = '"' + show(text).replace('"', '\\"') + '"'
    return (f"ข้อความที่มี : ตามด้วยช่องว่าง ถูกอ่านเป็นคีย์ ให้ใส่เครื่องหมายคำพูดครอบทั้งข้อความ เช่น - {quoted}"
            f" / text with \": \" in it is read as a key: put quotes around the whole text, - {quoted}")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", list: "array", dict: "object"}.get(type(value), "string")


def _min_items(error, path):
    yield False, path, f"{_where(path)}: รายการว่าง ต้องมีอย่างน้อย {error.validator_value} ข้อ", \
        f"empty list: at least {error.validator_value} item(s) required", "เพิ่มรายการโดยขึ้นบรรทัดด้วย - / add items starting with -"


def _min_length(error, path):
    yield False, path, f"{_where(path)}: ข้อความว่าง", "empty text", "ใส่ข้อความ หรือลบคีย์นี้ออก / write the text or remove the key"


def _enum(error, path):
    options = ", ".join(map(str, error.validator_value))
    yield False, path, f"{_where(path)}: ค่า '{show(error.instance)}' ใช้ไม่ได้", f"'{show(error.instance)}' is not one of: {options}", \
        f"เลือกจาก (choose one of): {options}"


def _format(error, path):
    value = show(error.instance)
    yield False, path, f"{_where(path)}: วันที่ '{value}' ไม่มีอยู่จริงหรือเขียนผิดรูปแบบ", \
        f"invalid or impossible date '{value}'", _date_hint(str(error.instance))


def _date_hint(value: str) -> str:
    """Why a date that looks like YYYY-MM-DD does not exist: month out of range, or too few days."""
    form = "เขียนเป็น ปี-เดือน-วัน เช่น 2564-01-08 หรือ 2021-01-08 / write YYYY-MM-DD"
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", thai.to_digits(value.strip(), "arabic"))
    if not match:
        return form
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return f"เดือนต้องอยู่ระหว่าง 01 ถึง 12 แต่พบ {month:02d} / the month must be 01 to 12, not {month:02d}"
    ce = year - thai.BE_OFFSET if year >= thai.BE_THRESHOLD else year
    if ce not in thai.REAL_YEARS:
        likely = thai.likely_year(year)
        guess = f"{year} -> {likely}? " if likely else ""
        first, last = thai.REAL_YEARS[0], thai.REAL_YEARS[-1]
        return (f"{guess}ปีต้องเป็น พ.ศ. {first + thai.BE_OFFSET}-{last + thai.BE_OFFSET} หรือ ค.ศ. {first}-{last} "
                f"ตรวจว่าพิมพ์ตัวเลขสลับกันหรือไม่ / {guess}the year must be {first + thai.BE_OFFSET}-"
                f"{last + thai.BE_OFFSET} BE or {first}-{last} CE: check for swapped digits")
    days = calendar.monthrange(ce, month)[1]
    era = f"พ.ศ. {year} (ค.ศ. {ce})" if ce != year else f"ค.ศ. {year}"
    era_en = f"{year} BE (CE {ce})" if ce != year else f"{year}"
    return (f"เดือน {month:02d} ของปี {era} มี {days} วัน จึงไม่มีวันที่ {day}"
            f" / month {month:02d} of {era_en} has {days} days, so there is no day {day}")


def _pattern(error, path):
    field = "redirects" if path[:1] == ("redirects",) else next((p for p in reversed(path) if isinstance(p, str)), "")
    hint = PATTERN_HINTS.get(field, "")
    if isinstance(error.instance, str) and INVISIBLE.search(error.instance):
        hint = "ค่ามีอักขระที่มองไม่เห็น (zero-width space) อยู่ข้างใน ลบออก / the value has an invisible character"
    yield False, path, f"{_where(path)}: รูปแบบของ '{show(error.instance)}' ไม่ถูกต้อง", \
        f"'{show(error.instance)}' does not match the expected form", hint


def _range(error, path):
    low = error.schema.get("minimum", "-")
    high = error.schema.get("maximum", "-")
    yield False, path, f"{_where(path)}: ค่า {show(error.instance)} ต้องอยู่ระหว่าง {low} ถึง {high}", \
        f"{show(error.instance)} is out of range {low}..{high}", \
        f"ใช้ตัวเลขตั้งแต่ {low} ถึง {high} / use a number from {low} to {high}"


def _one_of(error, path):
    if isinstance(error.instance, dict) and {"file", "url"} <= set(error.instance):
        yield False, path, f"{_where(path)}: ใส่ได้อย่างใดอย่างหนึ่ง file หรือ url", "give either file or url, not both", \
            "แยกเป็นสองเอกสาร / make them two documents"
        return
    if isinstance(error.instance, dict) and not {"file", "url"} & set(error.instance):
        yield False, path, f"{_where(path)}: เอกสารต้องมี file หรือ url", "a document needs a file or a url", \
            "เพิ่ม file: files/ชื่อไฟล์.pdf หรือ url: https://... / add file: or url:"
        return
    yield from _generic(error, path)


def _generic(error, path):
    yield False, path, f"{_where(path)}: ค่าไม่ถูกต้อง", show(error.message, 300), ""


_MESSAGES = {"additionalProperties": _additional, "required": _required, "type": _type,
             "minItems": _min_items, "minLength": _min_length, "enum": _enum, "format": _format,
             "pattern": _pattern, "minimum": _range, "maximum": _range, "oneOf": _one_of}
