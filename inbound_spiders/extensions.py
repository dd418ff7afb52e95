"""Crawler extensions: the ``runs`` collection recording each crawl."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from inbound_spiders.config import InboundConfig
from inbound_spiders.store import RUNS, MongoStore, Spool, connection_error_text, is_connection_error, redact_uri, utc
from inbound_spiders.store_registry import store_for

logger = logging.getLogger(__name__)

#: The attribute of a crawler that crawls one site of a list (``-a sites=``): the list's run id. The list's ``runs``
#: document records that site (:mod:`inbound_spiders.site_crawls`), not a document of its own.
LIST_RUN_ATTRIBUTE = "inbound_list_run_id"
#: Finish reasons of a crawl that did its job (anything else marks the run as failed).
SUCCESSFUL_FINISH_REASONS = frozenset(
    {"finished", "closespider_pagecount", "closespider_itemcount", "closespider_timeout"}
)


def mongo_safe_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """Crawl stats with keys MongoDB accepts everywhere (no ``.``, no leading ``$``) and URIs redacted."""
    safe = {}
    for key, value in stats.items():
        safe_key = key.replace(".", "_").lstrip("$")
        safe[safe_key] = redact_uri(value) if isinstance(value, str) else value
    return safe


def run_status(finish_reason: str, stats: dict[str, Any]) -> str:
    """``finished`` when the crawl ended normally and audited pages, else ``failed``.

    Errors on some pages (timeouts, broken markup) are normal on real sites: they are counted in the stats, and do
    not make a run that audited the rest a failure.
    """
    if finish_reason not in SUCCESSFUL_FINISH_REASONS or not stats.get("inbound/pages/audited"):
        return "failed"
    return "finished"


def failure_reason(finish_reason: str, stats: dict[str, Any]) -> str | None:
    """Why a site's crawl failed, in a few words, from its finish reason and stats; ``None`` when it did not
    (:func:`run_status` is ``finished``). The start page is what fails first: robots.txt unreachable (no answer,
    refused, DNS) or disallowing it, its download failing (``inbound/pages/failed/<reason>``), an HTTP error."""
    if run_status(finish_reason, stats) == "finished":
        return None
    if finish_reason not in SUCCESSFUL_FINISH_REASONS:
        return f"the crawl ended early ({finish_reason})"
    unreachable = stats.get("inbound/robots/unreachable_reason")
    if unreachable:
        return f"robots.txt {unreachable}"
    failed = sorted(name.rsplit("/", 1)[1] for name in stats if name.startswith("inbound/pages/failed/"))
    if failed:
        return f"the start page could not be downloaded ({', '.join(failed)})"
    if stats.get("robotstxt/forbidden"):
        return "robots.txt disallows the start page"
    statuses = sorted(
        name.rsplit("/", 1)[1] for name in stats if name.startswith("httperror/response_ignored_status_count/")
    )
    if statuses:
        return f"the start page answered HTTP {', '.join(statuses)}"
    if stats.get("inbound/pages/offsite_redirect"):
        return "the start page redirects off the site"
    if stats.get("inbound/pages/not_html"):
        return "the start page is not HTML"
    return "no page audited"


def save_run(store: MongoStore, config: InboundConfig, document: dict[str, Any]) -> None:
    """Upsert a ``runs`` document; spooled when MongoDB is unreachable, logged when MongoDB refuses it."""
    try:
        # One document: a value MongoDB refuses in it (a lone surrogate in an argument is repaired) is logged.
        for refusal in store.upsert_each(RUNS, [document]).refused:
            logger.error("[runs] run document %s refused by MongoDB: %s", document["_id"], refusal.error)
    except Exception as error:
        if not is_connection_error(error):
            raise
        Spool(config.spool_dir).add(RUNS, [document])
        logger.error(
            "[runs] %s unreachable (%s): run document spooled", store.display_uri, connection_error_text(error)
        )


def archive_fields(spider: Spider) -> dict[str, Any]:
    """``source``, ``as_of`` and ``archived_at`` of an audit spider's crawl (a live crawl for other spiders)."""
    fields = getattr(spider, "archive_fields", None)
    return fields() if fields is not None else {"source": "live", "as_of": None, "archived_at": None}


