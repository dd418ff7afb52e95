"""Invitations to follow the site's own profiles in every language the audit knows, assembled from one module per
language (:mod:`.fr`, :mod:`.en`, :mod:`.de`...), read by :mod:`inbound_spiders.extractors.share_widgets`.

Each language module holds ``FOLLOW_WORDING``: a regular expression (alternatives, matched ignoring case, no groups)
of the words of a sentence that invites to follow the site ("Suivez-nous", "Follow us", "Folgen Sie uns", "Síguenos").
A profile link inside a paragraph saying one of them is the site's; inside any other sentence it cites someone.

Adding a language is adding its module (and fixture cases), not code.
"""

from __future__ import annotations

from inbound_spiders.knowledge.words import LANGUAGES, by_language

#: The sections every language module fills for follow invitations.
SECTIONS: tuple[str, ...] = ("FOLLOW_WORDING",)


def follow_wording(languages: tuple[str, ...] = LANGUAGES) -> str:
    """One alternation of the follow invitations of ``languages``, without repeats, first occurrence kept."""
    words = [
        word for alternation in by_language("FOLLOW_WORDING", languages).values() for word in alternation.split("|")
    ]
    return "|".join(dict.fromkeys(words))
