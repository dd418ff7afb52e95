"""Social networks: the one home of what the project knows about them.

Every rule about a social network's URLs and markup lives here, and the share-widget extractor, the calls-to-action
extractor (its ``social_follow`` links) and the profile spiders read it:

* hosts and their platform (:func:`platform_of_host`, :func:`canonical_host`), with the names a network goes by in
  classes, data attributes and vendor service lists (:func:`network_alias`);
* share-intent URL shapes (:func:`share_intent`: ``facebook.com/sharer.php?u=``, ``twitter.com/intent/tweet``,
  AddThis/AddToAny forwarders, recipient-less ``mailto:``, Cloudflare-protected ``mailto:``...);
* profile URL shapes (:func:`profile_network`: accounts, pages, channels, groups; not posts, platform pages or
  legal pages);
* embedded feeds and social plugins (:func:`embed_widget`, the XFBML/feed/embed class tokens);
* share-widget vendors and their markers (class prefixes, containers, loader scripts, WordPress plugin paths).

Pure functions over strings: no parsing of pages, no network, no settings.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

from inbound_spiders.extractors.common import absolute_url, clean_text
from inbound_spiders.knowledge.urls import host_of

MAX_URL_LENGTH = 16_000
MAX_TEXT_LENGTH = 1_000
_PORT = re.compile(r":\d*$")
_LOCALE_LABEL = re.compile(r"[a-z]{2}(?:-[a-z]{2})?")
_HOST_PREFIXES = frozenset({"www", "m", "mobile", "web", "touch", "mbasic"})
_PINTEREST_HOST = re.compile(r"pinterest\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})")
_FEDIVERSE_HOST = re.compile(
    r"(?:^|[.-])(?:mastodon|mstdn|masto|toot|fosstodon|mamot|piaille|framapiaf|hachyderm|pouet|troet|pixelfed)"
    r"|\.social$|^social\.|^(?:infosec\.exchange|mas\.to|tech\.lgbt|eldritch\.cafe)$"
)
# web+mastodon: the protocol handler a visitor's own Mastodon instance registers (web+mastodon://share?text=...).
SOCIAL_SCHEMES = frozenset({"whatsapp", "tg", "fb-messenger", "viber", "sms", "web+mastodon"})
_SOCIAL_SCHEME_PREFIXES = ("mailto:", "sms:", "tg:", "whatsapp:", "viber:", "fb-messenger:", "web+mastodon:")
NON_NAVIGATING_PREFIXES = ("#", "/#", "javascript:", "void")

# Canonical host (without www./m./locale prefixes) -> platform.
HOSTS: dict[str, str] = {
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
    "viadeo.com": "viadeo",
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
    "api.addthis.com": "addthis",
    "mewe.com": "mewe",
    "parler.com": "parler",
    "flipboard.com": "flipboard",
    "news.google.com": "googlenews",
    "sharetodiaspora.github.io": "diaspora_share",
    "share.diasporafoundation.org": "diaspora_share",
    "platform.twitter.com": "twitter_platform",
    "syndication.twitter.com": "twitter_platform",
    "embed.bsky.app": "bluesky_embed",
}
#: A network's former host -> its current one: a profile on either is the same profile.
RENAMED_HOSTS: dict[str, str] = {"x.com": "twitter.com"}
#: network -> the URL of one of its posts, from the post's id (AMP embeds give only the id).
POST_URLS: dict[str, str] = {
    "twitter": "https://twitter.com/i/status/{}",
    "instagram": "https://www.instagram.com/p/{}/",
}
#: What a link to a Bluesky post holds (``https://bsky.app/profile/<handle>/post/<id>``).
BLUESKY_POST_MARKERS = ("bsky.app/profile/", "/post/")

EMBEDDED_URL = re.compile(r"(?:https?:)?//[^\s'\"<>()]+|(?:mailto|whatsapp|tg|fb-messenger):[^\s'\"<>()]+", re.I)
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+")
_TRAILING_PUNCTUATION = ".,;:!?)]}»'\""
_HASHTAG = re.compile(r"(?<![\w&/#])#(\w*[^\W\d_]\w*)")
_HASHTAG_PARAM = re.compile(r"#?(\w+)")
_WORD = re.compile(r"[\w+]+")
SERVICE_NAME = re.compile(r"[a-z][a-z_-]*")

# Share endpoints that CMS plugins serve from the site itself (path suffix -> (network, vendor)).
_PLUGIN_SHARE_ENDPOINTS: dict[str, tuple[str, str]] = {
    "/share-on-diaspora/new_window.php": ("diaspora", "share_on_diaspora"),
}
_PLUGIN_SHARE_ENDPOINTS_SUFFIXES = tuple(_PLUGIN_SHARE_ENDPOINTS)
# Cloudflare's e-mail obfuscation replaces a mailto: href by this path and the XOR-encoded address as fragment.
CLOUDFLARE_EMAIL_PATH = "/cdn-cgi/l/email-protection"

# Share intents: canonical paths, lowercased and without trailing slash.
_FACEBOOK_SHARE_PATHS = frozenset(
    {"/sharer/sharer.php", "/sharer.php", "/sharer", "/share.php", "/share", "/dialog/share", "/dialog/feed"}
)
_LINKEDIN_SHARE_PATHS = frozenset({"/sharearticle", "/sharing/share-offsite", "/cws/share", "/shareactive"})
_URL_PARAMS = ("u", "url", "href", "link", "canonicalurl", "linkurl", "shareurl")
_TEXT_PARAMS = (
    "text",
    "title",
    "quote",
    "description",
    "status",
    "t",
    "caption",
    "summary",
    "linkname",
    "name",
    "su",
    "message",
)

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
    "mewe": "mewe",
    "parler": "parler",
    "snapchat": "snapchat",
}
# Short service codes that newsroom scripts put in data attributes (data-social="tw", data-share="li"); read only
# from those attributes, never from classes or text, where they are ordinary words.
_DATA_ATTRIBUTE_CODES: dict[str, str] = {"tw": "twitter", "li": "linkedin", "in": "linkedin", "wa": "whatsapp"}
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
    "compartilh",
    "partilh",
    "deel via",
    "deel op",
    "deel dit",
    "deel deze",
    "delen via",
    "delen op",
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
# Class/id fragments of share bars and share vendors' widgets.
_SHARE_MARKUP_WORDS = ("shar", "partag", "condivid", "compartilh", "partilh", "addtoany", "addthis")
# "Partager sur X", "Share on X", "Condividi su X", "Deel op X", "Compartilhar no X", "Partilhar na X".
_TEXT_X_PREPOSITIONS = frozenset({"sur", "on", "to", "auf", "en", "via", "su", "op", "no", "na", "em"})
SHARE_DATA_ATTRIBUTES = (
    "data-network",
    "data-sharer",
    "data-share-network",
    "data-social-network",
    "data-ss-ss-network-id",
    "data-social_name",
    "data-social-name",
    "data-service",
    "data-platform",
    "data-share",
    "data-social",
)
SHARE_DATA_SET = frozenset(SHARE_DATA_ATTRIBUTES)
SHARED_URL_ATTRIBUTES = (
    "data-url",
    "data-href",
    "data-share-url",
    "data-a2a-url",
    "addthis:url",
    "data-permalink",
    "data-link",
    "data-shareurl",
)
SHARED_TEXT_ATTRIBUTES = ("data-text", "data-title", "data-a2a-title", "addthis:title", "data-share-title")

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
    ("radsocialshare", "radsocialshare"),  # Telerik RadSocialShare (ASP.NET/Sitefinity)
    ("ss-social-sharing", "wp_social_sharing"),
    ("diaspora-button", "share_on_diaspora"),
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
    "radsocialshare": ("radsocialshare", "share"),
    "ss-social-sharing": ("wp_social_sharing", "share"),
}
#: Vendors of share widgets (as opposed to feed aggregators): a button of theirs that names no network is their menu.
SHARE_VENDORS = frozenset(vendor for vendor, role in _CONTAINERS.values() if role == "share")
# Feed widgets of WordPress plugins and aggregators (class or id token) -> (network, vendor).
FEED_CONTAINERS: dict[str, tuple[str, str]] = {
    "sb_instagram": ("instagram", "smash_balloon"),
    "sbi": ("instagram", "smash_balloon"),
    "ctf": ("twitter", "smash_balloon"),
    "cff": ("facebook", "smash_balloon"),
    "sb_youtube": ("youtube", "smash_balloon"),
    "juicer-feed": ("multiple", "juicer"),
    "curator-feed": ("multiple", "curator"),
}
SOCIAL_PLUGINS = frozenset(
    {"fb-page", "fb-like-box", "fb-post", "fb-share-button", "fb-like", "fb-follow", "fb-send"}
    | {"g-plusone", "g-plus", "g-follow", "g-page"}
)
FEED_ANCHORS = frozenset({"twitter-timeline", "twitter-grid", "twitter-moment", "twitter-list"})
PINTEREST_FEEDS = frozenset({"embeduser", "embedboard", "embedpin"})
# Embeds whose inner links (author, hashtags, post) are part of the embed, not the site's own links.
EMBED_TOKENS = frozenset(
    {"twitter-tweet", "twitter-video", "instagram-media", "fb-xfbml-parse-ignore", "mastodon-embed", "bluesky-embed"}
    | {"reddit-embed-bq", "reddit-card", "fb-page", "fb-post", "fb-like-box", "tiktok-embed"}
)


@dataclass(frozen=True)
class WidgetLoader:
    """A vendor's widget loader script: how it is recognised and, for a widget its script builds in the browser, what
    the static HTML shows of it (read by the share-widget extractor and by the rendering decision)."""

    vendor: str
    signatures: tuple[str, ...] = ()
    """Lowercase substrings of the loader's script URL (or of an inline loader snippet)."""
    inline_call: str | None = None
    """A regex of an inline call that builds the widget (``twttr.widgets.createTimeline(``)."""
    built_in_browser: bool = False
    """Whether its script builds the buttons or the timeline (a page loading it may need rendering), rather than
    decorating buttons already in the HTML."""
    built: str | None = None
    """XPath of what the script builds: a page that already shows it needs no rendering."""
    mount: str | None = None
    """XPath of the element the script fills, for loaders present site-wide that fill only pages holding one."""
    reported: bool = True
    """Whether the loader alone stands for the vendor's share/follow widget (one ``multiple`` item); a widget platform
    whose apps are not all social (Elfsight) or a timeline API is not."""


