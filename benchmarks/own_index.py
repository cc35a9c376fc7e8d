#!/usr/bin/env python3
"""A prototype static search index for issue 16: positional character trigrams of each page's main text.

Measured against Pagefind (README: "Search: an own n-gram index against Pagefind"); not used by the build.

What is indexed: each page's <main data-pagefind-body> without search.EXCLUDE'd elements (the text
Pagefind indexes), with the page's <h1> first. The text is normalised for display (NFKC, PDF
private-use Thai glyphs U+F700-U+F71A mapped to the Thai characters they stand for, sara am
recomposed, whitespace collapsed) and then *folded* character by character for matching (Thai digits
-> Arabic, lower case), so positions in the folded text are positions in the display text.

The index: for every non-space character of the folded text, the *gram* that starts there, the next
three characters of its whitespace-separated token (fewer at the token's end), with its position.
A query word of three or more characters is found as an exact substring by a cover of its
trigrams (offsets 0, 3, 6, ... and len-3) that occur at the right distances; a word of one or two
characters by page lists of the unigrams and bigrams (the prefixes of the grams). So every word of any
segmenter is found by construction. Words of a query must all occur in a page (AND).

Files (under OUT): meta.json (shard bits, pages, each page's title length and text length), shards
s/XXX.bin.gz (keys whose FNV-1a hash has the prefix XXX: a query loads only the shards of its keys),
fragments f/N.json.gz (url, title, display text: loaded only for shown results, to make excerpts).

Shard format, gzipped: entries of varint(len(key bytes)) key kind(0 positions / 1 counts) varint(len(body))
body; positions body: per page (ascending) varint(page delta) varint(count) varint(position deltas)*count;
counts body: per page varint(page delta) varint(2 * count + in title).

Usage: own_index.py build SITE_DIR OUT_DIR       (prints time, CPU, peak memory, size, files)
       own_index.py query OUT_DIR WORDS...       (prints results and the bytes the query loaded)
"""

from __future__ import annotations

import gzip
import json
import math
import re
import resource
import sys
import time
import unicodedata
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ita_site.publish import search  # noqa: E402

N = 3                              # characters of a gram
SHARD_TARGET = 16_000              # aimed-at uncompressed bytes of a shard
TITLE_BOOST = 3.0                  # score added when a query word is in the page's title
EXCERPT = 120                      # characters of an excerpt

# Thai fonts of many PDF producers shift tone marks and vowels into the private-use area; text
# extraction then keeps the glyph's code instead of the Thai character (as on branch `search`).
PUA_THAI = {
    0xF700: "\u0E10", 0xF701: "\u0E34", 0xF702: "\u0E35", 0xF703: "\u0E36", 0xF704: "\u0E37",
    0xF705: "\u0E48", 0xF706: "\u0E49", 0xF707: "\u0E4A", 0xF708: "\u0E4B", 0xF709: "\u0E4C",
    0xF70A: "\u0E48", 0xF70B: "\u0E49", 0xF70C: "\u0E4A", 0xF70D: "\u0E4B", 0xF70E: "\u0E4C",
    0xF70F: "\u0E0D", 0xF710: "\u0E31", 0xF711: "\u0E4D", 0xF712: "\u0E47", 0xF713: "\u0E48",
    0xF714: "\u0E49", 0xF715: "\u0E4A", 0xF716: "\u0E4B", 0xF717: "\u0E4C", 0xF718: "\u0E38",
    0xF719: "\u0E39", 0xF71A: "\u0E3A",
}
SARA_AM = re.compile("\u0E4D([\u0E48-\u0E4B]?)\u0E32|([\u0E48-\u0E4B])\u0E4D\u0E32")   # NFKC splits ำ into ํ + า
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
TOKEN = re.compile(r"\S+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK = {"p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "tr", "br", "section",
         "caption", "figcaption", "blockquote", "pre", "table", "ul", "ol", "dl", "nav", "header", "footer"}


# ----------------------------------------------------------------------------------------- text

