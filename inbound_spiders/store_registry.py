"""One :class:`MongoStore` per crawler, shared by the storage pipeline and the run recorder."""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler

from inbound_spiders.config import InboundConfig
from inbound_spiders.store import MongoStore

_ATTRIBUTE = "_inbound_mongo_store"


def store_for(crawler: Crawler, config: InboundConfig) -> MongoStore:
    """The crawler's store, opened on first use and closed (embedded server stopped) when the engine stops."""
    store = getattr(crawler, _ATTRIBUTE, None)
    if store is None:
        store = MongoStore(config).open()
        setattr(crawler, _ATTRIBUTE, store)
        crawler.signals.connect(store.close, signal=signals.engine_stopped)
    return store


def share_store(crawler: Crawler, store: MongoStore) -> None:
    """Give ``crawler`` a store opened (and closed) by someone else: a list of sites shares one connection."""
    setattr(crawler, _ATTRIBUTE, store)
