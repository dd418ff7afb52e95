"""Asking platforms for what a page does not state: a video's length, a participation platform's counts.

Each lookup is one request per video or platform per run (results are cached, items waiting for the same answer are
released together); when it fails, the item is still yielded, with what the page said (an unknown length, no
counts). Endpoints are settings so tests use local stand-ins.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from inbound_spiders.config import InboundConfig
from inbound_spiders.extractors.platform_apis import (
    decidim_metrics_request,
    discourse_about_url,
    parse_decidim_metrics,
    parse_discourse_about,
)
from inbound_spiders.extractors.video_platforms import (
    dailymotion_duration_from_api,
    lookup_url,
    peertube_duration_from_api,
    vimeo_duration_from_oembed,
    youtube_length_from_watch_page,
)
from inbound_spiders.items import ContributionPlatform, InboundItem, Video

logger = logging.getLogger(__name__)

VIDEO_LENGTH_PARSERS: dict[str, Callable[[bytes], int | None]] = {
    "youtube": youtube_length_from_watch_page,
    "dailymotion": dailymotion_duration_from_api,
    "vimeo": vimeo_duration_from_oembed,
    "peertube": peertube_duration_from_api,
}
COUNT_FIELDS = ("participants", "contributions", "votes")


class Lookups:
    """The lookups of one crawl: turns items that lack a fact into requests, and answers back into items."""

    def __init__(self, config: InboundConfig, crawler: Crawler) -> None:
        self.config = config
        self.crawler = crawler
        self.answers: dict[str, dict[str, Any]] = {}
        self.waiting: dict[str, list[InboundItem]] = {}

    @property
    def stats(self) -> StatsCollector:
        # The crawler's stats exist only once the crawl starts, after this object is made.
        return self.crawler.stats

    def complete(self, item: InboundItem) -> Iterator[InboundItem | scrapy.Request]:
        """``item`` itself, or a request whose answer will complete it (at most one request per video/platform)."""
        request = self._request_for(item)
        if request is None:
            yield item
            return
        lookup_key = request.cb_kwargs["lookup_key"]
        if lookup_key in self.answers:
            self.stats.inc_value("inbound/lookup/cached")
            yield self._completed(item, self.answers[lookup_key])
        elif lookup_key in self.waiting:
            self.waiting[lookup_key].append(item)
        else:
            self.waiting[lookup_key] = [item]
            self.stats.inc_value(f"inbound/lookup/{lookup_key.split(':')[0]}/requested")
            yield request

    def _request_for(self, item: InboundItem) -> scrapy.Request | None:
        # A video the page only links to (a citation) does not count in the audit: its length is not worth a request.
        if (
            isinstance(item, Video)
            and item.duration_seconds is None
            and item.presentation != "link"
            and self.config.video_lookup_enabled
        ):
            peertube_base = _origin(item.url) if item.platform == "peertube" else None
            base = self.config.video_lookup_urls.get(item.platform) or peertube_base
            url = lookup_url(item.platform, item.video_id, base)
            if url is None:
                return None
            return self._request(url, f"video:{item.platform}:{item.video_id}")
        if (
            isinstance(item, ContributionPlatform)
            and self.config.platform_api_enabled
            and all(getattr(item, name) is None for name in COUNT_FIELDS)
        ):
            root = _origin(item.platform_url)
            if item.platform == "discourse":
                return self._request(discourse_about_url(root), f"platform:discourse:{root}")
            if item.platform == "decidim":
                url, body = decidim_metrics_request(root)
                headers = {"Content-Type": "application/json", "Accept": "application/json"}
                return self._request(url, f"platform:decidim:{root}", method="POST", body=body, headers=headers)
        return None

    def _request(self, url: str, lookup_key: str, **kwargs: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.answered,
            errback=self.failed,
            cb_kwargs={"lookup_key": lookup_key},
            dont_filter=True,
            priority=10,
            # A lookup is one API call per video, not a crawl of the platform: its robots.txt is not ours to read.
            meta={"dont_obey_robotstxt": True},
            **kwargs,
        )

    def answered(self, response: Response, lookup_key: str) -> Iterator[InboundItem]:
        """Parse a lookup answer and release the items that waited for it."""
        kind, platform = lookup_key.split(":")[:2]
        if kind == "video":
            length = VIDEO_LENGTH_PARSERS[platform](response.body)
            answer = {"duration_seconds": length, "duration_source": "platform_api"} if length is not None else {}
        else:
            parse = parse_discourse_about if platform == "discourse" else parse_decidim_metrics
            counts = {name: value for name, value in parse(response.body).items() if value is not None}
            answer = {**counts, "counts_source": "platform_api"} if counts else {}
        self.stats.inc_value(f"inbound/lookup/{kind}/{'answered' if answer else 'unanswered'}")
        if not answer:
            logger.warning("[lookup] %s gave nothing usable for %s", response.url, lookup_key)
        yield from self._release(lookup_key, answer)

    def failed(self, failure: Failure) -> Iterator[InboundItem]:
        """A lookup that could not be made: the waiting items go on without the fact."""
        lookup_key = failure.request.cb_kwargs["lookup_key"]  # type: ignore[attr-defined]
        self.stats.inc_value(f"inbound/lookup/{lookup_key.split(':')[0]}/failed")
        logger.warning("[lookup] %s failed: %s", lookup_key, failure.getErrorMessage())
        yield from self._release(lookup_key, {})

    def _release(self, lookup_key: str, answer: dict[str, Any]) -> Iterator[InboundItem]:
        self.answers[lookup_key] = answer
        for item in self.waiting.pop(lookup_key, []):
            yield self._completed(item, answer)

    @staticmethod
    def _completed(item: InboundItem, answer: dict[str, Any]) -> InboundItem:
        return dataclasses.replace(item, **answer) if answer else item


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
