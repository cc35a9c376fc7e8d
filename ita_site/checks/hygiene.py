"""Link hygiene on content: the links that cost an agency its OIT points, found with file and line.

Scanned: every `url:` field of items and indicators (documents, result links) and every Markdown or HTML
link inside their text fields and in free pages. The line of a YAML text field is the field's line;
the line of a link in a page body is its own line.

Errors: placeholder links (`#`, `#!`, empty, `javascript:`), links to localhost / 127.0.0.1 or to a
test, staging or dev host, and a link to the page it sits on. Warning: evidence (a `url:` field) hosted
outside the domain of the main website (site.yaml `main_site`). Missing attachments are reported by
assemble.py when the model is built.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from ita_site import textlimits
from ita_site.content import kinds, yamldoc
from ita_site.model import site as model
from ita_site.errors import Problems
from ita_site.content.load import RawDoc

MD_LINK = re.compile(r"\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)")   # one level of (), as Markdown
MD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)", re.MULTILINE)
HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
AUTOLINK = re.compile(r"<([a-z][a-z0-9+.-]*:[^>\s]*)>", re.IGNORECASE)
PLACEHOLDERS = {"", "#", "#!", "#/"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1"}
STAGING_LABELS = {"test", "staging", "stage", "dev", "uat"}
HINT_REAL = "ใส่ URL จริงบนเว็บไซต์หลักของหน่วยงาน / use the real URL on the agency's main website"
# Zero-width, bidi and other invisible characters: a URL holding one looks right and leads elsewhere.
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
HINT_RETYPE = "ลบ URL นี้แล้วพิมพ์ใหม่ทั้งหมด (อย่าคัดลอกจากเอกสารหรือแชต) / delete the URL and type it again"


def split(url: str):
    """urlsplit, or None for a URL it cannot read (a broken IPv6 bracket: http://[::1)."""
    try:
        parts = urlsplit(url)
        parts.hostname, parts.port        # both may raise for a malformed host or port
    except ValueError:
        return None
    return parts


def check(docs: list[RawDoc], site: model.Site, problems: Problems) -> None:
    pages = _own_pages(site)
    main = _domain(site.main_site)
    ours = {main, _domain(site.base_url)}
    for doc in docs:
        if doc.kind not in kinds.LINKS:
            continue
        own = pages.get(doc.rel, [])
        for path, key, text in yamldoc.strings(doc.data):
            bound = textlimits.complexity_problem(text)
            if bound:
                problems.add(doc.rel, *doc.positions.of(path), *bound[1:])
                continue
            if key == "url":
                found = _check_link(text, own, site) or _protocol_relative(text) or _check_domain(text, ours, main)
            else:
                found = [finding for target in links_in(text) for finding in _check_link(target, own, site)]
            if found:          # a position is worked out only for a field with a problem (yamldoc.Positions)
                line, col = doc.positions.of(path)
                for th, en, hint, severity in found:
                    problems.add(doc.rel, line, col, th, en, hint, severity=severity)
        bound = textlimits.complexity_problem(doc.body)
        if bound:
            problems.add(doc.rel, doc.body_line + bound[0], 1, *bound[1:])
            continue
        for offset, body_line in enumerate(doc.body.split("\n")):
            for target in links_in(body_line):
                for th, en, hint, severity in _check_link(target, own, site):
                    problems.add(doc.rel, doc.body_line + offset, 1, th, en, hint, severity=severity)


def links_in(text: str) -> list[str]:
    """Link targets of Markdown inline links, reference definitions, autolinks and raw HTML."""
    if "](" not in text and "]:" not in text and "<" not in text and "=" not in text:
        return []              # none of the four patterns can match: most text fields and lines
    found = [m.group(1).strip("<>") for m in MD_LINK.finditer(text)]
    found += [m.group(1).strip("<>") for m in MD_REFERENCE.finditer(text)]
    found += [m.group(1) for m in AUTOLINK.finditer(text)]
    found += [next(g for g in m.groups() if g is not None) for m in HTML_LINK.finditer(text)]
    return found


def _own_pages(site: model.Site) -> dict[str, list[str]]:
    """Content file -> the site URL paths its text appears on."""
    pages: dict[str, list[str]] = {}
    for item in site.items():
        pages.setdefault(item.source, []).append(item.url)
        for ind in item.indicators:
            pages.setdefault(ind.source, []).extend([ind.url, item.url])
    for page in site.pages:
        pages.setdefault(page.source, []).append(page.url)
    return pages


def _domain(url: str) -> str:
    parts = split(url)
    return ((parts.hostname if parts else "") or "").lower().removeprefix("www.")


Finding = tuple[str, str, str, str]     # Thai, English, hint, severity


def _check_link(target: str, own: list[str], site: model.Site) -> list[Finding]:
    text = target.strip()
    if text in PLACEHOLDERS or re.sub(r"\s", "", text).lower().startswith("javascript:"):
        return [(f"ลิงก์หลอก '{text}' ไม่พาไปที่ใด ผู้ประเมินเปิดแล้วไม่พบข้อมูล",
                 f"placeholder link '{text}' leads nowhere", HINT_REAL, "error")]
    bad = INVISIBLE.search(text)
    if bad:
        code = f"U+{ord(bad.group()):04X}"
        return [(f"URL มีอักขระที่มองไม่เห็น ({code}) ลิงก์จะพาไปผิดที่", f"the URL holds an invisible character {code}",
                 HINT_RETYPE, "error")]
    parts = split(text)
    if parts is None:
        return [(f"URL '{text}' เขียนผิดรูปแบบ (เช่น วงเล็บ [ ] ของที่อยู่ IPv6 ไม่ครบ หรือหมายเลขพอร์ตผิด)",
                 f"malformed URL '{text}' (an unclosed IPv6 bracket or a bad port)",
                 "แก้ URL ให้ถูกต้อง เช่น https://www.example.go.th/ / correct the URL", "error")]
    host = (parts.hostname or "").lower() if parts.netloc else ""
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return [(f"ลิงก์ไปยังเครื่องของผู้พัฒนา ({host}) ซึ่งคนอื่นเปิดไม่ได้",
                 f"link to a local machine ({host}): nobody else can open it", HINT_REAL, "error")]
    if host.split(".")[0] in STAGING_LABELS and host.count(".") >= 1:
        return [(f"ลิงก์ไปยังเว็บไซต์ทดสอบ ({host}) ไม่ใช่เว็บไซต์จริง",
                 f"link to a test or staging host ({host})", HINT_REAL, "error")]
    if not parts.fragment and _site_path(text, site, own) in own and own:
        return [("ลิงก์ชี้กลับมาที่หน้านี้เอง ผู้ประเมินจะไม่พบเอกสาร",
                 "link to its own page: it shows the assessor nothing new",
                 "ลิงก์ไปยังเอกสารหรือหน้าที่มีข้อมูลจริง / link the document itself", "error")]
    return []


def _protocol_relative(text: str) -> list[Finding]:
    """A document URL //host/x.pdf: the build would take it for a path of this site."""
    if not text.strip().startswith("//"):
        return []
    return [(f"URL '{text}' ไม่มี https: นำหน้า (protocol-relative) จึงไม่ใช่ที่อยู่เต็ม",
             f"protocol-relative URL '{text}': write the full address",
             f"ใส่ https: นำหน้า เช่น https:{text.strip()} / start it with https:", "error")]


def _site_path(target: str, site: model.Site, own: list[str]) -> str | None:
    """The site URL path (like "2564/o1/") a link leads to, or None when it leaves the site."""
    parts = split(target)
    if parts is None:
        return None
    if parts.scheme or parts.netloc:
        base = urlsplit(site.base_url)
        if parts.scheme not in ("http", "https") or parts.hostname != base.hostname \
                or not parts.path.startswith(base.path):
            return None
        path = parts.path[len(base.path):]
    elif target.startswith("/"):
        path = parts.path.lstrip("/")
    else:
        here = own[0] if own else ""
        path = posixpath.normpath(posixpath.join(here, parts.path)) if parts.path else here
        path = "" if path == "." else path
    path = path.removesuffix("index.html")
    return path if path == "" or path.endswith("/") or "." in path.rsplit("/", 1)[-1] else path + "/"


def _check_domain(target: str, ours: set[str], main: str) -> list[Finding]:
    parts = split(target.strip())
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return []
    host = parts.hostname.lower().removeprefix("www.")
    if host in ours or any(host.endswith("." + domain) for domain in ours if domain):
        return []
    return [(f"หลักฐานอยู่นอกเว็บไซต์หลักของหน่วยงาน ({host} ไม่ใช่ {main})",
             f"evidence is hosted outside the main website's domain ({host}, not {main})",
             "ผู้ประเมินต้องการหลักฐานบนเว็บไซต์หลัก: แนบไฟล์ไว้ในโฟลเดอร์ของรายการแทน "
             "/ assessors expect evidence on the main website: attach the file to the item instead", "warning")]