#: Links whose ``href`` holds one of these is a share intent of the big networks (a cheap test on a whole page).
SHARE_LINK_HREF_MARKERS = ("sharer", "intent/tweet", "shareArticle", "share-offsite")
#: The XPath of such links.
SHARE_LINK_XPATH = "//a[" + " or ".join(f"contains(@href, '{marker}')" for marker in SHARE_LINK_HREF_MARKERS) + "]"

#: Widget loaders, in priority order (the first one a page needs rendering for is its reason).
WIDGET_LOADERS: tuple[WidgetLoader, ...] = (
    WidgetLoader(
        "addthis",
        ("addthis.com/js/", "addthis_widget.js"),
        built_in_browser=True,
        built="//*[contains(@class, 'addthis_button_') or contains(@class, 'at-share-btn') or contains(@class,"
        " 'at-svc')]",
    ),
    WidgetLoader(
        "sharethis",
        ("sharethis.com/", "sharethis.js", "sharethis.min.js"),
        built_in_browser=True,
        built="//*[contains(@class, 'st-btn') or starts-with(@class, 'st_') or contains(@class, ' st_')]"
        f" | {SHARE_LINK_XPATH}",
    ),
    WidgetLoader(
        "addtoany",
        ("static.addtoany.com/menu", "/add-to-any/", "addtoany.js", "addtoany.min.js"),
        built_in_browser=True,
        built="//a[contains(@class, 'a2a_button_')]",
    ),
    WidgetLoader(
        "shareaholic",
        ("shareaholic",),
        built_in_browser=True,
        built="//*[contains(@class, 'shareaholic-share-button')]",
    ),
    WidgetLoader("sumo", ("load.sumo.com", "sumome.com/"), built_in_browser=True),
    WidgetLoader(
        "elfsight",
        ("elfsight.com/platform",),
        built_in_browser=True,
        mount="//*[contains(@class, 'elfsight-app-')]",
        reported=False,
    ),
    WidgetLoader(
        "twitter",
        inline_call=r"twttr\.widgets\.create\w*\s*\(",
        built_in_browser=True,
        built="//iframe[contains(@src, 'twitter.com') or contains(@src, 'x.com')]",
        reported=False,
    ),
    WidgetLoader("shariff", ("shariff.complete.js", "shariff.min.js", "/shariff.js")),
    WidgetLoader("jetpack", ("sharedaddy/sharing",)),
    WidgetLoader("social_warfare", ("/social-warfare/",)),
    WidgetLoader("social_snap", ("/socialsnap/",)),
    WidgetLoader("monarch", ("/monarch/js/",)),
    WidgetLoader("novashare", ("/novashare/",)),
    WidgetLoader("grow", ("faves.grow.me", "/social-pug/", "/grow-social/")),
    WidgetLoader("sassy_social_share", ("/sassy-social-share/",)),
    WidgetLoader("mashshare", ("mashsharer",)),
    WidgetLoader("simple_share_buttons", ("/simple-share-buttons-adder/",)),
    WidgetLoader("wp_social_sharing", ("/wp-social-sharing/",)),
    WidgetLoader("share_on_diaspora", ("/share-on-diaspora/",)),
    WidgetLoader("radsocialshare", ("telerik.web.ui.radsocialshare",)),
)
# Loader script signatures (src, or inline loader snippets) -> vendor; checked as lowercase substrings.
_LOADERS: tuple[tuple[str, str], ...] = tuple(
    (signature, loader.vendor) for loader in WIDGET_LOADERS if loader.reported for signature in loader.signatures
)
# Inline loader snippets worth looking for in script text (a few substrings, not every signature).
INLINE_LOADERS = ("load.sumo.com", "sumome.com/", "addthis.com/js/", "sharethis.com/", "static.addtoany.com/")
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
#: Where Facebook's JavaScript SDK (which renders its plugins from empty markup) is served from.
FACEBOOK_SDK_HOST = "connect.facebook.net"
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
HANDLE = re.compile(r"[\w.\-]{1,80}")
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


