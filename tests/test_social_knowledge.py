"""The one home of social-network knowledge (:mod:`inbound_spiders.knowledge.social`), as its three readers use it:
the share-widget extractor, the calls-to-action extractor and the profile spiders."""

from __future__ import annotations

import pytest
from parsel import Selector

from inbound_spiders.extractors.calls_to_action import is_share_intent as cta_is_share_intent
from inbound_spiders.extractors.calls_to_action import social_profile as cta_social_profile
from inbound_spiders.knowledge.social import (
    cloudflare_mailto,
    data_attribute_network,
    is_share_intent,
    is_social_host,
    profile_network,
    share_intent,
)
from inbound_spiders.spiders.profiles import profile_share_widget

PAGE = "https://www.example.org/news/post/"


def _cloudflare(text: str, key: int = 0x42) -> str:
    return f"{key:02x}" + "".join(f"{byte ^ key:02x}" for byte in text.encode())


def test_cloudflare_mailto_decodes_the_protected_address() -> None:
    assert cloudflare_mailto(_cloudflare("?subject=Hi&amp;body=https://a.org/x")) == (
        "mailto:?subject=Hi&body=https://a.org/x"
    )
    assert cloudflare_mailto("zz") is None
    assert cloudflare_mailto("not-hex-at-all") is None


@pytest.mark.parametrize(
    ("url", "network", "shared_url"),
    [
        (
            f"/cdn-cgi/l/email-protection#{_cloudflare('?subject=Read&amp;body=https://a.org/x')}",
            "email",
            "https://a.org/x",
        ),
        (
            "http://api.addthis.com/oexchange/0.8/forward/facebook/offer?url=https://a.org/x",
            "facebook",
            "https://a.org/x",
        ),
        (
            "https://api.addthis.com/oexchange/0.8/forward/twitter/offer?url=https://a.org/x&via=acme",
            "twitter",
            "https://a.org/x",
        ),
        ("https://mewe.com/share?link=https%3A%2F%2Fa.org%2Fx", "mewe", "https://a.org/x"),
        ("https://parler.com/new-post?message=Hi&url=https%3A%2F%2Fa.org%2Fx", "parler", "https://a.org/x"),
        ("https://www.xing.com/app/user?op=share;url=https://a.org/x", "xing", None),
        ("https://sharetodiaspora.github.io/?url=https%3A%2F%2Fa.org%2Fx&title=T", "diaspora", "https://a.org/x"),
        (
            "https://a.org/wp-content/plugins/share-on-diaspora/new_window.php?url=https%3A%2F%2Fa.org%2Fx",
            "diaspora",
            "https://a.org/x",
        ),
    ],
)
def test_share_intent_shapes(url: str, network: str, shared_url: str | None) -> None:
    intent = share_intent(url, PAGE)
    assert intent is not None and intent.network == network and intent.shared_url == shared_url


@pytest.mark.parametrize(
    "url",
    [
        f"/cdn-cgi/l/email-protection#{_cloudflare('contact@a.org')}",  # a protected contact address
        "https://twitter.com/intent/tweet?in_reply_to=123",  # a reply to a listed tweet
        "https://parler.com/new-post",
        "https://mewe.com/i/acme",
    ],
)
def test_not_share_intents(url: str) -> None:
    assert share_intent(url, PAGE) is None


@pytest.mark.parametrize(
    ("url", "network"),
    [
        ("https://twitter.com/#!/acme", "twitter"),
        ("https://www.twitter.com/@acme", "twitter"),
        ("https://x.com/acme", "twitter"),
        ("https://plus.google.com/113481533567002271362/posts", "googleplus"),
        ("https://plus.google.com/+Acme", "googleplus"),
        ("https://plus.google.com/u/0/106007015605913824166/posts", "googleplus"),
        ("https://flipboard.com/@acme", "flipboard"),
        ("https://www.snapchat.com/discover/Acme/8843708388", "snapchat"),
        ("https://news.google.com/publications/CAAqBwgKMJiWzAsw?hl=fr", "google_news"),
        ("https://www.viadeo.com/p/acme", "viadeo"),
        ("https://acme.medium.com/", "medium"),
        ("https://plus.google.com/share?url=x", None),
        ("https://news.google.com/swg/js/v1/swg.js", None),
        ("https://flipboard.com/", None),
        ("https://share.flipboard.com/bookmarklet/popout?url=x", None),
        ("https://www.snapchat.com/", None),
    ],
)
def test_profile_shapes(url: str, network: str | None) -> None:
    assert profile_network(url) == network


