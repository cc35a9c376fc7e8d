"""Build warnings about evidence PDFs: scanned (image-only) and unreadable files (model/pdfinfo.py reads them)."""

from __future__ import annotations

from pathlib import Path

from ita_site.errors import Problems
from ita_site.model import site as model
from ita_site.model.pdfinfo import pdf_info


def check(site: model.Site, project: Path, problems: Problems) -> None:
    """Warn about scanned (image-only) and unreadable PDFs, once per file."""
    for item in site.items():
        for att in item.attachments():
            info = pdf_info(att)
            if info is None:
                continue
            where = _content_path(att.source, project)
            if info.error:
                problems.add(where, 0, 0, "อ่านไฟล์ PDF ไม่ได้ จึงนับหน้าและค้นหาข้อความไม่ได้",
                             f"cannot read the PDF ({info.error}), so its pages and text are unknown",
                             "ตรวจว่าไฟล์ไม่เสียหายและไม่ได้ตั้งรหัสผ่าน แล้วบันทึกเป็น PDF ใหม่ "
                             "/ check that the file is not damaged or password-protected; save it as PDF again",
                             severity="warning")
            elif info.is_scan:
                problems.add(where, 0, 0,
                             "ไฟล์ PDF ไม่มีชั้นข้อความ (น่าจะเป็นภาพสแกน) จึงค้นหาไม่ได้และโปรแกรมอ่านหน้าจออ่านออกเสียงไม่ได้",
                             "the PDF has no text layer (probably a scan): it cannot be searched or read aloud",
                             "ทำ OCR ให้ไฟล์ เช่น ocrmypdf -l tha+eng ไฟล์เดิม.pdf ไฟล์ใหม่.pdf หรือเผยแพร่ข้อความในหน้าเว็บด้วย "
                             "/ OCR it (e.g. ocrmypdf -l tha+eng in.pdf out.pdf) or publish its text on the page",
                             severity="warning")


def _content_path(source: Path, project: Path) -> str:
    try:
        return source.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(source)
