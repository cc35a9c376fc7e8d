"""YAML to plain data with the line and column of every key and value.

We compose PyYAML nodes (SafeLoader) and build the data ourselves so that we can: report duplicate
keys (PyYAML silently keeps the last), refuse anchors and aliases (no "billion laughs"), refuse
`!!python` and other tags, cap nesting depth, and keep dates as ISO strings for the schema to check.

Speed and memory on large sites (benchmarks/README.md): nodes are composed by libyaml (CSafeLoader,
8x faster) when PyYAML has it and the text cannot nest deeply enough to overflow libyaml's C stack;
on any error the pure-Python loader composes again, so every message is worded as before. Positions
are not tabled while building: a document keeps its text (a content file only its path, see
load.FilePositions), and the line and column of its values are worked out only when a message first
asks for one (most documents never do).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from ita_site.content import yamlbuild, yamlsyntax
from ita_site.content.yamlbuild import MAX_DEPTH, TAB_STAND_IN, mark as _mark
from ita_site.errors import Problems

Path_ = tuple  # a path into the data: keys and list indexes


class Positions:
    """1-based (line, col) of values and of mapping keys, by data path, of one parsed document."""

    __slots__ = ("_text", "_offset", "_tables")

    def __init__(self, text: str = "", offset: int = 0):
        self._text, self._offset = text, offset
        self._tables: tuple[dict, dict] | None = None

    def of(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """The nearest known position: the path itself, else its closest parent."""
        if self._tables is None:
            self._tables = _tables(self.text(), self._offset)
        values, keys = self._tables
        table = keys if key else values
        path = tuple(path)
        while path not in table and path:
            path = path[:-1]
        return table.get(path) or values.get(path, (1, 1))

    def text(self) -> str:
        """The text that was parsed (load.FilePositions reads it again from its file instead)."""
        return self._text

    def __getstate__(self):            # pickled between workers: the text, not the tables
        return self._text, self._offset

    def __setstate__(self, state) -> None:
        self._text, self._offset = state
        self._tables = None


def _tables(text: str, offset: int) -> tuple[dict, dict]:
    """(values, keys) tables of a text that parse() has accepted: no aliases, duplicates or bad tags."""
    values: dict[tuple, tuple[int, int]] = {}
    keys: dict[tuple, tuple[int, int]] = {}
    try:
        pending = [((), compose_content(text))] if text else []
    except (yaml.YAMLError, RecursionError):      # a file edited since it was read: no places known
        pending = []
    while pending:
        path, node = pending.pop()
        if node is None:
            continue
        line, col = _mark(node)
        values[path] = (line + offset, col)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                kline, kcol = _mark(key_node)
                keys[path + (key_node.value,)] = (kline + offset, kcol)
                pending.append((path + (key_node.value,), value_node))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((path + (i,), child) for i, child in enumerate(node.value))
    return values, keys


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_FAST_MAX_DEPTH = 2000      # libyaml's composer recurses in C: ~100,000 levels crash the process
# Where libyaml and the pure loader disagree (tabs after a value, a stray BOM, the bare "!" tag, the
# place of an empty "?" key or of an empty value at the very end of a text without a final newline),
# the pure loader decides: such texts skip the fast path (tests/test_fastpaths.py compares the two).
_PURE_ONLY = re.compile(r"[\t\ufeff]|(?:^|[\s\[{,])(?:!|\?(?:\s|$))")


# PyYAML refuses a tab inside a plain text ("found character '\\t' that cannot start any token"), which
# YAML itself allows: a tab pasted from Word or Excel between words. Such tabs are composed as a
# stand-in character (yamlbuild.TAB_STAND_IN, one for one, so every line and column stays) and turned
# back into tabs in the data. Tabs in the indentation are still refused, by PyYAML.
_INNER_TAB = re.compile(r"(?<=[^\s:\-\[{,])\t+(?=[^\s#])")


def compose_content(text: str) -> yaml.Node | None:
    """compose() of a content text, a tab inside a text composed as TAB_STAND_IN."""
    if "\t" in text:
        text = _INNER_TAB.sub(lambda m: TAB_STAND_IN * len(m.group()), text)
    return compose(text)


def compose(text: str) -> yaml.Node | None:
    """The node tree of one document; raises PyYAML's errors, worded by its pure-Python loader."""
    if _FAST_LOADER is not None and text.endswith("\n") and _depth_bound(text) <= _FAST_MAX_DEPTH \
            and not _PURE_ONLY.search(text):
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except (yaml.YAMLError, RecursionError):
            pass            # compose again below: the corpus's messages quote the pure loader
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _depth_bound(text: str) -> int:
    """At least the deepest nesting the text can hold: flow brackets, plus two block levels per column."""
    if len(text) <= _FAST_MAX_DEPTH:
        return len(text)
    return text.count("[") + text.count("{") + 2 * max(map(len, text.split("\n"))) + 2


def parse(text: str, rel: str, problems: Problems, *, line_offset: int = 0) -> tuple[Any, Positions] | None:
    """Parse one YAML document. Returns (data, positions) or None after adding problems."""
    try:
        node = compose_content(text)
    except (yaml.YAMLError, RecursionError) as exc:
        yamlsyntax.report(exc, text, rel, problems, line_offset, MAX_DEPTH)
        return None
    if node is None:
        return None, Positions()
    builder = yamlbuild.Builder(rel, problems, line_offset, text)
    data = builder.build(node, (), 0)
    if builder.failed:
        return None
    return data, Positions(text, line_offset)


def strings(node, path: tuple = ()) -> Iterator[tuple[tuple, Any, str]]:
    """(data path, key, text) of every string value in parsed data; key is None inside a list."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                yield path + (key,), key, value
            else:
                yield from strings(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, str):
                yield path + (index,), None, value
            else:
                yield from strings(value, path + (index,))
