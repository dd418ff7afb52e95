"""The parsed tree of a response, shared by everything that reads the page, and held apart from the response.

A page is parsed once per response: the depth check of :class:`~inbound_spiders.middlewares.DepthBound`, the links
(:func:`~inbound_spiders.links.link_urls`) and the page model (:meth:`~inbound_spiders.page.model.Page.from_response`)
read the same tree. Scrapy's ``response.selector`` would share it too, but that selector keeps its response and the
response keeps it: the pair, with the page's whole tree, is freed only when the garbage collector next finds the
cycle, after hundreds of later pages. Kept here, the tree goes as soon as the spider has read the page
(:func:`release_tree`) or the response goes, whichever comes first.
"""

from __future__ import annotations

import weakref

from parsel import Selector
from scrapy.http import HtmlResponse, JsonResponse, TextResponse, XmlResponse
from scrapy.utils.response import get_base_url

_TREES: weakref.WeakKeyDictionary[TextResponse, Selector] = weakref.WeakKeyDictionary()


def response_tree(response: TextResponse) -> Selector:
    """The parsel selector over ``response``'s parsed body: the tree Scrapy's ``response.selector`` would hold (same
    text, type and base URL), parsed on first use and shared until :func:`release_tree` or the response's end."""
    tree = _TREES.get(response)
    if tree is None:
        tree = _TREES[response] = Selector(
            text=response.text, type=_selector_type(response), base_url=get_base_url(response)
        )
    return tree


def release_tree(response: TextResponse) -> None:
    """Forget ``response``'s tree (the spider has read the page): freed now, not when the response is."""
    _TREES.pop(response, None)


def _selector_type(response: TextResponse) -> str | None:
    """The type Scrapy's selector gives ``response``: ``None`` lets parsel tell from the body."""
    if isinstance(response, XmlResponse):
        return "xml"
    if isinstance(response, JsonResponse):
        return "json"
    if isinstance(response, HtmlResponse):
        return "html"
    return None
