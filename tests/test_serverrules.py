"""Server rules: output/.htaccess as a real Apache answers it, and `ita-site server-config nginx|apache|iis`.

Apache is Debian's apache2, started by the test on 127.0.0.1 with AllowOverride All, serving the built
site in an ita/ folder beside a WordPress-like main site (its own .htaccess sends every missing URL to
index.php, as WordPress does).
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.servers import Apache, get, web_root
from tests.sitekit import REPO, build, minimal_files, run, write_site

DOCS = REPO / "docs" / "security-headers.md"
WP_HTACCESS = """# BEGIN WordPress
<IfModule mod_rewrite.c>
RewriteEngine On
RewriteBase /
RewriteRule ^index\\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
</IfModule>
# END WordPress
"""
MOVED_SITE = {
    "content/site.yaml": minimal_files()["content/site.yaml"] + (
        'redirects:\n  "/2564/o1/": "/2564/o43/"\n  "/2564/o43/files/old.txt": "/2564/o43/files/notice.txt"\n'),
    "urls.ledger": "/2564/o1/\n/2564/o43/files/old.txt\n",
}


def doc_headers() -> dict[str, str]:
    """The Apache block of docs/security-headers.md, the reference for the header values."""
    return dict(re.findall(r'^\s*Header always set (\S+) "([^"]+)"\s*$', DOCS.read_text(encoding="utf-8"), re.M))


def moved_site(tmp_path: Path, capsys) -> Path:
    project = write_site(tmp_path / "project", minimal_files(MOVED_SITE))
    code, _out, err = build(capsys, project)
    assert code == 0, err
    return project / "output"


def wordpress_beside(root: Path) -> None:
    (root / "index.php").write_text("<?php /* WordPress front controller */ ?>WORDPRESS\n")
    (root / ".htaccess").write_text(WP_HTACCESS)
    (root / "wp-content" / "uploads").mkdir(parents=True)
    (root / "wp-content" / "uploads" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nlogo")


def test_htaccess_rules_match_the_security_headers_document(tmp_path, capsys):
    output = moved_site(tmp_path, capsys)
    text = (output / ".htaccess").read_text(encoding="utf-8")
    assert dict(re.findall(r'^\s*Header always set (\S+) "([^"]+)"\s*$', text, re.M)) == doc_headers()
    assert "ErrorDocument 404 /ita/404.html" in text
    assert 'RedirectMatch 301 "^/ita/2564/o1(/|/index\\.html)?$" "/ita/2564/o2/"' not in text
    assert 'RedirectMatch 301 "^/ita/2564/o1(/|/index\\.html)?$" "/ita/2564/o43/"' in text
    # every directive that needs a module is inside <IfModule>: outside them only core directives remain
    outside = re.sub(r"<IfModule [^>]+>.*?</IfModule>", "", text, flags=re.S)
    directives = {line.split()[0] for line in outside.splitlines() if line.strip() and not line.startswith("#")}
    assert directives == {"ErrorDocument", "AddDefaultCharset"}


def test_apache_serves_the_site_beside_wordpress(tmp_path, capsys):
    output = moved_site(tmp_path, capsys)
    with web_root() as root:
        wordpress_beside(root)
        shutil.copytree(output, root / "ita")
        with Apache(root, tmp_path) as apache:
            status, headers, body = get(apache.url + "/ita/2564/o43/")
            assert status == 200 and body == (output / "2564/o43/index.html").read_bytes()
            assert {k: headers.get(k) for k in doc_headers()} == doc_headers()
            assert headers["Cache-Control"] == "no-cache"
            assert headers["Content-Type"] == "text/html; charset=utf-8"

            for old in ("/ita/2564/o1/", "/ita/2564/o1", "/ita/2564/o1/index.html"):
                status, headers, _ = get(apache.url + old)
                assert (status, headers.get("Location")) == (301, apache.url + "/ita/2564/o43/"), old
            status, headers, _ = get(apache.url + "/ita/2564/o43/files/old.txt")
            assert (status, headers.get("Location")) == (301, apache.url + "/ita/2564/o43/files/notice.txt")

            status, headers, body = get(apache.url + "/ita/no-such-page/")
            assert status == 404 and body == (output / "404.html").read_bytes(), body[:200]
            assert headers["Content-Security-Policy"] == doc_headers()["Content-Security-Policy"]
            (root / "ita/.ita-site-deploy.json").write_text('{"files": {}}', encoding="utf-8")   # deploy's record
            status, _headers, body = get(apache.url + "/ita/.ita-site-deploy.json")
            assert status == 404 and body == (output / "404.html").read_bytes()

            # the main site still works as before: WordPress answers its own URLs
            assert get(apache.url + "/a-wordpress-post/")[2] == b"<?php /* WordPress front controller */ ?>WORDPRESS\n"
            assert get(apache.url + "/wp-content/uploads/logo.png")[0] == 200
            assert "Content-Security-Policy" not in get(apache.url + "/wp-content/uploads/logo.png")[1]
        assert "error" not in apache.log().lower().replace("errorlog", ""), apache.log()


def test_htaccess_is_harmless_where_modules_are_missing(tmp_path, capsys):
    output = moved_site(tmp_path, capsys)
    with web_root() as root:
        shutil.copytree(output, root / "ita")
        with Apache(root, tmp_path, modules=("mpm_event", "authz_core", "mime", "dir")) as apache:
            status, headers, body = get(apache.url + "/ita/2564/o43/")
            assert status == 200 and body == (output / "2564/o43/index.html").read_bytes()
            assert "Content-Security-Policy" not in headers        # no mod_headers: no header, no error 500
            assert get(apache.url + "/ita/2564/o1/")[0] == 200        # no mod_alias: the redirect page instead
            status, _headers, body = get(apache.url + "/ita/no-such-page/")
            assert status == 404 and body == (output / "404.html").read_bytes()


def test_server_config_prints_the_same_rules_three_ways(tmp_path, capsys):
    project = write_site(tmp_path / "project", minimal_files(MOVED_SITE))
    code, nginx, err = run(capsys, "server-config", "nginx", "--project", str(project), "--root", "/srv/www/")
    assert code == 0, err
    assert "location ^~ /ita/ {" in nginx and "root /srv/www;" in nginx and "error_page 404 /ita/404.html;" in nginx
    assert "location ~ ^/ita/2564/o1(/|/index\\.html)?$ { return 301 /ita/2564/o43/; }" in nginx
    assert "location ~ /\\.ita-site-[^/]*$ { return 404; }" in nginx                 # deploy's record
    assert dict(re.findall(r'^    add_header (\S+) "([^"]+)" always;', nginx, re.M)) == {
        **doc_headers(), "Cache-Control": "no-cache"}

    code, apache, err = run(capsys, "server-config", "apache", "--project", str(project))
    assert code == 0, err
    assert apache.count("<Directory") == 1 and '<Directory "/var/www/html/ita">' in apache
    assert (project / "output" / ".htaccess").exists() is False         # server-config writes nothing
    htaccess_rules = [line.strip() for line in
                      (moved_site(tmp_path / "b", capsys) / ".htaccess").read_text().splitlines()[4:]]
    assert [line.strip() for line in apache.splitlines()[5:-1]] == htaccess_rules

    code, iis, err = run(capsys, "server-config", "iis", "--project", str(project))
    assert code == 0, err
    config = ET.fromstring(iis.encode("utf-8"))
    headers = {a.get("name"): a.get("value") for a in config.iter("add") if a.get("name")}
    assert headers == {**doc_headers(), "Cache-Control": "no-cache"}
    assert config.find(".//httpErrors/error").get("path") == "/ita/404.html"
    hidden = [add.get("segment") for add in config.findall(".//hiddenSegments/add")]
    assert hidden == [".ita-site-deploy.json", ".ita-site-output"]      # as Apache's and nginx's .ita-site-* rule
    moved = {loc.get("path"): loc.find(".//httpRedirect").get("destination") for loc in config.iter("location")}
    assert moved == {"2564/o1": "/ita/2564/o43/", "2564/o43/files/old.txt": "/ita/2564/o43/files/notice.txt"}


def test_build_notes_that_robots_txt_under_a_path_has_no_effect(tmp_path, capsys):
    project = write_site(tmp_path / "project", minimal_files())
    code, out, err = build(capsys, project)
    assert code == 0 and err == ""
    assert "หมายเหตุ" in out and "robots.txt" in out and "https://www.test.go.th/robots.txt" in out
    assert "Sitemap: https://www.test.go.th/ita/sitemap.xml" in out
    root_site = minimal_files({"content/site.yaml": minimal_files()["content/site.yaml"].replace(
        "base_url: https://www.test.go.th/ita/", "base_url: https://ita.test.go.th/")})
    code, out, err = build(capsys, write_site(tmp_path / "root", root_site))
    assert code == 0 and "robots.txt" not in out + err
    code, out, err = build(capsys, project, None, "--quiet")
    assert code == 0 and out == ""


@pytest.mark.parametrize("kind", ["nginx", "apache", "iis"])
def test_server_config_reports_content_problems(tmp_path, capsys, kind):
    project = write_site(tmp_path / "project", minimal_files({"content/site.yaml": "agency: [\n"}))
    code, out, err = run(capsys, "server-config", kind, "--project", str(project))
    assert code == 1 and out == "" and "content/site.yaml" in err
