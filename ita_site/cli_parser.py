"""The command line's arguments: `ita-site build | check | serve | report | new | import` here, `deploy`,
`verify` and `server-config` in deploy/arguments.py. cli.py parses with `parser()` and runs the command."""

from __future__ import annotations

import argparse
from pathlib import Path

COMMANDS = ("build", "check", "serve", "import", "new", "report", "server-config", "deploy", "verify")
CATALOGUES_HELP = """บัญชีรายการ OIT ที่มีในระบบ (shipped catalogues; ita_site/catalogues/README.md):
  nacc-2564          O1-O43  ยืนยันแล้ว (verified)
  nacc-2566, 2567    O1-O43  ยืนยันเกือบทั้งหมด (mostly verified)
  nacc-2568          O1-O26  ไม่พบคู่มือ ป.ป.ช.: ยืนยัน 12, บางส่วน 12, อนุมาน 2 (no NACC manual found)
  nacc-2569          O1-O26  ไม่พบคู่มือ ป.ป.ช.: ยืนยัน 1, บางส่วน 22, อนุมาน 3 (no NACC manual found)
  2570 ขึ้นไป         ฉบับชั่วคราวจาก nacc-2569 ทุกรายการยังไม่ยืนยัน พร้อมคำเตือน (provisional, with a warning)
ชื่อที่ยังไม่ยืนยันแจ้งว่า "ชื่อรายการยังไม่ยืนยัน: ตรวจกับคู่มือ ITA" (unconfirmed titles say so)"""

