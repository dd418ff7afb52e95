"""Videos shown on a page: platform embeds and links (YouTube, Dailymotion, Vimeo, Facebook, PeerTube) and HTML5
``<video>`` elements, with their title and, when the page states it, their length.

An auditor wants to know whether a site shows video and whether it is watchable: a 50-minute press conference is not
the same inbound asset as a 2-minute clip. Lengths come, in order of trust, from schema.org ``VideoObject`` metadata
(JSON-LD or microdata), from ``og:video:duration`` and from a label shown next to the player. The spider may later
ask the platform (see :mod:`inbound_spiders.extractors.video_platforms`) when none of them is present.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from operator import methodcaller
from typing import TYPE_CHECKING, Any

from lxml import etree
from parsel import Selector

from inbound_spiders.extractors.common import absolute_url, clean_text
from inbound_spiders.extractors.durations import MAX_SECONDS, find_duration, parse_duration, parse_iso8601_duration
from inbound_spiders.items import Video
from inbound_spiders.knowledge.video_platforms import (
    PLATFORM_URL_MARKERS,
    PLAYER_URL_MARKERS,
    PLAYERS,
    URL_MARKERS,
    WATCH_PAGE_PLATFORMS,
    VideoRef,
    parse_video_url,
    platform_named,
    player_named,
    ref_for_id,
    ref_from_video_object,
)
from inbound_spiders.page.structured_data import StructuredData, first_text, has_type

if TYPE_CHECKING:
    from inbound_spiders.page.model import Page

_URL_IN_BLOB = re.compile(r"(?:https?:)?//[^\s\"'<>\\,]{4,2048}")
_MEDIA_FILE = re.compile(r"\.(?:mp4|m4v|webm|ogv|ogg|mov|m3u8|mpd)(?:$|[?#])", re.IGNORECASE)

_URL_MARKER = re.compile("|".join(re.escape(marker) for marker in URL_MARKERS))
_EMBED_TAGS = ("iframe", "video", "source", "embed", "object", "script")
# Attributes holding a player's JSON configuration (click-to-load players), read whatever platform they name.
_CONFIG_ATTRIBUTES = frozenset({"data-config", "data-video", "data-setup", "data-player-config"})
# Attribute names a marker is credited to: plain names (namespaced and framework names, xlink:href or v-bind:src,
# make every attribute holding a marker a candidate, whatever its name).
_PLAIN_NAME = re.compile(r"[A-Za-z_][\w.-]{0,60}")
_CREDITED_NAME = re.compile(r"[^\s=\"'<>/]{1,60}")
_ID_ATTRIBUTES = (
    "videoid",
    "data-videoid",
    "data-video-id",
    "data-youtube-id",
    "data-yt-id",
    "data-ytid",
    "data-vimeo-id",
    "data-dailymotion-id",
    "data-plyr-embed-id",
    "data-embed-id",
    "video-id",
    "data-media-id",
    "data-mediaid",
    "data-entry-id",
    "data-video",
    "data-id",
)
_PLATFORM_OF_ID_ATTRIBUTE = {
    "data-youtube-id": "youtube",
    "data-yt-id": "youtube",
    "data-ytid": "youtube",
    "data-vimeo-id": "vimeo",
    "data-dailymotion-id": "dailymotion",
}
_HINT_ATTRIBUTES = (
    "class",
    "data-plyr-provider",
    "data-provider",
    "data-type",
    "data-platform",
    "data-video-type",
    "data-source",
)
# Player configs written as JSON (click-to-load players): the key naming the platform, the keys holding its id.
_CONFIG_PLATFORM_KEYS = ("player", "provider", "platform", "source", "type", "videoType", "service", "newspaper")
_CONFIG_ID_KEYS = ("id", "videoId", "video_id", "videoID", "mediaId", "media_id", "uuid", "embedId", "entryId")
# A link to a watch page is a citation unless the page presents it as the video: a thumbnail card, a lightbox or
# popup player, a play button.
_PRESENTING_LINK = re.compile(
    r"thumb|card|player|(?<![a-z])play|popup|lightbox|fancybox|modal|lity|venobox|glightbox|magnific|colorbox|mfp-",
    re.IGNORECASE,
)
_CLASS_ID_PLAYERS = tuple(player for player in PLAYERS if player.id_in_class is not None)
# Attributes holding prose or styling, never the video's address.
_SKIPPED_ATTRIBUTES = frozenset({"class", "style", "alt", "title", "aria-label", "id", "name", "content", "rel"})
# Id attributes whose element is a candidate whatever its other attributes (data-id, on every Elementor element, only
# with a platform's class; data-ytid and data-mediaid only with another mark of a video).
# A player's configuration (data-config) makes a candidate too.
_CANDIDATE_ID_NAMES = frozenset(
    {name for name in _ID_ATTRIBUTES[:-2] if name.endswith("-id")}
    | {"videoid", "data-videoid", "data-video", "data-config"}
)
_NOT_CONTENT_TAGS = frozenset({"meta", "link", "script", "style", "head", "html", "body"})
# Facades such as div.youtube-player keep the bare id in data-id or data-src; the class says which platform.
_PLATFORM_CLASS_MARKS = ("outube", "imeo", "ailymotion")
_HINTED_ID_NAMES = frozenset({"data-id", "data-src"})
_BARE_EMBED_INSIDE = etree.XPath("boolean(.//iframe or .//a or .//video)")
# Every attribute value of the page as a plain string: lxml's default "smart" strings each hold their element, so the
# garbage collector tracks them, hundreds per page, alive while the extractor runs (the names and elements come from a
# walk of the document instead, see _Attributes).
_ATTRIBUTE_VALUES = etree.XPath("//@*", smart_strings=False)
_ATTRIBUTE_NODES = etree.XPath("//@*")
_ATTRIBUTE_NAMES_OF = methodcaller("keys")
_TWITTER_PLAYER_XPATH = "//meta[@name='twitter:player' or @property='twitter:player']/@content"
_VIDEO_OBJECT_URL_KEYS = ("embedUrl", "embedURL", "contentUrl", "contentURL", "@id", "url")
_SECONDS_NUMBER = re.compile(r"\s*(\d{1,6})(?:\.\d{1,6})?\s*")
_ATTRIBUTE_LIMIT = 20_000

# Queries run once per video are compiled once: compiling costs more than running them on a small subtree.
_TEXT_XPATH = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]", smart_strings=False)
_CAPTION_TEXT_XPATH = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::h1 or ancestor::h2 or ancestor::h3"
    " or ancestor::h4 or ancestor::h5 or ancestor::h6)]",
    smart_strings=False,
)
_STRING_XPATH = etree.XPath("string()", smart_strings=False)
_IMAGE_ALTS_XPATH = etree.XPath(".//img/@alt", smart_strings=False)
_HAS_IMAGE_XPATH = etree.XPath("boolean(.//img)")
_FIGCAPTION_XPATH = etree.XPath("ancestor-or-self::figure[1]/figcaption")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TOP_LEVEL = frozenset({"html", "body", "main"})
# A private container holds this video only and a caption's worth of text; above that we are reading the page.
_CONTAINER_LEVELS = 3
_CONTAINER_MAX_TEXT = 1500
_BADGE_MAX_TEXT = 24
_CAPTION_SIBLINGS = 3
_CAPTION_MAX_TEXT = 300
_DURATION_CLASS = re.compile(r"duration|length|runtime|running-time|video-time|duree", re.IGNORECASE)
_PLAY_PREFIX = re.compile(
    r"^(?:play|lire|regarder|watch|voir|lecture)(?:\s+(?:video|vidéo|la vidéo))?\s*[:\-\u2013\u2014]\s*", re.I
)
_WORDS = re.compile(r"\w+")
# Titles that only name the player ("YouTube video player", "Lecteur vidéo Dailymotion", "Lire la vidéo").
_GENERIC_TITLE_TEXT = """
    youtube vimeo dailymotion facebook peertube video vidéo videos vidéos player lecteur embed embedded embedding
    content contenu intégré iframe frame media média multimédia watch voir regarder lire play jouer the a an la le les
    l de du des d on sur this cette ce une un of for pour click cliquez ici here to view load charger afficher externe
    external en in at à and et with avec video_player thumbnail miniature image vignette button bouton
    youtu be com www http https short shorts link lien direct live"""
_GENERIC_TITLE_WORDS = frozenset(_GENERIC_TITLE_TEXT.split()) | {
    word for player in PLAYERS for name in (player.name, *player.hints) for word in re.findall(r"[a-z]+", name)
}
_TITLE_MAX = 300
_LABEL_MAX_WORDS = 4


@dataclass
class _Sighting:
    """A video and every element of the page that shows it."""

    ref: VideoRef
    nodes: list[etree._Element] = field(default_factory=list)
    media_urls: set[str] = field(default_factory=set)
    presented: bool = False
    """Whether the page presents the video (player, embed, facade, card, metadata) rather than only linking to it."""


@dataclass
class _Metadata:
    """What a ``VideoObject`` (or the page's Open Graph tags) says about one video."""

    source: str
    seconds: int | None = None
    name: str | None = None
    keys: set[tuple[str, str]] = field(default_factory=set)
    refs: list[VideoRef] = field(default_factory=list)
    urls: set[str] = field(default_factory=set)
    scope: etree._Element | None = None
    described: VideoRef | None = None
    """The video it describes, named from its own URLs, for a page whose players do not show it."""

    @property
    def identified(self) -> bool:
        """Whether it names a specific video (so it must not be pinned on another one)."""
        return bool(self.keys) or any(_MEDIA_FILE.search(url) for url in self.urls)


# --- Sightings ----------------------------------------------------------------------------------------------------


def _platform_from_hint(element: etree._Element) -> str | None:
    """The platform or player the element's tag or hint attributes (class, ``data-provider``, ``data-source``...) name,
    or whose signature attributes it carries (Brightcove's ``data-account`` + ``data-player``); else ``None``."""
    hint = " ".join([str(element.tag), *(element.get(name) or "" for name in _HINT_ATTRIBUTES)])
    named = platform_named(hint)
    if named:
        return named
    for player in PLAYERS:
        if player.signature and all(element.get(name) for name in player.signature):
            return player.name
    return None


def _ref_from_id(platform: str | None, value: str, base_url: str) -> VideoRef | None:
    """The video a facade's id attribute names: a URL-like value is parsed as a URL, a bare id is kept only when it has
    the id format of the hinted platform."""
    value = value.strip()
    if "/" in value or "." in value:
        return parse_video_url(value, base_url)
    return ref_for_id(platform, value) if platform else None


def _ref_in_config(config: dict[str, Any]) -> VideoRef | None:
    """The video a click-to-load player config names: ``{"player": "dailymotion", "id": "x8abc12"}``, ``{"provider":
    "brightcove", "videoId": ...}``; ``None`` when no key names a platform or no id has its format."""
    for platform_key in _CONFIG_PLATFORM_KEYS:
        named = config.get(platform_key)
        platform = platform_named(named) if isinstance(named, str) and len(named) <= 40 else None
        if platform is None:
            continue
        for id_key in _CONFIG_ID_KEYS:
            value = config.get(id_key)
            ref = ref_for_id(platform, str(value)) if isinstance(value, (str, int)) and value else None
            if ref:
                return ref
    return None


def _media_urls_in(value: str, base_url: str) -> set[str]:
    """Media file URLs (``.mp4``, ``.m3u8``...) written in an attribute's JSON or HTML, made absolute."""
    urls = (absolute_url(match.group(), base_url) for match in _URL_IN_BLOB.finditer(value.replace("\\/", "/")))
    return {url for url in urls if url and _MEDIA_FILE.search(url)}


def _refs_in_blob(value: str, base_url: str) -> Iterator[VideoRef]:
    """Videos named inside an attribute holding JSON settings (Elementor, video.js) or HTML (Squarespace)."""
    if value.lstrip()[:1] in ("{", "["):
        try:
            data = json.loads(value)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict):
            yield from _refs_in_settings(data, base_url)
            return
    for match in _URL_IN_BLOB.finditer(value.replace("\\/", "/")):
        ref = parse_video_url(match.group(), base_url)
        if ref:
            yield ref


