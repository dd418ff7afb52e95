"""Calls to action: links, buttons and forms asking the visitor to subscribe, give, volunteer, sign, attend...

A link or button is a call to action when its label (in any language of :mod:`inbound_spiders.knowledge.words`;
accents, case and typographic apostrophes ignored) or its target (a donation, petition, event, newsletter or app-store
service, a file, a well-known path such as ``/don`` or ``/contact``, a social profile in a "follow us" block) says what
it asks, unless it leads elsewhere than it says: a "join" towards job offers, a website account or a paid
subscription, a cited file, an in-page jump, a category archive (:func:`_is_false_lead`). A form is one when its
fields, submit label, attributes or nearby heading do; search, login, comment and shop forms never are. Forms
carry their visible fields (radio and checkbox groups as one field with options) and the length of the explanation
around them. ``target_url`` is resolved and stripped of tracking parameters, and labels are
whitespace-normalised, so the same site-wide button keeps the same key on every page. Placement comes from
:mod:`inbound_spiders.extractors.placement`.

Speed: most links are settled from their label and a cheap look at the raw ``href``; only the few candidates left
get their URL resolved and their ancestors walked. A campaign site repeats its menus, header and footer on every
page, so what depends on strings alone (a plain link's verdict from its text, ``href`` and the page's host; label
cleaning and folding; a form's attribute, text and field-name verdicts; stripped targets) is remembered across pages
in bounded caches, never what depends on the tree. Search, login and comment forms are settled from their own
attributes before their fields are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from copy import deepcopy
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from inbound_spiders.extractors.common import absolute_url, clean_text, fold_text
from inbound_spiders.items import CallToAction, FormField
from inbound_spiders.knowledge import vendors
from inbound_spiders.knowledge.social import is_embed_markup, is_share_intent, is_share_markup, is_social_host
from inbound_spiders.knowledge.social import profile_network as social_profile
from inbound_spiders.knowledge.urls import strip_tracking
from inbound_spiders.knowledge.words import cta as cta_words
from inbound_spiders.knowledge.words import follow as follow_words

if TYPE_CHECKING:
    from inbound_spiders.page.model import Page

_T = TypeVar("_T")

ACTIONS: tuple[str, ...] = (
    "newsletter",
    "donate",
    "volunteer",
    "download",
    "contact",
    "petition",
    "event",
    "app_download",
    "social_follow",
)

_MAX_LABEL = 200  # longer "labels" are whole teaser cards: stored truncated, never keyword-matched
_MAX_KEYWORD_LABEL = 90
_MAX_KEYWORD_WORDS = 8
_MAX_HEADLINE_WORDS = 4  # a longer link text inside a heading is an article title
_MAX_PATH_LABEL_WORDS = 3  # a longer label names the link's own topic: its URL's last word does not speak for it
_MIN_TRUNCATED_TITLE_WORDS = 4  # "Join the war..." : a title cut short by the CMS
_MAX_ATTRIBUTE = 2000  # guards regexes against megabyte-long attributes

# --- text normalisation -------------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """``text`` split on whitespace: the keyword tables are written as one string per line."""
    return tuple(text.split())


# --- keyword sets (applied to folded text) ------------------------------------------------------------------------
# The words live in one module per language (inbound_spiders/knowledge/words/); here they become the patterns.


def _alternation(patterns: Iterable[str]) -> str:
    """One regular expression matching any of ``patterns``."""
    return "|".join(f"(?:{pattern})" for pattern in patterns)


# Words that say which file a link offers, in any language.
_FILE_WORDS = r"\bpdf\b|\b\d+(?:[.,]\d+)? ?(?:ko|mo|kb|mb)\b|^mp[34]$"
_LABEL_PATTERNS = cta_words.label_patterns()
_TEXT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (action, re.compile(_alternation((*patterns, _FILE_WORDS) if action == "download" else patterns)))
    for action, patterns in _LABEL_PATTERNS.items()
)
_DOWNLOAD_LABEL = dict(_TEXT_RULES)["download"]
_NEGATIVE_PATTERNS = cta_words.negative_patterns()
# Job offers, website accounts and comment threads: whatever keyword such a label holds, it asks for none of ours.
_NOT_CTA_LABEL = re.compile(
    _alternation(pattern for kind in ("jobs", "accounts", "comments") for pattern in _NEGATIVE_PATTERNS[kind])
)
_JOBS_LABEL = re.compile(_alternation(_NEGATIVE_PATTERNS["jobs"]))
_NOT_DONATE_LABEL = re.compile(_alternation(_NEGATIVE_PATTERNS["not_donate"]))
_NEGATIVE_TARGETS = cta_words.negative_targets()
# A "join" leading to a job, account or subscription area is no volunteering; a "subscribe" leading to a paid
# subscription is no mailing list.
_NOT_VOLUNTEER_TARGET = _NEGATIVE_TARGETS["jobs"] | _NEGATIVE_TARGETS["accounts"] | _NEGATIVE_TARGETS["subscriptions"]
_NOT_NEWSLETTER_TARGET = _NEGATIVE_TARGETS["subscriptions"]
_TARGET_WORD_SEPARATORS = re.compile(r"[/\-_.?=&+]+")


def _trigger_table(words: Iterable[str]) -> dict[str, bool | tuple[str, ...]]:
    """Trigger words keyed by their first three letters: ``True`` when those letters are enough, else the longer
    prefixes needed ("con" → "contact", not "contenu")."""
    table: dict[str, bool | tuple[str, ...]] = {}
    for word in words:
        key = word[:3]
        known = table.get(key, ())
        if len(word) <= 3 or known is True:
            table[key] = True
        else:
            table[key] = (*known, word)  # type: ignore[misc]
    return table


# Words that every match of some rule above contains ("faire un don" → "don"). Checking a label's words against this
# is ~10x cheaper than running the rules, and most links (menus, articles) have none of them.
# tests/test_calls_to_action.py checks that no rule can match a label without a trigger word.
_TRIGGERS = _trigger_table((*cta_words.trigger_words(), "pdf", "ko", "mo", "kb", "mb", "mp3", "mp4"))
_WORD_SEPARATORS = re.compile(r"[^a-z0-9$]+")
_SIZE_UNITS = ("ko", "mo", "kb", "mb")

_READ_MORE = re.compile(r"^\W*(?:" + _alternation(_NEGATIVE_PATTERNS["read_more"]) + r")(?:\W|$)")
_FOLLOW_TEXT = re.compile(follow_words.follow_labels())
_PURCHASE_TEXT = re.compile(r"\bacheter\b|\bbuy\b|\bcommander\b|\border\b|\bboutique\b|\bshop\b|\bpanier\b|\bcart\b")
_FEED_TEXT = re.compile(r"\brss\b|\batom\b|\bfeed\b|\bflux\b|\bpodcast")
_FEED_PATH = re.compile(r"(?:/feed/?|/rss/?|\.xml|\.rss|\.atom)$")
_SOCIAL_CONTEXT = re.compile(r"social|follow|suiv|reseaux|sociaux|rrss")
_BUTTON_CLASS = re.compile(r"(?:^|[-_\s])(?:btn|button|bouton|cta)(?:$|[-_\s])")
# Icon fonts (Divi, Font Awesome, Elementor) draw their glyphs from the Unicode private use area: not label text.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# Links to the page's own comment section ("Join the discussion", "Leave a comment").
_COMMENT_FRAGMENT = re.compile(r"#(?:comments?|respond|reply-title|disqus_thread|discussion|comment-\d+)\b", re.I)
# --- URLs -------------------------------------------------------------------------------------------------------------

_FILE_EXTENSION = re.compile(
    r"\.(?:pdf|zip|docx?|odt|ods|odp|pptx?|xlsx?|epub|rar|7z|tar\.gz|tgz|rtf|mp3|mp4|m4a|ogg|oga|wav|flac|mov|apk"
    r"|dmg|exe|msi)$"
)
_PATH_ACTIONS: dict[str, str] = cta_words.path_actions()
_NEWSLETTER_SLUGS = frozenset(slug for slug, action in _PATH_ACTIONS.items() if action == "newsletter")
_PATH_SUFFIX = re.compile(r"\.(?:html?|php|aspx?|jsp)$")

# NationBuilder serves these pages itself: an on-site /donate of a NationBuilder site is a NationBuilder page.
_NATIONBUILDER_ACTIONS = frozenset({"donate", "volunteer", "newsletter", "event", "petition"})


class _Url(NamedTuple):
    """The parts of a URL the classifiers look at (host without ``www.``, lowercase path)."""

    scheme: str
    host: str
    path: str
    query: str
    domains: tuple[str, ...]
    """The host then each parent domain, looked up in the service tables."""


# Target URLs recur across a site's pages (menus, footers, social links): their analysis is memoised, as the labels'.
@lru_cache(maxsize=8192)
def _parse_url(url: str | None) -> _Url | None:
    """The parts of ``url`` the classifiers use (host without ``www.``/``m.``, lowercase path and query, parent
    domains); ``None`` when empty or unparsable."""
    if not url:
        return None
    try:
        parts = urlsplit(url[:_MAX_ATTRIBUTE])
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.").removeprefix("m.")
    return _Url(parts.scheme.lower(), host, parts.path.lower(), parts.query.lower(), _domains(host))


def _domains(host: str) -> tuple[str, ...]:
    """``host`` then each parent domain (``a.b.c`` → ``a.b.c``, ``b.c``)."""
    labels = host.split(".")
    return tuple(".".join(labels[index:]) for index in range(len(labels) - 1))


def vendor_action(url: str | None) -> tuple[str | None, str | None]:
    """``(action, vendor)`` implied by a URL pointing at a known service; ``(None, None)`` when none is recognised."""
    return _vendor_action(_parse_url(url))


@lru_cache(maxsize=8192)
def _vendor_action(parsed: _Url | None) -> tuple[str | None, str | None]:
    """``(action, vendor)`` for a parsed URL on a known service (:func:`knowledge.vendors.vendor_action`), else
    ``(None, None)``."""
    if parsed is None:
        return None, None
    return vendors.vendor_action(parsed.host, parsed.domains, parsed.path, parsed.query)


def _path_action(parsed: _Url) -> str | None:
    """Action named by the last segment of a same-site path (``/don``, ``/contact``, ``/agenda``)."""
    segments = [segment for segment in parsed.path.split("/") if segment]
    if not segments:
        return None
    return _PATH_ACTIONS.get(fold_text(_PATH_SUFFIX.sub("", segments[-1])))


def classify_text(label: str | None) -> str | None:
    """The action a short label asks for (``"Faire un don"`` → ``donate``); ``None`` for none and for "Read more"."""
    folded = fold_text(label)
    return _classify_folded(folded)


def has_trigger_word(folded: str) -> bool:
    """Whether a folded label holds a word that some keyword rule needs (a cheap pre-check before the rules)."""
    for word in _WORD_SEPARATORS.split(folded):
        needed = _TRIGGERS.get(word[:3])
        if needed is True or (needed and word.startswith(needed)):
            return True
        if word[:1].isdigit() and word.endswith(_SIZE_UNITS):
            return True
    return False


@lru_cache(maxsize=8192)
def _classify_folded(folded: str) -> str | None:
    """The action a folded label's keywords ask for; ``None`` for empty, long (headlines, teasers), "Read more" and
    keyword-less labels. Cached: the same labels recur on every page."""
    if (
        not folded
        or len(folded) > _MAX_KEYWORD_LABEL
        or folded.count(" ") >= _MAX_KEYWORD_WORDS
        or _READ_MORE.match(folded)
        or not has_trigger_word(folded)
    ):
        return None  # long labels are headlines and teasers that mention a keyword, not calls to action
    if folded.endswith("...") and folded.count(" ") >= _MIN_TRUNCATED_TITLE_WORDS - 1:
        return None  # a title cut short ("Join the war on terra wi..."): a teaser, not a call to action
    if _NOT_CTA_LABEL.search(folded):
        return None  # a job offer, a website account, a comment thread
    for action, pattern in _TEXT_RULES:
        if pattern.search(folded):
            if action == "donate" and _NOT_DONATE_LABEL.search(folded):
                return None  # a legal gift ("droits de succession et donation"), an organ donation
            return action
    return None


# --- DOM helpers ------------------------------------------------------------------------------------------------------

_CANDIDATE_TAGS = ("a", "button", "input", "form", "iframe")
_CANDIDATE_TAG_NAMES = frozenset(_CANDIDATE_TAGS)  # lowercase already: _tag would return them unchanged
# "//*[@role='button'][not(self::a or self::button or self::input)]", reached through the role attributes: libxml2
# walks the attribute axis without evaluating a predicate on every element, ~3x cheaper.
_OTHER_ROLE_BUTTONS = etree.XPath("//@role[.='button']/parent::*[not(self::a or self::button or self::input)]")
# smart_strings=False: plain str results, ~10x cheaper than lxml's default strings that remember their parent.
_LINK_TEXT = etree.XPath("descendant::text()[not(parent::script) and not(parent::style)]", smart_strings=False)
# parent:: rather than ancestor:: tests: an ancestor:: test climbs to the document root for every text node.
_LABEL_TEXT = etree.XPath(
    "descendant::text()[not(parent::option) and not(parent::textarea) and not(parent::script) and not(parent::style)]",
    smart_strings=False,
)
# The tags whose own text each of these queries leaves out.
_LEAF_EXCLUDED: dict[etree.XPath, frozenset[str]] = {
    _LINK_TEXT: frozenset({"script", "style"}),
    _LABEL_TEXT: frozenset({"option", "textarea", "script", "style"}),
}
_LABELS_FOR = etree.XPath("//label[@for]")
_IMG_ALT = etree.XPath(
    "descendant::img/@alt | descendant::*[local-name()='svg']/*[local-name()='title']/text()", smart_strings=False
)
# A form holding the page's navigation, its main content or dozens of links is a page wrapper (ASP.NET WebForms).
_WRAPPER_FORM = etree.XPath(
    "boolean(descendant::nav | descendant::main | descendant::input[@name='__VIEWSTATE'] | (descendant::a)[31])"
)
_NATIONBUILDER_ASSETS = re.compile(r"nationbuilder|d3n8a8pro7vhmx", re.IGNORECASE)


def _names_nationbuilder(value: str) -> bool:
    """Whether an asset URL (or a meta's content) names NationBuilder's CDN (:data:`_NATIONBUILDER_ASSETS`); an
    ASCII value, nearly all of them, is lowercased and searched for the two names, as the case-blind pattern would."""
    if value.isascii():
        lowered = value.lower()
        return "nationbuilder" in lowered or "d3n8a8pro7vhmx" in lowered
    return bool(_NATIONBUILDER_ASSETS.search(value))


_ONCLICK_URL = re.compile(r"""(?:location(?:\.href)?|window\.open)\s*(?:=|\()\s*['"]([^'"]{1,500})['"]""")
# Honeypots and script-only inputs; "visually-hidden"/"sr-only" inputs are real (custom-styled radios and checkboxes).
_HONEYPOT = re.compile(r"^(?:hidden|input--hidden|d-none|hp|ohnohoney)$|honeypot|[-_]hp$")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top)\s*:\s*-\d{3,}px")


def _attr(element: Any, name: str) -> str:
    """Attribute ``name`` of ``element``, ``""`` when absent, cut to ``_MAX_ATTRIBUTE`` characters to keep regexes
    cheap."""
    value = element.get(name)
    return value[:_MAX_ATTRIBUTE] if value else ""


def _tag(element: Any) -> str:
    """Lowercase tag name; ``""`` for comments and processing instructions."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _text_of(element: Any, xpath: etree.XPath = _LINK_TEXT) -> str:
    """The text ``xpath`` selects under ``element`` (by default, all but scripts and styles), whitespace collapsed and
    bounded; ``""`` when the query fails."""
    excluded = _LEAF_EXCLUDED.get(xpath)
    if excluded is not None and len(element) == 0 and isinstance(element.tag, str):
        # A leaf (headings, labels, paragraphs): its own text is its one text node, unless the query leaves it out.
        text = element.text
        if not text or element.tag in excluded:
            return ""
        return _cleaned_label(text) if len(text) <= _MAX_CACHED_TEXT else clean_text(text)[: _MAX_LABEL * 4]
    try:
        return clean_text(" ".join(str(part) for part in xpath(element)))[: _MAX_LABEL * 4]
    except (etree.XPathError, ValueError):
        return ""


_MAX_CACHED_TEXT = 300  # longer link texts (teaser cards) are cleaned each time: they would crowd the cache


@lru_cache(maxsize=8192)
def _cleaned_label(text: str) -> str:
    """``clean_text(text)`` cut to the longest label read: a site's menus and footers repeat their link texts on
    every page."""
    return clean_text(text)[: _MAX_LABEL * 4]


def _element_label(element: Any, tag: str | None = None) -> str:
    """Visible text, else aria-label, title, value, image alt: what a visitor or screen reader is shown (``tag``:
    the element's :func:`_tag`, when the caller knows it)."""
    if tag is None:
        tag = _tag(element)
    if tag == "input":
        label = clean_text(_attr(element, "value")) or clean_text(_attr(element, "alt"))
    elif len(element) == 0:
        text = element.text
        if not text:
            label = ""
        elif len(text) <= _MAX_CACHED_TEXT:
            label = _cleaned_label(text)
        else:
            label = clean_text(text)[: _MAX_LABEL * 4]
    elif next(element.iter("script", "style"), None) is None:
        label = clean_text(" ".join(element.itertext()))[: _MAX_LABEL * 4]
    else:
        label = _text_of(element)
    if not label:
        label = clean_text(_attr(element, "aria-label")) or clean_text(_attr(element, "title"))
        if not label and tag != "input":
            try:
                label = clean_text(" ".join(str(alt) for alt in _IMG_ALT(element)))
            except (etree.XPathError, ValueError):
                label = ""
    return _finished_label(label)


def _resolve(href: str | None, base_url: str) -> str | None:
    """``href`` as an absolute URL (resolved against ``base_url``) without tracking parameters; ``None`` when empty or
    unparsable. Remembered for hrefs of up to :data:`_MAX_ATTRIBUTE` characters only: the memo is keyed by the whole
    href, and a site's megabyte-long ones would be held for the whole crawl."""
    if href is not None and len(href) > _MAX_ATTRIBUTE:
        return _resolved(href, base_url)
    return _remembered_resolve(href, base_url)


def _resolved(href: str | None, base_url: str) -> str | None:
    """:func:`_resolve`, computed."""
    if not href:
        return None
    href = href.strip()[:_MAX_ATTRIBUTE]
    try:
        # Absolute links are the majority of CTA targets and need no joining.
        url = href if href[:8].lower().startswith(("https://", "http://")) else absolute_url(href, base_url)
    except ValueError:  # "http://[::1" and other unparsable URLs
        return None
    if url is None:
        return None
    return strip_tracking(url)


_remembered_resolve = lru_cache(maxsize=8192)(_resolved)


# The same targets recur on every page of a site: their tracking parameters are stripped once (a string in, a string
# out). _resolve's own memo is keyed by the page's base URL too, which differs from page to page.
_without_tracking = lru_cache(maxsize=8192)(strip_tracking)


def _has_honeypot_token(marks: str) -> bool:
    """Whether a field's class and name hold a honeypot token (``hp``, ``ohnohoney``, ``d-none``...)."""
    return any(_HONEYPOT.search(token) for token in marks.lower().split())


def _is_visually_hidden(element: Any, stop: Any) -> bool:
    """Whether ``element`` (or an ancestor up to ``stop``) is hidden: honeypots and script-only inputs."""
    if _cached_has_honeypot_token(f"{_attr(element, 'class')} {_attr(element, 'name')}"):
        return True
    node = element
    while node is not None and node is not stop:
        if node.get("aria-hidden") == "true" or node.get("hidden") is not None:
            return True
        style = node.get("style")
        if style and _HIDDEN_STYLE.search(style[:_MAX_ATTRIBUTE]):
            return True
        node = node.getparent()
    return False


def _class_and_id(element: Any) -> str:
    """The element's ``id`` and ``class`` in one lowercase string, for attribute pattern tests."""
    return f"{_attr(element, 'id')} {_attr(element, 'class')}".lower()


# --- links and buttons ------------------------------------------------------------------------------------------------


def _follow_context(element: Any) -> bool:
    """Whether a profile link sits in a "follow us" block: social-looking containers or a "Suivez-nous" heading."""
    node = element.getparent()
    for _ in range(4):
        if node is None or _tag(node) in ("body", "html"):
            return False
        attributes = _class_and_id(node)
        if is_share_markup(attributes):
            return False
        if _SOCIAL_CONTEXT.search(attributes):
            return True
        for count, sibling in enumerate(node.itersiblings(preceding=True)):
            if count >= 2:
                break
            heading = _short_text(sibling) if isinstance(sibling.tag, str) else None
            if heading and _FOLLOW_TEXT.search(fold_text(heading)):
                return True
        node = node.getparent()
    return False


def _short_text(element: Any, limit: int = 120) -> str | None:
    """The text of a heading-sized element, or ``None`` as soon as it proves longer than ``limit`` (a bio, an
    article), without reading all of it."""
    parts: list[str] = []
    size = 0
    for part in element.itertext():
        size += len(part)
        if size > limit:
            return None
        parts.append(part)
    return " ".join(parts)


def _link_action(
    element: Any, folded: str, text_action: str | None, target: str | None, parsed: _Url | None, page: _PageFacts
) -> tuple[str | None, str | None]:
    """``(action, vendor)`` for a link or button; ``(None, None)`` when it asks nothing.

    The service behind the URL speaks first for apps, events and petitions; a social profile is a follow only in a
    "follow us" context; then files, the label's keywords, the service's default action, and the site's own path.
    """
    if parsed is not None and parsed.scheme == "mailto":
        if _is_share_intent(target):
            return None, None
        return text_action or "contact", None
    if _is_share_intent(target):
        return None, None
    host_action, vendor = _vendor_action(parsed)
    if host_action in ("app_download", "event", "petition"):
        return host_action, vendor
    if parsed is not None and parsed.host == page.host and parsed.path in ("", "/") and not parsed.query:
        return None, None  # the logo or site name ("Agir ensemble 2027") links home: not a call to action
    network = _profile_network(target) if target else None
    if network is not None:
        if _in_social_embed(element):
            return None, None  # the fallback link of an embedded timeline or post, not a follow button
        if (
            _FOLLOW_TEXT.search(folded)
            or _follow_context(element)
            or _is_bare_profile_link(element, folded, network, page)
        ):
            return "social_follow", network
        return None, None
    if text_action == "newsletter" and (
        _FEED_TEXT.search(folded)
        or (parsed and (_FEED_PATH.search(parsed.path) or vendors.is_listening_host(parsed.domains)))
    ):
        return None, None  # "Subscribe via RSS", a podcast feed or a show on Spotify is no mailing list
    is_file = parsed is not None and (_FILE_EXTENSION.search(parsed.path) or element.get("download") is not None)
    if is_file and text_action not in ("app_download", "donate", "petition"):
        return "download", vendor
    if (
        text_action == "volunteer"
        and parsed is not None
        and parsed.host == page.host
        and _path_action(parsed) == "donate"
    ):
        return "donate", vendor  # a membership paid on the site's donation page ("Word lid" → /doneren/?type=lid)
    if text_action:
        return text_action, vendor
    if host_action:
        if vendor in vendors.PAYMENT_VENDORS and _PURCHASE_TEXT.search(folded):
            return None, None
        return host_action, vendor
    if (
        parsed is not None
        and _MOBILE_PLATFORM_LABEL.match(folded)
        and not _APP_TARGET_WORDS.isdisjoint(_target_words(parsed))
    ):
        return "app_download", vendor  # "Sur iPhone", "Android" under an apps heading, leading to the app's page
    # A link back to the current page (pager, anchors, language switch) names nothing by its path; a longer label
    # names its own topic ("Downloading content for analysis" → /resources/download is a help page).
    if (
        parsed is not None
        and parsed.host == page.host
        and parsed.path != page.path
        and folded.count(" ") < _MAX_PATH_LABEL_WORDS
        and not _is_taxonomy_archive(parsed)
    ):
        return _path_action(parsed), vendor
    return None, vendor


_is_share_intent = lru_cache(maxsize=8192)(is_share_intent)
_is_embed_markup = lru_cache(maxsize=8192)(is_embed_markup)  # a site's class attributes recur on every page
_profile_network = lru_cache(maxsize=8192)(social_profile)


def _in_social_embed(element: Any) -> bool:
    """Whether a link belongs to an embedded timeline, page plugin or post (Twitter, Facebook, Instagram)."""
    return any(_is_embed_markup(_attr(node, "class")) for node in (element, *_ancestors(element, 3)))


def _is_bare_profile_link(element: Any, folded: str, network: str, page: _PageFacts) -> bool:
    """An icon or network-name link to a profile in the site's header, footer, menu or sidebar."""
    if folded and folded.replace(" ", "") not in (network, "x", "twitter", "googleplus", "google+", "facebook"):
        return False
    return page.placement(element) in ("header", "footer", "navigation", "sidebar")


def _button_target(element: Any, base_url: str) -> str | None:
    """Where a ``<button>`` leads when its script says so (``data-href``, ``onclick="location.href=..."``)."""
    for name in ("data-href", "data-url", "data-link", "formaction"):
        if element.get(name):
            return _resolve(element.get(name), base_url)
    onclick = _attr(element, "onclick")
    match = _ONCLICK_URL.search(onclick) if onclick else None
    return _resolve(match.group(1), base_url) if match else None


def _element_kind(element: Any, tag: str) -> str:
    """``"link"`` for a plain ``<a>``; ``"button"`` for buttons, inputs and links marked or styled as buttons
    (``role="button"``, ``btn``/``button``/``cta`` classes)."""
    if tag == "a":
        if element.get("role") == "button" or _cached_has_button_class(_attr(element, "class")):
            return "button"
        return "link"
    return "button"


def _has_button_class(classes: str) -> bool:
    """Whether a class attribute styles its link as a button (``btn``, ``button``, ``bouton``, ``cta``)."""
    return bool(_BUTTON_CLASS.search(classes.lower()))


# --- forms ------------------------------------------------------------------------------------------------------------

_FORM_WORDS = cta_words.form_words()
# A message box (not an idea's "Description"): what makes a form with a textarea a contact form.
_MESSAGE_FIELD = re.compile(_alternation((*_FORM_WORDS["message"], r"\bmsg\b")))
_EMAIL_FIELD = re.compile(_alternation(_FORM_WORDS["email"]))
_SEARCH_FIELD_NAMES = frozenset(
    {"q", "s", "search", "query", "keys", "keyword", "keywords", "recherche", "term", "search_api_fulltext"}
)
_SEARCH_ATTR = re.compile(_alternation(_FORM_WORDS["search"]))
_LOGIN_ATTR = re.compile(_alternation((*_FORM_WORDS["login"], "wp-login", "lostpassword")))
_COMMENT_ATTR = re.compile(r"comment|wp-comments-post|respond")
_PASSWORD_TEXT = re.compile(_alternation(_FORM_WORDS["password"]))
_SHOP_ATTR = re.compile(r"add-to-cart|woocommerce-cart|(?:^|\s)cart(?:$|\s)|checkout|variations_form")
_AMOUNT_FIELD = re.compile(_alternation((*_FORM_WORDS["amount"], r"custom[_-]?amount|other[_-]?amount")))
_AMOUNT_OPTION = re.compile(
    r"^(?:[$\u20ac\u00a3] ?\d[\d., ]*|\d[\d., ]* ?(?:[$\u20ac\u00a3]|eur|euros?|usd|dollars?))$", re.IGNORECASE
)
_VOLUNTEER_FIELD = re.compile(_alternation(_FORM_WORDS["volunteer"]))
_SUBSCRIBE_SUBMIT = re.compile(_alternation(cta_words.sign_up_buttons()) + r"|^\W*$")
_ATTR_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("donate", re.compile(r"donat|(?:^|[\W_])dons?(?:$|[\W_])|give(?:wp|-form|_form)|charitable|spende|/don\b")),
    ("petition", re.compile(r"petition")),
    (
        "newsletter",
        re.compile(
            r"newsletter|subscri|infolettre|optin|opt-in|tnp-subscription|es_subscription|es-subscription|"
            + vendors.NEWSLETTER_MARKUP
            + "|"
            + _alternation(re.escape(slug) for slug in sorted(_NEWSLETTER_SLUGS))
        ),
    ),
    ("volunteer", re.compile(r"volunt|benevol|militer|militant|engag|adhe(?:rer|sion)|rejoindre|get-involved")),
    ("event", re.compile(r"rsvp|(?:^|[\W_])events?(?:$|[\W_])|evenement|meeting|ticket|billet")),
    ("contact", re.compile(r"contact|kontakt")),
)
_NON_FIELD_TYPES = frozenset({"hidden", "submit", "button", "image", "reset"})


class _FormFacts(NamedTuple):
    """What a form's inputs reveal, gathered in one pass."""

    fields: list[FormField]
    submit_label: str
    has_email: bool
    has_textarea: bool
    has_message: bool
    has_password: bool
    has_search: bool
    has_amount: bool
    has_volunteer_fields: bool
    hidden: dict[str, str]
    text: str


def _labels_for(root: Any) -> dict[str, str]:
    """The text of every ``<label for=...>`` of the page by the id it names (the first label wins); what was read before
    a failing query is kept."""
    labels: dict[str, str] = {}
    try:
        # From the document's root element, its labels are "//label[@for]": a C-level walk of one tag, ~2x cheaper.
        found = root.iter("label") if root.getparent() is None else _LABELS_FOR(root)
        for label in found:
            key = _attr(label, "for")
            if key and key not in labels:
                labels[key] = _text_of(label, _LABEL_TEXT)
    except (etree.XPathError, ValueError):
        return labels
    return labels


def _clean_label(text: str) -> tuple[str | None, bool]:
    """``(label, marked_required)``: drops the trailing ``*``/``:`` that mark required fields."""
    text = clean_text(text)
    required = "*" in text[-3:] if text else False
    text = text.strip(" *:\u2217").strip()
    return (text[:_MAX_LABEL] or None), required


def _wrapping_label(element: Any, stop: Any) -> Any | None:
    """The ``<label>`` enclosing ``element`` below ``stop`` (its form), else ``None``."""
    node = element.getparent()
    while node is not None and node is not stop:
        if _tag(node) == "label":
            return node
        node = node.getparent()
    return None


def _field_label(element: Any, form: Any, labels: dict[str, str]) -> tuple[str | None, bool]:
    """``(label, marked_required)`` of a form field: its ``<label for>``, else the label around it, else its
    ``aria-label``, ``placeholder`` or ``title``; ``(None, False)`` when it has none."""
    element_id = _attr(element, "id")
    if element_id and labels.get(element_id):
        return _clean_label(labels[element_id])
    wrapping = _wrapping_label(element, form)
    if wrapping is not None:
        label, required = _clean_label(_text_of(wrapping, _LABEL_TEXT))
        if label:
            return label, required
    for name in ("aria-label", "placeholder", "title"):
        if element.get(name):
            return _clean_label(_attr(element, name))
    return None, False


def _is_required(element: Any) -> bool:
    """Whether a field is required: a ``required`` or ``aria-required="true"`` attribute, or a required class (Contact
    Form 7's included)."""
    if element.get("required") is not None or element.get("aria-required") == "true":
        return True
    classes = _attr(element, "class").lower().split()
    return any(token in ("required", "is-required", "wpcf7-validates-as-required") for token in classes)


def _group_label(element: Any, form: Any) -> str | None:
    """The legend of the fieldset around a radio/checkbox group."""
    node = element.getparent()
    while node is not None and node is not form:
        if _tag(node) == "fieldset":
            for child in node:
                if _tag(child) == "legend":
                    return _clean_label(_text_of(child, _LABEL_TEXT))[0]
            return None
        node = node.getparent()
    return None


def _field_signals(descriptor: str) -> tuple[bool, bool, bool, bool]:
    """Whether a field's folded name and label speak of a message, an e-mail address, an amount, volunteering."""
    return (
        bool(_MESSAGE_FIELD.search(descriptor)),
        bool(_EMAIL_FIELD.search(descriptor)),
        bool(_AMOUNT_FIELD.search(descriptor)),
        bool(_VOLUNTEER_FIELD.search(descriptor)),
    )


def _form_facts(form: Any, labels: dict[str, str]) -> _FormFacts:
    """Fields (radios and checkboxes grouped by name), submit label and the signals used to classify the form."""
    fields: list[FormField] = []
    groups: dict[str, FormField] = {}
    group_sizes: dict[str, int] = {}
    hidden: dict[str, str] = {}
    submit_label = ""
    has_email = has_textarea = has_message = has_password = has_search = has_amount = has_volunteer = False
    skipped_containers: set[Any] = set()
    for element in form.iter("input", "select", "textarea", "button"):
        tag = _tag(element)
        kind = _attr(element, "type").strip().lower() or ("submit" if tag == "button" else "text")
        if tag in ("select", "textarea"):
            kind = tag
        name = _attr(element, "name") or None
        if kind == "hidden":
            if name:
                hidden[name.lower()] = _attr(element, "value")
            continue
        if kind in ("submit", "image"):
            if not submit_label:
                submit_label = _element_label(element)
            continue
        if kind in _NON_FIELD_TYPES or _is_visually_hidden(element, form):
            continue
        label, starred = _field_label(element, form, labels)
        required = starred or _is_required(element)
        descriptor = fold_text(f"{name or ''} {label or ''}")  # not the id: "mce-EMAIL-take-action" says nothing
        has_password = has_password or kind == "password"
        has_search = has_search or kind == "search" or (name or "").lower() in _SEARCH_FIELD_NAMES
        has_textarea = has_textarea or kind == "textarea"
        says_message, says_email, says_amount, says_volunteer = _cached_field_signals(descriptor)
        has_message = has_message or (kind == "textarea" and says_message)
        has_email = has_email or kind == "email" or (kind == "text" and says_email)
        if kind not in ("radio", "checkbox"):
            # Choices are judged as groups below: a lone consent box ("...about volunteering") says nothing.
            has_amount = has_amount or says_amount
            has_volunteer = has_volunteer or says_volunteer
        else:
            option = label or clean_text(_attr(element, "value")) or None
            parent = element.getparent()
            if parent is not None and parent is not form:
                skipped_containers.add(parent)
            if option and _AMOUNT_OPTION.match(option):
                has_amount = True
            key = f"{kind}:{name}" if name else f"{kind}:#{len(fields)}"
            group = groups.get(key)
            if group is None:
                group = FormField(name=name, type=kind, label=_group_label(element, form), required=required)
                groups[key] = group
                group_sizes[key] = 0
                fields.append(group)
                group.label = group.label or label
            group.required = group.required or required
            group_sizes[key] += 1
            if option and option not in group.options:
                group.options.append(option)
            continue
        options: list[str] = []
        if kind == "select":
            for option_element in element.iter("option"):
                if option_element.get("value") == "":
                    continue
                text = clean_text(option_element.text_content())[:_MAX_LABEL]
                if text and text not in options:
                    options.append(text)
            if any(_AMOUNT_OPTION.match(option) for option in options[:6]):
                has_amount = True
            descriptor += " " + fold_text(" ".join(options)[:_MAX_ATTRIBUTE])
            has_volunteer = has_volunteer or bool(_VOLUNTEER_FIELD.search(descriptor))
        fields.append(FormField(name=name, type=kind, label=label, required=required, options=options))
    for key, group in groups.items():
        if group.type == "checkbox" and group_sizes[key] == 1:
            # A lone checkbox is a consent or opt-in, not a choice: its text is the label, not an option.
            group.label = group.options[0] if group.options else group.label
            group.options = []
            continue
        described = fold_text(f"{group.name or ''} {group.label or ''} {' '.join(group.options)}"[:_MAX_ATTRIBUTE])
        has_volunteer = has_volunteer or bool(_VOLUNTEER_FIELD.search(described))
        has_amount = has_amount or bool(_AMOUNT_FIELD.search(described))
    texts = _form_text(form, skipped_containers)
    return _FormFacts(
        fields=fields,
        submit_label=submit_label,
        has_email=has_email,
        has_textarea=has_textarea,
        has_message=has_message,
        has_password=has_password,
        has_search=has_search,
        has_amount=has_amount,
        has_volunteer_fields=has_volunteer,
        hidden=hidden,
        text=fold_text(" ".join(texts)[:_MAX_FORM_TEXT]),
    )


_SKIPPED_TEXT_TAGS = frozenset({"script", "style", "select", "option", "textarea", "noscript", "template"})
_MAX_FORM_TEXT = 1200


def _form_text(form: Any, skipped: set[Any]) -> list[str]:
    """Short blocks just before the form (a widget title, a lead paragraph), then the form's own text.

    The containers of checkboxes and radios are left out: a consent line such as "I agree to receive the newsletter"
    says nothing about what a petition or volunteer form is for.
    """
    before: list[str] = []
    node = form
    for _ in range(2):
        if node is None or _tag(node) in ("body", "main", "html"):
            break
        for count, sibling in enumerate(node.itersiblings(preceding=True)):
            if count >= 2 or not isinstance(sibling.tag, str):
                break
            text = _text_of(sibling, _LABEL_TEXT)
            if text and len(text) <= 200:
                before.append(text)
        node = node.getparent()
    texts = list(reversed(before))
    size = 0
    stack: list[tuple[Any, bool]] = [(form, False)]
    while stack and size < _MAX_FORM_TEXT:
        element, is_tail = stack.pop()
        if is_tail:
            texts.append(element.tail)
            size += len(element.tail)
            continue
        if element is not form and element.tail:
            stack.append((element, True))  # popped after the element's descendants
        if element in skipped or not isinstance(element.tag, str) or _tag(element) in _SKIPPED_TEXT_TAGS:
            continue
        if element.text:
            texts.append(element.text)
            size += len(element.text)
        stack.extend((child, False) for child in reversed(element))
    return texts


def _form_vendor(form: Any, target: str | None, facts: _FormFacts) -> str | None:
    """The service behind a form: from its target URL, else vendor markup in the ids/classes of the form and three
    ancestors or in its hidden inputs, else NationBuilder field names or tokens; ``None`` when unknown."""
    _, vendor = vendor_action(target)
    if vendor:
        return vendor
    markup = " ".join(_class_and_id(node) for node in (form, *list(_ancestors(form, 3))))
    markup += " " + " ".join(facts.hidden)[:_MAX_ATTRIBUTE]
    vendor = _form_vendor_of_markup(markup)
    if vendor:
        return vendor
    names = " ".join(field.name or "" for field in facts.fields)
    nationbuilder_tokens = "page_id" in facts.hidden and "authenticity_token" in facts.hidden
    if "signup[" in names or "donation[" in names or nationbuilder_tokens:
        return "nationbuilder"
    return None


def _ancestors(element: Any, limit: int) -> Iterable[Any]:
    """Up to ``limit`` ancestors of ``element``, nearest first, stopping before ``<body>``."""
    node = element.getparent()
    for _ in range(limit):
        if node is None or _tag(node) in ("body", "html"):
            return
        yield node
        node = node.getparent()


def _memo_short(function: Callable[[str], _T], longest: int = _MAX_ATTRIBUTE * 2) -> Callable[[str], _T]:
    """``function`` of one string, remembered for strings of up to ``longest`` characters: a site's forms and their
    surroundings repeat on every page. Longer strings are rare and would crowd the cache."""
    cached = lru_cache(maxsize=4096)(function)

    def call(text: str) -> _T:
        """``function(text)``, from the cache when ``text`` is short enough."""
        return cached(text) if len(text) <= longest else function(text)

    return call


def _attribute_actions(attributes: str) -> tuple[str, ...]:
    """The actions whose :data:`_ATTR_RULES` pattern a form's attribute text matches, in rule order."""
    return tuple(action for action, pattern in _ATTR_RULES if pattern.search(attributes))


def _has_password_text(folded: str) -> bool:
    """Whether a form's folded text speaks of a password (a log-in or account form)."""
    return bool(_PASSWORD_TEXT.search(folded))


def _earliest_action(folded: str) -> str | None:
    """The action whose keywords come first in a longer text (a heading comes before the fine print)."""
    best: tuple[int, str] | None = None
    for action, pattern in _TEXT_RULES:
        match = pattern.search(folded)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), action)
    return best[1] if best else None


