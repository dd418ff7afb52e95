"""Share widgets and social presence: share intents, widget vendors, follow links and embedded feeds.

The page is walked once, in document order, over the few tags that can carry a social widget (links, buttons,
iframes, embed blockquotes, scripts, AMP and XFBML tags); ``<div>``/``<ul>`` containers are added to the walk only
when a sharing or feed vendor is loaded on the page, since script-rendered widgets need their loader. Libxml2 does
the tag matching; everything per element is a dictionary, set or ``str`` method lookup, because regex alternations
and XPath predicates cost tens of microseconds each on real pages. Each element is classified by small pure helpers:

* :func:`share_intent` reads a share URL (``facebook.com/sharer.php?u=``, ``twitter.com/intent/tweet``, ``mailto:``
  worded as a share...) and what it carries;
* :func:`profile_network` recognises a link to an account, page or channel, as opposed to a post, a platform page
  or a legal page;
* :func:`embed_widget` recognises embedded feeds and social plugins loaded in iframes;
* :func:`network_from_classes` / :func:`network_from_text` name the network of a button built by script;
* :func:`vendor_from_classes` / :func:`widget_container` / :func:`loader_vendor` recognise third-party widgets.

Vendors (AddThis, ShareThis, AddToAny, Shariff, Sumo, Shareaholic, Jetpack, Social Warfare, Sassy Social Share,
Social Snap, Monarch, Novashare, Grow...) give one item per network button when the markup lists them, otherwise one
``multiple`` item for the container, otherwise one for the loader script.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree
from parsel import Selector

from inbound_spiders.extractors.common import absolute_url, clean_text
from inbound_spiders.items import ShareWidget

# Tags walked on every page, and the container tags added when a widget vendor is loaded.
_BASE_TAGS = (
    "a",
    "button",
    "iframe",
    "blockquote",
    "script",
    "amp-social-share",
    "amp-twitter",
    "amp-instagram",
    "amp-facebook-page",
    "amp-facebook",
    "amp-facebook-like",
    "fb:page",
    "fb:like-box",
    "fb:like",
    "fb:share-button",
    "fb:follow",
    "fb:post",
    "fb:send",
)
_CONTAINER_TAGS = ("div", "ul")

_MAX_URL_LENGTH = 16_000
_MAX_TEXT_LENGTH = 1_000
_MAX_INLINE_SCRIPT = 200_000
_PORT = re.compile(r":\d*$")
_LOCALE_LABEL = re.compile(r"[a-z]{2}(?:-[a-z]{2})?")
_HOST_PREFIXES = frozenset({"www", "m", "mobile", "web", "touch", "mbasic"})
_PINTEREST_HOST = re.compile(r"pinterest\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})")
_FEDIVERSE_HOST = re.compile(
    r"(?:^|[.-])(?:mastodon|mstdn|masto|toot|fosstodon|mamot|piaille|framapiaf|hachyderm|pouet|troet|pixelfed)"
    r"|\.social$|^social\.|^(?:infosec\.exchange|mas\.to|tech\.lgbt|eldritch\.cafe)$"
)
# web+mastodon: the protocol handler a visitor's own Mastodon instance registers (web+mastodon://share?text=...).
_SOCIAL_SCHEMES = frozenset({"whatsapp", "tg", "fb-messenger", "viber", "sms", "web+mastodon"})
_SOCIAL_SCHEME_PREFIXES = ("mailto:", "sms:", "tg:", "whatsapp:", "viber:", "fb-messenger:", "web+mastodon:")
_NON_NAVIGATING_PREFIXES = ("#", "/#", "javascript:", "void")

# Canonical host (without www./m./locale prefixes) -> platform.
_HOSTS: dict[str, str] = {
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.me": "facebook",
    "twitter.com": "twitter",
    "x.com": "twitter",
    "linkedin.com": "linkedin",
    "plus.google.com": "googleplus",
    "whatsapp.com": "whatsapp",
    "api.whatsapp.com": "whatsapp",
    "wa.me": "whatsapp",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.dog": "telegram",
    "pinterest.com": "pinterest",
    "reddit.com": "reddit",
    "old.reddit.com": "reddit",
    "tumblr.com": "tumblr",
    "getpocket.com": "pocket",
    "mastodonshare.com": "mastodon_share",
    "toot.kytta.dev": "mastodon_share",
    "s2f.kytta.dev": "mastodon_share",
    "tootpick.org": "mastodon_share",
    "sharetomastodon.github.io": "mastodon_share",
    "bsky.app": "bluesky",
    "vk.com": "vk",
    "xing.com": "xing",
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "youtube.com": "youtube",
    "youtube-nocookie.com": "youtube",
    "tiktok.com": "tiktok",
    "snapchat.com": "snapchat",
    "flickr.com": "flickr",
    "dailymotion.com": "dailymotion",
    "threads.net": "threads",
    "threads.com": "threads",
    "vimeo.com": "vimeo",
    "twitch.tv": "twitch",
    "soundcloud.com": "soundcloud",
    "discord.gg": "discord",
    "discord.com": "discord",
    "medium.com": "medium",
    "news.ycombinator.com": "hackernews",
    "social-plugins.line.me": "line",
    "line.me": "line",
    "buffer.com": "buffer",
    "bufferapp.com": "buffer",
    "share.flipboard.com": "flipboard",
    "service.weibo.com": "weibo",
    "mail.google.com": "gmail",
    "addtoany.com": "addtoany",
    "addthis.com": "addthis",
    "platform.twitter.com": "twitter_platform",
    "syndication.twitter.com": "twitter_platform",
    "embed.bsky.app": "bluesky_embed",
}

_EMBEDDED_URL = re.compile(r"(?:https?:)?//[^\s'\"<>()]+|(?:mailto|whatsapp|tg|fb-messenger):[^\s'\"<>()]+", re.I)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+")
_TRAILING_PUNCTUATION = ".,;:!?)]}»'\""
_HASHTAG = re.compile(r"(?<![\w&/#])#(\w*[^\W\d_]\w*)")
_HASHTAG_PARAM = re.compile(r"#?(\w+)")
_WORD = re.compile(r"[\w+]+")
_SERVICE_NAME = re.compile(r"[a-z][a-z_-]*")

# Share intents: canonical paths, lowercased and without trailing slash.
_FACEBOOK_SHARE_PATHS = frozenset(
    {"/sharer/sharer.php", "/sharer.php", "/sharer", "/share.php", "/share", "/dialog/share", "/dialog/feed"}
)
_LINKEDIN_SHARE_PATHS = frozenset({"/sharearticle", "/sharing/share-offsite", "/cws/share", "/shareactive"})
_URL_PARAMS = ("u", "url", "href", "link", "canonicalurl", "linkurl", "shareurl")
_TEXT_PARAMS = ("text", "title", "quote", "description", "status", "t", "caption", "summary", "linkname", "name", "su")

# Network names as written in classes, data attributes, vendor service lists and URLs.
_NETWORK_ALIASES: dict[str, str] = {
    "facebook": "facebook",
    "fb": "facebook",
    "twitter": "twitter",
    "x": "twitter",
    "x-twitter": "twitter",
    "linkedin": "linkedin",
    "googleplus": "googleplus",
    "google-plus": "googleplus",
    "google_plus": "googleplus",
    "google_plusone": "googleplus",
    "google_plusone_share": "googleplus",
    "gplus": "googleplus",
    "google": "googleplus",
    "whatsapp": "whatsapp",
    "jetpack-whatsapp": "whatsapp",
    "telegram": "telegram",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "gmail": "email",
    "courriel": "email",
    "pinterest": "pinterest",
    "reddit": "reddit",
    "tumblr": "tumblr",
    "pocket": "pocket",
    "getpocket": "pocket",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "bsky": "bluesky",
    "vk": "vk",
    "vkontakte": "vk",
    "xing": "xing",
    "threads": "threads",
    "messenger": "messenger",
    "facebook-messenger": "messenger",
    "facebook_messenger": "messenger",
    "fb-messenger": "messenger",
    "fbmessenger": "messenger",
    "line": "line",
    "flipboard": "flipboard",
    "hackernews": "hackernews",
    "hacker-news": "hackernews",
    "hacker_news": "hackernews",
    "buffer": "buffer",
    "weibo": "weibo",
    "sina_weibo": "weibo",
    "sms": "sms",
    "skype": "skype",
    "viber": "viber",
    "diaspora": "diaspora",
    "threema": "threema",
    "nextdoor": "nextdoor",
    "evernote": "evernote",
}
# Two-part names inside compound classes (a2a_button_google_plus, share-facebook-messenger, share-jetpack-whatsapp).
_COMPOUND_NETWORKS: dict[tuple[str, str], str] = {
    ("google", "plus"): "googleplus",
    ("google", "plusone"): "googleplus",
    ("facebook", "messenger"): "messenger",
    ("fb", "messenger"): "messenger",
    ("hacker", "news"): "hackernews",
    ("sina", "weibo"): "weibo",
    ("jetpack", "whatsapp"): "whatsapp",
    ("e", "mail"): "email",
}
# Class parts too ambiguous alone ("x" is also a close icon, "line" a divider): only as the last part of a compound.
_SUFFIX_ONLY_PARTS = frozenset({"x", "line", "fb", "mail", "google", "buffer", "pocket", "threads"})
_SHARE_WORDS = (
    "shar",
    "partag",
    "teilen",
    "compartir",
    "condivid",
    "relay",
    "tweet",
    "envoyer à un ami",
    "send to a friend",
    "email this",
    "pin it",
    "épingl",
)
_EMAIL_SHARE_WORDS = (
    "partag",
    "shar",
    "à lire",
    "a lire",
    "lu ça",
    "read this",
    "worth a read",
    "worth reading",
    "check this out",
    "check it out",
    "thought you",
    "might like",
    "might enjoy",
    "might interest",
    "t'intéresser",
    "t\u2019intéresser",
    "vous intéresser",
    "te recommande",
    "vous recommande",
    "i recommend",
    "découvre",
    "decouvre",
    "regarde ça",
    "have a look",
    "envoyer à un ami",
    "send to a friend",
    "email this",
)
_TEXT_X_PREPOSITIONS = frozenset({"sur", "on", "to", "auf", "en", "via"})
_SHARE_DATA_ATTRIBUTES = (
    "data-network",
    "data-sharer",
    "data-share-network",
    "data-social-network",
    "data-ss-ss-network-id",
    "data-social_name",
    "data-social-name",
    "data-service",
    "data-platform",
)
_SHARE_DATA_SET = frozenset(_SHARE_DATA_ATTRIBUTES)
_SHARED_URL_ATTRIBUTES = (
    "data-url",
    "data-href",
    "data-share-url",
    "data-a2a-url",
    "addthis:url",
    "data-permalink",
    "data-link",
    "data-shareurl",
)
_SHARED_TEXT_ATTRIBUTES = ("data-text", "data-title", "data-a2a-title", "addthis:title", "data-share-title")

# Vendor signatures: prefixes of class tokens (on the element or an ancestor).
_VENDOR_PREFIXES: tuple[tuple[str, str], ...] = (
    ("addthis_", "addthis"),
    ("at-share-btn", "addthis"),
    ("at-svc-", "addthis"),
    ("at-resp-share", "addthis"),
    ("at4-share", "addthis"),
    ("sharethis", "sharethis"),
    ("st-btn", "sharethis"),
    ("st-custom-button", "sharethis"),
    ("a2a_", "addtoany"),
    ("addtoany", "addtoany"),
    ("shariff", "shariff"),
    ("shareaholic", "shareaholic"),
    ("sharedaddy", "jetpack"),
    ("sd-sharing", "jetpack"),
    ("sd-social", "jetpack"),
    ("sd-button", "jetpack"),
    ("swp_", "social_warfare"),
    ("nc_tweet", "social_warfare"),
    ("social-warfare", "social_warfare"),
    ("ss-inline-share", "social_snap"),
    ("ss-floating-share", "social_snap"),
    ("ss-share", "social_snap"),
    ("socialsnap", "social_snap"),
    ("et_social_", "monarch"),
    ("novashare", "novashare"),
    ("ns-button", "novashare"),
    ("ns-inline", "novashare"),
    ("dpsp-", "grow"),
    ("mv-grow", "grow"),
    ("heateor_sss", "sassy_social_share"),
    ("the_champ_", "sassy_social_share"),
    ("sumome", "sumo"),
    ("mashsb", "mashshare"),
    ("ssba", "simple_share_buttons"),
    ("sbi", "smash_balloon"),
    ("sb_instagram", "smash_balloon"),
    ("ctf", "smash_balloon"),
    ("cff", "smash_balloon"),
    ("sb_youtube", "smash_balloon"),
    ("juicer-feed", "juicer"),
    ("elementor-share-btn", "elementor"),
)
_VENDOR_PREFIX_TUPLE = tuple(prefix for prefix, _ in _VENDOR_PREFIXES)
# Top-level widget containers (exact class tokens) -> (vendor, role).
_CONTAINERS: dict[str, tuple[str, str]] = {
    "addthis_toolbox": ("addthis", "share"),
    "addthis_sharing_toolbox": ("addthis", "share"),
    "addthis_share_toolbox": ("addthis", "share"),
    "addthis_inline_share_toolbox": ("addthis", "share"),
    "addthis_inline_follow_toolbox": ("addthis", "follow"),
    "addthis_horizontal_follow_toolbox": ("addthis", "follow"),
    "addthis_vertical_follow_toolbox": ("addthis", "follow"),
    "sharethis-inline-share-buttons": ("sharethis", "share"),
    "sharethis-sticky-share-buttons": ("sharethis", "share"),
    "sharethis-inline-follow-buttons": ("sharethis", "follow"),
    "a2a_kit": ("addtoany", "share"),
    "shariff": ("shariff", "share"),
    "shareaholic-canvas": ("shareaholic", "share"),
    "sharedaddy": ("jetpack", "share"),
    "sd-sharing-enabled": ("jetpack", "share"),
    "swp_social_panel": ("social_warfare", "share"),
    "heateor_sss_sharing_container": ("sassy_social_share", "share"),
    "heateor_sss_horizontal_sharing": ("sassy_social_share", "share"),
    "ss-inline-share-wrapper": ("social_snap", "share"),
    "ss-floating-share-wrapper": ("social_snap", "share"),
    "et_social_inline": ("monarch", "share"),
    "ns-inline": ("novashare", "share"),
    "dpsp-share-buttons-wrapper": ("grow", "share"),
    "dpsp-content-wrapper": ("grow", "share"),
    "mashsb-container": ("mashshare", "share"),
    "ssba": ("simple_share_buttons", "share"),
    "ssba-wrap": ("simple_share_buttons", "share"),
}
# Feed widgets of WordPress plugins and aggregators (class or id token) -> (network, vendor).
_FEED_CONTAINERS: dict[str, tuple[str, str]] = {
    "sb_instagram": ("instagram", "smash_balloon"),
    "sbi": ("instagram", "smash_balloon"),
    "ctf": ("twitter", "smash_balloon"),
    "cff": ("facebook", "smash_balloon"),
    "sb_youtube": ("youtube", "smash_balloon"),
    "juicer-feed": ("multiple", "juicer"),
    "curator-feed": ("multiple", "curator"),
}
_SOCIAL_PLUGINS = frozenset(
    {"fb-page", "fb-like-box", "fb-post", "fb-share-button", "fb-like", "fb-follow", "fb-send"}
    | {"g-plusone", "g-plus", "g-follow", "g-page"}
)
_FEED_ANCHORS = frozenset({"twitter-timeline", "twitter-grid", "twitter-moment", "twitter-list"})
_PINTEREST_FEEDS = frozenset({"embeduser", "embedboard", "embedpin"})
# Embeds whose inner links (author, hashtags, post) are part of the embed, not the site's own links.
_EMBED_TOKENS = frozenset(
    {"twitter-tweet", "twitter-video", "instagram-media", "fb-xfbml-parse-ignore", "mastodon-embed", "bluesky-embed"}
    | {"reddit-embed-bq", "reddit-card", "fb-page", "fb-post", "fb-like-box", "tiktok-embed"}
)
_CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
_CHROME_WORDS = (
    "social",
    "follow",
    "suivez",
    "suivre",
    "reseaux",
    "réseaux",
    "footer",
    "header",
    "menu",
    "navbar",
    "sidebar",
)
_PERSONAL_WORDS = (
    "author",
    "byline",
    "comment",
    "team",
    "member",
    "equipe",
    "équipe",
    "staff",
    "speaker",
    "person",
    "people",
    "bio",
    "testimonial",
    "contributor",
)
_PERSONAL_TOKEN = re.compile(
    r"^(?:[a-z0-9]+[-_])?(?:author|byline|comment|team|member|equipe|équipe|staff|speaker|person|people|bio"
    r"|testimonial|contributor)s?(?:$|[-_])"
)
_FOLLOW_WORDING = re.compile(
    r"suivez|suivre|retrouvez|rejoignez|abonnez|follow|find us|join us|connect with|like us", re.IGNORECASE
)
# "Follow her on Bluesky" in an article's tagline points to the reporter's account, not the site's.
_THIRD_PERSON_FOLLOW = re.compile(
    r"\b(?:follow (?:her|him|them)|suivez[- ](?:la|le|les)|retrouvez[- ](?:la|le|les))\b", re.IGNORECASE
)
# schema.org microdata naming a person: the author, contributors, editors of an article.
_PERSON_ITEMPROPS = frozenset({"author", "creator", "contributor", "editor", "accountablePerson"})
_CITATION_MARGIN = 40
_MAX_FEED_LINKS = 30
_MAX_ANCESTORS = 40

# Loader scripts (src, or inline loader snippets) -> vendor; checked as lowercase substrings.
_LOADERS: tuple[tuple[str, str], ...] = (
    ("addthis.com/js/", "addthis"),
    ("addthis_widget.js", "addthis"),
    ("sharethis.com/js", "sharethis"),
    ("sharethis.com/button", "sharethis"),
    ("static.addtoany.com/menu", "addtoany"),
    ("/add-to-any/", "addtoany"),
    ("shariff.complete.js", "shariff"),
    ("shariff.min.js", "shariff"),
    ("/shariff.js", "shariff"),
    ("load.sumo.com", "sumo"),
    ("sumome.com/", "sumo"),
    ("shareaholic", "shareaholic"),
    ("sharedaddy/sharing", "jetpack"),
    ("/social-warfare/", "social_warfare"),
    ("/socialsnap/", "social_snap"),
    ("/monarch/js/", "monarch"),
    ("/novashare/", "novashare"),
    ("faves.grow.me", "grow"),
    ("/social-pug/", "grow"),
    ("/grow-social/", "grow"),
    ("/sassy-social-share/", "sassy_social_share"),
    ("mashsharer", "mashshare"),
    ("/simple-share-buttons-adder/", "simple_share_buttons"),
)
# Inline loader snippets worth looking for in script text (a few substrings, not every signature).
_INLINE_LOADERS = ("load.sumo.com", "sumome.com/", "addthis.com/js/", "sharethis.com/", "static.addtoany.com/")
# Scripts and stylesheets whose presence means widget containers may be rendered from empty markup.
_CONTAINER_HINTS = (
    "addthis",
    "sharethis",
    "addtoany",
    "add-to-any",
    "shariff",
    "shareaholic",
    "apis.google.com/js/platform.js",
    "apis.google.com/js/plusone.js",
    "instagram-feed",
    "custom-twitter-feeds",
    "custom-facebook-feed",
    "feeds-for-youtube",
    "juicer",
    "curator",
    "/elementor-pro/",  # Elementor Pro's Share Buttons are <div role=button> without a link
    "tarteaucitron",  # French consent manager: loads the Facebook/Twitter/AddThis/ShareThis SDKs after consent
)
_FACEBOOK_SDK_HINTS = ("sdk.js", "all.js", "xfbml")


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set: the reserved-word tables are written as strings."""
    return frozenset(text.split())


