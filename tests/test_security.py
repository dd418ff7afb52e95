"""Security: credentials never leak; a crawl run as a service cannot be pointed at private networks."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from bson import json_util
from pymongo.database import Database
from scrapy import Request
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError

from inbound_spiders import security
from inbound_spiders.audit.extension import SiteAuditor
from inbound_spiders.config import InboundConfig
from inbound_spiders.embedded import free_port
from inbound_spiders.extensions import RunRecorder
from inbound_spiders.localsite import LocalSite
from inbound_spiders.report import main as report_main
from inbound_spiders.security import (
    GuardedResolver,
    TargetGuardMiddleware,
    UnsafeTarget,
    is_public_address,
    store_endpoints,
    unsafe_reason,
)
from inbound_spiders.spiders.audit import AuditSpider
from inbound_spiders.spiders.base import SpiderArgumentError
from inbound_spiders.store import MongoStore
from tests.conftest import run_crawl

PASSWORD = "Sup3rSecretPw-7f3a"


@pytest.fixture
def small_site(tmp_path: Path):
    folder = tmp_path / "site"
    (folder / "news").mkdir(parents=True)
    (folder / "index.html").write_text(
        '<html><body><a href="/news/">News</a><a class="button" href="/donate/">Donate now</a>'
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe></body></html>'
    )
    (folder / "news" / "index.html").write_text('<html><body><a href="/">Home</a></body></html>')
    with LocalSite(folder) as site:
        yield site


def test_credentials_never_reach_logs_stats_or_spooled_documents(small_site: LocalSite, tmp_path: Path) -> None:
    uri = f"mongodb://inbound_user:{PASSWORD}@127.0.0.1:{free_port()}/?authSource=admin"
    crawl = run_crawl(
        "audit", f"url={small_site.url}", tmp_path=tmp_path,
        settings={"INBOUND_MONGO_URI": uri, "INBOUND_MONGO_TIMEOUT_MS": "300", "INBOUND_VIDEO_LOOKUP_ENABLED": "False"},
    )  # fmt: skip
    assert "inbound/pages/audited" in crawl.log, crawl.log[-2000:]
    assert "mongodb://***@127.0.0.1" in crawl.log  # the URI is logged, redacted
    assert PASSWORD not in crawl.log
    spooled = list((tmp_path / "spool").glob("*.jsonl"))
    assert {path.stem for path in spooled} >= {"runs", "calls_to_action"}
    for path in spooled:
        assert PASSWORD not in path.read_text()


def test_service_crawl_refuses_loopback_start_url(small_site: LocalSite, tmp_path: Path) -> None:
    crawl = run_crawl("audit", f"url={small_site.url}", "_job=job-1", tmp_path=tmp_path)
    assert "refused" in crawl.log and "INBOUND_ALLOW_PRIVATE_TARGETS" in crawl.log
    assert "inbound/pages/audited" not in crawl.log


def test_service_crawl_may_be_allowed_private_targets(small_site: LocalSite, tmp_path: Path) -> None:
    crawl = run_crawl(
        "audit", f"url={small_site.url}", "_job=job-2", tmp_path=tmp_path,
        settings={"INBOUND_ALLOW_PRIVATE_TARGETS": "True", "INBOUND_MONGO_ENABLED": "False"},
    )  # fmt: skip
    assert "'inbound/pages/audited': 2" in crawl.log, crawl.log[-2000:]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "javascript:alert(1)", "http://"])
def test_non_web_urls_are_refused(url: str) -> None:
    with pytest.raises(SpiderArgumentError):
        AuditSpider(url=url)


@pytest.mark.parametrize(
    "url",
    [
        f"https://inbound_user:{PASSWORD}@example.org/",
        f"inbound_user:{PASSWORD}@example.org",
        f"ftp://inbound_user:{PASSWORD}@example.org/",
        f"https://inbound_user:{PASSWORD}@example.org:99999/",
    ],
)
def test_start_urls_with_credentials_are_refused_without_showing_them(url: str) -> None:
    """Every finding's page URL would carry them into MongoDB, the site audit and the reports."""
    with pytest.raises(SpiderArgumentError) as refused:
        AuditSpider(url=url)
    assert PASSWORD not in str(refused.value) and "inbound_user" not in str(refused.value)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.10", False),
        ("169.254.169.254", False),
        ("::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("0.0.0.0", False),
        ("not an ip", False),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_hostnames_resolving_to_loopback_are_unsafe() -> None:
    assert unsafe_reason("localhost") is not None
    assert unsafe_reason("169.254.169.254") is not None


def test_guard_refuses_redirects_and_links_to_private_hosts_under_scrapyd() -> None:
    crawler = get_crawler(AuditSpider, settings_dict={})
    crawler.spider = AuditSpider(url="https://example.org/", _job="job-3")
    crawler.stats.open_spider()
    guard = TargetGuardMiddleware.from_crawler(crawler)
    with pytest.raises(UnsafeTarget):
        guard.process_request(Request("http://169.254.169.254/latest/meta-data/"))
    assert crawler.stats.get_value("inbound/security/refused_targets") == 1
    crawler.spider = AuditSpider(url="https://example.org/")
    assert guard.process_request(Request("http://127.0.0.1:8017/")) is None


def test_credentials_never_reach_runs_site_audits_or_reports(
    mongo_db: Database, mongo_uri: str, tmp_path: Path
) -> None:
    """What RunRecorder and SiteAuditor build from credentialed settings and arguments, stored, then reported.

    nx-27017 refuses credentialed connections: the documents are built from the credentialed configuration and
    written through a store on the test server."""
    secret_uri = f"mongodb://inbound_user:{PASSWORD}@db.internal:27017/?authSource=admin"
    crawler = get_crawler(
        AuditSpider,
        settings_dict={
            "INBOUND_MONGO_URI": secret_uri,
            "INBOUND_MONGO_DATABASE": mongo_db.name,
            "INBOUND_RENDER_MODE": "never",
        },
    )
    # As `scrapy crawl audit -a url=... -a mongo_uri=... -a note=...`, or a Scrapyd job's arguments.
    spider = AuditSpider(url="https://example.org/", _job="job-9", mongo_uri=secret_uri, note=f"db {secret_uri}")
    spider.crawler, crawler.spider = crawler, spider
    crawler.stats.open_spider()
    config = InboundConfig.from_settings(crawler.settings)
    assert config.mongo_uri == secret_uri
    with MongoStore(dataclasses.replace(config, mongo_uri=mongo_uri)) as store:
        recorder, auditor = RunRecorder(crawler, config, store), SiteAuditor(crawler, config, store)
        recorder.spider_opened(spider)
        running = mongo_db.runs.find_one({"_id": spider.run_id})
        crawler.stats.set_value("inbound/pages/audited", 1)
        # Any component may record a message naming the URI it failed to reach.
        crawler.stats.set_value("inbound/example/last_error", f"{secret_uri} unreachable")
        auditor.spider_closed(spider, "finished")
        recorder.spider_closed(spider, "finished")
    run = mongo_db.runs.find_one({"_id": spider.run_id})
    audit = mongo_db.site_audits.find_one({"_id": spider.run_id})
    assert running is not None and run is not None and audit is not None
    assert run["status"] == "finished" and "***@db.internal" in run["arguments"]["mongo_uri"]

    report, export = tmp_path / "report.html", tmp_path / "audits.json"
    report_main(["html", "-o", str(report), "--uri", mongo_uri, "--database", mongo_db.name])
    report_main(["json", "-o", str(export), "--uri", mongo_uri, "--database", mongo_db.name])
    assert "example.org" in report.read_text(encoding="utf-8")
    for name, text in {
        "runs (at open)": json_util.dumps(running),
        "runs": json_util.dumps(run),
        "site_audits": json_util.dumps(audit),
        "HTML report": report.read_text(encoding="utf-8"),
        "JSON export": export.read_text(encoding="utf-8"),
    }.items():
        assert PASSWORD not in text, name


# --- always refused: link-local, metadata, the crawl's own store; the address actually connected to ---------------


def _guard(allow_private: str | None = "True", job: str | None = None) -> tuple[Any, TargetGuardMiddleware]:
    settings = {"INBOUND_ALLOW_PRIVATE_TARGETS": allow_private} if allow_private is not None else {}
    GuardedResolver.guards.clear()  # one crawl per process, as under scrapy crawl: earlier tests' guards forgotten
    crawler = get_crawler(AuditSpider, settings_dict=settings)
    crawler.spider = AuditSpider(url="https://example.org/", **({"_job": job} if job else {}))
    crawler.stats.open_spider()
    return crawler, TargetGuardMiddleware.from_crawler(crawler)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.1.1:8080/",
        "http://[fe80::1]/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://100.100.100.200/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
    ],
)
def test_link_local_and_metadata_addresses_are_refused_even_with_private_targets_allowed(url: str) -> None:
    crawler, guard = _guard("True")
    with pytest.raises(UnsafeTarget, match="always refused"):
        guard.process_request(Request(url))
    assert crawler.stats.get_value("inbound/security/refused_targets") == 1
    assert guard.process_request(Request("http://127.0.0.1:8017/")) is None  # private targets: allowed


