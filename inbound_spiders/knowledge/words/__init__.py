"""The words of each language the audit reads, one module per language (:mod:`.fr`, :mod:`.en`...).

Every language module fills the same sections; the assemblers (:mod:`.cta`, :mod:`.team`, :mod:`.participation`,
:mod:`.video`) document each section and build from them what the extractors read.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType
from typing import Any

#: The languages the audit has words and advice for: adding one is adding its module here and fixture cases.
LANGUAGES: tuple[str, ...] = ("fr", "en", "de", "es", "it", "nl", "pt")


@cache
def language_module(language: str) -> ModuleType:
    """The word module of ``language``."""
    return importlib.import_module(f"{__name__}.{language}")


def by_language(section: str, languages: tuple[str, ...] = LANGUAGES) -> dict[str, Any]:
    """language -> the ``section`` of its word module, for each of ``languages`` in order."""
    return {language: getattr(language_module(language), section) for language in languages}