def _refs_in_settings(settings: dict[str, Any], base_url: str) -> Iterator[VideoRef]:
    """Videos in a page builder's JSON settings: the URL of the provider Elementor says it uses, else every video URL or
    embed code found in the tree (bounded walk, background keys skipped)."""
    # Elementor keeps one URL per provider and says which one is used; section backgrounds are decoration.
    video_type = settings.get("video_type")
    if isinstance(video_type, str) and f"{video_type}_url" in settings:
        chosen = settings[f"{video_type}_url"]
        chosen = chosen.get("url") if isinstance(chosen, dict) else chosen
        ref = parse_video_url(chosen, base_url) if isinstance(chosen, str) else None
        if ref:
            yield ref
        return
    stack: list[Any] = [settings]
    visited = 0
    while stack and visited < 200:
        visited += 1
        current = stack.pop()
        configured = _ref_in_config(current) if isinstance(current, dict) else None
        if configured:
            yield configured
        items = current.items() if isinstance(current, dict) else enumerate(current)
        for key, value in items:
            if isinstance(key, str) and "background" in key:
                continue
            if isinstance(value, str) and _URL_MARKER.search(value):
                ref = parse_video_url(value, base_url)
                if ref:
                    yield ref
                elif "<" in value:  # an embed code kept as a string (Squarespace "html")
                    yield from _refs_in_blob(value, base_url)
            elif isinstance(value, (dict, list)):
                stack.append(value)