def test_short_codes_count_only_in_data_attributes() -> None:
    assert data_attribute_network("tw") == "twitter"
    assert data_attribute_network("li") == "linkedin"
    assert data_attribute_network("true") is None


def test_calls_to_action_read_the_same_rules() -> None:
    assert cta_social_profile is profile_network
    assert cta_is_share_intent is is_share_intent
    assert is_share_intent("mailto:?subject=x")
    assert not is_share_intent("mailto:contact@a.org")
    assert is_share_intent("https://api.addthis.com/oexchange/0.8/forward/facebook/offer?url=x")
    assert is_social_host("fr-fr.facebook.com") and is_social_host("acme.tumblr.com")
    assert not is_social_host("example.org")


def test_profile_spider_tells_share_from_follow_with_the_same_rules() -> None:
    share = Selector(text='<a href="https://mewe.com/share?link=https%3A%2F%2Fa.org%2Fx">MeWe</a>').css("a")[0]
    follow = Selector(text='<a href="https://mewe.com/i/acme">MeWe</a>').css("a")[0]
    shared = profile_share_widget(share, "mewe", PAGE)
    followed = profile_share_widget(follow, "mewe", PAGE)
    assert shared is not None and shared.role == "share" and shared.shared_url == "https://a.org/x"
    assert followed is not None and followed.role == "follow"


def test_one_cited_tweet_is_no_timeline_but_listed_tweets_are() -> None:
    from inbound_spiders.extractors.share_widgets import extract_share_widgets

    tweet = (
        '<li><a href="https://twitter.com/acme/statuses/{id}">1 h</a>'
        '<a href="https://twitter.com/intent/tweet?in_reply_to={id}">Reply</a>'
        '<a href="https://twitter.com/intent/retweet?tweet_id={id}">Retweet</a></li>'
    )
    one = f"<html><body><p>{tweet.format(id=1).replace('<li>', '<span>').replace('</li>', '</span>')}</p></body></html>"
    cited = [(w.role, w.network) for w in extract_share_widgets(Selector(text=one), PAGE)]
    assert cited == []
    listed = f"<html><body><ul>{tweet.format(id=1)}{tweet.format(id=2)}</ul></body></html>"
    feeds = [(w.role, w.href) for w in extract_share_widgets(Selector(text=listed), PAGE)]
    assert feeds == [("feed", "https://twitter.com/acme")]


def test_script_built_button_found_when_vendor_containers_are_walked_too() -> None:
    from inbound_spiders.extractors.share_widgets import extract_share_widgets

    html = (
        '<html><head><script src="https://static.addtoany.com/menu/page.js"></script></head><body>'
        '<div role="button" aria-label="Share to Facebook" class="SocialMediaShareButton--facebook"></div>'
        '<div role="button" aria-label="Open menu" class="burger"></div></body></html>'
    )
    found = {(w.role, w.network) for w in extract_share_widgets(Selector(text=html), PAGE)}
    assert ("share", "facebook") in found
    assert all(network in ("facebook", "multiple") for _, network in found)


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<div class="fb-like" data-href="https://www.example.org/news/post/" data-action="like"></div>', set()),
        (
            '<div class="fb-like" data-href="https://www.example.org/news/post/" data-share="true"></div>',
            {("share", "facebook")},
        ),
        ('<fb:like href="https://www.example.org/news/post/" share="true"></fb:like>', {("share", "facebook")}),
        ('<div class="fb-like" data-href="https://www.facebook.com/acme"></div>', {("follow", "facebook")}),
        (
            '<div class="fb-like" data-href="https://www.facebook.com/acme" data-share="true"></div>',
            {("follow", "facebook"), ("share", "facebook")},
        ),
    ],
)
def test_like_buttons_share_only_with_their_share_button(markup: str, expected: set[tuple[str, str]]) -> None:
    from inbound_spiders.extractors.share_widgets import extract_share_widgets

    html = f'<html><head><script src="https://connect.facebook.net/fr_FR/sdk.js"></script></head><body>{markup}</body></html>'
    assert {(w.role, w.network) for w in extract_share_widgets(Selector(text=html), PAGE)} == expected
