"""``-a max_pages=N`` and ``-a max_depth=N`` bound an ``audit`` crawl, and robots.txt is obeyed (issue 2: "bounded,
polite by default"): two real crawls of a 40-page local site, judged by the crawl's stats and by what the server was
asked for."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import CrawlResult, run_crawl
from tests.support.sites import RecordingSite, write_site

PAGES = 40
MAX_PAGES = 5
MAX_DEPTH = 2
DISALLOWED = "/private/"
# No store (findings are not what is judged here), no browser, no site audit: the crawls stay a few seconds long.
SETTINGS = {"INBOUND_MONGO_ENABLED": "False", "INBOUND_RENDER_MODE": "never", "INBOUND_AUDIT_ENABLED": "False"}
_INT_STAT = re.compile(r"^[ {]'(?P<name>[^']+)': (?P<value>\d+)[,}]$", re.MULTILINE)


def stats_of(log: str) -> dict[str, int]:
    """The integer stats of the "Dumping Scrapy stats" block at the end of a crawl's log."""
    _, dumped, rest = log.rpartition("Dumping Scrapy stats:")
    return {match["name"]: int(match["value"]) for match in _INT_STAT.finditer(rest)} if dumped else {}


def depth_of(path: str) -> int:
    """Click distance of a page of :func:`write_site` from the home page (``/p7/`` is 3 clicks away)."""
    number = int(path.strip("/").removeprefix("p") or 0)
    return -(-number // 3)


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[CrawlResult, list[str]]]:
    """The site crawled with ``max_pages`` and, separately, with ``max_depth``: each bound alone decides where the
    crawl stops. Both crawls run at once, each on its own server so that its request log is its own."""
    folder = write_site(tmp_path_factory.mktemp("bounded_site"), PAGES, disallow=DISALLOWED)
    bounds = {"max_pages": f"max_pages={MAX_PAGES}", "max_depth": f"max_depth={MAX_DEPTH}"}

    def crawl(bound: str) -> tuple[CrawlResult, list[str]]:
        with RecordingSite(folder) as site:
            result = run_crawl(
                "audit", f"url={site.url}", bounds[bound],
                settings=SETTINGS, tmp_path=tmp_path_factory.mktemp(bound), timeout=120,
            )  # fmt: skip
            return result, list(site.paths)

    with ThreadPoolExecutor(len(bounds)) as pool:
        return dict(zip(bounds, pool.map(crawl, bounds), strict=True))


def test_max_pages_bounds_the_pages_requested_and_audited(crawls: dict[str, tuple[CrawlResult, list[str]]]) -> None:
    result, paths = crawls["max_pages"]
    stats = stats_of(result.log)
    assert stats.get("inbound/pages/max_pages_reached") == MAX_PAGES, result.log[-3000:]
    # /private/, refused by robots.txt, gave its place back: the budget is of pages asked of the site.
    assert stats.get("inbound/pages/refused") == 1, result.log[-3000:]
    assert stats.get("inbound/pages/audited", 0) == MAX_PAGES, result.log[-3000:]
    pages = [path for path in paths if path != "/robots.txt"]
    # The budget, not the site, ended the crawl: the default depth (6) alone would have reached /p18/.
    assert len(pages) == MAX_PAGES, pages


def test_max_depth_bounds_the_link_depth(crawls: dict[str, tuple[CrawlResult, list[str]]]) -> None:
    result, paths = crawls["max_depth"]
    stats = stats_of(result.log)
    assert stats.get("request_depth_max") == MAX_DEPTH, result.log[-3000:]
    assert "inbound/pages/max_pages_reached" not in stats
    articles = {path for path in paths if re.fullmatch(r"/(?:p\d+/)?", path)}
    # Every article within two clicks (the home page, /p1/ to /p6/) and none further: /p7/ is linked from /p4/.
    assert {depth_of(path) for path in articles} == {0, 1, 2}, sorted(paths)
    assert len(articles) == 7, sorted(paths)
    assert stats.get("inbound/pages/audited") == len(articles) + 1, result.log[-3000:]  # and /donate/


def test_robots_txt_is_fetched_first_and_its_disallowed_path_never_requested(
    crawls: dict[str, tuple[CrawlResult, list[str]]],
) -> None:
    for bound, (result, paths) in crawls.items():
        assert paths[:1] == ["/robots.txt"], (bound, paths)
        assert not [path for path in paths if path.startswith(DISALLOWED)], (bound, paths)
        # Every page links to /private/: the crawl did try, and robots.txt refused it (once, as links are deduplicated).
        assert stats_of(result.log).get("robotstxt/forbidden") == 1, (bound, result.log[-3000:])
