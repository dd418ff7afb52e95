"""The page model: built once per response by the spider, the same object handed to every extractor, and the facts
it shares (base URL, elements by tag, placement, texts, structured data) equal to what each extractor read alone."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse, Request

from inbound_spiders.extractors import EXTRACTORS
from inbound_spiders.extractors.placement import placement_of
from inbound_spiders.items import InboundItem
from inbound_spiders.page.model import Page
from inbound_spiders.page.tree import response_tree
from inbound_spiders.rendering import rendering_reason
from inbound_spiders.spiders import base
from inbound_spiders.spiders.audit import AuditSpider
from tests.support.offline_spider import offline_audit_spider

HTML = """<html><head><title>Agir</title>
<script type="application/ld+json">{"@type": "Organization", "name": "Agir ensemble"}</script></head>
<body><header class="site-header"><nav><a href="/don">Faire un don</a></nav></header>
<main><h1>  Notre   équipe </h1><p>Texte <a href="https://www.facebook.com/sharer/sharer.php?u=x">Partager</a></p>
<form action="/newsletter"><input type="email" name="email"><button>S'inscrire</button></form></main>
<footer><a href="https://twitter.com/agir">Twitter</a></footer></body></html>"""


@pytest.fixture
def spider() -> AuditSpider:
    """An audit spider as a crawl builds it, rendering off."""
    return offline_audit_spider()


def _response(path: str) -> HtmlResponse:
    url = f"https://www.example.org/{path}"
    return HtmlResponse(url, body=HTML.encode(), headers={"Content-Type": "text/html"}, request=Request(url))


@pytest.mark.parametrize("render_mode", ["never", "auto"])
def test_the_spider_builds_one_page_per_response_and_hands_it_to_every_extractor(
    spider: AuditSpider, monkeypatch: pytest.MonkeyPatch, render_mode: str
) -> None:
    spider.render_mode = render_mode
    built: list[Page] = []
    decided: list[Page] = []

    class CountedPage(Page):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            built.append(self)

    received: dict[str, list[Page]] = {kind: [] for kind in EXTRACTORS}

    def recording(kind: str) -> Any:
        original = EXTRACTORS[kind]

        def extractor(page: Page) -> list[InboundItem]:
            received[kind].append(page)
            return original(page)

        return extractor

    def deciding(page: Page) -> str | None:
        decided.append(page)
        return rendering_reason(page)

    monkeypatch.setattr(base, "Page", CountedPage)
    monkeypatch.setattr(base, "rendering_reason", deciding)
    for kind in list(EXTRACTORS):
        monkeypatch.setitem(base.EXTRACTORS, kind, recording(kind))

    outputs = [*spider.parse(_response("a/")), *spider.parse(_response("b/"))]

    assert len(built) == 2  # one per response
    for kind, pages in received.items():
        assert pages == built, kind  # every extractor got the page of each response, that very object
    assert decided == (built if render_mode == "auto" else [])  # the rendering decision read that page too
    assert {item.kind for item in outputs if isinstance(item, InboundItem)} >= {"call_to_action", "share_widget"}
    assert spider.crawler.stats.get_value("inbound/items/call_to_action")


def test_an_extractor_error_is_counted_and_the_others_still_read_the_page(
    spider: AuditSpider, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(page: Page) -> list[InboundItem]:
        raise RuntimeError("a bug")

    monkeypatch.setitem(base.EXTRACTORS, "video", broken)
    outputs = list(spider.parse(_response("c/")))
    assert spider.crawler.stats.get_value("inbound/extractor_errors/video") == 1
    assert any(isinstance(item, InboundItem) and item.kind == "call_to_action" for item in outputs)


@pytest.mark.parametrize(
    ("base_href", "expected"),
    [
        (None, "https://www.example.org/a/page.html"),
        ("https://cdn.example.net/site/", "https://cdn.example.net/site/"),
        ("/fr/", "https://www.example.org/fr/"),
        ("javascript:void(0)", "https://www.example.org/a/page.html"),
        ("", "https://www.example.org/a/page.html"),
    ],
)
def test_links_resolve_against_the_base_href(base_href: str | None, expected: str) -> None:
    head = f'<base href="{base_href}">' if base_href is not None else ""
    page = Page.from_html(
        f"<html><head>{head}</head><body><a href='x'>x</a></body></html>", "https://www.example.org/a/page.html"
    )
    assert page.base_url == expected
    assert page.absolute("x") == expected.rsplit("/", 1)[0] + "/x"
    assert page.absolute("#top") is None and page.absolute("javascript:go()") is None
    assert page.absolute("mailto:a@example.org") == "mailto:a@example.org"


def test_elements_are_walked_once_per_tag_set_in_document_order() -> None:
    page = Page.from_html(HTML, "https://www.example.org/")
    links = page.elements("a", "form")
    assert [element.tag for element in links] == ["a", "a", "form", "a"]
    assert page.elements("a", "form") is links
    assert len(page.elements()) == len(list(page.root.iter()))


def test_placement_and_texts_are_those_each_extractor_read_alone() -> None:
    page = Page.from_html(HTML, "https://www.example.org/")
    selector = Selector(text=HTML)
    for mine, theirs in zip(page.elements("a", "form", "h1"), selector.xpath("//a | //form | //h1"), strict=True):
        assert page.placement(mine) == placement_of(theirs)
    assert [page.placement(element) for element in page.elements("a")] == ["navigation", "body", "footer"]
    assert page.text(page.elements("h1")[0]) == "Notre équipe"


def test_structured_data_is_read_once_per_page() -> None:
    page = Page.from_html(HTML, "https://www.example.org/")
    data = page.structured_data
    assert page.structured_data is data
    assert [node.get("name") for node in data.json_ld_nodes()] == ["Agir ensemble"]


def test_a_page_without_a_tree_gives_no_findings() -> None:
    page = Page(Selector(text='{"a": 1}', type="json"), "https://www.example.org/")
    assert page.root is None and page.elements("a") == [] and page.base_url == "https://www.example.org/"
    assert all(extractor(page) == [] for extractor in EXTRACTORS.values())


def test_the_language_is_decided_once_from_the_declaration_or_the_header() -> None:
    page = Page.from_html('<html lang="fr-FR"><body><p>Bonjour</p></body></html>', "https://www.example.org/")
    assert page.language.language == "fr" and page.language is page.language
    response = HtmlResponse(
        "https://www.example.org/", body=b"<html><body><p>Hallo</p></body></html>", headers={"Content-Language": "de"}
    )
    assert Page.from_response(response).language.language == "de"


def test_the_extractors_resolve_relative_links_against_the_base_href() -> None:
    html = (
        '<html><head><base href="https://www.example.org/fr/"></head><body>'
        '<a class="button" href="don">Faire un don</a>'
        '<div class="team"><h2>Notre équipe</h2></div></body></html>'
    )
    page = Page.from_html(html, "https://www.example.org/archives/2017/page.html")
    [cta] = EXTRACTORS["call_to_action"](page)
    assert (cta.action, cta.target_url, cta.page_url) == (
        "donate",
        "https://www.example.org/fr/don",
        "https://www.example.org/archives/2017/page.html",
    )


def test_a_page_does_not_outlive_its_response(spider: AuditSpider) -> None:
    """The spider keeps each response's page in a weak mapping: once the response is gone, so is its page (a page
    holding its response, as Scrapy's selector does, kept every page of a crawl in memory)."""
    response = _response("equipe/")
    page = weakref.ref(spider.page_model(response))
    assert spider.page_model(response) is page()
    assert page() is not None and page().url == response.url
    del response
    gc.collect()
    assert page() is None
    assert len(spider.pages) == 0


