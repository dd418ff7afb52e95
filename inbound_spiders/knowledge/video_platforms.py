"""Video platforms and players: how to recognise a video from a URL, an id attribute or a player's markup.

The one home of this knowledge. Platforms with watch pages (YouTube, Dailymotion, Vimeo, Facebook, PeerTube) are read
from their URL shapes; players (Brightcove, JW Player, Wistia, Kaltura, WAT, newsroom players...) from their embed
URLs, their media URLs and the attributes of their markup. Platform names are an open vocabulary: a site's own player
described only by a schema.org ``VideoObject`` is named after the site (see :func:`site_label`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urljoin, urlsplit

from inbound_spiders.knowledge.urls import host_of

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# Path words of YouTube that are 11 characters long too and would otherwise pass for video ids.
_YOUTUBE_NOT_IDS = frozenset({"videoseries", "live_stream"})
_FLASH_OPTIONS = re.compile(r"[&;]")
_DAILYMOTION_ID = re.compile(r"[A-Za-z0-9]{5,24}")
_VIMEO_ID = re.compile(r"\d{1,12}")
_FACEBOOK_ID = re.compile(r"\d{5,20}")
_FB_WATCH_ID = re.compile(r"[A-Za-z0-9_-]{5,20}")
_PEERTUBE_ID = (
    r"(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|[1-9A-HJ-NP-Za-km-z]{20,22})"  # short ids are base58, 22 characters
)
_PEERTUBE_PATH = re.compile(rf"/(?:videos/(?:embed|watch)|w)/{_PEERTUBE_ID}/?")
_PEERTUBE_VIDEO_ID = re.compile(_PEERTUBE_ID)
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_BARE_VIDEO_HOST = re.compile(
    r"(?:www\.|m\.)?(?:youtube\.com|youtu\.be|youtube-nocookie\.com|dailymotion\.com|dai\.ly|vimeo\.com"
    r"|player\.vimeo\.com|facebook\.com|fb\.watch)/",
    re.IGNORECASE,
)
# Third-party embedding proxies (Embedly, Drupal's oEmbed iframe, consent managers) carry the video URL in a parameter.
_PROXY_PATH = re.compile(r"embed|oembed|widget|player|media", re.IGNORECASE)
_PROXY_PARAMETERS = ("url", "src", "href", "u", "v")


@dataclass(frozen=True)
class VideoRef:
    """A video recognised from a URL or id: platform, platform id (``None`` for HTML5) and canonical URL."""

    platform: str
    video_id: str | None
    url: str

    @property
    def key(self) -> tuple[str, str]:
        """What makes two sightings the same video on one page."""
        return (self.platform, self.video_id or self.url)


# --- Players ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Player:
    """A video player or hosting service known by its embed and media URLs and by the markup it leaves."""

    name: str
    """The platform name given to its videos."""
    hosts: tuple[str, ...]
    """Host names (or their parent domains) of its embeds, media files and video pages."""
    id_format: re.Pattern[str]
    """What one of its video ids looks like."""
    id_in_url: re.Pattern[str] | None = None
    """Where the id sits in ``host + path + ? + query`` of one of its URLs (group ``id``)."""
    hints: tuple[str, ...] = ()
    """Words naming it in a class, ``data-source``, ``data-provider``... (``jwplatform``, ``platform-brightcove``)."""
    signature: tuple[str, ...] = ()
    """Attributes that together mark an element as its player (Brightcove: ``data-account`` + ``data-player``)."""
    id_in_class: re.Pattern[str] | None = None
    """Where the id sits in the player element's class (Wistia's ``wistia_async_<id>``)."""
    class_marker: str = ""
    """A substring of that class, to find such elements cheaply."""

    def ref(self, video_id: str, url: str | None = None) -> VideoRef:
        """This player's video ``video_id``, at ``url`` (the embed or media URL it was seen at) when known."""
        return VideoRef(self.name, video_id, url or f"{self.name}:{video_id}")


