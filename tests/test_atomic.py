"""Nothing lost: killed, concurrent, read-only and full-disk builds leave a complete output/.

A large site (100 items, 200 indicators, an attachment each: about 300 pages and 900 files and folders) is built once as version 1 and once as
version 2 (other titles), each into a reference folder. Then a version-2 build into a live output/
holding version 1 is killed with SIGKILL at several moments, from start-up to the last moment of
rendering; every time output/ must be exactly version 1 or exactly version 2, never a mixture.

Read-only output: tests run as root, for whom chmod changes nothing, so the read-only case uses
`chattr +i` (immutable folder; EPERM even for root) and is skipped where the file system or the
container does not allow it. A full disk is simulated with RLIMIT_FSIZE in the build process (writes
past the limit fail with EFBIG, as on a full disk). A file standing where output/ should be is
tested too.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ita_site.publish.write import WAITING

REPO = Path(__file__).resolve().parent.parent
EPOCH = 1609459200  # 2021-01-01 00:00:00 UTC
UNCHANGED = "(the previous output/ is unchanged)"


def make_site(project: Path, version: str, items: int = 100, per_year: int = 50, csv_rows: int = 400) -> Path:
    content = project / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(
        "agency:\n  name: สำนักงานทดสอบ\nmain_site: https://www.example.go.th/\nbase_url: https://www.example.go.th/ita/\n",
        encoding="utf-8")
    table = "ลำดับ,รายการ\n" + "".join(f"{i},รายการที่ {i}\n" for i in range(csv_rows))
    for n in range(items):
        folder = content / str(2550 + n // per_year) / f"o{n % per_year + 1}"
        (folder / "files").mkdir(parents=True)
        (folder / "files/data.csv").write_text(table, encoding="utf-8")
        (folder / "item.yaml").write_text(
            f"code: O{n % per_year + 1}\ntitle: รายการทดสอบที่ {n} ฉบับ {version}\nupdated: 2021-01-08\n"
            "documents:\n  - title: ข้อมูล\n    file: files/data.csv\n", encoding="utf-8")
        for k in (1, 2):
            (folder / f"0{k}-part.yaml").write_text(
                f"number: {k}\ntitle: ตัวชี้วัด {k} ฉบับ {version}\nmeasures:\n  - มาตรการที่หนึ่ง\n  - มาตรการที่สอง\n"
                "steps:\n  - ขั้นตอน\nresults:\n  - ผล\n", encoding="utf-8")
    return project


def command(project: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "ita_site", "build", "--project", str(project), "--output", str(output)]


def run(project: Path, output: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO), **kwargs.pop("env", {})}
    return subprocess.run(command(project, output), cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300, **kwargs)


def start(project: Path, output: Path) -> subprocess.Popen:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)}
    return subprocess.Popen(command(project, output), cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def staging_dirs(output: Path) -> list[Path]:
    return sorted(output.parent.glob(f"{output.name}.staging-*"))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    root = tmp_path_factory.mktemp("big")
    sites = {v: make_site(root / f"project-{v}", v) for v in ("v1", "v2")}
    refs, seconds = {}, 0.0
    for version, project in sites.items():
        began = time.monotonic()
        proc = run(project, root / f"ref-{version}")
        seconds = max(seconds, time.monotonic() - began)
        assert proc.returncode == 0, proc.stderr
        refs[version] = tree_hash(root / f"ref-{version}")
    assert refs["v1"] != refs["v2"]
    return {"root": root, "sites": sites, "refs": refs, "seconds": seconds}


def live_v1(big, name: str) -> Path:
    """A live output/ holding version 1 (a copy of the reference tree)."""
    output = big["root"] / name / "output"
    if output.parent.exists():
        shutil.rmtree(output.parent)
    shutil.copytree(big["root"] / "ref-v1", output)
    return output


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def test_sigkill_at_any_moment_leaves_old_or_new_site_complete(big):
    output = live_v1(big, "kill")
    total = big["seconds"]
    moments = [0.05, 0.3] + [total * f for f in (0.4, 0.8, 0.95, 1.05)]
    outcomes = []
    for moment in moments + ["staging appears", "staging half full"]:
        proc = start(big["sites"]["v2"], output)
        if moment == "staging appears":
            assert wait_for(lambda: staging_dirs(output), 60), "the build never started writing"
        elif moment == "staging half full":
            assert wait_for(lambda: any(sum(1 for _ in s.rglob("*")) > 400 for s in staging_dirs(output)), 60)
        else:
            time.sleep(moment)
        mid_write = bool(staging_dirs(output))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        found = tree_hash(output)
        assert found in (big["refs"]["v1"], big["refs"]["v2"]), f"killed at {moment}: output/ is a mixture"
        outcomes.append((moment, mid_write, found == big["refs"]["v2"]))
        if found == big["refs"]["v2"]:
            shutil.rmtree(output)
            shutil.copytree(big["root"] / "ref-v1", output)
    print("kill outcomes (moment, staging existed, output was new):", outcomes)
    assert any(mid_write and not new for _, mid_write, new in outcomes), f"no kill landed mid-write: {outcomes}"
    proc = run(big["sites"]["v2"], output)                    # the next build cleans up and completes
    assert proc.returncode == 0, proc.stderr
    assert tree_hash(output) == big["refs"]["v2"]
    assert staging_dirs(output) == [], "stale staging folders are removed by the next build"


def test_two_builds_at_once_one_waits_and_the_result_is_complete(big):
    output = live_v1(big, "together")
    first = start(big["sites"]["v2"], output)
    assert wait_for(lambda: staging_dirs(output), 60), "the first build never took the lock"
    second = start(big["sites"]["v2"], output)
    results = [(proc.wait(timeout=300), *proc.communicate()) for proc in (first, second)]
    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in out + err
    assert WAITING in results[1][1], "the second build says that it waits"
    assert tree_hash(output) == big["refs"]["v2"]
    assert staging_dirs(output) == []


# --------------------------------------------------------------------------- output that cannot be written


@pytest.fixture
def small(tmp_path) -> Path:
    project = make_site(tmp_path / "project", "v1", items=2, csv_rows=20_000)   # one ~300 KB attachment each
    return project


def _assert_refused(proc, expected_th: str, said_path: Path) -> None:
    said = proc.stdout + proc.stderr
    assert proc.returncode == 3, said
    assert "Traceback" not in said
    assert proc.stderr.startswith(f"{said_path}: {expected_th}"), proc.stderr
    assert UNCHANGED in proc.stderr and "วิธีแก้ (hint):" in proc.stderr


def test_read_only_output_folder_gives_a_message_and_exit_3(small, tmp_path):
    output = tmp_path / "www" / "output"
    assert run(small, output).returncode == 0
    before = tree_hash(output)
    if subprocess.run(["chattr", "+i", str(output.parent)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not allowed here (needs CAP_LINUX_IMMUTABLE and ext4/xfs/btrfs)")
    try:
        proc = run(small, output)
    finally:
        subprocess.run(["chattr", "-i", str(output.parent)], check=True)
    _assert_refused(proc, "ไม่มีสิทธิ์เขียน หรือดิสก์เป็นแบบอ่านอย่างเดียว", output)
    assert tree_hash(output) == before
    assert staging_dirs(output) == []


def _limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (128 * 1024, 128 * 1024))


def test_full_disk_gives_a_message_and_keeps_the_old_site(small, tmp_path):
    output = tmp_path / "output"
    assert run(small, output).returncode == 0
    before = tree_hash(output)
    shutil.rmtree(small / ".ita-cache")      # else the rebuild links the last build's files, writing none
    proc = run(small, output, preexec_fn=_limit_file_size)
    said = proc.stdout + proc.stderr
    assert proc.returncode == 3 and "Traceback" not in said, said
    assert "พื้นที่ดิสก์เต็มหรือเกินโควตา (no space left on the disk (File too large))" in proc.stderr
    assert UNCHANGED in proc.stderr
    assert tree_hash(output) == before
    assert staging_dirs(output) == []


def test_a_file_where_output_should_be_is_left_alone(small, tmp_path):
    output = tmp_path / "output"
    output.write_text("not a folder\n", encoding="utf-8")
    proc = run(small, output)
    _assert_refused(proc, "มีไฟล์หรือลิงก์ชื่อนี้อยู่แล้ว ซึ่งไม่ใช่โฟลเดอร์ผลลัพธ์", output)
    assert output.read_text(encoding="utf-8") == "not a folder\n"
    parent_file = tmp_path / "plain.txt"
    parent_file.write_text("x", encoding="utf-8")
    proc = run(small, parent_file / "output")
    _assert_refused(proc, "มีไฟล์ขวางอยู่ในเส้นทางของโฟลเดอร์ผลลัพธ์", parent_file / "output")


# --------------------------------------------------------------------------- determinism


def _default_project(tmp_path: Path) -> Path:
    """A copy of the repository's default site, so builds never touch the repository's files."""
    project = tmp_path / "default"
    shutil.copytree(REPO / "content", project / "content")
    for name in ("templates", "static"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, project / name)
    if (REPO / "urls.ledger").is_file():
        shutil.copy2(REPO / "urls.ledger", project / "urls.ledger")
    return project


def test_two_builds_of_the_default_site_are_byte_identical_and_dated_by_source_date_epoch(tmp_path):
    project = _default_project(tmp_path)
    outputs = [tmp_path / "one", tmp_path / "two"]
    for output in outputs:
        proc = run(project, output, env={"SOURCE_DATE_EPOCH": str(EPOCH)})
        assert proc.returncode == 0, proc.stderr
    assert tree_hash(outputs[0]) == tree_hash(outputs[1])
    paths = [outputs[0], *outputs[0].rglob("*")]
    assert len(paths) > 20
    assert {int(path.stat().st_mtime) for path in paths} == {EPOCH}
