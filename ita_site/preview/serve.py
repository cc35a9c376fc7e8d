"""`ita-site serve`: preview on localhost, rebuild on every change, reload the browser.

The preview is built into .ita-site/preview/ (never output/, which stays what `build` last
published). A build that finds problems does not stop the server: every page of the preview shows
the problems, with file, line and message, until the file is fixed; then the next build replaces
the error pages and the browser reloads by itself.
"""

from __future__ import annotations

import html
from pathlib import Path

from ita_site.errors import BuildError
from ita_site.publish.write import OutputError

WATCHED = ("content", "templates", "static")


def preview_dir(project: Path) -> Path:
    return project / ".ita-site" / "preview"


_REBUILDERS: dict = {}     # preview folder -> incremental.Rebuilder (its caches live between rebuilds)


def rebuild(project: Path, out, printer) -> bool:
    """One preview build; on problems, write the error page over every page. True when it built."""
    from ita_site.preview.incremental import Rebuilder   # renders only the pages whose inputs changed

    target = preview_dir(project)
    rebuilder = _REBUILDERS.get(target) or _REBUILDERS.setdefault(target, Rebuilder(project, target, printer.info))
    try:
        result = rebuilder.rebuild()
        report = result.build
    except BuildError as exc:
        printer.problem(exc.report())
        show_problems(target, exc)
        return False
    except OutputError as exc:
        printer.problem(str(exc))
        return False
    printer.info(f"สร้างใหม่แล้ว {result.rendered} จาก {report.pages} หน้า ใน {result.seconds:.2f} วินาที "
                 f"(rebuilt {result.rendered} of {report.pages} pages in {result.seconds:.3f} s)")
    return True


def error_page(exc: BuildError) -> bytes:
    rows = "\n".join(
        f"<li><code>{html.escape(p.location())}</code><br>{html.escape(p.th)} "
        f"<span lang=\"en\">({html.escape(p.en)})</span>"
        + (f"<br>วิธีแก้: {html.escape(p.hint)}" if p.hint else "") + "</li>"
        for p in exc.problems)
    return f"""<!DOCTYPE html>
<html lang="th">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>พบปัญหาในเนื้อหา | ita-site</title></head>
<body>
<main id="main">
<h1>พบปัญหา {len(exc.problems)} รายการ ยังสร้างเว็บไซต์ไม่ได้</h1>
<p>แก้ไฟล์ตามรายการด้านล่างแล้วบันทึก หน้านี้จะโหลดใหม่เอง (<span lang="en">fix the files below and save;
this page reloads by itself</span>)</p>
<ol class="problems">
{rows}
</ol>
</main>
</body>
</html>
""".encode("utf-8")


def show_problems(target: Path, exc: BuildError) -> None:
    """Put the problems page in place of every page of the preview (and at the root)."""
    page = error_page(exc)
    target.mkdir(parents=True, exist_ok=True)
    for path in [target / "index.html", *target.rglob("*.html")]:
        path.write_bytes(page)


def _external_reload_script(port: int) -> None:
    """Make livereload add `<script src=/livereload.js>` instead of its inline snippet.

    Our pages carry a strict Content-Security-Policy (script-src 'self', no inline scripts), which
    rightly blocks livereload's inline loader; a same-origin script file is allowed.
    """
    import livereload.server

    tag = f'<script src="/livereload.js?port={port}"></script>'.encode()
    injector = livereload.server.LiveScriptInjector
    original = injector.transform_first_chunk

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        self.script = tag
        return original(self, status_code, headers, chunk, finishing)

    injector.transform_first_chunk = transform_first_chunk


DEBOUNCE_S = 0.02     # an editor's save is often several events (write, rename, chmod): one rebuild


class _Watcher:
    """Changes under content/, templates/, static/ as inotify events (watchdog), for livereload.

    It takes the place of livereload's own watcher, which polls every 0.8 s (scanning every file of a
    large site each time), waits a delay, and skips a reload within 3 s of the previous one: here a
    save starts the rebuild 20 ms later on the server's loop, and the browsers reload when the
    preview has changed. livereload calls start() when the server starts.
    """

    def __init__(self, folders: list[Path], rebuild):
        self.folders, self.rebuild = folders, rebuild
        self._tasks = {"ita-site": None}       # livereload watches the working folder if this is empty
        self._changes: list = []
        self.filepath = None
        self.scheduled = False

    def start(self, callback) -> bool:
        from tornado.ioloop import IOLoop
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        loop, watcher = IOLoop.current(), self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type not in ("opened", "closed_no_write"):
                    loop.add_callback(watcher.changed, loop)

        self.observer = Observer()
        for folder in self.folders:
            self.observer.schedule(Handler(), str(folder), recursive=True)
        self.observer.daemon = True
        self.observer.start()
        return True                             # True: livereload does not poll

    def examine(self):
        return None, None

    def changed(self, loop) -> None:
        if not self.scheduled:
            self.scheduled = True
            loop.call_later(DEBOUNCE_S, self.run)

    def run(self) -> None:
        from livereload.handlers import LiveReloadHandler

        self.scheduled = False
        if self.rebuild():
            LiveReloadHandler.reload_waiters("*")


def serve(project: Path, host: str, port: int, printer) -> int:
    from livereload import Server

    _external_reload_script(port)
    rebuild(project, None, printer)
    folders = [project / name for name in WATCHED if (project / name).is_dir()]

    def again() -> bool:
        """Rebuild; True when a browser should reload (the preview changed, or shows problems now)."""
        target = preview_dir(project)
        before = _REBUILDERS[target].session.writer.changes if target in _REBUILDERS else None
        built = rebuild(project, None, printer)
        after = _REBUILDERS[target].session.writer.changes if target in _REBUILDERS else None
        return not built or before != after

    server = Server(watcher=_Watcher(folders, again))
    printer.info(f"ดูตัวอย่างได้ที่ http://{host}:{port}/ (preview at http://{host}:{port}/; Ctrl+C to stop)")
    server.serve(root=str(preview_dir(project)), host=host, port=port, restart_delay=0)
    return 0
