"""Keeping the evidence: a crawl of a local site with ``-a capture=`` writes every page it read into a WACZ whose
index points at the right records, that ``-a archive=`` audits again offline with the same findings, and that each
finding and the report refer to."""

from __future__ import annotations

import hashlib
import json
import zipfile
from functools import partial
from pathlib import Path

import pytest
from pymongo.database import Database

from inbound_spiders.archives import ArchiveIndex
from inbound_spiders.capture import (
    INDEX_MEMBER,
    PAGES_MEMBER,
    RENDERED_PREFIX,
    WARC_MEMBER,
    CaptureArgumentError,
    capture_path,
    parse_capture_reference,
    surt,
)
from inbound_spiders.localsite import LocalSite
from inbound_spiders.rendering import INSTALL_HINT, find_browser
from inbound_spiders.report.data import load_histories
from inbound_spiders.report.render import render_html
from tests.conftest import DEMO_SITES, run_crawl
from tests.support.render_sites import write_render_site
from tests.test_archive_crawls import CountingHandler, comparable, findings
from tests.test_capture_format import assert_valid_evidence, index_lines, record_at

REPLICA = DEMO_SITES / "hamon2017"


def test_capture_argument_must_name_a_wacz() -> None:
    assert capture_path(None) is None and capture_path("x/run.wacz") == Path("x/run.wacz")
    with pytest.raises(CaptureArgumentError, match="capture="):
        capture_path("run.zip")
    assert surt("https://www.Example.org:8080/A?b=1") == "org,example:8080)/a?b=1"
    assert surt("http://127.0.0.1:8017/a/") == "1,0,0,127:8017)/a/"


