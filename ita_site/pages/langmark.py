"""Language of parts (WCAG 3.1.2): English passages inside Thai pages get lang="en".

Pages are lang="th"; a screen reader reads a Latin-script passage with Thai rules unless it is marked.
A passage is a run of two or more Latin-script words, at least one of three letters or more with a small
letter (so "ITA OIT", "x y" or a single word such as "PDF" stays as it is). A block whose text has no Thai letter gets lang="en"
itself; runs inside Thai text are wrapped in <span lang="en">.

- mark_text(text): plain text (a site.yaml field, a title) -> escaped Markup with the runs wrapped;
- mark_html(html): sanitised HTML (rendered Markdown) -> the same HTML with the passages marked.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_WORD = r"[A-Za-z][A-Za-z0-9'’.\-]*"
# Two or more Latin words joined by spaces and light punctuation; starts and ends with a word.
RUN_RE = re.compile(rf"{_WORD}(?:[ \t\n,:;()/&\-–]+{_WORD})+")
_THAI_RE = re.compile(r"[\u0E01-\u0E5B]")
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s[^<>]*)?)(/?)>")
_VOID = frozenset({"br", "hr", "img", "wbr", "input", "meta", "link", "source", "col"})
_SKIP = frozenset({"code", "pre", "script", "style", "title", "textarea", "kbd", "samp"})
_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote",
                     "caption", "figcaption"})
_ENTITY_RE = re.compile(r"(&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_LANG_ATTR_RE = re.compile(r'\slang="([^"]*)"')


def is_passage(run: str) -> bool:
    """Whether a Latin run is an English passage (not just acronyms, a code or a URL)."""
    run = _URL_RE.sub(" ", run)
    words = re.findall(_WORD, run)
    return len(words) >= 2 and any(len(word) >= 3 and any(c.islower() for c in word) for word in words)


_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\S*[A-Za-z0-9]/[A-Za-z0-9]\S*")


def _wrap(text: str) -> str:
    """Escaped text with each English run in <span lang="en">. `text` is already escaped HTML text.
    URLs, e-mail addresses and paths are left alone: their words are names, not English."""
    def wrap(match: re.Match[str]) -> str:
        run = match.group(0)
        return f'<span lang="en">{run}</span>' if is_passage(run) else run
    def runs(piece: str) -> str:
        # Character references (&lt; &#39; ...) are never cut: runs are looked for between them only.
        return "".join(part if _ENTITY_RE.fullmatch(part) else RUN_RE.sub(wrap, part)
                       for part in _ENTITY_RE.split(piece))
    out, pos = [], 0
    for url in _URL_RE.finditer(text):
        out.append(runs(text[pos:url.start()]))
        out.append(url.group(0))
        pos = url.end()
    out.append(runs(text[pos:]))
    return "".join(out)


def mark_text(value) -> Markup:
    """Jinja filter `en`: escape a plain-text field and mark its English passages."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return Markup(mark_html(str(value)))
    text = str(escape(value))
    if not _THAI_RE.search(str(value)) and any(is_passage(m.group(0)) for m in RUN_RE.finditer(str(value))):
        return Markup(f'<span lang="en">{text}</span>')
    return Markup(_wrap(text))


def mark_html(html: str) -> str:
    """Mark English passages in well-formed HTML (the output of the sanitiser)."""
    if not RUN_RE.search(html):
        return html
    out: list[str] = []
    stack: list[tuple[str, bool]] = []      # (tag, inside lang="en" or a skipped element)
    pos = 0
    for match in _TAG_RE.finditer(html):
        out.append(_text(html[pos:match.start()], stack))
        closing, tag, attrs, selfclose = match.groups()
        tag = tag.lower()
        if closing:
            while stack and stack.pop()[0] != tag:
                pass
            out.append(match.group(0))
        elif tag in _VOID or selfclose:
            out.append(match.group(0))
        else:
            lang = _LANG_ATTR_RE.search(attrs or "")
            quiet = bool(stack and stack[-1][1]) or tag in _SKIP or bool(lang and lang.group(1).startswith("en"))
            if lang and not lang.group(1).startswith("en"):
                quiet = False
            if tag in _BLOCKS and not quiet and not lang and _english_block(html, match.end(), tag):
                out.append(f'<{tag}{attrs} lang="en">')
                quiet = True
            else:
                out.append(match.group(0))
            stack.append((tag, quiet))
        pos = match.end()
    out.append(_text(html[pos:], stack))
    return "".join(out)


def _text(text: str, stack) -> str:
    if not text or (stack and stack[-1][1]):
        return text
    return _wrap(text)


def _english_block(html: str, start: int, tag: str) -> bool:
    """The block starting at `start` has English passages and no Thai letter (until its end tag)."""
    end = html.find(f"</{tag}>", start)
    inner = _TAG_RE.sub(" ", html[start:end if end >= 0 else len(html)])
    return not _THAI_RE.search(inner) and any(is_passage(m.group(0)) for m in RUN_RE.finditer(inner))
