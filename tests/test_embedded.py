"""The embedded store is one server per data folder, shared by every process using it: the first starts it, the last
to leave stops it, a crashed user's lease is dropped, and a dead or hung server is replaced, never reused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pymongo
import pytest

from inbound_spiders.config import InboundConfig, inbound_home
from inbound_spiders.embedded import LEASES, STATE_FILE, EmbeddedMongo, alive
from tests.conftest import PROJECT

#: A process that joins the store of folder argv[1], says its URI, and dies without leaving (a crashed crawl).
CRASHING_USER = """
import os, sys
from pathlib import Path
from inbound_spiders.embedded import EmbeddedMongo
print(EmbeddedMongo(Path(sys.argv[1])).start(), flush=True)
os._exit(9)
"""


def _server_pid(folder: Path) -> int:
    return int(json.loads((folder / STATE_FILE).read_text())["pid"])


def _write_and_read(uri: str, value: str) -> str:
    with pymongo.MongoClient(uri, serverSelectionTimeoutMS=5000) as client:
        client.embedded_test.notes.insert_one({"value": value})
        return client.embedded_test.notes.find_one({"value": value})["value"]


def _dead_pid() -> int:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(finished.stdout)
    assert not alive(pid)
    return pid


def test_users_share_one_server_and_the_last_to_leave_stops_it(tmp_path: Path) -> None:
    first, second = EmbeddedMongo(tmp_path), EmbeddedMongo(tmp_path)
    uri = first.start()
    server = _server_pid(tmp_path)
    assert second.start() == uri, "the second user joins the running server instead of starting another"
    assert len(list((tmp_path / LEASES).iterdir())) == 2
    first.stop()  # the one that started it leaves first...
    assert alive(server) and _write_and_read(uri, "still served") == "still served"
    second.stop()  # ...and the last one stops it.
    assert not alive(server) and not (tmp_path / STATE_FILE).exists()
    assert list((tmp_path / LEASES).iterdir()) == []


def _crash_a_user(folder: Path) -> str:
    """Join (or start) the store of ``folder`` from a child process that dies without leaving; returns the URI."""
    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING_USER, str(folder)],
        env={**os.environ, "PYTHONPATH": str(PROJECT)}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    uri = crashed.stdout.strip()
    assert crashed.returncode == 9 and uri.startswith("mongodb://"), crashed.stderr
    return uri


def test_the_leases_of_dead_processes_do_not_keep_the_server_alive(tmp_path: Path) -> None:
    user = EmbeddedMongo(tmp_path)
    uri = user.start()
    server = _server_pid(tmp_path)
    assert _crash_a_user(tmp_path) == uri
    (tmp_path / LEASES / f"{_dead_pid()}-cafe").write_text("{}")  # and one left by a process long gone
    assert len(list((tmp_path / LEASES).iterdir())) == 3
    user.stop()
    assert not alive(server), "the dead processes' leases must not keep the server running"
    assert list((tmp_path / LEASES).iterdir()) == []


def test_a_server_whose_last_user_crashed_is_stopped_by_its_watcher(tmp_path: Path) -> None:
    _crash_a_user(tmp_path)
    server = _server_pid(tmp_path)
    deadline = time.monotonic() + 30
    while (alive(server) or (tmp_path / STATE_FILE).exists()) and time.monotonic() < deadline:
        time.sleep(0.2)  # the watcher stops the server, then forgets it
    assert not alive(server), "nobody uses the server any more: its watcher stops it"
    assert not (tmp_path / STATE_FILE).exists() and list((tmp_path / LEASES).iterdir()) == []
    assert "has no live user left: stopping it" in (tmp_path / "nx-27017.log").read_text()
    with EmbeddedMongo(tmp_path) as again:  # the next user starts a new one on the same data
        assert _server_pid(tmp_path) != server
        assert _write_and_read(again.uri, "next user") == "next user"


def test_a_dead_server_is_replaced_not_reused(tmp_path: Path) -> None:
    first = EmbeddedMongo(tmp_path)
    first.start()
    server = _server_pid(tmp_path)
    os.kill(server, signal.SIGKILL)
    first.process.wait(timeout=10)  # type: ignore[union-attr]
    second = EmbeddedMongo(tmp_path)
    uri = second.start()
    try:
        assert _server_pid(tmp_path) != server
        assert _write_and_read(uri, "after the crash") == "after the crash"
    finally:
        second.stop()
        first.stop()
    assert not (tmp_path / STATE_FILE).exists()


def test_a_hung_server_is_stopped_and_replaced(tmp_path: Path) -> None:
    first = EmbeddedMongo(tmp_path)
    first.start()
    hung = _server_pid(tmp_path)
    os.kill(hung, signal.SIGSTOP)
    second = EmbeddedMongo(tmp_path)
    try:
        uri = second.start()
        assert _server_pid(tmp_path) != hung and not alive(hung)
        assert _write_and_read(uri, "after the hang") == "after the hang"
    finally:
        if alive(hung):
            os.kill(hung, signal.SIGCONT)
        second.stop()
        first.stop()


def test_the_home_folder_comes_from_the_setting_the_environment_or_the_user_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scrapy.settings import Settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INBOUND_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    default = InboundConfig.from_settings(Settings())
    if sys.platform.startswith("linux"):
        assert default.home == tmp_path / "user" / ".local" / "share" / "inbound_spiders"
    assert (default.embedded_data_dir, default.spool_dir) == (default.home / "mongo", default.home / "spool")
    assert InboundConfig().embedded_data_dir == default.embedded_data_dir

    monkeypatch.setenv("INBOUND_HOME", str(tmp_path / "from-env"))
    assert inbound_home() == tmp_path / "from-env"
    config = InboundConfig.from_settings(
        Settings({"INBOUND_HOME": str(tmp_path / "from-setting"), "INBOUND_SPOOL_DIR": "queue"})
    )
    assert (config.home, config.spool_dir) == (tmp_path / "from-setting", tmp_path / "from-setting" / "queue")
    # An absolute path stays where it is; a relative one never depends on the working directory.
    absolute = InboundConfig.from_settings(Settings({"INBOUND_EMBEDDED_DATA_DIR": str(tmp_path / "elsewhere")}))
    assert absolute.embedded_data_dir == tmp_path / "elsewhere"
    monkeypatch.chdir(PROJECT)
    assert InboundConfig.from_settings(Settings()).embedded_data_dir == tmp_path / "from-env" / "mongo"
    assert not (tmp_path / "var").exists()