def _html5_sources(element: etree._Element) -> list[str]:
    """The non-blank ``src``/``data-src`` of a ``<video>`` and of its ``<source>`` children, in order."""
    sources = [element.get("src"), element.get("data-src")]
    for source in element.iterchildren("source"):
        sources.extend((source.get("src"), source.get("data-src")))
    return [value for value in sources if value and value.strip()]


def _refs_of(element: etree._Element, base_url: str) -> tuple[list[VideoRef], set[str], set[tuple[str, str]]]:
    """Videos an element shows; the media URLs it plays or configures (to match metadata against); and the keys of the
    videos it only links to (a plain ``<a href>`` to a watch page)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    refs: list[VideoRef] = []
    media_urls: set[str] = set()
    linked: set[tuple[str, str]] = set()
    if tag == "video":
        html5: VideoRef | None = None
        for source in _html5_sources(element):
            platform_ref = parse_video_url(source, base_url)
            if platform_ref:
                refs.append(platform_ref)
            media_url = absolute_url(source, base_url)
            # blob: URLs name a stream in the visitor's browser, not a media file.
            if media_url and media_url.startswith(("http://", "https://")):
                media_urls.add(media_url)
                if html5 is None and platform_ref is None:
                    html5 = VideoRef("html5", None, media_url)
        if html5 is not None and not refs:
            refs.append(html5)
    if tag == "figure":
        # An oEmbed block WordPress could not expand keeps the bare URL as text.
        for match in _URL_IN_BLOB.finditer(str(_STRING_XPATH(element))[:_ATTRIBUTE_LIMIT]):
            ref = parse_video_url(match.group(), base_url)
            if ref:
                refs.append(ref)
                break
    classes = element.get("class") or ""
    for player in _CLASS_ID_PLAYERS:
        found = player.id_in_class.search(classes) if player.id_in_class else None
        if found:
            refs.append(player.ref(found.group("id")))
    for name, raw in element.items():
        if not isinstance(raw, str) or not raw or name in _SKIPPED_ATTRIBUTES or (tag == "video" and name == "src"):
            continue
        value = raw[:_ATTRIBUTE_LIMIT]
        if name in _ID_ATTRIBUTES or (name == "data-src" and "/" not in value):
            platform = _PLATFORM_OF_ID_ATTRIBUTE.get(name) or _platform_from_hint(element)
            ref = _ref_from_id(platform, value, base_url) if platform or "/" in value else None
            if ref:
                refs.append(ref)
                continue
        stripped = value.strip()
        is_config = name in _CONFIG_ATTRIBUTES and stripped[:1] == "{"
        if not is_config and not _URL_MARKER.search(value):
            continue
        if stripped[:1] in ("{", "[", "<") or " " in stripped:
            found_refs = list(_refs_in_blob(stripped, base_url))
            if found_refs:
                refs.extend(found_refs)
                media_urls |= _media_urls_in(stripped, base_url)
        else:
            ref = parse_video_url(stripped, base_url)
            if ref:
                refs.append(ref)
                if name == "href" and tag in ("a", "area"):
                    linked.add(ref.key)
    if linked and _presents(element, refs):
        linked = set()
    # A key also found in another attribute (data-video-id on the link) is presented, not only linked.
    other_keys = [ref.key for ref in refs]
    linked = {key for key in linked if other_keys.count(key) == 1}
    return refs, media_urls, linked


def _presents(link: etree._Element, refs: list[VideoRef]) -> bool:
    """Whether a link to a video is presented as the video itself: a thumbnail card, a lightbox or popup player, a
    play button (its class or data attributes say so), or a link around the video's own thumbnail image."""
    described = " ".join(
        value for name, value in link.items() if name == "class" or (name.startswith("data-") and len(value) < 200)
    )
    described += " " + " ".join(name for name in link.attrib if name.startswith("data-"))
    if _PRESENTING_LINK.search(described):
        return True
    ids = [ref.video_id for ref in refs if ref.video_id]
    images = [image.get("src") or image.get("data-src") or "" for image in link.iter("img")]
    return any(video_id in image for image in images for video_id in ids)


