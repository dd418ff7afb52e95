"""What tells a page's language, assembled from one module per language (:mod:`.fr`, :mod:`.en`, :mod:`.de`...), read
by :mod:`inbound_spiders.page.language`.

Each language module holds:

* ``LANGUAGE_NAMES`` — whitespace-separated, folded (lowercase, no accents): the ISO 639-2 codes (bibliographic and
  terminologic) and the names (in English and in the language) some pages declare instead of the ISO 639-1 code
  (``fra``, ``fre``, ``french``, ``francais``);
* ``FUNCTION_WORDS`` — whitespace-separated, lowercase: the language's most frequent function words. Text detected as
  the language must use them, so that a string of letters is no language.

Adding a language is adding its module (and fixture cases), not code.
"""

from __future__ import annotations

from inbound_spiders.knowledge.words import LANGUAGES, by_language

#: The sections every language module fills for language identification.
SECTIONS: tuple[str, ...] = ("LANGUAGE_NAMES", "FUNCTION_WORDS")


def language_aliases(languages: tuple[str, ...] = LANGUAGES) -> dict[str, str]:
    """Declared name or ISO 639-2 code -> the ISO 639-1 code of each of ``languages``."""
    return {
        name: language for language, names in by_language("LANGUAGE_NAMES", languages).items() for name in names.split()
    }


def function_words(languages: tuple[str, ...] = LANGUAGES) -> dict[str, frozenset[str]]:
    """language -> its most frequent function words, for each of ``languages``."""
    return {language: frozenset(words.split()) for language, words in by_language("FUNCTION_WORDS", languages).items()}
