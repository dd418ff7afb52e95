"""The embedded default store: a local nx-27017 server (MongoDB wire protocol over SQLite) on loopback.

Used when no ``INBOUND_MONGO_URI`` is configured, by crawls and by the commands that read results. Its data, pid
file, log and leases live in one folder (``INBOUND_EMBEDDED_DATA_DIR``, under ``INBOUND_HOME``). One server serves a
folder, shared by every process using it (Scrapyd runs several crawls at once):

* every change (start, adopt, leave, stop) happens under an exclusive file lock (``server.lock``), which the system
  releases when its holder dies;
* each user holds a lease, a file named after its pid in ``leases/``; the first user starts the server, the others
  adopt it, and the last one to leave stops it, whichever process started it;
* a lease whose process is gone is dropped, so a crashed user does not keep the server alive, and a watcher process
  started with the server stops it when its last user died without leaving; a server whose process is gone or does
  not answer is not reused (a hung one is stopped) but replaced.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pymongo
from pymongo.errors import PyMongoError

from inbound_spiders.locks import exclusive_lock

logger = logging.getLogger(__name__)

STATE_FILE = "server.json"
LOCK_FILE = "server.lock"
LEASES = "leases"
START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0
#: Longest wait for the lock: another process may hold it while it starts the server.
LOCK_TIMEOUT_SECONDS = START_TIMEOUT_SECONDS + STOP_TIMEOUT_SECONDS + 20.0
#: A server that is up answers a ping within this, even while crawls keep it busy.
ADOPT_PING_TIMEOUT_MS = 5000
#: How often the watcher looks for a live lease.
WATCH_INTERVAL_SECONDS = 2.0


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


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and has not exited (a zombie waiting for its parent counts as gone)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (macOS): the signal test is all there is
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


def _command_line(pid: int) -> str | None:
    """The command line of ``pid`` (``None`` where /proc does not tell)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """Hold the folder's exclusive lock (released by the system if this process dies)."""
    try:
        with exclusive_lock(data_dir / LOCK_FILE, LOCK_TIMEOUT_SECONDS):
            yield
    except TimeoutError:
        raise RuntimeError(
            f"the embedded store in {data_dir} stayed locked for {LOCK_TIMEOUT_SECONDS:.0f}s "
            f"(another process is starting or stopping it)"
        ) from None


