"""An audit spider as a crawl builds it, for tests that call its callbacks in process (no engine, no network)."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from inbound_spiders.config import InboundConfig
from inbound_spiders.lookups import Lookups
from inbound_spiders.spiders.audit import AuditSpider


def offline_audit_spider(url: str = "https://www.example.org/") -> AuditSpider:
    """An audit spider of ``url`` with its crawler, config, stats and platform lookups (their requests are built,
    never sent), rendering off."""
    crawler = get_crawler(AuditSpider, settings_dict={"INBOUND_RENDER_MODE": "never"})
    spider = AuditSpider(url=url)
    spider.crawler = crawler
    spider.config = InboundConfig.from_settings(crawler.settings)
    spider.lookups = Lookups(spider.config, crawler)
    spider.render_mode = "never"
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider
