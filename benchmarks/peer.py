"""The audit against a peer, advertools' ``crawl()``, on one local site (issue 15): ``python -m benchmarks.peer``.

1. makes sure advertools (``--advertools-version``, 0.18.0 by default) is installed in an environment of its own,
   ``benchmarks/.venvs/advertools-<version>`` (created and pip-installed the first time; never the project's
   environment: advertools pins its own dependencies);
2. writes a synthetic campaign site of ``--pages`` pages (:mod:`benchmarks.synthetic_site`) and serves it on
   127.0.0.1 without delay (:mod:`benchmarks.loopback_sites`): the crawlers' own cost decides;
3. starts a MongoDB wire-protocol server (nx-27017, the embedded store) unless ``--mongo-uri`` names one;
4. crawls the whole site ``--rounds`` times with each of, in an order that turns each round:

   - ``advertools``: ``advertools.crawl(url, "out.jl", follow_links=True, custom_settings=...)`` — a Scrapy-based
     SEO crawler extracting titles, headings, links, JSON-LD... per page into a JSON Lines file;
   - ``bare``: bare Scrapy (:class:`benchmarks.crawl_support.BareSpider`: link following only);
   - ``audit_mongo``: ``scrapy crawl audit`` writing to MongoDB (the five kinds extracted, validated, stored; the
     site audit at the end);
   - ``audit_feed``: the same audit with storage off, its items to a JSON Lines feed (``-O``);

   every one with the same politeness and concurrency (the project's: robots.txt obeyed, 16 requests at a time, 4
   per site, no cookies) and AutoThrottle off (it would measure the throttle); the audit's platform lookups are off
   (on the internet);
5. reports each crawler's median wall time (the whole process, start-up included: what its user waits for), pages
   per second, and CPU ms per page — the process's CPU time and its children's (advertools' ``crawl()`` runs
   ``scrapy runspider`` as a child) over the responses received, start-up included; for the Scrapy crawls of this
   project, also the CPU from the spider's opening to its closing (:class:`benchmarks.crawl_support.StatsDump`) —
   and whether the audit to MongoDB is at least as fast as advertools (wall time ratio >= 1.0);
6. writes the figures to ``benchmarks/results/peer-<UTC timestamp>.json`` and ``peer-latest.json``.

``--quick`` is a smoke run: 300 pages, one round.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.bench import COMMON_SETTINGS, PROJECT, RESULTS, crawl_environment, machine, scrapy_crawl
from benchmarks.measure import load, median, mongo_uri_or_embedded, publish, run_process, target_lines

VENVS = PROJECT / "benchmarks" / ".venvs"
ADVERTOOLS_VERSION = "0.18.0"
VARIANTS = ("advertools", "bare", "audit_mongo", "audit_feed")
#: Issue 15's target: the audit to MongoDB at least as fast as advertools (its wall time over the audit's).
TARGET_SPEED_RATIO = 1.0
#: What advertools' crawl is given so that it crawls as the project's crawls do.
PEER_SETTINGS = {
    "ROBOTSTXT_OBEY": True,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "COOKIES_ENABLED": False,
    "AUTOTHROTTLE_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
}
#: Runs advertools' crawl in its own environment: ``python -c DRIVER URL OUTPUT SETTINGS_JSON``. The allowed domain
#: is the URL's host: advertools' default, the URL's ``host:port``, is one Scrapy's offsite filter never matches.
ADVERTOOLS_DRIVER = """
import json, sys
from urllib.parse import urlsplit
import advertools
advertools.crawl(
    sys.argv[1], sys.argv[2], follow_links=True, allowed_domains=[urlsplit(sys.argv[1]).hostname],
    custom_settings=json.loads(sys.argv[3]),
)
"""


@dataclass
class Options:
    """What to run (see ``--help``)."""

    pages: int
    rounds: int
    advertools_version: str
    mongo_uri: str | None
    keep: Path | None
    output: Path
    timeout: float


@dataclass
class Crawl:
    """One crawl process and what it did."""

    variant: str
    round: int
    responses: int = 0
    wall_s: float = 0.0
    crawl_s: float | None = None
    """Scrapy's ``elapsed_time_seconds``: from the engine's start to its stop."""
    cpu_s: float = 0.0
    """CPU time of the process and its children, start-up included."""
    crawl_cpu_s: float | None = None
    """CPU time from the spider's opening to its closing (this project's crawls only)."""
    peak_rss_mib: float = 0.0
    items: int = 0
    """Items written: findings (the audit), rows of the output file (advertools)."""
    returncode: int = 0

    @property
    def pages_per_s(self) -> float:
        return round(self.responses / self.wall_s, 2) if self.wall_s else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return round(self.cpu_s * 1000 / self.responses, 2) if self.responses else 0.0


def advertools_python(version: str) -> Path:
    """The Python of advertools' own environment, created and installed the first time."""
    venv = VENVS / f"advertools-{version}"
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import advertools; print(advertools.__version__)"]
    if python.exists():
        found = subprocess.run(check, capture_output=True, text=True, check=False).stdout.strip()
        if found == version:
            return python
    _say(f"installing advertools {version} into {venv} (its own environment)")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"advertools=={version}"], check=True)
    subprocess.run(check, check=True, capture_output=True)
    return python