def test_a_captured_crawl_keeps_every_page_and_is_audited_again_offline(
    mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    wacz = tmp_path / "captures" / "hamon.wacz"
    with LocalSite(REPLICA) as site:
        requests: list[str] = []
        site.server.RequestHandlerClass = partial(  # type: ignore[assignment]
            type("Counting", (CountingHandler,), {"requests": requests}), directory=str(REPLICA)
        )
        live = run_crawl(
            "audit", f"url={site.url}", f"capture={wacz}", mongo_uri=mongo_uri, database=mongo_db.name,
            tmp_path=tmp_path,
        )  # fmt: skip
        before = len(requests)
        archived = run_crawl(
            "audit", f"url={site.url}", f"archive={wacz}",
            mongo_uri=mongo_uri, database=mongo_db.name, tmp_path=tmp_path,
        )  # fmt: skip
        assert len(requests) == before, requests[before:]
    [live_run] = mongo_db.runs.find({"arguments.capture": str(wacz)})
    assert live_run["status"] == "finished", live.log[-3000:]
    stats = live_run["stats"]
    audited = stats["inbound/pages/audited"]
    assert audited >= 20
    # The runs document refers to the capture; every page audited is in it, every response downloaded recorded.
    assert live_run["capture"] == {
        "path": str(wacz),
        "pages": audited,
        "records": stats["downloader/response_count"],
        "bytes": wacz.stat().st_size,
    }
    assert stats["inbound/capture/pages"] == audited and "inbound/capture/errors" not in stats

    with zipfile.ZipFile(wacz) as package:
        assert {"datapackage.json", WARC_MEMBER, INDEX_MEMBER, PAGES_MEMBER} <= set(package.namelist())
        assert package.getinfo(WARC_MEMBER).compress_type == zipfile.ZIP_STORED  # replay reads it by range
        datapackage = json.loads(package.read("datapackage.json"))
        assert (datapackage["profile"], datapackage["wacz_version"]) == ("data-package", "1.1.1")
        for resource in datapackage["resources"]:
            data = package.read(resource["path"])
            assert resource["bytes"] == len(data) and resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
        header, *pages = [json.loads(line) for line in package.read(PAGES_MEMBER).decode().splitlines()]
        assert header["format"] == "json-pages-1.0" and len(pages) == audited
        assert len({page["url"] for page in pages}) == audited and all(page["title"] for page in pages)

        # The CDXJ index is sorted, and each line's offset and length are exactly its record.
        entries = index_lines(package)
        assert len(entries) == live_run["capture"]["records"]
        assert [(key, ts) for key, ts, _ in entries] == sorted((key, ts) for key, ts, _ in entries)
        for key, timestamp, fields in entries:
            record = record_at(package, int(fields["offset"]), int(fields["length"]))
            assert record.rec_headers.get_header("WARC-Target-URI") == fields["url"] and key == surt(fields["url"])
            assert (
                record.rec_headers.get_header("WARC-Date").replace("-", "").replace(":", "").replace("T", "")[:14]
                == timestamp
            )
            assert record.http_headers.get_statuscode() == fields["status"]
            assert record.rec_headers.get_header("WARC-Payload-Digest") == fields["digest"]
        by_record = {(fields["url"], timestamp): fields for _, timestamp, fields in entries}

    # py-wacz validates it, and each finding's capture reference opens the record of its page as the site sent it.
    live_findings = findings(mongo_db, live_run["_id"])
    assert_valid_evidence(wacz, live_findings, REPLICA)

    # The project's own archive reader opens it: one page per URL downloaded.
    index = ArchiveIndex.build((wacz,))
    assert index.pages == len({fields["url"] for fields in by_record.values()})

    # Audited again from the WACZ, with no request to the site: the same findings.
    [archive_run] = mongo_db.runs.find({"arguments.archive": str(wacz)})
    assert archive_run["status"] == "finished", archived.log[-3000:]
    assert archive_run["stats"]["inbound/pages/audited"] == audited
    assert comparable(findings(mongo_db, archive_run["_id"])) == comparable(live_findings)

    # The site audit refers to the WACZ, and the report links each piece of evidence to its page in it.
    audit = mongo_db.site_audits.find_one({"_id": live_run["_id"]})
    assert audit["capture"] == str(wacz)
    [history] = [history for history in load_histories(mongo_db) if history.latest["_id"] == live_run["_id"]]
    html = render_html([history], generated_at="2026-12-07T00:00:00Z", language="en")
    source = wacz.resolve().as_uri().replace(":", "%3A").replace("/", "%2F")
    assert html.count(f"https://replayweb.page/?source={source}#view=pages&amp;url=") >= 5


def test_a_capture_that_cannot_be_written_loses_nothing_of_the_crawl(
    mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("in the way")
    with LocalSite(REPLICA) as site:
        crawl = run_crawl(
            "audit", f"url={site.url}", "max_pages=5", mongo_uri=mongo_uri, database=mongo_db.name,
            tmp_path=tmp_path, settings={"INBOUND_CAPTURE_DIR": str(not_a_folder / "captures")},
        )  # fmt: skip
    [run] = mongo_db.runs.find()
    assert run["status"] == "finished", crawl.log[-3000:]
    assert run["stats"]["inbound/capture/errors"] == 1 and run["capture"] is None
    assert crawl.log.count("[capture] the capture cannot be written") == 1
    assert run["stats"]["inbound/pages/audited"] == 5 and findings(mongo_db, run["_id"])


def test_a_rendered_page_keeps_its_dom_as_a_record_of_its_own(
    mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    if find_browser() is None:
        pytest.fail(INSTALL_HINT)
    wacz = tmp_path / "rivers.wacz"
    with LocalSite(write_render_site(tmp_path / "site")) as site:
        crawl = run_crawl(
            "audit", f"url={site.url}", "render=auto", f"capture={wacz}",
            mongo_uri=mongo_uri, database=mongo_db.name, tmp_path=tmp_path, timeout=120,
            settings={"INBOUND_RENDER_SETTLE_MS": "1000", "INBOUND_AUDIT_ENABLED": "False"},
        )  # fmt: skip
    [run] = mongo_db.runs.find()
    stats = run["stats"]
    assert run["status"] == "finished", crawl.log[-3000:]
    assert stats["inbound/capture/rendered"] == stats["inbound/render/rendered"] == 3
    assert run["capture"]["pages"] == stats["inbound/pages/audited"]
    share = f"{site.url}share/"
    with zipfile.ZipFile(wacz) as package:
        entries = {(fields["url"], timestamp): fields for _, timestamp, fields in index_lines(package)}
        assert len([url for url, _ in entries if url.startswith(RENDERED_PREFIX)]) == 3
        # The share buttons a script injected are in the rendered record, not in the page as the server sent it.
        [rendered] = [fields for (url, _), fields in entries.items() if url == RENDERED_PREFIX + share]
        [static] = [fields for (url, _), fields in entries.items() if url == share]
        dom = record_at(package, int(rendered["offset"]), int(rendered["length"]))
        sent = record_at(package, int(static["offset"]), int(static["length"]))
        assert dom.rec_type == "resource" and sent.rec_type == "response"
        intents = [widget["href"] for widget in mongo_db.share_widgets.find({"page_url": share}) if widget.get("href")]
        assert intents and intents[0].encode() not in sent.body
        assert intents[0].replace("&", "&amp;").encode() in dom.body or intents[0].encode() in dom.body
        # The findings of a rendered page refer to its rendered record.
        for document in mongo_db.share_widgets.find({"page_url": share}):
            path, url, timestamp = parse_capture_reference(document["capture"])
            assert (path, url) == (wacz, RENDERED_PREFIX + share) and (url, timestamp) in entries
    # py-wacz validates it; every finding's reference opens its page's record (a rendered page's: its DOM record).
    assert_valid_evidence(wacz, findings(mongo_db, run["_id"]), tmp_path / "site")
