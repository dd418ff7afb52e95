"""A list of sites spread over worker processes (``-a workers=N``, ``INBOUND_LIST_WORKERS``): six local sites on
distinct loopback hosts crawled with one process and with two, judged by what each server was asked for, the list's
one ``runs`` document and the findings stored; then a worker killed in the middle of its sites."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pymongo
import pytest
from pymongo.database import Database

from inbound_spiders.site_crawls import site_run_ids
from tests.conftest import crawl_env, run_crawl
from tests.support.sites import RecordingSite, write_site

SITES = 6
PAGES = 6
SETTINGS = {"INBOUND_RENDER_MODE": "never", "INBOUND_CONCURRENT_SITES": "2", "INBOUND_PROGRESS_INTERVAL": "1"}
FINDING_COLLECTIONS = ("calls_to_action", "share_widgets", "videos", "team_pages", "contribution_platforms")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, mongo_uri: str) -> Iterator[dict[str, Any]]:
    """The six sites crawled as one list, with one worker and with two, each into its own database."""
    root = tmp_path_factory.mktemp("list_workers")
    client: pymongo.MongoClient = pymongo.MongoClient(mongo_uri, tz_aware=True)
    results: dict[str, Any] = {}
    with ExitStack() as stack:
        sites = [
            stack.enter_context(RecordingSite(write_site(root / f"site{n}", PAGES), host=f"127.0.0.{20 + n}"))
            for n in range(SITES)
        ]
        sites_file = root / "sites.txt"
        sites_file.write_text("".join(f"{site.url}\n" for site in sites), encoding="utf-8")
        for workers in (1, 2):
            for site in sites:
                site.paths.clear()
            database = f"list_workers_{workers}"
            folder = root / f"workers{workers}"
            folder.mkdir()
            result = run_crawl(
                "audit", f"sites={sites_file}", f"workers={workers}",
                mongo_uri=mongo_uri, database=database, settings=SETTINGS, tmp_path=folder, timeout=240,
            )  # fmt: skip
            results[workers] = {
                "result": result,
                "db": client[database],
                "paths": [[path for path in site.paths if path != "/robots.txt"] for site in sites],
            }
        results["urls"] = [site.url for site in sites]
    yield results
    for workers in (1, 2):
        client.drop_database(f"list_workers_{workers}")
    client.close()


def findings_by_site(db: Database) -> dict[str, set[str]]:
    """Each site's findings by identity (``_id``: the kind, the site and what makes the finding, not the run nor the
    page it was first seen on, which the order pages come in decides)."""
    found: dict[str, set[str]] = {}
    for collection in FINDING_COLLECTIONS:
        for document in db[collection].find({}, {"site": 1}):
            found.setdefault(document["site"], set()).add(document["_id"])
    return found


def test_two_workers_audit_every_site_once_in_one_runs_document(crawled: dict[str, Any]) -> None:
    two = crawled[2]
    log = two["result"].log
    assert "2 worker processes" in log and "worker 2 of 2 started" in log, log[-3000:]
    # Every page of every site asked for (the articles and /donate/), and audited once (the pages audited, below): each
    # site crawled by one worker, none twice. A page may be asked for again by a retry when the machine is loaded.
    for paths in two["paths"]:
        assert len(set(paths)) == PAGES + 1, (paths, log[-3000:])
    runs = list(two["db"].runs.find())
    assert len(runs) == 1, [run["_id"] for run in runs]
    run = runs[0]
    assert [entry["url"] for entry in run["sites"]] == crawled["urls"]  # list order
    # The same run ids as without workers: the whole list's, by position.
    assert [entry["run_id"] for entry in run["sites"]] == site_run_ids(run["_id"], SITES)
    assert all(
        (entry["status"], entry["audited"], entry["pages"]) == ("done", True, PAGES + 1) for entry in run["sites"]
    )
    assert (run["status"], run["sites_total"], run["sites_done"], run["sites_failed"]) == ("finished", SITES, SITES, 0)
    assert run["stats"]["inbound/pages/audited"] == SITES * (PAGES + 1)
    assert two["db"].site_audits.count_documents({"_id": {"$in": site_run_ids(run["_id"], SITES)}}) == SITES
    assert f"(done) sites: {SITES} done (0 failed), 0 in progress, 0 waiting, of {SITES};" in log, log[-3000:]
    assert f": {SITES} of {SITES} sites audited, 0 failed" in log
    assert "Traceback" not in log, log[-5000:]
    assert two["result"].returncode == 0


def test_two_workers_find_what_one_finds(crawled: dict[str, Any]) -> None:
    one, two = findings_by_site(crawled[1]["db"]), findings_by_site(crawled[2]["db"])
    assert len(one) == SITES and one == two
    for workers in (1, 2):
        run = crawled[workers]["db"].runs.find_one()
        entries = {entry["url"]: entry for entry in run["sites"]}
        # Each site's findings carry its own run id, as without workers.
        for entry in entries.values():
            assert crawled[workers]["db"].calls_to_action.count_documents({"run_id": entry["run_id"]}) > 0


def start_list(tmp_path: Path, urls: list[str], mongo_uri: str, database: str) -> tuple[subprocess.Popen, Path]:
    """``scrapy crawl audit`` of ``urls`` over two workers, four sites at a time, its log in a file."""
    sites_file = tmp_path / "sites.txt"
    sites_file.write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
    command = [sys.executable, "-m", "scrapy", "crawl", "audit", "-a", f"sites={sites_file}", "-a", "workers=2"]
    settings = {
        **SETTINGS, "INBOUND_CONCURRENT_SITES": "4", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "INFO",
        "INBOUND_MONGO_URI": mongo_uri, "INBOUND_MONGO_DATABASE": database,
        "INBOUND_SPOOL_DIR": str(tmp_path / "spool"), "INBOUND_VIDEO_LOOKUP_ENABLED": "False",
        "INBOUND_PLATFORM_API_ENABLED": "False",
    }  # fmt: skip
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    log_file = tmp_path / "crawl.log"
    with log_file.open("w") as log:
        crawl = subprocess.Popen(command, cwd=tmp_path, env=crawl_env(tmp_path), stdout=log, stderr=log)
    return crawl, log_file


def worker_pids(log: str) -> list[int]:
    return [int(pid) for pid in re.findall(r"worker \d of 2 started \(pid (\d+)\)", log)]


def slow_sites(stack: ExitStack, tmp_path: Path, first_host: int) -> list[RecordingSite]:
    """Four sites of 20 pages answering 0.3 s late: their crawls last long enough to be cut short."""
    return [
        stack.enter_context(
            RecordingSite(write_site(tmp_path / f"site{n}", 20), host=f"127.0.0.{first_host + n}", delay=0.3)
        )
        for n in range(4)
    ]


def wait_for_pages(sites: list[RecordingSite]) -> None:
    deadline = time.monotonic() + 60
    while not all(site.paths for site in sites) and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_killed_worker_has_its_sites_reported_failed(tmp_path: Path, mongo_uri: str, mongo_db: Database) -> None:
    with ExitStack() as stack:
        sites = slow_sites(stack, tmp_path, 30)
        crawl, log_file = start_list(tmp_path, [site.url for site in sites], mongo_uri, mongo_db.name)
        try:
            # Worker 2 crawls the second and fourth sites: killed once it asked both for a page.
            wait_for_pages([sites[1], sites[3]])
            pids = worker_pids(log_file.read_text())
            assert len(pids) == 2 and sites[1].paths, log_file.read_text()[-3000:]
            os.kill(pids[1], signal.SIGKILL)
            crawl.wait(timeout=180)
        finally:
            if crawl.poll() is None:
                crawl.kill()
    text = log_file.read_text()
    run = mongo_db.runs.find_one()
    assert run is not None, text[-3000:]
    statuses = [entry["status"] for entry in run["sites"]]
    assert statuses == ["done", "failed", "done", "failed"], (run["sites"], text[-3000:])
    for entry in run["sites"][1::2]:
        assert "its worker process (2 of 2) ended (killed by SIGKILL)" in entry["reason"], entry
    assert (run["status"], run["sites_done"], run["sites_failed"]) == ("finished", 2, 2)
    assert "worker 2 of 2 ended (killed by SIGKILL) before its last report: 2 of its sites reported failed" in text
    assert crawl.returncode == 0  # two sites were audited, as a list without workers


def test_sigterm_stops_the_workers(tmp_path: Path, mongo_uri: str, mongo_db: Database) -> None:
    with ExitStack() as stack:
        sites = slow_sites(stack, tmp_path, 40)
        crawl, log_file = start_list(tmp_path, [site.url for site in sites], mongo_uri, mongo_db.name)
        try:
            wait_for_pages(sites)
            pids = worker_pids(log_file.read_text())
            assert len(pids) == 2, log_file.read_text()[-3000:]
            crawl.send_signal(signal.SIGTERM)
            crawl.wait(timeout=60)
        finally:
            if crawl.poll() is None:
                crawl.kill()
    text = log_file.read_text()
    for pid in pids:  # each worker stopped, not left crawling on its own
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    run = mongo_db.runs.find_one()
    assert (run["finish_reason"], run["sites_total"]) == ("shutdown", 4), text[-3000:]
    assert "SIGTERM received: stopping the workers" in text
    for entry in run["sites"]:  # each cut short where it was, as a list without workers is
        assert (entry["status"], entry["reason"]) == ("failed", "the crawl ended early (shutdown)"), entry
        assert 0 < entry["pages"] < 21, entry
    assert "before its last report" not in text, text[-3000:]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a list takes one worker per CPU: one here")
def test_workers_write_each_site_its_own_feed_from_the_command_line(tmp_path: Path) -> None:
    """``-O FILE`` reaches the workers (as ``-s FEEDS=...``): each site's feed file, as without workers. No
    ``-a workers``: by default, a list outside Scrapyd takes one worker per CPU (never more than its sites)."""
    with ExitStack() as stack:
        sites = [
            stack.enter_context(RecordingSite(write_site(tmp_path / f"site{n}", 4), host=f"127.0.0.{50 + n}"))
            for n in range(2)
        ]
        result = run_crawl(
            "audit", "url=" + ",".join(site.url for site in sites), "render=never",
            settings={"INBOUND_MONGO_ENABLED": "False"}, options=("-O", "findings.jsonl"), tmp_path=tmp_path,
            timeout=120,
        )  # fmt: skip
    assert "2 sites to audit over 2 worker processes" in result.log, result.log[-3000:]
    assert "worker 2 of 2 started" in result.log, result.log[-3000:]
    for site in sites:
        feed = tmp_path / f"findings-{site.url.split('//')[1].rstrip('/').replace(':', '_')}.jsonl"
        assert feed.is_file(), result.log[-3000:]
        pages = {json.loads(line)["page_url"] for line in feed.read_text(encoding="utf-8").splitlines()}
        assert pages and all(page.startswith(site.url) for page in pages), pages
    assert not (tmp_path / "findings.jsonl").exists()


def test_workers_do_not_crawl_again_the_sites_an_earlier_run_audited(
    tmp_path: Path, mongo_uri: str, mongo_db: Database
) -> None:
    """``-a _run_id=`` with workers: the worker whose share holds an audited site skips it, and the parent's ``runs``
    document keeps that site's earlier entry, as without workers."""
    with ExitStack() as stack:
        sites = [
            stack.enter_context(RecordingSite(write_site(tmp_path / f"s{n}", 4), host=f"127.0.0.{60 + n}"))
            for n in range(3)
        ]
        first, *_ = site_run_ids("shard-w", 3)
        host = sites[0].url.split("/")[2]
        mongo_db.runs.insert_one({"_id": "shard-w", "sites": [{"run_id": first, "status": "done", "pages": 4}]})
        mongo_db.site_audits.insert_one({"_id": first, "site": host})
        result = run_crawl(
            "audit", "url=" + ",".join(site.url for site in sites), "max_pages=4", "_run_id=shard-w", "workers=2",
            mongo_uri=mongo_uri, database=mongo_db.name, settings=SETTINGS, tmp_path=tmp_path, timeout=240,
        )  # fmt: skip
    assert [len(site.paths) > 0 for site in sites] == [False, True, True], result.log[-3000:]
    run = mongo_db.runs.find_one({"_id": "shard-w"})
    assert (run["status"], run["sites_done"], run["sites_resumed"]) == ("finished", 3, 1), run
    assert (run["sites"][0]["resumed"], run["sites"][0]["pages"]) == (True, 4)
    assert [entry["run_id"] for entry in run["sites"]] == site_run_ids("shard-w", 3)
    assert mongo_db.site_audits.count_documents({"_id": {"$in": site_run_ids("shard-w", 3)}}) == 3
