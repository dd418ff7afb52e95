"""The site's name for people: what a start page calls its site (``site_name_of``), as the report shows it."""

from __future__ import annotations

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse, Request

from inbound_spiders.identity import SITE_NAME_MAX_CHARS, site_name_of
from inbound_spiders.spiders.audit import AuditSpider

CASES = [
    pytest.param(
        "<html><head><title>Faire battre le cœur de la France – Benoît Hamon 2017</title>"
        '<meta property="og:site_name" content="Benoît Hamon 2017"></head><body></body></html>',
        "Benoît Hamon 2017",
        id="og-site-name-beats-title",
    ),
    pytest.param(
        '<html><head><meta name="og:site_name" content="  Clean\n Rivers   Now "></head></html>',
        "Clean Rivers Now",
        id="og-site-name-as-name-attribute-whitespace-normalised",
    ),
    pytest.param(
        '<html><head><title>Accueil</title><meta name="application-name" content="Decidim Paris"></head></html>',
        "Decidim Paris",
        id="application-name",
    ),
    pytest.param(
        "<html><head><title>\n  Les Amis de la Terre  \n</title></head><body><h1>Accueil</h1></body></html>",
        "Les Amis de la Terre",
        id="title",
    ),
    pytest.param(
        '<html><head><meta property="og:site_name" content=" "><title>Greenpeace</title></head></html>',
        "Greenpeace",
        id="empty-og-site-name-falls-back",
    ),
    pytest.param(
        "<html><body><svg><title>Logo</title></svg><p>No head title</p></body></html>",
        None,
        id="svg-title-is-not-the-page-title",
    ),
    pytest.param("<html><body><p>Nothing</p></body></html>", None, id="nothing"),
]


@pytest.mark.parametrize(("html", "expected"), CASES)
def test_site_name_of(html: str, expected: str | None) -> None:
    assert site_name_of(Selector(text=html)) == expected


def test_a_long_title_is_cut() -> None:
    name = site_name_of(Selector(text=f"<html><head><title>{'Campagne ' * 40}</title></head></html>"))
    assert name is not None and len(name) == SITE_NAME_MAX_CHARS and name.endswith("…")


def _page(url: str, *, requested: str | None = None, redirected_from: list[str] | None = None) -> HtmlResponse:
    request = Request(requested or url, meta={"redirect_urls": redirected_from} if redirected_from else {})
    body = f"<html><head><title>Title of {url}</title></head></html>".encode()
    return HtmlResponse(url, body=body, encoding="utf-8", request=request)


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        pytest.param(_page("https://example.org/"), "Title of https://example.org/", id="the-start-page"),
        pytest.param(
            _page("https://www.example.org/accueil/", redirected_from=["https://example.org/"]),
            "Title of https://www.example.org/accueil/",
            id="redirected-by-scrapy",
        ),
        pytest.param(
            _page("https://www.example.org/accueil/", requested="https://example.org/"),
            "Title of https://www.example.org/accueil/",
            id="redirected-in-the-browser",
        ),
        pytest.param(_page("https://example.org/equipe/"), None, id="another-page"),
    ],
)
def test_the_spider_names_the_site_from_its_start_page_only(response: HtmlResponse, expected: str | None) -> None:
    spider = AuditSpider(url="https://example.org/")
    spider.remember_site_name(response)
    assert spider.site_name == expected


def test_a_known_name_is_kept() -> None:
    spider = AuditSpider(url="https://example.org/")
    spider.site_name = "From the profile"
    spider.remember_site_name(_page("https://example.org/"))
    assert spider.site_name == "From the profile"
