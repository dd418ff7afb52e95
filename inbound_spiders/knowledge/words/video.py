"""Video length labels in every language the audit knows, assembled from one module per language (:mod:`.fr`,
:mod:`.en`, :mod:`.de`...), read by :mod:`inbound_spiders.extractors.durations`.

Each language module holds regular expressions (alternatives, matched ignoring case, accents as pages write them):

- ``VIDEO_LENGTH_LABELS``: words announcing a video's length ("Durée", "Duration", "Dauer", "Duración", "Durata",
  "Duur", "Duração");
- ``VIDEO_LENGTH_LINKS``: words linking such a word to what it measures ("Durée *de la* vidéo", "Länge *des* Videos",
  "Duración *del* vídeo");
- ``VIDEO_HOUR_WORDS``, ``VIDEO_MINUTE_WORDS``, ``VIDEO_SECOND_WORDS``: the units a length is written with ("1 h 20",
  "12 Minuten", "45 segundos"), and ``VIDEO_UNIT_JOINERS`` the words joining its parts ("2 horas *y* 14 minutos");
- ``VIDEO_NOT_LENGTH_BEFORE``, ``VIDEO_NOT_LENGTH_AFTER``: words around a number with a unit or a clock that make it
  no video length (reading times "Lesezeit 4 Min." / "4 min de lectura", relative ages "hace 2 horas", clock times).

Adding a language is adding its module (and fixture cases), not code.
"""

from __future__ import annotations

from inbound_spiders.knowledge.words import LANGUAGES, by_language

#: The sections every language module fills for video lengths.
SECTIONS: tuple[str, ...] = (
    "VIDEO_LENGTH_LABELS",
    "VIDEO_LENGTH_LINKS",
    "VIDEO_HOUR_WORDS",
    "VIDEO_MINUTE_WORDS",
    "VIDEO_SECOND_WORDS",
    "VIDEO_UNIT_JOINERS",
    "VIDEO_NOT_LENGTH_BEFORE",
    "VIDEO_NOT_LENGTH_AFTER",
)


def _alternatives(section: str, languages: tuple[str, ...]) -> str:
    """The alternatives of ``section`` in ``languages`` as one alternation, without repeats, first occurrence kept."""
    words = [word for alternation in by_language(section, languages).values() for word in alternation.split("|")]
    return "|".join(dict.fromkeys(words))


def length_labels(languages: tuple[str, ...] = LANGUAGES) -> str:
    """One alternation of the words announcing a video length in ``languages``."""
    return _alternatives("VIDEO_LENGTH_LABELS", languages)


def length_links(languages: tuple[str, ...] = LANGUAGES) -> str:
    """One alternation of the words linking a length word to what it measures in ``languages``."""
    return _alternatives("VIDEO_LENGTH_LINKS", languages)


def unit_words(unit: str, languages: tuple[str, ...] = LANGUAGES) -> str:
    """One alternation of the words for ``unit`` ("hour", "minute" or "second") in ``languages``, longest first."""
    words = _alternatives(f"VIDEO_{unit.upper()}_WORDS", languages).split("|")
    return "|".join(sorted(words, key=len, reverse=True))


def not_length_words(side: str, languages: tuple[str, ...] = LANGUAGES) -> str:
    """One alternation of the words ``side`` ("before" or "after") a number that make it no video length."""
    return _alternatives(f"VIDEO_NOT_LENGTH_{side.upper()}", languages)


def unit_joiners(languages: tuple[str, ...] = LANGUAGES) -> str:
    """One alternation of the words joining the parts of a length in ``languages``."""
    return _alternatives("VIDEO_UNIT_JOINERS", languages)
