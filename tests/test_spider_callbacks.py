"""Scrapy's check for generator callbacks that return a value (``WARN_ON_GENERATOR_RETURN_VALUE``) is off in the
project's settings: it read each callback's source for every crawler, hence for every site of a list. The project's
callbacks are checked here once instead."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from scrapy.utils.misc import is_generator_with_return_value

from inbound_spiders import settings
from inbound_spiders.lookups import Lookups
from inbound_spiders.spiders.base import InboundSpider
from inbound_spiders.spiders.profiles import ProfileSpider

CALLBACKS: list[Callable[..., Any]] = [
    InboundSpider.parse,
    InboundSpider.parse_rendered,
    InboundSpider.render_failed,
    Lookups.answered,
    Lookups.failed,
]


def test_the_check_is_off_in_the_project_settings() -> None:
    assert settings.WARN_ON_GENERATOR_RETURN_VALUE is False


@pytest.mark.parametrize("callback", CALLBACKS, ids=lambda callback: callback.__qualname__)
def test_no_generator_callback_returns_a_value(callback: Callable[..., Any]) -> None:
    assert not is_generator_with_return_value(callback)


def test_every_request_callback_of_the_project_is_checked() -> None:
    """A new ``callback=self.x`` or ``errback=self.x`` must join :data:`CALLBACKS`."""
    named = set()
    for owner in (InboundSpider, Lookups, ProfileSpider):
        tree = ast.parse(textwrap.dedent(inspect.getsource(owner)))
        for node in ast.walk(tree):
            is_callback = isinstance(node, ast.keyword) and node.arg in {"callback", "errback"}
            if is_callback and isinstance(node.value, ast.Attribute):
                named.add(node.value.attr)
    assert named == {callback.__name__ for callback in CALLBACKS}, named
