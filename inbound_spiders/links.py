"""The links of a page the crawl follows (:func:`link_urls`), and those it cannot follow because of their scheme
(``javascript:``, ``data:``, ``mailto:``, ``tel:``...).

Scrapy's link extractor drops the latter without a word. :class:`UnfollowableLinks`, the spider's ``process_value`` for
its link extractor, sets them aside as the extractor meets them, so that each is counted
(``inbound/links/unfollowable`` and ``inbound/links/unfollowable/<scheme>``) and each scheme logged once per crawl,
with an example link and the page it is on. It costs no extra pass over the page: the extractor already calls
``process_value`` on every ``<a href>`` and ``<area href>``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlparse

from lxml import etree
from scrapy.http import HtmlResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.statscollectors import StatsCollector
from scrapy.utils.response import get_base_url
from w3lib.html import strip_html5_whitespace
from w3lib.url import canonicalize_url, safe_url_string

from inbound_spiders.extractors.common import joined_url
from inbound_spiders.page.tree import response_tree

logger = logging.getLogger(__name__)

#: Schemes counted under their own name; any other one counts as ``other``, so that a page cannot create stats keys
#: without bound.
NAMED_SCHEMES = frozenset({
    "javascript", "data", "mailto", "tel", "sms", "callto", "skype", "whatsapp", "webcal", "ftp", "file", "about",
    "blob", "intent",
})  # fmt: skip
#: Characters of an example link shown in the log (a ``data:`` URI may be hundreds of kilobytes).
EXAMPLE_CHARS = 100

_WEB_PREFIXES = ("http://", "https://")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers ignore tabs and newlines anywhere in a URL: "java\nscript:" is a javascript: link.
_IGNORED_BY_BROWSERS = str.maketrans("", "", "\t\n\r")


def link_scheme(value: str) -> str | None:
    """The lower-cased scheme of a link as the link extractor hands it over (joined with the page's URL, so that
    relative links are ``http(s)://``), or ``None`` when it has none."""
    match = _SCHEME.match(value.translate(_IGNORED_BY_BROWSERS))
    return match.group(1).lower() if match else None


class UnfollowableLinks:
    """The link extractor's ``process_value``: keeps http(s) links, drops the others and remembers them until
    :meth:`report` counts them for the page just extracted (the extractor runs synchronously, page by page)."""

    def __init__(self) -> None:
        self.set_aside: list[tuple[str, str]] = []
        self.logged: set[str] = set()

    def __call__(self, value: str) -> str | None:
        # Nearly every link takes this branch: a relative link comes joined with the page's URL.
        if value.startswith(_WEB_PREFIXES):
            return value
        scheme = link_scheme(value)
        if scheme is None or scheme in ("http", "https"):
            return value  # not ours to judge: the extractor keeps or drops it as it would have
        self.set_aside.append((scheme, value))
        return None

    def report(self, page_url: str, stats: StatsCollector) -> None:
        """Count the links set aside since the last report, found on ``page_url``; log each new scheme once."""
        if not self.set_aside:
            return
        set_aside, self.set_aside = self.set_aside, []
        stats.inc_value("inbound/links/unfollowable", len(set_aside))
        for scheme, value in set_aside:
            key = scheme if scheme in NAMED_SCHEMES else "other"
            stats.inc_value(f"inbound/links/unfollowable/{key}")
            if key in self.logged:
                continue
            self.logged.add(key)
            example = value if len(value) <= EXAMPLE_CHARS else value[:EXAMPLE_CHARS] + "..."
            what = f"{scheme}: links" if key != "other" else f"{scheme}: links (and those of other unnamed schemes)"
            logger.info(
                "[links] %s are not followed, e.g. %r on %s (counted under inbound/links/unfollowable/%s; logged once "
                "per crawl)",
                what, example, page_url, key,
            )  # fmt: skip


# --- the links a page leads to ---------------------------------------------------------------------------------------

#: The values of ``<a href>`` and ``<area href>`` in document order: what Scrapy's link extractor reads by default,
#: found by libxml2 instead of a Python visit of every element. Under the root element only, as the extractor reads
#: (a broken page can have a second root after it).
_HREF_VALUES = etree.XPath("descendant-or-self::a/@href | descendant-or-self::area/@href", smart_strings=False)
#: Schemes of the URLs Scrapy's link extractor keeps.
_EXTRACTED_SCHEMES = frozenset({"http", "https", "file", "ftp"})
#: Paths Scrapy's link extractor leaves out by default (images, archives, documents...), for one ``str.endswith``.
_DENIED_SUFFIXES = tuple(f".{extension}" for extension in IGNORED_EXTENSIONS)
#: URLs remembered per helper below: the same menu, sidebar and footer links come back on every page of a site.
URL_CACHE_SIZE = 4_096
#: Longer URLs are not remembered, so that a hostile site's huge links cannot fill the memory.
CACHED_URL_MAX_CHARS = 2_048


@lru_cache(maxsize=URL_CACHE_SIZE)
def _cached_safe_url(url: str, encoding: str) -> str | None:
    try:
        return safe_url_string(url, encoding=encoding)
    except ValueError:
        return None


def _safe_url(url: str, encoding: str) -> str | None:
    """``url`` made safe as Scrapy's link extractor does (``safe_url_string``); ``None`` for a URL it skips."""
    if len(url) <= CACHED_URL_MAX_CHARS:
        return _cached_safe_url(url, encoding)
    return _cached_safe_url.__wrapped__(url, encoding)


@lru_cache(maxsize=URL_CACHE_SIZE)
def _cached_extractable(url: str) -> bool:
    return url.split("://", 1)[0] in _EXTRACTED_SCHEMES and not urlparse(url).path.lower().endswith(_DENIED_SUFFIXES)


def _extractable(url: str) -> bool:
    """Whether Scrapy's link extractor (default filters) keeps ``url``: a web or file scheme, no ignored extension."""
    return _cached_extractable(url) if len(url) <= CACHED_URL_MAX_CHARS else _cached_extractable.__wrapped__(url)


@lru_cache(maxsize=URL_CACHE_SIZE)
def _cached_canonical_url(url: str) -> str:
    return canonicalize_url(url)


def canonical_url(url: str) -> str:
    """``w3lib.url.canonicalize_url(url)``, remembered for the URLs a site links to again and again."""
    return _cached_canonical_url(url) if len(url) <= CACHED_URL_MAX_CHARS else canonicalize_url(url)


def link_urls(response: HtmlResponse, process_value: Callable[[str], str | None]) -> list[str]:
    """The URLs of the page's links: those of ``LinkExtractor(unique=True, process_value=process_value)``
    (``scrapy.linkextractors``), in the same order, without building its ``Link`` objects (their text and
    ``nofollow`` are not used to follow links). ``tests/test_links.py`` holds the two equal on the benchmark's
    site and on hostile pages.

    The same steps, at about a third of the cost on a campaign site: the ``href`` values are found by libxml2,
    each distinct value of the page is joined once, and the steps that depend on the URL alone (made safe, kept or
    not) are remembered across pages. ``process_value`` is still called for every link, as the extractor does.
    """
    base_url = get_base_url(response)
    page_url, encoding = response.url, response.encoding
    joined_values: dict[str, str | None] = {}
    absolute_urls: dict[str, str] = {}
    urls: dict[str, None] = {}  # an ordered set: the first of duplicate links counts
    for value in _HREF_VALUES(response_tree(response).root):
        if value in joined_values:
            joined = joined_values[value]
        else:
            try:
                joined = joined_url(base_url, strip_html5_whitespace(value))
            except ValueError:  # a bogus link, skipped
                joined = None
            joined_values[value] = joined
        if joined is None:
            continue
        url = process_value(joined)
        if url is None:
            continue
        safe = _safe_url(url, encoding)
        if safe is None:
            logger.debug("Skipping extraction of link with bad URL %r", url)
            continue
        absolute = absolute_urls.get(safe)
        if absolute is None:
            absolute = absolute_urls[safe] = joined_url(page_url, safe)
        urls[absolute] = None
    return [url for url in urls if _extractable(url)]
