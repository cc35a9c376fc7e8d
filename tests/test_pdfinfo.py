"""Evidence files that explain themselves: PDF page count, scanned-PDF warning, text pages of PDFs."""

from __future__ import annotations

import importlib.util
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ita_site.model import pdfinfo
from ita_site.pipeline import build_site

ROOT = Path(__file__).resolve().parents[1]
SITES = ROOT / "tests" / "sites"


def _script(path: Path):
    """A generator script of the test sites, loaded as a module (they are not a package)."""
    sys.path.insert(0, str(SITES))                   # make_site.py imports make_pdf.py
    spec = importlib.util.spec_from_file_location(f"sites_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pdf_bytes = _script(SITES / "make_pdf.py").pdf_bytes
image_pdf = _script(SITES / "search" / "make_site.py").image_pdf

SEARCH_SITE = SITES / "search"
SCAN = "content/2567/o1/files/scanned-order-2567.pdf"
TEXT_PAGE = "2567/o1/files/structure-report-2567.pdf.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "output"
    report = build_site(SEARCH_SITE, out, say=lambda _text: None)
    return report, out


def test_text_pdf_has_its_pages_and_text(tmp_path):
    path = tmp_path / "two.pdf"
    path.write_bytes(pdf_bytes("Two words", ["Quarterly kumquat report", "second line"]))
    info = pdfinfo.read(path)
    assert (info.pages, info.has_text, info.is_scan, info.error) == (1, True, False, "")
    assert "kumquat" in info.texts[0]


def test_image_only_pdf_is_a_scan(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf())
    info = pdfinfo.read(path)
    assert (info.pages, info.has_text, info.is_scan) == (1, False, True)


def test_damaged_pdf_is_reported_not_raised(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a PDF at all")
    info = pdfinfo.read(path)
    assert info.error and not info.is_scan and info.pages == 0


def test_extracted_text_loses_control_characters():
    assert pdfinfo.clean_text("a\x00b\x0cc  \nline\x07 two ") == "abc\nline two"


def test_scanned_pdf_gives_one_warning_with_file_and_thai_english_hint(built):
    report, _out = built
    scans = [w for w in report.warnings if w.path == SCAN]
    assert len(scans) == 1, [w.format() for w in report.warnings]
    text = scans[0].format()
    assert "ภาพสแกน" in text and "cannot be searched or read aloud" in text
    assert "OCR" in scans[0].hint and "ทำ OCR" in scans[0].hint
    assert not [w for w in report.warnings if "structure-report" in w.path]   # the text PDF is fine


def test_cli_prints_the_scan_warning_and_still_builds(tmp_path):
    cmd = [sys.executable, "-m", "ita_site", "build", "--no-ledger-update", "--project", str(SEARCH_SITE),
           "--output", str(tmp_path / "out")]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert f"{SCAN}: คำเตือน" in proc.stderr
    assert "OCR" in proc.stderr


def test_evidence_list_shows_type_size_and_page_count(built):
    _report, out = built
    html = (out / "2567/o1/index.html").read_text(encoding="utf-8")
    text_pdf = re.search(r'href="files/structure-report-2567.pdf"[^>]*>[^<]*</a> <span class="file-meta">\(([^)]*)\)', html)
    assert text_pdf, html
    kind, size, pages = text_pdf.group(1).split(", ")
    assert kind == "PDF" and size.endswith("ไบต์") and pages == "1 หน้า"
    assert 'href="files/structure-report-2567.pdf.html"' in html
    scan = html[html.index("files/scanned-order-2567.pdf"):]
    assert "ภาพสแกน" in scan.split("</li>")[0]
    assert "scanned-order-2567.pdf.html" not in html          # no text page for a scan


def test_text_page_shows_the_pdf_text_and_links_back(built):
    _report, out = built
    html = (out / TEXT_PAGE).read_text(encoding="utf-8")
    assert "The asset register was reconciled by the Zircon committee" in html
    assert '<a href="structure-report-2567.pdf" type="application/pdf">' in html
    assert 'href="../"' in html                                  # back to the item page
    assert 'data-search-body' in html and 'data-code="O1"' in html and 'data-fiscal-year="2567"' in html
    assert not (out / "2567/o1/files/scanned-order-2567.pdf.html").exists()


def test_text_page_is_not_in_the_sitemap_but_the_pdf_is_published(built):
    _report, out = built
    assert "structure-report-2567.pdf.html" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    assert (out / "2567/o1/files/structure-report-2567.pdf").is_file()


def _pdf_with_a_lone_surrogate() -> bytes:
    """A one-page PDF whose font map (ToUnicode) sends 'A' to U+D800, as broken font maps do: pypdf
    extracts the text 'ABAB' as '\\ud800B\\ud800B', which cannot be written as UTF-8."""
    assemble = _script(SITES / "make_pdf.py").assemble
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Broken def /CMapType 2 def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"2 beginbfchar <41> <D800> <42> <0042> endbfchar\n"
            b"endcmap CMapName currentdict /CMapName exch defineresource pop end end")
    content = b"BT /F1 12 Tf 72 720 Td (ABAB Tilapia) Tj ET"
    return assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ])


def test_a_pdf_whose_text_has_a_lone_surrogate_builds_and_its_text_page_is_utf8(tmp_path):
    """Issue 12: such a PDF was blamed on a template and stopped the whole site."""
    from sitekit import ITEM_YAML, minimal_files, write_site

    item = ITEM_YAML + "documents:\n  - title: ประกาศ\n    file: files/notice.pdf\n"
    project = write_site(tmp_path / "project", minimal_files({"content/2564/o43/item.yaml": item}))
    (project / "content/2564/o43/files/notice.pdf").write_bytes(_pdf_with_a_lone_surrogate())
    done = subprocess.run([sys.executable, "-m", "ita_site", "build", "-q", "--project", str(project)],
                          capture_output=True, text=True, cwd=project,
                          env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}, timeout=300)
    assert (done.returncode, done.stderr) == (0, "")
    text_page = (project / "output/2564/o43/files/notice.pdf.html").read_bytes().decode("utf-8")
    assert "\ufffdB\ufffdB" in text_page and "Tilapia" in text_page
    assert (project / "output/2564/o43/files/notice.pdf").read_bytes() == _pdf_with_a_lone_surrogate()


def test_text_of_thai_pdf_fonts_private_use_glyphs_reads_as_thai():
    """The PDF-text page shows Thai, not glyph codes (screen readers read it; search finds it either way)."""
    assert pdfinfo.clean_text("การป\uf70bองกัน ท\uf70aองเที\uf70aยว") == "การป้องกัน ท่องเที่ยว"
