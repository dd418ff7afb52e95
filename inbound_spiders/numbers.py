"""Numbers as people of a language write them (``4,812`` in English, ``4 812`` in French, ``4.812`` in German): the one
formatter of the report's figures and of the numbers the advice fills in. The conventions are the ``number`` block of
each language in ``inbound_spiders/report/words.json``, next to the report's other words."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

#: The language whose conventions a language without its own takes.
FALLBACK_LANGUAGE = "en"


@cache
def number_conventions() -> dict[str, dict[str, Any]]:
    """Per language, ``{"thousands": ..., "decimal": ..., "percent": ..., "plural": ...}`` from ``words.json``
    (read from the package folder, without importing the report)."""
    text = files("inbound_spiders").joinpath("report", "words.json").read_text(encoding="utf-8")
    table = json.loads(text)
    return {language: words["number"] for language, words in table.items() if isinstance(words, dict)}


def format_number(value: float, language: str, decimals: int = 0) -> str:
    """``12345.6`` → ``12,346`` (en), ``12 346`` (fr), ``12.346`` (de); ``decimals`` kept after the comma (trailing
    zeros dropped); a language without conventions writes as English."""
    conventions = number_conventions()
    convention = conventions.get(language) or conventions[FALLBACK_LANGUAGE]
    whole, _, fraction = f"{abs(value):,.{decimals}f}".partition(".")
    shown = whole.replace(",", convention["thousands"])
    if fraction.strip("0"):
        shown += convention["decimal"] + fraction.rstrip("0")
    return f"-{shown}" if value < 0 else shown
