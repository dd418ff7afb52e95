"""Extractors: pure functions ``(selector, page_url) -> list[item]``, one module per kind of finding.

They read nothing but the page (no network, no settings) and never raise on odd markup; the spider stamps site, run
and time on what they return.
"""

from __future__ import annotations

from collections.abc import Callable

from parsel import Selector

from inbound_spiders.extractors.calls_to_action import extract_calls_to_action
from inbound_spiders.extractors.contribution_platforms import extract_contribution_platforms
from inbound_spiders.extractors.share_widgets import extract_share_widgets
from inbound_spiders.extractors.team_pages import extract_team_pages
from inbound_spiders.extractors.videos import extract_videos
from inbound_spiders.items import InboundItem

Extractor = Callable[[Selector, str], list[InboundItem]]

#: Extractor of each item kind, keyed by the item's ``kind``.
EXTRACTORS: dict[str, Extractor] = {
    "call_to_action": extract_calls_to_action,
    "share_widget": extract_share_widgets,
    "video": extract_videos,
    "team_page": extract_team_pages,
    "contribution_platform": extract_contribution_platforms,
}
