"""Incremental rebuilds for `ita-site serve`: the full build's own code, doing only what changed.

`Rebuilder(project, output).rebuild()` runs pipeline.build_site with a session (steps=Session)
that makes five of its steps incremental:

- load: a content file is read and parsed again only when its size, mtime or inode changed; content/ is
  not walked again when the watcher saw only saves of files the last walk found (walk.py);
- validate: a document's schema check is kept for as long as the document is;
- render: every page gets a key of its inputs (its template files plus its context, with Markdown
  named by its source instead of rendered, see fingerprint.py; section pages, the bulk of a large
  site, key on their own fields and their section's nav and header). Only pages whose key changed
  are rendered, and pages that are gone are deleted (pagecache.py). A title edit changes the nav of
  its section, so the whole section is rendered again, and the home page if it lists the section;
- check: the link check runs again only when some page's links or ids, or which of their targets exist, changed;
- search: the index is made in the background when pages changed (search.Background), as the pack
  PDFs are (packs.py) and open data is written (later.py); no build of the preview waits for them (tests
  do: Session.settle).

Everything else (model, manifests, feeds, ledger, ...) runs as in a full build, but the model's items are kept
whole while no file in their folder changed, and attachments whose checks passed while their entry and file
are (attachmemo.py); writes go through
PreviewWriter, which skips files whose bytes are unchanged and removes files no longer written. The
result equals a full build byte for byte (tests/test_incremental.py). Output is updated in place:
this is for the preview folder; `ita-site build` keeps its atomic swap.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ita_site import pipeline, workers
from ita_site.content import load, validate
from ita_site.model import site as model
from ita_site.publish import search
from ita_site.render import jinja as render, parallel
from ita_site.errors import Problems
from ita_site.pages.fingerprint import ModelDigests, plain_digest
from ita_site.preview.attachmemo import AttachmentMemo
from ita_site.preview.perdoc import PerDocumentChecks
from ita_site.preview import walk
from ita_site.preview.kept import KeptData
from ita_site.preview.later import Later
from ita_site.preview.packs import Packs, year_inputs
from ita_site.preview.pagecache import PageCache
from ita_site.preview.writer import PreviewWriter


@dataclass
class RebuildReport:
    build: object                    # pipeline.BuildReport
    rendered: int = 0                # pages rendered this time
    reused: int = 0                  # pages whose output was already right
    deleted: int = 0                 # pages removed because their source is gone
    parsed: int = 0                  # content files read and parsed again
    seconds: float = 0.0
    rendered_urls: list[str] = field(default_factory=list)


class Rebuilder:
    """One per preview folder; keep it between rebuilds (it holds the caches)."""

    def __init__(self, project: Path, output: Path, say=print):
        self.project, self.output, self.say = Path(project), Path(output), say
        self.session = Session(self.project, self.output, say)

    def rebuild(self, changed_paths=None) -> RebuildReport:
        """Bring the output up to date; raises BuildError like `build`. `changed_paths`: serve's watcher's
        (event type, path) pairs since the last rebuild, or None (unknown: content/ is walked)."""
        started = time.perf_counter()
        self.session.start(changed_paths)
        collecting = gc.isenabled()
        gc.disable()          # the caches are large and long-lived: no full collections mid-rebuild
        try:
            build = pipeline.build_site(self.project, self.output, say=self.say, steps=self.session)
        except BaseException:
            self.session.failed()
            raise
        finally:
            if collecting:
                gc.enable()
        pages = self.session.page_cache
        return RebuildReport(build, pages.rendered, pages.reused, pages.deleted, self.session.parsed,
                             time.perf_counter() - started, pages.rendered_urls)


@dataclass
class _File:
    key: tuple
    docs: list
    files: dict
    problems: list
    rel: str = ""                   # content/... as in the documents' rel


class Session(PerDocumentChecks):
    """The caches of a Rebuilder and the incremental versions of the build steps."""

    def __init__(self, project: Path, output: Path, say=print):
        self.project, self.output = project, output
        self.files: dict[Path, _File] = {}
        self.walked: walk.Walked | None = None       # the last walk of content/ (preview/walk.py)
        self.changed = None                          # the watcher's events for this rebuild, if known
        self.checked: dict[int, tuple] = {}          # id(doc) -> (doc, valid, problems)
        self.hygiene: dict[int, tuple] = {}          # id(doc) -> (doc, inputs, problems)
        self.placeholders: dict[int, tuple] = {}     # id(doc) -> (doc, None, problems)
        self.dates: dict[int, tuple] = {}            # id(doc) -> (doc, today, problems)
        self.numbering: dict[int, tuple] = {}        # id(doc) -> (doc, None, problems)
        self.writer = PreviewWriter(output, tools={search.BUNDLE}, marks=self._walked)
        self.digests = ModelDigests()
        self.page_cache = PageCache(self.writer, self.digests)
        self.site_made: dict[str, tuple] = {}         # group of site-wide files -> (key, paths)
        self.parts: dict[bytes, tuple] = {}           # open-data records of an item, by its key
        self.search = search.Background(output, say)
        self.packs = Packs(self.writer, say)         # the pack PDFs, made in the background
        self.later = Later(self.writer, say)         # open data, written in the background
        self.link_check: tuple | None = None         # (inputs, problems, depths, link targets) of the last check
        self.made_pages, self.old_pages = {}, {}      # id(doc) -> (doc, model.Page) for sections.arrange
        self.folder_marks: dict[str, int] = {}       # "2569/o1" -> number of the rebuild that saw it change
        self.number = 0                              # of this rebuild
        self.attachment_memo = AttachmentMemo(lambda: self.files, lambda: self.folder_marks)   # and items
        self.kept = KeptData()                       # URL lists per item, ITAS sheets per year

    def settle(self, timeout: float | None = None) -> None:
        """Until the background work (search index, pack PDFs, open data) has caught up with the last rebuild
        (tests)."""
        self.packs.settle(timeout)
        self.later.settle(timeout)
        self.search.wait(timeout)

    def start(self, changed=None) -> None:
        self.changed = changed
        self.number += 1
        self.old_pages, self.made_pages = self.made_pages, {}
        self.attachment_memo.start()
        self.page_cache.start()
        self.parsed = 0

    def failed(self) -> None:
        """After a failed build the caller may write error pages over the preview: forget the pages."""
        self.page_cache.forget()
        self.link_check = None
        self.site_made = {}

    # --- load and validate ----------------------------------------------------------------
    def load_content(self, project: Path, problems: Problems) -> load.Content:
        root = project / "content"
        if not (root / "site.yaml").is_file():
            return load.load_content(project, problems)
        content = load.Content(root=root)
        again = walk.unchanged(self.walked, self.changed, root, self.files)
        if again is None:
            self.walked = walk.Walked.of(root)
            keys = [walk.file_key(path) for path in self.walked.paths]
        else:                            # only known files were saved: the last walk stands, their keys change
            keys = [walk.file_key(path) if path in again else self.files[path].key for path in self.walked.paths]
        paths = self.walked.paths
        content.refused.update(self.walked.refused)
        problems.items.extend(self.walked.problems)
        stale = [i for i, (path, key) in enumerate(zip(paths, keys))
                 if key is None or path not in self.files or self.files[path].key != key]
        count = workers.wanted(len(stale), load.FILES_PER_WORKER)   # a first build: on every core
        fresh = (load._load_shares([paths[i] for i in stale], root, count) if count > 1 else
                 [load._load_file(root, paths[i], j) for j, i in enumerate(stale)])
        for (_j, docs, files, found), i in zip(fresh, stale):
            self.files[paths[i]] = _File(keys[i], docs, files, found, "content/" + paths[i].relative_to(root).as_posix())
        self.parsed = len(stale)
        seen = {}
        for path in paths:
            entry = seen[path] = self.files[path]
            content.docs.extend(entry.docs)
            content.files.update(entry.files)
            problems.items.extend(entry.problems)
        gone = [] if again is not None else [entry.rel for path, entry in self.files.items() if path not in seen]
        walk.mark_folders(self.folder_marks, [seen[paths[i]].rel for i in stale] + gone, self.number)
        self.files = seen
        self.digests.start({entry.rel: entry.key for entry in seen.values()},
                           {str(path): entry.key for path, entry in seen.items()})
        return content

    def _walked(self, path) -> tuple | None:
        """The key the content walk of this rebuild gave a file (size, times, inode), None for another file."""
        entry = self.files.get(path)
        return entry.key if entry is not None else None

    def check_documents(self, docs: list, problems: Problems) -> list:
        valid, kept = [], {}
        for doc in docs:
            known = self.checked.get(id(doc))
            if known is None or known[0] is not doc:
                local = Problems()
                known = (doc, bool(validate.check_documents([doc], local)), local.items)
            kept[id(doc)] = known
            problems.items.extend(known[2])
            if known[1]:
                valid.append(doc)
        self.checked = kept
        return valid

    def page_for(self, doc, make):
        """The model.Page of a section page's document, made again only when the document changed."""
        known = self.old_pages.get(id(doc))
        if known is None or known[0] is not doc:
            known = (doc, make(doc))
        self.made_pages[id(doc)] = known
        return known[1]

    def make_page(self, doc):
        return self.page_for(doc, model.make_page)

    # --- write ------------------------------------------------------------------------------
    @contextmanager
    def staging(self, output: Path):
        self.writer.start()
        yield self.writer

    def all_files(self, root) -> set[str]:
        """Every file of the preview, known without a walk (another folder: walked)."""
        if Path(root) != self.output:
            return parallel.walk_files(root)
        with self.search.lock:               # not while a new search bundle is being swapped in
            return self.writer.all_files()

    # --- site-wide files -----------------------------------------------------------------
    def site_files(self, site, staging, ctx) -> None:
        """pipeline's site-wide files, each group made again only when its inputs changed."""
        from ita_site.publish import opendata

        digests, made_now, parts_now, fields = self.digests, {}, {}, self.digests.site_fields(site)

        def memo(group, inputs, make):
            key = (fields, plain_digest(inputs))
            known = self.site_made.get(group)
            if known is not None and known[0] == key and all(rel in self.writer.known for rel in known[1]):
                made_now[group] = known
                for rel in known[1]:
                    self.writer.keep(rel)
                return []
            files = list(make())
            made_now[group] = (key, [rel for rel, _data in files])
            return files

        def parts(item):
            key = (site.base_url, digests.item(item))
            return parts_now.setdefault(key, self.parts.get(key) or opendata.item_parts(site, item))

        templates = self.page_cache.env and self.page_cache.env[0]
        inputs = year_inputs(digests, fields, templates, ctx.epoch)
        memo.parts, memo.own, memo.item = parts, digests.item_own, digests.item
        memo.url_lists, memo.sheet = self.kept.url_lists, lambda site_, year, epoch: self.kept.sheet(
            site_, year, epoch, inputs(year))
        self.kept.start(digests)
        memo.packs = lambda site_, ctx_: self.packs.update(site_, ctx_, inputs, templates)
        memo.later = self.later.update
        try:
            pipeline._site_files(site, staging, ctx, memo)
        except BaseException:
            self.site_made = {}
            raise
        self.site_made = made_now
        if parts_now:           # open data made again; when it was kept, no part was asked for: keep the last ones
            self.parts = parts_now

    # --- search -----------------------------------------------------------------------------
    def search_index(self, site_dir: Path, problems: Problems) -> None:
        """The search index in the background whenever pages changed (the first preview too); never waited for."""
        pages = self.page_cache
        if pages.rendered or pages.deleted or not (Path(site_dir) / search.BUNDLE).is_dir():
            self.search.request()

    # --- render -----------------------------------------------------------------------------
    def environment(self, project: Path):
        return self.page_cache.environment(render.environment(project))

    def render_site(self, env, site, views, graph, staging, report, problems, lastmod, extra_views, tick=None):
        return self.page_cache.render_site(env, views, graph, report, problems, lastmod, extra_views)

    # --- check ------------------------------------------------------------------------------
    def check(self, site, graph, report, problems) -> None:
        """The build's link check, or its last result when no link or id changed, nor which of the links'
        targets exist (the other files, such as a new search index's shards, are no input of the check)."""
        same_graph = self.link_check is not None and not self.page_cache.graph_changed
        targets = self.link_check[3] if same_graph else \
            {target for links in graph.links.values() for target, _fragment, _nav in links}
        inputs = (frozenset(targets & graph.files), frozenset(report.unlinked),
                  tuple(item.url for item in site.items()))
        if same_graph and self.link_check[0] == inputs:
            problems.items.extend(self.link_check[1])
            report.depths = dict(self.link_check[2])
            return
        local = Problems()
        pipeline._check(site, graph, report, local)
        problems.items.extend(local.items)
        self.link_check = (inputs, local.items, dict(report.depths), targets)
        self.page_cache.graph_changed = False

