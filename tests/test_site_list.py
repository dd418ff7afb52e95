"""The sites of a list (``-a sites=FILE``, ``-a url=A,B``), what a failed site's reason says, and the list's
``[progress]`` line: pure functions, no crawl (the crawl of a list is in ``test_many_sites.py``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from scrapy.settings import Settings

from inbound_spiders.extensions import failure_reason
from inbound_spiders.list_workers import WorkerShare, list_worker_count
from inbound_spiders.progress import list_progress_line
from inbound_spiders.site_crawls import BROAD_CRAWL_SETTINGS, apply_broad_crawl_settings
from inbound_spiders.site_list import SiteEntry, is_site_list, site_list
from inbound_spiders.spiders.base import DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, SpiderArgumentError


def test_a_plain_list_is_one_url_a_line_with_the_arguments_bounds(tmp_path: Path) -> None:
    sites = tmp_path / "sites.txt"
    sites.write_text("# candidates\nhttps://www.example.org/\n\nexample.net\nhttps://blog.example.org/x\n")
    entries = site_list({"sites": str(sites), "max_pages": "50"})
    assert entries == [
        SiteEntry("https://www.example.org/", "example.org", 50, DEFAULT_MAX_DEPTH, None, 2),
        SiteEntry("https://example.net", "example.net", 50, DEFAULT_MAX_DEPTH, None, 4),
    ]  # blog.example.org is example.org again: crawled once, from its first line


def test_a_csv_line_overrides_the_arguments_bounds(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text('url,name,max_pages,max_depth\nhttps://a.org/,"Parti A, national",,\nhttps://b.org/,,7,2\n')
    a, b = site_list({"sites": str(sites), "max_depth": "4"})
    assert (a.name, a.max_pages, a.max_depth, a.line) == ("Parti A, national", DEFAULT_MAX_PAGES, 4, 2)
    assert (b.name, b.max_pages, b.max_depth, b.line) == (None, 7, 2, 3)


def test_url_may_name_several_sites() -> None:
    assert not is_site_list({"url": "https://a.org/"})
    assert is_site_list({"url": "https://a.org/, https://b.org/"}) and is_site_list({"sites": "x.txt"})
    assert [entry.site for entry in site_list({"url": "https://a.org/, https://b.org/"})] == ["a.org", "b.org"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "no such file"),
        ("", "the file is empty"),
        ("https://a.org/\nftp://b.org/\n", "line 2: url='ftp://b.org/': expected an http:// or https:// URL"),
        ("url,budget\nhttps://a.org/,3\n", "line 1: unknown column(s) budget"),
        ("url,max_depth\nhttps://a.org/,0\n", "line 2: max_depth='0': expected a positive integer"),
        ("url\nhttps://a.org/,3\n", "line 2: 2 values for 1 columns"),
        ("url,name\n", "no site in it"),
    ],
)
def test_a_bad_list_is_named_with_its_line(content: str | None, says: str, tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    if content is not None:
        sites.write_text(content)
    with pytest.raises(SpiderArgumentError) as raised:
        site_list({"sites": str(sites)})
    assert str(raised.value).startswith(f"-a sites={sites}: {says}"), raised.value


def test_sites_and_url_together_are_refused() -> None:
    with pytest.raises(SpiderArgumentError, match="both given"):
        site_list({"sites": "x.txt", "url": "https://a.org/"})


@pytest.mark.parametrize(
    ("finish_reason", "stats", "reason"),
    [
        ("finished", {"inbound/pages/audited": 3, "inbound/pages/failed/TimeoutError": 2}, None),
        ("finished", {"inbound/robots/unreachable_reason": "of a.org:80 could not be fetched (DNSLookupError: x)"},
         "robots.txt of a.org:80 could not be fetched (DNSLookupError: x)"),
        ("finished", {"inbound/pages/failed": 1, "inbound/pages/failed/TimeoutError": 1},
         "the start page could not be downloaded (TimeoutError)"),
        ("finished", {"robotstxt/forbidden": 1}, "robots.txt disallows the start page"),
        ("finished", {"httperror/response_ignored_status_count/404": 1}, "the start page answered HTTP 404"),
        ("shutdown", {"inbound/pages/audited": 3}, "the crawl ended early (shutdown)"),
        ("finished", {}, "no page audited"),
    ],
)  # fmt: skip
def test_a_failed_site_says_why(finish_reason: str, stats: dict, reason: str | None) -> None:
    assert failure_reason(finish_reason, stats) == reason


def test_the_list_progress_line_counts_sites_pages_and_findings() -> None:
    line = list_progress_line(done=3, failed=1, running=2, waiting=5, pages=120, findings=2760, elapsed_seconds=120.0)
    assert line == (
        "sites: 3 done (1 failed), 2 in progress, 5 waiting, of 10; 120 pages audited, 60 pages/min; 2,760 findings"
    )


def test_broad_crawl_settings_apply_unless_given_with_s() -> None:
    settings = Settings({"COOKIES_ENABLED": True, "CONCURRENT_REQUESTS_PER_DOMAIN": 4}, priority="project")
    settings.set("REACTOR_THREADPOOL_MAXSIZE", 50, priority="cmdline")  # -s REACTOR_THREADPOOL_MAXSIZE=50
    apply_broad_crawl_settings(settings)
    assert settings["SCHEDULER_PRIORITY_QUEUE"] == "scrapy.pqueues.DownloaderAwarePriorityQueue"
    assert settings.getbool("COOKIES_ENABLED") is False
    assert settings.getint("REACTOR_THREADPOOL_MAXSIZE") == 50
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 4  # politeness towards each site stays
    assert "CONCURRENT_REQUESTS_PER_DOMAIN" not in BROAD_CRAWL_SETTINGS


@pytest.mark.parametrize(
    ("given", "configured", "sites", "expected"),
    [
        (None, 1, 10, 1),
        ("3", 1, 10, 3),
        (None, 4, 2, 2),
        ("0", 1, 1000, os.cpu_count() or 1),
        ("", 2, 10, 2),
        (None, None, 1000, os.cpu_count() or 1),
        (None, None, 1, 1),
    ],
)
def test_the_worker_count(given: str | None, configured: int | None, sites: int, expected: int) -> None:
    arguments = {} if given is None else {"workers": given}
    assert list_worker_count(arguments, configured, sites) == expected


def test_a_scrapyd_job_keeps_its_list_in_one_process_unless_told() -> None:
    job = {"_job": "6487ec79947edab326d6db28a2d86511"}
    assert list_worker_count(job, None, 1000) == 1
    assert list_worker_count({**job, "workers": "2"}, None, 1000) == 2
    assert list_worker_count(job, 3, 1000) == 3


@pytest.mark.parametrize("given", ["-1", "two", "1.5"])
def test_a_bad_worker_count_is_refused(given: str) -> None:
    with pytest.raises(SpiderArgumentError, match=f"-a workers='{re.escape(given)}'"):
        list_worker_count({"workers": given}, 1, 10)


def test_a_worker_share_takes_every_nth_site() -> None:
    share = WorkerShare.parse("1/3:7")
    assert (share.number, share.count, share.fd, share.argument()) == (2, 3, 7, "1/3:7")
    assert [position for position in range(8) if share.takes(position)] == [1, 4, 7]
    with pytest.raises(SpiderArgumentError):
        WorkerShare.parse("3/3:7")
    resuming = WorkerShare(1, 3, 7, frozenset({1, 2, 7}))  # an earlier run of the list audited sites 1, 2 and 7
    assert [position for position in range(8) if resuming.takes(position)] == [4]
    assert resuming.argument() == "1/3:7:1,7" and WorkerShare.parse("1/3:7:1,7").skipped == {1, 7}
