#!/usr/bin/env python3
"""A prototype static search index for issue 16: positional character trigrams of each page's main text.

Measured against Pagefind (README: "Search: an own n-gram index against Pagefind"); not used by the build.

What is indexed: each page's <main data-pagefind-body> without searchtext.EXCLUDE'd elements (the text
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
import html
import json
import math
import re
import resource
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from ita_site.publish import search, searchtext  # noqa: E402

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
PUA = re.compile("[\uF700-\uF71A]")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MAIN = re.compile(r"<main\b[^>]*\bdata-(?:pagefind|search)-body\b[^>]*>(.*?)</main>", re.S)
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
TAG_PARTS = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
CLASS = re.compile(r"""\bclass=["']([^"']*)["']""")
UNSHOWN = re.compile(r"<!--.*?-->|<(script|style|template)\b.*?</\1>", re.S | re.I)
BLOCK_TAG = re.compile(r"</?(?:p|div|li|td|th|h[1-6]|dt|dd|tr|br|section|caption|figcaption|blockquote|pre|table|"
                       r"ul|ol|dl|nav|header|footer)\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]*>")
EXCLUDED = searchtext.EXCLUDE

# ----------------------------------------------------------------------------------------- text

def display(text: str) -> str:
    """Text as it should read: PUA glyphs mapped, NFKC, sara am whole, no invisible characters, spaces
    collapsed (within each line; empty lines dropped)."""
    if PUA.search(text):
        text = text.translate(PUA_THAI)
    text = unicodedata.normalize("NFKC", text)
    if "\u0E4D" in text:
        text = SARA_AM.sub(lambda m: (m.group(1) or m.group(2) or "") + "\u0E33", text)
    text = INVISIBLE.sub("", text)
    return "\n".join(filter(None, (" ".join(line.split()) for line in text.split("\n"))))


def fold(text: str) -> str:
    """Same length as `text`: Thai digits as Arabic, letters in lower case (only where that keeps one character)."""
    text = text.translate(TO_ARABIC)
    return text.lower() if len(text.lower()) == len(text) else "".join(
        c.lower() if len(c.lower()) == 1 else c for c in text)


def without(main_html: str, classes: frozenset[str] = EXCLUDED) -> str:
    """main_html less the elements with one of `classes` (what Pagefind's exclude selectors drop)."""
    out, pos, skip_from, depth, name = [], 0, None, 0, ""
    for tag in TAG_PARTS.finditer(main_html):
        closing, tag_name, attrs = tag.group(1), tag.group(2).lower(), tag.group(3)
        if skip_from is None:
            found = CLASS.search(attrs) if not closing else None
            if found and classes & set(found.group(1).split()) and not attrs.rstrip().endswith("/"):
                out.append(main_html[pos:tag.start()])
                skip_from, depth, name = tag.start(), 1, tag_name
        elif tag_name == name and not attrs.rstrip().endswith("/"):
            depth += -1 if closing else 1
            if depth == 0:
                skip_from, pos = None, tag.end()
    if skip_from is None:
        out.append(main_html[pos:])
    return "".join(out)


def text_of(fragment: str) -> str:
    """Text of an HTML fragment, a newline where a block element starts or ends."""
    return html.unescape(TAG.sub("", BLOCK_TAG.sub("\n", fragment)))


def site_pages(site: Path):
    """(site path such as "/2564/o43/", title, raw main text without the title) of every indexed page."""
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith((".", search.BUNDLE + "/")):
            continue
        found = MAIN.search(page.read_text(encoding="utf-8"))
        if not found:
            continue
        main = without(UNSHOWN.sub("", found.group(1)))
        h1 = H1.search(main)
        title, body = (text_of(h1.group(1)), main[:h1.start()] + main[h1.end():]) if h1 else ("", main)
        body = text_of(body)
        if title.strip() or body.strip():
            yield "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel), title, body


def page_text(title: str, body: str) -> tuple[str, str]:
    """(display title, display text: title, newline, body), the text the index and fragments hold."""
    title = display(title.replace("\n", " "))
    body = display(body)
    return title, f"{title}\n{body}" if body else title


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

BATCH = 64                                   # pages whose postings are encoded together (numpy)
SHIFT = 21                                   # bits of one character in a gram's 64-bit code
SPACE = np.array([ord(" "), ord("\n")], np.uint32)


def varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The varint bytes of every value, and where each value's bytes end."""
    v = values.astype(np.uint64)
    size = 1 + sum((v >= np.uint64(1 << (7 * k))).astype(np.int64) for k in range(1, 5))
    ends = np.cumsum(size)
    starts = ends - size
    out = np.zeros(int(ends[-1]) if len(ends) else 0, np.uint8)
    for k in range(5):
        more = size > k
        if not more.any():
            break
        byte = (v[more] >> np.uint64(7 * k)) & np.uint64(0x7F)
        out[starts[more] + k] = byte.astype(np.uint8) | ((size[more] > k + 1).astype(np.uint8) << 7)
    return out, ends


def page_grams(folded: str) -> tuple[np.ndarray, np.ndarray]:
    """(64-bit code of the gram, position) for every non-space character: up to N characters of its token."""
    codes = np.frombuffer(folded.encode("utf-32-le"), np.uint32).astype(np.uint64)
    codes[np.isin(codes, SPACE)] = 0
    padded = np.concatenate([codes, np.zeros(2, np.uint64)])
    second = padded[1:len(codes) + 1]
    third = np.where(second > 0, padded[2:len(codes) + 2], 0)
    gram = (codes << np.uint64(2 * SHIFT)) | (second << np.uint64(SHIFT)) | third
    where = np.flatnonzero(codes)
    return gram[where], where


def gram_text(code: int) -> str:
    chars = (code >> 2 * SHIFT, (code >> SHIFT) & ((1 << SHIFT) - 1), code & ((1 << SHIFT) - 1))
    return "".join(chr(c) for c in chars if c)


class Bodies:
    """Each key's body, built batch after batch of pages (in page order): per page a header, then values."""

    def __init__(self):
        self.bodies: dict[int, bytearray] = defaultdict(bytearray)
        self.last: dict[int, int] = {}                          # key -> last page in its body

    def add(self, keys: np.ndarray, pages: np.ndarray, values: np.ndarray | None, totals=None) -> None:
        """Entries sorted by key, then page: with `values`, per (key, page) varint(page delta) varint(count)
        and the values (position deltas); without, one entry per (key, page): varint(page delta) varint(total)."""
        if not len(keys):
            return
        new_key = np.r_[True, keys[1:] != keys[:-1]]
        new_group = new_key | np.r_[True, pages[1:] != pages[:-1]]
        firsts = np.flatnonzero(new_group)
        group_keys, group_pages = keys[firsts], pages[firsts].astype(np.int64)
        counts = np.diff(np.r_[firsts, len(keys)])
        key_firsts = np.flatnonzero(new_key[firsts])           # first group of each key
        previous = np.r_[0, group_pages[:-1]]
        previous[key_firsts] = [self.last.get(int(k), 0) for k in group_keys[key_firsts]]
        if values is None:
            stream = np.empty(2 * len(firsts), np.uint64)
            stream[0::2], stream[1::2] = group_pages - previous, totals
            key_starts = 2 * key_firsts
        else:
            group = np.cumsum(new_group) - 1
            stream = np.empty(len(keys) + 2 * len(firsts), np.uint64)
            stream[np.arange(len(keys)) + 2 * (group + 1)] = values
            stream[firsts + 2 * np.arange(len(firsts))] = group_pages - previous
            stream[firsts + 2 * np.arange(len(firsts)) + 1] = counts
            key_starts = firsts[key_firsts] + 2 * key_firsts
        data, ends = varints(stream)
        byte_starts = np.r_[0, ends][key_starts]
        byte_ends = np.r_[byte_starts[1:], len(data)]
        key_lasts = np.r_[key_firsts[1:], len(firsts)] - 1
        for key, a, b, last in zip(group_keys[key_firsts].tolist(), byte_starts.tolist(), byte_ends.tolist(),
                                   group_pages[key_lasts].tolist()):
            self.bodies[key] += data[a:b].tobytes()
            self.last[key] = last


def add_batch(batch: list[tuple[int, str, int]], positions: Bodies, counts: Bodies) -> None:
    """Postings of (page, folded text, title length) ...: positions of every gram, counts of its prefixes."""
    found = [page_grams(text) for _, text, _ in batch]
    grams = np.concatenate([g for g, _ in found])
    where = np.concatenate([w for _, w in found]).astype(np.int64)
    pages = np.concatenate([np.full(len(g), page, np.int64) for (page, _, _), (g, _) in zip(batch, found)])
    titles = np.concatenate([np.full(len(g), title, np.int64) for (_, _, title), (g, _) in zip(batch, found)])
    order = np.argsort(grams, kind="stable")
    keys, ps, ws = grams[order], pages[order], where[order]
    same = np.r_[False, (keys[1:] == keys[:-1]) & (ps[1:] == ps[:-1])]
    positions.add(keys, ps, np.where(same, ws - np.r_[0, ws[:-1]], ws))
    # unigram and bigram prefixes: how often in the page (times 2), plus 1 if one is in the title
    low = np.uint64((1 << SHIFT) - 1)
    uni, bi = grams & ~((low << np.uint64(SHIFT)) | low), grams & ~low
    two = ((grams >> np.uint64(SHIFT)) & low) > 0
    short = np.concatenate([uni, bi[two]])
    short_pages = np.concatenate([pages, pages[two]])
    in_title = np.concatenate([where + 1 <= titles, where[two] + 2 <= titles[two]])
    order = np.argsort(short, kind="stable")
    keys, ps, flags = short[order], short_pages[order], in_title[order]
    new_group = np.r_[True, (keys[1:] != keys[:-1]) | (ps[1:] != ps[:-1])]
    firsts = np.flatnonzero(new_group)
    value = 2 * np.diff(np.r_[firsts, len(keys)]) + np.maximum.reduceat(flags.astype(np.int64), firsts)
    counts.add(keys[firsts], ps[firsts], None, value)


def build(site: Path, out: Path) -> dict:
    positions, counts = Bodies(), Bodies()                      # grams; unigram and bigram prefixes
    meta = {"version": 1, "n": N, "title": [], "length": []}
    (out / "f").mkdir(parents=True, exist_ok=True)
    characters, batch = 0, []
    for page, (url, raw_title, raw_body) in enumerate(site_pages(site)):
        title, text = page_text(raw_title, raw_body)
        characters += len(text)
        meta["title"].append(len(title))
        meta["length"].append(len(text))
        (out / "f" / f"{page}.json.gz").write_bytes(gzip.compress(
            json.dumps({"url": url, "title": title, "text": text}, ensure_ascii=False).encode(), 6, mtime=0))
        batch.append((page, fold(text), len(title)))
        if len(batch) == BATCH:
            add_batch(batch, positions, counts)
            batch = []
    if batch:
        add_batch(batch, positions, counts)
    meta["pages"] = len(meta["title"])
    tables = [(kind, {gram_text(code): body for code, body in table.bodies.items()})
              for kind, table in ((0, positions), (1, counts))]
    total = sum(len(k.encode()) + len(b) + 4 for _, table in tables for k, b in table.items())
    bits = max(4, min(16, math.ceil(math.log2(max(total / SHARD_TARGET, 1)))))
    meta["bits"] = bits
    shards: dict[str, bytearray] = defaultdict(bytearray)
    for kind, table in tables:
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
    return {"pages": meta["pages"], "characters": characters, "keys": sum(len(t) for _, t in tables),
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
        space = folded.rfind(" ", max(0, start - EXCERPT // 4), start + 1)    # start at a space when one is near
        space = space if space >= 0 or not start else folded.find(" ", start, first)
        start = space + 1 if space >= 0 else start
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
