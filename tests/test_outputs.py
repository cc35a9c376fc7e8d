"""The registry of output files (publish/outputs.py): a new kind of output is one unit plus one line."""

from __future__ import annotations

from pathlib import Path

from sitekit import minimal_files, write_site

from ita_site import publishable, urls
from ita_site.errors import Problems
from ita_site.model import site as model
from ita_site.pipeline import build_site, load_site
from ita_site.publish import outputs
from ita_site.render import jinja


def humans(site: model.Site, ctx) -> list[tuple[str, bytes]]:
    """The README's example unit."""
    return [("humans.txt", f"Publisher: {site.agency}\n".encode("utf-8"))]


def test_a_registered_unit_is_written_with_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "GENERATED", outputs.GENERATED + (humans,))
    project = write_site(tmp_path / "site", minimal_files())
    build_site(project, tmp_path / "out", say=lambda *a: None)
    assert (tmp_path / "out" / "humans.txt").read_text(encoding="utf-8") == "Publisher: สำนักงานทดสอบ\n"
    assert (tmp_path / "out" / urls.ROBOTS).is_file() and (tmp_path / "out" / urls.SITEMAP).is_file()


def test_every_unit_gives_paths_from_urls_and_known_data(tmp_path):
    project = write_site(tmp_path / "site", minimal_files({"static/extra.css": "p{}\n"}))
    site = load_site(project)
    static = publishable.static_files(project, Problems())      # the site's static/, checked first
    ctx = outputs.Context(project, [("", None)], None, static, jinja.environment(project), tmp_path / "none")
    seen = set()
    for unit in outputs.OUTPUTS:
        for rel, data in unit(site, ctx):
            assert rel not in seen, f"{rel} written twice by the registry"
            seen.add(rel)
            assert not rel.startswith("/") and rel.isascii(), rel
            assert isinstance(data, (bytes, Path)) or hasattr(data, "__next__"), (rel, type(data))
    assert {urls.SITEMAP, urls.ROBOTS, urls.URL_LIST_CSV, urls.URL_LIST_JSON, urls.site_feed(),
            urls.asset("extra.css"), *urls.itas_files(2564), urls.data_file("items.json"), ".htaccess",
            urls.icon("svg"), urls.card(2564, "O43"), urls.pack_pdf(2564)} <= seen
