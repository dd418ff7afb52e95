"""Rendering in real crawls, with Debian's Chromium (no mock of the browser) against local sites.

Acceptance of issue 5: widgets and forms injected by script are found with ``auto`` and ``always`` and not with
``never``; an HTML5 video's length is measured from its media; calls to action at the top and 3000 px down are told
apart at both viewports; on a 200-page site where 10 pages need a browser, ``auto`` renders those 10 and no other,
with pages closed and memory bounded. The spider's render mode and handler set-up are checked without crawling.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import subprocess
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pymongo
import pytest
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_reactor_settings

from inbound_spiders.localsite import LocalSite
from inbound_spiders.rendering import INSTALL_HINT, PLAYWRIGHT_HANDLER, BrowserNotFound, ResourcePolicy, find_browser
from inbound_spiders.spiders.audit import AuditSpider
from inbound_spiders.spiders.base import SpiderArgumentError
from tests.conftest import run_crawl
from tests.support.render_sites import (
    CrawlMemoryProbe,
    StallingSite,
    write_large_site,
    write_render_site,
    write_script_filled_site,
)

MODES = ("never", "auto", "always")
FAST = {"INBOUND_RENDER_SETTLE_MS": "1000", "INBOUND_AUDIT_ENABLED": "False", "LOG_LEVEL": "INFO"}


@pytest.fixture(scope="module")
def chromium() -> str:
    """The browser the crawls will launch; the suite fails (not skips) without one: ``./dev test`` installs it."""
    browser = find_browser()
    if browser is None:
        pytest.fail(INSTALL_HINT)
    return browser


@pytest.fixture(scope="module")
def client(mongo_uri: str) -> Iterator[pymongo.MongoClient]:
    client: pymongo.MongoClient = pymongo.MongoClient(mongo_uri, tz_aware=True, serverSelectionTimeoutMS=5000)
    yield client
    client.close()


def _database(client: pymongo.MongoClient) -> Any:
    return client[f"test_render_{uuid.uuid4().hex[:10]}"]


class Crawl:
    """A finished crawl: its log, stats and stored documents."""

    def __init__(self, log: str, db: Any) -> None:
        self.log = log
        run = db.runs.find_one() or {}
        self.stats: dict[str, Any] = run.get("stats") or {}
        self.ctas = list(db.calls_to_action.find())
        self.shares = list(db.share_widgets.find())
        self.videos = list(db.videos.find())

    def cta(self, label: str) -> dict[str, Any]:
        found = [document for document in self.ctas if document["label"] == label]
        assert len(found) == 1, (label, [document["label"] for document in self.ctas], self.log[-3000:])
        return found[0]


@pytest.fixture(scope="module")
def render_crawls(
    chromium: str, client: pymongo.MongoClient, mongo_uri: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Crawl]]:
    """The small site crawled once in each mode, the three crawls in parallel."""
    folder = write_render_site(tmp_path_factory.mktemp("render_site"))
    databases = {mode: _database(client) for mode in MODES}

    def crawl(mode: str) -> Crawl:
        result = run_crawl(
            "audit", f"url={site.url}", f"render={mode}",
            mongo_uri=mongo_uri, database=databases[mode].name, settings=FAST,
            tmp_path=tmp_path_factory.mktemp(f"crawl_{mode}"), timeout=120,
        )  # fmt: skip
        return Crawl(result.log, databases[mode])

    with LocalSite(folder) as site, ThreadPoolExecutor(len(MODES)) as pool:
        crawls = dict(zip(MODES, pool.map(crawl, MODES), strict=True))
    yield crawls
    for database in databases.values():
        client.drop_database(database.name)


def _share_intents(crawl: Crawl, page: str) -> set[str]:
    return {
        document["network"]
        for document in crawl.shares
        if document["page_url"].endswith(page) and document["role"] == "share" and document.get("href")
    }


def test_script_injected_share_widget_and_newsletter_form(render_crawls: dict[str, Crawl]) -> None:
    for mode in ("auto", "always"):
        crawl = render_crawls[mode]
        assert _share_intents(crawl, "/share/") == {"facebook", "twitter", "linkedin"}, (mode, crawl.log[-3000:])
        facebook = next(
            doc for doc in crawl.shares if doc["network"] == "facebook" and doc["page_url"].endswith("/share/")
        )
        assert facebook["href"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
        assert facebook["vendor"] == "sharethis"
        form = crawl.cta("Subscribe to the newsletter")
        assert (form["action"], form["element"], form["vendor"]) == ("newsletter", "form", "hubspot"), mode
        assert form["page_url"].endswith("/newsletter/")
        assert [field["type"] for field in form["form_fields"]] == ["email"]
    never = render_crawls["never"]
    assert _share_intents(never, "/share/") == set()
    # The static page only shows the empty container of the vendor's widget.
    assert {(doc["network"], doc["detected_by"]) for doc in never.shares if doc["page_url"].endswith("/share/")} == {
        ("multiple", "markup")
    }
    assert not [doc for doc in never.ctas if doc["element"] == "form"]


def test_auto_renders_only_the_pages_that_need_it_and_counts_why(render_crawls: dict[str, Crawl]) -> None:
    auto, always, never = render_crawls["auto"].stats, render_crawls["always"].stats, render_crawls["never"].stats
    assert auto["inbound/render/mode"] == "auto"
    assert auto["inbound/render/decision/widget_loader:sharethis"] == 1
    assert auto["inbound/render/decision/script_form:hubspot"] == 1
    assert auto["inbound/render/decision/video_duration_unknown"] == 1
    assert auto["inbound/render/rendered"] == auto["playwright/page_count"] == 3
    assert auto["inbound/render/skipped"] == auto["inbound/pages/audited"] - 3
    # Every page audited once: a rendered page is not also audited from its static HTML.
    assert auto["inbound/pages/audited"] == never["inbound/pages/audited"] == always["inbound/pages/audited"]
    assert always["inbound/render/rendered"] == always["inbound/pages/audited"]
    assert always["playwright/page_count"] == always["inbound/render/rendered"] + 1  # and the 404, refused
    assert "inbound/render/errors" not in always
    assert not [key for key in always if key.startswith("inbound/render/decision/")]
    # ``never`` enables no browser at all: scrapy-playwright is not even loaded.
    assert never["inbound/render/mode"] == "never"
    assert not [key for key in never if key.startswith(("playwright/", "inbound/render/rendered"))]
    assert "scrapy-playwright" not in render_crawls["never"].log


def test_rendered_pages_are_lean_closed_and_bounded(render_crawls: dict[str, Crawl]) -> None:
    for mode in ("auto", "always"):
        stats = render_crawls[mode].stats
        assert stats["inbound/render/pages_closed"] == stats["playwright/page_count"], mode
        assert stats["playwright/page_count/max_concurrent"] <= 4
        assert stats["playwright/context_count"] == 1 and stats["playwright/browser_count"] == 1
        assert not stats.get("playwright/request_count/resource_type/image")
        assert "inbound/render/errors" not in stats
    # The one media request the page made on its own was refused; the measured source was then allowed.
    always = render_crawls["always"].stats
    assert always["inbound/render/blocked/media"] >= 1
    assert always["playwright/response_count/resource_type/media"] >= 1


def test_open_pages_are_bounded_by_the_setting_not_by_request_concurrency(
    chromium: str, client: pymongo.MongoClient, mongo_uri: str, tmp_path: Path
) -> None:
    """Scrapy may send 8 requests at once to the site; ``INBOUND_RENDER_MAX_PAGES=2`` keeps 2 browser pages open at
    most, and the crawl still ends (each page is closed, which frees its slot), with every page rendered. The same
    crawl allowed 8 pages opens more than 2 at once: the bound, not the request concurrency, is what holds."""
    folder = write_render_site(tmp_path / "site")
    pages = len(list(folder.rglob("index.html")))
    bounds = (2, 8)
    databases = {bound: _database(client) for bound in bounds}

    def crawl(bound: int) -> Crawl:
        try:
            # About 10 s each on an idle 2-core host; generous for a loaded one. A crawl that kept its pages open
            # would hang at the bound: it fails here, with its log.
            result = run_crawl(
                "audit", f"url={site.url}", "render=always",
                mongo_uri=mongo_uri, database=databases[bound].name, tmp_path=tmp_path / f"bound_{bound}", timeout=240,
                settings={**FAST, "INBOUND_RENDER_MAX_PAGES": str(bound), "CONCURRENT_REQUESTS_PER_DOMAIN": "8"},
            )  # fmt: skip
        except subprocess.TimeoutExpired as error:
            pytest.fail(f"the crawl with {bound} pages took over {error.timeout:.0f} s:\n{_output_tail(error)}")
        return Crawl(result.log, databases[bound])

    for bound in bounds:
        (tmp_path / f"bound_{bound}").mkdir()
    try:
        with LocalSite(folder) as site, ThreadPoolExecutor(len(bounds)) as pool:
            bounded, control = pool.map(crawl, bounds)
    finally:
        for database in databases.values():
            client.drop_database(database.name)
    stats, log = bounded.stats, f"crawl log (tail):\n{bounded.log[-3000:]}"
    assert stats.get("finish_reason") == "finished", log
    assert stats.get("playwright/page_count/max_concurrent") == 2, log
    assert stats.get("playwright/context_count") == 1, log
    assert stats.get("inbound/render/rendered") == stats.get("inbound/pages/audited") == pages, log
    assert stats.get("inbound/render/pages_closed") == stats.get("playwright/page_count") == pages + 1, log  # + 404
    assert "inbound/render/errors" not in stats, log
    assert _share_intents(bounded, "/share/") == {"facebook", "twitter", "linkedin"}, log
    # Six pages one click from the home page, each held open over a second: without that bound, more at once.
    control_log = f"crawl log (tail):\n{control.log[-3000:]}"
    assert control.stats.get("playwright/page_count/max_concurrent", 0) > 2, control_log
    assert control.stats.get("inbound/render/pages_closed") == control.stats.get("playwright/page_count"), control_log


def test_html5_video_length_is_measured_from_the_media(render_crawls: dict[str, Crawl]) -> None:
    for mode in ("auto", "always"):
        (video,) = [doc for doc in render_crawls[mode].videos if doc["url"].endswith("/media/clip.wav")]
        assert (video["platform"], video["duration_seconds"], video["duration_source"]) == (
            "html5",
            3,  # 2.5 s, halves rounded up
            "media_metadata",
        ), mode
    (static,) = render_crawls["never"].videos
    assert (static["duration_seconds"], static["duration_source"]) == (None, None)


def test_first_screen_placement_at_desktop_and_mobile(render_crawls: dict[str, Crawl]) -> None:
    always = render_crawls["always"]
    top, far_down, desktop_only = (
        always.cta("Donate today"),
        always.cta("Sign the petition"),
        always.cta("Volunteer with us"),
    )
    assert (top["above_fold_desktop"], top["above_fold_mobile"], top["placement"]) == (True, True, "hero")
    assert (far_down["above_fold_desktop"], far_down["above_fold_mobile"], far_down["placement"]) == (
        False,
        False,
        "body",
    )
    assert (desktop_only["above_fold_desktop"], desktop_only["above_fold_mobile"]) == (True, False)
    # The enrichment's heuristics see the first screen through the placement.
    assert top["assessment"]["prominent"] is True and far_down["assessment"]["prominent"] is False
    for mode in ("never", "auto"):  # the placement page needs no browser: not measured
        static = render_crawls[mode].cta("Donate today")
        assert (static["above_fold_desktop"], static["above_fold_mobile"], static["placement"]) == (None, None, "body")


def test_a_render_that_fails_closes_its_page_and_falls_back_to_static_html(
    chromium: str, client: pymongo.MongoClient, mongo_uri: str, tmp_path: Path
) -> None:
    folder = write_render_site(tmp_path / "site")
    db = _database(client)
    try:
        with StallingSite(folder, stalled={"/share/"}, delay=4) as site:
            result = run_crawl(
                "audit", f"url={site.url}", "render=auto",
                mongo_uri=mongo_uri, database=db.name, tmp_path=tmp_path, timeout=120,
                settings={**FAST, "INBOUND_RENDER_TIMEOUT_MS": "1500"},
            )  # fmt: skip
            hits = dict(site.hits)
        crawl = Crawl(result.log, db)
    finally:
        client.drop_database(db.name)
    stats = crawl.stats
    assert stats["inbound/render/errors"] == 1, result.log[-3000:]
    assert stats["inbound/render/rendered"] == 2  # the newsletter and video pages
    assert stats["inbound/render/pages_closed"] == stats["playwright/page_count"] == 3
    assert hits["/share/"] == 3  # static, browser (too late), static again
    # The page was audited from its static HTML after all, once.
    assert {(doc["network"], doc["detected_by"]) for doc in crawl.shares if doc["page_url"].endswith("/share/")} == {
        ("multiple", "markup")
    }
    assert stats["inbound/pages/audited"] == stats["inbound/render/skipped"] + 2 + 1
    assert "[render] " in result.log and "auditing its static HTML" in result.log


def test_auto_renders_a_page_whose_inline_script_fills_empty_containers(
    chromium: str, client: pymongo.MongoClient, mongo_uri: str, tmp_path: Path
) -> None:
    """Issue 12: an article (not an app shell, no vendor loader) whose inline script writes its share buttons and its
    newsletter form into empty containers is rendered by ``auto`` (reason ``script_filled_container``), and what the
    script wrote is found, stored and yielded; ``never`` finds none of it."""
    folder = write_script_filled_site(tmp_path / "site")
    modes = ("auto", "never")
    databases = {mode: _database(client) for mode in modes}
    feeds = {mode: tmp_path / f"{mode}.jsonl" for mode in modes}

    def crawl(mode: str) -> Crawl:
        (tmp_path / mode).mkdir()
        result = run_crawl(
            "audit", f"url={site.url}", f"render={mode}",
            mongo_uri=mongo_uri, database=databases[mode].name, settings=FAST, tmp_path=tmp_path / mode,
            options=("-O", str(feeds[mode])), timeout=120,
        )  # fmt: skip
        return Crawl(result.log, databases[mode])

    try:
        with LocalSite(folder) as site, ThreadPoolExecutor(len(modes)) as pool:
            auto, never = pool.map(crawl, modes)
    finally:
        for database in databases.values():
            client.drop_database(database.name)
    log = f"crawl log (tail):\n{auto.log[-3000:]}"
    decisions = {key: value for key, value in auto.stats.items() if key.startswith("inbound/render/decision/")}
    assert decisions == {"inbound/render/decision/script_filled_container": 1}, log
    assert (auto.stats.get("inbound/render/rendered"), auto.stats.get("inbound/render/skipped")) == (1, 2), log
    # Stored: the share intents and the newsletter form the script wrote, on the article.
    assert _share_intents(auto, "/article/") == {"facebook", "twitter"}, log
    facebook = next(doc for doc in auto.shares if doc["network"] == "facebook")
    assert facebook["href"].startswith("https://www.facebook.com/sharer/sharer.php?u=http"), facebook
    forms = [doc for doc in auto.ctas if doc["element"] == "form"]
    assert [(doc["action"], doc["page_url"].endswith("/article/")) for doc in forms] == [("newsletter", True)], log
    assert [field["type"] for field in forms[0]["form_fields"]] == ["email"]
    # Yielded: the same findings in the crawl's feed.
    items = [json.loads(line) for line in feeds["auto"].read_text(encoding="utf-8").splitlines()]
    assert {item["network"] for item in items if item["kind"] == "share_widget" and item.get("href")} == {
        "facebook",
        "twitter",
    }
    assert [(item["action"], item["element"]) for item in items if item["kind"] == "call_to_action"] == [
        ("newsletter", "form")
    ]
    # The static HTML holds none of it: without the browser, nothing is found.
    assert never.stats.get("inbound/pages/audited") == auto.stats.get("inbound/pages/audited") == 3
    assert _share_intents(never, "/article/") == set()
    assert not [doc for doc in never.ctas if doc["element"] == "form"]


@pytest.mark.timeout(600)  # the crawl's own bound (below) fails first, with its log
def test_200_page_site_renders_only_the_10_pages_that_need_it(
    chromium: str, client: pymongo.MongoClient, mongo_uri: str, tmp_path: Path
) -> None:
    folder, expected = write_large_site(tmp_path / "site", pages=200, rendered=10)
    assert len(expected) == 10
    db = _database(client)
    try:
        with LocalSite(folder) as site, CrawlMemoryProbe() as memory:
            try:
                # Generous: about 10 s on an idle 2-core host, many times that when the whole suite loads it.
                result = run_crawl(
                    "audit", f"url={site.url}", "render=auto",
                    mongo_uri=mongo_uri, database=db.name, settings=FAST, tmp_path=tmp_path, timeout=480,
                )  # fmt: skip
            except subprocess.TimeoutExpired as error:
                pytest.fail(f"the crawl took over {error.timeout:.0f} s; its log ends:\n{_output_tail(error)}")
        crawl = Crawl(result.log, db)
    finally:
        client.drop_database(db.name)
    stats = crawl.stats
    # A crawl that fails (or records no run) leaves no stats: every check says so with the log, not a KeyError.
    log = f"crawl log (tail):\n{result.log[-3000:]}"
    assert stats.get("inbound/pages/audited") == 202, log  # 200 articles, /about/ and /donate/
    assert (stats.get("inbound/render/rendered"), stats.get("inbound/render/skipped")) == (10, 192), log
    assert stats.get("playwright/page_count") == stats.get("playwright/request_count/navigation") == 10, log
    assert stats.get("inbound/render/pages_closed") == 10, log
    decisions = {key.rsplit("/", 1)[1]: value for key, value in stats.items() if "/render/decision/" in key}
    assert decisions == {
        "widget_loader:sharethis": 4,
        "script_form:hubspot": 3,
        "video_container_without_source": 3,
    }, log
    # Exactly the expected pages were rendered: only there did the browser reveal what scripts build.
    base = site.url.rstrip("/")

    def pages(documents: list[dict[str, Any]]) -> set[str]:
        return {page for document in documents for page in document["pages"]}

    rendered_shares = pages([doc for doc in crawl.shares if doc["network"] == "facebook"])
    rendered_forms = pages([doc for doc in crawl.ctas if doc["element"] == "form"])
    measured = pages([doc for doc in crawl.videos if doc["duration_source"] == "media_metadata"])
    assert rendered_shares | rendered_forms | measured == {base + path for path in expected}, log
    assert (len(rendered_shares), len(rendered_forms), len(measured)) == (4, 3, 3), log
    assert stats.get("playwright/page_count/max_concurrent", 0) <= 4, log
    # Memory: the crawl process, Playwright's driver and Chromium together (PSS), sampled every 0.1 s.
    print(
        f"\n200-page auto crawl: peak {memory.peak_kib / 1024:.0f} MiB in all, "
        f"browser side {memory.peak_browser_kib / 1024:.0f} MiB "
        f"({memory.samples} samples), memusage/max of the crawl process {stats.get('memusage/max', 0) / 2**20:.0f} MiB"
    )
    assert memory.samples > 5
    assert memory.peak_kib < 1024 * 1024, f"{memory.peak_kib / 1024:.0f} MiB"


def _output_tail(error: subprocess.TimeoutExpired, characters: int = 3000) -> str:
    """What a timed-out crawl had written so far (``subprocess`` keeps it as bytes, even in text mode)."""
    parts = (part if isinstance(part, bytes) else part.encode() for part in (error.stdout, error.stderr) if part)
    return b"".join(parts).decode("utf-8", errors="replace")[-characters:]


# --- set-up, without crawling -------------------------------------------------------------------------------------


class NeverSiteSpider(AuditSpider):
    name = "never_site"
    render_mode = "never"


def _spider(
    spider_class: type[AuditSpider] = AuditSpider,
    settings: dict[str, Any] | None = None,
    url: str = "http://127.0.0.1:8017/",
    **arguments: Any,
) -> tuple[AuditSpider, Settings]:
    """The spider as ``scrapy crawl`` makes it, and the crawler's settings once applied and frozen."""
    crawler = Crawler(spider_class, {**get_reactor_settings(), "INBOUND_MONGO_ENABLED": False, **(settings or {})})
    crawler.spider = crawler._create_spider(url=url, **arguments)
    crawler._apply_settings()
    assert crawler.settings.frozen
    return crawler.spider, crawler.settings  # type: ignore[return-value]


