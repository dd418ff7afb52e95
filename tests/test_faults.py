"""Faults: MongoDB going away mid-crawl, a crawl killed and resumed. Nothing is lost, nothing is duplicated."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pymongo
import pytest
from pymongo.database import Database

from inbound_spiders.embedded import EmbeddedMongo, free_port
from inbound_spiders.localsite import LocalSite
from inbound_spiders.store import COLLECTION_BY_KIND, Spool
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


#: A JSON-LD video name holding a lone surrogate (written as JSON's escape: the page itself is valid UTF-8).
POISON_VIDEO = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "VideoObject", '
    '"name": "Why we \\ud800 campaign", "embedUrl": "https://www.youtube.com/embed/dQw4w9WgXcQ", "duration": "PT2M"}'
    "</script>"
)
#: A Discourse forum whose about.json answers more users than a 64-bit integer holds.
POISON_FORUM = '<meta name="generator" content="Discourse 3.2.0">'
POISON_COUNT = 10**30


def _write_poison_site(folder: Path, pages: int) -> Path:
    """:func:`write_site` whose home page holds both poison values among its ordinary findings."""
    write_site(folder, pages)
    home = folder / "index.html"
    html = home.read_text().replace("</title>", "</title>" + POISON_FORUM + POISON_VIDEO)
    home.write_text(html.replace("</main>", "<p>Join the discussion on our forum: latest topics, users.</p></main>"))
    stats = {"user_count": POISON_COUNT, "post_count": 2210, "like_count": 5120}
    (folder / "about.json").write_text(json.dumps({"about": {"stats": stats}}))
    return folder


def _rejected(db: Any) -> dict[str, dict[str, Any]]:
    """The ``rejects`` documents by the key of what they keep."""
    return {reject["item"].get("key"): reject for reject in db.rejects.find()}


@pytest.mark.parametrize("validation", ["validated", "unvalidated"])
def test_poison_values_cost_only_their_own_document(
    tmp_path: Path, mongo_uri: str, mongo_db: Database, validation: str
) -> None:
    """A lone surrogate in a video's JSON-LD name and a platform answering ``user_count: 10**30``: BSON holds
    neither, and each used to cost its whole batch (every CTA and share around it). Now the surrogate is removed from
    the text and the video stored; the count goes to ``rejects`` with its error: the schema's maximum when items are
    validated, MongoDB's own refusal when they are not. Everything else is stored and the site audit scores."""
    feed = tmp_path / "items.jsonl"
    with LocalSite(_write_poison_site(tmp_path / "site", 30)) as site:
        command = _crawl_command(site.url, tmp_path, mongo_uri, mongo_db.name, "-O", str(feed))
        if validation == "unvalidated":
            command += ["-s", "INBOUND_VALIDATION_ENABLED=False"]
        crawl = subprocess.run(command, cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=240)
    scraped = _keys(feed)
    stored = _stored(mongo_uri, mongo_db.name)
    rejected = _rejected(mongo_db)
    assert len(scraped) > 30, crawl.stderr[-3000:]
    # Nothing lost: every scraped finding is stored or kept in rejects, never both, and nothing else is stored.
    assert stored | set(rejected) == scraped | set(rejected), crawl.stderr[-3000:]
    assert not stored & set(rejected)
    assert [reject["kind"] for reject in rejected.values()] == ["contribution_platform"]
    forum = next(iter(rejected.values()))
    assert forum["item"]["participants"] == str(POISON_COUNT), "kept whole, as text BSON can hold"
    run = mongo_db.runs.find_one()
    assert run is not None and run["status"] == "finished", crawl.stderr[-3000:]
    stats = run["stats"]
    if validation == "validated":
        assert [(error["field"], error["rule"]) for error in forum["errors"]] == [("participants", "maximum")]
        assert stats["inbound/validation/contribution_platform/invalid"] == 1
    else:
        assert forum["errors"][0]["rule"] == "storage"
        assert "OverflowError" in forum["errors"][0]["message"], forum["errors"]
        assert stats["inbound/mongo/documents_refused"] == 1
        assert crawl.stderr.count("[mongo] MongoDB refused contribution_platforms document") == 1
        assert forum["item"]["key"] in scraped
    assert stats["inbound/items/text_repaired"] == 1
    assert crawl.stderr.count("[text] a video found on") == 1
    assert "inbound/mongo/batches_failed" not in stats and "ERROR" not in crawl.stderr, crawl.stderr[-3000:]
    video = mongo_db.videos.find_one()
    assert video is not None and video["title"] == "Why we  campaign"
    audit = mongo_db.site_audits.find_one()
    assert audit is not None and audit["overall_score"] > 0, audit


