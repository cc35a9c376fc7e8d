"""Keys as a Thai webmaster may type them: in Thai (มาตรการ), or in English on the Thai keyboard
layout (ทำฟหีพำห is "measures" typed with Kedmanee on), or misspelt. `suggest` names the key meant."""

from __future__ import annotations

import difflib

# Thai names people use for a key -> the keys they may mean, most likely first (the first one the
# mapping allows is suggested).
THAI_NAMES: dict[str, tuple[str, ...]] = {
    "มาตรการ": ("measures",),
    "ขั้นตอน": ("steps",), "วิธีการ": ("steps",), "ขั้นตอนวิธีการ": ("steps",), "ขั้นตอน/วิธีการ": ("steps",),
    "ขั้นตอนการดำเนินการ": ("steps",),
    "ผลการดำเนินการ": ("results",), "ผลการดำเนินงาน": ("results",), "ผลการดำเนินการตามมาตรการ": ("results",),
    "ผล": ("results",), "ผลลัพธ์": ("results",),
    "ตัวชี้วัด": ("ita_indicator", "title"), "ตัวชี้วัดที่": ("ita_indicator", "number"),
    "ชื่อ": ("title", "name"), "หัวข้อ": ("title",), "ชื่อเรื่อง": ("title",), "ชื่อรายการ": ("title",),
    "ลำดับ": ("number",), "ข้อ": ("number",), "เลขที่": ("number",),
    "วันที่": ("date", "updated"), "วันที่ปรับปรุง": ("updated",), "ปรับปรุง": ("updated",),
    "ไฟล์แนบ": ("file", "documents"), "ไฟล์": ("file",), "แนบ": ("file",),
    "เอกสาร": ("documents",), "เอกสารแนบ": ("documents", "file"), "หลักฐาน": ("documents",),
    "ลิงก์": ("url",), "ลิ้งค์": ("url",), "ลิงค์": ("url",), "เว็บไซต์": ("url", "main_site"),
    "สรุป": ("summary",), "คำอธิบาย": ("summary", "note"), "หมายเหตุ": ("note",), "เนื้อหา": ("body",),
    "รหัส": ("code",), "รหัสรายการ": ("code",), "หัวตาราง": ("caption",), "คำบรรยาย": ("caption",),
    "ที่อยู่": ("address",), "โทรศัพท์": ("phone",), "อีเมล": ("email",),
}

# Kedmanee (TIS 820-2538): the Thai character each key of a US keyboard types, unshifted and shifted.
_US = "`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./" + '~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:"ZXCVBNM<>?'
_TH = ("_ๅ/-ภถุึคตจขชๆไำพะัีรนยบลฃฟหกดเ้่าสวงผปแอิืทมใฝ"
       "%+๑๒๓๔ู฿๕๖๗๘๙๐\"ฎฑธํ๊ณฯญฐ,ฅฤฆฏโฌ็๋ษศซ.()ฉฮฺ์?ฒฬฦ")
FROM_KEDMANEE = {th: us for us, th in zip(_US, _TH)}


def from_kedmanee(text: str) -> str:
    """What `text` would have been with the English layout on (unknown characters kept)."""
    return "".join(FROM_KEDMANEE.get(ch, ch) for ch in text)


def suggest(key: str, allowed) -> tuple[str, str] | None:
    """(the key meant, why: "thai" | "kedmanee" | "typo") for an unknown key, or None."""
    allowed = sorted(allowed)
    name = key.strip().rstrip(":").replace(" ", "")
    for candidate in THAI_NAMES.get(name, ()):
        if candidate in allowed:
            return candidate, "thai"
    typed = from_kedmanee(name)
    if typed != name:
        if typed in allowed:
            return typed, "kedmanee"
        close = difflib.get_close_matches(typed, allowed, n=1, cutoff=0.75)
        if close:
            return close[0], "kedmanee"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return (close[0], "typo") if close else None


def hint(key: str, meant: str, why: str) -> str:
    if why == "thai":
        return (f"ชื่อคีย์ต้องเป็นภาษาอังกฤษ '{key}' คือ '{meant}' เขียนเป็น {meant}: "
                f"/ keys are written in English: did you mean '{meant}'?")
    if why == "kedmanee":
        return (f"พิมพ์ขณะแป้นพิมพ์เป็นภาษาไทย: สลับเป็นภาษาอังกฤษแล้วพิมพ์ {meant}: "
                f"/ typed with the Thai keyboard layout on: did you mean '{meant}'?")
    return f"คุณหมายถึง '{meant}' หรือไม่? (did you mean '{meant}'?)"
