"""Render stage on every core: forked workers render shares of the pages into the staging folder.

Every worker walks the same page list (pages.site_pages) in the same order; worker k renders the
pages of its block (a contiguous k-th of the estimated page count; the last block runs to the end).
The numerous pages come as views.Later or sections.Stub, made only by the worker that renders them,
so a worker makes only the views of its own pages. (It still copies much of the parent's memory:
CPython writes the reference count of every object it touches and puts new objects in the parent's
freed space; see "Memory of ITA-shaped sites" in benchmarks/README.md.) A worker writes its pages straight into the staging folder and
sends back, per page, only what the rest of the build needs (URL, link-check ids and links, sitemap
flag, problem); the parent merges them in page order, so the result is the same as one process
rendering the pages in order: same files, same link graph, same sitemap, same problems.

Small sites (and ITA_SITE_JOBS=1) render in this process, with the same code.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ita_site import crash, urls
from ita_site.checks import htmlscan
from ita_site.render import jinja as render
from ita_site import workers as workers_
from ita_site.errors import Problem

MIN_PAGES_PER_WORKER = 150      # below this, forking costs more than it saves
BATCH = 256                     # results sent to the parent in batches of this many pages


@dataclass
class Rendered:
    """What the build keeps of one rendered page (the HTML itself is already on disk)."""

    url: str
    out: str
    in_sitemap: bool
    linked: bool
    ids: set[str] = field(default_factory=set)
    links: list = field(default_factory=list)
    problem: Problem | None = None
    digest: bytes | None = None      # what the preview writer of `ita-site serve` returns


def jobs(estimated_pages: int) -> int:
    return workers_.wanted(estimated_pages, MIN_PAGES_PER_WORKER)


def estimate_pages(site) -> int:
    items = site.items()
    return (len(site.years) + len(items) + sum(len(i.indicators) for i in items) + len(site.pages)
            + sum(len(s.pages) + 1 for s in site.sections))


def render_one(env, view, graph, write: Callable[[str, bytes], None], intern: dict) -> Rendered:
    """Render one view, write it, and scan it for the link check."""
    out = urls.output_file(view.url)
    crash.at(f"output/{out} (templates/{view.template})")
    done = Rendered(view.url, out, view.in_sitemap, view.linked)
    try:
        text = render.render_page(env, view)
    except Exception as exc:  # a site template's mistake becomes a problem with a place
        done.problem = render.template_problem(exc, view)
        return done
    if isinstance(text, bytes):
        data, text = text, text.decode("utf-8")
    else:
        data = text.encode("utf-8")
    done.digest = write(out, data)
    done.ids, done.links = htmlscan.page_links(graph, out, text, intern)
    return done


def render_views(env, views: Callable[[], Iterable], graph, write, workers: int,
                 progress: Callable[[int], None] | None = None, select=None, estimate: int = 0) -> list[Rendered]:
    """Render the views of `views()` (a fresh iterator each call) with `workers` processes.

    `select`: indexes of the views to render (default: all); the others are walked, not made.
    `estimate`: about how many views there are, to cut the blocks of the workers (0: every n-th view).
    Results come in view order, one per rendered view.
    """
    if workers <= 1:
        intern: dict = {}
        mine = (lambda index: True) if select is None else select.__contains__
        return [render_one(env, view, graph, write, intern) for _i, view in _own_views(views, mine)]
    order = sorted(select) if select is not None else None

    def task(k: int, n: int, send) -> None:
        if order is None and estimate > 0:
            start, end = estimate * k // n, (estimate * (k + 1) // n if k + 1 < n else None)
            mine, stop = (lambda index: start <= index and (end is None or index < end)), end
        elif order is None:          # no estimate: every n-th view
            mine, stop = (lambda index: index % n == k), None
        else:
            mine, stop = {index for j, index in enumerate(order) if j % n == k}.__contains__, None
        intern: dict = {}
        batch: list = []
        for index, view in _own_views(views, mine, stop):
            batch.append((index, render_one(env, view, graph, write, intern)))
            if len(batch) >= BATCH:
                send(batch)
                batch = []
        send(batch)

    pairs = workers_.fork_map(workers, task, progress)
    return _merge(pairs, None if select is None else len(select))


def _own_views(views, mine: Callable[[int], bool], stop: int | None = None):
    """(index, view) of the views `mine` picks, made; the walk ends at index `stop`."""
    for index, view in enumerate(views()):
        if index == stop:
            return
        if mine(index):
            yield index, (view.make() if hasattr(view, "make") else view)   # views.Later, sections.Stub


def _merge(pairs: list[tuple[int, Rendered]], expected: int | None) -> list[Rendered]:
    """Results of all workers in page order, with equal link tuples shared again."""
    merged = sorted(pairs, key=lambda pair: pair[0])
    indexes = [index for index, _ in merged]
    if len(set(indexes)) != len(indexes) or (expected is None and indexes != list(range(len(indexes)))) \
            or (expected is not None and len(indexes) != expected):
        raise RuntimeError("render workers returned an incomplete set of pages")
    intern: dict = {}
    out = []
    for _index, done in merged:
        done.links = [intern.setdefault(link, link) for link in done.links]
        out.append(done)
    return out


def apply(results: list[Rendered], graph, report, problems, lastmod, sitemap_entries: list) -> None:
    """Put rendered pages into the build: link graph, counts, sitemap entries, problems (in order)."""
    for done in results:
        if done.problem is not None:
            problems.items.append(done.problem)
            continue
        graph.ids[done.out] = done.ids
        graph.links[done.out] = done.links
        report.pages += 1
        if not done.linked:
            report.unlinked.add(done.out)
        if done.in_sitemap:
            sitemap_entries.append((done.url, lastmod.get(done.url)))


def render_site(env, site, views: Callable[[], Iterable], graph, staging, report, problems, lastmod,
                extra_views: Callable[[list[str]], list] | None = None, tick=None) -> list:
    """The page loop of the build: render all views (then `extra_views(sitemap URLs)`); sitemap entries."""
    estimate = estimate_pages(site)
    workers = jobs(estimate)
    progress = (lambda done: tick("render", done, max(done, estimate))) if tick else None
    results = render_views(env, views, graph, staging.write, workers, progress, estimate=estimate)
    if workers > 1:   # the workers wrote these pages through their own copy of `staging`
        staging.written += sum(1 for done in results if done.problem is None)
    if extra_views is not None:
        extra = extra_views([done.url for done in results if done.in_sitemap])
        intern: dict = {}
        results += [render_one(env, view, graph, staging.write, intern) for view in extra]
    sitemap_entries: list = []
    apply(results, graph, report, problems, lastmod, sitemap_entries)
    if tick is not None:
        tick("render", len(results), len(results))
    return sitemap_entries


def walk_files(root) -> set[str]:
    """Every file under root, as paths relative to it (os.walk: 10x a Path.rglob)."""
    top = os.fspath(root)
    found = set()
    for dirpath, _dirs, files in os.walk(top):
        rel = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found.update(prefix + name for name in files)
    return found
