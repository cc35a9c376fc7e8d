"""The bad-input corpus: every folder of tests/bad/ is a tiny hostile or broken site.

Each case holds its site files (content/...) and, where a file cannot be committed as it is (a 50 MB
file, invalid bytes, symlinks, names that differ only in case), a `make.py` with `make(project)` that
adds it to the copy under tmp_path. Then either

- `expected.txt`: the EXACT stderr the build must print; exit code 1 and a pre-existing output/ left
  byte for byte as it was; or
- `expected_fragment.html` + `page.txt`: the build passes (exit 0, nothing on stderr) and the page
  named in page.txt contains each fragment (fragments are separated by a line `...`);
  `absent.txt` lists strings that must not appear in any published HTML file.

Every case runs the command line in a fresh process and must never print a Python traceback. To spare
200 interpreter start-ups, the processes are forked from one that has imported the package already
(tests/forkcli.py: same entry point, argv, working folder, environment and streams as `python -m
ita_site`); test_a_forked_run_is_what_python_m_ita_site_does proves, on cases of each kind, that a real
`python -m ita_site` subprocess prints and exits the same.
A failing case proves that output/ AND everything outside it (the project, its parent) are byte for
byte as they were (only the build's own lock file `.output.lock` may appear beside output/).

Optional files of a case:
- `output.txt`: the --output to give, relative to the project (e.g. `content`, `.`, `..`); then no
  old site is made, and the case proves that the whole folder around the project is unchanged;
- `exit.txt`: the expected exit code when it is not 1 (3: output refused or not writable);
- `args.txt`: more arguments for `ita-site build`, one a line (e.g. `--locked`).

The committed expected files are the contract. To rewrite expected.txt after a deliberate change of
wording: `UPDATE_EXPECTED=1 python -m pytest tests/test_bad_inputs.py`, then review `git diff tests/bad`.
"""

from __future__ import annotations

import hashlib
import os
import re
import runpy
import stat
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from clirun import ForkedCli

BAD = Path(__file__).parent / "bad"
REPO = Path(__file__).resolve().parent.parent
CASE_FILES = ("expected.txt", "expected_fragment.html", "page.txt", "absent.txt", "make.py", "__pycache__",
              "output.txt", "exit.txt", "args.txt")
LOCK = ".output.lock"       # build_lock's file beside output/: the only thing a failed build may leave
# One worker builds every case (the `runs` fixture below, two at a time): with pytest-xdist's loadgroup
# the corpus is not built again by each worker.
pytestmark = pytest.mark.xdist_group("bad-inputs")
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
# A site that was online before the bad build: it must survive every failed build untouched.
OLD_SITE = {
    "index.html": b"<!DOCTYPE html><title>old</title><p>\xe0\xb9\x80\xe0\xb8\x94\xe0\xb8\xb4\xe0\xb8\xa1</p>\n",
    "2564/o43/index.html": b"old item page\n",
    "assets/site.css": b"body{}\n",
    ".ita-site-output": b"# made by ita-site\n",     # the marker: a tree ita-site made and may replace
}


def prepare(case: str, tmp_path: Path) -> Path:
    """Copy the case's site into tmp_path and let its make.py add what cannot be committed."""
    project = tmp_path / "project"
    shutil.copytree(BAD / case, project, symlinks=True, ignore=shutil.ignore_patterns(*CASE_FILES))
    maker = BAD / case / "make.py"
    if maker.is_file():
        runpy.run_path(str(maker))["make"](project)
    return project


