"""Share widgets and social presence: share intents, widget vendors, follow links and embedded feeds.

The page is walked once, in document order, over the few tags that can carry a social widget (links, buttons,
iframes, embed blockquotes, scripts, AMP and XFBML tags); ``<div>``/``<ul>`` containers are added to the walk only
when a sharing or feed vendor is loaded on the page, since script-rendered widgets need their loader. Libxml2 does
the tag matching; everything per element is a dictionary, set or ``str`` method lookup, because regex alternations
and XPath predicates cost tens of microseconds each on real pages. One more pass, on the attribute axis (cheap in
libxml2), reaches the other elements scripts turn into share buttons: ``role="button"``, ``data-share`` and
``data-social`` (react-share, newsroom share bars); their findings come after the walked ones.

What a URL or a class means is not decided here but in :mod:`inbound_spiders.knowledge.social`, the one home of the
project's knowledge of social networks (also read by the calls-to-action extractor and the profile spiders):

* :func:`~inbound_spiders.knowledge.social.share_intent` reads a share URL (``facebook.com/sharer.php?u=``,
  ``twitter.com/intent/tweet``, AddThis forwards, ``mailto:`` worded as a share, Cloudflare-protected ``mailto:``...)
  and what it carries;
* :func:`~inbound_spiders.knowledge.social.profile_network` recognises a link to an account, page or channel, as
  opposed to a post, a platform page or a legal page;
* :func:`~inbound_spiders.knowledge.social.embed_widget` recognises embedded feeds and social plugins in iframes;
* ``network_from_classes`` / ``network_from_text`` / ``data_attribute_network`` name the network of a button built
  by script;
* ``vendor_from_classes`` / ``widget_container`` / ``loader_vendor`` recognise third-party widgets.

Vendors (AddThis, ShareThis, AddToAny, Shariff, Sumo, Shareaholic, Jetpack, Social Warfare, Sassy Social Share,
Social Snap, Monarch, Novashare, Grow, RadSocialShare, WP Social Sharing, share-on-diaspora...) give one item per
network button when the markup lists them, otherwise one ``multiple`` item for the container or their menu button,
otherwise one for the loader script.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree
from parsel import Selector

from inbound_spiders.extractors.common import clean_text
from inbound_spiders.items import ShareWidget
from inbound_spiders.knowledge.social import (
    BLUESKY_POST_MARKERS,
    CLOUDFLARE_EMAIL_PATH,
    EMBED_TOKENS,
    EMBEDDED_URL,
    FACEBOOK_SDK_HOST,
    FEED_ANCHORS,
    FEED_CONTAINERS,
    HANDLE,
    INLINE_LOADERS,
    MAX_TEXT_LENGTH,
    MAX_URL_LENGTH,
    NON_NAVIGATING_PREFIXES,
    PINTEREST_FEEDS,
    POST_URLS,
    RENAMED_HOSTS,
    SERVICE_NAME,
    SHARE_DATA_ATTRIBUTES,
    SHARE_DATA_SET,
    SHARE_VENDORS,
    SHARED_TEXT_ATTRIBUTES,
    SHARED_URL_ATTRIBUTES,
    SOCIAL_PLUGINS,
    SOCIAL_SCHEMES,
    URL_IN_TEXT,
    ParsedUrl,
    ShareIntent,
    canonical_host,
    clean_shared_url,
    clip_text,
    container_hint,
    contains_any,
    data_attribute_network,
    dedupe,
    embed_widget,
    has_share_wording,
    hashtags_in,
    intent_of,
    is_tweet_action,
    loader_vendor,
    network_alias,
    network_from_classes,
    network_from_text,
    parse_url,
    platform_of_host,
    profile_network,
    profile_network_of,
    share_intent,
    tweet_author,
    vendor_from_classes,
    widget_container,
    worth_parsing,
)
from inbound_spiders.knowledge.urls import host_of
from inbound_spiders.knowledge.words import follow as follow_words

if TYPE_CHECKING:
    from inbound_spiders.page.model import Page

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
# The first walk: the tags visited on every page, and stylesheets, which may load a widget vendor.
_WALKED_TAGS = (*_BASE_TAGS, "link")

_MAX_INLINE_SCRIPT = 200_000
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
    "comentario",  # es
    "kommentar",  # de
)
_PERSONAL_TOKEN = re.compile(
    r"^(?:[a-z0-9]+[-_])?(?:author|byline|comment|team|member|equipe|équipe|staff|speaker|person|people|bio"
    r"|testimonial|contributor"
    r"|comentario|kommentare?)s?(?:$|[-_])"
)
# "Suivez-nous", "Folgen Sie uns", "Síguenos"... in every language (:mod:`inbound_spiders.knowledge.words.follow`).
_FOLLOW_WORDING = re.compile(follow_words.follow_wording(), re.IGNORECASE)
# "Follow her on Bluesky" in an article's tagline points to the reporter's account, not the site's.
_THIRD_PERSON_FOLLOW = re.compile(
    r"\b(?:follow (?:her|him|them)|suivez[- ](?:la|le|les)|retrouvez[- ](?:la|le|les))\b", re.IGNORECASE
)
# schema.org microdata naming a person: the author, contributors, editors of an article.
_PERSON_ITEMPROPS = frozenset({"author", "creator", "contributor", "editor", "accountablePerson"})
_CITATION_MARGIN = 40
_MAX_FEED_LINKS = 30
_MAX_ANCESTORS = 40
# Tweets listed with their reply/retweet/like buttons that make a server-rendered timeline (one cited is none).
_MIN_TIMELINE_TWEETS = 2


def _is_personal(marks: str, tokens: list[str]) -> bool:
    """Author boxes, bylines, comments and team cards: their social links belong to people, not to the site."""
    if not contains_any(marks, _PERSONAL_WORDS):
        return False
    return any(
        _PERSONAL_TOKEN.search(token)
        for token in tokens
        if not token.startswith(("category-", "tag-", "page-", "postid-"))
    )


# Class and id strings recur on every page of a site (themes): each is read once.
@lru_cache(maxsize=8192)
def _mark_signals(marks: str) -> tuple[str | None, bool, bool, bool]:
    """(vendor, in an embed, page chrome, personal block) told by one element's lowercased class and id."""
    tokens = marks.split()
    return (
        vendor_from_classes(marks),
        not EMBED_TOKENS.isdisjoint(tokens),
        contains_any(marks, _CHROME_WORDS),
        _is_personal(marks, tokens),
    )


