"""One crawl of many sites against the alternatives (issue 15): ``python -m benchmarks.many_sites``.

1. writes a synthetic campaign site of ``--pages`` pages (:mod:`benchmarks.synthetic_site`) and serves it as
   ``--sites`` sites, one per loopback address (127.0.0.2, 127.0.0.3, ...: distinct hosts to the crawler, hence
   distinct sites, download slots and robots.txt), from one server (:mod:`benchmarks.loopback_sites`), every response
   ``--latency-ms`` late (100 ms by default, a fast WordPress site's response time);
2. starts a MongoDB wire-protocol server (nx-27017, the embedded store) unless ``--mongo-uri`` names one;
3. crawls the list, alternating ``--rounds`` times:

   (a) **list**: one ``scrapy crawl audit -a sites=FILE`` as a user runs it (``INBOUND_CONCURRENT_SITES`` sites at a
       time, each with the project's 4 requests at a time per site, spread over one worker process per CPU, the
       default outside Scrapyd; ``--set INBOUND_LIST_WORKERS=1`` for one process; writing to MongoDB);
   (b) **bare broad**: bare Scrapy's broad crawl of the same list — one spider with every start URL, following each
       site's links within it, the same page budget and depth, no extraction, no items, no storage
       (:class:`benchmarks.crawl_support.BareBroadSpider`) — with the same settings: the project's, the broad-crawl
       settings a list gets (:data:`inbound_spiders.site_crawls.BROAD_CRAWL_SETTINGS`), and the list's total
       concurrency (``CONCURRENT_REQUESTS`` = sites at a time × ``CONCURRENT_REQUESTS_PER_DOMAIN``), and Python's
       garbage collector as it comes (``INBOUND_GC_THRESHOLD=0``: the audit's setting would cost bare Scrapy its memory,
       its responses being freed by the collector only);

   then (c) **separate**: one ``scrapy crawl audit -a url=...`` process per site, ``--parallel`` (8) at a time, as
   the sites were audited before one crawl could take a list. ``--separate K`` runs K of them (sites spread over the
   list) and extrapolates to all: the figure says so. AutoThrottle is off everywhere (it would measure the throttle),
   and so are the platforms' lookups (on the internet);
4. pages/s is the responses received (robots.txt included, in every variant) over the wall time of the process(es),
   start-up included: what a user waits for. Peak memory is the kernel's high-water mark of the crawl process's
   resident memory (``ru_maxrss``; sampled too, every 0.2 s); the memory per site in flight is the list's peak less a
   single-site crawl's (the separate processes' median), over the sites crawled at once — an upper bound: caches
   filled over the list's thousands of pages count as the sites' — and, with ``--memory-sweep 4,32``, the slope of
   the list's peak over the sites crawled at once (extra list crawls, 4 then 32 sites at a time). The time to the
   first site audit is from the list process's start to the earliest ``site_audits.audited_at``;
5. prints a table and whether issue 15's targets are met, and writes the figures to
   ``benchmarks/results/many-sites-<UTC timestamp>.json`` and ``many-sites-latest.json``.

``--quick`` is a smoke run (12 sites of 15 pages, 6 of them as separate processes). The machine's load is recorded
before and after: on a shared machine, compare runs made under similar load.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.bench import COMMON_SETTINGS, RESULTS, crawl_environment, machine, scrapy_crawl
from benchmarks.measure import (
    ProcessRun,
    load,
    median,
    mongo_uri_or_embedded,
    own_cpu_seconds,
    publish,
    run_process,
    target_lines,
)

#: Issue 15's targets: the list's pages/s against the bare broad crawl's, and against separate processes'.
TARGET_BARE_RATIO = 0.8
TARGET_SEPARATE_RATIO = 3.0
WITHOUT_STORAGE = {"ITEM_PIPELINES": "{}", "INBOUND_MONGO_ENABLED": "False"}


@dataclass
class Options:
    """What to run (see ``--help``)."""

    sites: int
    pages: int
    latency_ms: float
    rounds: int
    separate: int
    parallel: int
    concurrent_sites: int | None
    mongo_uri: str | None
    keep: Path | None
    output: Path
    timeout: float
    profile: bool = False
    variants: tuple[str, ...] = ("list", "bare_broad", "separate")
    settings: dict[str, str] = field(default_factory=dict)
    """``--set NAME=VALUE``: settings of every crawl, over the benchmark's own."""
    memory_sweep: tuple[int, ...] = ()
    """``--memory-sweep``: sites at a time of the extra list crawls measured for their peak memory."""


