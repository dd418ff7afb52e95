"""``inbound-schedule``: audit site profiles on a Scrapyd server, once or on a schedule, and say truthfully how the
jobs went.

::

    inbound-schedule schedule hamon2017 macron2017 -a max_pages=200 -s DOWNLOAD_DELAY=1
    inbound-schedule schedule --all --every 24h          # re-audit every profile daily (until interrupted)
    inbound-schedule schedule --all --crontab "0 3 * * *" # print the crontab line that does it instead
    inbound-schedule status JOB [JOB ...] [--wait]       # pending / running / finished / failed
    inbound-schedule list                                # the profiles, and which spiders the server has
    inbound-schedule distribute --sites FILE --node URL --node URL --shard-size 20   # several nodes: see
    inbound-schedule status --schedule ID                # inbound_spiders.distribution

The server comes from ``--url`` or the environment (``SCRAPYD_URL``, default ``http://127.0.0.1:6800/``;
``SCRAPYD_USERNAME`` / ``SCRAPYD_PASSWORD`` for basic auth; ``SCRAPYD_PROJECT``, default ``inbound_spiders``), else
from the ``INBOUND_SCRAPYD_URL`` / ``_USERNAME`` / ``_PASSWORD`` / ``_PROJECT`` Scrapy settings. The password is
never printed or logged.

Scrapyd's ``listjobs.json`` calls every job that ended "finished", crashed or not. ``status`` looks further: a
finished job is ``failed`` when its ``runs`` document says so or is missing (with ``--no-runs``: when its log shows a
traceback, an ERROR/CRITICAL line or a bad close reason); otherwise log errors are reported as notes. The ``runs``
document is found by ``scrapyd_job``; it fails the job when it says ``failed``, is still ``running`` after the job
ended, or is missing (the crawl never opened). The ``runs`` collection is read from the MongoDB configured like a
crawl's (``INBOUND_MONGO_URI`` / ``INBOUND_MONGO_DATABASE``), which must be the one the jobs write to.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import shlex
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from scrapy.settings import BaseSettings, Settings

from inbound_spiders.config import InboundConfig
from inbound_spiders.extensions import SUCCESSFUL_FINISH_REASONS
from inbound_spiders.profiles import packaged_profiles, profile_names
from inbound_spiders.store import RUNS, MongoStore, redact_uri

DEFAULT_URL = "http://127.0.0.1:6800/"
DEFAULT_PROJECT = "inbound_spiders"
HTTP_TIMEOUT_SECONDS = 30.0
#: Keys Scrapyd's schedule.json takes for itself: they cannot be spider arguments.
RESERVED_ARGUMENTS = frozenset({"project", "spider", "setting", "jobid", "priority", "_version", "_job"})
ACTIVE_STATES = ("pending", "running")
#: Shortest ``--every`` interval accepted.
MIN_INTERVAL_SECONDS = 10.0

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_CRON_MACROS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly", "@reboot"}
_CRON_FIELD = re.compile(r"^[\d*/,\-A-Za-z]+$")
#: ``2017-02-20 10:00:00 [logger] ERROR: message`` (Scrapy's default log format).
_LOG_PROBLEM = re.compile(r"^\S+ \S+ \[[^\]]+\] (?:ERROR|CRITICAL): .*$", re.MULTILINE)
_LOG_INFO = re.compile(r"^\S+ \S+ \[[^\]]+\] INFO: ", re.MULTILINE)
_SPIDER_CLOSED = re.compile(r"\] INFO: Spider closed \((?P<reason>[^)]*)\)")
#: The exception line ending a traceback (the first unindented line after ``Traceback (most recent call last):``).
_EXCEPTION = re.compile(r"^Traceback \(most recent call last\):\n(?:[ \t].*\n|\n)*(?P<exception>\S.*)$", re.MULTILINE)


class SchedulingError(RuntimeError):
    """Scrapyd refused a request or could not be reached; the message never holds the password."""


@dataclass(frozen=True)
class ScrapydTarget:
    """A Scrapyd server and project. ``password`` stays out of ``repr`` and messages."""

    url: str
    project: str = DEFAULT_PROJECT
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def resolve(
        cls,
        settings: BaseSettings,
        environ: Mapping[str, str] = os.environ,
        url: str | None = None,
        project: str | None = None,
        username: str | None = None,
    ) -> ScrapydTarget:
        """Command-line value, else ``SCRAPYD_*`` environment variable, else ``INBOUND_SCRAPYD_*`` setting, else
        default. Credentials written into the URL (``http://user:pass@host/``) are taken out of it."""

        def pick(name: str, given: str | None, default: str | None = None) -> str | None:
            return given or environ.get(f"SCRAPYD_{name}") or settings.get(f"INBOUND_SCRAPYD_{name}") or default

        base = pick("URL", url, DEFAULT_URL) or DEFAULT_URL
        parts = urlsplit(base if "://" in base else f"http://{base}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SchedulingError(f"Scrapyd URL {redact_uri(base)!r}: expected http(s)://host[:port]/")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        clean = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/") + "/", "", ""))
        return cls(
            url=clean,
            project=pick("PROJECT", project, DEFAULT_PROJECT) or DEFAULT_PROJECT,
            username=pick("USERNAME", username, parts.username),
            password=pick("PASSWORD", None, parts.password),
        )


class ScrapydClient:
    """The few Scrapyd webservice calls scheduling needs, over stdlib ``urllib`` with basic auth."""

    def __init__(self, target: ScrapydTarget, timeout: float = HTTP_TIMEOUT_SECONDS) -> None:
        self.target = target
        self.timeout = timeout

    def _request(self, path: str, data: Sequence[tuple[str, str]] | None = None) -> bytes:
        url = urljoin(self.target.url, path.lstrip("/"))
        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
        if self.target.username:
            token = f"{self.target.username}:{self.target.password or ''}".encode()
            request.add_header("Authorization", "Basic " + base64.b64encode(token).decode("ascii"))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code == 401:
                raise SchedulingError(
                    f"{url}: authentication refused (check SCRAPYD_USERNAME / SCRAPYD_PASSWORD)"
                ) from None
            raise SchedulingError(f"{url}: HTTP {error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            # Refused, timed out, or cut off in the middle of its answer (a node killed while it answers: an
            # IncompleteRead or a bad status line, which are not OSErrors): the node did not answer.
            reason = getattr(error, "reason", None) or f"{type(error).__name__}: {error}"
            raise SchedulingError(f"{url}: Scrapyd unreachable ({reason})") from None

    def call(self, endpoint: str, data: Sequence[tuple[str, str]] | None = None, **query: str) -> dict[str, Any]:
        """Call ``endpoint`` (GET with ``query``, or POST ``data``) and return its JSON; a Scrapyd error raises."""
        path = endpoint + (f"?{urlencode(query)}" if query else "")
        payload = json.loads(self._request(path, data))
        if payload.get("status") != "ok":
            raise SchedulingError(f"{endpoint}: {payload.get('message', payload)}")
        return payload

    def schedule(
        self,
        spider: str,
        arguments: Mapping[str, str],
        settings: Mapping[str, str],
        version: str | None = None,
    ) -> str:
        """Schedule one run of ``spider``; returns its job id."""
        data = [("project", self.target.project), ("spider", spider)]
        data += [("setting", f"{name}={value}") for name, value in settings.items()]
        data += list(arguments.items())
        if version:
            data.append(("_version", version))
        return str(self.call("schedule.json", data)["jobid"])

    def jobs(self) -> dict[str, list[dict[str, Any]]]:
        """``listjobs.json`` of the project: ``pending``, ``running`` and ``finished`` job lists."""
        return self.call("listjobs.json", project=self.target.project)

    def spiders(self, version: str | None = None) -> list[str]:
        """Spiders of the deployed project (its latest version unless ``version``)."""
        query = {"project": self.target.project, **({"_version": version} if version else {})}
        return list(self.call("listspiders.json", **query)["spiders"])

    def log(self, log_url: str) -> str | None:
        """A job's log (``log_url`` as listjobs.json gives it); ``None`` when Scrapyd no longer has it."""
        try:
            return self._request(log_url).decode("utf-8", errors="replace")
        except SchedulingError:
            return None


# ----------------------------------------------------------------------------------------------------------- status


@dataclass
class JobStatus:
    """What is known about one job."""

    job: str
    """Scrapyd job id."""
    state: str
    """``pending``, ``running``, ``finished``, ``failed`` or ``unknown``."""
    spider: str | None = None
    """The spider (profile) it runs."""
    reasons: list[str] = field(default_factory=list)
    """Why it is reported ``failed`` (or where the state comes from when Scrapyd does not know the job)."""
    run_id: str | None = None
    """The crawl's run id in the ``runs`` collection, when found."""
    log_url: str | None = None
    """Where Scrapyd serves its log."""


def log_problems(log: str) -> list[str]:
    """Why a job log says the crawl failed: a traceback, ERROR/CRITICAL lines, a bad close reason, or a crawl that
    logged at INFO level yet never closed (empty when the log shows nothing wrong)."""
    exceptions = dict.fromkeys(match.group("exception").strip()[:300] for match in _EXCEPTION.finditer(log))
    problems = [f"log: exception {exception}" for exception in list(exceptions)[:3]]
    problems += [f"log: {line.strip()[:300]}" for line in _LOG_PROBLEM.findall(log)[:3]]
    closed = _SPIDER_CLOSED.search(log)
    if closed and closed.group("reason") not in SUCCESSFUL_FINISH_REASONS:
        problems.append(f"log: spider closed ({closed.group('reason')})")
    elif not closed and _LOG_INFO.search(log):
        problems.append("log: the spider never closed")
    return problems


def run_problems(run: dict[str, Any] | None) -> list[str]:
    """Why the ``runs`` document of a job Scrapyd considers finished says the crawl failed."""
    if run is None:
        return ["runs: no document for this job (the crawl never opened)"]
    if run.get("status") == "failed":
        return [f"runs: {run['_id']} failed (finish reason {run.get('finish_reason')})"]
    if run.get("status") != "finished":
        return [f"runs: {run['_id']} still {run.get('status')!r} after the job ended (the process died)"]
    return []


class RunsLookup:
    """The ``runs`` documents of Scrapyd jobs, from the MongoDB configured like a crawl's."""

    def __init__(self, store: MongoStore) -> None:
        self.store = store

    @classmethod
    def open(cls, settings: BaseSettings) -> RunsLookup | None:
        """Connect (``None`` with a warning on stderr when MongoDB storage is off or unreachable)."""
        config = InboundConfig.from_settings(settings)
        if not config.mongo_enabled:
            return None
        store = MongoStore(config)
        try:
            store.open()
            store.db.command("ping")
        except Exception as error:
            store.close()
            print(f"inbound-schedule: runs collection unavailable ({redact_uri(str(error))})", file=sys.stderr)
            return None
        return cls(store)

    def by_job(self, jobs: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The latest ``runs`` document of each job id."""
        found: dict[str, dict[str, Any]] = {}
        for run in self.store.db[RUNS].find({"scrapyd_job": {"$in": list(jobs)}}).sort("started_at", 1):
            found[run["scrapyd_job"]] = run
        return found

    def close(self) -> None:
        self.store.close()


def job_statuses(client: ScrapydClient, jobs: Sequence[str], runs: RunsLookup | None) -> list[JobStatus]:
    """The truthful state of each job: Scrapyd's view, corrected by the job's log and its ``runs`` document."""
    listing = client.jobs()
    known: dict[str, tuple[str, dict[str, Any]]] = {}
    for state in ("pending", "running", "finished"):
        for entry in listing.get(state, []):
            known[entry["id"]] = (state, entry)
    run_documents = runs.by_job(jobs) if runs else {}
    statuses = []
    for job in jobs:
        run = run_documents.get(job)
        state, entry = known.get(job, ("unknown", {}))
        status = JobStatus(
            job=job,
            state=state,
            spider=entry.get("spider") or (run or {}).get("spider"),
            run_id=(run or {}).get("_id"),
        )
        log_url = entry.get("log_url") or (
            f"logs/{client.target.project}/{status.spider}/{job}.log" if status.spider else None
        )
        status.log_url = urljoin(client.target.url, log_url.lstrip("/")) if log_url else None
        if state in ACTIVE_STATES:
            statuses.append(status)
            continue
        if state == "unknown":
            if run is None:
                status.reasons.append("neither Scrapyd nor the runs collection knows this job")
                statuses.append(status)
                continue
            status.state = run.get("status") or "unknown"
            status.reasons.append("Scrapyd does not know this job (restarted?): state from the runs collection")
        log = client.log(log_url) if log_url else None
        in_log = log_problems(log) if log is not None else []
        if runs is None:
            problems = in_log
        else:
            # The runs document is the crawl's own verdict: errors on some pages of a crawl that audited the rest
            # (timeouts, broken markup) are reported, but do not make the job a failure.
            problems = run_problems(run)
            status.reasons += [f"note: {problem}" for problem in in_log] if not problems else []
            problems += in_log if problems else []
        if problems:
            status.state = "failed"
            status.reasons += problems
        statuses.append(status)
    return statuses


# -------------------------------------------------------------------------------------------------------- schedule


def parse_pairs(pairs: Iterable[str], option: str) -> dict[str, str]:
    """``["k=v", ...]`` as a dict; a clear error naming the option otherwise."""
    parsed = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise SchedulingError(f"{option} {pair!r}: expected NAME=VALUE")
        parsed[name.strip()] = value
    return parsed


def parse_duration(text: str) -> float:
    """``90``, ``90s``, ``30m``, ``6h``, ``1d``, ``1w`` in seconds (at least :data:`MIN_INTERVAL_SECONDS`)."""
    match = _DURATION.match(text)
    if not match:
        raise SchedulingError(f"--every {text!r}: expected a duration such as 30m, 6h, 1d")
    seconds = float(match.group(1)) * _DURATION_UNITS[match.group(2)]
    if seconds < MIN_INTERVAL_SECONDS:
        raise SchedulingError(f"--every {text!r}: at least {MIN_INTERVAL_SECONDS:.0f}s between rounds")
    return seconds


def check_crontab_schedule(expression: str) -> str:
    """A crontab time specification (five fields, or ``@daily``-style), normalised; an error otherwise."""
    expression = " ".join(expression.split())
    if expression in _CRON_MACROS:
        return expression
    fields = expression.split(" ")
    if len(fields) != 5 or not all(_CRON_FIELD.match(part) for part in fields):
        raise SchedulingError(f"--crontab {expression!r}: expected five fields such as '0 3 * * *', or @daily")
    return expression


def select_profiles(names: Sequence[str], all_profiles: bool) -> list[str]:
    """The profile names to schedule (``--all``: every packaged profile); unknown names are an error."""
    known = profile_names()
    if all_profiles:
        if names:
            raise SchedulingError("give profile names or --all, not both")
        return known
    if not names:
        raise SchedulingError(f"name the profiles to schedule, or --all (profiles: {', '.join(known)})")
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SchedulingError(f"unknown profile(s) {', '.join(unknown)} (profiles: {', '.join(known)})")
    return list(dict.fromkeys(names))


def crontab_line(expression: str, command: Sequence[str]) -> str:
    """The crontab entry running ``command`` on schedule ``expression`` (``%`` escaped, as cron requires)."""
    return f"{expression} {shlex.join(command).replace('%', chr(92) + '%')}"


def this_command() -> list[str]:
    """How to run this program again from cron: its console script when it is one, else ``python -m``."""
    script = Path(sys.argv[0])
    if script.name == "inbound-schedule" and script.exists():
        return [str(script.resolve())]
    return [sys.executable, "-m", "inbound_spiders.scheduling"]


def schedule_round(
    client: ScrapydClient,
    profiles: Sequence[str],
    arguments: Mapping[str, str],
    settings: Mapping[str, str],
    version: str | None,
    skip_active: bool,
) -> Iterator[dict[str, str]]:
    """Schedule each profile once; with ``skip_active``, not one whose previous job is still pending or running."""
    active: set[str] = set()
    if skip_active:
        listing = client.jobs()
        active = {entry["spider"] for state in ACTIVE_STATES for entry in listing.get(state, [])}
    for profile in profiles:
        if profile in active:
            yield {"spider": profile, "job": "", "result": "skipped: previous job still pending or running"}
            continue
        job = client.schedule(profile, arguments, settings, version)
        yield {"spider": profile, "job": job, "result": "scheduled"}


# ------------------------------------------------------------------------------------------------------------- CLI


def project_settings() -> Settings:
    """The project's Scrapy settings (``SCRAPY_SETTINGS_MODULE``, else ``inbound_spiders.settings``)."""
    settings = Settings()
    settings.setmodule(os.environ.get("SCRAPY_SETTINGS_MODULE") or "inbound_spiders.settings", priority="project")
    return settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inbound-schedule",
        description="Schedule site-profile audits on Scrapyd and report how the jobs went.",
        epilog="Server: --url or SCRAPYD_URL; credentials: SCRAPYD_USERNAME / SCRAPYD_PASSWORD (environment only).",
    )
    parser.add_argument("--url", help=f"Scrapyd URL (default: SCRAPYD_URL, INBOUND_SCRAPYD_URL, {DEFAULT_URL})")
    parser.add_argument("--project", help=f"Scrapyd project (default: SCRAPYD_PROJECT, {DEFAULT_PROJECT})")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    commands = parser.add_subparsers(dest="command", required=True)

    schedule = commands.add_parser("schedule", help="schedule profiles now, every so often, or print a crontab line")
    schedule.add_argument("profiles", nargs="*", metavar="PROFILE", help="profile (spider) names")
    schedule.add_argument("--all", action="store_true", help="every packaged profile")
    schedule.add_argument("-a", dest="arguments", action="append", default=[], metavar="NAME=VALUE",
                          help="spider argument, e.g. -a max_pages=200 (repeatable)")  # fmt: skip
    schedule.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                          help="Scrapy setting for the job, e.g. -s DOWNLOAD_DELAY=1 (repeatable)")  # fmt: skip
    schedule.add_argument("--version", help="egg version to run (default: the latest deployed)")
    timing = schedule.add_mutually_exclusive_group()
    timing.add_argument("--every", metavar="DURATION", help="repeat every DURATION (30m, 6h, 1d) until interrupted")
    timing.add_argument("--crontab", metavar="SPEC", help="print the crontab line for SPEC ('0 3 * * *') and exit")
    schedule.add_argument("--times", type=int, help="with --every: stop after this many rounds")

    status = commands.add_parser("status", help="state of jobs: pending, running, finished or failed")
    status.add_argument("jobs", nargs="*", metavar="JOB", help="job ids (default: every job Scrapyd lists)")
    status.add_argument("--wait", action="store_true", help="wait until no job is pending or running")
    status.add_argument("--timeout", type=float, default=3600.0, help="with --wait: give up after this many seconds")
    status.add_argument("--no-runs", action="store_true", help="judge by the logs only, not the runs collection")

    status.add_argument("--schedule", metavar="ID", help="per site of a distributed schedule, across its nodes")

    distribute = commands.add_parser(
        "distribute", help="split a list of sites into shards over several Scrapyd nodes, and follow them"
    )
    distribute.add_argument("profiles", nargs="*", metavar="PROFILE", help="profiles (their start URLs) to audit")
    distribute.add_argument("--sites", metavar="FILE", help="the list of sites, as -a sites=FILE takes it")
    distribute.add_argument("--node", action="append", default=[], metavar="URL",
                            help="a Scrapyd node, http://[user:pass@]host:port/ [slots=N] (repeatable)")  # fmt: skip
    distribute.add_argument("--nodes", metavar="FILE", help="Scrapyd nodes, one a line (default INBOUND_SCRAPYD_NODES)")
    distribute.add_argument("--shard-size", type=int, default=20, metavar="N", help="sites per job (default 20)")
    distribute.add_argument("--max-retries", type=int, default=2, metavar="N",
                            help="times a shard runs again after a failure or a lost node (default 2)")  # fmt: skip
    distribute.add_argument("--id", help="the schedule's id (default: from the list, its arguments and the day)")
    distribute.add_argument("-a", dest="arguments", action="append", default=[], metavar="NAME=VALUE",
                            help="spider argument for every shard, e.g. -a max_pages=200 (repeatable)")  # fmt: skip
    distribute.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                            help="Scrapy setting for every job (repeatable)")  # fmt: skip
    distribute.add_argument("--version", help="egg version to run (default: the latest deployed)")
    distribute.add_argument("--no-follow", dest="follow", action="store_false",
                            help="place the shards and exit (run again with the same --id to follow)")  # fmt: skip
    distribute.add_argument("--poll", type=float, default=2.0, help="seconds between two looks at the nodes")
    distribute.add_argument("--timeout", type=float, default=86400.0, help="stop following after this many seconds")

    commands.add_parser("list", help="the packaged profiles, and the spiders the server has deployed")
    return parser


def emit(record: dict[str, Any], as_json: bool, text: str) -> None:
    """One line of output: the record as JSON, or ``text``."""
    print(json.dumps(record, ensure_ascii=False, default=str) if as_json else text, flush=True)


def names_holding_credentials(*pairs: Mapping[str, str]) -> list[str]:
    """Names of ``-a``/``-s`` values that are URIs with ``user:password@`` in them."""
    return [name for mapping in pairs for name, value in mapping.items() if redact_uri(value) != value]


def job_arguments(options: argparse.Namespace) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """A job's ``-a`` and ``-s`` pairs (Scrapyd's reserved names refused) and the names of those holding credentials."""
    arguments = parse_pairs(options.arguments, "-a")
    settings = parse_pairs(options.settings, "-s")
    reserved = sorted(set(arguments) & RESERVED_ARGUMENTS)
    if reserved:
        raise SchedulingError(f"-a {', '.join(reserved)}: reserved by Scrapyd's schedule.json")
    return arguments, settings, names_holding_credentials(settings, arguments)


def warn_of_credentials(names: list[str], where: str) -> None:
    if names:
        print(
            f"inbound-schedule: warning: credentials in {', '.join(names)}, which Scrapyd shows in "
            f"listjobs.json and its logs; prefer {where}",
            file=sys.stderr,
        )


def command_schedule(options: argparse.Namespace, client: ScrapydClient | None) -> int:
    profiles = select_profiles(options.profiles, options.all)
    arguments, settings, secret_names = job_arguments(options)
    if options.crontab:
        if secret_names:
            raise SchedulingError(
                f"credentials in {', '.join(secret_names)}: set them in the Scrapyd server's environment "
                "(INBOUND_MONGO_URI), never in a crontab line"
            )
        if options.url and redact_uri(options.url) != options.url:
            raise SchedulingError("--url holds credentials: use SCRAPYD_USERNAME / SCRAPYD_PASSWORD instead")
        command = this_command()
        command += ["--url", options.url] if options.url else []
        command += ["--project", options.project] if options.project else []
        command += ["schedule", *(["--all"] if options.all else profiles)]
        command += [token for name, value in arguments.items() for token in ("-a", f"{name}={value}")]
        command += [token for name, value in settings.items() for token in ("-s", f"{name}={value}")]
        command += ["--version", options.version] if options.version else []
        print("# inbound-schedule: add with `crontab -e`. Set SCRAPYD_URL, SCRAPYD_USERNAME and SCRAPYD_PASSWORD")
        print("# as crontab environment lines (or in a file only you can read), never in the command itself.")
        print(crontab_line(check_crontab_schedule(options.crontab), command))
        return 0
    assert client is not None
    warn_of_credentials(secret_names, "the Scrapyd server's environment")
    interval = parse_duration(options.every) if options.every else None
    if options.times is not None and (interval is None or options.times < 1):
        raise SchedulingError("--times needs --every and a positive count")
    rounds = 0
    started = time.monotonic()
    while True:
        for record in schedule_round(client, profiles, arguments, settings, options.version, interval is not None):
            emit(record, options.json, f"{record['spider']}\t{record['job'] or '-'}\t{record['result']}")
        rounds += 1
        if interval is None or (options.times is not None and rounds >= options.times):
            return 0
        next_round = started + rounds * interval
        time.sleep(max(0.0, next_round - time.monotonic()))


def command_status(options: argparse.Namespace, client: ScrapydClient) -> int:
    jobs = options.jobs
    if not jobs:
        listing = client.jobs()
        jobs = [entry["id"] for state in ("pending", "running", "finished") for entry in listing.get(state, [])]
    deadline = time.monotonic() + options.timeout
    runs = None if options.no_runs else RunsLookup.open(project_settings())
    try:
        while True:
            statuses = job_statuses(client, jobs, runs)
            active = [status for status in statuses if status.state in ACTIVE_STATES]
            if not (options.wait and active) or time.monotonic() > deadline:
                break
            time.sleep(1.0)
    finally:
        if runs is not None:
            runs.close()
    for status in statuses:
        reasons = "; ".join(status.reasons)
        emit(asdict(status), options.json, f"{status.job}\t{status.spider or '-'}\t{status.state}\t{reasons}".rstrip())
    if options.wait and any(status.state in ACTIVE_STATES for status in statuses):
        print("inbound-schedule: timed out waiting for jobs", file=sys.stderr)
        return 3
    return 1 if any(status.state in ("failed", "unknown") for status in statuses) else 0


def command_distribute(options: argparse.Namespace) -> int:
    from inbound_spiders.distribution import command_distribute as distribute  # it builds on this module

    arguments, settings, secret_names = job_arguments(options)
    warn_of_credentials(secret_names, "each node's environment")
    return distribute(options, project_settings(), arguments, settings)


def command_list(options: argparse.Namespace, client: ScrapydClient) -> int:
    try:
        deployed: set[str] | None = set(client.spiders())
    except SchedulingError as error:
        print(f"inbound-schedule: {error}", file=sys.stderr)
        deployed = None
    for name, profile in packaged_profiles().items():
        where = "unknown" if deployed is None else ("deployed" if name in deployed else "not deployed")
        record = {"profile": name, "start_url": profile.start_urls[0], "server": where}
        emit(record, options.json, f"{name}\t{profile.start_urls[0]}\t{where}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``inbound-schedule``; returns the exit status (1: a job failed, 2: usage or server error)."""
    options = build_parser().parse_args(argv)
    try:
        if options.command == "distribute":
            return command_distribute(options)
        if options.command == "status" and options.schedule:
            from inbound_spiders.distribution import command_schedule_status

            return command_schedule_status(options, project_settings())
        client = None
        if not (options.command == "schedule" and options.crontab):
            target = ScrapydTarget.resolve(project_settings(), url=options.url, project=options.project)
            client = ScrapydClient(target)
        if options.command == "schedule":
            return command_schedule(options, client)
        assert client is not None
        if options.command == "status":
            return command_status(options, client)
        return command_list(options, client)
    except SchedulingError as error:
        print(f"inbound-schedule: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
