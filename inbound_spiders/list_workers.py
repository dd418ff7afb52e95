"""A list of sites spread over worker processes (``INBOUND_LIST_WORKERS``, ``-a workers=N``): one Python process uses
one core, and a list's audit (extraction, link following, pipelines, storage) is CPU-bound long before its network.

The ``scrapy crawl`` the user started is the parent: it starts N ``scrapy crawl`` children with the same spider,
arguments and command-line settings, each with ``-a _worker=K/N:FD`` (its share: the sites at positions K, K+N,
K+2N... of the whole list, which each child reads itself) and ``-a _run_id`` (the list's run id, so each site keeps
the run id it has without workers: :func:`~inbound_spiders.site_crawls.site_run_ids` of the whole list). A child is
a :class:`~inbound_spiders.site_crawls.SiteListRun` of its share, with its own reactor and settings, exactly as a
list without workers. It reports how its sites stand on the pipe ``FD`` (pickled frames, parent and children being
the same code); the parent alone writes the list's one ``runs`` document and logs its ``[progress]`` lines, summing
the children. (Workers writing their own entries, ``$set`` of ``sites.<position>``, would need that update of an
array element by its position, which nx-27017, the embedded store, ignores without an error.) A child that ends
without its final report (killed, crashed) has its unfinished sites reported failed. Ctrl-C or SIGTERM of the parent
is passed on to the children (each in its own session, so that a terminal's Ctrl-C reaches them once): they stop as a
list without workers stops.
"""

from __future__ import annotations

import json
import logging
import math
import os
import pickle
import selectors
import signal
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import CrawlerRunnerBase
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from inbound_spiders.site_crawls import SAVE_INTERVAL_SECONDS, SiteListRun, SiteRun
from inbound_spiders.site_list import SiteEntry
from inbound_spiders.spiders.base import SpiderArgumentError
from inbound_spiders.store import utc

logger = logging.getLogger(__name__)

#: A frame on a worker's pipe: its length, then the pickled report.
FRAME_HEADER = struct.Struct("!I")
#: The :class:`SiteRun` fields a worker reports for each of its sites.
REPORTED_FIELDS = ("run_id", "status", "reason", "site", "started_at", "finished_at", "finish_reason", "resumed")


def list_worker_count(arguments: dict[str, Any], configured: int | None, sites: int) -> int:
    """How many processes crawl a list of ``sites``: ``-a workers=``, else ``INBOUND_LIST_WORKERS`` (``configured``),
    else one per CPU, but one in a Scrapyd job (its ``_job`` argument: a node runs a job per core already); ``0`` is
    one per CPU; never more than the sites. :class:`SpiderArgumentError` for a ``-a workers`` that is not a whole
    number >= 0."""
    given = arguments.get("workers")
    if given is None or str(given).strip() == "":
        if configured is None:
            configured = 1 if arguments.get("_job") else 0
        count = configured
    else:
        try:
            count = int(str(given).strip())
        except ValueError:
            count = -1
        if count < 0:
            raise SpiderArgumentError(f"-a workers={given!r}: expected a whole number >= 0 (0: one per CPU)")
    if count == 0:
        count = os.cpu_count() or 1
    return max(1, min(count, sites))