_cached_field_signals = _memo_short(_field_signals)
_cached_has_honeypot_token = _memo_short(_has_honeypot_token)
_cached_has_button_class = _memo_short(_has_button_class)
_cached_attribute_actions = _memo_short(_attribute_actions)
_cached_has_password_text = _memo_short(_has_password_text)
_cached_earliest_action = _memo_short(_earliest_action)
_form_vendor_of_markup = _memo_short(vendors.form_vendor_of_markup, longest=_MAX_ATTRIBUTE * 4)


def _action_end(form: Any) -> str:
    """The last path segment and the query of a form's action, lowercase: where a search or log-in form says what it
    is (``/search``, ``/wp-login.php``, ``?task=search``). The rest of the path is often the page's own address (forms
    posting back), whose words say nothing about the form ("/recherchen/2026/..." is no search)."""
    action = _attr(form, "action").lower()
    path, _, query = action.partition("?")
    return f"{path.rstrip('/').rpartition('/')[2]}?{query}"


def _posts_to_job_offers(form: Any) -> bool:
    """Whether a form posts to a job offers area (``/empleo/...``): a job application."""
    parsed = _parse_url(_attr(form, "action").strip().lower() or None)
    return parsed is not None and not _NEGATIVE_TARGETS["jobs"].isdisjoint(_target_words(parsed))


