"""Video length labels in every language the audit knows, assembled from one module per language (:mod:`.fr`,
:mod:`.en`, :mod:`.de`...), read by :mod:`inbound_spiders.extractors.durations`.

Each language module holds regular expressions (alternatives, matched ignoring case, accents as pages write them):

- ``VIDEO_LENGTH_LABELS``: words announcing a video's length ("Durée", "Duration", "Dauer", "Duración", "Durata",
  "Duur", "Duração");
- ``VIDEO_LENGTH_LINKS``: words linking such a word to what it measures ("Durée *de la* vidéo", "Länge *des* Videos",
  "Duración *del* vídeo").

Adding a language is adding its module (and fixture cases), not code.
"""

from __future__ import annotations

from inbound_spiders.knowledge.words import LANGUAGES, by_language

#: The sections every language module fills for video lengths.
SECTIONS: tuple[str, ...] = ("VIDEO_LENGTH_LABELS", "VIDEO_LENGTH_LINKS")


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
