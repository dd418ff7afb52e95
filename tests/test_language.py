"""Which language a page is in: declared (``<html lang>``, ``xml:lang``, ``og:locale``, ``<meta http-equiv>``, the
``Content-Language`` header), decided by the text when declarations disagree, detected when none is declared."""

from __future__ import annotations

import re
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parsel import Selector
from scrapy.http import Headers

from inbound_spiders.page.language import (
    DECLARATION_SOURCES,
    DETECTION_SAMPLE_CHARS,
    LANGUAGES,
    LanguageDecision,
    declared_languages,
    detect_language,
    language_decision,
    normalise_language,
    page_language,
    site_language,
    visible_text_sample,
)

#: Undeclared prose in each language, as a campaign or association site would write it.
PROSE = {
    "fr": "Rejoignez les bénévoles qui font vivre la campagne dans votre quartier. Chaque semaine, nous organisons des "
    "réunions publiques et des porte-à-porte pour présenter nos propositions aux habitants.",
    "en": "Join the volunteers who bring the campaign to life in your neighbourhood. Every week we hold public "
    "meetings and go door to door to explain our proposals to the people who live there.",
    "de": "Werden Sie Teil der Ehrenamtlichen, die den Wahlkampf in Ihrem Viertel lebendig machen. Jede Woche "
    "laden wir zu Bürgerversammlungen ein und stellen unsere Vorschläge an den Haustüren vor.",
    "es": "Únete a las personas voluntarias que dan vida a la campaña en tu barrio. Cada semana organizamos "
    "asambleas abiertas y recorremos las calles para presentar nuestras propuestas a los vecinos.",
    "it": "Unisciti ai volontari che animano la campagna nel tuo quartiere. Ogni settimana organizziamo assemblee "
    "pubbliche e andiamo porta a porta per presentare le nostre proposte agli abitanti.",
    "nl": "Sluit je aan bij de vrijwilligers die de campagne in jouw buurt tot leven brengen. Elke week houden we "
    "open bijeenkomsten en gaan we langs de deuren om onze voorstellen aan de bewoners uit te leggen.",
    "pt": "Junte-se aos voluntários que dão vida à campanha no seu bairro. Toda semana organizamos reuniões "
    "abertas e fazemos visitas de porta em porta para apresentar as nossas propostas aos moradores.",
}


def page(body: str = "", *, html_attributes: str = "", head: str = "") -> Selector:
    return Selector(text=f"<!DOCTYPE html><html{html_attributes}><head>{head}</head><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("fr", "fr"), ("fr-FR", "fr"), ("fr_CA", "fr"), ("FR", "fr"), (" de-AT ", "de"), ("pt-BR", "pt"),
        ("nl-BE", "nl"), ("es-419", "es"), ("it-IT", "it"), ("en-GB", "en"),
        ("fra", "fr"), ("fre", "fr"), ("deu", "de"), ("ger", "de"), ("spa", "es"), ("ita", "it"), ("nld", "nl"),
        ("dut", "nl"), ("por", "pt"), ("eng", "en"), ("French", "fr"), ("Deutsch", "de"),
        ("pl-PL", "pl"), ("ca", "ca"), ("zh-Hans-CN", "zh"),  # not one of the seven: the primary subtag
        ("", None), ("und", None), ("mul", None), ("zxx", None), ("x-default", None), ("*", None), ("12", None),
        ("i-klingon", None), (None, None),
    ],
)  # fmt: skip
def test_declared_tags_are_normalised(declared: str | None, expected: str | None) -> None:
    assert normalise_language(declared) == expected


