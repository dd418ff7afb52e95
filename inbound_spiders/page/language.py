"""Which language a page is in: what it declares, else what its visible text reads as.

Declarations, most specific first: the root element's ``lang`` (then ``xml:lang``), ``og:locale``, ``<meta
http-equiv="Content-Language">``, then the ``Content-Language`` response header. When they disagree (a theme left at
``en-US`` on a German site, a server header naming several languages), the text decides between them; when none is
declared, the text alone is detected (lingua, restricted to :data:`LANGUAGES`, on a bounded sample of prose). Codes
are normalised: one of :data:`LANGUAGES`, else the declared primary subtag (``pl-PL`` → ``pl``), else ``None``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml import etree
from parsel import Selector

from inbound_spiders.knowledge.words import LANGUAGES, identification

#: Where a page's language came from (:attr:`LanguageDecision.source`), most trusted declaration first.
DECLARATION_SOURCES: tuple[str, ...] = ("html_lang", "xml_lang", "og_locale", "meta_content_language", "header")
DETECTED = "detected"

#: ISO 639-2 codes and names some pages declare instead of ISO 639-1 (the ``LANGUAGE_NAMES`` of the word modules).
_ALIASES: dict[str, str] = identification.language_aliases()
#: Codes that name no language: undetermined, multiple, no linguistic content, uncoded.
_NOT_A_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})
_PRIMARY_SUBTAG = re.compile(r"^[a-z]{2,3}$")
_SUBTAG_SEPARATOR = re.compile(r"[-_.;\s]")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Characters of visible text detection reads at most: enough for a sure answer (63 of the development corpus's 64
#: pages, the 64th an English interface over Spanish lists; median 1.3 ms a page, sampling included), bounded so that a
#: huge page costs no more than a short one.
DETECTION_SAMPLE_CHARS = 1200
#: Fewer letters than this is no text to detect a language from (a page of images, a bare form).
DETECTION_MIN_LETTERS = 40
#: A text node of at least this many words is prose; menus and buttons are shorter, and often in another language.
_PROSE_MIN_WORDS = 5
_INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
#: The most frequent function words of each language (the ``FUNCTION_WORDS`` of the word modules): detected text
#: must use its language's (two at least, and :data:`FUNCTION_WORDS_MIN_SHARE` of its words), so that a string of
#: letters is no language. Low, because a page of names (a members list) has few: 2.7 % on the development corpus's
#: lowest, 0 for junk.
FUNCTION_WORDS: dict[str, frozenset[str]] = identification.function_words()
FUNCTION_WORDS_MIN_SHARE = 0.02


@dataclass(frozen=True)
class LanguageDecision:
    """A page's language and how it was decided."""

    language: str | None
    """One of :data:`LANGUAGES`, else the declared primary subtag, else ``None`` (nothing declared or readable)."""
    source: str | None
    """``html_lang``, ``xml_lang``, ``og_locale``, ``meta_content_language``, ``header`` or ``detected``; ``None``
    when no language was found."""


def normalise_language(value: Any) -> str | None:
    """A declared language tag as a code: ``fr-FR``, ``fr_FR``, ``FR``, ``fra`` → ``fr``; ``pl-PL`` → ``pl``;
    ``None`` for what names no language (``""``, ``und``, ``x-default``, ``*``, ``12``)."""
    if not isinstance(value, str):
        return None
    primary = _SUBTAG_SEPARATOR.split(value.strip().lower(), maxsplit=1)[0]
    primary = _ALIASES.get(primary.replace("ç", "c").replace("ñ", "n").replace("ê", "e"), primary)
    if primary in LANGUAGES:
        return primary
    if _PRIMARY_SUBTAG.match(primary) and primary not in _NOT_A_LANGUAGE:
        return primary
    return None


