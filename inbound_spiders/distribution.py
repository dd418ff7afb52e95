"""``inbound-schedule distribute``: a list of sites split into shards over several Scrapyd nodes that write to one
MongoDB, each shard placed on the least loaded node, followed, and scheduled again elsewhere when its job failed or
its node went away; ``inbound-schedule status --schedule ID`` reports per site, from any process.

::

    inbound-schedule distribute --sites candidates.csv --node http://a:6800/ --node http://b:6800/ --shard-size 20
    inbound-schedule status --schedule list-3f9c0a1b2c-20261207

A shard is one job of the ``audit`` spider with its sites inline (``-a url=A,B,C``: no file has to reach the node)
and ``-a _run_id=`` its shard id, so the shard's list run, its sites' run ids, their ``site_audits`` and findings
have the same ``_id`` each time the shard runs: a shard run twice, or run on a node that went away *and* again
elsewhere, leaves the same documents. The state of a schedule is in the ``schedules`` collection (one document for
the schedule, ``_id`` its id, and one per shard, ``_id`` the shard id), rewritten whole at each change.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy.settings import BaseSettings

from inbound_spiders.profiles import packaged_profiles
from inbound_spiders.scheduling import (
    SchedulingError,
    ScrapydClient,
    ScrapydTarget,
    emit,
    log_problems,
    run_problems,
)
from inbound_spiders.site_crawls import site_run_ids
from inbound_spiders.site_list import SiteEntry, site_list
from inbound_spiders.spiders.base import SpiderArgumentError
from inbound_spiders.store import RUNS, SITE_AUDITS, MongoStore, redact_uri

SCHEDULES = "schedules"
#: The spider every shard runs: it takes a list of sites.
SHARD_SPIDER = "audit"
#: A node that did not answer this many polls in a row went away: its shards are scheduled again elsewhere.
LOST_AFTER_POLLS = 2
#: Seconds to wait for one node's answer while following (a node that takes longer did not answer).
NODE_TIMEOUT_SECONDS = 5.0
#: A node that went away is asked for its load again at most this often (it may come back): a hung node would
#: otherwise cost a timeout at every placement.
LOST_NODE_RECHECK_SECONDS = 60.0
#: Shard states: ``waiting`` for a node, ``pending``/``running`` on one, ``done``, or ``failed`` (retries spent).
ACTIVE = ("pending", "running")
ENDED = ("done", "failed")


@dataclass(frozen=True)
class Node:
    """A Scrapyd node: its target (credentials from the URL's userinfo, else ``SCRAPYD_USERNAME``/``_PASSWORD``) and
    how many jobs it runs at once (``slots``, its ``max_proc``), which divides its load."""

    target: ScrapydTarget
    slots: int = 1

    @property
    def url(self) -> str:
        """The node's URL without credentials: how it is shown and stored."""
        return self.target.url


def parse_node(spec: str, environ: Mapping[str, str], project: str) -> Node:
    """``URL`` or ``URL slots=N``."""
    url, *extra = spec.split()
    slots = 1
    for option in extra:
        name, _, value = option.partition("=")
        if name != "slots" or not value.isdigit() or int(value) < 1:
            raise SchedulingError(f"node {redact_uri(spec)!r}: expected URL [slots=N]")
        slots = int(value)
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SchedulingError(f"node {redact_uri(url)!r}: expected http(s)://[user:password@]host[:port]/")
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    target = ScrapydTarget(
        url=urlunsplit((parts.scheme, netloc, parts.path.rstrip("/") + "/", "", "")),
        project=project,
        username=parts.username or environ.get("SCRAPYD_USERNAME") or None,
        password=parts.password or (environ.get("SCRAPYD_PASSWORD") if not parts.username else None),
    )
    return Node(target, slots)


def resolve_nodes(
    given: Sequence[str],
    nodes_file: str | None,
    settings: BaseSettings,
    environ: Mapping[str, str] = os.environ,
    project: str | None = None,
) -> list[Node]:
    """The nodes: ``--node`` and ``--nodes FILE`` (one a line, ``#`` comments), else ``INBOUND_SCRAPYD_NODES``
    (environment, then setting; comma-separated)."""
    specs = list(given)
    if nodes_file:
        try:
            lines = Path(nodes_file).expanduser().read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise SchedulingError(f"--nodes {nodes_file}: cannot be read ({error.strerror})") from None
        specs += [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
    if not specs:
        configured = environ.get("INBOUND_SCRAPYD_NODES") or settings.get("INBOUND_SCRAPYD_NODES") or ""
        specs = [part.strip() for part in str(configured).split(",") if part.strip()]
    if not specs:
        raise SchedulingError("no Scrapyd node: give --node URL (repeatable), --nodes FILE or INBOUND_SCRAPYD_NODES")
    project = ScrapydTarget.resolve(settings, environ, project=project).project  # as for one server
    nodes = {node.url: node for node in (parse_node(spec, environ, project) for spec in specs)}
    return list(nodes.values())


# ------------------------------------------------------------------------------------------------------------ shards


def list_entries(sites_file: str | None, profiles: Sequence[str], arguments: Mapping[str, str]) -> list[SiteEntry]:
    """The sites to audit: the list file (as ``-a sites=`` reads it), or each profile's start URL."""
    if sites_file and profiles:
        raise SchedulingError("give --sites FILE or profile names, not both")
    bounds = {name: arguments[name] for name in ("max_pages", "max_depth") if name in arguments}
    if sites_file:
        spec: dict[str, Any] = {"sites": sites_file, **bounds}
    else:
        known = packaged_profiles()
        unknown = [name for name in profiles if name not in known]
        if unknown or not profiles:
            raise SchedulingError(f"name the sites: --sites FILE or profiles ({', '.join(known)})")
        spec = {"url": ",".join(known[name].start_urls[0] for name in profiles), **bounds}
    try:
        return site_list(spec)
    except SpiderArgumentError as error:
        raise SchedulingError(str(error)) from None


def schedule_id(entries: Sequence[SiteEntry], arguments: Mapping[str, str], day: datetime) -> str:
    """The default id of a schedule: the same list and arguments on the same (UTC) day are the same schedule, so
    running ``distribute`` again resumes it instead of auditing everything twice."""
    content = json.dumps([[e.url, e.max_pages, e.max_depth] for e in entries] + [sorted(arguments.items())])
    return f"list-{hashlib.sha1(content.encode()).hexdigest()[:10]}-{day:%Y%m%d}"


def make_shards(entries: Sequence[SiteEntry], size: int, schedule: str) -> list[dict[str, Any]]:
    """The shard documents of a list: at most ``size`` sites each, sites with the same bounds together (a shard's
    job takes one ``max_pages``/``max_depth``)."""
    if size < 1:
        raise SchedulingError("--shard-size: at least 1")
    groups: dict[tuple[int, int], list[SiteEntry]] = {}
    for entry in entries:
        groups.setdefault((entry.max_pages, entry.max_depth), []).append(entry)
    shards = []
    for (max_pages, max_depth), group in groups.items():
        for start in range(0, len(group), size):
            index = len(shards)
            shards.append(
                {
                    "_id": f"{schedule}-s{index:03d}",
                    "kind": "shard",
                    "schedule": schedule,
                    "index": index,
                    "sites": [{"url": entry.url, "site": entry.site} for entry in group[start : start + size]],
                    "max_pages": max_pages,
                    "max_depth": max_depth,
                    "state": "waiting",
                    "node": None,
                    "job": None,
                    "retries": 0,
                    "attempts": [],
                    "reasons": [],
                }
            )
    return shards


def shard_arguments(shard: Mapping[str, Any], arguments: Mapping[str, str]) -> dict[str, str]:
    """The ``-a`` arguments of a shard's job: the sites inline, their bounds, the shard's run id, and the others."""
    return {
        **{name: value for name, value in arguments.items() if name not in ("sites", "url", "max_pages", "max_depth")},
        "url": ",".join(site["url"] for site in shard["sites"]),
        "max_pages": str(shard["max_pages"]),
        "max_depth": str(shard["max_depth"]),
        "_run_id": shard["_id"],
    }


def now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------------------------------------- follow


@dataclass
class Distribution:
    """A schedule's shards over its nodes: place, follow, retry; every change written to ``schedules``."""

    store: MongoStore
    nodes: list[Node]
    schedule: str
    shards: list[dict[str, Any]]
    arguments: dict[str, str]
    settings: dict[str, str]
    max_retries: int
    version: str | None = None
    clients: dict[str, ScrapydClient] = field(default_factory=dict)
    """Each node's client for the polls, which a node must answer quickly."""
    schedulers: dict[str, ScrapydClient] = field(default_factory=dict)
    silent_polls: dict[str, int] = field(default_factory=dict)
    """Consecutive polls a node did not answer."""
    last_asked: dict[str, float] = field(default_factory=dict)
    """When each node was last asked for its jobs or its load (``time.monotonic()``)."""
    events: list[dict[str, Any]] = field(default_factory=list)
    """What happened since the last :meth:`step` (placed, lost, retried, done, failed), for the command to print."""

    def __post_init__(self) -> None:
        self.clients = {node.url: ScrapydClient(node.target, timeout=NODE_TIMEOUT_SECONDS) for node in self.nodes}
        # Scrapyd's schedule.json lists the egg's spiders first (a process of its own): it may take seconds.
        self.schedulers = {node.url: ScrapydClient(node.target) for node in self.nodes}

    @property
    def finished(self) -> bool:
        return all(shard["state"] in ENDED for shard in self.shards)

    def save(self, shard: dict[str, Any]) -> None:
        shard["updated_at"] = now()
        self.store.db[SCHEDULES].replace_one({"_id": shard["_id"]}, shard, upsert=True)

    def save_header(self) -> None:
        """The schedule's own document (its ``created_at`` kept when it is rewritten)."""
        existing = self.store.db[SCHEDULES].find_one({"_id": self.schedule}, {"created_at": 1}) or {}
        header = {
            "_id": self.schedule,
            "kind": "schedule",
            "shards": [shard["_id"] for shard in self.shards],
            "sites": sum(len(shard["sites"]) for shard in self.shards),
            "nodes": [node.url for node in self.nodes],
            "max_retries": self.max_retries,
            "arguments": {name: redact_uri(value) for name, value in self.arguments.items()},
            "created_at": existing.get("created_at") or now(),
            "updated_at": now(),
        }
        self.store.db[SCHEDULES].replace_one({"_id": self.schedule}, header, upsert=True)

    def loads(self) -> dict[str, float]:
        """Each answering node's load: (pending + running) jobs per slot (``daemonstatus.json``). A node that went
        away is asked again only every :data:`LOST_NODE_RECHECK_SECONDS`; its answer brings it back."""
        loads = {}
        for node in self.nodes:
            lost = self.silent_polls.get(node.url, 0) >= LOST_AFTER_POLLS
            if lost and time.monotonic() - self.last_asked.get(node.url, 0.0) < LOST_NODE_RECHECK_SECONDS:
                continue
            self.last_asked[node.url] = time.monotonic()
            try:
                status = self.clients[node.url].call("daemonstatus.json")
            except (SchedulingError, ValueError):
                self.silent_polls[node.url] = self.silent_polls.get(node.url, 0) + 1
                continue
            self.silent_polls[node.url] = 0
            loads[node.url] = (int(status.get("pending", 0)) + int(status.get("running", 0))) / node.slots
        return loads

    def place(self) -> None:
        """Schedule each waiting shard on the least loaded answering node (another than the one it last failed or
        was lost on, when there is one; of nodes equally loaded, the first given)."""
        waiting = [shard for shard in self.shards if shard["state"] == "waiting"]
        if not waiting:
            return
        loads = self.loads()
        order = {node.url: index for index, node in enumerate(self.nodes)}  # equally loaded: the first given
        for shard in waiting:
            tried = {attempt["node"] for attempt in shard["attempts"][-1:]}
            candidates = {url: load for url, load in loads.items() if url not in tried} or loads
            while candidates:
                url = min(candidates, key=lambda name: (candidates[name], order[name]))
                node = next(node for node in self.nodes if node.url == url)
                try:
                    job = self.schedulers[url].schedule(
                        SHARD_SPIDER, shard_arguments(shard, self.arguments), self.settings, self.version
                    )
                except SchedulingError as error:
                    self.events.append({"shard": shard["_id"], "event": "refused", "node": url, "reason": str(error)})
                    candidates.pop(url)
                    loads.pop(url, None)
                    continue
                loads[url] += 1 / node.slots
                shard.update(state="pending", node=url, job=job, scheduled_at=now())
                self.save(shard)
                self.events.append({"shard": shard["_id"], "event": "scheduled", "node": url, "job": job})
                break

    def listings(self) -> dict[str, dict[str, tuple[str, dict[str, Any]]] | None]:
        """Each node's jobs by id (``None`` for a node that did not answer)."""
        listed: dict[str, dict[str, tuple[str, dict[str, Any]]] | None] = {}
        for url in {shard["node"] for shard in self.shards if shard["state"] in ACTIVE}:
            if url not in self.clients:  # resumed without that node: it is gone for this schedule
                listed[url], self.silent_polls[url] = None, LOST_AFTER_POLLS
                continue
            self.last_asked[url] = time.monotonic()
            try:
                listing = self.clients[url].jobs()
            except (SchedulingError, ValueError):
                listed[url] = None
                self.silent_polls[url] = self.silent_polls.get(url, 0) + 1
                continue
            self.silent_polls[url] = 0
            listed[url] = {
                entry["id"]: (state, entry) for state in ("pending", "running", "finished") for entry in listing[state]
            }
        return listed

    def close_abandoned_run(self, shard: dict[str, Any], outcome: str, reasons: list[str]) -> None:
        """The ``runs`` document of an attempt that was lost (its node killed with its job) or whose process died
        says ``running`` forever: mark it ``failed`` with the outcome as finish reason — unless another attempt of the
        shard rewrote it since (it is another job's then, or no longer running)."""
        self.store.db[RUNS].update_one(
            {"_id": shard["_id"], "scrapyd_job": shard["job"], "status": "running"},
            {"$set": {"status": "failed", "finish_reason": outcome, "abandoned": "; ".join(reasons)}},
        )

    def retry(self, shard: dict[str, Any], outcome: str, reasons: list[str]) -> None:
        """Record the attempt; the shard waits for another node, or has failed when its retries are spent."""
        self.close_abandoned_run(shard, outcome, reasons)
        shard["attempts"].append(
            {"node": shard["node"], "job": shard["job"], "outcome": outcome, "reasons": reasons, "at": now()}
        )
        if shard["retries"] < self.max_retries:
            shard.update(state="waiting", retries=shard["retries"] + 1, reasons=reasons)
            event = "retry"
        else:
            shard.update(state="failed", reasons=reasons)
            event = "failed"
        self.save(shard)
        self.events.append({"shard": shard["_id"], "event": event, "node": shard["node"], "reasons": reasons})

    def judge(self, shard: dict[str, Any], entry: dict[str, Any]) -> None:
        """A shard's job ended: done when its list's ``runs`` document (``_id`` the shard id) says finished, else
        failed with the reasons of the runs document and the job's log."""
        run = self.store.db[RUNS].find_one({"_id": shard["_id"]})
        problems = run_problems(run)
        if not problems:
            shard["attempts"].append(
                {"node": shard["node"], "job": shard["job"], "outcome": "done", "reasons": [], "at": now()}
            )
            shard.update(state="done", reasons=[], finished_at=now())
            self.save(shard)
            self.events.append({"shard": shard["_id"], "event": "done", "node": shard["node"], "job": shard["job"]})
            return
        failed_sites = [site for site in (run or {}).get("sites") or [] if site.get("status") == "failed"]
        problems += [f"site {site.get('site')}: {site.get('reason')}" for site in failed_sites[:3]]
        log_url = entry.get("log_url")
        log = self.clients[shard["node"]].log(log_url) if log_url else None
        self.retry(shard, "failed", problems + (log_problems(log) if log else []))

    def step(self) -> None:
        """One round: follow the active shards, then place the waiting ones."""
        listed = self.listings()
        for shard in self.shards:
            if shard["state"] not in ACTIVE:
                continue
            jobs = listed.get(shard["node"])
            if jobs is None:
                if self.silent_polls.get(shard["node"], 0) >= LOST_AFTER_POLLS:
                    self.retry(shard, "lost", [f"node {shard['node']} went away (it does not answer)"])
                continue
            state, entry = jobs.get(shard["job"], ("unknown", {}))
            if state == "unknown":
                self.retry(shard, "lost", [f"node {shard['node']} no longer knows job {shard['job']} (restarted?)"])
            elif state == "finished":
                self.judge(shard, entry)
            elif state != shard["state"]:
                shard["state"] = state
                self.save(shard)
        self.place()


def load_shards(store: MongoStore, schedule: str, fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The shards of ``schedule`` as stored (a schedule run again resumes where it was), else ``fresh``; an error
    when the stored schedule has other sites."""
    stored = {shard["_id"]: shard for shard in store.db[SCHEDULES].find({"schedule": schedule, "kind": "shard"})}
    if not stored:
        return fresh
    if [stored.get(shard["_id"], {}).get("sites") for shard in fresh] != [shard["sites"] for shard in fresh]:
        raise SchedulingError(f"schedule {schedule} exists with other sites or shards: give another --id")
    return [stored[shard["_id"]] for shard in fresh]


# --------------------------------------------------------------------------------------------------------- status


def site_statuses(store: MongoStore, schedule: str) -> list[dict[str, Any]]:
    """One record per site of a schedule: its shard, node, job, state, retries and reasons. A site of a shard that is
    done and failed in its ``runs`` document is ``failed`` with its reason; else a site whose site audit is written
    (``_id`` its run id in the shard's list) is ``done`` whatever its shard's state (a shard partly done when its node
    went away, or still running)."""
    shards = list(store.db[SCHEDULES].find({"schedule": schedule, "kind": "shard"}).sort("index", 1))
    if not shards:
        raise SchedulingError(f"no schedule {schedule!r} in the {SCHEDULES} collection")
    runs = {run["_id"]: run for run in store.db[RUNS].find({"_id": {"$in": [shard["_id"] for shard in shards]}})}
    run_ids = {shard["_id"]: site_run_ids(shard["_id"], len(shard["sites"])) for shard in shards}
    every_run_id = [run_id for ids in run_ids.values() for run_id in ids]
    audited = {document["_id"] for document in store.db[SITE_AUDITS].find({"_id": {"$in": every_run_id}}, {"_id": 1})}
    records = []
    for shard in shards:
        run = runs.get(shard["_id"]) or {}
        in_run = {entry.get("site"): entry for entry in run.get("sites") or []}
        for site, run_id in zip(shard["sites"], run_ids[shard["_id"]], strict=True):
            state, reasons = shard["state"], list(shard.get("reasons") or [])
            entry = in_run.get(site["site"]) or {}
            if state == "done" and entry.get("status") == "failed":
                state, reasons = "failed", [f"site: {entry.get('reason')}"]
            elif run_id in audited or entry.get("status") == "done":  # even when its shard is not done (yet, or ever)
                state, reasons = "done", []
            records.append(
                {
                    "site": site["site"],
                    "url": site["url"],
                    "state": state,
                    "node": shard["node"],
                    "job": shard["job"],
                    "shard": shard["_id"],
                    "retries": shard["retries"],
                    "attempts": [
                        {"node": attempt["node"], "job": attempt["job"], "outcome": attempt["outcome"]}
                        for attempt in shard["attempts"]
                    ],
                    "reasons": reasons,
                }
            )
    return records


# ------------------------------------------------------------------------------------------------------------- CLI


def open_store(settings: BaseSettings) -> MongoStore:
    """The MongoDB every node writes to (``INBOUND_MONGO_URI``), which holds the schedules; an error without it."""
    from inbound_spiders.scheduling import RunsLookup  # the status command's connection, with its error message

    lookup = RunsLookup.open(settings)
    if lookup is None:
        raise SchedulingError("schedules need the MongoDB the nodes write to: set INBOUND_MONGO_URI")
    return lookup.store


def command_distribute(
    options: Any, settings: BaseSettings, arguments: dict[str, str], job_settings: dict[str, str]
) -> int:
    """Split, place, follow (unless ``--no-follow``); exit 0 when every shard is done, 1 when one failed, 3 on
    ``--timeout``."""
    nodes = resolve_nodes(options.node, options.nodes, settings, project=options.project)
    entries = list_entries(options.sites, options.profiles, arguments)
    schedule = options.id or schedule_id(entries, arguments, now())
    store = open_store(settings)
    try:
        shards = load_shards(store, schedule, make_shards(entries, options.shard_size, schedule))
        distribution = Distribution(
            store, nodes, schedule, shards, arguments, job_settings, options.max_retries, options.version
        )
        distribution.save_header()
        for shard in shards:
            if "updated_at" not in shard:
                distribution.save(shard)
        emit(
            {"schedule": schedule, "sites": len(entries), "shards": len(shards), "nodes": [n.url for n in nodes]},
            options.json,
            f"schedule {schedule}: {len(entries)} sites in {len(shards)} shards over {len(nodes)} nodes",
        )
        deadline = time.monotonic() + options.timeout
        while True:
            distribution.step()
            for event in distribution.events:
                detail = event.get("job") or "; ".join(event.get("reasons") or []) or event.get("reason", "")
                emit(event, options.json, f"{event['shard']}\t{event['event']}\t{event['node']}\t{detail}")
            distribution.events.clear()
            if distribution.finished or not options.follow:
                break
            if time.monotonic() > deadline:
                print(f"inbound-schedule: timed out following {schedule}", file=sys.stderr)
                return 3
            time.sleep(options.poll)
    finally:
        store.close()
    if not options.follow:
        return 0
    return 1 if any(shard["state"] == "failed" for shard in distribution.shards) else 0


def command_schedule_status(options: Any, settings: BaseSettings) -> int:
    """Per site of ``--schedule ID``: state, node, job, shard, retries; exit 1 when a site failed, 3 when some are
    still waiting, pending or running."""
    store = open_store(settings)
    try:
        records = site_statuses(store, options.schedule)
    finally:
        store.close()
    for record in records:
        attempts = ", ".join(f"{a['outcome']} on {a['node']}" for a in record["attempts"])
        text = (
            f"{record['site']}\t{record['state']}\t{record['node'] or '-'}\t{record['job'] or '-'}\t{record['shard']}"
            f"\tretries={record['retries']}\t{attempts}\t{'; '.join(record['reasons'])}"
        )
        emit(record, options.json, text.rstrip())
    if any(record["state"] == "failed" for record in records):
        return 1
    return 3 if any(record["state"] not in ENDED for record in records) else 0
