"""What the benchmark adds to a ``scrapy crawl``: the bare spider it compares the audit with, and a stats dump.

Both are found through settings given on the command line (``SPIDER_MODULES``, ``EXTENSIONS``), so the project's
own settings stay untouched.
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor
from w3lib.url import canonicalize_url

from inbound_spiders.identity import site_of
from inbound_spiders.site_list import SiteEntry, site_list
from inbound_spiders.spiders.base import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_PAGES,
    InboundSpider,
    positive_int_argument,
    web_url_argument,
)


class BareSpider(scrapy.Spider):
    """The audit's crawl without the audit: the same start URL, links (Scrapy's link extractor, whose URLs the audit's
    :func:`~inbound_spiders.links.link_urls` gives faster), same-site rule, page budget (canonical URLs requested) and
    depth limit as :class:`~inbound_spiders.spiders.base.InboundSpider`, and nothing else — no extraction, no items,
    hence no pipelines, no rendering decision."""

    name = "bench_bare"
    link_extractor = LinkExtractor(unique=True)

    def __init__(self, *args: Any, url: str | None = None, max_pages: Any = None, max_depth: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        start_url = web_url_argument("url", url)
        self.start_urls = [start_url]
        self.site = site_of(start_url)
        self.max_pages = positive_int_argument("max_pages", max_pages, DEFAULT_MAX_PAGES)
        self.max_depth = positive_int_argument("max_depth", max_depth, DEFAULT_MAX_DEPTH)
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BareSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.settings.set("DEPTH_LIMIT", spider.max_depth, priority="spider")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.start_urls:
            self.requested.add(canonicalize_url(url))
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        if not isinstance(response, HtmlResponse):
            return
        for link in self.link_extractor.extract_links(response):
            canonical = canonicalize_url(link.url)
            if canonical in self.requested or site_of(link.url) != self.site:
                continue
            if len(self.requested) >= self.max_pages:
                return
            self.requested.add(canonical)
            yield scrapy.Request(link.url, callback=self.parse)


class BareBroadSpider(scrapy.Spider):
    """Bare Scrapy's broad crawl of a list of sites (``python -m benchmarks.many_sites``): one spider with every
    site's start URL, each site crawled as :class:`BareSpider` crawls one — its own page budget and depth, its links
    followed only within it — and nothing else. The list is read as ``scrapy crawl audit -a sites=FILE`` reads it."""

    name = "bench_bare_broad"
    link_extractor = LinkExtractor(unique=True)

    def __init__(self, *args: Any, sites: str | None = None, url: str | None = None, **kwargs: Any):
        bounds = {name: kwargs.pop(name, None) for name in ("max_pages", "max_depth")}
        super().__init__(*args, **kwargs)
        self.entries: dict[str, SiteEntry] = {
            entry.site: entry for entry in site_list({"sites": sites, "url": url, **bounds})
        }
        self.requested: dict[str, set[str]] = {site: set() for site in self.entries}

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for site, entry in self.entries.items():
            self.requested[site].add(canonicalize_url(entry.url))
            yield scrapy.Request(entry.url, callback=self.parse, dont_filter=True, cb_kwargs={"site": site})

    def parse(self, response: Response, site: str = "", **kwargs: Any) -> Iterator[scrapy.Request]:
        entry = self.entries.get(site)
        if entry is None or not isinstance(response, HtmlResponse):
            return
        if response.meta.get("depth", 0) >= entry.max_depth:
            return
        requested = self.requested[site]
        for link in self.link_extractor.extract_links(response):
            canonical = canonicalize_url(link.url)
            if canonical in requested or site_of(link.url) != site:
                continue
            if len(requested) >= entry.max_pages:
                return
            requested.add(canonical)
            yield scrapy.Request(link.url, callback=self.parse, cb_kwargs={"site": site})


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


class StatsDump:
    """Extension: when the engine stops, write the crawl's stats and the process's peak RSS to ``BENCH_STATS_FILE``.

    The peak RSS (``ru_maxrss``, a high-water mark) is read after the spider closed, so it includes what the
    extensions do at the end (the site audit reads the run's documents back): Scrapy's own ``memusage/max`` is only
    sampled every ``MEMUSAGE_CHECK_INTERVAL_SECONDS``.
    """

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        self.cpu_at_open: float | None = None
        self.cpu_at_close: float | None = None
        self.maxrss_at_idle: int | None = None
        self.rss_samples: list[tuple[float, int]] = []
        self.sampler: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsDump:
        path = crawler.settings.get("BENCH_STATS_FILE")
        if not path:
            raise NotConfigured("BENCH_STATS_FILE is not set")
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    @staticmethod
    def cpu_seconds() -> float:
        """CPU time of this process so far, every thread, user and system."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    @staticmethod
    def maxrss() -> int:
        """Peak resident memory of this process so far, in bytes."""
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    @staticmethod
    def rss() -> int:
        """Resident memory of this process now, in bytes (0 where ``/proc`` is not there)."""
        try:
            return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize()
        except (OSError, IndexError, ValueError):
            return 0

    def spider_opened(self) -> None:
        from twisted.internet import task

        self.cpu_at_open = self.cpu_seconds()
        started = time.monotonic()
        self.sampler = task.LoopingCall(lambda: self.rss_samples.append((time.monotonic() - started, self.rss())))
        self.sampler.start(1.0)

    def spider_idle(self) -> None:
        # The crawl is done (or waiting): what it held so far, before the end-of-run work (the site audit).
        self.maxrss_at_idle = self.maxrss()

    def spider_closed(self) -> None:
        self.cpu_at_close = self.cpu_seconds()
        if self.sampler is not None and self.sampler.running:
            self.sampler.stop()

    def engine_stopped(self) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        crawl_cpu = None
        if self.cpu_at_open is not None and self.cpu_at_close is not None:
            crawl_cpu = self.cpu_at_close - self.cpu_at_open
        document = {
            "stats": {key: _json_safe(value) for key, value in stats.items()},
            "maxrss_bytes": self.maxrss(),
            "maxrss_at_idle_bytes": self.maxrss_at_idle,
            "rss_timeline": [(round(at, 1), size) for at, size in self.rss_samples],
            # From the spider's opening to its closing: the crawl, without starting Python and Scrapy.
            "crawl_cpu_seconds": crawl_cpu,
            "process_cpu_seconds": self.cpu_seconds(),
        }
        self.path.write_text(json.dumps(document, indent=1, sort_keys=True), encoding="utf-8")


class ExtractOnlySpider(InboundSpider):
    """The audit spider whose findings are computed and dropped: what extraction costs a crawl, without the items'
    way through Scrapy and the pipelines (``python -m benchmarks.bench --breakdown``)."""

    name = "bench_extract_only"

    def findings(self, response: HtmlResponse) -> Iterator[Any]:
        for _ in super().findings(response):
            pass
        return iter(())