@pytest.mark.parametrize(
    ("selector", "headers", "expected"),
    [
        pytest.param(page(PROSE["en"], html_attributes=' lang="de-DE"'), None, LanguageDecision("de", "html_lang"),
                     id="html-lang"),
        pytest.param(page(html_attributes=' xmlns="http://www.w3.org/1999/xhtml" xml:lang="nl"'), None,
                     LanguageDecision("nl", "xml_lang"), id="xml-lang"),
        pytest.param(page(head='<meta property="og:locale" content="es_ES">'), None,
                     LanguageDecision("es", "og_locale"), id="og-locale"),
        pytest.param(page(head='<meta name="og:locale" content="it_IT">'), None,
                     LanguageDecision("it", "og_locale"), id="og-locale-as-name"),
        pytest.param(page(head='<meta http-equiv="Content-Language" content="pt-BR">'), None,
                     LanguageDecision("pt", "meta_content_language"), id="meta-http-equiv"),
        pytest.param(page(), Headers({"Content-Language": "fr-FR"}), LanguageDecision("fr", "header"),
                     id="scrapy-header"),
        pytest.param(page(), {"content-language": "de"}, LanguageDecision("de", "header"), id="header-any-case"),
        pytest.param(page(PROSE["fr"], html_attributes=' lang="pl"'), None, LanguageDecision("pl", "html_lang"),
                     id="another-language-declared-is-kept"),
        pytest.param(page(PROSE["fr"], html_attributes=' lang="fr"', head='<meta property="og:locale" content="fr">'),
                     Headers({"Content-Language": "fr"}), LanguageDecision("fr", "html_lang"),
                     id="agreeing-declarations"),
    ],
)  # fmt: skip
def test_declared_language(selector: Selector, headers: object, expected: LanguageDecision) -> None:
    assert language_decision(selector, headers) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("selector", "headers", "expected"),
    [
        pytest.param(
            page(PROSE["de"], html_attributes=' lang="en-US"', head='<meta property="og:locale" content="de_DE">'),
            None, LanguageDecision("de", "og_locale"), id="theme-left-in-english-german-text",
        ),
        pytest.param(
            page(PROSE["en"], html_attributes=' lang="en-US"', head='<meta property="og:locale" content="de_DE">'),
            None, LanguageDecision("en", "html_lang"), id="english-text-agrees-with-html-lang",
        ),
        pytest.param(
            page("<p>12 345</p>", html_attributes=' lang="en"', head='<meta property="og:locale" content="de_DE">'),
            None, LanguageDecision("en", "html_lang"), id="unreadable-text-most-trusted-declaration",
        ),
        pytest.param(
            page(PROSE["it"], html_attributes=' lang="fr"'), Headers({"Content-Language": "it"}),
            LanguageDecision("it", "header"), id="header-against-html-lang",
        ),
        pytest.param(
            page(PROSE["nl"]), Headers({"Content-Language": "fr, nl"}), LanguageDecision("nl", "header"),
            id="header-listing-two-languages",
        ),
        pytest.param(
            page(PROSE["es"], html_attributes=' lang="pt"'), None, LanguageDecision("pt", "html_lang"),
            id="one-declaration-is-trusted-over-the-text",
        ),
    ],
)  # fmt: skip
def test_conflicting_declarations(selector: Selector, headers: object, expected: LanguageDecision) -> None:
    assert language_decision(selector, headers) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("language", LANGUAGES)
def test_undeclared_text_is_detected(language: str) -> None:
    selector = page(f"<nav><a href='/'>Home</a></nav><article><p>{PROSE[language]}</p></article>")
    assert language_decision(selector) == LanguageDecision(language, "detected")