def test_render_mode_set_up_honours_argument_site_and_setting(chromium: str) -> None:
    spider, settings = _spider()
    assert spider.render_mode == "auto" and spider.render_policy is not None
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    assert (handlers["http"], handlers["https"]) == (PLAYWRIGHT_HANDLER, PLAYWRIGHT_HANDLER)
    assert settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")["executable_path"] == chromium
    assert settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") == 4 and settings.getint("PLAYWRIGHT_MAX_CONTEXTS") == 1

    spider, settings = _spider(NeverSiteSpider)  # the site says never
    assert spider.render_mode == "never" and spider.render_policy is None
    assert PLAYWRIGHT_HANDLER not in settings.getdict("DOWNLOAD_HANDLERS").values()
    assert "PLAYWRIGHT_LAUNCH_OPTIONS" not in settings
    spider, settings = _spider(NeverSiteSpider, render="always")  # the argument overrides the site
    assert spider.render_mode == "always" and settings.getdict("DOWNLOAD_HANDLERS")["https"] == PLAYWRIGHT_HANDLER
    assert spider.arguments["render"] == "always"
    spider, _ = _spider(settings={"INBOUND_RENDER_MODE": "never"})  # the crawl-wide default
    assert spider.render_mode == "never"
    spider, _ = _spider(settings={"INBOUND_RENDER_MODE": "never"}, render_mode="auto")  # the profile spiders' name
    assert spider.render_mode == "auto"
    with pytest.raises(SpiderArgumentError, match="-a render='sometimes'"):
        _spider(render="sometimes")
    # Settings given by the user win over the rendering defaults.
    _, settings = _spider(
        settings={"PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 1, "PLAYWRIGHT_LAUNCH_OPTIONS": {"slow_mo": 5, "headless": False}}
    )
    assert settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") == 1
    options = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert (options["slow_mo"], options["headless"], options["executable_path"]) == (5, False, chromium)


def test_render_requests_survive_a_job_directory(chromium: str) -> None:
    """With ``JOBDIR``, queued requests are pickled: a render request comes back with its callbacks and meta."""
    spider, _ = _spider(render="always")
    request = spider.page_request("http://127.0.0.1:8017/p1/")
    restored = request_from_dict(pickle.loads(pickle.dumps(request.to_dict(spider=spider))), spider=spider)
    assert (restored.callback, restored.errback) == (spider.parse_rendered, spider.render_failed)
    assert restored.meta["playwright"] and restored.meta["playwright_include_page"]
    assert restored.meta["playwright_page_methods"][0].args == (spider.config.render_settle_ms,)


def test_resource_policy_guards_private_hosts_for_service_crawls() -> None:
    """Under Scrapyd (the target guard on), a rendered page cannot make the browser reach private addresses; no
    crawl's can reach link-local and cloud metadata addresses."""

    class BrowserRequest:  # the three attributes of a Playwright request the policy reads
        def __init__(self, url: str, resource_type: str = "script") -> None:
            self.url, self.resource_type, self.frame = url, resource_type, None

    blocked: list[str] = []
    policy = ResourcePolicy(guard=lambda host: "private" if host == "10.0.0.7" else None, on_block=blocked.append)
    assert asyncio.run(policy.should_abort(BrowserRequest("http://10.0.0.7/admin.js")))
    assert not asyncio.run(policy.should_abort(BrowserRequest("https://cdn.example.org/widget.js")))
    assert asyncio.run(policy.should_abort(BrowserRequest("https://cdn.example.org/logo.png", "image")))
    assert blocked == ["unsafe_host", "image"]
    spider, _ = _spider(url="https://www.example.org/", _job="42")  # a Scrapyd job: the spider's policy guards
    assert spider.render_policy is not None and spider.render_policy.guard is not None
    spider, _ = _spider()  # a crawl on one's own machine: private hosts allowed, link-local and metadata never
    assert spider.render_policy is not None and spider.render_policy.guard is not None
    assert spider.render_policy.guard("169.254.169.254") and spider.render_policy.guard("127.0.0.1") is None


def test_without_a_browser_always_fails_clearly_and_auto_crawls_static(tmp_path: Path) -> None:
    missing = {"INBOUND_RENDER_BROWSER_PATH": str(tmp_path / "no-chromium")}
    with pytest.raises(BrowserNotFound, match="is not an executable file"):
        _spider(settings=missing, render="always")
    spider, settings = _spider(settings=missing)
    assert spider.render_mode == "never" and "not an executable" in (spider.render_unavailable or "")
    assert PLAYWRIGHT_HANDLER not in settings.getdict("DOWNLOAD_HANDLERS").values()
