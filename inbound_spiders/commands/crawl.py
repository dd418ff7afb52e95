"""``scrapy crawl``, with the spider's name and arguments checked before the crawl starts: an unknown spider or a bad
``-a`` is one line naming it (and exit code 2), not a traceback from inside the reactor. A list of sites
(``-a sites=FILE``, ``-a url=A,B``) is crawled in this one process (:mod:`inbound_spiders.site_crawls`)."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from inbound_spiders.config import InboundConfig
from inbound_spiders.files import unwritable_file
from inbound_spiders.list_workers import WorkerListRun, WorkerShare, list_worker_count
from inbound_spiders.rendering import BrowserNotFound, RenderModeError, playwright_settings, resolve_render_mode
from inbound_spiders.site_crawls import SiteListRun, apply_broad_crawl_settings
from inbound_spiders.site_list import is_site_list, site_list
from inbound_spiders.spiders.base import SpiderArgumentError

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    _crawler: Crawler | None = None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if self.settings is not None:
            tune_garbage_collector(self.settings)
            skip_unlogged_debug_records(self.settings)
        if len(args) == 1 and self.crawler_process is not None:
            self.check_feeds()
            loader = self.crawler_process.spider_loader
            try:
                spider_class = loader.load(args[0])
            except KeyError:
                # Scrapy's answer is a 39-line traceback: one line naming the spiders (one per site profile) instead.
                known = ", ".join(sorted(loader.list()))
                logger.error("[args] no spider or profile named %r; there are: %s", args[0], known)
                raise UsageError(
                    f"no spider or profile named {args[0]!r}; there are: {known} (scrapy list)", print_help=False
                ) from None
            check = getattr(spider_class, "check_arguments", None)  # InboundSpider's
            if check is not None:
                try:
                    if is_site_list(opts.spargs):
                        entries = site_list(opts.spargs)
                        # The list's other arguments (render, capture, as_of...) are checked once, here, not per site.
                        check(**{**opts.spargs, "url": entries[0].url})
                        worker = WorkerShare.parse(opts.spargs["_worker"]) if opts.spargs.get("_worker") else None
                        workers = 1
                        if worker is None:
                            configured = InboundConfig.from_settings(self.settings).list_workers
                            workers = list_worker_count(opts.spargs, configured, len(entries))
                        if not self.browser_missing(args[0], spider_class, opts.spargs):
                            self.run_list(args[0], spider_class, entries, opts, workers=workers, worker=worker)
                        return
                    check(**opts.spargs)
                    if self.browser_missing(args[0], spider_class, opts.spargs):
                        return
                except SpiderArgumentError as error:
                    # Also in the log: under Scrapyd the job's log file is all there is to read, not stderr.
                    logger.error("[args] %s: %s", args[0], error)
                    raise UsageError(f"{args[0]}: {error}", print_help=False) from None
        super().run(args, opts)
        if self.exitcode == 0 and self._audited_nothing():
            # As for a list: exit code 1 when no page of the site could be audited, so scripts see the failure.
            logger.warning(
                "[audit] %s: no page of the site could be audited (see the warnings above): exit code 1", args[0]
            )
            self.exitcode = 1

    def check_feeds(self) -> None:
        """A feed file (``-o``/``-O``, ``FEEDS``) that cannot be written stops the crawl before it starts: Scrapy would
        crawl the whole site, log a traceback per item and exit 0 with no feed."""
        assert self.settings is not None
        for uri, options in (self.settings.getdict("FEEDS") or {}).items():
            reason = unwritable_feed(str(uri))
            if reason:
                option = "-O" if (options or {}).get("overwrite") else "-o"
                logger.error("[args] %s %s: %s", option, uri, reason)
                raise UsageError(f"{option} {uri}: {reason}", print_help=False)

    def browser_missing(self, name: str, spider_class: type, arguments: dict[str, Any]) -> bool:
        """Whether this crawl must render every page (``-a render=always``, a profile's ``render_mode``,
        ``INBOUND_RENDER_MODE``) on a machine without the browser to: then one line saying how to install one and exit
        code 3, as ``inbound-report card``, instead of a traceback from inside the reactor. An archived crawl renders
        nothing: it is not checked."""
        assert self.settings is not None
        settings = self.settings
        try:
            if spider_class.archive_argument(**arguments) is not None:  # type: ignore[attr-defined]
                return False
            config = InboundConfig.from_settings(settings)
            argument = arguments.get("render", arguments.get("render_mode"))
            mode = resolve_render_mode(argument, getattr(spider_class, "render_mode", None), config.render_mode)
            if mode != "always":
                return False
            playwright_settings(
                config,
                launch_options=settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"),
                remote=bool(settings.get("PLAYWRIGHT_CDP_URL") or settings.get("PLAYWRIGHT_CONNECT_URL")),
            )
        except (RenderModeError, ValueError):
            return False  # a bad mode or setting: the spider says which, as it always has
        except BrowserNotFound as error:
            logger.error("[render] %s: render=always, and no browser to render with: %s", name, error)
            print(f"scrapy: error: {name}: render=always, and no browser to render with: {error}", file=sys.stderr)
            self.exitcode = 3
            return True
        return False

    def _audited_nothing(self) -> bool:
        """Whether the crawl just run was an audit (its spider counts pages audited) that audited no page."""
        crawler = self._crawler
        if crawler is None or crawler.stats is None or not hasattr(crawler.spidercls, "check_arguments"):
            return False
        return not crawler.stats.get_value("inbound/pages/audited")

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        """Scrapy's, keeping the crawler to read its stats once it is done."""
        self._crawler = super()._create_crawler(spidercls)
        return self._crawler

    def run_list(
        self,
        name: str,
        spider_class: type,
        entries: list,
        opts: argparse.Namespace,
        *,
        workers: int = 1,
        worker: WorkerShare | None = None,
    ) -> None:
        """Crawl every site of the list, with Scrapy's broad crawl settings, in this process or spread over
        ``workers`` processes (:mod:`inbound_spiders.list_workers`); in a worker process, its ``worker`` share of the
        list. Exit code 1 when no site was audited."""
        assert self.crawler_process is not None and self.settings is not None
        if workers > 1:
            parent = WorkerListRun(
                self.crawler_process, spider_class, entries, opts.spargs,
                spider_name=name, settings=self.settings, workers=workers,
            )  # fmt: skip
            parent.run()
            if not parent.succeeded:
                self.exitcode = 1
            return
        apply_broad_crawl_settings(self.crawler_process.settings)
        sites = SiteListRun(self.crawler_process, spider_class, entries, opts.spargs, worker=worker)
        sites.start()
        self.crawler_process.start()
        if not sites.succeeded:
            self.exitcode = 1