@dataclass
class Run:
    """One crawl process (or, for ``separate``, one of the per-site processes) and what it did."""

    variant: str
    """``list``, ``bare_broad``, ``separate``, or ``list_sweep`` (a list crawl of ``--memory-sweep``)."""
    round: int | None
    sites: int
    concurrent_sites: int | None = None
    """The list's ``INBOUND_CONCURRENT_SITES``."""
    responses: int = 0
    pages_audited: int = 0
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_rss_mib: float = 0.0
    sampled_peak_rss_mib: float = 0.0
    pages_per_s: float = 0.0
    crawl_s: float | None = None
    """The crawl itself, start-up excluded: the list's ``runs`` span, or Scrapy's ``elapsed_time_seconds``."""
    first_audit_s: float | None = None
    """From the process's start to the earliest ``site_audits.audited_at`` (the list only)."""
    site_audits: int = 0
    sites_done: int = 0
    sites_failed: int = 0
    returncode: int = 0
    rss_timeline: list[tuple[float, float]] = field(default_factory=list, repr=False)


class Bench:
    """Runs the crawls of the served list as child processes, each in its own working folder."""

    def __init__(self, options: Options, work: Path, urls: list[str], mongo_uri: str) -> None:
        self.options = options
        self.work = work
        self.urls = urls
        self.mongo_uri = mongo_uri
        self.sites_file = work / "sites.txt"
        self.sites_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        self.count = 0

    def concurrent_sites(self) -> int:
        from inbound_spiders.config import InboundConfig

        return self.options.concurrent_sites or InboundConfig().concurrent_sites

    def folder(self, name: str) -> Path:
        self.count += 1
        folder = self.work / f"crawl-{self.count:03d}-{name}"
        folder.mkdir(parents=True)
        return folder

    def command(self, spider: str, arguments: dict[str, Any], settings: dict[str, Any], folder: Path) -> list[str]:
        every = {
            **COMMON_SETTINGS,
            "LOG_FILE": str(folder / "crawl.log"),
            "INBOUND_SPOOL_DIR": str(folder / "spool"),
            **settings,
            **self.options.settings,
        }
        bounds = {**arguments, "max_pages": self.options.pages, "max_depth": 100}
        return scrapy_crawl(spider, [f"{name}={value}" for name, value in bounds.items()], every)

    def stats_dump(self, folder: Path) -> dict[str, str]:
        from inbound_spiders.settings import EXTENSIONS

        return {
            "EXTENSIONS": json.dumps({**EXTENSIONS, "benchmarks.crawl_support.StatsDump": 1000}),
            "BENCH_STATS_FILE": str(folder / "stats.json"),
        }

    def storage(self, database: str) -> dict[str, str]:
        return {"INBOUND_MONGO_URI": self.mongo_uri, "INBOUND_MONGO_DATABASE": database}

    def run_list(self, round_number: int | None, concurrent_sites: int | None = None) -> Run:
        """(a) one ``scrapy crawl audit -a sites=FILE`` (``concurrent_sites`` at a time: a crawl of the memory sweep);
        its figures from its ``runs`` document and ``site_audits``."""
        variant = "list_sweep" if concurrent_sites else "list"
        folder = self.folder(variant)
        database = f"bench_list_{self.count:03d}"
        settings = self.storage(database)
        settings["INBOUND_CONCURRENT_SITES"] = str(concurrent_sites or self.concurrent_sites())
        command = self.command("audit", {"sites": self.sites_file}, settings, folder)
        if self.options.profile:  # python -m cProfile -o list.prof -m scrapy crawl ...
            command[1:3] = ["-m", "cProfile", "-o", str(folder / "list.prof"), "-m", "scrapy"]
        process = run_process(command, cwd=folder, env=crawl_environment(), timeout=self.options.timeout)
        if self.options.profile:
            write_profile_summary(folder / "list.prof", folder / "list-profile.txt")
            _say(f"  profile of the list crawl: {folder / 'list.prof'} (summary: {folder / 'list-profile.txt'})")
        run = self._run(variant, round_number, len(self.urls), process)
        run.concurrent_sites = concurrent_sites or self.concurrent_sites()
        import pymongo

        client: pymongo.MongoClient = pymongo.MongoClient(self.mongo_uri, tz_aware=True)
        try:
            db = client[database]
            document = db.runs.find_one({"sites_total": {"$exists": True}}) or {}
            stats = document.get("stats") or {}
            run.responses = int(stats.get("response_received_count") or 0)
            run.pages_audited = int(stats.get("inbound/pages/audited") or 0)
            run.sites_done = int(document.get("sites_done") or 0)
            run.sites_failed = int(document.get("sites_failed") or 0)
            if document.get("started_at") and document.get("finished_at"):
                run.crawl_s = round((document["finished_at"] - document["started_at"]).total_seconds(), 3)
            run.site_audits = db.site_audits.count_documents({})
            first = next(iter(db.site_audits.find({}, {"audited_at": 1}).sort("audited_at", 1).limit(1)), None)
            if first and first.get("audited_at"):
                run.first_audit_s = round((first["audited_at"] - process.started_at).total_seconds(), 2)
            client.drop_database(database)
        finally:
            client.close()
        return self._paced(run, folder)

    def run_bare_broad(self, round_number: int) -> Run:
        """(b) bare Scrapy's broad crawl of the list, with the list's settings and total concurrency."""
        from scrapy.utils.project import get_project_settings

        from inbound_spiders.site_crawls import BROAD_CRAWL_SETTINGS

        folder = self.folder("bare_broad")
        per_site = get_project_settings().getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        settings = {
            **{name: str(value) for name, value in BROAD_CRAWL_SETTINGS.items()},
            "CONCURRENT_REQUESTS": str(self.concurrent_sites() * per_site),
            # Bare Scrapy runs with Python's garbage collector as it comes, not the one the audit's command sets.
            "INBOUND_GC_THRESHOLD": "0",
            **WITHOUT_STORAGE,
            **self.stats_dump(folder),
        }
        command = self.command("bench_bare_broad", {"sites": self.sites_file}, settings, folder)
        process = run_process(command, cwd=folder, env=crawl_environment(), timeout=self.options.timeout)
        run = self._run("bare_broad", round_number, len(self.urls), process)
        return self._from_stats_dump(run, folder)

    def run_separate(self, url: str, database: str) -> Run:
        """(c) one site, one ``scrapy crawl audit -a url=...`` process, as before lists."""
        folder = self.folder("separate")
        settings = {**self.storage(database), **self.stats_dump(folder)}
        command = self.command("audit", {"url": url}, settings, folder)
        process = run_process(command, cwd=folder, env=crawl_environment(), timeout=self.options.timeout)
        return self._from_stats_dump(self._run("separate", None, 1, process), folder)

    def run_separate_all(self) -> tuple[list[Run], float]:
        """(c) the separate processes, ``--parallel`` at a time: the runs and their wall time together."""
        sample = sample_sites(self.urls, self.options.separate)
        database = f"bench_separate_{self.count:03d}"
        started = time.perf_counter()
        with ThreadPoolExecutor(self.options.parallel) as pool:
            runs = list(pool.map(lambda url: self.run_separate(url, database), sample))
        wall = time.perf_counter() - started
        import pymongo

        client: pymongo.MongoClient = pymongo.MongoClient(self.mongo_uri)
        try:
            audits = client[database].site_audits.count_documents({})
            for run in runs:
                run.site_audits = audits  # the sample's audits, counted once they are all done
            client.drop_database(database)
        finally:
            client.close()
        return runs, wall

    def _run(self, variant: str, round_number: int | None, sites: int, process: ProcessRun) -> Run:
        return Run(
            variant=variant,
            round=round_number,
            sites=sites,
            wall_s=process.wall_s,
            cpu_s=process.cpu_s,
            peak_rss_mib=process.peak_rss_mib,
            sampled_peak_rss_mib=process.sampled_peak_rss_mib,
            returncode=process.returncode,
            rss_timeline=process.rss_timeline,
        )

    def _from_stats_dump(self, run: Run, folder: Path) -> Run:
        stats_file = folder / "stats.json"
        if not stats_file.exists():
            raise RuntimeError(f"{run.variant} crawl wrote no stats (exit {run.returncode}); see {folder}/crawl.log")
        stats = json.loads(stats_file.read_text())["stats"]
        run.responses = int(stats.get("response_received_count") or 0)
        run.pages_audited = int(stats.get("inbound/pages/audited") or 0)
        run.crawl_s = round(float(stats.get("elapsed_time_seconds") or 0.0), 3) or None
        return self._paced(run, folder)

    def _paced(self, run: Run, folder: Path) -> Run:
        run.pages_per_s = round(run.responses / run.wall_s, 2) if run.wall_s else 0.0
        if run.returncode not in (0, None) or not run.responses:
            _say(f"  warning: {run.variant} exit {run.returncode}, {run.responses} responses; see {folder}/crawl.log")
        return run


