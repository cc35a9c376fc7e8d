"""The URL ledger: every URL the site has ever published, so that no URL submitted in ITAS breaks.

`urls.ledger` sits in the project folder (beside content/, not inside it) and is committed with the
content. One URL path per line, relative to base_url and written with a leading slash ("/2564/o43/"),
sorted; lines starting with # are comments. It lists every public page (the pages of sitemap.xml) and
every published attachment; the webmaster report, ITAS sheets and machine files are not in it.

Each build checks the ledger: a listed URL that the build would no longer publish is an error, unless
site.yaml `redirects` says where it moved ("/2564/o1/": "/2564/o2/"). A moved page URL gets a redirect
page (meta refresh, canonical link to the new URL, visible link). `ita-site build` adds new URLs to the
ledger after a successful build (never on failure, never with --no-ledger-update, never for
`ita-site check` or `ita-site serve` previews); commit the updated file with the content. CI can run
`ita-site build` and then `git diff --exit-code urls.ledger` to catch a ledger that was not committed.
"""

from __future__ import annotations

import os
from pathlib import Path

from ita_site import urls
from ita_site.model import site as model
from ita_site.errors import Problems
from ita_site.content.load import RawDoc
from ita_site.pages.views import PageView, Views
from ita_site.publish.write import OutputError

FILE_NAME = "urls.ledger"
HEADER = """\
# urls.ledger: ทุก URL ที่เว็บไซต์นี้เคยเผยแพร่ (every URL this site has ever published)
# สร้างและเพิ่มโดย `ita-site build` ต้อง commit ไฟล์นี้พร้อมเนื้อหา (written by the build: commit it)
# URL ในไฟล์นี้ต้องไม่หายไป ถ้าย้าย ให้เพิ่มใน site.yaml: redirects: {"/เดิม/": "/ใหม่/"}
# (a URL listed here must not disappear; if it moved, add it to site.yaml redirects)
"""
PAGE_SUFFIXES = (".html", ".htm")


def ledger_path(project: Path) -> Path:
    return project / FILE_NAME


def as_path(url: str) -> str:
    """Site URL path ("2564/o43/") -> ledger form ("/2564/o43/")."""
    return "/" + url


def published(page_urls, attachment_urls) -> set[str]:
    return {as_path(u) for u in page_urls} | {as_path(u) for u in attachment_urls}


def read(project: Path, problems: Problems) -> dict[str, int]:
    """URL -> line number in the ledger (empty when there is no ledger yet)."""
    path = ledger_path(project)
    if not path.is_file():
        return {}
    entries: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not text.startswith("/") or any(c.isspace() for c in text):
            problems.add(FILE_NAME, number, 1, f"บรรทัดนี้ไม่ใช่ URL ที่ขึ้นต้นด้วย / : '{text}'",
                         f"not a URL path starting with /: '{text}'",
                         "แก้หรือลบบรรทัดนี้ / fix or delete the line")
            continue
        entries.setdefault(text, number)
    return entries


def page_redirects(site: model.Site, current: set[str]) -> dict[str, str]:
    """Redirects that become pages: old path (not published any more) -> target, old path page-like."""
    return {old: new for old, new in site.redirects.items()
            if old not in current and _page_file(old) is not None and _target_ok(new, current)}


def _page_file(old: str) -> str | None:
    """Output file of a redirect page at `old`, or None when `old` names a non-HTML file (a PDF)."""
    rel = old.lstrip("/")
    last = rel.rsplit("/", 1)[-1]
    if rel == "" or rel.endswith("/") or "." not in last:
        return urls.output_file(rel.rstrip("/") + "/" if rel else "")
    return rel if last.lower().endswith(PAGE_SUFFIXES) else None


def _target_ok(new: str, current: set[str]) -> bool:
    return "://" in new or new.partition("#")[0] in current


