"""One crawl, many sites (issue 15): ``scrapy crawl audit -a sites=FILE`` over four local sites on distinct loopback
hosts — one refusing connections, one with its own ``max_pages`` in the CSV, one slow — judged by what each server
was asked for, the list's ``runs`` document and the ``site_audits`` written while the list still ran. The list runs in
one process here (``-a workers=1``); tests/test_list_workers.py spreads lists over worker processes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pymongo
import pytest
from pymongo.database import Database

from inbound_spiders.site_crawls import site_feed_uri, site_run_ids
from tests.conftest import CrawlResult, crawl_env, run_crawl
from tests.support.sites import RecordingSite, write_site

DEFAULT_MAX_PAGES = 12
CSV_MAX_PAGES = 5
SMALL_SITE_PAGES = 8
# Each answer of the last site comes this late: its crawl lasts seconds, so its pages are stamped (to the second)
# after the audits of the sites done before it started.
SLOW_SECONDS = 0.5
SETTINGS = {
    "INBOUND_RENDER_MODE": "never",
    # Two sites at a time: the third and fourth wait for a place, so the last starts after two sites ended.
    "INBOUND_CONCURRENT_SITES": "2",
    "INBOUND_PROGRESS_INTERVAL": "1",
}


def refused_port(host: str) -> int:
    """A port on ``host`` nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory, mongo_uri: str) -> Iterator[dict[str, Any]]:
    """The list crawled once: its log, each site's requests, and the database it wrote to."""
    root = tmp_path_factory.mktemp("many_sites")
    database = "many_sites"
    with ExitStack() as stack:
        big = stack.enter_context(RecordingSite(write_site(root / "big", 30), host="127.0.0.2"))
        capped = stack.enter_context(RecordingSite(write_site(root / "capped", 20), host="127.0.0.3"))
        dead_url = f"http://127.0.0.4:{refused_port('127.0.0.4')}/"
        slow = stack.enter_context(
            RecordingSite(write_site(root / "slow", SMALL_SITE_PAGES), host="127.0.0.5", delay=SLOW_SECONDS)
        )
        sites_file = root / "sites.csv"
        sites_file.write_text(
            "url,name,max_pages\n"
            f"{big.url},Big site,\n"
            f"{capped.url},,{CSV_MAX_PAGES}\n"
            f"{dead_url},Dead site,\n"
            f"{slow.url},Slow site,\n",
            encoding="utf-8",
        )
        result = run_crawl(
            "audit", f"sites={sites_file}", f"max_pages={DEFAULT_MAX_PAGES}", "workers=1",
            mongo_uri=mongo_uri, database=database, settings=SETTINGS, tmp_path=root, timeout=240,
        )  # fmt: skip
        sites = {"big": big, "capped": capped, "slow": slow}
        paths = {name: [path for path in site.paths if path != "/robots.txt"] for name, site in sites.items()}
        urls = {name: site.url for name, site in sites.items()} | {"dead": dead_url}
    client: pymongo.MongoClient = pymongo.MongoClient(mongo_uri, tz_aware=True)
    yield {"result": result, "paths": paths, "urls": urls, "db": client[database]}
    client.drop_database(database)
    client.close()


def site_entries(db: Database) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    runs = list(db.runs.find())
    assert len(runs) == 1, [run["_id"] for run in runs]  # one runs document for the whole list
    return runs[0], {entry["url"]: entry for entry in runs[0]["sites"]}


def test_each_site_keeps_its_own_page_budget(listed: dict[str, Any]) -> None:
    result: CrawlResult = listed["result"]
    paths, urls = listed["paths"], listed["urls"]
    # -a max_pages for the big site, the CSV's own for the capped one; the small site has fewer pages than either.
    assert len(paths["big"]) == DEFAULT_MAX_PAGES, (paths["big"], result.log[-3000:])
    assert len(paths["capped"]) == CSV_MAX_PAGES, paths["capped"]
    assert len(paths["slow"]) == SMALL_SITE_PAGES + 1, paths["slow"]  # every article, and /donate/
    _, entries = site_entries(listed["db"])
    assert entries[urls["big"]]["pages"] == DEFAULT_MAX_PAGES
    assert entries[urls["capped"]]["pages"] == CSV_MAX_PAGES
    assert entries[urls["slow"]]["pages"] == SMALL_SITE_PAGES + 1
    assert (entries[urls["big"]]["max_pages"], entries[urls["capped"]]["max_pages"]) == (DEFAULT_MAX_PAGES, 5)


