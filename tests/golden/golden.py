"""Golden snapshot of what the build produces: hash manifests, not copies.

For the default site (content/ at the repo root), every test site under tests/sites/ and every case of the
bad-input corpus (tests/bad/) whose content builds (the cleaned-input cases with expected_fragment.html, and
those refused only for their --output or arguments: output.txt, args.txt), this
records the exit code, the exact stderr (hashed) and the sha256 of every byte of every output file, built
with SOURCE_DATE_EPOCH fixed. The corpus's refused cases are not built again here: tests/test_bad_inputs.py
holds their exact messages (expected.txt), exit codes and the untouched trees. tests/test_golden.py rebuilds and
compares, so a change that was meant to move files around (no change of behaviour) is proven to leave
every output byte where it was.

Outputs WILL change on purpose (a new page, a new wording): then refresh the snapshot deliberately and
review the diff in the same commit as the change:

    PYTHONPATH=$PWD python tests/golden/golden.py          # rewrite tests/golden/*.sha256
    git diff --stat tests/golden

(or `UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`). After merging two branches that both
changed outputs, rebuild the snapshot on the merge instead of resolving manifest conflicts by hand.
"""

from __future__ import annotations

import hashlib
import os
import runpy
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
EPOCH = "1700000000"   # 2023-11-14: any fixed value; the snapshot only needs it to stay the same
SKIP = ("output", "__pycache__", "make_site.py", "expected.txt", "expected_fragment.html", "page.txt",
        "absent.txt", "make.py")


def sites() -> dict[str, Path]:
    """name -> project folder: the default site and every folder of tests/sites/ with a content/."""
    found = {"default": REPO}
    for folder in sorted((REPO / "tests" / "sites").iterdir()):
        if (folder / "content").is_dir():
            found[folder.name] = folder
    return found


def bad_cases() -> list[str]:
    """The corpus's cases that build a site (their messages and refusals are test_bad_inputs.py's)."""
    bad = REPO / "tests" / "bad"
    return sorted(p.name for p in bad.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
                  and any((p / name).is_file() for name in ("expected_fragment.html", "output.txt", "args.txt")))


def _copy_project(source: Path, target: Path, maker: Path | None = None) -> Path:
    """The build writes urls.ledger into its project: build a copy, never the committed files."""
    target.mkdir(parents=True)
    for name in ("content", "urls.ledger", "templates", "static"):
        if (source / name).exists() or (source / name).is_symlink():
            if (source / name).is_dir():
                shutil.copytree(source / name, target / name, symlinks=True)
            else:
                shutil.copy2(source / name, target / name, follow_symlinks=False)
    if maker is not None and maker.is_file():
        runpy.run_path(str(maker))["make"](target)
    return target


def _run(cli, project: Path, output: Path) -> tuple[int, str]:
    """`ita-site build` as the command line runs it, in a process forked by tests/forkcli.py."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_COLOR": "1", "PYTHONPATH": str(REPO)}
    proc = cli.run(["build", "--project", str(project), "--output", str(output)], cwd=project.parent, env=env)
    return proc.returncode, proc.stderr


def tree(root: Path) -> list[str]:
    lines = []
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(root).as_posix()}")
    return lines


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot() -> dict[str, str]:
    """manifest file name -> its text. The builds run side by side, each in its own folders."""
    sys.path.insert(0, str(REPO / "tests"))
    from clirun import ForkedCli

    workers = max(2, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="ita-golden-") as tmp, ForkedCli(workers) as cli, \
            ThreadPoolExecutor(max_workers=workers) as pool:
        tmp = Path(tmp)

        def site(name: str, source: Path) -> tuple[str, str]:
            project = _copy_project(source, tmp / name / "project")
            code, err = _run(cli, project, tmp / name / "output")
            head = [f"# exit {code}", f"# stderr {_digest(err)}"]
            return f"site-{name}.sha256", "\n".join(head + tree(tmp / name / "output")) + "\n"

        def bad(case: str) -> str:
            source = REPO / "tests" / "bad" / case
            project = _copy_project(source, tmp / "bad" / case / "project", source / "make.py")
            output = tmp / "bad" / case / "output"
            code, err = _run(cli, project, output)
            files = "\n".join(tree(output))
            return f"{case} exit={code} stderr={_digest(err)} output={_digest(files)}"

        sites_done = [pool.submit(site, name, source) for name, source in sites().items()]
        bad_done = [pool.submit(bad, case) for case in bad_cases()]
        manifests = dict(future.result() for future in sites_done)
        manifests["bad.txt"] = "\n".join(future.result() for future in bad_done) + "\n"
    return manifests


def write(manifests: dict[str, str]) -> None:
    for old in list(GOLDEN.glob("*.sha256")) + list(GOLDEN.glob("bad.txt")):
        if old.name not in manifests:
            old.unlink()
    for name, text in manifests.items():
        (GOLDEN / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    write(snapshot())
    print(f"golden snapshot written to {GOLDEN}")
