"""Acceptance: several machines (issue 15). Two Scrapyd nodes on loopback sharing one MongoDB, six local sites split
into shards of two by ``inbound-schedule distribute``; one node is killed (SIGKILL to Scrapyd and its crawls) while
its shard is half done. Every site ends up audited exactly once in ``site_audits``, the shard runs again on the other
node without crawling again the site it had audited, ``status --schedule`` shows it, and a shard crawled twice
leaves the same documents. ``python -m benchmarks.two_nodes`` is the same scenario at 40 sites."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import pytest
from pymongo.database import Database
from scrapy.settings import Settings

from benchmarks.two_nodes import checkout
from inbound_spiders import distribution
from inbound_spiders.config import InboundConfig
from inbound_spiders.distribution import (
    SCHEDULES,
    Distribution,
    make_shards,
    resolve_nodes,
    shard_arguments,
    site_statuses,
)
from inbound_spiders.embedded import free_port
from inbound_spiders.scheduling import ScrapydClient
from inbound_spiders.site_crawls import site_run_ids
from inbound_spiders.site_list import site_list
from inbound_spiders.store import COLLECTION_BY_KIND, RUNS, SITE_AUDITS, MongoStore
from tests.conftest import PROJECT
from tests.support.sites import RecordingSite, write_site
from tests.test_scrapyd import PROJECT_NAME, USERNAME, VENV_BIN, Scrapyd, _answers

pytestmark = pytest.mark.timeout(180)

SITES = 6
PAGES = 8
#: Each answer comes this late and one request at a time per site: a shard's crawl lasts seconds, long enough to
#: kill its node in the middle of it.
DELAY_SECONDS = 0.4
SCHEDULE = "nodes-test"


def start_node(root: Path) -> Scrapyd:
    """A Scrapyd node on a free port of 127.0.0.1, basic auth, one job at a time, in its own session (so that
    killing the session kills the node and the crawls it started)."""
    root.mkdir(parents=True)
    port = free_port()
    password = secrets.token_urlsafe(12)
    (root / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\nusername = {USERNAME}\npassword = {password}\n"
        f"eggs_dir = {root / 'eggs'}\nlogs_dir = {root / 'logs'}\ndbs_dir = {root / 'dbs'}\nitems_dir =\n"
        "poll_interval = 0.5\nmax_proc = 1\n",
        encoding="utf-8",
    )
    node = Scrapyd(f"http://127.0.0.1:{port}/", password, root, None)  # type: ignore[arg-type]
    env = node.env()
    for name in ("SCRAPYD_URL", "SCRAPYD_USERNAME", "SCRAPYD_PASSWORD", "PYTHONPATH"):
        env.pop(name, None)
    with (root / "scrapyd.out").open("wb") as output:
        node.process = subprocess.Popen(
            [str(VENV_BIN / "scrapyd")], cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    return node


def stop_node(node: Scrapyd) -> None:
    """Kill the node and the crawls it started (SIGKILL to its session)."""
    with suppress(ProcessLookupError):
        os.killpg(node.process.pid, signal.SIGKILL)
    node.process.wait(timeout=15)


def deploy_to(node: Scrapyd, source: Path) -> None:
    """``scrapyd-deploy`` with scrapy.cfg's default target, the node's URL and credentials from the environment."""
    deploy = subprocess.run(
        [str(VENV_BIN / "scrapyd-deploy"), "-p", PROJECT_NAME, "-v", "r1"],
        cwd=source, env=node.env(), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert deploy.returncode == 0 and json.loads(deploy.stdout)["status"] == "ok", deploy.stdout + deploy.stderr


def wait_until_up(node: Scrapyd) -> None:
    deadline = time.monotonic() + 30
    while not _answers(node):
        log = (node.root / "scrapyd.out").read_text(errors="replace")[-3000:]
        assert node.process.poll() is None and time.monotonic() < deadline, log
        time.sleep(0.2)


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Scrapyd]]:
    """Two nodes, the project deployed to each with ``scrapyd-deploy`` (one target per node)."""
    root = tmp_path_factory.mktemp("nodes")
    started = [start_node(root / "a"), start_node(root / "b")]
    try:
        for node in started:
            wait_until_up(node)
        source = checkout(root / "checkout")
        for node in started:
            deploy_to(node, source)
        yield started
    finally:
        for node in started:
            stop_node(node)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[RecordingSite]]:
    root = tmp_path_factory.mktemp("node_sites")
    with ExitStack() as stack:
        yield [
            stack.enter_context(
                RecordingSite(write_site(root / f"site{n}", PAGES), host=f"127.0.0.{n + 2}", delay=DELAY_SECONDS)
            )
            for n in range(SITES)
        ]


def job_options(mongo_uri: str, database: str, folder: Path) -> list[str]:
    settings = {
        "INBOUND_MONGO_URI": mongo_uri,
        "INBOUND_MONGO_DATABASE": database,
        "INBOUND_SPOOL_DIR": str(folder / "spool"),
        "INBOUND_EMBEDDED_DATA_DIR": str(folder / "embedded"),
        "INBOUND_ALLOW_PRIVATE_TARGETS": "True",
        "INBOUND_VIDEO_LOOKUP_ENABLED": "False",
        "INBOUND_PLATFORM_API_ENABLED": "False",
        "INBOUND_RENDER_MODE": "never",
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
        # A shard's sites one after the other: a shard is half done for seconds, long enough to kill its node then.
        "INBOUND_CONCURRENT_SITES": "1",
    }
    return [option for name, value in settings.items() for option in ("-s", f"{name}={value}")]


def documents(db: Database) -> dict[str, set[str]]:
    collections = [SITE_AUDITS, RUNS, *COLLECTION_BY_KIND.values()]
    return {name: {document["_id"] for document in db[name].find({}, {"_id": 1})} for name in collections}


def schedule_command(env: dict[str, str], *arguments: str, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "inbound_spiders.scheduling", *arguments],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen,
    )  # fmt: skip


def test_shards_over_two_nodes_survive_a_node_going_away(
    nodes: list[Scrapyd], sites: list[RecordingSite], mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    first, second = nodes
    sites_file = tmp_path / "sites.txt"
    sites_file.write_text("".join(f"{site.url}\n" for site in sites), encoding="utf-8")
    # Node a's credentials in its URL, node b's from the environment (SCRAPYD_USERNAME / SCRAPYD_PASSWORD).
    with_userinfo = first.url.replace("http://", f"http://{USERNAME}:{first.password}@")
    env = {
        **second.env(),
        "INBOUND_MONGO_URI": mongo_uri,
        "INBOUND_MONGO_DATABASE": mongo_db.name,
    }
    env.pop("SCRAPYD_URL")
    started = time.monotonic()
    distribute = schedule_command(
        env, "--json", "distribute", "--sites", str(sites_file), "--node", with_userinfo, "--node", second.url,
        "--shard-size", "2", "--max-retries", "2", "--id", SCHEDULE, "--poll", "0.5", "--timeout", "120",
        "-a", "max_pages=20", *job_options(mongo_uri, mongo_db.name, tmp_path),
    )  # fmt: skip

    # Wait until a shard of node a is half done (its first site audited, not its second), then kill node a: SIGKILL
    # to Scrapyd and its crawl.
    victim = None
    deadline = time.monotonic() + 90
    while victim is None:
        assert distribute.poll() is None and time.monotonic() < deadline, distribute.communicate()
        for shard in mongo_db[SCHEDULES].find({"kind": "shard", "node": first.url, "state": "running"}):
            if mongo_db[SITE_AUDITS].count_documents({"_id": {"$in": site_run_ids(shard["_id"], 2)}}) == 1:
                victim = shard
        time.sleep(0.1)
    before_kill = {document["_id"] for document in mongo_db[SITE_AUDITS].find({}, {"_id": 1})}
    stop_node(first)

    stdout, stderr = distribute.communicate(timeout=150)
    elapsed = time.monotonic() - started
    assert distribute.returncode == 0, stdout + stderr
    assert first.password not in stdout + stderr and second.password not in stdout + stderr
    events = [json.loads(line) for line in stdout.splitlines()]
    assert events[0] == {"schedule": SCHEDULE, "sites": SITES, "shards": SITES // 2, "nodes": [first.url, second.url]}
    retried = {event["shard"] for event in events if event.get("event") == "retry"}
    assert victim["_id"] in retried, events
    done = {event["shard"]: event["node"] for event in events if event.get("event") == "done"}
    assert len(done) == SITES // 2 and done[victim["_id"]] == second.url, events

    audited = [document["site"] for document in mongo_db[SITE_AUDITS].find({}, {"site": 1})]
    expected = sorted(site_list({"sites": str(sites_file)}), key=lambda entry: entry.site)
    assert sorted(audited) == [entry.site for entry in expected], "every site audited exactly once"

    # Status, from another process: per site, its node, job, state and retries.
    status = subprocess.run(
        [sys.executable, "-m", "inbound_spiders.scheduling", "--json", "status", "--schedule", SCHEDULE],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert status.returncode == 0, status.stdout + status.stderr
    records = {record["site"]: record for record in map(json.loads, status.stdout.splitlines())}
    assert set(records) == set(audited) and {record["state"] for record in records.values()} == {"done"}
    moved = [record for record in records.values() if record["shard"] == victim["_id"]]
    assert len(moved) == 2
    for record in moved:
        assert record["node"] == second.url and record["retries"] >= 1, record
        assert record["attempts"][0] == {"node": first.url, "job": victim["job"], "outcome": "lost"}, record
        assert record["attempts"][-1]["outcome"] == "done" and record["attempts"][-1]["node"] == second.url
    text = subprocess.run(
        [sys.executable, "-m", "inbound_spiders.scheduling", "status", "--schedule", SCHEDULE],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60, check=False,
    ).stdout  # fmt: skip
    assert f"lost on {first.url}, done on {second.url}" in text and first.password not in text

    # The shard ran again on node b without crawling again its first site, audited before the kill; its second site,
    # half-crawled then, was crawled again under the same run id.
    run = mongo_db[RUNS].find_one({"_id": victim["_id"]})
    assert (run["status"], run["sites_done"], run["sites_resumed"]) == ("finished", 2, 1), run
    resumed = [entry for entry in run["sites"] if entry.get("resumed")]
    assert [entry["run_id"] for entry in resumed] == sorted(before_kill & set(site_run_ids(victim["_id"], 2)))

    # A shard crawled twice leaves the same documents: its site audits removed (so that it crawls its sites again),
    # run once more, on node b.
    before = documents(mongo_db)
    mongo_db[SITE_AUDITS].delete_many({"_id": {"$in": site_run_ids(victim["_id"], 2)}})
    shard = mongo_db[SCHEDULES].find_one({"_id": victim["_id"]})
    (node_b,) = resolve_nodes([second.url], None, Settings(), environ=second.env())
    client = ScrapydClient(node_b.target)
    options = job_options(mongo_uri, mongo_db.name, tmp_path)
    job = client.schedule("audit", shard_arguments(shard, {}), dict(pair.split("=", 1) for pair in options[1::2]))
    deadline = time.monotonic() + 60
    while job not in {entry["id"] for entry in client.jobs()["finished"]}:
        assert time.monotonic() < deadline, "the shard's second run did not end"
        time.sleep(0.5)
    again = mongo_db[RUNS].find_one({"_id": victim["_id"]})
    assert (again["scrapyd_job"], again["status"], again["sites_resumed"]) == (job, "finished", 0), again
    assert documents(mongo_db) == before
    assert mongo_db[SITE_AUDITS].count_documents({}) == SITES
    print(f"two nodes, {SITES} sites, a node killed with its shard half done: followed in {elapsed:.1f} s")


def test_a_shard_whose_job_failed_runs_again_on_another_node(
    nodes: list[Scrapyd], sites: list[RecordingSite], mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    """A node with a broken deploy (its audit spider cannot be built): the shard placed on it first (equally loaded,
    it is given first) fails there, as its runs document says, and is done on the other node."""
    survivor = nodes[1]
    broken = start_node(tmp_path / "broken")
    try:
        source = checkout(tmp_path / "checkout")
        spider = source / "inbound_spiders" / "spiders" / "audit.py"
        spider.write_text(
            spider.read_text(encoding="utf-8")
            + "\n    def __init__(self, *args, **kwargs):\n        raise RuntimeError('this node is broken')\n",
            encoding="utf-8",
        )
        wait_until_up(broken)
        deploy_to(broken, source)
        listing = tmp_path / "two.txt"
        listing.write_text(f"{sites[0].url}\n{sites[1].url}\n", encoding="utf-8")
        env = {**survivor.env(), "INBOUND_MONGO_URI": mongo_uri, "INBOUND_MONGO_DATABASE": mongo_db.name}
        env.pop("SCRAPYD_URL")
        with_userinfo = broken.url.replace("http://", f"http://{USERNAME}:{broken.password}@")
        distribute = schedule_command(
            env, "--json", "distribute", "--sites", str(listing), "--node", with_userinfo, "--node", survivor.url,
            "--shard-size", "2", "--max-retries", "1", "--poll", "0.5", "--timeout", "90",
            "-a", "max_pages=3", *job_options(mongo_uri, mongo_db.name, tmp_path),
        )  # fmt: skip
        stdout, stderr = distribute.communicate(timeout=120)
    finally:
        stop_node(broken)
    assert distribute.returncode == 0, stdout + stderr
    events = [json.loads(line) for line in stdout.splitlines()][1:]
    assert [(event["event"], event["node"]) for event in events] == [
        ("scheduled", broken.url), ("retry", broken.url), ("scheduled", survivor.url), ("done", survivor.url),
    ], events  # fmt: skip
    assert "runs: " in events[1]["reasons"][0] and "failed" in events[1]["reasons"][0], events[1]
    assert any("this node is broken" in reason for reason in events[1]["reasons"]), events[1]
    (shard,) = mongo_db[SCHEDULES].find({"kind": "shard"})
    assert [attempt["outcome"] for attempt in shard["attempts"]] == ["failed", "done"]
    assert (shard["state"], shard["node"], shard["retries"]) == ("done", survivor.url, 1)
    assert mongo_db[SITE_AUDITS].count_documents({}) == 2


def test_nodes_come_from_options_a_file_or_the_setting(tmp_path: Path) -> None:
    environ = {"SCRAPYD_USERNAME": "ops", "SCRAPYD_PASSWORD": "s3cret"}
    nodes_file = tmp_path / "nodes.txt"
    nodes_file.write_text("# our nodes\nhttp://a.example:6800/ slots=4\n\nhttps://u:p@b.example/scrapyd\n")
    c, a, b = resolve_nodes(["c.example:6800"], str(nodes_file), Settings(), environ=environ)
    assert (a.url, b.url, c.url) == ("http://a.example:6800/", "https://b.example/scrapyd/", "http://c.example:6800/")
    assert (a.slots, a.target.username, a.target.password) == (4, "ops", "s3cret")
    assert (b.target.username, b.target.password) == ("u", "p") and "p@" not in repr(b)
    configured = resolve_nodes([], None, Settings({"INBOUND_SCRAPYD_NODES": "http://x:1/, http://y:2/"}), environ={})
    assert [node.url for node in configured] == ["http://x:1/", "http://y:2/"]


def test_shards_keep_bounds_and_ids(tmp_path: Path) -> None:
    listing = tmp_path / "sites.csv"
    listing.write_text("url,max_pages\nhttps://a.org/,\nhttps://b.org/,5\nhttps://c.org/,\nhttps://d.org/,\n")
    entries = site_list({"sites": str(listing), "max_pages": "50"})
    shards = make_shards(entries, 2, "s")
    assert [[site["site"] for site in shard["sites"]] for shard in shards] == [["a.org", "c.org"], ["d.org"], ["b.org"]]
    assert [shard["_id"] for shard in shards] == ["s-s000", "s-s001", "s-s002"]
    assert shard_arguments(shards[2], {"max_pages": "50", "render": "never"}) == {
        "render": "never", "url": "https://b.org/", "max_pages": "5", "max_depth": "6", "_run_id": "s-s002",
    }  # fmt: skip


def test_a_node_refusing_or_hanging_is_lost_and_its_abandoned_run_closed(
    mongo_uri: str, mongo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A node that refuses connections (killed) or accepts them and never answers (hung: ``listjobs.json`` and
    ``daemonstatus.json`` time out) is lost after two polls; its shard waits for another node, and the ``runs``
    document its killed job left ``running`` is closed as ``failed`` (finish reason ``lost``) — but not the document
    another attempt of the shard has rewritten since."""
    monkeypatch.setattr(distribution, "NODE_TIMEOUT_SECONDS", 2.0)
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)  # the system accepts connections; nobody ever reads or answers
        refused = f"http://127.0.0.1:{free_port()}/"
        nodes = resolve_nodes([refused, f"http://127.0.0.1:{hung.getsockname()[1]}/"], None, Settings(), environ={})
        entries = site_list({"url": "https://a.org/,https://b.org/"})
        shards = make_shards(entries, 1, "lost")
        for shard, node, job in zip(shards, nodes, ("job-a", "job-b"), strict=True):
            shard.update(state="running", node=node.url, job=job)
        mongo_db[RUNS].insert_many(
            [
                {"_id": shards[0]["_id"], "scrapyd_job": "job-a", "status": "running"},  # its process was killed
                {"_id": shards[1]["_id"], "scrapyd_job": "job-c", "status": "running"},  # another attempt's since
            ]
        )
        store = MongoStore(InboundConfig(mongo_uri=mongo_uri, mongo_database=mongo_db.name)).open()
        try:
            following = Distribution(store, nodes, "lost", shards, {}, {}, max_retries=2)
            started = time.monotonic()
            following.step()
            assert [shard["state"] for shard in shards] == ["running", "running"]  # one silent poll: not yet
            following.step()
            elapsed = time.monotonic() - started  # two polls of the hung node, not a third for its load
            # Both shards wait for a node; the lost nodes are not asked for their load again (a hung node would
            # cost its timeout at each placement) until LOST_NODE_RECHECK_SECONDS have passed.
            again = time.monotonic()
            following.step()
            assert time.monotonic() - again < 1.5
        finally:
            store.close()
    assert [shard["state"] for shard in shards] == ["waiting", "waiting"], following.events
    assert [shard["attempts"][0]["outcome"] for shard in shards] == ["lost", "lost"]
    assert elapsed < 6, "a hung node costs its timeouts, not the default HTTP timeout"
    assert [event["event"] for event in following.events] == ["retry", "retry"]
    closed, rewritten = (mongo_db[RUNS].find_one({"_id": shard["_id"]}) for shard in shards)
    assert (closed["status"], closed["finish_reason"]) == ("failed", "lost")
    assert "went away" in closed["abandoned"]
    assert rewritten["status"] == "running"

    # Status: a site whose site audit is written is done, even while its shard waits to run again.
    mongo_db[SITE_AUDITS].insert_one({"_id": site_run_ids(shards[0]["_id"], 1)[0], "site": "a.org"})
    with MongoStore(InboundConfig(mongo_uri=mongo_uri, mongo_database=mongo_db.name)).open() as reader:
        records = site_statuses(reader, "lost")
    assert [(record["site"], record["state"]) for record in records] == [("a.org", "done"), ("b.org", "waiting")]
