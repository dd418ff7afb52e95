"""How fast does the audit crawl, compared with the same crawl in bare Scrapy? ``python -m benchmarks.bench``.

One run, on one machine:

1. writes a synthetic campaign site (:mod:`benchmarks.synthetic_site`) big enough for every crawl, and serves it on
   127.0.0.1 twice (a threaded static server with keep-alive): once with every response ``--latency-ms`` late (100 ms
   by default, a fast WordPress site's response time), once without delay;
2. starts a MongoDB wire-protocol server (nx-27017, the embedded store) unless ``--mongo-uri`` names one;
3. crawls ``--pages`` pages with each spider, each crawl a fresh ``scrapy crawl`` process, alternating (bare then audit,
   then audit then bare...): ``--rounds`` rounds on the delayed server — network-bound, as crawls of real sites are —
   and ``--cpu-rounds`` rounds on the other — CPU-bound, the worst case for the audit. The bare spider
   (:class:`benchmarks.crawl_support.BareSpider`) has the audit's start URL, link following, page and depth bounds and
   the project's settings (robots.txt obeyed, 4 requests at a time per site, its middlewares), but no extraction, no
   items, hence no pipelines and no MongoDB; the ``audit`` spider runs in render mode ``auto`` and writes to MongoDB.
   AutoThrottle is off for both (it would measure the throttle), and so are the platform lookups (on the internet).
   Pages/s is ``response_received_count / elapsed_time_seconds`` from the crawl's stats; CPU per page is the crawl
   process's CPU time (every thread) from the spider's opening to its closing, divided by the pages;
4. crawls ``--sizes`` pages with the audit (no delay) for its peak memory: the process's peak RSS when the engine
   stops (the site audit built at the end included) and when the crawl was done (last ``spider_idle``);
5. times the extractors in this process on the site's pages (CPU time of this thread, the fastest of three runs per
   page, so that other processes on a shared machine do not count; wall time is reported too): each run builds the
   page model (:class:`inbound_spiders.page.model.Page`, counted in the total) and hands it to every extractor, as
   the spider does; then checks the validation pipeline's verdicts against the schema validator's on every finding;
6. writes the findings with the project's ``MongoStore.upsert`` (documents/s), and times the storage pipeline's
   ``process_item`` — what the crawl's thread does per item — against the batch writes of its writer thread;
7. prints a table and whether each target of issue 8 is met, and writes the figures as JSON to
   ``benchmarks/results/<UTC timestamp>.json`` and ``benchmarks/results/latest.json``.

``--quick`` is a smoke run of two minutes; ``--extraction-only`` runs step 5's timing alone (seconds, no crawl, no
MongoDB) on the pages of a ``--pages`` site, and prints and writes (``extraction-latest.json``) its figures only. The
machine's load is recorded before and after: on a shared machine, compare runs made under similar load, and prefer
CPU ms/page, which load changes little, to pages/s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks.measure import load, median, mongo_uri_or_embedded

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "benchmarks" / "results"
MiB = 1024 * 1024

#: Issue 8's targets.
TARGET_RATIO = 0.8
TARGET_EXTRACTION_MS = 5.0
TARGET_MEMORY_GROWTH = 0.25
#: Runs of each extractor on each page in the in-process timing; the fastest counts.
EXTRACTION_REPEAT = 3

# Settings of both crawls: the project's, with AutoThrottle off (it would measure the throttle, not the crawl), the
# platforms' APIs off (they are on the internet), and a log file per crawl.
COMMON_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "LOG_LEVEL": "INFO",
    "INBOUND_VIDEO_LOOKUP_ENABLED": "False",
    "INBOUND_PLATFORM_API_ENABLED": "False",
    "SPIDER_MODULES": "inbound_spiders.spiders,benchmarks.crawl_support",
}
WITHOUT_STORAGE = {"ITEM_PIPELINES": "{}", "INBOUND_MONGO_ENABLED": "False"}


def scrapy_crawl(spider: str, arguments: Iterable[str], settings: Mapping[str, Any]) -> list[str]:
    """The command line of ``scrapy crawl spider -a ARGUMENT... -s NAME=VALUE...`` in this Python."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for argument in arguments:
        command += ["-a", argument]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def crawl_environment() -> dict[str, str]:
    """This environment for a crawl of the checkout: the project's settings, the checkout first on the path, and no
    ``INBOUND_MONGO_URI`` from the developer's shell (each crawl says which store it writes to)."""
    env = {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "inbound_spiders.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("INBOUND_MONGO_URI", None)
    return env


#: What is crawled, by name: (spider, its own settings, whether it audits — writes to MongoDB, renders in auto mode).
#: ``extract_only`` and ``items_only`` split the audit's cost (``--breakdown``): extraction alone, then extraction
#: with the items going through Scrapy but through no pipeline.
VARIANTS: dict[str, tuple[str, dict[str, str], bool]] = {
    "bare": ("bench_bare", WITHOUT_STORAGE, False),
    "extract_only": ("bench_extract_only", WITHOUT_STORAGE, False),
    "items_only": ("audit", WITHOUT_STORAGE, False),
    "audit": ("audit", {}, True),
}


# --- the machine ---------------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """Cores, CPU model, RAM, load, versions: what the figures depend on."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    ram_gib = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    import lxml.etree
    import scrapy

    return {
        "cores": os.cpu_count(),
        "cpu_model": model,
        "ram_gib": ram_gib,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "scrapy": scrapy.__version__,
        "lxml": ".".join(str(part) for part in lxml.etree.LXML_VERSION),
        "load_before": load(),
        "git": _git_revision(),
    }


def _git_revision() -> str | None:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{commit}{'+dirty' if dirty else ''}"


# --- the site server -----------------------------------------------------------------------------------------------


class _Handler(SimpleHTTPRequestHandler):
    # Keep-alive, as real sites: without it every page is a new TCP connection, whose cost is the server's.
    protocol_version = "HTTP/1.1"
    delay = 0.0

    def do_GET(self) -> None:
        if self.delay:
            time.sleep(self.delay)
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog (5) overflows when the machine is busy: a refused SYN is retried a second later, and the
    # crawl stalls for a second on the server's account.
    request_queue_size = 256


@contextlib.contextmanager
def serve(folder: Path, latency_ms: float, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``folder`` on ``host`` (a loopback address, a free port), each response ``latency_ms`` late; yields the
    site's URL."""
    handler = type("DelayedHandler", (_Handler,), {"delay": latency_ms / 1000})
    server = _Server((host, 0), partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="bench-site", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- crawls --------------------------------------------------------------------------------------------------------


@dataclass
class Crawl:
    """One ``scrapy crawl`` process and what its stats say."""

    spider: str
    """What was crawled: a key of :data:`VARIANTS`."""
    pages: int
    scenario: str
    """``network`` (responses delayed), ``cpu`` (no delay) or ``memory`` (peak memory at a size)."""
    round: int | None
    responses: int = 0
    elapsed_s: float = 0.0
    pages_per_s: float = 0.0
    cpu_s: float = 0.0
    """CPU time of the crawl process from the spider's opening to its closing (every thread)."""
    process_cpu_s: float = 0.0
    """CPU time of the whole process, starting Python and Scrapy included."""
    wall_s: float = 0.0
    peak_rss_mib: float = 0.0
    """Peak resident memory of the crawl process, end-of-run work (the site audit) included."""
    crawl_peak_rss_mib: float | None = None
    """Peak resident memory when the crawl was done (last ``spider_idle``), before the end-of-run work."""
    memusage_max_mib: float | None = None
    items: int = 0
    documents_written: int = 0
    mongo_batches: int = 0
    batch_write_max_ms: float | None = None
    pending_batches_max: int | None = None
    pages_audited: int = 0
    rendered: int | None = None
    render_mode: str | None = None
    invalid_items: int = 0
    log_errors: int = 0
    finish_reason: str | None = None
    stats: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def cpu_ms_per_page(self) -> float:
        return self.cpu_s * 1000 / self.responses if self.responses else 0.0


class Crawler:
    """Runs crawls of the served site as child processes, each in its own working folder."""

    def __init__(self, work: Path, mongo_uri: str | None, render: bool, timeout: float) -> None:
        self.work = work
        self.mongo_uri = mongo_uri
        self.render = render
        self.timeout = timeout
        self.count = 0

    def run(self, variant: str, url: str, pages: int, scenario: str, round_number: int | None = None) -> Crawl:
        """Crawl ``pages`` pages of the site at ``url``; ``variant`` is a key of :data:`VARIANTS`."""
        from inbound_spiders.settings import EXTENSIONS

        spider, variant_settings, audits = VARIANTS[variant]
        self.count += 1
        folder = self.work / f"crawl-{self.count:02d}-{variant}-{pages}"
        folder.mkdir(parents=True)
        stats_file = folder / "stats.json"
        settings = {
            **COMMON_SETTINGS,
            "EXTENSIONS": json.dumps({**EXTENSIONS, "benchmarks.crawl_support.StatsDump": 1000}),
            "BENCH_STATS_FILE": str(stats_file),
            "LOG_FILE": str(folder / "crawl.log"),
            "INBOUND_SPOOL_DIR": str(folder / "spool"),
            "INBOUND_EMBEDDED_DATA_DIR": str(folder / "embedded"),
        }
        arguments = [f"url={url}", f"max_pages={pages}", "max_depth=100"]
        settings.update(variant_settings)
        if audits:
            settings["INBOUND_MONGO_DATABASE"] = f"bench_{self.count:02d}"
            if self.mongo_uri:
                settings["INBOUND_MONGO_URI"] = self.mongo_uri
        if spider != "bench_bare" and self.render:
            arguments.append("render=auto")
        command = scrapy_crawl(spider, arguments, settings)
        env = crawl_environment()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        completed = subprocess.run(
            command, cwd=folder, env=env, capture_output=True, text=True, timeout=self.timeout, check=False
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if not stats_file.exists():
            raise RuntimeError(
                f"{spider} crawl wrote no stats (exit {completed.returncode}); see {folder / 'crawl.log'}\n"
                + completed.stderr[-3000:]
            )
        dump = json.loads(stats_file.read_text())
        crawl = _crawl_from_stats(variant, pages, scenario, round_number, dump)
        crawl.process_cpu_s = round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 3)
        crawl.cpu_s = round(dump.get("crawl_cpu_seconds") or crawl.process_cpu_s, 3)
        crawl.wall_s = round(wall, 3)
        with contextlib.suppress(OSError):
            crawl.log_errors = sum(" ERROR: " in line for line in (folder / "crawl.log").open(encoding="utf-8"))
        return crawl


def _crawl_from_stats(spider: str, pages: int, scenario: str, round_number: int | None, dump: dict[str, Any]) -> Crawl:
    stats = dump["stats"]
    elapsed = float(stats.get("elapsed_time_seconds") or 0.0)
    responses = int(stats.get("response_received_count") or 0)
    memusage = stats.get("memusage/max")
    batch_max = stats.get("inbound/mongo/batch_write_seconds_max")
    rendered = stats.get("inbound/render/rendered", 0 if stats.get("inbound/render/mode") else None)
    return Crawl(
        spider=spider,
        pages=pages,
        scenario=scenario,
        round=round_number,
        responses=responses,
        elapsed_s=round(elapsed, 3),
        pages_per_s=round(responses / elapsed, 2) if elapsed else 0.0,
        peak_rss_mib=round(dump["maxrss_bytes"] / MiB, 1),
        crawl_peak_rss_mib=round(dump["maxrss_at_idle_bytes"] / MiB, 1) if dump.get("maxrss_at_idle_bytes") else None,
        memusage_max_mib=round(memusage / MiB, 1) if memusage else None,
        items=int(stats.get("item_scraped_count") or 0),
        documents_written=int(stats.get("inbound/mongo/documents_written") or 0),
        mongo_batches=int(stats.get("inbound/mongo/batches") or 0),
        batch_write_max_ms=round(batch_max * 1000, 1) if batch_max is not None else None,
        pending_batches_max=stats.get("inbound/mongo/pending_batches_max"),
        pages_audited=int(stats.get("inbound/pages/audited") or 0),
        rendered=rendered,
        render_mode=stats.get("inbound/render/mode"),
        invalid_items=sum(
            value for key, value in stats.items() if key.startswith("inbound/validation/") and key.endswith("/invalid")
        ),
        finish_reason=stats.get("finish_reason"),
        stats=stats,
    )


# --- in-process measurements ---------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def _summary(values_ms: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values_ms), 3) if values_ms else 0.0,
        "p95_ms": round(percentile(values_ms, 0.95), 3),
        "mean_ms": round(statistics.fmean(values_ms), 3) if values_ms else 0.0,
    }


def _fields(item: Any) -> dict[str, Any]:
    """The item's fields as the pipelines read them (``item_fields`` where this version has it)."""
    try:
        from inbound_spiders.documents import item_fields
    except ImportError:
        from itemadapter import ItemAdapter

        return ItemAdapter(item).asdict()
    return item_fields(item)


@dataclass
class Sample:
    """Pages of the site, parsed, with what the extractors found on them (stamped as the spider stamps)."""

    pages: list[tuple[str, str]]
    items: list[Any] = field(default_factory=list)


def sample_pages(folder: Path, url: str, paths: list[str], count: int) -> Sample:
    """``count`` pages spread evenly over ``paths`` (the static pages always included), read from ``folder``."""
    step = max(1, len(paths) // max(1, count))
    chosen = sorted(set(paths[:12] + paths[::step]), key=paths.index)[:count]
    pages = []
    for path in chosen:
        html = (folder / path.strip("/") / "index.html" if path != "/" else folder / "index.html").read_text("utf-8")
        pages.append((url.rstrip("/") + path, html))
    return Sample(pages)


def measure_extraction(sample: Sample, site: str, repeat: int = EXTRACTION_REPEAT) -> dict[str, Any]:
    """Time each extractor on each page, after a warm-up pass over a few pages; keep the stamped items.

    Each run builds the page model (one :class:`Page`, as the spider does per response) and runs every extractor on
    it; the page's cost is the fastest build of its model plus each extractor's fastest run: on a shared machine,
    other processes only ever add time (cache misses, a busy sibling core), and the fastest run is the page's own
    cost. A fresh model each run: the facts it shares are paid again, by whichever extractor asks first.
    """
    from parsel import Selector

    from inbound_spiders.extractors import EXTRACTORS
    from inbound_spiders.identity import stamp, utc_now_iso
    from inbound_spiders.page.model import Page
    from inbound_spiders.rendering import rendering_reason

    for page_url, html in sample.pages[:20]:
        page = Page(Selector(text=html), page_url)
        for extractor in EXTRACTORS.values():
            extractor(page)
    per_kind: dict[str, list[float]] = {kind: [] for kind in EXTRACTORS}
    model_ms: list[float] = []
    # The first run of each page alone: what a crawl, which reads each page once, pays (the later runs of a page also
    # find what the extractors memoise per URL or label, as the later pages of a site find its menus and footer).
    first_runs: list[float] = []
    cpu_totals: list[float] = []
    wall_totals: list[float] = []
    parse_ms: list[float] = []
    decision_ms: list[float] = []
    items_per_page: list[int] = []
    crawled_at = utc_now_iso()
    for page_url, html in sample.pages:
        started = time.perf_counter_ns()
        selector = Selector(text=html)
        parse_ms.append((time.perf_counter_ns() - started) / 1e6)
        decision = float("inf")
        decided = Page(selector, page_url)  # the spider decides on the model its extractors read (timed below)
        for _ in range(max(1, repeat)):
            cpu_start = time.thread_time_ns()
            rendering_reason(decided)
            decision = min(decision, (time.thread_time_ns() - cpu_start) / 1e6)
        decision_ms.append(decision)
        del decided  # its elements' proxies would spare the timed models below their walk
        cpu = {kind: float("inf") for kind in ("page", *EXTRACTORS)}
        wall = dict(cpu)
        found_items: dict[str, list[Any]] = {}
        first_run = 0.0
        for run_number in range(max(1, repeat)):
            this_run = 0.0
            wall_start, cpu_start = time.perf_counter_ns(), time.thread_time_ns()
            page = Page(selector, page_url)
            this_run += (time.thread_time_ns() - cpu_start) / 1e6
            cpu["page"] = min(cpu["page"], (time.thread_time_ns() - cpu_start) / 1e6)
            wall["page"] = min(wall["page"], (time.perf_counter_ns() - wall_start) / 1e6)
            for kind, extractor in EXTRACTORS.items():
                wall_start, cpu_start = time.perf_counter_ns(), time.thread_time_ns()
                found_items[kind] = extractor(page)
                this_run += (time.thread_time_ns() - cpu_start) / 1e6
                cpu[kind] = min(cpu[kind], (time.thread_time_ns() - cpu_start) / 1e6)
                wall[kind] = min(wall[kind], (time.perf_counter_ns() - wall_start) / 1e6)
            del page  # the next run builds its model afresh, as the next response would
            if run_number == 0:
                first_run = this_run
        first_runs.append(first_run)
        model_ms.append(cpu["page"])
        for kind in EXTRACTORS:
            per_kind[kind].append(cpu[kind])
        cpu_total, wall_total = sum(cpu.values()), sum(wall.values())
        found = sum(len(items) for items in found_items.values())
        for items in found_items.values():
            sample.items.extend(stamp(i, site=site, run_id="bench", crawled_at=crawled_at, depth=1) for i in items)
        cpu_totals.append(cpu_total)
        wall_totals.append(wall_total)
        items_per_page.append(found)
    return {
        "pages": len(sample.pages),
        "repeat": repeat,
        "cpu": _summary(cpu_totals),
        "wall": _summary(wall_totals),
        "parse": _summary(parse_ms),
        "render_decision_cpu": _summary(decision_ms),
        "page_model_cpu": _summary(model_ms),
        "first_run_cpu": _summary(first_runs),
        "per_extractor_cpu": {kind: _summary(values) for kind, values in per_kind.items()},
        "items_per_page": round(statistics.fmean(items_per_page), 1) if items_per_page else 0.0,
    }


def measure_validation(sample: Sample) -> dict[str, Any]:
    """Check the sampled items with the validation pipeline's check and with the schema's validator: the verdicts
    must agree, and the time per item says what validation costs the crawl."""
    from inbound_spiders.contracts import validator_for

    try:
        from inbound_spiders.pipelines.validation import fieldwise_check
    except ImportError:  # a version that validates every item whole

        def fieldwise_check(kind: str) -> Any:
            return None

    disagreements = 0
    checked = False
    full_us: list[float] = []
    fast_us: list[float] = []
    for item in sample.items:
        fields = _fields(item)
        started = time.thread_time_ns()
        full = not any(True for _ in validator_for(item.kind).iter_errors(fields))
        full_us.append((time.thread_time_ns() - started) / 1e3)
        check = fieldwise_check(item.kind)
        checked = checked or check is not None
        started = time.thread_time_ns()
        fast = check.is_valid(_fields(item)) if check is not None else full
        fast_us.append((time.thread_time_ns() - started) / 1e3)
        disagreements += fast != full
    return {
        "items": len(sample.items),
        "disagreements": disagreements,
        "schema_validator_us_per_item": round(statistics.fmean(full_us), 1) if full_us else 0.0,
        "pipeline_check_us_per_item": round(statistics.fmean(fast_us), 1) if fast_us and checked else None,
    }


def measure_mongo(sample: Sample, uri: str, batch_size: int, work: Path) -> dict[str, Any]:
    """Documents/s of ``MongoStore.upsert`` on the sampled findings (inserted, then replaced), and the storage
    pipeline's ``process_item`` time per item — the crawl thread's share of storage — while its writer thread
    writes the batches."""
    from scrapy.utils.test import get_crawler

    from inbound_spiders.config import InboundConfig
    from inbound_spiders.documents import item_document
    from inbound_spiders.pipelines.storage import MongoStoragePipeline
    from inbound_spiders.store import COLLECTION_BY_KIND, MongoStore

    batches: list[dict[str, dict[str, dict[str, Any]]]] = []
    current: dict[str, dict[str, dict[str, Any]]] = {}
    added = 0
    for item in sample.items:
        fields = _fields(item)
        document = item_document(fields, pages=[fields["page_url"]], page_count=1)
        current.setdefault(COLLECTION_BY_KIND[item.kind], {})[document["_id"]] = document
        added += 1
        if added == batch_size:
            batches.append(current)
            current, added = {}, 0
    if current:
        batches.append(current)
    store = MongoStore(InboundConfig(mongo_uri=uri, mongo_database="bench_upsert")).open()
    results: dict[str, Any] = {"batch_size": batch_size, "batches": len(batches)}
    try:
        store.client.drop_database("bench_upsert")  # type: ignore[union-attr]
        store.ensure_indexes()
        for name in ("insert", "replace"):
            documents = 0
            batch_ms = []
            for batch in batches:
                started = time.perf_counter()
                for collection, by_id in batch.items():
                    store.upsert(collection, list(by_id.values()))
                    documents += len(by_id)
                batch_ms.append((time.perf_counter() - started) * 1000)
            seconds = sum(batch_ms) / 1000
            results[name] = {
                "documents": documents,
                "documents_per_s": round(documents / seconds, 1) if seconds else 0.0,
                "batch_ms": _summary(batch_ms),
            }
        store.client.drop_database("bench_upsert")  # type: ignore[union-attr]
    finally:
        store.close()

    crawler = get_crawler(
        settings_dict={
            "INBOUND_MONGO_URI": uri,
            "INBOUND_MONGO_DATABASE": "bench_pipeline",
            "INBOUND_MONGO_BATCH_SIZE": batch_size,
            "INBOUND_SPOOL_DIR": str(work / "spool-pipeline"),
        }
    )
    pipeline = MongoStoragePipeline.from_crawler(crawler)
    pipeline.writer.start()
    item_ms = []
    try:
        for item in sample.items:
            started = time.perf_counter()
            pipeline.process_item(item)
            item_ms.append((time.perf_counter() - started) * 1000)
    finally:
        pipeline.writer.stop()  # runs the queued batch writes first
        with contextlib.suppress(Exception):
            pipeline.store.client.drop_database("bench_pipeline")  # type: ignore[union-attr]
        pipeline.store.close()
    results["process_item_ms"] = {**_summary(item_ms), "max_ms": round(max(item_ms, default=0.0), 3)}
    return results


# --- the run -------------------------------------------------------------------------------------------------------


@dataclass
class Options:
    """What to run (see ``--help``)."""

    pages: int
    rounds: int
    latency_ms: float
    cpu_rounds: int
    sizes: list[int]
    extraction_pages: int
    mongo_uri: str | None
    render: bool
    keep: Path | None
    output: Path
    timeout: float
    breakdown: bool = False
    extraction_only: bool = False


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages per compared crawl (default 2000)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="bare/audit rounds with delayed responses, alternating (default 3)"
    )
    parser.add_argument(
        "--latency-ms", type=float, default=100.0, help="delay of every response in those rounds (default 100)"
    )
    parser.add_argument(
        "--cpu-rounds", type=int, default=1, help="bare/audit rounds without delay: CPU-bound (default 1, 0: none)"
    )
    parser.add_argument(
        "--sizes", default="500,2000,8000", help="audit crawls measured for peak memory (default 500,2000,8000)"
    )
    parser.add_argument("--extraction-pages", type=int, default=400, help="pages timed in-process (default 400)")
    parser.add_argument("--mongo-uri", help="a MongoDB to write to (default: start nx-27017 on a free port)")
    parser.add_argument("--no-render", action="store_true", help="crawl the audit without -a render=auto")
    parser.add_argument("--keep", type=Path, help="keep the site, crawl logs and stats in this folder")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"results folder (default {RESULTS})")
    parser.add_argument("--timeout", type=float, default=900, help="seconds a crawl may take (default 900)")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also crawl without delay with extraction only, then with items but no pipeline: where the CPU goes",
    )
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 300 pages, 1 round of each kind, sizes 150,300,1200"
    )
    parser.add_argument(
        "--extraction-only",
        action="store_true",
        help="only time the extractors in-process (no crawl, no MongoDB): with --quick, 100 pages of a 300-page site",
    )
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.pages, arguments.rounds, arguments.cpu_rounds = 300, 1, 1
        arguments.sizes = "150,300,1200"
        arguments.extraction_pages = min(arguments.extraction_pages, 100)
    return Options(
        pages=arguments.pages,
        rounds=max(0, arguments.rounds),
        latency_ms=arguments.latency_ms,
        cpu_rounds=max(0, arguments.cpu_rounds),
        sizes=sorted({int(size) for size in arguments.sizes.split(",") if size.strip()}),
        extraction_pages=arguments.extraction_pages,
        mongo_uri=arguments.mongo_uri,
        render=not arguments.no_render,
        keep=arguments.keep,
        output=arguments.output,
        timeout=arguments.timeout,
        breakdown=arguments.breakdown,
        extraction_only=arguments.extraction_only,
    )


