"""`ita-site serve`: preview on localhost, rebuild on every change, reload the browser.

The preview is built into .ita-site/preview/ (never output/, which stays what `build` last
published). A build that finds problems does not stop the server: every page of the preview shows
the problems, with file, line and message, until the file is fixed; then the next build replaces
the error pages and the browser reloads by itself.
"""

from __future__ import annotations

from pathlib import Path

from ita_site.errors import BuildError
from ita_site.guard import OutputRefused
from ita_site.publish.write import OutputError

WATCHED = ("content", "templates", "static")


def preview_dir(project: Path) -> Path:
    return project / ".ita-site" / "preview"


_REBUILDERS: dict = {}     # preview folder -> incremental.Rebuilder (its caches live between rebuilds)


def rebuild(project: Path, out, printer, changes=None) -> bool:
    """One preview build; on problems, write the error page over every page. True when it built.
    `changes`: the watcher's (event type, path) pairs since the last one, None when not known."""
    from ita_site.preview.incremental import Rebuilder   # renders only the pages whose inputs changed

    target = preview_dir(project)
    rebuilder = _REBUILDERS.get(target) or _REBUILDERS.setdefault(target, Rebuilder(project, target, printer.info))
    try:
        result = rebuilder.rebuild(changes)
        report = result.build
    except BuildError as exc:
        printer.problem(exc.report())
        show_problems(target, exc)
        return False
    except (OutputError, OutputRefused) as exc:
        printer.problem(str(exc))
        return False
    except Exception as exc:   # a bug in ita-site, not in the content: say so, keep serving
        from ita_site.preview.problem_page import crash_message

        message = crash_message(exc)           # names the file being processed; the traceback goes to a log
        printer.problem(message)
        _REBUILDERS.pop(target, None)          # start the next rebuild from scratch
        show_crash(target, message)
        return False
    printer.info(f"สร้างใหม่แล้ว {result.rendered} จาก {report.pages} หน้า ใน {result.seconds:.2f} วินาที "
                 f"(rebuilt {result.rendered} of {report.pages} pages in {result.seconds:.3f} s)")
    return True


def show_problems(target: Path, exc: BuildError) -> None:
    """Put the problems page in place of every page of the preview (and at the root)."""
    from ita_site.preview.problem_page import problems_page, write_everywhere

    write_everywhere(target, problems_page(exc.problems), _static_folders())


def show_crash(target: Path, message: str) -> None:
    from ita_site.preview.problem_page import crash_page, write_everywhere

    write_everywhere(target, crash_page(message), _static_folders())


def _named_files(project: Path) -> list[Path]:
    """Files site.yaml names that serve must follow wherever they are in the project: the logo. Read
    leniently (the build checks and reports the value); a path leading outside the project is left out."""
    import yaml

    try:
        data = yaml.safe_load((project / "content" / "site.yaml").read_text(encoding="utf-8"))
        value = data.get("logo") if isinstance(data, dict) else None
        path = (project / value).resolve() if isinstance(value, str) and value else None
    except (OSError, ValueError, yaml.YAMLError):
        return []
    return [path] if path is not None and path.is_relative_to(project.resolve()) else []


