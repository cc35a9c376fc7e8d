"""Atom feeds: /feed.xml and /<fy>/feed.xml parse as Atom, with absolute ids, dates and a stable order."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest

from ita_site.pipeline import build_site

ROOT = Path(__file__).resolve().parents[1]
RICH = ROOT / "tests" / "sites" / "rich"
BASE = "https://example.go.th/ita/"


def _build(project: Path, out: Path) -> Path:
    build_site(project, out, say=lambda _text: None)
    return out


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> Path:
    return _build(RICH, tmp_path_factory.mktemp("feeds") / "output")


def parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_site_feed_is_atom_with_every_item_newest_first(rich):
    feed = parse(rich / "feed.xml")
    assert feed.feed.id == BASE + "feed.xml"
    assert feed.feed.title.endswith("สำนักงานทดสอบระบบ")
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [BASE + "feed.xml"]
    ids = [entry.id for entry in feed.entries]
    assert ids == ["https://example.go.th/ita/2567/o43/", "https://example.go.th/ita/2567/o5/",
                   "https://example.go.th/ita/2567/o1/", "https://example.go.th/ita/2566/o1/"], ids
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.feed.updated_parsed == updated[0]


def test_entries_have_absolute_ids_links_dates_and_summaries(rich):
    for entry in parse(rich / "feed.xml").entries:
        assert entry.id.startswith(BASE) and entry.id.endswith("/")
        assert entry.link == entry.id
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00\+07:00", entry.updated)
        assert entry.title.startswith("O") and entry.summary
        assert entry.tags[0].term in ("2566", "2567")


def test_year_feed_has_only_that_years_items(rich):
    feed = parse(rich / "2566" / "feed.xml")
    assert feed.feed.id == BASE + "2566/feed.xml"
    assert [e.id for e in feed.entries] == [BASE + "2566/o1/"]
    assert "2566" in feed.feed.title


def test_feeds_are_deterministic(rich, tmp_path):
    again = _build(RICH, tmp_path / "output")
    for rel in ("feed.xml", "2566/feed.xml", "2567/feed.xml"):
        assert (again / rel).read_bytes() == (rich / rel).read_bytes(), rel


def test_pages_announce_their_feeds_in_head(rich):
    alternate = re.compile(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)" title="[^"]+">')
    assert alternate.findall((rich / "index.html").read_text(encoding="utf-8")) == ["feed.xml"]
    item = (rich / "2567" / "o43" / "index.html").read_text(encoding="utf-8")
    assert alternate.findall(item) == ["../../feed.xml", "../feed.xml"]
