"""``scrapy crawl audit -a url=https://example.org [-a max_pages=N] [-a max_depth=N]``: audit any site."""

from __future__ import annotations

from inbound_spiders.spiders.base import InboundSpider


class AuditSpider(InboundSpider):
    """Audit the site given by ``-a url=...``: calls to action, share widgets, videos, team pages, contribution
    platforms."""

    name = "audit"
