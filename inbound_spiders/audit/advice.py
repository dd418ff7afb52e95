"""The advice of the site audit's checks in every language of the audit, held as data in ``advice.json``.

``advice.json`` has one entry per check id and result (``fail``, ``pass``, and ``unknown`` when the check has its own
wording; ``fail_missing`` and the like when an outcome of that result needs other words, named by its ``advice``),
each a text per language of :data:`~inbound_spiders.page.language.LANGUAGES`; ``{name}`` is a detail of the
check's outcome. A check without its own ``unknown`` advice takes the shared one. A detail listing internal values
(the CTA kinds missing, the networks offered) is written with their words in the advice's language, from
``values.json`` (:func:`value_word`, :func:`advice_details`). Translating the audit into another language is adding its
text to each entry and its block of values (tests check that every entry has every language, with the same details
named as the English text, and that every language has a word for every value).
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


@cache
def values_table() -> dict[str, Any]:
    """``values.json``: ``{"languages": {language: {value: word}}, "names": {value: proper name}}``."""
    return json.loads(files(__package__).joinpath("values.json").read_text(encoding="utf-8"))


def value_word(value: str, language: str) -> str:
    """An internal value of a check's details (``donate``, ``header``, ``email``, ``facebook``) as people of
    ``language`` (English when it is not one of :data:`LANGUAGES`) read it: its word in that language, else its proper
    name, else ``value`` as is (a title, a URL, a hashtag)."""
    table = values_table()
    words = table["languages"].get(language) or table["languages"][DEFAULT_ADVICE_LANGUAGE]
    return str(words.get(value) or table["names"].get(value) or value)


class _Details(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def advice_details(details: dict[str, Any], language: str) -> dict[str, Any]:
    """A check's ``details`` as its advice in ``language`` shows them: a list of internal values (``["event",
    "petition"]``) as their words in that language, joined (``Veranstaltung, Petition``), ``—`` when empty; other
    details as they are. A detail the outcome lacks reads ``?``."""
    shown = _Details(details)
    for key, value in details.items():
        if isinstance(value, list):
            shown[key] = ", ".join(value_word(str(item), language) for item in value) or "—"
    return shown


def advice_language(asked: str | None, site_language: str | None) -> str:
    """The language to give a site's advice in: ``asked`` (``--lang``) when it is one of :data:`LANGUAGES`, else the
    site's language when it is, else English."""
    for language in (asked, site_language):
        if language in LANGUAGES:
            return language
    return DEFAULT_ADVICE_LANGUAGE
