"""Links of other schemes than http(s): never followed, counted by scheme, each scheme logged once per crawl."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.test import get_crawler

from benchmarks.synthetic_site import write_site
from inbound_spiders.links import EXAMPLE_CHARS, UnfollowableLinks, link_scheme, link_urls
from inbound_spiders.spiders.audit import AuditSpider

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures"
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


# --- link_urls: the URLs of Scrapy's link extractor, faster ----------------------------------------------------------

#: Pages whose links are tricky to read: a <base>, relative and protocol-relative links, whitespace, duplicates (one
#: per scheme of link), ignored extensions, bogus URLs, non-ASCII paths and queries, uppercase tags and attributes,
#: nested and unclosed anchors, links in <svg> and <template>, and a page in another encoding.
TRICKY_PAGES = [
    PAGE,
    '<html><head><base href="https://b.org/sub/"></head><body><a href="x">x</a><a href="../y?q=1#f">y</a>'
    '<a href="//c.org/z">z</a><a href="/abs">abs</a><a href="?only=query">q</a><a href="#top">top</a></body></html>',
    '<A HREF=" /p1/ ">p1</A><a href="/p1/">again</a><a href="\t/p1/\n">spaced</a><a href="/p1/#frag">frag</a>'
    '<a href="/p1">no slash</a><a href="/P1/">upper</a><a href="/p1/?b=2&a=1">query</a><a href="/p1/?a=1&b=2">q2</a>',
    '<a href="/doc.PDF">pdf</a><a href="/img.jpg?x=1">jpg</a><a href="/archive.tar.gz">gz</a><a href="/page.html">h</a>'
    '<a href="/script.js">js</a><a href="/a.jpg/">slash</a><area href="/map.png"><a href="/x.Jpeg#y">jpeg</a>',
    '<a href="http://[::1">bad ipv6</a><a href="http://a.org:99999/">bad port</a><a href="http://exa mple.org/">sp</a>'
    '<a href="https://a.org/é?q=ü#ß">utf8</a><a href="https://xn--bcher-kva.example/">idna</a>'
    '<a href="https://bücher.example/">idn</a><a href="">empty</a><a href=" ">blank</a><a>none</a>'
    '<a href="%zz">pct</a>',
    '<a href="/outer"><a href="/inner">nested</a></a><div><a href="/unclosed">u<div><a href="/after">a</a>'
    '<svg><a href="/svg-link">s</a><a xlink:href="/xlink">x</a></svg><template><a href="/tpl">t</a></template>'
    '<link href="/style.css"><img src="/i.png"><iframe src="/frame"></iframe><form action="/f"></form>',
    "<a href='javascript:void(0)'>j</a>" * 3 + '<a href="mailto:a@a.org">m</a>' * 2 + '<a href="/x">x</a>' * 3,
]


def _scrapy_urls(response: HtmlResponse, process_value: Any) -> list[str]:
    return [link.url for link in LinkExtractor(unique=True, process_value=process_value).extract_links(response)]


def _same_links(url: str, body: bytes, encoding: str = "utf-8") -> None:
    # Each extractor gets its own UnfollowableLinks: both must set aside the same links, in the same order.
    mine, theirs = UnfollowableLinks(), UnfollowableLinks()
    response = HtmlResponse(url, body=body, encoding=encoding)
    expected = _scrapy_urls(response, theirs)
    assert link_urls(HtmlResponse(url, body=body, encoding=encoding), mine) == expected, url
    assert mine.set_aside == theirs.set_aside, url


@pytest.mark.parametrize("page", TRICKY_PAGES)
@pytest.mark.parametrize("url", ["https://a.org/", "http://a.org/dir/page.php?id=3", "https://a.org/é/"])
def test_link_urls_are_scrapys_links_on_tricky_pages(page: str, url: str) -> None:
    _same_links(url, page.encode("utf-8"))
    _same_links(url, page.encode("cp1252", errors="replace"), encoding="cp1252")


def test_link_urls_are_scrapys_links_on_the_benchmark_site_and_the_fixtures(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", 120)
    pages = sorted(site.folder.rglob("*.html")) + sorted(FIXTURES.rglob("*.html"))
    pages += sorted((PROJECT / "inbound_spiders" / "demo_sites").rglob("*.html"))
    assert len(pages) > 500
    for page in pages:
        _same_links(f"https://www.agir-ensemble-2027.fr/{page.parent.name}/", page.read_bytes())


BASES = [
    "https://www.example.org/",
    "https://www.example.org/a/b/page.html?x=1#top",
    "http://www.example.org:8080/deep/er/",
    "https://user:pw@example.org/a",
    "HTTPS://Example.ORG/A/",
    "file:///srv/site/index.html",
    "about:blank",
    "mailto:someone@example.org",
    "https://[::1]:8443/x/",
    "http://127.0.0.2:40000/fr/",
    "HtTp://user@Ex.example.org:80/é/%2F/",
    "https://a.org\\b/c\\d",
    "http:///no-host/path",
    "https://[::1",
]
HREFS = [
    "/",
    "/p1/",
    "/a/../b/./c",
    "/x?y=1&z=2#f",
    "/é/ü?q=ç",
    "/\t/",
    "/\t/evil.org/x",
    "//\tx/y",
    "//?q",
    "//#f",
    "///x",
    "http:///x",
    "https://\na.org/x",
    "https://@/x",
    "//[::1]:80/x",
    "/ spaced path /",
    "/\tsplit\n/",
    "//",
    "//cdn.example.net/x",
    "//example.org:81/../y",
    "https://a.org",
    "https://a.org/p2/?",
    "http://a.org/p3/#",
    "https://a.org/./x/../y",
    "http://[::1]/z",
    "https://a.org:notaport/",
    "https:relative",
    "http:/one-slash",
    "p1/",
    "../up",
    "?q=1",
    "#frag",
    "",
    "HTTP://A.ORG/UPPER",
    "mailto:x@a.org",
    "javascript:void(0)",
    "/%2e%2e/enc",
    "https://a.org/p?x=http://b/",
    # Backslashes, controls, whitespace variants, unicode, stray percents, IPv6 and userinfo.
    "/\\evil.org/x",
    "\\\\evil.org/x",
    "/\x00/x",
    "\x00/x",
    " /x",
    "\x01//evil.org/x",
    "\x1f http://b.org/x",
    "/x\x7f",
    "/\r\n/evil.org",
    "\u3000/x",
    "\xa0//evil.org",
    "https://%65vil.org/",
    "//ｅvil.org/x",
    "http://é.org/é",
    "/%zz/%",
    "//[::1",
    "http://[::1",
    "https://[fe80::1%25eth0]/x",
    "//user:pw@host.org/x",
    "http://a.org\\@b.org/",
    "HTTPS://a.org/x",
    "https:/x",
    "https:",
]


@pytest.mark.parametrize("base", BASES)
def test_joined_url_is_urljoin(base: str) -> None:
    """Joins remembered across pages give what ``urljoin`` gives on each page, whatever the base and the link."""
    from urllib.parse import urljoin

    from inbound_spiders.extractors.common import joined_url

    for href in HREFS:
        try:
            expected: Any = urljoin(base, href)
        except ValueError as error:
            expected = type(error)
        try:
            got: Any = joined_url(base, href)
        except ValueError as error:
            got = type(error)
        assert got == expected, (base, href)
        # Asked again, from the cache this time, and from another page of the same host.
        assert joined_url(base, href) == got if got is not ValueError else True


def _retained_bytes(call: Any) -> int:
    """The memory ``call()`` leaves allocated once it returns (what module-level memos keep)."""
    import gc
    import tracemalloc
    import urllib.parse

    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        call()
        urllib.parse.clear_cache()  # the standard library's own bounded memo of its last 128 splits
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_megabyte_links_are_joined_without_being_remembered() -> None:
    """A site whose links carry their state (100 KB hrefs, one per page) must not leave each in the join memo for the
    rest of the crawl: 40 of them would hold 4 MB, 16,384 of them gigabytes."""
    from inbound_spiders.extractors.common import joined_url

    def join_long_links() -> None:
        for number in range(40):
            href = f"/state/{number}?" + "x" * 100_000
            assert joined_url("https://www.example.org/a/b", href) == "https://www.example.org" + href

    assert _retained_bytes(join_long_links) < 1_000_000