def _static_folders() -> list[Path]:
    return [Path(__file__).resolve().parents[1] / "static"]


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

    def __init__(self, folders: list[Path], rebuild, extra_files=lambda: []):
        self.folders, self.rebuild, self.extra_files = folders, rebuild, extra_files
        self._tasks = {"ita-site": None}       # livereload watches the working folder if this is empty
        self._changes: list = []                # (event type, path) since the last rebuild (preview/walk.py)
        self._unknown = False                   # a change without its path: content/ is walked
        self.filepath = None
        self.scheduled = False
        self._extra: set[Path] = set()          # files outside the folders (a logo): their folders are watched
        self._extra_folders: set[Path] = set()

    def start(self, callback) -> bool:
        from tornado.ioloop import IOLoop
        from watchdog import events
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        # Changes only: with opens and reads in the inotify mask, every rebuild's own reading of content/
        # (a walk of every folder, each changed document and attachment) came back as thousands of events
        # for the observer thread to decode in Python while the rebuild ran.
        self.changes_only = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
                             events.FileMovedEvent, events.FileClosedEvent, events.DirCreatedEvent,
                             events.DirModifiedEvent, events.DirDeletedEvent, events.DirMovedEvent]

        loop, watcher = IOLoop.current(), self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type not in ("opened", "closed_no_write"):
                    loop.add_callback(watcher.changed, loop, (event.event_type, event.src_path))

        class FileHandler(FileSystemEventHandler):
            """A folder outside content/, templates/, static/: only the named files count (never the
            preview or urls.ledger beside them, which a rebuild writes)."""

            def on_any_event(self, event):
                paths = {Path(getattr(event, name)) for name in ("src_path", "dest_path") if getattr(event, name, "")}
                if event.event_type not in ("opened", "closed_no_write") and paths & watcher._extra:
                    loop.add_callback(watcher.changed, loop)

        self.observer = Observer()
        for folder in self.folders:
            self.observer.schedule(Handler(), str(folder), recursive=True, event_filter=self.changes_only)
        self._file_handler = FileHandler()
        self.watch_extra_files()
        self.observer.daemon = True
        self.observer.start()
        return True                             # True: livereload does not poll

    def watch_extra_files(self) -> None:
        """Follow the files the site names outside the watched folders (site.yaml's `logo:`)."""
        self._extra = {path for path in self.extra_files()
                       if not any(path.is_relative_to(folder.resolve()) for folder in self.folders)}
        for folder in {path.parent for path in self._extra} - self._extra_folders:
            if folder.is_dir():
                self.observer.schedule(self._file_handler, str(folder), recursive=False,
                                       event_filter=self.changes_only)
                self._extra_folders.add(folder)

    def examine(self):
        return None, None

    def changed(self, loop, change=None) -> None:
        """On the server's loop: a change, (event type, path), or None for one not known."""
        if change is None:
            self._unknown = True
        else:
            self._changes.append(change)
        if not self.scheduled:
            self.scheduled = True
            loop.call_later(DEBOUNCE_S, self.run)

    def run(self) -> None:
        from livereload.handlers import LiveReloadHandler

        self.scheduled = False
        changes = None if self._unknown else self._changes
        self._changes, self._unknown = [], False
        changed = self.rebuild(changes)
        self.watch_extra_files()                # site.yaml may name another logo now
        if changed:
            LiveReloadHandler.reload_waiters("*")


def serve(project: Path, host: str, port: int, printer) -> int:
    from livereload import Server

    from ita_site.preview.reloads import Reloads, free_port

    chosen = free_port(host, port)
    if chosen is None:
        printer.problem(f"พอร์ต {port} ถึง {port + 19} ที่ {host} ถูกใช้อยู่ทั้งหมด: ปิดโปรแกรมที่ใช้อยู่"
                        f" หรือเลือกพอร์ตอื่นด้วย --port / ports {port}-{port + 19} on {host} are all busy:"
                        f" stop what uses them or choose another with --port")
        return 1
    if chosen != port:
        printer.problem(f"พอร์ต {port} ถูกใช้อยู่ (อาจเปิด ita-site serve ไว้แล้ว) จึงใช้พอร์ตว่างถัดไป {chosen} แทน"
                        f" / port {port} is busy (is ita-site serve already running?); using the next free"
                        f" port {chosen}", warning=True)
        port = chosen
    _external_reload_script(port)
    reloads = Reloads.install()
    rebuild(project, None, printer)
    folders = [project / name for name in WATCHED if (project / name).is_dir()]

    def again(changes=None) -> bool:
        """Rebuild; True when a browser should reload (the preview changed, or shows problems now)."""
        target = preview_dir(project)
        before = _REBUILDERS[target].session.writer.changes if target in _REBUILDERS else None
        built = rebuild(project, None, printer, changes)
        after = _REBUILDERS[target].session.writer.changes if target in _REBUILDERS else None
        changed = not built or before != after
        if changed:
            reloads.built(reload=False)        # _Watcher.run reloads; a browser reconnecting later does too
        return changed

    server = Server(watcher=_Watcher(folders, again, lambda: _named_files(project)))
    printer.info(f"ดูตัวอย่างได้ที่ http://{host}:{port}/ (preview at http://{host}:{port}/; Ctrl+C to stop)")
    try:
        server.serve(root=str(preview_dir(project)), host=host, port=port, restart_delay=0)
    except OSError as exc:
        printer.problem(f"เปิดเซิร์ฟเวอร์ที่ {host}:{port} ไม่ได้ ({exc.strerror}) ลองพอร์ตอื่นด้วย --port"
                        f" / cannot serve on {host}:{port} ({exc.strerror}): try another --port")
        return 1
    return 0