def old_output(root: Path) -> Path:
    for rel, data in OLD_SITE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every entry under root with what it is: a hash of a file's bytes, a link's target, '' for a folder."""
    found = {}
    for dirpath, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if rel in skip:
                continue
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                found[rel] = "link:" + os.readlink(path)
            elif stat.S_ISDIR(info.st_mode):
                found[rel] = f"dir:{stat.S_IMODE(info.st_mode):o}"
            elif stat.S_ISREG(info.st_mode):
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[rel] = f"special:{stat.S_IFMT(info.st_mode)}"
    return found


def _argv(project: Path, output: Path, *extra: str) -> list[str]:
    return ["build", "--project", str(project), "--output", str(output), *extra]


def _env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(REPO)}


def build(project: Path, output: Path, *extra: str) -> subprocess.CompletedProcess:
    """The real command line: `python -m ita_site build ...` in a new interpreter."""
    cmd = [sys.executable, "-m", "ita_site", *_argv(project, output, *extra)]
    return subprocess.run(cmd, cwd=project.parent, env=_env(), capture_output=True, text=True, timeout=120)


def case_text(case: str, name: str) -> str | None:
    path = BAD / case / name
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def fragments(case: str) -> list[str]:
    text = (BAD / case / "expected_fragment.html").read_text(encoding="utf-8").rstrip("\n")
    return text.split("\n...\n")


def test_corpus_is_big_and_every_case_says_what_it_expects():
    assert len(CASES) >= 140       # 82 before issue 12, which added the guard-, path-gate-, publish-, crash-, source-, locked- cases
    for case in CASES:
        folder = BAD / case
        has_message = (folder / "expected.txt").is_file()
        has_fragment = (folder / "expected_fragment.html").is_file() and (folder / "page.txt").is_file()
        assert has_message != has_fragment, f"{case}: needs expected.txt, or expected_fragment.html + page.txt"
        assert (folder / "content").is_dir() or (folder / "make.py").is_file(), case


@dataclass
class Run:
    """One case built: the project, the output it was given, the build, and the trees around it."""
    project: Path
    output: Path
    proc: subprocess.CompletedProcess
    before: dict[str, str]
    after: dict[str, str]


def _run_case(case: str, root: Path, cli: ForkedCli | None) -> Run:
    project = prepare(case, root)
    given = case_text(case, "output.txt")
    output = project / given if given is not None else old_output(root / "output")
    extra = (case_text(case, "args.txt") or "").split()
    before = tree(root)
    if cli is None:
        proc = build(project, output, *extra)
    else:
        proc = cli.run(_argv(project, output, *extra), cwd=project.parent, env=_env())
    return Run(project, output, proc, before, tree(root, skip=(LOCK, f"project/{LOCK}")))


@pytest.fixture(scope="module")
def runs(request, tmp_path_factory) -> dict[str, Run]:
    """Every selected case, built as a subprocess, a few at a time (each build is a separate command on
    its own folders, so they may run side by side); the tests below then read their results."""
    chosen = [item.callspec.params["case"] for item in request.session.items
              if getattr(item, "originalname", "") in ("test_bad_input", "test_a_forked_run_is_what_python_m_ita_site_does")
              and hasattr(item, "callspec")]
    chosen = sorted(set(chosen))
    roots = {case: tmp_path_factory.mktemp(f"bad-{case[:40]}") for case in chosen}
    workers = max(2, os.cpu_count() or 1)
    with ForkedCli(workers) as cli, ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {case: pool.submit(_run_case, case, roots[case], cli) for case in chosen}
        return {case: future.result() for case, future in futures.items()}


# One case of each kind: a refused build (exit 1), a refused --output (exit 3), a cleaned input (exit 0),
# one with arguments, one whose files make.py writes.
REAL = [case for case in CASES if (BAD / case / "expected.txt").is_file()][:1] + [
    next(case for case in CASES if case_text(case, "output.txt") is not None),
    next(case for case in CASES if (BAD / case / "expected_fragment.html").is_file()),
    next(case for case in CASES if case_text(case, "args.txt") is not None),
    next(case for case in CASES if (BAD / case / "make.py").is_file()),
]


@pytest.mark.parametrize("case", REAL)
def test_a_forked_run_is_what_python_m_ita_site_does(case, runs, tmp_path):
    """The corpus's forked runs print and exit exactly as a real `python -m ita_site` subprocess."""
    real = _run_case(case, tmp_path, cli=None)
    forked = runs[case]
    def same(text: str, run: Run, seconds: bool = False) -> str:
        text = text.replace(str(run.project.parent), "<root>")
        return re.sub(r"\d+\.\d+", "<seconds>", text) if seconds else text
    assert real.proc.returncode == forked.proc.returncode
    assert same(real.proc.stderr, real) == same(forked.proc.stderr, forked)
    assert same(real.proc.stdout, real, True) == same(forked.proc.stdout, forked, True)  # timings differ
    assert real.after == real.before or real.proc.returncode == 0


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case, runs):
    run = runs[case]
    proc, output = run.proc, run.output
    said = proc.stdout + proc.stderr
    assert "Traceback" not in said, said
    expected = BAD / case / "expected.txt"
    if (BAD / case / "expected_fragment.html").is_file():
        _assert_cleaned(case, proc, output)
        return
    code = int(case_text(case, "exit.txt") or 1)
    if os.environ.get("UPDATE_EXPECTED") and proc.returncode == code:
        expected.write_text(proc.stderr, encoding="utf-8")
    assert proc.returncode == code, said
    assert proc.stderr == expected.read_text(encoding="utf-8")
    assert run.after == run.before, "a failed build must leave output/ and everything around it exactly as they were"
    assert "output.staging" not in " ".join(run.after), "no staging folder left behind"


def _assert_cleaned(case: str, proc: subprocess.CompletedProcess, output: Path) -> None:
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", "a cleaned input builds without warnings"
    page = output / (BAD / case / "page.txt").read_text(encoding="utf-8").strip()
    html = page.read_text(encoding="utf-8")
    for fragment in fragments(case):
        assert fragment in html, f"{page.relative_to(output)} lacks:\n{fragment}"
    absent_file = BAD / case / "absent.txt"
    if not absent_file.is_file():
        return
    banned = [line for line in absent_file.read_text(encoding="utf-8").splitlines() if line]
    for path in sorted(output.rglob("*.html")):
        text = path.read_text(encoding="utf-8").lower()
        for needle in banned:
            assert needle.lower() not in text, f"{needle!r} published in {path.relative_to(output)}"
