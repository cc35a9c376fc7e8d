"""Plain helpers for the browser suite (no pytest here, so scripts can reuse them).

- StaticServer: a quiet threaded HTTP server on 127.0.0.1 that behaves like a
  static host: `/dir/` serves `/dir/index.html`, a missing path gets the site's
  `404.html` with status 404.
- launch_chromium: Debian's /usr/bin/chromium driven by Playwright.
- run_axe / run_vnu: axe-core in the page, the Nu Html Checker in one java call.
- build_site / html_pages: build a project with `python -m ita_site build`, list its pages.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# --------------------------------------------------------------------------- server


class _StaticHandler(SimpleHTTPRequestHandler):
    """Serves one directory like a static host; never lists directories.

    `prefix` mounts the directory under a base path (e.g. "/ita/"), as the
    site is deployed; paths outside it are missing.
    """

    prefix = "/"
    headers_to_send: dict[str, str] = {}
    delays: dict[str, float] = {}      # file suffix -> seconds to wait before answering (a slow network)

    def do_GET(self):
        wait = next((seconds for suffix, seconds in self.delays.items()
                     if self.path.split("?", 1)[0].endswith(suffix)), 0)
        if wait:
            time.sleep(wait)
        super().do_GET()

    def end_headers(self):
        for name, value in self.headers_to_send.items():    # on every answer, 404 included
            self.send_header(name, value)
        super().end_headers()

    def translate_path(self, path):
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if self.prefix != "/":
            if clean + "/" == self.prefix:
                clean = "/"  # "/ita" -> a directory -> redirected to "/ita/"
            elif clean.startswith(self.prefix):
                clean = "/" + clean[len(self.prefix):]
            else:
                return os.path.join(self.directory, "__outside_prefix__", "missing")
        return super().translate_path(clean)

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass  # quiet: no request log on stderr

    def list_directory(self, path):
        self.send_error(404)
        return None

    def send_error(self, code, message=None, explain=None):
        not_found_page = Path(self.directory) / "404.html"
        if code != 404 or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class StaticServer:
    """Context manager: serve `root` on 127.0.0.1 at a random free port (with `headers` on every answer,
    and files whose names end in a suffix of `delays` held back that many seconds)."""

    def __init__(self, root: Path, prefix: str = "/", headers: dict[str, str] | None = None,
                 delays: dict[str, float] | None = None):
        self.root = Path(root).resolve()
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        handler_class = type("Handler", (_StaticHandler,), {"prefix": self.prefix, "headers_to_send": headers or {},
                                                            "delays": delays or {}})
        handler = partial(handler_class, directory=str(self.root))
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        """URL of a site path ("/2564/") under the server's prefix."""
        return self.base_url + self.prefix + path.lstrip("/")

    def start(self) -> "StaticServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "StaticServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# --------------------------------------------------------------------------- browser


def launch_chromium(playwright):
    """Launch Debian's chromium (never a Playwright-downloaded browser)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def new_context(browser, **kwargs):
    """A context whose pages ignore our strict CSP, so axe can be injected."""
    kwargs.setdefault("bypass_csp", True)
    kwargs.setdefault("locale", "th-TH")
    return browser.new_context(**kwargs)


# --------------------------------------------------------------------------- axe


def run_axe(page, rules: list[str] | None = None) -> list[dict]:
    """Run axe-core on the loaded page; return its violations.

    By default runs every rule tagged WCAG 2.0/2.1/2.2 A and AA; `rules` runs
    exactly those rule ids instead (e.g. best-practice `heading-order`).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    if rules:
        run_only = {"type": "rule", "values": list(rules)}
    else:
        run_only = {"type": "tag", "values": WCAG_TAGS}
    options = {"runOnly": run_only, "resultTypes": ["violations"]}
    results = page.evaluate("options => window.axe.run(document, options)", options)
    return results["violations"]


def format_violations(violations: list[dict]) -> str:
    """Readable summary: rule id, impact, help, then each failing target."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact')}]: {v['help']} ({v.get('helpUrl', '')})")
        for node in v.get("nodes", [])[:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = " ".join(x.strip() for x in node.get("failureSummary", "").splitlines()[1:])
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- vnu


def _path_from_file_url(url: str) -> Path:
    return Path(unquote(urlparse(url).path)).resolve()


def run_vnu(paths: list[Path]) -> dict[Path, list[dict]]:
    """Check many HTML files with ONE java call; return errors per file.

    Keys are the resolved paths given; values are vnu messages of type
    "error" (or "non-document-error", e.g. an unreadable file).
    """
    files = [Path(p).resolve() for p in paths]
    errors: dict[Path, list[dict]] = {p: [] for p in files}
    if not files:
        return errors
    cmd = ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
    cmd += [str(p) for p in files]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    report = json.loads(proc.stderr or proc.stdout)  # vnu writes its JSON to stderr
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        path = _path_from_file_url(message.get("url", ""))
        errors.setdefault(path, []).append(message)
    return errors


def format_vnu(errors: dict[Path, list[dict]], base: Path | None = None) -> str:
    lines = []
    for path, messages in errors.items():
        name = path.relative_to(base) if base else path
        for m in messages:
            where = f"{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}"
            lines.append(f"- {name}:{where}: {m.get('message')}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- site


def build_site(project_dir: Path, out_dir: Path) -> subprocess.CompletedProcess:
    """Build `project_dir` into `out_dir` with the real CLI; raise if it fails."""
    cmd = [sys.executable, "-m", "ita_site", "build",
           "--project", str(project_dir), "--output", str(out_dir)]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, (
        f"build failed (exit {proc.returncode}): {' '.join(cmd)}\n"
        f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    )
    return proc


def html_pages(out_dir: Path) -> list[str]:
    """Every *.html page of a built site as a URL path ('/', '/2564/', '/404.html')."""
    out_dir = Path(out_dir)
    paths = []
    for file in sorted(out_dir.rglob("*.html")):
        rel = file.relative_to(out_dir)
        if rel.name == "index.html":
            parent = rel.parent.as_posix()
            paths.append("/" if parent == "." else f"/{parent}/")
        else:
            paths.append("/" + rel.as_posix())
    return paths


def site_base_path(out_dir: Path) -> str:
    """The path the site is deployed under ("/ita/"), from the home page's canonical link."""
    home = Path(out_dir) / "index.html"
    text = home.read_text(encoding="utf-8") if home.is_file() else ""
    match = re.search(r'<link\s+rel="canonical"\s+href="([^"]+)"', text)
    path = urlparse(match.group(1)).path if match else "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def html_file(out_dir: Path, url_path: str) -> Path:
    """The file that serves a URL path of html_pages()."""
    rel = url_path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return Path(out_dir) / rel
