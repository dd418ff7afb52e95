"""The benchmarks of issue 15 run end to end in their smallest form and write their figures: judged by what the JSON
says each crawl did (every page of every site fetched, every site audited), not by their speed."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from benchmarks import many_sites, peer
from benchmarks.loopback_sites import loopback_hosts

SITES = 3
PAGES = 13  # the smallest synthetic site


def test_loopback_hosts_are_distinct_and_skip_network_and_broadcast_ends() -> None:
    hosts = loopback_hosts(300)
    assert len(set(hosts)) == 300
    assert hosts[0] == "127.0.0.2"
    assert not any(host.endswith((".0", ".255")) for host in hosts)


def test_many_sites_smallest_run_crawls_every_page_three_ways(tmp_path: Path, mongo_uri: str) -> None:
    argv = ["--sites", str(SITES), "--pages", str(PAGES), "--separate", "2", "--parallel", "2", "--memory-sweep", "1",
            "--mongo-uri", mongo_uri, "--output", str(tmp_path / "results"),
            "--keep", str(tmp_path / "work")]  # fmt: skip
    assert many_sites.main(argv) == 0
    result = json.loads((tmp_path / "results" / "many-sites-latest.json").read_text())
    expected = SITES * (PAGES + 1)  # each site's pages and its robots.txt
    runs = {run["variant"]: run for run in result["runs"] if run["variant"] != "separate"}
    assert runs["list"]["responses"] == expected
    assert runs["list"]["pages_audited"] == SITES * PAGES
    assert result["list"]["site_audits"] == SITES
    assert result["list"]["sites_done"] == SITES and result["list"]["sites_failed"] == 0
    assert 0 < result["list"]["first_site_audit_s"] < runs["list"]["wall_s"]
    assert runs["bare_broad"]["responses"] == expected
    separate = [run for run in result["runs"] if run["variant"] == "separate"]
    assert [run["responses"] for run in separate] == [PAGES + 1] * 2
    assert result["separate"]["site_audits"] == 2
    assert result["separate"]["extrapolated"] is True
    assert result["server"]["hosts_asked"] == SITES
    assert result["list"]["peak_rss_mib"] > 0 and result["separate"]["peak_rss_mib_per_process"] > 0
    # Sites in flight in the largest process: the list's share of one worker (one worker per CPU by default).
    workers = result["list"]["workers"]
    assert workers == min(os.cpu_count() or 1, SITES)
    sweep = {point["sites_in_flight"]: point["peak_rss_mib"] for point in result["list"]["memory_sweep"]}
    assert set(sweep) == {1, math.ceil(SITES / workers)} and all(peak > 0 for peak in sweep.values())
    assert isinstance(result["list"]["mib_per_site_in_flight_sweep"], float)
    assert set(result["targets"]) == {"list_vs_bare_broad", "list_vs_separate"}
    assert all(isinstance(target["value"], float) for target in result["targets"].values())


@pytest.mark.skipif(
    not (peer.VENVS / f"advertools-{peer.ADVERTOOLS_VERSION}" / "bin" / "python").exists(),
    reason="advertools' environment is not installed (python -m benchmarks.peer --quick installs it)",
)
def test_peer_smallest_run_crawls_the_site_with_each_crawler(tmp_path: Path, mongo_uri: str) -> None:
    pages = 40
    argv = ["--pages", str(pages), "--rounds", "1", "--mongo-uri", mongo_uri, "--output", str(tmp_path / "results"),
            "--keep", str(tmp_path / "work")]  # fmt: skip
    assert peer.main(argv) == 0
    result = json.loads((tmp_path / "results" / "peer-latest.json").read_text())
    summary = result["summary"]
    assert set(summary) == set(peer.VARIANTS)
    for variant in ("bare", "audit_mongo", "audit_feed"):
        assert summary[variant]["responses"] == pages + 1, variant
    # advertools follows every link of the site too (404s of links out of the synthetic site included)
    assert summary["advertools"]["responses"] >= pages + 1
    assert summary["advertools"]["items"] >= pages
    assert summary["audit_mongo"]["items"] > 0 and summary["audit_feed"]["items"] > 0
    assert all(crawl["returncode"] == 0 for crawl in result["crawls"])
    assert result["targets"]["audit_mongo_vs_advertools"]["value"] > 0
