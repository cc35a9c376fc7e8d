"""`ita-site serve` in a real browser: an edit reloads the page with the new text; a broken file
shows its problems in the page; fixing it brings the page back by itself."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .browser_support import REPO_ROOT

IND = Path("content/2564/o43/01-communication.yaml")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"serve did not answer at {url}")


@pytest.fixture
def served_copy(tmp_path):
    project = tmp_path / "site"
    project.mkdir()
    shutil.copytree(REPO_ROOT / "content", project / "content")
    shutil.copy(REPO_ROOT / "urls.ledger", project / "urls.ledger")
    port = _free_port()
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ita_site", "serve", "--project", str(project), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/2564/o43/indicator-1/")
        yield project, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        log.close()
        print((tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace"))


def test_an_edit_reloads_the_page_and_a_broken_file_shows_its_problem(served_copy, new_page):
    project, base = served_copy
    page = new_page(viewport={"width": 1280, "height": 800})
    with page.expect_websocket() as socket_info:      # livereload's connection: reloads come through it
        page.goto(f"{base}/2564/o43/indicator-1/")
    assert socket_info.value.url.endswith("/livereload")
    settle = 3.2   # livereload ignores a reload within 3 s of the previous one (it reloads once at start)
    time.sleep(settle)
    assert page.inner_text("h1") == "ตัวชี้วัดที่ ๑ ประสิทธิภาพการสื่อสาร"

    source = project / IND
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("title: ประสิทธิภาพการสื่อสาร", "title: การสื่อสารที่แก้ไขแล้ว"), encoding="utf-8")
    page.wait_for_function("document.querySelector('h1').innerText.includes('การสื่อสารที่แก้ไขแล้ว')", timeout=20000)

    time.sleep(settle)
    source.write_text(text.replace("measures:", "mesures:"), encoding="utf-8")
    page.wait_for_function("document.querySelector('h1').innerText.includes('พบปัญหา')", timeout=20000)
    body = page.inner_text("main")
    assert "content/2564/o43/01-communication.yaml" in body
    assert "ไม่รู้จักคีย์ 'mesures'" in body and "measures" in body

    time.sleep(settle)
    source.write_text(text, encoding="utf-8")
    page.wait_for_function("document.querySelector('h1').innerText.includes('ประสิทธิภาพการสื่อสาร')", timeout=20000)
    assert page.inner_text("h1") == "ตัวชี้วัดที่ ๑ ประสิทธิภาพการสื่อสาร"