def _markup(root: etree._Element) -> str:
    """The page serialised (XML method): only for the rare page whose attributes name no video platform but whose
    text, comments or tag names might (see :func:`_mentions_video`)."""
    try:
        return etree.tostring(root, encoding="unicode")
    except (TypeError, ValueError):
        return ""


def _occurrences(text: str, needle: str) -> Iterator[int]:
    """Start positions of the non-overlapping occurrences of ``needle`` in ``text``."""
    position = text.find(needle)
    while position >= 0:
        yield position
        position = text.find(needle, position + len(needle))


def _serialised_length(text: str) -> int:
    """Length of ``text`` written as an attribute value (``&``, ``<``, ``>``, ``"`` and control whitespace escaped)."""
    return (
        len(text)
        + 4 * text.count("&")
        + 3 * (text.count("<") + text.count(">") + text.count("\t"))
        + 5 * text.count('"')
        + 4 * (text.count("\n") + text.count("\r"))
    )


def _credited(name: str, value: str, offset: int) -> str | None:
    """The (lower-cased) name a marker at ``offset`` of the attribute ``name="value"`` is credited to; ``None`` past
    the first :data:`_ATTRIBUTE_LIMIT` characters of the value as written (escapes counted), or for an odd name."""
    # An escape is at most 6 characters: only a marker that deep can be past the limit.
    if offset * 6 >= _ATTRIBUTE_LIMIT - 2 and _serialised_length(value[:offset]) > _ATTRIBUTE_LIMIT - 2:
        return None
    return name.lower() if _CREDITED_NAME.fullmatch(name) else None


def _embed_sources(page: Page) -> Iterator[str]:
    """The URLs of the page's iframes, media, embeds and scripts (where a player's host shows)."""
    for element in page.elements(*_EMBED_TAGS):
        source = element.get("src") or element.get("data-src") or element.get("data")
        if source:
            yield source


def _mentions_video(page: Page, joined_values: str) -> bool:
    """Whether the page names a video platform or says "video" anywhere (attributes, text, comments, tag names)."""
    if "ideo" in joined_values or page.elements("video"):
        return True
    markup = _markup(page.root) if page.root is not None else ""
    return "ideo" in markup or any(marker in markup for marker in PLATFORM_URL_MARKERS)


class _Attributes:
    """Every attribute of the page in document order: the values as plain strings (and joined, for cheap substring
    tests: markers hold no newline, so none spans two values), the names, and the element holding each."""

    __slots__ = ("_elements", "_ends", "joined", "names", "values")

    def __init__(self, page: Page) -> None:
        """Read the attributes of ``page`` (none without a tree)."""
        self.values: list[str] = _ATTRIBUTE_VALUES(page.root) if page.root is not None else []
        self.joined = "\n".join(self.values)
        # The document's elements list their attribute names in the same order as the query: plain strings too, and
        # the element of a value found by its index.
        self._elements = _document_elements(page)
        self.names: list[str] = []
        self._ends: list[int] = []  # the number of attributes up to and including each element
        names, add_names, add_end = self.names, self.names.extend, self._ends.append
        for element_names in map(_ATTRIBUTE_NAMES_OF, self._elements):
            add_names(element_names)
            add_end(len(names))
        if len(self.names) != len(self.values):
            # Not seen on any page: should a tree ever hold attributes the walk misses, each value names its own.
            nodes = _ATTRIBUTE_NODES(page.root)
            self.names = [node.attrname for node in nodes]
            self._elements = [node.getparent() for node in nodes]
            self._ends = list(range(1, len(nodes) + 1))

    def element(self, index: int) -> etree._Element:
        """The element holding the attribute at ``index``."""
        return self._elements[bisect_right(self._ends, index)]


