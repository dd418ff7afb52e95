"""The advice of the site audit's checks in every language of the audit, held as data in ``advice.json``.

``advice.json`` has one entry per check id and result (``fail``, ``pass``, and ``unknown`` when the check has its own
wording), each a text per language of :data:`~inbound_spiders.page.language.LANGUAGES`; ``{name}`` is a detail of the
check's outcome. A check without its own ``unknown`` advice takes the shared one. Translating the audit into another
language is adding its text to each entry (a test checks that every entry has every language, with the same
details named as the English text).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from inbound_spiders.knowledge.words import LANGUAGES

#: The language advice is given in when the site's is not one of :data:`LANGUAGES` (nor asked for).
DEFAULT_ADVICE_LANGUAGE = "en"
_UNKNOWN = "unknown"


@cache
def advice_table() -> dict[str, Any]:
    """``advice.json``: ``{"unknown": {language: text}, "checks": {check id: {result: {language: text}}}}``."""
    return json.loads(files(__package__).joinpath("advice.json").read_text(encoding="utf-8"))


def advice_templates(check_id: str, result: str) -> dict[str, str]:
    """The advice templates of a check's result, by language; :class:`KeyError` naming the check when it has none."""
    table = advice_table()
    templates = table["checks"].get(check_id, {}).get(result)
    if templates is None and result == _UNKNOWN:
        templates = table[_UNKNOWN]
    if templates is None:
        raise KeyError(f"advice.json has no {result!r} advice for the check {check_id!r}")
    return templates


def advice_language(asked: str | None, site_language: str | None) -> str:
    """The language to give a site's advice in: ``asked`` (``--lang``) when it is one of :data:`LANGUAGES`, else the
    site's language when it is, else English."""
    for language in (asked, site_language):
        if language in LANGUAGES:
            return language
    return DEFAULT_ADVICE_LANGUAGE