def test_the_failed_site_is_reported_and_the_others_are_audited(listed: dict[str, Any]) -> None:
    db, urls = listed["db"], listed["urls"]
    run, entries = site_entries(db)
    dead = entries[urls["dead"]]
    assert dead["status"] == "failed", dead
    assert "robots.txt" in dead["reason"] and "ConnectionRefused" in dead["reason"], dead
    assert dead["pages"] == 0 and not dead["audited"]
    assert db.site_audits.count_documents({"_id": dead["run_id"]}) == 0
    for name in ("big", "capped", "slow"):
        entry = entries[urls[name]]
        assert (entry["status"], entry["reason"], entry["audited"]) == ("done", None, True), entry
        audit = db.site_audits.find_one({"_id": entry["run_id"]})
        assert audit is not None and audit["site"] == entry["site"], entry
        # The site's findings carry its own run id: the audit judged this site alone.
        assert db.calls_to_action.count_documents({"run_id": entry["run_id"], "site": entry["site"]}) > 0
        assert db.calls_to_action.count_documents({"run_id": entry["run_id"], "site": {"$ne": entry["site"]}}) == 0
    assert db.site_audits.find_one({"_id": entries[urls["big"]]["run_id"]})["site_name"] == "Big site"
    assert (run["status"], run["sites_total"], run["sites_done"], run["sites_failed"]) == ("finished", 4, 3, 1)
    assert sorted(run["site"]) == sorted(entry["site"] for entry in entries.values())


def test_each_site_is_audited_when_its_own_crawl_is_done(listed: dict[str, Any]) -> None:
    db, urls = listed["db"], listed["urls"]
    run, entries = site_entries(db)
    audits = {name: db.site_audits.find_one({"_id": entries[urls[name]]["run_id"]}) for name in ("big", "capped")}
    slow = entries[urls["slow"]]
    # Each page has share buttons of its own: the latest share widget is from the site's last pages.
    last_page = max(document["crawled_at"] for document in db.share_widgets.find({"run_id": slow["run_id"]}))
    # The slow site started after two sites ended (two at a time), so after the big or the capped site's audit;
    # its last page came later still, and the list's run ended after that.
    first_audit = min(audit["audited_at"] for audit in audits.values())
    assert first_audit < last_page <= run["finished_at"], (first_audit, last_page, run["finished_at"])
    for name, audit in audits.items():
        assert audit["audited_at"] <= entries[urls[name]]["finished_at"] < run["finished_at"], name


def test_progress_counts_the_sites_of_the_list(listed: dict[str, Any]) -> None:
    log = listed["result"].log
    # When the first site is done (the big or the capped one), the other still runs and two wait.
    assert "sites: 1 done (0 failed), 1 in progress, 2 waiting, of 4;" in log, log[-3000:]
    assert "(done) sites: 4 done (1 failed), 0 in progress, 0 waiting, of 4;" in log, log[-3000:]
    assert ": 3 of 4 sites audited, 1 failed" in log, log[-3000:]
    assert "Traceback" not in log, log[-5000:]
    # Each site's crawler leaves its runs document to the list's, as expected: no warning per site.
    assert "Disabled inbound_spiders.extensions.RunRecorder" not in log, log[-5000:]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "no such file"),
        ("\n# nothing yet\n", "the file is empty"),
        ("https://example.org/\nhttps://example.net/\nnot a url\n", "line 3: url='not a url'"),
        ("url,max_pages\nhttps://example.org/,lots\n", "line 2: max_pages='lots': expected a positive integer"),
    ],
)
def test_a_bad_sites_file_is_one_line_and_exit_code_2(content: str | None, says: str, tmp_path: Path) -> None:
    sites_file = tmp_path / "sites.txt"
    if content is not None:
        sites_file.write_text(content, encoding="utf-8")
    crawl = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "audit", "-a", f"sites={sites_file}"],
        cwd=tmp_path, env=crawl_env(tmp_path), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert crawl.returncode == 2, crawl.stderr[-2000:]
    lines = [line for line in crawl.stderr.splitlines() if "error:" in line]
    assert len(lines) == 1 and f"-a sites={sites_file}: {says}" in lines[0], crawl.stderr[-2000:]
    assert "Traceback" not in crawl.stderr and not (tmp_path / "home").exists()


def test_the_summary_of_a_listed_site_gives_its_own_line_of_the_list(listed: dict[str, Any]) -> None:
    from inbound_spiders.summary import summarize

    db, urls = listed["db"], listed["urls"]
    run, entries = site_entries(db)
    big = entries[urls["big"]]
    last_line = summarize(db, big["site"]).splitlines()[-1]
    assert last_line == (
        f"Last run {big['run_id']} (of list {run['_id']}, 4 sites): done, {DEFAULT_MAX_PAGES} pages audited, "
        f"{big['findings']} findings"
    )
    dead = entries[urls["dead"]]
    assert f"failed (robots.txt of {dead['site']} could not be fetched" in summarize(db, dead["site"])


