"""End to end: crawl the demo replica over HTTP into a real MongoDB wire-protocol server, then query it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pymongo.database import Database

from inbound_spiders.contracts import load_schema, validator_for
from inbound_spiders.localsite import LocalSite
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import PROJECT, run_crawl

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


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((), "audit: missing -a url=https://example.org/ (the site to audit)"),
        (("-a", "url=https://example.org/", "-a", "max_pages=lots"), "audit: -a max_pages='lots': expected a positive"),
        (("-a", "url=ftp://example.org/"), "audit: -a url='ftp://example.org/': expected an http:// or https:// URL"),
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
