"""The search query of the browser (ita_site/static/searchindex.js) over the index the build makes, in node.

A tiny site is built in-process; node imports searchindex.js (copied beside a small runner) and reads
the built search-index/ with fs and zlib, as the search page reads it with fetch and
DecompressionStream. Issue 16's cases: a word inside a compound finds its page, both digit forms find
each other, text extracted from a PDF with private-use Thai glyphs is found by the word as typed, all
words of a query must occur (AND), the page whose title holds the word comes first, and the excerpt
starts cleanly with the words marked. Needs node: skipped without it, failed without it in CI.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitekit import REPO, SITE_YAML, require, write_site

SEARCHINDEX_JS = REPO / "ita_site" / "static" / "searchindex.js"
BUNDLE = "search-index"
PUA_PREVENT = "ป\uf70bองกัน"          # ป้องกัน as a Thai PDF font's glyph codes come out of text extraction

RUNNER = r"""
import fs from "node:fs";
import zlib from "node:zlib";
const mod = await import(new URL("./searchindex.mjs", import.meta.url));
const job = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {};
if (job.index) {
  // plain: as the search page's loader (unzip checks gzip's magic bytes); else gunzip what is gzip by name
  const load = async (rel) => {
    const file = `${job.index}/${rel}`;
    if (!fs.existsSync(file)) return null;
    const data = fs.readFileSync(file);
    return job.unzip ? mod.unzip(data) : rel === "meta.json" ? data : zlib.gunzipSync(data);
  };
  const index = await mod.open(load);
  out.meta = index.meta;
  out.results = {};
  for (const query of job.queries || []) {
    const found = await index.search(query);
    out.results[query] = await Promise.all(found.map(async ([page, score]) => {
      const fragment = await index.fragment(page);
      return { page, score, url: fragment.url, title: fragment.title, code: fragment.code,
               fiscal_year: fragment.fiscal_year, excerpt: index.excerpt(fragment.text, query) };
    }));
  }
}
out.words = (job.words || []).map((q) => mod.queryWords(q));
out.excerpts = (job.excerpts || []).map(([text, query]) => mod.excerpt(text, query));
out.unzipped = [];
for (const hex of job.unzip_hex || []) {
  out.unzipped.push(new TextDecoder().decode(await mod.unzip(Buffer.from(hex, "hex"))));
}
process.stdout.write(JSON.stringify(out));
"""


# --------------------------------------------------------------------------- a PDF with PUA glyphs


def thai_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer reads `lines` (any Unicode, private-use glyphs included).

    Helvetica shows one byte per character; the font's ToUnicode map says which character each byte
    stands for, as the Thai fonts of office suites do (with PUA codes for shifted tone marks and vowels)."""
    sys.path.insert(0, str(REPO / "tests" / "sites"))
    from make_pdf import assemble, one_page

    chars = sorted(set("".join(lines)))
    assert len(chars) < 200, "one byte per character"
    code = {c: 0x21 + i for i, c in enumerate(chars)}
    cmap = "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <FF>", "endcodespacerange",
        f"{len(chars)} beginbfchar", *(f"<{code[c]:02X}> <{ord(c):04X}>" for c in chars), "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]).encode("ascii")
    shown = ["BT", "/F1 12 Tf", "16 TL", "72 770 Td"]
    shown += ["(" + "".join(f"\\{code[c]:03o}" for c in line) + ") Tj T*" for line in lines]
    stream = "\n".join(shown + ["ET"]).encode("ascii")
    return assemble(one_page(b"<< /Font << /F1 5 0 R >> >>", stream,
                             b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
                             b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"))


# --------------------------------------------------------------------------- the tiny site

FILLER = ("หน่วยงานได้ดำเนินการตามแผนงานประจำปีอย่างต่อเนื่อง มีการประชุมติดตามผลทุกเดือน "
          "และรายงานความก้าวหน้าต่อผู้บริหาร. ")

ITEM_YAML = """\
code: O43
summary: รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม
updated: 2021-01-08
"""

INDICATOR_YAML = """\
number: 1
title: การป้องกันการทุจริต
ita_indicator: 5
measures:
  - มีการเผยแพร่ข้อมูลของหน่วยงานเข้าถึงได้ง่ายไม่ซ้ำซ้อน
steps:
  - ชี้แจงและตอบคำถามเมื่อมีข้อสงสัย
results:
  - text: ประกาศมาตรการ
    attachments:
      - file: files/measures.pdf
        title: ประกาศมาตรการป้องกันการทุจริต
        date: 2021-01-08
"""

PDF_LINES = [f"ประกาศมาตรการ{PUA_PREVENT}การทุจริต", "ลงวันที่ 8 มกราคม 2564"]


def site_files() -> dict[str, str | bytes]:
    return {
        "content/site.yaml": SITE_YAML,
        "content/2564/o43/item.yaml": ITEM_YAML,
        "content/2564/o43/01-prevention.yaml": INDICATOR_YAML,
        "content/2564/o43/files/measures.pdf": thai_pdf(PDF_LINES),
        # the page about bribes: the word in its title
        "content/pages/bribes.md": "---\ntitle: นโยบายไม่รับสินบน\nnav_order: 1\n---\n"
                                   "เจ้าหน้าที่ทุกคนไม่รับของขวัญ\n",
        # a long page that mentions bribes (more often) among much else
        "content/pages/annual.md": "---\ntitle: รายงานประจำปี\nnav_order: 2\n---\n"
                                   + FILLER * 6 + "\n\n"
                                   + FILLER * 2 + "เจ้าหน้าที่ไม่รับสินบน และแจ้งเรื่องการรับสินบนได้ที่สายด่วน ๑๕๖๗ "
                                   "เพื่อความโปร่งใส การรับสินบนเป็นความผิด ผู้ใดรับสินบนต้องรับโทษ\n\n"
                                   + FILLER * 4 + "\n",
        "content/pages/contact.md": "---\ntitle: ติดต่อเรา\nnav_order: 3\n---\n"
                                    "โทรศัพท์ 0 7472 1567 หรือ (ไปรษณีย์) ศาลากลาง\n",
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The tiny site's output folder, built in-process."""
    from ita_site.pipeline import build_site

    root = tmp_path_factory.mktemp("search-query")
    project = write_site(root / "project", site_files())
    output = root / "output"
    build_site(project, output, say=lambda *a: None)
    assert (output / BUNDLE / "meta.json").is_file(), sorted(p.name for p in output.iterdir())
    return output


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    """run(job) -> the runner's answer: node importing a copy of searchindex.js."""
    require(shutil.which("node") is not None, "node is not installed (apt-get install nodejs)")
    folder = tmp_path_factory.mktemp("search-node")
    shutil.copyfile(SEARCHINDEX_JS, folder / "searchindex.mjs")
    (folder / "runner.mjs").write_text(RUNNER, encoding="utf-8")

    def run(job: dict) -> dict:
        proc = subprocess.run(["node", str(folder / "runner.mjs")], input=json.dumps(job), capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)
    return run


@pytest.fixture(scope="module")
def results(built, node) -> dict[str, list[dict]]:
    queries = ["สินบน", "โปร่งใส", "ซ้อน", "คำถาม", "1567", "๑๕๖๗", "ป้องกัน", "ป้องกันการทุจริต",
               PUA_PREVENT, "สินบน ๑๕๖๗", "สินบน ศาลากลาง", "ฆฃฅฆฃฅ", "ไม่รับ", "o43"]
    return node({"index": str(built / BUNDLE), "queries": queries})["results"]


def urls(found: list[dict]) -> list[str]:
    return [r["url"] for r in found]


def arabic(digits: str) -> str:
    return digits.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))


def text_of(pieces: list[dict]) -> str:
    return "".join(p["text"] for p in pieces)


def marks(pieces: list[dict]) -> list[str]:
    return [p["text"] for p in pieces if p["mark"]]


def assert_clean_start(pieces: list[dict]) -> None:
    text = text_of(pieces)
    assert text and not text[0].isspace(), repr(text[:30])
    assert text[0] not in ".,;:!?)]}>-–—/\\'\"“”…ๆฯ", repr(text[:30])
    assert not ("\u0e31" <= text[0] <= "\u0e3a" or "\u0e47" <= text[0] <= "\u0e4e"), repr(text[:30])


# --------------------------------------------------------------------------- words inside compounds


@pytest.mark.parametrize("query, compound, url", [
    ("สินบน", "รับสินบน", "bribes/"),
    ("โปร่งใส", "ความโปร่งใส", "annual/"),
    ("ซ้อน", "ซ้ำซ้อน", "2564/o43/indicator-1/"),
    ("คำถาม", "ตอบคำถาม", "2564/o43/indicator-1/"),
])
def test_word_inside_a_compound_finds_its_page(results, built, query, compound, url):
    page = built / url / "index.html"
    assert compound in page.read_text(encoding="utf-8"), f"{compound} is not on {url}"
    found = results[query]
    assert url in urls(found), urls(found)
    hit = next(r for r in found if r["url"] == url)
    assert query in marks(hit["excerpt"]), hit["excerpt"]
    assert_clean_start(hit["excerpt"])


def test_page_urls_and_item_facts_come_with_each_result(results):
    found = {r["url"]: r for r in results["คำถาม"]}
    assert found["2564/o43/indicator-1/"]["code"] == "O43"
    assert arabic(found["2564/o43/indicator-1/"]["fiscal_year"]) == "2564"     # search.js shows site digits
    assert found["2564/o43/indicator-1/"]["title"].startswith("ตัวชี้วัดที่")
    assert all(not url.startswith("/") for url in found)
    pages = {r["url"]: r for r in results["สินบน"]}
    assert pages["bribes/"]["code"] == "" and pages["bribes/"]["fiscal_year"] == ""


def test_item_code_is_found_in_either_case(results):
    assert "2564/o43/" in urls(results["o43"])


# --------------------------------------------------------------------------- digits


def test_arabic_digits_find_thai_digits_and_mark_them(results):
    found = {r["url"]: r for r in results["1567"]}
    assert "annual/" in found, list(found)          # สายด่วน ๑๕๖๗
    assert "๑๕๖๗" in marks(found["annual/"]["excerpt"])


def test_thai_digits_find_arabic_digits_and_mark_them(results):
    found = {r["url"]: r for r in results["๑๕๖๗"]}
    assert "contact/" in found, list(found)         # 0 7472 1567
    assert "1567" in marks(found["contact/"]["excerpt"])
    assert set(found) == set(urls(results["1567"]))


# --------------------------------------------------------------------------- PDF text


def test_pdf_text_with_private_use_glyphs_is_found_by_the_word_as_typed(results, built):
    pdf_page = "2564/o43/files/measures.pdf.html"
    assert pdf_page in urls(results["ป้องกัน"]), urls(results["ป้องกัน"])
    hit = next(r for r in results["ป้องกัน"] if r["url"] == pdf_page)
    assert "ป้องกัน" in marks(hit["excerpt"]), hit["excerpt"]
    assert hit["code"] == "O43" and arabic(hit["fiscal_year"]) == "2564"
    assert pdf_page in urls(results["ป้องกันการทุจริต"])
    assert urls(results[PUA_PREVENT]) == urls(results["ป้องกัน"])        # a pasted glyph code finds it too


# --------------------------------------------------------------------------- AND, ranking


def test_every_word_of_the_query_must_occur(results):
    assert urls(results["สินบน ๑๕๖๗"]) == ["annual/"]
    assert results["สินบน ศาลากลาง"] == []
    assert results["ฆฃฅฆฃฅ"] == []


def test_page_with_the_word_in_its_title_comes_first(results):
    found = results["สินบน"]
    assert urls(found)[:2] == ["bribes/", "annual/"], urls(found)
    # the long page says สินบน four times, the page about it twice (title included): the title decides
    assert found[0]["score"] > found[1]["score"]


def test_indicator_about_a_term_comes_before_the_item_page_that_repeats_it(results):
    found = urls(results["ป้องกันการทุจริต"])          # the PDF's text page is titled by the PDF's title
    assert found.index("2564/o43/indicator-1/") < found.index("2564/o43/"), found
    assert found.index("2564/o43/indicator-1/") <= 1, found


# --------------------------------------------------------------------------- excerpts


def test_excerpt_starts_cleanly_after_a_sentence_and_marks_every_occurrence(results):
    hit = next(r for r in results["สินบน"] if r["url"] == "annual/")
    pieces = hit["excerpt"]
    assert_clean_start(pieces)
    assert text_of(pieces).startswith("เจ้าหน้าที่ไม่รับสินบน"), text_of(pieces)     # after ". ", not at it
    assert marks(pieces) == ["สินบน"] * 3, pieces           # every one in the window, matched inside words
    assert len(text_of(pieces)) <= 140


@pytest.mark.parametrize("text, query, start, marked", [
    # a match near the start: from the start
    ("นโยบายไม่รับสินบน ของหน่วยงาน", "สินบน", "นโยบาย", ["สินบน"]),
    # after ". " far in: the excerpt starts at the next word, never at the punctuation or space
    ("ก" * 80 + ". ข้อมูลนี้เกี่ยวกับการรับสินบนของเจ้าหน้าที่", "สินบน", "ข้อมูล", ["สินบน"]),
    # a long run without spaces before the match: a word start, never a vowel or tone mark
    ("การประชุมติดตามผลการดำเนินงานประจำเดือนของหน่วยงานภาครัฐทั้งหมดในจังหวัดและผู้บริหาร"
     "ได้ชี้แจงและตอบคำถามเมื่อมีข้อสงสัย", "คำถาม", None, ["คำถาม"]),
    # the query's digits in the other form, upper case letters, several words
    ("สายด่วน ๑๕๖๗ และ ITA ของสำนักงาน", "1567 ita", "สายด่วน", ["๑๕๖๗", "ITA"]),
    # a word twice and overlapping words: one mark each, no empty pieces
    ("ความโปร่งใส โปร่งใส", "โปร่ง โปร่งใส", "ความ", ["โปร่งใส", "โปร่งใส"]),
])
def test_excerpt_pieces(node, text, query, start, marked):
    pieces = node({"excerpts": [[text, query]]})["excerpts"][0]
    assert_clean_start(pieces)
    if start:
        assert text_of(pieces).startswith(start), text_of(pieces)
    assert marks(pieces) == marked, pieces
    assert all(p["text"] for p in pieces), pieces
    assert text_of(pieces) in text.replace("\n", " ")


def test_excerpt_of_a_long_text_is_about_120_characters_around_the_first_match(node):
    text = ("ข้อความนำ " * 40) + "มาตรการป้องกันผลประโยชน์ทับซ้อนในหน่วยงาน " + ("ข้อความตาม " * 40)
    pieces = node({"excerpts": [[text, "ซ้อน"]]})["excerpts"][0]
    shown = text_of(pieces)
    assert 90 <= len(shown) <= 140, len(shown)
    assert "ซ้อน" in marks(pieces)
    assert_clean_start(pieces)
    assert shown.index("ซ้อน") >= 20                   # some text before the match, for context


def test_query_words_are_folded_as_the_index_is(node):
    words = node({"words": ["  ป\uf70bองกัน  ITA ๑๕๖๗ ", "คํา", "\u200bสินบน"]})["words"]
    assert words == [["ป้องกัน", "ita", "1567"], ["คำ"], ["สินบน"]]


def test_query_words_are_the_builders_display_and_fold(node):
    # searchindex.js folds a query as searchtext.py folds the pages: the two must stay in step
    import random

    from ita_site.publish.searchtext import display, fold

    pool = list("กขปองนัาำิีึืุู็่้๊๋์ํ๐๑๕๗0159AaΣİﬁＡ１ ") + [
        "\uf70b", "\uf705", "\uf710", "\uf718", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
        "\u0e4d\u0e32", "\u0e48\u0e4d\u0e32", "\u0e4d\u200b\u0e32", "ΟΔΟΣ"]
    rng = random.Random(16)
    cases = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 10))) for _ in range(5000)]
    words = node({"words": cases})["words"]
    differ = [(case, fold(display(case)).split(), got) for case, got in zip(cases, words)
              if fold(display(case)).split() != got]
    assert not differ, differ[:5]


