"""Pure parsers of the platform lookups that give a video's length when the page does not state it.

The spider does the HTTP (endpoints are settings); these functions only build the request URL from a base and read
the response body. They accept ``str`` or ``bytes``, never raise, and return ``None`` for anything unexpected:
error bodies, consent walls, live streams (length 0) and absurd lengths.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from inbound_spiders.extractors.durations import MAX_SECONDS, parse_iso8601_duration
from inbound_spiders.knowledge.video_platforms import LOOKUP_BASES, VIMEO_VIDEO_URL, is_video_id

#: Default lookup endpoints (the video-platform knowledge's).
DEFAULT_LOOKUP_BASES: dict[str, str] = LOOKUP_BASES

#: Platforms whose lengths can be asked for (PeerTube: of the instance the video is on).
LOOKUP_PLATFORMS = ("youtube", "dailymotion", "vimeo", "peertube")
_NUMERIC = re.compile(r"\d{1,9}(?:\.\d{1,6})?")
_BODY_LIMIT = 4_000_000
_YT_VIDEO_DETAILS = '"videoDetails"'
_YT_LENGTH_SECONDS = re.compile(r'"lengthSeconds"\s*:\s*"?(\d{1,7})"?')
_YT_META_DURATION = re.compile(r"<meta\b[^>]{0,200}?\bitemprop\s*=\s*[\"']duration[\"'][^>]{0,200}>", re.IGNORECASE)
_META_CONTENT = re.compile(r"\bcontent\s*=\s*[\"']([^\"']{1,64})[\"']", re.IGNORECASE)


def _text(body: str | bytes | None) -> str:
    """A response body as text (bytes decoded as UTF-8, bad bytes replaced), cut to ``_BODY_LIMIT``; ``""`` for none."""
    if body is None:
        return ""
    if isinstance(body, bytes):
        return body[:_BODY_LIMIT].decode("utf-8", errors="replace")
    return body[:_BODY_LIMIT] if isinstance(body, str) else ""


def _seconds(value: Any) -> int | None:
    """A length in seconds from a JSON number or numeric string, within (0, 48 h]."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not _NUMERIC.fullmatch(value):
            return None
        value = float(value)
    if not isinstance(value, (int, float)) or value != value:  # NaN is the only value unequal to itself
        return None
    seconds = int(value + 0.5)
    return seconds if 0 < seconds <= MAX_SECONDS else None


def _json_field(body: str | bytes | None, name: str) -> Any:
    """Field ``name`` of a JSON object body; ``None`` when the body is not a JSON object or lacks it."""
    try:
        data = json.loads(_text(body))
    except (ValueError, RecursionError):
        return None
    return data.get(name) if isinstance(data, dict) else None


def youtube_length_from_watch_page(html: str | bytes | None) -> int | None:
    """Length of the video of a YouTube watch page: ``videoDetails.lengthSeconds`` of ``ytInitialPlayerResponse``,
    else the page's ``<meta itemprop="duration" content="PT50M12S">``."""
    text = _text(html)
    if not text:
        return None
    # Suggested videos may carry lengths of their own; the watched one is described under videoDetails.
    details = text.find(_YT_VIDEO_DETAILS)
    match = _YT_LENGTH_SECONDS.search(text, details if details >= 0 else 0) or _YT_LENGTH_SECONDS.search(text)
    if match:
        seconds = _seconds(match.group(1))
        if seconds:
            return seconds
    for meta in _YT_META_DURATION.finditer(text):
        content = _META_CONTENT.search(meta.group())
        if content:
            seconds = parse_iso8601_duration(content.group(1))
            if seconds:
                return seconds
    return None


def dailymotion_duration_from_api(body: str | bytes | None) -> int | None:
    """Length from the Dailymotion public API answer ``{"duration": 3012}`` (``/video/<id>?fields=duration``)."""
    return _seconds(_json_field(body, "duration"))


def vimeo_duration_from_oembed(body: str | bytes | None) -> int | None:
    """Length from Vimeo's oEmbed answer ``{"duration": 3012, "title": ...}``."""
    return _seconds(_json_field(body, "duration"))


def peertube_duration_from_api(body: str | bytes | None) -> int | None:
    """Length from a PeerTube instance's ``/api/v1/videos/<id>`` answer ``{"duration": 3012, ...}``."""
    return _seconds(_json_field(body, "duration"))


def lookup_url(platform: str, video_id: str | None, base: str | None = None) -> str | None:
    """The URL to fetch for the length of ``video_id`` on ``platform``; ``None`` when there is no lookup for it.

    ``base`` overrides :data:`DEFAULT_LOOKUP_BASES` (YouTube: watch-page prefix the id is appended to; Dailymotion:
    API prefix, ``?fields=duration`` is added; Vimeo: oEmbed endpoint, ``url=`` is added). PeerTube has no default:
    ``base`` must be the instance root (``https://framatube.org``), ``/api/v1/videos/<id>`` is added.
    """
    if platform not in LOOKUP_PLATFORMS or not isinstance(video_id, str) or not is_video_id(platform, video_id):
        return None
    base = base or DEFAULT_LOOKUP_BASES.get(platform)
    if not base:
        return None
    if platform == "youtube":
        return f"{base}{video_id}"
    if platform == "dailymotion":
        return f"{base.rstrip('/')}/{video_id}?fields=duration"
    if platform == "vimeo":
        separator = "&" if "?" in base else "?"
        return f"{base}{separator}url={quote(VIMEO_VIDEO_URL.format(video_id), safe='')}"
    return f"{base.rstrip('/')}/api/v1/videos/{video_id}"
