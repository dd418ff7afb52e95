"""Unit tests of the team-page heuristics, behaviour on edge cases, and a fuzz test of the extractor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from parsel import Selector

from inbound_spiders.extractors import team_pages
from inbound_spiders.extractors.team_pages import (
    MIN_MEMBERS,
    clean_role,
    extract_team_pages,
    has_background_photo,
    is_person_name,
    is_portrait_image,
    keyword_label,
    leading_name,
    looks_like_role,
    name_key,
    parse_line,
    prose_role,
    url_signal,
)
from inbound_spiders.items import TeamPage
from inbound_spiders.page.model import Page

FIXTURES = Path(__file__).parent / "fixtures" / "extractors" / "team_page"


def _extract(body: str, url: str = "https://example.org/equipe/") -> list[TeamPage]:
    return extract_team_pages(Selector(text=f"<html><head><title>Test</title></head><body>{body}</body></html>"), url)


@pytest.mark.parametrize(
    "text",
    [
        "Jean Dupont",
        "Jean DUPONT",
        "Anne-Sophie de La Tour",
        "Marc-Antoine DE LA TOUR",
        "J.-P. Martin",
        "Valéry Giscard d'Estaing",
        "Karim El Amrani",
        "Ludwig van Beethoven",
        "Dr. Aisha Rahman",
        "Mme Claire Roux",
        "Tom O'Connell",
        "Isla McBride",
        "Nour El Houda Benali",
        "BENOÎT HAMON",
    ],
)
def test_person_names(text: str) -> None:
    assert is_person_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "Direction de campagne",
        "Porte-parole",
        "Pôle projet",
        "Notre équipe",
        "NOTRE ÉQUIPE",
        "Meet the Team",
        "Starter Plan",
        "Business Plus",
        "Jean",
        "jean dupont",
        "Jean Dupont, directeur",
        "Jean Dupont CEO",
        "Volunteer Coordinator",
        "Lire la suite",
        "Mentions légales",
        "Samedi 12 Mars",
        "Contact 2024",
        "Il était une fois dans une ville lointaine des gens",
        "",
    ],
)
def test_not_person_names(text: str) -> None:
    assert not is_person_name(text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jean Dupont, directeur de campagne", [("Jean Dupont", "directeur de campagne")]),
        ("Camille Roussel – directrice de la communication", [("Camille Roussel", "directrice de la communication")]),
        ("Julie Morel (trésorière)", [("Julie Morel", "trésorière")]),
        ("Coordination du projet : Hélène Lambert", [("Hélène Lambert", "Coordination du projet")]),
        ("Présidente – Anne Leclerc", [("Anne Leclerc", "Présidente")]),
        (
            "Économie : Thomas Nguyen, Sarah Cohen et Paul Roux",
            [("Thomas Nguyen", "Économie"), ("Sarah Cohen", "Économie"), ("Paul Roux", "Économie")],
        ),
        ("Marie Dupont, Paul Roux, Léa Petit", [("Marie Dupont", None), ("Paul Roux", None), ("Léa Petit", None)]),
        ("Jean Dupont", [("Jean Dupont", None)]),
        ("Direction de campagne", []),
        ("Meeting de Lille : le compte rendu", []),
        ("Lundi 12 mars 2024", []),
    ],
)
def test_parse_line(line: str, expected: list[tuple[str, str | None]]) -> None:
    assert parse_line(line) == expected


def test_parse_line_keeps_no_sentence_as_role() -> None:
    assert parse_line("Claire Martin, cofondatrice, a passé dix ans chez un éditeur avant de créer l'atelier") == [
        ("Claire Martin", None)
    ]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Claire Martin, cofondatrice, a passé dix ans chez un éditeur.", "Claire Martin", "cofondatrice"),
        ("Hugo Petit est notre directeur technique. Il aime le vélo.", "Hugo Petit", "directeur technique"),
        ("Elliot Brannigan is our treasurer. An accountant by training.", "Elliot Brannigan", "treasurer"),
        ("Jonah Achterberg handles communications for the fund.", "Jonah Achterberg", None),
    ],
)
def test_leading_name_and_prose_role(text: str, name: str, role: str | None) -> None:
    found = leading_name(text)
    assert found == name
    assert prose_role(text[len(found) :]) == role


@pytest.mark.parametrize("text", ["Ce jeudi, la candidate a présenté", "Notre équipe compte dix personnes.", "Bonjour"])
def test_no_leading_name(text: str) -> None:
    assert leading_name(text) is None


def test_clean_role_and_looks_like_role() -> None:
    assert clean_role(" (relations avec les élus)") == "relations avec les élus"
    assert clean_role("Treasurer (volunteer)") == "Treasurer (volunteer)"
    assert clean_role(", directeur ;") == "directeur"
    assert clean_role("  ") is None
    assert looks_like_role("Directrice de la communication")
    assert not looks_like_role("“Great service, we loved it”")
    assert not looks_like_role("contact@example.org")
    assert not looks_like_role("12 mars 2024")
    assert not looks_like_role("Jean Dupont")
    assert not looks_like_role("a passé dix ans chez un éditeur")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Notre équipe", "équipe"),
        ("L'équipe de campagne", "équipe de campagne"),
        ("Qui sommes-nous ?", "qui sommes-nous"),
        ("L'organigramme de la campagne", "organigramme"),
        ("Le conseil d’administration", "conseil d'administration"),
        ("Meet the Team", "meet the team"),
        ("Board of Directors", "board"),
        ("About us", "about us"),
        ("About", "about"),
        ("Nos valeurs", None),
        ("Dashboard", None),
        ("Read more about our pricing", None),
    ],
)
def test_keyword_label(text: str, label: str | None) -> None:
    assert keyword_label(text) == label


@pytest.mark.parametrize(
    ("url", "signal"),
    [
        ("https://example.org/equipe/", "/equipe"),
        ("https://example.org/fr/qui-sommes-nous/equipe", "/equipe"),
        ("https://example.org/about-us", "/about-us"),
        ("https://example.org/carnet/presentation-de-l-equipe-de-campagne/", "/presentation-de-l-equipe-de-campagne"),
        ("https://example.org/%C3%A9quipe/", "/équipe"),
        ("https://example.org/bureau.html", "/bureau.html"),
        ("https://example.org/blog/all-about-seo", None),
        ("https://example.org/a-propos/partenaires/", None),
        ("https://example.org/team/jane-doe", None),
        ("https://example.org/equipe/index.html", "/equipe"),
        ("https://example.org/pricing", None),
        ("http://[::1", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_url_signal(url: str, signal: str | None) -> None:
    assert url_signal(url) == signal


def test_name_key_ignores_case_accents_and_spacing() -> None:
    assert name_key("Élise  MARCHAND") == name_key("elise marchand")


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<img src="/uploads/jean-dupont.jpg" alt="Jean Dupont">', True),
        ('<img src="data:image/gif;base64,R0lGOD" data-src="/uploads/jean.webp">', True),
        ('<img src="/icons/linkedin.png" alt="LinkedIn">', False),
        ('<img src="/img/logo.png">', False),
        ('<img src="/img/portrait.svg">', False),
        ('<img src="/img/portrait.jpg" width="24" height="24">', False),
        ('<img alt="no source">', False),
        ("<picture><source srcset='/a.webp'></picture>", True),
    ],
)
def test_is_portrait_image(markup: str, expected: bool) -> None:
    assert is_portrait_image(lxml_html.fragment_fromstring(markup)) is expected


def test_has_background_photo() -> None:
    assert has_background_photo(lxml_html.fragment_fromstring('<div style="background: url(/team/a.jpg)"></div>'))
    assert has_background_photo(lxml_html.fragment_fromstring('<div data-bg="/team/a.jpg"></div>'))
    assert not has_background_photo(lxml_html.fragment_fromstring('<div style="background: url(/icons/x.svg)"></div>'))
    assert not has_background_photo(lxml_html.fragment_fromstring('<div class="x"></div>'))


def test_lone_big_name_is_not_a_member() -> None:
    body = """<main><h1>L'équipe de campagne</h1><p>Intro de l'article.</p><h2>JEANNE MOREAU</h2>
    <h3>Direction</h3><ul><li>Paul Roux, directeur</li><li>Léa Petit, adjointe</li><li>Marc Leroy, trésorier</li></ul>
    </main>"""
    [page] = _extract(body)
    assert [member.name for member in page.members] == ["Paul Roux", "Léa Petit", "Marc Leroy"]


def test_bare_names_under_pole_heading_take_it_as_role() -> None:
    body = """<main><h1>Organigramme</h1><h3>Porte-parole</h3><p>Paul Roux<br>Léa Petit<br>Marc Leroy</p></main>"""
    [page] = _extract(body, "https://example.org/organigramme")
    assert page.presentation == "organigramme"
    assert {member.role for member in page.members} == {"Porte-parole"}


def test_two_people_are_not_a_team() -> None:
    body = "<main><h1>Notre équipe</h1><ul><li>Paul Roux, directeur</li><li>Léa Petit, adjointe</li></ul></main>"
    assert _extract(body) == []


def test_people_without_any_team_signal_are_not_a_team_page() -> None:
    body = "<main><h1>Programme</h1><ul><li>Paul Roux, directeur</li><li>Léa Petit, adjointe</li>"
    body += "<li>Marc Leroy, trésorier</li></ul></main>"
    assert _extract(body, "https://example.org/programme") == []


def test_team_markup_alone_is_a_signal() -> None:
    cards = "".join(
        f'<div class="team-member"><img src="/t/{index}.jpg"><h3>{name}</h3><p>Consultante senior</p></div>'
        for index, name in enumerate(["Paula Roux", "Léa Petit", "Marie Leroy"])
    )
    [page] = _extract(f"<main><h1>Nos experts</h1>{cards}</main>", "https://example.org/experts")
    assert page.presentation == "grid"
    assert "markup:team" in page.signals
    assert all(member.has_photo and member.role == "Consultante senior" for member in page.members)


def test_single_json_ld_author_is_not_a_team() -> None:
    ld = json.dumps(
        {"@context": "https://schema.org", "@type": "Article", "author": {"@type": "Person", "name": "A B"}}
    )
    page = f'<html><head><script type="application/ld+json">{ld}</script></head><body><h1>Team</h1></body></html>'
    assert extract_team_pages(Selector(text=page), "https://example.org/team") == []


def test_output_is_deterministic_and_members_unique() -> None:
    html = (FIXTURES / "wordpress_campaign_organigramme_article_fr.html").read_text(encoding="utf-8")
    url = "https://www.marchand2022.fr/2022/01/18/presentation-equipe-de-campagne/"
    first = extract_team_pages(Selector(text=html), url)
    second = extract_team_pages(Selector(text=html), url)
    assert first == second
    names = [name_key(member.name) for member in first[0].members]
    assert len(names) == len(set(names))


def test_every_fixture_member_count_is_at_least_the_minimum() -> None:
    for case_file in FIXTURES.glob("*.json"):
        case = json.loads(case_file.read_text(encoding="utf-8"))
        html = case_file.with_suffix(".html").read_text(encoding="utf-8")
        for page in extract_team_pages(Selector(text=html), case["page_url"]):
            assert len(page.members) >= MIN_MEMBERS


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\x00\x01\x02 binary \xff\xfe garbage",
        "<div>" * 3000 + "Jean Dupont" + "</div>" * 3000,
        "<main>" + "<ul><li>Paul Roux" * 400 + "</main>",
        '<img src="http://[::1" data-bg="javascript:alert(1)"><a href="http://[::1">Jean Dupont</a>',
        '<script type="application/ld+json">{"@type": "Person", "name": ' + "[" * 5000 + "</script>",
        '<div class="team" style="background:url(' + "x" * 100_000 + ')">Jean Dupont</div>',
        "<table><tr><td>Jean DUPONT<td>Président<tr><td>Léa PETIT<td>Trésorière<tr><td>Marc ROUX<td>Secrétaire",
    ],
)
def test_odd_markup_never_raises(body: str) -> None:
    for url in ("https://example.org/equipe", "http://[::1", "", "javascript:void(0)"):
        html = f"<html><body>{body}</body></html>"
        assert isinstance(team_pages._extract(Page(Selector(text=html), url)), list)


def test_non_html_selector_gives_nothing() -> None:
    assert extract_team_pages(Selector(text='{"a": 1}', type="json"), "https://example.org/team") == []


_FIXTURE_PAGES = sorted(FIXTURES.glob("*.html"))
_HTML_PIECES = st.sampled_from(
    [
        "<div>",
        "</div>",
        "<li>",
        "<ul>",
        "</ul>",
        "<br>",
        "<h2>",
        "</h2>",
        "<p>",
        "<strong>",
        "</strong>",
        '<img src="x.jpg">',
        '<a href="https://x.org/p">',
        "</a>",
        '<div class="team-member">',
        "Jean DUPONT",
        "Léa Petit, trésorière",
        "Porte-parole : Anne Roux et Paul Martin",
        "Notre équipe",
        '<script type="application/ld+json">{"@type":"Person","name":"Ada Lovelace"}</script>',
        "«",
        "12 mars 2024",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.one_of(_HTML_PIECES, st.text(max_size=40)), max_size=60),
    url=st.one_of(st.just("https://example.org/equipe/"), st.text(max_size=30)),
)
def test_fuzz_random_markup(pieces: list[str], url: str) -> None:
    # The unguarded implementation, so that a bug is not hidden by the public function's last-resort ``except``.
    found = team_pages._extract(Page(Selector(text="<html><body>" + "".join(pieces) + "</body></html>"), url))
    assert isinstance(found, list)
    assert len(found) <= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    page=st.sampled_from(_FIXTURE_PAGES),
    cut=st.floats(min_value=0, max_value=1),
    insert=st.text(max_size=30),
    position=st.floats(min_value=0, max_value=1),
)
def test_fuzz_mutated_fixtures(page: Path, cut: float, insert: str, position: float) -> None:
    html = page.read_text(encoding="utf-8")
    html = html[: int(len(html) * max(cut, 0.05))]
    at = int(len(html) * position)
    html = html[:at] + insert + html[at:]
    found = team_pages._extract(Page(Selector(text=html or " "), "https://example.org/equipe/"))
    assert isinstance(found, list)
    assert all(isinstance(item, TeamPage) for item in found)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Notre équipe</title><title>Second</title>"
        "<meta property='og:title'><meta property='og:title' content='Équipe'>"
        '<script type=\'application/ld+json\'>{"@type": "Person"}</script></head>'
        "<body><h1>Un</h1><section><h4>Quatre</h4><h2>Deux</h2></section><svg><title>Icône</title></svg></body></html>",
        "<html><head><title><!-- empty --></title></head><body><title>Plus loin</title><h3>Trois</h3></body></html>",
        # A second root element after the first (libxml2 keeps it as a sibling): the queries reach it.
        "<html><body><h1>Un</h1></body></html><html><head><title>Deuxième</title></head></html>",
    ],
)
def test_page_heads_equal_the_queries_they_replace(html: str) -> None:
    """The one walk gives what ``//title/text()``, ``//meta[@property='og:title']/@content``, the JSON-LD texts and
    the h1-h4 headings gave."""
    page = Page.from_html(html, "https://example.org/equipe")
    root = page.root
    heads = team_pages._page_heads(page, root)
    assert heads.titles == team_pages._TITLE_XPATH(root)[:1]
    assert heads.og_titles == team_pages._OG_TITLE_XPATH(root)[:1]
    assert heads.json_ld == team_pages._JSON_LD_TEXT_XPATH(root)
    assert heads.headings == list(root.iter("h1", "h2", "h3", "h4"))


def test_attribute_queries_reach_what_the_attribute_axis_did() -> None:
    """Class, id and itemtype values are reached through the elements; the same values as ``//@class`` (``//@id``,
    ``//@itemtype``) in the same order, the root element's and a second root's included."""
    from lxml import etree

    html = (
        '<html class="root" id="top"><body class="b"><div id="x" class="team card" itemtype="https://schema.org/Person">'
        '<!-- class="no" --><p class="role">Camille</p></div></body></html><html class="second"></html>'
    )
    root = Page.from_html(html, "https://example.org/equipe").root
    for query, name in (
        (team_pages._CLASSES_XPATH, "class"),
        (team_pages._IDS_XPATH, "id"),
        (team_pages._ITEMTYPES_XPATH, "itemtype"),
    ):
        assert query(root) == etree.XPath(f"//@{name}", smart_strings=False)(root), name
    assert team_pages._CLASSES_XPATH(root) == ["root", "b", "team card", "role", "second"]
