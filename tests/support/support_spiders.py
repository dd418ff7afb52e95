"""Spiders used only by the test suite (on SPIDER_MODULES through ``-s``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import HtmlResponse

from inbound_spiders.identity import stamp, utc_now_iso
from inbound_spiders.items import Video
from inbound_spiders.spiders.base import InboundSpider


class InvalidItemSpider(InboundSpider):
    """The audit crawl, plus one item per run that breaks the video schema (a negative duration), so the suite can
    follow an invalid item through the real pipelines into the ``rejects`` collection."""

    name = "audit_with_invalid_item"
    emitted = False

    def findings(self, response: HtmlResponse) -> Iterator[Any]:
        yield from super().findings(response)
        if not self.emitted:
            self.emitted = True
            broken = Video(page_url=response.url, platform="youtube", url="https://www.youtube.com/watch?v=broken00000")
            broken.duration_seconds = -5
            yield stamp(broken, site=self.site, run_id=self.run_id, crawled_at=utc_now_iso())
