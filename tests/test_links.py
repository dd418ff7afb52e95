"""Links of other schemes than http(s): never followed, counted by scheme, each scheme logged once per crawl."""

from __future__ import annotations

import logging

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from inbound_spiders.links import EXAMPLE_CHARS, link_scheme
from inbound_spiders.spiders.audit import AuditSpider

DATA_URI = "data:text/html;base64," + "PGgxPkhpPC9oMT4=" * 40

PAGE = f"""<html><body>
<a href="/p1/">one</a> <a href="https://a.org/p2/">two</a>
<a href="JavaScript:void(0)">menu</a> <a href=" javascript:alert(1) ">alert</a> <a href="java&#10;script:x">split</a>
<a href="mailto:contact@a.org">mail</a> <a href="tel:+33123456789">call</a> <a href="{DATA_URI}">inline</a>
<map><area href="sms:+33123456789"></map> <a href="ftp://a.org/file.txt">ftp</a> <a href="web+app:launch">app</a>
</body></html>"""


@pytest.fixture
def spider() -> AuditSpider:
    crawler = get_crawler(AuditSpider, settings_dict={"INBOUND_RENDER_MODE": "never"})
    spider = AuditSpider(url="https://a.org/")
    spider.crawler = crawler
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider


def _follow(spider: AuditSpider, url: str, body: str) -> list[str]:
    response = HtmlResponse(url, body=body.encode(), encoding="utf-8")
    return [request.url for request in spider.follow_links(response)]


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        ("https://a.org/", "https"),
        ("JavaScript:void(0)", "javascript"),
        ("java\nscript:x", "javascript"),
        ("mailto:a@a.org", "mailto"),
        ("web+app:launch", "web+app"),
        ("http://a.org/%", "http"),
        ("", None),
        (":nothing", None),
    ],
)
def test_link_scheme(value: str, scheme: str | None) -> None:
    assert link_scheme(value) == scheme


def test_links_of_other_schemes_are_counted_by_scheme_and_never_followed(
    spider: AuditSpider, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="inbound_spiders.links"):
        followed = _follow(spider, "https://a.org/", PAGE)
        # A second page with the same kinds of links: counted again, logged no more.
        followed += _follow(spider, "https://a.org/p1/", '<a href="javascript:void(0)">x</a><a href="tel:1">t</a>')
    assert followed == ["https://a.org/p1/", "https://a.org/p2/"]  # ftp: is not followed either
    stats = spider.crawler.stats.get_stats()
    counted = {key: value for key, value in stats.items() if key.startswith("inbound/links/unfollowable")}
    assert counted == {
        "inbound/links/unfollowable": 11,
        "inbound/links/unfollowable/javascript": 4,
        "inbound/links/unfollowable/mailto": 1,
        "inbound/links/unfollowable/tel": 2,
        "inbound/links/unfollowable/data": 1,
        "inbound/links/unfollowable/sms": 1,
        "inbound/links/unfollowable/ftp": 1,
        "inbound/links/unfollowable/other": 1,
    }
    lines = [record.getMessage() for record in caplog.records if "[links]" in record.getMessage()]
    assert len(lines) == 7, lines  # one per stats key: per scheme, and one for the unnamed ones
    assert all(record.levelno == logging.INFO for record in caplog.records)
    assert all(" on https://a.org/ " in line for line in lines)  # the page where the scheme was first seen
    assert any("'JavaScript:void(0)'" in line for line in lines)  # with an example link
    (data_line,) = [line for line in lines if line.startswith("[links] data:")]
    assert DATA_URI not in data_line and DATA_URI[:EXAMPLE_CHARS] in data_line  # the example cut short
    assert any("web+app: links (and those of other unnamed schemes) are not followed" in line for line in lines)