# Links recur across a site's pages (share bars, follow icons): each is split once. The result is shared: read only.
@lru_cache(maxsize=8192)
def parse_url(url: str) -> ParsedUrl | None:
    """Split ``url`` for classification; ``None`` when it cannot be parsed (``http://[::1`` and the like)."""
    if not url or len(url) > MAX_URL_LENGTH:
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
    if host in HOSTS:
        return host
    first, _, rest = host.partition(".")
    if (first in _HOST_PREFIXES or _LOCALE_LABEL.fullmatch(first)) and (
        rest in HOSTS or _PINTEREST_HOST.fullmatch(rest)
    ):
        return rest
    return host.removeprefix("www.")


def platform_of_host(host: str) -> str | None:
    """The platform of a canonical host (host table, Pinterest's country domains included), else ``None``."""
    platform = HOSTS.get(host)
    if platform is None and _PINTEREST_HOST.fullmatch(host):
        return "pinterest"
    return platform


def _is_fediverse_host(host: str) -> bool:
    """Whether a host the table does not know is named like a fediverse instance (``mastodon.``, ``.social``,
    ``piaille``...)."""
    return bool(host) and host not in HOSTS and _FEDIVERSE_HOST.search(host) is not None


def _segments(path: str) -> list[str]:
    """The non-empty segments of a URL path."""
    return [segment for segment in path.split("/") if segment]


