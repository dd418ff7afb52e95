"""The page's structured data (JSON-LD, microdata, Open Graph) read once per page through extruct."""

from __future__ import annotations

from unittest import mock

from parsel import Selector

from inbound_spiders.page import structured_data as module
from inbound_spiders.page.structured_data import has_type, structured_data

PAGE = "https://www.example.org/actualites/conseil-municipal/"

ARTICLE = """<html><head>
<meta property="og:type" content="video.other">
<meta property="og:video:duration" content="312">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebPage", "@id": "https://www.example.org/actualites/conseil-municipal/"},
  {"@type": "NewsArticle", "video": {"@type": "VideoObject", "name": "Séance du 12 mars", "duration": "PT5M12S"}}]}
</script>
<script type="application/ld+json">{"@type": "Organization", "name": "Ville", };</script>
<script type="application/ld+json">this is not JSON at all</script>
</head><body>
<div itemscope itemtype="https://schema.org/Event"><span itemprop="name">Conseil</span>
  <div itemprop="recordedIn" itemscope itemtype="http://schema.org/VideoObject">
    <meta itemprop="duration" content="PT1H2M"><span itemprop="name">Captation</span>
  </div>
</div>
</body></html>"""


def test_json_ld_graph_and_nested_objects_are_walked() -> None:
    data = structured_data(Selector(text=ARTICLE), PAGE)
    videos = [node for node in data.json_ld_nodes() if has_type(node, "VideoObject")]
    assert [(video["name"], video["duration"]) for video in videos] == [("Séance du 12 mars", "PT5M12S")]


def test_broken_json_ld_is_read_leniently_or_counted_never_raised() -> None:
    data = structured_data(Selector(text=ARTICLE), PAGE)
    # A trailing comma and ";" after the object: extruct's reader gives up, the lenient one does not.
    assert any(has_type(node, "Organization") for node in data.json_ld_nodes())
    assert data.broken_json_ld == 1


def test_nested_microdata_items_keep_their_scope_element() -> None:
    data = structured_data(Selector(text=ARTICLE), PAGE)
    (video,) = [item for item in data.microdata_items() if has_type(item, "VideoObject")]
    assert video["properties"]["duration"] == "PT1H2M"
    assert video["htmlNode"].get("itemprop") == "recordedIn"


def test_open_graph_values() -> None:
    data = structured_data(Selector(text=ARTICLE), PAGE)
    assert data.open_graph_values("og:video:duration") == ["312"]
    assert data.open_graph_values("og:video") == []


def test_read_once_per_page_and_kept_while_the_selector_lives() -> None:
    selector = Selector(text=ARTICLE)
    with mock.patch.object(module, "_read", wraps=module._read) as read:
        first = structured_data(selector, PAGE)
        assert structured_data(selector, PAGE) is first
        assert structured_data(selector, PAGE) is first
        assert read.call_count == 1
        structured_data(Selector(text=ARTICLE), PAGE)  # another response: read again
        assert read.call_count == 2


def test_the_parsed_tree_is_not_parsed_again() -> None:
    with mock.patch("extruct.utils.parse_html") as parse_html:
        structured_data(Selector(text=ARTICLE), PAGE)
    parse_html.assert_not_called()


def test_namespaced_xhtml_page_is_read_without_a_memo() -> None:
    xhtml = ARTICLE.replace("<html>", '<html xmlns="http://www.w3.org/1999/xhtml">')
    selector = Selector(text=xhtml)
    assert any(has_type(node, "VideoObject") for node in structured_data(selector.root, PAGE).json_ld_nodes())


def test_has_type_accepts_prefixes_lists_and_case() -> None:
    assert has_type({"@type": ["CreativeWork", "schema:VideoObject"]}, "VideoObject")
    assert has_type({"type": "https://schema.org/videoobject"}, "VideoObject")
    assert not has_type({"@type": "AudioObject"}, "VideoObject")
    assert not has_type({"@type": "MusicVideoObjectList"}, "VideoObject")
