"""``RepeatedFindings``: a finding goes through the item pipelines once per crawl, however many pages show it."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from inbound_spiders.config import InboundConfig
from inbound_spiders.items import InboundItem
from inbound_spiders.signals import finding_repeated


class RepeatedFindings(BaseSpiderMiddleware):
    """Spider middleware: an item whose ``key`` was already yielded in this crawl (the header's donate button, the
    footer's newsletter form, the follow links: two thirds of a campaign site's findings) is not yielded again. Its
    sighting is counted (``inbound/items/repeated/<kind>``) and announced with the
    :data:`~inbound_spiders.signals.finding_repeated` signal, from which storage keeps the one document's
    ``page_count`` and ``pages`` up to date. A repeat that states more than the sightings yielded so far (a video's
    length read from the article's metadata after a listing's visible label; see :meth:`InboundItem.detail`) is
    yielded again, and replaces the stored version: a feed holds one item per finding and crawl, or a few.

    Off with ``INBOUND_COLLAPSE_REPEATS=False``: every sighting is an item again (one per page and finding).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        # Per key yielded, the detail of the best sighting yielded (tuples interned: a few distinct values).
        self.yielded: dict[str, tuple[int, ...]] = {}
        self.details: dict[tuple[int, ...], tuple[int, ...]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RepeatedFindings:
        if not InboundConfig.from_settings(crawler.settings).collapse_repeats:
            raise NotConfigured("INBOUND_COLLAPSE_REPEATS is off")
        return cls(crawler)

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        key = item.key if isinstance(item, InboundItem) else None
        if key is None:
            return item
        best = self.yielded.get(key)
        detail = item.detail()
        if best is None or detail > best:
            self.yielded[key] = self.details.setdefault(detail, detail)
            if best is not None:
                assert self.crawler.stats is not None
                self.crawler.stats.inc_value(f"inbound/items/refined/{item.kind}")
            return item
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"inbound/items/repeated/{item.kind}")
        self.crawler.signals.send_catch_log(finding_repeated, item=item)
        return None
