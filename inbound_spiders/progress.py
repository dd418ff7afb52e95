"""``AuditProgress``: a line in the log, at an interval, saying how far the audit of the site has got."""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from inbound_spiders.config import InboundConfig

logger = logging.getLogger(__name__)


def progress_line(stats: dict[str, Any], *, max_pages: int | None, elapsed_seconds: float) -> str:
    """What an audit has done so far, from its stats: pages audited (of the page budget), pace, findings (every
    sighting, and distinct findings when repeats are collapsed), document writes done and waiting in the spool.

    ``{"inbound/pages/audited": 120, ...}, max_pages=500`` → ``120 pages audited (24 % of max_pages=500), 60
    pages/min; 2,760 findings, 410 distinct; 380 document writes, 0 spooled``.
    """
    audited = pages_audited(stats)
    budget = f" ({100 * audited / max_pages:.0f} % of max_pages={max_pages})" if max_pages else ""
    pace = 60 * audited / elapsed_seconds if elapsed_seconds > 0 else 0.0
    sightings = findings_seen(stats)
    distinct = stats.get("inbound/findings/distinct")
    stored = int(stats.get("inbound/mongo/documents_written") or 0)
    spooled = int(stats.get("inbound/mongo/documents_spooled") or 0)
    distinct_text = f", {int(distinct):,} distinct" if distinct is not None else ""
    return (
        f"{audited:,} pages audited{budget}, {pace:.0f} pages/min; {sightings:,} findings{distinct_text}; "
        f"{stored:,} document writes, {spooled:,} spooled"
    )


def pages_audited(stats: dict[str, Any]) -> int:
    """Pages a crawl audited, from its stats."""
    return int(stats.get("inbound/pages/audited") or 0)


def findings_seen(stats: dict[str, Any]) -> int:
    """Every sighting of a finding by a crawl (``inbound/items/<kind>``), from its stats."""
    return sum(
        int(value)
        for name, value in stats.items()
        if name.startswith("inbound/items/") and name.count("/") == 2 and isinstance(value, int)
    )


def list_progress_line(
    *, done: int, failed: int, running: int, waiting: int, pages: int, findings: int, elapsed_seconds: float
) -> str:
    """How far a list of sites (``-a sites=``) has got: sites done (of which failed), in progress and waiting, pages
    audited and findings seen over all its sites so far.

    ``done=3, failed=1, running=2, waiting=5, pages=120, findings=2760`` → ``sites: 3 done (1 failed), 2 in progress,
    5 waiting, of 10; 120 pages audited, 60 pages/min; 2,760 findings``.
    """
    pace = 60 * pages / elapsed_seconds if elapsed_seconds > 0 else 0.0
    return (
        f"sites: {done:,} done ({failed:,} failed), {running:,} in progress, {waiting:,} waiting, of "
        f"{done + running + waiting:,}; {pages:,} pages audited, {pace:.0f} pages/min; {findings:,} findings"
    )


class AuditProgress:
    """Log :func:`progress_line` every ``INBOUND_PROGRESS_INTERVAL`` seconds (default 60; ``0`` switches it off),
    beside Scrapy's own per-minute line of pages and items, and once more when the crawl ends."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AuditProgress:
        interval = InboundConfig.from_settings(crawler.settings).progress_interval_seconds
        if interval <= 0:
            raise NotConfigured("INBOUND_PROGRESS_INTERVAL is 0")
        extension = cls(crawler, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.log, spider)
        self.loop.start(self.interval, now=False)

    def log(self, spider: Spider, final: bool = False) -> None:
        assert self.crawler.stats is not None
        line = progress_line(
            dict(self.crawler.stats.get_stats()),  # a copy: a listed site's audit thread may count log lines
            max_pages=getattr(spider, "max_pages", None),
            elapsed_seconds=time.monotonic() - self.started,
        )
        logger.info("[progress] %s%s %s", getattr(spider, "site", spider.name), " (done)" if final else "", line)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.log(spider, final=True)