def _is_excluded_by_markup(form: Any) -> bool:
    """Search, login and comment forms told by the form's own attributes, and forms posting to job offers: settled
    without reading a field (:func:`_is_excluded_form` adds what the fields say)."""
    own = f"{_class_and_id(form)} {_attr(form, 'name').lower()} {_action_end(form)}"
    return (
        _attr(form, "role").lower() == "search"
        or bool(_SEARCH_ATTR.search(own))
        or bool(_LOGIN_ATTR.search(own))
        or bool(_COMMENT_ATTR.search(own))
        or _posts_to_job_offers(form)
    )


def _is_excluded_form(form: Any, facts: _FormFacts) -> bool:
    """Search, login/password, comment, job application ("Bewerbung absenden", a form posting to /empleo/...: an
    e-mail field and a send button, but no mailing list) and shop forms are never calls to action."""
    return (
        bool(_JOBS_LABEL.search(fold_text(facts.submit_label)))
        or facts.has_password
        or facts.has_search
        or _cached_has_password_text(facts.text)
        or _is_excluded_by_markup(form)
    )


def _form_action(
    form: Any, target: str | None, facts: _FormFacts, vendor: str | None, posts_to_itself: bool = False
) -> str | None:
    """The action a form asks for, or ``None`` for search, login, comment, shop and unrecognised forms.

    Strong signals first (payment service or amount fields, the submit label, the form's own attributes, volunteer
    fields), then the text around and inside the form, then its shape (a message box is contact; an email box with
    a sign-up button is a newsletter). The action URL of a form that posts back to its own page (TYPO3, Drupal
    forms) names the page, not the form: a contact form on /spenden-helfen is not a donation.
    """
    if _is_excluded_form(form, facts):
        return None
    attributes = " ".join(_class_and_id(node) for node in (form, *_ancestors(form, 3)))
    own_action = "" if posts_to_itself else _attr(form, "action").lower()
    attributes = f"{attributes} {_attr(form, 'name').lower()} {own_action}"[: _MAX_ATTRIBUTE * 2]
    visible = [field for field in facts.fields if field.type != "checkbox"]
    submit = fold_text(facts.submit_label)
    submit_action = _classify_folded(submit)
    attribute_actions = _cached_attribute_actions(attributes)
    host_action, _ = vendor_action(target)
    paypal_donation = facts.hidden.get("cmd", "").startswith(("_donations", "_s-xclick"))
    if (
        host_action == "donate"
        or paypal_donation
        or submit_action == "donate"
        or "donate" in attribute_actions
        # A membership form asks for its fee ("Monatlicher Beitrag", "Cuota"): joining, not giving.
        or (facts.has_amount and visible and submit_action != "volunteer")
    ):
        return "donate"
    if not visible or _SHOP_ATTR.search(_class_and_id(form)):
        return None
    if submit_action == "petition" or "petition" in attribute_actions:
        return "petition"
    if facts.has_volunteer_fields and not facts.has_textarea:
        return "volunteer"
    newsletter_vendor = vendor in vendors.NEWSLETTER_VENDORS or host_action == "newsletter"
    if facts.has_email and (submit_action == "newsletter" or "newsletter" in attribute_actions or newsletter_vendor):
        return "newsletter"
    for action in ("volunteer", "event", "contact"):
        if submit_action == action or action in attribute_actions:
            return action
    text_action = _cached_earliest_action(facts.text)
    if text_action in ("petition", "event", "donate", "volunteer"):
        return text_action
    # A form asking for a file (a CV, a document) is an application or a submission, never a mailing-list sign-up.
    sign_up_shape = facts.has_email and not facts.has_textarea and all(field.type != "file" for field in visible)
    if text_action == "newsletter" and sign_up_shape:
        return "newsletter"
    if facts.has_message or (text_action == "contact" and (facts.has_email or facts.has_textarea)):
        return "contact"
    if sign_up_shape and _SUBSCRIBE_SUBMIT.search(submit):
        return "newsletter"
    return None  # e.g. an idea or comment box: a contribution, not a contact request


