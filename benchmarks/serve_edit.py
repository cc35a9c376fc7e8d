#!/usr/bin/env python3
"""Time a YAML edit through `ita-site serve`, from the save to the served page showing the change.

Starts `ita-site serve` on PROJECT (loopback only), waits until it serves the indicator page, then
REPEAT times: rewrites the first measure of INDICATOR (a YAML file under content/) with a new
marker text and polls the served indicator page over HTTP (every 5 ms) until its HTML holds the
marker. That is when a browser reloading on livereload's message could show it (the reload message
is sent after the rebuild, so a browser sees it no sooner). Prints one JSON line: seconds per edit
(wall, and CPU seconds of the serve process during it: on a loaded machine the honest figure),
serve's own "rebuilt ... in X s" figures, pages, peak RSS of the serve process.

--no-search-index runs serve with the search index step off (as benchmarks/ita_bench.py does). Before the
first edit and each next one the script waits until serve has no child process left (the background search
index and pack PDFs of the last change), as a webmaster's next save usually comes seconds later;
--no-settle edits without waiting.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SHIM = """
import sys
from ita_site.publish import search
search.index = lambda *a, **k: True
search.Background.request = lambda self: None
from ita_site.cli import main
sys.exit(main(sys.argv[1:]))
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", type=Path, required=True)
    ap.add_argument("--indicator", default=None, help="YAML file to edit, relative to the project")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pause", type=float, default=1.0, help="seconds between edits")
    ap.add_argument("--no-search-index", action="store_true")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--log", type=Path, default=None)
    ap.add_argument("--no-settle", dest="settle", action="store_false",
                    help="edit without waiting for serve's background work (search index, pack PDFs) to end")
    a = ap.parse_args()
    project = a.project.resolve()
    indicator = project / (a.indicator or _first_indicator(project))
    url_path = _indicator_url(project, indicator)
    port = _free_port()
    cmd = ([sys.executable, "-c", SHIM] if a.no_search_index else [sys.executable, "-m", "ita_site"])
    cmd += ["serve", "--project", str(project), "--port", str(port), "--host", "127.0.0.1"]
    log = open(a.log or os.devnull, "w", encoding="utf-8")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", errors="replace", bufsize=1, start_new_session=True)
    lines: list[str] = []
    import threading

    def pump():
        for line in proc.stdout:
            lines.append(line)
            log.write(line)
            log.flush()
    threading.Thread(target=pump, daemon=True).start()
    url = f"http://127.0.0.1:{port}/{url_path}"
    original = indicator.read_text(encoding="utf-8")
    result: dict = {"project": str(project), "edited": str(indicator.relative_to(project)), "page": url_path,
                    "search_index": not a.no_search_index, "edit_s": [], "edit_cpu_s": [],
                    "serve_reported_s": []}
    try:
        t0 = time.monotonic()
        _wait(url, None, t0 + a.timeout)
        result["startup_s"] = round(time.monotonic() - t0, 2)
        time.sleep(a.pause)
        result["background_settled_s"] = _settle(proc.pid, t0 + a.timeout) if a.settle else None
        for k in range(a.repeat):
            if a.settle:       # the last edit's search index and pack PDFs are done: a webmaster's next save
                _settle(proc.pid, time.monotonic() + 600)
            marker = f"มาตรการแก้ไขครั้งที่{k + 1}-{os.getpid()}"
            text = re.sub(r'(measures:\n  - ")', r"\g<1>" + marker, original, count=1)
            assert marker in text, "the indicator has no quoted first measure"
            seen = len(lines)
            cpu = _cpu(proc.pid)
            started = time.monotonic()
            indicator.write_text(text, encoding="utf-8")
            _wait(url, marker, started + 120)
            result["edit_s"].append(round(time.monotonic() - started, 4))
            result["edit_cpu_s"].append(round(_cpu(proc.pid) - cpu, 3))
            time.sleep(0.3)
            for line in lines[seen:]:
                match = re.search(r"in ([0-9.]+) s\)", line)
                if match:
                    result["serve_reported_s"].append(float(match.group(1)))
            time.sleep(a.pause)
        result["pages"] = _pages(lines)
        result["peak_rss_mib"] = _peak_rss(proc.pid)
    finally:
        indicator.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    edits = sorted(result["edit_s"])
    result["edit_median_s"] = edits[len(edits) // 2] if edits else None
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _settle(pid: int, deadline: float) -> float:
    """Wait until the serve process has had no child process (the background search index and pack PDFs)
    for 2 s; the seconds waited."""
    started, quiet_since = time.monotonic(), None
    while time.monotonic() < deadline:
        if _children(pid):
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 2:
            break
        time.sleep(0.1)
    return round(time.monotonic() - started, 2)


def _children(pid: int) -> list[str]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += task.read_text().split()
        except OSError:
            pass
    return found


def _wait(url: str, marker: str | None, deadline: float) -> None:
    needle = marker.encode("utf-8") if marker else None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                body = response.read()
                if response.status == 200 and (needle is None or needle in body):
                    return
        except OSError:
            time.sleep(0.05)
            continue
        time.sleep(0.005)
    raise SystemExit(f"timed out waiting for {url} ({marker})")


def _first_indicator(project: Path) -> str:
    found = sorted((project / "content").glob("*/*/01-*.yaml"))
    return str(found[len(found) // 2].relative_to(project))


def _indicator_url(project: Path, path: Path) -> str:
    year, item = path.parent.parent.name, path.parent.name
    number = re.search(r"^number: *(\d+)", path.read_text(encoding="utf-8"), re.M).group(1)
    return f"{year}/{item}/indicator-{number}/"


def _pages(lines: list[str]) -> int | None:
    for line in reversed(lines):
        match = re.search(r"of (\d+) pages", line)
        if match:
            return int(match.group(1))
    return None


def _cpu(pid: int) -> float:
    """User + system seconds of the serve process so far (its own threads; not Pagefind's process)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
