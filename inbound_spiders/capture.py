"""Keeping the evidence: every response a crawl read written into a WACZ that ReplayWeb.page opens.

:class:`CaptureRecorder` (an extension, on ``-a capture=PATH.wacz`` or ``INBOUND_CAPTURE_DIR``) writes each downloaded
response as it arrives (redirects included, the body as the server sent it) to a temporary ``data.warc.gz`` with
warcio, and a page rendered in the browser as a ``resource`` record of its DOM under ``urn:rendered:<url>``. Only the
index entries stay in memory. When the spider closes it packages the WACZ: ``archive/data.warc.gz``,
``indexes/index.cdxj``, ``pages/pages.jsonl``, ``datapackage.json`` and ``datapackage-digest.json``. An archived
crawl's pages (served by :class:`~inbound_spiders.archives.ArchiveMiddleware`, not downloaded) are written under their
original URLs, dated when the archive captured them.

A finding refers to its evidence by :func:`capture_reference`: ``<wacz>#view=pages&url=<url>&ts=<YYYYMMDDhhmmss>``,
the WACZ and the record (ReplayWeb.page's own fragment), read back by :func:`parse_capture_reference`.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response

from inbound_spiders.archives import ARCHIVE_FETCH_KEY, Capture, archived_page_served, iso, wayback_timestamp
from inbound_spiders.config import InboundConfig
from inbound_spiders.files import unwritable_file

logger = logging.getLogger(__name__)

#: ``Request.meta`` key: the capture reference of the response (:func:`capture_reference`), for its findings.
EVIDENCE_KEY = "inbound_evidence"
WACZ_VERSION = "1.1.1"
WARC_MEMBER = "archive/data.warc.gz"
INDEX_MEMBER = "indexes/index.cdxj"
PAGES_MEMBER = "pages/pages.jsonl"
RENDERED_PREFIX = "urn:rendered:"
#: Headers of the transfer, not the content: the WARC keeps the body as it came, its length its own.
_TRANSFER_HEADERS = frozenset({b"transfer-encoding", b"content-length"})
_WWW = re.compile(r"^www\d*\.")
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


class CaptureArgumentError(ValueError):
    """An ``-a capture=`` value that cannot be used."""


def capture_path(value: Any) -> Path | None:
    """The WACZ ``-a capture=`` names (``None`` when not given); :class:`CaptureArgumentError` for another suffix or a
    path where it cannot be written (checked before the crawl, not found out after it with no evidence kept)."""
    if value in (None, ""):
        return None
    path = Path(str(value)).expanduser()
    if path.suffix != ".wacz":
        raise CaptureArgumentError(f"-a capture={value!r}: expected a file name ending in .wacz")
    unwritable = unwritable_file(path)
    if unwritable:
        raise CaptureArgumentError(f"-a capture={value}: {unwritable}; name a .wacz file in a folder you can write to")
    return path


def capture_reference(wacz: Path | str, url: str, timestamp: str = "") -> str:
    """Where a record is: the WACZ, then ReplayWeb.page's fragment naming the record (URL and 14-digit time; without
    a time, the page's latest capture)."""
    return f"{wacz}#view=pages&url={quote(url, safe='')}" + (f"&ts={timestamp}" if timestamp else "")


def parse_capture_reference(reference: str) -> tuple[Path, str, str]:
    """``(wacz, url, timestamp)`` of a :func:`capture_reference`."""
    wacz, _, fragment = reference.partition("#")
    fields = {key: values[0] for key, values in parse_qs(fragment).items()}
    return Path(wacz), fields["url"], fields["ts"]


def replay_link(reference: str) -> str:
    """A capture reference as a ReplayWeb.page link (the WACZ must be where the browser can load it)."""
    wacz, _, fragment = reference.partition("#")
    source = Path(wacz).resolve().as_uri() if "://" not in wacz else wacz
    return f"https://replayweb.page/?source={quote(source, safe='')}#{fragment}"


def surt(url: str) -> str:
    """The SURT key archives sort their indexes by, as ReplayWeb.page computes it to look a URL up:
    ``https://www.Example.org/A?b=2&a=1`` → ``org,example)/a?a=1&b=2`` (host parts reversed, an address's too; no
    scheme or ``www``; lower case; the query's parameters in name order)."""
    parts = urlsplit(url.lower())
    if parts.scheme not in ("http", "https"):
        return url
    host = _WWW.sub("", parts.hostname or "")
    key = ",".join(reversed(host.split(".")))
    if parts.port:
        key += f":{parts.port}"
    key += f"){parts.path or '/'}"
    if parts.query:
        key += "?" + "&".join(sorted(parts.query.split("&"), key=lambda pair: pair.partition("=")[0]))
    return key


@dataclass
class _Entry:
    """One record's CDXJ index line: its SURT key and timestamp come from ``url`` and ``timestamp``."""

    url: str
    timestamp: str
    fields: dict[str, Any]


