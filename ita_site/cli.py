"""Command line: `ita-site build | check | serve | report | new | import`.

Thin: parse arguments, call one function, print, map expected failures to exit codes
(0 ok, 1 content problems, 2 usage, 3 output not writable). Heavy modules are imported inside the
command that needs them, so `--help` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3
COMMANDS = ("build", "check", "serve", "import")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ita-site",
        description="สร้างเว็บไซต์เปิดเผยข้อมูล ITA/OIT จากไฟล์ YAML และ Markdown "
                    "(build an ITA/OIT disclosure site from YAML and Markdown)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--project", type=Path, default=Path("."),
                       help="โฟลเดอร์ของเว็บไซต์ที่มี content/ (site folder holding content/; default: .)")
        p.add_argument("--quiet", "-q", action="store_true", help="พิมพ์เฉพาะปัญหา (print problems only)")
        p.add_argument("--verbose", "-v", action="store_true", help="พิมพ์รายละเอียด (print details)")

    build = sub.add_parser("build", help="ตรวจและสร้างเว็บไซต์ลง output/ (validate and build into output/)")
    common(build)
    build.add_argument("--output", type=Path, default=None, help="โฟลเดอร์ผลลัพธ์ (default: PROJECT/output)")
    check = sub.add_parser("check", help="ตรวจอย่างเดียว ไม่เขียน output/ (validate and check links only)")
    common(check)
    check.add_argument("--output", type=Path, default=None, help=argparse.SUPPRESS)
    serve = sub.add_parser("serve", help="ดูตัวอย่างที่ localhost และสร้างใหม่เมื่อแก้ไฟล์ (preview with live reload)")
    common(serve)
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    imp = sub.add_parser("import", help="นำเข้าตารางมาตรการจาก .docx หรือ .tsv (import a measures table)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2564")
    imp.add_argument("--item", required=True, help="รหัสรายการ เช่น o43")
    imp.add_argument("--project", type=Path, default=Path("."))
    imp.add_argument("--force", action="store_true", help="เขียนทับไฟล์เดิม (overwrite existing files)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")    # `ita-site` and `python build.py` alone build the site
    args = parser.parse_args(argv)
    handler = {"build": cmd_build, "check": cmd_build, "serve": cmd_serve, "import": cmd_import}[args.command]
    return handler(args)


class Printer:
    """Messages for people: problems to stderr, progress to stdout; colour only on a terminal."""

    def __init__(self, quiet: bool = False, verbose: bool = False):
        self.quiet, self.verbose = quiet, verbose
        self.colour = sys.stderr.isatty() and not os.environ.get("NO_COLOR")

    def info(self, text: str) -> None:
        if not self.quiet:
            print(text, flush=True)

    def detail(self, text: str) -> None:
        if self.verbose and not self.quiet:
            print(text, flush=True)

    def problem(self, text: str, warning: bool = False) -> None:
        if self.colour:
            text = ("\033[33m" if warning else "\033[31m") + text + "\033[0m"
        print(text, file=sys.stderr, flush=True)


def cmd_build(args) -> int:
    from ita_site.errors import BuildError
    from ita_site.pipeline import build_site
    from ita_site.write import OutputError

    out = Printer(args.quiet, args.verbose)
    project = args.project.resolve()
    output = (args.output or project / "output").resolve()
    checking = args.command == "check"
    try:
        report = build_site(project, output, write_output=not checking, say=out.info)
    except BuildError as exc:
        out.problem(exc.report())
        return EXIT_PROBLEMS
    except OutputError as exc:
        out.problem(str(exc))
        return EXIT_OUTPUT
    for warning in report.warnings:
        out.problem(warning.format(), warning=True)
    for page, depth in sorted(report.depths.items()):
        out.detail(f"  {depth} คลิก (clicks): /{page.removesuffix('index.html')}")
    verb = "ตรวจแล้ว (checked)" if checking else f"เขียน {report.files} ไฟล์ลง {output} (written)"
    out.info(f"เสร็จ: {report.pages} หน้า, {report.items} รายการ, {report.indicators} ตัวชี้วัด, "
             f"คำเตือน {len(report.warnings)}; {verb} ใน {report.seconds:.2f} วินาที "
             f"(done: {report.pages} pages, {report.items} items, {report.indicators} indicators, "
             f"{len(report.warnings)} warnings, {report.seconds:.2f} s)")
    return EXIT_OK


def cmd_serve(args) -> int:
    from ita_site.serve import serve

    return serve(args.project.resolve(), args.host, args.port, Printer(args.quiet, args.verbose))


def cmd_import(args) -> int:
    from ita_site.importer import import_table

    try:
        written = import_table(args.file, args.year, args.item, args.project.resolve() / "content", force=args.force)
    except (ValueError, FileExistsError, OSError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    for path in written:
        print(f"เขียน (wrote) {path}")
    return EXIT_OK
