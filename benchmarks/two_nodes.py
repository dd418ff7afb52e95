"""Two Scrapyd nodes, one MongoDB, one node killed mid-run: ``python -m benchmarks.two_nodes`` (issue 15).

One run, on one machine:

1. starts the MongoDB both nodes write to: nx-27017 (the embedded store, its data, pid file and log under the work
   folder) unless ``--mongo-uri`` or ``INBOUND_MONGO_URI`` names one; the run writes to a database of its own;
2. writes a small synthetic campaign site (:mod:`benchmarks.synthetic_site`) and serves it on ``--sites`` distinct
   loopback hosts (127.0.0.2, 127.0.0.3...), every response ``--latency-ms`` late, so that the run lasts long
   enough to kill a node in the middle of it;
3. starts two Scrapyd nodes on 127.0.0.1, each on its own port, with basic auth, ``--slots`` jobs at a time, in a
   session of its own (its jobs are its children: killing the session kills the node and its crawls), with
   ``INBOUND_MONGO_URI`` in its environment; builds the project's egg once and deploys it to both with
   ``scrapyd-deploy --egg``;
4. runs ``inbound-schedule distribute`` over both nodes (shards of ``--shard-size`` sites, each shard crawling
   ``INBOUND_CONCURRENT_SITES=2`` sites at a time), and as soon as a shard of node *a* is partly done (some of its sites
   audited, others not), kills node *a*: SIGKILL to the Scrapyd process and every job process it started;
5. once ``distribute`` has followed every shard to its end, checks MongoDB: every site has exactly one site audit
   of the schedule (``site_audits`` ``_id`` ``<shard>-<n>``) and is ``done`` in exactly one shard's ``runs``
   document; reads ``inbound-schedule status --schedule``, which must show the shards moved off the dead node;
6. prints the figures (wall time, sites audited, shards rescheduled, duplicates, time to detect the dead node) and
   writes them to ``benchmarks/results/two-nodes-<UTC timestamp>.json`` and ``two-nodes-latest.json``
   (``two-nodes-hang-...`` with ``--failure hang``: node *a* stopped with SIGSTOP, so that it times out instead of
   refusing connections).

Exit code 0 when the acceptance holds (every site audited exactly once, the rescheduled shards shown by ``status``).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from base64 import b64encode
from collections import Counter
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pymongo
from pymongo.database import Database

from benchmarks.bench import machine, serve
from benchmarks.measure import mongo_uri_or_embedded, publish
from benchmarks.synthetic_site import write_site
from inbound_spiders.distribution import SCHEDULES
from inbound_spiders.embedded import free_port
from inbound_spiders.site_crawls import site_run_ids
from inbound_spiders.store import RUNS, SITE_AUDITS

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "benchmarks" / "results"
VENV_BIN = Path(sys.executable).parent
PROJECT_NAME = "inbound_spiders"
USERNAME = "inbound"
#: What a source checkout must hold for ``scrapyd-deploy`` to build the egg.
PROJECT_FILES = ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md")
PROJECT_FOLDERS = ("inbound_spiders", "schemas")
START_TIMEOUT_SECONDS = 30.0
#: Settings of every shard's job: local sites are private targets; nothing on the internet; no throttle (it would
#: measure the throttle); one request at a time per site and two sites at a time per shard, so a shard takes long
#: enough to be killed part-way.
JOB_SETTINGS = {
    "INBOUND_ALLOW_PRIVATE_TARGETS": "True",
    "INBOUND_VIDEO_LOOKUP_ENABLED": "False",
    "INBOUND_PLATFORM_API_ENABLED": "False",
    "INBOUND_RENDER_MODE": "never",
    "INBOUND_CONCURRENT_SITES": "2",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
}


@dataclass
class ScrapydNode:
    """A Scrapyd server on 127.0.0.1, its files under ``root``, in a session of its own."""

    root: Path
    password: str
    slots: int
    port: int = 0
    process: subprocess.Popen | None = field(default=None, repr=False)
    hung: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, environment: dict[str, str]) -> None:
        """Write its ``scrapyd.conf`` and start it (return at once: :meth:`wait_until_up`). The jobs inherit
        ``environment`` (with ``HOME`` the node's folder: nobody's ``~/.scrapyd.conf`` applies)."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        (self.root / "scrapyd.conf").write_text(
            f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {self.port}\nusername = {USERNAME}\n"
            f"password = {self.password}\neggs_dir = {self.root / 'eggs'}\nlogs_dir = {self.root / 'logs'}\n"
            f"dbs_dir = {self.root / 'dbs'}\nitems_dir =\npoll_interval = 0.5\nmax_proc = {self.slots}\n",
            encoding="utf-8",
        )
        with (self.root / "scrapyd.out").open("wb") as output:
            self.process = subprocess.Popen(
                [str(VENV_BIN / "scrapyd")], cwd=self.root, env={**environment, "HOME": str(self.root)},
                stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip

    def get(self, endpoint: str, timeout: float = 5.0) -> dict[str, Any]:
        request = urllib.request.Request(self.url + endpoint)
        token = b64encode(f"{USERNAME}:{self.password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            with suppress(OSError, ValueError):
                if self.get("daemonstatus.json", timeout=2)["status"] == "ok":
                    return
            if self.process is None or self.process.poll() is not None or time.monotonic() > deadline:
                log = (self.root / "scrapyd.out").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"Scrapyd did not start in {self.root}:\n{log}")
            time.sleep(0.2)

    def environment(self) -> dict[str, str]:
        """What ``scrapyd-deploy`` and ``inbound-schedule`` need to reach this node."""
        return {"SCRAPYD_URL": self.url, "SCRAPYD_USERNAME": USERNAME, "SCRAPYD_PASSWORD": self.password}

    def group(self) -> list[int]:
        """The live processes of its session: Scrapyd and the crawls it started."""
        if self.process is None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with suppress(OSError, ValueError, ProcessLookupError):
                    if os.getpgid(int(entry.name)) == self.process.pid:
                        stat = (entry / "stat").read_text()
                        if stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]:
                            pids.append(int(entry.name))
        return pids

    def kill(self) -> None:
        """SIGKILL to Scrapyd and every job process it started (its whole session), then reap it."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def hang(self) -> None:
        """SIGSTOP to Scrapyd and its jobs: the node accepts connections (the system does) but never answers."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGSTOP)
            self.hung = True

    def stop(self) -> None:
        """SIGTERM to the session, SIGKILL when it lingers (at once when it hangs)."""
        if self.process is None or self.process.poll() is not None or self.hung:
            self.kill()
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=15)
        self.kill()


