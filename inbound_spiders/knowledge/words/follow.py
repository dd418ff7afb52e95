"""Invitations to follow the site's own profiles in every language the audit knows, assembled from one module per
language (:mod:`.fr`, :mod:`.en`, :mod:`.de`...).

Each language module holds ``FOLLOW_WORDING``: a regular expression (alternatives, matched ignoring case, no groups)
of the words of a sentence that invites to follow the site ("Suivez-nous", "Follow us", "Folgen Sie uns", "Síguenos").
A profile link inside a paragraph saying one of them is the site's; inside any other sentence it cites someone.

Each also holds ``FOLLOW_LABELS``: alternatives of folded words (lowercase, no accents: what
:func:`~inbound_spiders.extractors.common.fold_text` gives) that, as a link's label or the heading over profile links,
invite to follow them; read by :mod:`inbound_spiders.extractors.calls_to_action`.

Adding a language is adding its module (and fixture cases), not code.
"""

from __future__ import annotations

from inbound_spiders.knowledge.words import LANGUAGES, by_language

#: The sections every language module fills for follow invitations.
SECTIONS: tuple[str, ...] = ("FOLLOW_WORDING", "FOLLOW_LABELS")


def follow_wording(languages: tuple[str, ...] = LANGUAGES) -> str:
    """One alternation of the follow invitations of ``languages``, without repeats, first occurrence kept."""
    words = [
        word for alternation in by_language("FOLLOW_WORDING", languages).values() for word in alternation.split("|")
    ]
    return "|".join(dict.fromkeys(words))


def follow_labels(languages: tuple[str, ...] = LANGUAGES) -> str:
    """One pattern matching, as whole words, the follow labels of any of ``languages`` in folded text."""
    return "|".join(rf"\b(?:{alternation})\b" for alternation in by_language("FOLLOW_LABELS", languages).values())
