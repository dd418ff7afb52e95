"""``RepeatedFindings``: a finding goes through the item pipelines once per crawl, however many pages show it."""

from __future__ import annotations

from typing import NamedTuple

from scrapy.crawler import Crawler

from inbound_spiders.items import InboundItem
from inbound_spiders.signals import findings_repeated


class Sighting(NamedTuple):
    """A finding seen again, on ``page_url``, and not yielded again: what storage needs to count the page."""

    key: str
    kind: str
    page_url: str
    crawled_at: str


class RepeatedFindings:
    """Which findings of this crawl go on as items: an item whose ``key`` was already let through (the header's
    donate button, the footer's newsletter form, the follow links: two thirds of a campaign site's findings) is not
    yielded again. Its sighting is counted (``inbound/items/repeated/<kind>``) and announced, with the page's other
    repeats, by the :data:`~inbound_spiders.signals.findings_repeated` signal, from which storage keeps the one
    document's ``page_count`` and ``pages`` up to date. A repeat that states more than the sightings let through so
    far (a video's length read from the article's metadata after a listing's visible label; see
    :meth:`InboundItem.detail`) goes on too (``inbound/items/refined/<kind>``) and replaces the stored version: a feed
    holds one item per finding and crawl, or a few.

    The spider asks before anything else happens to a finding (stamping and platform lookups included: a repeat
    costs its key and its detail, no copy), so that every way an item leaves the spider, callbacks and errbacks
    alike, is covered; it announces a page's repeats once the page's findings are out (:meth:`announce`). Off with
    ``INBOUND_COLLAPSE_REPEATS=False``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # Per key let through, the detail of the best sighting (tuples interned: a few distinct values).
        self.admitted: dict[str, tuple[int, ...]] = {}
        self.details: dict[tuple[int, ...], tuple[int, ...]] = {}
        # Repeats seen since the last announcement (a page's, ~17 on a campaign site): one signal for them all.
        self.sightings: list[Sighting] = []

    def repeated(self, item: InboundItem, key: str, crawled_at: str) -> bool:
        """Whether ``item`` (not stamped yet; ``key`` is its key) is a repeat: then it is counted and kept for the
        next :meth:`announce`. An item that is not must be :meth:`admit`-ted before it goes on."""
        best = self.admitted.get(key)
        if best is None or item.detail() > best:
            return False
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(f"inbound/items/repeated/{item.kind}")
        self.sightings.append(Sighting(key, item.kind, item.page_url, crawled_at))
        return True

    def admit(self, item: InboundItem, key: str) -> None:
        """Let ``item`` (not a repeat: :meth:`repeated` said so of it as it goes on) through: its detail becomes the
        one later sightings of ``key`` must beat."""
        best = self.admitted.get(key)
        detail = item.detail()
        self.admitted[key] = self.details.setdefault(detail, detail)
        stats = self.crawler.stats
        assert stats is not None
        if best is None:
            stats.inc_value("inbound/findings/distinct")
        else:
            stats.inc_value(f"inbound/items/refined/{item.kind}")

    def announce(self) -> None:
        """Send the repeats seen since the last call, if any, in one :data:`findings_repeated` signal."""
        if self.sightings:
            sightings, self.sightings = self.sightings, []
            self.crawler.signals.send_catch_log(findings_repeated, sightings=sightings)
