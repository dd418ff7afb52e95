"""The titles of the site audit's checks and categories in every language of the audit, held as data in
``titles.json`` (next to the advice, ``advice.json``): one entry per check id and per category id, a title per
language of :data:`~inbound_spiders.knowledge.words.LANGUAGES`. The audit stores the French and English ones
(``title_fr``, ``title_en``); the HTML report shows the one of its language. A check or category without its titles
fails at import, naming it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def titles_table() -> dict[str, Any]:
    """``titles.json``: ``{"checks": {check id: {language: title}}, "categories": {id: {language: title}}}``."""
    return json.loads(files(__package__).joinpath("titles.json").read_text(encoding="utf-8"))


def check_titles(check_id: str) -> dict[str, str]:
    """A check's titles by language; :class:`KeyError` naming the check when it has none."""
    titles = titles_table()["checks"].get(check_id)
    if titles is None:
        raise KeyError(f"titles.json has no titles for the check {check_id!r}")
    return titles


def category_titles(category_id: str) -> dict[str, str]:
    """A category's titles by language; :class:`KeyError` naming the category when it has none."""
    titles = titles_table()["categories"].get(category_id)
    if titles is None:
        raise KeyError(f"titles.json has no titles for the category {category_id!r}")
    return titles
