"""The site search index: every character trigram of every page's text, with its positions, in shards.

A query word of three or more characters is found as an exact substring by trigrams that cover it
(at offsets 0, 3, 6, ... and len-3) at the right distances; a word of one or two characters by the
per-page counts of the trigrams' one- and two-character prefixes. So every word a segmenter could cut
(ICU's, newmm's, a word inside a compound) finds its page, with no dictionary at all. The browser
reads meta.json once, then only the shards of its query's grams and the fragments of the results it
shows (ita_site/static/searchindex.js, the query; search.js, the page).

Files under the bundle folder (urls.SEARCH_BUNDLE):
- meta.json: {"version", "id" (a digest of every other file: the browser asks for them with ?v=<id>, so
  a cache never mixes two builds), "n", "bits", "pages", "title": [title length], "length": [text length]}.
- s/XXX.bin, gzip: the entries of the keys whose FNV-1a hash starts with the bits XXX, each
  varint(len(key)) key kind(0 positions, 1 counts) varint(len(body)) body. Positions body, per page in
  ascending order: varint(page delta) varint(count) varint(position delta)*count. Counts body, per page:
  varint(page delta) varint(2 * count + 1 if one is in the title).
- f/N.bin, gzip: page N's JSON {"url", "title", "text", "code", "fiscal_year"} (searchtext.PageText).

Same pages, same bytes: pages are numbered in path order and everything is written sorted, gzip without
a time. Pages are read and their postings made on every core (workers.fork_map, blocks of pages in
order); the parent joins each key's bodies (only the first page delta of a block changes).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np

from ita_site import workers
from ita_site.publish.searchtext import PageText, fold, page_text

N = 3                              # characters of a gram
SHARD_TARGET = 16_000              # aimed-at uncompressed bytes of a shard
BATCH = 64                         # pages whose postings are made together
PAGE_BITS = 8                      # bits of a page's number within its batch (BATCH <= 256)
SHIFT = 21                         # bits of one character in a gram's 64-bit code
MIN_PAGES_PER_WORKER = 200
GZIP_LEVEL = 3                     # half the time of level 6 for a sixth more bytes
_LOW = np.uint64((1 << SHIFT) - 1)
_SPACE = np.array([ord(" "), ord("\n")], np.uint32)


# ---------------------------------------------------------------------------------- varints


def varint(out: bytearray, n: int) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _read_varint(data: bytes, i: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        byte = data[i]
        i += 1
        n |= (byte & 0x7F) << shift
        if byte < 0x80:
            return n, i
        shift += 7


def _varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


# ---------------------------------------------------------------------------------- postings


class Bodies:
    """Each key's body, batch after batch of pages in page order (see the module text)."""

    def __init__(self):
        self.bodies: dict[int, bytearray] = defaultdict(bytearray)
        self.first: dict[int, int] = {}                 # key -> first page in its body
        self.last: dict[int, int] = {}                  # key -> last page in its body

    def add(self, keys: np.ndarray, pages: np.ndarray, values: np.ndarray | None, totals=None) -> None:
        """Entries sorted by key, then page: with `values` (position deltas) per (key, page) the page delta,
        the count and the values; without, per (key, page) the page delta and `totals`."""
        if not len(keys):
            return
        new_key = np.r_[True, keys[1:] != keys[:-1]]
        new_group = new_key | np.r_[True, pages[1:] != pages[:-1]]
        firsts = np.flatnonzero(new_group)
        group_keys, group_pages = keys[firsts], pages[firsts].astype(np.int64)
        key_firsts = np.flatnonzero(new_key[firsts])
        previous = np.r_[0, group_pages[:-1]]
        previous[key_firsts] = [self.last.get(k, 0) for k in group_keys[key_firsts].tolist()]
        if values is None:
            stream = np.empty(2 * len(firsts), np.uint64)
            stream[0::2], stream[1::2] = group_pages - previous, totals
            key_starts = 2 * key_firsts
        else:
            group = np.cumsum(new_group) - 1
            stream = np.empty(len(keys) + 2 * len(firsts), np.uint64)
            stream[np.arange(len(keys)) + 2 * (group + 1)] = values
            stream[firsts + 2 * np.arange(len(firsts))] = group_pages - previous
            stream[firsts + 2 * np.arange(len(firsts)) + 1] = np.diff(np.r_[firsts, len(keys)])
            key_starts = firsts[key_firsts] + 2 * key_firsts
        data, ends = _varints(stream)
        byte_starts = np.r_[0, ends][key_starts]
        byte_ends = np.r_[byte_starts[1:], len(data)]
        key_lasts = np.r_[key_firsts[1:], len(firsts)] - 1
        for key, a, b, first, last in zip(group_keys[key_firsts].tolist(), byte_starts.tolist(), byte_ends.tolist(),
                                          group_pages[key_firsts].tolist(), group_pages[key_lasts].tolist()):
            self.bodies[key] += data[a:b].tobytes()
            self.first.setdefault(key, first)
            self.last[key] = last

    def join(self, other: "Bodies", offset: int) -> None:
        """Append `other` (a later block of pages, numbered from 0 there) whose pages start at `offset`."""
        for key, body in other.bodies.items():
            _, i = _read_varint(body, 0)
            head = bytearray()
            varint(head, other.first[key] + offset - self.last.get(key, 0))
            self.bodies[key] += head + body[i:]
            self.first.setdefault(key, other.first[key] + offset)
            self.last[key] = other.last[key] + offset