def _document_elements(page: Page) -> list[etree._Element]:
    """Every node of the page's document, in document order: the page's own walk (kept alive by the page) unless its
    root has neighbours, such as a script after ``</html>`` that the parser keeps beside the root."""
    root = page.root
    if root is None or (root.getparent() is None and root.getprevious() is None and root.getnext() is None):
        return page.elements()
    top = root.getroottree().getroot()
    before = [element for node in reversed(list(top.itersiblings(preceding=True))) for element in node.iter()]
    after = [element for node in top.itersiblings() for element in node.iter()]
    return [*before, *(page.elements() if top is root else top.iter()), *after]


def _candidates(page: Page, attributes: _Attributes) -> list[etree._Element]:
    """The elements of the page that may show a video, in document order.

    One read of every attribute value of the page (a C-level query, plain strings); testing each value against each
    URL marker in Python would cost more than the rest of the extractor, so the markers are looked for in all the
    values joined, then credited to the attributes holding them. Candidates: elements with a non-prose attribute
    holding a marker found in such an attribute, ``<video>`` elements, elements with a video id attribute, a player's
    config, or a platform's class with a bare id, elements with a known player's class (when its scripts are on the
    page), and WordPress embed blocks holding their URL as text.
    """
    values, joined, attribute_names = attributes.values, attributes.joined, attributes.names
    markers = [marker for marker in PLATFORM_URL_MARKERS if marker in joined]
    # Player hosts are looked for in the page's few embed, media and script URLs only.
    embed_sources = " ".join(_embed_sources(page))
    markers += [marker for marker in PLAYER_URL_MARKERS if marker in embed_sources]
    names: set[str] = set()
    found: set[str] = set()
    hinted = False  # a class attribute names a platform: div.youtube-player, .rll-youtube-player...
    holding: list[tuple[int, str]] = []  # (value index, marker) of each value holding a marker
    # Value i ends at ends[i] + i in the joined text (lengths summed in C; a newline after each value).
    ends = list(accumulate(map(len, values))) if markers else []
    for marker in markers:
        for position in _occurrences(joined, marker):
            index = bisect_right(range(len(values)), position, key=lambda i: ends[i] + i)
            holding.append((index, marker))
            value = values[index]
            name = _credited(attribute_names[index], value, position - (ends[index] + index - len(value)))
            if name == "class":
                hinted = True
            elif name and name not in _SKIPPED_ATTRIBUTES:
                names.add(name)
                found.add(marker)
    chosen: set[etree._Element] = set()
    if names:
        any_name = not all(_PLAIN_NAME.fullmatch(name) for name in names)
        chosen.update(
            attributes.element(index)
            for index, marker in holding
            if marker in found and (any_name or attribute_names[index] in names)
        )
    class_players = [player for player in _CLASS_ID_PLAYERS if player.name in embed_sources]
    wanted = (
        _CANDIDATE_ID_NAMES | (_HINTED_ID_NAMES if hinted else frozenset()) | ({"class"} if class_players else set())
    )
    present = wanted.intersection(attribute_names)
    if present:
        for index, name in enumerate(attribute_names):
            if name not in present:
                continue
            if name in _CANDIDATE_ID_NAMES:
                chosen.add(attributes.element(index))
            elif name in _HINTED_ID_NAMES:
                element = attributes.element(index)
                classes = element.get("class")
                if classes and any(mark in classes for mark in _PLATFORM_CLASS_MARKS):
                    chosen.add(element)
            elif any(player.class_marker in values[index] for player in class_players):
                chosen.add(attributes.element(index))
    chosen.update(page.elements("video"))
    bare_embeds = [
        figure
        for figure in page.elements("figure")
        if "wp-block-embed" in (figure.get("class") or "") and not _BARE_EMBED_INSIDE(figure)
    ]
    if bare_embeds and (markers or _mentions_platform(page)):
        chosen.update(bare_embeds)
    if not chosen or not (markers or _mentions_video(page, joined)):
        return []
    return [element for element in page.elements() if element in chosen]


def candidate_elements(page: Page) -> list[etree._Element]:
    """The elements of ``page`` that may show a video, in document order (see :func:`_candidates`)."""
    return _candidates(page, _Attributes(page))


def _mentions_platform(page: Page) -> bool:
    """Whether a video platform's URL marker is anywhere in the page (text included)."""
    markup = _markup(page.root) if page.root is not None else ""
    return any(marker in markup for marker in PLATFORM_URL_MARKERS)


def _sightings(page: Page, attributes: _Attributes) -> dict[tuple[str, str], _Sighting]:
    """Every video the page's elements show, by :attr:`VideoRef.key`, with the elements showing it (and, for HTML5, its
    media URLs); empty when the page holds no candidate."""
    sightings: dict[tuple[str, str], _Sighting] = {}
    for element in _candidates(page, attributes):
        if element.tag in _NOT_CONTENT_TAGS:
            continue
        refs, media_urls, linked = _refs_of(element, page.base_url)
        for ref in refs:
            sighting = sightings.setdefault(ref.key, _Sighting(ref))
            if element not in sighting.nodes:
                sighting.nodes.append(element)
            sighting.media_urls |= media_urls
            sighting.presented = sighting.presented or ref.key not in linked
    return sightings


# --- Metadata -----------------------------------------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    """The URL strings of a JSON-LD or microdata value: the string itself, an object's ``@id``/``url``/``contentUrl``/
    ``embedUrl`` (microdata: under ``properties``), or the strings among a list's first 10 items."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        properties = value.get("properties") if isinstance(value.get("properties"), dict) else value
        for name in ("@id", "url", "contentUrl", "embedUrl"):
            if isinstance(properties.get(name), str):
                yield properties[name]
    elif isinstance(value, list):
        for element in value[:10]:
            if isinstance(element, str):
                yield element