#: Players and hosting services beyond the platforms with watch pages. Their names are the ``platform`` of a Video.
PLAYERS: tuple[Player, ...] = (
    Player(
        "brightcove",
        ("brightcove.net", "brightcove.com", "bcove.video", "bcove.me"),
        re.compile(r"\d{6,20}|ref:[\w.-]{1,64}"),
        re.compile(
            r"[?&](?:videoId|video_id|@videoPlayer)=(?P<id>\d{6,20}|ref:[\w.-]{1,64})|/videos/(?P<id2>\d{6,20})"
        ),
        hints=("brightcove",),
        signature=("data-account", "data-player"),
    ),
    Player(
        "jwplayer",
        ("jwplayer.com", "jwplatform.com", "jwpcdn.com", "jwpsrv.com"),
        re.compile(r"[A-Za-z0-9]{8}"),
        re.compile(
            r"/(?:videos|players|previews|manifests|v2/media|thumbs|jw6|v2/playlists)/(?P<id>[A-Za-z0-9]{8})(?=$|[-./?_])"
        ),
        hints=("jwplayer", "jwplatform", "jw-player", "jwp-video"),
    ),
    Player(
        "wistia",
        ("wistia.com", "wistia.net", "wi.st"),
        re.compile(r"[a-z0-9]{10}"),
        re.compile(r"/(?:embed/iframe|embed/medias|medias)/(?P<id>[a-z0-9]{10})(?=$|[./?])"),
        hints=("wistia",),
        id_in_class=re.compile(r"\bwistia_async_(?P<id>[a-z0-9]{10})\b"),
        class_marker="wistia_async_",
    ),
    Player(
        "kaltura",
        ("kaltura.com", "kaltura.org"),
        re.compile(r"[01]_[a-z0-9]{8}"),
        re.compile(r"(?:entry_?id[=/]|entryId[=/])(?P<id>[01]_[a-z0-9]{8})", re.IGNORECASE),
        hints=("kaltura",),
    ),
    Player(
        "wat",
        ("wat.tv",),
        re.compile(r"[A-Za-z0-9]{6,40}"),
        re.compile(r"^wat\.tv/(?:embedframe|frame|swf2?)/(?P<id>[A-Za-z0-9]{6,40})"),
    ),
    Player(
        "prisa",  # the instance player of Prisa's newsrooms (El País, Cadena SER, AS)
        ("prisasd.com", "prisa.com"),
        re.compile(r"\d{8,20}"),
        re.compile(r"/video/\d{1,6}/(?P<id>\d{8,20})"),
        hints=("prisa",),
    ),
    Player(
        "corriere",  # Corriere TV (RCS) players and video pages
        ("video.corriere.it",),
        re.compile(r"[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}"),
        re.compile(r"/(?P<id>[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12})(?:$|[/?])"),
        hints=("corriere",),
    ),
    Player("reddit", ("v.redd.it",), re.compile(r"[a-z0-9]{8,16}"), re.compile(r"^v\.redd\.it/(?P<id>[a-z0-9]{8,16})")),
    Player("wdr", ("wdr.de",), re.compile(r"[\w-]{3,120}")),
    Player("ard", ("ardmediathek.de", "ard.de", "ardaudiothek.de"), re.compile(r"[\w-]{3,200}")),
    Player("ndr", ("ndr.de",), re.compile(r"[\w-]{3,120}")),
)
_PLAYERS_BY_NAME = {player.name: player for player in PLAYERS}


@dataclass(frozen=True)
class PlayerScript:
    """A script that builds a platform's player in the browser: the static HTML shows at most an empty container."""

    platform: str
    where: str
    """``src``: ``pattern`` is looked for in script URLs; ``inline``: in the text of inline scripts."""
    pattern: str
    """A regex (case-insensitive) of the loader's URL or of the inline call that builds the player."""
    mount: str | None = None
    """XPath of the container the script fills: without one on the page, the script builds nothing here."""
    built: str | None = None
    """XPath of the player it builds: a page that already shows it needs no rendering."""