def test_unreplayable_spool_lines_are_quarantined_and_the_crawl_goes_on(
    tmp_path: Path, mongo_uri: str, mongo_db: Database
) -> None:
    """A spool holding lines that cannot be replayed (a line cut short by a crash, a line that is not a document, an
    integer beyond 64 bits, an update without its fields) used to stop every later crawl at its start (exit code 1)
    until someone deleted the file. Now each such line goes to the spool's quarantine and to ``rejects``, counted,
    logged once per file; the good lines are written and the crawl goes on."""
    spool = Spool(tmp_path / "spool")
    when = datetime(2017, 2, 20, tzinfo=UTC)
    good = {"_id": "call_to_action:" + "a" * 40, "site": "spooled.example", "label": "Join", "first_seen": when}
    spool.add("calls_to_action", [good])
    bad_lines = [
        '{"_id": "call_to_action:' + "b" * 40 + '", "label": "Don',
        '"not a document"',
        '{"_id": "call_to_action:' + "c" * 40 + '", "page_count": ' + str(POISON_COUNT) + "}",
    ]
    with (spool.directory / "calls_to_action.jsonl").open("a") as spool_file:
        spool_file.write("\n".join(bad_lines) + "\n")
    spool.add_updates("calls_to_action", {good["_id"]: {"page_count": 7}})
    with (spool.updates_directory / "calls_to_action.jsonl").open("a") as updates_file:
        updates_file.write('{"_id": "call_to_action:' + "d" * 40 + '"}\n')
    feed = tmp_path / "items.jsonl"
    with LocalSite(write_site(tmp_path / "site", 6)) as site:
        crawl = subprocess.run(
            _crawl_command(site.url, tmp_path, mongo_uri, mongo_db.name, "-O", str(feed)),
            cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=240,
        )  # fmt: skip
    run = mongo_db.runs.find_one()
    assert run is not None and run["status"] == "finished", crawl.stderr[-3000:]
    scraped = _keys(feed)
    assert len(scraped) > 5
    assert _stored(mongo_uri, mongo_db.name) == scraped | {good["_id"]}
    assert mongo_db.calls_to_action.find_one({"_id": good["_id"]})["page_count"] == 7
    # Each unreplayable line: in rejects with its error, in the quarantine as it was, counted; one log line per file.
    rejects = list(mongo_db.rejects.find())
    assert sorted(reject["errors"][0]["rule"] for reject in rejects) == ["spool", "spool", "spool", "storage"]
    assert any("OverflowError" in reject["errors"][0]["message"] for reject in rejects), rejects
    quarantined = (spool.quarantine_directory / "calls_to_action.jsonl").read_text().splitlines()
    assert quarantined[:2] == bad_lines[:2] and json.loads(quarantined[2])["page_count"] == POISON_COUNT
    assert (spool.quarantine_directory / "updates" / "calls_to_action.jsonl").read_text().count("\n") == 1
    assert run["stats"]["inbound/spool/quarantined"] == 4
    assert crawl.stderr.count("could not be replayed") == 2, crawl.stderr[-3000:]
    assert not spool.has_pending()


def test_two_processes_on_one_spool_lose_nothing(tmp_path: Path, mongo_uri: str, mongo_db: Database) -> None:
    """One process appends 2,000 documents to a spool, one at a time, while another replays it over and over (two
    crawls on one spool folder, one spooling, the other back in touch with MongoDB). Without a lock the replay
    deleted files the other had appended to since it read them: 485 of 2,000 documents lost. Now none."""
    count = 2000
    spool = tmp_path / "spool"
    helper = [sys.executable, "-m", "tests.support.spool_processes"]
    replayer = subprocess.Popen(
        [*helper, "replay", str(spool), mongo_uri, mongo_db.name], cwd=PROJECT, env=_env(), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    appender = subprocess.run(
        [*helper, "append", str(spool), str(count)], cwd=PROJECT, env=_env(), capture_output=True, text=True,
        timeout=240,
    )  # fmt: skip
    output, errors = replayer.communicate(timeout=240)
    assert appender.returncode == 0 and replayer.returncode == 0, appender.stderr[-2000:] + errors[-2000:]
    replayed = [int(line) for line in output.split()]
    # The replays ran while the appender appended: several of them wrote documents.
    assert sum(1 for number in replayed if number) >= 3, replayed
    assert mongo_db.calls_to_action.count_documents({}) == count
    assert sum(replayed) == count
    assert not Spool(spool).has_pending()
