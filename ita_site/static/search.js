// Site search on /search/: Pagefind's JS API (pagefind/pagefind.js, made at build time by search.py).
// No inline script or style anywhere (strict CSP); results are built with DOM methods, and the only
// markup taken from the index is <mark> in excerpts. Results are announced in an aria-live region.

const MAX_RESULTS = 20;
const THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
const THAI = /[\u0E00-\u0E7F]/;
const thaiWords = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("th", { granularity: "word" }) : null;

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusBox = document.getElementById("search-status");
const list = document.getElementById("search-results");
const noScript = document.getElementById("search-nojs");
const baseTitle = document.title;
let pagefind = null;
let latest = 0;

function digits(value) {
  const text = String(value);
  return form.dataset.digits === "thai" ? text.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)]) : text;
}

function say(text) {
  statusBox.textContent = text;
}

function loadPagefind() {
  if (!pagefind) {
    const url = new URL(form.dataset.bundle + "pagefind.js", document.baseURI).href;
    pagefind = import(url).then(async (module) => {
      await module.options({ excerptLength: 30 });
      await module.init();
      return module;
    });
  }
  return pagefind;
}

// Thai has no spaces between words. The browser's dictionary splits finer than the one that built
// the index (งบประมาณ -> งบ|ประมาณ), and Pagefind matches each query word as the start of an indexed
// word, so we join the browser's pieces back while the joined text still starts some indexed word
// (search.py stops pagefind.js from splitting Thai queries again).
async function startsAWord(engine, text) {
  return (await engine.search(text)).results.length > 0;
}

async function queryWords(engine, query) {
  const words = [];
  for (const chunk of query.split(/\s+/).filter(Boolean)) {
    if (!THAI.test(chunk) || !thaiWords || (await startsAWord(engine, chunk))) {
      words.push(chunk);
      continue;
    }
    let word = "";
    for (const { segment, isWordLike } of thaiWords.segment(chunk)) {
      if (!isWordLike) continue;
      if (word && (await startsAWord(engine, word + segment))) {
        word += segment;
      } else {
        if (word) words.push(word);
        word = segment;
      }
    }
    if (word) words.push(word);
  }
  return words.join(" ");
}

// The excerpt is HTML-escaped text with <mark> around matches: keep the text and the marks only.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = document.createDocumentFragment();
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function resultItem(data) {
  const li = element("li", "search-result");
  const heading = element("h2");
  const link = element("a", "", data.meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  li.append(heading);
  const facts = [];
  if (data.meta.code) facts.push(`รายการ ${data.meta.code}`);
  if (data.meta.fiscal_year) facts.push(`ปีงบประมาณ พ.ศ. ${data.meta.fiscal_year}`);
  if (facts.length) li.append(element("p", "result-meta", facts.join(" · ")));
  const excerpt = element("p", "result-excerpt");
  excerpt.append(excerptNodes(data.excerpt || ""));
  li.append(excerpt);
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
    const engine = await loadPagefind();
    const search = await engine.search(await queryWords(engine, query));
    const results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (ticket === latest) show(query, search.results.length, results);
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
