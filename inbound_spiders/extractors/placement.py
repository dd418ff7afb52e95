"""Where on the page an element sits: header, navigation, hero, body, sidebar or footer.

Decided from the element's ancestors only (tags, ``role``, ``id`` and ``class``), so it works on any CMS without
rendering the page. Other extractors may reuse :func:`placement_of`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from parsel import Selector

PLACEMENTS: tuple[str, ...] = ("header", "navigation", "hero", "body", "sidebar", "footer")

_ROLE_REGIONS = {"banner": "header", "navigation": "navigation", "contentinfo": "footer", "complementary": "sidebar"}
_TAG_REGIONS = {"nav": "navigation", "aside": "sidebar"}

# A <header>/<footer> inside one of these belongs to that article or section, not to the site (HTML sectioning).
_TAG_SCOPES = frozenset({"article", "main", "section", "aside"})
# Class-named headers/footers are looser ("card-header" aside): only trusted outside the page's content.
_CLASS_SCOPES = frozenset({"article", "main"})

# Anchored with a short list of prefixes so "entry-header", "card-footer" or "modal-header" do not match.
_SITE_PREFIX = (
    r"(?:(?:site|main|global|region|top|primary|sticky|fixed|l|g|c|o|elementor-location|wp-site|page-site)[-_]{1,2})?"
)
_HEADER = re.compile(rf"^{_SITE_PREFIX}header(?:$|[-_])")
_FOOTER = re.compile(rf"^{_SITE_PREFIX}footer(?:$|[-_])")
_NAVIGATION = re.compile(r"(?:^|[-_])(?:nav|navbar|navigation|menu|menubar)(?:$|[-_])")
_SIDEBAR = re.compile(r"(?:^|[-_])(?:sidebar|widget-area|widgets-area)(?:$|[-_])")
_HERO = re.compile(r"(?:^|[-_])(?:hero|jumbotron|masthead|splash|cover)(?:$|[-_])")
_HERO_EXACT = frozenset({"banner", "page-banner", "home-banner", "top-banner", "main-banner"})
# Not "top": themes use <div id="top"> as a scroll anchor around the whole page.
_HEADER_IDS = frozenset({"masthead", "site-top", "topbar", "top-bar"})
_FOOTER_IDS = frozenset({"colophon"})
_SIDEBAR_IDS = frozenset({"secondary"})
_ANY_REGION_NAME = re.compile(
    r"head|foot|nav|menu|side|widget|hero|jumbo|mast|splash|cover|banner|colophon|secondary|top"
)
_SECTIONING_TAGS = frozenset({"header", "footer", "section"})
_MAX_NAMES = 2000
_MAX_TOKENS = 40  # a class attribute longer than this is generated noise; the first tokens are enough


def _tokens(value: str | None) -> list[str]:
    """The lowercase tokens of a class or id attribute, the first ``_MAX_TOKENS`` only."""
    if not value:
        return []
    return value.lower().split()[:_MAX_TOKENS]


def _own_region(element: Any, outer_tags: frozenset[str]) -> str | None:
    """The region ``element`` itself marks, given the set of tags of its outer ancestors.

    Explicit markup first (ARIA role, then ``<nav>``/``<aside>``), then footer, sidebar and hero classes, then the
    header (class or tag: a ``<header class="masthead">`` is a hero, as in Bootstrap themes), then menu classes
    (``header-nav`` is a menu), then the first of several sections of ``<main>`` (a hero).
    """
    tag = element.tag if isinstance(element.tag, str) else ""
    region = _marked_region(
        tag,
        (element.get("role") or "").strip().lower(),
        element.get("class") or "",
        element.get("id") or "",
        not outer_tags.isdisjoint(_CLASS_SCOPES),
        outer_tags.isdisjoint(_TAG_SCOPES),
    )
    if region is None and tag == "section" and _is_first_of_several_sections_in_main(element):
        return "hero"
    return region or None


# The same tags, roles, classes and ids recur on every page of a site (its theme): each combination is decided once.
@lru_cache(maxsize=8192)
def _marked_region(
    tag: str, role: str, class_attribute: str, id_attribute: str, in_content: bool, site_level_tag: bool
) -> str | None:
    """The region an element's own tag, role, class and id mark (see :func:`_own_region`), given whether it sits in
    an article or main content (``in_content``) and outside any sectioning tag (``site_level_tag``); ``""`` for a
    ``role="main"`` element, which marks none and ends the search."""
    if role in _ROLE_REGIONS:
        return _ROLE_REGIONS[role]
    if role == "main":
        return ""
    if tag in ("nav", "aside"):
        return _TAG_REGIONS[tag]
    names = f"{class_attribute} {id_attribute}"[:_MAX_NAMES].lower()
    if tag not in _SECTIONING_TAGS and not _ANY_REGION_NAME.search(names):
        return None  # the common case: a layout wrapper such as "row" or "col-md-6"
    classes = _tokens(class_attribute)
    ids = _tokens(id_attribute)[:1]
    if (tag == "footer" and site_level_tag) or (
        not in_content
        and (any(_FOOTER.match(token) for token in classes) or any(_FOOTER.match(i) or i in _FOOTER_IDS for i in ids))
    ):
        return "footer"
    if any(_SIDEBAR.search(token) for token in classes) or any(_SIDEBAR.search(i) or i in _SIDEBAR_IDS for i in ids):
        return "sidebar"
    if any(_HERO.search(token) or token in _HERO_EXACT for token in classes) or (
        tag == "section" and "intro" in classes
    ):
        return "hero"
    if (tag == "header" and site_level_tag) or (
        not in_content
        and (
            any(_HEADER.match(token) and not _NAVIGATION.search(token) for token in classes)
            or any((_HEADER.match(i) and not _NAVIGATION.search(i)) or i in _HEADER_IDS for i in ids)
        )
    ):
        return "header"
    if any(_NAVIGATION.search(token) for token in classes) or any(_NAVIGATION.search(i) for i in ids):
        return "navigation"
    return None


def _is_first_of_several_sections_in_main(section: Any) -> bool:
    """The first of several ``<section>`` children of ``<main>``: the first screen of a landing page."""
    parent = section.getparent()
    if parent is None or not (parent.tag == "main" or (parent.get("role") or "").lower() == "main"):
        return False
    if any(sibling.tag == "section" for sibling in section.itersiblings(preceding=True)):
        return False
    return any(sibling.tag == "section" for sibling in section.itersiblings())


def placement_of_element(
    element: Any, cache: dict[Any, str | None] | None = None, ancestors: list[Any] | None = None
) -> str:
    """:func:`placement_of` for a bare lxml element (what ``Selector.root`` holds).

    ``cache`` (one dict per page, owned by the caller) remembers the region each ancestor marks, so the many links
    of one menu or footer share the work; ``ancestors`` (innermost first) spares a second walk to a caller that
    already listed them. A caller placing many elements of one page does better with :class:`Placements`.
    """
    if ancestors is None:
        if element is None or not hasattr(element, "iterancestors"):
            return "body"
        try:
            ancestors = list(element.iterancestors())
        except (AttributeError, TypeError, ValueError):
            return "body"
    ancestors = [ancestor for ancestor in ancestors if ancestor.tag not in ("html", "body")]
    # Walk from the outermost ancestor inwards so each one knows which tags enclose it.
    regions: list[str] = []
    outer: set[str] = set()
    for ancestor in reversed(ancestors):
        if cache is not None and ancestor in cache:
            region = cache[ancestor]
        else:
            region = _own_region(ancestor, frozenset(outer))
            if cache is not None:
                cache[ancestor] = region
        if region:
            regions.append(region)
        outer.add(ancestor.tag)
    return _innermost(regions)


def _innermost(regions: list[str] | tuple[str, ...]) -> str:
    """The placement given the regions an element's ancestors mark, outermost first."""
    if not regions:
        return "body"
    # A footer's menus and widget areas are still the footer; a sidebar's menu is still the sidebar.
    if "footer" in regions:
        return "footer"
    innermost = regions[-1]
    if innermost == "navigation" and "sidebar" in regions:
        return "sidebar"
    return innermost