def _candidates(page: Page) -> list[Any]:
    """Links, buttons, inputs, forms, iframes and ``[role=button]`` elements, in page order.

    One C-level pass over the tags; the rare ``<div role=button>`` are merged in by document position.
    """
    if page.root is None:  # not an HTML tree (parsel reads a JSON body as JSON)
        return []
    elements = page.elements(*_CANDIDATE_TAGS)
    others = _OTHER_ROLE_BUTTONS(page.root)
    if not others:
        return elements
    position = {element: index for index, element in enumerate(page.elements())}
    return sorted([*elements, *others], key=lambda element: position.get(element, 0))


# Elements whose text is not explanation: fields and their labels, buttons, menus, scripts, other forms.
_NOT_EXPLANATION_TAGS = _words("form nav script style noscript template iframe button select textarea label")
_NOT_EXPLANATION_TAG_SET = frozenset(_NOT_EXPLANATION_TAGS)


def _explanation_texts(section: Any) -> list[str] | None:
    """What ``itertext()`` yields for a copy of ``section`` whose :data:`_NOT_EXPLANATION_TAGS` elements were removed
    by ``etree.strip_elements(copy, *_NOT_EXPLANATION_TAGS, with_tail=False)``, read from the page's own tree
    without copying it (the tree is shared with the other extractors; ~3x cheaper than the copy).

    Removing an element leaves its tail where it was: lxml then reads it as one text with the text before it, so
    the walk adds a skipped element's tail to the text it is collecting instead of yielding it apart. ``None`` when
    the section holds an entity reference (pages parsed as XML), which lxml reads otherwise.
    """
    excluded = _NOT_EXPLANATION_TAG_SET
    parts: list[str] = []
    collecting = section.text or ""
    stack: list[tuple[Any, Iterator[Any]]] = [(section, iter(section))]
    while stack:
        element, children = stack[-1]
        child = next(children, None)
        if child is None:  # the end of ``element``: its last text, then its tail (not the section's own)
            stack.pop()
            parts.append(collecting)
            collecting = (element.tail or "") if stack else ""
            continue
        is_element = isinstance(child.tag, str)
        if is_element and child.tag in excluded:
            collecting += child.tail or ""  # removed with its content; its tail joins the text before it
            continue
        parts.append(collecting)
        if is_element:
            collecting = child.text or ""
            stack.append((child, iter(child)))
        elif isinstance(child, etree._Entity):
            return None
        else:
            collecting = child.tail or ""  # a comment or processing instruction: only its tail is text
    return parts


