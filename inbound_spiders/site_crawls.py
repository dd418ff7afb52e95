"""One crawl, many sites (``scrapy crawl audit -a sites=FILE``): each site of the list is crawled by its own
:class:`~scrapy.crawler.Crawler` in the one process, ``INBOUND_CONCURRENT_SITES`` at a time.

A site's crawler is exactly the crawler of ``-a url=``: its own page budget and depth, robots.txt, download slots
(per-site concurrency, AutoThrottle), trap guard, scope (the registrable domain), stats, and its site audit, written
when its spider closes, that is when this site is done, while the rest of the list goes on. The list shares one store
connection, and records one ``runs`` document (``_id`` the list's run id) with each site's status: ``waiting``,
``running``, ``done`` or ``failed`` with the reason (:func:`~inbound_spiders.extensions.failure_reason`), pages,
findings and the site's own run id (its findings' ``run_id``, its ``site_audits`` ``_id``).
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler, CrawlerRunnerBase
from scrapy.settings import SETTINGS_PRIORITIES, Settings
from twisted.internet import task
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from inbound_spiders.config import InboundConfig
from inbound_spiders.extensions import LIST_RUN_ATTRIBUTE, failure_reason, mongo_safe_stats, save_run
from inbound_spiders.progress import findings_seen, list_progress_line, pages_audited
from inbound_spiders.site_list import SiteEntry
from inbound_spiders.store import (
    RUNS,
    SITE_AUDITS,
    MongoStore,
    connection_error_text,
    is_connection_error,
    redact_uri,
    utc,
)
from inbound_spiders.store_registry import share_store

if TYPE_CHECKING:
    from inbound_spiders.list_workers import WorkerShare

logger = logging.getLogger(__name__)

#: Scrapy's broad crawl settings (https://docs.scrapy.org/en/latest/topics/broad-crawls.html), applied to a crawl of
#: a list: a scheduler queue that hands out requests of the hosts least busy in the downloader (a site's subdomains
#: are hosts of their own), threads for the many DNS lookups of many sites, no cookies. Set at the project's
#: priority: ``-s`` overrides each. ``CONCURRENT_REQUESTS_PER_DOMAIN`` stays: the politeness towards each site.
BROAD_CRAWL_SETTINGS: dict[str, Any] = {
    "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
    "REACTOR_THREADPOOL_MAXSIZE": 20,
    "COOKIES_ENABLED": False,
}
#: A list's ``runs`` document is written when a site ends, at most this often (and with each ``[progress]`` line
#: after one did): each write holds every site of the list, and a list may hold thousands.
SAVE_INTERVAL_SECONDS = 5.0
#: ``-a`` arguments that name the sites, their bounds and their run ids: the list gives each site its own.
LIST_ARGUMENTS = frozenset({"sites", "url", "max_pages", "max_depth", "_run_id", "workers", "_worker"})


def site_run_ids(list_run_id: str, count: int) -> list[str]:
    """The run ids of the ``count`` sites of a list, in its order: ``<list run id>-1``... (zero-padded to the same
    width), their findings' ``run_id`` and their site audits' ``_id``."""
    width = len(str(count))
    return [f"{list_run_id}-{n:0{width}d}" for n in range(1, count + 1)]


#: The priority of a site's own settings in a list (its JOBDIR, its feeds): above the command line's, which they are
#: derived from, because ``CrawlerProcess.crawl`` merges the process's settings into the site's crawler and an equal
#: priority is overwritten (every site would share the one JOBDIR, and write the one feed file).
SITE_PRIORITY = SETTINGS_PRIORITIES["cmdline"] + 1


def site_feed_uri(uri: str, folder: str) -> str:
    """A list's feed ``uri`` (``-o``/``-O``, ``FEEDS``) for the site named ``folder``: ``findings.jsonl`` →
    ``findings-<site>.jsonl`` (as ``-a capture=``), whatever its scheme; a URI with ``%(...)s`` placeholders (such as
    ``%(site)s``, the spider's attribute) is the user's own naming, kept."""
    if "%(" in uri:
        return uri
    head, slash, name = uri.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    named = f"{stem}-{folder}{dot}{suffix}" if dot and stem else f"{name}-{folder}"
    return f"{head}{slash}{named}"


def apply_broad_crawl_settings(settings: Settings) -> None:
    """Put :data:`BROAD_CRAWL_SETTINGS` into ``settings`` where nothing above the project's settings set them."""
    for name, value in BROAD_CRAWL_SETTINGS.items():
        settings.set(name, value, priority="project")


@dataclass
class SiteRun:
    """One site of a list and how its crawl went."""

    entry: SiteEntry
    run_id: str
    index: int = 0
    """Its place in the list (from 0): what a worker process reports it by."""
    status: str = "waiting"
    """``waiting``, ``running``, ``done`` or ``failed``."""
    reason: str | None = None
    """Why the site failed (``None`` unless ``failed``)."""
    site: str = ""
    """The audited site: the entry's, or where its start URL moved."""
    stats: dict[str, Any] = field(default_factory=dict)
    """The site's crawl stats, live while it runs, final once done."""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    finish_reason: str | None = None
    resumed: dict[str, Any] | None = None
    """For a site an earlier run of the list audited (not crawled again): that run's entry for it, or ``{}`` when
    the earlier ``runs`` document did not have it done yet."""

    def document(self) -> dict[str, Any]:
        """The site's entry in the list's ``runs`` document."""
        identity = {
            "url": redact_uri(self.entry.url),
            "site": self.site or self.entry.site,
            "name": self.entry.name,
            "run_id": self.run_id,
            "max_pages": self.entry.max_pages,
            "max_depth": self.entry.max_depth,
        }
        if self.resumed is not None:
            return {
                **identity,
                "pages": None,
                "findings": None,
                "started_at": None,
                "finished_at": None,
                "finish_reason": None,
                **self.resumed,
                "status": "done",
                "reason": None,
                "audited": True,
                "resumed": True,
            }
        return {
            **identity,
            "status": self.status,
            "reason": self.reason,
            "pages": pages_audited(self.stats),
            "findings": findings_seen(self.stats),
            "audited": bool(self.stats.get("inbound/audit/written")),
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "finish_reason": self.finish_reason,
        }


class SiteListRun:
    """Crawl the sites of a list in ``process`` (the ``crawl`` command's), ``INBOUND_CONCURRENT_SITES`` at a time,
    each with ``spider_class`` and the other ``-a`` arguments; record the list in ``runs`` and log its progress.

    Call :meth:`start` before the process starts: the process runs until the last site is done.
    """

    def __init__(
        self,
        process: CrawlerRunnerBase,
        spider_class: type,
        entries: list[SiteEntry],
        arguments: dict[str, Any],
        worker: WorkerShare | None = None,
    ) -> None:
        self.process = process
        self.worker = worker
        """In a worker process of a list (``INBOUND_LIST_WORKERS``): its share of the sites, and the channel it reports
        them on; the parent process writes the ``runs`` document."""
        self.spider_class = spider_class
        self.arguments = arguments
        self.config = InboundConfig.from_settings(process.settings)
        # ``-a _run_id=`` (``inbound-schedule distribute`` gives each shard its own): the list's run id, and so its
        # sites' run ids, are the same each time the list runs, and a list run twice rewrites the same documents.
        given_run_id = str(arguments.get("_run_id") or "").strip()
        self.resumable = bool(given_run_id)
        self.run_id = given_run_id or f"{spider_class.name}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        run_ids = site_run_ids(self.run_id, len(entries))
        self.sites = [
            SiteRun(entry, run_id, index) for index, (entry, run_id) in enumerate(zip(entries, run_ids, strict=True))
        ]
        if worker is not None:  # the run ids of the whole list, its own sites
            self.sites = [site_run for site_run in self.sites if worker.takes(site_run.index)]
        self.waiting: deque[SiteRun] = deque(self.sites)
        self.running: dict[int, tuple[SiteRun, Crawler]] = {}
        self.store: MongoStore | None = None
        self.started = time.monotonic()
        self.started_at = utc(datetime.now(UTC))
        self.interrupted = False
        self.loop: task.LoopingCall | None = None
        self.document: dict[str, Any] = {}
        self.saved = 0.0
        """When the ``runs`` document was last written (``time.monotonic()``)."""
        self.unsaved = False
        """Whether a site ended since: the next progress line writes it."""

    @property
    def done(self) -> bool:
        return not self.waiting and not self.running

    def start(self) -> None:
        logger.info(
            "[sites] %d sites to audit, %d at a time (INBOUND_CONCURRENT_SITES); run %s%s",
            len(self.sites), self.config.concurrent_sites, self.run_id, self.worker_label,
        )  # fmt: skip
        self.open_store()
        self.skip_audited()
        self.save()
        if self.config.progress_interval_seconds > 0:
            self.loop = task.LoopingCall(self.log_progress)
            self.loop.start(self.config.progress_interval_seconds, now=False)
        self.start_next()

    def open_store(self) -> None:
        """The list's store connection, shared by its sites; none when storage is off. Unreachable is not fatal: the
        sites spool their documents, as a single crawl does."""
        if not self.config.mongo_enabled:
            return
        self.store = MongoStore(self.config).open()
        try:
            self.store.ensure_indexes()
        except Exception as error:
            if not is_connection_error(error):
                raise
            logger.error("[sites] %s unreachable (%s)", self.store.display_uri, connection_error_text(error))

    def skip_audited(self) -> None:
        """A list run again under its ``-a _run_id`` (a shard ``inbound-schedule distribute`` schedules again after
        its node went away in the middle of it) does not crawl again the sites an earlier run of it audited: a site
        whose site audit (``_id`` the site's run id) is in MongoDB is done, with the earlier ``runs`` entry for it. A
        site left half-crawled, or that the earlier run judged failed, is crawled again under the same run id, which
        rewrites the same documents."""
        if self.store is None or not self.resumable or self.worker is not None:  # a worker's parent decided
            return
        by_run_id = {site_run.run_id: site_run for site_run in self.sites}
        try:
            found = self.store.db[SITE_AUDITS].find({"_id": {"$in": list(by_run_id)}}, {"_id": 1, "site": 1})
            audited = {document["_id"]: document.get("site") for document in found}
            earlier = self.store.db[RUNS].find_one({"_id": self.run_id}, {"sites": 1}) if audited else None
        except Exception as error:
            if not is_connection_error(error):
                raise
            logger.error("[sites] %s unreachable (%s)", self.store.display_uri, connection_error_text(error))
            return
        entries = {entry.get("run_id"): entry for entry in (earlier or {}).get("sites") or []}
        skipped = 0
        for run_id, site in audited.items():
            site_run, entry = by_run_id[run_id], entries.get(run_id) or {}
            if entry.get("status") == "failed":  # audited, yet judged failed (its crawl cut short): crawled again
                continue
            site_run.resumed = entry if entry.get("status") == "done" else {}
            site_run.status, site_run.site = "done", site or site_run.entry.site
            self.waiting.remove(site_run)
            skipped += 1
        if skipped:
            logger.info(
                "[sites] %d of %d sites already audited by an earlier run of %s: not crawled again",
                skipped, len(self.sites), self.run_id,
            )  # fmt: skip

    def start_next(self) -> None:
        """Start waiting sites while fewer than ``INBOUND_CONCURRENT_SITES`` run; finish the list when all are done."""
        while self.waiting and not self.interrupted and len(self.running) < self.config.concurrent_sites:
            site_run = self.waiting.popleft()
            try:
                self.start_site(site_run)
            except Exception as error:  # its crawler could not even be made: the list goes on
                logger.exception("[sites] %s could not be started", site_run.entry.site)
                self.running.pop(id(site_run), None)
                site_run.status, site_run.reason = "failed", f"{type(error).__name__}: {error}"
                site_run.finished_at = utc(datetime.now(UTC))
        if not self.running:
            self.finish()
        elif self.worker is not None:  # the sites just started: running, for the parent's progress
            self.report()

    def start_site(self, site_run: SiteRun) -> None:
        entry = site_run.entry
        crawler = self.process.create_crawler(self.spider_class)
        setattr(crawler, LIST_RUN_ATTRIBUTE, self.run_id)
        folder = re.sub(r"[^A-Za-z0-9.-]", "_", entry.site)
        jobdir = crawler.settings.get("JOBDIR")
        if jobdir:  # each site resumes from its own job directory, named after the site
            crawler.settings.set("JOBDIR", str(Path(jobdir) / folder), priority=SITE_PRIORITY)
        feeds = crawler.settings.getdict("FEEDS")
        if feeds:  # each site its own feed file, as its own WACZ: one -O file would be overwritten by each site
            site_feeds = {site_feed_uri(str(uri), folder): options for uri, options in feeds.items()}
            crawler.settings.set("FEEDS", site_feeds, priority=SITE_PRIORITY)
        if self.store is not None:
            share_store(crawler, self.store.sibling())
        site_run.status, site_run.started_at, site_run.site = "running", utc(datetime.now(UTC)), entry.site
        self.running[id(site_run)] = (site_run, crawler)
        arguments = {name: value for name, value in self.arguments.items() if name not in LIST_ARGUMENTS}
        arguments.update(url=entry.url, max_pages=entry.max_pages, max_depth=entry.max_depth, _run_id=site_run.run_id)
        if entry.name:
            arguments["site_name"] = entry.name
        if arguments.get("capture"):  # each site its own WACZ, named after the site: several sites write at once
            capture = Path(str(arguments["capture"]))
            arguments["capture"] = str(capture.with_name(f"{capture.stem}-{folder}{capture.suffix}"))
        logger.info("[sites] starting %s (%s), run %s", entry.site, redact_uri(entry.url), site_run.run_id)
        when_done(self.process.crawl(crawler, **arguments), lambda error: self.site_finished(site_run, crawler, error))

    def site_finished(self, site_run: SiteRun, crawler: Crawler, error: BaseException | None) -> None:
        """A site's crawler stopped: record its outcome, start the next site (whatever happened recording it)."""
        self.running.pop(id(site_run), None)
        try:
            self.record_outcome(site_run, crawler, error)
        finally:
            self.start_next()

    def record_outcome(self, site_run: SiteRun, crawler: Crawler, error: BaseException | None) -> None:
        site_run.finished_at = utc(datetime.now(UTC))
        site_run.stats = dict(stats_of(crawler))
        spider = getattr(crawler, "spider", None)
        site_run.site = getattr(spider, "site", None) or site_run.site  # a start URL that moved moves the site
        site_run.run_id = getattr(spider, "run_id", None) or site_run.run_id  # a JOBDIR's crawl keeps its run id
        if error is not None:
            # The crawl could not start (a refused target, a spider error): the list goes on.
            site_run.finish_reason = "error"
            site_run.status, site_run.reason = "failed", f"{type(error).__name__}: {error}"
        else:
            site_run.finish_reason = str(site_run.stats.get("finish_reason") or "finished")
            site_run.reason = failure_reason(site_run.finish_reason, site_run.stats)
            site_run.status = "failed" if site_run.reason else "done"
        if site_run.finish_reason == "shutdown":
            self.interrupted = True  # Ctrl-C, or the crawl was stopped: no new site starts
        if site_run.reason:
            logger.warning("[sites] %s failed: %s", site_run.site, site_run.reason)
        else:
            logger.info(
                "[sites] %s done: %d pages audited, %d findings, site audit %s",
                site_run.site, pages_audited(site_run.stats), findings_seen(site_run.stats),
                "written" if site_run.stats.get("inbound/audit/written") else "not written",
            )  # fmt: skip
        self.save(at_most_every=SAVE_INTERVAL_SECONDS)
        self.log_progress()

    @property
    def worker_label(self) -> str:
        return f" (worker {self.worker.number} of {self.worker.count})" if self.worker is not None else ""

    def counts(self) -> dict[str, int]:
        statuses = [site_run.status for site_run in self.sites]
        return {
            "done": statuses.count("done") + statuses.count("failed"),
            "failed": statuses.count("failed"),
            "running": statuses.count("running"),
            "waiting": statuses.count("waiting"),
        }

    def live_stats(self) -> list[dict[str, Any]]:
        """Each site's stats: final for the sites done, current for those running."""
        for site_run, crawler in self.running.values():
            site_run.stats = stats_of(crawler)
        return [site_run.stats for site_run in self.sites]

    def log_progress(self) -> None:
        stats = self.live_stats()
        if self.worker is not None:  # the parent process logs the list's progress
            self.report()
            return
        line = list_progress_line(
            **self.counts(),
            pages=sum(pages_audited(site_stats) for site_stats in stats),
            findings=sum(findings_seen(site_stats) for site_stats in stats),
            elapsed_seconds=time.monotonic() - self.started,
        )
        logger.info("[progress] list %s%s %s", self.run_id, " (done)" if self.done else "", line)
        if self.unsaved and not self.done:
            self.save()

    def finish(self) -> None:
        """The last site is done (or the list was interrupted): the final ``runs`` document, the store closed."""
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        counts = self.counts()
        self.save(finished=True)
        logger.info(
            "[sites] run %s%s: %d of %d sites audited, %d failed%s",
            self.run_id, self.worker_label, counts["done"] - counts["failed"], len(self.sites), counts["failed"],
            f", {counts['waiting']} not started (interrupted)" if counts["waiting"] else "",
        )  # fmt: skip
        if self.store is not None:
            self.store.close()
            self.store = None

    @property
    def succeeded(self) -> bool:
        """Whether at least one site of the list was audited."""
        return any(site_run.status == "done" for site_run in self.sites)

    def save(self, *, finished: bool = False, at_most_every: float = 0.0) -> None:
        """Write the list's ``runs`` document: each site's status, and the stats summed over its sites. With
        ``at_most_every``, not when it was written less than that many seconds ago (the next write has it all). A
        worker process reports its sites to the parent instead, which writes the document."""
        if self.worker is not None:
            self.report(finished=finished)
            return
        if self.store is None:
            return
        now = time.monotonic()
        if at_most_every and now - self.saved < at_most_every:
            self.unsaved = True
            return
        self.saved, self.unsaved = now, False
        counts = self.counts()
        totals: dict[str, Any] = {}
        for site_run in self.sites:
            for name, value in site_run.stats.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    totals[name] = totals.get(name, 0) + value
        status = "running"
        if finished:
            status = "finished" if self.succeeded else "failed"
        self.document = {
            "_id": self.run_id,
            "spider": self.spider_class.name,
            # Every site of the list: queries by site ({"site": "example.org"}) find the list's run.
            "site": [site_run.site or site_run.entry.site for site_run in self.sites],
            "sites": [site_run.document() for site_run in self.sites],
            "sites_total": len(self.sites),
            "sites_done": counts["done"] - counts["failed"],
            "sites_failed": counts["failed"],
            "sites_resumed": sum(site_run.resumed is not None for site_run in self.sites),
            "start_urls": [redact_uri(site_run.entry.url) for site_run in self.sites],
            "arguments": {key: redact_uri(str(value)) for key, value in self.arguments.items()},
            "scrapyd_job": self.arguments.get("_job"),
            "store": self.store.display_uri,
            "started_at": self.started_at,
            "finished_at": utc(datetime.now(UTC)) if finished else None,
            "finish_reason": ("shutdown" if self.interrupted else "finished") if finished else None,
            "status": status,
            "stats": mongo_safe_stats(totals),
        }
        save_run(self.store, self.config, self.document)

    def report(self, *, finished: bool = False) -> None:
        """A worker process: tell the parent how its sites stand (the running ones with their live stats)."""
        assert self.worker is not None
        self.live_stats()
        if not self.worker.report(self.sites, finished=finished) and not self.interrupted:
            logger.error("[sites] the list's parent process is gone: this worker stops")
            self.interrupted = True
            self.process.stop()


def stats_of(crawler: Crawler) -> dict[str, Any]:
    """A copy of the crawler's stats; none for a crawler that never started (its spider could not be built). A copy:
    a listed site's audit runs in a thread, and its log lines are counted (``log_count/*``) into every crawler's
    stats from there, while the list reads them here (copying a dict is one step for other threads)."""
    try:
        stats = crawler.stats
    except RuntimeError:  # Scrapy's "Crawler.stats is not set yet"
        return {}
    return dict(stats.get_stats()) if stats is not None else {}


def when_done(outcome: Deferred | asyncio.Future | Any, callback: Callable[[BaseException | None], None]) -> None:
    """Call ``callback`` with the error (or ``None``) once a crawl the process started is over, whichever process
    ran it (``CrawlerProcess`` gives a Deferred, ``AsyncCrawlerProcess`` an asyncio task)."""
    if isinstance(outcome, Deferred):

        def done(result: Any) -> None:
            callback(result.value if isinstance(result, Failure) else None)

        outcome.addBoth(done)
        return

    def task_done(future: asyncio.Future) -> None:
        callback(asyncio.CancelledError() if future.cancelled() else future.exception())

    outcome.add_done_callback(task_done)
