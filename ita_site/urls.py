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


def page(name: str) -> str:
    return f"{name}/"


def section(name: str) -> str:
    """A folder of free pages, content/pages/<name>/ (its index lists the pages)."""
    return f"{name}/"


def section_page(section_name: str, name: str) -> str:
    return f"{section_name}/{name}/"


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
