"""A finding repeated on many pages is one item per crawl; storage still knows every page that showed it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymongo
from pymongo.database import Database

from inbound_spiders.embedded import free_port
from inbound_spiders.localsite import LocalSite
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import run_crawl


def _crawl(site: LocalSite, mongo_uri: str, database: str, tmp_path: Path, *, collapse: bool) -> list[dict]:
    feed = tmp_path / f"items-{collapse}.jsonl"
    crawl = run_crawl(
        "audit", f"url={site.url}", mongo_uri=mongo_uri, database=database, tmp_path=tmp_path,
        settings={"INBOUND_COLLAPSE_REPEATS": str(collapse)}, options=("-O", str(feed)),
    )  # fmt: skip
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert items, crawl.log[-3000:]
    return items


def _documents(db: Database) -> dict[str, dict]:
    return {doc["_id"]: doc for name in COLLECTION_BY_KIND.values() for doc in db[name].find()}


def test_repeats_are_collapsed_into_the_same_documents_and_counts(
    hamon_site: LocalSite, mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    collapsed = _crawl(hamon_site, mongo_uri, mongo_db.name, tmp_path, collapse=True)
    with pymongo.MongoClient(mongo_uri, tz_aware=True) as client:
        every_sighting_db = client[f"{mongo_db.name}_all"]
        try:
            every_sighting = _crawl(hamon_site, mongo_uri, every_sighting_db.name, tmp_path, collapse=False)
            reference = _documents(every_sighting_db)
            reference_run = every_sighting_db.runs.find_one()
            reference_audit = every_sighting_db.site_audits.find_one()
        finally:
            client.drop_database(every_sighting_db.name)

    keys = [item["key"] for item in collapsed]
    assert len(every_sighting) > len(collapsed), "the replica repeats its header and footer on every page"

    stored = _documents(mongo_db)
    assert set(stored) == set(reference) == set(keys)
    site_wide = [doc for doc in stored.values() if doc["page_count"] >= 10]
    assert site_wide, "the header's donate button is on every page"
    for key, document in stored.items():
        assert document["page_count"] == reference[key]["page_count"], (key, document["pages"])
        assert len(set(document["pages"])) == min(document["page_count"], 20)
        if document["page_count"] <= 20:
            assert set(document["pages"]) == set(reference[key]["pages"])

    run = mongo_db.runs.find_one()
    stats = run["stats"]
    # A finding is yielded once per crawl, or again when a later page states more about it.
    refined = sum(value for name, value in stats.items() if name.startswith("inbound/items/refined/"))
    assert len(keys) - len(set(keys)) == refined < len(set(keys)) / 10
    repeated = sum(value for name, value in stats.items() if name.startswith("inbound/items/repeated/"))
    assert repeated == len(every_sighting) - len(collapsed)
    # The press conference is stated 50:12 on the video listing, PT50M12S in its article's metadata: the article wins.
    press_conference = next(doc for doc in stored.values() if doc.get("duration_seconds") == 3012)
    assert press_conference["duration_source"] == "schema_org"
    assert "conference-de-presse" in press_conference["page_url"]
    assert press_conference["page_count"] >= 2
    assert "inbound/items/repeated/call_to_action" not in reference_run["stats"]
    audit = mongo_db.site_audits.find_one()
    assert audit["overall_score"] == reference_audit["overall_score"]
    assert audit["categories"] == reference_audit["categories"]


def test_findings_released_by_a_failed_lookup_are_collapsed_too(hamon_site: LocalSite, tmp_path: Path) -> None:
    """Videos wait for their platform's answer; when the lookup cannot be made, the errback releases them, and
    errback output does not pass through spider middlewares: the spider itself lets a finding through once."""
    closed = f"http://127.0.0.1:{free_port()}/"
    feed = tmp_path / "items.jsonl"
    crawl = run_crawl(
        "audit", f"url={hamon_site.url}", tmp_path=tmp_path, options=("-O", str(feed)),
        settings={
            "INBOUND_MONGO_ENABLED": "False",
            "INBOUND_VIDEO_LOOKUP_ENABLED": "True",
            "INBOUND_VIDEO_LOOKUP_URLS": json.dumps({"youtube": closed, "dailymotion": closed, "vimeo": closed}),
            "RETRY_TIMES": "0",
        },
    )  # fmt: skip
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert "inbound/lookup/video/failed" in crawl.log, crawl.log[-3000:]
    videos = [item["key"] for item in items if item["kind"] == "video"]
    refined = re.findall(r"'inbound/items/refined/video': (\d+)", crawl.log)
    assert len(videos) - len(set(videos)) == (int(refined[0]) if refined else 0), crawl.log[-3000:]
    assert re.search(r"'inbound/items/repeated/video': \d+", crawl.log), "the replica shows videos on several pages"