def network_alias(value: str | None) -> str | None:
    """The network a service name or alias designates (``fb``, ``x``, ``gplus``...), else ``None``."""
    if not value:
        return None
    return _NETWORK_ALIASES.get(value.strip().lower())


def data_attribute_network(value: str | None) -> str | None:
    """The network a ``data-share``/``data-social``-like attribute names: a network alias or a short service code
    (``tw``, ``li``, ``wa``) that scripts use there."""
    if not value:
        return None
    value = value.strip().lower()
    return _NETWORK_ALIASES.get(value) or _DATA_ATTRIBUTE_CODES.get(value)


def dedupe(values: Iterable[str]) -> tuple[str, ...]:
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
    return dedupe(found)


def first_url(text: str | None) -> str | None:
    """The first ``http(s)://`` URL written in ``text``, without trailing punctuation."""
    if not text:
        return None
    match = URL_IN_TEXT.search(text)
    return match.group().rstrip(_TRAILING_PUNCTUATION) if match else None


def clean_shared_url(value: str | None, base_url: str) -> str | None:
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


def clip_text(value: str | None) -> str | None:
    """``value`` with whitespace collapsed and cut to ``MAX_TEXT_LENGTH``; ``None`` when nothing is left."""
    text = clean_text(value)[:MAX_TEXT_LENGTH]
    return text or None


