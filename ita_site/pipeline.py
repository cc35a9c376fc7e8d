"""The build, as one readable pipeline: load -> validate -> model -> render -> check -> write.

Nothing touches output/ until every stage has passed: pages are rendered into a staging folder that
replaces output/ in one step at the end (see write.py).
"""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ita_site import urls
from ita_site.checks import datecheck, entries, hygiene, linkcheck, pdfs, placeholders
from ita_site.content import catalogue, load, logo, validate
from ita_site.model import assemble, site as model, sources
from ita_site.pages import listing as pages
from ita_site.pages.fingerprint import digest
from ita_site.publish import (feeds, itas, ledger, manifests, opendata, outputs, pack_pdf, search, serverrules,
                              relink, tablefiles, write)
from ita_site.render import cached, jinja as render, parallel
from ita_site import guard, publishable
from ita_site.errors import BuildError, Problem, Problems


@dataclass
class BuildReport:
    pages: int = 0
    files: int = 0
    items: int = 0
    indicators: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    depths: dict[str, int] = field(default_factory=dict)
    published: set[str] = field(default_factory=set)      # ledger form: "/2564/o43/"
    unlinked: set[str] = field(default_factory=set)       # output files deliberately not linked
    ledger_added: list[str] = field(default_factory=list)  # URLs this build added to urls.ledger
    notes: list[str] = field(default_factory=list)         # advice for the webmaster (stdout)


def build_site(project: Path, output: Path, *, write_output: bool = True, say=print, progress=None,
               update_ledger: bool = False, locked: bool = False, require_ledger: bool = False,
               steps=None, cache=None) -> BuildReport:
    """Build the site of `project` into `output`; raises BuildError with every problem found.

    `progress(stage)` is called as each stage ends, and `progress("render", done, total)` per page.
    `locked` (CI's `build --no-ledger-update`): a "[กรอก]" placeholder left anywhere is an error.
    `require_ledger` (`build --locked`): every URL the build publishes must already be in urls.ledger.
    `steps` are the build's replaceable steps (FullBuild's interface): `ita-site serve` passes its
    incremental ones (preview/incremental.py). Nothing touches output/ before every check has passed.
    `cache`: a publish.buildcache.BuildCache (`ita-site build` without --no-cache): pages, packs, cards and
    the search bundle made from the same inputs are taken from it; it is saved after a successful build.
    """
    started, tick, problems = time.perf_counter(), progress or _quiet, Problems()
    guard.check_output(project, output)          # before anything is read: never replace a folder we did not make
    steps = steps or FullBuild
    content = steps.load_content(project, problems)                      # load
    tick("load")
    docs = _check_documents(steps, content.docs, problems, cache)        # validate: schema
    tick("validate")
    site = _model(content, docs, problems, steps.make_page, steps.attachment_memo)   # validate: cross-file, model
    steps.hygiene_check(docs, site, problems)                            # validate: link hygiene
    if locked:                                                           # "[กรอก]" left: CI refuses
        placeholders.check(docs + content.later_docs, problems, refuse=True)
    else:                                                                # warn: "[กรอก]" left unfilled
        steps.check_placeholders(docs + content.later_docs, problems)
    steps.check_numbering(docs, problems)                                # warn: "- ๑. ..." numbered twice
    steps.check_dates(docs, problems, _today())                          # warn: dates that make no sense
    static = publishable.static_files(project, problems)                 # static/: allowed types, no links
    site.logo = logo.check(project, _site_doc(docs), problems, output)   # site.yaml logo: a real PNG/JPEG
    render.check_templates(project, problems)                            # templates/: readable text
    problems.raise_if_errors()
    site_doc = _site_doc(docs)
    del content, docs            # the model holds what the rest needs; a large site's documents are freed
    pdfs.check(site, project, problems)                                  # warn: scanned PDFs
    tick("model")
    report = BuildReport(items=len(site.items()), indicators=sum(len(i.indicators) for i in site.items()))
    with write.build_lock(output, say), steps.staging(output) as staging:
        if cache is not None and write_output:                           # link what the last build left
            staging.reuse(relink.Previous(output, cache.previous_output(output), _source_date_epoch()))
        graph = _render(site, staging, report, problems, tick, steps, project, output, static, cache)
        if cache is None:
            steps.search_index(staging.path, problems)                   # the search index, over the pages
        else:                                                            # or the same pages' bundle
            search.index_cached(staging.path, problems, cache)
        graph.files = steps.all_files(staging.path)
        tick("render")
        built = graph.files - {urls.output_file(v.url) for v in ledger.redirect_pages(site, report.published)}
        next_ledger = ledger.check(project, site, site_doc, report.published, problems, built)  # URLs never vanish
        if require_ledger:
            ledger.check_locked(project, report.published, problems)      # CI: the committed ledger is whole
        steps.check(site, graph, report, problems)                       # check the rendered site
        problems.raise_if_errors()
        tick("check")
        if write_output:
            staging.commit(_source_date_epoch())                         # write: one atomic swap
            if update_ledger:
                report.ledger_added = ledger.save(project, next_ledger)
        report.files = staging.written
    if cache is not None:
        if write_output:         # after the old tree is gone: removing its names moved the linked files' ctime
            cache.keep_output(output, staging.kept())
        cache.save()                                                     # what this build used and made
    if write_output:
        tick("write")
    report.notes = [note for note in (serverrules.robots_note(site),) if note]
    report.warnings, report.seconds = problems.warnings(), time.perf_counter() - started
    return report