# Script and stylesheet URLs recur on every page of a site: each is read once (the usual lengths only, so that the
# cache stays small).
_MAX_CACHED_SOURCE = 2_048


@lru_cache(maxsize=4096)
def _source_signals(source: str) -> tuple[bool, str | None]:
    """Whether the script or stylesheet at ``source`` renders widgets from empty containers, and the widget vendor
    whose loader it is (see :func:`container_hint` and :func:`loader_vendor`)."""
    return container_hint(source), loader_vendor(source)


# A site's links recur on every one of its pages (menus, footers, related articles): each is tested once.
_worth_parsing = lru_cache(maxsize=8192)(worth_parsing)


def _is_person_microdata(itemprop: str | None, itemtype: str | None) -> bool:
    """Whether schema.org microdata marks a person: an ``author``/``contributor``... property or a ``Person`` item;
    their ``sameAs`` links are that person's profiles, not the site's."""
    if itemprop and not _PERSON_ITEMPROPS.isdisjoint(itemprop.split()):
        return True
    return bool(itemtype) and itemtype.strip().rstrip("/").endswith("/Person")


def _data_network(element: etree._Element) -> str | None:
    """Network named by a ``data-network``-like attribute of ``element``."""
    if SHARE_DATA_SET.isdisjoint(element.keys()):
        return None
    for name in SHARE_DATA_ATTRIBUTES:
        network = data_attribute_network(element.get(name))
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
    host = RENAMED_HOSTS.get(p.host, p.host)
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
    menu: bool = False
    """A share vendor's menu button (no network named): dropped when the page lists that vendor's networks."""


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

    def __init__(self, page: Page) -> None:
        """Start an empty collection for ``page``, with the prefixes of absolute links to the page's own site."""
        self.page = page
        page_url = self.page_url = page.url
        self.found: list[_Found] = []
        self.listed_tweets: set[str] = set()
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
        menu: bool = False,
    ) -> None:
        """Record a finding; the vendor containers of its ancestry count as filled, so their stand-in items are
        dropped."""
        if ancestry is not None:
            self.filled.update(ancestry.containers)
        self.found.append(_Found(item, container=container, from_script=from_script, menu=menu))

    def items(self) -> list[ShareWidget]:
        """Findings in page order, without stand-ins superseded by real buttons and without duplicates."""
        vendors_in_markup = {f.item.vendor for f in self.found if not f.from_script and f.item.vendor}
        vendors_listed = {f.item.vendor for f in self.found if f.item.vendor and f.item.network != "multiple"}
        kept: list[ShareWidget] = []
        seen: set[tuple[object, ...]] = set()
        for found in self.found:
            item = found.item
            if found.container is not None and found.container in self.filled:
                continue
            if found.from_script and item.vendor in vendors_in_markup:
                continue
            if found.menu and item.vendor in vendors_listed:
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

    def scan_loaders(self, elements: list[etree._Element], tags: list[str]) -> bool:
        """Classify scripts (and stylesheets) once, among the walked ``elements`` (of the given ``tags``); ``True``
        when a widget that renders from empty containers is loaded, so that ``<div>``/``<ul>`` containers must be
        walked too."""
        hint = False
        for element, tag in zip(elements, tags, strict=True):
            if tag != "script" and tag != "link":
                continue
            if tag == "link" and "stylesheet" not in (element.get("rel") or "").lower():
                continue  # canonical/alternate links name pages, not widgets
            source = element.get("src") or element.get("href") or ""
            if source:
                if len(source) <= MAX_URL_LENGTH:
                    source_hint, vendor = (
                        _source_signals(source)
                        if len(source) <= _MAX_CACHED_SOURCE
                        else (container_hint(source), loader_vendor(source))
                    )
                    hint = hint or source_hint
                    if vendor and tag == "script":
                        self.loaders[element] = vendor
                continue
            text = element.text if tag == "script" else None
            if not text:
                continue
            text = text[:_MAX_INLINE_SCRIPT]
            if contains_any(text, INLINE_LOADERS):
                vendor = loader_vendor(text)
                if vendor:
                    self.loaders[element] = vendor
                    hint = True
            if not hint and FACEBOOK_SDK_HOST in text:
                hint = container_hint(text)
        return hint

    def visit(self, element: etree._Element, tag: str) -> None:
        """Dispatch one walked element by its tag; most links leave at the first test."""
        if tag == "a":
            href = element.get("href")
            # Fast exit for the bulk of a page's links: internal, no "share", no fediverse "/@", no data-network.
            if (
                href
                and (href.startswith(self.own_prefixes) or (href[0] == "/" and href[1:2] not in ("/", "#")))
                and "share" not in href.lower()
                and "/@" not in href
                and CLOUDFLARE_EMAIL_PATH not in href
                and SHARE_DATA_SET.isdisjoint(element.keys())
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
        if len(href) > MAX_URL_LENGTH:
            href = ""
        navigating = tag == "a" and bool(href) and not href[:11].lower().startswith(NON_NAVIGATING_PREFIXES)
        if navigating:
            if _worth_parsing(href) if len(href) <= _MAX_CACHED_SOURCE else worth_parsing(href):
                classes = (element.get("class") or "").lower()
                if tag == "a" and (
                    not FEED_ANCHORS.isdisjoint(classes.split())
                    or (element.get("data-pin-do") or "").lower() in PINTEREST_FEEDS
                ):
                    self.feed_anchor(element, classes)
                    return
                if self.from_url(element, href, classes):
                    return
            if SHARE_DATA_SET.isdisjoint(element.keys()):
                return
        if tag == "button" and (element.get("type") or "").lower() in ("submit", "reset"):
            return  # a form's own button, never a share button
        classes = (element.get("class") or "").lower()
        if tag == "button":
            plugin = next((token for token in classes.split() if token in SOCIAL_PLUGINS), None)
            if plugin:
                self.visit_social_plugin(element, plugin)
                return
        if self.from_embedded_url(element, href, classes):
            return
        self.from_markup(element, classes, href if navigating else None)

    def resolve(self, href: str) -> str | None:
        """Absolute form of ``href``; app schemes (``whatsapp:``, ``tg:``...) as written."""
        scheme = href.partition(":")[0].lower()
        if scheme in SOCIAL_SCHEMES:
            return href
        if scheme == "mailto" or (scheme in ("http", "https") and href[len(scheme) : len(scheme) + 3] == "://"):
            return href  # already absolute; urljoin would only cost time
        return self.page.absolute(href)

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
        intent = intent_of(parsed, self.page_url, lambda: self.wording(element, classes))
        if intent is not None:
            self.add_share(element, intent, url, "link")
            return True
        rel_me = "me" in (element.get("rel") or "").lower().split()
        network = profile_network_of(parsed, rel_me) if parsed.scheme in ("http", "https") else None
        if network is not None:
            self.add_follow(element, network, url)
            return True
        if parsed.query.get("share"):
            return self.jetpack_link(element, parsed, url, classes)
        if is_tweet_action(parsed):
            self.tweet_action(element, parsed.query.get("in_reply_to") or parsed.query.get("tweet_id") or "")
            return True
        return False

    def tweet_action(self, element: etree._Element, tweet: str) -> None:
        """The reply/retweet/like buttons of listed tweets: from the second tweet with them outside an embed, the page
        shows a timeline rendered server-side (a WordPress timeline plugin), recorded once per account as a Twitter
        feed."""
        if self.ancestry(element).in_embed:
            return
        self.listed_tweets.add(tweet)
        if len(self.listed_tweets) < _MIN_TIMELINE_TWEETS:
            return
        # The tweet the buttons belong to sits next to them (same item or block): its address names the account.
        author = None
        for node in element.iterancestors():
            author = next(filter(None, (tweet_author(link.get("href")) for link in node.iter("a"))), None)
            if author is not None or node.tag in ("li", "article", "ul", "div"):
                break
        self.add_feed("twitter", author, "markup")

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
        network = network_alias(parsed.query.get("share", "").replace("jetpack-", ""))
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
            if (name.startswith("data-") or name == "onclick") and value and len(value) <= MAX_URL_LENGTH:
                sources.append(value)
        for source in sources:
            if "/" not in source and ":" not in source:
                continue
            for match in EMBEDDED_URL.finditer(source):
                candidate = match.group()
                if not worth_parsing(candidate):
                    continue
                url = self.resolve(candidate)
                intent = share_intent(url, self.page_url, self.wording(element, classes)) if url else None
                if url is None or intent is None:
                    continue
                if intent.shared_url is None:
                    # Scripts often append the shared URL by concatenation: window.open(intent + encode('...')).
                    base = self.page.base_url
                    later = (clean_shared_url(m.group(), base) for m in URL_IN_TEXT.finditer(source, match.end()))
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
            # A share vendor's own button that names no network opens its menu (AddToAny's a2a_dd, "+ more").
            own_vendor = vendor_from_classes(classes) if classes else None
            if own_vendor not in SHARE_VENDORS:
                return
            network = "multiple"
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
            href=self.page.absolute(href) if href else None,
            shared_url=shared_url,
            text=text,
            hashtags=list(hashtags_in(None, element.get("data-hashtags"))),
            via=clean_text(element.get("data-via")).lstrip("@") or None,
            detected_by="markup",
        )
        self.add(item, ancestry, menu=network == "multiple")

    def attribute_url(self, element: etree._Element) -> str | None:
        """A shared URL given by a data attribute (``data-url``, ``data-a2a-url``, ``addthis:url``...)."""
        for name in SHARED_URL_ATTRIBUTES:
            url = clean_shared_url(element.get(name), self.page.base_url)
            if url and share_intent(url) is None:
                return url
        return None

    def attribute_text(self, element: etree._Element) -> str | None:
        """A pre-filled share text given by a data attribute (``data-text``, ``data-title``...)."""
        for name in SHARED_TEXT_ATTRIBUTES:
            text = clip_text(element.get(name))
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
        href = self.page.absolute(element.get("href") or element.get("data-href"))
        if "twitter-" in classes:
            self.add_feed("twitter", href, "markup")
        elif href and platform_of_host(canonical_host(host_of(href))) == "pinterest":
            self.add_feed("pinterest", href, "markup")

    def visit_blockquote(self, element: etree._Element) -> None:
        """An embedded post written as a blockquote (tweet, Instagram, Mastodon, Bluesky, Reddit) is a feed pointing at
        the post when a link says which; other blockquotes are ignored."""
        tokens = (element.get("class") or "").lower().split()
        if EMBED_TOKENS.isdisjoint(tokens):
            return
        links = [link for link in (self.page.absolute(href) for href in element.xpath(".//a/@href")) if link]
        if "twitter-tweet" in tokens or "twitter-video" in tokens:
            status = [link for link in links if "/status" in link]
            self.add_feed("twitter", status[-1] if status else None, "markup")
        elif "instagram-media" in tokens:
            permalink = self.page.absolute(element.get("data-instgrm-permalink"))
            self.add_feed("instagram", permalink or (links[0] if links else None), "markup")
        elif "mastodon-embed" in tokens:
            embed = self.page.absolute(element.get("data-embed-url"))
            self.add_feed(
                "mastodon", embed.removesuffix("/embed") if embed else (links[0] if links else None), "markup"
            )
        elif "bluesky-embed" in tokens:
            posts = [link for link in links if all(marker in link for marker in BLUESKY_POST_MARKERS)]
            self.add_feed("bluesky", posts[0] if posts else None, "markup")
        elif "reddit-embed-bq" in tokens or "reddit-card" in tokens:
            self.add_feed("reddit", links[0] if links else None, "markup")

    def visit_iframe(self, element: etree._Element) -> None:
        """An iframe showing a social widget (see :func:`embed_widget`) is a feed, share or follow item; a share plugin
        keeps the iframe URL as ``href``."""
        src = (element.get("src") or element.get("data-src") or element.get("data-lazy-src") or "").strip()
        if not src or len(src) > MAX_URL_LENGTH or not worth_parsing(src):
            return
        url = self.page.absolute(src)
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
        target = clean_shared_url(element.get("data-href") or element.get("href"), self.page.base_url)
        is_facebook_target = bool(target) and platform_of_host(canonical_host(host_of(target or ""))) == "facebook"
        role, network, href, shared_url = "", "", None, None
        if kind in ("fb-page", "fb-like-box", "fb-likebox", "fb-post"):
            role, network, href = "feed", "facebook", target
        elif kind == "fb-share-button":
            role, network, shared_url = "share", "facebook", target
        elif kind == "fb-like":
            # data-share (share= in XFBML) adds Facebook's Share button beside the Like button.
            with_share = (element.get("data-share") or element.get("share") or "").strip().lower() == "true"
            if is_facebook_target:
                role, network, href = "follow", "facebook", target  # liking the site's Facebook page
                if with_share:
                    self.add(
                        ShareWidget(page_url=self.page_url, role="share", network="facebook", detected_by="markup")
                    )
            elif with_share:
                role, network, shared_url = "share", "facebook", target
            # A like-only button of the page shares nothing: no item.
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
            network = intent.network if intent else ("multiple" if kind == "system" else network_alias(kind))
            if network is None:
                return
            text = clip_text(element.get("data-param-text")) or (intent.text if intent else None)
            item = ShareWidget(
                page_url=self.page_url,
                role="share",
                network=network,
                href=self.page.absolute(endpoint) if intent else None,
                shared_url=clean_shared_url(element.get("data-param-url"), self.page.base_url)
                or (intent.shared_url if intent else None),
                text=text,
                hashtags=list(hashtags_in(text) if network != "email" else ()),
                detected_by="markup",
            )
            self.add(item)
        elif tag in ("amp-facebook-page", "amp-facebook"):
            if (element.get("data-embed-as") or "").lower() != "video":
                self.add_feed("facebook", clean_shared_url(element.get("data-href"), self.page.base_url), "markup")
        elif tag == "amp-twitter":
            tweet = (element.get("data-tweetid") or "").strip()
            if tweet.isdigit():
                self.add_feed("twitter", POST_URLS["twitter"].format(tweet), "markup")
        elif tag == "amp-instagram":
            shortcode = (element.get("data-shortcode") or "").strip()
            if HANDLE.fullmatch(shortcode):
                self.add_feed("instagram", POST_URLS["instagram"].format(shortcode), "markup")
        elif tag == "amp-facebook-like":
            self.visit_social_plugin(element, "fb-like")

    def visit_script(self, element: etree._Element) -> None:
        """LinkedIn ``IN/Share`` and ``IN/FollowCompany`` scripts are a share and a follow; a loader script
        :meth:`scan_loaders` recognised stands for its vendor's widget as one ``multiple`` item (a follow for ShareThis
        follow buttons)."""
        kind = (element.get("type") or "").strip()
        if kind == "IN/Share":
            shared_url = clean_shared_url(element.get("data-url"), self.page.base_url)
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

    def visit_scripted(self, element: etree._Element) -> None:
        """A ``<div>``, ``<li>`` or ``<span>`` with ``role="button"``, ``data-share`` or ``data-social``: a social
        plugin, or a share button built by script when its attributes or wording name the network (not a wrapper
        around links or buttons, which are classified themselves)."""
        classes = (element.get("class") or "").lower()
        plugin = next((token for token in classes.split() if token in SOCIAL_PLUGINS), None)
        if plugin:
            self.visit_social_plugin(element, plugin)
            return
        # Menus, tabs and carousels are role="button" too: only attributes that name a network or say "share" count
        # here (the visible text of a large card is not worth reading).
        labels = f"{classes} {element.get('title') or ''} {element.get('aria-label') or ''}"
        if _data_network(element) is None and not has_share_wording(labels):
            return
        if next(element.iter("a", "button"), None) is not None:
            return
        self.from_markup(element, classes, None)

    def visit_marked(self, element: etree._Element) -> None:
        """A ``<div>``/``<ul>`` walked because a widget vendor is loaded: plugin, feed widget, share container or
        script-rendered button."""
        classes = (element.get("class") or "").lower()
        ident = (element.get("id") or "").lower()
        if not classes and not ident and SHARE_DATA_SET.isdisjoint(element.keys()):
            return
        tokens = classes.split()
        plugin = next((token for token in tokens if token in SOCIAL_PLUGINS), None)
        if plugin:
            self.visit_social_plugin(element, plugin)
            return
        feed = next((token for token in [*tokens, ident] if token in FEED_CONTAINERS), None)
        if feed:
            network, vendor = FEED_CONTAINERS[feed]
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
            href = self.page.absolute(link.get("href"))
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
            listed = (network_alias(name) for name in SERVICE_NAME.findall(services.lower()[:MAX_TEXT_LENGTH]))
            networks = list(dedupe(name for name in listed if name)) or networks
        shared_url = next(
            (
                url
                for url in (clean_shared_url(element.get(name), self.page.base_url) for name in SHARED_URL_ATTRIBUTES)
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


def read_share_widgets(page: Page) -> list[ShareWidget]:
    """Share buttons/intents, widget vendors, links to the site's social profiles and embedded feeds of a page.

    Items come in page order, one per network button, profile or feed (duplicates on the page collapsed). A vendor
    whose buttons are listed in the markup gives one item per button; a container whose buttons are built by script
    gives one ``multiple`` item; a loader script alone gives one ``multiple`` item ``detected_by="script"``.
    """
    root = page.root
    if root is None:
        return []
    collector = _Collector(page)
    # Broken pages can hold several root elements (a second <html> after the first); libxml2 keeps them as siblings.
    roots = [root, *(sibling for sibling in root.itersiblings() if isinstance(sibling.tag, str))]
    # One walk finds both the loaders (scripts, stylesheets) and the elements visited when no container is walked.
    walked = [element for top in roots for element in top.iter(*_WALKED_TAGS)]
    tags = [element.tag for element in walked]
    if collector.scan_loaders(walked, tags):
        walked = [element for top in roots for element in top.iter(*_BASE_TAGS, *_CONTAINER_TAGS)]
        tags = [element.tag for element in walked]
    for element, tag in zip(walked, tags, strict=True):
        if tag != "link":
            collector.visit(element, tag)
    for element in _scripted_controls(root):
        if element.tag not in _BASE_TAGS:  # containers walked for a vendor may still hold a react-share button
            collector.visit_scripted(element)
    return collector.items()


def extract_share_widgets(selector: Selector, page_url: str) -> list[ShareWidget]:
    """:func:`read_share_widgets` of the page parsed as ``selector`` at ``page_url`` (callers without a
    :class:`Page`; the spider builds one per response and calls the reader)."""
    from inbound_spiders.page.model import Page  # not at the top: the page model imports this package's helpers

    return read_share_widgets(Page(selector, page_url))


# Attributes of controls that scripts turn into share buttons (react-share's <div role="button">, data-share,
# data-social). The attribute axis keeps this one cheap pass in libxml2 rather than a Python walk over every element.
# (Reached through the descendant elements: "//@role" would also look at every text node.)
_SCRIPTED_CONTROL_ATTRIBUTES = etree.XPath(
    '/descendant::*/@role[.="button"]|/descendant::*/@data-share|/descendant::*/@data-social'
)


def _scripted_controls(root: etree._Element) -> Iterator[etree._Element]:
    """Elements other walks do not reach that may be script-built share buttons, in document order."""
    for attribute in _SCRIPTED_CONTROL_ATTRIBUTES(root):
        element = attribute.getparent()
        if element is not None:
            yield element
