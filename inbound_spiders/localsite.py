"""Serve a folder of static pages on 127.0.0.1: the demo replicas, and the test suite's sites."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    # The stdlib's backlog of 5 drops connections under a crawl's parallel requests (1 s stalls, false timeouts).
    request_queue_size = 128
    daemon_threads = True


class LocalSite:
    """A threaded static HTTP server over ``folder``; ``port=0`` picks a free port. Use as a context manager."""

    def __init__(self, folder: Path, port: int = 0, host: str = "127.0.0.1") -> None:
        self.folder = Path(folder)
        if not (self.folder / "index.html").exists():
            raise FileNotFoundError(f"{self.folder} has no index.html")
        handler = partial(_QuietHandler, directory=str(self.folder))
        self.server = _Server((host, port), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, name=f"site-{self.folder.name}", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> LocalSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