#: Elements whose text is not a form's own (its fields' labels and options, its buttons, its scripts).
_FORM_OWN_TEXT_EXCLUDED = frozenset(_words("label legend option button select textarea script style noscript"))


def _form_own_text(form: Any) -> list[str]:
    """The text nodes below ``form`` with no :data:`_FORM_OWN_TEXT_EXCLUDED` ancestor (``descendant::text()[not(
    ancestor::label) and ...]``), in document order, read by a walk that skips the excluded subtrees instead of
    testing every text node's ancestors up to the root (~4x cheaper; tests/test_calls_to_action.py holds the two
    equal)."""
    if form.tag in _FORM_OWN_TEXT_EXCLUDED or any(
        ancestor.tag in _FORM_OWN_TEXT_EXCLUDED for ancestor in form.iterancestors()
    ):
        return []  # every text node below has an excluded ancestor
    texts: list[str] = []
    # (node, True): an element to read; (text, False): a tail, read after the subtree before it.
    stack: list[tuple[Any, bool]] = [(form, True)]
    while stack:
        node, is_element = stack.pop()
        if not is_element:
            texts.append(node)
            continue
        if node.text:
            texts.append(node.text)
        for child in reversed(node):
            if child.tail:
                stack.append((child.tail, False))
            if isinstance(child.tag, str) and child.tag not in _FORM_OWN_TEXT_EXCLUDED:
                stack.append((child, True))  # comments and processing instructions hold no text node
    return texts


