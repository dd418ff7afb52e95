"""The structured data a page carries (JSON-LD, microdata, Open Graph), read with extruct from the tree parsel has
already parsed, once per page.

Several extractors read the same response; the first to ask pays the reading, the others get the memoised result
(keyed weakly by the response's selector, so it lives exactly as long as the selector). JSON-LD blocks that extruct
cannot decode (trailing ``;``, text after the object, an HTML comment around it) are decoded leniently; a block that
stays unreadable is counted in :attr:`StructuredData.broken_json_ld` and skipped, never raised.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from extruct.w3cmicrodata import MicrodataExtractor
from lxml import etree
from parsel import Selector

#: Nodes visited at most when walking one page's JSON-LD or microdata (a page of 5,000 products is not read whole).
MAX_NODES = 5000

_JSON_LD_XPATH = etree.XPath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]")
_HAS_ITEMSCOPE_XPATH = etree.XPath("boolean(//*[@itemscope])")
_HAS_PROPERTY_META_XPATH = etree.XPath("boolean(//head/meta[@property and @content])")
_STRING_XPATH = etree.XPath("string()", smart_strings=False)
_WRAPPERS = re.compile(r"^\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)|(?:-->|\]\]>|//\s*\]\]>)\s*$")
_INVALID_ESCAPE = re.compile(r"\\(?![\"\\/bfnrtu])")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# What precedes a type's name: "https://schema.org/Person", "schema:Person", "http://schema.org#Person".
_TYPE_PREFIX_END = re.compile(r"[/#:]")

_JSON_LD = JsonLdExtractor()
_MICRODATA = MicrodataExtractor(add_html_node=True)
_OPEN_GRAPH = OpenGraphExtractor()


@dataclass(frozen=True)
class StructuredData:
    """What one page says about itself in machine-readable form."""

    json_ld: tuple[Any, ...]
    """Top-level JSON-LD values (one per object of each block; a block holding a list gives its elements)."""
    microdata: tuple[dict[str, Any], ...]
    """Top-level microdata items as extruct gives them (``type``, ``properties``, ``htmlNode``: the scope element)."""
    open_graph: tuple[tuple[str, str], ...]
    """Open Graph ``(property, content)`` pairs of the page's head, in page order."""
    broken_json_ld: int = 0
    """JSON-LD blocks that could not be decoded, even leniently."""

    def json_ld_nodes(self) -> Iterator[dict[str, Any]]:
        """Every JSON-LD object, nested ones and ``@graph`` members included, in document order (bounded walk)."""
        yield from _walk(list(self.json_ld))

    def json_ld_of_type(self, type_name: str, skip: frozenset[str] = frozenset()) -> Iterator[dict[str, Any]]:
        """Every JSON-LD object of type ``type_name`` (see :func:`has_type`), nested ones included, in document order;
        not those under a property named in ``skip`` (a page's ``author``, ``publisher``...) nor those inside an
        object already found (bounded walk)."""
        stack: list[tuple[str, Any]] = [("", value) for value in reversed(self.json_ld)]
        visited = 0
        while stack and visited < MAX_NODES:
            visited += 1
            key, current = stack.pop()
            if key in skip:
                continue
            if isinstance(current, list):
                stack.extend((key, value) for value in reversed(current))
            elif isinstance(current, dict):
                if has_type(current, type_name):
                    yield current
                    continue
                stack.extend(
                    (str(child), value) for child, value in reversed(current.items()) if isinstance(value, (dict, list))
                )

    def microdata_items(self) -> Iterator[dict[str, Any]]:
        """Every microdata item, nested ones included, in document order (bounded walk)."""
        for current in _walk(list(self.microdata), _microdata_children):
            if "properties" in current or "type" in current:
                yield current

    def open_graph_values(self, *names: str) -> list[str]:
        """The non-blank contents of the Open Graph properties ``names``, in page order."""
        return [content.strip() for name, content in self.open_graph if name in names and content.strip()]


def _microdata_children(item: dict[str, Any]) -> Iterable[Any]:
    properties = item.get("properties", {})
    return properties.values() if isinstance(properties, dict) else ()


def _walk(
    roots: list[Any], children: Callable[[dict[str, Any]], Iterable[Any]] = dict.values
) -> Iterator[dict[str, Any]]:
    """Every object under ``roots`` (lists walked through, ``children`` of each object descended into), in document
    order, at most :data:`MAX_NODES` nodes visited."""
    stack: list[Any] = list(reversed(roots))
    visited = 0
    while stack and visited < MAX_NODES:
        visited += 1
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(reversed(current))
        elif isinstance(current, dict):
            yield current
            stack.extend(reversed([value for value in children(current) if isinstance(value, (dict, list))]))