@dataclass(frozen=True)
class WorkerShare:
    """A worker process's share of a list (``-a _worker=K/N:FD[:SKIPPED]``): the sites at positions ``K``, ``K+N``...,
    but for the ``skipped`` ones (an earlier run of the list audited them: the parent decided, before it rewrote the
    ``runs`` document that says so), reported to the parent on the pipe ``FD``."""

    index: int
    count: int
    fd: int
    skipped: frozenset[int] = frozenset()
    sent: dict[int, tuple[Any, ...]] = field(default_factory=dict, compare=False)

    @property
    def number(self) -> int:
        """Its number for people (from 1)."""
        return self.index + 1

    @classmethod
    def parse(cls, value: Any) -> WorkerShare:
        try:
            share, fd, *rest = str(value).split(":")
            index, count = (int(part) for part in share.split("/"))
            if not 0 <= index < count or len(rest) > 1:
                raise ValueError
            skipped = frozenset(int(position) for position in rest[0].split(",")) if rest else frozenset()
            return cls(index, count, int(fd), skipped)
        except ValueError:
            raise SpiderArgumentError(f"-a _worker={value!r}: expected K/N:FD (set by the list's parent)") from None

    def argument(self) -> str:
        skipped = sorted(position for position in self.skipped if position % self.count == self.index)
        return f"{self.index}/{self.count}:{self.fd}" + (f":{','.join(map(str, skipped))}" if skipped else "")

    def takes(self, position: int) -> bool:
        return position % self.count == self.index and position not in self.skipped

    def report(self, sites: list[SiteRun], *, finished: bool = False) -> bool:
        """Send the parent the state of those of ``sites`` that changed since the last report (all of them the
        first time), and whether this is the last report; ``False`` when the parent is gone."""
        changed = []
        for site_run in sites:
            state = reported_state(site_run)
            signature = (state["status"], state["reason"], tuple(sorted(state["stats"].items())))
            if self.sent.get(site_run.index) != signature:
                self.sent[site_run.index] = signature
                changed.append((site_run.index, state))
        if not changed and not finished:
            return True
        payload = pickle.dumps({"sites": changed, "finished": finished}, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_all(self.fd, FRAME_HEADER.pack(len(payload)) + payload)
        except OSError:  # BrokenPipeError: the parent died
            return False
        return True


def reported_state(site_run: SiteRun) -> dict[str, Any]:
    """What the parent needs of a site: its fields, and its stats' counts (all the ``runs`` entry and the totals
    read)."""
    state = {name: getattr(site_run, name) for name in REPORTED_FIELDS}
    state["stats"] = {
        name: value for name, value in site_run.stats.items() if isinstance(value, int)
    }  # bools are ints too: inbound/audit/written
    return state


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def command_line_settings(settings: BaseSettings) -> list[str]:
    """``-s NAME=VALUE`` for each setting given on the command line (``-s``, ``-o``/``-O``, ``-L``, ``--logfile``...):
    what a worker needs besides the project's settings, which it reads itself."""
    options = []
    for name in sorted(settings):
        if settings.getpriority(name) is None or settings.getpriority(name) < SETTINGS_PRIORITIES["cmdline"]:
            continue
        value = settings[name]
        if isinstance(value, BaseSettings):
            value = json.dumps(value.copy_to_dict())
        elif isinstance(value, dict):
            value = json.dumps(value)
        elif isinstance(value, list | tuple):
            value = ",".join(str(part) for part in value)
        options += ["-s", f"{name}={value}"]
    return options


def scrapy_main_module() -> str:
    """The module to run a worker's ``scrapy crawl`` with: the parent's own when it is Scrapyd's runner (which puts
    the project's egg on the path), else ``scrapy``."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    name = getattr(spec, "name", "") or ""
    return name if name.startswith("scrapyd.") else "scrapy"


@dataclass
class Worker:
    """A worker process of the list, as its parent follows it."""

    share: WorkerShare
    process: subprocess.Popen
    reader: int
    buffer: bytearray = field(default_factory=bytearray)
    pipe_open: bool = True
    finished: bool = False
    """Whether its final report came: it ended as a list ends."""
    ended: bool = False


class WorkerListRun(SiteListRun):
    """The parent of a list's worker processes: starts them, follows their reports, writes the one ``runs``
    document, logs the ``[progress]`` lines of the whole list. :meth:`run` returns when every worker has ended."""

    def __init__(
        self,
        process: CrawlerRunnerBase,
        spider_class: type,
        entries: list[SiteEntry],
        arguments: dict[str, Any],
        *,
        spider_name: str,
        settings: BaseSettings,
        workers: int,
    ) -> None:
        super().__init__(process, spider_class, entries, arguments)
        self.spider_name = spider_name
        self.command_settings = settings
        self.worker_count = workers
        self.workers: list[Worker] = []

    @property
    def done(self) -> bool:
        return all(worker.ended for worker in self.workers)

    def worker_command(self, share: WorkerShare) -> list[str]:
        arguments = {name: value for name, value in self.arguments.items() if name not in ("workers", "_worker")}
        arguments.update(_run_id=self.run_id, _worker=share.argument())
        per_worker = math.ceil(self.config.concurrent_sites / share.count)
        command = [sys.executable, "-m", scrapy_main_module(), "crawl", self.spider_name]
        for name, value in arguments.items():
            command += ["-a", f"{name}={value}"]
        command += command_line_settings(self.command_settings)
        # INBOUND_CONCURRENT_SITES is the whole list's: each worker crawls its part of them at once.
        return [*command, "-s", f"INBOUND_CONCURRENT_SITES={per_worker}", "-s", "INBOUND_LIST_WORKERS=1"]

    def run(self) -> None:
        logger.info(
            "[sites] %d sites to audit over %d worker processes (INBOUND_LIST_WORKERS), %d at a time "
            "(INBOUND_CONCURRENT_SITES); run %s",
            len(self.sites), self.worker_count, self.config.concurrent_sites, self.run_id,
        )  # fmt: skip
        self.open_store()
        self.skip_audited()  # before the runs document is rewritten: an earlier run's entries are in it
        self.waiting.clear()  # the workers start the sites
        self.save()
        previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
        for number in previous:
            signal.signal(number, self.on_signal)
        try:
            self.start_workers()
            self.follow_workers()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
            for worker in self.workers:
                if worker.pipe_open:
                    os.close(worker.reader)
                if worker.process.poll() is None:  # this process failed: its workers are not left crawling
                    logger.error("[sites] stopping worker %d of %d", worker.share.number, worker.share.count)
                    worker.process.terminate()
                    worker.process.wait()
        self.log_progress()
        self.finish()

    def start_workers(self) -> None:
        for index in range(self.worker_count):
            if self.interrupted:  # Ctrl-C while the first ones started: the others' sites stay waiting
                break
            reader, writer = os.pipe()
            resumed = frozenset(site_run.index for site_run in self.sites if site_run.resumed is not None)
            share = WorkerShare(index, self.worker_count, writer, resumed)
            try:
                process = subprocess.Popen(self.worker_command(share), pass_fds=(writer,), start_new_session=True)
            finally:
                os.close(writer)
            os.set_blocking(reader, False)
            self.workers.append(Worker(share, process, reader))
            logger.info("[sites] worker %d of %d started (pid %d)", share.number, share.count, process.pid)

    def on_signal(self, number: int, frame: Any) -> None:
        """Ctrl-C, SIGTERM: passed on to the workers (a second one stops them at once, as Scrapy does)."""
        logger.info("[sites] %s received: stopping the workers", signal.Signals(number).name)
        self.interrupted = True
        for worker in self.workers:
            if worker.process.poll() is None:
                worker.process.send_signal(number)

    def follow_workers(self) -> None:
        selector = selectors.DefaultSelector()
        for worker in self.workers:
            selector.register(worker.reader, selectors.EVENT_READ, worker)
        interval = self.config.progress_interval_seconds
        next_progress = time.monotonic() + interval if interval > 0 else math.inf
        while not self.done:
            timeout = max(0.0, min(next_progress - time.monotonic(), 0.5))
            for key, _ in selector.select(timeout):
                self.read(key.data, selector)
            for worker in self.workers:
                if not worker.ended and worker.process.poll() is not None:
                    if worker.pipe_open:
                        self.read(worker, selector)  # what it wrote before it ended
                    if worker.pipe_open:  # a process it started still holds the pipe: nothing more comes from it
                        self.close_pipe(worker, selector)
                    self.worker_ended(worker)
            if time.monotonic() >= next_progress:
                next_progress = time.monotonic() + interval
                self.log_progress()
        selector.close()

    def read(self, worker: Worker, selector: selectors.BaseSelector) -> None:
        while True:
            try:
                chunk = os.read(worker.reader, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                self.close_pipe(worker, selector)
                break
            worker.buffer += chunk
        while len(worker.buffer) >= FRAME_HEADER.size:
            (size,) = FRAME_HEADER.unpack_from(worker.buffer)
            if len(worker.buffer) < FRAME_HEADER.size + size:
                break
            payload = bytes(worker.buffer[FRAME_HEADER.size : FRAME_HEADER.size + size])
            del worker.buffer[: FRAME_HEADER.size + size]
            report = pickle.loads(payload)  # from our own child process, over a pipe only it holds
            worker.finished = worker.finished or bool(report["finished"])
            self.apply(report)

    def close_pipe(self, worker: Worker, selector: selectors.BaseSelector) -> None:
        selector.unregister(worker.reader)
        os.close(worker.reader)
        worker.pipe_open = False

    def apply(self, report: dict[str, Any]) -> None:
        ended = False
        for index, state in report["sites"]:
            site_run = self.sites[index]
            was = site_run.status
            stats = state.pop("stats")
            for name, value in state.items():
                setattr(site_run, name, value)
            site_run.stats = stats
            ended = ended or (was not in ("done", "failed") and site_run.status in ("done", "failed"))
        if ended:
            self.save(at_most_every=SAVE_INTERVAL_SECONDS)
            self.log_progress()

    def worker_ended(self, worker: Worker) -> None:
        """A worker process ended: without its final report (killed, crashed), its unfinished sites failed."""
        worker.ended = True
        code = worker.process.wait()
        if worker.finished:
            logger.info("[sites] worker %d of %d ended (exit code %d)", worker.share.number, worker.share.count, code)
            return
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        reason = f"its worker process ({worker.share.number} of {worker.share.count}) ended ({how}) before it was done"
        lost = 0
        for site_run in self.sites:
            if worker.share.takes(site_run.index) and site_run.status not in ("done", "failed"):
                site_run.status, site_run.reason = "failed", reason
                site_run.finish_reason = site_run.finish_reason or "worker_lost"
                site_run.finished_at = utc(datetime.now(UTC))
                lost += 1
        logger.error(
            "[sites] worker %d of %d ended (%s) before its last report: %d of its sites reported failed",
            worker.share.number, worker.share.count, how, lost,
        )  # fmt: skip
        self.save()
        self.log_progress()
