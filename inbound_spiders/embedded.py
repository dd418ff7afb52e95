"""The embedded default store: a local nx-27017 server (MongoDB wire protocol over SQLite) on loopback.

Used when no ``INBOUND_MONGO_URI`` is configured, by crawls and by the commands that read results. Its data, pid
file and log live in one project-local folder; a server already running for that folder is reused, not restarted.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pymongo
from pymongo.errors import PyMongoError

logger = logging.getLogger(__name__)

STATE_FILE = "server.json"
START_TIMEOUT_SECONDS = 30.0


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _executable() -> list[str]:
    beside_python = Path(sys.executable).with_name("nx-27017")
    if beside_python.exists():
        return [str(beside_python)]
    on_path = shutil.which("nx-27017")
    if on_path:
        return [on_path]
    raise RuntimeError(
        "nx-27017 is not installed: `pip install nx-27017`, or set INBOUND_MONGO_URI to a MongoDB server"
    )


def _answers(uri: str, timeout_ms: int = 500) -> bool:
    client: pymongo.MongoClient = pymongo.MongoClient(
        uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms
    )
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


@dataclass
class EmbeddedMongo:
    """An nx-27017 server whose data, pid and log live under ``data_dir``; ``start()`` returns its URI."""

    data_dir: Path
    port: int = 0
    process: subprocess.Popen | None = field(default=None, init=False, repr=False)

    @property
    def uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/"

    def start(self) -> str:
        """Start the server (or adopt one already serving this folder) and wait until it answers."""
        self.data_dir = self.data_dir.resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        adopted = self._running_server_port()
        if adopted:
            self.port = adopted
            logger.info("[embedded] reusing nx-27017 on %s (data in %s)", self.uri, self.data_dir)
            return self.uri
        self.port = self.port or free_port()
        log_path = self.data_dir / "nx-27017.log"
        command = [
            *_executable(),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--data-dir", str(self.data_dir / "db"),
            "--pid-file", str(self.data_dir / "nx-27017.pid"),
            "--log-file", str(log_path),
        ]  # fmt: skip
        with log_path.open("ab") as log:
            # The server logs every command on stderr too: keep it out of the crawl's output.
            self.process = subprocess.Popen(command, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _answers(self.uri):
            if self.process.poll() is not None:
                raise RuntimeError(f"nx-27017 exited with {self.process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"nx-27017 did not answer on {self.uri} within {START_TIMEOUT_SECONDS:.0f}s")
            time.sleep(0.1)
        (self.data_dir / STATE_FILE).write_text(json.dumps({"port": self.port, "pid": self.process.pid}))
        logger.info("[embedded] started nx-27017 on %s (data in %s)", self.uri, self.data_dir)
        return self.uri

    def stop(self) -> None:
        """Stop the server if this object started it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        (self.data_dir / STATE_FILE).unlink(missing_ok=True)
        self.process = None
        logger.info("[embedded] stopped nx-27017 (data in %s)", self.data_dir)

    def _running_server_port(self) -> int | None:
        try:
            state = json.loads((self.data_dir / STATE_FILE).read_text())
            os.kill(int(state["pid"]), 0)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        port = int(state["port"])
        return port if _answers(f"mongodb://127.0.0.1:{port}/") else None

    def __enter__(self) -> EmbeddedMongo:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
