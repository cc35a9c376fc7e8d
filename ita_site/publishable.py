"""What may be published from content/ and static/: an allow-list of document and image types.

Decided on the PUBLISHED name (after urls.ascii_segment renamed it: `notice.ht ml` becomes `...html`)
and on the file's own first bytes (a .pdf must start like a PDF, a .png like a PNG), so neither a
trailing space, a folder-like `notice.html/`, nor a renamed script gets through. Every dot-separated
part of both the written and the published name is looked at: `notice.php.pdf` is refused, because
some servers (Apache's AddHandler) run a file by an inner extension. A name ending in a dot or with no
extension at all is refused too. docs/security-headers.md says why these types and no others.

The build's own files (pages, feeds, .htaccess rules, search bundle) are not subject to this list.
"""

from __future__ import annotations

import os
from pathlib import Path

from ita_site import guard

# Documents and images an agency publishes as evidence, and what their bytes start with.
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)                 # .doc .xls .ppt (Office 97-2003)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")                        # .docx .xlsx .pptx .odt ... .zip
TEXT = object()                                              # plain text: must not open like markup
DOCUMENTS = {
    "pdf": (b"%PDF-",), "doc": _OLE, "xls": _OLE, "ppt": _OLE, "docx": _ZIP, "xlsx": _ZIP, "pptx": _ZIP,
    "odt": _ZIP, "ods": _ZIP, "odp": _ZIP, "zip": _ZIP, "rtf": (b"{\\rtf",), "txt": TEXT, "csv": TEXT,
    "tsv": TEXT,
}
IMAGES = {
    "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"), "webp": (b"RIFF",),
}
STYLE = {   # static/ only: the site's own look
    "css": TEXT, "woff2": (b"wOF2",), "woff": (b"wOFF",), "ttf": (b"\x00\x01\x00\x00", b"true"),
    "otf": (b"OTTO",), "ico": (b"\x00\x00\x01\x00",),
}
ATTACHMENT_TYPES = {**DOCUMENTS, **IMAGES}
STATIC_TYPES = {**DOCUMENTS, **IMAGES, **STYLE}
# Names a browser or a web server may run or obey: never published, not even as an inner extension.
ACTIVE = frozenset({
    "html", "htm", "xhtml", "xht", "shtml", "shtm", "mht", "mhtml", "hta", "svg", "svgz", "xml", "xsl", "xslt",
    "rss", "atom", "rdf", "kml", "kmz", "gpx", "xul", "js", "mjs", "cjs", "wasm", "swf", "jar", "class",
    "php", "php3", "php4", "php5", "php7", "php8", "phtml", "phps", "pht", "phar", "inc", "asp", "aspx",
    "asa", "asax", "ascx", "ashx", "asmx", "axd", "cer", "cshtml", "vbhtml", "jsp", "jspx", "cfm", "cgi",
    "fcgi", "pl", "pm", "py", "pyc", "rb", "sh", "bash", "bat", "cmd", "ps1", "vbs", "wsf", "exe", "dll",
    "com", "msi", "scr", "lnk", "htaccess", "htpasswd", "config", "ini", "user", "shtm", "stm", "ssi",
    "appcache", "manifest", "webmanifest", "map", "vtt",
})
SERVER_FILES = frozenset({".htaccess", ".htpasswd", "web.config", ".user.ini", "php.ini", "crossdomain.xml",
                          "clientaccesspolicy.xml", ".well-known"})
HINT = "แปลงเป็น PDF หรือรูปภาพ PNG/JPEG หรือบีบอัดเป็น .zip / convert it to PDF or a PNG/JPEG image, or zip it"
HINT_SERVER = ("ตั้งค่าที่เว็บเซิร์ฟเวอร์เองตาม docs/deploy.md ไม่ใช่ด้วยไฟล์ในเว็บไซต์ แล้วลบไฟล์นี้ออก"
               " / configure the web server itself (docs/deploy.md), not with a file in the site; remove this file")
SNIFF = 64


