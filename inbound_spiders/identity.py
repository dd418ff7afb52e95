"""Where and when a finding was made: site naming, deterministic keys, and stamping items."""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import json
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any
from urllib.parse import urlsplit

import tldextract
from parsel import Selector

from inbound_spiders.extractors.common import clean_text
from inbound_spiders.items import InboundItem

#: Keys remembered (:func:`item_key`): a site's findings repeat on many pages (two thirds of them).
KEY_CACHE_SIZE = 4_096


@cache
def _public_suffixes() -> tldextract.TLDExtract:
    # The bundled Public Suffix List snapshot: crawls must not depend on fetching it from the internet.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_of(url: str) -> str:
    """The audited site a URL belongs to: its registrable domain, or ``host[:port]`` for IPs and bare hosts.

    ``https://www.benoithamon2017.fr/le-projet/`` → ``benoithamon2017.fr``; ``http://127.0.0.1:8080/`` →
    ``127.0.0.1:8080`` (so two local test sites on different ports stay apart).
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    registrable = _registrable_domain(host)
    if registrable:
        return registrable
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


@lru_cache(maxsize=4096)
def _registrable_domain(host: str) -> str:
    """``host``'s registrable domain; ``""`` for IP addresses and hosts without one. Remembered per host: the spider
    asks for every link of every page, and a site links to few hosts."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return _public_suffixes()(host).top_domain_under_public_suffix
    return ""


#: Longest site name kept (a ``<title>`` can be a whole sentence).
SITE_NAME_MAX_CHARS = 120

_SITE_NAME_QUERIES = (
    '//meta[@property="og:site_name" or @name="og:site_name"]/@content',
    '//meta[@name="application-name"]/@content',
    "//head/title//text()",
)


def site_name_of(selector: Selector) -> str | None:
    """The name a page gives its site, for people: ``og:site_name``, else ``application-name``, else the
    ``<title>``; whitespace-normalised, at most ``SITE_NAME_MAX_CHARS`` characters; ``None`` when it names none.

    ``<meta property="og:site_name" content="Benoît Hamon 2017">`` → ``Benoît Hamon 2017``.
    """
    for query in _SITE_NAME_QUERIES:
        name = clean_text(" ".join(selector.xpath(query).getall()))
        if name:
            return name if len(name) <= SITE_NAME_MAX_CHARS else name[: SITE_NAME_MAX_CHARS - 1].rstrip() + "…"
    return None


def utc_now_iso() -> str:
    """Current UTC time as ISO 8601 with a ``Z`` suffix, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def item_key(item: InboundItem, site: str, edition: str | None = None) -> str:
    """``<kind>:<sha1>`` over the site and the item's identity fields: stable across pages and runs. ``edition``
    (an archived crawl's source and date, :attr:`~inbound_spiders.archives.ArchiveSpec.edition`) keeps the findings
    of the site as it was apart from the live site's and from other dates'.

    Raises ``UnicodeEncodeError`` when an identity field holds a lone surrogate (no UTF-8 encoder takes one): such an
    item is to be :func:`~inbound_spiders.sanitize.repaired` first."""
    identity = (site, *_identity_of(type(item))(item), *((edition,) if edition else ()))
    if _PLAIN_TYPES.issuperset(map(type, identity)):
        return _key(item.kind, identity)
    return _key.__wrapped__(item.kind, identity)


#: The types of the identity values whose keys are remembered (:func:`_key`).
_PLAIN_TYPES = frozenset({str, type(None)})


@cache
def _identity_of(cls: type[InboundItem]) -> Callable[[InboundItem], tuple[Any, ...]]:
    """The identity fields' values of an item of ``cls``, as a tuple (asked for every finding of every page)."""
    names = cls.identity_fields
    if not names:
        return lambda item: ()
    if len(names) == 1:
        (name,) = names
        return lambda item: (getattr(item, name),)
    return attrgetter(*names)


@lru_cache(maxsize=KEY_CACHE_SIZE)
def _key(kind: str, identity: tuple[Any, ...]) -> str:
    """The key of an identity: remembered, for the same finding on page after page (only identities of strings and
    ``None``, which no other identity equals)."""
    digest = hashlib.sha1(json.dumps(identity, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
    return f"{kind}:{digest}"


def stamp(
    item: InboundItem,
    *,
    site: str,
    run_id: str,
    crawled_at: str,
    depth: int | None = None,
    language: str | None = None,
    capture: dict[str, str | None] | None = None,
    evidence: str | None = None,
    edition: str | None = None,
    key: str | None = None,
) -> InboundItem:
    """A copy of ``item`` with site, run, time, page depth, page language and key filled in; for a page read from an
    archive, the capture it came from (``archived_at``, ``snapshot_url``) and the crawl's ``edition`` in the key;
    ``evidence``: the page's record in the crawl's own WACZ (:func:`~inbound_spiders.capture.capture_reference`).
    ``key``: the item's :func:`item_key` for ``site`` and ``edition`` when the caller already has it."""
    capture = capture or {}
    return dataclasses.replace(
        item,
        site=site,
        run_id=run_id,
        crawled_at=crawled_at,
        depth=depth,
        language=language,
        archived_at=capture.get("archived_at"),
        snapshot_url=capture.get("snapshot_url"),
        capture=evidence,
        key=key if key is not None else item_key(item, site, edition),
    )
