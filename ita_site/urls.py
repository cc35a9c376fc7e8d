"""The only place that decides URLs and output paths.

URLs are ASCII and built from the fiscal year and item codes, never from Thai titles, so an item keeps
its address for as long as it exists: `/2564/o43/`, `/2564/o43/indicator-1/`. Pages are directories
with an index.html, so every published URL ends in a slash.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata

from slugify import slugify

_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def home() -> str:
    return ""


def year(fy: int) -> str:
    return f"{fy}/"


def item(fy: int, code: str) -> str:
    return f"{fy}/{code.lower()}/"


def indicator(fy: int, code: str, number: int) -> str:
    return f"{item(fy, code)}indicator-{number}/"


def table_file(fy: int, code: str, ext: str) -> str:
    """The rows of a table item as one spreadsheet beside its page: /2569/o11/o11-2569.csv (or .xlsx)."""
    return f"{item(fy, code)}{code.lower()}-{fy}.{ext}"


def page(name: str) -> str:
    return f"{name}/"


def section(name: str) -> str:
    """A folder of free pages, content/pages/<name>/ (its index lists the pages)."""
    return f"{name}/"


def section_page(section_name: str, name: str) -> str:
    return f"{section_name}/{name}/"


# Every path the build writes besides content pages, items and attachments. RESERVED (below) is
# derived from them, so no page or section can be named like one (tests/test_urls.py proves it).
HOME_FILE = "index.html"
NOT_FOUND = "404.html"
ASSETS = "assets/"          # the package's static files and the site's own static/
ACCESSIBILITY = "accessibility/"
REPORTS = "report/"         # webmasters' coverage reports, report/<fy>/
SITEMAP = "sitemap.xml"
SITEMAP_PARTS = "sitemaps/"  # parts of a sitemap index (large sites)
ROBOTS = "robots.txt"
URL_LIST_CSV, URL_LIST_JSON = "urls.csv", "urls.json"
SEARCH = "search/"          # the search page
SEARCH_BUNDLE = "search-index"  # the site search index (publish/search.py, searchindex.py)
DATA = "data/"              # open data files (publish/opendata.py)
FEED = "feed.xml"           # the Atom feed of the site, and of each fiscal year in its folder


GENERATED_FOLDERS = (ASSETS, ACCESSIBILITY, REPORTS, SITEMAP_PARTS, SEARCH, SEARCH_BUNDLE + "/", DATA)
# Names a page or section may not take: the generated folders, and names kept for the site's own files.
RESERVED = frozenset({folder.strip("/") for folder in GENERATED_FOLDERS}
                     | {NOT_FOUND.removesuffix(".html"), HOME_FILE.removesuffix(".html"), "feeds",
                        "pagefind"})      # the search bundle of earlier releases, still on earlier deployments


def asset(rel: str) -> str:
    return ASSETS + rel


def sitemap_part(number: int) -> str:
    return f"{SITEMAP_PARTS}sitemap-{number}.xml"


def site_feed() -> str:
    return FEED


def year_feed(fy: int) -> str:
    return year(fy) + FEED


def data_file(name: str) -> str:
    return DATA + name


def pdf_text(attachment_url: str) -> str:
    """URL path of the text page of a PDF: beside the file, `files/report.pdf.html`."""
    return attachment_url + ".html"


def report(fy: int) -> str:
    """The webmaster's coverage page of a fiscal year (kept out of navigation and sitemap)."""
    return f"{REPORTS}{fy}/"


def itas_files(fy: int) -> tuple[str, str]:
    """The ITAS sheet of a fiscal year: (CSV, XLSX) at the top of the site."""
    return f"itas-{fy}.csv", f"itas-{fy}.xlsx"


def anchor(kind: str, index: int, prefix: str = "") -> str:
    """Stable fragment ids: `measure-1`, or `indicator-2-step-3` on the item page."""
    return f"{prefix}{kind}-{index}"


def ascii_segment(name: str) -> str:
    """Publishable name for one path segment of an attachment.

    ASCII names are kept as they are; any other name becomes an ASCII slug plus a short hash of the
    original, so `ประกาศ.pdf` gets a stable, unique ASCII name.
    """
    name = unicodedata.normalize("NFC", name)
    if _SAFE_SEGMENT.match(name):
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = re.sub(r"[^A-Za-z0-9]", "", ext).lower()
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    slug = slugify(stem, max_length=60) or "file"
    return f"{slug}-{digest}" + (f".{ext}" if ext else "")


def attachment(fy: int, code: str, relpath: str) -> str:
    """URL path of a file kept in an item's folder (relpath is relative to that folder)."""
    segments = [ascii_segment(part) for part in relpath.split("/") if part]
    return item(fy, code) + "/".join(segments)


def output_file(url_path: str) -> str:
    """The file under output/ that serves a URL path."""
    if url_path == "" or url_path.endswith("/"):
        return url_path + "index.html"
    return url_path


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at from_url to to_url that works at a domain root and under a sub-path."""
    target, hash_, fragment = to_url.partition("#")
    if hash_ and target == from_url:
        return "#" + fragment
    from_dir = posixpath.dirname(output_file(from_url)) or "."
    is_dir = target == "" or target.endswith("/")
    rel = posixpath.relpath("/" + target.rstrip("/"), "/" + from_dir.strip("."))  # absolute: no getcwd()
    if is_dir:
        rel = "./" if rel == "." else rel + "/"
    return rel + (hash_ + fragment if hash_ else "")


def base_path(base_url: str) -> str:
    """The path the site is published under: "https://www.x.go.th/ita/" -> "/ita/"."""
    return "/" + base_url.split("://", 1)[1].partition("/")[2]


def absolute(base_url: str, url_path: str) -> str:
    return base_url + url_path


def icon(variant: str) -> str:
    """The site icon: icon("svg") -> assets/icon.svg, icon("180.png") -> assets/icon-180.png."""
    return "assets/icon.svg" if variant == "svg" else f"assets/icon-{variant}"


def card(fy: int | None = None, code: str = "") -> str:
    """The sharing card (og:image) of an item, or of the site when no item is given."""
    return f"assets/cards/{fy}-{code.lower()}.png" if fy is not None else "assets/cards/site.png"


def pack(fy: int) -> str:
    """The assessor's pack of a fiscal year (a page made for print); its PDF is pack_pdf(fy)."""
    return f"{fy}/pack/"


def pack_pdf(fy: int) -> str:
    return f"{fy}/pack.pdf"
