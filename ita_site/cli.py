"""Command line: `ita-site build | check | serve | report | new | import | deploy | verify | server-config`.

Thin: parse arguments, call one function, print, map expected failures to exit codes
(0 ok, 1 content problems, 2 usage, 3 output refused or not writable, 70 internal error: see crash.py). Heavy modules are imported inside the
command that needs them, so `--help` starts fast.
"""

from __future__ import annotations

import os
import sys
import time

from ita_site import cli_parser
from ita_site.errors import EXIT_OK, EXIT_OUTPUT, EXIT_PROBLEMS, EXIT_USAGE

PROGRESS_EVERY = 500     # pages between progress lines on long builds
LONG_BUILD = 500         # more pages than this: a line per stage on a terminal
STAGES = {"load": "อ่านไฟล์ (load)", "validate": "ตรวจข้อมูล (validate)", "model": "ประกอบเว็บไซต์ (model)",
          "render": "สร้างหน้า (render)", "check": "ตรวจลิงก์ (check links)", "write": "เขียนไฟล์ (write)"}


def main(argv: list[str] | None = None) -> int:
    parser = cli_parser.parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in cli_parser.COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")    # `ita-site` and `python build.py` alone build the site
    args = parser.parse_args(argv)
    handler = {"build": cmd_build, "check": cmd_build, "serve": cmd_serve, "import": cmd_import,
               "new": cmd_new, "report": cmd_report, "server-config": cmd_server_config,
               "deploy": cmd_deploy, "verify": cmd_verify}[args.command]
    try:
        return handler(args)
    except Exception as exc:              # a bug: a short report and a log, never a traceback (crash.py)
        from ita_site import crash

        print(crash.report(exc), file=sys.stderr, flush=True)
        return crash.EXIT_INTERNAL


class Printer:
    """Messages for people: problems to stderr, progress to stdout; colour only on a terminal."""

    def __init__(self, quiet: bool = False, verbose: bool = False):
        self.quiet, self.verbose = quiet, verbose
        self.terminal = sys.stdout.isatty()
        self.colour = _colour(sys.stderr)
        self.colour_out = _colour(sys.stdout)

    def info(self, text: str, done: bool = False) -> None:
        if not self.quiet:
            print(f"\033[32m{text}\033[0m" if done and self.colour_out else text, flush=True)

    def detail(self, text: str) -> None:
        if self.verbose and not self.quiet:
            print(text, flush=True)

    def problem(self, text: str, warning: bool = False) -> None:
        if self.colour:
            text = ("\033[33m" if warning else "\033[31m") + text + "\033[0m"
        print(text, file=sys.stderr, flush=True)


