"""Reading a site from an archive, piece by piece: dates, the CDX answer, the capture chosen, Wayback URLs, the
WARC/WACZ index, the stamp of an archived finding, and which earlier audit an archived one is compared with."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from itemadapter import ItemAdapter
from pymongo.database import Database
from scrapy.crawler import Crawler

from inbound_spiders.archives import (
    ArchiveArgumentError,
    ArchiveIndex,
    Capture,
    archive_spec,
    cdx_query_url,
    nearest_capture,
    parse_as_of,
    parse_cdx,
    unwrap_wayback_url,
    url_key,
)
from inbound_spiders.audit.extension import previous_audit
from inbound_spiders.contracts import validator_for
from inbound_spiders.identity import stamp
from inbound_spiders.items import Video
from inbound_spiders.spiders.audit import AuditSpider
from inbound_spiders.spiders.base import SpiderArgumentError

WAYBACK = "https://web.archive.org"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-02-20", "2017-02-20T12:00:00"),
        ("20170220", "2017-02-20T12:00:00"),
        ("20170220103000", "2017-02-20T10:30:00"),
        ("2017-02-20T10:30:00Z", "2017-02-20T10:30:00"),
        ("2017-02-20T11:30:00+01:00", "2017-02-20T10:30:00"),
    ],
)
def test_as_of_dates(value: str, expected: str) -> None:
    assert parse_as_of(value) == at(expected)


def test_archive_arguments() -> None:
    assert archive_spec() is None
    wayback = archive_spec(as_of="2017-02-20")
    assert wayback is not None and (wayback.source, wayback.lookups) == ("wayback", False)
    assert wayback.edition == "wayback:20170220120000"
    assert archive_spec(as_of="2017-02-20", lookups="on").lookups is True  # type: ignore[union-attr]
    for arguments, message in [
        ({"as_of": "last spring"}, "-a as_of='last spring': expected a date"),
        ({"archive": "/nowhere/x.wacz"}, "no such file or folder"),
        ({"as_of": "2017-02-20", "lookups": "maybe"}, "-a lookups='maybe': expected on or off"),
        ({"lookups": "on"}, "applies to archived crawls only"),
    ]:
        with pytest.raises(ArchiveArgumentError, match=message):
            archive_spec(**arguments)
    # scrapy crawl checks them before starting, naming the argument.
    with pytest.raises(SpiderArgumentError, match="-a as_of="):
        AuditSpider.check_arguments(url="https://example.org/", as_of="yesterday")


def test_archive_argument_files(tmp_path: Path) -> None:
    with pytest.raises(ArchiveArgumentError, match=r"holds no \.warc"):
        archive_spec(archive=str(tmp_path))
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ArchiveArgumentError, match=r"expected a \.warc"):
        archive_spec(archive=str(tmp_path / "notes.txt"))
    (tmp_path / "b.warc.gz").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.wacz").write_bytes(b"")
    spec = archive_spec(archive=str(tmp_path))
    assert spec is not None and spec.source == "archive"
    assert [path.name for path in spec.files] == ["b.warc.gz", "a.wacz"]


def test_cdx_query_and_answer() -> None:
    query = cdx_query_url(WAYBACK, "https://www.example.org/a", at("2017-02-20T12:00:00"), timedelta(days=30))
    assert query.startswith(f"{WAYBACK}/cdx/search/cdx?url=https%3A%2F%2Fwww.example.org%2Fa&output=json")
    assert "from=20170121120000" in query and "to=20170322120000" in query
    answer = b'[["timestamp","original","statuscode"],["20170218093000","https://www.example.org/a","200"],' + (
        b'["2017","https://www.example.org/a","-"]]'
    )
    assert parse_cdx(answer) == [
        Capture(url="https://www.example.org/a", archived_at=at("2017-02-18T09:30:00"), status=200,
                timestamp="20170218093000")
    ]  # fmt: skip
    assert parse_cdx(b"[]") == parse_cdx(b"") == []


def test_the_nearest_success_within_the_window_is_read() -> None:
    def capture(when: str, status: int = 200) -> Capture:
        return Capture(url="https://example.org/", archived_at=at(when), status=status)

    as_of, window = at("2017-02-20T12:00:00"), timedelta(days=30)
    captures = [capture("2017-01-02"), capture("2017-02-25"), capture("2017-02-20T13:00:00", 301)]
    assert nearest_capture(captures, as_of, window) == captures[1]  # the redirect is nearer, the page is the page
    assert nearest_capture(captures[2:], as_of, window) == captures[2]  # a redirect when there is nothing else
    assert nearest_capture([capture("2016-06-01")], as_of, window) is None
    assert nearest_capture(captures, None, None) == captures[1]  # no date: the latest success


def test_wayback_urls_unwrap_to_the_original() -> None:
    original = "https://www.example.org/page?a=1"
    assert unwrap_wayback_url(f"{WAYBACK}/web/20170218093000id_/{original}", WAYBACK) == ("20170218093000", original)
    assert unwrap_wayback_url(f"/web/20170218093000/{original}", WAYBACK) == ("20170218093000", original)
    assert unwrap_wayback_url("/web/2017im_/https:/example.org/", WAYBACK) == ("2017", "https://example.org/")
    # A site's own /web/ path is not the archive's.
    assert unwrap_wayback_url("https://example.org/web/2017/post", WAYBACK) == (
        None,
        "https://example.org/web/2017/post",
    )


def test_url_key_joins_scheme_and_www_variants() -> None:
    assert url_key("http://example.org/a?b=1&a=2") == url_key("https://www.example.org/a?a=2&b=1")
    assert url_key("https://example.org/") == url_key("https://example.org") != url_key("https://example.org:8080/")


def warc_bytes(records: list[tuple[str, str, bytes, list[tuple[str, str]]]]) -> bytes:
    """A gzipped WARC of ``(url, WARC-Date, body, headers)`` responses, written by warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=True)
    for url, date, body, headers in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *headers], "HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date}
        )
        writer.write_record(record)
    return stream.getvalue()


