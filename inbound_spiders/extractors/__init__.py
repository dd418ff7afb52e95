"""Extractors: pure readers of one :class:`~inbound_spiders.page.model.Page` each, ``(page) -> list[item]``, one
module per kind of finding.

The spider builds one ``Page`` per response and hands the same object to every extractor, so what several of them
need (the tree's elements by tag, resolved links, placement, structured data) is computed once. They read nothing but
the page (no network, no settings); the spider stamps site, run and time on what they return and counts an
extractor's errors. Each module also keeps ``extract_<kind>(selector, page_url)`` for callers without a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from inbound_spiders.extractors.calls_to_action import read_calls_to_action
from inbound_spiders.extractors.contribution_platforms import read_contribution_platforms
from inbound_spiders.extractors.share_widgets import read_share_widgets
from inbound_spiders.extractors.team_pages import read_team_pages
from inbound_spiders.extractors.videos import read_videos
from inbound_spiders.items import InboundItem

if TYPE_CHECKING:
    from inbound_spiders.page.model import Page

Extractor = Callable[["Page"], list[InboundItem]]

#: Extractor of each item kind, keyed by the item's ``kind``.
EXTRACTORS: dict[str, Extractor] = {
    "call_to_action": read_calls_to_action,
    "share_widget": read_share_widgets,
    "video": read_videos,
    "team_page": read_team_pages,
    "contribution_platform": read_contribution_platforms,
}