def _intent_target(p: ParsedUrl) -> tuple[str, str | None] | None:
    """(network, vendor) when ``p`` is a share intent URL."""
    scheme, host, q = p.scheme, p.host, p.query
    path = p.path.lower().rstrip("/")
    if scheme in SOCIAL_SCHEMES:
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
    platform = platform_of_host(host)
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
        ) and "in_reply_to" not in q:  # a reply to a listed tweet shares nothing
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
        if path.startswith(("/spi/shares", "/social/share", "/social_plugins/share")):
            network = "xing"
        elif path == "/app/user" and q.get("op", "").startswith("share"):
            network = "xing"  # the older XING share form: /app/user?op=share;url=...
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
            network = network_alias(path[len("/add_to/") :].replace("_", "-")) or network_alias(path[8:])
        elif path == "/share":
            network = "multiple"
    elif platform == "addthis":
        vendor = "addthis"
        if path == "/bookmark.php":
            network = network_alias(q.get("s")) or "multiple"
        elif path.startswith("/oexchange/") and "/forward/" in path:
            # api.addthis.com/oexchange/0.8/forward/<service>/offer?url=...: AddThis forwards to the service.
            service = path.partition("/forward/")[2].partition("/")[0]
            network = network_alias(service) or "multiple"
    elif platform == "mewe":
        network = "mewe" if path == "/share" else None
    elif platform == "parler":
        network = "parler" if path == "/new-post" and ("url" in q or "message" in q) else None
    elif platform == "diaspora_share":
        network = "diaspora"
    elif platform is None and path.endswith(_PLUGIN_SHARE_ENDPOINTS_SUFFIXES):
        network, vendor = next(found for suffix, found in _PLUGIN_SHARE_ENDPOINTS.items() if path.endswith(suffix))
    elif platform is None and _is_fediverse_host(host) and path == "/share" and ("text" in q or "url" in q):
        network = "mastodon"
    return (network, vendor) if network else None


def share_intent(url: str, base_url: str = "", context: str = "") -> ShareIntent | None:
    """Read ``url`` as a share intent: network, shared URL, pre-filled text, hashtags and ``via``.

    ``context`` is the wording around the link (its text, title, class); a ``mailto:`` link is an e-mail share only
    when it has no recipient, carries a URL or is worded as a share, so that contact links are not counted.
    """
    p = parse_url(url)
    return intent_of(p, base_url, lambda: context) if p is not None else None


def intent_of(p: ParsedUrl, base_url: str, context: Callable[[], str]) -> ShareIntent | None:
    """:func:`share_intent` on a parsed URL; ``context`` is only called for a ``mailto:`` that needs it."""
    if p.scheme == "mailto":
        return _email_intent(p, base_url, context)
    if p.path.endswith(CLOUDFLARE_EMAIL_PATH):
        mailto = cloudflare_mailto(p.fragment)
        unprotected = parse_url(mailto) if mailto else None
        return _email_intent(unprotected, base_url, context) if unprotected else None
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
        clean_shared_url(raw_shared, base_url)
        or clean_shared_url(first_url(text), base_url)
        or clean_shared_url(first_url(q.get("body")), base_url)
    )
    hashtags = hashtags_in(text, q.get("hashtags") or q.get("button_hashtag"))
    via = clean_text(q.get("via")).lstrip("@") or None
    return ShareIntent(network, shared_url, clip_text(text), hashtags, via, vendor)


def cloudflare_mailto(fragment: str) -> str | None:
    """The ``mailto:`` URL behind a Cloudflare-protected link (``/cdn-cgi/l/email-protection#<hex>``): the first byte
    is the key every following byte is XOR-ed with; ``None`` when the fragment is not such a code."""
    if len(fragment) < 4 or len(fragment) % 2 or len(fragment) > MAX_URL_LENGTH:
        return None
    try:
        code = bytes.fromhex(fragment)
    except ValueError:
        return None
    decoded = bytes(byte ^ code[0] for byte in code[1:]).decode("utf-8", errors="replace")
    # The address was encoded as written in the HTML attribute, entities included (&amp;, &#038;).
    return "mailto:" + html.unescape(decoded)


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
    return ShareIntent("email", clean_shared_url(url_in_message, base_url), clip_text(subject or body))


