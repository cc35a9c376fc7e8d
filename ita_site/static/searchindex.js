// The site's own search index (search-index/, made by ita_site/publish at build time), read the way a
// browser reads it: meta.json once, then only the shards of a query's grams and the fragments of the
// results shown. No DOM and no fetch here, so node can import this module too (tests, benchmarks):
// open(load) takes load(rel) -> Promise of the file's bytes, already gunzipped (unzip below helps).
//
// The index holds, for every non-space character of each page's folded text (Thai digits as Arabic,
// lower case), the gram of the next three characters of its whitespace-separated token, with its
// position; and per page the counts of every one- and two-character prefix. A query word of three or
// more characters is an exact substring where a cover of its grams (offsets 0, 3, 6, ... and len - 3)
// occurs at the right distances; a shorter word is looked up in the counts. So a word inside a
// compound (สินบน in รับสินบน) is found, whatever a word segmenter would make of the page.
//
// Files: meta.json {"version", "n", "bits", "pages", "title": [title length], "length": [text length]}
// (lengths in code points); s/<hex>.bin, shards of entries varint(len(key)) key kind varint(len(body))
// body, kind 0 positions (per page: varint(page delta) varint(count) varint(position delta)*count),
// kind 1 counts (per page: varint(page delta) varint(2 * count + in title)); f/<page>.bin, JSON
// {"url", "title", "text", "code", "fiscal_year"}.

const TITLE_BOOST = 3.0;          // added per query word found in the page's title (before IDF)
const K1 = 1.2, B = 0.75;         // BM25: how fast repeats stop counting, how much a long page is discounted
const EXCERPT = 120;              // characters of an excerpt
const LEAD = 30;                  // characters before the first match, when the excerpt cannot start at 0
const REACH = 60;                 // how far before the match a clean start is looked for

// Thai fonts of many PDF producers put tone marks and vowels in the private-use area; text extracted
// from such PDFs keeps the glyph's code (ป\uf70bองกัน). The builder maps them in pages; so do queries.
const PUA = { 0xf700: "\u0e10", 0xf701: "\u0e34", 0xf702: "\u0e35", 0xf703: "\u0e36", 0xf704: "\u0e37",
  0xf705: "\u0e48", 0xf706: "\u0e49", 0xf707: "\u0e4a", 0xf708: "\u0e4b", 0xf709: "\u0e4c", 0xf70a: "\u0e48",
  0xf70b: "\u0e49", 0xf70c: "\u0e4a", 0xf70d: "\u0e4b", 0xf70e: "\u0e4c", 0xf70f: "\u0e0d", 0xf710: "\u0e31",
  0xf711: "\u0e4d", 0xf712: "\u0e47", 0xf713: "\u0e48", 0xf714: "\u0e49", 0xf715: "\u0e4a", 0xf716: "\u0e4b",
  0xf717: "\u0e4c", 0xf718: "\u0e38", 0xf719: "\u0e39", 0xf71a: "\u0e3a" };
const SARA_AM = /\u0e4d([\u0e48-\u0e4b]?)\u0e32|([\u0e48-\u0e4b])\u0e4d\u0e32/g;     // NFKC splits ำ into ํ + า
const INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g;
const NOT_A_START = /[\s\p{P}\p{S}\p{M}\u0e46]/u;     // an excerpt never starts with these (ๆ is a letter)
const SPACE = /\s/;

/** Text as the builder stores it (searchtext.display): PUA glyphs mapped, invisible characters
 * dropped (before NFKC, which then orders the marks they stood between), NFKC, sara am whole. */
export function display(text) {
  return String(text).replace(/[\uf700-\uf71a]/g, (c) => PUA[c.charCodeAt(0)]).replace(INVISIBLE, "")
    .normalize("NFKC").replace(SARA_AM, (m, a, b) => (a || b || "") + "\u0e33");
}

