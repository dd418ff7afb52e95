"""Team pages in every language the audit knows: the words that title a page of people, and the words that are never a
person's name, assembled from one module per language (:mod:`.fr`, :mod:`.en`, :mod:`.de`...).

Read by :mod:`inbound_spiders.extractors.team_pages`. Every pattern and word is written lower-case and without accents,
the way the extractor folds text before matching ("Über uns" is matched as ``uber uns``, "Quiénes somos" as ``quienes
somos``), except the title stems and honorifics, written as pages write them. Each language module holds:

- ``TEAM_TITLES``: words that make a page about its people wherever they stand in a title or heading ("Unser Team",
  "Chi siamo", "Wie zijn wij"), as ``(pattern, label)`` checked in this order; the label is what the finding's signal
  shows (``organigramme`` for an org chart, in every language).
- ``LISTING_TITLES``: words (alternatives of a pattern) that name a listing of people only when they open a short title
  or heading ("Les 91 Députés élus", "Elenco Consiglieri", "Leden 2015 - 2020", "Members of Parliament"); inside a
  sentence ("Abgeordnete fordern schärfere Regeln") they are news, not a listing.
- ``LISTING_LEADS``: words that may open a listing title before its listing word ("Liste des", "Elenco", "Unsere").
- ``TEAM_TITLE_STEMS``: fragments (comma-separated, accents kept) one of the title patterns must contain: a cheap test
  on the lower-cased text before folding accents and running the patterns.
- ``TEAM_URL_WORDS`` / ``TEAM_URL_SEGMENTS``: a URL path segment's words that make a team page wherever they appear in
  it, and whole segments that do.
- ``TEAM_NOT_NAME_WORDS``: capitalised words of headings, menus, roles, parties and plan names that never make a
  person's name ("Direction", "Vorstand", "Consigliere", "Partido").
- ``HONORIFICS``: titles that may open a name, several of them ("Prof. Dr.", "mw. drs.", "Dott. Ing.").

What may stand after and inside a name in any language (:data:`POST_NOMINALS`, :data:`PARTICLES`) is kept here. Adding
a language is adding its module (and fixture cases), not code.
"""

from __future__ import annotations

from inbound_spiders.knowledge.words import by_language

#: The sections every language module fills for team pages.
SECTIONS: tuple[str, ...] = (
    "TEAM_TITLES",
    "LISTING_TITLES",
    "LISTING_LEADS",
    "TEAM_TITLE_STEMS",
    "TEAM_URL_WORDS",
    "TEAM_URL_SEGMENTS",
    "TEAM_NOT_NAME_WORDS",
    "HONORIFICS",
)


def _word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: keeps long word lists readable."""
    return frozenset(text.split())


#: language -> ((pattern, label), ...): team words anywhere in a title or heading, checked in this order.
TEAM_TITLES: dict[str, tuple[tuple[str, str], ...]] = by_language("TEAM_TITLES")
#: language -> listing words (alternatives of a pattern) opening a short title.
LISTING_TITLES: dict[str, str] = by_language("LISTING_TITLES")
#: language -> words that may open a listing title before its listing word.
LISTING_LEADS: dict[str, str] = by_language("LISTING_LEADS")
#: language -> fragments (comma-separated) one of its title patterns contains.
TITLE_STEMS: dict[str, str] = by_language("TEAM_TITLE_STEMS")
#: language -> words of a URL path segment that make a team page wherever they appear in it.
URL_WORDS: dict[str, str] = by_language("TEAM_URL_WORDS")
#: language -> whole path segments that make a team page.
URL_SEGMENTS: dict[str, str] = by_language("TEAM_URL_SEGMENTS")
#: language -> capitalised words that never make a person's name (headings, menus, roles, parties, plan names).
NOT_NAME_WORDS: dict[str, str] = by_language("TEAM_NOT_NAME_WORDS")
#: language -> titles that may open a name.
HONORIFICS: dict[str, str] = by_language("HONORIFICS")

#: A listing title may go on for this many words after its listing word ("Les 91 Députés élus", "Leden 2015").
LISTING_TITLE_MAX_WORDS = 4

#: Letters and honours that may close a name ("Melvin Bouva MPA LLB", "Anna Schmidt MdL").
#: Compared lower-case, but only taken as such when not written as a plain capitalised word ("Ma" is a surname, "MA" a
#: degree), except "Jr." and "Sr.".
POST_NOMINALS = _word_set(
    "mp msp ms mla mep mdb mdl mdep pc qc kc obe mbe cbe phd ph.d. msc m.sc. ma mba mpa llb ll.b llm ll.m bsc bba ba"
    " bth lcs. jr. sr. ii iii"
)

#: Lower-case words that may stand inside a name ("Anne de La Tour", "Ludwig van Beethoven").
PARTICLES = _word_set(
    "de du des d' d’ van von der den da das dos di del della le la ten ter zu y e i bin ben al el af av vom zum"
)

#: Lower-case particles that may open a name listed surname first ("de Coster-Bauchau Sybille", "van Dam Els").
LEADING_PARTICLES = _word_set("de du des van von di da del della dos das ten ter")