# Profile links: first path segments that are platform pages, not accounts.
_FACEBOOK_RESERVED = _words(
    "sharer sharer.php share share.php dialog plugins policies policy policy.php privacy legal terms terms.php help"
    " login login.php logout.php recover events photo photo.php photos permalink.php story.php watch hashtag l.php"
    " business ads about careers campaign fundraisers donate gaming marketplace search settings home.php messages"
    " bookmarks friends notes media tr reg r.php signup connect developers privacy_center cookies cookie safety"
    " communitystandards video.php reel reels stories live help.php"
)
_FACEBOOK_POST_SEGMENTS = _words(
    "posts videos photos photo photo.php permalink.php story.php events notes reel reels activity live"
)
_TWITTER_USER = re.compile(r"[A-Za-z0-9_]{1,15}")
_TWITTER_RESERVED = _words(
    "intent share home search hashtag i explore settings login signup tos privacy about notifications messages"
    " compose account download rules en fr de es it help jobs logout following followers widgets widgets.js oauth"
    " personalization lists topics who_to_follow web"
)
_INSTAGRAM_RESERVED = _words(
    "p reel reels tv explore accounts about legal developer stories direct web emails press api static"
)
_YOUTUBE_RESERVED = _words(
    "watch embed results playlist feed shorts live t about howyoutubeworks premium kids redirect attribution_link"
    " account signin gaming music channel user c creators ads yt new jobs tv trends supported_browsers s v e upload"
    " subscription_center logout iframe_api player_api hashtag post source"
)
_YOUTUBE_CHANNEL_TABS = _words("videos featured about playlists streams community shorts channels releases podcasts")
_TELEGRAM_RESERVED = _words("share iv addstickers addemoji proxy socks setlanguage login c")
_PINTEREST_RESERVED = _words("pin search ideas _ settings business today categories login about explore topics")
_VIMEO_RESERVED = _words(
    "log_in join upgrade features blog help about jobs watch categories ondemand stock solutions enterprise create"
    " upload search terms privacy cookie_policy channels groups showcase album video"
)
_GENERIC_RESERVED = _words(
    "about help login signup search explore settings privacy terms legal jobs directory discover upload embed"
    " video videos playlist share"
)
_HANDLE = re.compile(r"[\w.\-]{1,80}")
_API_VERSION = re.compile(r"v\d+(?:\.\d+)*")


