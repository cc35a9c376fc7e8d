"""Many `python -m ita_site` command lines, each in a fresh process forked from an already-started one.

    with ForkedCli(workers=2) as cli:
        proc = cli.run(["build", "--project", ...], cwd=..., env=...)   # a subprocess.CompletedProcess

See tests/forkcli.py for what the forked process sets up. Thread-safe: run() takes a free server.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SERVER = Path(__file__).with_name("forkcli.py")


class ForkedCli:
    def __init__(self, workers: int = 2):
        self.workers = workers
        self._free: queue.Queue[subprocess.Popen] = queue.Queue()
        self._all: list[subprocess.Popen] = []

    def __enter__(self) -> "ForkedCli":
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        for _ in range(self.workers):
            server = subprocess.Popen([sys.executable, str(SERVER)], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
            self._all.append(server)
            self._free.put(server)
        return self

    def __exit__(self, *exc) -> None:
        for server in self._all:
            server.stdin.close()
            server.wait(timeout=60)

    def run(self, argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 120
            ) -> subprocess.CompletedProcess:
        server = self._free.get()
        try:
            with tempfile.TemporaryDirectory(prefix="ita-cli-") as tmp:
                out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
                request = {"argv": [str(a) for a in argv], "cwd": str(cwd), "env": dict(env),
                           "stdout": str(out), "stderr": str(err), "timeout": timeout}
                server.stdin.write(json.dumps(request) + "\n")
                server.stdin.flush()
                answer = server.stdout.readline()
                if not answer:
                    raise RuntimeError(f"the command-line server ended (exit {server.wait()})")
                code = json.loads(answer)["code"]
                return subprocess.CompletedProcess(["python", "-m", "ita_site", *argv], code,
                                                   out.read_text(), err.read_text())
        finally:
            self._free.put(server)
