"""The render step of `ita-site build` with a build cache (publish/buildcache.py): a page whose inputs
are those of a page the cache holds is copied from it instead of rendered.

A page's HTML is a function of its template files and its context (templates never see the model),
so its key is the digest of both (fingerprint.digest), with the context made while Markdown is named
by its source instead of rendered (fingerprint.markdown_tokens): making that context costs little,
while rendering Markdown and the template is most of a page's cost. The template files are keyed
by their bytes (not their times), so a fresh checkout in CI finds the pages of the last build.
A page not in the cache is made again in full and rendered as parallel.py does, and its HTML goes
into the cache with what the link check found in it (its ids and resolved links, a second blob:
scanning a page costs about as much as writing it). A page taken from the cache brings its scan
along, so the build goes on exactly as without the cache; a scan blob that is missing, damaged or
made for another base path is made again from the HTML. Pages are split among the cores as in
parallel.render_views; the blobs the workers wrote are handed to the parent, so a refused build
removes them too (BuildCache.discard).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ita_site import urls, workers as workers_
from ita_site.checks import htmlscan
from ita_site.pages.fingerprint import digest, markdown_tokens
from ita_site.render import parallel

KIND = "page"


def templates_key(env) -> bytes:
    """The names and bytes of every file in the environment's template folders, in lookup order."""
    h = hashlib.blake2b(digest_size=16)
    for loader in getattr(env.loader, "loaders", [env.loader]):
        for folder in getattr(loader, "searchpath", []):
            root = Path(folder)
            h.update(b"folder\0")
            for path in sorted(root.rglob("*")) if root.is_dir() else []:
                if path.is_file():
                    data = path.read_bytes()
                    h.update(path.relative_to(root).as_posix().encode() + b"\0%d\0" % len(data) + data)
    return h.digest()


def page_key(templates: bytes, view) -> str:
    return digest(templates, view.template, view.url, view.in_sitemap, view.linked, view.context).hex()


def render_site(cache, env, site, views, graph, staging, report, problems, lastmod, extra_views=None,
                tick=None) -> list:
    """parallel.render_site with the cache: the sitemap entries; pages rendered here go into the cache."""
    templates = templates_key(env)
    estimate = parallel.estimate_pages(site)
    workers = parallel.jobs(estimate)
    progress = (lambda done: tick("render", done, max(done, estimate))) if tick else None

    def task(k: int, n: int, send) -> None:
        start, end = estimate * k // n, (estimate * (k + 1) // n if k + 1 < n else None)
        intern: dict = {}
        batch: list = []
        for index, view in enumerate(views()):
            if index == end:
                break
            if index >= start:
                batch.append((index, _one(cache, templates, env, view, graph, staging.write, intern)))
            if len(batch) >= parallel.BATCH:
                send(batch)
                batch = []
        send(batch)

    if workers <= 1:
        pairs: list = []
        task(0, 1, pairs.extend)
    else:
        pairs = workers_.fork_map(workers, task, progress)
    pairs.sort(key=lambda pair: pair[0])
    if [index for index, _ in pairs] != list(range(len(pairs))):
        raise RuntimeError("render workers returned an incomplete set of pages")
    results = []
    for _index, (done, key, entry, hit, written) in pairs:
        if entry is not None:
            cache.record(KIND, key, entry)
        elif done.problem is None:
            cache.lookup(KIND, key)             # a page taken from the cache stays in it
        cache.count(KIND, hit)
        if workers > 1:
            cache.written += written              # blobs a worker wrote: discard() must know them
            if done.problem is None:
                staging.note(done.out, done.digest)   # and the digests of the pages it wrote (relink.py)
        results.append(done)
    if workers > 1:   # the workers wrote these pages through their own copy of `staging`
        staging.written += sum(1 for done in results if done.problem is None)
    if extra_views is not None:
        extra = extra_views([done.url for done in results if done.in_sitemap])
        intern: dict = {}
        results += [parallel.render_one(env, view, graph, staging.write, intern) for view in extra]
    sitemap_entries: list = []
    parallel.apply(results, graph, report, problems, lastmod, sitemap_entries)
    if tick is not None:
        tick("render", len(results), len(results))
    return sitemap_entries


def _one(cache, templates: bytes, env, view, graph, write, intern: dict):
    """(Rendered, key, entry to record or None to keep the one found, taken from the cache, blobs written)
    of one view: copied from the cache or rendered."""
    before = len(cache.written)
    lazy = hasattr(view, "make")                 # views.Later: made here, first with Markdown tokens
    if lazy:
        with markdown_tokens():
            keyed = view.make()
    else:
        keyed = view
    key = page_key(templates, keyed)
    found = cache.peek(KIND, key)                 # counted and kept by the parent
    html_name, scan_name = found if isinstance(found, list) and len(found) == 2 else (None, None)
    data = cache.blob(html_name)
    if data is not None:
        out = urls.output_file(keyed.url)
        done = parallel.Rendered(keyed.url, out, keyed.in_sitemap, keyed.linked)
        done.digest = write(out, data, html_name)  # the blob's name is the digest of its bytes
        scanned = _scan_from_blob(cache.blob(scan_name), graph.base_path, intern)
        entry = None
        if scanned is None:
            scanned = htmlscan.page_links(graph, out, data.decode("utf-8"), intern)
            entry = [html_name, _put_scan(cache, graph.base_path, scanned)]
        done.ids, done.links = scanned
        return done, key, entry, True, cache.written[before:]
    kept: list[bytes] = []

    def keep(out: str, data: bytes):
        kept.append(data)
        return write(out, data)

    done = parallel.render_one(env, view.make() if lazy else view, graph, keep, intern)
    entry = None
    if done.problem is None and kept:
        entry = [cache.put_blob(kept[0]), _put_scan(cache, graph.base_path, (done.ids, done.links))]
    return done, key, entry, False, cache.written[before:]


def _put_scan(cache, base_path: str, scanned) -> str:
    ids, links = scanned
    text = json.dumps([base_path, sorted(ids), [list(link) for link in links]], ensure_ascii=False)
    return cache.put_blob(text.encode("utf-8"))


def _scan_from_blob(data: bytes | None, base_path: str, intern: dict):
    """(ids, links) kept by _put_scan, or None when it is missing or was made for another base path."""
    if data is None:
        return None
    try:
        kept_base, ids, links = json.loads(data.decode("utf-8"))
        if kept_base != base_path:
            return None
        pairs = [(str(target), str(fragment), bool(nav)) for target, fragment, nav in links]
    except (ValueError, TypeError):
        return None
    return set(ids), [intern.setdefault(link, link) for link in pairs]