@dataclass(frozen=True, slots=True)
class ParsedUrl:
    """The parts of a URL the classifiers look at."""

    scheme: str
    host: str
    """Lowercased host with port and ``www.``/``m.``/locale prefixes of known social hosts removed."""
    path: str
    query: dict[str, str]
    """First value of each query parameter, keys lowercased (a stray ``amp;`` prefix removed)."""
    fragment: str


@dataclass(frozen=True, slots=True)
class ShareIntent:
    """What a share URL asks the network to publish."""

    network: str
    shared_url: str | None = None
    text: str | None = None
    hashtags: tuple[str, ...] = ()
    via: str | None = None
    vendor: str | None = None


@dataclass(frozen=True, slots=True)
class EmbedWidget:
    """A social widget loaded in an iframe: a feed, or a share/follow plugin."""

    role: str
    network: str
    href: str | None = None
    shared_url: str | None = None
    text: str | None = None
    via: str | None = None


def parse_url(url: str) -> ParsedUrl | None:
    """Split ``url`` for classification; ``None`` when it cannot be parsed (``http://[::1`` and the like)."""
    if not url or len(url) > _MAX_URL_LENGTH:
        return None
    try:
        parts = urlsplit(url.strip())
        pairs = parse_qsl(parts.query, keep_blank_values=True) if parts.query else []
    except ValueError:
        return None
    query: dict[str, str] = {}
    for key, value in pairs:
        key = key.lower().strip()
        # Double-escaped templates leave "&amp;amp;" behind, which parses as a key starting with "amp;".
        query.setdefault(key.removeprefix("amp;"), value)
    host = _PORT.sub("", parts.netloc.rpartition("@")[2].lower()).strip(".")
    return ParsedUrl(parts.scheme.lower(), canonical_host(host), parts.path, query, parts.fragment)


def canonical_host(host: str) -> str:
    """``host`` without the ``www.``, ``m.``, ``fr-fr.``... prefix when the rest is a known social host."""
    if host in _HOSTS:
        return host
    first, _, rest = host.partition(".")
    if (first in _HOST_PREFIXES or _LOCALE_LABEL.fullmatch(first)) and (
        rest in _HOSTS or _PINTEREST_HOST.fullmatch(rest)
    ):
        return rest
    return host.removeprefix("www.")


def _platform(host: str) -> str | None:
    """The platform of a canonical host (host table, Pinterest's country domains included), else ``None``."""
    platform = _HOSTS.get(host)
    if platform is None and _PINTEREST_HOST.fullmatch(host):
        return "pinterest"
    return platform


def _is_fediverse_host(host: str) -> bool:
    """Whether a host the table does not know is named like a fediverse instance (``mastodon.``, ``.social``,
    ``piaille``...)."""
    return bool(host) and host not in _HOSTS and _FEDIVERSE_HOST.search(host) is not None


def _segments(path: str) -> list[str]:
    """The non-empty segments of a URL path."""
    return [segment for segment in path.split("/") if segment]


