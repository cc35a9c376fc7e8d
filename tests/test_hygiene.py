"""Link hygiene: placeholder, local, staging and self links are errors with file and line; evidence
outside the main website's domain is a warning."""

from __future__ import annotations

from sitekit import build, minimal_files, write_site

from ita_site.checks.hygiene import links_in

ITEM = "content/2564/o1/item.yaml"


def build_with(capsys, tmp_path, files: dict[str, str]):
    all_files = minimal_files()
    all_files.update(files)
    project = write_site(tmp_path / "site", all_files)
    return build(capsys, project)


def item_with_url(url: str) -> str:
    return (f"code: O1\nupdated: 2021-01-05\ndocuments:\n  - title: แผนผัง\n    url: '{url}'\n")


def test_placeholder_links_are_errors(capsys, tmp_path):
    for n, url in enumerate(("#", "#!", "javascript:void(0)", " JavaScript:alert(1)", "")):
        body = f"code: O1\nupdated: 2021-01-05\nsummary: x\nbody: 'ดู [แผนผัง]({url}) ประกอบ'\n"
        code, _, err = build_with(capsys, tmp_path / str(n), {ITEM: body})
        assert code == 1, url
        assert f"{ITEM}:4:7: ลิงก์หลอก" in err and "placeholder link" in err, err
        code, _, err = build_with(capsys, tmp_path / f"url{n}", {ITEM: item_with_url(url)})
        assert code == 1 and f"{ITEM}:5:10:" in err, err       # url fields: the schema's pattern or hygiene


def test_localhost_and_staging_hosts_are_errors(capsys, tmp_path):
    cases = {"http://localhost:8000/a.pdf": "local machine (localhost)",
             "http://127.0.0.1/a.pdf": "local machine (127.0.0.1)",
             "https://staging.test.go.th/a.pdf": "staging host (staging.test.go.th)",
             "https://test.rtrda.or.th/a.pdf": "staging host (test.rtrda.or.th)",
             "https://dev.test.go.th/a.pdf": "staging host (dev.test.go.th)"}
    for n, (url, message) in enumerate(cases.items()):
        code, _, err = build_with(capsys, tmp_path / str(n), {ITEM: item_with_url(url)})
        assert code == 1 and f"{ITEM}:5:10:" in err and message in err, (url, err)


def test_a_link_to_its_own_page_is_an_error(capsys, tmp_path):
    for n, url in enumerate(("https://www.test.go.th/ita/2564/o1/", "/2564/o1/", "/2564/o1/index.html")):
        code, _, err = build_with(capsys, tmp_path / str(n), {ITEM: item_with_url(url)})
        assert code == 1 and f"{ITEM}:5:10:" in err and "link to its own page" in err, (url, err)
    body = "code: O1\nupdated: 2021-01-05\nsummary: x\nbody: 'ดู [หน้านี้](./) และ [ส่วนล่าง](#ล่าง)'\n"
    code, _, err = build_with(capsys, tmp_path / "body", {ITEM: body})
    assert code == 1 and f"{ITEM}:4:7:" in err and err.count("link to its own page") == 1


def test_a_link_to_another_page_of_the_site_is_fine(capsys, tmp_path):
    code, _, err = build_with(capsys, tmp_path, {ITEM: item_with_url("/2564/o43/")})
    assert code == 0, err


def test_markdown_links_in_text_fields_and_page_bodies_are_checked(capsys, tmp_path):
    files = {
        "content/2564/o43/01-communication.yaml": minimal_files()["content/2564/o43/01-communication.yaml"]
        .replace("  - มีการเผยแพร่ข้อมูล", "  - มีการเผยแพร่ข้อมูล [ดูที่นี่](#)"),
        "content/pages/about.md": "---\ntitle: เกี่ยวกับ\n---\nบรรทัดแรก\n\nดู [เว็บทดสอบ](http://localhost/x)\n",
    }
    code, _, err = build_with(capsys, tmp_path, files)
    assert code == 1
    assert "content/2564/o43/01-communication.yaml:5:5: ลิงก์หลอก '#'" in err
    assert "content/pages/about.md:6:1:" in err and "local machine (localhost)" in err


def test_evidence_outside_the_main_domain_is_a_warning(capsys, tmp_path):
    code, _, err = build_with(capsys, tmp_path, {ITEM: item_with_url("https://drive.google.com/file/d/abc")})
    assert code == 0
    assert f"{ITEM}:5:10: คำเตือน: หลักฐานอยู่นอกเว็บไซต์หลักของหน่วยงาน (drive.google.com ไม่ใช่ test.go.th)" in err
    for n, url in enumerate(("https://www.test.go.th/a.pdf", "https://docs.test.go.th/a.pdf")):
        code, _, err = build_with(capsys, tmp_path / str(n), {ITEM: item_with_url(url)})
        assert code == 0 and "นอกเว็บไซต์หลัก" not in err, url


def test_missing_attachment_is_an_error_with_its_line(capsys, tmp_path):
    item = "code: O1\nupdated: 2021-01-05\ndocuments:\n  - title: แผนผัง\n    file: files/none.pdf\n"
    code, _, err = build_with(capsys, tmp_path, {ITEM: item})
    assert code == 1 and f"{ITEM}:5:11:" in err and "attachment not found" in err


def test_links_in_finds_markdown_reference_autolink_and_html_targets():
    text = ('[a](#) [b](<https://x.go.th/a b>) <http://localhost/> <a href="javascript:x()">c</a>\n'
            "[ref]: https://staging.x.go.th/\n")
    assert links_in(text) == ["#", "https://x.go.th/a b", "https://staging.x.go.th/", "http://localhost/",
                              "javascript:x()"]
    assert links_in("[x](javascript:alert(1)) [y](https://x.go.th/a_(b).pdf 'title')") == [
        "javascript:alert(1)", "https://x.go.th/a_(b).pdf"]