def refusal(written: str, published: str, source: Path | None, allowed: dict) -> tuple[str, str, str] | None:
    """(Thai, English, hint) when a file may not be published under `published`; None when it may."""
    name = published.rpartition("/")[2]
    written_name = written.rstrip("/").rpartition("/")[2]
    for shown in (written_name, name):
        if shown.lower() in SERVER_FILES or shown.lower().startswith(".ht"):
            return (f"'{shown}' เป็นไฟล์ตั้งค่าของเว็บเซิร์ฟเวอร์ จึงไม่เผยแพร่",
                    f"'{shown}' is a web server's settings file and is not published", HINT_SERVER)
    parts = {part.strip().lower() for n in (written_name, name) for part in n.split(".")[1:]}
    parts |= {"".join(ch for ch in part if ch.isalnum()) for part in parts}
    active = sorted(parts & ACTIVE)
    if active:
        return (f"ไฟล์ '{written_name}' มีนามสกุล .{active[0]} ซึ่งอาจมีสคริปต์ที่ทำงานในเบราว์เซอร์หรือบนเซิร์ฟเวอร์ จึงไม่เผยแพร่",
                f"'{written_name}' has the extension .{active[0]}, which can run scripts in a browser or on a "
                "server; it is not published", HINT)
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext not in allowed:
        kinds = ", ".join(sorted(allowed))
        what = f"นามสกุล .{ext}" if ext else "ไฟล์ที่ไม่มีนามสกุล"
        return (f"ไม่เผยแพร่{what} ('{written_name}' จะเผยแพร่เป็น '{name}')",
                f"'{written_name}' would be published as '{name}', and only these types are published: {kinds}",
                HINT)
    return _content_refusal(written_name, ext, source, allowed[ext]) if source is not None else None


def _content_refusal(written_name: str, ext: str, source: Path, starts) -> tuple[str, str, str] | None:
    try:
        with open(source, "rb") as handle:
            head = handle.read(SNIFF)
    except OSError:
        return None            # unreadable files are reported where they are read
    if starts is TEXT:
        text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
        if not text.startswith(b"<"):
            return None
        return (f"ไฟล์ '{written_name}' เป็นไฟล์ข้อความแต่ขึ้นต้นด้วยแท็ก HTML/XML", f"'{written_name}' is named "
                f".{ext} but starts with HTML or XML markup", HINT)
    if head.startswith(starts) and (ext != "webp" or head[8:12] == b"WEBP"):
        return None
    return (f"เนื้อในของไฟล์ '{written_name}' ไม่ใช่ไฟล์ .{ext} จริง (ไบต์แรกไม่ตรงกับชนิดไฟล์)",
            f"'{written_name}' does not start like a .{ext} file (its first bytes are {head[:8].hex(' ')})",
            f"บันทึกไฟล์ใหม่จากโปรแกรมต้นฉบับให้เป็น .{ext} จริง หรือแก้นามสกุลให้ตรงกับชนิดไฟล์"
            f" / save it again as a real .{ext} file, or give it the extension of what it is")


def static_files(project: Path, problems) -> list[tuple[str, Path]]:
    """(published path under assets/, file) of the site's own static/, each checked; problems at static/..."""
    root = project / "static"
    found: list[tuple[str, Path]] = []
    if not root.is_dir() or root.is_symlink():
        if root.is_symlink():
            problems.add("static", 0, 0, _LINK_TH, _LINK_EN, _LINK_HINT)
        return found
    for dirpath, dirs, files in os.walk(root):
        here = Path(dirpath)
        for name in sorted(dirs + files):
            path, rel = here / name, (here / name).relative_to(root).as_posix()
            shown = "static/" + rel
            if path.is_symlink():
                problems.add(shown, 0, 0, _LINK_TH, _LINK_EN, _LINK_HINT)
            elif name.startswith(".") and not (name.lower() in SERVER_FILES or name.lower().startswith(".ht")):
                pass                                  # .gitkeep, .DS_Store: never published, nothing to say
            elif path.is_dir():
                continue
            elif not path.is_file():
                problems.add(shown, 0, 0, "ไม่ใช่ไฟล์ธรรมดา (เช่น pipe หรืออุปกรณ์)", "not a regular file (a pipe or device)",
                             "ลบออก / delete it")
            else:
                published = "assets/" + rel           # static names are kept: templates refer to them
                bad = _name_refusal(published) or refusal(rel, published, path, STATIC_TYPES)
                if bad:
                    problems.add(shown, 0, 0, *bad)
                else:
                    found.append((published, path))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
    return sorted(found)


def _name_refusal(published: str) -> tuple[str, str, str] | None:
    for name in published.split("/"):
        why = guard.segment_problem(name)
        if why:
            return (f"ชื่อ '{name}' เผยแพร่ไม่ได้ (ชื่อที่ Windows สงวนไว้ หรือลงท้ายด้วยจุดหรือช่องว่าง)",
                    f"the name '{name}' cannot be published: {why}",
                    "เปลี่ยนชื่อไฟล์หรือโฟลเดอร์ / rename the file or folder")
    return None


_LINK_TH = "เป็นลิงก์สัญลักษณ์ (symlink) ซึ่งไม่เผยแพร่ เพราะอาจชี้ไปยังไฟล์นอกโครงการ"
_LINK_EN = "a symlink is not published from static/: it may lead to a file outside the project"
_LINK_HINT = "คัดลอกไฟล์จริงมาไว้ใน static/ แทนลิงก์ / copy the real file into static/ instead"
