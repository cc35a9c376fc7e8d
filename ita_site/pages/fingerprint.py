"""Fingerprints of page inputs, for the incremental rebuild of `ita-site serve` (incremental.py).

A page's HTML is a function of its template and its context (templates never see the model), so
two builds whose template files and page context are equal write the same page. `digest` hashes a
context: dicts, lists, strings, numbers, dates, dataclasses, and functions by their code and the
values they close over (the `link` helper of every context). Anything it cannot hash in a stable way
gets a fresh random value, so that page is simply rendered again.

While fingerprinting, Markdown is not rendered: `markdown_tokens()` makes markup return a token that
names its input instead (same input, same HTML), which keeps a pass over 10,000 pages cheap.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
from contextlib import contextmanager
from pathlib import Path

from ita_site.generations import Generations
from ita_site.model import site as model

_MARKUP_FUNCTIONS = ("render_markdown", "render_inline", "plain_text")


def digest(*parts) -> bytes:
    """16 bytes that change whenever `parts` change (contexts of pages: see the module text)."""
    h = hashlib.blake2b(digest_size=16)
    _feed(h, parts, set())
    return h.digest()


def plain_digest(data) -> bytes:
    """digest() of plain data only (str, numbers, dates, None, tuples, lists): its repr, hashed."""
    return hashlib.blake2b(repr(data).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _feed(h, obj, active: set) -> None:  # noqa: C901 - one branch per kind of value
    if obj is None or isinstance(obj, (bool, int, float)):
        h.update(f"{type(obj).__name__}:{obj!r};".encode())
    elif isinstance(obj, str):
        data = obj.encode("utf-8", "surrogatepass")
        h.update(b"s%d:" % len(data))
        h.update(data)
    elif isinstance(obj, bytes):
        h.update(b"b%d:" % len(obj))
        h.update(obj)
    elif isinstance(obj, (datetime.date, datetime.datetime, Path)):
        h.update(f"{type(obj).__name__}:{obj};".encode())
    elif id(obj) in active:       # a cycle: mark it, do not follow it
        h.update(b"@cycle;")
    elif isinstance(obj, dict):
        active.add(id(obj))
        h.update(b"{%d" % len(obj))
        for key, value in obj.items():
            _feed(h, key, active)
            _feed(h, value, active)
        h.update(b"}")
        active.discard(id(obj))
    elif isinstance(obj, (list, tuple)):
        active.add(id(obj))
        h.update(b"[%d" % len(obj))
        for value in obj:
            _feed(h, value, active)
        h.update(b"]")
        active.discard(id(obj))
    elif isinstance(obj, (set, frozenset)):
        h.update(b"<%d" % len(obj))
        for value in sorted(digest(v) for v in obj):
            h.update(value)
        h.update(b">")
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        active.add(id(obj))
        h.update(type(obj).__qualname__.encode())
        for f in dataclasses.fields(obj):
            _feed(h, getattr(obj, f.name), active)
        active.discard(id(obj))
    elif callable(obj) and hasattr(obj, "__code__"):
        code = obj.__code__
        h.update(f"fn:{obj.__module__}.{obj.__qualname__}:{code.co_firstlineno};".encode())
        _feed(h, [cell.cell_contents for cell in (obj.__closure__ or ())], active)
        _feed(h, obj.__defaults__, active)
    else:
        text = repr(obj)
        if " at 0x" in text or " object at " in text:
            text = os.urandom(16).hex()     # no stable identity: never equal, always rendered
        h.update(f"{type(obj).__qualname__}:{text};".encode())


@contextmanager
def markdown_tokens():
    """While active, markup's renderers return a token naming their input instead of HTML."""
    from ita_site.pages import markup

    real = {name: getattr(markup, name) for name in _MARKUP_FUNCTIONS}

    def token(name):
        kind = str if name == "plain_text" else markup.Markup

        def call(*args, **kwargs):
            return kind("\x00" + name + ":" + digest(args, kwargs).hex())
        return call

    try:
        for name in _MARKUP_FUNCTIONS:
            setattr(markup, name, token(name))
        yield
    finally:
        for name, function in real.items():
            setattr(markup, name, function)


def tree_signature(*folders: Path) -> bytes:
    """Names, sizes and modification times of every file under the folders (templates)."""
    entries = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return digest(entries)


class ModelDigests:
    """Digests of model objects, cheap to make: an item or indicator by the key of its source file
    (size, times, inode), its title (an item's may come from the catalogue), URL and attachments
    (repr and mtime); the site by its own fields (not years, pages, sections). An object whose source
    is unknown is digested by its repr."""

    def __init__(self):
        self.sources: dict[str, tuple] = {}          # content/... -> key of the file
        self.paths: dict[str, tuple] = {}            # str(path) -> key of the file
        self.items = Generations()                   # serve keeps unchanged items whole (attachmemo.py)
        self.reprs = Generations()                   # id(attachment) -> (it, repr): serve keeps attachments
        self.indicators = Generations()              # and indicators (preview/attachmemo.py): these outlive
                                                     # a rebuild too; id(indicator) -> (it, digest)

    def start(self, sources: dict[str, tuple], paths: dict[str, tuple] | None = None) -> None:
        self.sources, self.paths = sources, paths or {}
        self.items.start()
        self.reprs.start()
        self.indicators.start()

    def item(self, item) -> bytes:
        """The item with its indicators."""
        return self.items.get(id(item), lambda: (item, plain_digest(
            (self.item_own(item), [self.indicator(ind) for ind in item.indicators]))), lambda known: known[0] is item)[1]

    def item_own(self, item) -> bytes:
        """The item's own fields and documents (not its indicators), and a table item's rows, which come
        from its period files, not from item.yaml (model/tables.py)."""
        def make():
            documents = [self._attachment(d) if isinstance(d, model.Attachment) else d for d in item.documents]
            return item, plain_digest((item.year, item.code, item.title, item.url, self._source(item.source, item),
                                       documents, repr(item.table)))
        return self.items.get(("own", id(item)), make, lambda known: known[0] is item)[1]

    def indicator(self, ind) -> bytes:
        """serve keeps an indicator while its document and attachments are (attachmemo.py), so its digest
        is kept as long (from the last rebuild's)."""
        def make():
            attachments = [self._attachment(a) for result in ind.results for a in result.attachments]
            return ind, plain_digest((ind.number, ind.title, ind.url, self._source(ind.source, ind), attachments))
        return self.indicators.get(id(ind), make, lambda known: known[0] is ind)[1]

    def _attachment(self, att) -> tuple:
        """An attachment with its file's key (pdfinfo reads the file), from the walk of content/."""
        mark = self.paths.get(str(att.source))
        if mark is None:
            try:
                mark = att.source.stat().st_mtime_ns
            except OSError:
                mark = None
        return (self.reprs.get(id(att), lambda: (att, repr(att)), lambda known: known[0] is att)[1], mark)

    def site_fields(self, site) -> bytes:
        return plain_digest(repr(dataclasses.replace(site, years=[], pages=[], sections=[])))

    def _source(self, rel: str, made) -> object:
        """What the model object `made` was made from: its file's key, or (unknown) its repr."""
        return ("file", rel, self.sources[rel]) if rel in self.sources else ("repr", repr(made))