def _grams(folded: str) -> tuple[np.ndarray, np.ndarray]:
    """(64-bit code of the gram, position) for every non-space character: up to N characters of its word."""
    codes = np.frombuffer(folded.encode("utf-32-le"), np.uint32).astype(np.uint64)
    codes[np.isin(codes, _SPACE)] = 0
    padded = np.concatenate([codes, np.zeros(2, np.uint64)])
    second = padded[1:len(codes) + 1]
    third = np.where(second > 0, padded[2:len(codes) + 2], 0)
    gram = (codes << np.uint64(2 * SHIFT)) | (second << np.uint64(SHIFT)) | third
    where = np.flatnonzero(codes)
    return gram[where], where


def _gram_text(code: int) -> str:
    chars = (code >> 2 * SHIFT, (code >> SHIFT) & ((1 << SHIFT) - 1), code & ((1 << SHIFT) - 1))
    return "".join(chr(c) for c in chars if c)


def _add_batch(batch: list[tuple[int, str, int]], positions: Bodies, counts: Bodies) -> None:
    """Postings of (page, folded text, title length) ... (consecutive pages): positions of every gram, counts
    of its one- and two-character prefixes."""
    found = [_grams(text) for _, text, _ in batch]
    sizes = [len(g) for g, _ in found]
    grams = np.concatenate([g for g, _ in found])
    where = np.concatenate([w for _, w in found]).astype(np.int64)
    local = np.repeat(np.arange(len(batch), dtype=np.int64), sizes)          # page within the batch
    first = batch[0][0]
    order = np.argsort(grams, kind="stable")
    keys, ps, ws = grams[order], local[order] + first, where[order]
    same = np.r_[False, (keys[1:] == keys[:-1]) & (ps[1:] == ps[:-1])]
    positions.add(keys, ps, np.where(same, ws - np.r_[0, ws[:-1]], ws))
    titles = np.repeat(np.array([title for _, _, title in batch], np.int64), sizes)
    two = ((grams >> np.uint64(SHIFT)) & _LOW) > 0
    for prefix, rows, length in ((grams >> np.uint64(2 * SHIFT), slice(None), 1),
                                 (grams[two] >> np.uint64(SHIFT), two, 2)):
        _add_counts(counts, prefix, local[rows], where[rows] + length <= titles[rows], first, SHIFT * (3 - length))


def _add_counts(counts: Bodies, prefix: np.ndarray, local: np.ndarray, in_title: np.ndarray, first: int,
                shift: int) -> None:
    """Per (prefix, page): how often, and whether once in the title; sorted as one packed number each."""
    packed = np.sort((prefix << np.uint64(PAGE_BITS + 1)) | (local.astype(np.uint64) << np.uint64(1))
                     | in_title.astype(np.uint64))
    group = packed >> np.uint64(1)
    firsts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    value = 2 * np.diff(np.r_[firsts, len(packed)]) + np.maximum.reduceat((packed & np.uint64(1)).astype(np.int64),
                                                                          firsts)
    heads = group[firsts]
    pages = (heads & np.uint64((1 << PAGE_BITS) - 1)).astype(np.int64) + first
    counts.add((heads >> np.uint64(PAGE_BITS)) << np.uint64(shift), pages, None, value)


# ---------------------------------------------------------------------------------- build