def display(text: str) -> str:
    """Text as it should read: NFKC, PUA glyphs mapped, sara am whole, no invisible characters, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text.translate(PUA_THAI))
    text = SARA_AM.sub(lambda m: (m.group(1) or m.group(2) or "") + "\u0E33", text)
    return " ".join(INVISIBLE.sub("", text).split())


def fold(text: str) -> str:
    """Same length as `text`: Thai digits as Arabic, letters in lower case (only where that keeps one character)."""
    text = text.translate(TO_ARABIC)
    return text.lower() if len(text.lower()) == len(text) else "".join(
        c.lower() if len(c.lower()) == 1 else c for c in text)


class MainText(HTMLParser):
    """The text Pagefind indexes: inside <main data-pagefind-body>, not inside an EXCLUDE'd element; and its <h1>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.classes = {selector.lstrip(".") for selector in search.EXCLUDE}
        self.stack: list[bool] = []        # per open element: inside main and not excluded?
        self.parts: list[str] = []
        self.title: list[str] = []
        self.in_h1 = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inside = self.stack[-1] if self.stack else False
        if tag == "main" and "data-pagefind-body" in attrs:
            inside = True
        if set((attrs.get("class") or "").split()) & self.classes:
            inside = False
        if tag == "h1" and inside:
            self.in_h1 += 1
        if tag in BLOCK:
            self.parts.append("\n")
        if tag not in VOID:
            self.stack.append(inside)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()
        if tag == "h1" and self.in_h1:
            self.in_h1 -= 1
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.stack and self.stack[-1]:
            (self.title if self.in_h1 else self.parts).append(data)


def site_pages(site: Path):
    """(site path such as "/2564/o43/", title, raw main text without the title) of every indexed page."""
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith((".", search.BUNDLE + "/", "ngram/")):
            continue
        parser = MainText()
        parser.feed(page.read_text(encoding="utf-8"))
        title, body = "".join(parser.title), "".join(parser.parts)
        if title.strip() or body.strip():
            yield "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel), title, body


def page_text(title: str, body: str) -> tuple[str, str]:
    """(display title, display text: title, newline, body), the text the index and fragments hold."""
    title = display(title)
    lines = [display(line) for line in body.split("\n")]
    return title, "\n".join([title] + [line for line in lines if line])


# ----------------------------------------------------------------------------------------- encoding