def node_environment(mongo_uri: str, database: str) -> dict[str, str]:
    """A node's environment: this one without the project's and Scrapyd's variables nor the checkout on the path
    (jobs import the project from the deployed egg), and the MongoDB every node writes to (an environment variable,
    not a ``-s`` setting, which ``listjobs.json`` would show)."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SCRAPYD_", "INBOUND_")) and name not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE")
    }
    return {**inherited, "INBOUND_MONGO_URI": mongo_uri, "INBOUND_MONGO_DATABASE": database}


def checkout(source: Path) -> Path:
    """A copy of the checkout in ``source`` (created if need be) to build the egg from: what an egg is built from,
    and no more (the build leaves the checkout alone)."""
    source.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(PROJECT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in PROJECT_FOLDERS:
        shutil.copytree(PROJECT / name, source / name, symlinks=True, ignore=ignore)
    return source


def build_egg(source: Path) -> Path:
    egg = source.parent / f"{PROJECT_NAME}.egg"
    built = subprocess.run(
        [str(VENV_BIN / "scrapyd-deploy"), "--build-egg", str(egg)],
        cwd=source, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if built.returncode != 0 or not egg.exists():
        raise RuntimeError(f"the egg was not built:\n{built.stdout}{built.stderr}")
    return egg


def deploy(node: ScrapydNode, source: Path, egg: Path, version: str) -> None:
    """``scrapyd-deploy --egg`` with scrapy.cfg's default target: the node's URL and credentials from the
    environment."""
    deployed = subprocess.run(
        [str(VENV_BIN / "scrapyd-deploy"), "-p", PROJECT_NAME, "-v", version, "--egg", str(egg)],
        cwd=source, env={**os.environ, **node.environment()}, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    try:
        ok = json.loads(deployed.stdout)["status"] == "ok"
    except (ValueError, KeyError):
        ok = False
    if deployed.returncode != 0 or not ok:
        raise RuntimeError(f"deploy to {node.url} failed:\n{deployed.stdout}{deployed.stderr}")


class Lines:
    """The lines of a process's output as they come, each with the ``time.monotonic()`` it was read at."""

    def __init__(self, stream: Any) -> None:
        self.lines: list[tuple[float, str]] = []
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream: Any) -> None:
        for line in stream:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def events(self) -> list[tuple[float, dict[str, Any]]]:
        found = []
        for at, line in self.lines:
            with suppress(ValueError):
                found.append((at, json.loads(line)))
        return found


