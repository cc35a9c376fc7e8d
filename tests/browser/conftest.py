"""Session fixtures for the browser suite: one Chromium, static servers, built sites.

Outside CI a missing /usr/bin/chromium (or missing `npm ci` tools) skips the
browser tests with a reason; with CI set they fail instead.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sitekit import require

from .browser_support import (
    AXE_JS,
    CHROMIUM,
    REPO_ROOT,
    VNU_JAR,
    StaticServer,
    build_site,
    html_file,
    html_pages,
    launch_chromium,
    site_base_path,
    new_context,
    run_axe as _run_axe,
    run_vnu as _run_vnu,
)

FIXTURES = REPO_ROOT / "tests" / "fixtures"
BROKEN_A11Y = FIXTURES / "broken_a11y"

# Site name -> project folder (the folder that holds content/).
SITES = {
    "default": REPO_ROOT,
    "rich": REPO_ROOT / "tests" / "sites" / "rich",
    "tables": REPO_ROOT / "tests" / "sites" / "tables",     # table items: 2569 O11 (six months, one empty), O18
}

HOME = "/"
ITEM = "/2564/o43/"
INDICATOR = "/2564/o43/indicator-1/"


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        require(False, "playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Factory: new_page(**context_options) -> page in its own bypass-CSP context."""
    contexts = []

    def make(**options):
        context = new_context(browser, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page(viewport={"width": 1280, "height": 800})


# --------------------------------------------------------------------------- checkers


@pytest.fixture(scope="session")
def run_axe():
    require(AXE_JS.is_file(), f"{AXE_JS} missing: run `npm ci`")
    return _run_axe


@pytest.fixture(scope="session")
def run_vnu():
    require(shutil.which("java") is not None, "java is missing (apt-get install default-jre-headless)")
    require(VNU_JAR.is_file(), f"{VNU_JAR} missing: run `npm ci`")
    return _run_vnu


# --------------------------------------------------------------------------- servers and sites


@pytest.fixture(scope="session")
def serve():
    """Factory: serve(directory, prefix="/") -> running StaticServer (one per pair)."""
    servers: dict[tuple[Path, str], StaticServer] = {}

    def start(root: Path, prefix: str = "/") -> StaticServer:
        key = (Path(root).resolve(), prefix)
        if key not in servers:
            servers[key] = StaticServer(*key).start()
        return servers[key]

    yield start
    for server in servers.values():
        server.stop()


@dataclass
class BuiltSite:
    name: str
    out_dir: Path
    server: StaticServer
    pages: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.server.url(path)

    def file(self, path: str) -> Path:
        return html_file(self.out_dir, path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, serve):
    """Factory: built_site(name) builds a site of SITES once and serves it."""
    cache: dict[str, BuiltSite] = {}
    failures: dict[str, str] = {}  # a failed build is reported once per test, not rebuilt

    def get(name: str) -> BuiltSite:
        project = SITES[name]
        if not (project / "content").is_dir():
            pytest.skip(f"site '{name}' not written yet: {project}/content is missing")
        if name in failures:
            pytest.fail(failures[name], pytrace=False)
        if name not in cache:
            out_dir = tmp_path_factory.mktemp(f"site-{name}") / "output"
            try:
                build_site(project, out_dir)
            except AssertionError as error:
                failures[name] = f"site '{name}': {error}"
                raise
            pages = html_pages(out_dir)
            assert pages, f"site '{name}' built no HTML page into {out_dir}"
            # Served under its deployed base path, so root-relative links (404.html) work.
            server = serve(out_dir, site_base_path(out_dir))
            cache[name] = BuiltSite(name, out_dir, server, pages)
        return cache[name]

    return get


@pytest.fixture(params=sorted(SITES))
def site(request, built_site) -> BuiltSite:
    """Each site of SITES in turn (skipped while its folder does not exist)."""
    return built_site(request.param)


@pytest.fixture
def default_site(built_site) -> BuiltSite:
    return built_site("default")


@pytest.fixture(scope="session")
def broken_server(serve) -> StaticServer:
    return serve(BROKEN_A11Y)
