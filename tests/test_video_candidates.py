"""The video extractor's candidates: which elements its one read of the page's attribute values credits a video to,
whichever attribute holds the address, and the attribute index it reads them with (plain strings, names and elements
from a walk of the document) agreeing with lxml's own attribute nodes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from parsel import Selector

from inbound_spiders.extractors.videos import _Attributes, candidate_elements, read_videos
from inbound_spiders.page.model import Page

PAGE = "https://example.org/page/"
FIXTURES = sorted((Path(__file__).parent / "fixtures" / "extractors" / "video").glob("*.html"))
YOUTUBE_ID = "Qa1sD2fG3hJ"


def page_of(body: str) -> Page:
    return Page.from_html(f"<html><body>{body}</body></html>", PAGE)


def found(body: str) -> tuple[list[str], list[tuple[str, str | None]]]:
    """The candidates' tags and the (platform, id) of each video, for a page whose body is ``body``."""
    page = page_of(body)
    videos = read_videos(page_of(body))
    return [element.tag for element in candidate_elements(page)], [(video.platform, video.video_id) for video in videos]


@pytest.mark.parametrize(
    ("body", "tag"),
    [
        (f'<a href="https://youtu.be/{YOUTUBE_ID}">Le meeting</a>', "a"),
        (f'<iframe src="https://www.youtube.com/embed/{YOUTUBE_ID}"></iframe>', "iframe"),
        (f'<iframe data-src="https://www.youtube.com/embed/{YOUTUBE_ID}"></iframe>', "iframe"),
        (f'<div data-lazy="https://www.youtube.com/embed/{YOUTUBE_ID}"></div>', "div"),
        (f'<div class="rll-youtube-player" data-src="{YOUTUBE_ID}"></div>', "div"),
        (f'<div class="youtube-facade" data-id="{YOUTUBE_ID}"></div>', "div"),
        (f'<lite-youtube videoid="{YOUTUBE_ID}"></lite-youtube>', "lite-youtube"),
    ],
)
def test_the_same_video_is_found_whichever_attribute_holds_it(body: str, tag: str) -> None:
    page = f"<p>Intro</p>{body}<p>Suite</p>"
    assert found(page) == ([tag], [("youtube", YOUTUBE_ID)])


def test_several_markers_make_candidates_in_page_order() -> None:
    body = (
        '<a href="https://vimeo.com/76979871">a</a><p class="intro">x</p>'
        f'<iframe data-src="https://www.youtube.com/embed/{YOUTUBE_ID}"></iframe>'
        '<div data-embed="https://www.dailymotion.com/video/x8qz5cd"></div>'
        f'<a href="https://youtu.be/{YOUTUBE_ID}" title="https://vimeo.com/76979871">again</a>'
    )
    assert found(body) == (
        ["a", "iframe", "div", "a"],
        [("vimeo", "76979871"), ("youtube", YOUTUBE_ID), ("dailymotion", "x8qz5cd")],
    )


@pytest.mark.parametrize("name", ["title", "alt", "aria-label", "style", "id", "name", "content", "rel", "class"])
def test_a_marker_in_a_prose_or_styling_attribute_only_makes_no_candidate(name: str) -> None:
    assert found(f'<p {name}="https://youtu.be/{YOUTUBE_ID}">Vidéo</p>') == ([], [])


def test_a_marker_in_a_prose_attribute_is_not_credited_beside_a_plain_link() -> None:
    body = f'<p title="https://youtu.be/{YOUTUBE_ID}">x</p><a href="https://youtu.be/{YOUTUBE_ID}">y</a>'
    assert found(body) == (["a"], [("youtube", YOUTUBE_ID)])


def test_beside_an_odd_attribute_name_every_attribute_holding_the_marker_counts() -> None:
    body = f'<p title="https://youtu.be/{YOUTUBE_ID}">x</p><a v-bind:href="https://youtu.be/{YOUTUBE_ID}">y</a>'
    assert found(body)[0] == ["p", "a"]


def test_a_marker_past_the_attribute_limit_is_not_credited() -> None:
    padding = "&amp;" * 4000  # 4,000 characters read, 20,000 written
    assert found(f'<div data-x="{padding}https://youtu.be/{YOUTUBE_ID}">x</div>') == ([], [])
    assert found(f'<div data-x="{"a" * 4000}https://youtu.be/{YOUTUBE_ID}">x</div>')[0] == ["div"]


def test_attributes_beside_the_root_are_read_but_not_candidates() -> None:
    # The parser keeps what follows </html> beside the root: its markers count, its elements are not the page's.
    html = (
        f'<html><body><a href="https://youtu.be/{YOUTUBE_ID}">x</a></body></html>'
        '<script src="/stats.js"></script><div data-video-id="76979871" data-src="https://vimeo.com/1">y</div>'
    )
    page = Page.from_html(html, PAGE)
    assert page.root is not None and page.root.getnext() is not None
    assert [element.tag for element in candidate_elements(page)] == ["a"]
    assert [(video.platform, video.video_id) for video in read_videos(page)] == [("youtube", YOUTUBE_ID)]


def _attribute_pages() -> list[object]:
    trailing = '<!-- a --><html><body><p id="x">x</p></body></html><div class="after" data-a="1">y</div>'
    pages = [pytest.param(Page.from_html(path.read_text("utf-8"), PAGE), id=path.stem) for path in FIXTURES]
    pages.append(pytest.param(Page.from_html(trailing, PAGE), id="beside the root"))
    inner = Selector(text='<html><body><div id="in"><a href="/a" class="b">c</a></div><p lang="fr">d</p></body></html>')
    pages.append(pytest.param(Page(inner.css("#in")[0], PAGE), id="inner root"))
    return pages


@pytest.mark.parametrize("page", _attribute_pages())
def test_the_attribute_index_agrees_with_lxml_attribute_nodes(page: Page) -> None:
    nodes = etree.XPath("//@*")(page.root)
    attributes = _Attributes(page)
    assert attributes.values == [str(node) for node in nodes]
    assert attributes.joined == "\n".join(nodes)
    assert attributes.names == [node.attrname for node in nodes]
    assert all(attributes.element(index) is node.getparent() for index, node in enumerate(nodes))