class Runner:
    """Runs the crawls of the served site as child processes, each in its own working folder."""

    def __init__(self, options: Options, work: Path, url: str, mongo_uri: str, peer_python: Path) -> None:
        self.options = options
        self.work = work
        self.url = url
        self.mongo_uri = mongo_uri
        self.peer_python = peer_python
        self.count = 0

    def run(self, variant: str, round_number: int) -> Crawl:
        self.count += 1
        folder = self.work / f"crawl-{self.count:02d}-{variant}"
        folder.mkdir(parents=True)
        if variant == "advertools":
            return self._advertools(folder, round_number)
        return self._scrapy(variant, folder, round_number)

    def _advertools(self, folder: Path, round_number: int) -> Crawl:
        log = folder / "crawl.log"
        output = folder / "out.jl"
        settings = {**PEER_SETTINGS, "LOG_FILE": str(log)}
        command = [str(self.peer_python), "-c", ADVERTOOLS_DRIVER, self.url, str(output), json.dumps(settings)]
        env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE")}
        # crawl() runs ``scrapy runspider``: the environment's own scrapy.
        env["PATH"] = os.pathsep.join([str(self.peer_python.parent), env.get("PATH", "")])
        env.pop("VIRTUAL_ENV", None)
        process = run_process(command, cwd=folder, env=env, timeout=self.options.timeout, log=folder / "driver.log")
        crawl = Crawl("advertools", round_number, wall_s=process.wall_s, cpu_s=process.cpu_s)
        crawl.peak_rss_mib, crawl.returncode = process.peak_rss_mib, process.returncode
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        crawl.responses = int(_logged_stat(text, "response_received_count") or 0)
        elapsed = _logged_stat(text, "elapsed_time_seconds")
        crawl.crawl_s = round(elapsed, 3) if elapsed else None
        if output.exists():
            with output.open("rb") as lines:
                crawl.items = sum(1 for _ in lines)
        return crawl

    def _scrapy(self, variant: str, folder: Path, round_number: int) -> Crawl:
        from inbound_spiders.settings import EXTENSIONS

        stats_file = folder / "stats.json"
        settings: dict[str, str] = {
            **COMMON_SETTINGS,
            "EXTENSIONS": json.dumps({**EXTENSIONS, "benchmarks.crawl_support.StatsDump": 1000}),
            "BENCH_STATS_FILE": str(stats_file),
            "LOG_FILE": str(folder / "crawl.log"),
            "INBOUND_SPOOL_DIR": str(folder / "spool"),
        }
        spider = "bench_bare" if variant == "bare" else "audit"
        if variant == "audit_mongo":
            settings.update(INBOUND_MONGO_URI=self.mongo_uri, INBOUND_MONGO_DATABASE=f"bench_peer_{self.count:02d}")
        else:
            settings["INBOUND_MONGO_ENABLED"] = "False"
        if variant == "bare":
            settings["ITEM_PIPELINES"] = "{}"
        arguments = [f"url={self.url}", f"max_pages={self.options.pages}", "max_depth=100"]
        command = scrapy_crawl(spider, arguments, settings)
        if variant == "audit_feed":
            command += ["-O", str(folder / "items.jsonl")]
        process = run_process(command, cwd=folder, env=crawl_environment(), timeout=self.options.timeout)
        crawl = Crawl(variant, round_number, wall_s=process.wall_s, cpu_s=process.cpu_s)
        crawl.peak_rss_mib, crawl.returncode = process.peak_rss_mib, process.returncode
        if not stats_file.exists():
            raise RuntimeError(f"{variant} crawl wrote no stats (exit {process.returncode}); see {folder}/crawl.log")
        dump = json.loads(stats_file.read_text())
        stats = dump["stats"]
        crawl.responses = int(stats.get("response_received_count") or 0)
        crawl.crawl_s = round(float(stats.get("elapsed_time_seconds") or 0.0), 3) or None
        crawl.crawl_cpu_s = round(dump["crawl_cpu_seconds"], 3) if dump.get("crawl_cpu_seconds") else None
        crawl.items = int(stats.get("item_scraped_count") or 0)
        if variant == "audit_mongo":
            _drop_database(self.mongo_uri, f"bench_peer_{self.count:02d}")
        return crawl