#: Players built by script (read by the rendering decision).
PLAYER_SCRIPTS: tuple[PlayerScript, ...] = (
    PlayerScript("jwplayer", "inline", r"jwplayer\s*\(\s*[\"'][\w-]+[\"']\s*\)\s*\.setup\s*\("),
    PlayerScript("youtube", "inline", r"new\s+YT\.Player\s*\(", built="//iframe[contains(@src, 'youtube')]"),
    PlayerScript(
        "wistia",
        "src",
        r"fast\.wistia\.(?:com|net)/assets/external/E-v1\.js",
        mount="//div[contains(@class, 'wistia_embed')]",
        built="//iframe[contains(@src, 'wistia')]",
    ),
)
#: Default endpoints of the platform lookups that give a video's length; each is a prefix the video id (or, for Vimeo
#: oEmbed, the video URL) is added to.
LOOKUP_BASES: dict[str, str] = {
    "youtube": "https://www.youtube.com/watch?v=",
    "dailymotion": "https://api.dailymotion.com/video/",
    "vimeo": "https://vimeo.com/api/oembed.json",
}
#: A Vimeo video's page, from its id.
VIMEO_VIDEO_URL = "https://vimeo.com/{}"
#: Platforms whose videos have watch pages, recognised by :func:`parse_video_url`'s own URL rules.
WATCH_PAGE_PLATFORMS = ("youtube", "dailymotion", "vimeo", "facebook", "peertube")
#: Substrings a URL of a watch-page platform contains (cheap pre-test on the page's markup).
PLATFORM_URL_MARKERS = ("youtu", "vimeo", "dailymotion", "dai.ly", "facebook.com", "fb.watch", "/videos/", "/w/")
#: Substrings an embed, script or media URL of a known player contains.
PLAYER_URL_MARKERS = (
    *("brightcove", "jwplayer", "jwplatform", "jwpcdn", "wistia", "kaltura", "wat.tv", "prisasd", "v.redd.it"),
    "video.corriere",
)
#: Substrings a URL or attribute must contain to be worth parsing as a video.
URL_MARKERS: tuple[str, ...] = (*PLATFORM_URL_MARKERS, *PLAYER_URL_MARKERS)
#: Words of a class or data attribute that name a platform or player (hint order: watch-page platforms first).
PLATFORM_HINTS: tuple[tuple[str, str], ...] = (
    *((name, name) for name in ("youtube", "vimeo", "dailymotion")),
    *((hint, player.name) for player in PLAYERS for hint in player.hints),
)
# Hosts serving many sites' media: their name says nothing about whose video it is.
_SHARED_HOSTS = (
    "akamaihd.net",
    "akamaized.net",
    "akamai.net",
    "edgesuite.net",
    "edgekey.net",
    "cloudfront.net",
    "fastly.net",
    "azureedge.net",
    "googleapis.com",
    "googlevideo.com",
    "amazonaws.com",
    "b-cdn.net",
    "cdn77.org",
    "llnwd.net",
    "windows.net",
    "digitaloceanspaces.com",
    "bunnycdn.com",
)
_GENERIC_SLUGS = frozenset({"embed", "index", "video", "videos", "player", "watch", "media", "iframe", "play", "v"})
_SLUG = re.compile(r"[\w-]{3,120}")


def player_named(name: str | None) -> Player | None:
    """The known player called ``name`` (``brightcove``, ``jwplayer``...), else ``None``."""
    return _PLAYERS_BY_NAME.get((name or "").strip().lower())


def platform_named(text: str | None) -> str | None:
    """The platform a word or phrase names (``"jwplatform"``, ``"platform-brightcove"``, ``"Dailymotion"``), else
    ``None``."""
    lowered = (text or "").lower()
    for hint, platform in PLATFORM_HINTS:
        if hint in lowered:
            return platform
    return None


def is_video_id(platform: str, value: str) -> bool:
    """Whether ``value`` has the id format of ``platform``."""
    if platform == "youtube":
        return bool(_YOUTUBE_ID.fullmatch(value)) and value not in _YOUTUBE_NOT_IDS
    if platform == "vimeo":
        return bool(_VIMEO_ID.fullmatch(value))
    if platform == "dailymotion":
        return bool(_DAILYMOTION_ID.fullmatch(value))
    if platform == "peertube":
        return bool(_PEERTUBE_VIDEO_ID.fullmatch(value))
    player = player_named(platform)
    return bool(player and player.id_format.fullmatch(value))


