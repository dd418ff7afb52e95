"""Keeping the evidence: every response a crawl read written into a WACZ that ReplayWeb.page opens.

:class:`CaptureRecorder` (an extension, on ``-a capture=PATH.wacz`` or ``INBOUND_CAPTURE_DIR``) writes each downloaded
response as it arrives (redirects included, the body as the server sent it) to a temporary ``data.warc.gz`` with
warcio, and a page rendered in the browser as a ``resource`` record of its DOM under ``urn:rendered:<url>``. Only the
index entries stay in memory. When the spider closes it packages the WACZ: ``archive/data.warc.gz``,
``indexes/index.cdxj``, ``pages/pages.jsonl`` and ``datapackage.json``.

A finding refers to its evidence by :func:`capture_reference`: ``<wacz>#view=pages&url=<url>&ts=<YYYYMMDDhhmmss>``,
the WACZ and the record (ReplayWeb.page's own fragment), read back by :func:`parse_capture_reference`.
"""

from __future__ import annotations

import hashlib
import io
import ipaddress
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

from inbound_spiders.archives import ARCHIVE_FETCH_KEY, iso, wayback_timestamp
from inbound_spiders.config import InboundConfig

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
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


class CaptureArgumentError(ValueError):
    """An ``-a capture=`` value that cannot be used."""


def capture_path(value: Any) -> Path | None:
    """The WACZ ``-a capture=`` names (``None`` when not given); :class:`CaptureArgumentError` for another suffix."""
    if value in (None, ""):
        return None
    path = Path(str(value)).expanduser()
    if path.suffix != ".wacz":
        raise CaptureArgumentError(f"-a capture={value!r}: expected a file name ending in .wacz")
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
    """The SURT form archives sort their indexes by: ``https://www.example.org/a?b`` → ``org,example)/a?b``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return url
    host = (parts.hostname or "").removeprefix("www.")
    key = host if _is_ip(host) else ",".join(reversed(host.split(".")))
    if parts.port:
        key += f":{parts.port}"
    path = parts.path or "/"
    return f"{key}){path.lower()}" + (f"?{parts.query.lower()}" if parts.query else "")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


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
        self, url: str, status: int, headers: list[tuple[str, str]], body: bytes, *, rendered: bool = False
    ) -> str:
        """Write one response (``rendered``: a browser's DOM, as a ``resource`` record); its capture reference."""
        from warcio.statusandheaders import StatusAndHeaders

        when = datetime.now(UTC)
        timestamp, date = wayback_timestamp(when), iso(when)
        mime = next((value for name, value in headers if name.lower() == "content-type"), "")
        if rendered:
            target = RENDERED_PREFIX + url
            record = self.writer.create_warc_record(
                target, "resource", payload=io.BytesIO(body), length=len(body),
                warc_content_type="text/html; charset=utf-8", warc_headers_dict={"WARC-Date": date},
            )  # fmt: skip
        else:
            target = url
            kept = [(name, value) for name, value in headers if name.lower().encode() not in _TRANSFER_HEADERS]
            kept.append(("Content-Length", str(len(body))))
            http_headers = StatusAndHeaders(f"{status} {_reason(status)}", kept, protocol="HTTP/1.1")
            record = self.writer.create_warc_record(
                target, "response", payload=io.BytesIO(body), length=len(body), http_headers=http_headers,
                warc_headers_dict={"WARC-Date": date},
            )  # fmt: skip
        offset = self.warc.tell()
        self.writer.write_record(record)
        length = self.warc.tell() - offset
        self.entries.append(
            _Entry(
                target,
                timestamp,
                {
                    "url": target,
                    "mime": mime.split(";")[0].strip() or "unk",
                    "status": str(status),
                    "digest": record.rec_headers.get_header("WARC-Payload-Digest")
                    or record.rec_headers.get_header("WARC-Block-Digest"),
                    "length": str(length),
                    "offset": str(offset),
                    "filename": Path(WARC_MEMBER).name,
                },
            )
        )
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
            index = "".join(
                f"{surt(entry.url)} {entry.timestamp} {json.dumps(entry.fields)}\n"
                for entry in sorted(self.entries, key=lambda entry: (surt(entry.url), entry.timestamp))
            ).encode()
            header = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
            pages = "".join(json.dumps(line) + "\n" for line in [header, *self.pages.values()]).encode()
            warc_file = self.folder / "data.warc.gz"
            members = {INDEX_MEMBER: index, PAGES_MEMBER: pages}
            resources = [_resource(WARC_MEMBER, _file_sha256(warc_file), warc_file.stat().st_size)]
            resources += [
                _resource(name, hashlib.sha256(data).hexdigest(), len(data)) for name, data in members.items()
            ]
            datapackage = {
                "profile": "data-package",
                "wacz_version": WACZ_VERSION,
                "created": iso(datetime.now(UTC)),
                "software": "inbound_spiders",
                "mainPageURL": next(iter(self.pages), None),
                "resources": resources,
            }
            partial = self.path.with_name(self.path.name + ".part")
            with zipfile.ZipFile(partial, "w") as package:
                package.write(warc_file, WARC_MEMBER, compress_type=zipfile.ZIP_STORED)
                for name, data in members.items():
                    package.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
                package.writestr("datapackage.json", json.dumps(datapackage, indent=2), zipfile.ZIP_DEFLATED)
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
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class CaptureRecorder:
    """Extension writing every response the crawl downloaded into a WACZ (:class:`WaczWriter`): ``-a capture=`` the
    file, else ``<INBOUND_CAPTURE_DIR>/<run id>.wacz``; off when neither is given. Each response's capture
    reference goes to ``request.meta[EVIDENCE_KEY]`` for its findings; the archive middleware's own requests (CDX
    queries, snapshots) are not the site's pages and are left out. A failure to write is logged once and counted
    (``inbound/capture/errors``), the crawl goes on; the WACZ is packaged when the spider closes (before the site
    audit and the ``runs`` document, which refer to it: ``spider.capture_summary``)."""

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
        if self.writer is None or request.meta.get(ARCHIVE_FETCH_KEY):
            return
        rendered = bool(request.meta.get("playwright"))
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, values in response.headers.items()
            for value in values
        ]
        try:
            reference = self.writer.write(response.url, response.status, headers, response.body, rendered=rendered)
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
