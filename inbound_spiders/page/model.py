"""The page model: one HTML response read once, handed to every extractor.

The spider builds one :class:`Page` per response (:meth:`Page.from_response`); every extractor of
:data:`inbound_spiders.extractors.EXTRACTORS` reads it. What several extractors need is computed here, once, the
first time one of them asks, and shared with the others:

- the parsed tree (``root``) and its elements of given tags, in document order (:meth:`Page.elements`): one C-level
  walk per tag set, the elements' Python proxies kept alive so that later walks of any extractor do not build them
  again;
- the base URL links resolve against (``<base href>`` honoured) and the resolved form of each ``href``
  (:meth:`Page.absolute`);
- where an element sits (header, navigation, hero, body, sidebar, footer: :meth:`Page.placement`), the regions of
  the ancestors shared by the page's links;
- the text of an element (:meth:`Page.text`: headings, links);
- the page's language (:attr:`Page.language`: declared, else detected from its text);
- the structured data (JSON-LD, microdata, Open Graph: :attr:`Page.structured_data`), read with extruct from the same
  tree.

What only one extractor needs stays in that extractor (the attribute values the video extractor scans for platform
URLs, the form labels for the calls to action...). A ``Page`` holds no settings and does no I/O; building it costs one
walk of the tree.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from lxml import etree
from parsel import Selector

from inbound_spiders.extractors.common import absolute_url, clean_text
from inbound_spiders.extractors.placement import Placements
from inbound_spiders.page.language import LanguageDecision, language_decision
from inbound_spiders.page.structured_data import StructuredData, structured_data
from inbound_spiders.page.tree import response_tree

_BASE_HREF = etree.XPath("(//head/base[@href])[1]/@href", smart_strings=False)


class Page:
    """One HTML page as the extractors read it: its tree, its URL, and the facts several extractors share.

    Built once per response; the facts are computed on first use and kept for the page's life. Extractors must not
    modify the tree (they work on copies when they need to strip parts of it).
    """

    selector: Selector
    """The parsel selector of the response (kept for extractors that query with parsel)."""
    url: str
    """The page's URL: the ``page_url`` of every finding."""
    root: etree._Element | None
    """The root element of the parsed tree; ``None`` when the selector holds no HTML/XML tree (JSON, text)."""
    headers: Mapping[Any, Any] | None
    """The response headers, when the page came from a response (the language reads ``Content-Language``)."""

    def __init__(self, selector: Selector, url: str, headers: Mapping[Any, Any] | None = None) -> None:
        """Wrap ``selector`` (already parsed) at ``url``; nothing is computed until asked for, except one walk that
        keeps the elements' proxies alive for every later walk."""
        self.selector = selector
        self.url = url or ""
        root = getattr(selector, "root", None)
        self.root = root if isinstance(root, etree._Element) else None
        self.headers = headers
        self._elements: dict[tuple[str, ...], list[etree._Element]] = {}
        self._placements = Placements()
        self._absolute: dict[str, str | None] = {}
        self._texts: dict[etree._Element, str] = {}
        # lxml builds a Python object for an element each time one is reached while none is alive; holding them all
        # makes every later walk (each extractor walks the tree its own way) reuse them.
        self._pinned = list(self.root.iter()) if self.root is not None else []

    @classmethod
    def from_html(cls, html: str, url: str) -> Page:
        """A page parsed from ``html`` (tests, the benchmark, callers without a response)."""
        return cls(Selector(text=html or " "), url)

    @classmethod
    def from_response(cls, response: Any) -> Page:
        """The page of a Scrapy HTML response (its parsed tree, URL and headers).

        The page holds the response's shared tree (:func:`~inbound_spiders.page.tree.response_tree`), never Scrapy's
        selector, which keeps its ``response``: the spider keeps each page in a weak mapping keyed by its response,
        and a value that refers to its key keeps both alive for the whole crawl (every page of a 2,000-page site:
        ~750 MiB)."""
        return cls(response_tree(response), response.url, getattr(response, "headers", None))

    # -- the tree ------------------------------------------------------------------------------------------------------

    def elements(self, *tags: str) -> list[etree._Element]:
        """The elements of the given tags, in document order (every node, comments included, when no tag is given);
        one walk per distinct tag set, kept: callers must not modify the list. Empty when the page has no tree."""
        if not tags:
            return self._pinned
        known = self._elements.get(tags)
        if known is None:
            known = list(self.root.iter(*tags)) if self.root is not None else []
            self._elements[tags] = known
        return known

    def text(self, element: etree._Element) -> str:
        """The text of ``element`` and its descendants (comments aside), whitespace-normalised; read once per element
        (headings and links are read by several extractors)."""
        known = self._texts.get(element)
        if known is None:
            known = self._texts[element] = clean_text(" ".join(element.itertext()))
        return known

    # -- links ---------------------------------------------------------------------------------------------------------

    @cached_property
    def base_url(self) -> str:
        """The URL relative links resolve against: the page's ``<base href>`` (itself resolved against the page's
        URL) when it has a web one, else the page's URL."""
        if self.root is None:
            return self.url
        try:
            found = _BASE_HREF(self.root)
        except (etree.XPathError, ValueError):
            return self.url
        base = absolute_url(str(found[0]), self.url) if found else None
        return base if base and base.startswith(("http://", "https://")) else self.url

    def absolute(self, href: str | None) -> str | None:
        """``href`` resolved against :attr:`base_url` (see :func:`~inbound_spiders.extractors.common.absolute_url`:
        ``None`` for empty, fragment-only and non-web hrefs other than ``mailto:``); memoised per ``href``."""
        if not href:
            return None
        if href not in self._absolute:
            self._absolute[href] = absolute_url(href, self.base_url)
        return self._absolute[href]

    # -- landmarks -----------------------------------------------------------------------------------------------------

    def placement(self, element: Any) -> str:
        """Where ``element`` sits on the page (header, navigation, hero, body, sidebar or footer: see
        :func:`~inbound_spiders.extractors.placement.placement_of`), what each element of the page marks computed
        once per page."""
        return self._placements.of(element)

    # -- language ------------------------------------------------------------------------------------------------------

    @cached_property
    def language(self) -> LanguageDecision:
        """The page's language and where it came from (declarations, the ``Content-Language`` header, else its
        text: :func:`~inbound_spiders.page.language.language_decision`), decided on first use."""
        return language_decision(self.selector, self.headers)

    # -- structured data -----------------------------------------------------------------------------------------------

    @cached_property
    def structured_data(self) -> StructuredData:
        """The page's JSON-LD, microdata and Open Graph, read from the parsed tree on first use."""
        if self.root is None:
            return StructuredData((), (), ())
        return structured_data(self.selector, self.url)