def test_the_archive_index_serves_pages_of_warc_and_wacz_files(tmp_path: Path) -> None:
    (tmp_path / "old.warc.gz").write_bytes(
        warc_bytes([("http://example.org/", "2017-01-10T00:00:00Z", b"<p>January</p>", [])])
    )
    later = warc_bytes(
        [
            ("https://www.example.org/", "2017-03-10T00:00:00Z", b"<p>March</p>", []),
            # A body archived as the server compressed it: served decoded.
            ("https://example.org/team/", "2017-03-10T00:00:00Z", gzip.compress(b"<p>Team</p>"),
             [("Content-Encoding", "gzip")]),
        ]
    )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "later.wacz", "w") as package:
        package.writestr("archive/data.warc.gz", later)
        package.writestr("datapackage.json", "{}")
    spec = archive_spec(archive=str(tmp_path))
    assert spec is not None
    index = ArchiveIndex.build(spec.files)
    assert index.pages == 2

    latest = index.lookup("https://example.org/", None)
    assert latest is not None and index.read(latest)[2] == b"<p>March</p>"
    january = index.lookup("https://example.org/", at("2017-01-20T00:00:00"))
    assert january is not None and january.capture.archived_at == at("2017-01-10T00:00:00")
    assert index.read(january)[2] == b"<p>January</p>"
    team = index.lookup("http://www.example.org/team/", None)
    assert team is not None
    status, _, body = index.read(team)
    assert (status, body) == (200, b"<p>Team</p>")
    assert index.lookup("https://example.org/missing/", None) is None


def test_an_archived_finding_keeps_its_url_and_says_when_it_was_captured() -> None:
    video = Video(page_url="https://www.example.org/", platform="youtube", url="https://www.youtube.com/watch?v=a")
    live = stamp(video, site="example.org", run_id="r1", crawled_at="2026-12-07T10:00:00Z")
    capture = {"archived_at": "2017-02-18T09:30:00Z", "snapshot_url": f"{WAYBACK}/web/20170218093000/https://x.org/"}
    archived = stamp(
        video, site="example.org", run_id="r2", crawled_at="2026-12-07T10:00:00Z",
        capture=capture, edition="wayback:20170220120000",
    )  # fmt: skip
    assert (live.archived_at, live.snapshot_url) == (None, None)
    assert (archived.archived_at, archived.snapshot_url) == (capture["archived_at"], capture["snapshot_url"])
    assert archived.page_url == live.page_url and archived.key != live.key
    for item in (live, archived):
        assert list(validator_for("video").iter_errors(ItemAdapter(item).asdict())) == []