# --- the checks -----------------------------------------------------------------------------------------------------


def audits_of_schedule(db: Database, schedule: str) -> list[dict[str, Any]]:
    """The site audits of the schedule's shards (``_id`` ``<schedule>-sNNN-<n>``)."""
    prefix = f"{schedule}-s"
    found = db[SITE_AUDITS].find({}, {"site": 1})
    return [document for document in found if str(document["_id"]).startswith(prefix)]


def shard_progress(db: Database, shard: dict[str, Any]) -> int:
    """How many sites of ``shard`` have their site audit already."""
    return db[SITE_AUDITS].count_documents({"_id": {"$in": site_run_ids(shard["_id"], len(shard["sites"]))}})


def check(db: Database, schedule: str, sites: list[str]) -> dict[str, Any]:
    """Every site audited exactly once for the schedule: one site audit, and ``done`` in one shard's runs document."""
    audits = Counter(document["site"] for document in audits_of_schedule(db, schedule))
    shards = list(db[SCHEDULES].find({"schedule": schedule, "kind": "shard"}))
    runs = list(db[RUNS].find({"_id": {"$in": [shard["_id"] for shard in shards]}}))
    done_in_runs = Counter(
        entry.get("site") for run in runs for entry in run.get("sites") or [] if entry.get("status") == "done"
    )
    return {
        "sites_audited": sum(1 for site in sites if audits[site] >= 1),
        "sites_missing": sorted(site for site in sites if not audits[site]),
        "duplicate_audits": sum(count - 1 for count in audits.values() if count > 1),
        "sites_done_in_runs": sum(1 for site in sites if done_in_runs[site] == 1),
        "duplicates_in_runs": sum(count - 1 for count in done_in_runs.values() if count > 1),
        "runs_not_finished": sorted(run["_id"] for run in runs if run.get("status") != "finished"),
        "shards": len(shards),
        "shards_done": sum(shard["state"] == "done" for shard in shards),
    }


