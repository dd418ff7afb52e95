"""Unit tests of the share-widget helpers, plus a fuzz test of the extractor on random and mutated markup.

Page-level behaviour is covered by the data-driven cases in ``tests/fixtures/extractors/share_widget``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from itemadapter import ItemAdapter
from parsel import Selector

from inbound_spiders.extractors.share_widgets import extract_share_widgets
from inbound_spiders.items import ShareWidget
from inbound_spiders.knowledge.social import (
    canonical_host,
    embed_widget,
    first_url,
    hashtags_in,
    loader_vendor,
    network_from_classes,
    network_from_text,
    parse_url,
    profile_network,
    share_intent,
    vendor_from_classes,
    widget_container,
    worth_parsing,
)

FIXTURES = Path(__file__).parent / "fixtures" / "extractors" / "share_widget"
PAGE = "https://www.example.org/blog/post/"


@pytest.mark.parametrize(
    ("url", "network", "shared_url"),
    [
        ("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fa.org%2Fx", "facebook", "https://a.org/x"),
        ("https://m.facebook.com/sharer.php?u=https://a.org/x&t=Title", "facebook", "https://a.org/x"),
        ("https://www.facebook.com/dialog/share?app_id=1&href=https%3A%2F%2Fa.org%2Fx", "facebook", "https://a.org/x"),
        ("https://twitter.com/intent/tweet?url=https://a.org/x", "twitter", "https://a.org/x"),
        ("https://x.com/intent/post?text=Read%20https%3A%2F%2Fa.org%2Fx", "twitter", "https://a.org/x"),
        ("http://twitter.com/share?url=https://a.org/x", "twitter", "https://a.org/x"),
        ("https://www.linkedin.com/shareArticle?mini=true&url=https://a.org/x", "linkedin", "https://a.org/x"),
        ("https://www.linkedin.com/sharing/share-offsite/?url=https://a.org/x", "linkedin", "https://a.org/x"),
        ("https://plus.google.com/share?url=https://a.org/x", "googleplus", "https://a.org/x"),
        ("https://api.whatsapp.com/send?text=Look%20https://a.org/x", "whatsapp", "https://a.org/x"),
        ("https://wa.me/?text=https%3A%2F%2Fa.org%2Fx", "whatsapp", "https://a.org/x"),
        ("whatsapp://send?text=https%3A%2F%2Fa.org%2Fx", "whatsapp", "https://a.org/x"),
        ("https://t.me/share/url?url=https://a.org/x&text=Hi", "telegram", "https://a.org/x"),
        ("https://pinterest.com/pin/create/button/?url=https://a.org/x&media=m.jpg", "pinterest", "https://a.org/x"),
        ("https://www.reddit.com/submit?url=https://a.org/x&title=T", "reddit", "https://a.org/x"),
        ("https://www.tumblr.com/share/link?url=https://a.org/x", "tumblr", "https://a.org/x"),
        ("https://getpocket.com/edit?url=https://a.org/x", "pocket", "https://a.org/x"),
        ("https://toot.kytta.dev/?text=https://a.org/x", "mastodon", "https://a.org/x"),
        ("https://mastodon.social/share?text=https://a.org/x", "mastodon", "https://a.org/x"),
        ("web+mastodon://share?text=Read%20https%3A%2F%2Fa.org%2Fx%20%23Hamon2017", "mastodon", "https://a.org/x"),
        ("https://bsky.app/intent/compose?text=https://a.org/x", "bluesky", "https://a.org/x"),
        ("https://vk.com/share.php?url=https://a.org/x", "vk", "https://a.org/x"),
        ("https://www.xing.com/social/share/spi?url=https://a.org/x", "xing", "https://a.org/x"),
        ("https://www.addtoany.com/add_to/linkedin?linkurl=https%3A%2F%2Fa.org%2Fx", "linkedin", "https://a.org/x"),
        ("mailto:?subject=Look&body=https://a.org/x", "email", "https://a.org/x"),
        ("https://mail.google.com/mail/?view=cm&su=Hi&body=https://a.org/x", "email", "https://a.org/x"),
    ],
)
def test_share_intent_networks(url: str, network: str, shared_url: str) -> None:
    intent = share_intent(url, PAGE)
    assert intent is not None
    assert intent.network == network
    assert intent.shared_url == shared_url


def test_share_intent_reads_text_hashtags_and_via() -> None:
    intent = share_intent(
        "https://twitter.com/intent/tweet?text=Vote%20%23Budget2025%20now&hashtags=Civic,%23OpenGov&via=@cityhall", PAGE
    )
    assert intent is not None
    assert intent.text == "Vote #Budget2025 now"
    assert intent.hashtags == ("Civic", "OpenGov", "Budget2025")
    assert intent.via == "cityhall"


def test_share_intent_survives_double_escaped_ampersands() -> None:
    intent = share_intent("https://www.facebook.com/sharer.php?u=https%3A%2F%2Fa.org%2Fx&amp;t=Title", PAGE)
    assert intent is not None
    assert intent.shared_url == "https://a.org/x"
    assert intent.text == "Title"


def test_share_intent_drops_template_placeholders() -> None:
    intent = share_intent("https://www.facebook.com/sharer/sharer.php?u={permalink}", PAGE)
    assert intent is not None
    assert intent.shared_url is None


@pytest.mark.parametrize(
    "url",
    [
        "mailto:contact@a.org",
        "mailto:contact@a.org?subject=Demande%20d'information",
        "mailto:press@a.org?subject=Interview&body=Hello,%20I%20am%20a%20journalist",
        "https://wa.me/33612345678",
        "https://api.whatsapp.com/send?phone=33612345678&text=Bonjour",
        "https://www.facebook.com/BenoitHamon",
        "https://twitter.com/someone/status/123",
        "https://www.linkedin.com/feed/",
        "https://t.me/channel",
        "https://example.org/share",
        "javascript:void(0)",
        "http://[::1",
        "",
    ],
)
def test_not_share_intents(url: str) -> None:
    assert share_intent(url, PAGE) is None


def test_mailto_with_recipient_is_a_share_when_worded_so() -> None:
    assert share_intent("mailto:friend@a.org?subject=Je%20te%20recommande%20cet%20article", PAGE) is not None
    assert share_intent("mailto:friend@a.org?subject=Hello", PAGE, context="share-email Partager par e-mail")


@pytest.mark.parametrize(
    ("url", "network"),
    [
        ("https://www.facebook.com/BenoitHamon/", "facebook"),
        ("https://fr-fr.facebook.com/pages/Some-Page/123456", "facebook"),
        ("https://www.facebook.com/profile.php?id=100064123", "facebook"),
        ("https://www.facebook.com/groups/velorennes/", "facebook"),
        ("https://twitter.com/benoithamon", "twitter"),
        ("https://x.com/benoithamon?lang=fr", "twitter"),
        ("https://twitter.com/intent/follow?screen_name=benoithamon", "twitter"),
        ("https://www.instagram.com/benoithamon/", "instagram"),
        ("https://www.youtube.com/channel/UCabc/videos", "youtube"),
        ("https://www.youtube.com/@handle", "youtube"),
        ("https://www.youtube.com/user/name", "youtube"),
        ("https://www.youtube.com/c/Name", "youtube"),
        ("https://fr.linkedin.com/company/acme", "linkedin"),
        ("https://www.linkedin.com/in/jane-doe/", "linkedin"),
        ("https://www.tiktok.com/@acme", "tiktok"),
        ("https://t.me/acme", "telegram"),
        ("https://mamot.fr/@acme", "mastodon"),
        ("https://bsky.app/profile/acme.bsky.social", "bluesky"),
        ("https://www.snapchat.com/add/acme", "snapchat"),
        ("https://www.flickr.com/photos/acme/", "flickr"),
        ("https://www.dailymotion.com/acme", "dailymotion"),
        ("https://www.threads.net/@acme", "threads"),
        ("https://www.pinterest.fr/acme/", "pinterest"),
        ("https://acme.tumblr.com/", "tumblr"),
    ],
)
def test_profile_links(url: str, network: str) -> None:
    assert profile_network(url) == network


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/",
        "https://facebook.com",
        "https://www.facebook.com/policies/cookies/",
        "https://www.facebook.com/BenoitHamon/posts/12345",
        "https://www.facebook.com/v19.0/dialog/oauth?client_id=1",
        "https://www.facebook.com/sharer/sharer.php?u=x",
        "https://developers.facebook.com/docs/plugins/",
        "https://connect.facebook.net/fr_FR/sdk.js",
        "https://twitter.com/",
        "https://twitter.com/tos",
        "https://twitter.com/benoithamon/status/832987654321",
        "https://twitter.com/hashtag/Hamon2017",
        "https://platform.twitter.com/widgets.js",
        "https://www.instagram.com/p/Bq1abc/",
        "https://www.instagram.com/legal/cookies/",
        "https://www.youtube.com/watch?v=abc",
        "https://youtu.be/abc",
        "https://www.youtube.com/playlist?list=PL1",
        "https://www.linkedin.com/posts/jane_activity-1",
        "https://www.tiktok.com/@acme/video/123",
        "https://t.me/share/url?url=x",
        "https://t.me/acme/42",
        "https://bsky.app/profile/acme.bsky.social/post/3k",
        "https://mastodon.social/@acme/110234567890",
        "https://example.org/@acme",
        "https://vimeo.com/123456",
    ],
)
def test_not_profile_links(url: str) -> None:
    assert profile_network(url) is None


def test_rel_me_makes_any_host_a_fediverse_profile() -> None:
    assert profile_network("https://example.org/@acme", rel_me=True) == "mastodon"


@pytest.mark.parametrize(
    ("src", "role", "network", "href"),
    [
        (
            "https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Facme&tabs=timeline",
            "feed",
            "facebook",
            "https://www.facebook.com/acme",
        ),
        (
            "https://www.youtube.com/embed/videoseries?list=PL123",
            "feed",
            "youtube",
            "https://www.youtube.com/playlist?list=PL123",
        ),
        (
            "https://www.youtube.com/embed?listType=user_uploads&list=acme",
            "feed",
            "youtube",
            "https://www.youtube.com/user/acme",
        ),
        ("https://www.youtube.com/embed?list=UUabc", "feed", "youtube", "https://www.youtube.com/channel/UCabc"),
        ("https://www.instagram.com/p/Cabc/embed/captioned", "feed", "instagram", "https://www.instagram.com/p/Cabc/"),
        (
            "https://syndication.twitter.com/srv/timeline-profile/screen-name/acme",
            "feed",
            "twitter",
            "https://twitter.com/acme",
        ),
        ("https://mastodon.social/@acme/1234/embed", "feed", "mastodon", "https://mastodon.social/@acme/1234"),
        ("https://www.facebook.com/plugins/follow.php?href=https://www.facebook.com/acme", "follow", "facebook", None),
    ],
)
def test_embed_widgets(src: str, role: str, network: str, href: str | None) -> None:
    widget = embed_widget(src)
    assert widget is not None
    assert (widget.role, widget.network) == (role, network)
    if href is not None:
        assert widget.href == href


@pytest.mark.parametrize(
    "src",
    [
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?list=PL1",
        "https://www.youtube.com/embed?listType=search&list=cats",
        "https://www.facebook.com/plugins/video.php?href=x",
        "https://player.vimeo.com/video/1",
        "https://www.google.com/maps/embed?pb=1",
    ],
)
def test_not_embed_feeds(src: str) -> None:
    assert embed_widget(src) is None


def test_hashtags() -> None:
    assert hashtags_in("Vote #Budget2025, #Vélo and #2025 https://a.org/#anchor", "Civic, #Civic ,x") == (
        "Civic",
        "x",
        "Budget2025",
        "Vélo",
    )
    assert hashtags_in(None) == ()


def test_first_url_strips_trailing_punctuation() -> None:
    assert first_url("Lisez ceci : https://a.org/x.") == "https://a.org/x"
    assert first_url("no url here") is None


@pytest.mark.parametrize(
    ("classes", "network"),
    [
        ("share-facebook sd-button share-icon", "facebook"),
        ("a2a_button_x", "twitter"),
        ("share-x", "twitter"),
        ("a2a_button_google_plus", "googleplus"),
        ("addthis_button_google_plusone_share", "googleplus"),
        ("share-jetpack-whatsapp sd-button", "whatsapp"),
        ("ss-facebook-color", "facebook"),
        ("heateor_sss_button_telegram", "telegram"),
        ("at-svc-linkedin", "linkedin"),
        ("share-mail", "email"),
        ("x", None),
        ("menu-item line-height fb-root", None),
        ("", None),
    ],
)
def test_network_from_classes(classes: str, network: str | None) -> None:
    assert network_from_classes(classes) == network


@pytest.mark.parametrize(
    ("text", "network"),
    [
        ("Partager sur Facebook", "facebook"),
        ("Share on X", "twitter"),
        ("Tweeter", "twitter"),
        ("Envoyer par courriel", "email"),
        ("Google +", "googleplus"),
        ("Share to Mastodon", "mastodon"),
        ("Xbox Line-up", None),
        ("Google Maps", None),
    ],
)
def test_network_from_text(text: str, network: str | None) -> None:
    assert network_from_text(text) == network


def test_vendor_and_container_classes() -> None:
    assert vendor_from_classes("heateor_sss_facebook") == "sassy_social_share"
    assert vendor_from_classes("nc_tweetContainer swp_share_button") == "social_warfare"
    assert vendor_from_classes("social-link menu-item") is None
    assert widget_container("addthis_inline_share_toolbox_m2ds addthis_tool") == ("addthis", "share")
    assert widget_container("sharethis-inline-follow-buttons") == ("sharethis", "follow")
    assert widget_container("sharedaddy sd-sharing-enabled") == ("jetpack", "share")
    assert widget_container("share-buttons") is None


def test_loader_scripts() -> None:
    assert loader_vendor("//s7.addthis.com/js/300/addthis_widget.js#pubid=ra-1") == "addthis"
    assert loader_vendor("https://platform-api.sharethis.com/js/sharethis.js#property=1") == "sharethis"
    assert loader_vendor("https://static.addtoany.com/menu/page.js") == "addtoany"
    assert loader_vendor("//load.sumo.com/") == "sumo"
    assert loader_vendor("https://connect.facebook.net/en_US/sdk.js") is None
    assert loader_vendor("https://platform.twitter.com/widgets.js") is None


def test_url_helpers() -> None:
    assert canonical_host("fr-fr.facebook.com") == "facebook.com"
    assert canonical_host("www.pinterest.fr") == "pinterest.fr"
    assert canonical_host("www.example.org") == "example.org"
    assert parse_url("http://[::1") is None
    assert worth_parsing("/blog/post-1") is False
    assert worth_parsing("https://www.example.org/a") is False
    assert worth_parsing("https://www.example.org/a?share=facebook") is True
    assert worth_parsing("https://www.facebook.com/acme") is True
    assert worth_parsing("mailto:a@b.c") is True


def _extract(html: str, page_url: str = PAGE) -> list[dict[str, object]]:
    return [ItemAdapter(item).asdict() for item in extract_share_widgets(Selector(text=html), page_url)]


def test_script_alone_gives_one_multiple_item_and_markup_supersedes_it() -> None:
    script = '<script src="https://static.addtoany.com/menu/page.js"></script>'
    alone = _extract(f"<html><body><p>Hi</p>{script}</body></html>")
    assert [(i["network"], i["vendor"], i["detected_by"]) for i in alone] == [("multiple", "addtoany", "script")]
    with_markup = _extract(f'<div class="a2a_kit"><a class="a2a_button_facebook" href="#"></a></div>{script}')
    assert [(i["network"], i["detected_by"]) for i in with_markup] == [("facebook", "markup")]


def test_page_order_and_no_duplicates() -> None:
    html = """<header><a href="https://twitter.com/acme">t</a></header>
    <main><a href="https://www.facebook.com/sharer.php?u=https://a.org/x">f</a>
    <a href="https://www.facebook.com/sharer.php?u=https://a.org/x">f again</a></main>
    <footer><a href="https://x.com/acme/">t</a><a href="https://www.instagram.com/acme">i</a></footer>"""
    found = _extract(html)
    assert [(i["role"], i["network"]) for i in found] == [
        ("follow", "twitter"),
        ("share", "facebook"),
        ("follow", "instagram"),
    ]
    assert found == _extract(html)


@pytest.mark.parametrize(
    "selector",
    [
        Selector(text=""),
        Selector(text="\x00\x01 not html <<<>>>"),
        Selector(text='{"a": 1}', type="json"),
        Selector(text="<a href='http://[::1'>x</a><iframe src='http://[::1'></iframe>"),
        Selector(text="<a href='" + "https://twitter.com/intent/tweet?text=" + "x" * 100_000 + "'>t</a>"),
    ],
)
def test_odd_inputs_do_not_raise(selector: Selector) -> None:
    assert isinstance(extract_share_widgets(selector, "not a url"), list)


_TAGS = [
    "a",
    "div",
    "ul",
    "li",
    "p",
    "button",
    "iframe",
    "script",
    "blockquote",
    "footer",
    "amp-social-share",
    "fb:page",
]
_ATTRIBUTES = [
    "href",
    "src",
    "data-src",
    "class",
    "id",
    "rel",
    "type",
    "onclick",
    "data-network",
    "data-href",
    "data-url",
    "data-services",
    "data-app",
    "data-shared",
    "data-hashtags",
    "data-instgrm-permalink",
    "data-tweetid",
    "data-pin-do",
    "title",
]
_VALUES = st.one_of(
    st.sampled_from(
        [
            "https://www.facebook.com/sharer/sharer.php?u=https://a.org/x",
            "https://twitter.com/intent/tweet?text=%23a%20b&hashtags=c,d&via=e",
            "https://x.com/acme",
            "https://www.facebook.com/acme",
            "https://www.youtube.com/embed/videoseries?list=PL1",
            "https://www.facebook.com/plugins/page.php?href=",
            "mailto:?subject=a&body=https://a.org",
            "whatsapp://send?text=",
            "tg://msg_url?url=",
            "javascript:window.open('https://t.me/share/url?url=' + x)",
            "http://[::1",
            "https://[",
            "data:text/html,<b>x</b>",
            "//cdn.example.org/x.js",
            "/#facebook",
            "#",
            "?share=facebook",
            "https://mastodon.social/@acme",
            "share-facebook sd-button",
            "a2a_kit a2a_button_x",
            "addthis_inline_share_toolbox",
            "shariff",
            "sharethis-inline-share-buttons st-btn",
            "twitter-timeline",
            "twitter-tweet",
            "instagram-media",
            "fb-page fb-like g-plusone",
            "sb_instagram",
            '["facebook","mail","x"]',
            "me",
            "IN/Share",
            "embedUser",
            "https://s7.addthis.com/js/300/addthis_widget.js",
            "facebook",
            "x",
            "",
        ]
    ),
    st.text(max_size=60),
)


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(_TAGS))
    attributes = draw(st.dictionaries(st.sampled_from(_ATTRIBUTES), _VALUES, max_size=4))
    rendered = "".join(f' {name}="{value.replace(chr(34), "&quot;")}"' for name, value in attributes.items())
    children = draw(st.lists(_markup(depth + 1), max_size=3)) if depth < 3 else []
    text = draw(st.text(max_size=20))
    # Random truncation leaves unclosed tags and broken attributes, as in real truncated responses.
    html = f"<{tag}{rendered}>{text}{''.join(children)}</{tag}>"
    return html[: draw(st.integers(min_value=0, max_value=len(html)))] if draw(st.booleans()) else html


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=st.one_of(_markup(), st.text(max_size=300)), page_url=st.sampled_from([PAGE, "", "http://[::1", "x"]))
def test_fuzz_never_raises(html: str, page_url: str) -> None:
    items = extract_share_widgets(Selector(text=html or "<html></html>"), page_url)
    assert isinstance(items, list)
    assert all(isinstance(item, ShareWidget) for item in items)
    assert all(item.role in ("share", "follow", "feed") for item in items)
    assert all(item.detected_by in ("link", "markup", "script", "iframe") for item in items)
    # schemas/share_widget.schema.json: network matches ^[a-z0-9_]+$, hashtags are non-empty strings.
    assert all(item.network and item.network.replace("_", "").isalnum() and item.network.islower() for item in items)
    assert all(tag for item in items for tag in item.hashtags)
    keys = [(item.role, item.network, item.vendor, item.href, item.shared_url) for item in items]
    assert len(keys) == len(set(keys))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_fuzz_mutated_fixtures(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(sorted(FIXTURES.glob("*.html"))))
    html = path.read_text(encoding="utf-8")
    start = data.draw(st.integers(min_value=0, max_value=len(html)))
    end = data.draw(st.integers(min_value=start, max_value=len(html)))
    noise = data.draw(st.sampled_from(["", "<", '"', "<a href='", "</div>", "\x00", "<script>", "&amp;"]))
    mutated = html[:start] + noise + html[end:]
    assert isinstance(extract_share_widgets(Selector(text=mutated), PAGE), list)


def test_a_web_mastodon_link_is_a_mastodon_share_of_the_page() -> None:
    """``web+mastodon://`` is the protocol handler of the visitor's own instance: a share, not an unknown scheme."""
    page = "https://www.example.org/a/"
    html = (
        '<article><div class="share"><a href="web+mastodon://share?text=Lisez%20https%3A%2F%2Fwww.example.org%2Fa%2F'
        '%20%23Hamon2017">Mastodon</a></div></article>'
    )
    found = [(w.role, w.network, w.shared_url, w.hashtags) for w in extract_share_widgets(Selector(text=html), page)]
    assert found == [("share", "mastodon", page, ["Hamon2017"])]


def test_scripted_controls_query_reaches_what_the_attribute_axis_did() -> None:
    """The scripted-control query goes through the elements; it finds what ``//@role[.="button"]|//@data-share|
    //@data-social`` found, in the same order, on the root element, in a second root and on an element with two."""
    from lxml import etree

    from inbound_spiders.extractors.share_widgets import _SCRIPTED_CONTROL_ATTRIBUTES
    from inbound_spiders.page.model import Page

    html = (
        '<html role="button"><body><div role="button" data-share="x">a</div><span data-social>b</span>'
        '<p role="menu">c</p><!-- role="button" --></body></html><html><div data-share="y"></div></html>'
    )
    root = Page.from_html(html, "https://example.org/").root
    reference = etree.XPath('//@role[.="button"]|//@data-share|//@data-social')(root)
    assert len(reference) == 5
    assert _SCRIPTED_CONTROL_ATTRIBUTES(root) == reference
