"""Site search: a Pagefind index of the built pages, made at build time, searched in the browser.

Thai is written without spaces between words, so most static search tools index a Thai paragraph as
one giant word. Pagefind's *extended* binary segments Thai since 1.4.0 (PyPI: `pagefind[extended]`,
which installs `pagefind-bin-extended`); the browser splits Thai queries with Intl.Segmenter.

- The pipeline runs `index()` over the staging folder after every page is rendered and before the
  atomic swap, so the index always matches the pages it is published with. A missing or failing
  Pagefind is a build problem with a hint, never a traceback.
- Only `<main data-pagefind-body>` is indexed (base.html), so the header, navigation, breadcrumbs and
  footer never match; EXCLUDE drops boilerplate inside main. The search page and 404 page are not
  indexed. Item, indicator and PDF-text pages carry `data-pagefind-meta` with the item code and
  fiscal year, shown in each result.
- The search page (/search/) is a plain GET form: without JavaScript it says that search needs
  JavaScript. With it, assets/search.js loads pagefind/pagefind.js (the JS API, not the default UI,
  which injects inline styles our CSP forbids) and announces results in an aria-live region.
- `ita-site serve` indexes its preview in the background (Background below): a 10,000-page site
  takes Pagefind half a minute, which neither the start nor an edit should wait for. Until the new
  index is swapped in, search answers from the previous one (or, at the very start, says it could
  not load).
- CSP: only the search page adds 'wasm-unsafe-eval' to script-src, because Pagefind compiles its
  WebAssembly search engine; no page allows 'unsafe-inline' or 'unsafe-eval'.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
from importlib import metadata
from pathlib import Path

from ita_site import urls
from ita_site.errors import Problems

BUNDLE = urls.SEARCH_BUNDLE            # output sub-folder of the search bundle
MIN_VERSION = (1, 4, 0)                 # first Pagefind release that segments Thai
EXCLUDE = (".eyebrow", ".updated", ".pager", ".indicator-links", ".pdf-source", ".file-meta")
SPLIT_LANGUAGES = '["zh","ja","th"].includes(primaryLang)'     # in pagefind.js 1.4-1.5
HINT = ("ติดตั้งด้วย pip install 'pagefind[extended]>=1.4' / install it with pip install 'pagefind[extended]>=1.4'")


def executable() -> Path | None:
    """The Pagefind *extended* binary shipped by the pagefind-bin-extended wheel, if installed."""
    try:
        from pagefind_bin_extended import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError):
        return None


def installed_version() -> tuple[int, ...]:
    try:
        text = metadata.version("pagefind-bin-extended")
    except metadata.PackageNotFoundError:
        return ()
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def command(binary: Path, site_dir: Path, bundle: Path | None = None) -> list[str]:
    where = ["--output-subdir", BUNDLE] if bundle is None else ["--output-path", str(bundle)]
    cmd = [str(binary), "--site", str(site_dir), *where, "--silent"]
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    return cmd


def index(site_dir: Path, problems: Problems, binary: Path | None = None, bundle: Path | None = None) -> bool:
    """Build the search index of the pages in site_dir into site_dir/pagefind/ (or `bundle`). False on failure."""
    bundle = bundle or site_dir / BUNDLE
    binary = binary or executable()
    version = installed_version()
    if binary is None:
        problems.add(BUNDLE, 0, 0, "ไม่พบโปรแกรม Pagefind รุ่น extended จึงสร้างดัชนีค้นหาไม่ได้",
                     "Pagefind (extended) is not installed: the search index cannot be built", HINT)
        return False
    if version and version < MIN_VERSION:
        problems.add(BUNDLE, 0, 0, f"Pagefind รุ่น {'.'.join(map(str, version))} เก่าเกินไป ตัดคำภาษาไทยไม่ได้",
                     f"Pagefind {'.'.join(map(str, version))} is too old to segment Thai (need 1.4 or later)", HINT)
        return False
    # Pagefind reads pagefind.yml and PAGEFIND_* settings from its working folder and environment:
    # run it in the staging folder with none of them, so every build indexes the same way.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    try:
        proc = subprocess.run(command(binary, site_dir, bundle), cwd=site_dir, env=env, capture_output=True,
                              text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        problems.add(BUNDLE, 0, 0, "เรียกโปรแกรม Pagefind ไม่สำเร็จ", f"could not run Pagefind: {exc}", HINT)
        return False
    if proc.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = " ".join((proc.stderr or proc.stdout).split())[-400:]
        problems.add(BUNDLE, 0, 0, "สร้างดัชนีค้นหาไม่สำเร็จ",
                     f"Pagefind failed (exit {proc.returncode}): {detail}",
                     "ตรวจว่าหน้าเว็บเขียนออกมาครบ แล้วสร้างใหม่ / check the pages were written, then build again")
        return False
    _prune(bundle)
    if not unsplit_thai_queries(bundle):
        _unpatched(problems)
    return True


def _unpatched(problems: Problems) -> None:
    problems.add(f"{BUNDLE}/pagefind.js", 0, 0, "Pagefind รุ่นนี้ต่างจากที่ทดสอบไว้ การค้นคำภาษาไทยอาจพลาด",
                 "this Pagefind release differs from the tested one: Thai queries keep Pagefind's own "
                 "splitting, which misses some words", HINT, severity="warning")


def index_cached(site_dir: Path, problems: Problems, cache) -> bool:
    """index(), or the bundle the build cache (buildcache.py) made from the same HTML files with the same
    Pagefind: Pagefind reads only the .html files, so the same files give the same bundle."""
    h = hashlib.blake2b(digest_size=20)
    h.update(repr((installed_version(), str(executable()), command(Path("bin"), Path("site")))).encode())
    for rel in sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html") if p.is_file()):
        data = (site_dir / rel).read_bytes()
        h.update(rel.encode("utf-8", "surrogatepass") + b"\0%d\0" % len(data) + data)
    key, bundle = h.hexdigest(), site_dir / BUNDLE
    kept = cache.lookup("search", key)
    files = {rel: cache.blob(name) for rel, name in kept.items()} if isinstance(kept, dict) and kept else None
    if files and all(data is not None for data in files.values()) and "pagefind.js" in files:
        from ita_site import guard

        for rel, data in files.items():
            target = bundle / guard.checked(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if SPLIT_LANGUAGES.replace(',"th"', "") not in files["pagefind.js"].decode("utf-8", "replace"):
            _unpatched(problems)                 # as index() said when it made this bundle
        cache.count("search", True)
        return True
    cache.count("search", False)
    if not index(site_dir, problems):
        return False
    if (bundle / "pagefind.js").is_file():
        cache.record("search", key, {path.relative_to(bundle).as_posix(): cache.put_blob(path.read_bytes())
                                     for path in sorted(bundle.rglob("*")) if path.is_file()})
    return True


class Background:
    """The search index of `ita-site serve`'s preview, made again after rebuilds without holding them up.

    request() starts a Pagefind run in a thread, or, while one runs, asks for one more after it (so
    the last edit is always indexed). A run writes a fresh bundle beside the preview's and swaps it
    in with two renames while holding `lock`, which the rebuild also takes to list the files.
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
        problems = Problems()
        if not index(self.site_dir, problems, bundle=fresh):
            self.say("\n".join(problem.format() for problem in problems.items))
            return
        with self.lock:
            shutil.rmtree(old, ignore_errors=True)
            if (self.site_dir / BUNDLE).exists():
                (self.site_dir / BUNDLE).rename(old)
            fresh.rename(self.site_dir / BUNDLE)
        shutil.rmtree(old, ignore_errors=True)
        self.say("อัปเดตดัชนีค้นหาแล้ว (search index updated)")


