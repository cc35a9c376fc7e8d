"""URLs never break: the committed urls.ledger, vanished URLs, redirects and their pages."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

from sitekit import REPO, build, minimal_files, page, run, tree_hash, write_site

LEDGER = "urls.ledger"


def urls_of(project) -> list[str]:
    return [line for line in (project / LEDGER).read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def built(capsys, tmp_path, files=None):
    project = write_site(tmp_path / "site", files or minimal_files())
    code, _, err = build(capsys, project)
    assert code == 0, err
    return project


def test_first_build_writes_a_sorted_ledger_of_pages_and_files(capsys, tmp_path):
    project = built(capsys, tmp_path)
    entries = urls_of(project)
    assert entries == sorted(entries)
    assert {"/", "/2564/", "/2564/o43/", "/2564/o43/indicator-1/", "/2564/o43/files/notice.txt",
            "/about/", "/accessibility/"} <= set(entries)
    assert not any(u.startswith("/report/") or u.endswith((".csv", ".xlsx", ".xml")) for u in entries)


def test_committed_ledger_of_the_default_site_is_up_to_date(capsys, tmp_path):
    project = tmp_path / "site"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / LEDGER, project / LEDGER)
    assert build(capsys, project)[0] == 0
    assert (project / LEDGER).read_bytes() == (REPO / LEDGER).read_bytes()


def test_removing_a_published_item_fails_with_a_clear_message(capsys, tmp_path):
    project = built(capsys, tmp_path)
    before = tree_hash(project / "output")
    ledger_before = (project / LEDGER).read_bytes()
    shutil.rmtree(project / "content/2564/o43")
    code, _, err = build(capsys, project)
    assert code == 1
    line = (project / LEDGER).read_text(encoding="utf-8").splitlines().index("/2564/o43/") + 1
    assert f"urls.ledger:{line}:1: URL /2564/o43/ เคยเผยแพร่แล้ว แต่การสร้างครั้งนี้จะทำให้หายไป" in err
    assert "/2564/o43/files/notice.txt" in err and "redirects" in err
    assert tree_hash(project / "output") == before                     # output/ untouched
    assert (project / LEDGER).read_bytes() == ledger_before             # ledger untouched


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refresh = self.canonical = None
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("http-equiv") == "refresh":
            self.refresh = a["content"]
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "a":
            self.links.append(a.get("href"))


def test_a_moved_item_gets_a_working_redirect_page(capsys, tmp_path):
    project = built(capsys, tmp_path)
    shutil.move(project / "content/2564/o43", project / "content/2564/o42")
    item = project / "content/2564/o42/item.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("code: O43", "code: O42"), encoding="utf-8")
    site = project / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + 'redirects:\n  "/2564/o43/": "/2564/o42/"\n'
                    '  "/2564/o43/indicator-1/": "/2564/o42/indicator-1/"\n'
                    '  "/2564/o43/files/notice.txt": "/2564/o42/files/notice.txt"\n', encoding="utf-8")
    code, _, err = build(capsys, project)
    assert code == 0, err
    assert "server-config" in err and ".htaccess" in err      # a file cannot redirect itself: warned
    out = project / "output"
    head = _Head()
    head.feed(page(out, "2564/o43/"))
    assert head.refresh == "0; url=../o42/"
    assert head.canonical == "https://www.test.go.th/ita/2564/o42/"
    assert "../o42/" in head.links                              # a visible link too
    assert (out / "2564/o42/index.html").is_file()
    assert page(out, "2564/o43/indicator-1/").count('url=../../o42/indicator-1/"') == 1
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "2564/o42/" in sitemap and "2564/o43/" not in sitemap
    assert {"/2564/o43/", "/2564/o42/"} <= set(urls_of(project))   # the old URL stays in the ledger


def test_redirect_to_a_missing_page_or_from_a_live_page_is_an_error(capsys, tmp_path):
    project = built(capsys, tmp_path)
    site = project / "content/site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text + 'redirects:\n  "/2564/o43/": "/2564/o1/"\n  "/old/": "/nowhere/"\n', encoding="utf-8")
    code, _, err = build(capsys, project)
    assert code == 1
    assert re.search(r"content/site.yaml:\d+:\d+: /2564/o43/ ยังเป็นหน้าที่เผยแพร่อยู่", err)
    assert "redirect target /nowhere/ of /old/ is not a page of this build" in err


def test_redirect_from_an_old_outside_url_makes_a_page(capsys, tmp_path):
    project = built(capsys, tmp_path)
    site = project / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + 'redirects:\n  "/ita2564/o43.html": "/2564/o43/"\n',
                    encoding="utf-8")
    assert build(capsys, project)[0] == 0
    html = (project / "output/ita2564/o43.html").read_text(encoding="utf-8")
    assert 'content="0; url=../2564/o43/"' in html
    assert "/ita2564/o43.html" in urls_of(project)


def test_no_ledger_update_and_check_leave_the_ledger_alone(capsys, tmp_path):
    project = built(capsys, tmp_path)
    ledger_before = (project / LEDGER).read_bytes()
    (project / "content/2564/o1").mkdir()
    (project / "content/2564/o1/item.yaml").write_text("code: O1\nupdated: 2021-01-05\nbody: ข้อมูล\n",
                                                        encoding="utf-8")
    assert build(capsys, project, None, "--no-ledger-update")[0] == 0
    assert run(capsys, "check", "--project", str(project))[0] == 0
    assert (project / LEDGER).read_bytes() == ledger_before
    assert build(capsys, project)[0] == 0
    assert "/2564/o1/" in urls_of(project)


def test_a_malformed_ledger_line_is_reported_with_its_line(capsys, tmp_path):
    project = built(capsys, tmp_path)
    with (project / LEDGER).open("a", encoding="utf-8") as handle:
        handle.write("2564/o43/\n")
    lines = (project / LEDGER).read_text(encoding="utf-8").splitlines()
    code, _, err = build(capsys, project)
    assert code == 1 and f"urls.ledger:{len(lines)}:1:" in err


def test_a_ledger_line_with_any_kind_of_space_inside_is_reported(tmp_path):
    """Tabs, no-break and ideographic spaces count as spaces, as str.isspace says (hypothesis: any line)."""
    import unicodedata

    from hypothesis import given, settings, strategies as st

    from ita_site.errors import Problems
    from ita_site.publish import ledger

    spaces = st.sampled_from(" \t\u00a0\u1680\u2009\u202f\u3000")
    letters = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))   # read_text refuses control codes

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=letters | spaces, min_size=1, max_size=12))
    def check(tail):
        line = "/2564/" + tail
        (tmp_path / LEDGER).write_text(line + "\n", encoding="utf-8")
        problems = Problems()
        entries = ledger.read(tmp_path, problems)
        stripped = unicodedata.normalize("NFC", line).strip()      # the ledger is read as NFC (source.read_text)
        refused = any(c.isspace() for c in stripped) or not stripped.startswith("/")
        assert bool(problems.errors()) == (refused and bool(stripped) and not stripped.startswith("#"))
        assert entries == ({} if refused or not stripped or stripped.startswith("#") else {stripped: 1})

    check()
    for space in ("\t", "\u00a0", "\u3000", "\u2009"):
        (tmp_path / LEDGER).write_text(f"/2564/o43/{space}x\n", encoding="utf-8")
        problems = Problems()
        assert ledger.read(tmp_path, problems) == {} and problems.errors()
