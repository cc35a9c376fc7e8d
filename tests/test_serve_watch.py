"""`ita-site serve` follows a logo that site.yaml names outside content/, templates/ and static/."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from sitekit import REPO, SITE_YAML, minimal_files, write_site


def _png(colour) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return None


def _until(test, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = test()
        if value:
            return value
        time.sleep(0.2)
    return None


def _red_share(png: bytes) -> float:
    from PIL import Image

    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    pixels = [data[i:i + 3] for i in range(0, len(data), 3)]
    return sum(1 for r, g, b in pixels if r > 200 and g < 60 and b < 60) / len(pixels)


def test_a_logo_outside_the_watched_folders_is_followed(tmp_path):
    files = minimal_files({"content/site.yaml": SITE_YAML + "logo: images/logo.png\n"})
    project = write_site(tmp_path / "site", files)
    (project / "images").mkdir()
    (project / "images/logo.png").write_bytes(_png((0, 0, 220)))               # blue
    port = _free_port()
    log = open(tmp_path / "serve.log", "wb")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "ita_site", "serve", "--project", str(project), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    icon = f"http://127.0.0.1:{port}/assets/icon-192.png"
    try:
        first = _until(lambda: _get(icon), 120)
        assert first is not None and _red_share(first) < 0.05, "the blue logo's icon is served"
        time.sleep(1)                                   # the watcher is running once the preview answers
        (project / "images/notes.txt").write_text("ไม่เกี่ยวกับโลโก้\n", encoding="utf-8")   # not named: ignored
        (project / "images/logo.png").write_bytes(_png((220, 0, 0)))           # now red
        red = _until(lambda: (data := _get(icon)) and _red_share(data) > 0.3 and data, 60)
        assert red, "the icon follows the new logo without a restart"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()
        print((tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace"))


def test_saves_are_followed_and_reads_are_not(tmp_path):
    """A save in place, an editor's atomic save (a temporary file renamed over the document), a new page and
    a removed one each reach the preview; reading every file of content/ (as each rebuild does) starts no
    rebuild: only changes are in the watcher's inotify mask."""
    project = write_site(tmp_path / "site", minimal_files())
    port = _free_port()
    log_path = tmp_path / "serve.log"
    log = open(log_path, "wb")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "ita_site", "serve", "--project", str(project), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    base = f"http://127.0.0.1:{port}/"
    indicator = project / "content/2564/o43/01-communication.yaml"

    def shows(url, text):
        return lambda: (data := _get(base + url)) is not None and text.encode("utf-8") in data

    def rebuilds() -> int:
        return log_path.read_text(encoding="utf-8", errors="replace").count("rebuilt")

    try:
        assert _until(lambda: _get(base + "2564/o43/indicator-1/"), 120), "the preview answers"
        time.sleep(1)
        indicator.write_text(indicator.read_text(encoding="utf-8").replace("มีการเผยแพร่ข้อมูล", "แก้ในที่"),
                             encoding="utf-8")
        assert _until(shows("2564/o43/indicator-1/", "แก้ในที่"), 60), "a save in place"
        temporary = indicator.with_name(".01-communication.yaml.swp")
        temporary.write_text(indicator.read_text(encoding="utf-8").replace("แก้ในที่", "บันทึกแบบแทนที่"),
                             encoding="utf-8")
        os.replace(temporary, indicator)
        assert _until(shows("2564/o43/indicator-1/", "บันทึกแบบแทนที่"), 60), "an atomic save"
        page = project / "content/pages/contact.md"
        page.write_text("---\ntitle: ติดต่อเรา\n---\nโทร ๐๗๔\n", encoding="utf-8")
        assert _until(shows("contact/", "ติดต่อเรา"), 60), "a new page"
        page.unlink()
        assert _until(lambda: _get(base + "contact/") is None, 60), "a removed page"
        time.sleep(1)
        before = rebuilds()
        for path in sorted((project / "content").rglob("*")):
            if path.is_file():
                path.read_bytes()
        time.sleep(1.5)
        assert rebuilds() == before, "reading content/ is not a change"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()
        print(log_path.read_text(encoding="utf-8", errors="replace"))