def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ita-site",
        description="สร้างเว็บไซต์เปิดเผยข้อมูล ITA/OIT จากไฟล์ YAML และ Markdown "
                    "(build an ITA/OIT disclosure site from YAML and Markdown)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--project", type=Path, default=Path("."),
                       help="โฟลเดอร์ของเว็บไซต์ที่มี content/ (site folder holding content/; default: .)")
        talk = p.add_mutually_exclusive_group()
        talk.add_argument("--quiet", "-q", action="store_true", help="พิมพ์เฉพาะปัญหา (print problems only)")
        talk.add_argument("--verbose", "-v", action="store_true",
                          help="พิมพ์รายละเอียด: เวลาแต่ละขั้นตอน จำนวนคลิก (details: stage timings, click depths)")

    build = sub.add_parser("build", help="ตรวจและสร้างเว็บไซต์ลง output/ (validate and build into output/)")
    common(build)
    build.add_argument("--output", type=Path, default=None, help="โฟลเดอร์ผลลัพธ์ (default: PROJECT/output)")
    build.add_argument("--no-ledger-update", action="store_true",
                       help="สำหรับ CI: ตรวจกับ urls.ledger แต่ไม่เพิ่ม URL ใหม่ และไม่สร้างถ้ายังมีข้อความ [กรอก]"
                            " (for CI: check against urls.ledger without adding URLs; refuse any [กรอก] placeholder)")
    build.add_argument("--locked", action="store_true",
                       help="สำหรับ CI: เหมือน --no-ledger-update และล้มเหลวถ้า urls.ledger ขาด URL ที่จะเผยแพร่ "
                            "(for CI: as --no-ledger-update, and fail when urls.ledger lacks a URL this build publishes)")
    check = sub.add_parser("check", help="ตรวจอย่างเดียว ไม่เขียน output/ (validate and check links only)")
    common(check)
    check.add_argument("--output", type=Path, default=None, help=argparse.SUPPRESS)
    for p in (build, check):
        p.add_argument("--cache-dir", type=Path, default=None,
                       help="โฟลเดอร์แคชของการสร้าง ใช้ซ้ำหน้า PDF และดัชนีค้นหาที่ข้อมูลไม่เปลี่ยน ให้ CI เก็บไว้ได้ "
                            "(build cache folder, kept by CI: pages, PDFs and the search index of unchanged "
                            "inputs are reused; default: PROJECT/.ita-cache)")
        p.add_argument("--no-cache", action="store_true",
                       help="ไม่อ่านและไม่เขียนแคช สร้างทุกอย่างใหม่ (build everything anew, without reading or "
                            "writing the build cache)")
    serve = sub.add_parser("serve", help="ดูตัวอย่างที่ localhost และสร้างใหม่เมื่อแก้ไฟล์ (preview with live reload)")
    common(serve)
    serve.add_argument("--port", type=int, default=8000,
                       help="พอร์ต ถ้าถูกใช้อยู่จะใช้พอร์ตว่างถัดไป (port; if busy, the next free one; default 8000)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="ที่อยู่ที่เปิดให้เข้าดู ปกติเฉพาะเครื่องนี้ (address to listen on; default 127.0.0.1,"
                            " this computer only)")
    imp = sub.add_parser("import", help="นำเข้าตารางมาตรการจาก .docx หรือ .tsv หรือแถวของรายการตารางจาก .xlsx/.csv "
                         "(import a measures table, or a table item's rows with --period)")
    imp.add_argument("file", type=Path, help="ไฟล์ .docx หรือข้อความคั่นด้วยแท็บ หรือ .xlsx/.csv กับ --period "
                     "(a .docx or tab-separated text file; an .xlsx or .csv sheet with --period)")
    imp.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2564 (fiscal year, Buddhist Era)")
    imp.add_argument("--item", required=True, help="รหัสรายการ เช่น o43 (item code)")
    imp.add_argument("--project", type=Path, default=Path("."), help="โฟลเดอร์ของเว็บไซต์ (the site folder)")
    imp.add_argument("--replace", "--force", dest="replace", action="store_true",
                     help="แทนที่ไฟล์ตัวชี้วัดเดิมของรายการนี้ทั้งหมด (replace the item's existing indicator files)")
    imp.add_argument("--period", help="งวดของแถวที่นำเข้า เช่น 2568-10 (ตุลาคม 2568) หรือ 2569-q1: นำเข้า .xlsx/.csv "
                     "เป็น rows/<งวด>.csv ของรายการตาราง (import a sheet as the rows of one period of a table item)")
    _new_parser(sub, common)
    _report_parser(sub, common)
    from ita_site.deploy.arguments import add_parsers   # deploy, verify, server-config
    add_parsers(sub, common)
    return parser


def _new_parser(sub, common) -> None:
    new = sub.add_parser("new", help="สร้างไฟล์ใหม่จากแม่แบบ: ปี รายการ ตัวชี้วัด (scaffold a year, item or indicator)",
                         formatter_class=argparse.RawDescriptionHelpFormatter,
                         epilog="ตัวอย่าง (examples):\n  ita-site new year 2569 --from 2564\n"
                                "  ita-site new item 2569 o11\n  ita-site new indicator 2569 o26 --title การเปิดเผยข้อมูล\n"
                                "ไม่เขียนทับไฟล์เดิม (never overwrites a file)\n\n" + CATALOGUES_HELP)
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    year = kinds.add_parser("year", help="ปีงบประมาณใหม่ เช่น 2568 (a new fiscal year)")
    year.add_argument("year", help="ปี พ.ศ. เช่น 2568")
    year.add_argument("--from", dest="from_year", help="เริ่มจากโครงสร้างของปีนี้ เช่น 2567 (copy that year's structure)")
    item = kinds.add_parser("item", help="รายการใหม่ เช่น 2568 o12 (a new item)")
    indicator = kinds.add_parser("indicator", help="ตัวชี้วัดใหม่ของรายงาน เช่น 2568 o43 (a new indicator file)")
    for p in (item, indicator):
        p.add_argument("year", help="ปี พ.ศ. เช่น 2568")
        p.add_argument("code", help="รหัสรายการ เช่น o12")
        p.add_argument("--title", help="ชื่อ (title)")
    indicator.add_argument("--name", help="ชื่อไฟล์หลังเลขลำดับ เช่น communication (file name after NN-)")
    for p in (year, item, indicator):
        common(p)


def _report_parser(sub, common) -> None:
    report = sub.add_parser("report", help="รายงานความครบถ้วนตามบัญชีรายการ OIT (OIT coverage report)")
    common(report)
    report.add_argument("--year", type=int, help="ปีงบประมาณ พ.ศ. เช่น 2564 (default: every year)")
    report.add_argument("--strict", action="store_true",
                        help="จบด้วยรหัส 1 ถ้ามีรายการที่ยังไม่เผยแพร่ (exit 1 when any item is not published)")
