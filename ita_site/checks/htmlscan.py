"""Fast link and id scan of a rendered page, for the link check (linkcheck.LinkGraph).

linkcheck's HTMLParser scanner costs about 1 ms for a 30 KB page: more than rendering it. This scan
finds the same things (every id; the href of <a> and <link>, the src of <img> and <script>) with one
regular expression over the start tags, and uses HTMLParser's own attribute expressions, so values,
entities and odd quoting come out the same. Pages with comments, CDATA or processing instructions
are left to HTMLParser. `resolve` turns the plain relative links a build makes (`../../s01/p/`) into
target files without urllib; anything else goes to LinkGraph.resolve. tests/test_incremental.py
checks both against linkcheck on real pages.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import attrfind_tolerant, tagfind_tolerant
from urllib.parse import urlsplit

from ita_site.checks import linkcheck

_START_TAG = re.compile(r"""<[a-zA-Z][^\t\n\r\f />\x00]*(?:[^>"']|"[^"]*"|'[^']*')*>""")
_CDATA_END = {"script": re.compile(r"</\s*script\s*>", re.I), "style": re.compile(r"</\s*style\s*>", re.I)}
_LINK_TAGS = {"a", "link", "img", "script"}
_SIMPLE_HREF = re.compile(r"^(?:\.\./)*(?:[A-Za-z0-9_\-][A-Za-z0-9_.\-]*/)*(?:[A-Za-z0-9_\-][A-Za-z0-9_.\-]*)?$")


_RELEVANT = re.compile(r"<(?:a|link|img|script|style)[\s/>]|.*id", re.I | re.S)
_SIMPLE_TAG = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)((?: [a-zA-Z][a-zA-Z0-9-]*="[^"&<>]*")*)>')
_SIMPLE_ATTR = re.compile(r' ([^=]+)="([^"]*)"')


def _attributes(tag_text: str) -> tuple[str, dict | None]:
    """(tag name, attributes) the way HTMLParser.parse_starttag reads them (None: not a tag)."""
    simple = _SIMPLE_TAG.fullmatch(tag_text)
    if simple:   # <tag name="value" ...> without entities: what HTMLParser reads is plain to see
        return simple.group(1).lower(), {k.lower(): v for k, v in _SIMPLE_ATTR.findall(simple.group(2))}
    match = tagfind_tolerant.match(tag_text, 1)
    k, end_pos = match.end(), len(tag_text)
    attrs = {}
    while k < end_pos:
        m = attrfind_tolerant.match(tag_text, k)
        if not m:
            break
        name, rest, value = m.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = unescape(value)
        attrs[name.lower()] = value
        k = m.end()
    end = tag_text[k:].strip()
    return match.group(1).lower(), (attrs if end in (">", "/>") else None)


def scan(text: str) -> tuple[set[str], list[tuple[str, bool]]] | None:
    """(ids, [(href, navigational)]) as linkcheck._Scanner finds them; None when it must decide."""
    if "<!--" in text or "<![" in text or "<?" in text:
        return None
    ids: set[str] = set()
    links: list[tuple[str, bool]] = []
    pos = 0
    while pos is not None:
        pos = _scan_from(text, pos, ids, links)
    return ids, links


_TAGS: dict[str, tuple] = {}     # tag text -> (tag, attributes): nav links repeat on every page


def _parsed(tag_text: str) -> tuple:
    found = _TAGS.get(tag_text)
    if found is None:
        if len(_TAGS) > 200_000:
            _TAGS.clear()
        found = _TAGS[tag_text] = _attributes(tag_text) if _RELEVANT.match(tag_text) else ("", None)
    return found


def _scan_from(text: str, pos: int, ids: set, links: list) -> int | None:
    """Scan start tags from pos; after a <script>/<style>, the position of its end tag."""
    for m in _START_TAG.finditer(text, pos):
        tag_text = m.group(0)
        tag, attrs = _parsed(tag_text)
        if attrs is None:
            continue
        if attrs.get("id"):
            ids.add(attrs["id"])
        if tag == "a" and attrs.get("href") is not None:
            links.append((attrs["href"], True))
        elif tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            links.append((attrs["href"], False))
        elif tag in ("img", "script") and attrs.get("src"):
            links.append((attrs["src"], False))
        if tag in _CDATA_END and not tag_text.endswith("/>"):   # raw text up to </script>
            end = _CDATA_END[tag].search(text, m.end())
            return end.start() if end else None
    return None


def page_links(graph: linkcheck.LinkGraph, out_file: str, text: str, intern: dict):
    """(ids, links) of one page as LinkGraph.add_page would store them; equal tuples are shared."""
    found = scan(text)
    if found is None:
        scanner = linkcheck._Scanner()
        scanner.feed(text)
        found = scanner.ids, scanner.links
    ids, hrefs = found
    resolver = _Resolver(graph, out_file)
    links = []
    for href, nav in hrefs:
        resolved = resolver.resolve(href)
        if resolved is not None:
            key = (*resolved, nav)
            links.append(intern.setdefault(key, key))
    return ids, links


_RESOLVED: dict[tuple, tuple] = {}   # (parent folder, "../x") -> target: the same for every sibling page


class _Resolver:
    def __init__(self, graph: linkcheck.LinkGraph, out_file: str):
        self.graph, self.out_file = graph, out_file
        self.ancestors = out_file.split("/")[:-1]
        self.parent = "/".join(self.ancestors[:-1]) if self.ancestors else None

    def resolve(self, href: str) -> tuple[str, str] | None:
        """(target file, fragment), or None for an external link."""
        if self.parent is None or not href.startswith("../"):
            return self._resolve(href)
        key = (self.parent, href, self.graph.base_path)
        found = _RESOLVED.get(key)
        if found is None:
            if len(_RESOLVED) > 200_000:
                _RESOLVED.clear()
            found = _RESOLVED[key] = (self._resolve(href),)
        return found[0]

    def _resolve(self, href: str) -> tuple[str, str] | None:
        path, _, fragment = href.partition("#")
        if path and _SIMPLE_HREF.match(path) and path not in (".", ".."):
            up = 0
            while path.startswith("../", up * 3):
                up += 1
            rest = path[up * 3:]
            if up <= len(self.ancestors) and not rest.startswith("."):
                base = self.ancestors[:len(self.ancestors) - up]
                target = "/".join(base + [rest]) if base else rest
                if target == "" or target.endswith("/"):
                    target += "index.html"
                return target, fragment
        if not self.graph.is_internal(href):
            return None
        return self.graph.resolve(self.out_file, href)


def same_as_linkcheck(graph: linkcheck.LinkGraph, out_file: str, text: str) -> bool:
    """True when the fast path stores exactly what LinkGraph.add_page stores (used by tests)."""
    reference = linkcheck.LinkGraph(graph.base_path)
    reference.add_page(out_file, text.encode("utf-8"))
    ids, links = page_links(graph, out_file, text, {})
    return ids == reference.ids[out_file] and links == reference.links[out_file]


__all__ = ["page_links", "same_as_linkcheck", "scan", "urlsplit"]
