"""``RepeatedFindings``: a finding goes through the item pipelines once per crawl, however many pages show it."""

from __future__ import annotations

from scrapy.crawler import Crawler

from inbound_spiders.items import InboundItem
from inbound_spiders.signals import finding_repeated


class RepeatedFindings:
    """Which findings of this crawl go on as items: an item whose ``key`` was already let through (the header's
    donate button, the footer's newsletter form, the follow links: two thirds of a campaign site's findings) is not
    yielded again. Its sighting is counted (``inbound/items/repeated/<kind>``) and announced with the
    :data:`~inbound_spiders.signals.finding_repeated` signal, from which storage keeps the one document's
    ``page_count`` and ``pages`` up to date. A repeat that states more than the sightings let through so far (a
    video's length read from the article's metadata after a listing's visible label; see
    :meth:`InboundItem.detail`) goes on too (``inbound/items/refined/<kind>``) and replaces the stored version: a feed
    holds one item per finding and crawl, or a few.

    The spider asks before anything else happens to a finding (platform lookups included), so that every way an item
    leaves the spider, callbacks and errbacks alike, is covered. Off with ``INBOUND_COLLAPSE_REPEATS=False``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # Per key let through, the detail of the best sighting (tuples interned: a few distinct values).
        self.admitted: dict[str, tuple[int, ...]] = {}
        self.details: dict[tuple[int, ...], tuple[int, ...]] = {}

    def admit(self, item: InboundItem) -> bool:
        """Whether ``item`` (stamped: it has its key) goes on as an item; a repeat is counted and announced instead."""
        key = item.key
        if key is None:
            return True
        best = self.admitted.get(key)
        detail = item.detail()
        stats = self.crawler.stats
        assert stats is not None
        if best is None or detail > best:
            self.admitted[key] = self.details.setdefault(detail, detail)
            if best is None:
                stats.inc_value("inbound/findings/distinct")
            else:
                stats.inc_value(f"inbound/items/refined/{item.kind}")
            return True
        stats.inc_value(f"inbound/items/repeated/{item.kind}")
        self.crawler.signals.send_catch_log(finding_repeated, item=item)
        return False