def _video_metadata(data: dict[str, Any], page_url: str, scope: etree._Element | None) -> _Metadata:
    """What one ``VideoObject`` (JSON-LD object or microdata properties) says: length, name, the videos and URLs it
    names, and the video it describes when no player of the page shows it."""
    duration = first_text(data.get("duration"))
    name = first_text(data.get("name"))
    metadata = _Metadata(
        "schema_org",
        seconds=(parse_iso8601_duration(duration) or (parse_duration(duration) if scope is not None else None))
        if duration
        else None,
        name=(clean_text(name)[:_TITLE_MAX] or None) if name else None,
        scope=scope,
    )
    urls = {key: [url for url in _strings(data.get(key)) if url.strip()] for key in _VIDEO_OBJECT_URL_KEYS}
    embed_urls = urls["embedUrl"] + urls["embedURL"]
    content_urls = urls["contentUrl"] + urls["contentURL"]
    page_urls = urls["@id"] + urls["url"]
    metadata = _metadata_from_urls(metadata, iter([*embed_urls, *content_urls, *page_urls]), page_url)
    absolute = [
        [url for url in (absolute_url(url, page_url) for url in group) if url] for group in (embed_urls, content_urls)
    ]
    pages = [url for url in (absolute_url(url, page_url) for url in page_urls) if url and not url.startswith("#")]
    metadata.described = ref_from_video_object(absolute[0], absolute[1], pages, page_url)
    return metadata


def _metadata_from_urls(metadata: _Metadata, urls: Iterator[str], page_url: str) -> _Metadata:
    """``metadata`` completed from ``urls``: videos they name join its keys and refs; other absolute URLs (not the page
    itself) are kept to match HTML5 media URLs."""
    for url in urls:
        ref = parse_video_url(url, page_url)
        if ref:
            if ref.key not in metadata.keys:
                metadata.keys.add(ref.key)
                metadata.refs.append(ref)
            continue
        resolved = absolute_url(url, page_url)
        if resolved and resolved != page_url:
            metadata.urls.add(resolved)
    return metadata


def _schema_videos(data: StructuredData, page_url: str) -> list[_Metadata]:
    """One :class:`_Metadata` per schema.org ``VideoObject`` of the page, JSON-LD first (nested graphs walked), then
    microdata (whose scope element claims the players inside it). Audio objects are not videos."""
    found = [_video_metadata(node, page_url, None) for node in data.json_ld_nodes() if has_type(node, "VideoObject")]
    for item in data.microdata_items():
        if has_type(item, "VideoObject") and isinstance(item.get("properties"), dict):
            found.append(_video_metadata(item["properties"], page_url, item.get("htmlNode")))
    return found


def _open_graph_video(selector: Selector, data: StructuredData, page_url: str) -> _Metadata | None:
    """The page's ``og:video:duration`` (seconds or ISO 8601, within bounds) with the ``og:video``/``twitter:player``
    URLs it describes; ``None`` without a usable length."""
    for content in data.open_graph_values("og:video:duration", "video:duration"):
        number = _SECONDS_NUMBER.fullmatch(content)
        seconds = parse_iso8601_duration(content.strip()) if number is None else int(number.group(1))
        if seconds and seconds <= MAX_SECONDS:
            metadata = _Metadata("og_video_duration", seconds=seconds)
            urls = [
                *data.open_graph_values("og:video", "og:video:url", "og:video:secure_url"),
                *selector.xpath(_TWITTER_PLAYER_XPATH).getall(),
            ]
            return _metadata_from_urls(metadata, iter(urls), page_url)
    return None


def _matches(metadata: _Metadata, sighting: _Sighting) -> bool:
    """Whether ``metadata`` describes the sighted video: same video key, a shared media URL, or a microdata scope that
    is or encloses one of its elements."""
    if sighting.ref.key in metadata.keys or sighting.media_urls & metadata.urls:
        return True
    if metadata.described is not None and metadata.described.key == sighting.ref.key:
        return True
    return metadata.scope is not None and any(
        metadata.scope in node.iterancestors() or node is metadata.scope for node in sighting.nodes
    )


def _metadata_for(sighting: _Sighting, candidates: list[_Metadata], videos_on_page: int) -> _Metadata | None:
    """The first candidate describing ``sighting``; else the only candidate, if it names no video and the page shows
    one video; else ``None``."""
    for metadata in candidates:
        if _matches(metadata, sighting):
            return metadata
    # Unaddressed metadata (url = the page itself) describes the page's video when there is only one.
    if len(candidates) == 1 and videos_on_page == 1 and not candidates[0].identified:
        return candidates[0]
    return None


# --- Titles and visible lengths -----------------------------------------------------------------------------------


def _text_of(element: etree._Element) -> str:
    """The element's text without scripts and styles, whitespace collapsed."""
    return clean_text(" ".join(_TEXT_XPATH(element)))


def _caption_text_of(element: etree._Element) -> str:
    """The element's text without scripts, styles and headings, whitespace collapsed."""
    # Headings are titles: "The pilot in 45 seconds" names the video, it does not time it.
    return clean_text(" ".join(_CAPTION_TEXT_XPATH(element)))


