"""The team and participation vocabularies are data for seven languages: each language is complete, and the words
reach the extractors (a title in each language is recognised, a counter in each language is read)."""

from __future__ import annotations

import re

import pytest
from parsel import Selector

from inbound_spiders.extractors.contribution_platforms import extract_contribution_platforms
from inbound_spiders.extractors.durations import find_duration
from inbound_spiders.extractors.numbers import parse_count
from inbound_spiders.extractors.team_pages import is_person_name, keyword_label
from inbound_spiders.knowledge.words import LANGUAGES as LANGUAGE_ORDER
from inbound_spiders.knowledge.words import cta, follow, identification, language_module, participation, team, video

LANGUAGES = {"fr", "en", "de", "es", "it", "nl", "pt"}
SECTIONS = (
    *cta.SECTIONS,
    *team.SECTIONS,
    *participation.SECTIONS,
    *video.SECTIONS,
    *follow.SECTIONS,
    *identification.SECTIONS,
)
#: Sections that are regular expressions (alternatives of one pattern).
PATTERN_SECTIONS = (
    "LISTING_TITLES",
    "LISTING_LEADS",
    "PETITION_PHRASES",
    "PARTICIPATION_SPACE_PHRASES",
    "PARTICIPATION_ACTION_CUES",
    *video.SECTIONS,
    "FOLLOW_WORDING",
    "FOLLOW_LABELS",
)
#: Sections that are whitespace-separated words.
WORD_SECTIONS = (
    "TEAM_URL_WORDS",
    "TEAM_URL_SEGMENTS",
    "TEAM_NOT_NAME_WORDS",
    "HONORIFICS",
    "PARTICIPANT_EVIDENCE",
    "COUNTER_LEAD_IN_WORDS",
    "COUNTER_TOTAL_WORDS",
    "SIGNATURE_WORDS",
    "PETITION_STEMS",
    "PARTICIPATION_SPACE_STEMS",
    *identification.SECTIONS,
)


def test_the_seven_languages_are_listed_once() -> None:
    assert set(LANGUAGE_ORDER) == LANGUAGES and len(LANGUAGE_ORDER) == len(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGE_ORDER)
def test_each_language_module_fills_every_section(language: str) -> None:
    """Adding a language is adding data: every module fills the same sections (no fewer, no stray ones), in the
    shapes the assemblers read, and every pattern compiles."""
    module = language_module(language)
    public = {name for name in vars(module) if name.isupper() and not name.startswith("_")}
    assert public == set(SECTIONS), f"{language}: {sorted(public ^ set(SECTIONS))}"
    assert module.TEAM_TITLES and all(re.compile(pattern) and label for pattern, label in module.TEAM_TITLES)
    for name in PATTERN_SECTIONS:
        pattern = getattr(module, name)
        assert isinstance(pattern, str) and pattern and re.compile(pattern), name
    for name in WORD_SECTIONS:
        assert isinstance(getattr(module, name), str) and getattr(module, name).split(), name
    assert all(stem.strip() for stem in module.TEAM_TITLE_STEMS.split(","))
    assert set(module.PARTICIPATION_COUNTERS) == set(participation.COUNTER_KINDS)
    assert all(words.split() for words in module.PARTICIPATION_COUNTERS.values())
    assert module.NUMBER_MULTIPLIERS and all(
        isinstance(word, str) and isinstance(factor, int) and factor >= 1_000
        for word, factor in module.NUMBER_MULTIPLIERS.items()
    )
    # The video assembler joins the alternatives of every language into one: no groups inside them.
    for name in video.SECTIONS:
        assert not re.search(r"[()\[\]]", getattr(module, name)), name