def ref_for_id(platform: str, value: str) -> VideoRef | None:
    """The video of ``platform`` whose bare id is ``value`` (facade attributes, player configs), when it has the id
    format of that platform; else ``None``."""
    value = value.strip()
    if not is_video_id(platform, value):
        return None
    if platform == "youtube":
        return VideoRef("youtube", value, f"https://www.youtube.com/watch?v={value}")
    if platform == "vimeo":
        return VideoRef("vimeo", value, f"https://vimeo.com/{value}")
    if platform == "dailymotion":
        return VideoRef("dailymotion", value, f"https://www.dailymotion.com/video/{value}")
    player = player_named(platform)
    return player.ref(value) if player else None


def _host_matches(host: str, suffixes: tuple[str, ...]) -> bool:
    return any(host == suffix or host.endswith("." + suffix) for suffix in suffixes)


_PLAYER_OF_HOST = {host: player for player in PLAYERS for host in player.hosts}


def player_of_host(host: str) -> Player | None:
    """The known player serving ``host`` or one of its parent domains, else ``None``."""
    labels = host.lower().split(".")
    for start in range(len(labels) - 1):
        player = _PLAYER_OF_HOST.get(".".join(labels[start:]))
        if player:
            return player
    return None


def _player_ref(url: str, host: str, parts_path: str, query: str) -> VideoRef | None:
    """The video of a known player an embed, media or page URL points to, else ``None``."""
    player = player_of_host(host)
    if player is None or player.id_in_url is None:
        return None
    match = player.id_in_url.search(f"{host}{parts_path}?{query}")
    if not match:
        return None
    video_id = next(value for value in match.groupdict().values() if value)
    return player.ref(video_id, url)


def _is_shared_host(host: str) -> bool:
    return _host_matches(host, _SHARED_HOSTS)


def site_label(host: str | None) -> str | None:
    """The name of the site a host belongs to (``www1.wdr.de`` -> ``wdr``, ``news.example.co.uk`` -> ``example``):
    its registrable domain without the public suffix; ``None`` for shared CDN hosts, IP addresses and bare hosts."""
    # Imported here: identity imports the extractors, which import this module.
    from inbound_spiders.identity import site_of

    host = (host or "").lower().strip(".")
    if not host or _is_shared_host(host):
        return None
    registrable = site_of(f"https://{host}/")
    if "." not in registrable or ":" in registrable or registrable.replace(".", "").isdigit():
        return None
    return registrable.split(".", 1)[0].replace("-", "_") or None