def _site_doc(docs: list):
    return next((d for d in docs if d.kind == "site"), None)


def _quiet(stage, done=0, total=0) -> None:
    pass


def _check_documents(steps, docs: list, problems: Problems, cache) -> list:
    """The schema check; with the build cache, a document whose kind and data passed it before is not checked
    again (its problems would depend only on those: a document with problems is always checked)."""
    if cache is None:
        return steps.check_documents(docs, problems)
    keys = [digest(doc.kind, doc.data).hex() for doc in docs]
    passed = {id(doc) for doc in steps.check_documents(
        [doc for doc, key in zip(docs, keys) if cache.peek("valid", key) is not True], problems)}
    valid = []
    for doc, key in zip(docs, keys):
        if id(doc) in passed or cache.peek("valid", key) is True:
            cache.record("valid", key, True)
            valid.append(doc)
    return valid


def _model(content, docs, problems, make_page=model.make_page, attachment_memo=None):
    """The site model, after the cross-file checks; each fiscal year with its OIT catalogue
    (`attachment_memo`: serve's attachments kept between rebuilds, see assemble.assemble)."""
    by_kind = {kind: [d for d in docs if d.kind == kind] for kind in ("site", "catalogue", "item")}
    if not by_kind["site"]:
        raise BuildError(problems.errors() or [Problem("content/site.yaml", 0, 0, "site.yaml ใช้ไม่ได้",
                                                       "site.yaml is not usable")])
    years = sorted({int(d.parts[0]) for d in by_kind["item"]})
    catalogues = catalogue.resolve(by_kind["site"][0], by_kind["catalogue"], years, problems)
    return assemble.assemble(content, docs, problems, catalogues, make_page, attachment_memo)


def _render(site, staging: write.Staging, report: BuildReport, problems: Problems, tick, steps, project, previous,
            static: list, cache=None):
    """Every page, on every core (render/parallel.py), then every other output file; the link graph.
    `static`: the site's own static/ files, checked by publishable.static_files."""
    env = steps.environment(project)                                     # serve: the last build's, same templates
    graph = linkcheck.LinkGraph(base_path=urls.base_path(site.base_url))
    lastmod = sources.lastmod(site)                                     # <lastmod> of each content page

    def redirects(published_urls: list[str]) -> list:   # the ledger needs every page's URL first
        report.published = ledger.published(published_urls,
                                            [a.url for item in site.items() for a in item.attachments()])
        return ledger.redirect_pages(site, report.published)

    render_site = steps.render_site if cache is None else functools.partial(cached.render_site, cache)
    sitemap = render_site(env, site, lambda: pages.site_pages(site), graph, staging, report, problems,
                                lastmod, redirects, tick)
    ctx = outputs.Context(project, sitemap, _source_date_epoch(), static, env, previous, cache)
    outputs.write(staging, site, ctx, outputs.COPIES)                    # assets/, attachments
    steps.site_files(site, staging, ctx)                                 # sitemaps, ITAS, feeds, data, cards ...
    return graph