def _email_share_worded(message: str, context: Callable[[], str]) -> bool:
    """Whether a mailto's subject/body, or the link's own wording, presents it as sending a page to someone."""
    return contains_any(message.lower(), _EMAIL_SHARE_WORDS) or contains_any(context().lower(), _EMAIL_SHARE_WORDS)


def is_tweet_action(p: ParsedUrl) -> bool:
    """Whether a parsed URL is the reply, retweet or like button of a listed tweet (``intent/tweet?in_reply_to=``,
    ``intent/retweet?tweet_id=``, ``intent/like?tweet_id=``): Twitter's display rules put them under every tweet of a
    timeline that a server-side plugin renders into the page."""
    if platform_of_host(p.host) != "twitter":
        return False
    path = p.path.lower().rstrip("/")
    if path in ("/intent/tweet", "/intent/post"):
        return "in_reply_to" in p.query
    return path in ("/intent/retweet", "/intent/favorite", "/intent/like") and "tweet_id" in p.query


def tweet_author(url: str | None) -> str | None:
    """The account's profile URL for a tweet's address (``twitter.com/<name>/status(es)/<id>``), else ``None``."""
    p = parse_url(url) if url else None
    if p is None or platform_of_host(p.host) != "twitter":
        return None
    segments = _segments(p.path)
    if len(segments) >= 3 and segments[1].lower() in ("status", "statuses") and _TWITTER_USER.fullmatch(segments[0]):
        return f"https://twitter.com/{segments[0]}"
    return None


def is_share_intent(url: str | None) -> bool:
    """Whether ``url`` shares a page (a share intent of any network or vendor, a recipient-less ``mailto:``) rather
    than leading somewhere: what a call-to-action reader needs to set share links aside."""
    if not url or not worth_parsing(url):
        return False
    p = parse_url(url)
    if p is None:
        return False
    if p.scheme == "mailto":
        return not p.path.strip()
    return intent_of(p, "", str) is not None


def is_social_host(host: str) -> bool:
    """Whether a lowercase host belongs to a social network or share service this module knows."""
    host = canonical_host(host)
    return platform_of_host(host) is not None or host.endswith((".tumblr.com", ".medium.com"))


def profile_network(url: str, rel_me: bool = False) -> str | None:
    """The network when ``url`` is a link to an account/page/channel; ``None`` for posts, platform pages (home,
    legal, help, search...), share intents and widget SDKs. ``rel_me`` (``rel="me"``) lets any host serve a
    Mastodon-style ``/@user`` profile."""
    p = parse_url(url)
    if p is None or p.scheme not in ("http", "https"):
        return None
    return profile_network_of(p, rel_me)