def _logged_stat(log: str, name: str) -> float | None:
    """A number from the stats Scrapy dumps into its log at the end (``'name': 123``)."""
    found = re.findall(rf"'{re.escape(name)}': ([0-9.]+)", log)
    return float(found[-1]) if found else None


def _drop_database(uri: str, name: str) -> None:
    import pymongo

    client: pymongo.MongoClient = pymongo.MongoClient(uri)
    try:
        client.drop_database(name)
    finally:
        client.close()


def _say(message: str) -> None:
    print(f"[peer {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.peer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages of the site, all crawled (default 2000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the four crawls, alternating (default 3)")
    parser.add_argument("--advertools-version", default=ADVERTOOLS_VERSION, help=f"default {ADVERTOOLS_VERSION}")
    parser.add_argument("--mongo-uri", help="a MongoDB to write to (default: start nx-27017 on a free port)")
    parser.add_argument("--keep", type=Path, help="keep the site, crawl logs and outputs in this folder")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"results folder (default {RESULTS})")
    parser.add_argument("--timeout", type=float, default=900, help="seconds a crawl may take (default 900)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 300 pages, one round")
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.pages, arguments.rounds = 300, 1
    return Options(
        pages=arguments.pages,
        rounds=max(1, arguments.rounds),
        advertools_version=arguments.advertools_version,
        mongo_uri=arguments.mongo_uri,
        keep=arguments.keep,
        output=arguments.output,
        timeout=arguments.timeout,
    )


def run(options: Options) -> dict[str, Any]:
    """Run the whole benchmark and return its figures."""
    from benchmarks.loopback_sites import LoopbackSites
    from benchmarks.synthetic_site import write_site

    started = time.perf_counter()
    info = machine()
    peer_python = advertools_python(options.advertools_version)
    work = options.keep or Path(tempfile.mkdtemp(prefix="inbound-peer-"))
    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work / "site", ignore_errors=True)
    site = write_site(work / "site", options.pages)
    crawls: list[Crawl] = []
    try:
        with (
            mongo_uri_or_embedded(options.mongo_uri, work / "mongo") as uri,
            LoopbackSites(site.folder, ["127.0.0.1"]) as server,
        ):
            runner = Runner(options, work, server.urls[0], uri, peer_python)
            for number in range(1, options.rounds + 1):
                shift = (number - 1) % len(VARIANTS)
                for variant in VARIANTS[shift:] + VARIANTS[:shift]:
                    _say(f"round {number}/{options.rounds}: {variant}, {site.pages} pages")
                    crawl = runner.run(variant, number)
                    _say(
                        f"  {crawl.responses} responses, {crawl.wall_s:.1f} s, {crawl.pages_per_s:.1f} pages/s, "
                        f"{crawl.cpu_ms_per_page:.1f} ms CPU/page"
                        + (f" (exit {crawl.returncode})" if crawl.returncode else "")
                    )
                    crawls.append(crawl)
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    info["load_after"] = load()
    info["advertools"] = options.advertools_version
    return figures(options, info, site, crawls, started)