def _site_files(site, staging: write.Staging, ctx: outputs.Context, memo=None) -> None:
    """The registry's generated files (publish/outputs.py). `memo(group, inputs, make)` (`ita-site serve`,
    incremental.py) returns make()'s (path, bytes) list, or [] when the group's files from the same inputs
    are in place; memo.own(item) and memo.item(item) are digests of an item's own fields and of all of it;
    memo.url_lists(site) and memo.sheet(site, year, epoch) give manifests.url_lists and itas.sheet with a key
    of that data (made again only for the items or years that changed).
    Units without a memo group are written every time, so a new unit needs only its registry line (the
    cards keep their own memo: each file reuses the last build's, ctx.previous); memo.packs(site, ctx)
    takes the pack PDFs, which serve makes in the background; memo.later(files) the open data's (path, chunks),
    which it writes in the background (tens of megabytes on a large site)."""
    if memo is None:
        outputs.write(staging, site, ctx, outputs.GENERATED)
        return
    made, epoch, sitemap_entries = memo, ctx.epoch, ctx.sitemap
    files = list(made("sitemaps", sitemap_entries, lambda: manifests.sitemaps(site, sitemap_entries)))
    files.append((urls.ROBOTS, manifests.robots(site)))
    items = site.items()
    lists, lists_key = made.url_lists(site)       # the URL lists' data: the two files are made of it alone
    files += made("urls", lists_key, lambda: [(urls.URL_LIST_CSV, manifests.urls_csv_of(lists)),
                                              (urls.URL_LIST_JSON, manifests.urls_json_of(lists))])
    for year in site.years:     # an ITAS sheet: the year's items, with their indicators and evidence
        csv_name, xlsx_name = urls.itas_files(year.number)
        sheet, sheet_key = made.sheet(site, year, epoch)   # its rows: the two files are made of them alone
        files += made(("itas", year.number), sheet_key, lambda sheet=sheet: [(csv_name, itas.csv_of(sheet)),
                                                                             (xlsx_name, itas.xlsx_of(sheet))])
    files += made("feeds", [made.own(i) for i in items], lambda: feeds.files(site))   # Atom feeds
    tabled = [i for i in items if i.table is not None]            # table items' CSV and XLSX beside their page
    files += made("tables", [repr((i.year, i.code, i.title, i.updated, i.table)) for i in tabled] + [repr(epoch)],
                  lambda: list(tablefiles.files(site, ctx)))
    for rel, data in files:
        staging.write(rel, data)
    made.later(made("opendata", [made.item(i) for i in items], lambda: opendata.files(site, parts=made.parts)))
    others = tuple(unit for unit in outputs.GENERATED if unit not in _MEMOISED and unit is not pack_pdf.files)
    outputs.write(staging, site, ctx, others)
    memo.packs(site, ctx)          # serve: the pack PDFs follow in the background (preview/packs.py)


_MEMOISED = (manifests.files, itas.files, feeds.files, opendata.files,
             tablefiles.files)   # the groups above


def _check(site, graph: linkcheck.LinkGraph, report: BuildReport, problems: Problems) -> None:
    linkcheck.check_links(graph, problems)
    item_pages = {urls.output_file(item.url) for item in site.items()}
    report.depths = linkcheck.check_reachability(graph, item_pages, problems,
                                                 exempt={urls.NOT_FOUND} | report.unlinked)


def _search_index(site_dir: Path, problems: Problems) -> None:
    search.index(site_dir, problems)          # looked up when called: the benchmarks swap it out


def _today():
    """The day dates are judged against: SOURCE_DATE_EPOCH's (reproducible), else today."""
    import datetime as dt

    epoch = _source_date_epoch()
    return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date() if epoch is not None else dt.date.today()


def _source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def load_site(project: Path):
    """The validated site model, without rendering (for `ita-site report`); raises BuildError."""
    problems = Problems()
    content = load.load_content(project, problems)
    docs = validate.check_documents(content.docs, problems)
    site = _model(content, docs, problems)
    problems.raise_if_errors()
    return site


class FullBuild:
    """The steps of a clean build. preview/incremental.py's Session provides the same ones for
    `ita-site serve`, reusing what has not changed since its previous build."""

    load_content = staticmethod(load.load_content)
    check_documents = staticmethod(validate.check_documents)
    hygiene_check = staticmethod(hygiene.check)
    staging = staticmethod(write.Staging)
    search_index = staticmethod(_search_index)
    check = staticmethod(_check)
    make_page = staticmethod(model.make_page)
    render_site = staticmethod(parallel.render_site)
    all_files = staticmethod(parallel.walk_files)
    site_files = staticmethod(_site_files)
    check_placeholders = staticmethod(placeholders.check)
    check_dates = staticmethod(datecheck.check_dates)
    check_numbering = staticmethod(entries.check_numbering)
    environment = staticmethod(render.environment)
    attachment_memo = None            # serve: a preview/attachmemo.AttachmentMemo
