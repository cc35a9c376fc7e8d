"""A queue of `ita-site serve`'s background work (pack PDFs, open data): one thread works through it while
there is work, and settle() waits until there is none (tests compare the preview with a full build then)."""

from __future__ import annotations

import threading


class Queue:
    def __init__(self, name: str):
        self._name = name
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._running = False
        self._pending: dict = {}               # name -> the work queued for it (the newest), taken in name order

    def _take(self) -> tuple | None:
        """(name, work) of the next queued piece, taken off the queue; None when it is empty."""
        with self._lock:
            if not self._pending:
                return None
            name = min(self._pending)
            return name, self._pending.pop(name)

    def _wake(self) -> None:
        """With self._lock held, after queueing: the thread is started if there is work and it does not run."""
        if self._pending and not self._running:
            self._running = True
            threading.Thread(target=self._run, name=self._name, daemon=True).start()

    def settle(self, timeout: float | None = None) -> None:
        """Until the queue is empty and its last piece of work done (tests; a rebuild never waits)."""
        with self._idle:
            self._idle.wait_for(lambda: not self._running, timeout)

    def _run(self) -> None:
        try:
            while self._next():
                pass
        finally:                               # whatever happened, settle() returns and a new run may start
            with self._lock:
                self._running = False
                self._idle.notify_all()

    def _next(self) -> bool:
        """Do one piece of the queued work; False when there is none."""
        raise NotImplementedError