_CONTENT_TAGS = frozenset({"article", "main"})
_BLOCK_TAGS = frozenset({"section", "aside", "footer", "header"})


def _form_section(form: Any) -> Any:
    """The content block a form belongs to: its article or main content, else its section, else the closest wrapper
    with a heading, else its parent."""
    block = None
    for ancestor in form.iterancestors():
        tag = _tag(ancestor)
        if tag in ("body", "html"):
            break
        if tag in _CONTENT_TAGS or (ancestor.get("role") or "").lower() == "main":
            return ancestor
        if block is None and tag in _BLOCK_TAGS:
            block = ancestor
    if block is not None:
        return block
    # No semantic container (NationBuilder, hand-made pages): the closest wrapper that holds a heading.
    for ancestor in _ancestors(form, 4):
        if next(ancestor.iter(*_HEADING_TAGS), None) is not None:
            return ancestor
    parent = form.getparent()
    return parent if parent is not None and _tag(parent) not in ("body", "html") else form


def description_length(form: Any) -> int:
    """Characters of explanatory text around a form: its section's text (headings, lead paragraphs, the steps of
    "how it works") plus the form's own prose, minus the fields' labels, legends, options and buttons, menus and
    scripts. A volunteer form introduced only by "Rejoignez la campagne !" scores ~35; one whose page explains
    each role scores thousands."""
    section = _form_section(form)
    parts: list[str] = []
    try:
        if section is not form:
            texts = _explanation_texts(section)
            if texts is None:  # an XML page's entity references: let lxml strip a private copy
                copy = deepcopy(section)
                etree.strip_elements(copy, *_NOT_EXPLANATION_TAGS, with_tail=False)
                texts = list(copy.itertext())
            parts.extend(texts)
        if _tag(form) == "form":
            parts.extend(_form_own_text(form))
    except (etree.XPathError, ValueError, TypeError):
        return 0
    return len(clean_text(" ".join(parts)))


# --- the extractor ----------------------------------------------------------------------------------------------------


class _PageFacts:
    """What this extractor alone computes about a page, lazily, on top of the shared :class:`Page` (never shared
    between calls)."""

    def __init__(self, page: Page) -> None:
        """Record the shared page, its URL, base URL, host and path; the lazily computed facts start empty."""
        self.shared = page
        self.root = page.root
        self.page_url = page.url
        self.base_url = page.base_url
        parsed = _parse_url(page.url)
        self.host = parsed.host if parsed else ""
        self.path = parsed.path if parsed else ""
        self._labels: dict[str, str] | None = None
        self._nationbuilder: bool | None = None
        self._wrapper_forms: dict[Any, bool] = {}

    def fold(self, label: str) -> tuple[str | None, str | None]:
        """``(folded label, action its keywords ask for)``; ``(None, None)`` for "Read more" links
        (:func:`_fold_label`)."""
        return _fold_label(label)

    def resolve(self, href: str | None) -> str | None:
        """:func:`_resolve` of ``href`` against the page's base URL; a relative link is joined by :meth:`Page.absolute`
        (memoised per page, shared with the other extractors) and an absolute one as written."""
        if not href:
            return None
        if len(href) > _MAX_ATTRIBUTE:
            return _resolve(href, self.base_url)  # _resolve cuts it first
        stripped = href.strip()
        if stripped[:8].lower().startswith(("https://", "http://")):
            return _without_tracking(stripped)
        url = self.shared.absolute(href)  # absolute_url strips the href itself, as _resolve does
        return None if url is None else _without_tracking(url)

    def placement(self, element: Any) -> str:
        """Where ``element`` sits (:meth:`Page.placement`, shared with the other extractors)."""
        return self.shared.placement(element)

    @property
    def labels(self) -> dict[str, str]:
        """The text of every ``<label for>`` of the page by field id, computed on first use."""
        if self._labels is None:
            self._labels = _labels_for(self.root)
        return self._labels

    @property
    def nationbuilder(self) -> bool:
        """Whether the page comes from NationBuilder (assets from its CDN), computed on first use."""
        if self._nationbuilder is None:
            # NationBuilder themes load their CSS and scripts from its CDN (assets.nationbuilder.com, d3n8a8pro7vhmx).
            self._nationbuilder = False
            for element in self.root.iter("script", "link", "meta"):
                # The first of src, href and content that is set (as _attr reads them: cut, "" when absent).
                value = element.get("src") or element.get("href") or element.get("content")
                if value and _names_nationbuilder(value[:_MAX_ATTRIBUTE]):
                    self._nationbuilder = True
                    break
        return self._nationbuilder

    def is_wrapper_form(self, form: Any) -> bool:
        """Whether ``form`` wraps the whole page (ASP.NET WebForms) rather than being a form of its own."""
        if form not in self._wrapper_forms:
            try:
                self._wrapper_forms[form] = bool(_WRAPPER_FORM(form))
            except (etree.XPathError, ValueError):
                self._wrapper_forms[form] = True
        return self._wrapper_forms[form]