#: The crawl's own peak resident memory, in bytes (:class:`PeakMemory`).
PEAK_MEMORY_STAT = "inbound/memory/peak_bytes"


def peak_resident_bytes() -> int | None:
    """This process's peak resident memory since it started its program: ``VmHWM`` of ``/proc/self/status`` (Linux);
    ``None`` where there is no such file."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


class PeakMemory:
    """Record the crawl's own peak resident memory as ``inbound/memory/peak_bytes`` when the spider closes.

    Scrapy's ``memusage/max`` reads ``getrusage``'s ``ru_maxrss``, which Linux carries across ``execve`` from the
    process that started the crawl: a crawl started by a large process (a Scrapyd node, a test runner, a notebook)
    reports that process's size. ``VmHWM`` belongs to the crawl's own program. Off where the system does not give it.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PeakMemory:
        if peak_resident_bytes() is None:
            raise NotConfigured("no /proc/self/status: the crawl's peak memory is not recorded")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider) -> None:
        peak = peak_resident_bytes()
        if peak is not None and self.crawler.stats is not None:
            self.crawler.stats.max_value(PEAK_MEMORY_STAT, peak)


class RunRecorder:
    """Record every crawl in the ``runs`` collection: spider, site, arguments, where the site was read (``source``,
    ``as_of``, ``archived_at``), start and end, finish reason, status, final stats, Scrapyd job id, pages audited per
    language, the site's language and the ``capture`` the crawl kept (the WACZ of the pages read). Written when the
    spider opens (status ``running``) and again when it closes."""

    def __init__(self, crawler: Crawler, config: InboundConfig, store: MongoStore) -> None:
        self.crawler = crawler
        self.config = config
        self.store = store
        self.document: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        config = InboundConfig.from_settings(crawler.settings)
        if not config.mongo_enabled:
            raise NotConfigured("INBOUND_MONGO_ENABLED is off")
        if getattr(crawler, LIST_RUN_ATTRIBUTE, None):
            # One site of a list: the list's runs document records it. Without a message, as expected as it is: Scrapy
            # logs a NotConfigured message as a warning, one per site of the list.
            raise NotConfigured
        recorder = cls(crawler, config, store_for(crawler, config))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider: Spider) -> None:
        self.document = {
            "_id": getattr(spider, "run_id", None) or f"{spider.name}-{datetime.now(UTC):%Y%m%dT%H%M%S}",
            "spider": spider.name,
            "site": getattr(spider, "site", None),
            "start_urls": list(getattr(spider, "start_urls", [])),
            "arguments": {key: redact_uri(str(value)) for key, value in getattr(spider, "arguments", {}).items()},
            "scrapyd_job": getattr(spider, "scrapyd_job", None),
            # Where the site was read (live, wayback, archive) and as of when: audits of the past stay apart.
            **archive_fields(spider),
            # Which server the crawl wrote to (credentials redacted): crawls sharing the embedded store name one.
            "store": self.store.display_uri,
            "started_at": utc(datetime.now(UTC)),
            "finished_at": None,
            "finish_reason": None,
            "status": "running",
            "stats": {},
            "pages_per_language": {},
            "language": None,
        }
        self._save()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        self.document.update(
            site=getattr(spider, "site", None),  # a start URL redirecting to another site moves it (move_site)
            **archive_fields(spider),  # the start page's capture date is known once it was read
            finished_at=utc(datetime.now(UTC)),
            finish_reason=reason,
            status=run_status(reason, stats),
            stats=mongo_safe_stats(stats),
            pages_per_language=dict(getattr(spider, "pages_per_language", None) or {}),
            language=getattr(spider, "site_language", None),
            # The WACZ of the pages read (-a capture=): path, pages, records, bytes; None when none was kept.
            capture=getattr(spider, "capture_summary", None),
        )
        self._save()
        logger.info("[runs] run %s %s (%s)", self.document["_id"], self.document["status"], reason)

    def _save(self) -> None:
        save_run(self.store, self.config, self.document)
