"""Open data (items/measures as JSON and CSV), the published schema, JSON-LD and Open Graph tags."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, FormatChecker

from ita_site.publish import opendata
from ita_site.pipeline import build_site

ROOT = Path(__file__).resolve().parents[1]
RICH = ROOT / "tests" / "sites" / "rich"
DOC = ROOT / "docs" / "open-data.md"


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("data") / "output"
    build_site(RICH, out, say=lambda _text: None)
    return out


@pytest.fixture(scope="module")
def validator(rich):
    """The schema as published on the site (data/schema.json), not the package copy."""
    schema = json.loads((rich / "data" / "schema.json").read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=FormatChecker())


def load(rich: Path, name: str) -> dict:
    return json.loads((rich / "data" / name).read_text(encoding="utf-8"))


def rows(rich: Path, name: str) -> list[dict]:
    raw = (rich / "data" / name).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("name", ["items.json", "measures.json"])
def test_json_files_validate_against_the_published_schema(rich, validator, name):
    data = load(rich, name)
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, "\n".join(e.message for e in errors)
    assert data["$schema"] == "https://example.go.th/ita/data/schema.json"


def test_schema_rejects_a_record_without_its_url(rich, validator):
    data = copy.deepcopy(load(rich, "items.json"))
    del data["items"][0]["url"]
    assert list(validator.iter_errors(data))
    data = copy.deepcopy(load(rich, "measures.json"))
    data["measures"][0]["kind"] = "wish"
    assert list(validator.iter_errors(data))


def test_items_in_year_and_code_order_with_documents(rich):
    items = load(rich, "items.json")["items"]
    assert [(i["fiscal_year"], i["code"]) for i in items] == [(2566, "O1"), (2567, "O1"), (2567, "O5"), (2567, "O43")]
    o1 = items[1]
    pdf = [d for d in o1["documents"] if d["kind"] == "file"][0]
    assert pdf["format"] == "PDF" and pdf["pages"] == 1 and pdf["bytes"] > 0
    assert pdf["url"] == "https://example.go.th/ita/2567/o1/files/organisation-chart-2567.pdf"


def test_measures_link_to_existing_anchors(rich):
    measures = load(rich, "measures.json")["measures"]
    assert {m["kind"] for m in measures} == {"measure", "step", "result"}
    for record in measures:
        path, _, anchor = record["url"].removeprefix("https://example.go.th/ita/").partition("#")
        html = (rich / path / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html, record["url"]


@pytest.mark.parametrize("stem, fields", [("items", opendata.ITEM_FIELDS), ("measures", opendata.MEASURE_FIELDS)])
def test_csv_matches_json_row_for_row(rich, stem, fields):
    records = load(rich, f"{stem}.json")[stem]
    table = rows(rich, f"{stem}.csv")
    assert list(table[0]) == list(fields)
    assert len(table) == len(records)
    for row, record in zip(table, records):
        assert row["fiscal_year"] == str(record["fiscal_year"])
        assert row["url"] == record["url"]
    raw = (rich / "data" / f"{stem}.csv").read_bytes()
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == len(records) + 1    # RFC 4180 record ends


def test_every_field_is_documented():
    doc = DOC.read_text(encoding="utf-8")
    for field in opendata.ITEM_FIELDS + opendata.MEASURE_FIELDS:
        assert f"`{field}`" in doc, field


def test_every_page_links_the_data_files(rich):
    for page in ("index.html", "2567/o43/index.html", "search/index.html"):
        html = (rich / page).read_text(encoding="utf-8")
        prefix = "../" * page.count("/")
        for name in ("items.json", "items.csv", "measures.json", "measures.csv"):
            assert f'href="{prefix}data/{name}"' in html, (page, name)


def test_json_ld_describes_the_agency(rich):
    html = (rich / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    graph = json.loads(block)["@graph"]
    org = next(node for node in graph if node["@type"] == "GovernmentOrganization")
    assert org["name"] == "สำนักงานทดสอบระบบ" and org["alternateName"] == "Test Systems Office"
    assert org["telephone"] == "+6620000000" and org["faxNumber"] == "+6620000001"     # E.164
    assert org["contactPoint"] == {"@type": "ContactPoint", "telephone": "1111", "contactType": "hotline",
                                   "areaServed": "TH"}
    assert org["address"] == {"@type": "PostalAddress", "streetAddress": "99 ถนนทดสอบ แขวงตัวอย่าง",
                              "addressLocality": "เขตสมมุติ", "addressRegion": "กรุงเทพมหานคร",
                              "postalCode": "10999", "addressCountry": "TH"}
    site = next(node for node in graph if node["@type"] == "WebSite")
    assert site["potentialAction"]["target"] == "https://example.go.th/ita/search/?q={search_term_string}"


def test_json_ld_cannot_end_its_script_block():
    site = type("S", (), {})()
    site.agency, site.agency_en, site.main_site, site.base_url = "</script><b>x", "", "https://a.go.th/", "https://a.go.th/"
    site.contact = {}
    text = str(opendata.jsonld(site))
    assert "</script" not in text and "<" not in text
    assert json.loads(text)["@graph"][0]["name"] == "</script><b>x"


def test_open_graph_tags(rich):
    html = (rich / "2567" / "o43" / "index.html").read_text(encoding="utf-8")
    og = dict(re.findall(r'<meta property="og:([a-z_]+)" content="([^"]*)">', html))
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert og["url"] == canonical == "https://example.go.th/ita/2567/o43/"
    assert og["locale"] == "th_TH" and og["type"] == "website" and og["site_name"] == "สำนักงานทดสอบระบบ"
    assert og["title"].startswith("O43") and og["description"]


@pytest.mark.parametrize("count", [0, 1, opendata.CHUNK, opendata.CHUNK + 1])
def test_files_streamed_a_chunk_at_a_time_have_the_bytes_of_the_whole(count):
    records = [{"text": f"มาตรการ \"{n}\"\nบรรทัดสอง", "evidence": [{"url": "https://x.go.th/a,b"}] * (n % 3),
                "date": None, "position": n} for n in range(count)]
    head = {"$schema": "https://x.go.th/data/schema.json", "dataset": "measures", "updated": None}
    whole = json.dumps({**head, "measures": records}, ensure_ascii=False, indent=2) + "\n"
    chunks = list(opendata._json(head, "measures", iter(records)))
    assert b"".join(chunks).decode("utf-8") == whole
    assert len(chunks) == -(-count // opendata.CHUNK) + 1          # a chunk per CHUNK records, and the end
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=("text", "evidence", "position"), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({"text": r["text"], "evidence": " ".join(e["url"] for e in r["evidence"]),
                      "position": str(r["position"])} for r in records)
    streamed = b"".join(opendata._csv(("text", "evidence", "position"), iter(records)))
    assert streamed.decode("utf-8") == "\ufeff" + buffer.getvalue()


def test_home_title_names_the_agency_once(rich):
    html = (rich / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title == "การเปิดเผยข้อมูลสาธารณะ (ITA) ของสำนักงานทดสอบระบบ"
    item = re.search(r"<title>(.*?)</title>", (rich / "2567" / "o43" / "index.html").read_text("utf-8")).group(1)
    assert item.startswith("O43 ") and item.endswith(" | สำนักงานทดสอบระบบ") and item.count("สำนักงานทดสอบระบบ") == 1


def test_every_attachment_has_its_sha256_in_items_json_and_urls_json(rich):
    import hashlib
    items = load(rich, "items.json")["items"]
    files = [f for item in items for f in item["files"]]
    assert files, "the rich site publishes files"
    base = "https://example.go.th/ita/"
    for record in files:
        path = rich / record["url"][len(base):]
        assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), record["url"]
        assert record["bytes"] == path.stat().st_size
    documents = [d for item in items for d in item["documents"]]
    assert all((d["sha256"] is None) == (d["kind"] == "link") for d in documents)
    assert {d["url"]: d["sha256"] for d in documents if d["sha256"]}.items() <= {f["url"]: f["sha256"] for f in files}.items()
    published = json.loads((rich / "urls.json").read_text(encoding="utf-8"))["files"]
    assert [(f["url"], f["sha256"]) for f in published] == [(f["url"], f["sha256"]) for f in files]
