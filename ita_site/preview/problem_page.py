"""The page `ita-site serve` shows in place of every preview page while the content has problems
(or a rebuild failed unexpectedly), in the site's own styles: Thai first, with English."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

STYLES = ("fonts.css", "site.css")


def _page(title: str, heading: str, body: str) -> bytes:
    links = "\n".join(f'<link rel="stylesheet" href="/assets/{name}">' for name in STYLES)
    return f"""<!DOCTYPE html>
<html lang="th">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | ita-site</title>
{links}
</head>
<body class="preview-problems">
<header class="site-header"><div class="container"><p class="site-name">ita-site serve</p>
<p class="site-tagline">ตัวอย่างเว็บไซต์ (preview)</p></div></header>
<main id="main" class="container">
<h1>{heading}</h1>
{body}
</main>
</body>
</html>
""".encode("utf-8")


def problems_page(problems) -> bytes:
    rows = "\n".join(
        f"<li><code>{html.escape(p.location())}</code><br>{html.escape(p.th)} "
        f"<span lang=\"en\">({html.escape(p.en)})</span>"
        + (f"<br>วิธีแก้: {html.escape(p.hint)}" if p.hint else "") + "</li>"
        for p in problems)
    body = f"""<p>แก้ไฟล์ตามรายการด้านล่างแล้วบันทึก หน้านี้จะโหลดใหม่เอง (<span lang="en">fix the files below and save;
this page reloads by itself</span>)</p>
<ol class="problems">
{rows}
</ol>"""
    return _page("พบปัญหาในเนื้อหา", f"พบปัญหา {len(problems)} รายการ ยังสร้างเว็บไซต์ไม่ได้", body)


def crash_page(message: str) -> bytes:
    body = f"""<p>เซิร์ฟเวอร์ยังทำงานอยู่ บันทึกไฟล์อีกครั้งเพื่อลองใหม่ หากยังเกิดซ้ำ โปรดแจ้งข้อความนี้แก่ผู้ดูแล ita-site
(<span lang="en">the server is still running: save again to retry; report this message if it repeats</span>)</p>
<pre class="problems">{html.escape(message)}</pre>"""
    return _page("ข้อผิดพลาดภายใน", "เกิดข้อผิดพลาดภายใน ita-site ระหว่างสร้างตัวอย่าง", body)


def write_everywhere(target: Path, page: bytes, static_dirs: list[Path]) -> None:
    """The page at the root and over every page; the site's styles in place if no build made them."""
    target.mkdir(parents=True, exist_ok=True)
    for name in STYLES:
        css = target / "assets" / name
        if not css.is_file():
            source = next((d / name for d in static_dirs if (d / name).is_file()), None)
            if source is not None:
                css.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, css)
    for path in [target / "index.html", *target.rglob("*.html")]:
        path.write_bytes(page)


def crash_message(exc: BaseException) -> str:
    """One short report of a rebuild's unexpected exception: the file being processed (crash.at), the
    error, and the log file that holds the whole traceback (crash.log), as `ita-site build` reports it."""
    import traceback

    from ita_site import crash

    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f" ({Path(where.filename).name}:{where.lineno})" if where else ""
    path = crash.log(exc)
    logged = (f"บันทึกรายละเอียดไว้ที่ {path} (full traceback in {path})" if path
              else "บันทึกรายละเอียดไม่ได้ (the traceback could not be logged)")
    return (f"{crash.current()}: เกิดข้อผิดพลาดภายใน ita-site ระหว่างสร้างตัวอย่าง: {type(exc).__name__}: {exc}{place}"
            f" / an unexpected error in ita-site during the rebuild; the server keeps running:"
            f" save again to retry, and report this message if it repeats\n    {logged}")