def slug_of(url: str | None) -> str | None:
    """The last meaningful path segment of a URL without its extension (``.../feuerwehr-100.html`` ->
    ``feuerwehr-100``), else ``None``."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for segment in reversed([segment for segment in path.split("/") if segment]):
        stem = segment.rsplit(".", 1)[0] if "." in segment else segment
        if stem.lower() in _GENERIC_SLUGS:
            continue  # .../2515206/embed, .../slug/index.html
        return stem if _SLUG.fullmatch(stem) else None
    return None


def ref_from_video_object(
    embed_urls: list[str], content_urls: list[str], page_urls: list[str], base_url: str = ""
) -> VideoRef | None:
    """The video a schema.org ``VideoObject`` describes, from its ``embedUrl``s, ``contentUrl``s and its ``@id``/``url``
    (``page_urls``), all absolute:

    - a platform or player video one of its embed or media URLs points to;
    - else a video of the known player serving one of its URLs, or of the site serving its embed, its id the last
      segment of the embed URL or the slug of its ``@id``/``url``;
    - else, for a media file, an ``html5`` video of that file, unless a shared CDN serves it and the ``@id``/``url``
      names a page: then a video of the site that page belongs to, its id the page's slug.

    ``None`` when it names nothing usable.
    """
    for url in [*embed_urls, *content_urls]:
        ref = parse_video_url(url, base_url)
        if ref:
            return ref
    urls = [*embed_urls, *page_urls, *content_urls]
    player = next((found for url in urls if (found := player_of_host(host_of(url)))), None)
    labels = (label for url in embed_urls if (label := site_label(host_of(url))))
    platform = player.name if player else next(labels, None)
    if platform:
        for url in urls:
            slug = slug_of(url)
            if slug:
                return VideoRef(platform, slug, url)
    site_video = next(
        (
            VideoRef(label, slug, url)
            for url in page_urls
            if (label := site_label(host_of(url))) and (slug := slug_of(url))
        ),
        None,
    )
    # A media file on a shared CDN says nothing of whose video it is; the page the VideoObject names does.
    if content_urls and (site_video is None or not all(_is_shared_host(host_of(url)) for url in content_urls)):
        return VideoRef("html5", None, content_urls[0])
    return site_video


# Links recur across a site's pages (menus, share bars, a channel link in the footer): each is read once.
@lru_cache(maxsize=8192)
def parse_video_url(url: str | None, base_url: str = "", _depth: int = 0) -> VideoRef | None:
    """The platform video a URL points to (watch page, embed, short link, player), else ``None``.

    Channel, profile and playlist URLs are not videos. ``base_url`` resolves relative URLs (PeerTube links on an
    instance's own pages).
    """
    if not url or not isinstance(url, str) or len(url) > 4096:
        return None
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    elif not _SCHEME.match(url):
        if _BARE_VIDEO_HOST.match(url):
            url = "https://" + url
        elif base_url:
            try:
                url = urljoin(base_url, url)
            except ValueError:
                return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        scheme = parts.scheme.lower()
        port = parts.port
    except ValueError:
        return None
    if scheme not in ("http", "https") or not host:
        return None
    host = host.removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host == "youtu.be" or host.endswith(("youtube.com", "youtube-nocookie.com", "youtube.googleapis.com")):
        return _youtube(host, segments, parts.query)
    if host == "dai.ly" or host.endswith("dailymotion.com"):
        return _dailymotion(host, segments, parts.query)
    if host.endswith("vimeo.com"):
        return _vimeo(host, segments)
    if host == "fb.watch" or host.endswith("facebook.com"):
        return _facebook(host, segments, parts.query, base_url, _depth)
    match = _PEERTUBE_PATH.fullmatch(parts.path)
    if match:
        netloc = host if port is None else f"{host}:{port}"
        return VideoRef("peertube", match.group("id"), f"{scheme}://{netloc}/w/{match.group('id')}")
    player_ref = _player_ref(url, host, parts.path, parts.query)
    if player_ref:
        return player_ref
    if _depth == 0 and parts.query and _PROXY_PATH.search(parts.path):
        return _from_proxy(parts.query, base_url, _depth)
    return None


def _query(query: str) -> dict[str, str]:
    """Query parameters as a dict (first 50 pairs, blank values dropped, the last of a repeated name wins); ``{}`` when
    unparsable."""
    try:
        return dict(parse_qsl(query, keep_blank_values=False)[:50])
    except ValueError:
        return {}


def _youtube(host: str, segments: list[str], query: str) -> VideoRef | None:
    """The YouTube video of a youtube.com or youtu.be URL (``/embed/ID``, ``/v/ID``, ``/shorts/ID``, ``watch?v=ID``,
    short link); ``None`` for channels, playlists and strings that are not video ids."""
    video_id: str | None = None
    if host == "youtu.be":
        video_id = segments[0] if segments else None
    elif len(segments) >= 2 and segments[0] in ("embed", "v", "e", "shorts", "live"):
        # Flash-era players glued their options to the id: /v/ID&hl=fr_FR&fs=1
        video_id = _FLASH_OPTIONS.split(segments[1], 1)[0]
    elif not segments or segments[0] in ("watch", "watch_popup"):
        video_id = _query(query).get("v")
    if not video_id or video_id in _YOUTUBE_NOT_IDS or not _YOUTUBE_ID.fullmatch(video_id):
        return None
    return VideoRef("youtube", video_id, f"https://www.youtube.com/watch?v={video_id}")


def _dailymotion(host: str, segments: list[str], query: str) -> VideoRef | None:
    """The Dailymotion video of a dailymotion.com or dai.ly URL (``/video/ID_slug``, short link, player or geo
    ``?video=ID``); ``None`` without a valid id."""
    video_id: str | None = None
    if host == "dai.ly":
        video_id = segments[0] if segments else None
    elif "video" in segments[:2] and segments.index("video") + 1 < len(segments):
        video_id = segments[segments.index("video") + 1]
    elif host.startswith("geo.") or (segments and segments[0] in ("player", "player.html", "embed")):
        video_id = _query(query).get("video")
    if not video_id:
        return None
    video_id = video_id.split("_", 1)[0]  # /video/x8abc12_le-titre-de-la-video
    if not _DAILYMOTION_ID.fullmatch(video_id):
        return None
    return VideoRef("dailymotion", video_id, f"https://www.dailymotion.com/video/{video_id}")


def _vimeo(host: str, segments: list[str]) -> VideoRef | None:
    """The Vimeo video of a vimeo.com or player.vimeo.com URL, videos shown inside a channel or group included; ``None``
    for the channel or group itself."""
    video_id: str | None = None
    if host == "player.vimeo.com":
        if len(segments) >= 2 and segments[0] == "video":
            video_id = segments[1]
    elif host == "vimeo.com" and segments:
        if _VIMEO_ID.fullmatch(segments[0]):
            video_id = segments[0]
        # A video seen inside a channel or group; the channel or group alone is not a video.
        elif segments[0] == "channels" and len(segments) >= 3:
            video_id = segments[2]
        elif segments[0] == "groups" and len(segments) >= 4 and segments[2] == "videos":
            video_id = segments[3]
    if not video_id or not _VIMEO_ID.fullmatch(video_id):
        return None
    return VideoRef("vimeo", video_id, f"https://vimeo.com/{video_id}")


def _facebook(host: str, segments: list[str], query: str, base_url: str, depth: int) -> VideoRef | None:
    """The Facebook video of a facebook.com or fb.watch URL (``/<page>/videos/ID``, ``watch?v=``, ``video.php?v=``,
    reels, fb.watch links); a ``/plugins/`` player is read from its ``href`` at the first level only."""
    if host == "fb.watch":
        if segments and _FB_WATCH_ID.fullmatch(segments[0]):
            return VideoRef("facebook", segments[0], f"https://fb.watch/{segments[0]}/")
        return None
    if segments[:1] == ["plugins"] and depth == 0:
        nested = _query(query).get("href")
        ref = parse_video_url(nested, base_url, depth + 1) if nested else None
        return ref if ref and ref.platform == "facebook" else None
    page: str | None = None
    video_id: str | None = None
    if "videos" in segments:
        position = segments.index("videos")
        numeric = [segment for segment in segments[position + 1 :] if _FACEBOOK_ID.fullmatch(segment)]
        video_id = numeric[-1] if numeric else None
        page = segments[0] if position > 0 else None
    elif segments[:1] in (["watch"], ["video.php"]):
        video_id = _query(query).get("v")
    elif segments[:1] == ["reel"] and len(segments) >= 2:
        video_id = segments[1]
    if not video_id or not _FACEBOOK_ID.fullmatch(video_id):
        return None
    if page:
        return VideoRef("facebook", video_id, f"https://www.facebook.com/{page}/videos/{video_id}/")
    return VideoRef("facebook", video_id, f"https://www.facebook.com/watch/?v={video_id}")


def _from_proxy(query: str, base_url: str, depth: int) -> VideoRef | None:
    """The video an embedding proxy carries in a query parameter (``url``, ``src``, ``href``, ``u``, ``v``), looked into
    one level deep."""
    parameters = _query(query)
    for name in _PROXY_PARAMETERS:
        value = parameters.get(name)
        if value and "/" in value:
            ref = parse_video_url(value, base_url, depth + 1)
            if ref:
                return ref
    return None
