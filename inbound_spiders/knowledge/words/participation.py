"""Participation counters in every language the audit knows: the words that say what a number on a participation page
counts, assembled from one module per language (:mod:`.fr`, :mod:`.en`, :mod:`.de`...).

Read by :mod:`inbound_spiders.extractors.contribution_platforms` (counter labels, petition pages) and
:mod:`inbound_spiders.extractors.numbers` (multipliers such as "1,2 mil", "1,2 Mio.", "33.3k"). Words are lower case,
accents kept, as the page's text splits into words (``j'aime`` gives ``aime``). Each language module holds:

- ``PARTICIPATION_COUNTERS``: per kind of :data:`COUNTER_KINDS` (``participants``, ``contributions``, ``proposals``,
  ``discussions``, ``topics``, ``comments``, ``votes``), the counter label words of that kind;
- ``PARTICIPANT_EVIDENCE``: label words that show taking part by themselves (not "members", "people" or "users" of any
  site);
- ``COUNTER_LEAD_IN_WORDS``: words that may stand before a counter's label without changing what it counts ("Nombre
  total de votes", "Total Posts", "Número de participantes");
- ``COUNTER_TOTAL_WORDS``: words that, just before a counter's label, make it a whole space's total ("Total Posts",
  "Gesamtzahl"), not one item's;
- ``SIGNATURE_WORDS``: counter words that count the people who signed a petition or backed one campaign action;
- ``PETITION_PHRASES`` / ``PETITION_STEMS``: phrases (regular expressions) of a title, heading or button that invite to
  sign a petition, and fragments one of them contains (a cheap test: most pages name no petition);
- ``PARTICIPATION_SPACE_PHRASES`` / ``PARTICIPATION_SPACE_STEMS``: phrases (regular expressions, matched ignoring case)
  naming a hand-made participation space in a page's title, main headings or URL ("boîte à idées", "Bürgerhaushalt",
  "presupuestos participativos"), and fragments one of them contains;
- ``PARTICIPATION_ACTION_CUES``: invitations to propose or vote on a button or link (regular expressions, ignoring
  case): the evidence a hand-made participation page needs beyond its name;
- ``NUMBER_MULTIPLIERS``: multipliers written after a count ("33.3k", "1,2 Mio.", "1,2 mil", "2,5 millions"): word ->
  factor.

Adding a language is adding its module (and fixture cases), not code.
"""

from __future__ import annotations

from inbound_spiders.knowledge.words import by_language

#: The sections every language module fills for participation counters.
SECTIONS: tuple[str, ...] = (
    "PARTICIPATION_COUNTERS",
    "PARTICIPANT_EVIDENCE",
    "COUNTER_LEAD_IN_WORDS",
    "COUNTER_TOTAL_WORDS",
    "SIGNATURE_WORDS",
    "PETITION_PHRASES",
    "PETITION_STEMS",
    "PARTICIPATION_SPACE_PHRASES",
    "PARTICIPATION_SPACE_STEMS",
    "PARTICIPATION_ACTION_CUES",
    "NUMBER_MULTIPLIERS",
)

PARTICIPANTS = "participants"
CONTRIBUTIONS = "contributions"
VOTES = "votes"

#: Rank of comment-like contributions: a comment count alone shows any blog, not a participation space.
COMMENT_RANK = 4

#: What each kind of counter label counts, as (measure, rank): for one measure, a lower rank is the more specific label
#: and wins over a higher one (contributions over proposals over posts over threads over comments). A word listed under
#: two kinds keeps the first, in this order.
COUNTER_KINDS: dict[str, tuple[str, int]] = {
    "participants": (PARTICIPANTS, 0),
    "contributions": (CONTRIBUTIONS, 0),
    "proposals": (CONTRIBUTIONS, 1),
    "discussions": (CONTRIBUTIONS, 2),
    "topics": (CONTRIBUTIONS, 3),
    "comments": (CONTRIBUTIONS, COMMENT_RANK),
    "votes": (VOTES, 0),
}

#: language -> ((measure, rank, words), ...), in :data:`COUNTER_KINDS` order.
COUNTER_LABELS: dict[str, tuple[tuple[str, int, str], ...]] = {
    language: tuple((*COUNTER_KINDS[kind], counters[kind]) for kind in COUNTER_KINDS if kind in counters)
    for language, counters in by_language("PARTICIPATION_COUNTERS").items()
}
#: language -> label words that show taking part by themselves.
PARTICIPANT_EVIDENCE: dict[str, str] = by_language("PARTICIPANT_EVIDENCE")
#: language -> words that may stand before a counter's label.
LEAD_IN_WORDS: dict[str, str] = by_language("COUNTER_LEAD_IN_WORDS")
#: language -> words making a counter a whole space's total.
TOTAL_WORDS: dict[str, str] = by_language("COUNTER_TOTAL_WORDS")
#: language -> phrases naming a hand-made participation space.
PARTICIPATION_SPACE_PHRASES: dict[str, str] = by_language("PARTICIPATION_SPACE_PHRASES")
#: language -> fragments one of those phrases contains.
PARTICIPATION_SPACE_STEMS: dict[str, str] = by_language("PARTICIPATION_SPACE_STEMS")
#: language -> invitations to propose or vote.
ACTION_CUES: dict[str, str] = by_language("PARTICIPATION_ACTION_CUES")
#: language -> counter words of people who signed a petition.
SIGNATURE_WORDS: dict[str, str] = by_language("SIGNATURE_WORDS")
#: language -> phrases inviting to sign a petition.
PETITION_PHRASES: dict[str, str] = by_language("PETITION_PHRASES")
#: language -> fragments one of the petition phrases contains.
PETITION_STEMS: dict[str, str] = by_language("PETITION_STEMS")
#: language -> multipliers written after a count: word -> factor.
NUMBER_MULTIPLIERS: dict[str, dict[str, int]] = by_language("NUMBER_MULTIPLIERS")


def all_languages(table: dict[str, str]) -> frozenset[str]:
    """The words of a per-language table of space-separated words, all languages together."""
    return frozenset(word for words in table.values() for word in words.split())


def counter_labels() -> dict[str, tuple[str, int]]:
    """Every language's counter label words: word -> (measure, rank); a word listed twice keeps its first entry."""
    labels: dict[str, tuple[str, int]] = {}
    for groups in COUNTER_LABELS.values():
        for measure, rank, words in groups:
            for word in words.split():
                labels.setdefault(word, (measure, rank))
    return labels


def number_multipliers() -> dict[str, int]:
    """Every language's number multipliers: word -> factor."""
    merged: dict[str, int] = {}
    for table in NUMBER_MULTIPLIERS.values():
        merged.update(table)
    return merged