# --------------------------------------------------------------------------- files as servers send them


def test_files_a_server_already_gunzipped_load_the_same(built, node, tmp_path):
    plain = tmp_path / "plain"
    shutil.copytree(built / BUNDLE, plain)
    for path in plain.rglob("*.bin"):
        path.write_bytes(gzip.decompress(path.read_bytes()))
    queries = ["สินบน", "1567", "ป้องกัน"]
    as_sent = node({"index": str(built / BUNDLE), "queries": queries, "unzip": True})
    as_gunzipped = node({"index": str(plain), "queries": queries, "unzip": True})
    assert as_sent["results"] == as_gunzipped["results"]
    assert urls(as_sent["results"]["สินบน"])[:1] == ["bribes/"]


def test_unzip_checks_the_magic_bytes(node):
    words = "ค้นหา search".encode()
    out = node({"unzip_hex": [gzip.compress(words).hex(), words.hex(), ""]})["unzipped"]
    assert out == ["ค้นหา search", "ค้นหา search", ""]


def test_index_files_have_the_shipped_names_and_fields(built):
    folder = built / BUNDLE
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))      # plain JSON
    assert meta["version"] == 1 and meta["n"] == 3
    assert len(meta["title"]) == len(meta["length"]) == meta["pages"]
    shards = list((folder / "s").glob("*.bin"))
    assert shards and all(path.read_bytes()[:2] == b"\x1f\x8b" for path in shards)
    fragment = json.loads(gzip.decompress((folder / "f" / "0.bin").read_bytes()))
    assert set(fragment) == {"url", "title", "text", "code", "fiscal_year"}