def _say(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def _rounds(crawler: Crawler, url: str, options: Options, scenario: str, rounds: int) -> list[Crawl]:
    """``rounds`` pairs of crawls, the bare one first in odd rounds and the audit first in even ones."""
    crawls = []
    for number in range(1, rounds + 1):
        order = ("bare", "audit") if number % 2 else ("audit", "bare")
        for spider in order:
            _say(f"{scenario} round {number}/{rounds}: {spider}, {options.pages} pages")
            crawl = crawler.run(spider, url, options.pages, scenario, number)
            _say(
                f"  {crawl.pages_per_s:.1f} pages/s, {crawl.cpu_ms_per_page:.1f} ms CPU/page, "
                f"peak RSS {crawl.peak_rss_mib:.0f} MiB"
            )
            crawls.append(crawl)
    return crawls


def run(options: Options) -> dict[str, Any]:
    """Run the whole benchmark and return its figures."""
    from benchmarks.synthetic_site import page_paths, write_site
    from inbound_spiders.config import InboundConfig
    from inbound_spiders.identity import site_of

    started = time.perf_counter()
    info = machine()
    work = options.keep or Path(tempfile.mkdtemp(prefix="inbound-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    site_pages = max([options.pages, *options.sizes])
    _say(f"writing a synthetic site of {site_pages} pages in {work / 'site'}")
    shutil.rmtree(work / "site", ignore_errors=True)
    site = write_site(work / "site", site_pages)
    try:
        with mongo_uri_or_embedded(options.mongo_uri, work / "mongo") as uri:
            crawler = Crawler(work, uri, options.render, options.timeout)
            with serve(site.folder, options.latency_ms) as slow_url, serve(site.folder, 0) as fast_url:
                crawls = _rounds(crawler, slow_url, options, "network", options.rounds)
                crawls += _rounds(crawler, fast_url, options, "cpu", options.cpu_rounds)
                if options.breakdown:
                    for variant in ("extract_only", "items_only"):
                        _say(f"breakdown: {variant}, {options.pages} pages")
                        crawls.append(crawler.run(variant, fast_url, options.pages, "cpu"))
                memory: dict[int, dict[str, float | None]] = {}
                for size in options.sizes:
                    same = [c for c in crawls if c.spider == "audit" and c.scenario == "cpu" and c.pages == size]
                    if not same:
                        _say(f"memory: audit of {size} pages")
                        same = [crawler.run("audit", fast_url, size, "memory")]
                        _say(
                            f"  peak RSS {same[0].peak_rss_mib:.0f} MiB ({same[0].crawl_peak_rss_mib} MiB when the "
                            f"crawl was done), {same[0].pages_per_s:.1f} pages/s"
                        )
                        crawls += same
                    memory[size] = {
                        "peak_rss_mib": median([crawl.peak_rss_mib for crawl in same]),
                        "crawl_peak_rss_mib": median([crawl.crawl_peak_rss_mib or 0.0 for crawl in same]) or None,
                    }
                _say(f"extraction: timing the extractors on {options.extraction_pages} pages in-process")
                sample = sample_pages(site.folder, fast_url, page_paths(options.pages), options.extraction_pages)
                extraction = measure_extraction(sample, site_of(fast_url))
                validation = measure_validation(sample)
                _say(f"MongoDB: writing {len(sample.items)} findings with MongoStore.upsert")
                mongo_figures = measure_mongo(sample, uri, InboundConfig().mongo_batch_size, work)
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    info["load_after"] = load()
    return figures(options, info, site, crawls, memory, extraction, validation, mongo_figures, started)


def run_extraction_only(options: Options) -> dict[str, Any]:
    """Step 5 alone: the extractors timed in-process on ``extraction_pages`` pages of a ``pages``-page synthetic
    site (nothing served, crawled or stored)."""
    from benchmarks.synthetic_site import page_paths, write_site

    info = machine()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="inbound-bench-") as work:
        folder = Path(work) / "site"
        write_site(folder, options.pages)
        url = "http://127.0.0.1:8000/"
        sample = sample_pages(folder, url, page_paths(options.pages), options.extraction_pages)
        extraction = measure_extraction(sample, "127.0.0.1")
    info["load_after"] = load()
    return {
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": info,
        "site_pages": options.pages,
        "extraction": extraction,
        "target_extraction_median_ms": TARGET_EXTRACTION_MS,
        "duration_s": round(time.perf_counter() - started, 1),
    }


def extraction_report(result: dict[str, Any]) -> str:
    """The figures of :func:`run_extraction_only` as text."""
    m, e = result["machine"], result["extraction"]
    model = e.get("page_model_cpu") or {}
    return "\n".join(
        [
            f"inbound_spiders extraction timing — {result['created_at']} — git {m['git']}; load {m['load_before']} "
            f"-> {m['load_after']}",
            f"extraction per page (fastest of {e['repeat']} runs, page model included), CPU: median "
            f"{e['cpu']['median_ms']} ms, p95 {e['cpu']['p95_ms']} ms; wall: median {e['wall']['median_ms']} ms "
            f"({e['pages']} pages of a {result['site_pages']}-page site, {e['items_per_page']} findings/page)",
            f"  page model, CPU median/p95 ms: {model.get('median_ms')}/{model.get('p95_ms')}; the first run of each "
            f"page alone (a crawl reads a page once): median {e['first_run_cpu']['median_ms']} ms",
            "  per extractor, CPU median/p95 ms: "
            + ", ".join(f"{k} {v['median_ms']}/{v['p95_ms']}" for k, v in e["per_extractor_cpu"].items()),
            f"  parsing the HTML, apart: {e['parse']['median_ms']} ms; render-or-not decision: "
            f"{e['render_decision_cpu']['median_ms']} ms",
        ]
    )


def compare(crawls: list[Crawl]) -> dict[str, Any] | None:
    """Medians of the bare and audit crawls of one scenario, and their ratio."""
    bare = [crawl for crawl in crawls if crawl.spider == "bare"]
    audit = [crawl for crawl in crawls if crawl.spider == "audit"]
    if not bare or not audit:
        return None
    bare_pps = median([crawl.pages_per_s for crawl in bare])
    audit_pps = median([crawl.pages_per_s for crawl in audit])
    bare_cpu = median([crawl.cpu_ms_per_page for crawl in bare])
    audit_cpu = median([crawl.cpu_ms_per_page for crawl in audit])
    return {
        "rounds": len(audit),
        "bare_pages_per_s": bare_pps,
        "audit_pages_per_s": audit_pps,
        "ratio": round(audit_pps / bare_pps, 3) if bare_pps else 0.0,
        "ratio_per_round": [
            round(a.pages_per_s / b.pages_per_s, 3) for a, b in zip(audit, bare, strict=False) if b.pages_per_s
        ],
        "bare_cpu_ms_per_page": bare_cpu,
        "audit_cpu_ms_per_page": audit_cpu,
        "cpu_ratio": round(bare_cpu / audit_cpu, 3) if audit_cpu else 0.0,
        "bare_peak_rss_mib": median([crawl.peak_rss_mib for crawl in bare]),
        "audit_peak_rss_mib": median([crawl.peak_rss_mib for crawl in audit]),
        "audit_items": median([crawl.items for crawl in audit]),
        "audit_documents_written": median([crawl.documents_written for crawl in audit]),
        "mongo_documents_per_s": median([c.documents_written / c.elapsed_s for c in audit if c.elapsed_s]),
    }


def cpu_breakdown(crawls: list[Crawl]) -> dict[str, float] | None:
    """Where the audit's CPU per page goes, from the CPU-bound crawls of ``--breakdown``: the bare crawl, what
    extraction adds, what the items' way through Scrapy adds, what the pipelines and storage add."""
    per_page = {variant: median([c.cpu_ms_per_page for c in crawls if c.spider == variant]) for variant in VARIANTS}
    if not all(per_page.values()):
        return None
    return {
        "bare_crawl": per_page["bare"],
        "extraction": round(per_page["extract_only"] - per_page["bare"], 2),
        "items_through_scrapy": round(per_page["items_only"] - per_page["extract_only"], 2),
        "pipelines_and_storage": round(per_page["audit"] - per_page["items_only"], 2),
        "audit": per_page["audit"],
    }


def figures(
    options: Options,
    info: dict[str, Any],
    site: Any,
    crawls: list[Crawl],
    memory: dict[int, dict[str, float | None]],
    extraction: dict[str, Any],
    validation: dict[str, Any],
    mongo: dict[str, Any],
    started: float,
) -> dict[str, Any]:
    """Everything measured, the medians, and the verdict on each target."""
    scenarios = {name: compare([crawl for crawl in crawls if crawl.scenario == name]) for name in ("network", "cpu")}
    audits = [crawl for crawl in crawls if crawl.spider == "audit"]
    audited = sum(crawl.pages_audited for crawl in audits)
    rendered = [crawl.rendered for crawl in audits]
    render_share = None if None in rendered or not audited else round(sum(rendered) / audited, 4)  # type: ignore[arg-type]
    growth: dict[str, float | None] = {}
    if len(options.sizes) >= 2:
        small, large = memory[options.sizes[-2]], memory[options.sizes[-1]]
        for name in ("peak_rss_mib", "crawl_peak_rss_mib"):
            if small[name] and large[name]:
                growth[name] = round(large[name] / small[name] - 1, 3)  # type: ignore[operator]
    sizes = f"{options.sizes[-2]} -> {options.sizes[-1]} pages" if len(options.sizes) >= 2 else ""
    compared_audits = [crawl for crawl in audits if crawl.scenario != "memory"]
    breakdown = cpu_breakdown([crawl for crawl in crawls if crawl.scenario == "cpu"])
    blocking = {
        "process_item_max_ms": mongo["process_item_ms"]["max_ms"],
        "batch_write_median_ms": mongo["insert"]["batch_ms"]["median_ms"],
        "crawl_batch_write_max_ms": max(
            (c.batch_write_max_ms for c in compared_audits if c.batch_write_max_ms is not None), default=None
        ),
        "crawl_pending_batches_max": max(
            (c.pending_batches_max for c in compared_audits if c.pending_batches_max is not None), default=None
        ),
    }
    targets: dict[str, dict[str, Any]] = {}
    for name, label in (("network", f"{options.latency_ms:g} ms responses"), ("cpu", "no delay, CPU-bound")):
        scenario = scenarios[name]
        if scenario is not None:
            targets[f"ratio_{name}"] = {
                "target": f">= {TARGET_RATIO} ({label})",
                "value": scenario["ratio"],
                "met": scenario["ratio"] >= TARGET_RATIO,
            }
    targets["extraction_median_ms"] = {
        "target": f"<= {TARGET_EXTRACTION_MS} (CPU time)",
        "value": extraction["cpu"]["median_ms"],
        "met": extraction["cpu"]["median_ms"] <= TARGET_EXTRACTION_MS,
    }
    for name, key, label in (
        ("memory_growth", "peak_rss_mib", "whole run"),
        ("memory_growth_crawl", "crawl_peak_rss_mib", "until the crawl is done"),
    ):
        value = growth.get(key)
        targets[name] = {
            "target": f"< {TARGET_MEMORY_GROWTH:.0%} ({sizes}, {label})",
            "value": value,
            "met": None if value is None else value < TARGET_MEMORY_GROWTH,
        }
    targets["storage_never_blocks"] = {
        "target": "process_item << one batch write",
        "value": blocking,
        "met": blocking["process_item_max_ms"] < blocking["batch_write_median_ms"]
        and all(crawl.mongo_batches > 0 for crawl in compared_audits),
    }
    return {
        "benchmark": "inbound_spiders issue 8: audit vs bare Scrapy",
        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "command": "python -m benchmarks.bench " + " ".join(sys.argv[1:]),
        "options": {
            "pages": options.pages,
            "rounds": options.rounds,
            "latency_ms": options.latency_ms,
            "cpu_rounds": options.cpu_rounds,
            "sizes": options.sizes,
            "render": "auto" if options.render else None,
            "mongo": "external" if options.mongo_uri else "nx-27017 (embedded)",
        },
        "machine": info,
        "site": {"pages": site.pages, "mean_page_kib": round(site.mean_page_bytes / 1024, 1)},
        "scenarios": scenarios,
        "cpu_breakdown_ms_per_page": breakdown,
        "render_share_auto": render_share,
        "render_mode": audits[0].render_mode if audits else None,
        "invalid_items": sum(crawl.invalid_items for crawl in audits),
        "crawl_log_errors": sum(crawl.log_errors for crawl in crawls),
        "memory": {str(size): value for size, value in sorted(memory.items())},
        "extraction": extraction,
        "validation": validation,
        "mongo": mongo,
        "targets": targets,
        "crawls": [{key: value for key, value in asdict(crawl).items() if key != "stats"} for crawl in crawls],
        "duration_s": round(time.perf_counter() - started, 1),
    }


def _verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("MET" if met else "NOT MET")


def report(result: dict[str, Any]) -> str:
    """The figures as a readable table."""
    m, e, mongo, t, o = result["machine"], result["extraction"], result["mongo"], result["targets"], result["options"]
    lines = [
        f"inbound_spiders benchmark — {result['created_at']} — git {m['git']}",
        f"machine: {m['cores']} cores {m['cpu_model']}, {m['ram_gib']} GiB RAM, load {m['load_before']} -> "
        f"{m['load_after']}; Python {m['python']}, Scrapy {m['scrapy']}",
        f"site: {result['site']['pages']} pages, {result['site']['mean_page_kib']} KiB on average; MongoDB: "
        f"{o['mongo']}; audit render mode: {result['render_mode'] or 'none'}",
        "",
        f"{'crawl':<14}{'scenario':<10}{'round':>6}{'pages':>7}{'pages/s':>9}{'CPU ms/page':>13}{'peak RSS MiB':>14}"
        f"{'items':>8}{'docs':>8}",
    ]
    for crawl in result["crawls"]:
        cpu = crawl["cpu_s"] * 1000 / crawl["responses"] if crawl["responses"] else 0.0
        name = crawl["spider"]
        lines.append(
            f"{name:<14}{crawl['scenario']:<10}{crawl['round'] or '-':>6}{crawl['responses']:>7}"
            f"{crawl['pages_per_s']:>9.1f}{cpu:>13.1f}{crawl['peak_rss_mib']:>14.0f}{crawl['items']:>8}"
            f"{crawl['documents_written']:>8}"
        )
    lines.append("")
    for name, label in (("network", f"responses {o['latency_ms']:g} ms late"), ("cpu", "no delay (CPU-bound)")):
        s = result["scenarios"].get(name)
        if s:
            lines.append(
                f"{label}: pages/s median bare {s['bare_pages_per_s']}, audit {s['audit_pages_per_s']}, ratio "
                f"{s['ratio']} (rounds {s['ratio_per_round']}); CPU ms/page bare {s['bare_cpu_ms_per_page']}, audit "
                f"{s['audit_cpu_ms_per_page']}"
            )
    breakdown = result["cpu_breakdown_ms_per_page"]
    if breakdown:
        lines.append(
            "where the audit's CPU goes, ms/page: "
            + ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in breakdown.items())
        )
    render = result["render_share_auto"]
    network = result["scenarios"].get("network") or result["scenarios"].get("cpu") or {}
    lines += [
        f"extraction per page (fastest of {e.get('repeat', 1)} runs), CPU: median {e['cpu']['median_ms']} ms, p95 "
        f"{e['cpu']['p95_ms']} ms; wall: median "
        f"{e['wall']['median_ms']} ms, p95 {e['wall']['p95_ms']} ms ({e['pages']} pages, {e['items_per_page']} "
        f"findings/page; parsing the HTML, shared with link extraction, apart: {e['parse']['median_ms']} ms)",
        "  per extractor, CPU median/p95 ms: "
        + ", ".join(f"{k} {v['median_ms']}/{v['p95_ms']}" for k, v in e["per_extractor_cpu"].items())
        + (f"; building the page model {d['median_ms']}/{d['p95_ms']}" if (d := e.get("page_model_cpu")) else "")
        + (f"; first run of each page alone: median {f['median_ms']}" if (f := e.get("first_run_cpu")) else ""),
        "  render-or-not decision (render=auto), CPU median/p95 ms: "
        + (f"{d['median_ms']}/{d['p95_ms']}" if (d := e.get("render_decision_cpu")) else "not measured"),
        f"validation per item: schema validator {result['validation']['schema_validator_us_per_item']} us, pipeline "
        + (
            f"check {check} us ({result['validation']['disagreements']} disagreements)"
            if (check := result["validation"]["pipeline_check_us_per_item"]) is not None
            else "check n/a (this version validates every item whole)"
        ),
        f"MongoDB upsert: {mongo['insert']['documents_per_s']} docs/s inserted, {mongo['replace']['documents_per_s']} "
        f"docs/s replaced (batches of {mongo['batch_size']} findings: median {mongo['insert']['batch_ms']['median_ms']}"
        f" ms); during the crawl {network.get('mongo_documents_per_s')} docs/s",
        f"storage on the crawl thread: process_item median {mongo['process_item_ms']['median_ms']} ms, max "
        f"{mongo['process_item_ms']['max_ms']} ms; in the crawls: longest batch write "
        f"{t['storage_never_blocks']['value']['crawl_batch_write_max_ms']} ms, at most "
        f"{t['storage_never_blocks']['value']['crawl_pending_batches_max']} batches queued",
        "peak memory of the audit (peak RSS, whole run / until the crawl is done): "
        + ", ".join(
            f"{size} pages {value['peak_rss_mib']:.0f} / {value['crawl_peak_rss_mib'] or 0:.0f} MiB"
            for size, value in result["memory"].items()
        ),
        f"pages rendered in auto mode: {'n/a' if render is None else f'{render:.1%}'}"
        + ("" if render is not None else " (this version has no render mode: -a render=auto is not understood)"),
        "",
        "targets:",
    ]
    for name, target in t.items():
        value = "" if isinstance(target["value"], dict) else target["value"]
        lines.append(f"  {name:<22} {target['target']:<52} {value!s:<8} {_verdict(target['met'])}")
    lines.append(f"\n{result['duration_s']:.0f} s in all")
    return "\n".join(lines)


def save(result: dict[str, Any], output: Path) -> Path:
    """Write ``<timestamp>.json`` and ``latest.json`` under ``output``; returns the first."""
    output.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    path = output / f"{result['created_at'].replace(':', '').replace('-', '')}.json"
    path.write_text(text, encoding="utf-8")
    (output / "latest.json").write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    if options.extraction_only:
        result = run_extraction_only(options)
        options.output.mkdir(parents=True, exist_ok=True)
        path = options.output / "extraction-latest.json"
        path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(extraction_report(result))
        print(f"figures written to {path}")
        return 0
    result = run(options)
    path = save(result, options.output)
    print(report(result))
    print(f"figures written to {path} and {options.output / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
