"""The build, as one readable pipeline: load -> validate -> model -> render -> check -> write.

Nothing touches output/ until every stage has passed: pages are rendered into a staging folder that
replaces output/ in one step at the end (see write.py).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ita_site import urls
from ita_site.authoring import scaffold
from ita_site.checks import datecheck, entries, hygiene, linkcheck
from ita_site.content import catalogue, load, validate
from ita_site.model import assemble, pdfinfo
from ita_site.pages import listing as pages
from ita_site.publish import cards, feeds, itas, ledger, manifests, opendata, pack_pdf, search, serverrules, tablefiles, write
from ita_site.render import jinja as render, parallel
from ita_site import guard, publishable
from ita_site.errors import BuildError, Problem, Problems

STATIC = Path(__file__).parent / "static"


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
               update_ledger: bool = False, locked: bool = False, require_ledger: bool = False) -> BuildReport:
    """`progress(stage)` is called as each stage ends, and `progress("render", done, total)` per page.
    `locked` (CI's `build --no-ledger-update`): a "[กรอก]" placeholder left anywhere is an error.
    `require_ledger` (`build --locked`): every URL the build publishes must already be in urls.ledger."""
    started = time.perf_counter()
    tick = progress or (lambda stage, done=0, total=0: None)
    problems = Problems()
    guard.check_output(project, output)          # before anything is read: never replace a folder we did not make
    steps = parallel.SESSION.get() or FullBuild   # `ita-site serve` swaps in incremental steps
    content = steps.load_content(project, problems)                      # load
    tick("load")
    docs = steps.check_documents(content.docs, problems)                 # validate: schema
    tick("validate")
    site, catalogues = _model(content, docs, problems)                   # validate: cross-file, model
    steps.hygiene_check(docs, site, problems)                            # validate: link hygiene
    if locked:                                                           # "[กรอก]" left: CI refuses
        scaffold.check_placeholders(docs + content.later_docs, problems, refuse=True)
    else:                                                                # warn: "[กรอก]" left unfilled
        steps.check_placeholders(docs + content.later_docs, problems)
    entries.check_numbering(docs, problems)                              # warn: "- ๑. ..." numbered twice
    datecheck.check_dates(docs, problems, _today())                      # warn: dates that make no sense
    static = publishable.static_files(project, problems)                 # static/: allowed types, no links
    render.check_templates(project, problems)                            # templates/: readable text
    problems.raise_if_errors()
    site_doc = next((d for d in docs if d.kind == "site"), None)
    del content, docs            # the model holds what the rest needs; a large site's documents are freed
    pdfinfo.check(site, project, problems)                               # evidence: scanned PDFs warn
    tick("model")
    report = BuildReport(items=len(site.items()), indicators=sum(len(i.indicators) for i in site.items()))
    with write.build_lock(output, say), steps.staging(output) as staging:
        graph = _render(project, site, staging, report, problems, tick, output, static)  # render
        steps.search_index(staging.path, problems)                       # Pagefind, over the pages
        graph.files = _all_files(staging.path)
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
    if write_output:
        tick("write")
    report.warnings = problems.warnings()
    report.notes = [note for note in (serverrules.robots_note(site),) if note]
    report.seconds = time.perf_counter() - started
    return report


def _model(content, docs, problems):
    by_kind = {kind: [d for d in docs if d.kind == kind] for kind in ("site", "catalogue", "item")}
    if not by_kind["site"]:
        raise BuildError(problems.errors() or [Problem("content/site.yaml", 0, 0, "site.yaml ใช้ไม่ได้",
                                                       "site.yaml is not usable")])
    years = sorted({int(d.parts[0]) for d in by_kind["item"]})
    catalogues = catalogue.resolve(by_kind["site"][0], by_kind["catalogue"], years, problems)
    site = assemble.assemble(content, docs, problems, catalogues)
    return site, catalogues


def _render(project: Path, site, staging: write.Staging, report: BuildReport, problems: Problems,
            tick=lambda stage, done=0, total=0: None, previous: Path | None = None, static: list = ()):
    env = render.environment(project)
    graph = linkcheck.LinkGraph(base_path="/" + site.base_url.split("://", 1)[1].partition("/")[2])
    lastmod = manifests.lastmod_by_url(site)

    def redirects(published_urls: list[str]) -> list:   # the ledger needs every page's URL first
        report.published = ledger.published(published_urls,
                                            [a.url for item in site.items() for a in item.attachments()])
        return ledger.redirect_pages(site, report.published)

    # Every core renders a share of the pages (parallel.py); the result is the same as in order.
    sitemap_entries = parallel.render_site(env, site, lambda: pages.site_pages(site), graph, staging, report,
                                           problems, lastmod, redirects, tick)
    for rel, data in cards.files(site, previous):                       # icons, sharing cards (og:image)
        staging.write(rel, data)
    _copy_static(static, staging)                                       # a site's static/ may replace them
    for item in site.items():
        for attachment in item.attachments():
            staging.copy(attachment.url, attachment.source)
    (parallel.SESSION.get() or FullBuild).site_files(site, staging, sitemap_entries)   # sitemaps, ITAS, feeds, data
    for rel, data in pack_pdf.files(env, site, _source_date_epoch(), previous):   # the assessor's pack (PDF)
        staging.write(rel, data)
    return graph


def _site_files(site, staging: write.Staging, sitemap_entries: list, memo=None) -> None:
    """The files made from the whole site. `memo(group, inputs, make)` (`ita-site serve`, incremental.py)
    returns make()'s (path, bytes) list, or [] when the group's files from the same inputs are in place;
    memo.own(item) and memo.item(item) are digests of an item's own fields and of all of it."""
    made = memo or _no_memo
    epoch = _source_date_epoch()
    files = list(made("sitemaps", sitemap_entries, lambda: manifests.sitemaps(site, sitemap_entries)))
    files.append(("robots.txt", manifests.robots(site)))
    files.append((serverrules.FILE_NAME, serverrules.htaccess(site)))     # Apache rules (.htaccess)
    items = site.items()
    files += made("urls", [made.item(i) for i in items], lambda: [("urls.csv", manifests.urls_csv(site)),
                                           ("urls.json", manifests.urls_json(site))])
    for year in site.years:     # an ITAS sheet: the year's items, with their indicators and evidence
        csv_name, xlsx_name = itas.filenames(year.number)
        rows = (year.number, repr(year.oit), [made.item(i) for i in year.items], epoch)
        files += made(("itas", year.number), rows, lambda: [(csv_name, itas.csv_bytes(site, year)),
                                                            (xlsx_name, itas.xlsx_bytes(site, year, epoch))])
    files += made("feeds", [made.own(i) for i in items], lambda: feeds.files(site))   # Atom feeds
    tabled = [i for i in items if i.table is not None]            # table items' CSV and XLSX beside their page
    files += made("tables", [repr((i.year, i.code, i.title, i.updated, i.table)) for i in tabled] + [repr(epoch)],
                  lambda: list(tablefiles.files(site, epoch)))
    for rel, data in files:
        staging.write(rel, data)
    parts = getattr(made, "parts", None)
    if parts is None:
        for rel, chunks in opendata.files(site):                         # open data, streamed
            staging.write_chunks(rel, chunks)
        return
    for rel, data in made("opendata", [made.item(i) for i in items],
                          lambda: [(rel, b"".join(chunks)) for rel, chunks in opendata.files(site, parts)]):
        staging.write(rel, data)


def _no_memo(group, inputs, make):
    return make()


_no_memo.own = _no_memo.item = lambda item: None


def _copy_static(static: list[tuple[str, Path]], staging: write.Staging) -> None:
    """Package assets, then the site's own static/ (checked by publishable.static_files), into assets/."""
    own = {rel for rel, _path in static}
    for path in sorted(STATIC.rglob("*")):
        rel = "assets/" + path.relative_to(STATIC).as_posix()
        if path.is_file() and not path.name.startswith(".") and rel not in own:
            staging.copy(rel, path)
    for rel, path in static:                 # a site's file overrides the package's of the same name
        staging.copy(rel, path)


def _all_files(root: Path) -> set[str]:
    listed = parallel.listed_files(root)      # known without a walk in `ita-site serve`
    return parallel.walk_files(root) if listed is None else listed


def _check(site, graph: linkcheck.LinkGraph, report: BuildReport, problems: Problems) -> None:
    linkcheck.check_links(graph, problems)
    item_pages = {urls.output_file(item.url) for item in site.items()}
    report.depths = linkcheck.check_reachability(graph, item_pages, problems,
                                                 exempt={"404.html"} | report.unlinked)


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
    site, _catalogues = _model(content, docs, problems)
    problems.raise_if_errors()
    return site


class FullBuild:
    """The steps of a clean build. incremental.py provides the same eight for `ita-site serve`,
    reusing what has not changed since its previous build."""

    load_content = staticmethod(load.load_content)
    check_documents = staticmethod(validate.check_documents)
    hygiene_check = staticmethod(hygiene.check)
    staging = staticmethod(write.Staging)
    search_index = staticmethod(_search_index)
    check = staticmethod(_check)
    site_files = staticmethod(_site_files)
    check_placeholders = staticmethod(scaffold.check_placeholders)
