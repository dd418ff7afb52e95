"""End to end: crawl the demo replica over HTTP into a real MongoDB wire-protocol server, then query it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pymongo
import pytest
from pymongo.database import Database

from inbound_spiders.contracts import load_schema, validator_for
from inbound_spiders.embedded import LEASES, STATE_FILE, EmbeddedMongo
from inbound_spiders.identity import site_of
from inbound_spiders.localsite import LocalSite
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import DEMO_SITES, PROJECT, crawl_env, run_crawl

SUPPORT_SPIDERS = {"SPIDER_MODULES": "inbound_spiders.spiders,support_spiders"}


def _counts(db: Database) -> dict[str, int]:
    return {kind: db[collection].count_documents({}) for kind, collection in COLLECTION_BY_KIND.items()}


def test_crawl_stores_every_kind_keeps_rejects_and_recrawl_is_idempotent(
    hamon_site: LocalSite, mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    crawl = run_crawl(
        "audit_with_invalid_item", f"url={hamon_site.url}",
        mongo_uri=mongo_uri, database=mongo_db.name, settings=SUPPORT_SPIDERS, tmp_path=tmp_path,
    )  # fmt: skip
    counts = _counts(mongo_db)
    assert all(counts.values()), f"missing kinds: {counts}\n{crawl.log[-3000:]}"

    for kind, collection in COLLECTION_BY_KIND.items():
        required = set(load_schema(kind)["required"]) | set(load_schema("common")["required"])
        for document in mongo_db[collection].find():
            assert required - {"key"} <= set(document), f"{kind} {document['_id']} lacks {required - set(document)}"
            assert document["_id"].startswith(f"{kind}:")
            assert document["first_seen"] <= document["last_seen"]

    runs = list(mongo_db.runs.find())
    assert len(runs) == 1
    run = runs[0]
    assert run["status"] == "finished" and run["finish_reason"] == "finished"
    assert run["stats"]["inbound/pages/audited"] >= 15
    assert run["arguments"] == {"url": hamon_site.url}

    rejects = list(mongo_db.rejects.find())
    assert len(rejects) == 1
    assert rejects[0]["kind"] == "video" and rejects[0]["item"]["duration_seconds"] == -5
    assert {"field": "duration_seconds", "rule": "minimum"}.items() <= rejects[0]["errors"][0].items()
    assert "invalid video item from http://127.0.0.1" in crawl.log

    first_seen = {doc["_id"]: doc["first_seen"] for doc in mongo_db.videos.find()}
    run_crawl(
        "audit_with_invalid_item", f"url={hamon_site.url}",
        mongo_uri=mongo_uri, database=mongo_db.name, settings=SUPPORT_SPIDERS, tmp_path=tmp_path,
    )  # fmt: skip
    assert _counts(mongo_db) == counts
    assert mongo_db.runs.count_documents({}) == 2
    for document in mongo_db.videos.find():
        assert document["first_seen"] == first_seen[document["_id"]]
        assert document["last_seen"] > document["first_seen"]


def test_scrapy_list_shows_audit() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert "audit" in listed.stdout.split()


def test_feed_export_writes_valid_items_with_the_embedded_store(hamon_site: LocalSite, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    crawl = run_crawl("audit", f"url={hamon_site.url}", "max_pages=8", options=("-O", str(output)), tmp_path=tmp_path)
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines, crawl.log[-3000:]
    for line in lines:
        item = json.loads(line)
        assert list(validator_for(item["kind"]).iter_errors(item)) == [], item
    # No INBOUND_MONGO_URI: the crawl started its own embedded store under INBOUND_EMBEDDED_DATA_DIR, then stopped it.
    assert "[embedded] started nx-27017" in crawl.log and "[embedded] stopped nx-27017" in crawl.log
    assert (tmp_path / "embedded" / "db").is_dir()


def test_crawls_started_together_share_one_embedded_store(tmp_path: Path) -> None:
    """Three crawls of three sites started 2 s apart, each from its own working directory, plus ``inbound-report``
    while they run, all on the embedded store of one INBOUND_HOME (as Scrapyd runs its jobs): one server serves them
    all, every run finishes with its audit, nothing is left in the spool, and the last one to leave stops it."""
    home = tmp_path / "home"
    env = {**crawl_env(tmp_path), "INBOUND_HOME": str(home)}
    settings = {
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "2",  # a crawl lasts 20 s or more, so that the three overlap even on a busy machine
        "INBOUND_VIDEO_LOOKUP_ENABLED": "False",
        "INBOUND_PLATFORM_API_ENABLED": "False",
    }
    with ExitStack() as stack:
        sites = [stack.enter_context(LocalSite(DEMO_SITES / "hamon2017")) for _ in range(3)]
        crawls = []
        for number, site in enumerate(sites):
            if number:
                time.sleep(2)
            folder = tmp_path / f"cwd{number}"
            folder.mkdir()
            command = [sys.executable, "-m", "scrapy", "crawl", "audit", "-a", f"url={site.url}", "-a", "max_pages=10"]
            command += [option for name, value in settings.items() for option in ("-s", f"{name}={value}")]
            log = (folder / "crawl.log").open("w")
            stack.callback(log.close)
            crawls.append(subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT))
        time.sleep(1)
        report = subprocess.run(
            [sys.executable, "-m", "inbound_spiders.report.cli", "json"],
            cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        reported_at = datetime.now(UTC)
        for crawl in crawls:
            crawl.wait(timeout=240)
    logs = [(tmp_path / f"cwd{number}" / "crawl.log").read_text(encoding="utf-8") for number in range(3)]
    assert report.returncode == 0 and "sites" in json.loads(report.stdout), report.stderr[-3000:]

    data = home / "mongo"
    story = "\n".join(line for log in logs for line in log.splitlines() if "[embedded]" in line or "[runs]" in line)
    # One server: every line of the store's own log comes from one nx-27017 process, stopped by the last crawl.
    assert len(set(re.findall(r" - \[(\d+)\] - ", (data / "nx-27017.log").read_text()))) == 1, story
    assert sum(log.count("[embedded] started nx-27017") for log in logs) <= 1
    assert sum(log.count("[embedded] stopped nx-27017") for log in logs) == 1
    assert not (data / STATE_FILE).exists() and list((data / LEASES).iterdir()) == []
    assert not [path for path in (home / "spool").rglob("*") if path.is_file() and path.name != ".lock"], (
        "nothing may be left in the spool (its lock file aside)"
    )
    assert not any((tmp_path / f"cwd{number}" / "var").exists() for number in range(3))

    with EmbeddedMongo(data) as server, pymongo.MongoClient(server.uri, tz_aware=True) as client:
        runs = list(client.inbound.runs.find())
        audits = list(client.inbound.site_audits.find())
    assert len(runs) == 3, "\n".join(log[-2000:] for log in logs)
    assert [run["status"] for run in runs] == ["finished"] * 3, [run["finish_reason"] for run in runs]
    assert len({run["store"] for run in runs}) == 1, "the three crawls wrote to one server"
    # They ran at once, and the report read the store while they did.
    assert max(run["started_at"] for run in runs) < min(run["finished_at"] for run in runs)
    assert reported_at < max(run["finished_at"] for run in runs)
    assert sorted(audit["site"] for audit in audits) == sorted(site_of(site.url) for site in sites)
    assert {audit["_id"] for audit in audits} == {run["_id"] for run in runs}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((), "audit: missing -a url=https://example.org/ (the site to audit)"),
        (("-a", "url=https://example.org/", "-a", "max_pages=lots"), "audit: -a max_pages='lots': expected a positive"),
        (("-a", "url=ftp://example.org/"), "audit: -a url='ftp://example.org/': expected an http:// or https:// URL"),
        (("-a", "url=https://example.org/", "-a", "render=sometimes"), "audit: -a render='sometimes': expected one of"),
    ],
)
def test_a_bad_spider_argument_is_one_line_naming_it(arguments: tuple[str, ...], message: str) -> None:
    crawl = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "audit", *arguments],
        cwd=PROJECT, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert crawl.returncode == 2, crawl.stderr[-2000:]
    assert f": error: {message}" in crawl.stderr
    assert "Traceback" not in crawl.stderr and "[embedded] started" not in crawl.stderr


def test_a_site_of_which_no_page_could_be_audited_ends_with_exit_code_1(tmp_path: Path) -> None:
    """A refused connection (nothing listens on port 9): the crawl says so and exits 1, so scripts see it."""
    crawl = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "audit", "-a", "url=http://127.0.0.1:9/", "-a", "render=never",
         "-s", "INBOUND_MONGO_ENABLED=False", "-s", "RETRY_TIMES=0", "-O", str(tmp_path / "items.jsonl")],
        cwd=PROJECT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert crawl.returncode == 1, crawl.stderr[-3000:]
    assert "no page of the site could be audited" in crawl.stderr
    assert "Traceback" not in crawl.stderr
