"""Auditing a site as it was: from the Wayback Machine (the CDX API finds captures, raw ``id_`` snapshots are read) or
from WARC/WACZ files (read offline with warcio, from an index built when the crawl starts).

The spider keeps crawling original URLs; :class:`ArchiveMiddleware` serves each page request of an archived crawl
from the archive and gives the response back under the page's original URL, with the capture it came from in
``response.meta[CAPTURE_KEY]``. Extractors, link following, scope and the page budget never see an archive URL.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from w3lib.url import canonicalize_url

from inbound_spiders.config import InboundConfig

logger = logging.getLogger(__name__)

#: Where a crawl reads the site: the live site, the Wayback Machine, or WARC/WACZ files.
LIVE, WAYBACK, ARCHIVE = "live", "wayback", "archive"
#: ``Request.meta`` keys: a page request of an archived crawl (served from the archive), a request the archive
#: middleware makes itself (CDX query, snapshot: passed through), and the capture a response was served from.
ARCHIVE_PAGE_KEY = "inbound_archive_page"
ARCHIVE_FETCH_KEY = "inbound_archive_fetch"
CAPTURE_KEY = "inbound_capture"
#: Signal sent when :class:`ArchiveMiddleware` serves a page from the archive (the downloader's
#: ``response_downloaded`` is not sent for it): ``response`` and ``request`` (the page, under its original URL),
#: ``capture`` (the :class:`Capture` read) and ``source`` (where: the raw snapshot's URL, or the archive file's URI).
archived_page_served = object()
#: Files an archive argument may name, or a folder may hold.
ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wacz")
#: Statuses of the Wayback Machine asking a client to slow down.
RETRY_STATUSES = frozenset({429, 503})
MAX_BACKOFF_SECONDS = 300.0
#: Response headers that describe the archived transfer, not the page: warcio's content stream has undone them.
_TRANSFER_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})
_WAYBACK_PATH = re.compile(r"/web/(?P<timestamp>\d{1,14})(?:[a-z]{2}_)?/(?P<url>.+)$", re.DOTALL)


class ArchiveArgumentError(ValueError):
    """An ``-a as_of=``, ``-a archive=`` or ``-a lookups=`` value that cannot be used."""


@dataclass(frozen=True)
class ArchiveSpec:
    """Where an archived crawl reads the site."""

    source: str
    """``wayback`` or ``archive`` (WARC/WACZ files)."""
    as_of: datetime | None
    """The date asked for: captures nearest to it are read (for files, ``None`` takes each URL's latest capture)."""
    files: tuple[Path, ...] = ()
    """The WARC/WACZ files of an ``archive`` crawl."""
    lookups: bool = False
    """``-a lookups=on``: ask platforms for video lengths and counts although the pages are old."""

    @property
    def edition(self) -> str:
        """What sets this crawl's findings apart from the live site's (and other dates') in their keys."""
        when = f"{self.as_of:%Y%m%d%H%M%S}" if self.as_of else ",".join(path.name for path in self.files)
        return f"{self.source}:{when}"


def iso(when: datetime) -> str:
    """``when`` as ISO 8601 in UTC with a ``Z``, to the second."""
    return when.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_as_of(value: str) -> datetime:
    """``2017-02-20``, ``20170220``, ``20170220103000`` or ``2017-02-20T10:30:00Z`` as an aware UTC datetime; a bare
    date is its noon (UTC), so that captures of either side of the day are as near."""
    text = str(value).strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    if re.fullmatch(r"\d{14}", text):
        return parse_wayback_timestamp(text)
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ArchiveArgumentError(
            f"-a as_of={value!r}: expected a date such as 2017-02-20 (or 20170220, 2017-02-20T10:00:00Z)"
        ) from None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        when = when.replace(hour=12)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def archive_files(value: str) -> tuple[Path, ...]:
    """The WARC/WACZ files ``-a archive=`` names: the file itself, or those of a folder (sorted)."""
    path = Path(str(value)).expanduser()
    if path.is_dir():
        found = (item for item in path.rglob("*") if item.is_file() and item.name.endswith(ARCHIVE_SUFFIXES))
        files = tuple(sorted(found))
        if not files:
            raise ArchiveArgumentError(f"-a archive={value!r}: the folder holds no .warc, .warc.gz or .wacz file")
        return files
    if not path.is_file():
        raise ArchiveArgumentError(f"-a archive={value!r}: no such file or folder")
    if not path.name.endswith(ARCHIVE_SUFFIXES):
        raise ArchiveArgumentError(f"-a archive={value!r}: expected a .warc, .warc.gz or .wacz file, or a folder")
    return (path,)


def archive_spec(as_of: Any = None, archive: Any = None, lookups: Any = None) -> ArchiveSpec | None:
    """The archive a crawl reads from its ``-a`` arguments; ``None`` for a live crawl. :class:`ArchiveArgumentError`
    naming the argument for a value that cannot be used."""
    if lookups not in (None, "", "on", "off"):
        raise ArchiveArgumentError(f"-a lookups={lookups!r}: expected on or off")
    when = parse_as_of(as_of) if as_of not in (None, "") else None
    if archive not in (None, ""):
        return ArchiveSpec(ARCHIVE, when, archive_files(archive), lookups == "on")
    if when is not None:
        return ArchiveSpec(WAYBACK, when, (), lookups == "on")
    if lookups not in (None, ""):
        raise ArchiveArgumentError("-a lookups= applies to archived crawls only (-a as_of= or -a archive=)")
    return None


def url_key(url: str) -> str:
    """What identifies a page across captures, as archives do: the canonical URL without its scheme and ``www.``
    (``https://www.example.org/a?b=1`` and ``http://example.org/a?b=1`` are one page)."""
    parts = urlsplit(canonicalize_url(url))
    host = (parts.hostname or "").removeprefix("www.")
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(("", netloc, parts.path or "/", parts.query, ""))


# --- The Wayback Machine ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capture:
    """One capture of a page in an archive."""

    url: str
    """The URL as captured."""
    archived_at: datetime
    """When it was captured."""
    status: int
    """The HTTP status captured."""
    timestamp: str = ""
    """The Wayback Machine's 14-digit timestamp of the capture (empty for files)."""


def wayback_timestamp(when: datetime) -> str:
    """``when`` as the Wayback Machine's ``YYYYMMDDhhmmss``."""
    return f"{when.astimezone(UTC):%Y%m%d%H%M%S}"


def parse_wayback_timestamp(timestamp: str) -> datetime:
    """A Wayback ``YYYYMMDDhhmmss`` timestamp (or a prefix of it) as an aware UTC datetime."""
    padded = (timestamp + "19700101000000"[len(timestamp) :])[:14]  # 2017 → 20170101000000
    return datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def cdx_query_url(endpoint: str, url: str, as_of: datetime, max_drift: timedelta) -> str:
    """The CDX API query for the captures of ``url`` within ``max_drift`` of ``as_of`` (successes and redirects)."""
    query = {
        "url": url,
        "output": "json",
        "fl": "timestamp,original,statuscode",
        "from": wayback_timestamp(as_of - max_drift),
        "to": wayback_timestamp(as_of + max_drift),
        "filter": "statuscode:[23]..",
    }
    return f"{endpoint.rstrip('/')}/cdx/search/cdx?{urlencode(query)}"


def parse_cdx(body: bytes) -> list[Capture]:
    """The captures of a CDX API answer in JSON (a header row of field names, then one row per capture); rows
    without a usable timestamp or status are left out."""
    text = body.decode("utf-8", "replace").strip()
    rows = json.loads(text) if text else []
    if not rows:
        return []
    header, captures = rows[0], []
    for row in rows[1:]:
        fields = dict(zip(header, row, strict=False))
        try:
            captures.append(
                Capture(
                    url=fields["original"],
                    archived_at=parse_wayback_timestamp(fields["timestamp"]),
                    status=int(fields["statuscode"]),
                    timestamp=fields["timestamp"],
                )
            )
        except (KeyError, ValueError):
            continue
    return captures


def nearest_capture(captures: list[Capture], as_of: datetime | None, max_drift: timedelta | None) -> Capture | None:
    """The capture to read: within ``max_drift`` of ``as_of``, a success before a redirect (archives index
    ``http://`` and ``https://www.`` alike, and the redirect between them is not the page), then the nearest in time
    (the latest when ``as_of`` is ``None``)."""
    if as_of is not None and max_drift is not None:
        captures = [capture for capture in captures if abs(capture.archived_at - as_of) <= max_drift]
    if not captures:
        return None

    def rank(capture: Capture) -> tuple[int, float]:
        distance = abs((capture.archived_at - as_of).total_seconds()) if as_of else -capture.archived_at.timestamp()
        return (0 if 200 <= capture.status < 300 else 1, distance)

    return min(captures, key=rank)


def snapshot_fetch_url(endpoint: str, timestamp: str, url: str) -> str:
    """The raw capture (``id_``: the page as archived, no replay banner, links not rewritten)."""
    return f"{endpoint.rstrip('/')}/web/{timestamp}id_/{url}"


def replay_url(endpoint: str, timestamp: str, url: str) -> str:
    """The capture as people open it in the Wayback Machine: the evidence a finding points to."""
    return f"{endpoint.rstrip('/')}/web/{timestamp}/{url}"


def unwrap_wayback_url(location: str, endpoint: str) -> tuple[str | None, str]:
    """``(timestamp, original URL)`` of a URL of the Wayback Machine at ``endpoint``
    (``https://web.archive.org/web/20170220101010id_/https://x/``, or its path alone); ``(None, location)`` for any
    other URL."""
    if not location.startswith((endpoint.rstrip("/") + "/web/", "/web/")):
        return None, location
    match = _WAYBACK_PATH.search(location)
    if not match:
        return None, location
    original = match["url"]
    if re.match(r"https?:/[^/]", original):  # some replays collapse the double slash
        original = original.replace(":/", "://", 1)
    return match["timestamp"], original


# --- WARC and WACZ files ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRef:
    """Where a response record is: its file (and WACZ member), its offset, and what it captured."""

    file: Path
    member: str | None
    offset: int
    capture: Capture

    @property
    def source(self) -> str:
        """The file as a URI (its WACZ member in the fragment)."""
        uri = self.file.resolve().as_uri()
        return f"{uri}#{self.member}" if self.member else uri


def _warc_streams(file: Path) -> Iterator[tuple[str | None, IO[bytes]]]:
    """``(member, stream)`` for each WARC of ``file``: the file itself, or the ``archive/`` WARCs of a WACZ."""
    if file.name.endswith(".wacz"):
        with zipfile.ZipFile(file) as package:
            for member in package.namelist():
                if member.startswith("archive/") and member.endswith((".warc", ".warc.gz")):
                    with package.open(member) as stream:
                        yield member, stream
    else:
        with file.open("rb") as stream:
            yield None, stream


class ArchiveIndex:
    """The response records of WARC/WACZ files by page (:func:`url_key`), built once by reading the files through;
    pages are then read by offset."""

    def __init__(self) -> None:
        self.records: dict[str, list[RecordRef]] = defaultdict(list)
        self.skipped = 0

    @classmethod
    def build(cls, files: tuple[Path, ...]) -> ArchiveIndex:
        from warcio.archiveiterator import ArchiveIterator

        index = cls()
        for file in files:
            for member, stream in _warc_streams(file):
                records = ArchiveIterator(stream)
                for record in records:
                    if record.rec_type != "response" or record.http_headers is None:
                        index.skipped += 1
                        continue
                    url = record.rec_headers.get_header("WARC-Target-URI") or ""
                    date = record.rec_headers.get_header("WARC-Date") or ""
                    try:
                        archived_at = datetime.fromisoformat(date.replace("Z", "+00:00")).astimezone(UTC)
                        status = int(record.http_headers.get_statuscode())
                    except ValueError:
                        index.skipped += 1
                        continue
                    capture = Capture(url=url, archived_at=archived_at, status=status)
                    offset = records.get_record_offset()
                    index.records[url_key(url)].append(RecordRef(file, member, offset, capture))
        return index

    @property
    def pages(self) -> int:
        return len(self.records)

    def lookup(self, url: str, as_of: datetime | None) -> RecordRef | None:
        """The record of ``url`` to read: nearest to ``as_of`` (the latest without), successes first."""
        refs = self.records.get(url_key(url), [])
        chosen = nearest_capture([ref.capture for ref in refs], as_of, None)
        return next((ref for ref in refs if ref.capture is chosen), None)

    def read(self, ref: RecordRef) -> tuple[int, list[tuple[str, str]], bytes]:
        """``(status, headers, body)`` of a record, the body decoded (chunking, ``Content-Encoding``) by warcio."""
        from warcio.archiveiterator import ArchiveIterator

        for member, stream in _warc_streams(ref.file):
            if member != ref.member:
                continue
            stream.seek(ref.offset)
            record = next(iter(ArchiveIterator(stream)))
            body = record.content_stream().read()
            return int(record.http_headers.get_statuscode()), list(record.http_headers.headers), body
        raise FileNotFoundError(f"{ref.file}: {ref.member} is gone")


# --- The downloader middleware ---------------------------------------------------------------------------------------


def _retry_after(response: Response) -> float | None:
    value = (response.headers.get(b"Retry-After") or b"").decode("latin-1").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


class ArchiveMiddleware:
    """Downloader middleware serving the page requests of an archived crawl from the archive, under their original
    URLs, the capture in ``response.meta[CAPTURE_KEY]`` (``archived_at``, ``snapshot_url``).

    - Wayback: a CDX query per page finds its captures within ``INBOUND_ARCHIVE_MAX_DRIFT_DAYS`` of ``as_of``; the
      nearest is read raw (``id_``). Both requests go to the archive host, whose download slot has its own delay
      (``INBOUND_WAYBACK_DELAY``, set by the spider); a 429 or 503 is retried after ``Retry-After`` or an exponential
      backoff (``INBOUND_WAYBACK_RETRIES``, ``INBOUND_WAYBACK_BACKOFF_SECONDS``).
    - Files: the index is built when the spider opens; nothing is requested from the network.

    A page the archive does not hold is ignored (``inbound/archive/not_archived``; it gives its place in the page
    budget back). An archived redirect is given back as a redirect to the original URL it pointed to. Placed before
    the target guard, which then checks where requests really go (the archive host), and before robots.txt: the
    site's robots.txt of today says nothing of the archive.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        config = InboundConfig.from_settings(crawler.settings)
        self.endpoint = config.wayback_url
        self.max_drift = timedelta(days=config.archive_max_drift_days)
        self.retries = config.wayback_retries
        self.backoff = config.wayback_backoff_seconds
        self.index: ArchiveIndex | None = None
        self.captures: dict[str, Capture | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    @property
    def spec(self) -> ArchiveSpec | None:
        return getattr(self.crawler.spider, "archive", None)

    def spider_opened(self) -> None:
        spec = self.spec
        if spec is None or spec.source != ARCHIVE:
            return
        self.index = ArchiveIndex.build(spec.files)
        stats = self.crawler.stats
        stats.set_value("inbound/archive/files", len(spec.files))
        stats.set_value("inbound/archive/indexed_pages", self.index.pages)
        logger.info(
            "[archive] %d page(s) indexed from %d file(s) (%d other record(s) left aside)",
            self.index.pages, len(spec.files), self.index.skipped,
        )  # fmt: skip

    async def process_request(self, request: Request) -> Response | None:
        spec = self.spec
        if spec is None or not request.meta.get(ARCHIVE_PAGE_KEY) or request.meta.get(ARCHIVE_FETCH_KEY):
            return None
        if spec.source == ARCHIVE:
            return self.from_files(request, spec)
        return await self.from_wayback(request, spec)

    def not_archived(self, request: Request) -> IgnoreRequest:
        self.crawler.stats.inc_value("inbound/archive/not_archived")
        logger.info("[archive] %s: no capture in the archive", request.url)
        return IgnoreRequest(f"{request.url} is not in the archive")

    def served(
        self,
        request: Request,
        status: int,
        headers: Any,
        body: bytes,
        capture: Capture,
        *,
        snapshot: str | None,
        source: str,
    ) -> Response:
        """The archived page as the response to ``request``, under its original URL; a redirect's ``Location`` is the
        original URL it pointed to. ``snapshot``: the capture as people open it; ``source``: where it was read."""
        headers = Headers(headers)
        for name in list(headers):
            if name.lower() in _TRANSFER_HEADERS:
                del headers[name]
        location = headers.get(b"Location")
        if location:
            headers[b"Location"] = unwrap_wayback_url(location.decode("latin-1"), self.endpoint)[1]
        request.meta[CAPTURE_KEY] = {"archived_at": iso(capture.archived_at), "snapshot_url": snapshot}
        self.crawler.stats.inc_value("inbound/archive/pages_served")
        response_class = responsetypes.from_args(headers=headers, url=request.url, body=body)
        response = response_class(url=request.url, status=status, headers=headers, body=body, request=request)
        self.crawler.signals.send_catch_log(
            archived_page_served, response=response, request=request, capture=capture, source=source,
            spider=self.crawler.spider,
        )  # fmt: skip
        return response

    def from_files(self, request: Request, spec: ArchiveSpec) -> Response:
        ref = self.index.lookup(request.url, spec.as_of) if self.index else None
        if ref is None:
            raise self.not_archived(request)
        status, headers, body = self.index.read(ref)  # type: ignore[union-attr]
        return self.served(request, status, headers, body, ref.capture, snapshot=None, source=ref.source)

    async def from_wayback(self, request: Request, spec: ArchiveSpec) -> Response:
        assert spec.as_of is not None
        key = url_key(request.url)
        if key not in self.captures:
            answer = await self.fetch(cdx_query_url(self.endpoint, request.url, spec.as_of, self.max_drift), request)
            captures = []
            try:
                if answer.status != 200:
                    raise ValueError(f"status {answer.status}")
                captures = parse_cdx(answer.body)
            except ValueError as error:  # json.JSONDecodeError is one
                self.crawler.stats.inc_value("inbound/archive/cdx_errors")
                logger.warning("[archive] the CDX API gave no capture list for %s (%s)", request.url, error)
            self.captures[key] = nearest_capture(captures, spec.as_of, self.max_drift)
        capture = self.captures[key]
        if capture is None:
            raise self.not_archived(request)
        source = snapshot_fetch_url(self.endpoint, capture.timestamp, capture.url)
        response = await self.fetch(source, request)
        location = (response.headers.get(b"Location") or b"").decode("latin-1")
        timestamp, target = unwrap_wayback_url(location, self.endpoint)
        if 300 <= response.status < 400 and timestamp and url_key(target) == key:
            # The archive's own move to another capture of the same page (not a redirect the site made).
            moved_at = parse_wayback_timestamp(timestamp)
            capture = Capture(url=target, archived_at=moved_at, status=200, timestamp=timestamp)
            source = snapshot_fetch_url(self.endpoint, timestamp, target)
            response = await self.fetch(source, request)
        if response.status in RETRY_STATUSES or response.status >= 500:
            self.crawler.stats.inc_value("inbound/archive/unavailable")
            raise IgnoreRequest(f"the archive answered {response.status} for {request.url}")
        snapshot = replay_url(self.endpoint, capture.timestamp, capture.url)
        return self.served(
            request, response.status, response.headers, response.body, capture, snapshot=snapshot, source=source
        )

    async def fetch(self, url: str, page: Request) -> Response:
        """A request to the archive host, retried on 429/503 after ``Retry-After`` or an exponential backoff."""
        meta = {
            ARCHIVE_FETCH_KEY: True,
            "dont_redirect": True,
            "dont_retry": True,
            "dont_obey_robotstxt": True,
            "handle_httpstatus_all": True,
            "autothrottle_dont_adjust_delay": True,
        }
        stats = self.crawler.stats
        for attempt in range(self.retries + 1):
            request = Request(url, meta=dict(meta), dont_filter=True, priority=page.priority)
            stats.inc_value("inbound/archive/wayback/requests")
            response = await self.crawler.engine.download_async(request)
            if response.status not in RETRY_STATUSES or attempt == self.retries:
                return response
            wait = min(MAX_BACKOFF_SECONDS, _retry_after(response) or self.backoff * 2**attempt)
            stats.inc_value("inbound/archive/wayback/retries")
            logger.info("[archive] %s answered %d: retrying in %.1f s", url, response.status, wait)
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")
