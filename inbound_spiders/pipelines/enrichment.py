"""Enrichment (300): per-item heuristics, before validation checks the result and storage keeps it."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from inbound_spiders.config import InboundConfig
from inbound_spiders.heuristics import (
    assess_call_to_action,
    assess_contribution,
    assess_share_widget,
    assess_team_page,
    assess_video,
)
from inbound_spiders.items import CallToAction, ContributionPlatform, InboundItem, ShareWidget, TeamPage, Video

logger = logging.getLogger(__name__)


class EnrichmentPipeline:
    """Set ``item.assessment`` from :mod:`inbound_spiders.heuristics` with the configured thresholds.

    Also fills two facts the heuristics and the site audit need and the extractors cannot know:

    - ``depth`` (how many clicks from the start page), from the depth of the response the page came in, when the
      item does not carry it;
    - a video's ``duration_seconds`` when this page does not state it but another page of the same run did (the same
      video, same key: the stored document keeps the last item written, which must not lose a known length).

    Stats: ``inbound/enrichment/<kind>/assessed`` and one counter per outcome
    (``inbound/enrichment/video/length_class/long``, ``.../team_page/completeness/bare``...).
    """

    def __init__(self, config: InboundConfig, stats: StatsCollector) -> None:
        self.config = config
        self.stats = stats
        self.depths: dict[str, int] = {}
        self.durations: dict[str, tuple[int, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EnrichmentPipeline:
        config = InboundConfig.from_settings(crawler.settings)
        if not config.enrichment_enabled:
            raise NotConfigured("INBOUND_ENRICHMENT_ENABLED is off")
        pipeline = cls(config, crawler.stats)
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        return pipeline

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        """Remember each page's link depth (``DepthMiddleware`` sets it on requests; the start page is 0)."""
        self.depths.setdefault(response.url, int(request.meta.get("depth", 0)))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, InboundItem):
            return item
        changes: dict[str, Any] = {}
        if item.depth is None and item.page_url in self.depths:
            changes["depth"] = self.depths[item.page_url]
        if isinstance(item, Video):
            changes.update(self._video_changes(item))
        enriched = dataclasses.replace(item, **changes) if changes else item
        assessment = self.assess(enriched)
        if assessment is None:
            return enriched
        self.stats.inc_value(f"inbound/enrichment/{item.kind}/assessed")
        for assessed in dataclasses.fields(assessment):  # its flags and classes; no copy of the rest (asdict's)
            name, value = assessed.name, getattr(assessment, assessed.name)
            if isinstance(value, bool | str) or value is None:
                self.stats.inc_value(f"inbound/enrichment/{item.kind}/{name}/{str(value).lower()}")
        return dataclasses.replace(enriched, assessment=assessment)

    def _video_changes(self, video: Video) -> dict[str, Any]:
        if video.key is None:
            return {}
        if video.duration_seconds is not None:
            self.durations.setdefault(video.key, (video.duration_seconds, video.duration_source))
            return {}
        known = self.durations.get(video.key)
        if known is None:
            return {}
        self.stats.inc_value("inbound/enrichment/video/duration_from_other_page")
        return {"duration_seconds": known[0], "duration_source": known[1]}

    def assess(self, item: InboundItem) -> Any:
        """The assessment of ``item`` with the configured thresholds; ``None`` for kinds without heuristics."""
        config = self.config
        if isinstance(item, Video):
            return assess_video(
                item,
                short_max_seconds=config.video_short_max_seconds,
                long_min_seconds=config.video_long_min_seconds,
                split_min_seconds=config.video_split_min_seconds,
            )
        if isinstance(item, TeamPage):
            return assess_team_page(
                item, bio_min_chars=config.team_bio_min_chars, complete_min_share=config.team_complete_min_share
            )
        if isinstance(item, ContributionPlatform):
            return assess_contribution(
                item,
                low_participants=config.participation_low_participants,
                high_participants=config.participation_high_participants,
            )
        if isinstance(item, CallToAction):
            return assess_call_to_action(item)
        if isinstance(item, ShareWidget):
            return assess_share_widget(item)
        return None
