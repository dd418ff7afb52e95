"""The README's main command: ``inbound-demo`` audits the bundled replica into the embedded store and says what it
found; a second run updates the same documents."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from inbound_spiders.embedded import free_port
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import PROJECT

_COUNT = re.compile(r"^\s+(?P<kind>[a-z_]+)\s+(?P<count>\d+) documents?$", re.MULTILINE)


def _demo(tmp_path: Path, port: int, cwd: Path) -> str:
    env = {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "inbound_spiders.settings",
        "PYTHONPATH": str(PROJECT),
        "INBOUND_HOME": str(tmp_path / "home"),  # the user's data directory, in the test's folder
    }
    env.pop("INBOUND_MONGO_URI", None)  # the embedded store, as on a fresh machine
    command = [sys.executable, "-m", "inbound_spiders.demo", "--port", str(port)]
    command += ["--", "-s", "AUTOTHROTTLE_ENABLED=False"]
    cwd.mkdir(exist_ok=True)
    demo = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-3000:]
    return demo.stdout


def test_demo_stores_every_kind_in_the_embedded_store_and_is_idempotent(tmp_path: Path) -> None:
    port = free_port()
    first = _demo(tmp_path, port, cwd=tmp_path / "here")
    counts = {match["kind"]: int(match["count"]) for match in _COUNT.finditer(first)}
    assert set(counts) == set(COLLECTION_BY_KIND) and all(counts.values()), first
    assert "Is it inbound? Overall score" in first and "Video length" in first, first
    # The store and the crawl's log live in INBOUND_HOME, not in the working directory.
    assert (tmp_path / "home" / "mongo" / "db").is_dir() and (tmp_path / "home" / "logs" / "demo-crawl.log").is_file()
    assert list((tmp_path / "here").iterdir()) == []
    # Run from elsewhere, the demo finds the same store: the same documents are updated.
    second = _demo(tmp_path, port, cwd=tmp_path / "elsewhere")
    assert {match["kind"]: int(match["count"]) for match in _COUNT.finditer(second)} == counts, second
