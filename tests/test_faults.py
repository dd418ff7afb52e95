"""Faults: MongoDB going away mid-crawl, a crawl killed and resumed. Nothing is lost, nothing is duplicated."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pymongo

from inbound_spiders.embedded import EmbeddedMongo, free_port
from inbound_spiders.localsite import LocalSite
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import PROJECT
from tests.support.sites import write_site


def _crawl_command(url: str, tmp_path: Path, uri: str, database: str, *extra: str) -> list[str]:
    settings = {
        "INBOUND_MONGO_URI": uri,
        "INBOUND_MONGO_DATABASE": database,
        "INBOUND_MONGO_BATCH_SIZE": "10",
        "INBOUND_MONGO_TIMEOUT_MS": "1000",
        "INBOUND_SPOOL_DIR": str(tmp_path / "spool"),
        "INBOUND_VIDEO_LOOKUP_ENABLED": "False",
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "1",
        "DOWNLOAD_DELAY": "0.05",
        "RANDOMIZE_DOWNLOAD_DELAY": "False",
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "audit", "-a", f"url={url}", "-a", "max_depth=200"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return [*command, *extra]


def _env() -> dict[str, str]:
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "inbound_spiders.settings", "PYTHONPATH": str(PROJECT)}


def _stored(uri: str, database: str) -> set[str]:
    with pymongo.MongoClient(uri, serverSelectionTimeoutMS=5000) as client:
        db = client[database]
        return {doc["_id"] for name in COLLECTION_BY_KIND.values() for doc in db[name].find({}, {"_id": 1})}


def _keys(feed: Path) -> set[str]:
    return {json.loads(line)["key"] for line in feed.read_text().splitlines()}


def _wait_for(condition: Callable[[], bool], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


def test_mongodb_outage_mid_crawl_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    port = free_port()
    server = EmbeddedMongo(tmp_path / "mongo", port=port)
    uri = server.start()
    feed = tmp_path / "items.jsonl"
    with LocalSite(write_site(tmp_path / "site", 200)) as site:
        crawl = subprocess.Popen(
            _crawl_command(site.url, tmp_path, uri, "outage", "-O", str(feed)),
            cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        _wait_for(lambda: len(_stored(uri, "outage")) >= 20)
        server.stop()  # MongoDB goes away mid-crawl...
        _wait_for(lambda: any((tmp_path / "spool").glob("*.jsonl")))
        server = EmbeddedMongo(tmp_path / "mongo", port=port)
        server.start()  # ...and comes back on the same port with the same data.
        log, _ = crawl.communicate(timeout=240)
    try:
        assert "spooling documents to" in log, log[-3000:]
        scraped = _keys(feed)
        assert len(scraped) > 100
        assert _stored(uri, "outage") == scraped
        assert not list((tmp_path / "spool").glob("*.jsonl")), "the spool must be empty once replayed"
        with pymongo.MongoClient(uri) as client:
            run = client.outage.runs.find_one()
            assert run is not None and run["status"] == "finished", run
            assert run["stats"]["inbound/mongo/documents_spooled"] > 0
    finally:
        server.stop()


def test_documents_spooled_while_mongodb_is_down_are_written_at_the_next_start(tmp_path: Path) -> None:
    """MongoDB unreachable for a whole crawl: everything waits in the spool, and the next crawl, with MongoDB back,
    writes it before its own documents, page counts (the spool's ``updates/``) and run document included."""
    port = free_port()  # nothing listens there yet: MongoDB is down from the start
    uri = f"mongodb://127.0.0.1:{port}/"
    spool = tmp_path / "spool"
    feed = tmp_path / "first.jsonl"
    pages = 12
    with LocalSite(write_site(tmp_path / "site", pages)) as site:
        first = subprocess.run(
            # Each write waits for the server selection timeout: a short one keeps the crawl short.
            _crawl_command(site.url, tmp_path, uri, "restart", "-O", str(feed), "-s", "INBOUND_MONGO_TIMEOUT_MS=300"),
            cwd=tmp_path, env=_env(), capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
    scraped = _keys(feed)
    assert len(scraped) > 10, first.stderr[-3000:]
    assert {path.stem for path in spool.glob("*.jsonl")} >= {"runs", "calls_to_action", "share_widgets"}
    # The header's donate button, written (spooled) with its first page, then recounted on the others.
    assert list((spool / "updates").glob("*.jsonl")), first.stderr[-3000:]

    # A page without findings: whatever is stored after the second crawl comes from the first one.
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "index.html").write_text("<html><body><p>Nothing to see here.</p></body></html>")
    server = EmbeddedMongo(tmp_path / "mongo", port=port)
    server.start()
    try:
        with LocalSite(tmp_path / "empty") as empty:
            second = subprocess.run(
                _crawl_command(empty.url, tmp_path, uri, "restart"),
                cwd=tmp_path, env=_env(), capture_output=True, text=True, check=False, timeout=120,
            )  # fmt: skip
        assert "[spool] replayed" in second.stderr, second.stderr[-3000:]
        assert _stored(uri, "restart") == scraped
        assert not list(spool.glob("*.jsonl")) and not list(spool.glob("updates/*.jsonl")), list(spool.rglob("*"))
        with pymongo.MongoClient(uri) as client:
            donate = client.restart.calls_to_action.find_one({"label": "Donate"})
            assert donate is not None and donate["page_count"] == pages, donate
            assert client.restart.runs.count_documents({}) == 2
            first_run = client.restart.runs.find_one({"_id": json.loads(feed.read_text().splitlines()[0])["run_id"]})
            assert first_run is not None and first_run["status"] == "finished", first_run
            assert first_run["stats"]["inbound/mongo/documents_spooled"] >= len(scraped)
    finally:
        server.stop()


def test_killed_crawl_resumes_from_jobdir_without_duplicates(tmp_path: Path, mongo_uri: str) -> None:
    jobdir = tmp_path / "job"
    with LocalSite(write_site(tmp_path / "site", 80)) as site:
        command = _crawl_command(site.url, tmp_path, mongo_uri, "resume", "-s", f"JOBDIR={jobdir}")
        first = subprocess.Popen(command, cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        _wait_for(lambda: len(_stored(mongo_uri, "resume")) >= 20)
        first.send_signal(signal.SIGINT)  # as Ctrl-C: Scrapy stops gracefully and keeps its state in JOBDIR
        try:
            first.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            first.send_signal(signal.SIGINT)  # a second Ctrl-C forces the shutdown
            first.communicate(timeout=60)
        partial = _stored(mongo_uri, "resume")
        subprocess.run(command, cwd=tmp_path, env=_env(), capture_output=True, check=False, timeout=240)
        complete = _stored(mongo_uri, "resume")
        reference = subprocess.run(
            _crawl_command(site.url, tmp_path, mongo_uri, "reference", "-s", f"INBOUND_SPOOL_DIR={tmp_path / 's2'}"),
            cwd=tmp_path, env=_env(), capture_output=True, check=False, timeout=240,
        )  # fmt: skip
    assert 0 < len(partial) < len(complete), (len(partial), len(complete))
    assert complete == _stored(mongo_uri, "reference"), reference.stdout[-2000:]
    with pymongo.MongoClient(mongo_uri) as client:
        runs = list(client.resume.runs.find())
        assert len(runs) == 1, "a resumed crawl continues the same run"
        assert runs[0]["status"] == "finished"
        for name in ("resume", "reference"):
            client.drop_database(name)