class WaczWriter:
    """A WACZ written record by record: the WARC goes to a temporary file as records come, :meth:`close` packages
    it with its index, pages list and datapackage."""

    def __init__(self, path: Path) -> None:
        from warcio.warcwriter import WARCWriter

        self.path = path
        self.folder = Path(tempfile.mkdtemp(prefix="inbound-capture-"))
        self.warc = (self.folder / "data.warc.gz").open("wb")
        self.writer = WARCWriter(self.warc, gzip=True)
        self.entries: list[_Entry] = []
        self.pages: dict[str, dict[str, Any]] = {}

    def write(
        self,
        url: str,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
        *,
        rendered: bool = False,
        archived_at: datetime | None = None,
        source: str | None = None,
    ) -> str:
        """Write one response (``rendered``: a browser's DOM, as a ``resource`` record); its capture reference.

        A page an archive served (``archived_at``, ``source``) is recorded as pywb records from an archive: dated when
        the archive captured it (``WARC-Date``), with where it was read (``WARC-Source-URI``: the snapshot or the
        archive file) and when (``WARC-Creation-Date``)."""
        from warcio.statusandheaders import StatusAndHeaders

        now = datetime.now(UTC)
        when = archived_at or now
        timestamp, date = wayback_timestamp(when), iso(when)
        warc_headers = {"WARC-Date": date}
        if source is not None:
            warc_headers |= {"WARC-Source-URI": source, "WARC-Creation-Date": iso(now)}
        mime = next((value for name, value in headers if name.lower() == "content-type"), "")
        media_type = mime.split(";")[0].strip()
        if rendered:
            target = RENDERED_PREFIX + url
            record = self.writer.create_warc_record(
                target, "resource", payload=io.BytesIO(body), length=len(body),
                warc_content_type="text/html; charset=utf-8", warc_headers_dict=warc_headers,
            )  # fmt: skip
        else:
            target = url
            kept = [(name, value) for name, value in headers if name.lower().encode() not in _TRANSFER_HEADERS]
            kept.append(("Content-Length", str(len(body))))
            http_headers = StatusAndHeaders(f"{status} {_reason(status)}", kept, protocol="HTTP/1.1")
            record = self.writer.create_warc_record(
                target, "response", payload=io.BytesIO(body), length=len(body), http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )  # fmt: skip
        offset = self.warc.tell()
        self.writer.write_record(record)
        length = self.warc.tell() - offset
        fields = {
            "url": target,
            # As cdxj-indexer writes them: no type when the response gave none, no status for a resource record.
            **({"mime": media_type} if media_type else {}),
            **({} if rendered else {"status": str(status)}),
            "digest": record.rec_headers.get_header("WARC-Payload-Digest")
            or record.rec_headers.get_header("WARC-Block-Digest"),
            "length": str(length),
            "offset": str(offset),
            "filename": Path(WARC_MEMBER).name,
        }
        self.entries.append(_Entry(target, timestamp, fields))
        if 200 <= status < 300 and "html" in mime.lower() and url not in self.pages:
            title = _TITLE.search(body[:65536])
            self.pages[url] = {
                "id": hashlib.sha1(url.encode()).hexdigest()[:16],
                "url": url,
                "ts": date,
                "title": " ".join(title[1].decode("utf-8", "replace").split()) if title else "",
            }
        return capture_reference(self.path, target, timestamp)

    @property
    def bytes_written(self) -> int:
        return self.warc.tell()

    def close(self) -> dict[str, Any]:
        """Package the WACZ; what it holds (``path``, ``pages``, ``records``, ``bytes``)."""
        self.warc.close()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lines = (f"{surt(entry.url)} {entry.timestamp} {json.dumps(entry.fields)}\n" for entry in self.entries)
            index = "".join(sorted(lines)).encode()
            header = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
            pages = "".join(json.dumps(line) + "\n" for line in [header, *self.pages.values()]).encode()
            warc_file = self.folder / "data.warc.gz"
            members = {INDEX_MEMBER: index, PAGES_MEMBER: pages}
            resources = [_resource(WARC_MEMBER, _file_sha256(warc_file), warc_file.stat().st_size)]
            resources += [
                _resource(name, hashlib.sha256(data).hexdigest(), len(data)) for name, data in members.items()
            ]
            main_page = next(iter(self.pages.values()), None)
            datapackage = {
                "profile": "data-package",
                "wacz_version": WACZ_VERSION,
                "title": f"Pages read auditing {main_page['url']}" if main_page else "Pages read by an audit",
                "created": iso(datetime.now(UTC)),
                "software": "inbound_spiders",
                **({"mainPageUrl": main_page["url"], "mainPageDate": main_page["ts"]} if main_page else {}),
                "resources": resources,
            }
            manifest = json.dumps(datapackage, indent=2).encode()
            # The manifest's own digest, so that the whole package can be checked (WACZ 1.1.1, SHOULD).
            digest = {"path": "datapackage.json", "hash": f"sha256:{hashlib.sha256(manifest).hexdigest()}"}
            partial = self.path.with_name(self.path.name + ".part")
            with zipfile.ZipFile(partial, "w") as package:
                package.write(warc_file, WARC_MEMBER, compress_type=zipfile.ZIP_STORED)
                for name, data in members.items():
                    package.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
                package.writestr("datapackage.json", manifest, zipfile.ZIP_DEFLATED)
                package.writestr("datapackage-digest.json", json.dumps(digest, indent=2), zipfile.ZIP_DEFLATED)
            partial.replace(self.path)
            return {
                "path": str(self.path),
                "pages": len(self.pages),
                "records": len(self.entries),
                "bytes": self.path.stat().st_size,
            }
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _resource(path: str, sha256: str, size: int) -> dict[str, Any]:
    return {"name": Path(path).name, "path": path, "hash": f"sha256:{sha256}", "bytes": size}


