"""Run `python -m ita_site ...` command lines without paying Python's start-up and imports for each one.

A command line of the bad-input corpus takes about 1 s, half of it importing the package. This script is
a small server: it imports the package once, then for each request forks a fresh process that sets up
what `python -m ita_site` would have (working folder, environment, argv, stdin/stdout/stderr as files,
text streams as Python makes them) and calls the same entry point, ita_site.cli.main. The child exits
with main's code, or by the signal that ended it, like a real command. A child that runs longer than its
timeout is killed (SIGKILL) and reported as such.

Protocol (one request at a time): a JSON line on stdin {argv, cwd, env, stdout, stderr, timeout}; the
answer is a JSON line on stdout {code} (negative: killed by that signal, as subprocess reports it).
With ITA_SITE_TEST_PDF_MEMO set (the suite sets it), pack PDFs come from the suite's memo (tests/pdfmemo.py).
Used by tests/clirun.py; tests that are about the interpreter itself (python -m, build.py) still run
real subprocesses.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import time

import ita_site.cli  # noqa: F401  (the imports a command line pays for, done once here)
import ita_site.pipeline  # noqa: F401

MAIN = os.path.join(os.path.dirname(ita_site.cli.__file__), "__main__.py")

if os.environ.get("ITA_SITE_TEST_PDF_MEMO"):        # the suite's memo of pack PDFs (tests/pdfmemo.py)
    from pathlib import Path

    import pdfmemo

    pdfmemo.install(Path(os.environ["ITA_SITE_TEST_PDF_MEMO"]))


def _streams(env: dict[str, str]) -> None:
    """sys.stdin/out/err as a new interpreter makes them for files (not a terminal)."""
    encoding = (env.get("PYTHONIOENCODING") or "utf-8").split(":")[0] or "utf-8"
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding=encoding)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding=encoding, errors="strict")
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding=encoding,
                                  errors="backslashreplace", line_buffering=True)


def _child(request: dict) -> None:
    code = 70
    try:
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for fd, path, flags in ((0, os.devnull, os.O_RDONLY),
                                (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                                (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
            opened = os.open(path, flags, 0o644)
            os.dup2(opened, fd)
            os.close(opened)
        _streams(request["env"])
        sys.argv = [MAIN, *request["argv"]]
        try:
            code = ita_site.cli.main(request["argv"])
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code if isinstance(code, int) else 1)


def _wait(pid: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return -signal.SIGKILL
        time.sleep(0.005)


def serve() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(request)
        code = _wait(pid, float(request.get("timeout", 120)))
        sys.stdout.write(json.dumps({"code": code}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