def test_a_read_page_lets_its_tree_go_before_its_response(spider: AuditSpider) -> None:
    """Once the spider has read a page (findings and links), its tree and model are let go at once, not when the
    response goes (a response may wait for the garbage collector)."""
    response = _response("equipe/")
    tree = weakref.ref(response_tree(response))
    assert response_tree(response) is tree()  # one parse, shared
    outputs = list(spider.parse(response))
    assert any(isinstance(output, InboundItem) for output in outputs)
    assert tree() is None
    assert len(spider.pages) == 0
    assert response.url  # the response itself is still there


def test_a_page_read_and_its_tree_are_freed_without_the_garbage_collector(spider: AuditSpider) -> None:
    """No reference cycle holds a page's tree: Scrapy's ``response.selector`` keeps its response, and each page of a
    crawl stayed in memory, tree included, until the collector's next pass."""
    gc.collect()
    gc.disable()
    try:
        response = _response("equipe/")
        tree = weakref.ref(response_tree(response))
        page = weakref.ref(spider.page_model(response))
        list(spider.parse(response))
        del response
        assert tree() is None
        assert page() is None
    finally:
        gc.enable()


def test_the_shared_tree_is_the_tree_scrapy_would_parse() -> None:
    response = _response("equipe/")
    scrapy_selector = response.selector
    tree = response_tree(response)
    assert tree is not scrapy_selector and tree.type == scrapy_selector.type == "html"
    assert tree.xpath("//a/@href").getall() == scrapy_selector.xpath("//a/@href").getall()
    assert tree.root.base == scrapy_selector.root.base