def memory_slope(points: list[tuple[int, float]]) -> float | None:
    """MiB of peak RSS per site crawled at once: the least-squares slope of ``(sites at a time, peak RSS)``; what a
    list holds whatever its concurrency (the code, caches filled over all its pages) is not in it."""
    if len({sites for sites, _ in points}) < 2:
        return None
    mean_x = sum(sites for sites, _ in points) / len(points)
    mean_y = sum(peak for _, peak in points) / len(points)
    covariance = sum((sites - mean_x) * (peak - mean_y) for sites, peak in points)
    variance = sum((sites - mean_x) ** 2 for sites, _ in points)
    return round(covariance / variance, 2)


def list_workers(options: Options) -> int:
    """The worker processes the list crawl spreads its sites over, as the crawl decides (``INBOUND_LIST_WORKERS``
    when ``--set``, else one per CPU)."""
    from inbound_spiders.list_workers import list_worker_count

    configured = options.settings.get("INBOUND_LIST_WORKERS")
    return list_worker_count({}, int(configured) if configured not in (None, "") else None, options.sites)


def sample_sites(urls: list[str], count: int) -> list[str]:
    """``count`` of ``urls`` spread evenly over the list (all of them for ``0`` or more than there are)."""
    if count <= 0 or count >= len(urls):
        return list(urls)
    step = len(urls) / count
    return [urls[int(index * step)] for index in range(count)]


