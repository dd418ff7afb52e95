"""Auditing the past, end to end: the bundled Hamon replica as a (fake, local) Wayback Machine archived it at two
dates, and a local site audited from a WACZ of its responses without a request to it."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
from pymongo.database import Database

from inbound_spiders.items import ITEM_CLASS_BY_KIND
from inbound_spiders.localsite import LocalSite, _QuietHandler
from inbound_spiders.report.data import load_histories
from inbound_spiders.report.render import comparison_table, render_html, site_labels
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import DEMO_SITES, run_crawl
from tests.support.wayback import FakeWayback
from tests.test_capture_format import assert_valid_evidence, open_reference
from tests.test_lookups import lookup_settings, write_site_and_platforms

ORIGIN = "https://www.benoithamon2017.fr"
REPLICA = DEMO_SITES / "hamon2017"
BEFORE, AFTER = "20170218093000", "20170322101500"
TEAM_ARTICLE = f"{ORIGIN}/carnet-de-campagne/conference-de-presse-presentation-de-l-equipe-de-campagne/"
COUNCIL = f"{ORIGIN}/conseil-citoyen/"


@pytest.fixture(scope="module")
def wayback(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeWayback]:
    """The replica captured on 18 February 2017, and again on 22 March 2017 after the citizen council grew from 221
    to 400 participants; the council's first CDX query is answered 429 (too many requests)."""
    later = tmp_path_factory.mktemp("hamon-march") / "site"
    shutil.copytree(REPLICA, later)
    council = later / "conseil-citoyen" / "index.html"
    text = council.read_text(encoding="utf-8")
    assert '<span class="count">221</span> participants' in text
    council.write_text(text.replace('<span class="count">221</span>', '<span class="count">400</span>'), "utf-8")
    busy = "/cdx/search/cdx?url=https%3A%2F%2Fwww.benoithamon2017.fr%2Fconseil-citoyen%2F"
    redirects = {"/accueil/": "/"}
    with FakeWayback(ORIGIN, {BEFORE: REPLICA, AFTER: later}, busy=(busy,), redirects=redirects) as server:
        yield server


def wayback_crawl(
    as_of: str,
    wayback: FakeWayback,
    mongo_uri: str,
    db: Database,
    tmp_path: Path,
    *arguments: str,
    start: str = f"{ORIGIN}/",
) -> tuple[dict[str, Any], str]:
    tmp_path.mkdir()
    crawl = run_crawl(
        "audit", f"url={start}", f"as_of={as_of}", *arguments,
        mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path,
        settings={
            "INBOUND_WAYBACK_URL": wayback.url, "INBOUND_WAYBACK_DELAY": "0", "INBOUND_WAYBACK_BACKOFF_SECONDS": "0.1",
        },
    )  # fmt: skip
    runs = list(db.runs.find({"arguments.as_of": as_of}))
    assert len(runs) == 1, crawl.log[-3000:]
    return runs[0], crawl.log


def findings(db: Database, run_id: str) -> list[dict[str, Any]]:
    return [
        document for collection in COLLECTION_BY_KIND.values() for document in db[collection].find({"run_id": run_id})
    ]


