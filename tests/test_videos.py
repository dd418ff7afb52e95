"""Unit tests of the video extractor's helpers (URLs, lengths, platform lookups) and fuzzing of the extractor.

The page-level behaviour is covered by the data-driven cases in ``tests/fixtures/extractors/video``.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parsel import Selector

from inbound_spiders.extractors.durations import (
    MAX_SECONDS,
    find_duration,
    parse_clock_duration,
    parse_duration,
    parse_human_duration,
    parse_iso8601_duration,
)
from inbound_spiders.extractors.video_platforms import (
    dailymotion_duration_from_api,
    lookup_url,
    peertube_duration_from_api,
    vimeo_duration_from_oembed,
    youtube_length_from_watch_page,
)
from inbound_spiders.extractors.videos import VideoRef, candidate_elements, extract_videos, parse_video_url
from inbound_spiders.items import Video
from inbound_spiders.knowledge.words import LANGUAGES
from inbound_spiders.page.model import Page

PAGE = "https://example.org/page/"
PLATFORM_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
SOURCES = {"schema_org", "og_video_duration", "visible_label"}


def videos(html: str, page_url: str = PAGE) -> list[Video]:
    return extract_videos(Selector(text=html), page_url)


# --- durations ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT50M12S", 3012),
        ("PT1H2M", 3720),
        ("P0DT0H3M", 180),
        ("P0DT1H25M0S", 5100),
        ("pt5m", 300),
        (" PT1M30.5S ", 91),
        ("PT0S", None),  # live streams
        ("PT", None),
        ("P", None),
        ("P3D", None),  # beyond 48 h
        ("PT49H", None),
        ("50:12", None),
        ("P1Y2M", None),
        ("PT" + "9" * 5000 + "S", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_iso8601_duration(text: str | None, seconds: int | None) -> None:
    assert parse_iso8601_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("50:12", 3012),
        ("50:03", 3003),
        ("1:02:03", 3723),
        ("00:50:12", 3012),
        ("(12:34)", 754),
        ("[4:05]", 245),
        ("0:00", None),
        ("1:99", None),
        ("1:60:00", None),
        ("49:00:00", None),
        ("18h30", None),
        ("12/03", None),
        ("", None),
    ],
)
def test_parse_clock_duration(text: str, seconds: int | None) -> None:
    assert parse_clock_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("50 min", 3000),
        ("50 minutes", 3000),
        ("50 mn", 3000),
        ("1 h 20", 4800),
        ("1h20", 4800),
        ("1h20min", 4800),
        ("1 heure 20 minutes", 4800),
        ("2 hours 5 minutes", 7500),
        ("2 h et 5 min", 7500),
        ("3 min 20 s", 200),
        ("3 min 20", 200),
        ("3 mins, 20 secs", 200),
        ("90 secondes", 90),
        ("45 sec", 45),
        ("1 h", 3600),
        ("50", None),  # a bare number is no length
        ("5 m", None),  # metres
        ("1 h 75", None),
        ("3 min 75 s", None),
        ("60 heures", None),
        ("une heure", None),
        ("", None),
    ],
)
def test_parse_human_duration(text: str, seconds: int | None) -> None:
    assert parse_human_duration(text) == seconds


def test_parse_duration_accepts_all_notations() -> None:
    assert parse_duration("50:12") == parse_duration("50 min 12 s") == parse_duration("PT50M12S") == 3012
    assert parse_duration("Publié à 18:30") is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("Durée : 50:12", 3012),
        ("Conférence de presse du 30 janvier — Durée : 50:12", 3012),
        ("Durée de la vidéo : 1h20min", 4800),
        ("Duration: 1 h 20", 4800),
        ("Length 3 min 20 s", 200),
        ("Runtime: 4:05", 245),
        ("Running time 1:02:03", 3723),
        ("Reportage de nos bénévoles (12:34)", 754),
        ("Extrait : l'échange sur le tramway (2 min 30 s)", 150),
        ("La vidéo de présentation de son équipe dure 50 minutes !", 3000),
        ("Luis, adult learner since 2021 — 2 min 05 s", 125),
        # Clock times, reading times, relative ages and bare hours are not video lengths.
        ("Publié à 18:30", None),
        ("Réunion le 12/03 à 18:30", None),
        ("Rendez-vous à 18 h 30", None),
        ("Doors opened at 18:30", None),
        ("Temps de lecture : 5 min", None),
        ("4 min read", None),
        ("3 min de lecture", None),
        ("il y a 2 heures", None),
        ("5 minutes ago", None),
        ("5 habitants", None),
        ("Ouverte de 9:00 à 12:00", None),
        ("", None),
    ],
)
def test_find_duration_in_free_text(text: str, seconds: int | None) -> None:
    assert find_duration(text) == seconds


#: A length announced with each language's words (``VIDEO_LENGTH_LABELS``, ``VIDEO_LENGTH_LINKS``): a new language
#: needs its cases here.
ANNOUNCED_LENGTHS_BY_LANGUAGE: dict[str, tuple[tuple[str, int], ...]] = {
    "fr": (("Durée de la vidéo : 1h20min", 4800), ("Longueur : 3:20", 200)),
    "en": (("Duration: 1 h 20", 4800), ("Length of the video 12:05", 725)),
    "de": (
        ("Dauer: 3:20", 200),
        ("Länge des Videos: 12:45", 765),
        ("Laufzeit 1:02:03", 3723),
        ("Gesamtdauer 4 min", 240),
    ),
    "es": (("Duración: 2:35", 155), ("Duración del vídeo: 1 h 20 min", 4800), ("DURACIÓN TOTAL: 58:12", 3492)),
    "it": (("Durata: 7:40", 460), ("Durata del video: 1:02:03", 3723), ("Durata totale 12 min", 720)),
    "nl": (("Duur: 4:31", 271), ("Lengte van de video: 58:12", 3492), ("Speelduur 3 min 20 s", 200)),
    "pt": (("Duração: 2:15", 135), ("Duração do vídeo: 12:05", 725), ("Duracao 3:20", 200)),
}


def test_every_language_has_announced_length_cases() -> None:
    assert set(ANNOUNCED_LENGTHS_BY_LANGUAGE) == set(LANGUAGES)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [case for cases in ANNOUNCED_LENGTHS_BY_LANGUAGE.values() for case in cases],
)
def test_find_duration_announced_in_each_language(text: str, seconds: int) -> None:
    assert find_duration(text) == seconds
    assert find_duration(f"Vídeo — {text} — 2024", labelled=True) == seconds


@pytest.mark.parametrize(
    "text",
    [
        # A clock that no length word announces is a time of day, in any language; a word holding a label is no label.
        "Beginn 19:30 Uhr",
        "Dauerauftrag einrichten bis 18:30",
        "Publicado el 12/02/2024 a las 10:45",
        "Assemblea dei soci sabato alle 10:30",
        "De vergadering begon om 20:00 uur",
        "Próxima pedalada: sábado às 09:30",
    ],
)
def test_clock_times_in_each_language_are_not_lengths(text: str) -> None:
    assert find_duration(text) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        # Each language's unit words (``VIDEO_HOUR_WORDS``, ``VIDEO_MINUTE_WORDS``, ``VIDEO_SECOND_WORDS``).
        ("Laufzeit 12 Minuten", 720),
        ("Dauer: 1 Stunde 20 Minuten", 4800),
        ("Video (3 Minuten 5 Sekunden)", 185),
        ("Duración: 45 segundos", 45),
        ("Spot de 2 minutos", 120),
        ("Durata: 1 ora 5 minuti", 3900),
        ("Duur: 3 minuten", 180),
        ("Duração: 2 horas", 7200),
        # ... and the words joining its parts (``VIDEO_UNIT_JOINERS``).
        ("Duración: 2 horas y 14 minutos", 8040),
        ("Dauer: 1 Stunde und 5 Minuten", 3900),
    ],
)
def test_unit_words_of_each_language(text: str, seconds: int) -> None:
    assert find_duration(text) == seconds


@pytest.mark.parametrize(
    "text",
    [
        # Reading times and relative ages next to a player, in each language (``VIDEO_NOT_LENGTH_BEFORE``/``AFTER``).
        "Lesezeit 4 Min.",
        "Lesedauer: 3 Minuten",
        "3 Min. Lesezeit",
        "Aktualisiert vor 35 Minuten",
        "4 min de lectura",
        "Tiempo de lectura: 2 minutos",
        "Actualizado hace 12 minutos",
        "Tempo di lettura: 4 minuti",
        "5 minuti fa",
        "Leestijd 4 minuten",
        "10 minuten geleden",
        "Tempo de leitura: 3 minutos",
        "há 20 minutos",
    ],
)
def test_reading_times_and_ages_in_each_language_are_not_lengths(text: str) -> None:
    assert find_duration(text) is None


def test_find_duration_in_labelled_element_accepts_bare_values() -> None:
    assert find_duration("50:12", labelled=True) == 3012
    assert find_duration("▶ 42:10", labelled=True) == 2530
    assert find_duration("1 h 20", labelled=True) == 4800
    assert find_duration("50:12") is None
    assert find_duration("Direct", labelled=True) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_duration_parsers_never_raise(text: str) -> None:
    for parser in (parse_iso8601_duration, parse_clock_duration, parse_human_duration, parse_duration):
        seconds = parser(text)
        assert seconds is None or 0 < seconds <= MAX_SECONDS
    for labelled in (False, True):
        seconds = find_duration(text, labelled=labelled)
        assert seconds is None or 0 < seconds <= MAX_SECONDS


# --- platform lookups -----------------------------------------------------------------------------------------------


def test_youtube_length_from_watch_page() -> None:
    page = (
        '<script>var ytInitialPlayerResponse = {"responseContext":{},"videoDetails":{"videoId":"Hq3vB8pQz1A",'
        '"title":"Conférence","lengthSeconds":"3012","channelId":"UC1"}};</script>'
        '<script>var ytInitialData = {"contents":{"lengthSeconds":"61"}};</script>'
    )
    assert youtube_length_from_watch_page(page) == 3012
    assert youtube_length_from_watch_page(page.encode()) == 3012


def test_youtube_length_falls_back_to_meta_duration() -> None:
    page = '<html><head><meta itemprop="name" content="x"><meta itemprop="duration" content="PT50M12S"></head></html>'
    assert youtube_length_from_watch_page(page) == 3012
    swapped = "<meta content='PT3M20S' itemprop='duration'>"
    assert youtube_length_from_watch_page(swapped) == 200


@pytest.mark.parametrize(
    "page",
    [
        "",
        None,
        "<html><form action='https://consent.youtube.com/save'>Before you continue to YouTube</form></html>",
        '{"videoDetails":{"lengthSeconds":"0","isLiveContent":true}}',
        '{"videoDetails":{"lengthSeconds":"999999"}}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_youtube_length_unknown(page: str | bytes | None) -> None:
    assert youtube_length_from_watch_page(page) is None


@pytest.mark.parametrize(
    ("body", "seconds"),
    [
        ('{"duration": 3012}', 3012),
        (b'{"duration": 3012, "id": "x8qz4ab"}', 3012),
        ('{"duration": "245"}', 245),
        ('{"duration": 134.6}', 135),
        ('{"duration": 0}', None),
        ('{"duration": -5}', None),
        ('{"duration": true}', None),
        ('{"duration": null}', None),
        ('{"duration": 1e300}', None),
        ('{"duration": NaN}', None),
        ('{"error": {"code": 404, "message": "Can not find the object"}}', None),
        ("[1, 2]", None),
        ("not json", None),
        ("[" * 10000, None),
        ("", None),
        (None, None),
    ],
)
def test_api_duration_parsers(body: str | bytes | None, seconds: int | None) -> None:
    assert dailymotion_duration_from_api(body) == seconds
    assert vimeo_duration_from_oembed(body) == seconds
    assert peertube_duration_from_api(body) == seconds


def test_vimeo_oembed_body() -> None:
    body = json.dumps({"type": "video", "title": "The Last Mile", "duration": 4812, "video_id": 881234567})
    assert vimeo_duration_from_oembed(body) == 4812


def test_lookup_url_defaults() -> None:
    assert lookup_url("youtube", "Hq3vB8pQz1A") == "https://www.youtube.com/watch?v=Hq3vB8pQz1A"
    assert lookup_url("dailymotion", "x8qz4ab") == "https://api.dailymotion.com/video/x8qz4ab?fields=duration"
    assert (
        lookup_url("vimeo", "881234567") == "https://vimeo.com/api/oembed.json?url=https%3A%2F%2Fvimeo.com%2F881234567"
    )


def test_lookup_url_custom_bases() -> None:
    assert (
        lookup_url("youtube", "Hq3vB8pQz1A", "http://127.0.0.1:8080/yt?v=") == "http://127.0.0.1:8080/yt?v=Hq3vB8pQz1A"
    )
    assert lookup_url("dailymotion", "x8qz4ab", "http://mock/dm") == "http://mock/dm/x8qz4ab?fields=duration"
    assert lookup_url("vimeo", "42", "http://mock/oembed?format=json") == (
        "http://mock/oembed?format=json&url=https%3A%2F%2Fvimeo.com%2F42"
    )
    uuid = "9c9de5e8-0a1e-484a-b099-e80766180a6d"
    assert lookup_url("peertube", uuid, "https://framatube.org/") == f"https://framatube.org/api/v1/videos/{uuid}"


@pytest.mark.parametrize(
    ("platform", "video_id"),
    [
        ("peertube", "9c9de5e8-0a1e-484a-b099-e80766180a6d"),  # needs the instance as base
        ("html5", None),
        ("facebook", "1838472919182736"),
        ("youtube", "../../admin"),
        ("youtube", "short"),
        ("dailymotion", "x8qz4ab?fields=owner"),
        ("vimeo", "abc"),
        ("unknown", "x"),
    ],
)
def test_lookup_url_refuses(platform: str, video_id: str | None) -> None:
    assert lookup_url(platform, video_id) is None


# --- URLs -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "platform", "video_id", "canonical"),
    [
        ("https://www.youtube.com/watch?v=Hq3vB8pQz1A", "youtube", "Hq3vB8pQz1A", None),
        ("https://m.youtube.com/watch?feature=share&v=Hq3vB8pQz1A&t=42", "youtube", "Hq3vB8pQz1A", None),
        ("https://www.youtube.com/watch?v=Hq3vB8pQz1A&list=PLx", "youtube", "Hq3vB8pQz1A", None),
        ("//www.youtube.com/embed/Hq3vB8pQz1A?rel=0", "youtube", "Hq3vB8pQz1A", None),
        ("https://www.youtube-nocookie.com/embed/Hq3vB8pQz1A", "youtube", "Hq3vB8pQz1A", None),
        ("https://youtu.be/Hq3vB8pQz1A?si=abc", "youtube", "Hq3vB8pQz1A", None),
        ("https://youtube.com/shorts/Hq3vB8pQz1A", "youtube", "Hq3vB8pQz1A", None),
        ("https://www.youtube.com/live/Hq3vB8pQz1A?feature=shared", "youtube", "Hq3vB8pQz1A", None),
        ("http://www.youtube.com/v/Hq3vB8pQz1A&hl=fr_FR&fs=1", "youtube", "Hq3vB8pQz1A", None),
        ("www.youtube.com/watch?v=Hq3vB8pQz1A", "youtube", "Hq3vB8pQz1A", None),
        ("HTTPS://WWW.YOUTUBE.COM/embed/Hq3vB8pQz1A", "youtube", "Hq3vB8pQz1A", None),
        ("https://www.dailymotion.com/video/x8qz4ab", "dailymotion", "x8qz4ab", None),
        ("https://www.dailymotion.com/video/x8qz4ab_le-debat_news", "dailymotion", "x8qz4ab", None),
        ("https://www.dailymotion.com/embed/video/x8qz4ab?autoplay=1", "dailymotion", "x8qz4ab", None),
        ("https://geo.dailymotion.com/player.html?video=x8qz4ab", "dailymotion", "x8qz4ab", None),
        ("https://geo.dailymotion.com/player/x9ab3.html?video=x8qz4ab", "dailymotion", "x8qz4ab", None),
        ("http://www.dailymotion.com/swf/video/xc8old1?additionalInfos=0", "dailymotion", "xc8old1", None),
        ("https://dai.ly/x8qz4ab", "dailymotion", "x8qz4ab", None),
        ("https://player.vimeo.com/video/874512339?h=3b1c2d9e0f", "vimeo", "874512339", None),
        ("https://vimeo.com/874512339", "vimeo", "874512339", None),
        ("https://vimeo.com/881200099/4f5e6d7c8b", "vimeo", "881200099", "https://vimeo.com/881200099"),
        ("https://vimeo.com/channels/staffpicks/874512339", "vimeo", "874512339", None),
        (
            "https://www.facebook.com/hamonbenoit/videos/1838472919182736/",
            "facebook",
            "1838472919182736",
            "https://www.facebook.com/hamonbenoit/videos/1838472919182736/",
        ),
        (
            "https://www.facebook.com/hamonbenoit/videos/vb.100/1838472919182736/?type=3",
            "facebook",
            "1838472919182736",
            "https://www.facebook.com/hamonbenoit/videos/1838472919182736/",
        ),
        (
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fp%2Fvideos%2F123456789%2F",
            "facebook",
            "123456789",
            "https://www.facebook.com/p/videos/123456789/",
        ),
        ("https://www.facebook.com/watch/?v=402918374655102", "facebook", "402918374655102", None),
        ("https://fb.watch/kQ2x9ZbT1r/", "facebook", "kQ2x9ZbT1r", "https://fb.watch/kQ2x9ZbT1r/"),
        (
            "https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d?warningTitle=0",
            "peertube",
            "9c9de5e8-0a1e-484a-b099-e80766180a6d",
            "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
        ),
        (
            "https://tube.example:8443/w/kkGMgK9ZtnKfYAgnEtQxbv",
            "peertube",
            "kkGMgK9ZtnKfYAgnEtQxbv",
            "https://tube.example:8443/w/kkGMgK9ZtnKfYAgnEtQxbv",
        ),
        (
            "/w/kkGMgK9ZtnKfYAgnEtQxbv",
            "peertube",
            "kkGMgK9ZtnKfYAgnEtQxbv",
            "https://example.org/w/kkGMgK9ZtnKfYAgnEtQxbv",
        ),
        (
            "https://cdn.embedly.com/widgets/media.html?src=x&url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3DCa4irK1dsQ2",
            "youtube",
            "Ca4irK1dsQ2",
            None,
        ),
        (
            "/media/oembed?url=https%3A//www.youtube.com/watch%3Fv%3DRt5yU7iO9pA&max_width=0",
            "youtube",
            "Rt5yU7iO9pA",
            None,
        ),
    ],
)
def test_parse_video_url(url: str, platform: str, video_id: str, canonical: str | None) -> None:
    ref = parse_video_url(url, PAGE)
    assert ref is not None
    assert (ref.platform, ref.video_id) == (platform, video_id)
    expected = (
        canonical
        or {
            "youtube": f"https://www.youtube.com/watch?v={video_id}",
            "dailymotion": f"https://www.dailymotion.com/video/{video_id}",
            "vimeo": f"https://vimeo.com/{video_id}",
            "facebook": f"https://www.facebook.com/watch/?v={video_id}",
        }[platform]
    )
    assert ref.url == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/@greenfieldforcouncil",
        "https://www.youtube.com/channel/UCcMryUp6ME3BvP2alkS3dFg",
        "https://www.youtube.com/c/OpenStreets",
        "https://www.youtube.com/user/MariaOrtegaCA",
        "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
        "https://www.youtube.com/embed/videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
        "https://www.youtube.com/embed?listType=playlist&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
        "https://www.youtube.com/embed/live_stream?channel=UCcMryUp6ME3BvP2alkS3dFg",
        "https://www.youtube.com/watch?v=tooShort",
        "https://img.youtube.com/vi/Hq3vB8pQz1A/hqdefault.jpg",
        "https://www.dailymotion.com/gazetteduval",
        "https://www.dailymotion.com/embed/playlist/x6hynp",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/showcase/10456789/embed",
        "https://vimeo.com/greenfieldcampaign",
        "https://www.facebook.com/hamonbenoit/",
        "https://www.facebook.com/hamonbenoit/videos/",
        "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.facebook.com%2Fp%2Fvideos%2F123456789%2F",
        "https://twitter.com/intent/tweet?url=https%3A%2F%2Fyoutu.be%2FHq3vB8pQz1A",
        "https://framatube.org/w/p/7mQxTz2aWs9Dk3LpYv4Hn",
        "https://framatube.org/c/channel/videos",
        "https://wiki.example.org/w/index.php?title=Accueil",
        "https://example.org/videos/",
        "javascript:alert('https://youtu.be/Hq3vB8pQz1A')",
        "mailto:?body=https://youtu.be/Hq3vB8pQz1A",
        "data:text/html,https://youtu.be/Hq3vB8pQz1A",
        "http://[::1",
        "http://www.youtube.com:99999/watch?v=Hq3vB8pQz1A",
        "",
        None,
    ],
)
def test_parse_video_url_refuses_non_videos(url: str | None) -> None:
    assert parse_video_url(url, PAGE) is None


def test_video_ref_key_is_platform_and_id() -> None:
    assert VideoRef("youtube", "Hq3vB8pQz1A", "https://www.youtube.com/watch?v=Hq3vB8pQz1A").key == (
        "youtube",
        "Hq3vB8pQz1A",
    )
    assert VideoRef("html5", None, "https://x/a.mp4").key == ("html5", "https://x/a.mp4")


# --- extractor edge cases -------------------------------------------------------------------------------------------


def test_single_unaddressed_videoobject_describes_the_only_video() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "VideoObject", "name": "Notre équipe", "duration": "PT50M12S",
     "url": "https://example.org/page/"}</script></head>
    <body><iframe src="https://www.youtube.com/embed/Hq3vB8pQz1A"></iframe></body></html>"""
    (video,) = videos(html)
    assert (video.title, video.duration_seconds, video.duration_source) == ("Notre équipe", 3012, "schema_org")


