"""JavaScript rendering, only where it is needed: the decision, the browser, and what only a browser can measure.

* :func:`needs_rendering` — pure and fast (one C-level pass over a few tags, an ``id()`` lookup, regexes on script
  URLs and inline scripts): whether the static HTML of a page shows that scripts build part of what the audit looks
  for, and why (``app_shell``, ``widget_loader:<vendor>``, ``script_form:<vendor>``, ``script_filled_container``,
  ``video_container_without_source``, ``video_duration_unknown``).
* :func:`find_browser` / :func:`playwright_settings` — the Chromium to launch (a Playwright-managed one, else the
  system's) and the scrapy-playwright settings of a crawl that may render: lean (images, fonts, media and iframes
  blocked by :class:`ResourcePolicy`), bounded (one context, a few pages at once).
* :func:`measure_page` — in the rendered page: HTML5 video durations (after ``loadedmetadata``) and the boxes of
  links, buttons, forms and iframes at a desktop (1366×768) and a mobile (390×844) viewport;
  :func:`apply_measurements` puts them on the extracted items (``above_fold_desktop``/``above_fold_mobile`` and the
  ``hero`` placement of calls to action, ``duration_seconds`` of HTML5 videos with ``duration_source`` =
  ``media_metadata``).
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import re
import shutil
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from cssselect import SelectorError
from lxml import etree
from parsel import Selector
from parsel.csstranslator import css2xpath
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from inbound_spiders.extractors.calls_to_action import extract_calls_to_action
from inbound_spiders.extractors.common import absolute_url
from inbound_spiders.items import CallToAction, InboundItem, Video
from inbound_spiders.knowledge.social import SHARE_LINK_XPATH, WIDGET_LOADERS, profile_network, share_intent
from inbound_spiders.knowledge.urls import strip_tracking
from inbound_spiders.knowledge.vendors import FORM_SCRIPTS
from inbound_spiders.knowledge.video_platforms import PLAYER_SCRIPTS, parse_video_url
from inbound_spiders.page.model import Page as PageModel

if TYPE_CHECKING:
    from playwright.async_api import Page
    from playwright.async_api import Request as BrowserRequest

    from inbound_spiders.config import InboundConfig

logger = logging.getLogger(__name__)

RENDER_MODES: tuple[str, ...] = ("never", "always", "auto")
"""``never``: static HTML only; ``always``: every page in the browser; ``auto``: the browser only for pages whose
static HTML shows it is needed (:func:`needs_rendering`)."""


class RenderModeError(ValueError):
    """A render mode that is not one of :data:`RENDER_MODES`."""


def check_render_mode(value: Any, origin: str) -> str:
    """``value`` as a render mode; a clear error naming ``origin`` (``-a render``, ``INBOUND_RENDER_MODE``...) and the
    bad value otherwise."""
    mode = str(value).strip().lower() if value is not None else ""
    if mode not in RENDER_MODES:
        raise RenderModeError(f"{origin}={value!r}: expected one of {', '.join(RENDER_MODES)}")
    return mode


def resolve_render_mode(argument: Any, site: Any, crawl: str) -> str:
    """The render mode of a crawl: the spider argument (``-a render=``), else the site's (a profile spider's
    ``render_mode``), else the crawl-wide ``INBOUND_RENDER_MODE``."""
    if argument not in (None, ""):
        return check_render_mode(argument, "-a render")
    if site not in (None, ""):
        return check_render_mode(site, "render_mode")
    return check_render_mode(crawl, "INBOUND_RENDER_MODE")


# --- the decision ------------------------------------------------------------------------------------------------

#: Tags looked at by the decision: one C-level traversal of the tree (``etree.iter`` with a tag filter).
_SCANNED_TAGS = ("script", "noscript", "video", "video-js", "app-root")
#: Application mount points, found through the document's ID index (libxml2 registers ``id`` attributes): O(1).
_MOUNT_IDS = etree.XPath(
    "id('root app __next __nuxt ___gatsby svelte sapper q-app react-root react-app app-root main-app application"
    " vue-app spa-root ember-app')"
)
_JS_TYPES = frozenset({"", "text/javascript", "application/javascript", "module", "text/ecmascript"})
_INLINE_HEAD = 4000  # loader snippets are short; a 500 kB inline bundle is only read this far
_MAX_INLINE_SCRIPTS = 60
_SHELL_MAX_TEXT = 1500  # visible characters (whitespace aside) of a page whose mount point is empty
_MOUNT_MAX_TEXT = 60  # "Loading…", "Chargement en cours…"
_MOUNT_MAX_ELEMENTS = 3  # a spinner
_BARE_MAX_ELEMENTS = 25  # a body of nothing but a few empty containers and scripts
_BARE_MAX_TEXT = 30  # nothing a visitor could read: a page like "Merci !" with an analytics script is not a shell
_NOSCRIPT_MAX_TEXT = 500
_WHITESPACE = re.compile(r"\s+")
_JS_REQUIRED = re.compile(
    r"(?:enable|activate|turn on|allow|switch on)\s+(?:your\s+)?javascript|javascript\s+(?:is\s+|must\s+be\s+|needs"
    r"\s+to\s+be\s+)?(?:required|disabled|enabled|turned off|not enabled)|requires?\s+javascript|needs?\s+javascript"
    r"|without\s+javascript|activ(?:er|ez|é|e)\s+(?:le\s+|votre\s+)?javascript|javascript\s+(?:est\s+)?(?:désactivé"
    r"|desactive|requis|nécessaire|necessaire|doit\s+être\s+activé|doit\s+etre\s+active|indispensable)"
    r"|(?:nécessite|necessite|requiert)\s+(?:l'activation\s+de\s+)?javascript|sans\s+javascript"
    r"|necesita\s+javascript|habilit\w+\s+javascript|javascript\s+aktivieren",
    re.IGNORECASE,
)


class _Rule(NamedTuple):
    """A page needs rendering for ``reason`` when ``pattern`` matches (a script URL or the head of an inline script),
    ``mount`` (when given) finds the element the script fills, and ``present`` (when given) finds none of what the
    script would have built."""

    reason: str
    where: str  # "src" (script URLs) or "inline" (inline script text)
    pattern: str
    mount: etree.XPath | None = None
    present: etree.XPath | None = None


def _x(path: str) -> etree.XPath:
    return etree.XPath(path)


def _optional_xpath(path: str | None) -> etree.XPath | None:
    return _x(path) if path else None


def _form_rules() -> Iterator[_Rule]:
    """Forms built by a vendor's script, as the vendor knowledge describes them. Vendors whose loader is often present
    site-wide (HubSpot, Klaviyo, MailerLite, Typeform...) have a mount point: only pages that show one are rendered."""
    for vendor, script in FORM_SCRIPTS:
        mount, built = _optional_xpath(script.mount), _optional_xpath(script.built)
        yield _Rule(f"script_form:{vendor}", script.where, script.pattern, mount, built)


def _widget_rules() -> Iterator[_Rule]:
    """Share widgets and timelines built by script, as the social knowledge describes their loaders."""
    for loader in WIDGET_LOADERS:
        if not loader.built_in_browser:
            continue
        mount, built = _optional_xpath(loader.mount), _optional_xpath(loader.built)
        reason = f"widget_loader:{loader.vendor}"
        if loader.signatures:
            pattern = "|".join(re.escape(signature) for signature in loader.signatures)
            yield _Rule(reason, "src", pattern, mount, built)
        if loader.inline_call:
            yield _Rule(reason, "inline", loader.inline_call, mount, built)


def _player_rules() -> Iterator[_Rule]:
    """Video players built by script, as the video-platform knowledge describes their scripts."""
    for script in PLAYER_SCRIPTS:
        yield _Rule(
            "video_container_without_source",
            script.where,
            script.pattern,
            _optional_xpath(script.mount),
            _optional_xpath(script.built),
        )


#: In priority order: forms, then share widgets and timelines, then players.
_RULES: tuple[_Rule, ...] = (*_form_rules(), *_widget_rules(), *_player_rules())


def _combined(where: str) -> re.Pattern[str]:
    return re.compile(
        "|".join(f"(?P<r{index}>{rule.pattern})" for index, rule in enumerate(_RULES) if rule.where == where),
        re.IGNORECASE,
    )


_SRC_SIGNALS = _combined("src")
_INLINE_SIGNALS = _combined("inline")
_DURATION_DECLARED = etree.XPath(
    "//*[@itemprop='duration'] | //meta[@property='og:video:duration' or @property='video:duration']"
)


_VISIBLE_TEXT = etree.XPath(
    "descendant-or-self::text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
)


def _visible_text_length(element: Any, cap: int) -> int:
    """Characters of text in ``element`` outside scripts, styles, noscript and templates, whitespace aside; exact up
    to ``cap``, a larger figure above it (only small texts are read node by node)."""
    total = len(element.text_content())
    if total <= cap:
        return total
    for hidden in element.iter("script", "style", "noscript", "template"):
        total -= len(hidden.text_content())
    if total > cap * 8:
        return total  # plainly a page of text: whitespace alone cannot bring it under the cap
    return len(_WHITESPACE.sub("", "".join(_VISIBLE_TEXT(element))))


def _has_few_elements(element: Any, limit: int) -> bool:
    """Whether ``element`` holds at most ``limit`` elements other than scripts and styles (stops counting early)."""
    count = 0
    for node in element.iter():
        if node is element or not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "link"):
            continue
        count += 1
        if count > limit:
            return False
    return True


def _is_app_shell(root: Any, body: Any, scripts: list[Any], noscripts: list[Any], app_roots: list[Any]) -> bool:
    """An empty application mount point on a page with little text, or a ``<noscript>`` saying JavaScript is needed
    on a page with little text."""
    if not scripts:
        return False
    mounts = list(_MOUNT_IDS(root)) + app_roots
    if body is not None and body.get("ng-app") is not None:
        mounts.append(body)
    for mount in mounts:
        if _has_few_elements(mount, _MOUNT_MAX_ELEMENTS) and _visible_text_length(mount, _MOUNT_MAX_TEXT) <= (
            _MOUNT_MAX_TEXT
        ):
            return _visible_text_length(body if body is not None else root, _SHELL_MAX_TEXT) <= _SHELL_MAX_TEXT
    scope = body if body is not None else root
    return (
        any(_JS_REQUIRED.search(noscript.text_content()[:_NOSCRIPT_MAX_TEXT]) for noscript in noscripts)
        and _visible_text_length(scope, _NOSCRIPT_MAX_TEXT) <= _NOSCRIPT_MAX_TEXT
    )


def _is_bare_shell(body: Any, scripts: list[Any]) -> bool:
    """A body of a few empty elements and nothing to read, loading scripts: an application of unknown make."""
    return (
        body is not None
        and any(script.get("src") for script in scripts)
        and _has_few_elements(body, _BARE_MAX_ELEMENTS)
        and _visible_text_length(body, _BARE_MAX_TEXT) <= _BARE_MAX_TEXT
    )


def _video_reason(root: Any, videos: list[Any], scripts: list[Any]) -> str | None:
    """A player (``<video>``, Brightcove's ``<video-js>``) without a source; else a sourced video worth timing whose
    length the page does not declare."""
    sourced = False
    for video in videos:
        if not video.get("src") and not any(source.get("src") for source in video.iter("source")):
            return "video_container_without_source"
        # A muted autoplaying background loop without controls is decoration, not a video worth timing.
        sourced = sourced or not (
            video.get("autoplay") is not None and video.get("muted") is not None and video.get("controls") is None
        )
    if not sourced:
        return None
    if any(script.get("type") == "application/ld+json" and "duration" in (script.text or "") for script in scripts):
        return None
    return None if _DURATION_DECLARED(root) else "video_duration_unknown"


def needs_rendering(selector: Selector, url: str) -> str | None:
    """Why the page at ``url`` must be rendered in a browser to be audited, or ``None`` when its static HTML is enough.

    Reasons, in the order they are checked:

    * ``app_shell`` — an application shell: an empty mount point (``#root``, ``#app``, ``#__next``, ``<app-root>``...)
      on a page with little text, a ``<noscript>`` saying JavaScript is required (English, French, Spanish, German),
      or a near-empty body that loads scripts;
    * ``script_form:<vendor>`` — a form built by a vendor's embed script (HubSpot, MailerLite, ConvertKit, Action
      Network, EveryAction, Klaviyo, Typeform, Tally, Jotform, Donorbox) whose form is not in the HTML;
    * ``widget_loader:<vendor>`` — a share widget or timeline loader (AddThis, ShareThis, AddToAny, Shareaholic,
      Sumo, Elfsight, Twitter's ``twttr.widgets.create*``) whose buttons are not in the HTML;
    * ``script_filled_container`` — an inline script writes share buttons, follow links, a form call to action
      (newsletter, donation, petition...) or a video player (``innerHTML``, ``insertAdjacentHTML``,
      ``document.write``, ``appendChild`` of a created link, jQuery's ``.html()``/``.append()``) into a container
      that is empty in the HTML (or holds a placeholder), or in place where the HTML shows no share link;
    * ``video_container_without_source`` — a ``<video>`` or Video.js player without a source, or a player built by
      script (JW Player, the YouTube iframe API, Wistia);
    * ``video_duration_unknown`` — an HTML5 ``<video>`` whose length the page does not declare (schema.org,
      ``og:video:duration``): only the media's own metadata, in a browser, tells it.

    Pure and fast (a fraction of a millisecond on ordinary pages): one C-level pass over five tags, the document's
    ID index, regexes on script URLs and on the head of inline scripts, substring tests on inline scripts; XPath
    queries only on the rare pages that show a loader or a script writing markup.
    """
    return rendering_reason(PageModel(selector, url))


def rendering_reason(page: PageModel) -> str | None:
    """:func:`needs_rendering` of a page model: the spider decides on the page it then hands to the extractors."""
    root = page.root
    if root is None:
        return None
    scripts: list[Any] = []
    noscripts: list[Any] = []
    videos: list[Any] = []
    app_roots: list[Any] = []
    for element in page.elements(*_SCANNED_TAGS):
        tag = element.tag
        if tag == "script":
            scripts.append(element)
        elif tag == "noscript":
            noscripts.append(element)
        elif tag == "app-root":
            app_roots.append(element)
        else:
            videos.append(element)
    body = root.find("body") if root.tag == "html" else None
    try:
        if _is_app_shell(root, body, scripts, noscripts, app_roots):
            return "app_shell"
        reason = _loader_reason(root, scripts)
        if reason:
            return reason
        if _script_fills_container(root, scripts, page.url):
            return "script_filled_container"
        if _is_bare_shell(body, scripts):
            return "app_shell"
        return _video_reason(root, videos, scripts) if videos else None
    except (etree.XPathError, ValueError, TypeError, AttributeError):
        return None  # odd markup: audit the page as it is


def _loader_reason(root: Any, scripts: list[Any]) -> str | None:
    """The first rule of :data:`_RULES` whose loader is on the page, with its mount point and without what it builds."""
    if not scripts:
        return None
    sources: list[str] = []
    inline: list[str] = []
    for script in scripts:
        src = script.get("src")
        if src:
            sources.append(src)
        elif len(inline) < _MAX_INLINE_SCRIPTS and (script.get("type") or "").strip().lower() in _JS_TYPES:
            text = script.text
            if text:
                inline.append(text[:_INLINE_HEAD])
    matched: set[int] = set()
    if sources:
        matched.update(_matched_rules(_SRC_SIGNALS, "\n".join(sources)))
    if inline:
        matched.update(_matched_rules(_INLINE_SIGNALS, "\n".join(inline)))
    for index in sorted(matched):
        rule = _RULES[index]
        if rule.mount is not None and not rule.mount(root):
            continue
        if rule.present is not None and rule.present(root):
            continue
        return rule.reason
    return None


def _matched_rules(pattern: re.Pattern[str], text: str) -> Iterable[int]:
    """Indexes in :data:`_RULES` of the rules ``pattern`` (their named alternatives) finds in ``text``."""
    for match in pattern.finditer(text):
        if match.lastgroup:
            yield int(match.lastgroup[1:])


# --- markup written by inline scripts ----------------------------------------------------------------------------

# What the audit looks for is recognised by the knowledge the extractors read, reached through the two functions below
# only: share intents and profile URLs (``knowledge/social.py``), video platform URLs (``knowledge/video_platforms.py``)
# and form calls to action (``extractors/calls_to_action.py``).


@lru_cache(maxsize=4096)
def _finding_of_url(url: str, attribute: str) -> str | None:
    """``share``, ``follow`` or ``video`` when a URL a script puts in an ``href`` (a share intent, a profile) or a
    ``src`` (a platform's player) is one the audit reports; ``None`` otherwise (a linked video is a citation).
    Cached: a site's inline scripts recur on every page."""
    if attribute == "href":
        if share_intent(url) is not None:
            return "share"
        return "follow" if profile_network(url) is not None else None
    return "video" if parse_video_url(url) is not None else None


def _is_form_call_to_action(markup: str, page_url: str) -> bool:
    """Whether a form written by script is one the calls-to-action extractor reports (newsletter, donation,
    petition...); a search or login form is not."""
    selector = Selector(text=f"<html><body>{markup}</body></html>")
    return any(item.element == "form" for item in extract_calls_to_action(selector, page_url))


#: Substrings an inline script must hold to be read further: a DOM write, and an attribute or element worth writing.
#: (``HTML``: ``innerHTML``, ``outerHTML``, ``insertAdjacentHTML``; ``ppend``: ``append(Child)``, ``prepend``.)
_WRITE_TOKENS = ("HTML", "ppend", "write", ".html(", "replaceChildren")
_ELEMENT_TOKENS = ("<form", "<video")
_INLINE_SCAN = 32_000  # characters of one inline script read for writes (a widget snippet is far shorter)
_MAX_CANDIDATES = 100  # URLs (and forms) looked at in one script (a bundle may hold thousands)
_MAX_WRITES = 50
_CLICK_TOKENS = ("'click'", '"click"', "onclick", ".click(")
_DOM_WRITE = re.compile(
    r"\.(?:inner|outer)HTML\s*\+?=(?!=)|\.insertAdjacent(?:HTML|Element)\s*\(|\bdocument\.write(?:ln)?\s*\("
    r"|\.(?:appendChild|append|prepend|replaceChildren|html)\s*\("
)
_BODY_WRITE = "document.body"  # ``document.body.appendChild(…)``: written at the end of the page
#: Where an absolute URL may start (the scheme, when there is one, is just before ``//``); JSON-escaped too.
_URL_STARTS = ("//", "\\/\\/", "mailto:", "whatsapp:")
_SCHEMES_BEFORE = ("https:", "http:")
_URL_CONTEXT = 48  # characters before a URL where ``href=``/``src=`` is looked for
_MIN_URL, _MAX_URL = 5, 2000
#: What makes a URL written rather than held: an ``href``/``src`` just before it, as markup in a string
#: (``'<a href="https://…'``, escaped quotes and template literals alike), a property (``a.href = '…'``),
#: ``setAttribute('href', '…')`` or jQuery's ``.attr('href', '…')``. JSON (``"href": "…"``) is data, not a write.
_URL_ATTRIBUTE_BEFORE = re.compile(r"(?<!\w)(href|src)(?:\s*=\s*\\?[\"'`]?|[\"']\s*,\s*[\"'`])\s*$")
_URL_FROM = re.compile(r"(?P<url>[^\s\"'`<>\\]*(?:\\/[^\s\"'`<>\\]*)*)(?P<joined>\\?[\"'`]\s*\+)?")
_TEMPLATE_HOLE = re.compile(r"\$\{[^}]{0,200}\}")
#: Stands for a value joined at run time (``'…/embed/' + id``, ``${url}``): valid as a video id and as a parameter.
_RUNTIME_VALUE = "0" * 11
_FORM_END = re.compile(r"</form\s*>", re.IGNORECASE)
_FORM_MAX = 6000
_JS_CONCATENATION = re.compile(r"([\"'`])\s*\+\s*(?:[\w$.\[\]()]{1,80}\s*\+\s*)?\1")
_JS_ESCAPE = re.compile(r"\\([\"'`/])")
_TARGET = re.compile(
    r"getElementById\(\s*([\"'`])(?P<id>[\w:.-]{1,100})\1\s*\)"
    r"|(?:querySelector(?:All)?|jQuery|\$)\(\s*([\"'`])(?P<css>[^\"'`<\n]{1,200})\3\s*\)"
    r"|getElementsByClassName\(\s*([\"'`])(?P<class>[\w -]{1,100})\5\s*\)"
)
_MAX_TARGETS = 12
_ELEMENT_BY_ID = etree.XPath("id($id)")
_ELEMENTS_WITH_CLASS_TEXT = etree.XPath("//*[contains(@class, $name)]")  # then the class tokens are compared
_CSS_NAME = re.compile(r"[\w-]+")
_SHARE_LINK_XPATH = _x(SHARE_LINK_XPATH)
#: What a placeholder does not hold: a container with a link or a form in it already shows its content.
_CONTENT_TAGS = ("a", "button", "form", "input", "iframe", "video")
_NOT_CONTAINERS = frozenset({"html", "head", "body", "script", "style", "template", "meta", "link", "title"})


def _script_fills_container(root: Any, scripts: list[Any], page_url: str) -> bool:
    """Whether an inline script writes what the audit looks for (share buttons, follow links, a form call to action,
    a video player) into the page, in a container that is empty in the static HTML (or holds a placeholder such as
    "Loading…"), or in place (``document.write``, the end of the body) where the static HTML shows no share link.

    The markup must be written: share URLs held in a JSON configuration, in comments or in a script that writes
    nothing do not count. Cheap for the many pages that do not qualify: substring tests, then short regexes only
    around absolute URLs and ``<form``; the DOM write and its target are looked for once a finding is found.
    """
    for script in scripts:
        text = script.text
        if not text or script.get("src") or (script.get("type") or "").strip().lower() not in _JS_TYPES:
            continue
        code = text[:_INLINE_SCAN]
        if not any(token in code for token in _WRITE_TOKENS):
            continue
        findings = _written_findings(code, page_url)
        if not findings or (findings == {"video"} and any(token in code for token in _CLICK_TOKENS)):
            continue  # a player built on click is a facade (read statically); the browser does not click
        writes = [
            match for match in islice(_DOM_WRITE.finditer(code), _MAX_WRITES) if not _in_comment(code, match.start())
        ]
        if not writes:
            continue
        placeless = any(
            match.group().startswith("document") or code.endswith(_BODY_WRITE, 0, match.start()) for match in writes
        )
        if placeless and (findings - {"share"} or not _SHARE_LINK_XPATH(root)):
            return True
        if _has_empty_target(root, code):
            return True
    return False


def _occurrences(code: str, tokens: tuple[str, ...], limit: int) -> list[int]:
    """Start positions of ``tokens`` in ``code``, at most ``limit``, in no particular order."""
    found: list[int] = []
    for token in tokens:
        position = code.find(token)
        while position >= 0 and len(found) < limit:
            found.append(position)
            position = code.find(token, position + len(token))
    return found


def _in_comment(code: str, position: int) -> bool:
    """Whether ``position`` of a script lies in a ``/* … */`` or ``// …`` comment (``//`` after ``:`` or a quote is
    a URL's; ``/*`` in ``'*/*'`` or ``'/path/*'`` is a string's)."""
    opening = code.rfind("/*", 0, position)
    while opening > 0 and (code[opening - 1] in "*'\"" or code[opening + 2 : opening + 3] in ("'", '"')):
        opening = code.rfind("/*", 0, opening)  # ``'*/*'``, ``'/path/*'``: strings, not comments
    if opening >= 0 and opening > code.rfind("*/", 0, position):
        return True
    start = code.rfind("\n", 0, position) + 1
    slashes = code.find("//", start, position)
    while slashes >= 0:
        if slashes == 0 or code[slashes - 1] not in ":\"'`\\=/":
            return True
        slashes = code.find("//", slashes + 2, position)
    return False


def _written_findings(code: str, page_url: str) -> set[str]:
    """The kinds of findings (``share``, ``follow``, ``video``, ``form``) in markup or URLs a script's code holds
    outside its comments (looked for only where a finding is: comments are rare around them)."""
    found: set[str] = set()
    for position in _occurrences(code, _URL_STARTS, _MAX_CANDIDATES):
        start = position
        if code[position] in "/\\":
            scheme = next((scheme for scheme in _SCHEMES_BEFORE if code.endswith(scheme, 0, position)), "")
            start -= len(scheme)
        before = code[max(0, start - _URL_CONTEXT) : start]
        if "src" not in before and "href" not in before:
            continue
        attribute = _URL_ATTRIBUTE_BEFORE.search(before)
        if attribute is None:
            continue
        if before.endswith("location.", 0, attribute.start()):
            continue  # ``location.href = '…'`` opens the URL: a click handler, not a link written into the page
        match = _URL_FROM.match(code, start, start + _MAX_URL)
        if match is None or len(match.group("url")) < _MIN_URL:
            continue
        url = match.group("url")
        if "\\" in url:
            url = url.replace("\\/", "/")
        if "${" in url:
            url = _TEMPLATE_HOLE.sub(_RUNTIME_VALUE, url)
        if match.group("joined"):
            url += _RUNTIME_VALUE  # ``'…sharer.php?u=' + encodeURIComponent(location.href)``
        kind = _finding_of_url(url, attribute.group(1))
        if kind and kind not in found and not _in_comment(code, start):
            found.add(kind)
    for position in _occurrences(code, _ELEMENT_TOKENS, _MAX_CANDIDATES):
        if _in_comment(code, position):
            continue
        if code.startswith("<video", position):
            found.add("video")
        elif "form" not in found:
            end = _FORM_END.search(code, position, position + _FORM_MAX)
            markup = code[position : end.end() if end else position + _FORM_MAX]
            markup = _TEMPLATE_HOLE.sub(_RUNTIME_VALUE, _JS_ESCAPE.sub(r"\1", _JS_CONCATENATION.sub("", markup)))
            if _is_form_call_to_action(markup, page_url):
                found.add("form")
    return found


def _has_empty_target(root: Any, code: str) -> bool:
    """Whether an element the script looks up (by id, class or CSS selector) is in the static HTML and empty or a
    placeholder: a few elements at most (a spinner), none a link, button, form or player, and a short text."""
    for count, match in enumerate(_TARGET.finditer(code)):
        if count >= _MAX_TARGETS:
            break
        if _in_comment(code, match.start()):
            continue
        for element in _targets(root, match):
            if (
                isinstance(element.tag, str)
                and element.tag not in _NOT_CONTAINERS
                and _has_few_elements(element, _MOUNT_MAX_ELEMENTS)
                and next(element.iter(*_CONTENT_TAGS), None) is None
                and _visible_text_length(element, _MOUNT_MAX_TEXT) <= _MOUNT_MAX_TEXT
            ):
                return True
    return False


def _targets(root: Any, match: re.Match[str]) -> list[Any]:
    """The static elements a ``getElementById``/``getElementsByClassName``/``querySelector``/``$()`` call names."""
    if match.group("id"):
        return list(_ELEMENT_BY_ID(root, id=match.group("id")))
    if match.group("class"):
        return _elements_by_class(root, match.group("class").split()[0])
    css = match.group("css").strip()
    if css[:1] == "#" and _CSS_NAME.fullmatch(css[1:]):
        return list(_ELEMENT_BY_ID(root, id=css[1:]))
    if css[:1] == "." and _CSS_NAME.fullmatch(css[1:]):
        return _elements_by_class(root, css[1:])
    try:
        return list(root.xpath(css2xpath(css)))[:_MAX_TARGETS]
    except (SelectorError, etree.XPathError, ValueError, TypeError):
        return []  # not a CSS selector (``$(function …)``, a template): nothing to look up


def _elements_by_class(root: Any, name: str) -> list[Any]:
    """Elements with the class ``name`` (a substring test in libxml2, then the tokens: faster than cssselect's
    ``concat(normalize-space(@class))`` on every element)."""
    return [
        element for element in _ELEMENTS_WITH_CLASS_TEXT(root, name=name) if name in element.get("class", "").split()
    ][:_MAX_TARGETS]


# --- the browser -------------------------------------------------------------------------------------------------

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
"""Where Debian's ``chromium`` package installs the browser."""
PATH_CHROMIUM_NAMES: tuple[str, ...] = ("chromium", "chromium-browser")
INSTALL_HINT = (
    "no Chromium found for rendering: install Debian's (sudo apt-get install chromium; ./dev setup does it), "
    "or point INBOUND_RENDER_BROWSER_PATH at a Chromium/Chrome executable, or crawl with -a render=never "
    "(`playwright install` is not needed)"
)
#: Flags for Chromium on servers and in containers: no sandbox (as root it cannot start otherwise), no GPU, and
#: none of the background traffic (updates, sync, QUIC probes) a closed network refuses. Audio muted, no autoplay.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--mute-audio",
    "--autoplay-policy=user-gesture-required",
)
DESKTOP_VIEWPORT: tuple[int, int] = (1366, 768)
MOBILE_VIEWPORT: tuple[int, int] = (390, 844)
RENDER_CONTEXT = "inbound"
"""The one browser context every rendered page opens in (``PLAYWRIGHT_MAX_CONTEXTS`` = 1)."""
PLAYWRIGHT_HANDLER = "inbound_spiders.rendering.PlaywrightHandler"
"""The http(s) download handler of crawls that may render (see :func:`_playwright_handler_class`)."""


class BrowserNotFound(RuntimeError):
    """No Chromium to render pages with; the message says how to install one."""


def playwright_browsers_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where Playwright keeps the browsers it installs: ``PLAYWRIGHT_BROWSERS_PATH`` (``0``: inside the package),
    else the per-user cache of the platform."""
    env = os.environ if env is None else env
    configured = env.get("PLAYWRIGHT_BROWSERS_PATH", "")
    if configured == "0":
        import playwright

        return Path(playwright.__file__).parent / "driver" / "package" / ".local-browsers"
    if configured:
        return Path(configured).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ms-playwright"
    if sys.platform == "win32":
        return Path(env.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "ms-playwright"
    return Path.home() / ".cache" / "ms-playwright"


_MANAGED_EXECUTABLES: tuple[str, ...] = (
    # The headless shell first: it is what Playwright itself launches headless, and it is lighter.
    "chromium_headless_shell-*/chrome-linux*/headless_shell",
    "chromium_headless_shell-*/chrome-mac*/headless_shell",
    "chromium-*/chrome-linux*/chrome",
    "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
    "chromium-*/chrome-win*/chrome.exe",
)
_REVISION = re.compile(r"-(\d+)$")


def _revision(path: Path, browsers: Path) -> int:
    match = _REVISION.search(path.relative_to(browsers).parts[0])
    return int(match.group(1)) if match else 0


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_browser(
    env: Mapping[str, str] | None = None,
    system_paths: Iterable[Path] = (SYSTEM_CHROMIUM,),
    path_names: Iterable[str] = PATH_CHROMIUM_NAMES,
    which: Callable[[str], str | None] = shutil.which,
) -> str | None:
    """The Chromium to render with: a Playwright-managed one (newest revision under ``PLAYWRIGHT_BROWSERS_PATH`` or
    ``~/.cache/ms-playwright``), else the system's (``/usr/bin/chromium``, as Debian installs it), else ``chromium`` or
    ``chromium-browser`` on ``PATH``; ``None`` when there is none."""
    browsers = playwright_browsers_dir(env)
    if browsers.is_dir():
        for pattern in _MANAGED_EXECUTABLES:
            found = sorted(
                (path for path in browsers.glob(pattern) if _executable(path)),
                key=lambda path: _revision(path, browsers),
                reverse=True,
            )
            if found:
                return str(found[0])
    for path in system_paths:
        if _executable(Path(path)):
            return str(path)
    for name in path_names:
        found_on_path = which(name)
        if found_on_path:
            return found_on_path
    return None


def playwright_settings(
    config: InboundConfig,
    policy: ResourcePolicy | None = None,
    *,
    launch_options: Mapping[str, Any] | None = None,
    remote: bool = False,
    browser_finder: Callable[[], str | None] = find_browser,
) -> dict[str, Any]:
    """The scrapy-playwright settings of a crawl that may render.

    ``DOWNLOAD_HANDLERS`` routes http(s) through scrapy-playwright's handler, started lazily and shared by both
    schemes (:data:`PLAYWRIGHT_HANDLER`; requests without ``meta["playwright"]`` go to Scrapy's own handler);
    ``PLAYWRIGHT_LAUNCH_OPTIONS`` launches the Chromium of
    ``INBOUND_RENDER_BROWSER_PATH`` or :func:`find_browser` headless with :data:`CHROMIUM_ARGS` (``launch_options``
    given by the user win, their ``args`` are added); ``PLAYWRIGHT_ABORT_REQUEST`` is ``policy``'s filter;
    one context (``PLAYWRIGHT_MAX_CONTEXTS``) with at most ``INBOUND_RENDER_MAX_PAGES`` pages at once.
    ``remote``: the browser is reached through ``PLAYWRIGHT_CDP_URL``/``PLAYWRIGHT_CONNECT_URL``, none is looked up.

    Raises :class:`BrowserNotFound`, saying how to install Chromium, when there is none.
    """
    options: dict[str, Any] = {"headless": True, "timeout": config.render_timeout_ms, **(launch_options or {})}
    options["args"] = [*CHROMIUM_ARGS, *(arg for arg in options.get("args") or () if arg not in CHROMIUM_ARGS)]
    if not remote and not options.get("executable_path"):
        executable = config.render_browser_path or browser_finder()
        if not executable:
            raise BrowserNotFound(INSTALL_HINT)
        if not _executable(Path(executable)):
            raise BrowserNotFound(f"INBOUND_RENDER_BROWSER_PATH={executable!r} is not an executable file")
        options["executable_path"] = executable
    settings: dict[str, Any] = {
        "DOWNLOAD_HANDLERS": {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": options,
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": config.render_max_pages,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": config.render_timeout_ms,
    }
    if policy is not None:
        settings["PLAYWRIGHT_ABORT_REQUEST"] = policy.should_abort
    return settings


def install_settings(settings: BaseSettings, values: Mapping[str, Any]) -> None:
    """Apply :func:`playwright_settings` to a crawler's (not yet frozen) ``settings``.

    Merged with what the user set: ``DOWNLOAD_HANDLERS`` of other schemes stay, and the user's
    ``PLAYWRIGHT_LAUNCH_OPTIONS`` were already merged in key by key; any other setting the user gave (command line,
    ``custom_settings``, ``settings.py``) wins over ours.
    """
    for name, value in values.items():
        priority = settings.getpriority(name) or 0
        if name == "DOWNLOAD_HANDLERS":
            handlers = {**settings.getdict(name), **value}
            settings.set(name, handlers, priority=max(priority, SETTINGS_PRIORITIES["project"]))
        elif name == "PLAYWRIGHT_LAUNCH_OPTIONS":
            settings.set(name, value, priority=max(priority, SETTINGS_PRIORITIES["project"]))
        elif priority <= SETTINGS_PRIORITIES["default"]:
            settings.set(name, value, priority="project")


#: Resource types a rendered page never loads: the audit reads the DOM, not pixels or sounds.
BLOCKED_RESOURCE_TYPES = frozenset({"image", "imageset", "font", "media", "texttrack", "websocket", "eventsource"})


class ResourcePolicy:
    """What a rendered page may load (scrapy-playwright's ``PLAYWRIGHT_ABORT_REQUEST``).

    Scripts, stylesheets, XHR/fetch and the page itself load; images, fonts, media, text tracks, websockets and
    server-sent events do not, nor do iframes' documents (the ``<iframe>`` element and its ``src`` stay in the DOM,
    which is all the extractors read). Media is the exception the spider makes, URL by URL: the sources of the
    HTML5 videos it measures (:meth:`allow_media`, a small bounded allowlist). The trade-off: a video's source is
    allowed only once the page has been parsed, so each measured video is loaded a second time, metadata only
    (``preload="metadata"``), and videos whose player streams through XHR (HLS/DASH players) are not blocked at all.
    With ``guard`` (crawls run as a service), any request to a host the guard refuses (private addresses) is blocked.
    """

    def __init__(
        self,
        *,
        blocked_types: frozenset[str] = BLOCKED_RESOURCE_TYPES,
        block_subframes: bool = True,
        guard: Callable[[str], str | None] | None = None,
        max_media: int = 256,
        on_block: Callable[[str], None] | None = None,
    ) -> None:
        self.blocked_types = blocked_types
        self.block_subframes = block_subframes
        self.guard = guard
        self.max_media = max_media
        self.on_block = on_block
        self._media: OrderedDict[str, None] = OrderedDict()

    def allow_media(self, url: str) -> None:
        """Let the browser load the media file at ``url`` (the oldest allowance goes when the list is full)."""
        key = _without_fragment(url)
        if not key.startswith(("http://", "https://")):
            return
        self._media[key] = None
        self._media.move_to_end(key)
        while len(self._media) > self.max_media:
            self._media.popitem(last=False)

    def media_allowed(self, url: str) -> bool:
        """Whether :meth:`allow_media` allowed ``url``."""
        return _without_fragment(url) in self._media

    def block_reason(self, url: str, resource_type: str, subframe_document: bool = False) -> str | None:
        """Why a request for ``url`` (Playwright's ``resource_type``) is blocked, ``None`` when it may load."""
        if resource_type == "media" and self.media_allowed(url):
            return None
        if resource_type in self.blocked_types:
            return resource_type
        if subframe_document and self.block_subframes:
            return "subframe"
        return None

    async def should_abort(self, request: BrowserRequest) -> bool:
        """scrapy-playwright's abort predicate: ``True`` for a request the page must not make."""
        try:
            frame = request.frame
            subframe = request.resource_type == "document" and frame.parent_frame is not None
        except Exception:  # requests of service workers have no frame
            subframe = False
        reason = self.block_reason(request.url, request.resource_type, subframe)
        if reason is None and self.guard is not None:
            host = urlsplit(request.url).hostname or ""
            if request.url.startswith(("http://", "https://")) and await asyncio.to_thread(self.guard, host):
                reason = "unsafe_host"
        if reason is not None and self.on_block is not None:
            self.on_block(reason)
        return reason is not None


def _without_fragment(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return urlunsplit(parts._replace(fragment=""))


async def settle(page: Page, timeout_ms: int) -> None:
    """Give the page's scripts up to ``timeout_ms`` after ``load`` to finish (network idle), so that widgets they
    inject are in the DOM that is read; a page that never goes idle is read as it is then."""
    from playwright.async_api import Error as PlaywrightError

    with suppress(PlaywrightError):  # timeout: a page polling or streaming forever is audited as it stands
        await page.wait_for_load_state("networkidle", timeout=timeout_ms)


class RenderedPageTooLarge(Exception):
    """A rendered page whose DOM, serialised, is larger than ``DOWNLOAD_MAXSIZE``: it is not read into the crawl."""

    def __init__(self, size: int, max_size: int) -> None:
        super().__init__(f"rendered DOM of {size} bytes, over DOWNLOAD_MAXSIZE ({max_size})")
        self.size, self.max_size = size, max_size


#: The length of the DOM as it would be serialised, measured in the browser (in UTF-16 code units: about its size in
#: bytes for markup, which is mostly ASCII).
_DOM_SIZE_JS = "() => document.documentElement ? document.documentElement.outerHTML.length : 0"


async def bound_rendered_size(page: Page, max_size: int) -> None:
    """Raise :class:`RenderedPageTooLarge` when the page's DOM is larger than ``max_size``: measured in the browser,
    before scrapy-playwright reads it into the crawl (a script building a 90 MB DOM would cost the crawl over 500 MB:
    the text, its bytes, and lxml's tree)."""
    size = await page.evaluate(_DOM_SIZE_JS)
    if size > max_size:
        raise RenderedPageTooLarge(size, max_size)


def render_meta(config: InboundConfig, max_size: int = 0) -> dict[str, Any]:
    """The ``Request.meta`` of a page to render: in the one rendering context at the desktop viewport, given time to
    settle, with the page kept for measuring (the callback and the errback close it). ``max_size``
    (``DOWNLOAD_MAXSIZE``; 0: no bound) bounds the rendered DOM as Scrapy bounds a downloaded body
    (:func:`bound_rendered_size`)."""
    from scrapy_playwright.page import PageMethod

    page_methods = [PageMethod(settle, config.render_settle_ms)]
    if max_size > 0:
        page_methods.append(PageMethod(bound_rendered_size, max_size))

    width, height = DESKTOP_VIEWPORT
    return {
        "playwright": True,
        "playwright_include_page": True,
        "playwright_context": RENDER_CONTEXT,
        "playwright_context_kwargs": {
            "viewport": {"width": width, "height": height},
            "service_workers": "block",
            "accept_downloads": False,
        },
        "playwright_page_goto_kwargs": {"wait_until": "load", "timeout": config.render_timeout_ms},
        "playwright_page_methods": page_methods,
    }


# --- measuring in the browser --------------------------------------------------------------------------------------

MAX_MEASURED_ELEMENTS = 3000
MAX_MEASURED_VIDEOS = 10

#: Collects the candidates of calls to action once (kept on ``window`` for the second viewport) and describes them
#: as the extractors see them: raw ``href``/``action``/``src`` and the text content (not ``innerText``, which applies
#: ``text-transform``).
_COLLECT_JS = """(max) => {
  const selector = 'a[href], button, input[type=submit], input[type=button], input[type=image], [role=button], form,'
    + ' iframe';
  const nodes = Array.from(document.querySelectorAll(selector)).slice(0, max);
  window.__inboundCandidates = nodes;
  const squash = (text) => (text || '').replace(/\\s+/g, ' ').trim().slice(0, 300);
  return nodes.map((el) => {
    const tag = el.tagName.toLowerCase();
    let label = '';
    if (tag === 'input') {
      label = el.value || el.alt || '';
    } else if (tag === 'form') {
      const submit = el.querySelector(
        'button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]');
      label = submit ? (submit.tagName === 'INPUT' ? (submit.value || submit.alt || '') : submit.textContent) : '';
    } else if (tag !== 'iframe') {
      label = el.textContent;
    }
    label = squash(label) || squash(el.getAttribute('aria-label')) || squash(el.getAttribute('title'));
    const target = tag === 'a' ? el.getAttribute('href')
      : tag === 'form' ? el.getAttribute('action')
      : tag === 'iframe' ? (el.getAttribute('src') || el.getAttribute('data-src'))
      : (el.getAttribute('formaction') || el.getAttribute('data-href') || el.getAttribute('data-url'));
    return [tag, target, label];
  });
}"""

#: The document-relative box and visibility of every collected candidate at the current viewport, scrolled to top.
_BOXES_JS = """() => {
  window.scrollTo(0, 0);
  const dx = window.scrollX, dy = window.scrollY;
  return (window.__inboundCandidates || []).map((el) => {
    if (!el.isConnected) return null;
    const r = el.getBoundingClientRect();
    const shown = typeof el.checkVisibility !== 'function' || el.checkVisibility(
      {checkOpacity: true, checkVisibilityCSS: true, opacityProperty: true, visibilityProperty: true});
    return [r.left + dx, r.top + dy, r.width, r.height, shown && r.width > 0 && r.height > 0];
  });
}"""

_VIDEO_SOURCES_JS = """(max) => Array.from(document.querySelectorAll('video')).slice(0, max).map((v) => {
  const urls = [v.currentSrc, v.src, ...Array.from(v.querySelectorAll('source[src]')).map((s) => s.src)];
  return Array.from(new Set(urls.filter((u) => u)));
})"""

#: Waits for each video's ``loadedmetadata`` (reloading it, metadata only, when its media was blocked before being
#: allowed), or an error, or the timeout.
_VIDEO_DURATIONS_JS = """([max, timeoutMs]) => Promise.all(
  Array.from(document.querySelectorAll('video')).slice(0, max).map((v) => new Promise((resolve) => {
    const sources = () => Array.from(new Set([v.currentSrc, v.src,
      ...Array.from(v.querySelectorAll('source[src]')).map((s) => s.src)].filter((u) => u)));
    const report = () => resolve({
      sources: sources(),
      duration: Number.isFinite(v.duration) && v.duration > 0 ? v.duration : null,
      error: v.error ? v.error.code : null,
    });
    if (v.readyState >= 1 && Number.isFinite(v.duration)) { report(); return; }
    const timer = setTimeout(report, timeoutMs);
    const finish = () => { clearTimeout(timer); report(); };
    v.addEventListener('loadedmetadata', finish, {once: true});
    v.addEventListener('error', finish, {once: true, capture: true});
    v.autoplay = false;
    v.muted = true;
    v.preload = 'metadata';
    v.load();
  }))
)"""


@dataclass(frozen=True)
class Box:
    """An element's box in CSS pixels, relative to the top left of the document, and whether it is shown."""

    left: float
    top: float
    width: float
    height: float
    shown: bool

    def above_fold(self, viewport: tuple[int, int]) -> bool:
        """Whether the element is shown, at least in part, on the first screen of a ``viewport`` (width, height)."""
        width, height = viewport
        return (
            self.shown
            and self.top < height
            and self.top + self.height > 0
            and self.left < width
            and self.left + self.width > 0
        )


@dataclass(frozen=True)
class MeasuredElement:
    """A link, button, form or iframe of the rendered page with its boxes at the two viewports."""

    tag: str
    target: str | None
    """Raw ``href`` (links), ``action`` (forms), ``src`` (iframes) or ``formaction``/``data-href`` (buttons)."""
    label: str
    desktop: Box | None
    mobile: Box | None


@dataclass(frozen=True)
class MeasuredVideo:
    """An HTML5 ``<video>`` of the rendered page: its source URLs and its length from the media's metadata."""

    sources: tuple[str, ...]
    duration: float | None
    error: int | None = None


@dataclass
class PageMeasurements:
    """What the browser measured on one page."""

    page_url: str
    elements: list[MeasuredElement] = field(default_factory=list)
    videos: list[MeasuredVideo] = field(default_factory=list)


def _box(raw: Any) -> Box | None:
    if not isinstance(raw, list) or len(raw) != 5:
        return None
    left, top, width, height, shown = raw
    return Box(float(left), float(top), float(width), float(height), bool(shown))


def measured_elements(described: list[Any], desktop: list[Any], mobile: list[Any]) -> list[MeasuredElement]:
    """The elements collected in the page (``[tag, target, label]``) with their boxes at each viewport."""
    elements = []
    for index, (tag, target, label) in enumerate(described):
        elements.append(
            MeasuredElement(
                tag=str(tag),
                target=target if isinstance(target, str) else None,
                label=str(label or ""),
                desktop=_box(desktop[index]) if index < len(desktop) else None,
                mobile=_box(mobile[index]) if index < len(mobile) else None,
            )
        )
    return elements


async def measure_page(page: Page, policy: ResourcePolicy | None, config: InboundConfig) -> PageMeasurements:
    """Measure the rendered ``page``: its HTML5 videos' durations, then the boxes of its calls to action candidates at
    the desktop viewport (the page's own) and at the mobile one. The page is left at the mobile viewport."""
    measurements = PageMeasurements(page_url=page.url)
    timeout_s = config.render_video_timeout_ms / 1000
    sources = await page.evaluate(_VIDEO_SOURCES_JS, MAX_MEASURED_VIDEOS)
    if sources:
        if policy is not None:
            for urls in sources:
                for url in urls:
                    policy.allow_media(url)
        results = await asyncio.wait_for(
            page.evaluate(_VIDEO_DURATIONS_JS, [MAX_MEASURED_VIDEOS, config.render_video_timeout_ms]),
            timeout=timeout_s + 5,
        )
        measurements.videos = [
            MeasuredVideo(tuple(result.get("sources") or ()), result.get("duration"), result.get("error"))
            for result in results
        ]
    described = await page.evaluate(_COLLECT_JS, MAX_MEASURED_ELEMENTS)
    if described:
        desktop = await page.evaluate(_BOXES_JS)
        width, height = MOBILE_VIEWPORT
        await page.set_viewport_size({"width": width, "height": height})
        mobile = await page.evaluate(_BOXES_JS)
        measurements.elements = measured_elements(described, desktop, mobile)
    return measurements


# --- measurements onto items -------------------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def _comparable_url(raw: str | None, page_url: str, *, form: bool = False) -> str | None:
    """A URL as the call to action extractor states it (absolute, without tracking parameters), fragment aside.
    Cached: every call to action of a page is compared with every measured element of it."""
    if not raw:
        return None
    raw = raw.strip()
    if form and (raw.startswith("#") or raw.lower().startswith("javascript:")):
        return None
    try:
        url = absolute_url(raw, page_url)
    except ValueError:
        return None
    return _without_fragment(strip_tracking(url)) if url else None


@lru_cache(maxsize=16384)
def _comparable_label(label: str | None) -> str:
    """A label with all whitespace removed, case-folded: text nodes joined with or without spaces compare equal."""
    return "".join((label or "").split()).casefold()[:150]


_EMBEDDED_FORM_TAGS = frozenset({"form", "iframe"})


def matching_elements(cta: CallToAction, elements: Iterable[MeasuredElement], page_url: str) -> list[MeasuredElement]:
    """The measured elements that are ``cta``: same target URL and label, else same target, else (for a CTA without
    a target) same label. A call to action shown several times on the page (header and footer) matches each."""
    is_form = cta.element == "form"
    target = _without_fragment(cta.target_url) if cta.target_url else None
    label = _comparable_label(cta.label)
    by_target: list[MeasuredElement] = []
    by_both: list[MeasuredElement] = []
    by_label: list[MeasuredElement] = []
    for element in elements:
        if (element.tag in _EMBEDDED_FORM_TAGS) != is_form:
            continue  # forms and embedded forms are matched to form CTAs, anything else to links and buttons
        same_label = bool(label) and _comparable_label(element.label) == label
        element_target = _comparable_url(element.target, page_url, form=element.tag == "form")
        if target is not None and element_target == target:
            (by_both if same_label else by_target).append(element)
        elif target is None and element_target is None and same_label:
            by_label.append(element)
    return by_both or by_target or by_label


def _seconds(duration: float) -> int:
    """A media duration in whole seconds, halves rounded up, never 0 for a real media."""
    return max(1, math.floor(duration + 0.5))


def apply_measurements(item: InboundItem, measurements: PageMeasurements | None) -> InboundItem:
    """``item`` completed with what the browser measured on its page (changed in place and returned).

    A call to action gets ``above_fold_desktop``/``above_fold_mobile`` (any of its occurrences on the first screen;
    left ``None`` when no rendered element matches it), and ``hero`` for a ``body`` placement shown on the first
    desktop screen. An HTML5 video whose source the browser loaded gets its length from the media's metadata
    (``duration_source`` = ``media_metadata``: the file's own length wins over what the page declares).
    """
    if measurements is None:
        return item
    if isinstance(item, CallToAction):
        matched = matching_elements(item, measurements.elements, measurements.page_url)
        if matched:
            desktop = any(e.desktop is not None and e.desktop.above_fold(DESKTOP_VIEWPORT) for e in matched)
            mobile = any(e.mobile is not None and e.mobile.above_fold(MOBILE_VIEWPORT) for e in matched)
            item.above_fold_desktop = desktop
            item.above_fold_mobile = mobile
            if desktop and item.placement == "body":
                item.placement = "hero"
    elif isinstance(item, Video) and item.platform == "html5":
        wanted = _without_fragment(item.url)
        for video in measurements.videos:
            if video.duration and any(_without_fragment(source) == wanted for source in video.sources):
                item.duration_seconds = _seconds(video.duration)
                item.duration_source = "media_metadata"
                break
    return item


async def close_page(page: Page) -> bool:
    """Close a rendered page (and with it the memory it holds); ``True`` when this call closed it."""
    if page.is_closed():
        return False
    try:
        await page.close()
    except Exception:  # the browser went away: the page is gone with it
        logger.debug("[render] closing %s failed", page.url, exc_info=True)
        return False
    return True


# --- the download handler ----------------------------------------------------------------------------------------


#: The crawler's attribute holding its :func:`_playwright_handler_class` instance (one for http and https).
_HANDLER_ATTRIBUTE = "_inbound_playwright_handler"


def _playwright_handler_class() -> type:
    """scrapy-playwright's download handler, made lean for crawls that *may* render.

    scrapy-playwright starts a Playwright driver (a Node.js process, about 100 MB) per handler instance when the
    engine starts, and Scrapy builds one instance for ``http`` and one for ``https``. This subclass is shared by both
    schemes (one driver, one browser, one page bound) and starts Playwright at the first page to render: an ``auto``
    crawl whose pages need no browser starts none. It relies on three internals of scrapy-playwright 0.0.4x
    (``_launch``, ``_download_request``, the ``engine_started`` handlers), which the rendering tests exercise.
    """
    from scrapy import Request, Spider, signals
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

    class PlaywrightHandler(ScrapyPlaywrightDownloadHandler):  # type: ignore[misc]
        """scrapy-playwright's handler, one per crawl for http and https, started at the first page to render."""

        @classmethod
        def from_crawler(cls, crawler: Crawler) -> PlaywrightHandler:
            # Kept on the crawler, not in a registry keyed by it: the handler refers to its crawler, so even a weak
            # key would stay alive, and a list of sites (one crawler per site) would keep every site's crawler.
            handler = getattr(crawler, _HANDLER_ATTRIBUTE, None)
            if handler is None:
                handler = cls(crawler)
                setattr(crawler, _HANDLER_ATTRIBUTE, handler)
            return handler

        def __init__(self, crawler: Crawler) -> None:
            super().__init__(crawler)
            for receiver in ("_maybe_launch_in_thread", "_engine_started"):
                crawler.signals.disconnect(getattr(self, receiver), signal=signals.engine_started)
            self._inbound_launch_lock = asyncio.Lock()
            self._inbound_launched = False
            self._inbound_closed = False

        async def _download_request(self, request: Request, spider: Spider | None = None) -> Response:
            if not self._inbound_launched:
                async with self._inbound_launch_lock:
                    if not self._inbound_launched:
                        await self._launch()
                        self._inbound_launched = True
            return await super()._download_request(request, spider)

        async def close(self) -> None:
            if self._inbound_closed:  # registered for http and https: closed once
                return
            self._inbound_closed = True
            await super().close()

    PlaywrightHandler.__module__ = __name__
    return PlaywrightHandler


def __getattr__(name: str) -> Any:
    """``PlaywrightHandler`` is built on first use, so that only crawls that may render import scrapy-playwright."""
    if name == "PlaywrightHandler":
        handler = _playwright_handler_class()
        globals()[name] = handler
        return handler
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