def unsplit_thai_queries(bundle: Path) -> bool:
    """Let search.js decide how a Thai query is split into words; False if Pagefind's code has changed.

    The indexer's Thai dictionary (charabia) keeps compounds whole (งบประมาณ, ร้องเรียน, ใช้จ่าย) while
    the browser's dictionary (ICU, used by pagefind.js for queries) splits them (งบ|ประมาณ). Pagefind
    matches every query word as a word prefix, so "งบประมาณ" became "งบ ประมาณ" and missed pages whose
    only ประมาณ is inside งบประมาณ. search.js therefore joins the browser's pieces back into words the
    index has, and pagefind.js must then take the words as given, as it already does for Korean or
    English: we drop "th" from its list of languages whose queries it splits.
    """
    patched = True
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = bundle / name
        text = path.read_text(encoding="utf-8")
        if SPLIT_LANGUAGES not in text:
            patched = False
            continue
        path.write_text(text.replace(SPLIT_LANGUAGES, SPLIT_LANGUAGES.replace(',"th"', "")), encoding="utf-8")
    return patched


def _prune(bundle: Path) -> None:
    """Drop Pagefind's ready-made UIs: we use only the JS API (pagefind.js, its worker and WASM)."""
    for path in bundle.glob("pagefind-*ui*"):
        path.unlink()
    (bundle / "pagefind-highlight.js").unlink(missing_ok=True)