_Chain = tuple[tuple[str, ...], frozenset[str]]
_TOP: _Chain = ((), frozenset())


class Placements:
    """The placement of any element of one page (:func:`placement_of_element`'s answers), each element of the tree
    looked at once: what an element's ancestors mark (their regions, outermost first, and their tags) is kept per
    element, so placing a link costs a look-up at its parent."""

    def __init__(self) -> None:
        """Start with nothing known."""
        self._chains: dict[Any, _Chain] = {}

    def of(self, element: Any) -> str:
        """Where ``element`` sits on the page (see :func:`placement_of`)."""
        parent = element.getparent() if element is not None and hasattr(element, "getparent") else None
        return _innermost(self._chain(parent)[0]) if parent is not None else "body"

    def _chain(self, node: Any) -> _Chain:
        """The regions marked by ``node`` and its ancestors (outermost first) and their tags, ``<html>`` and
        ``<body>`` aside."""
        chains = self._chains
        pending: list[Any] = []
        while node is not None and node not in chains:
            pending.append(node)
            node = node.getparent()
        chain = chains[node] if node is not None else _TOP
        for node in reversed(pending):
            if node.tag not in ("html", "body"):
                regions, outer = chain
                region = _own_region(node, outer)
                chain = ((*regions, region) if region else regions, outer | {node.tag})
            chains[node] = chain
        return chain


def placement_of(node: Selector) -> str:
    """Where ``node`` sits on the page, from its DOM ancestors.

    One of ``header`` (``<header>``, ``#masthead``, ``.site-header``, ``role=banner``), ``navigation`` (``<nav>``,
    ``.menu``, ``role=navigation``), ``hero`` (``.hero``, ``.jumbotron``, ``.banner``, ``.cover``, first of several
    sections of ``<main>``), ``sidebar`` (``<aside>``, ``.sidebar``, ``.widget-area``), ``footer`` (``<footer>``,
    ``.site-footer``, ``role=contentinfo``) or ``body``. The innermost region wins, except that anything inside the
    site footer is ``footer`` and a menu inside a sidebar is ``sidebar``. A ``<header>`` or ``<footer>`` inside an
    article, section or ``<main>`` belongs to that content, not to the site.
    """
    return placement_of_element(getattr(node, "root", None))
