"""Fork worker processes and collect what they send back (no heavy imports: load.py uses it too).

`fork_map(n, task)` forks n children; child k runs `task(k, n, send)` and calls `send(items)` with
lists of picklable items as it goes. The parent reads every child's pipe as data arrives and returns
all items (in arrival order: callers sort them). A child's exception comes back as its traceback and
is raised in the parent. Children share the parent's memory copy-on-write (gc.freeze keeps the
parent's objects out of the children's collections, so those pages stay shared).
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import struct
import traceback
from collections.abc import Callable

_FRAME = struct.Struct("<Q")


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def wanted(estimated_items: int, per_worker: int) -> int:
    """How many workers for this much work: ITA_SITE_JOBS, else every core, never tiny shares."""
    setting = os.environ.get("ITA_SITE_JOBS", "").strip()
    count = int(setting) if setting.isdigit() and int(setting) > 0 else cores()
    if not hasattr(os, "fork"):
        return 1
    return max(1, min(count, estimated_items // per_worker))


def fork_map(workers: int, task: Callable, progress: Callable[[int], None] | None = None) -> list:
    gc.collect()
    gc.freeze()
    try:
        children = [_fork(k, workers, task) for k in range(workers)]
        return _receive(children, progress or (lambda count: None))
    finally:
        gc.unfreeze()


def _fork(k: int, n: int, task) -> tuple[int, int]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_fd)
        return pid, read_fd
    os.close(read_fd)
    code = 0
    try:
        with os.fdopen(write_fd, "wb") as pipe:
            def send(items: list) -> None:
                _send(pipe, ("items", items))
            try:
                task(k, n, send)
            except BaseException:  # noqa: BLE001 - the parent raises it with this traceback
                _send(pipe, ("error", traceback.format_exc()))
                code = 1
    finally:
        os._exit(code)


def _send(pipe, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(_FRAME.pack(len(data)))
    pipe.write(data)
    pipe.flush()


def _receive(children: list[tuple[int, int]], progress: Callable[[int], None]) -> list:
    readers = {fd: _FrameReader(fd) for _pid, fd in children}
    results: list = []
    errors = []
    while readers:
        ready, _, _ = select.select(list(readers), [], [])
        for fd in ready:
            for kind, payload in readers[fd].read():
                if kind == "items":
                    results.extend(payload)
                    progress(len(results))
                else:
                    errors.append(payload)
            if readers[fd].closed:
                os.close(fd)
                del readers[fd]
    statuses = [os.waitpid(pid, 0)[1] for pid, _fd in children]
    if errors or any(statuses):
        raise RuntimeError(f"a worker process failed (status {statuses}):\n" + "\n".join(errors))
    return results


class _FrameReader:
    """Length-prefixed pickles from a pipe, read without blocking on a partial frame."""

    def __init__(self, fd: int):
        self.fd, self.buffer, self.closed = fd, bytearray(), False

    def read(self) -> list:
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            self.closed = True
        self.buffer += chunk
        messages = []
        start = 0
        while len(self.buffer) - start >= _FRAME.size:
            size = _FRAME.unpack_from(self.buffer, start)[0]
            if len(self.buffer) - start < _FRAME.size + size:
                break
            messages.append(pickle.loads(memoryview(self.buffer)[start + _FRAME.size:start + _FRAME.size + size]))
            start += _FRAME.size + size
        del self.buffer[:start]
        return messages
