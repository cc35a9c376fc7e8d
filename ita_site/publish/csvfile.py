"""CSV files as Excel opens Thai text: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting.

Every cell goes through spreadsheet.neutral: text that Excel would run as a formula (=, +, -, @) is
written with a leading quote (OWASP CSV injection). One writer for every CSV the site publishes (urls.csv,
itas-<fy>.csv, data/*.csv, the table items' files): `chunks` streams a large file a batch of rows at a
time, `csv_bytes` makes a small one at once, and `head` + `row_bytes` give the parts of a file that
`ita-site serve` joins from rows it kept (publish/opendata.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from ita_site import spreadsheet

BATCH = 500      # rows per chunk


def chunks(header: Sequence[str], rows: Iterable[Sequence], batch: int = BATCH) -> Iterator[bytes]:
    """The file's bytes: BOM and header first, then `batch` rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(spreadsheet.neutral_row(row))
        if count % batch == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return b"".join(chunks(header, rows))


def head(header: Sequence[str]) -> bytes:
    """The start of a file whose rows are joined from row_bytes: the BOM and the header."""
    return csv_bytes(header, ())


def row_bytes(rows: Iterable[Sequence]) -> bytes:
    """Rows as they appear in a file of csv_bytes (a file is head() and these, joined)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(spreadsheet.neutral_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8")


def fields_of(records: Iterable[dict], fields: Sequence[str]) -> Iterator[list]:
    """Rows of dict records, in the order of `fields` (a missing key is an empty cell)."""
    return ([record.get(key, "") for key in fields] for record in records)
