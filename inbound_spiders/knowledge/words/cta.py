"""The words of calls to action in every language the audit knows, assembled from one module per language.

Each language module (:mod:`.fr`, :mod:`.en`, :mod:`.de`, :mod:`.es`, :mod:`.it`, :mod:`.nl`, :mod:`.pt`) holds:

- ``CTA``: per action, regular expressions over folded labels (lowercase, accent-free, ASCII apostrophes);
- ``CTA_TRIGGERS``: word prefixes of which every match of a ``CTA`` pattern holds one (a cheap pre-check);
- ``SIGN_UP_BUTTONS``: submit labels of a form that signs an e-mail address up;
- ``FORM_WORDS``: words of form fields and markup by what they reveal (a message box, a password, an amount...);
- ``CTA_PATHS``: per action, the URL slugs (last path segment of a same-site link) that name it;
- ``NOT_CTA``: labels that are no call to action whatever keyword they hold: ``read_more`` (pager and teaser links),
  ``jobs`` (job offers), ``accounts`` (website accounts, log-in), ``comments`` (comment threads), and ``not_donate``
  (a legal gift, an organ donation);
- ``NOT_CTA_TARGETS``: words of a target URL naming a ``jobs``, ``accounts`` or paid ``subscriptions`` area.

Adding a language is adding its module and its code to :data:`LANGUAGES` (and fixture cases), not code.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from inbound_spiders.knowledge.words import LANGUAGES

#: The actions the label patterns name, in the order they are tried: the first that matches wins.
LABEL_ACTIONS: tuple[str, ...] = (
    "petition",
    "app_download",
    "donate",
    "newsletter",
    "event",
    "volunteer",
    "download",
    "contact",
)
NOT_CTA_KINDS: tuple[str, ...] = ("read_more", "jobs", "accounts", "comments", "not_donate")
TARGET_KINDS: tuple[str, ...] = ("jobs", "accounts", "subscriptions")
FORM_WORD_KINDS: tuple[str, ...] = ("message", "email", "password", "amount", "volunteer", "search", "login")


@cache
def _module(language: str) -> ModuleType:
    """The word module of ``language``."""
    return importlib.import_module(f"{__package__}.{language}")


def _unique(values: list[str]) -> tuple[str, ...]:
    """``values`` without repeats, first occurrence kept."""
    return tuple(dict.fromkeys(value for value in values if value))


def label_patterns(languages: tuple[str, ...] = LANGUAGES) -> dict[str, tuple[str, ...]]:
    """Per action (in :data:`LABEL_ACTIONS` order), the label patterns of ``languages``."""
    return {
        action: _unique([pattern for language in languages for pattern in _module(language).CTA.get(action, ())])
        for action in LABEL_ACTIONS
    }


def trigger_words(languages: tuple[str, ...] = LANGUAGES) -> tuple[str, ...]:
    """The word prefixes of ``languages`` of which every label pattern match holds one."""
    return _unique([word for language in languages for word in _module(language).CTA_TRIGGERS.split()])


def path_actions(languages: tuple[str, ...] = LANGUAGES) -> dict[str, str]:
    """The action each URL slug of ``languages`` names (``don`` → ``donate``); the first language wins a clash."""
    actions: dict[str, str] = {}
    for language in languages:
        for action, slugs in _module(language).CTA_PATHS.items():
            for slug in slugs.split():
                actions.setdefault(slug, action)
    return actions


def negative_patterns(languages: tuple[str, ...] = LANGUAGES) -> dict[str, tuple[str, ...]]:
    """Per kind of :data:`NOT_CTA_KINDS`, the patterns of labels that are no call to action."""
    return {
        kind: _unique([pattern for language in languages for pattern in _module(language).NOT_CTA.get(kind, ())])
        for kind in NOT_CTA_KINDS
    }


def negative_targets(languages: tuple[str, ...] = LANGUAGES) -> dict[str, frozenset[str]]:
    """Per kind of :data:`TARGET_KINDS`, the URL words of job, account and paid-subscription areas."""
    return {
        kind: frozenset(
            word for language in languages for word in _module(language).NOT_CTA_TARGETS.get(kind, "").split()
        )
        for kind in TARGET_KINDS
    }


def sign_up_buttons(languages: tuple[str, ...] = LANGUAGES) -> tuple[str, ...]:
    """The patterns of submit labels that sign an e-mail address up, in ``languages``."""
    return _unique([pattern for language in languages for pattern in _module(language).SIGN_UP_BUTTONS])


def form_words(languages: tuple[str, ...] = LANGUAGES) -> dict[str, tuple[str, ...]]:
    """Per kind of :data:`FORM_WORD_KINDS`, the form words of ``languages``."""
    return {kind: _unique([_module(language).FORM_WORDS[kind] for language in languages]) for kind in FORM_WORD_KINDS}