def test_the_site_as_archived_at_two_dates_original_urls_captures_and_growth_in_date_order(
    wayback: FakeWayback, mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    # A live audit of the site today, with many more participants: never the archive's previous audit.
    mongo_db.site_audits.insert_one(
        {"_id": "live-today", "run_id": "live-today", "site": "benoithamon2017.fr", "source": "live",
         "audited_at": datetime.now(UTC),
         "metrics": {"participants": 100000}}
    )  # fmt: skip
    evidence = tmp_path / "evidence" / "hamon-2017-02-20.wacz"
    first, log = wayback_crawl("2017-02-20", wayback, mongo_uri, mongo_db, tmp_path / "first", f"capture={evidence}")
    stats = first["stats"]
    assert first["status"] == "finished", log[-3000:]
    assert (first["source"], first["as_of"], first["archived_at"]) == (
        "wayback",
        "2017-02-20T12:00:00Z",
        "2017-02-18T09:30:00Z",
    )
    assert stats["inbound/pages/audited"] >= 20
    # Every request of the crawl went to the archive (no robots.txt, no live site), the 429 was waited out.
    assert stats["downloader/request_count"] == len(wayback.requests)
    assert not [path for path in wayback.requests if "robots.txt" in path]
    assert stats["inbound/archive/wayback/retries"] == 1 and wayback.answers[429] == 1
    assert stats.get("inbound/archive/not_archived", 0) == 0

    documents = findings(mongo_db, first["_id"])
    assert documents and all(document["site"] == "benoithamon2017.fr" for document in documents)
    assert all(document["page_url"].startswith(f"{ORIGIN}/") for document in documents)
    assert {document["archived_at"] for document in documents} == {"2017-02-18T09:30:00Z"}
    assert all(
        document["snapshot_url"] == f"{wayback.url}/web/{BEFORE}/{document['page_url']}" for document in documents
    )

    # The seed's findings (tests/test_seed_checklist.py), read from the archive.
    [council] = mongo_db.contribution_platforms.find({"run_id": first["_id"]})
    assert (council["participants"], council["contributions"], council["votes"]) == (221, 192, 661)
    assert council["page_url"] == COUNCIL and council["snapshot_url"] == f"{wayback.url}/web/{BEFORE}/{COUNCIL}"
    [team] = mongo_db.team_pages.find({"run_id": first["_id"]})
    assert team["page_url"] == TEAM_ARTICLE and team["presentation"] == "organigramme" and len(team["members"]) >= 15
    team_videos = [video for video in mongo_db.videos.find({"run_id": first["_id"]}) if TEAM_ARTICLE in video["pages"]]
    assert [video["duration_seconds"] for video in team_videos] == [50 * 60 + 12]
    actions = {document["action"] for document in mongo_db.calls_to_action.find({"run_id": first["_id"]})}
    assert {"donate", "volunteer", "download"} <= actions
    tracts = {
        document["target_url"]
        for document in mongo_db.calls_to_action.find({"run_id": first["_id"], "action": "download"})
        if "tract" in document["target_url"]
    }
    assert len(tracts) == 6

    # The evidence is the pages as the archive held them: original URLs, dated when captured, read from the snapshots
    # (the CDX queries are not pages); each finding opens its page's record, the replica's file as it was.
    records = assert_valid_evidence(evidence, documents, REPLICA)
    assert all(url.startswith(f"{ORIGIN}/") for url, _ in records)
    assert len(records) == stats["inbound/archive/pages_served"] == first["capture"]["records"]
    for (url, timestamp), record in records.items():
        assert (timestamp, record.rec_headers.get_header("WARC-Date")) == (BEFORE, "2017-02-18T09:30:00Z")
        assert record.rec_headers.get_header("WARC-Source-URI") == f"{wayback.url}/web/{BEFORE}id_/{url}"
    council_record = open_reference(council["capture"])
    assert b'<span class="count">221</span> participants' in council_record.body

    first_audit = mongo_db.site_audits.find_one({"_id": first["_id"]})
    assert (first_audit["source"], first_audit["archived_at"]) == ("wayback", "2017-02-18T09:30:00Z")
    assert first_audit["previous_run_id"] is None  # the live audit of today is kept apart
    assert first_audit["checks"]["participation_growth"]["result"] == "unknown"

    second, log = wayback_crawl("2017-03-20", wayback, mongo_uri, mongo_db, tmp_path / "second")
    assert second["archived_at"] == "2017-03-22T10:15:00Z", log[-3000:]
    [council] = mongo_db.contribution_platforms.find({"run_id": second["_id"]})
    assert council["participants"] == 400 and council["archived_at"] == "2017-03-22T10:15:00Z"
    second_audit = mongo_db.site_audits.find_one({"_id": second["_id"]})
    assert second_audit["previous_run_id"] == first["_id"]
    growth = second_audit["checks"]["participation_growth"]
    assert growth["result"] == "pass" and growth["details"]["previous_participants"] == 221
    # The first date's findings are still there, under their own keys.
    assert mongo_db.contribution_platforms.count_documents({"participants": 221}) == 1

    # The report shows the archived site apart from today's, its audits in the order of the dates they describe.
    histories = {history.key: history for history in load_histories(mongo_db)}
    archived = histories["benoithamon2017.fr@wayback"]
    assert [audit["_id"] for audit in archived.audits] == [first["_id"], second["_id"]]
    assert [value for _, value in archived.points("participants")] == [221, 400]
    assert [audit["_id"] for audit in histories["benoithamon2017.fr"].audits] == ["live-today"]
    assert site_labels([archived])[archived.key] == "Benoît Hamon 2017 as of 22 Mar 2017 (Wayback Machine)"
    # The table speaks the site's language, or the one asked for.
    assert "benoithamon2017.fr au 22 mars 2017 (Wayback Machine)" in comparison_table([archived])
    assert "benoithamon2017.fr as of March 22, 2017 (Wayback Machine)" in comparison_table([archived], "en")
    # In the HTML report, the archived site's participants over time: the two dates, left to right, 221 then 400.
    html = render_html(list(histories.values()), generated_at="2026-12-07T00:00:00Z", language="en")
    points = re.findall(r'<circle class="point" cx="([\d.]+)"[^>]*><title>([^<]*): (\d+)</title>', html)
    label = "Benoît Hamon 2017 as of March 22, 2017 (Wayback Machine)"
    participants = [(float(x), title, int(value)) for x, title, value in points if int(value) > 100]
    assert participants == [
        (participants[0][0], f"{label} February 18, 2017", 221),
        (participants[1][0], f"{label} March 22, 2017", 400),
    ]
    assert participants[0][0] < participants[1][0]


class CountingHandler(_QuietHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        super().do_GET()


def write_wacz(site: LocalSite, folder: Path, wacz: Path) -> int:
    """A WACZ of every file of ``folder`` as ``site`` serves it (its WARC written by warcio); the records' count."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = io.BytesIO()
    writer = WARCWriter(warc, gzip=True)
    count = 0
    for file in sorted(folder.rglob("*")):
        if not file.is_file():
            continue
        path = file.relative_to(folder).as_posix()
        url = site.url + (path.removesuffix("index.html") if path.endswith("index.html") else path)
        with urlopen(url) as answer:
            body = answer.read()
            headers = StatusAndHeaders(f"{answer.status} {answer.reason}", list(answer.headers.items()), "HTTP/1.0")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": "2017-02-20T10:00:00Z"},
        )  # fmt: skip
        writer.write_record(record)
        count += 1
    with zipfile.ZipFile(wacz, "w") as package:
        package.writestr("archive/data.warc.gz", warc.getvalue(), compress_type=zipfile.ZIP_STORED)
        package.writestr("datapackage.json", '{"profile": "data-package", "resources": []}')
    return count


def comparable(documents: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    """What a finding says (kind, page, identity fields), whatever run or source found it."""
    identity = {kind: cls.identity_fields for kind, cls in ITEM_CLASS_BY_KIND.items()}
    return {
        (document["kind"], document["page_url"], repr([document.get(name) for name in identity[document["kind"]]]))
        for document in documents
    }


def test_a_wacz_of_the_site_gives_the_live_crawls_findings_without_a_request(
    mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    with LocalSite(REPLICA) as site:
        requests: list[str] = []
        site.server.RequestHandlerClass = partial(  # type: ignore[assignment]
            type("Counting", (CountingHandler,), {"requests": requests}), directory=str(REPLICA)
        )
        live = run_crawl("audit", f"url={site.url}", mongo_uri=mongo_uri, database=mongo_db.name, tmp_path=tmp_path)
        [live_run] = mongo_db.runs.find({"arguments.archive": {"$exists": False}})
        assert live_run["status"] == "finished", live.log[-3000:]
        wacz = tmp_path / "hamon.wacz"
        assert write_wacz(site, REPLICA, wacz) > 40
        before = len(requests)
        evidence = tmp_path / "evidence.wacz"
        archived = run_crawl(
            "audit", f"url={site.url}", f"archive={wacz}", f"capture={evidence}",
            mongo_uri=mongo_uri, database=mongo_db.name, tmp_path=tmp_path,
        )  # fmt: skip
        assert len(requests) == before, requests[before:]
    [archive_run] = mongo_db.runs.find({"arguments.archive": str(wacz)})
    assert archive_run["status"] == "finished", archived.log[-3000:]
    assert (archive_run["source"], archive_run["archived_at"]) == ("archive", "2017-02-20T10:00:00Z")
    stats = archive_run["stats"]
    assert stats["inbound/archive/indexed_pages"] > 40
    assert stats["inbound/pages/audited"] == live_run["stats"]["inbound/pages/audited"]
    # Not a request went through the downloader (robots.txt, platform look-ups included): every page was served.
    assert "downloader/request_count" not in stats and stats["inbound/archive/pages_served"] > 20

    live_findings, archive_findings = findings(mongo_db, live_run["_id"]), findings(mongo_db, archive_run["_id"])
    assert live_findings and comparable(archive_findings) == comparable(live_findings)
    assert {document["archived_at"] for document in archive_findings} == {"2017-02-20T10:00:00Z"}
    assert {document.get("archived_at") for document in live_findings} == {None}
    # The evidence of the archived audit is the pages as the archive held them, dated when they were captured.
    records = assert_valid_evidence(evidence, archive_findings, REPLICA)
    source = f"{wacz.resolve().as_uri()}#archive/data.warc.gz"
    assert len(records) == stats["inbound/archive/pages_served"] == archive_run["capture"]["records"]
    for (url, timestamp), record in records.items():
        assert url.startswith(site.url) and timestamp == "20170220100000"
        assert record.rec_headers.get_header("WARC-Date") == "2017-02-20T10:00:00Z"
        assert record.rec_headers.get_header("WARC-Source-URI") == source
    audits = {audit["_id"]: audit for audit in mongo_db.site_audits.find()}
    assert audits[archive_run["_id"]]["capture"] == str(evidence)
    assert audits[archive_run["_id"]]["source"] == "archive" and audits[live_run["_id"]]["source"] == "live"
    assert audits[archive_run["_id"]]["previous_run_id"] is None  # the live audit is another source
    # The report keeps them apart: the site's live history, and its history as the archive holds it.
    site_key = audits[live_run["_id"]]["site"]
    histories = {history.key: [audit["_id"] for audit in history.audits] for history in load_histories(mongo_db)}
    assert histories == {site_key: [live_run["_id"]], f"{site_key}@archive": [archive_run["_id"]]}


def test_an_archived_redirect_is_followed_by_its_original_url(
    wayback: FakeWayback, mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    run, log = wayback_crawl(
        "2017-02-20", wayback, mongo_uri, mongo_db, tmp_path / "moved", "max_pages=2", start=f"{ORIGIN}/accueil/"
    )
    assert run["status"] == "finished", log[-3000:]
    # The archive answers 301, and the page served from it is that redirect, to its original URL.
    assert run["stats"]["downloader/response_status_count/301"] == 2
    assert run["archived_at"] == "2017-02-18T09:30:00Z"
    home = {document["page_url"] for document in findings(mongo_db, run["_id"]) if document["depth"] == 0}
    assert home == {f"{ORIGIN}/"}


def test_an_archived_audit_asks_the_platforms_only_when_told(
    mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    site_folder, platform_folder = write_site_and_platforms(tmp_path)
    with LocalSite(site_folder) as site, LocalSite(platform_folder) as platforms:
        wacz = tmp_path / "videos.wacz"
        write_wacz(site, site_folder, wacz)
        settings = lookup_settings(platforms.url)

        def audit(*arguments: str) -> tuple[dict[str, Any], dict[tuple[str, str], Any]]:
            crawl = run_crawl(
                "audit", f"url={site.url}", f"archive={wacz}", *arguments,
                mongo_uri=mongo_uri, database=mongo_db.name, tmp_path=tmp_path, settings=settings,
            )  # fmt: skip
            [run] = mongo_db.runs.find(sort=[("started_at", -1)], limit=1)
            assert run["status"] == "finished", crawl.log[-3000:]
            videos = {(video["platform"], video["presentation"]): video for video in mongo_db.videos.find()}
            return run, {name: video["duration_seconds"] for name, video in videos.items()}

        # Look-ups enabled in the settings, yet not made: the platforms' answer today is not the page's in 2017.
        run, lengths = audit()
        assert not [name for name in run["stats"] if name.startswith("inbound/lookup/")], run["stats"]
        assert "downloader/request_count" not in run["stats"]
        assert lengths == {("youtube", "player"): None, ("dailymotion", "player"): None, ("youtube", "link"): None}
        # Asked for with -a lookups=on: made.
        run, lengths = audit("lookups=on")
        assert run["stats"]["inbound/lookup/video/requested"] == 2
        assert lengths == {("youtube", "player"): 212, ("dailymotion", "player"): 3012, ("youtube", "link"): None}
        [forum] = mongo_db.contribution_platforms.find({"run_id": run["_id"]})
        assert (forum["participants"], forum["counts_source"]) == (340, "platform_api")