def schedule_status(environment: dict[str, str], schedule: str, as_json: bool) -> tuple[int, str]:
    command = [sys.executable, "-m", "inbound_spiders.scheduling", *(["--json"] if as_json else [])]
    status = subprocess.run(
        [*command, "status", "--schedule", schedule],
        cwd=PROJECT, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    return status.returncode, status.stdout + status.stderr


# --- the run --------------------------------------------------------------------------------------------------------


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.two_nodes", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=40, help="local sites, one loopback host each (default 40)")
    parser.add_argument("--pages", type=int, default=15, help="pages per site, at least 13 (default 15)")
    parser.add_argument("--latency-ms", type=float, default=300.0, help="delay of every response (default 300)")
    parser.add_argument("--shard-size", type=int, default=5, help="sites per shard (default 5)")
    parser.add_argument("--slots", type=int, default=2, help="jobs at a time on each node, its max_proc (default 2)")
    parser.add_argument("--poll", type=float, default=1.0, help="distribute's --poll (default 1 s)")
    parser.add_argument("--timeout", type=float, default=900.0, help="give up after this many seconds (default 900)")
    parser.add_argument(
        "--failure", choices=("kill", "hang"), default="kill",
        help="kill: SIGKILL to node a and its jobs (refused connections); hang: SIGSTOP (timeouts)",
    )  # fmt: skip
    parser.add_argument("--mongo-uri", help="the MongoDB the nodes write to (default INBOUND_MONGO_URI, else nx-27017)")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one, removed afterwards)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where the results JSON goes")
    options = parser.parse_args(argv)
    if options.sites > 250 or options.sites < 2:
        parser.error("--sites: 2 to 250 (one loopback address each)")
    if options.pages < 13:
        parser.error("--pages: at least 13 (the synthetic site's static pages and one article)")
    return options


def say(message: str) -> None:
    print(f"[two nodes] {message}", file=sys.stderr, flush=True)


def wait_for_partial_shard(
    db: Database, schedule: str, victim: ScrapydNode, distribute: subprocess.Popen, deadline: float
) -> tuple[dict[str, Any], int]:
    """A shard running on ``victim`` with some of its sites audited and others not (or, failing that by half the
    time, any shard running there); returns it and how many of its sites are audited."""
    give_up_on_partial = time.monotonic() + (deadline - time.monotonic()) / 2
    while True:
        if distribute.poll() is not None:
            raise RuntimeError(f"distribute ended (exit code {distribute.returncode}) before a shard of node a ran")
        if time.monotonic() > deadline:
            raise RuntimeError("no shard of the first node ran")
        running = list(db[SCHEDULES].find({"schedule": schedule, "kind": "shard", "node": victim.url}))
        running = [shard for shard in running if shard["state"] == "running"]
        for shard in running:
            audited = shard_progress(db, shard)
            if 0 < audited < len(shard["sites"]):
                return shard, audited
        if running and time.monotonic() > give_up_on_partial:
            return running[0], shard_progress(db, running[0])
        time.sleep(0.2)