def profile_network_of(p: ParsedUrl, rel_me: bool = False) -> str | None:
    """The network when a parsed URL is an account, page, channel or group, by each platform's profile path rules;
    ``None`` for posts, reserved platform paths and unknown hosts (Tumblr blogs and fediverse ``/@user`` profiles
    aside)."""
    host, q = p.host, p.query
    segments = _segments(p.path)
    first = segments[0].lower() if segments else ""
    count = len(segments)
    platform = platform_of_host(host)
    if platform is None:
        if host.endswith(".tumblr.com") and host != "www.tumblr.com" and not count:
            return "tumblr"
        if host.endswith(".medium.com") and host != "www.medium.com" and not count:
            return "medium"  # a publication or author on its own subdomain
        if count == 1 and first.startswith("@") and len(first) > 1 and (rel_me or _is_fediverse_host(host)):
            return "pixelfed" if "pixelfed" in host else "mastodon"
        return None
    if not segments and platform == "twitter" and p.fragment.startswith("!/"):
        # The 2010-2012 hash-bang address of a profile: twitter.com/#!/name.
        segments = _segments(p.fragment[1:])
        first, count = (segments[0].lower() if segments else ""), len(segments)
    if not segments:
        return None
    if platform == "facebook":
        if first == "profile.php":
            return "facebook" if q.get("id") else None
        if first in ("pages", "pg", "people", "groups"):
            return "facebook" if count >= 2 and segments[1].lower() not in ("create", "feed", "discover") else None
        if first in _FACEBOOK_RESERVED or first.endswith(".php") or not HANDLE.fullmatch(first):
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
        name = first.removeprefix("@")  # twitter.com/@name redirects to the profile
        if count == 1 and name not in _TWITTER_RESERVED and _TWITTER_USER.fullmatch(name):
            return "twitter"
        return None
    if platform == "instagram":
        return "instagram" if count == 1 and first not in _INSTAGRAM_RESERVED and HANDLE.fullmatch(first) else None
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
        if count == 1 and first not in _YOUTUBE_RESERVED and HANDLE.fullmatch(first):
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
        if count == 1 and first not in _TELEGRAM_RESERVED and (first.startswith("+") or HANDLE.fullmatch(first)):
            return "telegram"
        if first == "joinchat" and count == 2:
            return "telegram"
        return None
    if platform == "bluesky":
        return "bluesky" if first == "profile" and count == 2 else None
    if platform == "snapchat":
        if (first == "add" and count == 2) or (first == "discover" and count in (2, 3)):
            return "snapchat"  # /add/<name>, or a publisher's Discover channel: /discover/<name>/<id>
        return "snapchat" if count == 1 and first.startswith("@") else None
    if platform == "viadeo":
        # viadeo.com/p/<name>, /fr/profile/<id>, /fr/company/<name>
        named = [segment.lower() for segment in segments if len(segment) != 2]
        return "viadeo" if len(named) == 2 and named[0] in ("p", "profile", "company") else None
    if platform == "googleplus":
        # plus.google.com/<numeric id or +Name>[/posts|/about...], /u/0/<id>, /communities/<id>, /b/<id>.
        if first in ("u", "b") and count >= 3 and segments[1].isdigit():
            segments, first, count = segments[2:], segments[2].lower(), count - 2
        if first == "communities" and count >= 2:
            return "googleplus"
        if first.isdigit() or (first.startswith("+") and len(first) > 1):
            return "googleplus" if count <= 2 else None
        return None
    if platform == "flipboard":
        # flipboard.com/@publisher, or one of its magazines: /@publisher/<magazine>.
        return "flipboard" if first.startswith("@") and len(first) > 1 and count <= 2 else None
    if platform == "googlenews":
        # A publication's page on Google News ("Follow us on Google News"): /publications/<id>.
        return "google_news" if first == "publications" and count == 2 else None
    if platform == "flickr":
        if first in ("photos", "people") and (count == 2 or (count == 3 and segments[2].lower() == "albums")):
            return "flickr"
        return None
    if platform == "dailymotion":
        if count == 1 and first not in ("video", "embed", "playlist", "search", "legal", "channel", "partner"):
            return "dailymotion" if HANDLE.fullmatch(first) else None
        return None
    if platform == "pinterest":
        return "pinterest" if count == 1 and first not in _PINTEREST_RESERVED and HANDLE.fullmatch(first) else None
    if platform == "vimeo":
        if first == "channels" and count == 2:
            return "vimeo"
        if count == 1 and first not in _VIMEO_RESERVED and not first.isdigit() and HANDLE.fullmatch(first):
            return "vimeo"
        return None
    if platform in ("twitch", "soundcloud", "vk"):
        if count != 1 or first in _GENERIC_RESERVED or first.endswith(".php") or not HANDLE.fullmatch(first):
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
        return "tumblr" if count == 1 and first not in reserved and HANDLE.fullmatch(first) else None
    return None


def embed_widget(url: str) -> EmbedWidget | None:
    """What an iframe ``src`` shows: a feed (timeline, page plugin, playlist, embedded post) or a share/follow
    plugin. A single YouTube video is not a feed."""
    p = parse_url(url)
    if p is None or p.scheme not in ("http", "https"):
        return None
    return embed_widget_of(p)