def _colour(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org) or TERM=dumb."""
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


class Progress:
    """Pipeline progress as lines: pages every PROGRESS_EVERY, and a line per stage with its time.

    Shown with --verbose, or on a terminal when the build is long; never with --quiet.
    """

    def __init__(self, out: Printer):
        self.out, self.mark, self.waiting = out, time.perf_counter(), []
        self.show = not out.quiet and (out.verbose or out.terminal)
        self.long, self.next_line = None, PROGRESS_EVERY

    def __call__(self, stage: str, done: int = 0, total: int = 0) -> None:
        if not self.show:
            return
        if done:
            self._page(done, total)
            return
        now = time.perf_counter()
        self.waiting.append(f"  {STAGES.get(stage, stage)}: {now - self.mark:.2f} วินาที (s)")
        self.mark = now
        self._flush()

    def _page(self, done: int, total: int) -> None:
        """Pages may come one by one or in batches (parallel rendering): a line per PROGRESS_EVERY crossed."""
        if self.long is None:
            self.long = total > LONG_BUILD
            self._flush()
        if done >= self.next_line:
            print(f"  สร้างหน้าแล้ว {done}/{total} หน้า (rendered {done}/{total} pages)", flush=True)
            self.next_line = (done // PROGRESS_EVERY + 1) * PROGRESS_EVERY

    def _flush(self) -> None:
        if self.out.verbose or self.long:
            for line in self.waiting:
                print(line, flush=True)
            self.waiting.clear()


def cmd_build(args) -> int:
    from ita_site.errors import BuildError
    from ita_site.guard import OutputRefused, check_output
    from ita_site.pipeline import build_site
    from ita_site.publish.buildcache import CacheRefused
    from ita_site.publish.write import OutputError

    out = Printer(args.quiet, args.verbose)
    project = args.project.resolve()
    output = (args.output or project / "output").resolve()
    checking = args.command == "check"
    try:
        check_output(project, output)          # a refused output folder is the message, before the cache's
        cache = _build_cache(args, project, output, out)
    except (OutputRefused, CacheRefused) as exc:
        out.problem(str(exc))
        return EXIT_OUTPUT if isinstance(exc, OutputRefused) else EXIT_USAGE
    try:
        locked = getattr(args, "locked", False)
        report = build_site(project, output, write_output=not checking, say=out.info, progress=Progress(out),
                            update_ledger=not checking and not args.no_ledger_update and not locked,
                            locked=not checking and (args.no_ledger_update or locked), require_ledger=locked,
                            cache=cache)
    except BuildError as exc:
        _discard(cache)
        out.problem(exc.report())
        return EXIT_PROBLEMS
    except (OutputError, OutputRefused) as exc:
        _discard(cache)
        out.problem(str(exc))
        return EXIT_OUTPUT
    if cache is not None:
        out.detail(f"แคชของการสร้าง (build cache) {cache.folder}: ใช้ซ้ำ/ทั้งหมด (reused/all): {cache.summary()}")
    for warning in report.warnings:
        out.problem(warning.format(), warning=True)
    for note in report.notes if not checking else ():
        out.info(note)
    if report.ledger_added:
        out.info(f"เพิ่ม URL ใหม่ {len(report.ledger_added)} รายการลงใน urls.ledger: โปรด commit ไฟล์นี้ "
                 f"({len(report.ledger_added)} new URL(s) added to urls.ledger: commit it)")
    out.detail("จำนวนคลิกจากหน้าแรกถึงแต่ละหน้า (clicks from the home page to each page):")
    for page, depth in sorted(report.depths.items()):
        out.detail(f"  {depth} คลิก (clicks): /{page.removesuffix('index.html')}")
    verb = "ตรวจแล้ว (checked)" if checking else f"เขียน {report.files} ไฟล์ลง {output} (written)"
    out.info(f"เสร็จ: {report.pages} หน้า, {report.items} รายการ, {report.indicators} ตัวชี้วัด, "
             f"คำเตือน {len(report.warnings)}; {verb} ใน {report.seconds:.2f} วินาที "
             f"(done: {report.pages} pages, {report.items} items, {report.indicators} indicators, "
             f"{len(report.warnings)} warnings, {report.seconds:.2f} s)", done=True)
    return EXIT_OK


def _discard(cache) -> None:
    if cache is not None:
        cache.discard()                # a refused build leaves no cache files behind either


def _build_cache(args, project, output, out):
    """The build cache of `build` and `check` (publish/buildcache.py), or None with --no-cache."""
    from ita_site.publish import buildcache

    return None if args.no_cache else buildcache.open_cache(project, output, args.cache_dir, out.info)


def cmd_serve(args) -> int:
    from ita_site.preview.serve import serve

    return serve(args.project.resolve(), args.host, args.port, Printer(args.quiet, args.verbose))


def cmd_import(args) -> int:
    from ita_site.authoring.import_files import import_into
    from ita_site.authoring.scaffold_files import ScaffoldError

    if args.period:
        return _import_rows(args)
    try:
        done = import_into(args.file, args.year, args.item, args.project.resolve() / "content", replace=args.replace)
    except (ValueError, FileExistsError, ScaffoldError) as exc:
        print(f"{args.file}: {exc.format() if isinstance(exc, ScaffoldError) else exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(f"{args.file}: เขียนไฟล์ไม่ได้ ({exc.strerror}: {exc.filename}) / cannot write files", file=sys.stderr)
        return EXIT_PROBLEMS
    for path in done.indicators + done.created:
        print(f"เขียน (wrote) {path}")
    for path in done.removed:
        print(f"ลบไฟล์เดิมที่ถูกแทนที่ (removed, replaced) {path}")
    for note in done.notes:
        print(note)
    return EXIT_OK


def _import_rows(args) -> int:
    from ita_site.authoring.importrows import import_rows

    try:
        notes = import_rows(args.file, args.year, args.item, args.period, args.project.resolve() / "content", args.replace)
    except (ValueError, FileExistsError, OSError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    for note in notes:
        print(note)
    return EXIT_OK


def cmd_new(args) -> int:
    from ita_site.authoring import scaffold

    out = Printer(args.quiet, args.verbose)
    try:
        if args.kind == "year":
            messages = scaffold.new_year(args.project, args.year, args.from_year)
        elif args.kind == "item":
            messages = scaffold.new_item(args.project, args.year, args.code, args.title)
        else:
            messages = scaffold.new_indicator(args.project, args.year, args.code, args.title, args.name)
    except scaffold.ScaffoldError as exc:
        out.problem(exc.format())
        return exc.code
    for message in messages:
        out.info(message)
    out.info("ต่อไป: แก้ข้อความที่ขึ้นต้นด้วย [กรอก] แล้วรัน ita-site check "
             "(next: replace the [กรอก] texts, then run ita-site check)", done=True)
    return EXIT_OK


def cmd_report(args) -> int:
    from ita_site.authoring import scaffold
    from ita_site.model import coverage

    out = Printer(args.quiet, args.verbose)
    site = _load_site(args, out)
    if site is None:
        return EXIT_PROBLEMS
    years = [y for y in site.years if args.year in (None, y.number)]
    if not years and args.year is not None:
        years = scaffold.catalogue_only_year(args.project.resolve(), args.year, out.info)
    if not years:
        known = ", ".join(str(y.number) for y in site.years) or "-"
        out.problem(f"ไม่มีปีงบประมาณ {args.year} ในเว็บไซต์นี้ (no fiscal year {args.year}; the site has: {known})")
        return EXIT_USAGE
    complete = True
    for year in years:
        cov = coverage.year_coverage(year)
        complete = complete and cov.complete
        print(coverage.report_text(cov, site.base_url), flush=True)
    return EXIT_PROBLEMS if args.strict and not complete else EXIT_OK


def cmd_deploy(args) -> int:
    from ita_site.deploy.run import Deploy

    out = Printer(args.quiet, args.verbose)
    output = _output_folder(args)
    return Deploy(output, args.dest, say=out.info, problem=out.problem, verbose=args.verbose, key=args.key,
                  known_hosts=args.known_hosts, ca_file=args.ca_file, project=args.project.resolve()).run(args.dry_run)


def cmd_verify(args) -> int:
    from ita_site.deploy.verify import verify

    out = Printer(args.quiet, args.verbose)
    output = _output_folder(args)
    return verify(args.project.resolve(), output, args.url, out, timeout=args.timeout, jobs=args.jobs)


def cmd_server_config(args) -> int:
    from ita_site.publish import serverrules

    out = Printer(args.quiet, args.verbose)
    site = _load_site(args, out)
    if site is None:
        return EXIT_PROBLEMS
    print(serverrules.config(site, args.kind, args.root), end="")
    return EXIT_OK


def _load_site(args, out):
    """The site's model for report and server-config, or None after printing the problems."""
    from ita_site.errors import BuildError
    from ita_site.pipeline import load_site

    try:
        return load_site(args.project.resolve())
    except BuildError as exc:
        out.problem(exc.report())
        return None


def _output_folder(args):
    """--output, or the project's output/: the built tree that deploy uploads and verify compares."""
    return (args.output or args.project.resolve() / "output").resolve()
