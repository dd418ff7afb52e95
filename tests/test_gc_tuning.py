"""The crawl command sets the process for crawling before any crawler exists: the garbage collector
(``INBOUND_GC_THRESHOLD``), and no per-item DEBUG record built when the log level drops them."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator

import pytest
from scrapy.settings import Settings

from inbound_spiders.commands.crawl import skip_unlogged_debug_records, tune_garbage_collector


@pytest.fixture(autouse=True)
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_the_threshold_is_raised_and_what_is_loaded_is_frozen() -> None:
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
    tune_garbage_collector(Settings({"INBOUND_GC_THRESHOLD": 12345}))
    assert gc.get_threshold() == (12345, 10, 10)
    assert gc.get_freeze_count() > 1000  # the modules, classes and schemas loaded so far


def test_zero_keeps_python_s_threshold() -> None:
    gc.set_threshold(700, 10, 10)
    tune_garbage_collector(Settings({"INBOUND_GC_THRESHOLD": 0}))
    assert gc.get_threshold() == (700, 10, 10)


def test_the_default_is_documented_value() -> None:
    gc.set_threshold(700, 10, 10)
    tune_garbage_collector(Settings())
    assert gc.get_threshold()[0] == 20_000


def test_a_negative_threshold_is_left_to_the_spider_to_refuse() -> None:
    gc.set_threshold(700, 10, 10)
    tune_garbage_collector(Settings({"INBOUND_GC_THRESHOLD": -1}))
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize(("level", "expected"), [("INFO", logging.INFO), ("WARNING", logging.WARNING)])
def test_per_item_debug_records_are_not_built_above_debug(level: str, expected: int) -> None:
    logger = logging.getLogger("scrapy.core.scraper")
    before = logger.level
    try:
        logger.setLevel(logging.NOTSET)
        skip_unlogged_debug_records(Settings({"LOG_LEVEL": level}))
        assert logger.level == expected
        assert not logger.isEnabledFor(logging.DEBUG)
    finally:
        logger.setLevel(before)


def test_debug_level_keeps_every_debug_line() -> None:
    logger = logging.getLogger("pymongo")
    before = logger.level
    try:
        logger.setLevel(logging.NOTSET)
        skip_unlogged_debug_records(Settings({"LOG_LEVEL": "DEBUG"}))
        assert logger.level == logging.NOTSET
    finally:
        logger.setLevel(before)
