"""The project's stats collector: Scrapy's in-memory one, minus the per-call deprecation shim."""

from __future__ import annotations

import ast
from pathlib import Path

from scrapy.settings import Settings
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

from inbound_spiders import settings as project_settings
from inbound_spiders.stats import InboundStatsCollector

PACKAGE = Path(project_settings.__file__).parent
STATS_METHODS = {"get_value", "get_stats", "set_value", "set_stats", "inc_value", "max_value", "min_value"}


def test_crawls_count_into_the_inbound_stats_collector_as_into_scrapys() -> None:
    settings = Settings()
    settings.setmodule(project_settings)
    stats = load_object(settings["STATS_CLASS"])(get_crawler())
    assert isinstance(stats, InboundStatsCollector)
    stats.inc_value("inbound/items/video")
    stats.inc_value("inbound/items/video", 2)
    stats.inc_value("inbound/pages/audited", start=10)
    stats.set_value("inbound/site", "example.org")
    stats.max_value("inbound/depth", 3)
    stats.max_value("inbound/depth", 1)
    stats.min_value("inbound/first", 5)
    stats.min_value("inbound/first", 7)
    assert stats.get_stats() == {
        "inbound/items/video": 3,
        "inbound/pages/audited": 11,
        "inbound/site": "example.org",
        "inbound/depth": 3,
        "inbound/first": 5,
    }
    assert stats.get_value("inbound/missing", 0) == 0


def test_the_project_never_passes_the_deprecated_spider_argument_to_stats() -> None:
    """The shim the collector drops only warned about ``spider=``: no call of the project passes it."""
    offending = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in STATS_METHODS
        and any(keyword.arg == "spider" for keyword in node.keywords)
    ]
    assert not offending
