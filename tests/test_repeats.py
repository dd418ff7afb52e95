"""A finding repeated on many pages is one item per crawl; storage still knows every page that showed it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pymongo
import pytest
from pymongo.database import Database
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Request

from inbound_spiders.embedded import free_port
from inbound_spiders.identity import stamp
from inbound_spiders.items import CallToAction
from inbound_spiders.localsite import LocalSite
from inbound_spiders.page.model import Page
from inbound_spiders.repeats import Sighting
from inbound_spiders.sanitize import repaired
from inbound_spiders.signals import findings_repeated
from inbound_spiders.spiders import base
from inbound_spiders.spiders.audit import AuditSpider
from inbound_spiders.stats import InboundStatsCollector
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


def test_a_pages_repeats_go_to_storage_in_one_signal_keyed_as_their_repaired_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every page shows the header's donate button (its label holding a lone surrogate: an identity field, so the
    key is that of the repaired label) and the footer's newsletter form: the start page yields both, stamped; each
    later page yields neither and announces both, in one ``findings_repeated`` signal."""
    donate = {"action": "donate", "element": "a", "target_url": "https://x.org/don", "label": "Faire un don \ud800"}
    newsletter = {"action": "newsletter", "element": "form", "target_url": None, "label": "Lettre"}

    def header_and_footer(page: Page) -> list[CallToAction]:
        return [CallToAction(page_url=page.url, **donate), CallToAction(page_url=page.url, **newsletter)]

    monkeypatch.setattr(base, "EXTRACTORS", {"call_to_action": header_and_footer})
    crawler = Crawler(AuditSpider, {"INBOUND_MONGO_ENABLED": False, "INBOUND_RENDER_MODE": "never"})
    spider = AuditSpider.from_crawler(crawler, url="https://x.org/")
    crawler.stats = InboundStatsCollector(crawler)
    announced: list[list[Sighting]] = []

    def receive(sightings: list[Sighting]) -> None:
        announced.append(sightings)

    crawler.signals.connect(receive, signal=findings_repeated)

    pages = ["https://x.org/", "https://x.org/a", "https://x.org/b"]
    yielded = [list(spider.findings(_page(url))) for url in pages]

    # What stamp() alone makes of the start page's findings: repaired first, then keyed.
    first = [
        stamp(repaired(CallToAction(page_url=pages[0], **fields)), site="x.org", run_id=spider.run_id, crawled_at="t")
        for fields in (donate, newsletter)
    ]
    assert [(item.key, item.label, item.run_id) for item in yielded[0]] == [
        (item.key, item.label, spider.run_id) for item in first
    ]
    assert yielded[1:] == [[], []]
    assert [[(s.key, s.kind, s.page_url) for s in sightings] for sightings in announced] == [
        [(item.key, "call_to_action", url) for item in first] for url in pages[1:]
    ]
    stats = crawler.stats.get_stats()
    assert stats["inbound/items/repeated/call_to_action"] == 4
    assert stats["inbound/findings/distinct"] == 2


def _page(url: str) -> HtmlResponse:
    body = b"<html lang='fr'><body><p>Bonjour</p></body></html>"
    return HtmlResponse(url, body=body, request=Request(url, meta={"depth": 1}))