def embed_widget_of(p: ParsedUrl) -> EmbedWidget | None:
    """What a parsed iframe URL shows: Facebook page/post plugins (feed) and share, follow or like buttons, Twitter
    buttons, embedded tweets and timelines, YouTube playlists and uploads, Instagram, LinkedIn, Bluesky and Mastodon
    embeds; ``None`` for anything else, a single video included."""
    host, q = p.host, p.query
    path = p.path.rstrip("/")
    lower = path.lower()
    segments = _segments(path)
    platform = platform_of_host(host)
    if platform == "facebook" and lower.startswith("/plugins/"):
        target = clean_shared_url(q.get("href"), "")
        plugin = lower[len("/plugins/") :]
        if plugin in ("page.php", "likebox.php", "post.php", "like_box.php"):
            return EmbedWidget("feed", "facebook", href=target)
        if plugin == "share_button.php":
            return EmbedWidget("share", "facebook", shared_url=target)
        if plugin == "follow.php":
            return EmbedWidget("follow", "facebook", href=target)
        if plugin == "like.php":
            if target and platform_of_host(canonical_host(host_of(target))) == "facebook":
                return EmbedWidget("follow", "facebook", href=target)
            if q.get("share", "").strip().lower() != "true":
                return None  # a like-only button of the page shares nothing (as the XFBML fb-like)
            return EmbedWidget("share", "facebook", shared_url=target)
        return None
    if platform == "twitter_platform":
        if lower.startswith("/widgets/tweet_button"):
            via = clean_text(q.get("via")) or None
            return EmbedWidget("share", "twitter", shared_url=clean_shared_url(q.get("url"), ""), via=via)
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


def worth_parsing(href: str) -> bool:
    """Cheap test on a raw href before any URL parsing: may it be a share intent, a social profile or an embed?

    Custom schemes (``mailto:``, ``whatsapp:``...), anything mentioning ``share`` (``?share=facebook``, a Mastodon
    ``/share``) or ``/@`` (fediverse profiles), Cloudflare-protected ``mailto:`` links, and absolute URLs on a known
    social host. Internal links stop here.
    """
    lower = href.lower()
    if lower.startswith(_SOCIAL_SCHEME_PREFIXES) or "share" in lower or "/@" in lower:
        return True
    if CLOUDFLARE_EMAIL_PATH in lower:
        return True
    if not lower.startswith(("http://", "https://", "//")):
        return False
    host = lower.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return _is_social_netloc(host)


@lru_cache(maxsize=4096)
def _is_social_netloc(netloc: str) -> bool:
    """Whether a lowercase netloc (port and credentials allowed) is on a known social host; cached, as the same few
    hosts recur on every link of a page and on every page of a site."""
    host = canonical_host(_PORT.sub("", netloc.rpartition("@")[2]))
    return platform_of_host(host) is not None or host.endswith(".tumblr.com")


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


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether any of ``words`` occurs in ``text``."""
    # map() over a bound C method runs without Python frames: cheaper than any(<genexpr>) or a regex alternation.
    return any(map(text.__contains__, words))


def is_embed_markup(classes: str) -> bool:
    """Whether a class attribute marks an embedded post, timeline or page plugin (``twitter-tweet``,
    ``twitter-timeline``, ``instagram-media``, ``fb-page``...): the links inside belong to the embed."""
    tokens = classes.lower().split()
    return not (EMBED_TOKENS.isdisjoint(tokens) and FEED_ANCHORS.isdisjoint(tokens))


def is_share_markup(marks: str) -> bool:
    """Whether a lowercase class/id string marks a share bar or a share vendor's widget (``share-buttons``,
    ``partage``, ``addtoany``, ``addthis_toolbox``): links inside it share, they do not invite to follow."""
    return contains_any(marks, _SHARE_MARKUP_WORDS)


def has_share_wording(text: str) -> bool:
    """Whether ``text`` (classes, title, label or visible text) talks about sharing, in FR/EN/DE/ES/IT/NL/PT."""
    return contains_any(text.lower(), _SHARE_WORDS)


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


def container_hint(source: str) -> bool:
    """Whether a script/stylesheet URL or inline snippet loads something that renders widgets from empty markup."""
    lower = source.lower()
    if contains_any(lower, _CONTAINER_HINTS):
        return True
    return FACEBOOK_SDK_HOST in lower and contains_any(lower, _FACEBOOK_SDK_HINTS)