def _title_text(text: str | None) -> str | None:
    """``text`` as a video title (play prefix such as ``Lire :`` removed, at most 300 characters), or ``None`` when it
    only names the player, is a URL or is a length badge."""
    text = _PLAY_PREFIX.sub("", clean_text(text))
    words = _WORDS.findall(text.lower())
    if not words or all(word in _GENERIC_TITLE_WORDS or word.isdigit() for word in words):
        return None
    if parse_video_url(text) or text.startswith(("http://", "https://", "www.")):
        return None
    # "Durée : 3:20", "(12:34)", "Direct" badges say how long, not what.
    if len(words) <= _LABEL_MAX_WORDS and find_duration(text, labelled=True):
        return None
    return text[:_TITLE_MAX]


def _container(sighting: _Sighting, owners: dict[etree._Element, set[tuple[str, str]]]) -> etree._Element:
    """The largest element around the video that holds no other video and no more than a caption's worth of text."""
    node = sighting.nodes[0]
    container = node
    for level, ancestor in enumerate(node.iterancestors()):
        if level >= _CONTAINER_LEVELS or ancestor.tag in _TOP_LEVEL or len(owners.get(ancestor, ())) > 1:
            break
        if len(ancestor.text_content()) > _CONTAINER_MAX_TEXT:
            break
        container = ancestor
    return container


def _nearest_heading(container: etree._Element, node: etree._Element) -> str | None:
    """The last heading before ``node`` inside ``container``, else the first one after it (a card's title)."""
    before: str | None = None
    passed = False
    for element in container.iter():
        if element is node:
            if before:
                return before
            passed = True
        elif element.tag in _HEADINGS:
            title = _title_text(_text_of(element))
            if title and passed:
                return title
            before = title or before
    return before


def _title(sighting: _Sighting, container: etree._Element) -> str | None:
    """The title the page gives the video: a title-like attribute of its elements, a thumbnail's image alt or link text,
    its figcaption, the nearest heading in its container, or a heading just before the player; else ``None``."""
    for node in sighting.nodes:
        for name in ("title", "aria-label", "playlabel", "data-title", "data-video-title"):
            title = _title_text(node.get(name))
            if title:
                return title
    for node in sighting.nodes:
        if node.tag == "a":
            # The text of a thumbnail link is its overlays ("50:03", "Direct"); the picture's alt names the video.
            for text in _IMAGE_ALTS_XPATH(node) if _HAS_IMAGE_XPATH(node) else [_text_of(node)]:
                title = _title_text(text)
                if title:
                    return title
    node = sighting.nodes[0]
    for caption in _FIGCAPTION_XPATH(node):
        title = _title_text(_text_of(caption))
        if title:
            return title
    if container is not node:
        title = _nearest_heading(container, node)
        if title:
            return title
    # A heading just before the player (or before its wrapper) in the same block.
    current: etree._Element | None = node
    for _ in range(_CONTAINER_LEVELS + 1):
        if current is None or current.tag in _TOP_LEVEL:
            break
        for distance, sibling in enumerate(current.itersiblings(preceding=True)):
            if distance >= 2:
                break
            if sibling.tag in _HEADINGS:
                title = _title_text(_text_of(sibling))
                if title:
                    return title
        if current is container:
            break
        current = current.getparent()
    return None


def _visible_duration(
    sighting: _Sighting, container: etree._Element, owners: dict[etree._Element, set[tuple[str, str]]]
) -> int | None:
    """A length shown next to the player: a ``<time>`` or duration-class element in its container, a badge inside a
    thumbnail, the container's caption, or a short caption just after it; ``None`` when the page shows none."""
    node = sighting.nodes[0]
    badge_zone = {node, node.getparent()}
    # Walking a small container in Python is cheaper than any XPath query on it.
    for element in container.iter():
        tag = element.tag
        if tag != "time" and not (isinstance(tag, str) and _DURATION_CLASS.search(element.get("class") or "")):
            continue
        if tag == "time":
            stamp = element.get("datetime")
            if stamp:
                # <time datetime="PT50M12S"> is a length; any other datetime is a date or a clock time.
                seconds = parse_iso8601_duration(stamp.strip())
                if seconds:
                    return seconds
                continue
            labelled = (
                bool(_DURATION_CLASS.search(element.get("class") or ""))
                or element.getparent() in badge_zone
                or node in element.iterancestors()
            )
        else:
            labelled = True
        seconds = find_duration(_text_of(element), labelled=labelled)
        if seconds:
            return seconds
    if node.tag not in ("iframe", "video", "embed", "object"):
        # Badge overlaid on a thumbnail: a short element inside the player that says nothing but a length.
        for element in node.iterdescendants():
            if not isinstance(element.tag, str) or len(element):
                continue
            text = clean_text(element.text)
            if text and len(text) <= _BADGE_MAX_TEXT:
                seconds = parse_duration(text.strip("()[]"))
                if seconds:
                    return seconds
    if container is not node:
        seconds = find_duration(_caption_text_of(container))
        if seconds:
            return seconds
    # A caption set just after the player, outside any wrapper of its own.
    for distance, sibling in enumerate(container.itersiblings()):
        if distance >= _CAPTION_SIBLINGS or not isinstance(sibling.tag, str) or sibling.tag in _HEADINGS:
            break
        if sibling.tag in ("noscript", "script", "style") or sibling in owners:
            continue
        text = _text_of(sibling)
        if len(text) <= _CAPTION_MAX_TEXT:
            seconds = find_duration(text)
            if seconds:
                return seconds
    return _length_just_before(container, owners)


