"""Extractors never raise: every extractor of the registry, fuzzed on tag soup, random bytes and mutated real pages
(the extractor fixtures and the demo sites), plus hand-made adversarial pages (a 5,000-level DOM, megabyte
attributes, pathological JSON-LD); then the spider's whole findings path (extract, stamp, key, look up).

Each extractor must return a list of its own item class, for the page it was given, that JSON can carry (no NaN,
no infinity: feeds and schemas would choke on them). Bounded: about 150 examples per extractor and strategy.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse, Request

from inbound_spiders.extractors import EXTRACTORS
from inbound_spiders.items import InboundItem
from inbound_spiders.middlewares import bound_depth
from inbound_spiders.page.model import Page
from inbound_spiders.spiders.audit import AuditSpider
from tests.support.offline_spider import offline_audit_spider

TESTS = Path(__file__).parent
PAGES = sorted((TESTS / "fixtures" / "extractors").glob("*/*.html")) + sorted(
    (TESTS.parent / "inbound_spiders" / "demo_sites").glob("**/*.html")
)
PAGE_URLS = [
    "https://www.example.org/blog/post/",
    "http://127.0.0.1:8017/",
    "http://[::1]:8080/été/?q=1#top",
    "https://xn--caf-dma.fr/",
    "https://www.example.org/search?" + "a=1&" * 500,
]
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

#: The item class of each kind, from the items module (``kind`` is each class's default).
ITEM_CLASSES: dict[str, type[InboundItem]] = {
    cls.__dataclass_fields__["kind"].default: cls for cls in InboundItem.__subclasses__()
}

#: Extractors known to raise on some input, with the reason (kind -> reason); their cases are expected to fail.
KNOWN_FAILURES: dict[str, str] = {}


def _extractor_params() -> list[object]:
    return [
        pytest.param(kind, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[kind], strict=False))
        if kind in KNOWN_FAILURES
        else kind
        for kind in EXTRACTORS
    ]


def check_extractor(kind: str, body: bytes, page_url: str = PAGE_URLS[0]) -> None:
    """Run the extractor of ``kind`` on ``body`` as the spider does (an ``HtmlResponse``'s selector) and check what
    it returns."""
    response = HtmlResponse(page_url, body=body, headers={"Content-Type": "text/html"})
    found = EXTRACTORS[kind](Page.from_response(response))
    assert isinstance(found, list), type(found)
    for item in found:
        assert type(item) is ITEM_CLASSES[kind], item
        assert item.kind == kind
        assert item.page_url == response.url, item
        json.dumps(dataclasses.asdict(item), allow_nan=False, default=str)


# --- strategies ----------------------------------------------------------------------------------------------------

#: Pieces of markup that mean something to the extractors, to build tag soup from.
TOKENS = [
    "<a href='", "<a class='button' href=\"", "https://www.youtube.com/embed/", "https://youtu.be/", "watch?v=",
    "https://player.vimeo.com/video/", "https://www.dailymotion.com/video/", "https://twitter.com/intent/tweet?url=",
    "https://www.facebook.com/sharer/sharer.php?u=", "https://decidim.org/", "/processes/", "mailto:", "tel:",
    "javascript:void(0)", "data:text/html,", "http://[::1", "https://exa mple.org/", "//", "#", "%", "%zz", "&amp;",
    "&#0;", "&#xD800;", "&nbsp;", "\x00", "\ufffd", "\u202e", "\u200b", "é", "𝔘", "'>", '">', ">", "<", "</a>",
    "<div class='team'>", "<div class='member'>", "<img src='x.jpg' alt='", "<h2>", "</h2>", "<h3>", "<p>", "</div>",
    "<ul><li>", "<li>", "<form action='/newsletter' method='post'>", "<input type='email' name='email'>",
    "<button type='submit'>", "</button>", "</form>", "<iframe src='", "</iframe>", "<video src='", "<source src='",
    "</video>", "<script type='application/ld+json'>", "</script>", "<script>", '{"@type":"VideoObject","duration":"',
    "PT", "H", "M", "S", "P99999999999999999999D", '{"@type":"Person","name":"', '"}', "[", "]", "{", "}", ":", ",",
    "<meta property='og:video:duration' content='", "<time datetime='", "<!--", "-->", "<![CDATA[", "]]>",
    "Faire un don", "Donate", "S'inscrire à la newsletter", "Notre équipe", "Meet the team", "participants",
    "1 234 567", "1e308", "99999999999999999999999", "-5", "NaN", "Infinity", "0:00:00", "12:34", "999:99:99",
    "participez", "propositions", "votes", "share", "partager", "suivez-nous", "s'engager", "bénévole",
]  # fmt: skip

tag_soup = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=120).map("".join)

NOISE = [
    "",
    "<",
    '"',
    "'",
    "<a href='",
    "</div>",
    "\x00",
    "<script>",
    "<style>",
    "&amp;",
    "<!--",
    "<![CDATA[",
    "\ufffd",
]
GARBAGE_URLS = [
    "http://[::1", "https://exa mple.org/", "javascript:alert(1)", "data:image/png;base64,AAAA", "mailto:", "%",
    "http://%zz/", "https://www.youtube.com/embed/" + "x" * 3000, "https://", "//", "?", "\x00", "http://127.0.0.1:99999/",
]  # fmt: skip
_TAG = re.compile(r"<[^<>]{0,400}>")
_ATTRIBUTE_VALUE = re.compile(r"=\"([^\"]{0,400})\"")


@cache
def _page(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


@st.composite
def mutated_pages(draw: st.DrawFn) -> bytes:
    """A real page (an extractor fixture or a demo-site page) with one to four mutations: truncated, a tag deleted
    or repeated, an attribute value blown up or replaced by a garbage URL, deep nesting, noise, a wrong encoding."""
    html = _page(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        mutation = draw(st.sampled_from(["truncate", "delete", "repeat", "blow_up", "garbage_url", "nest", "noise"]))
        tags = list(_TAG.finditer(html))
        values = list(_ATTRIBUTE_VALUE.finditer(html))
        position = draw(st.integers(min_value=0, max_value=len(html)))
        if mutation == "truncate":
            html = html[:position]
        elif mutation == "delete" and tags:
            tag = draw(st.sampled_from(tags))
            html = html[: tag.start()] + html[tag.end() :]
        elif mutation == "repeat" and tags:
            tag = draw(st.sampled_from(tags))
            end = min(len(html), tag.end() + draw(st.integers(min_value=0, max_value=2000)))
            html = html[: tag.start()] + html[tag.start() : end] * draw(st.integers(2, 30)) + html[end:]
        elif mutation == "blow_up" and values:
            value = draw(st.sampled_from(values))
            filler = draw(st.sampled_from(["x", "a b ", "%20", "é", "\\u00e9", "https://a.org/"]))
            size = draw(st.sampled_from([1_000, 50_000, 300_000]))
            html = html[: value.start(1)] + filler * (size // len(filler)) + html[value.end(1) :]
        elif mutation == "garbage_url" and values:
            value = draw(st.sampled_from(values))
            html = html[: value.start(1)] + draw(st.sampled_from(GARBAGE_URLS)) + html[value.end(1) :]
        elif mutation == "nest":
            levels = draw(st.sampled_from([50, 300, 3000]))
            html = (
                html[:position]
                + draw(st.sampled_from(["<div>", "<span>", "<ul><li>", "<a>"])) * levels
                + html[position:]
            )
        else:
            html = html[:position] + draw(st.sampled_from(NOISE)) + html[position:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "cp1252", "latin-1", "utf-16"]))
    return html.encode(encoding, errors="replace")


# --- every extractor -----------------------------------------------------------------------------------------------


def test_every_kind_has_an_item_class() -> None:
    assert set(EXTRACTORS) <= set(ITEM_CLASSES)


@pytest.mark.parametrize("kind", _extractor_params())
@FUZZ
@given(html=tag_soup, page_url=st.sampled_from(PAGE_URLS))
def test_tag_soup(kind: str, html: str, page_url: str) -> None:
    check_extractor(kind, html.encode("utf-8", errors="surrogatepass"), page_url)


@pytest.mark.parametrize("kind", _extractor_params())
@FUZZ
@given(
    body=st.one_of(st.binary(max_size=3000), st.text(max_size=1000).map(lambda text: text.encode("utf-8", "replace")))
)
def test_random_bytes_and_text(kind: str, body: bytes) -> None:
    check_extractor(kind, body)


@pytest.mark.parametrize("kind", _extractor_params())
@FUZZ
@given(body=mutated_pages(), page_url=st.sampled_from(PAGE_URLS))
def test_mutated_real_pages(kind: str, body: bytes, page_url: str) -> None:
    check_extractor(kind, body, page_url)


def _deep(levels: int, tag: str = "div") -> str:
    return (
        "<html><body><a class='button' href='/donate/'>Donate</a>"
        + f"<{tag}>" * levels
        + "<iframe src='https://www.youtube.com/embed/dQw4w9WgXcQ'></iframe>"
        + "<a href='https://twitter.com/intent/tweet?url=https%3A%2F%2Fa.org'>Tweet</a>"
        + f"</{tag}>" * levels
        + "<h2>Notre équipe</h2><ul><li>Jean Dupont, trésorier</li><li>Marie Curie, présidente</li></ul></body></html>"
    )


def _json_ld(payload: str) -> str:
    return f"<html><head><script type='application/ld+json'>{payload}</script></head><body></body></html>"


#: Hand-made adversarial pages: what random mutation rarely produces.
ADVERSARIAL: dict[str, Callable[[], str]] = {
    "deep_dom_5000": lambda: _deep(5000),
    "deep_dom_2000_lists": lambda: _deep(2000, "ul"),
    "deep_dom_flattened": lambda: bound_depth(_deep(5000), 200)[0],
    "deep_inline_1000": lambda: _deep(1000, "span"),
    "huge_class": lambda: f"<div class='{'team member ' * 200_000}'><a class='button' href='/d'>Donate</a></div>",
    "huge_href": lambda: f"<a class='button' href='https://a.org/{'x' * 2_000_000}'>Donate</a>",
    "huge_youtube_src": lambda: f"<iframe src='https://www.youtube.com/embed/{'a' * 1_000_000}'></iframe>",
    "huge_share_href": lambda: (
        f"<a href='https://twitter.com/intent/tweet?url={'%41' * 300_000}&text={'%23tag' * 50_000}'>Tweet</a>"
    ),
    "huge_text": lambda: f"<p>{'Faire un don. ' * 300_000}</p>",
    "many_links": lambda: "".join(f"<a href='/p{n}/' class='button'>Donate {n}</a>" for n in range(20_000)),
    "many_iframes": lambda: "".join(
        f"<iframe src='https://www.youtube.com/embed/v{n:09d}'></iframe>" for n in range(3000)
    ),
    "json_ld_deep": lambda: _json_ld("[" * 100_000 + "]" * 100_000),
    "json_ld_deep_objects": lambda: _json_ld('{"@graph":' * 50_000 + "{}" + "}" * 50_000),
    "json_ld_huge_numbers": lambda: _json_ld(
        '{"@type":"VideoObject","duration":"PT99999999999999999999H99999999999M","embedUrl":'
        '"https://www.youtube.com/embed/dQw4w9WgXcQ","interactionCount":1e999,"width":-1e308}'
    ),
    "json_ld_broken": lambda: _json_ld('{"@type":"VideoObject","duration":"PT1H' + "\x00" * 10 + '"'),
    "og_duration_huge": lambda: (
        "<meta property='og:video' content='https://www.youtube.com/embed/dQw4w9WgXcQ'>"
        "<meta property='og:video:duration' content='99999999999999999999999999999'>"
    ),
    "duration_labels": lambda: "".join(
        f"<a href='https://www.youtube.com/watch?v=dQw4w9WgXc{n}'>Vidéo</a><span class='duration'>{label}</span>"
        for n, label in enumerate(["99999:99:99", "-1:00", "1:2:3:4:5", "PT-5M", "∞", "1e9:00", "١٢:٣٤"])
    ),
    "counters": lambda: (
        "<div class='stats'><span>99999999999999999999999999 participants</span><span>1e308 propositions</span>"
        "<span>-5 votes</span><span>NaN contributions</span><span>1 234 567 890 123 456 789 participants</span></div>"
        "<a href='https://participez.decidim.example.org/processes/budget'>Participer</a>"
    ),
    "nul_and_controls": lambda: "<a class='button' href='/don\x00'>Faire\x00 un \x01don\x1b</a>" * 50,
    "surrogates_and_bidi": lambda: "<a class='button' href='/d'>\u202eDonate\u202c \ud800</a>",
    "entities": lambda: "<a class='button' href='/d&#0;&#x110000;&#xD800;'>&#0;Don&#x110000;ate&#xD800;</a>",
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
@pytest.mark.parametrize("kind", _extractor_params())
def test_adversarial_pages(kind: str, name: str) -> None:
    check_extractor(kind, ADVERSARIAL[name]().encode("utf-8", errors="surrogatepass"))


# --- the spider's findings path ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spider() -> AuditSpider:
    """An audit spider as a crawl builds it, with platform lookups on (their requests are built, never sent)."""
    return offline_audit_spider()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=st.one_of(mutated_pages(), tag_soup.map(str.encode)))
def test_findings_path(spider: AuditSpider, body: bytes) -> None:
    """Extract, stamp (site, run, key) and look up: everything the spider does with a page before its links."""
    url = "https://www.example.org/page/"
    response = HtmlResponse(url, body=body, headers={"Content-Type": "text/html"}, request=Request(url))
    for output in spider.parse(response):
        assert isinstance(output, (InboundItem, Request)), output
        if isinstance(output, InboundItem):
            assert output.key and output.key.startswith(f"{output.kind}:")
    errors = {key: value for key, value in spider.crawler.stats.get_stats().items() if "extractor_errors" in key}
    assert errors == {}