def write_profile_summary(profile: Path, summary: Path, lines: int = 60) -> None:
    """The functions that took the most time, by their own time and with what they call (``pstats``)."""
    import io
    import pstats

    if not profile.exists():
        return
    text = io.StringIO()
    stats = pstats.Stats(str(profile), stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)
    summary.write_text(text.getvalue(), encoding="utf-8")


def _say(message: str) -> None:
    print(f"[many-sites {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.many_sites", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=200, help="sites in the list (default 200)")
    parser.add_argument("--pages", type=int, default=25, help="pages of each site, all crawled (default 25)")
    parser.add_argument("--latency-ms", type=float, default=100.0, help="delay of every response (default 100)")
    parser.add_argument("--rounds", type=int, default=1, help="list / bare broad rounds, alternating (default 1)")
    parser.add_argument(
        "--separate",
        type=int,
        default=40,
        help="sites crawled as separate processes, extrapolated to the list (default 40; 0: every site)",
    )
    parser.add_argument("--parallel", type=int, default=8, help="separate processes at a time (default 8)")
    parser.add_argument(
        "--concurrent-sites", type=int, help="INBOUND_CONCURRENT_SITES of the list (default: the project's)"
    )
    parser.add_argument("--mongo-uri", help="a MongoDB to write to (default: start nx-27017 on a free port)")
    parser.add_argument("--keep", type=Path, help="keep the site, crawl logs and stats in this folder")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"results folder (default {RESULTS})")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds a crawl may take (default 1800)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run the list crawl under cProfile (list.prof in its folder, with --keep): slower, so its pages/s are not "
        "comparable",
    )
    parser.add_argument(
        "--only",
        default="list,bare_broad,separate",
        help="the crawls to run, comma-separated (default list,bare_broad,separate): a target needs both its crawls",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting of every crawl (repeatable), e.g. --set INBOUND_CONCURRENT_SITES=32",
    )
    parser.add_argument(
        "--memory-sweep",
        default="",
        metavar="N,N",
        help="also crawl the list N sites at a time for each N, for its peak memory (e.g. 4,32): MiB per site in "
        "flight as a slope",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 12 sites of 15 pages, 6 separate processes")
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.sites, arguments.pages, arguments.separate, arguments.rounds = 12, 15, 6, 1
    return Options(
        sites=arguments.sites,
        pages=arguments.pages,
        latency_ms=arguments.latency_ms,
        rounds=max(1, arguments.rounds),
        separate=max(0, arguments.separate),
        parallel=max(1, arguments.parallel),
        concurrent_sites=arguments.concurrent_sites,
        mongo_uri=arguments.mongo_uri,
        keep=arguments.keep,
        output=arguments.output,
        timeout=arguments.timeout,
        profile=arguments.profile,
        variants=tuple(variant.strip() for variant in arguments.only.split(",") if variant.strip()),
        settings=dict(setting.split("=", 1) for setting in arguments.set if "=" in setting),
        memory_sweep=tuple(int(value) for value in arguments.memory_sweep.split(",") if value.strip()),
    )


def run(options: Options) -> dict[str, Any]:
    """Run the whole benchmark and return its figures."""
    from benchmarks.loopback_sites import LoopbackSites, loopback_hosts
    from benchmarks.synthetic_site import write_site

    started = time.perf_counter()
    info = machine()
    work = options.keep or Path(tempfile.mkdtemp(prefix="inbound-many-sites-"))
    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work / "site", ignore_errors=True)
    site = write_site(work / "site", options.pages)
    runs: list[Run] = []
    try:
        with (
            mongo_uri_or_embedded(options.mongo_uri, work / "mongo") as uri,
            LoopbackSites(site.folder, loopback_hosts(options.sites), options.latency_ms) as server,
        ):
            _say(
                f"{options.sites} sites of {site.pages} pages on {server.hosts[0]}..{server.hosts[-1]}:{server.port}, "
                f"{options.latency_ms:g} ms responses; work folder {work}"
            )
            bench = Bench(options, work, server.urls, uri)
            server_cpu = own_cpu_seconds()
            for number in range(1, options.rounds + 1):
                order = ("list", "bare_broad") if number % 2 else ("bare_broad", "list")
                for variant in (variant for variant in order if variant in options.variants):
                    _say(f"round {number}/{options.rounds}: {variant}")
                    crawl = bench.run_list(number) if variant == "list" else bench.run_bare_broad(number)
                    _say(
                        f"  {crawl.responses} responses in {crawl.wall_s:.1f} s: {crawl.pages_per_s:.1f} pages/s, "
                        f"peak RSS {crawl.peak_rss_mib:.0f} MiB"
                        + (f", first site audit after {crawl.first_audit_s} s" if crawl.first_audit_s else "")
                    )
                    runs.append(crawl)
            for concurrent_sites in options.memory_sweep:
                _say(f"memory sweep: the list, {concurrent_sites} sites at a time")
                crawl = bench.run_list(None, concurrent_sites)
                _say(f"  peak RSS {crawl.peak_rss_mib:.0f} MiB, {crawl.pages_per_s:.1f} pages/s")
                runs.append(crawl)
            separate_wall = 0.0
            if "separate" in options.variants:
                sample = len(sample_sites(bench.urls, options.separate))
                _say(f"separate processes: {sample} of {options.sites} sites, {options.parallel} at a time")
                separate, separate_wall = bench.run_separate_all()
                _say(f"  {sum(r.responses for r in separate)} responses in {separate_wall:.1f} s")
                runs += separate
            server_cpu = own_cpu_seconds() - server_cpu
            requests = dict(server.requests)
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    info["load_after"] = load()
    return figures(options, info, site, runs, separate_wall, bench.concurrent_sites(), requests, server_cpu, started)