def _header_value(headers: Mapping[Any, Any] | None, name: str) -> str | None:
    """A response header as text, whatever the case of its name (Scrapy's headers hold bytes, a test's dict text)."""
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        value = next((item for key, item in headers.items() if _text(key).lower() == name.lower()), None)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else _text(value)


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def declared_languages(selector: Selector, headers: Mapping[Any, Any] | None = None) -> list[tuple[str, str]]:
    """Every language the page declares, as ``(source, code)`` in :data:`DECLARATION_SOURCES` order (a header
    listing several languages gives one pair each)."""
    root = selector.root
    if not isinstance(root, etree._Element):
        return []
    og_locale = content_language = None
    for meta in root.iterfind("{*}head/{*}meta"):
        if og_locale is None and "og:locale" in (meta.get("property"), meta.get("name")):
            og_locale = meta.get("content")
        elif content_language is None and (meta.get("http-equiv") or "").lower() == "content-language":
            content_language = meta.get("content")
    header = _header_value(headers, "Content-Language")
    values: dict[str, list[str | None]] = {
        "html_lang": [root.get("lang")],
        "xml_lang": [root.get("xml:lang") or root.get(_XML_LANG)],
        "og_locale": [og_locale],
        "meta_content_language": [content_language],
        "header": list(header.split(",")) if header else [],  # one pair per language a header lists
    }
    return [
        (source, code)
        for source in DECLARATION_SOURCES
        for value in values[source]
        if (code := normalise_language(value))
    ]


def visible_text_sample(selector: Selector, limit: int = DETECTION_SAMPLE_CHARS) -> str:
    """Up to ``limit`` characters of the page's visible text, prose first (text nodes of several words, in page
    order), then the rest: menus and buttons are short and often in another language than the content. Reading
    stops once ``limit`` characters of prose are found, so a long page costs no more than a short one."""
    root = selector.root
    if not isinstance(root, etree._Element):
        return ""
    body = root.find("{*}body")
    walker = etree.iterwalk(root if body is None else body, events=("start", "end", "comment", "pi"))
    prose: list[str] = []
    short: list[str] = []
    size = 0
    for event, element in walker:
        if event == "start":
            if _local_name(element.tag) in _INVISIBLE_TAGS:
                walker.skip_subtree()  # its text is not shown; its tail comes with its "end" event
                continue
            text = element.text
        else:
            text = element.tail
        words = text.split() if text else None
        if not words:
            continue
        if len(words) >= _PROSE_MIN_WORDS:
            prose.append(" ".join(words))
            size += len(prose[-1]) + 1
            if size >= limit:
                break
        else:
            short.append(" ".join(words))
    return " ".join(prose + short)[:limit]


def _local_name(tag: Any) -> Any:
    """An element's tag without its namespace (XHTML served as XML); comments and the like as they are."""
    return tag.rpartition("}")[2] if isinstance(tag, str) and tag.startswith("{") else tag


@cache
def _detector() -> Any:
    """The lingua detector for :data:`LANGUAGES` only, built once per process (low accuracy mode: trigram models,
    ~25 MB, enough for a sample of prose)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """The language of ``text`` among :data:`LANGUAGES`; ``None`` when it has fewer than
    :data:`DETECTION_MIN_LETTERS` letters or reads as none of them."""
    if len(_LETTER.findall(text)) < DETECTION_MIN_LETTERS:
        return None
    found = _detector().detect_language_of(text)
    if found is None:
        return None
    language = found.iso_code_639_1.name.lower()
    words = _WORD.findall(text.lower())
    function_words = sum(1 for word in words if word in FUNCTION_WORDS[language])
    return language if function_words >= max(2, FUNCTION_WORDS_MIN_SHARE * len(words)) else None


def language_decision(selector: Selector, headers: Mapping[Any, Any] | None = None) -> LanguageDecision:
    """The page's language and its source: the most trusted declaration; when declarations disagree, the declared
    language the text reads as (else the most trusted); when none is declared, the detected language."""
    declared = declared_languages(selector, headers)
    candidates = list(dict.fromkeys(code for _, code in declared))
    if len(candidates) == 1:
        return LanguageDecision(candidates[0], declared[0][0])
    if candidates:
        detected = detect_language(visible_text_sample(selector))
        for source, code in declared:
            if code == detected:
                return LanguageDecision(code, source)
        return LanguageDecision(declared[0][1], declared[0][0])
    detected = detect_language(visible_text_sample(selector))
    return LanguageDecision(detected, DETECTED if detected else None)


def page_language(selector: Selector, headers: Mapping[Any, Any] | None = None) -> str | None:
    """The page's language code (see :func:`language_decision`)."""
    return language_decision(selector, headers).language


def site_language(start_page_language: str | None, pages_per_language: Mapping[str, int]) -> str | None:
    """A site's language: its start page's, else the language of most of its pages (``None`` when no page's is
    known). ``pages_per_language`` counts pages by code; pages of unknown language are not in it."""
    if start_page_language:
        return start_page_language
    counts = Counter({code: count for code, count in pages_per_language.items() if code and count > 0})
    return counts.most_common(1)[0][0] if counts else None
