"""URL permanence in CI: `ita-site build --locked`, and the shipped CI templates that use it."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitekit import minimal_files, write_site

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = [REPO / ".github/workflows/publish.yml", REPO / ".gitlab-ci.yml"]


def ci_build_lines(template: Path) -> list[str]:
    """Every `ita-site build` command a CI template runs (comments dropped)."""
    data = yaml.safe_load(template.read_text(encoding="utf-8"))
    scripts: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("run", "script") and isinstance(value, str):
                    scripts.extend(value.splitlines())
                elif key == "script" and isinstance(value, list):
                    scripts.extend(v for v in value if isinstance(v, str))
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(data)
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in scripts]
    return [line for line in lines if line.startswith("ita-site build")]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_every_ci_build_is_locked(template):
    lines = ci_build_lines(template)
    assert lines, f"{template.name} runs no ita-site build"
    assert all("--locked" in shlex.split(line) for line in lines), lines


def run_ci_line(line: str, project: Path) -> subprocess.CompletedProcess:
    args = shlex.split(line)[1:]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "ita_site", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def published(tmp_path):
    """A site built once locally (its urls.ledger recorded), as it would be committed."""
    project = write_site(tmp_path / "site", minimal_files())
    proc = subprocess.run([sys.executable, "-m", "ita_site", "build", "-q"], cwd=project, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "/2564/o43/indicator-1/" in (project / "urls.ledger").read_text(encoding="utf-8")
    return project


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_ci_fails_when_a_published_url_vanished(published, template):
    (published / "content/2564/o43/01-communication.yaml").unlink()
    ledger = (published / "urls.ledger").read_bytes()
    for line in ci_build_lines(template):
        proc = run_ci_line(line, published)
        assert proc.returncode == 1, proc.stderr
        assert "URL /2564/o43/indicator-1/ เคยเผยแพร่แล้ว" in proc.stderr
        assert (published / "urls.ledger").read_bytes() == ledger


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_ci_fails_when_a_new_url_was_not_recorded(published, template):
    """Without --locked, CI would publish the new page and throw the updated ledger away: its later
    removal would never be caught. Locked, CI refuses and says how to record it."""
    (published / "content/pages/news.md").write_text("---\ntitle: ข่าว\n---\nข่าวใหม่\n", encoding="utf-8")
    ledger = (published / "urls.ledger").read_bytes()
    for line in ci_build_lines(template):
        proc = run_ci_line(line, published)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.startswith("urls.ledger: urls.ledger ยังไม่มี URL ที่การสร้างครั้งนี้จะเผยแพร่ 1 รายการ: /news/")
        assert "commit the updated urls.ledger" in proc.stderr
        assert (published / "urls.ledger").read_bytes() == ledger


def test_a_locked_build_of_a_recorded_site_passes_and_leaves_the_ledger(published):
    ledger = (published / "urls.ledger").read_bytes()
    proc = run_ci_line("ita-site build --locked", published)
    assert proc.returncode == 0, proc.stderr
    assert (published / "urls.ledger").read_bytes() == ledger