def fnv1a(key: str) -> int:
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def varint(out: bytearray, n: int) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def read_varint(data: bytes, i: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        byte = data[i]
        i += 1
        n |= (byte & 0x7F) << shift
        if byte < 0x80:
            return n, i
        shift += 7


def shard_name(key: str, bits: int) -> str:
    return f"{fnv1a(key) >> (32 - bits):0{(bits + 3) // 4}x}"


# ----------------------------------------------------------------------------------------- build

def grams(folded: str) -> dict[str, list[int]]:
    """Gram -> its positions, for every non-space character of the folded text."""
    found: dict[str, list[int]] = defaultdict(list)
    for token in TOKEN.finditer(folded):
        word, start = token.group(), token.start()
        for i in range(len(word)):
            found[word[i:i + N]].append(start + i)
    return found


def build(site: Path, out: Path) -> dict:
    positions: dict[str, bytearray] = defaultdict(bytearray)   # gram -> positions body
    counts: dict[str, bytearray] = defaultdict(bytearray)      # unigram / bigram -> counts body
    last_page: dict[str, int] = {}                              # key -> last page written in its body
    meta = {"version": 1, "n": N, "title": [], "length": []}
    (out / "f").mkdir(parents=True, exist_ok=True)
    characters = 0
    for page, (url, raw_title, raw_body) in enumerate(site_pages(site)):
        title, text = page_text(raw_title, raw_body)
        characters += len(text)
        meta["title"].append(len(title))
        meta["length"].append(len(text))
        (out / "f" / f"{page}.json.gz").write_bytes(gzip.compress(
            json.dumps({"url": url, "title": title, "text": text}, ensure_ascii=False).encode(), 6, mtime=0))
        short: dict[str, int] = defaultdict(int)
        in_title: set[str] = set()
        for gram, where in grams(fold(text)).items():
            body = positions[gram]
            varint(body, page - last_page.get(gram, 0))
            last_page[gram] = page
            varint(body, len(where))
            previous = 0
            for position in where:
                varint(body, position - previous)
                previous = position
            for key in {gram[:1], gram[:2]}:
                short[key] += len(where)
                if where[0] + len(key) <= len(title):
                    in_title.add(key)
        for key, count in short.items():
            body = counts[key]
            varint(body, page - last_page.get("\0" + key, 0))
            last_page["\0" + key] = page
            varint(body, count * 2 + (key in in_title))       # lowest bit: the key is in the title
    meta["pages"] = len(meta["title"])
    total = sum(len(k.encode()) + len(b) + 4 for table in (positions, counts) for k, b in table.items())
    bits = max(4, min(16, math.ceil(math.log2(max(total / SHARD_TARGET, 1)))))
    meta["bits"] = bits
    shards: dict[str, bytearray] = defaultdict(bytearray)
    for kind, table in ((0, positions), (1, counts)):
        for key in sorted(table):
            entry = shards[shard_name(key, bits)]
            encoded = key.encode()
            varint(entry, len(encoded))
            entry += encoded
            entry.append(kind)
            varint(entry, len(table[key]))
            entry += table[key]
    (out / "s").mkdir(exist_ok=True)
    for name, data in shards.items():
        (out / "s" / f"{name}.bin.gz").write_bytes(gzip.compress(bytes(data), 6, mtime=0))
    (out / "meta.json").write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
    return {"pages": meta["pages"], "characters": characters, "keys": len(positions) + len(counts),
            "shards": len(shards), "raw_index_bytes": total}


# ----------------------------------------------------------------------------------------- query

class Index:
    """A built index read the way a browser would: meta.json once, then shards and fragments on demand."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.loaded = 0                                # bytes read from disk (compressed), in total
        self.meta = json.loads(self._read("meta.json"))
        self.shards: dict[str, dict[tuple[str, int], bytes]] = {}

    def _read(self, rel: str) -> bytes:
        data = (self.folder / rel).read_bytes()
        self.loaded += len(data)
        return data

    def _entries(self, key: str) -> dict[tuple[str, int], bytes]:
        name = shard_name(key, self.meta["bits"])
        if name not in self.shards:
            path = f"s/{name}.bin.gz"
            data = gzip.decompress(self._read(path)) if (self.folder / path).is_file() else b""
            entries, i = {}, 0
            while i < len(data):
                size, i = read_varint(data, i)
                key_text, kind = data[i:i + size].decode(), data[i + size]
                length, i = read_varint(data, i + size + 1)
                entries[(key_text, kind)] = data[i:i + length]
                i += length
            self.shards[name] = entries
        return self.shards[name]

    def _positions(self, gram: str) -> dict[int, list[int]]:
        body, out, i, page = self._entries(gram).get((gram, 0), b""), {}, 0, 0
        while i < len(body):
            delta, i = read_varint(body, i)
            count, i = read_varint(body, i)
            page += delta
            where, position = [], 0
            for _ in range(count):
                step, i = read_varint(body, i)
                position += step
                where.append(position)
            out[page] = where
        return out

    def _counts(self, key: str) -> dict[int, int]:
        body, out, i, page = self._entries(key).get((key, 1), b""), {}, 0, 0
        while i < len(body):
            delta, i = read_varint(body, i)
            count, i = read_varint(body, i)
            page += delta
            out[page] = count
        return out

    def word(self, word: str) -> dict[int, tuple[int, bool]]:
        """Page -> (occurrences of `word` as a substring, whether one is in the title)."""
        if len(word) < N:
            # a short word's occurrences: its count as a gram prefix (the lowest bit says "in the title")
            return {page: (count >> 1, bool(count & 1)) for page, count in self._counts(word).items()}
        offsets = sorted(set(range(0, len(word) - N + 1, N)) | {len(word) - N})
        lists = [self._positions(word[k:k + N]) for k in offsets]
        out = {}
        for page in set.intersection(*(set(found) for found in lists)):
            starts = set(lists[0][page])
            for k, found in zip(offsets[1:], lists[1:]):
                starts &= {p - k for p in found[page]}
            if starts:
                out[page] = (len(starts), min(starts) + len(word) <= self.meta["title"][page])
        return out

    def search(self, query: str) -> list[tuple[int, float]]:
        """(page, score) of the pages that hold every word of the query, best first."""
        words = fold(display(query)).split()
        if not words:
            return []
        found = [self.word(w) for w in words]
        pages = set.intersection(*(set(f) for f in found))
        scored = []
        for page in pages:
            score = 0.0
            for w, f in zip(words, found):
                count, in_title = f[page]
                score += 1 + math.log(count) / math.log(2 + self.meta["length"][page] / 500)
                score += TITLE_BOOST if in_title else 0
            scored.append((page, score))
        return sorted(scored, key=lambda item: (-item[1], item[0]))

    def fragment(self, page: int) -> dict:
        return json.loads(gzip.decompress(self._read(f"f/{page}.json.gz")))

    def excerpt(self, page: int, query: str) -> str:
        """EXCERPT characters of the page's text around the first match, the query's words in <mark>."""
        text = self.fragment(page)["text"]
        words = fold(display(query)).split()
        folded = fold(text)
        first = min((folded.find(w) for w in words if w in folded), default=0)
        start = max(0, first - EXCERPT // 4)
        space = folded.rfind(" ", max(0, start - EXCERPT // 4), first)
        start = space + 1 if space >= 0 else start                       # at a space when one is near
        end = min(len(text), start + EXCERPT)
        marks = sorted((m.start(), m.start() + len(w)) for w in words for m in re.finditer(re.escape(w), folded[start:end]))
        out, pos = [], 0
        for a, b in marks:
            if a >= pos:
                out += [text[start + pos:start + a], "<mark>", text[start + a:start + b], "</mark>"]
                pos = b
        out.append(text[start + pos:end])
        return "".join(out).replace("\n", " ")


def query_cost(folder: Path, query: str, shown: int = 10) -> dict:
    """Bytes a fresh reader loads for a query: meta, shards, and the fragments of the first `shown` results."""
    index = Index(folder)
    meta = index.loaded
    results = index.search(query)
    shards = index.loaded - meta
    for page, _ in results[:shown]:
        index.excerpt(page, query)
    return {"query": query, "results": len(results), "meta": meta, "shards": shards,
            "fragments": index.loaded - meta - shards, "shard_files": len(index.shards)}


def main() -> None:
    if len(sys.argv) >= 4 and sys.argv[1] == "build":
        site, out = Path(sys.argv[2]), Path(sys.argv[3])
        start, cpu = time.perf_counter(), time.process_time()
        stats = build(site, out)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        files = [p for p in out.rglob("*") if p.is_file()]
        print(f"{stats['pages']} pages, {stats['characters'] / 1e6:.2f} M characters, {stats['keys']} keys: "
              f"wall {wall:.1f} s  CPU {cpu:.1f} s  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB  "
              f"index {sum(p.stat().st_size for p in files) / 1e6:.1f} MB on disk in {len(files)} files "
              f"({stats['shards']} shards, {stats['raw_index_bytes'] / 1e6:.1f} MB of postings before gzip)")
    elif len(sys.argv) >= 4 and sys.argv[1] == "query":
        index = Index(Path(sys.argv[2]))
        query = " ".join(sys.argv[3:])
        results = index.search(query)
        for page, score in results[:10]:
            print(f"{score:6.2f} {index.fragment(page)['url']}  {index.excerpt(page, query)}")
        print(f"{len(results)} results, {index.loaded} bytes loaded")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
