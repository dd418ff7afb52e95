"""Knowledge of video platforms and players: URLs, ids, VideoObject naming, lenient ISO 8601 lengths."""

from __future__ import annotations

import pytest

from inbound_spiders.extractors.durations import parse_iso8601_duration
from inbound_spiders.knowledge.video_platforms import (
    parse_video_url,
    platform_named,
    ref_for_id,
    ref_from_video_object,
    site_label,
    slug_of,
)


@pytest.mark.parametrize(
    ("url", "platform", "video_id"),
    [
        ("https://players.brightcove.net/1/default/index.html?videoId=6313900966112", "brightcove", "6313900966112"),
        ("https://edge.api.brightcove.com/playback/v1/accounts/1/videos/6313900966112", "brightcove", "6313900966112"),
        ("https://cdn.jwplayer.com/players/Kq8PzR2t-Wm3nB7xQ.html", "jwplayer", "Kq8PzR2t"),
        ("https://cdn.jwplayer.com/videos/7JcqVyjW", "jwplayer", "7JcqVyjW"),
        ("https://content.jwplatform.com/videos/Kq8PzR2t-720.mp4", "jwplayer", "Kq8PzR2t"),
        ("https://fast.wistia.net/embed/iframe/p3r8xw0c1v?videoFoam=true", "wistia", "p3r8xw0c1v"),
        ("https://acme.wistia.com/medias/h7kq2mz9xa", "wistia", "h7kq2mz9xa"),
        ("https://cdnapisec.kaltura.com/p/24/embedIframeJs?entry_id=1_q9vx3ktb", "kaltura", "1_q9vx3ktb"),
        ("//www.wat.tv/embedframe/138905chuPP3r12859735", "wat", "138905chuPP3r12859735"),
        ("https://prisasd.com/widget/v1/player/x/video/141/20241015123452615", "prisa", "20241015123452615"),
        ("https://v.redd.it/kwhzxoz5rok21/HLSPlaylist.m3u8?a=1", "reddit", "kwhzxoz5rok21"),
        ("https://www.youtube.com/embed/Sp33chV1d3o", "youtube", "Sp33chV1d3o"),
    ],
)  # fmt: skip
def test_player_urls(url: str, platform: str, video_id: str) -> None:
    ref = parse_video_url(url)
    assert ref is not None and (ref.platform, ref.video_id) == (platform, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.wat.tv/",  # a partner logo link
        "https://fast.wistia.com/assets/external/E-v1.js",  # the player script, no media
        "https://players.brightcove.net/1155968404/r1WF6V0Pl_default/index.min.js",
        "https://cdn.jwplayer.com/libraries/abc.js",
        "https://www.ndr.de/fernsehen/index.html",
    ],
)
def test_player_urls_without_a_video(url: str) -> None:
    assert parse_video_url(url) is None


def test_hints_and_ids() -> None:
    assert platform_named("jwplatform") == "jwplayer"
    assert platform_named("video-player platform-brightcove") == "brightcove"
    assert platform_named("html5") is None
    assert ref_for_id("jwplayer", "7JcqVyjW") is not None
    assert ref_for_id("jwplayer", "too-long-for-jw") is None
    assert ref_for_id("youtube", "videoseries") is None


def test_video_object_naming() -> None:
    # A player known by its embed URL.
    ref = ref_from_video_object(["https://prisasd.com/widget/v1/player/x/video/141/20240902091530114"], [], [])
    assert ref is not None and (ref.platform, ref.video_id) == ("prisa", "20240902091530114")
    # A site's own embed page: the site names it, the embed's last segment identifies it.
    ref = ref_from_video_object(["https://fr.euronews.com/embed/2515206"], [], [])
    assert ref is not None and (ref.platform, ref.video_id) == ("euronews", "2515206")
    # A CDN media file and the article: the article's site and slug.
    ref = ref_from_video_object(
        [], ["https://x-a.akamaihd.net/medp/1.mp4"], ["https://www1.sender.de/nachrichten/kita-100.html"]
    )
    assert ref is not None and (ref.platform, ref.video_id) == ("sender", "kita-100")
    # The site's own media file alone: an html5 video of that file.
    ref = ref_from_video_object([], ["https://example.org/media/clip.mp4"], [])
    assert ref is not None and (ref.platform, ref.video_id, ref.url) == (
        "html5",
        None,
        "https://example.org/media/clip.mp4",
    )
    assert ref_from_video_object([], [], []) is None


def test_site_label_and_slug() -> None:
    assert site_label("www1.wdr.de") == "wdr"
    assert site_label("news.example.co.uk") == "example"
    assert site_label("stadtsender-a.akamaihd.net") is None
    assert site_label("127.0.0.1") is None
    assert slug_of("https://www1.wdr.de/nachrichten/feuerwehrleute-100.html") == "feuerwehrleute-100"
    assert slug_of("https://fr.euronews.com/embed/2515206") == "2515206"
    assert slug_of("https://example.org/") is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("T1M02S", 62),
        ("PT1M48.393S", 108),
        ("P00DT00H01M53S", 113),
        ("PT02M57S", 177),
        ("PT1M30.09S", 90),
        ("pt8m", 480),
        ("PT 2M 5S", 125),
        ("T", None),
        ("PT0S", None),
        ("03:15", None),
    ],
)
def test_lenient_iso8601_durations(text: str, seconds: int | None) -> None:
    assert parse_iso8601_duration(text) == seconds