/** Same length as `text`: Thai digits as Arabic, letters in lower case (only where that keeps the length). */
export function fold(text) {
  const arabic = text.replace(/[\u0e50-\u0e59]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
  const lower = arabic.toLowerCase();
  return lower.length === arabic.length ? lower
    : [...arabic].map((c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join("");
}

/** The words of a query, as they are matched: display form, folded, split at spaces. */
export function queryWords(query) {
  return fold(display(query)).split(/\s+/).filter(Boolean);
}

/** Bytes as they are: gunzipped when they start with gzip's magic bytes (a server may have done it). */
export async function unzip(bytes) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) return data;
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function fnv1a(key) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

function varint(data, at) {
  let n = 0, shift = 0, byte;
  do {
    byte = data[at.i++];
    n += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte >= 0x80);
  return n;
}

const decoder = new TextDecoder();

function json(bytes, rel) {
  if (!bytes) throw new Error(`search index: ${rel} is missing`);
  return JSON.parse(decoder.decode(bytes));
}

/**
 * The index behind `load`: load(rel) -> Promise of the bytes of search-index/<rel>, gunzipped; it may
 * resolve to null for a shard that does not exist (the builder writes only shards that hold keys).
 */
export async function open(load) {
  const meta = json(await load("meta.json"), "meta.json");
  const n = meta.n || 3;
  const shards = new Map();                 // shard name -> Promise of its entries ("kind:key" -> body)
  const fragments = new Map();

  function entries(name) {
    if (!shards.has(name)) {
      shards.set(name, Promise.resolve(load(`s/${name}.bin`)).then((bytes) => {
        const data = bytes || new Uint8Array(), out = new Map(), at = { i: 0 };
        while (at.i < data.length) {
          const size = varint(data, at);
          const key = decoder.decode(data.subarray(at.i, at.i + size));
          const kind = data[at.i + size];
          at.i += size + 1;
          const length = varint(data, at);
          out.set(`${kind}:${key}`, data.subarray(at.i, at.i + length));
          at.i += length;
        }
        return out;
      }));
      shards.get(name).catch(() => shards.delete(name));     // a failed load is tried again next time
    }
    return shards.get(name);
  }

  async function body(key, kind) {
    const name = (fnv1a(key) >>> (32 - meta.bits)).toString(16).padStart((meta.bits + 3) >> 2, "0");
    return (await entries(name)).get(`${kind}:${key}`) || new Uint8Array();
  }

  async function positions(gram) {          // page -> positions where the gram starts
    const data = await body(gram, 0), at = { i: 0 }, out = new Map();
    let page = 0;
    while (at.i < data.length) {
      page += varint(data, at);
      const count = varint(data, at), where = new Array(count);
      let position = 0;
      for (let k = 0; k < count; k++) where[k] = (position += varint(data, at));
      out.set(page, where);
    }
    return out;
  }

  async function word(w) {                  // page -> [occurrences, whether one is in the title]
    const chars = [...w], out = new Map();
    if (chars.length < n) {
      const data = await body(w, 1), at = { i: 0 };
      let page = 0;
      while (at.i < data.length) {
        page += varint(data, at);
        const value = varint(data, at);
        out.set(page, [Math.floor(value / 2), value % 2 === 1]);
      }
      return out;
    }
    const offsets = [];
    for (let k = 0; k <= chars.length - n; k += n) offsets.push(k);
    if (offsets[offsets.length - 1] !== chars.length - n) offsets.push(chars.length - n);
    const lists = await Promise.all(offsets.map((k) => positions(chars.slice(k, k + n).join(""))));
    for (const [page, first] of lists[0]) {
      let starts = first;
      for (let j = 1; j < offsets.length && starts.length; j++) {
        const there = lists[j].get(page);
        const at = new Set(there ? there.map((p) => p - offsets[j]) : []);
        starts = starts.filter((p) => at.has(p));
      }
      if (starts.length) out.set(page, [starts.length, starts[0] + chars.length <= meta.title[page]]);
    }
    return out;
  }

  const pages = meta.pages || meta.length.length;
  const average = meta.length.reduce((a, b) => a + b, 0) / Math.max(pages, 1) || 1;

  /**
   * [page, score] of the pages that hold every word of the query, best first. A word scores as in BM25
   * (occurrences, discounted on long pages; rare words weigh more), plus TITLE_BOOST when the page's
   * title holds it: the indicator or item page about a term comes before pages that only mention it.
   */
  async function search(query) {
    const words = queryWords(query);
    if (!words.length) return [];
    const found = await Promise.all(words.map(word));
    const idf = found.map((f) => Math.log(1 + (pages - f.size + 0.5) / (f.size + 0.5)));
    const scored = [], fewest = found.reduce((a, b) => (b.size < a.size ? b : a));
    for (const page of fewest.keys()) {
      if (!found.every((f) => f.has(page))) continue;
      const norm = K1 * (1 - B + (B * meta.length[page]) / average);
      let score = 0;
      found.forEach((f, k) => {
        const [count, inTitle] = f.get(page);
        score += idf[k] * ((count * (K1 + 1)) / (count + norm) + (inTitle ? TITLE_BOOST : 0));
      });
      scored.push([page, score]);
    }
    return scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  /** The page's fragment: {url, title, text, code, fiscal_year}. */
  function fragment(page) {
    if (!fragments.has(page)) {
      const rel = `f/${page}.bin`;
      fragments.set(page, Promise.resolve(load(rel)).then((bytes) => json(bytes, rel)));
      fragments.get(page).catch(() => fragments.delete(page));
    }
    return fragments.get(page);
  }

  return { meta, search, fragment, excerpt };
}

let segmenter;                   // Thai word boundaries, where the runtime has them (browsers, node)
function wordStarts(text, from, to) {
  if (segmenter === undefined) {
    segmenter = typeof Intl === "object" && typeof Intl.Segmenter === "function"
      ? new Intl.Segmenter("th", { granularity: "word" }) : null;
  }
  if (!segmenter || to <= from) return [];
  return [...segmenter.segment(text.slice(from, to))].map(({ index }) => from + index);
}

function closest(list, target) {
  let best = -1;
  for (const i of list) if (best < 0 || Math.abs(i - target) < Math.abs(best - target)) best = i;
  return best;
}

function spacesIn(text, from, to) {        // positions just after a space or line break, in (from, to]
  const out = [];
  for (let i = from + 1; i <= to; i++) if (SPACE.test(text[i - 1])) out.push(i);
  return out;
}

// Where a clean excerpt starts, for a first match at `first`: at 0 when the match is near the start;
// else after a space or line break some way before the match, else at a word start there (Thai runs
// long without spaces), else just before the match; never on punctuation, space or a combining mark.
function cleanStart(text, first) {
  if (first <= LEAD + 10) return 0;
  const from = Math.max(0, first - REACH), target = first - LEAD, near = first - 10;
  let best = closest(spacesIn(text, from, near), target);
  if (best < 0) best = closest(wordStarts(text, from, first).filter((i) => i > from && i <= near), target);
  if (best < 0) best = closest(spacesIn(text, near, first), target);
  let start = best < 0 ? first : best;
  while (start < first && NOT_A_START.test(text[start])) start++;
  return start;
}

// Where it ends: about EXCERPT characters on, at a space when one is in the last quarter, else at a
// word end; never before `need` (the end of the first match) and never inside a character cluster.
function cleanEnd(text, start, need) {
  let end = Math.max(Math.min(text.length, start + EXCERPT), need);
  if (end >= text.length) return text.length;
  const low = Math.max(need, start + (EXCERPT * 3) / 4);
  const space = spacesIn(text, low, end).pop();
  if (space !== undefined) return space - 1;
  const word = closest(wordStarts(text, end - 20, end + 20).filter((i) => i > end - 20 && i >= low), end);
  if (word > 0) end = word;
  while (end < text.length && /[\p{M}\udc00-\udfff]/u.test(text[end])) end++;
  return end;
}

/**
 * About EXCERPT characters of `text` around the first match of the query's words, as pieces
 * [{text, mark}]: every occurrence of a query word in the window is marked (matched on the folded
 * text, so 1567 marks ๑๕๖๗). Line breaks read as spaces.
 */
export function excerpt(text, query) {
  text = String(text || "");
  const words = [...new Set(queryWords(query))];
  const folded = fold(text);
  let first = -1, firstEnd = 0;
  for (const w of words) {
    const at = folded.indexOf(w);
    if (at >= 0 && (first < 0 || at < first)) [first, firstEnd] = [at, at + w.length];
  }
  const start = first < 0 ? 0 : cleanStart(text, first);
  let end = first < 0 ? cleanEnd(text, 0, 0) : cleanEnd(text, start, firstEnd);
  const marks = [];
  for (const w of words) {
    for (let at = folded.indexOf(w, start); at >= 0 && at < end; at = folded.indexOf(w, at + 1)) {
      marks.push([at, at + w.length]);
    }
  }
  for (const [, b] of marks) end = Math.max(end, b);         // a word at the end is shown whole
  marks.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const pieces = [];
  const piece = (a, b, mark) => {
    if (b > a) pieces.push({ text: text.slice(a, b).replace(/\s+/g, " "), mark });
  };
  let pos = start;
  for (const [a, b] of marks) {
    if (b <= pos) continue;
    if (a > pos) {
      piece(pos, a, false);
      pieces.push({ text: "", mark: true });
    } else if (!pieces.length || !pieces[pieces.length - 1].mark) {
      pieces.push({ text: "", mark: true });
    }
    const last = pieces[pieces.length - 1];
    last.text += text.slice(Math.max(a, pos), b).replace(/\s+/g, " ");
    pos = b;
  }
  piece(pos, end, false);
  return pieces;
}