@lru_cache(maxsize=8192)
def _fold_label(label: str) -> tuple[str | None, str | None]:
    """``(folded label, action its keywords ask for)``; ``(None, None)`` for "Read more" links. Remembered: menus,
    footers and teaser lists repeat the same labels on every page of a site."""
    folded = fold_text(label[: _MAX_KEYWORD_LABEL + 1])
    return (None, None) if _READ_MORE.match(folded) else (folded, _classify_folded(folded))


def _finished_label(label: str) -> str:
    """A label without icon-font glyphs, cut to :data:`_MAX_LABEL` (the end of :func:`_element_label`)."""
    if not label.isascii() and _PRIVATE_USE.search(label):
        label = clean_text(_PRIVATE_USE.sub("", label))
    return label[:_MAX_LABEL]


@lru_cache(maxsize=8192)
def _is_plain_link_settled(text: str, href: str, host: str) -> bool:
    """Whether a link that is a leaf element with visible ``text`` (no ``download`` attribute, no ``rel`` that rules
    it out), leading to ``href`` on a page of ``host``, is settled as no call to action by :func:`_link_cta`'s cheap
    tests: "Read more", or no keyword in its label and nothing in its ``href`` that could make it one. ``False``
    when its text is blank (its label then comes from its attributes). Strings in: a site's menus, footers and
    article lists repeat the same links on every page."""
    label = _cleaned_label(text)
    if not label:
        return False
    folded, text_action = _fold_label(_finished_label(label))
    if folded is None:
        return True  # a "Read more" link
    return (
        text_action is None
        and not (href and _href_may_matter_on(href, host))
        and not (len(folded) <= _MAX_PLATFORM_LABEL and _MOBILE_PLATFORM_LABEL.match(folded))
    )


_NOT_CTA_REL = re.compile(r"\b(?:tag|category|prev|next|home)\b")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ABSOLUTE_HREF = re.compile(r"^(?:https?:)?//([^/?#]*)(.*)$", re.DOTALL)


def _is_known_host(host: str) -> bool:
    """Whether ``host`` belongs to a service or social network the classifiers know."""
    domains = _domains(host)
    return vendors.is_vendor_host(host, domains) or any(is_social_host(domain) for domain in domains)


def _href_may_matter(href: str | None, element: Any, page: _PageFacts) -> bool:
    """Cheap look at a raw ``href`` (no URL resolution): could it make a link a CTA whatever its label says?

    True for mailto, files, known services and same-site paths such as ``/don``; a superset of what
    :func:`_link_action` acts on, so skipping the links it rejects loses nothing.
    """
    if element.get("download") is not None:
        return True
    if not href:
        return False
    if len(href) > _MAX_ATTRIBUTE:
        return _href_may_matter_on(href, page.host)
    return _cached_href_may_matter_on(href, page.host)


def _href_may_matter_on(href: str, host: str) -> bool:
    """:func:`_href_may_matter` of a link without a ``download`` attribute on a page of ``host``: the raw ``href``
    alone decides."""
    lowered = href.strip()[:_MAX_ATTRIBUTE].lower()
    if lowered.startswith("mailto:"):
        return True
    match = _ABSOLUTE_HREF.match(lowered)
    external = False
    rest = lowered
    if match:
        link_host = match.group(1).rpartition("@")[2].partition(":")[0].removeprefix("www.").removeprefix("m.")
        if link_host and link_host != host:  # "///don" has no host: urljoin keeps the page's
            if _is_known_host(link_host):
                return True
            external = True
        rest = match.group(2)
    elif ":" in lowered.split("/", 1)[0]:
        return False  # javascript:, tel:, data:...
    last = rest.partition("#")[0].partition("?")[0].rstrip("/").rpartition("/")[2]
    if "." in last:
        if _FILE_EXTENSION.search(last):
            return True
        last = _PATH_SUFFIX.sub("", last)
    if external:
        return False
    return last in _PATH_ACTIONS


# A site's header and footer links recur on every page: their verdict is remembered (strings in, a boolean out).
_cached_href_may_matter_on = lru_cache(maxsize=8192)(_href_may_matter_on)


def _link_cta(element: Any, tag: str, page: _PageFacts) -> CallToAction | None:
    """The call to action a link, button or submit input makes, else ``None``: "Read more", tag and pager links, menu
    toggles, elements nested in another candidate and a form's own buttons are not; the action comes from the label, the
    target and the context (:func:`_link_action`)."""
    if tag == "a":
        rel = element.get("rel")
        if rel and _NOT_CTA_REL.search(rel[:_MAX_ATTRIBUTE].lower()):
            return None  # tag clouds and previous/next post links
        if len(element) == 0 and element.get("download") is None:
            # Most links of a page (menus, article lists): a text and an href, judged once per site.
            text, href = element.text, element.get("href") or ""
            if (
                text
                and len(text) <= _MAX_CACHED_TEXT
                and len(href) <= _MAX_ATTRIBUTE
                and _is_plain_link_settled(text, href, page.host)
            ):
                return None
    else:
        if tag == "input" and _attr(element, "type").strip().lower() not in ("submit", "button", "image"):
            return None
        if element.get("aria-expanded") is not None or _attr(element, "aria-haspopup").lower() in ("true", "menu"):
            return None  # a menu, accordion or submenu toggle
    label = _element_label(element, tag)
    folded, text_action = page.fold(label)
    if folded is None:
        return None  # a "Read more" link
    href = element.get("href") if tag == "a" else None
    if (
        tag == "a"
        and text_action is None
        and not _href_may_matter(href, element, page)
        and not (len(folded) <= _MAX_PLATFORM_LABEL and _MOBILE_PLATFORM_LABEL.match(folded))
    ):
        return None  # the common case (menus, article links): settled without resolving the URL
    if href and href.lstrip()[:1] == "#" and _COMMENT_FRAGMENT.match(href.strip()):
        return None  # "Join the discussion": the page's own comment section
    heading = False
    for ancestor in element.iterancestors():  # element ancestors only (never comments)
        ancestor_tag = ancestor.tag
        if ancestor_tag in ("a", "button") or (
            ancestor_tag == "form" and (tag != "a" or _is_script_href(href)) and not page.is_wrapper_form(ancestor)
        ):
            return None  # nested in another candidate, or a form's own submit button
        heading = heading or ancestor_tag in _HEADING_TAGS
    if text_action and folded.count(" ") >= _MAX_HEADLINE_WORDS and (heading or "bookmark" in _attr(element, "rel")):
        text_action = None  # an article title that mentions a keyword; its URL may still tell
    target = page.resolve(href) if tag == "a" else _button_target(element, page.base_url)
    parsed = _parse_url(target)
    if text_action and _is_taxonomy_archive(parsed):
        text_action = None  # a category or tag archive ("trabalho e voluntariado"): a topic, not a call to action
    action, vendor = _link_action(element, folded, text_action, target, parsed, page)
    if action is None or _is_false_lead(action, element, tag, label, target, parsed):
        return None
    if vendor is None and action in _NATIONBUILDER_ACTIONS and parsed is not None and parsed.host == page.host:
        vendor = "nationbuilder" if page.nationbuilder else None
    return CallToAction(
        page_url=page.page_url,
        action=action,
        label=label,
        element=_element_kind(element, tag),
        target_url=target,
        vendor=vendor,
        placement=page.placement(element),
    )


_TAXONOMY_SEGMENTS = frozenset(
    _words("category categories categorie categoria categorias kategorie tag tags topics thema themen schlagwort")
)
_TAXONOMY_QUERY = re.compile(r"(?:^|&)(?:cat|tag|category)=")
_INLINE_TAGS = frozenset(_words("span em strong b i u small font mark"))
_PROSE_TAGS = frozenset(_words("p li dd blockquote"))
_PROSE_CONTEXT = 40  # characters of sentence around a link that make it a citation
_MAX_PLATFORM_LABEL = 16
_MOBILE_PLATFORM_LABEL = re.compile(r"^(?:\w+ )?(?:iphone|ipad|ios|android)$")
_APP_TARGET_WORDS = frozenset(_words("app apps appli applis application applications aplicaciones aplicativos"))