def run(options: argparse.Namespace, work: Path) -> dict[str, Any]:
    created_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    info = machine()
    schedule = f"two-nodes-{secrets.token_hex(4)}"
    database = f"bench_two_nodes_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    with ExitStack() as stack:
        mongo_uri = stack.enter_context(
            # nx-27017's --data-dir, --pid-file and --log-file under work/mongo
            mongo_uri_or_embedded(options.mongo_uri or os.environ.get("INBOUND_MONGO_URI"), work / "mongo")
        )
        client: pymongo.MongoClient = pymongo.MongoClient(mongo_uri, tz_aware=True, serverSelectionTimeoutMS=10000)
        stack.callback(client.close)
        stack.callback(client.drop_database, database)
        db = client[database]

        write_site(work / "site", options.pages)
        urls = [
            stack.enter_context(serve(work / "site", options.latency_ms, host=f"127.0.0.{n + 2}"))
            for n in range(options.sites)
        ]
        sites_file = work / "sites.txt"
        sites_file.write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")
        from inbound_spiders.site_list import site_list

        sites = [entry.site for entry in site_list({"sites": str(sites_file)})]
        hosts = f"127.0.0.2-{options.sites + 1}"
        say(f"{len(sites)} sites of {options.pages} pages on {hosts}, responses {options.latency_ms:.0f} ms late")

        first = ScrapydNode(work / "node-a", password, options.slots)
        second = ScrapydNode(work / "node-b", password, options.slots)
        environment = node_environment(mongo_uri, database)
        for node in (first, second):
            node.start(environment)
            stack.callback(node.stop)
        for node in (first, second):
            node.wait_until_up()
        source = checkout(work / "checkout")
        egg = build_egg(source)
        version = f"r{int(time.time())}"
        for node in (first, second):
            deploy(node, source, egg, version)
        say(f"nodes a {first.url} and b {second.url}, {options.slots} slots each, egg {version} deployed to both")

        command_env = {**environment, "SCRAPYD_USERNAME": USERNAME, "SCRAPYD_PASSWORD": password}
        settings = [option for name, value in JOB_SETTINGS.items() for option in ("-s", f"{name}={value}")]
        started = time.monotonic()
        distribute = subprocess.Popen(
            [
                sys.executable, "-m", "inbound_spiders.scheduling", "--json", "distribute", "--sites", str(sites_file),
                "--node", f"{first.url} slots={options.slots}", "--node", f"{second.url} slots={options.slots}",
                "--shard-size", str(options.shard_size), "--max-retries", "2", "--id", schedule,
                "--poll", str(options.poll), "--timeout", str(options.timeout), "--version", version,
                "-a", f"max_pages={options.pages}", *settings,
            ],
            cwd=PROJECT, env=command_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        stack.callback(lambda: distribute.poll() is None and distribute.kill())
        output = Lines(distribute.stdout)
        errors = Lines(distribute.stderr)

        try:
            victim_shard, audited_before = wait_for_partial_shard(
                db, schedule, first, distribute, time.monotonic() + options.timeout / 2
            )
        except RuntimeError:
            time.sleep(1)  # the rest of its output
            say("\n".join(line for _, line in output.lines + errors.lines))
            raise
        killed_processes = first.group()
        if options.failure == "kill":
            first.kill()
        else:
            first.hang()
        killed_at = time.monotonic()
        say(
            f"{'killed' if options.failure == 'kill' else 'hung'} node a ({len(killed_processes)} processes: Scrapyd "
            f"and its jobs) at {killed_at - started:.1f} s, "
            f"shard {victim_shard['_id']} {audited_before}/{len(victim_shard['sites'])} sites audited"
        )
        # Once distribute saw the node gone and placed its shards again: status, while they run on node b.
        status_after_detection: list[str] = []
        while distribute.poll() is None and time.monotonic() < killed_at + options.timeout / 2:
            if any(event.get("event") == "scheduled" and event.get("node") == second.url and at > killed_at
                   for at, event in output.events()):  # fmt: skip
                status_after_detection = schedule_status(command_env, schedule, as_json=False)[1].splitlines()
                break
            time.sleep(0.2)
        try:
            distribute.wait(timeout=options.timeout)
        except subprocess.TimeoutExpired:
            distribute.kill()
        wall = time.monotonic() - started
        output.thread.join(timeout=5)
        errors.thread.join(timeout=5)

        events = output.events()
        lost = [(at, event) for at, event in events if event.get("event") == "retry" and event.get("node") == first.url]
        rescheduled = sorted({event["shard"] for _, event in lost})
        verdict = check(db, schedule, sites)
        status_code, status_text = schedule_status(command_env, schedule, as_json=False)
        _, status_json = schedule_status(command_env, schedule, as_json=True)
        records = [json.loads(line) for line in status_json.splitlines() if line.startswith("{")]
        moved = [
            record
            for record in records
            if record["shard"] in rescheduled
            and [attempt["outcome"] for attempt in record["attempts"]][:1] == ["lost"]
            and record["node"] == second.url
            and record["state"] == "done"
        ]
        resumed = sum(run.get("sites_resumed") or 0 for run in db[RUNS].find({"_id": {"$in": rescheduled}}))
        rescheduled_sites = sum(len(shard["sites"]) for shard in db[SCHEDULES].find({"_id": {"$in": rescheduled}}))
    figures = {
        "wall_time_s": round(wall, 1),
        "sites": len(sites),
        "sites_audited": verdict["sites_audited"],
        "shards": verdict["shards"],
        "shards_rescheduled": len(rescheduled),
        "duplicates": verdict["duplicate_audits"] + verdict["duplicates_in_runs"],
        "detect_dead_node_s": round(min(at for at, _ in lost) - killed_at, 2) if lost else None,
        "killed_at_s": round(killed_at - started, 1),
        "victim_shard": victim_shard["_id"],
        "victim_sites_audited_before_kill": audited_before,
        "victim_sites": len(victim_shard["sites"]),
        "sites_not_crawled_again": resumed,
        "processes_killed": len(killed_processes),
    }
    accepted = (
        distribute.returncode == 0
        and verdict["sites_audited"] == len(sites)
        and figures["duplicates"] == 0
        and verdict["sites_done_in_runs"] == len(sites)
        and not verdict["runs_not_finished"]
        and bool(rescheduled)
        and len(moved) == rescheduled_sites
        and status_code == 0
    )
    return {
        "benchmark": "two_nodes",
        "created_at": created_at,
        "machine": {**info, "load_after": [round(value, 2) for value in os.getloadavg()]},
        "options": {
            "sites": options.sites,
            "pages": options.pages,
            "latency_ms": options.latency_ms,
            "shard_size": options.shard_size,
            "slots": options.slots,
            "poll_s": options.poll,
            "failure": options.failure,
            "job_settings": JOB_SETTINGS,
            "mongo": "INBOUND_MONGO_URI" if options.mongo_uri or os.environ.get("INBOUND_MONGO_URI") else "nx-27017",
        },
        "figures": figures,
        "checks": verdict,
        "accepted": accepted,
        "distribute_exit_code": distribute.returncode,
        "distribute_events": [event for _, event in events],
        "distribute_stderr": [line for _, line in errors.lines][-20:],
        "status_exit_code": status_code,
        "status_after_detection": status_after_detection,
        "status": status_text.splitlines(),
    }


def report(result: dict[str, Any]) -> str:
    figures = result["figures"]
    lines = [
        f"two Scrapyd nodes, one MongoDB, {figures['sites']} sites in {figures['shards']} shards; node a "
        + ("killed (SIGKILL" if result["options"]["failure"] == "kill" else "hung (SIGSTOP")
        + f", {figures['processes_killed']} processes) at {figures['killed_at_s']} s, its shard "
        f"{figures['victim_shard']} {figures['victim_sites_audited_before_kill']}/{figures['victim_sites']} done",
        f"  wall time            {figures['wall_time_s']} s",
        f"  sites audited        {figures['sites_audited']} / {figures['sites']}",
        f"  shards rescheduled   {figures['shards_rescheduled']}",
        f"  duplicates           {figures['duplicates']}",
        f"  not crawled again    {figures['sites_not_crawled_again']} sites (audited before the kill)",
        f"  dead node detected   {figures['detect_dead_node_s']} s after the kill",
        "inbound-schedule status once the dead node's shards were placed again:",
        *(f"  {line}" for line in result["status_after_detection"]),
        "inbound-schedule status at the end:",
        *(f"  {line}" for line in result["status"]),
        "acceptance (every site audited exactly once, the rescheduled shards in status): "
        + ("met" if result["accepted"] else "NOT met"),
    ]
    return "\n".join(lines)


def figures_name(result: dict[str, Any]) -> str:
    """``two-nodes``, or ``two-nodes-<failure>`` for a failure other than ``kill``."""
    failure = result["options"]["failure"]
    return "two-nodes" if failure == "kill" else f"two-nodes-{failure}"


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    if options.work:
        options.work.mkdir(parents=True, exist_ok=True)
        result = run(options, options.work.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="two-nodes-") as work:
            result = run(options, Path(work))
    publish(result, options.output, figures_name(result), report(result))
    return 0 if result["accepted"] else 1


if __name__ == "__main__":
    sys.exit(main())