def test_prose_outweighs_menus_in_another_language() -> None:
    menu = "".join(f"<li><a href='/{word}/'>{word}</a></li>" for word in ["Home", "About us", "News", "Contact"] * 20)
    selector = page(f"<header><ul>{menu}</ul></header><main><p>{PROSE['de']}</p></main>")
    assert page_language(selector) == "de"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("", id="empty"),
        pytest.param("<img src='a.jpg'><img src='b.jpg'>", id="images-only"),
        pytest.param("<p>12 345 · 2024-01-01 · 10:00 · +33 1 23 45 67 89 · €€€ !!!</p>", id="digits-and-symbols"),
        pytest.param("<p>qwrtz pllkj mnbvc xzqwr tyhgf dsfgh jklpo iuytr wqsdf ghjkl zxcvb nmqwe</p>", id="letters"),
        pytest.param("<p>Спасибо за поддержку нашей кампании, присоединяйтесь к нам в эту субботу!</p>",
                     id="another-script"),
        pytest.param("<p>Merci !</p>", id="too-short"),
        pytest.param(f"<script>var text = {PROSE['fr']!r};</script><style>p {{}}</style>", id="only-invisible-text"),
    ],
)  # fmt: skip
def test_junk_has_no_language(body: str) -> None:
    assert language_decision(page(body)) == LanguageDecision(None, None)


@pytest.mark.parametrize("declared", ["x-default", "und", "*", ""])
def test_a_declaration_naming_no_language_is_ignored(declared: str) -> None:
    selector = page(f"<p>{PROSE['es']}</p>", html_attributes=f' lang="{declared}"')
    assert declared_languages(selector) == []
    assert language_decision(selector) == LanguageDecision("es", "detected")


def test_the_sample_is_visible_text_bounded() -> None:
    long_page = page(
        "<script>ignored script text here</script><noscript>ignored noscript words</noscript>"
        + f"<p>{PROSE['it']}</p>" * 200
    )
    sample = visible_text_sample(long_page)
    assert len(sample) == DETECTION_SAMPLE_CHARS
    assert "ignored" not in sample and sample.startswith("Unisciti ai volontari")
    assert detect_language(sample) == "it"


def test_xhtml_parsed_as_xml() -> None:
    xhtml = Selector(
        text='<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="de"><head>'
        f'<meta property="og:locale" content="de_DE"/></head><body><p>{PROSE["de"]}</p></body></html>',
        type="xml",
    )
    assert language_decision(xhtml) == LanguageDecision("de", "xml_lang")
    assert visible_text_sample(xhtml).startswith("Werden Sie Teil")


@pytest.mark.parametrize(
    ("start_page", "pages", "expected"),
    [
        ("de", {"en": 9, "de": 1}, "de"),
        (None, {"en": 2, "de": 5, "fr": 1}, "de"),
        (None, {}, None),
        (None, {"de": 0}, None),
    ],
)
def test_site_language_is_the_start_pages_else_the_most_frequent(
    start_page: str | None, pages: dict[str, int], expected: str | None
) -> None:
    assert site_language(start_page, pages) == expected


_TAGS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    html_lang=_TAGS,
    og_locale=_TAGS,
    header=st.one_of(st.none(), _TAGS, st.binary(max_size=12)),
    text=st.text(max_size=300),
)
def test_any_page_gets_a_code_or_none(html_lang: str, og_locale: str, header: object, text: str) -> None:
    selector = Selector(
        text=f"<html lang={escape(html_lang, quote=True)!r}><head><meta property='og:locale' "
        f"content={escape(og_locale, quote=True)!r}></head><body><p>{escape(text)}</p></body></html>"
    )
    decision = language_decision(selector, None if header is None else {"Content-Language": header})
    assert decision.language is None or re.fullmatch(r"[a-z]{2,3}", decision.language)
    assert (decision.language is None) == (decision.source is None)


def test_declarations_are_read_in_the_order_of_declaration_sources() -> None:
    """Every source of :data:`DECLARATION_SOURCES` is read, most trusted first, whatever the markup's order; a header
    listing several languages gives one pair each."""
    selector = Selector(
        text='<html lang="fr" xml:lang="de"><head><meta http-equiv="Content-Language" content="it">'
        '<meta property="og:locale" content="es_ES"></head><body></body></html>'
    )
    declared = declared_languages(selector, {"Content-Language": "nl, pt"})
    assert [source for source, _ in declared] == [*DECLARATION_SOURCES, "header"]
    assert [code for _, code in declared] == ["fr", "de", "es", "it", "nl", "pt"]
