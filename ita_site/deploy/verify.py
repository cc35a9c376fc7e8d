"""`ita-site verify [URL]`: open every URL of the site as an assessor would, and report what is wrong.

The URL list: every page and file of the built site in output/ (pages as their directory URL, the way
they are submitted in ITAS), the links of the ITAS sheets (urls.csv), every URL of urls.ledger and the
moved URLs of site.yaml `redirects:`. Each must answer 200 with exactly the bytes this build made
(a page also with its canonical link), or for a moved URL 301 to its new place (a moved page may
instead answer with its redirect page); a made-up URL must answer 404 with the site's 404 page.
Requests go out a few at a time (--jobs) with a timeout each; a problem table and exit 1 on any.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import socket
import ssl
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from ita_site import urls
from ita_site.publish import ledger
from ita_site.errors import BuildError

EXIT_OK, EXIT_PROBLEMS = 0, 1
CANONICAL = re.compile(rb'<link rel="canonical" href="([^"]+)"')
MISSING = "ita-site-verify-no-such-page/"
USER_AGENT = "ita-site-verify (+https://github.com/; checks an ITA disclosure site)"


@dataclass(frozen=True)
class Check:
    path: str                     # site-relative URL path: "2564/o43/"
    expect: str                   # "file", "moved" or "missing"
    local: Path | None = None     # the file this build made
    target: str = ""              # for "moved": the new path or absolute URL


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def checks(project: Path, output: Path) -> tuple[str, list[Check]]:
    """The site's base_url and what to check."""
    from ita_site.pipeline import load_site

    site = load_site(project)
    found: dict[str, Check] = {}
    for path in sorted(output.rglob("*")):
        rel = path.relative_to(output).as_posix()
        if not path.is_file() or rel.startswith(".") or "/." in rel:
            continue
        url = rel.removesuffix("index.html") if rel == "index.html" or rel.endswith("/index.html") else rel
        found[url] = Check(url, "file", path)
    for link in sheet_links(output):
        if link.startswith(site.base_url):           # a document may live elsewhere on the main site
            url = link.removeprefix(site.base_url).partition("#")[0]
            found.setdefault(url, Check(url, "file", output / urls.output_file(url)))
    moved = dict(site.redirects)
    for entry in ledger.read(project, _Ignore()):
        url = entry.lstrip("/")
        if entry in moved:
            continue
        found.setdefault(url, Check(url, "file", output / urls.output_file(url)))
    for old, new in moved.items():
        url = old.lstrip("/")
        local = output / urls.output_file(url)
        found[url] = Check(url, "moved", local if local.is_file() else None,
                           new if "://" in new else new.lstrip("/"))
    found[MISSING] = Check(MISSING, "missing", output / "404.html")
    return site.base_url, [found[key] for key in sorted(found)]


def sheet_links(output: Path) -> list[str]:
    """Every URL of urls.csv and of the ITAS sheets (item page, document URLs), as submitted in ITAS."""
    links = []
    for path in [output / "urls.csv", *sorted(output.glob("itas-*.csv"))]:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            links += [word for cell in row for word in cell.split() if word.startswith(("http://", "https://"))]
    return links


class _Ignore:
    def add(self, *args, **kwargs) -> None:
        pass


def fetch(url: str, timeout: float) -> tuple[int, dict, bytes, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read(), ""
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read(), ""
    except (urllib.error.URLError, socket.timeout, TimeoutError, ssl.SSLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return 0, {}, b"", f"เปิดไม่ได้ (cannot open): {reason}"


def judge(check: Check, base: str, site_base: str, timeout: float) -> tuple[str, str] | None:
    """None when the URL answers as it should, else (status, problem)."""
    url = base + check.path
    status, headers, body, error = fetch(url, timeout)
    if error:
        return "-", error
    if check.expect == "missing":
        if status != 404:
            return str(status), f"URL ที่ไม่มีอยู่ต้องได้ 404 (a missing URL must answer 404, got {status})"
        if check.local and body != check.local.read_bytes():
            return "404", "ไม่ใช่หน้า 404 ของเว็บไซต์นี้ (not the site's own 404 page: ErrorDocument/error_page missing?)"
        return None
    if check.expect == "moved":
        want = check.target if "://" in check.target else base + check.target
        if status in (301, 308):
            where = urljoin(url, headers.get("Location", ""))
            return None if where == want else (str(status), f"ย้ายไปผิดที่: {where} (moved to the wrong place; want {want})")
        if status == 200 and check.local is not None and body == check.local.read_bytes():
            return None      # the redirect page the build made (a server without the 301 rule)
        return str(status), f"URL ที่ย้ายแล้วต้องได้ 301 ไปที่ {want} (a moved URL must answer 301 to {want})"
    if status != 200:
        return str(status), f"ต้องได้ 200 (must answer 200, got {status})"
    if check.local is None or not check.local.is_file():
        return None
    if hashlib.sha256(body).digest() != hashlib.sha256(check.local.read_bytes()).digest():
        return "200", "เนื้อหาไม่ตรงกับที่สร้างครั้งนี้ (not the file this build made: an old or edited copy?)"
    if check.local.suffix == ".html":
        found = CANONICAL.search(body)
        want = site_base + check.path
        if found and found.group(1).decode() != want:
            return "200", f"canonical ผิด: {found.group(1).decode()} (canonical link should be {want})"
    return None


def verify(project: Path, output: Path, url: str | None, out, *, timeout: float = 20.0, jobs: int = 8) -> int:
    if not (output / "urls.csv").is_file():
        out.problem(f"ไม่พบเว็บไซต์ที่สร้างแล้วใน {output}: รัน ita-site build ก่อน "
                    f"(no built site in {output}: run `ita-site build` first)")
        return EXIT_PROBLEMS
    try:
        site_base, todo = checks(project, output)
    except BuildError as exc:
        out.problem(exc.report())
        return EXIT_PROBLEMS
    base = (url or site_base).rstrip("/") + "/"
    out.info(f"ตรวจ {len(todo)} URL ที่ {base} (checking {len(todo)} URLs at {base})")
    problems: list[tuple[str, str, str]] = []
    step = max(1, len(todo) // 10)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = pool.map(lambda check: (check, judge(check, base, site_base, timeout)), todo)
        for number, (check, result) in enumerate(results, start=1):
            if result:
                problems.append((result[0], base + check.path, result[1]))
            if number % step == 0 or number == len(todo):
                bar = "#" * (20 * number // len(todo))
                out.info(f"  [{bar:<20}] {number}/{len(todo)}")
    if not problems:
        out.info(f"ผ่าน: ทุก URL ตอบถูกต้อง ({len(todo)} URLs answer as they should)", done=True)
        return EXIT_OK
    out.problem(f"พบปัญหา {len(problems)} URL ({len(problems)} problem(s)):")
    out.problem("สถานะ (status) | URL | ปัญหา (problem)")
    for status, where, text in problems:
        out.problem(f"{status} | {where} | {text}")
    return EXIT_PROBLEMS
