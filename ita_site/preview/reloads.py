"""Browser reloads for `ita-site serve` that never miss a rebuild, and the choice of a free port.

livereload reloads the browser at most once in 3 seconds (DEFAULT_RELOAD_TIME): a second save inside
that window is rebuilt, but livereload logs "Ignore:" and the page stays stale. So after every
rebuild the server tells every connected browser itself. A browser that is reloading at that moment
is not connected; so each page served is stamped with the rebuild it shows, and a browser that
connects after a newer rebuild is told to reload again at once.
"""

from __future__ import annotations

import errno
import socket


class Reloads:
    """Counts rebuilds, and which rebuild the last page served shows."""

    current: "Reloads | None" = None

    def __init__(self):
        self.generation = 0      # rebuilds finished
        self.served = 0          # the generation of the last HTML page sent to a browser

    @classmethod
    def install(cls) -> "Reloads":
        import livereload.server
        from livereload.handlers import LiveReloadHandler

        cls.current = reloads = cls()
        injector = livereload.server.LiveScriptInjector
        if not getattr(injector, "_ita_stamped", False):
            original_chunk = injector.transform_first_chunk

            def transform_first_chunk(self, status_code, headers, chunk, finishing):
                result = original_chunk(self, status_code, headers, chunk, finishing)
                if cls.current is not None and b"<html" in chunk[:512].lower():
                    cls.current.served = cls.current.generation
                return result

            injector.transform_first_chunk = transform_first_chunk
            original_message = LiveReloadHandler.on_message

            def on_message(self, message):
                original_message(self, message)
                now = cls.current
                if now is not None and self in LiveReloadHandler.waiters and now.served < now.generation:
                    now.served = now.generation
                    self.send_message({"command": "reload", "path": "*", "liveCSS": False, "liveImg": True})

            LiveReloadHandler.on_message = on_message
            injector._ita_stamped = True
        return reloads

    def built(self, reload: bool = True) -> None:
        """A rebuild changed the preview: every browser reloads now (reload=False: the caller does it),
        whatever livereload's own timing says."""
        from livereload.handlers import LiveReloadHandler

        self.generation += 1          # `served` moves only when a page is sent: a socket may be closing
        if reload and LiveReloadHandler.waiters:
            LiveReloadHandler.reload_waiters(path="*")


def free_port(host: str, port: int, tries: int = 20) -> int | None:
    """`port` if nothing listens on it, else the next free one (None when `tries` ports are busy)."""
    for candidate in range(port, min(port + tries, 65536)):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, candidate))
            except OSError as exc:
                if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                    continue
                raise
            return candidate
    return None
