"""`ita-site deploy` to real servers on 127.0.0.1: OpenSSH's sftp (key auth only) and pyftpdlib (FTPS, FTP).

Each target gets a main site's files around and inside DEST that must stay byte-identical, and an
upload that is cut off part-way (the connection dropped) and then resumed without sending again what
was already there. Passwords and keys never appear in what the command prints.
"""

from __future__ import annotations

import json
import socket

import pytest

from ita_site.deploy import remote as targets
from tests.servers import Ftpd, Sshd, web_root, site_tree
from tests.sitekit import build, minimal_files, run, tree_hash, write_site

PASSWORD = "s3cret-Pass"
MANIFEST = ".ita-site-deploy.json"


@pytest.fixture
def site(tmp_path, capsys):
    project = write_site(tmp_path / "project", minimal_files())
    assert build(capsys, project)[0] == 0
    return project


def main_site(root):
    for rel, text in {"index.php": "<?php // WordPress\n", "wp-content/uploads/a.jpg": "jpeg",
                      "ita/hand-made.txt": "kept\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return tree_hash(root)


def site_files(root):
    return {rel[4:]: sha for rel, sha in tree_hash(root).items()
            if rel.startswith("ita/") and rel not in ("ita/hand-made.txt", f"ita/{MANIFEST}")}


def others(root):
    return {rel: sha for rel, sha in tree_hash(root).items()
            if not rel.startswith("ita/") or rel in ("ita/hand-made.txt",)}


def cut_after(monkeypatch, cls, uploads: int, drop):
    """Make `cls.write` lose the connection (drop(self)) when upload number `uploads + 1` starts."""
    original, count = cls.write, {"n": 0}

    def write(self, rel, data):
        if rel != MANIFEST:
            count["n"] += 1
            if count["n"] > uploads:
                drop(self)
        return original(self, rel, data)
    monkeypatch.setattr(cls, "write", write)


def sftp_args(server, root, project):
    dest = f"sftp://{server.user}@127.0.0.1:{server.port}{root}/ita"
    return ["deploy", dest, "--project", str(project), "--key", str(server.user_key),
            "--known-hosts", str(server.known_hosts())]


def test_sftp_deploy_keeps_the_main_site_and_resumes_after_a_dropped_connection(tmp_path, capsys, site,
                                                                                monkeypatch):
    (tmp_path / "ssh").mkdir()
    with web_root() as root, Sshd(tmp_path / "ssh") as server:
        before = main_site(root)
        total = len(site_tree(site / "output"))
        cut_after(monkeypatch, targets.Sftp, 5, lambda self: self.client.get_transport().close())
        code, out, err = run(capsys, *sftp_args(server, root, site))
        assert code == 1
        assert "upload of" in err and "failed" in err and "resume" in err
        failed = err.split("upload of ")[1].split(" failed")[0]
        assert failed in site_tree(site / "output")                    # the message names the file
        assert "PRIVATE KEY" not in out + err
        assert others(root) == before
        monkeypatch.undo()

        code, out, err = run(capsys, *sftp_args(server, root, site))
        assert code == 0, err
        assert f"upload {total - 5}: {total - 5} new" in out, out    # the five sent before are not sent again
        assert "not ours, kept" in out and "hand-made.txt" in out
        assert site_files(root) == site_tree(site / "output")
        assert others(root) == before
        assert not [p for p in root.rglob("*.ita-tmp")], "no half-written file left"
        manifest = json.loads((root / "ita" / MANIFEST).read_text())
        assert manifest["pending"] == {} and set(manifest["files"]) == set(site_tree(site / "output"))
        assert all(oct(p.stat().st_mode & 0o777) == "0o644" for p in (root / "ita").rglob("*.html"))


def test_sftp_refuses_an_unknown_host_key(tmp_path, capsys, site):
    (tmp_path / "ssh").mkdir()
    with web_root() as root, Sshd(tmp_path / "ssh") as server:
        (tmp_path / "empty").write_text("")
        code, out, err = run(capsys, "deploy", f"sftp://{server.user}@127.0.0.1:{server.port}{root}/ita",
                             "--project", str(site), "--key", str(server.user_key),
                             "--known-hosts", str(tmp_path / "empty"))
        assert code == 1 and "known_hosts" in err and not (root / "ita").exists()


@pytest.mark.parametrize("tls", [True, False], ids=["ftps", "ftp"])
def test_ftp_deploy_keeps_the_main_site_resumes_and_never_prints_the_password(tmp_path, capsys, site,
                                                                             monkeypatch, tls):
    (tmp_path / "ftp").mkdir()
    with web_root() as root, Ftpd(root, tmp_path / "ftp", tls=tls, password=PASSWORD) as server:
        before = main_site(root)
        total = len(site_tree(site / "output"))
        monkeypatch.setenv("ITA_SITE_DEPLOY_PASSWORD", PASSWORD)
        scheme = "ftps" if tls else "ftp"
        args = ["deploy", f"{scheme}://webmaster@127.0.0.1:{server.port}/ita", "--project", str(site)]
        if tls:
            args += ["--ca-file", str(server.cert)]
        cut_after(monkeypatch, targets.Ftp, 3, lambda self: self.ftp.sock.shutdown(socket.SHUT_RDWR))
        code, out, err = run(capsys, *args)
        assert code == 1 and "upload of" in err and "resume" in err
        monkeypatch.setattr(targets.Ftp, "write", ORIGINAL_FTP_WRITE)
        code, out2, err2 = run(capsys, *args)
        assert code == 0, err2
        assert f"upload {total - 3}: {total - 3} new" in out2
        assert site_files(root) == site_tree(site / "output")
        assert others(root) == before
        said = out + err + out2 + err2
        assert PASSWORD not in said
        assert ("plain FTP" in said) is (not tls)

        if tls:     # without the server's CA the certificate check refuses, before any login
            code, out, err = run(capsys, *args[:-2])
            assert code == 1 and "certificate" in err and PASSWORD not in out + err


ORIGINAL_FTP_WRITE = targets.Ftp.write
