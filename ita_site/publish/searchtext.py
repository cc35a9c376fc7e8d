"""The text the site search indexes: each built page's main content, as it reads and as it is matched.

- What: `<main data-search-body>` (base.html sets it on content pages; the search and 404 pages have
  none), less the elements with one of EXCLUDE's classes (the eyebrow, dates, pager and file facts that
  every page repeats), its `<h1>` as the title. `data-code` / `data-fiscal-year` on <main> are the
  facts each result shows (item and PDF-text pages).
- As it reads (`display`): Thai PDF fonts put tone marks and vowels in the private-use area, and text
  taken from such PDFs keeps the glyph codes (ป\\uf70bองกัน): they are mapped back to the Thai characters;
  then invisible characters dropped, NFKC, SARA AM made whole again (NFKC splits it), spaces collapsed.
- As it is matched (`fold`): Thai digits as Arabic and letters in lower case, one character for one,
  so a position in the folded text is the same position in the display text (excerpts, title bounds).
  ita_site/static/searchindex.js folds a query the same way (queryWords): keep the two in step.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from ita_site import thai

EXCLUDE = frozenset({"eyebrow", "updated", "pager", "indicator-links", "pdf-source", "file-meta", "back-to-top"})

SARA_AM = re.compile("\u0E4D([\u0E48-\u0E4B]?)\u0E32|([\u0E48-\u0E4B])\u0E4D\u0E32")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
SPACES = re.compile(r"[^\S\n]+")
LINES = re.compile(r" ?\n[\s]*")
THAI_DIGITS = re.compile("[๐-๙]+")

# data-pagefind-body: what base.html said before the seventh session (Pagefind), in a site's own copy of it
MAIN = re.compile(r"<main\b([^>]*\bdata-(?:search|pagefind)-body\b[^>]*)>(.*?)</main>", re.S)
ATTRIBUTE = re.compile(r'\bdata-(code|fiscal-year)="([^"]*)"')
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
UNSHOWN = re.compile(r"<!--.*?-->|<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
EXCLUDED_OPEN = re.compile(r"""<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\bclass=["']([^"']*)["'][^>]*>""")
BLOCK_TAG = re.compile(r"</?(?:p|div|li|td|th|h[1-6]|dt|dd|tr|br|section|caption|figcaption|blockquote|pre|table|"
                       r"ul|ol|dl|nav|header|footer|hr)\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class PageText:
    url: str            # site path relative to the site root: "2564/o43/", "" for the home page
    title: str          # as it reads
    text: str           # title, a newline, the body: what is indexed and what excerpts are cut from
    code: str = ""
    fiscal_year: str = ""


def display(text: str) -> str:
    """Text as it should read (see the module text); lines kept, empty lines dropped."""
    text = thai.pdf_glyphs_to_thai(text)
    text = INVISIBLE.sub("", text)
    # NFKC splits every SARA AM, which the next step joins again: when nothing else would change, skip it
    if not unicodedata.is_normalized("NFKC", text.replace("\u0E33", "\u0E32")):
        text = unicodedata.normalize("NFKC", text)
    if "\u0E4D" in text:
        text = SARA_AM.sub(lambda m: (m.group(1) or m.group(2) or "") + "\u0E33", text)
    return LINES.sub("\n", SPACES.sub(" ", text)).strip()


def fold(text: str) -> str:
    """Same length as `text`: Thai digits as Arabic, letters in lower case where that keeps one character."""
    if THAI_DIGITS.search(text):
        text = THAI_DIGITS.sub(lambda m: thai.to_digits(m.group(), "arabic"), text)
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def without_excluded(main: str) -> str:
    """`main` less every element whose class is one of EXCLUDE (with what it holds)."""
    out, pos = [], 0
    for found in EXCLUDED_OPEN.finditer(main):
        if found.start() < pos or not EXCLUDE.intersection(found.group(2).split()):
            continue
        out.append(main[pos:found.start()])
        pos = _element_end(main, found.group(1).lower(), found.end())
    out.append(main[pos:])
    return "".join(out)


def _element_end(text: str, name: str, start: int) -> int:
    """Where the element `name` opened just before `start` ends (after its closing tag)."""
    if name in ("br", "hr", "img", "input", "meta", "link", "wbr"):
        return start
    depth = 1
    for tag in re.finditer(rf"<(/?){name}\b[^>]*>", text[start:], re.I):
        if tag.group(0).endswith("/>"):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return start + tag.end()
    return len(text)


def text_of(fragment: str) -> str:
    """Text of an HTML fragment, a newline where a block element starts or ends."""
    return html.unescape(TAG.sub("", BLOCK_TAG.sub("\n", fragment)))


def page_text(url: str, page_html: str) -> PageText | None:
    """The indexed text of one built page, or None when the page is not indexed (no data-search-body)."""
    found = MAIN.search(page_html)
    if not found:
        return None
    facts = dict(ATTRIBUTE.findall(found.group(1)))
    main = without_excluded(UNSHOWN.sub("", found.group(2)))
    h1 = H1.search(main)
    title, body = (h1.group(1), main[:h1.start()] + main[h1.end():]) if h1 else ("", main)
    title = display(text_of(title).replace("\n", " "))
    body = display(text_of(body))
    if not title and not body:
        return None
    return PageText(url, title, f"{title}\n{body}" if body else title,
                    html.unescape(facts.get("code", "")), html.unescape(facts.get("fiscal-year", "")))
