"""The ITAS sheet: one row per catalogue item, ready to copy into the OIT form at itas.nacc.go.th.

output/itas-<fy>.csv and output/itas-<fy>.xlsx list, in catalogue order: the item code, its title, the
item page URL and the URLs of all its evidence (documents, indicators' results, a table item's CSV and
XLSX), the explanatory note
(the item's `note`, else a generated Thai sentence saying where the item sits on the main website),
has / has not (มี/ไม่มี, following the period rules: evidence only out of period is ไม่มี) and the date
of the last update; those rules are model/evidence.py's, shared with the assessor's pack. In the XLSX
the URLs are hyperlinks, and a second sheet lists every evidence file with its type, size, date and
SHA-256.

Both files are byte-for-byte reproducible: the XLSX document properties and every ZIP entry carry one
fixed time, SOURCE_DATE_EPOCH when set, else the last `updated` date of the year's items.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timezone
from typing import NamedTuple

from ita_site import digest, periods, spreadsheet, thai, urls
from ita_site.model import coverage, evidence as rules, site as model
from ita_site.pages.fingerprint import plain_digest
from ita_site.publish import csvfile

HEADER = ("รหัสรายการ (code)", "ชื่อรายการ (title)", "URL หน้ารายการ (item URL)",
          "URL เอกสาร (document URLs)", "คำอธิบายเพิ่มเติม (note)", "มี/ไม่มี (has)",
          "ปรับปรุงล่าสุด (last update)")
FILES_HEADER = ("รหัสรายการ (code)", "ชื่อเอกสาร (title)", "URL", "ชนิด (type)", "ขนาด ไบต์ (bytes)",
                "ลงวันที่ (date)", "SHA-256")
ZIP_EPOCH = datetime(1980, 1, 1)


def rows(site: model.Site, year: model.Year) -> list[tuple[str, ...]]:
    out = []
    for row in coverage.year_coverage(year).rows:
        item = row.item
        if item is None:
            out.append((row.code, row.title, "", "", "", rules.HAS_NOT, ""))
            continue
        docs = [document_url(site, doc) for doc in rules.evidence(item)]
        out.append((row.code, row.title, urls.absolute(site.base_url, item.url), "\n".join(docs),
                    item.note or rules.generated_note(site, year, row), rules.HAS if rules.has(row) else rules.HAS_NOT,
                    thai.iso_date(item.updated)))
    return out


def file_rows(site: model.Site, year: model.Year) -> list[tuple]:
    """The sheet of evidence files: one row per file or link of each published item, in catalogue order."""
    out = []
    for row in coverage.year_coverage(year).rows:
        for entry in rules.evidence(row.item) if row.item else []:
            is_file = isinstance(entry, model.Attachment)
            kind = (entry.rel.rsplit(".", 1)[-1].upper() if "." in entry.rel else "") if is_file else "ลิงก์ (link)"
            out.append((row.code, entry.title, document_url(site, entry), kind, entry.size if is_file else "",
                        thai.iso_date(entry.date) if entry.date else "", digest.of(entry) if is_file else ""))
    return out


def document_url(site: model.Site, doc) -> str:
    if isinstance(doc, model.Attachment) or not ("://" in doc.url):
        return urls.absolute(site.base_url, doc.url.lstrip("/"))
    return doc.url


def files(site: model.Site, ctx) -> list[tuple[str, bytes]]:
    """The ITAS sheet of every fiscal year, as CSV and XLSX (an XLSX made from the same sheet is taken
    from the build cache: openpyxl takes about a tenth of a second per thousand rows)."""
    out = []
    for year in site.years:
        csv_name, xlsx_name = urls.itas_files(year.number)
        made = sheet(site, year, ctx.epoch)
        out += [(csv_name, csv_of(made)), (xlsx_name, cached_xlsx(made, ctx.cache))]
    return out


def cached_xlsx(made: "Sheet", cache) -> bytes:
    """xlsx_of(made), kept in the build cache under the digest of the sheet (openpyxl's version is part of
    the cache's identity, so a new openpyxl makes every sheet again)."""
    if cache is None:
        return xlsx_of(made)
    key = plain_digest(made).hex()
    data = cache.get("xlsx", key)
    if data is None:
        data = xlsx_of(made)
        cache.put("xlsx", key, data)
    return data


class Sheet(NamedTuple):
    """Everything a year's CSV and XLSX are made of, as plain data (`ita-site serve` keys the two files by
    it: csv_of and xlsx_of read nothing else)."""

    number: int
    agency: str
    when: datetime
    rows: list
    file_rows: list


def sheet(site: model.Site, year: model.Year, epoch: int | None = None) -> Sheet:
    return Sheet(year.number, site.agency, build_time(year, epoch), rows(site, year), file_rows(site, year))


def csv_of(made: Sheet) -> bytes:
    return csvfile.csv_bytes(HEADER, made.rows)


def build_time(year: model.Year, epoch: int | None) -> datetime:
    """The one time written into the XLSX (UTC, naive): SOURCE_DATE_EPOCH, else the content's date."""
    if epoch is not None:
        when = datetime.fromtimestamp(epoch, tz=timezone.utc).replace(tzinfo=None)
    else:
        day: date = max((item.updated for item in year.items), default=None) \
            or periods.fiscal_year_bounds(year.number)[0]
        when = datetime(day.year, day.month, day.day)
    return max(when, ZIP_EPOCH)


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose entries all carry one time and fixed permissions (openpyxl writes names only)."""

    fixed_time = ZIP_EPOCH

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, self.fixed_time.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """openpyxl writes each worksheet from a temporary file: keep its bytes, not its mtime."""
        with open(filename, "rb") as handle:
            self.writestr(arcname or str(filename), handle.read())


def _hyperlinks(sheet, columns) -> None:
    """URL cells become hyperlinks (to the first URL of a cell that lists several, one a line);
    the cell keeps its text, so copying it still gives every URL."""
    from openpyxl.styles import Alignment

    for column in columns:
        for cell in sheet[column][1:]:
            first = str(cell.value or "").split("\n", 1)[0]
            if first.startswith(("https://", "http://")):
                cell.hyperlink = first
                cell.style = "Hyperlink"
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def xlsx_bytes(site: model.Site, year: model.Year, epoch: int | None = None) -> bytes:
    return xlsx_of(sheet(site, year, epoch))


def xlsx_of(made: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"ITAS {made.number}"
    sheet.append(HEADER)
    for values in made.rows:
        sheet.append(spreadsheet.neutral_row(values))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"             # text, never a formula (openpyxl reads "=..." as one)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFG", (10, 50, 45, 60, 80, 10, 14)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    _hyperlinks(sheet, ("C", "D"))
    files = book.create_sheet(f"เอกสาร {made.number}")      # every evidence file, a hyperlink each
    files.append(FILES_HEADER)
    for values in made.file_rows:
        files.append(values)
    for cell in files[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFG", (10, 50, 60, 10, 12, 12, 66)):
        files.column_dimensions[column].width = width
    files.freeze_panes = "A2"
    _hyperlinks(files, ("C",))
    return workbook_bytes(book, f"ITAS OIT {made.number} {made.agency}", made.when)


def workbook_bytes(book, title: str, when: datetime) -> bytes:
    """An openpyxl workbook as reproducible XLSX bytes: one fixed time in its properties and ZIP entries."""
    from openpyxl.writer.excel import ExcelWriter

    props = book.properties
    props.creator, props.title = "ita-site", title
    props.created = props.modified = when
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED)
    archive.fixed_time = when
    ExcelWriter(book, archive).save()       # not book.save(): that stamps "modified" with the clock
    return buffer.getvalue()
