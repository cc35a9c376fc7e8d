"""Write the larger search test site (run from anywhere: python tests/sites/search/make_site.py).

A made-up agency with every item of the 2567 catalogue (O1-O43) and a 2566 measures report, so the
search has many pages that share words. A few items carry a target word in the middle of a long Thai
sentence (tests/browser/test_search.py queries them); O1 has a text PDF (its English word "Zircon" is
findable through the PDF's text page) and a scanned, image-only PDF (the build warns about it).
Output is deterministic: the committed files only change when this script does.
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))
from make_pdf import assemble, one_page, pdf_bytes  # noqa: E402 - the minimal text-PDF writer of the test sites

SITE = {
    "agency": {"name": "สำนักงานทดสอบการค้นหา", "name_en": "Search Test Office"},
    "main_site": "https://search.example.go.th/",
    "base_url": "https://search.example.go.th/ita/",
    "digits": "arabic",
    "contact": {"address": "1 ถนนค้นหา แขวงทดสอบ เขตสมมุติ กรุงเทพมหานคร 10998", "phone": "02-111-1111",
                "email": "ita@search.example.go.th"},
    "years": {"2566": {"catalogue": "nacc-2566"}, "2567": {"catalogue": "nacc-2567"}},
    "accessibility": {"standard": "WCAG 2.2 ระดับ AA", "contact": "ita@search.example.go.th",
                      "known_gaps": ["ไฟล์ PDF ที่สแกนในรายการ O1 ยังไม่มีข้อความ (The scanned PDF of O1 has no text yet.)"]},
}

FILLER = ("หน่วยงานเผยแพร่ข้อมูลรายการนี้บนเว็บไซต์หลักเพื่อให้ประชาชนและผู้ประเมินเข้าถึงได้โดยตรง "
          "โดยปรับปรุงข้อมูลให้เป็นปัจจุบันตลอดปีงบประมาณ พ.ศ. 2567")

# code -> (summary, body): the target words sit in the middle of long sentences.
SPECIAL = {
    "O1": ("แผนผังโครงสร้างการแบ่งส่วนราชการของสำนักงานทดสอบการค้นหา",
           "สำนักงานทดสอบการค้นหาแบ่งงานภายในเป็นสามกลุ่มงาน รายละเอียดอยู่ในไฟล์แนบ"),
    "O11": ("แผนดำเนินงานประจำปีของสำนักงาน",
            "แผนดำเนินงานประจำปีนี้ระบุโครงการทั้งหมดของสำนักงานพร้อมวงเงินงบประมาณที่ได้รับจัดสรรและระยะเวลาดำเนินการ"
            "ของแต่ละโครงการ ซึ่งผู้บริหารได้อนุมัติเมื่อต้นปีและติดตามผลทุกไตรมาส"),
    "O20": ("ประกาศเกี่ยวกับการจัดหาพัสดุของสำนักงาน",
            "สำนักงานได้ประกาศเชิญชวนผู้ประกอบการเข้ายื่นข้อเสนอด้วยวิธีประกวดราคาอิเล็กทรอนิกส์สำหรับโครงการจัดหา"
            "เครื่องคอมพิวเตอร์และอุปกรณ์ต่อพ่วงของกลุ่มงานเทคโนโลยี และประกาศผู้ชนะการเสนอราคาภายในเวลาที่กฎหมายกำหนด"),
    "O28": ("ช่องทางให้ประชาชนแจ้งเรื่องทุจริตและประพฤติมิชอบ",
            "ประชาชนสามารถแจ้งเรื่องได้หลายช่องทาง ทั้งทางโทรศัพท์ อีเมล จดหมาย และตู้รับเรื่องร้องเรียนที่ตั้งอยู่หน้าห้อง"
            "บริการประชาชนชั้นหนึ่งของอาคารสำนักงาน ซึ่งเจ้าหน้าที่จะเปิดตรวจทุกวันทำการและตอบกลับภายในสิบห้าวัน"),
}

O43_2566 = [
    ("01-communication.yaml", 1, "ประสิทธิภาพการสื่อสาร", 7,
     ["เผยแพร่ข้อมูลผ่านช่องทางที่หลากหลาย"], ["ปรับปรุงเว็บไซต์ทุกเดือน"],
     ["เผยแพร่ข่าวสารบนเว็บไซต์และเพจของหน่วยงานตลอดปี"]),
    ("02-assets.yaml", 2, "การใช้ทรัพย์สินของราชการ", 4,
     ["กำหนดขั้นตอนการขออนุญาตยืมทรัพย์สินของราชการให้ชัดเจน"],
     ["จัดทำแบบฟอร์มการยืมและคืนพัสดุพร้อมทะเบียนคุมที่ตรวจสอบได้"],
     ["เจ้าหน้าที่ทุกคนได้รับแจ้งแนวทางการยืมทรัพย์สินของราชการและใช้แบบฟอร์มเดียวกันทั้งสำนักงาน"]),
    ("03-budget.yaml", 3, "การใช้งบประมาณ", 2,
     ["เปิดเผยแผนการใช้จ่ายงบประมาณประจำปี"], ["ประชุมชี้แจงบุคลากรทุกไตรมาส"],
     ["เผยแพร่แผนและผลการใช้จ่ายบนเว็บไซต์"]),
]

TEXT_PDF = ("Structure report 2567", [
    "Structure report of the Search Test Office, fiscal year 2567.",
    "The asset register was reconciled by the Zircon committee in March 2024.",
    "Divisions: administration, technology, internal audit.",
])


def image_pdf() -> bytes:
    """A one-page PDF holding only a 16x16 grey image: what a scanner produces (no text at all)."""
    pixels = zlib.compress(bytes((x * 16 + y) % 256 for y in range(16) for x in range(16)))
    stream = b"q 400 0 0 500 100 200 cm /Im1 Do Q"
    return assemble(one_page(
        b"<< /XObject << /Im1 5 0 R >> >>", stream,
        b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream"))


def dump(path: Path, data: dict, schema: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    depth = len(path.relative_to(HERE).parts) - 1
    header = f"# yaml-language-server: $schema={'../' * (depth + 3)}ita_site/schemas/{schema}.schema.json\n"
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def items_2567() -> None:
    for number in range(1, 44):
        code = f"O{number}"
        summary, body = SPECIAL.get(code, (f"ข้อมูลรายการ {code} ของสำนักงานทดสอบการค้นหา", FILLER))
        data = {"code": code, "summary": summary, "updated": f"2024-03-{(number % 28) + 1:02d}", "body": body}
        if code == "O1":
            data["documents"] = [
                {"title": "รายงานโครงสร้างหน่วยงาน 2567", "file": "files/structure-report-2567.pdf", "date": "2024-03-02"},
                {"title": "คำสั่งแบ่งงาน (ฉบับสแกน)", "file": "files/scanned-order-2567.pdf", "date": "2024-03-02"},
            ]
        dump(CONTENT / "2567" / code.lower() / "item.yaml", data, "item")
    files = CONTENT / "2567" / "o1" / "files"
    files.mkdir(parents=True, exist_ok=True)
    (files / "structure-report-2567.pdf").write_bytes(pdf_bytes(*TEXT_PDF))
    (files / "scanned-order-2567.pdf").write_bytes(image_pdf())


def o43_2566() -> None:
    folder = CONTENT / "2566" / "o43"
    dump(folder / "item.yaml", {"code": "O43", "updated": "2023-09-29",
                                "summary": "ผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส 3 ด้าน"}, "item")
    for name, number, title, ita, measures, steps, results in O43_2566:
        dump(folder / name, {"number": number, "title": title, "ita_indicator": ita, "measures": measures,
                             "steps": steps, "results": results}, "indicator")


def main() -> None:
    dump(CONTENT / "site.yaml", SITE, "site")
    items_2567()
    o43_2566()
    page = CONTENT / "pages" / "contact.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("---\n# yaml-language-server: $schema=../../../../../ita_site/schemas/page.schema.json\n"
                    "title: ติดต่อเรา\nsummary: ที่อยู่และโทรศัพท์ของสำนักงานทดสอบการค้นหา\nnav_order: 1\n---\n\n"
                    "- **ที่อยู่:** 1 ถนนค้นหา แขวงทดสอบ เขตสมมุติ กรุงเทพมหานคร 10998\n"
                    "- **โทรศัพท์:** 02-111-1111\n", encoding="utf-8")
    print(f"wrote {sum(1 for p in CONTENT.rglob('*') if p.is_file())} files under {CONTENT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