def site_pages(site_dir: Path, bundle_name: str) -> list[tuple[str, Path]]:
    """(site path, file) of every page that may be indexed, in path order."""
    out = []
    for path in sorted(Path(site_dir).rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith((".", bundle_name + "/")) or "/." in rel:
            continue
        out.append((rel[: -len("index.html")] if rel.endswith("index.html") else rel, path))
    return out


def _block(files: list[tuple[str, Path]]) -> tuple[list[tuple[bytes, int, int]], Bodies, Bodies]:
    """(fragment, title length, text length) of each page of a block, and its postings, pages numbered from 0."""
    fragments, positions, counts, batch = [], Bodies(), Bodies(), []
    for url, path in files:
        page = page_text(url, path.read_bytes().decode("utf-8", "replace"))
        if page is None:
            continue
        fragments.append((_fragment(page), len(page.title), len(page.text)))
        indexed = f"{page.text}\n{page.code}" if page.code else page.text       # the code finds its pages too
        batch.append((len(fragments) - 1, fold(indexed), len(page.title)))
        if len(batch) == BATCH:
            _add_batch(batch, positions, counts)
            batch = []
    if batch:
        _add_batch(batch, positions, counts)
    return fragments, positions, counts


def _fragment(page: PageText) -> bytes:
    data = {"url": page.url, "title": page.title, "text": page.text, "code": page.code,
            "fiscal_year": page.fiscal_year}
    return gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), GZIP_LEVEL, mtime=0)


def _blocks(files: list[tuple[str, Path]]) -> list[tuple[list, Bodies, Bodies]]:
    jobs = workers.wanted(len(files), MIN_PAGES_PER_WORKER)
    if jobs <= 1:
        return [_block(files)]
    cut = [len(files) * k // jobs for k in range(jobs + 1)]

    def task(k, n, send):
        fragments, positions, counts = _block(files[cut[k]:cut[k + 1]])
        send([(k, fragments, positions, counts)])

    done = sorted(workers.fork_map(jobs, task), key=lambda item: item[0])
    return [(fragments, positions, counts) for _, fragments, positions, counts in done]


def build(site_dir: Path, bundle: Path, bundle_name: str) -> dict:
    """Write the index of the pages in site_dir into `bundle` (a new or empty folder); facts about it."""
    files = site_pages(site_dir, bundle_name)
    (fragments, positions, counts), *later = _blocks(files)             # the first block is the start
    for block_fragments, block_positions, block_counts in later:
        positions.join(block_positions, len(fragments))
        counts.join(block_counts, len(fragments))
        fragments += block_fragments
    build_id = hashlib.blake2b(digest_size=8)       # names this build's files: the browser asks for f/3.bin?v=<id>
    (bundle / "f").mkdir(parents=True, exist_ok=True)
    for page, (data, _title, _length) in enumerate(fragments):
        (bundle / "f" / f"{page}.bin").write_bytes(data)
        build_id.update(b"f%d\0%d\0" % (page, len(data)) + data)
    shards = _shards([(0, positions), (1, counts)])
    (bundle / "s").mkdir(exist_ok=True)
    for name, data in sorted(shards["files"].items()):
        data = gzip.compress(bytes(data), GZIP_LEVEL, mtime=0)
        (bundle / "s" / f"{name}.bin").write_bytes(data)
        build_id.update(b"s%s\0%d\0" % (name.encode(), len(data)) + data)
    meta = {"version": 1, "id": build_id.hexdigest(), "n": N, "bits": shards["bits"], "pages": len(fragments),
            "title": [f[1] for f in fragments], "length": [f[2] for f in fragments]}
    (bundle / "meta.json").write_text(json.dumps(meta, separators=(",", ":")), encoding="utf-8")
    return {"pages": len(fragments), "files": len(files), "shards": len(shards["files"])}


def _shards(tables: list[tuple[int, Bodies]]) -> dict:
    named = [(kind, {_gram_text(code): body for code, body in table.bodies.items()}) for kind, table in tables]
    total = sum(len(k.encode()) + len(b) + 4 for _, table in named for k, b in table.items())
    bits = max(4, min(16, math.ceil(math.log2(max(total / SHARD_TARGET, 1)))))
    files: dict[str, bytearray] = defaultdict(bytearray)
    for kind, table in named:
        for key in sorted(table):
            entry = files[shard_name(key, bits)]
            encoded = key.encode("utf-8", "surrogatepass")
            varint(entry, len(encoded))
            entry += encoded
            entry.append(kind)
            varint(entry, len(table[key]))
            entry += table[key]
    return {"bits": bits, "files": files}


def fnv1a(key: str) -> int:
    h = 0x811C9DC5
    for byte in key.encode("utf-8", "surrogatepass"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_name(key: str, bits: int) -> str:
    return f"{fnv1a(key) >> (32 - bits):0{(bits + 3) // 4}x}"
