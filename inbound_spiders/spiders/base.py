"""The shared base of every audit spider: bounded same-site crawl, extraction, stamping."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor
from w3lib.url import canonicalize_url

from inbound_spiders.config import InboundConfig
from inbound_spiders.extractors import EXTRACTORS
from inbound_spiders.identity import site_of, stamp, utc_now_iso
from inbound_spiders.items import InboundItem
from inbound_spiders.lookups import Lookups
from inbound_spiders.security import allow_private_targets, guard_active, unsafe_reason

logger = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 500
# "mailto:x", "javascript:x", "data:x" — a scheme, unlike "example.org:8080".
_OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")
DEFAULT_MAX_DEPTH = 6


class SpiderArgumentError(ValueError):
    """A spider argument (``-a name=value``) that cannot be used."""


def positive_int_argument(name: str, value: Any, default: int) -> int:
    """``value`` as a positive int, ``default`` when absent; a clear error naming the argument otherwise."""
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SpiderArgumentError(f"-a {name}={value!r}: expected a positive integer") from None
    if number < 1:
        raise SpiderArgumentError(f"-a {name}={value!r}: expected a positive integer")
    return number


def web_url_argument(name: str, value: Any) -> str:
    """``value`` as an absolute http(s) URL; a clear error naming the argument otherwise."""
    if not value:
        raise SpiderArgumentError(f"missing -a {name}=https://example.org/ (the site to audit)")
    url = str(value).strip()
    if "://" not in url and not _OTHER_SCHEME.match(url):
        url = f"https://{url}"  # a bare domain: example.org
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise SpiderArgumentError(f"-a {name}={value!r}: invalid port") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SpiderArgumentError(f"-a {name}={value!r}: expected an http:// or https:// URL")
    return url


def resumable_run_id(jobdir: Path, new_run_id: str) -> str:
    """The run id kept in ``JOBDIR``: a crawl resumed from a job directory continues the same run."""
    path = jobdir / "inbound_run_id"
    try:
        return path.read_text(encoding="utf-8").strip() or new_run_id
    except FileNotFoundError:
        jobdir.mkdir(parents=True, exist_ok=True)
        path.write_text(new_run_id, encoding="utf-8")
        return new_run_id


class InboundSpider(scrapy.Spider):
    """Crawl one site (its registrable domain, subdomains included) breadth-first within page and depth bounds,
    and hand every HTML page to the extractors."""

    link_extractor = LinkExtractor(unique=True)
    config: InboundConfig
    lookups: Lookups

    def __init__(
        self,
        *args: Any,
        url: str | None = None,
        max_pages: Any = None,
        max_depth: Any = None,
        **kwargs: Any,
    ) -> None:
        # Scrapyd passes _job; remember it for the runs collection, and never fail on unknown keyword arguments.
        self.scrapyd_job: str | None = kwargs.pop("_job", None)
        self.arguments: dict[str, Any] = {
            key: value
            for key, value in {"url": url, "max_pages": max_pages, "max_depth": max_depth, **kwargs}.items()
            if value is not None
        }
        super().__init__(*args, **kwargs)
        start_url = web_url_argument("url", url or getattr(self, "default_url", None))
        self.start_urls = [start_url]
        self.site = site_of(start_url)
        self.max_pages = positive_int_argument("max_pages", max_pages, DEFAULT_MAX_PAGES)
        self.max_depth = positive_int_argument("max_depth", max_depth, DEFAULT_MAX_DEPTH)
        self.run_id = f"{self.name}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        # Canonical URLs requested so far: the page budget counts pages, not links to pages already queued.
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> InboundSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if guard_active(allow_private_targets(crawler.settings), spider):
            for url in spider.start_urls:
                reason = unsafe_reason(urlsplit(url).hostname or "")
                if reason:
                    raise SpiderArgumentError(f"-a url={url}: refused, {reason} (INBOUND_ALLOW_PRIVATE_TARGETS)")
        crawler.settings.set("DEPTH_LIMIT", spider.max_depth, priority="spider")
        jobdir = crawler.settings.get("JOBDIR")
        if jobdir:
            spider.run_id = resumable_run_id(Path(jobdir), spider.run_id)
        spider.config = InboundConfig.from_settings(crawler.settings)
        spider.lookups = Lookups(spider.config, crawler)
        return spider

    async def start(self):  # type: ignore[override]
        state = getattr(self, "state", None)
        if state is not None:
            # With JOBDIR, a resumed crawl keeps counting pages against the same budget.
            self.requested = state.setdefault("inbound_requested", self.requested)
        for url in self.start_urls:
            self.requested.add(canonicalize_url(url))
            yield self.page_request(url, dont_filter=True)

    def page_request(self, url: str, **kwargs: Any) -> scrapy.Request:
        """The request for one page of the site; the single place where page requests are made."""
        return scrapy.Request(url, callback=self.parse, **kwargs)

    def should_follow(self, url: str) -> bool:
        """Whether a link found on the site leads to a page worth auditing (same site by default)."""
        return site_of(url) == self.site

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Extract findings from an HTML page, then follow its same-site links within the bounds."""
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("inbound/pages/not_html")
            return
        self.crawler.stats.inc_value("inbound/pages/audited")
        yield from self.findings(response)
        yield from self.follow_links(response)

    def findings(self, response: HtmlResponse) -> Iterator[InboundItem | scrapy.Request]:
        """Run every extractor on the page and stamp what they find; an extractor error is logged and counted.

        A finding that lacks a fact a platform can give (a video's length) may come back later, through a lookup.
        """
        crawled_at = utc_now_iso()
        depth = response.meta.get("depth", 0)
        selector = response.selector
        for kind, extractor in EXTRACTORS.items():
            try:
                found = extractor(selector, response.url)
            except Exception:
                self.crawler.stats.inc_value(f"inbound/extractor_errors/{kind}")
                logger.error("[extract] %s extractor failed on %s", kind, response.url, exc_info=True)
                continue
            for item in found:
                self.crawler.stats.inc_value(f"inbound/items/{kind}")
                stamped = stamp(item, site=self.site, run_id=self.run_id, crawled_at=crawled_at, depth=depth)
                yield from self.lookups.complete(stamped)

    def follow_links(self, response: HtmlResponse) -> Iterator[scrapy.Request]:
        for link in self.link_extractor.extract_links(response):
            canonical = canonicalize_url(link.url)
            if canonical in self.requested or not self.should_follow(link.url):
                continue
            if len(self.requested) >= self.max_pages:
                self.crawler.stats.set_value("inbound/pages/max_pages_reached", self.max_pages)
                return
            self.requested.add(canonical)
            yield self.page_request(link.url)
