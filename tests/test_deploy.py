"""`ita-site deploy` into a folder beside a WordPress-like main site, then Apache and `ita-site verify` on it.

The default site is deployed into ita/ next to WordPress's files (and hand-made files inside ita/),
then an indicator moves (a `redirects:` entry) and it is deployed again. Every file that is not the
site's stays byte-identical; Apache answers the moved page with a 301 and a missing URL with the site's
404 page; verify passes, then fails naming the URL of a page removed on the server.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.servers import Apache, get, web_root, site_tree
from ita_site.cli import main
from tests.sitekit import REPO, build, run, tree_hash

MANIFEST = ".ita-site-deploy.json"


def default_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "urls.ledger", project / "urls.ledger")
    return project


def main_site(root: Path) -> None:
    """A WordPress-like tree around ita/, and two hand-made files inside it."""
    files = {
        "index.php": "<?php require __DIR__ . '/wp-blog-header.php';\n",
        "wp-config.php": "<?php define('DB_NAME', 'agency');\n",
        ".htaccess": "# BEGIN WordPress\nRewriteEngine On\nRewriteRule . /index.php [L]\n# END WordPress\n",
        "robots.txt": "User-agent: *\nDisallow: /wp-admin/\n",
        "wp-content/uploads/2567/05/banner.jpg": "\xff\xd8\xff banner",
        "wp-content/themes/agency/style.css": "body { color: #123; }\n",
        "ita-old/index.html": "<p>the old, hand-made ITA page</p>\n",
        "ita/report-2563.pdf": "%PDF-1.4 hand-made",
        "ita/2564/o43/scan-by-hand.pdf": "%PDF-1.4 a file put here by hand",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("latin-1") if rel.endswith(".jpg") else text.encode("utf-8"))


def not_the_sites(root: Path, manifest_files) -> dict[str, str]:
    return {rel: sha for rel, sha in tree_hash(root).items()
            if not (rel.startswith("ita/") and (rel[4:] in manifest_files or rel[4:] == MANIFEST))}


def move_indicator_7(project: Path) -> None:
    indicator = project / "content/2564/o43/07-disclosure.yaml"
    indicator.write_text(indicator.read_text(encoding="utf-8").replace("number: 7", "number: 8", 1), encoding="utf-8")
    indicator.rename(project / "content/2564/o43/08-disclosure.yaml")
    site = project / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8")
                    + 'redirects:\n  "/2564/o43/indicator-7/": "/2564/o43/indicator-8/"\n', encoding="utf-8")


def test_deploy_beside_wordpress_then_again_after_a_move_then_apache_and_verify(tmp_path, capsys):
    project = default_project(tmp_path)
    (project / "static").mkdir(exist_ok=True)
    (project / "static/banner-2564.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))   # removed before the 2nd build
    assert build(capsys, project)[0] == 0
    output = project / "output"
    with web_root() as root:
        main_site(root)
        before = tree_hash(root)
        dest = root / "ita"

        code, out, err = run(capsys, "deploy", str(dest), "--project", str(project), "--dry-run")
        assert code == 0, err
        assert tree_hash(root) == before, "a dry run changes nothing"
        assert "index.html" in out and "dry run" in out

        code, out, err = run(capsys, "deploy", str(dest), "--project", str(project))
        assert code == 0, err
        assert "not ours, kept" in out and "report-2563.pdf" in out and "2564/o43/scan-by-hand.pdf" in out
        manifest = json.loads((dest / MANIFEST).read_text())
        assert manifest["base_url"] == "https://www.satun.go.th/ita/" and manifest["pending"] == {}
        assert {rel: e["sha256"] for rel, e in manifest["files"].items()} == site_tree(output)
        assert {rel: sha for rel, sha in tree_hash(dest).items() if rel in manifest["files"]} == site_tree(output)
        others = not_the_sites(root, manifest["files"])
        assert others == before, "every file that is not the site's is byte-identical"
        old_files = set(manifest["files"])

        move_indicator_7(project)
        (project / "static/banner-2564.png").unlink()
        code, _out, err = build(capsys, project)
        assert code == 0, err
        code, out, err = run(capsys, "deploy", str(dest), "--project", str(project))
        assert code == 0, err
        manifest = json.loads((dest / MANIFEST).read_text())
        assert not_the_sites(root, manifest["files"]) == before
        assert {rel: sha for rel, sha in tree_hash(dest).items() if rel in manifest["files"]} == site_tree(output)
        gone = old_files - set(manifest["files"])
        assert gone == {"assets/banner-2564.png"}                # the moved indicator's old URL is a redirect page
        assert gone and all(f"ลบ (deleted) {rel}" in out and not (dest / rel).exists() for rel in gone)
        assert (dest / "2564/o43/indicator-8/index.html").is_file()

        code, out, err = run(capsys, "deploy", str(dest), "--project", str(project))
        assert code == 0 and "upload 0:" in out, "a deploy of the same build sends nothing"

        with Apache(root, tmp_path) as apache:
            status, headers, _ = get(apache.url + "/ita/2564/o43/indicator-7/")
            assert (status, headers.get("Location")) == (301, apache.url + "/ita/2564/o43/indicator-8/")
            status, _headers, body = get(apache.url + "/ita/2564/o43/no-such-indicator/")
            assert status == 404 and body == (output / "404.html").read_bytes()

            code, out, err = run(capsys, "verify", apache.url + "/ita/", "--project", str(project))
            assert code == 0, err
            assert "ผ่าน" in out

            (dest / "2564/o43/indicator-3/index.html").unlink()         # a page removed on the server
            code, out, err = run(capsys, "verify", apache.url + "/ita/", "--project", str(project))
            assert code == 1
            assert f"404 | {apache.url}/ita/2564/o43/indicator-3/ |" in err
            assert err.count(" | ") == 2 * 2, err                          # the header and that one URL

            (dest / "about/index.html").write_text("<p>an old copy</p>")  # a page edited on the server
            code, out, err = run(capsys, "verify", apache.url + "/ita/", "--project", str(project), "--jobs", "2")
            assert code == 1 and f"200 | {apache.url}/ita/about/ | " in err and "not the file this build made" in err


def test_deploy_refuses_to_overwrite_a_file_it_did_not_make(tmp_path, capsys):
    project = default_project(tmp_path)
    assert build(capsys, project)[0] == 0
    dest = tmp_path / "www" / "ita"
    (dest / "about").mkdir(parents=True)
    (dest / "about" / "index.html").write_text("<p>hand-made about page</p>")
    before = tree_hash(tmp_path / "www")
    code, _out, err = run(capsys, "deploy", str(dest), "--project", str(project))
    assert code == 1
    assert "about/index.html" in err and "nothing was changed" in err
    assert tree_hash(tmp_path / "www") == before


def test_deploy_refuses_a_damaged_manifest_or_another_sites(tmp_path, capsys):
    project = default_project(tmp_path)
    assert build(capsys, project)[0] == 0
    dest = tmp_path / "ita"
    dest.mkdir()
    (dest / MANIFEST).write_text("{not json")
    code, _out, err = run(capsys, "deploy", str(dest), "--project", str(project))
    assert code == 1 and "damaged" in err and sorted(p.name for p in dest.iterdir()) == [MANIFEST]
    (dest / MANIFEST).write_text(json.dumps({"base_url": "https://other.go.th/ita/", "files": {}}))
    code, _out, err = run(capsys, "deploy", str(dest), "--project", str(project))
    assert code == 1 and "another site" in err and sorted(p.name for p in dest.iterdir()) == [MANIFEST]


@pytest.fixture(scope="module")
def built_outside(tmp_path_factory):
    """The default project with templates/ and static/, built into a folder outside it."""
    root = tmp_path_factory.mktemp("own")
    project = default_project(root)
    for folder in ("templates", "static/css"):
        (project / folder).mkdir(parents=True)
        (project / folder / "keep.txt").write_text("mine\n")
    assert main(["build", "-q", "--project", str(project), "--output", str(root / "built")]) == 0
    return project, root / "built"


@pytest.mark.parametrize("dest, why", [
    ("content", "it is the project's content/"), ("content/2564/o43", "it lies inside the project's content/"),
    ("templates", "it is the project's templates/"), ("static/css", "it lies inside the project's static/"),
    (".", "it is the project folder"),
])
def test_deploy_refuses_a_dest_in_the_projects_own_files(built_outside, capsys, dest, why):
    """`ita-site deploy content` put the built site's 70 files among the sources (exit 0), and the next
    build failed with 61 problems. DEST may not be the project, nor be, hold or lie inside its content/,
    templates/ or static/; the built site here is outside the project, so only this rule can refuse."""
    project, output = built_outside
    before = tree_hash(project)
    code, out, err = run(capsys, "deploy", str(project / dest), "--project", str(project), "--output", str(output))
    assert code == 1 and out == ""
    assert f"DEST ({(project / dest).resolve()}) ใช้ไม่ได้ เพราะ" in err
    assert f"(DEST refused: {why}; the built site would be mixed with the project's own files; nothing was changed)" in err
    assert tree_hash(project) == before


def test_deploy_before_a_build_says_build_first(tmp_path, capsys):
    code, _out, err = run(capsys, "deploy", str(tmp_path / "ita"), "--project", str(tmp_path))
    assert code == 1 and "ita-site build" in err and not (tmp_path / "ita").exists()


def test_uploads_files_first_pages_deepest_first_home_then_htaccess_last(tmp_path, capsys):
    project = default_project(tmp_path)
    assert build(capsys, project)[0] == 0
    code, out, err = run(capsys, "deploy", str(tmp_path / "ita"), "--project", str(project), "--dry-run")
    assert code == 0, err
    order = [line[4:] for line in out.splitlines() if line.startswith("  + ")]
    assert sorted(order) == sorted(site_tree(project / "output"))
    pages = [i for i, rel in enumerate(order) if rel.endswith(".html")]
    assert pages == list(range(pages[0], pages[0] + len(pages))), "every page after every other file"
    assert order[-1] == ".htaccess" and order[-2] == "index.html"
    assert not (tmp_path / "ita").exists()