def tune_garbage_collector(settings: BaseSettings) -> None:
    """Set the crawl process's garbage collector for crawling: what is loaded by now (Scrapy, the project, schemas,
    word lists) lives as long as the process and is frozen out of every later collection, and the young generation
    is collected every ``INBOUND_GC_THRESHOLD`` allocations (Python's 700 when ``0``). A bad value is left to the
    spider, which says which setting is wrong."""
    try:
        threshold = InboundConfig.from_settings(settings).gc_threshold
    except ValueError:
        return
    gc.collect()
    gc.freeze()
    if threshold:
        gc.set_threshold(threshold, *gc.get_threshold()[1:])


#: Loggers that write a DEBUG line per item or per database command: each line is built, then dropped by Scrapy's
#: handler under any other level (the root logger lets every level through to the handler).
PER_ITEM_DEBUG_LOGGERS = ("scrapy.core.scraper", "pymongo")


def skip_unlogged_debug_records(settings: BaseSettings) -> None:
    """Under a ``LOG_LEVEL`` above DEBUG, keep the loggers of :data:`PER_ITEM_DEBUG_LOGGERS` from building their
    per-item DEBUG records (``Scraped from <200 ...>``, one per finding) that the handler drops anyway."""
    level = logging.getLevelName(str(settings.get("LOG_LEVEL") or "DEBUG").upper())
    if isinstance(level, int) and level > logging.DEBUG:
        for name in PER_ITEM_DEBUG_LOGGERS:
            logging.getLogger(name).setLevel(level)


def unwritable_feed(uri: str) -> str | None:
    """Why the feed at ``uri`` cannot be written, when it is a local file (a path, ``file://``): it is a folder, or
    nothing can be written where it would go; ``None`` when it can (or is not a local file: ``stdout:``, ``s3://``).
    Nothing is left behind: the folders Scrapy would create are not created, the trial file is removed."""
    parts = urlsplit(uri)
    if parts.scheme == "file":
        path = Path(url2pathname(parts.path))
    elif not parts.scheme or len(parts.scheme) == 1:  # a path (or a Windows drive letter)
        path = Path(uri)
    else:
        return None
    return unwritable_file(path)