def figures(options: Options, info: dict[str, Any], site: Any, crawls: list[Crawl], started: float) -> dict[str, Any]:
    """Each crawler's medians, and the verdict on the target."""
    summary: dict[str, dict[str, Any]] = {}
    for variant in VARIANTS:
        mine = [crawl for crawl in crawls if crawl.variant == variant]
        crawl_cpu = [c.crawl_cpu_s * 1000 / c.responses for c in mine if c.crawl_cpu_s and c.responses]
        summary[variant] = {
            "wall_s": median([crawl.wall_s for crawl in mine]),
            "crawl_s": median([crawl.crawl_s for crawl in mine if crawl.crawl_s]),
            "responses": median([crawl.responses for crawl in mine], 0),
            "pages_per_s": median([crawl.pages_per_s for crawl in mine]),
            "cpu_ms_per_page": median([crawl.cpu_ms_per_page for crawl in mine]),
            "crawl_cpu_ms_per_page": median(crawl_cpu) if crawl_cpu else None,
            "peak_rss_mib": median([crawl.peak_rss_mib for crawl in mine], 1),
            "items": median([crawl.items for crawl in mine], 0),
        }
    advertools, audit = summary["advertools"]["wall_s"], summary["audit_mongo"]["wall_s"]
    ratio = round(advertools / audit, 3) if audit else None
    return {
        "benchmark": "inbound_spiders issue 15: the audit against advertools' crawl()",
        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "command": "python -m benchmarks.peer " + " ".join(sys.argv[1:]),
        "options": {
            "pages": options.pages,
            "rounds": options.rounds,
            "advertools": options.advertools_version,
            "mongo": "external" if options.mongo_uri else "nx-27017 (embedded)",
        },
        "machine": info,
        "site": {"pages": site.pages, "mean_page_kib": round(site.mean_page_bytes / 1024, 1)},
        "summary": summary,
        "targets": {
            "audit_mongo_vs_advertools": {
                "target": f">= {TARGET_SPEED_RATIO} (advertools' median wall time / the audit to MongoDB's)",
                "value": ratio,
                "met": ratio is not None and ratio >= TARGET_SPEED_RATIO,
            }
        },
        "crawls": [asdict(crawl) for crawl in crawls],
        "duration_s": round(time.perf_counter() - started, 1),
    }


def report(result: dict[str, Any]) -> str:
    """The figures as a readable table."""
    m, o = result["machine"], result["options"]
    lines = [
        f"inbound_spiders peer benchmark — {result['created_at']} — git {m['git']}",
        f"machine: {m['cores']} cores {m['cpu_model']}, {m['ram_gib']} GiB RAM, load {m['load_before']} -> "
        f"{m['load_after']}; Python {m['python']}, Scrapy {m['scrapy']}; advertools {o['advertools']}",
        f"site: {result['site']['pages']} pages ({result['site']['mean_page_kib']} KiB each), no delay; "
        f"{o['rounds']} rounds, alternating; MongoDB: {o['mongo']}",
        "",
        f"{'crawler':<13}{'wall s':>9}{'crawl s':>9}{'responses':>11}{'pages/s':>9}{'CPU ms/page':>13}"
        f"{'(crawl only)':>14}{'peak RSS':>10}{'items':>8}",
    ]
    for variant, s in result["summary"].items():
        crawl_only = "-" if s["crawl_cpu_ms_per_page"] is None else f"{s['crawl_cpu_ms_per_page']:.2f}"
        lines.append(
            f"{variant:<13}{s['wall_s']:>9.2f}{s['crawl_s']:>9.2f}{s['responses']:>11.0f}{s['pages_per_s']:>9.1f}"
            f"{s['cpu_ms_per_page']:>13.2f}{crawl_only:>14}{s['peak_rss_mib']:>10.0f}{s['items']:>8.0f}"
        )
    lines += [
        "(medians; wall and CPU of the whole process, start-up included; 'crawl only': spider opened to closed)",
        "",
        "rounds: "
        + "; ".join(
            f"{c['round']}:{c['variant']} {c['wall_s']:.1f} s"
            + (f" (exit {c['returncode']})" if c["returncode"] else "")
            for c in result["crawls"]
        ),
        "",
        "targets:",
    ]
    lines += target_lines(result["targets"], 26, 72)
    lines.append(f"\n{result['duration_s']:.0f} s in all")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    result = run(options)
    publish(result, options.output, "peer", report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
