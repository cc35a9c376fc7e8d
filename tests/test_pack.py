"""The assessor's pack: /<fy>/pack/ for print and /<fy>/pack.pdf, with Sarabun embedded and the same bytes each build."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader
from sitekit import build, minimal_files, write_site

from ita_site.pages import pack

pytestmark = pytest.mark.real_pdf     # these tests are about making the PDF: no memo (tests/pdfmemo.py)

TITLE = "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
NOTICE = "ประกาศ\n".encode("utf-8")


def _build(capsys, root, monkeypatch=None, epoch: str | None = None):
    project = root if (root / "content").is_dir() else write_site(root, minimal_files())
    if monkeypatch is not None:
        if epoch is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, _out, err = build(capsys, project)
    assert code == 0, err
    return project / "output"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from ita_site.pipeline import build_site

    project = write_site(tmp_path_factory.mktemp("pack"), minimal_files())
    build_site(project, project / "output", say=lambda _text: None)
    return project / "output"


def test_pdf_text_can_be_extracted_and_holds_every_item(built):
    data = (built / "2564/pack.pdf").read_bytes()
    text = pdf_text(data)
    assert unicodedata.normalize("NFKC", f"O43 {TITLE}") in text          # Thai text, as written
    assert "O1 โครงสร้าง" in text and "O42 " in text
    assert "https://www.test.go.th/ita/2564/o43/files/notice.txt" in text
    assert hashlib.sha256(NOTICE).hexdigest() in text.replace("\n", "")
    assert text.index("O1 ") < text.index("O2 ") < text.index("O43 ")     # catalogue order


def test_pdf_embeds_sarabun(built):
    reader = PdfReader(built / "2564/pack.pdf")
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts                            # every font is embedded
    assert all("Sarabun" in name for name in fonts), fonts


def test_two_builds_give_identical_pdf_bytes_and_follow_source_date_epoch(capsys, tmp_path, monkeypatch):
    first = _build(capsys, tmp_path / "a", monkeypatch)
    second = _build(capsys, tmp_path / "b", monkeypatch)                   # a fresh output: made again
    assert (first / "2564/pack.pdf").read_bytes() == (second / "2564/pack.pdf").read_bytes()
    meta = PdfReader(first / "2564/pack.pdf").metadata
    assert meta["/CreationDate"] == "D:20210108000000Z"                    # the year's last update
    epoch = _build(capsys, tmp_path / "c", monkeypatch, epoch="1714979290")
    assert PdfReader(epoch / "2564/pack.pdf").metadata["/CreationDate"] == "D:20240506070810Z"


def test_the_pdf_does_not_depend_on_where_ita_site_is_installed(capsys, tmp_path, monkeypatch):
    """A CI checkout in another folder gives the same bytes (the fonts' folder is not in the PDF's key)."""
    import shutil

    from ita_site.publish import pack_pdf

    here = (_build(capsys, tmp_path / "a", monkeypatch) / "2564/pack.pdf").read_bytes()
    moved = shutil.copytree(pack_pdf.FONTS, tmp_path / "elsewhere/ita_site/static/fonts")
    monkeypatch.setattr(pack_pdf, "FONTS", moved)
    assert (_build(capsys, tmp_path / "b", monkeypatch) / "2564/pack.pdf").read_bytes() == here


def test_an_unchanged_pack_is_not_made_again(capsys, tmp_path, monkeypatch):
    import weasyprint

    made = []
    real = weasyprint.HTML
    monkeypatch.setattr(weasyprint, "HTML", lambda *a, **kw: made.append(1) or real(*a, **kw))
    out = _build(capsys, tmp_path, monkeypatch)
    assert made == [1]
    before = (out / "2564/pack.pdf").read_bytes()
    _build(capsys, tmp_path, monkeypatch)
    assert made == [1] and (out / "2564/pack.pdf").read_bytes() == before
    item = tmp_path / "content/2564/o43/item.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "note: คำอธิบายใหม่สำหรับแบบ OIT\n", encoding="utf-8")
    _build(capsys, tmp_path, monkeypatch)
    assert made == [1, 1]
    assert "คำอธิบายใหม่สำหรับแบบ OIT" in unicodedata.normalize("NFC", pdf_text((out / "2564/pack.pdf").read_bytes())
                                                               .replace("\u0e4d\u0e32", "\u0e33"))


def test_pack_page_lists_every_item_and_is_linked_from_the_year_page_and_the_report(built):
    html = (built / "2564/pack/index.html").read_text(encoding="utf-8")
    assert html.count('<section class="pack-item"') == 43
    assert '<a href="../pack.pdf" type="application/pdf">' in html
    assert '<a href="../o43/files/notice.txt">ประกาศ</a>' in html
    assert f"<code>{hashlib.sha256(NOTICE).hexdigest()}</code>" in html
    assert re.search(r'<dd class="pack-has-yes">มี \(เผยแพร่แล้ว\)</dd>', html)
    year = (built / "2564/index.html").read_text(encoding="utf-8")
    assert 'href="pack/"' in year and 'href="pack.pdf" type="application/pdf"' in year
    report = (built / "report/2564/index.html").read_text(encoding="utf-8")
    assert 'href="../../2564/pack/"' in report and 'href="../../2564/pack.pdf"' in report


def test_no_pack_for_a_year_without_items():
    from ita_site.model import site as model

    empty = model.Year(2565, "nacc-2566", url="2565/")
    assert pack.links("2565/", empty) is None
    site = model.Site("ก", "", "https://a.go.th/", "https://a.go.th/ita/", "thai", {}, {}, {}, years=[empty])
    assert pack.years_with_items(site) == []


def test_the_years_packs_made_side_by_side_are_the_bytes_one_process_makes(capsys, tmp_path, monkeypatch):
    """Each year's pack is made by its own worker when there are cores to spare (ITA_SITE_JOBS); the
    PDFs are the same bytes as those made one after another, each year's its own."""
    files = minimal_files()
    files["content/site.yaml"] = files["content/site.yaml"].replace(
        '"2564": {catalogue: nacc-2564}', '"2564": {catalogue: nacc-2564}\n  "2566": {catalogue: nacc-2566}')
    for rel, text in list(files.items()):
        if rel.startswith("content/2564/"):
            files["content/2566/" + rel[len("content/2564/"):]] = text.replace("2021-01-08", "2023-01-08")
    packs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("ITA_SITE_JOBS", jobs)
        out = _build(capsys, write_site(tmp_path / f"jobs-{jobs}", files), monkeypatch)
        packs[jobs] = [(out / f"{year}/pack.pdf").read_bytes() for year in ("2564", "2566")]
    assert packs["1"] == packs["2"]
    first, second = (pdf_text(data) for data in packs["2"])
    assert "๒๕๖๔" in first and "๒๕๖๖" in second and packs["2"][0] != packs["2"][1]