def figures(
    options: Options,
    info: dict[str, Any],
    site: Any,
    runs: list[Run],
    separate_wall: float,
    concurrent_sites: int,
    requests: dict[str, int],
    server_cpu: float,
    started: float,
) -> dict[str, Any]:
    """The medians, the separate processes' figures extrapolated to the whole list, and the verdict on each target."""
    lists = [run for run in runs if run.variant == "list"]
    bares = [run for run in runs if run.variant == "bare_broad"]
    separate = [run for run in runs if run.variant == "separate"]
    list_pps = median([run.pages_per_s for run in lists])
    bare_pps = median([run.pages_per_s for run in bares])
    separate_responses = sum(run.responses for run in separate)
    separate_pps = round(separate_responses / separate_wall, 2) if separate_wall else 0.0
    single_site_peak = median([run.peak_rss_mib for run in separate], 1)
    list_peak = median([run.peak_rss_mib for run in lists], 1)
    # The peak is the largest process's: with worker processes, one worker's share of the sites at a time.
    workers = list_workers(options)
    in_flight = math.ceil(min(concurrent_sites, options.sites) / workers)
    per_site_mib = round((list_peak - single_site_peak) / in_flight, 2) if in_flight and single_site_peak else None
    extrapolated = len(separate) < options.sites
    sweep = sorted(
        (math.ceil(min(run.concurrent_sites or 0, options.sites) / workers), run.peak_rss_mib)
        for run in runs
        if run.variant in ("list", "list_sweep") and run.concurrent_sites
    )
    separate_figures = {
        "processes": len(separate),
        "of_sites": options.sites,
        "parallel": options.parallel,
        "extrapolated": extrapolated,
        "wall_s": round(separate_wall, 2),
        "wall_s_for_all_sites": round(separate_wall * options.sites / len(separate), 1) if separate else None,
        "responses": separate_responses,
        "pages_per_s": separate_pps,
        "cpu_s_per_process": median([run.cpu_s for run in separate], 3),
        "peak_rss_mib_per_process": single_site_peak,
        "site_audits": separate[0].site_audits if separate else 0,
        "failed_processes": sum(run.returncode != 0 for run in separate),
    }
    targets = {
        "list_vs_bare_broad": {
            "target": f">= {TARGET_BARE_RATIO} (pages/s, one list crawl / bare Scrapy broad crawl)",
            "value": round(list_pps / bare_pps, 3) if bare_pps else None,
        },
        "list_vs_separate": {
            "target": f">= {TARGET_SEPARATE_RATIO} (pages/s, one list crawl / separate processes, "
            f"{options.parallel} at a time{', extrapolated from a sample' if extrapolated else ''})",
            "value": round(list_pps / separate_pps, 3) if separate_pps else None,
        },
    }
    targets["list_vs_bare_broad"]["met"] = (targets["list_vs_bare_broad"]["value"] or 0) >= TARGET_BARE_RATIO
    targets["list_vs_separate"]["met"] = (targets["list_vs_separate"]["value"] or 0) >= TARGET_SEPARATE_RATIO
    expected = options.sites * (site.pages + 1)
    return {
        "benchmark": "inbound_spiders issue 15: one crawl of many sites",
        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "command": "python -m benchmarks.many_sites " + " ".join(sys.argv[1:]),
        "options": {
            "sites": options.sites,
            "pages_per_site": site.pages,
            "latency_ms": options.latency_ms,
            "rounds": options.rounds,
            "concurrent_sites": concurrent_sites,
            "separate": len(separate),
            "parallel": options.parallel,
            "mongo": "external" if options.mongo_uri else "nx-27017 (embedded)",
            "settings": options.settings,
            "profiled": options.profile,
        },
        "machine": info,
        "site": {"pages": site.pages, "mean_page_kib": round(site.mean_page_bytes / 1024, 1)},
        "server": {
            "requests": sum(requests.values()),
            "hosts_asked": len(requests),
            "cpu_s": round(server_cpu, 2),
            "responses_expected_per_crawl_of_the_list": expected,
        },
        "list": {
            "pages_per_s": list_pps,
            "wall_s": median([run.wall_s for run in lists]),
            "crawl_s": median([run.crawl_s or 0.0 for run in lists]),
            "cpu_ms_per_page": median([run.cpu_s * 1000 / run.responses for run in lists if run.responses]),
            "peak_rss_mib": list_peak,
            "sampled_peak_rss_mib": median([run.sampled_peak_rss_mib for run in lists], 1),
            "workers": workers,
            "sites_in_flight": in_flight,
            "mib_per_site_in_flight": per_site_mib,
            "memory_sweep": [{"sites_in_flight": sites, "peak_rss_mib": peak} for sites, peak in sweep],
            "mib_per_site_in_flight_sweep": memory_slope(sweep),
            "first_site_audit_s": median([run.first_audit_s for run in lists if run.first_audit_s is not None]),
            "site_audits": min((run.site_audits for run in lists), default=0),
            "sites_done": min((run.sites_done for run in lists), default=0),
            "sites_failed": max((run.sites_failed for run in lists), default=0),
        },
        "bare_broad": {
            "pages_per_s": bare_pps,
            "wall_s": median([run.wall_s for run in bares]),
            "crawl_s": median([run.crawl_s or 0.0 for run in bares]),
            "cpu_ms_per_page": median([run.cpu_s * 1000 / run.responses for run in bares if run.responses]),
            "peak_rss_mib": median([run.peak_rss_mib for run in bares], 1),
        },
        "separate": separate_figures,
        "targets": targets,
        "runs": [
            {key: value for key, value in asdict(run).items() if key != "rss_timeline"}
            | ({"rss_timeline": run.rss_timeline[::5]} if run.variant != "separate" else {})
            for run in runs
        ],
        "duration_s": round(time.perf_counter() - started, 1),
    }


