// The query of own_index.py's prototype index in JavaScript, to show that a browser can use the format.
// search(load, query) takes a function that returns a file's gunzipped bytes (in a browser: fetch and
// DecompressionStream("gzip"); here: fs and zlib) and returns [page, score] best first, as own_index.py's
// Index.search does. Run: node own_index_query.mjs INDEX_DIR QUERY...   (prints one JSON line per query)

const N = 3;
const TITLE_BOOST = 3.0;
const PUA = { 0xf700: "\u0e10", 0xf701: "\u0e34", 0xf702: "\u0e35", 0xf703: "\u0e36", 0xf704: "\u0e37",
  0xf705: "\u0e48", 0xf706: "\u0e49", 0xf707: "\u0e4a", 0xf708: "\u0e4b", 0xf709: "\u0e4c", 0xf70a: "\u0e48",
  0xf70b: "\u0e49", 0xf70c: "\u0e4a", 0xf70d: "\u0e4b", 0xf70e: "\u0e4c", 0xf70f: "\u0e0d", 0xf710: "\u0e31",
  0xf711: "\u0e4d", 0xf712: "\u0e47", 0xf713: "\u0e48", 0xf714: "\u0e49", 0xf715: "\u0e4a", 0xf716: "\u0e4b",
  0xf717: "\u0e4c", 0xf718: "\u0e38", 0xf719: "\u0e39", 0xf71a: "\u0e3a" };
const SARA_AM = /\u0e4d([\u0e48-\u0e4b]?)\u0e32|([\u0e48-\u0e4b])\u0e4d\u0e32/g;
const INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g;

// as own_index.py's display() then fold(): the words of a query
export function queryWords(query) {
  let text = query.replace(/[\uf700-\uf71a]/g, (c) => PUA[c.charCodeAt(0)]).normalize("NFKC");
  text = text.replace(SARA_AM, (m, a, b) => (a || b || "") + "\u0e33").replace(INVISIBLE, "");
  text = text.replace(/[\u0e50-\u0e59]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
  text = [...text].map((c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join("");
  return text.split(/\s+/).filter(Boolean);
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

export async function open(load) {
  const meta = JSON.parse(new TextDecoder().decode(await load("meta.json")));
  const shards = new Map();
  async function body(key, kind) {
    const name = (fnv1a(key) >>> (32 - meta.bits)).toString(16).padStart((meta.bits + 3) >> 2, "0");
    if (!shards.has(name)) {
      const data = await load(`s/${name}.bin.gz`).catch(() => new Uint8Array());
      const entries = new Map(), at = { i: 0 };
      while (at.i < data.length) {
        const size = varint(data, at);
        const text = new TextDecoder().decode(data.subarray(at.i, at.i + size));
        const entryKind = data[at.i + size];
        at.i += size + 1;
        const length = varint(data, at);
        entries.set(`${entryKind}:${text}`, data.subarray(at.i, at.i + length));
        at.i += length;
      }
      shards.set(name, entries);
    }
    return shards.get(name).get(`${kind}:${key}`) || new Uint8Array();
  }
  async function positions(gram) {
    const data = await body(gram, 0), at = { i: 0 }, out = new Map();
    let page = 0;
    while (at.i < data.length) {
      page += varint(data, at);
      const count = varint(data, at), where = [];
      let position = 0;
      for (let k = 0; k < count; k++) where.push((position += varint(data, at)));
      out.set(page, where);
    }
    return out;
  }
  async function word(w) {           // page -> [occurrences, in title]
    const chars = [...w], out = new Map();
    if (chars.length < N) {
      const data = await body(w, 1), at = { i: 0 };
      let page = 0;
      while (at.i < data.length) {
        page += varint(data, at);
        const value = varint(data, at);
        out.set(page, [Math.floor(value / 2), value % 2 === 1]);
      }
      return out;
    }
    const offsets = [...new Set([...Array(Math.floor((chars.length - N) / N) + 1).keys()].map((k) => k * N)
      .concat([chars.length - N]))].sort((a, b) => a - b);
    const lists = await Promise.all(offsets.map((k) => positions(chars.slice(k, k + N).join(""))));
    for (const [page, first] of lists[0]) {
      let starts = new Set(first);
      for (let j = 1; j < offsets.length && starts.size; j++) {
        const there = lists[j].get(page);
        starts = new Set(there ? there.map((p) => p - offsets[j]).filter((p) => starts.has(p)) : []);
      }
      if (starts.size) out.set(page, [starts.size, Math.min(...starts) + chars.length <= meta.title[page]]);
    }
    return out;
  }
  async function search(query) {
    const words = queryWords(query);
    if (!words.length) return [];
    const found = await Promise.all(words.map(word));
    const scored = [];
    for (const page of found[0].keys()) {
      if (!found.every((f) => f.has(page))) continue;
      let score = 0;
      for (const f of found) {
        const [count, inTitle] = f.get(page);
        score += 1 + Math.log(count) / Math.log(2 + meta.length[page] / 500) + (inTitle ? TITLE_BOOST : 0);
      }
      scored.push([page, score]);
    }
    return scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }
  return { meta, search };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fs = await import("node:fs/promises");
  const zlib = await import("node:zlib");
  const [folder, ...queries] = process.argv.slice(2);
  const load = async (rel) => {
    const data = await fs.readFile(`${folder}/${rel}`);
    return rel.endsWith(".gz") ? zlib.gunzipSync(data) : data;
  };
  const index = await open(load);
  for (const query of queries) console.log(JSON.stringify({ query, results: (await index.search(query)).map(([p]) => p) }));
}