def _network_alias(value: str | None) -> str | None:
    """The network a service name or alias designates (``fb``, ``x``, ``gplus``...), else ``None``."""
    if not value:
        return None
    return _NETWORK_ALIASES.get(value.strip().lower())


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    """``values`` without empty strings and case-insensitive repeats, in order, each with its first spelling."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        if value and value.lower() not in seen:
            seen.add(value.lower())
            kept.append(value)
    return tuple(kept)


def hashtags_in(text: str | None, hashtags_param: str | None = None) -> tuple[str, ...]:
    """Hashtags of a share intent, without ``#``: the comma list of a ``hashtags=`` parameter, then ``#tags`` of the
    text (a ``#`` inside a URL or followed by digits only is not a hashtag)."""
    found: list[str] = []
    if hashtags_param:
        for part in hashtags_param.split(","):
            match = _HASHTAG_PARAM.fullmatch(part.strip())
            if match:
                found.append(match.group(1))
    if text:
        found.extend(_HASHTAG.findall(text))
    return _dedupe(found)


def first_url(text: str | None) -> str | None:
    """The first ``http(s)://`` URL written in ``text``, without trailing punctuation."""
    if not text:
        return None
    match = _URL_IN_TEXT.search(text)
    return match.group().rstrip(_TRAILING_PUNCTUATION) if match else None


def _clean_shared_url(value: str | None, base_url: str) -> str | None:
    """An absolute shared URL, or ``None`` for placeholders such as ``{url}`` or ``[PERMALINK]``."""
    if not value:
        return None
    value = value.strip()
    if value[:8].lower() in ("http%3a%", "https%3a"):
        value = unquote(value)
    if not value[:8].lower().startswith(("http://", "https://", "//", "/")):
        return None
    if "{" in value or "}" in value or "[" in value or "]" in value or "<" in value or "%%" in value:
        return None
    if value[:8].lower().startswith(("http://", "https://")):
        return value  # already absolute
    return absolute_url(value, base_url)


def _clean_text(value: str | None) -> str | None:
    """``value`` with whitespace collapsed and cut to ``_MAX_TEXT_LENGTH``; ``None`` when nothing is left."""
    text = clean_text(value)[:_MAX_TEXT_LENGTH]
    return text or None


def _intent_target(p: ParsedUrl) -> tuple[str, str | None] | None:
    """(network, vendor) when ``p`` is a share intent URL."""
    scheme, host, q = p.scheme, p.host, p.query
    path = p.path.lower().rstrip("/")
    if scheme in _SOCIAL_SCHEMES:
        target = {
            "whatsapp": ("send", "whatsapp"),
            "tg": ("msg_url", "telegram"),
            "fb-messenger": ("share", "messenger"),
            "viber": ("forward", "viber"),
            "web+mastodon": ("share", "mastodon"),
        }.get(scheme)
        if target and host == target[0]:
            return target[1], None
        if scheme == "sms" and first_url(q.get("body")):
            return "sms", None
        return None
    if scheme not in ("http", "https", ""):
        return None
    platform = _platform(host)
    network: str | None = None
    vendor: str | None = None
    if platform == "facebook":
        if path in _FACEBOOK_SHARE_PATHS:
            network = "facebook"
        elif path == "/dialog/send":
            network = "messenger"
    elif platform == "twitter":
        if (
            path.startswith(("/intent/tweet", "/intent/post"))
            or path == "/share"
            or (path in ("", "/home") and "status" in q)
        ):
            network = "twitter"
    elif platform == "linkedin":
        if path in _LINKEDIN_SHARE_PATHS or (path == "/feed" and "shareactive" in q):
            network = "linkedin"
    elif platform == "googleplus":
        network = "googleplus" if path == "/share" else None
    elif platform == "whatsapp":
        if (path == "/send" or (host == "wa.me" and not path)) and q.get("text") and not q.get("phone"):
            network = "whatsapp"
    elif platform == "telegram":
        network = "telegram" if path in ("/share/url", "/share") else None
    elif platform == "pinterest":
        network = "pinterest" if path.startswith("/pin/create") else None
    elif platform == "reddit":
        network = "reddit" if path == "/submit" else None
    elif platform == "tumblr":
        network = "tumblr" if path.startswith("/share") or path == "/widgets/share/tool" else None
    elif platform == "pocket":
        network = "pocket" if path in ("/save", "/edit") else None
    elif platform == "mastodon_share":
        network = "mastodon"
    elif platform == "bluesky":
        network = "bluesky" if path == "/intent/compose" else None
    elif platform == "vk":
        network = "vk" if path == "/share.php" else None
    elif platform == "xing":
        network = "xing" if path.startswith(("/spi/shares", "/social/share", "/social_plugins/share")) else None
    elif platform == "threads":
        network = "threads" if path == "/intent/post" else None
    elif platform == "hackernews":
        network = "hackernews" if path == "/submitlink" else None
    elif platform == "line":
        network = "line" if path.startswith(("/lineit/share", "/r/msg/text", "/r/share")) else None
    elif platform == "buffer":
        network = "buffer" if path == "/add" else None
    elif platform == "flipboard":
        network = "flipboard" if path.startswith("/bookmarklet") else None
    elif platform == "weibo":
        network = "weibo" if path == "/share/share.php" else None
    elif platform == "gmail":
        network = "email" if q.get("view") == "cm" and (q.get("su") or q.get("body")) else None
    elif platform == "addtoany":
        vendor = "addtoany"
        if path.startswith("/add_to/"):
            network = _network_alias(path[len("/add_to/") :].replace("_", "-")) or _network_alias(path[8:])
        elif path == "/share":
            network = "multiple"
    elif platform == "addthis":
        vendor = "addthis"
        if path == "/bookmark.php":
            network = _network_alias(q.get("s")) or "multiple"
    elif platform is None and _is_fediverse_host(host) and path == "/share" and ("text" in q or "url" in q):
        network = "mastodon"
    return (network, vendor) if network else None


def share_intent(url: str, base_url: str = "", context: str = "") -> ShareIntent | None:
    """Read ``url`` as a share intent: network, shared URL, pre-filled text, hashtags and ``via``.

    ``context`` is the wording around the link (its text, title, class); a ``mailto:`` link is an e-mail share only
    when it has no recipient, carries a URL or is worded as a share, so that contact links are not counted.
    """
    p = parse_url(url)
    return _intent_of(p, base_url, lambda: context) if p is not None else None


def _intent_of(p: ParsedUrl, base_url: str, context: Callable[[], str]) -> ShareIntent | None:
    """:func:`share_intent` on a parsed URL; ``context`` is only called for a ``mailto:`` that needs it."""
    if p.scheme == "mailto":
        return _email_intent(p, base_url, context)
    target = _intent_target(p)
    if target is None:
        return None
    network, vendor = target
    q = dict(p.query)
    if vendor == "addtoany" and p.fragment:
        # The AddToAny menu link carries its parameters in the fragment (#url=...&title=...).
        with suppress(ValueError):
            q.update({key.lower(): value for key, value in parse_qsl(p.fragment)})
    raw_shared = next((q[name] for name in _URL_PARAMS if q.get(name)), None)
    text = next((q[name] for name in _TEXT_PARAMS if q.get(name)), None)
    if network == "hackernews" and not q.get("u"):
        raw_shared = None
    shared_url = (
        _clean_shared_url(raw_shared, base_url)
        or _clean_shared_url(first_url(text), base_url)
        or _clean_shared_url(first_url(q.get("body")), base_url)
    )
    hashtags = hashtags_in(text, q.get("hashtags") or q.get("button_hashtag"))
    via = clean_text(q.get("via")).lstrip("@") or None
    return ShareIntent(network, shared_url, _clean_text(text), hashtags, via, vendor)


def _email_intent(p: ParsedUrl, base_url: str, context: Callable[[], str]) -> ShareIntent | None:
    """An e-mail share from a ``mailto:`` with a subject or body; a mailto to a recipient counts only when its message
    carries a URL or it is worded as sending the page to someone."""
    subject, body = p.query.get("subject", ""), p.query.get("body", "")
    if not subject and not body:
        return None
    recipient = p.path.strip()
    url_in_message = first_url(body) or first_url(subject)
    if recipient and not url_in_message and not _email_share_worded(f"{subject} {body}", context):
        return None
        return None
    return ShareIntent("email", _clean_shared_url(url_in_message, base_url), _clean_text(subject or body))


def _email_share_worded(message: str, context: Callable[[], str]) -> bool:
    """Whether a mailto's subject/body, or the link's own wording, presents it as sending a page to someone."""
    return _contains_any(message.lower(), _EMAIL_SHARE_WORDS) or _contains_any(context().lower(), _EMAIL_SHARE_WORDS)


def profile_network(url: str, rel_me: bool = False) -> str | None:
    """The network when ``url`` is a link to an account/page/channel; ``None`` for posts, platform pages (home,
    legal, help, search...), share intents and widget SDKs. ``rel_me`` (``rel="me"``) lets any host serve a
    Mastodon-style ``/@user`` profile."""
    p = parse_url(url)
    if p is None or p.scheme not in ("http", "https"):
        return None
    return _profile_network(p, rel_me)


def _profile_network(p: ParsedUrl, rel_me: bool = False) -> str | None:
    """The network when a parsed URL is an account, page, channel or group, by each platform's profile path rules;
    ``None`` for posts, reserved platform paths and unknown hosts (Tumblr blogs and fediverse ``/@user`` profiles
    aside)."""
    host, q = p.host, p.query
    segments = _segments(p.path)
    first = segments[0].lower() if segments else ""
    count = len(segments)
    platform = _platform(host)
    if platform is None:
        if host.endswith(".tumblr.com") and host != "www.tumblr.com" and not count:
            return "tumblr"
        if count == 1 and first.startswith("@") and len(first) > 1 and (rel_me or _is_fediverse_host(host)):
            return "pixelfed" if "pixelfed" in host else "mastodon"
        return None
    if not segments:
        return None
    if platform == "facebook":
        if first == "profile.php":
            return "facebook" if q.get("id") else None
        if first in ("pages", "pg", "people", "groups"):
            return "facebook" if count >= 2 and segments[1].lower() not in ("create", "feed", "discover") else None
        if first in _FACEBOOK_RESERVED or first.endswith(".php") or not _HANDLE.fullmatch(first):
            return None
        if _API_VERSION.fullmatch(first):
            return None
        if host == "fb.me" and count > 1:
            return None
        if count >= 2 and segments[1].lower() in _FACEBOOK_POST_SEGMENTS:
            return None
        return "facebook"
    if platform == "twitter":
        if first == "intent" and count == 2 and segments[1].lower() in ("follow", "user"):
            return "twitter" if q.get("screen_name") or q.get("user_id") else None
        if count == 1 and first not in _TWITTER_RESERVED and _TWITTER_USER.fullmatch(first):
            return "twitter"
        return None
    if platform == "instagram":
        return "instagram" if count == 1 and first not in _INSTAGRAM_RESERVED and _HANDLE.fullmatch(first) else None
    if platform == "youtube":
        if host == "youtube-nocookie.com":
            return None
        if first.startswith("@") or first in ("channel", "user", "c"):
            # /@handle, /channel/<id>, /user/<name>, /c/<name>, optionally followed by a channel tab.
            tabs = segments[1:] if first.startswith("@") else segments[2:]
            has_handle = len(first) > 1 if first.startswith("@") else count >= 2
            return "youtube" if has_handle and all(tab.lower() in _YOUTUBE_CHANNEL_TABS for tab in tabs) else None
        if first == "subscription_center":
            return "youtube" if q.get("add_user") else None
        if count == 1 and first not in _YOUTUBE_RESERVED and _HANDLE.fullmatch(first):
            return "youtube"
        return None
    if platform == "linkedin":
        if first in ("company", "in", "school", "showcase", "pub", "groups") and count >= 2:
            return "linkedin"
        return None
    if platform in ("tiktok", "threads", "medium"):
        return platform if count == 1 and first.startswith("@") and len(first) > 1 else None
    if platform == "telegram":
        if first == "s" and count == 2:
            return "telegram"
        if count == 1 and first not in _TELEGRAM_RESERVED and (first.startswith("+") or _HANDLE.fullmatch(first)):
            return "telegram"
        if first == "joinchat" and count == 2:
            return "telegram"
        return None
    if platform == "bluesky":
        return "bluesky" if first == "profile" and count == 2 else None
    if platform == "snapchat":
        if first == "add" and count == 2:
            return "snapchat"
        return "snapchat" if count == 1 and first.startswith("@") else None
    if platform == "flickr":
        if first in ("photos", "people") and (count == 2 or (count == 3 and segments[2].lower() == "albums")):
            return "flickr"
        return None
    if platform == "dailymotion":
        if count == 1 and first not in ("video", "embed", "playlist", "search", "legal", "channel", "partner"):
            return "dailymotion" if _HANDLE.fullmatch(first) else None
        return None
    if platform == "pinterest":
        return "pinterest" if count == 1 and first not in _PINTEREST_RESERVED and _HANDLE.fullmatch(first) else None
    if platform == "vimeo":
        if first == "channels" and count == 2:
            return "vimeo"
        if count == 1 and first not in _VIMEO_RESERVED and not first.isdigit() and _HANDLE.fullmatch(first):
            return "vimeo"
        return None
    if platform in ("twitch", "soundcloud", "vk"):
        if count != 1 or first in _GENERIC_RESERVED or first.endswith(".php") or not _HANDLE.fullmatch(first):
            return None
        if platform == "vk" and first.startswith(("wall", "photo", "video", "away", "share")):
            return None
        return platform
    if platform == "discord":
        if host == "discord.gg":
            return "discord" if count == 1 else None
        return "discord" if first == "invite" and count == 2 else None
    if platform == "whatsapp":
        return "whatsapp" if first == "channel" and count == 2 else None
    if platform == "xing":
        return "xing" if first in ("pages", "profile", "companies") and count == 2 else None
    if platform == "reddit":
        return "reddit" if first in ("r", "user", "u") and count == 2 else None
    if platform == "tumblr":
        reserved = ("share", "widgets", "login", "register", "explore", "dashboard", "search", "tagged", "policy")
        return "tumblr" if count == 1 and first not in reserved and _HANDLE.fullmatch(first) else None
    return None


def embed_widget(url: str) -> EmbedWidget | None:
    """What an iframe ``src`` shows: a feed (timeline, page plugin, playlist, embedded post) or a share/follow
    plugin. A single YouTube video is not a feed."""
    p = parse_url(url)
    if p is None or p.scheme not in ("http", "https"):
        return None
    return _embed_widget(p)


def _embed_widget(p: ParsedUrl) -> EmbedWidget | None:
    """What a parsed iframe URL shows: Facebook page/post plugins (feed) and share, follow or like buttons, Twitter
    buttons, embedded tweets and timelines, YouTube playlists and uploads, Instagram, LinkedIn, Bluesky and Mastodon
    embeds; ``None`` for anything else, a single video included."""
    host, q = p.host, p.query
    path = p.path.rstrip("/")
    lower = path.lower()
    segments = _segments(path)
    platform = _platform(host)
    if platform == "facebook" and lower.startswith("/plugins/"):
        target = _clean_shared_url(q.get("href"), "")
        plugin = lower[len("/plugins/") :]
        if plugin in ("page.php", "likebox.php", "post.php", "like_box.php"):
            return EmbedWidget("feed", "facebook", href=target)
        if plugin == "share_button.php":
            return EmbedWidget("share", "facebook", shared_url=target)
        if plugin == "follow.php":
            return EmbedWidget("follow", "facebook", href=target)
        if plugin == "like.php":
            if target and _platform(canonical_host(_host_of(target))) == "facebook":
                return EmbedWidget("follow", "facebook", href=target)
            return EmbedWidget("share", "facebook", shared_url=target)
        return None
    if platform == "twitter_platform":
        if lower.startswith("/widgets/tweet_button"):
            via = clean_text(q.get("via")) or None
            return EmbedWidget("share", "twitter", shared_url=_clean_shared_url(q.get("url"), ""), via=via)
        if lower.startswith("/widgets/follow_button") and q.get("screen_name"):
            return EmbedWidget("follow", "twitter", href=f"https://twitter.com/{q['screen_name'].lstrip('@')}")
        if lower.startswith("/embed/tweet.html") and q.get("id", "").isdigit():
            return EmbedWidget("feed", "twitter", href=f"https://twitter.com/i/status/{q['id']}")
        marker = "/srv/timeline-profile/screen-name/"
        if lower.startswith(marker) and len(path) > len(marker):
            return EmbedWidget("feed", "twitter", href=f"https://twitter.com/{path[len(marker) :].split('/')[0]}")
        return None
    if platform == "youtube":
        if lower in ("/embed/videoseries", "/embed") and q.get("list"):
            playlist, list_type = q["list"], q.get("listtype", "playlist").lower()
            if list_type == "user_uploads":
                return EmbedWidget("feed", "youtube", href=f"https://www.youtube.com/user/{playlist}")
            if list_type == "search":
                return None
            if playlist.startswith("UU") and len(playlist) > 2:
                return EmbedWidget("feed", "youtube", href=f"https://www.youtube.com/channel/UC{playlist[2:]}")
            return EmbedWidget("feed", "youtube", href=f"https://www.youtube.com/playlist?list={playlist}")
        return None
    if platform == "instagram" and segments and segments[-1].lower() in ("embed", "captioned"):
        kept = [s for s in segments if s.lower() not in ("embed", "captioned")]
        if kept and kept[0].lower() not in _INSTAGRAM_RESERVED - {"p", "reel", "tv"}:
            return EmbedWidget("feed", "instagram", href=f"https://www.instagram.com/{'/'.join(kept)}/")
        return None
    if platform == "linkedin" and lower.startswith("/embed/feed/update/"):
        return EmbedWidget("feed", "linkedin", href=f"https://www.linkedin.com{path[len('/embed') :]}")
    if platform == "bluesky_embed" and lower.startswith("/embed/"):
        return EmbedWidget("feed", "bluesky", href=f"https://{host}{path}")
    if (
        platform is None
        and len(segments) == 3
        and segments[0].startswith("@")
        and segments[1].isdigit()
        and segments[2] == "embed"
    ):
        return EmbedWidget("feed", "mastodon", href=f"https://{host}/{segments[0]}/{segments[1]}")
    return None


def _host_of(url: str) -> str:
    """Lowercase host of ``url`` without port or credentials; ``""`` when unparsable."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return ""
    return _PORT.sub("", netloc.rpartition("@")[2].lower())


def worth_parsing(href: str) -> bool:
    """Cheap test on a raw href before any URL parsing: may it be a share intent, a social profile or an embed?

    Custom schemes (``mailto:``, ``whatsapp:``...), anything mentioning ``share`` (``?share=facebook``, a Mastodon
    ``/share``) or ``/@`` (fediverse profiles), and absolute URLs on a known social host. Internal links stop here.
    """
    lower = href.lower()
    if lower.startswith(_SOCIAL_SCHEME_PREFIXES) or "share" in lower or "/@" in lower:
        return True
    if not lower.startswith(("http://", "https://", "//")):
        return False
    host = lower.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = canonical_host(_PORT.sub("", host.rpartition("@")[2]))
    return _platform(host) is not None or host.endswith(".tumblr.com")


def _token_network(token: str) -> str | None:
    """Network named by one class token: the whole token or one of its ``-``/``_`` separated parts."""
    if token in _NETWORK_ALIASES and token not in _SUFFIX_ONLY_PARTS:
        return _NETWORK_ALIASES[token]
    parts = token.replace("_", "-").split("-")
    last = len(parts) - 1
    for index, part in enumerate(parts):
        if index < last:
            compound = _COMPOUND_NETWORKS.get((part, parts[index + 1]))
            if compound:
                return compound
        network = _NETWORK_ALIASES.get(part)
        if network and (part not in _SUFFIX_ONLY_PARTS or (index == last and index > 0)):
            return network
    return None


def network_from_classes(classes: str) -> str | None:
    """Network named by a class attribute (``share-facebook``, ``a2a_button_x``, ``heateor_sss_whatsapp``,
    ``at-svc-linkedin``); ambiguous words (``x``, ``line``, ``mail``...) count only as the end of a compound class."""
    for token in classes.lower().split():
        network = _token_network(token)
        if network:
            return network
    return None


def network_from_text(text: str) -> str | None:
    """Network named in human wording (``Partager sur Facebook``, ``Share on X``, ``Envoyer par courriel``)."""
    words = _WORD.findall(text.lower())
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word.startswith("google") and (word.endswith("+") or following in ("+", "plus")):
            return "googleplus"
        if word in ("tweet", "tweeter", "tweeten", "tweets"):
            return "twitter"
        if word == "x" and index > 0 and words[index - 1] in _TEXT_X_PREPOSITIONS:
            return "twitter"
        if word not in _SUFFIX_ONLY_PARTS or word == "mail":
            network = _NETWORK_ALIASES.get(word)
            if network and network not in ("googleplus", "line"):
                return network
    return None


def _contains_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether any of ``words`` occurs in ``text``."""
    # map() over a bound C method runs without Python frames: cheaper than any(<genexpr>) or a regex alternation.
    return any(map(text.__contains__, words))


def has_share_wording(text: str) -> bool:
    """Whether ``text`` (classes, title, label or visible text) talks about sharing, in FR/EN/DE/ES/IT."""
    return _contains_any(text.lower(), _SHARE_WORDS)


def vendor_from_classes(classes: str) -> str | None:
    """Third-party widget named by a class or id attribute (``a2a_button_facebook``, ``heateor_sss_facebook``,
    ``swp_social_panel``, ``ss-facebook-color``...)."""
    for token in classes.lower().split():
        if token.startswith(_VENDOR_PREFIX_TUPLE):
            for prefix, vendor in _VENDOR_PREFIXES:
                if token.startswith(prefix):
                    return vendor
        elif token.startswith("ss-") and token.endswith("-color"):
            return "social_snap"
    return None


def widget_container(classes: str) -> tuple[str, str] | None:
    """(vendor, role) when a class attribute marks the top-level container of a share/follow widget."""
    for token in classes.lower().split():
        found = _CONTAINERS.get(token)
        if found:
            return found
        if token.startswith("addthis_"):
            # AddThis dashboard tools carry a per-site suffix: addthis_inline_share_toolbox_m2ds.
            if "follow_toolbox" in token:
                return ("addthis", "follow")
            if "share_toolbox" in token:
                return ("addthis", "share")
    return None


def loader_vendor(source: str) -> str | None:
    """Vendor whose loader a script ``src`` (or inline loader snippet) is; ``None`` for SDKs and other scripts."""
    lower = source.lower()
    for signature, vendor in _LOADERS:
        if signature in lower:
            return vendor
    return None


def _container_hint(source: str) -> bool:
    """Whether a script/stylesheet URL or inline snippet loads something that renders widgets from empty markup."""
    lower = source.lower()
    if _contains_any(lower, _CONTAINER_HINTS):
        return True
    return "connect.facebook.net" in lower and _contains_any(lower, _FACEBOOK_SDK_HINTS)


def _is_personal(marks: str, tokens: list[str]) -> bool:
    """Author boxes, bylines, comments and team cards: their social links belong to people, not to the site."""
    if not _contains_any(marks, _PERSONAL_WORDS):
        return False
    return any(
        _PERSONAL_TOKEN.search(token)
        for token in tokens
        if not token.startswith(("category-", "tag-", "page-", "postid-"))
    )


def _mark_signals(marks: str) -> tuple[str | None, bool, bool, bool]:
    """(vendor, in an embed, page chrome, personal block) told by one element's lowercased class and id."""
    tokens = marks.split()
    return (
        vendor_from_classes(marks),
        not _EMBED_TOKENS.isdisjoint(tokens),
        _contains_any(marks, _CHROME_WORDS),
        _is_personal(marks, tokens),
    )


def _is_person_microdata(itemprop: str | None, itemtype: str | None) -> bool:
    """Whether schema.org microdata marks a person: an ``author``/``contributor``... property or a ``Person`` item;
    their ``sameAs`` links are that person's profiles, not the site's."""
    if itemprop and not _PERSON_ITEMPROPS.isdisjoint(itemprop.split()):
        return True
    return bool(itemtype) and itemtype.strip().rstrip("/").endswith("/Person")


def _data_network(element: etree._Element) -> str | None:
    """Network named by a ``data-network``-like attribute of ``element``."""
    if _SHARE_DATA_SET.isdisjoint(element.keys()):
        return None
    for name in _SHARE_DATA_ATTRIBUTES:
        network = _network_alias(element.get(name))
        if network:
            return network
    return None


def _identity_href(href: str | None) -> str | None:
    """A loose form of ``href`` for de-duplication: no scheme, www, trailing slash, tracking query or fragment."""
    if not href:
        return None
    p = parse_url(href)
    if p is None:
        return href
    host = "twitter.com" if p.host == "x.com" else p.host
    path = p.path.rstrip("/").lower()
    keep_query = path.endswith(".php") or "intent" in path or "subscription_center" in path
    query = "&".join(f"{key}={value}" for key, value in sorted(p.query.items())) if keep_query else ""
    return f"{host}{path}?{query}" if query else f"{host}{path}"


@dataclass(frozen=True, slots=True)
class _Ancestry:
    """What an element and its ancestors say about it (nearest first)."""

    vendor: str | None = None
    """Nearest widget vendor named by a registered container or a vendor class."""
    containers: tuple[etree._Element, ...] = ()
    """Registered vendor containers, nearest first."""
    in_embed: bool = False
    in_chrome: bool = False
    """In the header, footer, navigation, a sidebar or a social/follow block."""
    personal: bool = False
    """In an author box, byline, comment or team card."""
    paragraph: etree._Element | None = None


_OUTSIDE = _Ancestry()


@dataclass(slots=True)
class _Found:
    """A finding as collected, before :meth:`_Collector.items` drops superseded stand-ins and duplicates."""

    item: ShareWidget
    container: etree._Element | None = None
    """Set on the ``multiple``/service items of a vendor container, dropped when the container lists buttons."""
    from_script: bool = False


@dataclass(slots=True)
class _Container:
    """A registered vendor widget container: its vendor and role, and the shared URL and text it gives the buttons
    inside it."""

    vendor: str
    role: str
    shared_url: str | None
    text: str | None


class _Collector:
    """Findings of one page, in page order; built and thrown away by each call."""

    def __init__(self, page_url: str) -> None:
        """Start an empty collection for ``page_url``, with the prefixes of absolute links to the page's own site."""
        self.page_url = page_url
        self.found: list[_Found] = []
        self.containers: dict[etree._Element, _Container] = {}
        self.filled: set[etree._Element] = set()
        self.loaders: dict[etree._Element, str] = {}
        self.contexts: dict[etree._Element, _Ancestry] = {}
        self.mark_signals: dict[str, tuple[str | None, bool, bool, bool]] = {}
        origin = page_url.split("/", 3)[:3] if page_url.startswith(("http://", "https://")) else []
        host = origin[2].lower() if len(origin) == 3 and origin[2] else ""
        # Absolute links to the page's own site (WordPress writes every internal link this way).
        self.own_prefixes: tuple[str, ...] = (f"https://{host}/", f"http://{host}/") if host else ()

    # -- bookkeeping -------------------------------------------------------------------------------------------

    def add(
        self,
        item: ShareWidget,
        ancestry: _Ancestry | None = None,
        *,
        container: etree._Element | None = None,
        from_script: bool = False,
    ) -> None:
        """Record a finding; the vendor containers of its ancestry count as filled, so their stand-in items are
        dropped."""
        if ancestry is not None:
            self.filled.update(ancestry.containers)
        self.found.append(_Found(item, container=container, from_script=from_script))

    def items(self) -> list[ShareWidget]:
        """Findings in page order, without stand-ins superseded by real buttons and without duplicates."""
        vendors_in_markup = {f.item.vendor for f in self.found if not f.from_script and f.item.vendor}
        kept: list[ShareWidget] = []
        seen: set[tuple[object, ...]] = set()
        for found in self.found:
            item = found.item
            if found.container is not None and found.container in self.filled:
                continue
            if found.from_script and item.vendor in vendors_in_markup:
                continue
            if item.role == "follow":
                key: tuple[object, ...] = ("follow", item.network, _identity_href(item.href))
            elif item.role == "feed":
                key = ("feed", item.network, item.vendor, _identity_href(item.href))
            else:
                key = ("share", item.network, item.vendor, item.href, item.shared_url)
            if key not in seen:
                seen.add(key)
                kept.append(item)
        return kept

    def ancestry(self, element: etree._Element) -> _Ancestry:
        """What ``element`` and its ancestors say: the nearest vendor (its own classes first) and containers; the
        embed/chrome/personal/paragraph context comes from the ancestors only."""
        parent = element.getparent()
        above = self.context(parent) if parent is not None else _OUTSIDE
        classes = element.get("class")
        vendor = vendor_from_classes(classes) if classes else None
        return replace(above, vendor=vendor) if vendor and vendor != above.vendor else above

    def context(self, node: etree._Element) -> _Ancestry:
        """Context of ``node`` and its ancestors up to ``<body>``, memoised: the buttons of a share bar or the links
        of a footer share most of their ancestors."""
        chain: list[etree._Element] = []
        current: etree._Element | None = node
        base = _OUTSIDE
        while current is not None and len(chain) < _MAX_ANCESTORS:
            cached = self.contexts.get(current)
            if cached is not None:
                base = cached
                break
            if current.tag in ("body", "html"):
                break
            chain.append(current)
            current = current.getparent()
        for current in reversed(chain):
            base = self.extend(base, current)
            self.contexts[current] = base
        return base

    def extend(self, above: _Ancestry, node: etree._Element) -> _Ancestry:
        """The context of ``node`` given the context of its parent."""
        tag = node.tag if isinstance(node.tag, str) else ""
        container = self.containers.get(node)
        classes, ident = node.get("class"), node.get("id")
        vendor, in_embed, in_chrome, personal = None, False, tag in _CHROME_TAGS, False
        if classes or ident:
            marks = f"{classes or ''} {ident or ''}"
            signals = self.mark_signals.get(marks)
            if signals is None:
                signals = self.mark_signals[marks] = _mark_signals(marks.lower())
            vendor, in_embed, chrome_class, personal = signals
            in_chrome = in_chrome or chrome_class
        if not personal and (node.get("itemprop") or node.get("itemtype")):
            personal = _is_person_microdata(node.get("itemprop"), node.get("itemtype"))
        if container is not None:
            vendor = container.vendor
        if vendor is None and container is None and not (in_embed or in_chrome or personal) and tag != "p":
            return above
        return _Ancestry(
            vendor=vendor or above.vendor,
            containers=(node, *above.containers) if container is not None else above.containers,
            in_embed=in_embed or above.in_embed,
            in_chrome=in_chrome or above.in_chrome,
            personal=personal or above.personal,
            paragraph=node if tag == "p" else above.paragraph,
        )

    def container_context(self, ancestry: _Ancestry) -> _Container | None:
        """The nearest registered vendor container of an ancestry, else ``None``."""
        return self.containers[ancestry.containers[0]] if ancestry.containers else None

    # -- dispatch ----------------------------------------------------------------------------------------------

    def scan_loaders(self, root: etree._Element) -> bool:
        """Classify scripts (and stylesheets) once; ``True`` when a widget that renders from empty containers is
        loaded, so that ``<div>``/``<ul>`` containers must be walked too."""
        hint = False
        for element in root.iter("script", "link"):
            if element.tag == "link" and "stylesheet" not in (element.get("rel") or "").lower():
                continue  # canonical/alternate links name pages, not widgets
            source = element.get("src") or element.get("href") or ""
            if source:
                if len(source) <= _MAX_URL_LENGTH:
                    hint = hint or _container_hint(source)
                    vendor = loader_vendor(source) if element.tag == "script" else None
                    if vendor:
                        self.loaders[element] = vendor
                continue
            text = element.text if element.tag == "script" else None
            if not text:
                continue
            text = text[:_MAX_INLINE_SCRIPT]
            if _contains_any(text, _INLINE_LOADERS):
                vendor = loader_vendor(text)
                if vendor:
                    self.loaders[element] = vendor
                    hint = True
            if not hint and "connect.facebook.net" in text:
                hint = _container_hint(text)
        return hint

    def visit(self, element: etree._Element) -> None:
        """Dispatch one walked element by tag; most links leave at the first test."""
        tag = element.tag
        if tag == "a":
            href = element.get("href")
            # Fast exit for the bulk of a page's links: internal, no "share", no fediverse "/@", no data-network.
            if (
                href
                and (href.startswith(self.own_prefixes) or (href[0] == "/" and href[1:2] not in ("/", "#")))
                and "share" not in href.lower()
                and "/@" not in href
                and _SHARE_DATA_SET.isdisjoint(element.keys())
            ):
                return
            self.visit_clickable(element, tag)
        elif tag == "button":
            self.visit_clickable(element, tag)
        elif tag == "div" or tag == "ul":
            self.visit_marked(element)
        elif tag == "iframe":
            self.visit_iframe(element)
        elif tag == "script":
            self.visit_script(element)
        elif tag == "blockquote":
            self.visit_blockquote(element)
        elif tag.startswith("amp-"):
            self.visit_amp(element, tag)
        elif tag.startswith("fb:"):
            self.visit_social_plugin(element, "fb-" + tag[3:])

    # -- links and buttons -------------------------------------------------------------------------------------

    def visit_clickable(self, element: etree._Element, tag: str) -> None:
        """Classify a link or button: a timeline or Pinterest anchor is a feed, a share or profile URL a share or
        follow, a social plugin button a plugin; else an intent in its script attributes, else a share button its markup
        names."""
        href = (element.get("href") or "").strip()
        if len(href) > _MAX_URL_LENGTH:
            href = ""
        navigating = tag == "a" and bool(href) and not href[:11].lower().startswith(_NON_NAVIGATING_PREFIXES)
        if navigating:
            if worth_parsing(href):
                classes = (element.get("class") or "").lower()
                if tag == "a" and (
                    not _FEED_ANCHORS.isdisjoint(classes.split())
                    or (element.get("data-pin-do") or "").lower() in _PINTEREST_FEEDS
                ):
                    self.feed_anchor(element, classes)
                    return
                if self.from_url(element, href, classes):
                    return
            if _SHARE_DATA_SET.isdisjoint(element.keys()):
                return
        if tag == "button" and (element.get("type") or "").lower() in ("submit", "reset"):
            return  # a form's own button, never a share button
        classes = (element.get("class") or "").lower()
        if tag == "button":
            plugin = next((token for token in classes.split() if token in _SOCIAL_PLUGINS), None)
            if plugin:
                self.visit_social_plugin(element, plugin)
                return
        if self.from_embedded_url(element, href, classes):
            return
        self.from_markup(element, classes, href if navigating else None)

    def resolve(self, href: str) -> str | None:
        """Absolute form of ``href``; app schemes (``whatsapp:``, ``tg:``...) as written."""
        scheme = href.partition(":")[0].lower()
        if scheme in _SOCIAL_SCHEMES:
            return href
        if scheme == "mailto" or (scheme in ("http", "https") and href[len(scheme) : len(scheme) + 3] == "://"):
            return href  # already absolute; urljoin would only cost time
        return absolute_url(href, self.page_url)

    def wording(self, element: etree._Element, classes: str) -> str:
        """The words a visitor or a screen reader gets for ``element``, plus its classes."""
        return f"{classes} {element.get('title') or ''} {element.get('aria-label') or ''} {self.visible_text(element)}"

    def visible_text(self, element: etree._Element) -> str:
        """The start of the element's text (a button label, not a whole menu)."""
        with suppress(ValueError):
            return element.text_content()[:300]
        return ""

    def from_url(self, element: etree._Element, href: str, classes: str) -> bool:
        """Classify a link target as a share intent or a profile; ``True`` when handled."""
        url = self.resolve(href)
        parsed = parse_url(url) if url else None
        if url is None or parsed is None:
            return False
        intent = _intent_of(parsed, self.page_url, lambda: self.wording(element, classes))
        if intent is not None:
            self.add_share(element, intent, url, "link")
            return True
        rel_me = "me" in (element.get("rel") or "").lower().split()
        network = _profile_network(parsed, rel_me) if parsed.scheme in ("http", "https") else None
        if network is not None:
            self.add_follow(element, network, url)
            return True
        if parsed.query.get("share"):
            return self.jetpack_link(element, parsed, url, classes)
        return False

    def add_share(self, element: etree._Element, intent: ShareIntent, href: str, detected_by: str) -> None:
        """Record a share button for ``intent``, completing its shared URL, text, hashtags, via and vendor from the
        element's attributes and its vendor container."""
        ancestry = self.ancestry(element)
        container = self.container_context(ancestry)
        shared_url = intent.shared_url or self.attribute_url(element) or (container.shared_url if container else None)
        text = intent.text or self.attribute_text(element) or (container.text if container else None)
        hashtags = intent.hashtags or hashtags_in(None, element.get("data-hashtags"))
        via = intent.via or (clean_text(element.get("data-via")).lstrip("@") or None)
        vendor = intent.vendor or ancestry.vendor
        if element.get("data-shared") is not None and vendor is None:
            vendor = "jetpack"
        item = ShareWidget(
            page_url=self.page_url,
            role="share",
            network=intent.network,
            vendor=vendor,
            href=href,
            shared_url=shared_url,
            text=text,
            hashtags=list(hashtags),
            via=via,
            detected_by=detected_by,
        )
        self.add(item, ancestry)

    def add_follow(self, element: etree._Element, network: str, href: str) -> None:
        """Record a link to a social profile, unless it sits in an embed or a personal block (author box, team card) or
        cites someone in running text."""
        ancestry = self.ancestry(element)
        if ancestry.in_embed or ancestry.personal or self.is_citation(element, ancestry):
            return
        # Only a vendor's follow widget makes a vendor follow link; theme social menus are plain links.
        container = self.container_context(ancestry)
        item = ShareWidget(
            page_url=self.page_url,
            role="follow",
            network=network,
            vendor=container.vendor if container else None,
            href=href,
            detected_by="link",
        )
        self.add(item, ancestry)

    def is_citation(self, element: etree._Element, ancestry: _Ancestry) -> bool:
        """A profile link in running text (``selon <a>@quelqu'un</a>, ...``) cites someone; it is not the site's."""
        if ancestry.paragraph is None or ancestry.in_chrome:
            return False
        try:
            paragraph = clean_text(ancestry.paragraph.text_content())
            own = clean_text(element.text_content())
        except ValueError:
            return False
        if len(paragraph) - len(own) <= _CITATION_MARGIN:
            return False
        return not _FOLLOW_WORDING.search(paragraph) or _THIRD_PERSON_FOLLOW.search(paragraph) is not None

    def jetpack_link(self, element: etree._Element, parsed: ParsedUrl, url: str, classes: str) -> bool:
        """Jetpack-style buttons link to the page itself with ``?share=<network>`` and redirect server-side."""
        network = _network_alias(parsed.query.get("share", "").replace("jetpack-", ""))
        if network is None:
            return False
        ancestry = self.ancestry(element)
        vendor = ancestry.vendor
        if vendor is None and element.get("data-shared") is not None:
            vendor = "jetpack"
        if vendor is None and not has_share_wording(classes):
            return False
        base, _, query = url.partition("?")
        query = query.partition("#")[0]
        rest = "&".join(part for part in query.split("&") if part and not part.startswith(("share=", "nb=")))
        item = ShareWidget(
            page_url=self.page_url,
            role="share",
            network=network,
            vendor=vendor,
            href=url,
            shared_url=f"{base}?{rest}" if rest else base,
            detected_by="link",
        )
        self.add(item, ancestry)
        return True

    def from_embedded_url(self, element: etree._Element, href: str, classes: str) -> bool:
        """Buttons whose intent URL sits in ``onclick``, a ``javascript:`` href or a ``data-*`` attribute."""
        sources = [href] if href[:11].lower().startswith("javascript:") else []
        for name, value in element.items():
            if (name.startswith("data-") or name == "onclick") and value and len(value) <= _MAX_URL_LENGTH:
                sources.append(value)
        for source in sources:
            if "/" not in source and ":" not in source:
                continue
            for match in _EMBEDDED_URL.finditer(source):
                candidate = match.group()
                if not worth_parsing(candidate):
                    continue
                url = self.resolve(candidate)
                intent = share_intent(url, self.page_url, self.wording(element, classes)) if url else None
                if url is None or intent is None:
                    continue
                if intent.shared_url is None:
                    # Scripts often append the shared URL by concatenation: window.open(intent + encode('...')).
                    later = (
                        _clean_shared_url(m.group(), self.page_url) for m in _URL_IN_TEXT.finditer(source, match.end())
                    )
                    intent = replace(intent, shared_url=next((u for u in later if u and share_intent(u) is None), None))
                self.add_share(element, intent, url, "markup")
                return True
        return False

    def from_markup(self, element: etree._Element, classes: str, href: str | None) -> None:
        """A share button whose link is built by script: the network is named by its attributes or wording.

        Menu toggles, skip links and the like are the common case here, so the share context is established first
        from cheap signals (data attributes, classes, title/aria-label), reading the visible text only as a last
        resort; only then is the network looked for."""
        parent = element.getparent()
        parent_classes = (parent.get("class") or "").lower() if parent is not None else ""
        # A data-network-like attribute (on the element or its wrapper) both names the network and says "share".
        data_network = _data_network(element) or (_data_network(parent) if parent is not None else None)
        labels = f"{classes} {element.get('title') or ''} {element.get('aria-label') or ''}"
        text = ""
        if not (
            data_network
            or element.get("data-shared") is not None
            or has_share_wording(labels)
            or has_share_wording(parent_classes)
            or vendor_from_classes(f"{classes} {parent_classes}")
        ):
            text = self.visible_text(element)
            if not has_share_wording(text):
                return
        network = (
            _data_network(element)
            or network_from_classes(classes)
            or network_from_text(f"{labels} {text or self.visible_text(element)}")
            or network_from_classes(parent_classes)
            or data_network
        )
        if network is None:
            return
        ancestry = self.ancestry(element)
        container = self.container_context(ancestry)
        vendor = ancestry.vendor or ("jetpack" if element.get("data-shared") is not None else None)
        role = container.role if container else "share"
        shared_url, text = None, None
        if role == "share":
            shared_url = self.attribute_url(element) or (container.shared_url if container else None)
            text = self.attribute_text(element) or (container.text if container else None)
        item = ShareWidget(
            page_url=self.page_url,
            role=role,
            network=network,
            vendor=vendor,
            href=absolute_url(href, self.page_url) if href else None,
            shared_url=shared_url,
            text=text,
            hashtags=list(hashtags_in(None, element.get("data-hashtags"))),
            via=clean_text(element.get("data-via")).lstrip("@") or None,
            detected_by="markup",
        )
        self.add(item, ancestry)

    def attribute_url(self, element: etree._Element) -> str | None:
        """A shared URL given by a data attribute (``data-url``, ``data-a2a-url``, ``addthis:url``...)."""
        for name in _SHARED_URL_ATTRIBUTES:
            url = _clean_shared_url(element.get(name), self.page_url)
            if url and share_intent(url) is None:
                return url
        return None

    def attribute_text(self, element: etree._Element) -> str | None:
        """A pre-filled share text given by a data attribute (``data-text``, ``data-title``...)."""
        for name in _SHARED_TEXT_ATTRIBUTES:
            text = _clean_text(element.get(name))
            if text:
                return text
        return None

    # -- feeds and plugins -------------------------------------------------------------------------------------

    def add_feed(self, network: str, href: str | None, detected_by: str, vendor: str | None = None) -> None:
        """Record an embedded feed (timeline, page plugin, embedded post) of ``network``."""
        item = ShareWidget(
            page_url=self.page_url, role="feed", network=network, vendor=vendor, href=href, detected_by=detected_by
        )
        self.add(item)

    def feed_anchor(self, element: etree._Element, classes: str) -> None:
        """A Twitter timeline-like anchor, or a Pinterest widget anchor pointing at Pinterest, is a feed; nothing else
        is recorded."""
        href = absolute_url(element.get("href") or element.get("data-href"), self.page_url)
        if "twitter-" in classes:
            self.add_feed("twitter", href, "markup")
        elif href and _platform(canonical_host(_host_of(href))) == "pinterest":
            self.add_feed("pinterest", href, "markup")

    def visit_blockquote(self, element: etree._Element) -> None:
        """An embedded post written as a blockquote (tweet, Instagram, Mastodon, Bluesky, Reddit) is a feed pointing at
        the post when a link says which; other blockquotes are ignored."""
        tokens = (element.get("class") or "").lower().split()
        if _EMBED_TOKENS.isdisjoint(tokens):
            return
        links = [link for link in (absolute_url(href, self.page_url) for href in element.xpath(".//a/@href")) if link]
        if "twitter-tweet" in tokens or "twitter-video" in tokens:
            status = [link for link in links if "/status" in link]
            self.add_feed("twitter", status[-1] if status else None, "markup")
        elif "instagram-media" in tokens:
            permalink = absolute_url(element.get("data-instgrm-permalink"), self.page_url)
            self.add_feed("instagram", permalink or (links[0] if links else None), "markup")
        elif "mastodon-embed" in tokens:
            embed = absolute_url(element.get("data-embed-url"), self.page_url)
            self.add_feed(
                "mastodon", embed.removesuffix("/embed") if embed else (links[0] if links else None), "markup"
            )
        elif "bluesky-embed" in tokens:
            posts = [link for link in links if "bsky.app/profile/" in link and "/post/" in link]
            self.add_feed("bluesky", posts[0] if posts else None, "markup")
        elif "reddit-embed-bq" in tokens or "reddit-card" in tokens:
            self.add_feed("reddit", links[0] if links else None, "markup")

    def visit_iframe(self, element: etree._Element) -> None:
        """An iframe showing a social widget (see :func:`embed_widget`) is a feed, share or follow item; a share plugin
        keeps the iframe URL as ``href``."""
        src = (element.get("src") or element.get("data-src") or element.get("data-lazy-src") or "").strip()
        if not src or len(src) > _MAX_URL_LENGTH or not worth_parsing(src):
            return
        url = absolute_url(src, self.page_url)
        widget = embed_widget(url) if url else None
        if url is None or widget is None:
            return
        item = ShareWidget(
            page_url=self.page_url,
            role=widget.role,
            network=widget.network,
            href=widget.href if widget.role != "share" else url,
            shared_url=widget.shared_url,
            text=widget.text,
            via=widget.via,
            detected_by="iframe",
        )
        self.add(item)

    def visit_social_plugin(self, element: etree._Element, kind: str) -> None:
        """Facebook XFBML / Google+ plugins declared in markup and rendered by their SDK."""
        target = _clean_shared_url(element.get("data-href") or element.get("href"), self.page_url)
        is_facebook_target = bool(target) and _platform(canonical_host(_host_of(target or ""))) == "facebook"
        role, network, href, shared_url = "", "", None, None
        if kind in ("fb-page", "fb-like-box", "fb-likebox", "fb-post"):
            role, network, href = "feed", "facebook", target
        elif kind == "fb-share-button":
            role, network, shared_url = "share", "facebook", target
        elif kind == "fb-like":
            role, network = ("follow", "facebook") if is_facebook_target else ("share", "facebook")
            href, shared_url = (target, None) if is_facebook_target else (None, target)
        elif kind == "fb-follow":
            role, network, href = "follow", "facebook", target
        elif kind == "fb-send":
            role, network, shared_url = "share", "messenger", target
        elif kind == "g-plusone" or (kind == "g-plus" and (element.get("data-action") or "share") == "share"):
            role, network, shared_url = "share", "googleplus", target
        elif kind in ("g-follow", "g-page"):
            role, network, href = "follow", "googleplus", target
        if not role:
            return
        item = ShareWidget(
            page_url=self.page_url, role=role, network=network, href=href, shared_url=shared_url, detected_by="markup"
        )
        self.add(item)

    def visit_amp(self, element: etree._Element, tag: str) -> None:
        """AMP social components: ``amp-social-share`` buttons and the embeds of posts and pages."""
        if tag == "amp-social-share":
            kind = (element.get("type") or "").strip().lower()
            endpoint = element.get("data-share-endpoint")
            intent = share_intent(endpoint, self.page_url) if endpoint else None
            network = intent.network if intent else ("multiple" if kind == "system" else _network_alias(kind))
            if network is None:
                return
            text = _clean_text(element.get("data-param-text")) or (intent.text if intent else None)
            item = ShareWidget(
                page_url=self.page_url,
                role="share",
                network=network,
                href=absolute_url(endpoint, self.page_url) if intent else None,
                shared_url=_clean_shared_url(element.get("data-param-url"), self.page_url)
                or (intent.shared_url if intent else None),
                text=text,
                hashtags=list(hashtags_in(text) if network != "email" else ()),
                detected_by="markup",
            )
            self.add(item)
        elif tag in ("amp-facebook-page", "amp-facebook"):
            if (element.get("data-embed-as") or "").lower() != "video":
                self.add_feed("facebook", _clean_shared_url(element.get("data-href"), self.page_url), "markup")
        elif tag == "amp-twitter":
            tweet = (element.get("data-tweetid") or "").strip()
            if tweet.isdigit():
                self.add_feed("twitter", f"https://twitter.com/i/status/{tweet}", "markup")
        elif tag == "amp-instagram":
            shortcode = (element.get("data-shortcode") or "").strip()
            if _HANDLE.fullmatch(shortcode):
                self.add_feed("instagram", f"https://www.instagram.com/p/{shortcode}/", "markup")
        elif tag == "amp-facebook-like":
            self.visit_social_plugin(element, "fb-like")

    def visit_script(self, element: etree._Element) -> None:
        """LinkedIn ``IN/Share`` and ``IN/FollowCompany`` scripts are a share and a follow; a loader script
        :meth:`scan_loaders` recognised stands for its vendor's widget as one ``multiple`` item (a follow for ShareThis
        follow buttons)."""
        kind = (element.get("type") or "").strip()
        if kind == "IN/Share":
            shared_url = _clean_shared_url(element.get("data-url"), self.page_url)
            item = ShareWidget(
                page_url=self.page_url, role="share", network="linkedin", shared_url=shared_url, detected_by="markup"
            )
            self.add(item)
            return
        if kind == "IN/FollowCompany":
            self.add(ShareWidget(page_url=self.page_url, role="follow", network="linkedin", detected_by="markup"))
            return
        vendor = self.loaders.get(element)
        if vendor is None:
            return
        source = (element.get("src") or "").lower()
        role = "follow" if vendor == "sharethis" and "follow" in source else "share"
        item = ShareWidget(page_url=self.page_url, role=role, network="multiple", vendor=vendor, detected_by="script")
        self.add(item, from_script=True)

    # -- vendor containers and script-built buttons ------------------------------------------------------------

    def visit_marked(self, element: etree._Element) -> None:
        """A ``<div>``/``<ul>`` walked because a widget vendor is loaded: plugin, feed widget, share container or
        script-rendered button."""
        classes = (element.get("class") or "").lower()
        ident = (element.get("id") or "").lower()
        if not classes and not ident and _SHARE_DATA_SET.isdisjoint(element.keys()):
            return
        tokens = classes.split()
        plugin = next((token for token in tokens if token in _SOCIAL_PLUGINS), None)
        if plugin:
            self.visit_social_plugin(element, plugin)
            return
        feed = next((token for token in [*tokens, ident] if token in _FEED_CONTAINERS), None)
        if feed:
            network, vendor = _FEED_CONTAINERS[feed]
            self.add_feed(network, self.profile_inside(element, network), "markup", vendor)
            return
        container = widget_container(classes)
        if container:
            self.open_container(element, *container)
            return
        if (_data_network(element) or (element.get("role") == "button" and vendor_from_classes(classes))) and next(
            element.iter("a", "button"), None
        ) is None:
            # A wrapper around a link or button leaves the classification to it (it may carry the intent URL).
            self.from_markup(element, classes, None)

    def profile_inside(self, element: etree._Element, network: str) -> str | None:
        """The first link to a ``network`` profile inside a feed widget (its header), i.e. the profile it shows."""
        for index, link in enumerate(element.iter("a")):
            if index >= _MAX_FEED_LINKS:
                break
            href = absolute_url(link.get("href"), self.page_url)
            if href and profile_network(href) == network:
                return href
        return None

    def open_container(self, element: etree._Element, vendor: str, role: str) -> None:
        """Register a vendor widget container and stand for it with ``multiple`` (or its listed services) until
        buttons are found inside it."""
        if vendor == "shareaholic":
            app = (element.get("data-app") or "").lower()
            if "follow" in app:
                role = "follow"
            elif app and "share" not in app:
                return
        if vendor == "addtoany" and "a2a_follow" in (element.get("class") or ""):
            role = "follow"
        networks = ["multiple"]
        services = element.get("data-services")
        if vendor == "shariff" and services:
            listed = (_network_alias(name) for name in _SERVICE_NAME.findall(services.lower()[:_MAX_TEXT_LENGTH]))
            networks = list(_dedupe(name for name in listed if name)) or networks
        shared_url = next(
            (
                url
                for url in (_clean_shared_url(element.get(name), self.page_url) for name in _SHARED_URL_ATTRIBUTES)
                if url
            ),
            None,
        )
        text = self.attribute_text(element)
        parent = element.getparent()
        outer = self.context(parent).containers if parent is not None else ()
        if outer:
            # A wrapper of the same widget already stands for it.
            self.containers[element] = self.containers[outer[0]]
            self.filled.add(element)
            return
        self.containers[element] = _Container(vendor, role, shared_url, text)
        for network in networks:
            item = ShareWidget(
                page_url=self.page_url,
                role=role,
                network=network,
                vendor=vendor,
                shared_url=shared_url if role == "share" else None,
                text=text if role == "share" else None,
                detected_by="markup",
            )
            self.add(item, container=element)


def extract_share_widgets(selector: Selector, page_url: str) -> list[ShareWidget]:
    """Share buttons/intents, widget vendors, links to the site's social profiles and embedded feeds of a page.

    Items come in page order, one per network button, profile or feed (duplicates on the page collapsed). A vendor
    whose buttons are listed in the markup gives one item per button; a container whose buttons are built by script
    gives one ``multiple`` item; a loader script alone gives one ``multiple`` item ``detected_by="script"``.
    """
    root = getattr(selector, "root", None)
    if not isinstance(root, etree._Element):
        return []
    collector = _Collector(page_url)
    tags = _BASE_TAGS + _CONTAINER_TAGS if collector.scan_loaders(root) else _BASE_TAGS
    for element in root.iter(*tags):
        collector.visit(element)
    return collector.items()
