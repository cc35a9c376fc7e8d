"""The render step of `ita-site serve` (incremental.py): the preview's pages by URL, each with the key of
its inputs, rendered again only when the key changes.

A page's key is its template files plus its context, with Markdown named by its source instead of
rendered (fingerprint.markdown_tokens); section pages (sections.Stub) key on their own fields and
their section's nav and header. Pages whose key changed are rendered on every core (parallel.py);
pages that are gone are deleted from the preview. The rows of an assessor's pack (pages/pack.context: only
strings, numbers, booleans, None, dicts and lists) are hashed by their repr, which is exact for such data
and far cheaper than walking them.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from ita_site import urls
from ita_site.pages import listing as pages, pack, report, sections
from ita_site.render import parallel
from ita_site.pages.fingerprint import digest, markdown_tokens, plain_digest, tree_signature
from ita_site.pages.views import Later
from ita_site.generations import Generations


class PageCache:
    def __init__(self, writer, digests):
        self.writer = writer                         # preview.PreviewWriter
        self.digests = digests                       # fingerprint.ModelDigests
        self.pages: dict[str, tuple] = {}            # url -> (key, parallel.Rendered)
        self.env = None                              # (template files signature, jinja Environment)
        self.graph_changed = True                    # some page's links or ids changed since the link check
        self.contexts: dict[str, tuple] = {}         # url -> key of a pack page's whole context (_same_context)
        self.bases = Generations()                   # base contexts' digests, by what views.base reads
        self.lists = Generations()                   # id(item.other_years) -> (it, repr): kept items keep theirs
        self.start()

    def start(self) -> None:
        self.rendered = self.reused = self.deleted = 0
        self.rendered_urls: list[str] = []

    def forget(self) -> None:
        """Pages on disk may have been overwritten (error pages): render them all next time."""
        self.pages.clear()
        self.contexts.clear()
        self.writer.forget_pages()

    def environment(self, env):
        """The last build's Jinja environment while the template files are the same (its templates stay
        compiled, for the pages and every other output made with templates), else `env`."""
        templates = tree_signature(*_template_folders(env))
        if self.env is not None and self.env[0] == templates:
            return self.env[1]
        self.env = (templates, env)
        return env

    def render_site(self, env, views, graph, report, problems, lastmod, extra_views) -> list:
        """The render step of the build: render what changed, keep the rest; the sitemap entries."""
        if self.env is None or env is not self.env[1]:
            env = self.environment(env)
        templates = self.env[0]
        order, stubs, walk, fresh = self._keys(views, templates, extra_views)
        self._render(env, views, graph, order, stubs, walk, fresh)
        self._delete_gone({url for url, _key in order})
        results = [self.pages[url][1] for url, _key in order]
        for done in results:
            if done.problem is None:
                self.writer.keep(done.out)
        sitemap_entries: list = []
        parallel.apply(results, graph, report, problems, lastmod, sitemap_entries)
        return sitemap_entries

    def _keys(self, views, templates: bytes, extra_views):
        """(url, key) of every page in order, and what to render: stubs by index, indexes of other
        views (made again with Markdown), views made from the URL list (ledger redirects) by index."""
        order, stubs, walk, fresh = [], {}, [], {}
        in_sitemap = []

        def changed(url, key) -> bool:
            known = self.pages.get(url)
            return known is None or known[0] != key

        self.bases.start()
        self.lists.start()
        cheap = _CheapKeys(self.digests, self.bases, self.lists)
        with markdown_tokens(), _section_stubs():
            for index, view in enumerate(views()):
                if isinstance(view, sections.Stub):
                    key = (templates, view.key)
                    if changed(view.url, key):
                        stubs[index] = view
                elif (known := cheap.key(view)) is not None:
                    url, key = known[0], (templates, known[1])
                    if changed(url, key) and not self._same_context(url, key, view, templates):
                        walk.append(index)
                    order.append((url, key))
                    if known[2]:
                        in_sitemap.append(url)
                    continue
                else:
                    view = view.make() if isinstance(view, Later) else view
                    key = (templates, _view_key(view))
                    if changed(view.url, key):
                        walk.append(index)
                order.append((view.url, key))
                if view.in_sitemap:
                    in_sitemap.append(view.url)
        for view in extra_views(in_sitemap) if extra_views is not None else []:
            key = (templates, _view_key(view))
            if changed(view.url, key):
                fresh[len(order)] = view
            order.append((view.url, key))
        self.reused = len(order) - len(stubs) - len(walk) - len(fresh)
        return order, stubs, walk, fresh

    def _same_context(self, url: str, key: tuple, view, templates: bytes) -> bool:
        """An assessor's pack whose cheap key changed (an item of its year did) but whose context did not (a
        measure is not in the pack): the page on disk is still right, it takes the new key. Its context is
        made only then, and kept with the page (self.contexts)."""
        if view._function is not pack.pack_page:
            return False
        exact = (templates, _view_key(view.make()))
        same = url in self.pages and self.contexts.get(url) == exact
        self.contexts[url] = exact
        if same:
            self.pages[url] = (key, self.pages[url][1])
        return same

    def _render(self, env, views, graph, order, stubs, walk, fresh) -> None:
        write = self.writer.write
        done_by_index = {}
        stub_list = [stubs[i] for i in sorted(stubs)]
        results = parallel.render_views(env, lambda: stub_list, graph, write, _workers(len(stub_list)),
                                         estimate=len(stub_list))
        done_by_index.update(zip(sorted(stubs), results))
        if walk:
            with _section_stubs():
                results = parallel.render_views(env, views, graph, write, _workers(len(walk)), select=set(walk))
            done_by_index.update(zip(walk, results))
        intern: dict = {}
        for index, view in fresh.items():
            done_by_index[index] = parallel.render_one(env, view, graph, write, intern)
        for index in sorted(done_by_index):
            done, (url, key) = done_by_index[index], order[index]
            old = self.pages.get(url)
            if old is None or (old[1].ids, old[1].links) != (done.ids, done.links):
                self.graph_changed = True
            if done.digest is not None:
                self.writer.record(done.out, done.digest)
            self.pages[url] = (key, done)
            self.rendered_urls.append(url)
        self.rendered = len(done_by_index)

    def _delete_gone(self, current: set[str]) -> None:
        for url in [url for url in self.pages if url not in current]:
            _key, done = self.pages.pop(url)
            self.writer.remove(done.out)
            self.graph_changed = True
            self.deleted += 1


class _CheapKeys:
    """Keys of item and indicator pages (most of an ITA site) without making their views.

    Such a page's context is a function of views.base (the site and the page's URL: the same for
    every page of a year at the same depth but for the URL, which the model holds) and of the model
    objects it shows (fingerprint.ModelDigests: source file keys, attachments with their mtime, so
    the facts pdfinfo reads from a PDF too): an item page of its item and indicators, an indicator page
    of the item's own fields, its indicator, and its neighbours' numbers, titles and URLs (the pager); a
    year page, coverage report or assessor's pack of the year's items (a pack also of the site's fields: its
    notes name the main website).
    """

    def __init__(self, digests, bases: Generations, lists: Generations):
        self.bases, self.lists = bases, lists
        self.digests = digests
        self.fields: bytes | None = None
        self.shape: bytes | None = None

    def key(self, view) -> tuple[str, object, bool] | None:
        """(URL, key, in sitemap) of a page keyed without its view, or None. The key of an item or indicator
        page (nine in ten pages) is the tuple of its inputs' digests and plain values, compared as it is:
        hashing it again would cost more than the comparison."""
        function = getattr(view, "_function", None)
        digests = self.digests
        if function is pages.item_page:
            views, item = view._args
            return item.url, ("item", self._base(views, item.year, 2), digests.item(item),
                              self._other_years(item), repr(item.table)), True
        if function is pages.indicator_page:
            views, item, index = view._args
            near = tuple((n.number, n.title, n.url) for n in item.indicators[max(index - 1, 0):index + 2])
            own = digests.indicator(item.indicators[index])
            return item.indicators[index].url, ("indicator", self._base(views, item.year, 3),
                                                digests.item_own(item), own, index, near), True
        if function is pages.year_page or function is report.report_page:     # a year, all of it
            views, year = view._args
            url = year.url if function is pages.year_page else urls.report(year.number)
            return url, plain_digest((function.__name__, self._base_of(views, url), year.number,
                                      repr(year.oit), [digests.item(i) for i in year.items])), \
                function is pages.year_page
        if function is pack.pack_page:       # a year's items with their evidence, and the site's fields
            views, year = view._args
            url = urls.pack(year.number)
            return url, plain_digest(("pack", self._base_of(views, url), self._fields(views.site),
                                      year.number, repr(year.oit), [digests.item(i) for i in year.items])), True
        if function is pages.home:           # every year's items (own fields), pages and sections
            views, = view._args
            site = views.site
            listing = [(y.number, [(digests.item_own(i), len(i.indicators)) for i in y.items]) for y in site.years]
            return "", plain_digest(("home", self._base_of(views, ""), listing,
                                     [(p.title, p.url, p.summary) for p in site.pages],
                                     sections.home_entries(site))), True
        return None

    def _other_years(self, item) -> str:
        """repr(item.other_years), kept while the list is the same object (rollover keeps an unchanged one)."""
        years = item.other_years
        return self.lists.get(id(years), lambda: (years, repr(years)), lambda known: known[0] is years)[1]

    def _fields(self, site) -> bytes:
        if self.fields is None:                  # once per rebuild, not once per year's pack
            self.fields = self.digests.site_fields(site)
        return self.fields

    def _base(self, views, year: int, depth: int) -> bytes:
        return self._base_of(views, f"{year}/" + "-/" * (depth - 1))   # same year, same depth, a URL no page has

    def _base_of(self, views, url: str) -> bytes:
        """digest(views.base(url, "", [], "")), kept from the last rebuild while what views.base reads is the
        same: the URL, the site's own fields, its years' numbers and URLs, its pages' and sections' names,
        titles, URLs and menu places (the nav, the head's feeds and JSON-LD, the footer)."""
        site = views.site
        if self.shape is None:
            self.shape = plain_digest(([(y.number, y.url) for y in site.years],
                                       [(type(e).__name__, e.name, e.title, e.url, e.nav_order)
                                        for e in [*site.pages, *site.sections]]))
        inputs = (url, self._fields(site), self.shape)
        return self.bases.get(inputs, lambda: (digest(views.base(url, "", [], "")),))[0]


def _view_key(view) -> bytes:
    context = view.context
    rows = context.get("pack") if view.template == "pack.html" else None
    if isinstance(rows, dict):       # the assessor's pack: every item of a year, with its evidence
        context = {**context, "pack": plain_digest(rows)}
    return digest(view.template, view.url, view.in_sitemap, view.linked, context)


def _workers(pages: int) -> int:
    return parallel.jobs(pages) if pages > 2 * parallel.MIN_PAGES_PER_WORKER else 1


def _template_folders(env) -> list[Path]:
    folders = []
    for loader in getattr(env.loader, "loaders", [env.loader]):
        folders += [Path(p) for p in getattr(loader, "searchpath", [])]
    return folders


@contextmanager
def _section_stubs():
    token = sections.STUBS.set(True)
    try:
        yield
    finally:
        sections.STUBS.reset(token)