def test_videoobject_naming_another_video_is_not_pinned_on_the_embed() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "VideoObject", "name": "Autre", "duration": "PT2M", "embedUrl": "https://player.vimeo.com/video/42"}
    </script></head><body><iframe src="https://www.youtube.com/embed/Hq3vB8pQz1A"></iframe></body></html>"""
    found = {video.platform: video for video in videos(html)}
    assert found["youtube"].duration_seconds is None
    assert (found["vimeo"].title, found["vimeo"].duration_seconds) == ("Autre", 120)


def test_json_ld_media_file_adds_an_html5_video() -> None:
    html = """<script type="application/ld+json">{"@type": "VideoObject", "name": "Clip", "duration": "PT1M",
    "contentUrl": "/media/clip.mp4"}</script><div id="player"></div>"""
    (video,) = videos(html)
    assert (video.platform, video.url, video.duration_seconds) == ("html5", "https://example.org/media/clip.mp4", 60)


def test_og_video_duration_matches_by_url_among_several_videos() -> None:
    html = """<html><head><meta property="og:video" content="https://www.youtube.com/embed/Bbbbbbbbbbb">
    <meta property="og:video:duration" content="95"></head><body>
    <iframe src="https://www.youtube.com/embed/Aaaaaaaaaaa"></iframe>
    <iframe src="https://www.youtube.com/embed/Bbbbbbbbbbb"></iframe></body></html>"""
    lengths = {video.video_id: (video.duration_seconds, video.duration_source) for video in videos(html)}
    assert lengths == {"Aaaaaaaaaaa": (None, None), "Bbbbbbbbbbb": (95, "og_video_duration")}


def test_og_video_duration_applies_to_the_only_video() -> None:
    html = """<meta property="video:duration" content="3012"><video src="/media/equipe.mp4" controls></video>"""
    (video,) = videos(html)
    assert (video.duration_seconds, video.duration_source) == (3012, "og_video_duration")


def test_time_element_with_duration_datetime() -> None:
    html = """<figure><iframe src="https://player.vimeo.com/video/42"></iframe>
    <figcaption>Le film <time datetime="PT50M12S">50 min</time>, publié <time datetime="2017-02-20T18:30">à 18:30</time>
    </figcaption></figure>"""
    (video,) = videos(html)
    assert (video.duration_seconds, video.duration_source) == (3012, "visible_label")


def test_clock_time_element_outside_the_player_is_not_a_length() -> None:
    html = """<article><h2>Meeting</h2><p>Publié <time>18:30</time></p>
    <iframe src="https://www.youtube.com/embed/Hq3vB8pQz1A"></iframe></article>"""
    (video,) = videos(html)
    assert video.duration_seconds is None


def test_facades_keep_bare_ids_in_data_attributes() -> None:
    html = """<div class="youtube-player" data-src="Qa1sD2fG3hJ"></div>
    <div class="vimeo-embed" data-id="76979871"></div><div class="dailymotion-player" data-video="x8qz5cd"></div>
    <img data-src="photo.jpg" class="lazy"><div class="elementor-element" data-id="6f7a8b9"></div>"""
    assert [(video.platform, video.video_id) for video in videos(html)] == [
        ("youtube", "Qa1sD2fG3hJ"),
        ("vimeo", "76979871"),
        ("dailymotion", "x8qz5cd"),
    ]


def candidate_tags(html: str) -> list[str]:
    return [element.tag for element in candidate_elements(Page.from_html(html, PAGE))]


def test_candidates_are_the_elements_whose_attributes_name_a_video() -> None:
    assert candidate_tags("<html><body><p>Bonjour</p></body></html>") == []
    # A marker in text, in a class or in a style sheet makes no candidate; one in a link's address does.
    html = """<style>iframe[src*="vimeo"] { width: 100% }</style><p class="youtube">vimeo</p>
    <a href="https://youtu.be/Qa1sD2fG3hJ">x</a><a href="/about/">about</a>"""
    assert candidate_tags(html) == ["a"]
    # Under an odd attribute name (namespace, framework binding), any attribute holding a marker found there counts.
    html = '<svg><use xlink:href="https://youtu.be/Qa1sD2fG3hJ"/></svg><p class="youtube-facade">x</p>'
    assert candidate_tags(html) == ["use", "p"]
    # Id attributes, players' configurations and <video> elements are candidates by themselves.
    html = '<div data-video-id="Qa1sD2fG3hJ"></div><div data-config="{}"></div><video></video><p data-id="7">x</p>'
    assert candidate_tags(html) == ["div", "div", "video"]


def test_same_video_embedded_many_ways_is_one_item_in_page_order() -> None:
    html = """<a href="https://vimeo.com/42">first</a>
    <iframe src="https://www.youtube.com/embed/Hq3vB8pQz1A"></iframe>
    <a href="https://youtu.be/Hq3vB8pQz1A">again</a><lite-youtube videoid="Hq3vB8pQz1A"></lite-youtube>
    <video><source src="/a.mp4"></video><video src="/a.mp4"></video>"""
    found = videos(html)
    assert [(video.platform, video.video_id) for video in found] == [
        ("vimeo", "42"),
        ("youtube", "Hq3vB8pQz1A"),
        ("html5", None),
    ]
    assert found == videos(html)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html></html>",
        "\x00\x01\x02",
        "<iframe src='http://[::1'></iframe>",
        "<iframe src='javascript:alert(1)' data-src='data:text/html,x'></iframe>",
        '<div data-settings=\'{"video_type": "youtube", "youtube_url": 5}\'></div>',
        "<div data-settings='{\"youtube_url\": [\"https://youtu.be/Hq3vB8pQz1A\"' class='x'></div>",
        "<script type='application/ld+json'>" + "[" * 5000 + "</script>",
        '<script type=\'application/ld+json\'>{"@type": "VideoObject", "duration": 12, "embedUrl": 5}</script>',
        "<meta property='og:video:duration' content='" + "9" * 5000 + "'><video src='a.mp4'></video>",
        "<lite-youtube videoid='" + "A" * 100000 + "'></lite-youtube>",
        "<div class='youtube-player' data-id='../../etc'></div>",
        "<video><source></video><video src=''></video>",
        "<figure class='wp-block-embed'><div>https://youtu.be/</div></figure>",
        "<a href='https://www.youtube.com/watch?v=" + "%" * 3000 + "'>x</a>",
    ],
)
def test_extractor_survives_odd_markup(html: str) -> None:
    assert isinstance(videos(html), list)


# --- fuzzing --------------------------------------------------------------------------------------------------------

_URL_PIECES = [
    "https://www.youtube.com/embed/Hq3vB8pQz1A",
    "https://youtu.be/Hq3vB8pQz1A",
    "https://www.youtube.com/watch?v=",
    "https://player.vimeo.com/video/874512339",
    "https://www.dailymotion.com/video/x8qz4ab_slug",
    "https://geo.dailymotion.com/player.html?video=",
    "https://www.facebook.com/plugins/video.php?href=",
    "https://www.facebook.com/p/videos/1838472919182736/",
    "https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d",
    "/w/kkGMgK9ZtnKfYAgnEtQxbv",
    "/media/oembed?url=",
    "http://[::1",
    "javascript:",
    "data:,",
    "%",
    "&amp;",
    "{",
    '"',
    "/media/clip.mp4",
]
_TAGS = ["iframe", "video", "source", "a", "div", "lite-youtube", "figure", "embed", "object", "param", "time", "span"]
_ATTRIBUTES = ["src", "href", "data-src", "data-lazy-src", "data-id", "videoid", "data-settings", "data-html", "title"]
_TEXTS = ["Durée : 50:12", "(12:34)", "18:30", "50 min", "PT50M12S", "1 h 20", "<", ">", "&", "é", ""]

_attribute_values = st.lists(st.sampled_from(_URL_PIECES) | st.text(max_size=12), max_size=4).map("".join)
_elements = st.builds(
    lambda tag, attributes, text, close: "<{}{}>{}{}".format(
        tag, "".join(f' {name}="{value}"' for name, value in attributes), text, f"</{tag}>" if close else ""
    ),
    st.sampled_from(_TAGS),
    st.lists(st.tuples(st.sampled_from(_ATTRIBUTES), _attribute_values), max_size=3),
    st.sampled_from(_TEXTS) | st.text(max_size=10),
    st.booleans(),
)


def _json_ld_script(duration: str, url: str) -> str:
    data = json.dumps({"@type": "VideoObject", "duration": duration, "embedUrl": url})
    return f'<script type="application/ld+json">{data}</script>'


_json_ld = st.builds(
    _json_ld_script,
    st.sampled_from(["PT50M12S", "P0DT0H3M", "PT", "50:12", ""]) | st.text(max_size=10),
    st.sampled_from(_URL_PIECES) | st.text(max_size=10),
)
_pages = st.lists(_elements | _json_ld | st.text(max_size=20), max_size=12).map("".join)


def _check(found: list[Video]) -> None:
    assert isinstance(found, list)
    keys = set()
    for video in found:
        assert isinstance(video, Video)
        assert PLATFORM_NAME.fullmatch(video.platform)
        assert isinstance(video.url, str) and video.url
        assert (video.video_id is None) == (video.platform == "html5")
        assert (video.duration_seconds is None) == (video.duration_source is None)
        assert video.duration_seconds is None or 0 < video.duration_seconds <= MAX_SECONDS
        assert video.duration_source is None or video.duration_source in SOURCES
        key = (video.platform, video.video_id, video.url)
        assert key not in keys
        keys.add(key)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pages)
def test_extractor_fuzzed_markup(html: str) -> None:
    found = videos(html)
    _check(found)
    assert found == videos(html)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_extractor_binary_garbage(data: bytes) -> None:
    _check(videos(data.decode("utf-8", errors="replace") or " "))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from([PAGE, "", "http://[::1", "not a url"]))
def test_parse_video_url_never_raises(url: str, base: str) -> None:
    ref = parse_video_url(url, base)
    assert ref is None or PLATFORM_NAME.fullmatch(ref.platform)