def report(result: dict[str, Any]) -> str:
    """The figures as a readable table."""
    m, o, lst, bare, sep = (result[k] for k in ("machine", "options", "list", "bare_broad", "separate"))
    extrapolation = (
        f"EXTRAPOLATED from {sep['processes']} of {sep['of_sites']} sites: {sep['wall_s']} s measured, "
        f"~{sep['wall_s_for_all_sites']} s for all"
        if sep["extrapolated"]
        else f"all {sep['of_sites']} sites: {sep['wall_s']} s"
    )
    lines = [
        f"inbound_spiders many-sites benchmark — {result['created_at']} — git {m['git']}",
        f"machine: {m['cores']} cores {m['cpu_model']}, {m['ram_gib']} GiB RAM, load {m['load_before']} -> "
        f"{m['load_after']}; Python {m['python']}, Scrapy {m['scrapy']}",
        f"{o['sites']} sites x {o['pages_per_site']} pages ({result['site']['mean_page_kib']} KiB each), responses "
        f"{o['latency_ms']:g} ms late, on distinct loopback hosts; {o['concurrent_sites']} sites at a time; MongoDB: "
        f"{o['mongo']}; server: {result['server']['requests']} requests, {result['server']['cpu_s']} s CPU",
        "",
        f"{'crawl':<12}{'round':>6}{'sites':>7}{'responses':>10}{'wall s':>9}{'pages/s':>9}{'CPU ms/pg':>11}"
        f"{'peak RSS':>10}{'audits':>8}",
    ]
    for run in result["runs"]:
        cpu = run["cpu_s"] * 1000 / run["responses"] if run["responses"] else 0.0
        lines.append(
            f"{run['variant']:<12}{run['round'] or '-':>6}{run['sites']:>7}{run['responses']:>10}{run['wall_s']:>9.1f}"
            f"{run['pages_per_s']:>9.1f}{cpu:>11.1f}{run['peak_rss_mib']:>10.0f}{run['site_audits']:>8}"
        )
    lines += [
        "",
        f"(a) one list crawl:       {lst['pages_per_s']} pages/s ({lst['wall_s']} s, crawl {lst['crawl_s']} s; "
        f"{lst['cpu_ms_per_page']} ms CPU/page); {lst['sites_done']} sites done, {lst['sites_failed']} failed, "
        f"{lst['site_audits']} site audits; first site audit stored {lst['first_site_audit_s']} s after start",
        f"    peak RSS {lst['peak_rss_mib']} MiB ({lst['sites_in_flight']} sites in flight in the largest of "
        f"{lst['workers']} process(es); one site alone "
        f"{sep['peak_rss_mib_per_process']} MiB): {lst['mib_per_site_in_flight']} MiB per site in flight"
        + (
            "; peak RSS by sites at a time: "
            + ", ".join(f"{p['sites_in_flight']}: {p['peak_rss_mib']:.0f} MiB" for p in lst["memory_sweep"])
            + f" (slope {lst['mib_per_site_in_flight_sweep']} MiB per site)"
            if lst["mib_per_site_in_flight_sweep"] is not None
            else ""
        ),
        f"(b) bare broad crawl:     {bare['pages_per_s']} pages/s ({bare['wall_s']} s, crawl {bare['crawl_s']} s; "
        f"{bare['cpu_ms_per_page']} ms CPU/page), peak RSS {bare['peak_rss_mib']} MiB",
        f"(c) separate processes:   {sep['pages_per_s']} pages/s, {sep['parallel']} at a time ({extrapolation}); "
        f"{sep['cpu_s_per_process']} s CPU and {sep['peak_rss_mib_per_process']} MiB peak per process"
        + (f"; {sep['failed_processes']} failed" if sep["failed_processes"] else ""),
        "",
        "targets:",
    ]
    lines += target_lines(result["targets"], 20, 90)
    lines.append(f"\n{result['duration_s']:.0f} s in all")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    result = run(options)
    publish(result, options.output, "many-sites", report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