def test_archived_crawls_make_no_lookups_unless_asked() -> None:
    settings = {"INBOUND_MONGO_ENABLED": False, "INBOUND_RENDER_MODE": "never"}
    archived = AuditSpider.from_crawler(Crawler(AuditSpider, settings), url="https://x.org/", as_of="2017-02-20")
    asked = AuditSpider.from_crawler(
        Crawler(AuditSpider, settings), url="https://x.org/", as_of="2017-02-20", lookups="on"
    )
    live = AuditSpider.from_crawler(Crawler(AuditSpider, settings), url="https://x.org/")
    assert (archived.config.video_lookup_enabled, archived.config.platform_api_enabled) == (False, False)
    assert (asked.config.video_lookup_enabled, asked.config.platform_api_enabled) == (True, True)
    assert (live.config.video_lookup_enabled, live.archive) == (True, None)
    assert archived.crawler.settings.getbool("ROBOTSTXT_OBEY") is False
    assert archived.crawler.settings.getdict("DOWNLOAD_SLOTS")["web.archive.org"]["delay"] == 1.0
    assert archived.archive_fields() == {"source": "wayback", "as_of": "2017-02-20T12:00:00Z", "archived_at": None}


def test_growth_compares_audits_of_the_same_source_in_date_order(mongo_db: Database) -> None:
    now = datetime.now(UTC)
    mongo_db.site_audits.insert_many(
        [
            # Audited today, describing March, then January, then February 2017; a live audit; an old one (live).
            {"_id": "march", "run_id": "march", "site": "x.org", "source": "wayback", "audited_at": now,
             "archived_at": "2017-03-22T10:00:00Z", "metrics": {"participants": 400}},
            {"_id": "january", "run_id": "january", "site": "x.org", "source": "wayback", "audited_at": now,
             "archived_at": "2017-01-15T10:00:00Z", "metrics": {"participants": 100}},
            {"_id": "live", "run_id": "live", "site": "x.org", "source": "live", "audited_at": now - timedelta(days=1),
             "archived_at": None, "metrics": {"participants": 9000}},
            {"_id": "older", "run_id": "older", "site": "x.org", "audited_at": now - timedelta(days=9),
             "metrics": {"participants": 8000}},
            {"_id": "wacz", "run_id": "wacz", "site": "x.org", "source": "archive", "audited_at": now,
             "archived_at": "2017-02-01T10:00:00Z", "metrics": {"participants": 150}},
        ]
    )  # fmt: skip

    def previous(source: str, described_at: datetime | None, run_id: str = "new") -> str | None:
        found = previous_audit(mongo_db, "x.org", run_id, source=source, described_at=described_at)
        return found["run_id"] if found else None

    assert previous("wayback", at("2017-02-20T12:00:00")) == "january"
    assert previous("wayback", at("2017-04-01T00:00:00")) == "march"
    assert previous("wayback", at("2017-01-01T00:00:00")) is None
    assert previous("archive", at("2017-02-20T12:00:00")) == "wacz"
    assert previous("live", None) == "live"
    assert previous("live", None, run_id="live") == "older"  # audits written before sources were live ones


def test_a_profile_with_as_of_audits_the_archived_site_unless_told_live() -> None:
    from inbound_spiders.profiles import parse_profile
    from inbound_spiders.spiders.profiles import ProfileSpider

    profile = parse_profile(
        {"name": "old_site", "start_urls": ["https://x.org/"], "as_of": "2017-02-20"}, "old_site.json"
    )

    class OldSite(ProfileSpider, profile=profile):
        pass

    archived = OldSite.archive_argument()
    assert archived is not None and (archived.source, archived.as_of) == ("wayback", at("2017-02-20T12:00:00"))
    later = OldSite.archive_argument(as_of="2017-04-01")
    assert later is not None and later.as_of == at("2017-04-01T12:00:00")
    assert OldSite.archive_argument(as_of="live") is None
    with pytest.raises(Exception, match="as_of"):
        parse_profile({"name": "bad", "start_urls": ["https://x.org/"], "as_of": "last spring"}, "bad.json")
