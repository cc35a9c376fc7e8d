"""Open data: items and measures as JSON and CSV (page metadata: pages/head.py).

Files (fields documented in docs/open-data.md; JSON validated by schemas/data.schema.json, which is
published as /data/schema.json):
  data/items.json, data/items.csv          one record per item (year, code order)
  data/measures.json, data/measures.csv    one record per measure, step and result of each indicator
All are UTF-8 (the CSV files start with a BOM so Excel shows Thai; CRLF line ends, RFC 4180), in a
stable order, with absolute URLs and no build time, so the same content gives the same bytes.
The files are made a record at a time and streamed to disk: a portal with 100,000 pages has about
750 MB of measures, which is never held in memory (benchmarks/README.md).
With the build cache (`ita-site build`, ctx.cache), each file is keyed by the digest of its records and
the cache keeps the digest of the bytes the last build wrote for that key: when the last build's file in
output/ still holds them, the staging folder links it (publish/relink.py) and the file is not encoded again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

from ita_site import digest, thai, urls
from ita_site.content import schema
from ita_site.model import site as model, pdfinfo
from ita_site.publish import csvfile

DATA = urls.DATA
ITEM_FIELDS = ("fiscal_year", "code", "title", "summary", "updated", "url", "indicators", "documents")
MEASURE_FIELDS = ("fiscal_year", "item_code", "indicator", "indicator_title", "ita_indicator", "kind",
                  "position", "text", "date", "url", "evidence")
KINDS = (("measure", "measures"), ("step", "steps"), ("result", "results"))


def files(site: model.Site, ctx=None, parts=None) -> list[tuple[str, Iterator[bytes]]]:
    """(output path, its bytes in chunks, made as they are read) of every open-data file.

    `parts(item)`, from `ita-site serve` (incremental.py), gives item_parts(site, item), kept from an
    earlier build while the item is unchanged; the files are then joined from them (same bytes)."""
    if parts is not None:
        return _joined(site, [parts(item) for item in site.items()])
    made = [
        (DATA + "items.json", _json(_envelope(site, "items"), "items", item_records(site))),
        (DATA + "items.csv", _csv(ITEM_FIELDS, item_records(site))),
        (DATA + "measures.json", _json(_envelope(site, "measures"), "measures", measure_records(site))),
        (DATA + "measures.csv", _csv(MEASURE_FIELDS, measure_records(site))),
        _schema_file(),
    ]
    cache = getattr(ctx, "cache", None)
    if cache is None:
        return made
    items, measures = (_records_key(site, "items", item_records(site)),
                       _records_key(site, "measures", measure_records(site)))
    keys = {DATA + "items.json": items, DATA + "items.csv": items,
            DATA + "measures.json": measures, DATA + "measures.csv": measures}
    return [(rel, Keyed(cache, f"{rel}:{keys[rel]}", chunks) if rel in keys else chunks) for rel, chunks in made]


class Keyed:
    """A file's chunks with what the build cache knows of them: `digest`, the digest (relink.digest_of) of the
    bytes the last build wrote from the same records, or None. The staging folder links the last build's file
    when it still holds those bytes, and the chunks are never made; else it writes them and calls made(digest)."""

    KIND = "opendata"

    def __init__(self, cache, key: str, chunks: Iterator[bytes]):
        self.cache, self.key, self.chunks = cache, key, chunks
        found = cache.lookup(self.KIND, key)
        self.digest = found if isinstance(found, str) else None

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.chunks)

    def linked(self) -> None:
        self.cache.count(self.KIND, True)

    def made(self, digest: str) -> None:
        self.cache.record(self.KIND, self.key, digest)
        self.cache.count(self.KIND, False)


def _records_key(site: model.Site, dataset: str, records: Iterable[dict]) -> str:
    """The digest of a dataset's envelope and records, fed record by record (never all in memory)."""
    h = hashlib.blake2b(repr((dataset, _envelope(site, dataset))).encode("utf-8", "surrogatepass"), digest_size=20)
    for record in records:
        h.update(repr(record).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _schema_file() -> tuple[str, Iterator[bytes]]:
    return DATA + "schema.json", iter([schema.schema_path("data").read_bytes()])


def item_parts(site: model.Site, item: model.Item) -> tuple[list[bytes], list[bytes], list[bytes], list[bytes]]:
    """One item's records as they appear in items.json, items.csv, measures.json and measures.csv, each
    column joined already (JSON records with the separator _joined puts between records), so that joining
    the files is one piece per item, not one per record."""
    record = _item_record(site, item)
    measures = [_measure(site, item, ind, kind, position, entry) for ind in item.indicators
                for kind, attr in KINDS for position, entry in enumerate(getattr(ind, attr), start=1)]
    json_measures = [_json_record(m) for m in measures]
    return ([_json_record(record)], [_csv_row(ITEM_FIELDS, record)],
            [_JSON_SEPARATOR.join(json_measures)] if json_measures else [],
            [b"".join(_csv_row(MEASURE_FIELDS, m) for m in measures)])


_JSON_SEPARATOR = b",\n    "      # between two records of a JSON file's list


def _joined(site: model.Site, parts: list[tuple]) -> list[tuple[str, Iterator[bytes]]]:
    def json_file(dataset: str, column: int) -> Iterator[bytes]:
        opening = json.dumps({**_envelope(site, dataset), dataset: []}, ensure_ascii=False, indent=2)
        yield (opening[:-len("[]\n}")] + "[").encode("utf-8")
        first = True
        for part in parts:
            for record in part[column]:
                yield b"\n    " if first else _JSON_SEPARATOR
                yield record                  # not added to the separator: a copy of every record saved
                first = False
        yield b"]\n}\n" if first else b"\n  ]\n}\n"

    def csv_file(fields: tuple[str, ...], column: int) -> Iterator[bytes]:
        yield csvfile.head(fields)
        for part in parts:
            yield from part[column]

    return [(DATA + "items.json", json_file("items", 0)), (DATA + "items.csv", csv_file(ITEM_FIELDS, 1)),
            (DATA + "measures.json", json_file("measures", 2)),
            (DATA + "measures.csv", csv_file(MEASURE_FIELDS, 3)), _schema_file()]


def _json_record(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ").encode("utf-8")


def _csv_row(fields: tuple[str, ...], record: dict) -> bytes:
    return csvfile.row_bytes([_cells(fields, record)])


# --------------------------------------------------------------------------- records


def item_records(site: model.Site) -> Iterator[dict]:
    return (_item_record(site, item) for item in site.items())


def _item_record(site: model.Site, item: model.Item) -> dict:
    return {"fiscal_year": item.year, "code": item.code, "title": item.title, "summary": item.summary,
            "updated": thai.iso_date(item.updated), "url": urls.absolute(site.base_url, item.url),
            "indicators": len(item.indicators),
            "documents": [_document(site, doc) for doc in item.documents if doc is not None],
            "files": files_of(site, item)}            # JSON only: every attachment, with its SHA-256


def files_of(site: model.Site, item: model.Item) -> list[dict]:
    """Every file the item publishes (its documents, then its indicators' evidence), with size and SHA-256."""
    return [{"url": urls.absolute(site.base_url, att.url), "bytes": att.size, "sha256": digest.of(att)}
            for att in item.attachments()]


def measure_records(site: model.Site) -> Iterator[dict]:
    for item in site.items():
        for ind in item.indicators:
            for kind, attr in KINDS:
                entries = getattr(ind, attr)
                for position, entry in enumerate(entries, start=1):
                    yield _measure(site, item, ind, kind, position, entry)


def _measure(site, item, ind, kind: str, position: int, entry) -> dict:
    result = entry if isinstance(entry, model.Result) else None
    evidence = [] if result is None else list(result.attachments) + list(result.links)
    return {"fiscal_year": item.year, "item_code": item.code, "indicator": ind.number,
            "indicator_title": ind.title, "ita_indicator": ind.ita_indicator, "kind": kind,
            "position": position, "text": result.text if result else entry,
            "date": thai.iso_date(result.date) if result and result.date else None,
            "url": urls.absolute(site.base_url, ind.url) + "#" + urls.anchor(kind, position),
            "evidence": [{"title": e.title, "url": _absolute_link(site, e.url)} for e in evidence]}


def _document(site: model.Site, doc) -> dict:
    record = {"title": doc.title, "url": _absolute_link(site, doc.url),
              "date": thai.iso_date(doc.date) if doc.date else None}
    if isinstance(doc, model.Attachment):
        info = pdfinfo.pdf_info(doc)
        record.update({"kind": "file", "format": doc.rel.rsplit(".", 1)[-1].upper() if "." in doc.rel else "",
                       "bytes": doc.size, "pages": info.pages if info and info.pages else None,
                       "sha256": digest.of(doc)})
    else:
        record.update({"kind": "link", "format": "", "bytes": None, "pages": None, "sha256": None})
    return record


def _absolute_link(site: model.Site, url: str) -> str:
    return url if "://" in url or url.startswith("mailto:") else urls.absolute(site.base_url, url.lstrip("/"))


def _envelope(site: model.Site, dataset: str) -> dict:
    """Every key of a JSON file but its records."""
    dates = [thai.iso_date(item.updated) for item in site.items()]
    return {"$schema": urls.absolute(site.base_url, DATA + "schema.json"), "dataset": dataset,
            "agency": site.agency, "agency_en": site.agency_en, "base_url": site.base_url,
            "updated": max(dates) if dates else None}


# --------------------------------------------------------------------------- serialisers


CHUNK = 500      # records per chunk written


def _json(head: dict, key: str, records: Iterable[dict]) -> Iterator[bytes]:
    """The bytes of json.dumps({**head, key: [*records]}, indent=2) and a newline, CHUNK records at a time."""
    opening = json.dumps({**head, key: []}, ensure_ascii=False, indent=2)    # ends with: "key": []\n}
    text, first = opening[:-len("[]\n}")] + "[", True
    for batch in _batches(records):
        text += "".join(("\n    " if first and i == 0 else ",\n    ")
                        + json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                        for i, record in enumerate(batch))
        yield text.encode("utf-8")
        text, first = "", False
    yield (text + ("]\n}\n" if first else "\n  ]\n}\n")).encode("utf-8")


def _csv(fields: tuple[str, ...], records: Iterable[dict]) -> Iterator[bytes]:
    """The CSV file (csvfile.py: BOM, CRLF, RFC 4180, formulas neutralised), CHUNK rows at a time."""
    return csvfile.chunks(fields, (_cells(fields, record) for record in records), CHUNK)


def _batches(records: Iterable[dict]) -> Iterator[list[dict]]:
    batch = []
    for record in records:
        batch.append(record)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _cells(fields: tuple[str, ...], record: dict) -> list:
    """A record's CSV row: lists of documents/evidence become their URLs separated by one space, None an
    empty cell; csvfile makes text that a spreadsheet would run as a formula safe."""
    row = []
    for key in fields:
        value = record[key]
        row.append("" if value is None else " ".join(e["url"] for e in value) if isinstance(value, list) else value)
    return row
