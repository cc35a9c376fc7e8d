"""Safe Markdown for content: Python-Markdown, then an nh3 allow-list.

Content is never evaluated as a template: `{{ x }}` and `{% y %}` stay literal text.
Pages own their <h1>, so content headings are shifted down until none is an h1.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ita_site.pages.langmark import mark_html

__all__ = ["plain_text", "render_inline", "render_markdown"]

# No attr_list (authors could inject attributes), no md_in_html, no footnotes (need ids).
_EXTENSIONS = ["tables", "sane_lists", "fenced_code", "def_list", "abbr"]

BLOCK_TAGS = frozenset({
    "p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "code", "pre", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "caption",
    "span", "abbr", "hr", "img", "dl", "dt", "dd", "sup", "sub",
})  # h1 is allowed here only so that it can be shifted to h2 afterwards
INLINE_TAGS = frozenset({"strong", "em", "b", "i", "a", "code", "span", "abbr", "br", "sup", "sub"})
_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang"}, "abbr": {"title"}, "img": {"src", "alt"}}
_TAG_ATTRIBUTE_VALUES = {"th": {"scope": {"col", "row", "colgroup", "rowgroup"}}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "textarea"}

_SCHEME_RE = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.\-]*:")
_LANG_RE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# nh3 serialises every attribute as name="value" with '"' escaped, so this matches whole tags.
_ATTRS = r'((?:\s+[^\s="<>/]+="[^"]*")*)'
_A_ELEMENT_RE = re.compile(r"<a" + _ATTRS + r"\s*>(.*?)</a>", re.DOTALL)  # <a> never nests
_IMG_TAG_RE = re.compile(r"<img" + _ATTRS + r"\s*/?>")
_HEADING_TAG_RE = re.compile(r"<(/?)h([1-6])>")
_EXTERNAL_RE = re.compile(r'\shref="(?:https?:|//)', re.IGNORECASE)
_EMPTY_P_RE = re.compile(r"<p>\s*</p>")
_LOCK = threading.Lock()


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    """Per-attribute checks nh3's allow-list cannot express."""
    if element == "img" and attribute == "src":
        # Only site-relative images: no scheme (data:, http:) and no protocol-relative //host.
        if _SCHEME_RE.match(value) or value.lstrip().startswith(("//", "\\")):
            return None
    if element == "span" and attribute == "lang" and not _LANG_RE.fullmatch(value):
        return None
    return value


@functools.cache
def _cleaner(tags: frozenset[str]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes={tag: attrs for tag, attrs in _ATTRIBUTES.items() if tag in tags},
        tag_attribute_values={k: v for k, v in _TAG_ATTRIBUTE_VALUES.items() if k in tags},
        attribute_filter=_attribute_filter,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


class _HeaderScope(Treeprocessor):
    """Give table header cells scope="col" (screen readers announce them with each cell)."""

    def run(self, root: ElementTree.Element) -> None:
        for thead in root.iter("thead"):
            for th in thead.iter("th"):
                th.set("scope", "col")


class _HeaderScopeExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_HeaderScope(md), "ita_header_scope", 1)


@functools.cache
def _markdown() -> markdown.Markdown:
    from ita_site.pages.mdfast import FastInlineExtension   # same HTML, skips inline patterns on plain text

    return markdown.Markdown(extensions=[*_EXTENSIONS, _HeaderScopeExtension(), FastInlineExtension()],
                             output_format="html")


def _to_html(text: str) -> str:
    """Markdown to (unsafe) HTML with the shared instance, reset before each use."""
    source = unicodedata.normalize("NFC", text or "")
    with _LOCK:
        md = _markdown()
        md.reset()
        return md.convert(source)


def _fix_links(html: str) -> str:
    """External links get rel="noopener noreferrer"; a link whose href was refused becomes text."""
    def fix(match: re.Match[str]) -> str:
        attrs, content = match.groups()
        if ' href="' not in attrs:
            return content
        if _EXTERNAL_RE.search(attrs):
            attrs += ' rel="noopener noreferrer"'
        return f"<a{attrs}>{content}</a>"

    return _A_ELEMENT_RE.sub(fix, html)


def _drop_unsafe_images(html: str) -> str:
    """An <img> whose src was refused (data:, javascript:, external) is removed entirely."""
    html = _IMG_TAG_RE.sub(lambda m: m.group(0) if ' src="' in m.group(1) else "", html)
    return _EMPTY_P_RE.sub("", html)


def _shift_headings(html: str, top_level: int) -> str:
    levels = [int(level) for _, level in _HEADING_TAG_RE.findall(html)]
    offset = max(0, top_level - min(levels)) if levels else 0
    if not offset:
        return html
    return _HEADING_TAG_RE.sub(
        lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + offset)}>", html
    )


def render_markdown(text: str, *, top_level: int = 2) -> Markup:
    """Render content Markdown to sanitised HTML; the highest heading becomes at most `top_level`."""
    html = _cleaner(BLOCK_TAGS).clean(_to_html(text))
    html = _drop_unsafe_images(html)
    html = _fix_links(html)
    return Markup(mark_html(_shift_headings(html, top_level).strip()))


# Line starts that Markdown reads as a heading, quote, list item or horizontal rule.
_BLOCK_START_RE = re.compile(
    r"^[ \t]*(?:([#>]|[-+*_](?=\s|[-*_ \t]*$))|([0-9]+)\.)", re.MULTILINE
)


def _protect_block_syntax(text: str) -> str:
    """Escape leading '#', '-', '1.' ... so a one-line text never turns into a heading or list."""
    def escape(match: re.Match[str]) -> str:
        if match.group(1):
            return "\\" + match.group(1)
        return match.group(2) + "\\."

    return _BLOCK_START_RE.sub(escape, text)


def render_inline(text: str) -> Markup:
    """Render a one-line text (title, label): inline Markdown only, no wrapping <p>."""
    html = _cleaner(INLINE_TAGS).clean(_to_html(_protect_block_syntax(text or "")))
    return Markup(mark_html(_fix_links(html).strip()))


_TEXT_BREAK_TAGS = frozenset(BLOCK_TAGS - INLINE_TAGS | {"br", "td", "th", "div"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _TEXT_BREAK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(markdown_text: str, *, limit: int | None = None) -> str:
    """Text of the rendered Markdown for summaries and meta descriptions.

    Tags are stripped, entities decoded, whitespace collapsed. With `limit`, the text is cut to
    at most `limit` characters, ending with '…' when shortened.
    """
    collector = _TextCollector()
    collector.feed(str(render_markdown(markdown_text)))
    collector.close()
    text = " ".join("".join(collector.parts).split())
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)].rstrip() + "…"
    return text