def _file_sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class CaptureRecorder:
    """Extension writing every response the crawl downloaded into a WACZ (:class:`WaczWriter`): ``-a capture=`` the
    file, else ``<INBOUND_CAPTURE_DIR>/<run id>.wacz``; off when neither is given. Each response's capture
    reference goes to ``request.meta[EVIDENCE_KEY]`` for its findings. In an archived crawl, the pages the archive
    served (:data:`~inbound_spiders.archives.archived_page_served`) are written as they were, under their original
    URLs; the archive middleware's own requests (CDX queries, raw snapshots) are left out. A failure to write is
    logged once and counted (``inbound/capture/errors``), the crawl goes on; the WACZ is packaged when the spider
    closes (before the site audit and the ``runs`` document, which refer to it: ``spider.capture_summary``)."""

    def __init__(self, crawler: Crawler, directory: Path | None) -> None:
        self.crawler = crawler
        self.directory = directory
        self.writer: WaczWriter | None = None
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CaptureRecorder:
        config = InboundConfig.from_settings(crawler.settings)
        recorder = cls(crawler, config.capture_dir)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(recorder.archived_page_served, signal=archived_page_served)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider: Any) -> None:
        try:
            # The audit spiders refuse a bad -a capture= before the crawl starts; another spider's is a failure here.
            path = capture_path(getattr(spider, "arguments", {}).get("capture"))
            if path is None and self.directory is not None:
                path = self.directory / f"{getattr(spider, 'run_id', spider.name)}.wacz"
            if path is None:
                return
            self.writer = WaczWriter(path)
        except (CaptureArgumentError, OSError) as error:
            self.fail(error)
            return
        logger.info("[capture] writing the pages read into %s", path)

    def fail(self, error: Exception) -> None:
        self.crawler.stats.inc_value("inbound/capture/errors")
        if not self.failed:
            self.failed = True
            logger.error("[capture] the capture cannot be written (%s): the crawl goes on without it", error)

    def response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        if request.meta.get(ARCHIVE_FETCH_KEY):
            return
        self.record(response, request)

    def archived_page_served(
        self, response: Response, request: Request, capture: Capture, source: str, spider: Any
    ) -> None:
        """A page an archived crawl read from the archive: the evidence is the page as it was, under its original
        URL and dated when the archive captured it."""
        self.record(response, request, archived_at=capture.archived_at, source=source)

    def record(
        self, response: Response, request: Request, *, archived_at: datetime | None = None, source: str | None = None
    ) -> None:
        if self.writer is None:
            return
        rendered = bool(request.meta.get("playwright"))
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, values in response.headers.items()
            for value in values
        ]
        try:
            reference = self.writer.write(
                response.url, response.status, headers, response.body,
                rendered=rendered, archived_at=archived_at, source=source,
            )  # fmt: skip
        except Exception as error:  # a full disk, a closed file: the crawl goes on
            self.fail(error)
            return
        request.meta[EVIDENCE_KEY] = reference
        stats = self.crawler.stats
        stats.inc_value("inbound/capture/records")
        if rendered:
            stats.inc_value("inbound/capture/rendered")
        stats.set_value("inbound/capture/bytes", self.writer.bytes_written)

    def spider_closed(self, spider: Any) -> None:
        if self.writer is None:
            return
        try:
            summary = self.writer.close()
        except Exception as error:
            self.fail(error)
            return
        finally:
            self.writer = None
        stats = self.crawler.stats
        stats.set_value("inbound/capture/pages", summary["pages"])
        stats.set_value("inbound/capture/bytes", summary["bytes"])
        spider.capture_summary = summary
        logger.info(
            "[capture] %s: %d page(s), %d record(s), %d bytes",
            summary["path"], summary["pages"], summary["records"], summary["bytes"],
        )  # fmt: skip