def test_the_crawls_own_store_is_refused_by_address_and_port() -> None:
    crawler, guard = _guard("True")
    guard.store_endpoints = store_endpoints("mongodb://127.0.0.1:27999/")
    for url in ("http://127.0.0.1:27999/", "http://localhost:27999/admin", "http://0.0.0.0:27999/"):
        with pytest.raises(UnsafeTarget, match="own store"):
            guard.process_request(Request(url))
    assert guard.process_request(Request("http://127.0.0.1:27998/")) is None
    assert crawler.stats.get_value("inbound/security/refused_targets") == 3


def test_the_store_address_is_learnt_when_the_engine_starts(mongo_uri: str) -> None:
    crawler = get_crawler(AuditSpider, settings_dict={"INBOUND_MONGO_URI": f"{mongo_uri}?appname=x"})
    guard = TargetGuardMiddleware.from_crawler(crawler)
    assert guard.store_endpoints == set()
    guard.engine_started()
    port = int(mongo_uri.rsplit(":", 1)[1].strip("/"))
    assert ("127.0.0.1", port) in guard.store_endpoints


def test_resolver_checks_the_address_connected_to_so_rebinding_does_not_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that resolves public when the guard looks (``process_request``) and private when the crawler connects:
    the resolver checks the second answer, the one the connection uses."""
    answers = iter(["93.184.215.14", "10.0.0.5"])
    monkeypatch.setattr(security.socket, "getaddrinfo", lambda *a, **k: [(0, 0, 0, "", (next(answers), 0))])
    security.unsafe_reason.cache_clear()
    security.resolve.cache_clear()
    crawler, guard = _guard(None, job="job-4")  # under Scrapyd: private targets refused
    assert guard.process_request(Request("http://rebind.example/")) is None  # first answer: public
    with pytest.raises(DNSLookupError, match=r"non-public address 10\.0\.0\.5"):
        GuardedResolver.check("10.0.0.5", "rebind.example")  # the answer the connection would use
    assert crawler.stats.get_value("inbound/security/refused_addresses") == 1
    assert GuardedResolver.check("93.184.215.14", "rebind.example") == "93.184.215.14"
    with pytest.raises(DNSLookupError, match="always refused"):
        GuardedResolver.check("169.254.169.254", "metadata.example")
    security.unsafe_reason.cache_clear()
    security.resolve.cache_clear()


def test_resolver_allows_private_addresses_when_the_crawl_does() -> None:
    _, guard = _guard("True")  # kept alive: the resolver knows the crawls by their registered guards
    assert guard in GuardedResolver.guards and not guard.private_refused()
    assert GuardedResolver.check("127.0.0.1", "localhost") == "127.0.0.1"


def test_resolver_is_installed_by_the_project_settings() -> None:
    from scrapy.utils.project import get_project_settings

    assert get_project_settings().get("TWISTED_DNS_RESOLVER") == "inbound_spiders.security.GuardedResolver"


def test_resolver_checks_cached_answers_too() -> None:
    """The answer handed to the connection, from Scrapy's DNS cache here, is what is checked."""
    from scrapy.resolver import dnscache

    crawler, guard = _guard(None, job="job-5")  # a Scrapyd job: private targets refused (kept alive: registered)
    resolver = GuardedResolver(reactor=None, cache_size=16, timeout=1)  # type: ignore[arg-type]
    dnscache["rebound.example"] = "10.0.0.5"
    dnscache["public.example"] = "93.184.215.14"
    failures: list[Any] = []
    resolver.getHostByName("rebound.example").addErrback(failures.append)
    assert failures and failures[0].check(DNSLookupError)
    answers: list[str] = []
    resolver.getHostByName("public.example").addCallback(answers.append)
    assert answers == ["93.184.215.14"]
    assert crawler.stats.get_value("inbound/security/refused_addresses") == 1 and guard.private_refused()


