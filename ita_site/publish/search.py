"""Site search: our own static index of the built pages (searchindex.py), searched in the browser.

Thai is written without spaces between words, and segmenters disagree on where words end (ICU cuts
งบ|ประมาณ, others keep งบประมาณ whole; สินบน sits inside รับสินบน). The index therefore holds every
character trigram of each page's text with its positions, and a query word of any length is matched as
an exact substring: every word any segmenter could cut finds its page. Thai and Arabic digits are one,
and Thai PDF text keeps no private-use glyph codes (searchtext.py). benchmarks/search_recall.py measures it.

- The pipeline runs `index()` over the staging folder after every page is rendered and before the
  atomic swap, so the index always matches the pages it is published with. A failure is a build
  problem, never a traceback.
- Only `<main data-search-body>` is indexed (base.html), so the header, navigation, breadcrumbs and
  footer never match; searchtext.EXCLUDE drops boilerplate inside main. The search page and 404 page
  are not indexed. Item, indicator and PDF-text pages carry data-code / data-fiscal-year, shown in
  each result.
- The search page (/search/) is a plain GET form: without JavaScript it says that search needs
  JavaScript. With it, assets/search.js runs the query (assets/searchindex.js) over the bundle's files
  and announces results in an aria-live region. No WebAssembly, no eval: every page's CSP is the same.
- `ita-site serve` indexes its preview in the background (Background below), in a separate process
  so that the page rebuilds never wait for it or share a core's interpreter with it. Until the new
  index is swapped in, search answers from the previous one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from ita_site import urls
from ita_site.errors import Problems
from ita_site.publish import searchindex

BUNDLE = urls.SEARCH_BUNDLE            # output sub-folder of the search bundle


def index(site_dir: Path, problems: Problems, bundle: Path | None = None) -> bool:
    """Build the search index of the pages in site_dir into site_dir/search-index/ (or `bundle`). False on failure."""
    bundle = bundle or site_dir / BUNDLE
    try:
        bundle.mkdir(parents=True, exist_ok=True)          # a new folder: the staging one, or serve's .next
        made = searchindex.build(site_dir, bundle, BUNDLE)
    except (OSError, MemoryError) as exc:
        problems.add(BUNDLE, 0, 0, "สร้างดัชนีค้นหาไม่สำเร็จ", f"the search index could not be written: {exc}",
                     "ตรวจพื้นที่ว่างของดิสก์และสิทธิ์เขียนโฟลเดอร์ แล้วสร้างใหม่ / "
                     "check the free disk space and that the folder is writable, then build again")
        return False
    _unindexed(made["pages"], made["files"], problems)
    return True


def _unindexed(pages: int, html_files: int, problems: Problems) -> None:
    """A warning when pages were built but none is in the index (a site's base.html without the mark)."""
    if pages == 0 and html_files > 2:          # more than the search and 404 pages
        problems.add("templates/base.html", 0, 0, "ไม่มีหน้าใดอยู่ในดัชนีค้นหา การค้นหาจะไม่พบอะไรเลย",
                     "no page is in the search index: search will find nothing",
                     "ในเทมเพลต base.html ของเว็บไซต์ ให้แท็ก <main> มี data-search-body เหมือนเทมเพลตของ ita-site / "
                     "in the site's own base.html, give <main> the data-search-body attribute, as ita-site's does",
                     severity="warning")


def index_cached(site_dir: Path, problems: Problems, cache) -> bool:
    """index(), or the bundle the build cache (buildcache.py) made from the same HTML files: the index reads
    only the .html files, so the same files give the same bundle (the cache's identity covers the index's
    code: every file of the package)."""
    h = hashlib.blake2b(digest_size=20)
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html") if p.is_file())
    for rel in pages:
        data = (site_dir / rel).read_bytes()
        h.update(rel.encode("utf-8", "surrogatepass") + b"\0%d\0" % len(data) + data)
    key, bundle = h.hexdigest(), site_dir / BUNDLE
    kept = cache.lookup("search", key)
    files = {rel: cache.blob(name) for rel, name in kept.items()} if isinstance(kept, dict) and kept else None
    if files and all(data is not None for data in files.values()) and "meta.json" in files:
        from ita_site import guard

        for rel, data in files.items():
            target = bundle / guard.checked(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _unindexed(json.loads(files["meta.json"])["pages"], len(pages), problems)      # as index() said
        cache.count("search", True)
        return True
    cache.count("search", False)
    if not index(site_dir, problems):
        return False
    cache.record("search", key, {path.relative_to(bundle).as_posix(): cache.put_blob(path.read_bytes())
                                 for path in sorted(bundle.rglob("*")) if path.is_file()})
    return True


class Background:
    """The search index of `ita-site serve`'s preview, made again after rebuilds without holding them up.

    request() starts a run in a thread, or, while one runs, asks for one more after it (so the last edit
    is always indexed). A run is `python -m ita_site.publish.search --background SITE BUNDLE` (its own
    process at a lower priority: the rebuilds keep this one's interpreter and get the cores first); it writes a fresh bundle beside the preview's, which is
    swapped in with two renames while holding `lock`, which the rebuild also takes to list the files.
    """

    def __init__(self, site_dir: Path, say):
        self.site_dir, self.say = Path(site_dir), say
        self.lock = threading.Lock()
        self._state = threading.Lock()
        self._wanted = self._running = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        with self._state:
            self._wanted = True
            if not self._running:
                self._running = True
                self._thread = threading.Thread(target=self._run, name="ita-site-search", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until the requested runs are done (tests; a rebuild never waits)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._state:
                if not self._wanted:
                    self._running = False
                    return
                self._wanted = False
            self._index_once()

    def _index_once(self) -> None:
        fresh, old = self.site_dir / f".{BUNDLE}-next", self.site_dir / f".{BUNDLE}-old"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            proc = subprocess.run([sys.executable, "-m", "ita_site.publish.search", "--background",
                                   str(self.site_dir), str(fresh)],
                                  capture_output=True, text=True, timeout=900, env=_child_env())
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.say(f"สร้างดัชนีค้นหาไม่สำเร็จ (the search index could not be made): {exc}")
            return
        if proc.returncode != 0 or not (fresh / "meta.json").is_file():
            self.say(proc.stdout.strip() or f"สร้างดัชนีค้นหาไม่สำเร็จ (the search index failed): {proc.stderr[-400:]}")
            shutil.rmtree(fresh, ignore_errors=True)
            return
        with self.lock:
            shutil.rmtree(old, ignore_errors=True)
            if (self.site_dir / BUNDLE).exists():
                (self.site_dir / BUNDLE).rename(old)
            fresh.rename(self.site_dir / BUNDLE)
        shutil.rmtree(old, ignore_errors=True)
        self.say("อัปเดตดัชนีค้นหาแล้ว (search index updated)")


def _child_env() -> dict:
    """This environment, with the folder this ita_site was imported from first on the module path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(Path(__file__).parents[2]), env.get("PYTHONPATH"))))
    return env


def main(argv: list[str]) -> int:
    """`python -m ita_site.publish.search [--background] SITE_DIR BUNDLE_DIR`: 0 when written.

    --background (serve): at a lower CPU priority, so that a rebuild of the preview gets the cores first."""
    if argv[:1] == ["--background"]:
        argv = argv[1:]
        if hasattr(os, "nice"):
            os.nice(10)
    problems = Problems()
    if index(Path(argv[0]), problems, bundle=Path(argv[1])):
        return 0
    print("\n".join(problem.format() for problem in problems.items))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