def test_each_site_of_a_list_captures_its_own_wacz(tmp_path: Path) -> None:
    """``-a capture=`` with a list: the sites crawl at once, so each writes its own WACZ, named after the site."""
    with ExitStack() as stack:
        first = stack.enter_context(RecordingSite(write_site(tmp_path / "first", 4), host="127.0.0.6"))
        second = stack.enter_context(RecordingSite(write_site(tmp_path / "second", 4), host="127.0.0.7"))
        wacz = tmp_path / "captures" / "list.wacz"
        result = run_crawl(
            "audit", f"url={first.url},{second.url}", f"capture={wacz}", "render=never",
            settings={"INBOUND_MONGO_ENABLED": "False"}, tmp_path=tmp_path, timeout=120,
        )  # fmt: skip
    written = sorted(path.name for path in wacz.parent.glob("*.wacz"))
    expected = sorted(
        f"list-{url.split('//')[1].rstrip('/').replace(':', '_')}.wacz" for url in (first.url, second.url)
    )
    assert written == expected, result.log[-3000:]


def test_a_list_run_again_under_its_run_id_does_not_crawl_again_the_sites_it_audited(
    tmp_path: Path, mongo_uri: str, mongo_db: Database
) -> None:
    """``-a _run_id=`` (a shard ``inbound-schedule distribute`` runs again after its node went away): the first site's
    site audit is in MongoDB, so it is not asked for a page and stays ``done`` with its earlier entry; the second,
    audited yet judged failed by the earlier run, and the third, never audited, are crawled."""
    with ExitStack() as stack:
        sites = [
            stack.enter_context(RecordingSite(write_site(tmp_path / f"s{n}", 4), host=f"127.0.0.{n + 2}"))
            for n in range(3)
        ]
        first, second, _ = site_run_ids("shard-x", 3)
        hosts = [site.url.split("/")[2] for site in sites]  # the site of a loopback URL: its host and port
        earlier = {"run_id": first, "status": "done", "pages": 4, "findings": 7}
        mongo_db.runs.insert_one(
            {"_id": "shard-x", "status": "failed", "sites": [earlier, {"run_id": second, "status": "failed"}]}
        )
        mongo_db.site_audits.insert_many([{"_id": first, "site": hosts[0]}, {"_id": second, "site": hosts[1]}])
        result = run_crawl(
            "audit", "url=" + ",".join(site.url for site in sites), "max_pages=4", "_run_id=shard-x",
            mongo_uri=mongo_uri, database=mongo_db.name, settings=SETTINGS, tmp_path=tmp_path, timeout=240,
        )  # fmt: skip
    assert "1 of 3 sites already audited by an earlier run of shard-x" in result.log, result.log[-3000:]
    assert [len(site.paths) > 0 for site in sites] == [False, True, True]
    run = mongo_db.runs.find_one({"_id": "shard-x"})
    assert (run["status"], run["sites_done"], run["sites_resumed"]) == ("finished", 3, 1), run
    resumed, *crawled = run["sites"]
    assert (resumed["resumed"], resumed["pages"], resumed["findings"], resumed["run_id"]) == (True, 4, 7, first)
    assert [entry["site"] for entry in run["sites"]] == hosts
    assert [entry.get("resumed") for entry in crawled] == [None, None]
    assert mongo_db.site_audits.count_documents({"_id": {"$in": site_run_ids("shard-x", 3)}}) == 3


def test_each_site_of_a_list_writes_its_own_feed_and_job_folder(tmp_path: Path) -> None:
    """``-O FILE`` and ``JOBDIR`` with a list: each site its own feed file and job folder, named after the site
    (one shared file was overwritten by each site in turn: the last, often empty, won)."""
    with ExitStack() as stack:
        first = stack.enter_context(RecordingSite(write_site(tmp_path / "first", 4), host="127.0.0.6"))
        second = stack.enter_context(RecordingSite(write_site(tmp_path / "second", 6), host="127.0.0.7"))
        result = run_crawl(
            "audit", f"url={first.url},{second.url}", "render=never",
            settings={"INBOUND_MONGO_ENABLED": "False", "JOBDIR": str(tmp_path / "job")},
            options=("-O", "findings.jsonl"), tmp_path=tmp_path, timeout=120,
        )  # fmt: skip
    for site in (first, second):
        folder = site.url.split("//")[1].rstrip("/").replace(":", "_")
        feed = tmp_path / f"findings-{folder}.jsonl"
        assert feed.is_file(), result.log[-3000:]
        pages = {json.loads(line)["page_url"] for line in feed.read_text(encoding="utf-8").splitlines()}
        assert pages and all(page.startswith(site.url) for page in pages), pages
        assert (tmp_path / "job" / folder / "requests.seen").is_file(), sorted((tmp_path / "job").rglob("*"))
    assert not (tmp_path / "findings.jsonl").exists() and not (tmp_path / "job" / "requests.seen").exists()


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("findings.jsonl", "findings-example.org.jsonl"),
        ("out/findings.csv", "out/findings-example.org.csv"),
        ("s3://bucket/audits/findings.jsonl", "s3://bucket/audits/findings-example.org.jsonl"),
        ("findings", "findings-example.org"),
        ("out/%(site)s.jsonl", "out/%(site)s.jsonl"),  # the user's own naming
    ],
)
def test_a_list_names_each_site_feed_after_the_site(uri: str, expected: str) -> None:
    assert site_feed_uri(uri, "example.org") == expected