LENGTH_LABEL_BY_LANGUAGE = {
    "fr": "Durée : 3:20",
    "en": "Running time 3:20",
    "de": "Länge: 3:20",
    "es": "Duración: 3:20",
    "it": "Durata: 3:20",
    "nl": "Duur: 3:20",
    "pt": "Duração: 3:20",
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_video_length_label_in_each_language_is_read(language: str) -> None:
    assert find_duration(LENGTH_LABEL_BY_LANGUAGE[language]) == 200
    assert find_duration(LENGTH_LABEL_BY_LANGUAGE[language].split(":", 1)[1]) is None


TEAM_TABLES = {
    "TEAM_TITLES": team.TEAM_TITLES,
    "LISTING_TITLES": team.LISTING_TITLES,
    "LISTING_LEADS": team.LISTING_LEADS,
    "TITLE_STEMS": team.TITLE_STEMS,
    "URL_WORDS": team.URL_WORDS,
    "URL_SEGMENTS": team.URL_SEGMENTS,
    "NOT_NAME_WORDS": team.NOT_NAME_WORDS,
    "HONORIFICS": team.HONORIFICS,
}
PARTICIPATION_TABLES = {
    "COUNTER_LABELS": participation.COUNTER_LABELS,
    "PARTICIPANT_EVIDENCE": participation.PARTICIPANT_EVIDENCE,
    "LEAD_IN_WORDS": participation.LEAD_IN_WORDS,
    "TOTAL_WORDS": participation.TOTAL_WORDS,
    "SIGNATURE_WORDS": participation.SIGNATURE_WORDS,
    "PETITION_PHRASES": participation.PETITION_PHRASES,
    "PETITION_STEMS": participation.PETITION_STEMS,
    "PARTICIPATION_SPACE_PHRASES": participation.PARTICIPATION_SPACE_PHRASES,
    "PARTICIPATION_SPACE_STEMS": participation.PARTICIPATION_SPACE_STEMS,
    "ACTION_CUES": participation.ACTION_CUES,
    "NUMBER_MULTIPLIERS": participation.NUMBER_MULTIPLIERS,
}


@pytest.mark.parametrize("name", sorted({**TEAM_TABLES, **PARTICIPATION_TABLES}))
def test_every_table_covers_the_seven_languages(name: str) -> None:
    table = {**TEAM_TABLES, **PARTICIPATION_TABLES}[name]
    assert set(table) == LANGUAGES, f"{name}: {sorted(set(table) ^ LANGUAGES)}"


def test_each_language_counts_participants_contributions_and_votes() -> None:
    for language, groups in participation.COUNTER_LABELS.items():
        measures = {measure for measure, _, _ in groups}
        assert measures == {"participants", "contributions", "votes"}, language


TEAM_TITLES_BY_LANGUAGE = {
    "fr": "Notre équipe",
    "en": "Meet the team",
    "de": "Wir über uns",
    "es": "Quiénes somos",
    "it": "Chi siamo",
    "nl": "Wie zijn wij",
    "pt": "Quem somos",
}
LISTING_TITLES_BY_LANGUAGE = {
    "fr": "Les 91 Députés élus - Assemblée nationale",
    "en": "Members of Parliament",
    "de": "Mitglieder - Abgeordnete",
    "es": "Listado de Diputados LXIII",
    "it": "Elenco Consiglieri - Consiglio Grande e Generale",
    "nl": "Leden 2015 - 2020",
    "pt": "Deputados",
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_team_title_in_each_language_is_recognised(language: str) -> None:
    assert keyword_label(TEAM_TITLES_BY_LANGUAGE[language]) is not None
    assert keyword_label(LISTING_TITLES_BY_LANGUAGE[language]) == "listing"


@pytest.mark.parametrize(
    "title",
    [
        "Abgeordnete fordern schärfere Regeln für Lobbyisten im Landtag",
        "Los diputados aprueban la reforma de la ley de vivienda",
        "About/Development",
        "About our grants programme",
    ],
)
def test_listing_words_in_a_headline_and_sub_about_pages_are_not_team_titles(title: str) -> None:
    assert keyword_label(title) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mw. drs. Jennifer Simons", True),
        ("hr. Melvin W. J. Bouva MPA LLB", True),
        ("Prof. Dr. Anna Schmidt", True),
        ("hr. drs. André Th. Misiekaba", True),
        ("Yo-Yo Ma", True),
        ("de Coster-Bauchau Sybille", True),
        ("de la Tour", False),
        ("Repubblica Futura", False),
        ("Grupo Parlamentario Popular", False),
        ("Weitere Themen", False),
    ],
)
def test_titles_and_degrees_around_names(name: str, expected: bool) -> None:
    assert is_person_name(name) is expected


@pytest.mark.parametrize(
    ("text", "count"),
    [("1,2 Mio.", 1_200_000), ("1,2 mil", 1_200), ("3,4 mila", 3_400), ("33.3k", 33_300), ("2 Tsd.", 2_000)],
)
def test_number_multipliers_of_each_language(text: str, count: int) -> None:
    assert parse_count(text) == count


COUNTER_PAGES = {
    "fr": ("Participants", "Propositions", "Votes"),
    "en": ("Participants", "Proposals", "Votes"),
    "de": ("Teilnehmende", "Vorschläge", "Stimmen"),
    "es": ("Participantes", "Propuestas", "Apoyos"),
    "it": ("Partecipanti", "Proposte", "Voti"),
    "nl": ("Deelnemers", "Voorstellen", "Stemmen"),
    "pt": ("Participantes", "Propostas", "Votos"),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_decidim_stats_block_in_each_language_is_read(language: str) -> None:
    people, proposals, votes = COUNTER_PAGES[language]
    html = f"""<html lang="{language}"><head><meta name="generator" content="Decidim 0.27"></head><body>
    <section class="statistics"><div class="statistic__data"><span class="statistic__number">1.318</span>
    <span class="statistic__title">{people}</span></div><div class="statistic__data">
    <span class="statistic__number">274</span><span class="statistic__title">{proposals}</span></div>
    <div class="statistic__data"><span class="statistic__number">6 902</span>
    <span class="statistic__title">{votes}</span></div></section></body></html>"""
    found = extract_contribution_platforms(Selector(text=html), "https://participa.example.org/")
    assert [(item.participants, item.contributions, item.votes) for item in found] == [(1318, 274, 6902)]
