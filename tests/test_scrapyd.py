"""Acceptance: the project deployed to a real Scrapyd (basic auth, 127.0.0.1) as an egg, profile audits scheduled
with ``inbound-schedule``, their findings and ``runs`` in MongoDB, and a failed job reported as failed."""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pymongo.database import Database
from scrapy.settings import Settings

from benchmarks.two_nodes import checkout
from inbound_spiders.embedded import LEASES, STATE_FILE, free_port
from inbound_spiders.identity import site_of
from inbound_spiders.localsite import LocalSite
from inbound_spiders.scheduling import (
    SchedulingError,
    ScrapydTarget,
    crontab_line,
    log_problems,
    main,
    parse_duration,
)
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import PROJECT

pytestmark = pytest.mark.timeout(240)

VENV_BIN = Path(sys.executable).parent
USERNAME = "inbound"
PROJECT_NAME = "inbound_spiders"
START_TIMEOUT_SECONDS = 30.0
JOB_TIMEOUT_SECONDS = 120.0
#: What a source checkout must hold for ``scrapyd-deploy`` to build the egg.


@dataclass
class Scrapyd:
    """A Scrapyd server started for the tests."""

    url: str
    password: str
    root: Path
    process: subprocess.Popen

    def env(self, **overrides: str) -> dict[str, str]:
        """An environment pointing the project's commands at this server, with its credentials."""
        env = {key: value for key, value in os.environ.items() if not key.startswith(("SCRAPYD_", "INBOUND_"))}
        for name in ("SCRAPY_SETTINGS_MODULE", "XDG_DATA_HOME"):
            env.pop(name, None)
        return {
            **env,
            # The user Scrapyd runs as: its jobs and the commands share one home (and data directory), nobody's real.
            "HOME": str(self.root),
            "SCRAPYD_URL": self.url,
            "SCRAPYD_USERNAME": USERNAME,
            "SCRAPYD_PASSWORD": self.password,
            **overrides,
        }

    def get(self, endpoint: str, password: str | None = None) -> dict[str, Any]:
        request = urllib.request.Request(self.url + endpoint)
        token = base64.b64encode(f"{USERNAME}:{password or self.password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


def _answers(server: Scrapyd) -> bool:
    try:
        return server.get("daemonstatus.json")["status"] == "ok"
    except (OSError, ValueError):
        return False


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    """Scrapyd from the venv, on a free port of 127.0.0.1 with basic auth, everything under a temporary folder."""
    root = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    password = secrets.token_urlsafe(16)
    (root / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"username = {USERNAME}\n"
        f"password = {password}\n"
        f"eggs_dir = {root / 'eggs'}\n"
        f"logs_dir = {root / 'logs'}\n"
        f"dbs_dir = {root / 'dbs'}\n"
        "items_dir =\n"
        "jobs_to_keep = 20\n"
        "poll_interval = 0.5\n"
        "max_proc = 2\n",
        encoding="utf-8",
    )
    server = Scrapyd(f"http://127.0.0.1:{port}/", password, root, None)  # type: ignore[arg-type]
    # The jobs inherit this environment: nothing from the suite's own settings, and not the checkout on sys.path
    # (Scrapyd runs from its folder, so the jobs import the project from the deployed egg).
    env = server.env()
    for name in ("SCRAPYD_URL", "SCRAPYD_USERNAME", "SCRAPYD_PASSWORD", "PYTHONPATH"):
        env.pop(name, None)
    # HOME (from env()) is the root: no ~/.scrapyd.conf of the developer's overrides this one.
    with (root / "scrapyd.out").open("wb") as output:
        server.process = subprocess.Popen(
            [str(VENV_BIN / "scrapyd")], cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not _answers(server):
        if server.process.poll() is not None or time.monotonic() > deadline:
            server.process.kill()
            pytest.fail(f"Scrapyd did not start:\n{(root / 'scrapyd.out').read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    yield server
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=15)


@pytest.fixture(scope="module")
def deployed(scrapyd: Scrapyd, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project deployed with ``scrapyd-deploy`` and scrapy.cfg's default target (URL and credentials from the
    environment), from a copy of the checkout so the egg build leaves the checkout alone. Returns the stored egg."""
    source = checkout(tmp_path_factory.mktemp("checkout"))
    deploy = subprocess.run(
        [str(VENV_BIN / "scrapyd-deploy"), "-p", PROJECT_NAME, "-v", "r1"],
        cwd=source, env=scrapyd.env(), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    response = json.loads(deploy.stdout)
    assert response["status"] == "ok" and response["spiders"] >= 6, response
    assert scrapyd.password not in deploy.stdout + deploy.stderr
    eggs = list((scrapyd.root / "eggs" / PROJECT_NAME).glob("*.egg"))
    assert len(eggs) == 1, eggs
    return eggs[0]


def inbound_schedule(scrapyd: Scrapyd, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the scheduling command as a user would (``python -m`` is the console script's module)."""
    return subprocess.run(
        [sys.executable, "-m", "inbound_spiders.scheduling", *arguments],
        cwd=PROJECT, env=scrapyd.env(**env), capture_output=True, text=True, timeout=JOB_TIMEOUT_SECONDS + 30,
        check=False,
    )  # fmt: skip


def job_settings(mongo_uri: str, database: str, folder: Path) -> list[str]:
    """``-s`` options of a job writing to the test MongoDB, offline, with its files in ``folder``."""
    settings = {
        "INBOUND_MONGO_URI": mongo_uri,
        "INBOUND_MONGO_DATABASE": database,
        "INBOUND_SPOOL_DIR": str(folder / "spool"),
        "INBOUND_EMBEDDED_DATA_DIR": str(folder / "embedded"),
        "INBOUND_ALLOW_PRIVATE_TARGETS": "True",  # the replica is on 127.0.0.1, which jobs may not reach by default
        "INBOUND_VIDEO_LOOKUP_ENABLED": "False",
        "INBOUND_PLATFORM_API_ENABLED": "False",
        "AUTOTHROTTLE_ENABLED": "False",
    }
    return [option for name, value in settings.items() for option in ("-s", f"{name}={value}")]


def schedule(scrapyd: Scrapyd, *arguments: str) -> str:
    """Schedule one job with ``inbound-schedule schedule`` and return its id."""
    scheduled = inbound_schedule(scrapyd, "--json", "schedule", *arguments)
    assert scheduled.returncode == 0, scheduled.stdout + scheduled.stderr
    records = [json.loads(line) for line in scheduled.stdout.splitlines()]
    assert len(records) == 1 and records[0]["result"] == "scheduled", records
    return records[0]["job"]


def wait_for(scrapyd: Scrapyd, job: str, *options: str, **env: str) -> tuple[int, dict[str, Any]]:
    """``inbound-schedule status JOB --wait``: its exit status and the job's status record."""
    status = inbound_schedule(
        scrapyd, "--json", "status", job, "--wait", "--timeout", str(JOB_TIMEOUT_SECONDS), *options, **env
    )
    records = [json.loads(line) for line in status.stdout.splitlines()]
    assert len(records) == 1, status.stdout + status.stderr
    assert scrapyd.password not in status.stdout + status.stderr
    return status.returncode, records[0]


def job_log(scrapyd: Scrapyd, job: str) -> str:
    path = scrapyd.root / "logs" / PROJECT_NAME / "hamon2017" / f"{job}.log"
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else "(no log)"


def _ids(db: Database, collection: str) -> set[str]:
    return {document["_id"] for document in db[collection].find({}, {"_id": 1})}


def test_the_deployed_egg_carries_schemas_and_profiles(scrapyd: Scrapyd, deployed: Path) -> None:
    with zipfile.ZipFile(deployed) as egg:
        names = set(egg.namelist())
    for profile in ("hamon2017", "macron2017", "fillon2017", "melenchon2017", "lepen2017"):
        assert f"inbound_spiders/profiles/{profile}.json" in names
    for schema in ("site_profile", "common", "call_to_action"):
        assert f"inbound_spiders/schemas/{schema}.schema.json" in names
    assert "inbound_spiders/profiles/__init__.py" in names

    listed = inbound_schedule(scrapyd, "--json", "list")
    assert listed.returncode == 0, listed.stderr
    servers = {record["profile"]: record["server"] for record in map(json.loads, listed.stdout.splitlines())}
    assert servers["hamon2017"] == servers["lepen2017"] == "deployed"


def test_wrong_credentials_are_refused_without_showing_them(scrapyd: Scrapyd, deployed: Path) -> None:
    refused = inbound_schedule(scrapyd, "list", SCRAPYD_PASSWORD="not-the-password")
    assert "authentication refused" in refused.stderr
    assert "not-the-password" not in refused.stdout + refused.stderr
    with pytest.raises(urllib.error.HTTPError) as raised:
        scrapyd.get("listprojects.json", password="not-the-password")
    assert raised.value.code == 401


def test_scheduled_profile_audits_store_findings_and_runs_and_reaudits_update_them(
    scrapyd: Scrapyd, deployed: Path, hamon_site: LocalSite, mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    status_env = {"INBOUND_MONGO_URI": mongo_uri, "INBOUND_MONGO_DATABASE": mongo_db.name}
    arguments = ("hamon2017", "-a", f"url={hamon_site.url}", *job_settings(mongo_uri, mongo_db.name, tmp_path))

    first = schedule(scrapyd, *arguments)
    returncode, status = wait_for(scrapyd, first, **status_env)
    assert (returncode, status["state"]) == (0, "finished"), f"{status}\n{job_log(scrapyd, first)[-4000:]}"
    counts = {kind: mongo_db[collection].count_documents({}) for kind, collection in COLLECTION_BY_KIND.items()}
    assert all(counts.values()), counts
    run = mongo_db.runs.find_one({"scrapyd_job": first})
    assert run is not None and status["run_id"] == run["_id"]
    assert (run["spider"], run["status"], run["arguments"]) == ("hamon2017", "finished", {"url": hamon_site.url})
    ids = {kind: _ids(mongo_db, collection) for kind, collection in COLLECTION_BY_KIND.items()}

    second = schedule(scrapyd, *arguments)
    returncode, status = wait_for(scrapyd, second, **status_env)
    assert (returncode, status["state"]) == (0, "finished"), f"{status}\n{job_log(scrapyd, second)[-4000:]}"
    runs = {document["scrapyd_job"]: document for document in mongo_db.runs.find()}
    assert set(runs) == {first, second}
    assert runs[second]["status"] == "finished" and runs[second]["_id"] != runs[first]["_id"]
    for kind, collection in COLLECTION_BY_KIND.items():
        assert _ids(mongo_db, collection) == ids[kind], f"{kind}: the re-audit made new documents"
    for document in mongo_db.calls_to_action.find():
        assert document["run_id"] == runs[second]["_id"] and document["first_run_id"] == runs[first]["_id"]
        assert document["last_seen"] > document["first_seen"]

    # Scrapyd itself calls both jobs "finished"; the status command agrees only because their logs and runs do.
    finished = {job["id"] for job in scrapyd.get(f"listjobs.json?project={PROJECT_NAME}")["finished"]}
    assert {first, second} <= finished


def test_a_job_on_the_embedded_store_is_seen_from_the_project_directory(
    scrapyd: Scrapyd, deployed: Path, hamon_site: LocalSite
) -> None:
    """No INBOUND_MONGO_URI anywhere: the job, run by Scrapyd from its own folder, writes to the embedded store in the
    user's data directory, and ``inbound-schedule status`` and ``inbound-report``, run from the project directory as
    the same user, read it there."""
    settings = {
        "INBOUND_ALLOW_PRIVATE_TARGETS": "True",
        "INBOUND_VIDEO_LOOKUP_ENABLED": "False",
        "INBOUND_PLATFORM_API_ENABLED": "False",
        "AUTOTHROTTLE_ENABLED": "False",
    }
    options = [option for name, value in settings.items() for option in ("-s", f"{name}={value}")]
    job = schedule(scrapyd, "hamon2017", "-a", f"url={hamon_site.url}", "-a", "max_pages=8", *options)
    returncode, status = wait_for(scrapyd, job)
    assert (returncode, status["state"]) == (0, "finished"), f"{status}\n{job_log(scrapyd, job)[-4000:]}"
    assert status["run_id"] and not status["reasons"], status

    report = subprocess.run(
        [sys.executable, "-m", "inbound_spiders.report.cli", "json", "--site", site_of(hamon_site.url)],
        cwd=PROJECT, env=scrapyd.env(), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert report.returncode == 0, report.stderr[-3000:]
    (audited,) = json.loads(report.stdout)["sites"]
    assert audited["latest"]["run_id"] == status["run_id"] and audited["latest"]["finish_reason"] == "finished"

    # Where the store lives: the user's data directory (HOME is Scrapyd's root here), not Scrapyd's working directory.
    store = scrapyd.root / ".local" / "share" / "inbound_spiders" / "mongo"
    assert (store / "db").is_dir() and not (scrapyd.root / "var").exists()
    assert f"data in {store}" in job_log(scrapyd, job)
    assert not (store / STATE_FILE).exists() and list((store / LEASES).iterdir()) == [], "the last user stopped it"


def test_a_job_with_a_broken_argument_is_reported_failed(
    scrapyd: Scrapyd, deployed: Path, hamon_site: LocalSite, mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    job = schedule(
        scrapyd,
        "hamon2017", "-a", f"url={hamon_site.url}", "-a", "max_pages=lots",
        *job_settings(mongo_uri, mongo_db.name, tmp_path),
    )  # fmt: skip
    returncode, status = wait_for(scrapyd, job, INBOUND_MONGO_URI=mongo_uri, INBOUND_MONGO_DATABASE=mongo_db.name)
    assert (returncode, status["state"]) == (1, "failed"), status
    reasons = " | ".join(status["reasons"])
    assert "runs: no document for this job" in reasons and "max_pages" in reasons, reasons
    assert job in {entry["id"] for entry in scrapyd.get(f"listjobs.json?project={PROJECT_NAME}")["finished"]}
    # `scrapy crawl` checked the arguments first: one line naming the bad one, no traceback.
    assert "ERROR: [args] hamon2017: -a max_pages='lots': expected a positive integer" in job_log(scrapyd, job)
    assert "Traceback" not in job_log(scrapyd, job)
    # A render mode is checked up front too: one line, no traceback.
    spider_failure = schedule(
        scrapyd, "hamon2017", "-a", f"url={hamon_site.url}", "-a", "render=sometimes",
        *job_settings(mongo_uri, mongo_db.name, tmp_path),
    )  # fmt: skip
    returncode, status = wait_for(
        scrapyd, spider_failure, INBOUND_MONGO_URI=mongo_uri, INBOUND_MONGO_DATABASE=mongo_db.name
    )
    assert (returncode, status["state"]) == (1, "failed"), status
    log = job_log(scrapyd, spider_failure)
    assert "ERROR: [args] hamon2017: -a render='sometimes': expected one of never, always, auto" in log
    assert "Traceback" not in log

    # Judged by its log alone (no runs collection), it is failed all the same.
    returncode, status = wait_for(scrapyd, job, "--no-runs")
    assert (returncode, status["state"]) == (1, "failed") and all(r.startswith("log:") for r in status["reasons"])


def test_a_schedule_repeats_at_its_interval(scrapyd: Scrapyd, deployed: Path) -> None:
    started = time.monotonic()
    # A job that fails at once (no crawl): this test is about the rounds, not the audits.
    repeated = inbound_schedule(
        scrapyd, "--json", "schedule", "lepen2017", "-a", "max_pages=lots", "--every", "10s", "--times", "2"
    )
    assert repeated.returncode == 0, repeated.stderr
    rounds = [json.loads(line) for line in repeated.stdout.splitlines()]
    assert [record["spider"] for record in rounds] == ["lepen2017", "lepen2017"]
    assert rounds[0]["result"] == "scheduled" and rounds[0]["job"]
    # The second round schedules again, unless the first job has not ended yet (no overlapping audits of a site).
    assert rounds[1]["result"] == "scheduled" or rounds[1]["result"].startswith("skipped")
    assert time.monotonic() - started >= 10


# ------------------------------------------------------------------------------------- the command's pure parts


def test_scrapyd_target_comes_from_the_environment_and_hides_the_password() -> None:
    target = ScrapydTarget.resolve(
        Settings({"INBOUND_SCRAPYD_URL": "http://scrapyd.example:6800", "INBOUND_SCRAPYD_PROJECT": "p"}),
        environ={"SCRAPYD_USERNAME": "ops", "SCRAPYD_PASSWORD": "s3cret"},
    )
    assert (target.url, target.project, target.username, target.password) == (
        "http://scrapyd.example:6800/", "p", "ops", "s3cret",
    )  # fmt: skip
    assert "s3cret" not in repr(target)
    from_url = ScrapydTarget.resolve(Settings(), environ={"SCRAPYD_URL": "https://ops:pw@jobs.example/scrapyd"})
    assert (from_url.url, from_url.username, from_url.password) == ("https://jobs.example/scrapyd/", "ops", "pw")
    assert ScrapydTarget.resolve(Settings(), environ={}).url == "http://127.0.0.1:6800/"


def test_crontab_line_and_durations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--all", "-a", "max_pages=100", "--crontab", "0  3 * * *"]) == 0
    line = capsys.readouterr().out.splitlines()[-1]
    assert line.startswith("0 3 * * * ") and line.endswith(" schedule --all -a max_pages=100")
    assert crontab_line("@daily", ["x", "-s", "LOG FILE=/tmp/%d.log"]) == "@daily x -s 'LOG FILE=/tmp/\\%d.log'"
    assert main(["schedule", "hamon2017", "--crontab", "every day"]) == 2
    secret = "INBOUND_MONGO_URI=mongodb://u:hunter2@db/"
    assert main(["schedule", "hamon2017", "-s", secret, "--crontab", "@daily"]) == 2
    assert "credentials in INBOUND_MONGO_URI" in capsys.readouterr().err
    assert main(["schedule", "nobody2017", "--crontab", "@daily"]) == 2
    assert [parse_duration(text) for text in ("90", "30m", "6h", "1d")] == [90, 1800, 21600, 86400]
    with pytest.raises(SchedulingError):
        parse_duration("soon")


def test_log_problems_read_scrapy_logs() -> None:
    fine = "2017-02-20 10:00:00 [scrapy.core.engine] INFO: Spider closed (finished)\n"
    assert log_problems(fine) == []
    crashed = (
        "2017-02-20 10:00:00 [scrapy.utils.log] INFO: Scrapy started\n"
        "2017-02-20 10:00:01 [asyncio] ERROR: Task exception was never retrieved\n"
        "Traceback (most recent call last):\n"
        '  File "base.py", line 1, in <module>\n'
        "    raise SpiderArgumentError(...)\n"
        "inbound_spiders.spiders.base.SpiderArgumentError: -a max_pages='lots': expected a positive integer\n"
    )
    problems = log_problems(crashed)
    assert problems[0] == (
        "log: exception inbound_spiders.spiders.base.SpiderArgumentError: -a max_pages='lots': expected a positive "
        "integer"
    )
    assert "log: the spider never closed" in problems
    assert log_problems("2017-02-20 10:00:00 [scrapy.core.engine] INFO: Spider closed (shutdown)\n") == [
        "log: spider closed (shutdown)"
    ]