def first_text(value: Any, limit: int | None = None) -> str | None:
    """A JSON-LD or microdata value as one text: the string itself, the first string or object of a list, an
    object's name (JSON-LD ``name`` or ``@value``, microdata ``properties.name``); whitespace-normalised, cut to
    ``limit`` characters; ``None`` when it holds no text."""
    if isinstance(value, list):
        value = next((element for element in value if isinstance(element, (str, dict))), None)
    if isinstance(value, dict):
        properties = value.get("properties")
        named = properties.get("name") if isinstance(properties, dict) else None
        value = value.get("name") or value.get("@value") or named
    if not isinstance(value, str):
        return None
    return " ".join(value.split())[:limit] or None


def has_type(node: dict[str, Any], type_name: str) -> bool:
    """Whether a JSON-LD object's ``@type`` or a microdata item's ``type`` (one or a list, any prefix such as
    ``https://schema.org/`` or ``schema:``, any case) is ``type_name``."""
    kinds = node.get("@type", node.get("type"))
    kinds = kinds if isinstance(kinds, list) else [kinds]
    wanted = type_name.lower()
    return any(isinstance(kind, str) and _TYPE_PREFIX_END.split(kind.strip().lower())[-1] == wanted for kind in kinds)


_MEMO: weakref.WeakKeyDictionary[Any, dict[str, StructuredData]] = weakref.WeakKeyDictionary()


def structured_data(page: Selector | etree._Element, page_url: str) -> StructuredData:
    """The structured data of the page parsed as ``page`` (a parsel selector or its lxml root), URLs resolved against
    ``page_url``; read once per page and URL, as long as the selector (or the root) lives."""
    root = page.root if isinstance(page, Selector) else page
    if not isinstance(root, etree._Element):
        return StructuredData((), (), ())
    try:
        cached = _MEMO.setdefault(page, {})
    except TypeError:  # a plain lxml element (namespaced XHTML) cannot be weakly referenced: read it each time
        return _read(root, page_url)
    if page_url not in cached:
        cached[page_url] = _read(root, page_url)
    return cached[page_url]


def _read(root: etree._Element, page_url: str) -> StructuredData:
    json_ld: list[Any] = []
    broken = 0
    for script in _JSON_LD_XPATH(root):
        values = _json_ld_values(script)
        if values is None:
            broken += 1
        else:
            json_ld.extend(values)
    microdata: list[dict[str, Any]] = []
    if _HAS_ITEMSCOPE_XPATH(root):
        microdata = _MICRODATA.extract_items(root, page_url)
    open_graph: list[tuple[str, str]] = []
    if _HAS_PROPERTY_META_XPATH(root) and hasattr(root, "head"):
        for found in _OPEN_GRAPH.extract_items(root, page_url):
            open_graph.extend((str(name), str(content)) for name, content in found.get("properties", []))
    return StructuredData(tuple(json_ld), tuple(microdata), tuple(open_graph), broken)


def _json_ld_values(script: etree._Element) -> list[Any] | None:
    """The values of one JSON-LD block (extruct's reading, else a lenient one); ``None`` when unreadable."""
    if (script.get("type") or "").strip() == "application/ld+json":
        try:
            return list(_JSON_LD.extract_items(script))
        except (ValueError, RecursionError):
            pass
    data = _lenient_json(str(_STRING_XPATH(script)))
    if data is None:
        return None
    return [value for value in (data if isinstance(data, list) else [data]) if value]


def _lenient_json(text: str) -> Any:
    """The first JSON value in ``text`` once comment and CDATA wrappers, text around it, invalid escapes (``\\'``)
    and trailing commas are put aside; ``None`` when there is none."""
    text = _WRAPPERS.sub("", text.strip())
    starts = [position for position in (text.find("{"), text.find("[")) if position >= 0]
    if not starts:
        return None
    text = text[min(starts) :]
    decoder = json.JSONDecoder(strict=False)
    for candidate in (text, _TRAILING_COMMA.sub(r"\1", _INVALID_ESCAPE.sub("", text))):
        try:
            return decoder.raw_decode(candidate)[0]
        except (ValueError, RecursionError):
            continue
    return None
