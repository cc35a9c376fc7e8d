"""The shipped CI templates publish to the agency's own server: their script lines, run for real.

The GitLab job's lines and the GitHub workflow's steps (after `pip install .`) run in bash with the
secrets a webmaster would set, against OpenSSH's sftp and Apache on 127.0.0.1 serving one web root
beside a main site. The site's base_url is that Apache, so the templates' `ita-site verify` (which
opens base_url) checks what was just deployed and nothing beyond 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from tests.servers import Apache, Sshd, web_root, site_tree
from tests.sitekit import REPO, minimal_files, tree_hash, write_site

GITLAB = REPO / ".gitlab-ci.yml"
GITHUB = REPO / ".github/workflows/publish.yml"


def gitlab_lines() -> list[str]:
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["publish"]
    lines = [line for entry in job["script"] for line in (entry if isinstance(entry, list) else [entry])]
    return [line for line in lines if "pip install" not in line]


def github_steps(secrets: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    steps = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))["jobs"]["publish"]["steps"]
    out = []
    for step in steps:
        if "run" not in step or "pip install" in step["run"]:
            continue
        env = {key: re.sub(r"\$\{\{ secrets\.(\w+) \}\}", lambda m: secrets.get(m.group(1), ""), value)
               for key, value in step.get("env", {}).items()}
        out.append((step["run"], env))
    return out


def test_templates_deploy_only_from_the_main_branch_and_keep_secrets_out_of_the_file():
    lab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert lab["publish"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert not [line for line in lab["check"]["script"] if "deploy" in str(line)]
    hub = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    for step in hub["jobs"]["publish"]["steps"]:
        if "deploy" in step.get("run", "") or "verify" in step.get("run", ""):
            assert step["if"] == "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    for text in (GITLAB.read_text(encoding="utf-8"), GITHUB.read_text(encoding="utf-8")):
        assert "PRIVATE KEY" not in text


@pytest.fixture
def servers(tmp_path):
    (tmp_path / "ssh").mkdir()
    with web_root() as root, Sshd(tmp_path / "ssh") as sshd, Apache(root, tmp_path) as apache:
        (root / "index.php").write_text("<?php // the main site\n")
        (root / "ita").mkdir()
        (root / "ita" / "hand-made.txt").write_text("kept\n")
        yield root, sshd, apache


def project_for(tmp_path, apache) -> tuple:
    site_yaml = minimal_files()["content/site.yaml"].replace(
        "base_url: https://www.test.go.th/ita/", f"base_url: {apache.url}/ita/")
    project = write_site(tmp_path / "project", minimal_files({"content/site.yaml": site_yaml}))
    bin_dir = tmp_path / "bin"          # `ita-site` as CI has it after `pip install .`, from this checkout
    bin_dir.mkdir()
    (bin_dir / "ita-site").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ita_site "$@"\n')
    (bin_dir / "ita-site").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    # a first local build records urls.ledger, as the webmaster commits it
    subprocess.run(["ita-site", "build", "-q"], cwd=project, env=env, check=True, timeout=300)
    return project, env


def bash(script: str, project, env) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def test_gitlab_publish_job_deploys_over_sftp_and_verifies(tmp_path, servers):
    root, sshd, apache = servers
    project, env = project_for(tmp_path, apache)
    env.update(DEPLOY_DEST=f"sftp://{sshd.user}@127.0.0.1:{sshd.port}{root}/ita",
               DEPLOY_SSH_KEY=str(sshd.user_key), DEPLOY_KNOWN_HOSTS=str(sshd.known_hosts()),
               CI_COMMIT_TIMESTAMP="2021-01-08T10:00:00+07:00")
    proc = bash("\n".join(gitlab_lines()), project, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ผ่าน" in proc.stdout                                          # verify passed
    deployed = {rel[4:]: sha for rel, sha in tree_hash(root).items()
                if rel.startswith("ita/") and rel not in ("ita/hand-made.txt", "ita/.ita-site-deploy.json")}
    assert deployed == site_tree(project / "output")
    assert (root / "index.php").read_text() == "<?php // the main site\n"
    assert (root / "ita" / "hand-made.txt").read_text() == "kept\n"
    assert "PRIVATE KEY" not in proc.stdout + proc.stderr


def test_github_workflow_deploys_over_sftp_with_secrets_and_verifies(tmp_path, servers):
    root, sshd, apache = servers
    project, env = project_for(tmp_path, apache)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "x"],
                   cwd=project, check=True)
    secrets = {"DEPLOY_DEST": f"sftp://{sshd.user}@127.0.0.1:{sshd.port}{root}/ita",
               "DEPLOY_SSH_KEY": sshd.user_key.read_text(),
               "DEPLOY_KNOWN_HOSTS": sshd.known_hosts().read_text().strip()}
    said = ""
    for script, step_env in github_steps(secrets):
        proc = bash(script, project, {**env, **step_env})
        said += proc.stdout + proc.stderr
        assert proc.returncode == 0, said
    assert "ผ่าน" in said
    assert (root / "ita" / "index.html").read_bytes() == (project / "output" / "index.html").read_bytes()
    assert "PRIVATE KEY" not in said