def _length_just_before(container: etree._Element, owners: dict[etree._Element, set[tuple[str, str]]]) -> int | None:
    """A length announced in the block just before the player (a media library's "Datum … Dauer 02:41:09" list), unless
    that block follows another video, whose caption it then is."""
    before = container.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    if before is None or before in owners or before.tag in _HEADINGS or before.tag in ("script", "style", "noscript"):
        return None
    earlier = before.getprevious()
    while earlier is not None and not isinstance(earlier.tag, str):
        earlier = earlier.getprevious()
    if earlier is not None and earlier in owners:
        return None
    text = _text_of(before)
    return find_duration(text) if len(text) <= _CAPTION_MAX_TEXT else None


# --- Extractor ----------------------------------------------------------------------------------------------------


def _names_player(ref: VideoRef | None) -> bool:
    """Whether ``ref`` is a video of a platform or a known player (not a site named after its host)."""
    return ref is not None and (ref.platform in WATCH_PAGE_PLATFORMS or player_named(ref.platform) is not None)


def _with_schema_videos(
    sightings: dict[tuple[str, str], _Sighting], schema: list[_Metadata]
) -> dict[tuple[str, str], _Sighting]:
    """The sightings completed with the page's ``VideoObject``s: one describing an HTML5 ``<video>`` of the same media
    names it when it names a platform or player; one naming a video no element shows (a player built by script, a
    player known only by its metadata) adds that video, presented."""
    has_html5 = any(sighting.ref.platform == "html5" for sighting in sightings.values())
    for metadata in schema:
        matched = [sighting for sighting in sightings.values() if _matches(metadata, sighting)]
        named = metadata.refs[0] if metadata.refs else metadata.described
        if matched:
            for sighting in matched:
                if sighting.ref.platform == "html5" and named is not None and _names_player(named):
                    del sightings[sighting.ref.key]
                    sighting.ref = named
                    sightings.setdefault(named.key, sighting)
            continue
        if named is None or (not metadata.refs and has_html5):
            continue  # the page's own <video> in another rendition
        if not metadata.identified and sightings:
            continue  # only the page's address: it describes the video the page shows
        sighting = sightings.setdefault(named.key, _Sighting(named))
        sighting.presented = True
        sighting.media_urls |= {url for url in metadata.urls if _MEDIA_FILE.search(url)}
    return sightings


def read_videos(page: Page) -> list[Video]:
    """Videos shown on the page, in page order, one per video (embeds, links, players, ``<video>`` elements).

    Recognised: YouTube, Dailymotion, Vimeo, Facebook and PeerTube embeds, watch links, short links, lazy-loading
    facades (``lite-youtube``, WP Rocket, data-src iframes, Elementor settings, Squarespace blocks, Embedly) and HTML5
    ``<video>``; channel, profile and playlist URLs are not videos. A ``VideoObject`` in JSON-LD that names a video
    not otherwise marked up adds it too. The length comes from schema.org metadata, then ``og:video:duration``, then
    a label shown next to the player (``Durée : 50:12``, ``(12:34)``, a ``.duration`` badge).
    """
    if page.root is None:
        return []
    page_url = page.url
    attributes = _Attributes(page)
    joined = attributes.joined
    sightings = _sightings(page, attributes)
    schema: list[_Metadata] = []
    # JSON-LD is in scripts, microdata types in itemtype attributes, Open Graph lengths in meta properties.
    video_objects = "VideoObject" in joined or any(
        "VideoObject" in (script.text or "") for script in page.elements("script")
    )
    data = page.structured_data if video_objects or "video:duration" in joined else None
    if data is not None and video_objects:
        schema = _schema_videos(data, page_url)
    sightings = _with_schema_videos(sightings, schema)
    open_graph = _open_graph_video(page.selector, data, page_url) if data is not None else None

    owners: dict[etree._Element, set[tuple[str, str]]] = {}
    for key, sighting in sightings.items():
        for node in sighting.nodes:
            owners.setdefault(node, set()).add(key)  # the player itself, as a sibling of captions
            for ancestor in node.iterancestors():
                owners.setdefault(ancestor, set()).add(key)

    videos: list[Video] = []
    for sighting in sightings.values():
        container = _container(sighting, owners) if sighting.nodes else None
        described = _metadata_for(sighting, schema, len(sightings))
        title = described.name if described and described.name else None
        seconds, source = (described.seconds, "schema_org") if described and described.seconds else (None, None)
        if seconds is None and open_graph and _metadata_for(sighting, [open_graph], len(sightings)):
            seconds, source = open_graph.seconds, "og_video_duration"
        if container is not None:
            title = title or _title(sighting, container)
            if seconds is None:
                seconds = _visible_duration(sighting, container, owners)
                source = "visible_label" if seconds else None
        videos.append(
            Video(
                page_url=page_url,
                presentation="player" if sighting.presented else "link",
                platform=sighting.ref.platform,
                url=sighting.ref.url,
                video_id=sighting.ref.video_id,
                title=title,
                duration_seconds=seconds,
                duration_source=source,
            )
        )
    return videos


def extract_videos(selector: Selector, page_url: str) -> list[Video]:
    """:func:`read_videos` of the page parsed as ``selector`` at ``page_url`` (callers without a :class:`Page`; the
    spider builds one per response and calls the reader)."""
    from inbound_spiders.page.model import Page  # not at the top: the page model imports this package's helpers

    return read_videos(Page(selector, page_url))
