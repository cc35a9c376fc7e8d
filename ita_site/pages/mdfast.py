"""A lean inline pass for Python-Markdown: text without inline syntax skips the inline patterns.

Profiling a 10,000-page build shows Python-Markdown spending most of its time trying its 15 inline
patterns (code, escapes, links, images, autolinks, raw HTML, entities, line breaks, emphasis) on
every text node: a table cell of plain Thai text is tried 15 times and nothing matches. Each of those
patterns needs at least one of the characters ` \\ [ ! < & * _ (or two spaces before a line end) to
match, so a text node without any of them comes out of the inline pass unchanged. This pass returns
such text at once and gives every other text to Python-Markdown as before; the HTML is the same
byte for byte (tests/test_incremental.py compares both on generated and real content).

If another extension adds an inline pattern this module does not know, the shortcut is off.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

# Inline patterns of Python-Markdown 3.x with the extensions markup.py uses, all needing a trigger.
KNOWN_PATTERNS = frozenset({
    "backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
    "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "not_strong",
    "em_strong", "em_strong2",
})
TRIGGER = re.compile(r"[`\\\[!<&*_]|  \n")


class FastInlineProcessor(InlineProcessor):
    def run(self, tree, ancestors=None):
        self._fast = set(self.inlinePatterns._data) <= KNOWN_PATTERNS
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        if patternIndex == 0 and self._fast and not TRIGGER.search(data):
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


class FastInlineExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)
