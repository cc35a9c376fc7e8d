// Site search on /search/: the site's own static index (search-index/, made at build time), queried by
// ./searchindex.js. Only meta.json, the shards of the query's grams and the fragments of the results
// shown are fetched. No inline script or style anywhere (strict CSP, no WebAssembly); results are built
// with DOM methods, matches in <mark>. Results are announced in an aria-live region.

import { excerpt, open, unzip } from "./searchindex.js";

const MAX_RESULTS = 20;
const THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusBox = document.getElementById("search-status");
const list = document.getElementById("search-results");
const noScript = document.getElementById("search-nojs");
const baseTitle = document.title;
const bundle = new URL(form.dataset.bundle, document.baseURI);
const home = new URL(form.dataset.home || "../", form.dataset.home ? document.baseURI : bundle);
let index = null;
let latest = 0;

function digits(value) {
  const text = String(value);
  return form.dataset.digits === "thai"
    ? text.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)])
    : text.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));
}

function say(text) {
  statusBox.textContent = text;
}

// A file of the bundle, gunzipped (unless the server already did: unzip checks the magic bytes).
// A shard that does not exist holds no key of the query (the builder writes only shards with keys).
// The index's file names stay the same from build to build: meta.json is always fetched again, past the
// browser's cache (no-store: a revalidation can be answered 304 for a new meta.json, since Last-Modified
// has one-second steps and SOURCE_DATE_EPOCH gives every build the same file times), and when it names
// its build (meta.id) the other files are asked for with ?v=<id>, so a browser's cache never mixes the
// shards or fragments of an earlier build with this meta.json.
let version = "";
async function load(rel) {
  const url = new URL(rel, bundle);
  if (version && rel !== "meta.json") url.searchParams.set("v", version);
  const response = await fetch(url, rel === "meta.json" ? { cache: "no-store" } : {});
  if (response.status === 404 && rel.startsWith("s/")) return null;
  if (!response.ok) throw new Error(`${rel}: HTTP ${response.status}`);
  return unzip(await response.arrayBuffer());
}

function loadIndex() {
  if (!index) {
    index = open(load).then((engine) => {
      version = String(engine.meta.id || "");
      return engine;
    });
    index.catch(() => { index = null; });       // tried again with the next query
  }
  return index;
}

// The index of this page's first query, or a new one when the site was built again since (ita-site serve
// swaps a new index in after an edit; a deploy does too): meta.json is fetched again and its id
// compared, so the shards and fragments a query reads always belong to one build.
async function currentIndex() {
  if (index) {
    const engine = await index.catch(() => null);
    if (engine && String(JSON.parse(new TextDecoder().decode(await load("meta.json"))).id || "") === version) {
      return engine;
    }
    index = null;
    version = "";
  }
  return loadIndex();
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function resultItem({ fragment, pieces }) {
  const li = element("li", "search-result");
  const heading = element("h2");
  const link = element("a", "", fragment.title || fragment.url || home.pathname);
  link.href = new URL(fragment.url, home).href;
  heading.append(link);
  li.append(heading);
  const facts = [];
  if (fragment.code) facts.push(`รายการ ${fragment.code}`);
  if (fragment.fiscal_year) facts.push(`ปีงบประมาณ พ.ศ. ${digits(fragment.fiscal_year)}`);
  if (facts.length) li.append(element("p", "result-meta", facts.join(" · ")));
  const text = element("p", "result-excerpt");
  text.append(...pieces.map((piece) => (piece.mark ? element("mark", "", piece.text) : document.createTextNode(piece.text))));
  li.append(text);
  return li;
}

function show(query, total, results) {
  list.replaceChildren(...results.map(resultItem));
  list.hidden = results.length === 0;
  if (total === 0) {
    say(`ไม่พบผลการค้นหาสำหรับ “${query}” ลองใช้คำอื่นหรือคำที่สั้นลง (No results.)`);
  } else {
    const shown = total > results.length ? ` แสดง ${digits(results.length)} รายการแรก` : "";
    say(`พบ ${digits(total)} หน้าที่ตรงกับ “${query}”${shown} (${total} results)`);
  }
}

async function run(rawQuery) {
  const query = rawQuery.trim();
  const ticket = ++latest;
  document.title = query ? `${query} – ${baseTitle}` : baseTitle;
  if (!query) {
    list.replaceChildren();
    list.hidden = true;
    say("");
    return;
  }
  say("กำลังค้นหา… (Searching…)");
  try {
    const engine = await currentIndex();
    const found = await engine.search(query);
    const fragments = await Promise.all(found.slice(0, MAX_RESULTS).map(([page]) => engine.fragment(page)));
    const results = fragments.map((fragment) => ({ fragment, pieces: excerpt(fragment.text, query) }));
    if (ticket === latest) show(query, found.length, results);
  } catch (error) {
    if (ticket !== latest) return;
    list.hidden = true;
    say("ระบบค้นหาโหลดไม่สำเร็จ โปรดลองใหม่ภายหลัง หรือดูรายการทั้งหมดจากหน้าแรก (Search could not be loaded.)");
    console.error(error);
  }
}

function queryFromUrl() {
  return new URLSearchParams(window.location.search).get("q") || "";
}

noScript.hidden = true;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(window.location.href);
  url.searchParams.set("q", input.value.trim());
  window.history.pushState(null, "", url);
  run(input.value);
});
window.addEventListener("popstate", () => {
  input.value = queryFromUrl();
  run(input.value);
});
input.value = queryFromUrl();
run(input.value);
