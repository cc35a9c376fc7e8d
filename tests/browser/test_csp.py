"""Safe pages: every page of the default site, with its CSP enforced, reports no violation.

The site is served under its real sub-path (/ita/) by a server that sends exactly the headers written
in docs/security-headers.md (parsed from its nginx block), as well as the CSP <meta> each page carries.
Chromium runs with CSP enforced (no bypass). For every page we collect console messages about
Content-Security-Policy and `securitypolicyviolation` events, every network request, and every link:
no violation, no request to any other host, and `rel` with `noopener` on every external link.
A deliberately bad page proves that the collectors do see violations and foreign requests.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .browser_support import REPO_ROOT, StaticServer, html_pages

DOCS = REPO_ROOT / "docs" / "security-headers.md"
PREFIX = "/ita"      # base_url of the default site: https://www.satun.go.th/ita/
WATCH_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP-VIOLATION ${event.effectiveDirective} blocked=${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
});
"""
META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def nginx_headers() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"```nginx\n# /etc/nginx/snippets/ita-headers.conf\n(.*?)```", text, re.S)
    assert block, "docs/security-headers.md lacks the nginx snippet"
    return dict(re.findall(r'^add_header (\S+) "([^"]+)" always;', block.group(1), re.M))


def apache_headers() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*Header always set (\S+) "([^"]+)"\s*$', text, re.M))


def directives(policy: str) -> dict[str, set[str]]:
    parts = [d.split() for d in policy.split(";") if d.strip()]
    return {d[0]: set(d[1:]) for d in parts}


class Watch:
    """Collects CSP violations and requests of one page."""

    def __init__(self, page, origin: str):
        self.origin, self.violations, self.foreign = origin, [], []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)
        page.on("request", self._request)

    def _console(self, message):
        text = message.text
        if "CSP-VIOLATION" in text or "Content Security Policy" in text:
            self.violations.append(text)

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign.append(request.url)


EXTERNAL_LINKS = """() => Array.from(document.querySelectorAll("a[href], area[href]"))
  .filter((a) => /^https?:$/.test(a.protocol) && a.host !== location.host)
  .map((a) => ({href: a.href, rel: a.relList ? Array.from(a.relList) : []}))"""


def _open(new_page, server, path: str):
    page = new_page(bypass_csp=False, viewport={"width": 1280, "height": 800})
    watch = Watch(page, server.base_url)
    response = page.goto(server.url(path), wait_until="networkidle")
    return page, watch, response


# --------------------------------------------------------------------------- documented headers


def test_documented_headers_match_the_pages(default_site):
    nginx, apache = nginx_headers(), apache_headers()
    assert nginx == apache, "the nginx and Apache blocks of docs/security-headers.md must send the same headers"
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy",
                 "X-Frame-Options"):
        assert name in nginx, f"{name} missing from docs/security-headers.md"
    header = directives(nginx["Content-Security-Policy"])
    assert header.pop("frame-ancestors") == {"'none'"}
    metas = set()
    for path in default_site.pages:
        match = META_CSP.search(default_site.file(path).read_text(encoding="utf-8"))
        assert match, f"{path} has no CSP <meta>"
        metas.add(match.group(1))
        meta = directives(match.group(1))
        assert meta.keys() == header.keys(), f"{path}: the header and the <meta> name different directives"
        for name, sources in meta.items():
            assert sources <= header[name], f"{path}: the header forbids {name} {sources - header[name]}"
    assert header in [directives(m) for m in metas], "the header must equal the most open page policy (search)"


# --------------------------------------------------------------------------- every page in Chromium


@pytest.fixture(scope="module")
def csp_server(built_site):
    site = built_site("default")
    with StaticServer(site.out_dir, PREFIX, nginx_headers()) as server:
        yield server, html_pages(site.out_dir)


def test_every_page_loads_with_csp_enforced_without_violation_or_foreign_request(csp_server, new_page):
    server, pages = csp_server
    report = []
    for path in pages + ["/no-such-page/"]:
        page, watch, response = _open(new_page, server, path)
        expected_status = 404 if path == "/no-such-page/" else 200
        if response.status != expected_status:
            report.append(f"{path}: HTTP {response.status}")
        for text in watch.violations:
            report.append(f"{path}: {text}")
        for url in watch.foreign:
            report.append(f"{path}: request to another host: {url}")
        for link in page.evaluate(EXTERNAL_LINKS):
            if "noopener" not in link["rel"]:
                report.append(f"{path}: external link without rel=noopener: {link['href']} rel={link['rel']}")
        page.context.close()
    assert len(pages) > 10
    assert not report, "\n".join(report)


def test_search_works_under_the_csp(csp_server, new_page):
    server, pages = csp_server
    if "/search/" not in pages:
        pytest.skip("the default site has no search page")
    page, watch, _ = _open(new_page, server, "/search/")
    page.fill("#search-q", "O43")
    page.press("#search-q", "Enter")
    try:
        page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=20_000)
    except PlaywrightTimeout:
        pytest.fail("no search result within 20 s; CSP reports: " + ("\n".join(watch.violations) or "none"))
    assert not watch.violations, "\n".join(watch.violations)
    assert not watch.foreign, watch.foreign


def test_the_collectors_see_violations_and_foreign_requests(tmp_path, new_page):
    """A page breaking the policy: inline script and style, an image from another host, a bare external link."""
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "pixel.gif").write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    with StaticServer(tmp_path / "other", PREFIX, {}) as other:
        (tmp_path / "index.html").write_text(
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bad</title>'
            '<script>document.title = "ran";</script></head><body>'
            f'<p style="color: red">x</p><img src="{other.url("/pixel.gif")}" alt="">'
            '<a href="https://www.example.org/">out</a></body></html>', encoding="utf-8")
        with StaticServer(tmp_path, PREFIX, nginx_headers()) as server:
            page, watch, _ = _open(new_page, server, "/")
            assert page.title() == "bad", "the inline script must not run"
            for directive in ("script-src", "style-src", "img-src"):
                assert any(directive in v for v in watch.violations), watch.violations
            assert [link["rel"] for link in page.evaluate(EXTERNAL_LINKS)] == [[]]
        with StaticServer(tmp_path, PREFIX, {}) as open_server:             # no CSP at all: the image is fetched
            _page, watch, _ = _open(new_page, open_server, "/")
            assert watch.foreign == [other.url("/pixel.gif")]