def check(project: Path, site: model.Site, site_doc: RawDoc | None, current: set[str],
          problems: Problems) -> list[str]:
    """Problems for vanished or mis-redirected URLs; returns the ledger's next content (sorted)."""
    entries = read(project, problems)
    _check_redirects(site, site_doc, current, problems)
    for url, line in sorted(entries.items(), key=lambda e: e[1]):
        if url in current:
            continue
        if url in site.redirects:
            if _page_file(url) is None:
                problems.add(FILE_NAME, line, 1, f"ไฟล์ {url} ย้ายไปที่ {site.redirects[url]}: หน้าเว็บเปลี่ยนทางไฟล์ไม่ได้ "
                             "output/.htaccess มีกฎ 301 ให้ Apache แล้ว เซิร์ฟเวอร์อื่นใช้ ita-site server-config",
                             f"{url} moved to {site.redirects[url]}: a static page cannot redirect a file; "
                             "output/.htaccess holds the 301 for Apache; for nginx or IIS see "
                             "`ita-site server-config nginx|iis`", severity="warning")
            continue
        problems.add(FILE_NAME, line, 1, f"URL {url} เคยเผยแพร่แล้ว แต่การสร้างครั้งนี้จะทำให้หายไป",
                     f"{url} was published before (it is in {FILE_NAME}) and this build would remove it",
                     "คืนไฟล์เนื้อหาของ URL นี้ หรือบอกว่าย้ายไปที่ใดใน content/site.yaml เช่น "
                     f'redirects: {{"{url}": "/ที่อยู่ใหม่/"}} / restore its content, or say where it moved '
                     "in site.yaml redirects")
    redirected = {old for old in site.redirects if old not in current}
    return sorted(set(entries) | current | redirected)


def _check_redirects(site: model.Site, site_doc: RawDoc | None, current: set[str], problems: Problems) -> None:
    rel = site_doc.rel if site_doc else "content/site.yaml"
    for old, new in site.redirects.items():
        line, col = site_doc.positions.of(("redirects", old)) if site_doc else (0, 0)
        if old in current:
            problems.add(rel, line, col, f"{old} ยังเป็นหน้าที่เผยแพร่อยู่ จึงย้าย (redirect) ไม่ได้",
                         f"{old} is still published, so it cannot redirect",
                         "ลบบรรทัดนี้ใน redirects / remove this redirect")
        elif not _target_ok(new, current):
            problems.add(rel, line, col, f"ปลายทาง {new} ของ {old} ไม่มีอยู่ในเว็บไซต์",
                         f"redirect target {new} of {old} is not a page of this build",
                         "ใช้ URL ที่มีอยู่ เช่น /2564/o1/ / point it at a published URL")


def redirect_pages(site: model.Site, current: set[str]) -> list[PageView]:
    views = Views(site)
    out = []
    for old, new in sorted(page_redirects(site, current).items()):
        url = _page_file(old)
        url = url.removesuffix("index.html") if url.endswith("index.html") else url
        if "://" in new:
            href = absolute = new
        else:
            target = new.lstrip("/")
            href, absolute = urls.relative(url, target), urls.absolute(site.base_url, target)
        ctx = views.base(url, "ย้ายไปที่อยู่ใหม่แล้ว (this page has moved)", [], f"ย้ายไปที่ {absolute}")
        ctx["page"]["canonical"] = absolute
        ctx["page"]["search"] = {**ctx["page"].get("search", {}), "index": False}   # not in site search
        ctx["redirect"] = {"href": href, "absolute": absolute}
        out.append(PageView(url, "redirect.html", ctx, in_sitemap=False, linked=False))
    return out


def render(entries: list[str]) -> str:
    return HEADER + "".join(f"{url}\n" for url in sorted(set(entries)))


def save(project: Path, entries: list[str]) -> list[str]:
    """Write the ledger when it changed; returns the URLs it did not list before."""
    path = ledger_path(project)
    before = set(read(project, Problems()))
    text = render(entries)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return []
    tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"เขียน {path} ไม่ได้ ({exc.strerror}): เว็บไซต์สร้างเสร็จแล้ว แต่ยังไม่ได้บันทึก URL ใหม่ "
                          f"(cannot write {path}: the site was built, but the new URLs were not recorded)") from None
    return sorted(set(entries) - before)