def test_a_refused_address_is_counted_once_when_a_list_crawls_several_sites_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A list crawl (``-a sites=``) runs a crawler per site in the process, each with its guard: a refused answer is
    one event, counted on the crawl that asked for the name, so the list's summed stats count it once."""
    monkeypatch.setattr(security.socket, "getaddrinfo", lambda *a, **k: [(0, 0, 0, "", ("93.184.215.14", 0))])
    security.unsafe_reason.cache_clear()
    security.resolve.cache_clear()
    GuardedResolver.guards.clear()
    crawlers, guards = [], []
    for site in ("https://one.example/", "https://rebind.example/", "https://three.example/"):
        crawler = get_crawler(AuditSpider)
        crawler.spider = AuditSpider(url=site, _job="job-6")  # under Scrapyd: private targets refused
        crawler.stats.open_spider()
        crawlers.append(crawler)
        guards.append(TargetGuardMiddleware.from_crawler(crawler))  # kept alive: registered
    assert guards[1].process_request(Request("http://rebind.example/")) is None
    with pytest.raises(DNSLookupError):
        GuardedResolver.check("10.0.0.5", "rebind.example")
    counts = [crawler.stats.get_value("inbound/security/refused_addresses", 0) for crawler in crawlers]
    assert counts == [0, 1, 0]
    with pytest.raises(DNSLookupError):
        GuardedResolver.check("169.254.169.254", "unasked.example")  # no crawl asked for it: still counted once
    assert sum(crawler.stats.get_value("inbound/security/refused_addresses", 0) for crawler in crawlers) == 2
    security.unsafe_reason.cache_clear()
    security.resolve.cache_clear()