def _is_taxonomy_archive(parsed: _Url | None) -> bool:
    """Whether a URL lists a CMS category or tag (``/category/x/``, ``/tag/x``, ``?cat=12``)."""
    if parsed is None:
        return False
    if parsed.query and _TAXONOMY_QUERY.search(parsed.query):
        return True
    return not _TAXONOMY_SEGMENTS.isdisjoint(parsed.path.split("/"))


def _target_words(parsed: _Url) -> set[str]:
    """The words of a URL's path (split on ``/``, ``-``, ``_``...) and the first label of its host."""
    words = set(_TARGET_WORD_SEPARATORS.split(parsed.path))
    words.add(parsed.host.partition(".")[0])
    return words


def _in_running_text(element: Any, label: str) -> bool:
    """Whether a link is part of a sentence: the paragraph around it says much more than the link."""
    node = element.getparent()
    while node is not None and _tag(node) in _INLINE_TAGS:
        node = node.getparent()
    if node is None or _tag(node) not in _PROSE_TAGS:
        return False
    text = _short_text(node, len(label) + _PROSE_CONTEXT)
    return text is None  # longer than the link by a sentence's worth


def _is_false_lead(action: str, element: Any, tag: str, label: str, target: str | None, parsed: _Url | None) -> bool:
    """Whether a link or button that looks like a call to action leads elsewhere than it says.

    A "join" that leads to job offers, a website account or a paid subscription; a "subscribe" that leads to a paid
    subscription; a button leading nowhere a crawler sees whose label only says "Join" or "Subscribe" (a community's
    join button, a paywall); an in-page jump named "Contacts" or "Downloads" (what it jumps to is found on its own);
    a file cited inside a sentence rather than offered.
    """
    if action in ("volunteer", "newsletter"):
        if tag != "a" and target is None:
            return True
        forbidden = _NOT_VOLUNTEER_TARGET if action == "volunteer" else _NOT_NEWSLETTER_TARGET
        words = _target_words(parsed) if parsed is not None and parsed.scheme in ("http", "https") else set()
        if not forbidden.isdisjoint(words) and (action == "volunteer" or _NEWSLETTER_SLUGS.isdisjoint(words)):
            return True  # ... unless it says "newsletter" ("/newsletter-subscriptions")
    if action in ("contact", "download") and tag == "a" and target is None:
        return True
    return (
        action == "download"
        and tag == "a"
        and element.get("download") is None
        and not _DOWNLOAD_LABEL.search(fold_text(label))
        and _in_running_text(element, label)
    )


def _is_script_href(href: str | None) -> bool:
    """Whether a link's ``href`` leads nowhere by itself (absent, ``#`` or ``javascript:``): a script handles the
    click, as for the ``<a>`` "submit buttons" of Divi and other builders' forms."""
    if not href:
        return True
    href = href.strip()
    return href in ("", "#") or href[:11].lower().startswith("javascript:")


def _script_submit_label(form: Any) -> str:
    """The label of a button-styled script link inside ``form`` (Divi's optin submits with ``<a href="#">``), else
    ``""``."""
    for link in form.iter("a"):
        if _is_script_href(link.get("href")) and _BUTTON_CLASS.search(_attr(link, "class").lower()):
            return _element_label(link)
    return ""


def _host_of(url: str | None, page: _PageFacts) -> str:
    """Host of ``url``; a form without a URL posts (by script) to its own site."""
    if url is None:
        return page.host
    parsed = _parse_url(url)
    return parsed.host if parsed else ""


def _form_target(form: Any, base_url: str) -> str | None:
    """The form's absolute action URL; ``None`` when it is submitted by script (no action, ``#...`` or
    ``javascript:``)."""
    # A form without an action is submitted by script: None keeps the key stable across the pages it appears on.
    action = _attr(form, "action").strip()
    if not action or action.startswith("#") or action.lower().startswith("javascript:"):
        return None
    return _resolve(action, base_url)


def _posts_to_itself(target: str | None, page_url: str) -> bool:
    """Whether a form's action is its own page (same host and path, any query)."""
    parsed, page = _parse_url(target), _parse_url(page_url)
    if parsed is None or page is None:
        return False
    return parsed.host == page.host and parsed.path.rstrip("/") == page.path.rstrip("/")


def _has_visible_field(form: Any) -> bool:
    """Cheap look at the inputs: is there anything besides hidden inputs and buttons?"""
    for element in form.iter("input", "select", "textarea"):
        if _tag(element) != "input" or _attr(element, "type").strip().lower() not in _NON_FIELD_TYPES:
            return True
    return False


def _is_payment_button(form: Any, target: str | None) -> bool:
    """A PayPal/Stripe-style donate button: a form with only hidden inputs posting to a payment service."""
    host_action, _ = vendor_action(target)
    cmd = next((_attr(element, "value") for element in form.iter("input") if _attr(element, "name") == "cmd"), "")
    return host_action == "donate" or cmd.startswith(("_donations", "_s-xclick"))


def _form_cta(form: Any, page: _PageFacts) -> CallToAction | None:
    """The call to action a form makes (newsletter, donate, volunteer, contact...), with its fields, vendor and
    explanation length; ``None`` for search, login and page-wrapping forms, lone buttons and forms no rule
    classifies."""
    if _is_excluded_by_markup(form):
        return None  # settled before reading the fields: search and comment forms are on nearly every page
    if page.is_wrapper_form(form):
        return None
    target = _form_target(form, page.base_url)
    if not _has_visible_field(form) and not _is_payment_button(form, target):
        return None  # a lone button ("Voter", "Add to cart"): no form for a visitor to fill in
    facts = _form_facts(form, page.labels)
    vendor = _form_vendor(form, target, facts)
    action = _form_action(form, target, facts, vendor, _posts_to_itself(target, page.page_url))
    if action is None:
        return None
    on_site = _host_of(target, page) == page.host
    if vendor is None and action in _NATIONBUILDER_ACTIONS and on_site and page.nationbuilder:
        vendor = "nationbuilder"
    label = (
        facts.submit_label
        or _script_submit_label(form)
        or clean_text(_attr(form, "aria-label"))
        or clean_text(_attr(form, "name"))
    )
    return CallToAction(
        page_url=page.page_url,
        action=action,
        label=label[:_MAX_LABEL],
        element="form",
        target_url=target,
        form_fields=facts.fields,
        vendor=vendor,
        placement=page.placement(form),
        description_length=description_length(form),
    )


def _iframe_cta(frame: Any, page: _PageFacts) -> CallToAction | None:
    """An embedded form from a known service (HelloAsso, Donorbox, Brevo...) shown in an iframe."""
    target = _resolve(_attr(frame, "src") or _attr(frame, "data-src"), page.base_url)
    host_action, vendor = vendor_action(target)
    if vendor is None or vendor in vendors.NON_FORM_EMBED_VENDORS:
        return None
    label = clean_text(_attr(frame, "title"))[:_MAX_LABEL]
    action = _classify_folded(fold_text(label)) or host_action
    if action is None or action in ("download", "app_download", "social_follow"):
        return None
    return CallToAction(
        page_url=page.page_url,
        action=action,
        label=label,
        element="form",
        target_url=target,
        vendor=vendor,
        placement=page.placement(frame),
        description_length=description_length(frame),
    )


def read_calls_to_action(page: Page) -> list[CallToAction]:
    """Calls to action on the page, in page order, one per (action, element, target_url, label).

    Links (``<a>``), buttons (``<button>``, ``<input type=submit>``, ``[role=button]``, and links styled as buttons),
    forms and known embedded form iframes asking for a newsletter subscription, a donation, volunteering or
    membership, a download, contact, a petition signature, an event registration, an app install or a social follow.
    Never raises: malformed markup or URLs simply yield fewer items.
    """
    root = page.root
    if root is None:
        return []
    context = _PageFacts(page)
    found: list[CallToAction] = []
    seen: set[tuple[str, str, str | None, str]] = set()
    try:
        candidates = _candidates(page)
    except (etree.XPathError, ValueError, TypeError):
        return []
    for element in candidates:
        try:
            tag = element.tag
            if tag not in _CANDIDATE_TAG_NAMES:
                tag = _tag(element)  # a [role=button] element of any tag
            if tag == "form":
                item = _form_cta(element, context)
            elif tag == "iframe":
                item = _iframe_cta(element, context) if element.get("src") or element.get("data-src") else None
            else:
                item = _link_cta(element, tag, context)
        except Exception:
            # The contract is to never raise: odd markup (broken encodings, unexpected node types) or a heuristic's
            # blind spot costs one candidate, never the page. The fuzz tests keep this path unused in practice.
            continue
        if item is None:
            continue
        identity = (item.action, item.element, item.target_url, item.label)
        if identity not in seen:
            seen.add(identity)
            found.append(item)
    return found


def extract_calls_to_action(selector: Selector, page_url: str) -> list[CallToAction]:
    """:func:`read_calls_to_action` of the page parsed as ``selector`` at ``page_url`` (callers without a
    :class:`Page`; the spider builds one per response and calls the reader)."""
    from inbound_spiders.page.model import Page  # not at the top: the page model imports this package's helpers

    return read_calls_to_action(Page(selector, page_url))