@dataclass
class EmbeddedMongo:
    """The nx-27017 server of ``data_dir``, shared: ``start()`` starts it or joins the one running and returns its
    URI, ``stop()`` leaves it and stops it when no other process uses it."""

    data_dir: Path
    port: int = 0
    process: subprocess.Popen | None = field(default=None, init=False, repr=False)
    lease: Path | None = field(default=None, init=False)

    @property
    def uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/"

    def start(self) -> str:
        """Join the server serving this folder, or start one, and wait until it answers."""
        if self.lease is not None:
            return self.uri
        self.data_dir = self.data_dir.resolve()
        (self.data_dir / LEASES).mkdir(parents=True, exist_ok=True)
        with _locked(self.data_dir):
            others = self._live_leases()
            adopted = self._serving_port(in_use=bool(others))
            if adopted:
                self.port = adopted
                logger.info(
                    "[embedded] reusing nx-27017 on %s (data in %s, %d other user(s))",
                    self.uri, self.data_dir, len(others),
                )  # fmt: skip
            else:
                self._launch()
            self.lease = self.data_dir / LEASES / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
            self.lease.write_text(json.dumps({"pid": os.getpid(), "port": self.port}))
        return self.uri

    def stop(self) -> None:
        """Leave the server; the last user stops it."""
        if self.lease is None:
            return
        with _locked(self.data_dir):
            self.lease.unlink(missing_ok=True)
            self.lease = None
            others = self._live_leases()
            if others:
                logger.info("[embedded] leaving nx-27017 on %s to %d other user(s)", self.uri, len(others))
                return
            self._stop_server()

    # ------------------------------------------------------------------------------------ under the folder's lock

    def _live_leases(self) -> list[Path]:
        """The leases of live processes; those of processes that are gone (crashed, killed) are dropped."""
        live = []
        for lease in sorted((self.data_dir / LEASES).iterdir()):
            try:
                pid = int(lease.name.split("-", 1)[0])
            except ValueError:
                pid = 0
            if alive(pid):
                live.append(lease)
            else:
                lease.unlink(missing_ok=True)
                logger.warning("[embedded] dropped the lease of process %d, which is gone", pid)
        return live

    def _state(self) -> dict[str, int] | None:
        try:
            state = json.loads((self.data_dir / STATE_FILE).read_text())
            return {"pid": int(state["pid"]), "port": int(state["port"])}
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _serving_port(self, in_use: bool) -> int | None:
        """The port of this folder's server if it is alive and answers; a hung one is stopped, a dead one forgotten.

        A server ``in_use`` by other live processes may be slow to answer while they keep it busy: it is given up to
        ``START_TIMEOUT_SECONDS`` before being judged hung, so that a crawl never stops it under the others lightly.
        """
        state = self._state()
        if state is None:
            return None
        pid, uri = state["pid"], f"mongodb://127.0.0.1:{state['port']}/"
        if alive(pid) and self._is_our_server(pid):
            deadline = time.monotonic() + (START_TIMEOUT_SECONDS if in_use else 0)
            while True:
                if _answers(uri, ADOPT_PING_TIMEOUT_MS):
                    return state["port"]
                if not alive(pid) or time.monotonic() > deadline:
                    break
            if alive(pid):
                logger.warning("[embedded] nx-27017 (pid %d) does not answer: stopping it", pid)
                self._terminate(pid)
        else:
            logger.warning("[embedded] nx-27017 (pid %d) is gone: starting a new one", pid)
        (self.data_dir / STATE_FILE).unlink(missing_ok=True)
        return None

    def _is_our_server(self, pid: int) -> bool:
        """Whether ``pid`` is this folder's nx-27017 and not a process that reused a dead server's pid."""
        command_line = _command_line(pid)
        return command_line is None or str(self.data_dir / "db") in command_line

    def _launch(self) -> None:
        self.port = self.port or free_port()
        log_path = self.data_dir / "nx-27017.log"
        pid_file = self.data_dir / "nx-27017.pid"
        try:
            previous = int(pid_file.read_text().strip())
        except (OSError, ValueError):
            previous = None
        if previous is not None and not alive(previous):
            # nx-27017 refuses to start over a pid file whose process exists, a zombie left by a stopped one included.
            pid_file.unlink(missing_ok=True)
        command = [
            *_executable(),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--data-dir", str(self.data_dir / "db"),
            "--pid-file", str(pid_file),
            "--log-file", str(log_path),
        ]  # fmt: skip
        with log_path.open("ab") as log:
            # The server logs every command on stderr too: keep it out of the crawl's output. Its own session: it
            # serves other processes too, so a Ctrl-C or a Scrapyd cancel of the one that started it must not stop it.
            self.process = subprocess.Popen(
                command, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True
            )
        (self.data_dir / STATE_FILE).write_text(json.dumps({"port": self.port, "pid": self.process.pid}))
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _answers(self.uri):
            if self.process.poll() is not None:
                (self.data_dir / STATE_FILE).unlink(missing_ok=True)
                raise RuntimeError(f"nx-27017 exited with {self.process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                self._stop_server()
                raise RuntimeError(f"nx-27017 did not answer on {self.uri} within {START_TIMEOUT_SECONDS:.0f}s")
            time.sleep(0.1)
        self._watch(self.process.pid, log_path)
        logger.info("[embedded] started nx-27017 on %s (data in %s)", self.uri, self.data_dir)

    def _watch(self, server_pid: int, log_path: Path) -> None:
        """Start the watcher that stops the server if its last user dies without leaving (see :func:`watch`)."""
        # The watcher imports this very package (a checkout, an installed one, or Scrapyd's egg).
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", "inbound_spiders.embedded", str(self.data_dir), str(server_pid)]
        with log_path.open("ab") as log:
            subprocess.Popen(command, stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=env, start_new_session=True)

    def _stop_server(self) -> None:
        state = self._state()
        if state is not None:
            self._terminate(state["pid"])
        (self.data_dir / STATE_FILE).unlink(missing_ok=True)
        logger.info("[embedded] stopped nx-27017 (data in %s)", self.data_dir)

    def _terminate(self, pid: int) -> None:
        """Stop process ``pid`` (SIGTERM, then SIGKILL), whether this process started it or another one did."""
        if self.process is not None and self.process.pid == pid:
            process, self.process = self.process, None
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            return
        for sent in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(pid, sent)
                os.kill(pid, signal.SIGCONT)  # a stopped (hung) process handles SIGTERM only once continued
            except ProcessLookupError:
                return
            deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
            while alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if not alive(pid):
                return

    def __enter__(self) -> EmbeddedMongo:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def watch(data_dir: Path, server_pid: int, interval: float = WATCH_INTERVAL_SECONDS) -> None:
    """Stop the server ``server_pid`` of ``data_dir`` once no live process holds a lease on it (its last user crashed
    or was killed, so nobody is left to stop it); return as soon as the server is gone or replaced."""
    store = EmbeddedMongo(data_dir)
    while True:
        time.sleep(interval)
        state = store._state()
        if state is None or state["pid"] != server_pid or not alive(server_pid):
            return
        with _locked(data_dir):
            state = store._state()
            if state is None or state["pid"] != server_pid:
                return
            if store._live_leases():
                continue
            logger.warning("[embedded] nx-27017 (pid %d) has no live user left: stopping it", server_pid)
            store._stop_server()
            return


if __name__ == "__main__":
    # The watcher of one server: python -m inbound_spiders.embedded DATA_DIR SERVER_PID
    logging.basicConfig(level=logging.INFO, format="%(asctime)s watcher: %(message)s")
    watch(Path(sys.argv[1]), int(sys.argv[2]))
