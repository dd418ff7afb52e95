"""Unit tests of the call-to-action extractor's helpers (text folding, keyword rules, URLs, placement, forms) and
fuzzing of the extractor.

The page-level behaviour is covered by the data-driven cases in ``tests/fixtures/extractors/call_to_action``.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from parsel import Selector

from inbound_spiders.extractors.calls_to_action import (
    _TEXT_RULES,
    ACTIONS,
    _candidates,
    _form_cta,
    _href_may_matter,
    _iframe_cta,
    _link_action,
    _link_cta,
    _PageFacts,
    _parse_url,
    _resolve,
    classify_text,
    description_length,
    extract_calls_to_action,
    fold_text,
    has_trigger_word,
    is_share_intent,
    social_profile,
    vendor_action,
)
from inbound_spiders.extractors.placement import PLACEMENTS, placement_of
from inbound_spiders.items import CallToAction
from inbound_spiders.knowledge.urls import strip_tracking
from inbound_spiders.knowledge.words import cta as cta_words
from inbound_spiders.page.model import Page

PAGE = "https://www.example.org/page/"
FIXTURES = Path(__file__).parent / "fixtures" / "extractors" / "call_to_action"
ELEMENTS = {"link", "button", "form"}


def ctas(html: str, page_url: str = PAGE) -> list[CallToAction]:
    return extract_calls_to_action(Selector(text=html), page_url)


def identity(item: CallToAction) -> tuple[str, str, str | None, str]:
    return (item.action, item.element, item.target_url, item.label)


# --- text ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("S\u2019ENGAGER", "s'engager"),
        ("s'engager", "s'engager"),
        ("  Événements\u00a0à venir ", "evenements a venir"),
        ("Cœur", "coeur"),
        ("Straße", "strasse"),
        ("Je m`abonne", "je m'abonne"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_text(text: str | None, folded: str) -> None:
    assert fold_text(text) == folded


@pytest.mark.parametrize(
    ("label", "action"),
    [
        ("Faire un don", "donate"),
        ("Je fais un don", "donate"),
        ("DON", "donate"),
        ("Donate now", "donate"),
        ("Chip in", "donate"),
        ("Je finance la campagne", "donate"),
        ("Dona ahora", "donate"),
        ("Jetzt spenden", "donate"),
        ("Inscrivez-vous à la newsletter", "newsletter"),
        ("Recevoir la lettre d\u2019information", "newsletter"),
        ("Subscribe", "newsletter"),
        ("Stay in the loop", "newsletter"),
        ("Newsletter abonnieren", "newsletter"),
        ("S\u2019ENGAGER", "volunteer"),
        ("S'engager", "volunteer"),
        ("Je m'engage", "volunteer"),
        ("Adhérer", "volunteer"),
        ("J\u2019adhère", "volunteer"),
        ("Rejoignez-nous", "volunteer"),
        ("Get involved", "volunteer"),
        ("Volunteer with us", "volunteer"),
        ("Become a member", "volunteer"),
        ("Devenir bénévole", "volunteer"),
        ("Militer", "volunteer"),
        ("Hazte socio", "volunteer"),
        ("Mitmachen", "volunteer"),
        ("Signer la pétition", "petition"),
        ("Sign the petition", "petition"),
        ("Je signe", "petition"),
        ("Je participe", "event"),
        ("Inscription au meeting de Lyon", "event"),
        ("RSVP", "event"),
        ("Agenda", "event"),
        ("Événements", "event"),
        ("Get tickets", "event"),
        ("Télécharger le tract (PDF)", "download"),
        ("Download the toolkit", "download"),
        ("Rapport annuel (2,4 Mo)", "download"),
        ("Download on the App Store", "app_download"),
        ("Get it on Google Play", "app_download"),
        ("Télécharger l\u2019application", "app_download"),
        ("Contact", "contact"),
        ("Contactez-nous", "contact"),
        ("Nous écrire", "contact"),
        ("Get in touch", "contact"),
        ("Kontakt", "contact"),
        # Languages beyond French and English (inbound_spiders/knowledge/words/).
        ("Aktiv werden", "volunteer"),
        ("E-Mail-Updates", "newsletter"),
        ("Jetzt unterstützen", "donate"),
        ("Petition unterschreiben", "petition"),
        ("Contáctenos", "contact"),
        ("Boletines", "newsletter"),
        ("Hazte voluntaria", "volunteer"),
        ("Contatti", "contact"),
        ("Scrivi alla redazione", "contact"),
        ("Iscriviti alla newsletter", "newsletter"),
        ("Diventa volontario", "volunteer"),
        ("Firma la petizione", "petition"),
        ("Scarica l'app", "app_download"),
        ("Neem contact op", "contact"),
        ("Nieuwsbrief", "newsletter"),
        ("Word lid", "volunteer"),
        ("Doneer nu", "donate"),
        ("Fale conosco", "contact"),
        ("Contato", "contact"),
        ("Faça uma doação", "donate"),
        ("Seja voluntário", "volunteer"),
        ("Baixe o aplicativo", "app_download"),
        ("Nos applications mobiles", "app_download"),
        ("Ways to Give", "donate"),
        ("Contribute here", "donate"),
        ("MP3", "download"),
    ],
)
def test_classify_text(label: str, action: str) -> None:
    assert classify_text(label) == action


@pytest.mark.parametrize(
    "label",
    [
        "Le projet",
        "Actualités",
        "Lire la suite",
        "Lire la suite de « Faire un don en ligne »",
        "Read more",
        "En savoir plus",
        "Page suivante",
        "Article suivant Les outils pour militer",
        "Contenu principal",
        "Donnez votre avis",
        "Sign in",
        "Meet the team: Liam, volunteer organiser",
        "Tracts et kit réseaux sociaux : tous les outils pour militer",
        "Don't miss our story",
        "",
        # Job offers, accounts, comment threads, petition procedures and headlines, topics (knowledge/words negatives).
        "Work with us",
        "Join our team",
        "Offres d'emploi",
        "Karriere",
        "Lavora con noi",
        "Trabalhe conosco",
        "Vacatures",
        "Create account",
        "Join Now / Your Account",
        "Sign up",
        "Join the discussion",
        "Rejoindre la discussion",
        "Petitions",
        "Petitions Committee",
        "Comment introduire une pétition ?",
        "Barème des droits de succession et donation",
        "Join the war on terra wi...",
        "Downloading content for analysis",
    ],
)
def test_classify_text_ignores_non_calls(label: str) -> None:
    assert classify_text(label) is None


@pytest.mark.parametrize("language", cta_words.LANGUAGES)
def test_each_language_module_holds_the_same_kinds_of_words(language: str) -> None:
    """Adding a language is adding data: every module fills the same sections, and every pattern compiles."""
    module = importlib.import_module(f"inbound_spiders.knowledge.words.{language}")
    assert set(module.CTA) <= set(cta_words.LABEL_ACTIONS)
    assert {"donate", "newsletter", "volunteer", "contact", "download", "petition"} <= set(module.CTA)
    assert set(module.NOT_CTA) == set(cta_words.NOT_CTA_KINDS)
    assert set(module.NOT_CTA_TARGETS) == set(cta_words.TARGET_KINDS)
    assert set(module.CTA_PATHS) <= set(cta_words.LABEL_ACTIONS)
    assert set(module.FORM_WORDS) == set(cta_words.FORM_WORD_KINDS)
    assert module.CTA_TRIGGERS.split() and module.SIGN_UP_BUTTONS
    patterns = [*sum(module.CTA.values(), ()), *sum(module.NOT_CTA.values(), ()), *module.SIGN_UP_BUTTONS]
    for pattern in [*patterns, *module.FORM_WORDS.values()]:
        assert re.compile(pattern).pattern == pattern
    for words in module.NOT_CTA_TARGETS.values():
        assert all("-" not in word and "/" not in word for word in words.split()), "target words are single words"


@pytest.mark.parametrize(
    ("label", "href", "expected"),
    [
        ("Nous rejoindre", "/nous-rejoindre/offres-d-emploi/", None),
        ("Rejoignez-nous", "/adherer/", "volunteer"),
        ("Volunteer with us", "/volunteer/signup/", "volunteer"),
        ("Join us", "https://www.example.org/account/login?next=/join", None),
        ("Únete a Público", "/landing/suscripciones", None),
        ("Hazte socio", "https://usuarios.example.es/hazte_socio", None),
        ("Hazte socio", "/es/hazte-socio/", "volunteer"),
        ("Newsletter", "/newsletter-subscriptions", "newsletter"),
        ("Abonnez-vous", "https://abonnement.example.fr/offres", None),
        ("trabalho e voluntariado", "/?cat=107", None),
        ("newsletter", "/tag/newsletter/", None),
        ("Contacts and Locations", "#contactlocation", None),
        ("Sur iPhone", "/applications/ios/iphone/", "app_download"),
        ("Android", "/tech/android/", None),
    ],
)
def test_where_a_link_leads_can_overrule_its_words(label: str, href: str, expected: str | None) -> None:
    found = ctas(f'<html><body><footer><a href="{href}">{label}</a></footer></body></html>')
    assert [item.action for item in found] == ([expected] if expected else [])


def test_a_file_cited_in_a_sentence_is_no_download_but_one_offered_is() -> None:
    cited = (
        '<p>As the survey shows, <a href="/files/survey-2025.pdf">injuries rose between 2018 and 2022</a>, while'
        " the number of races fell over the same period.</p>"
    )
    offered = '<p><a href="/files/survey-2025.pdf">Survey 2025</a> (PDF)</p>'
    assert ctas(f"<html><body>{cited}</body></html>") == []
    assert [item.action for item in ctas(f"<html><body>{offered}</body></html>")] == ["download"]


def test_a_join_or_subscribe_button_leading_nowhere_is_no_call_to_action() -> None:
    html = '<html><body><button type="button">Join</button><button>Suscríbete</button></body></html>'
    assert ctas(html) == []


# Every alphabetic run of the rules' sources: composing them finds labels a rule matches.
_VOCABULARY = sorted(
    {word for _, pattern in _TEXT_RULES for word in re.findall(r"[a-z$']{2,}", pattern.pattern)}
    | {"le", "la", "de", "un", "au", "our", "the", "now", "12", "mo", "1,2", "kb"}
)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_VOCABULARY), st.sampled_from(["", " ", "'", "-"])),
        min_size=1,
        max_size=5,
    )
)
def test_trigger_words_cover_every_rule(parts: list[tuple[str, str]]) -> None:
    """The cheap pre-check must never hide a label that a keyword rule would match."""
    folded = fold_text("".join(word + separator for word, separator in parts))
    if any(pattern.search(folded) for _, pattern in _TEXT_RULES):
        assert has_trigger_word(folded), folded


# --- URLs -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "stripped"),
    [
        ("https://www.Example.org/don?utm_source=fb&utm_medium=x&amount=10", "https://www.example.org/don?amount=10"),
        ("https://e.org/a?fbclid=IwAR0&gclid=Cj0&b=2#form", "https://e.org/a?b=2#form"),
        ("HTTPS://E.ORG", "https://e.org/"),
        ("https://e.org/?utm_campaign=x", "https://e.org/"),
        ("https://e.org/Path/Keeps/Case", "https://e.org/Path/Keeps/Case"),
        ("mailto:contact@e.org?subject=Hi", "mailto:contact@e.org?subject=Hi"),
        ("http://[::1", "http://[::1"),
    ],
)
def test_strip_tracking(url: str, stripped: str) -> None:
    assert strip_tracking(url) == stripped


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://secure.actblue.com/donate/x?refcode=a", ("donate", "actblue")),
        ("https://www.helloasso.com/associations/x/formulaires/1", ("donate", "helloasso")),
        ("https://www.helloasso.com/associations/x/adhesions/2024", ("volunteer", "helloasso")),
        ("https://www.helloasso.com/associations/x/evenements/fete", ("event", "helloasso")),
        ("https://www.helloasso.com/associations/x/boutiques/b", (None, "helloasso")),
        ("https://donorbox.org/campaign", ("donate", "donorbox")),
        ("https://buy.stripe.com/abc", ("donate", "stripe")),
        ("https://www.paypal.com/donate?hosted_button_id=X", ("donate", "paypal")),
        ("https://x.us4.list-manage.com/subscribe/post?u=1", ("newsletter", "mailchimp")),
        ("https://abc.sibforms.com/serve/MUIE", ("newsletter", "brevo")),
        ("https://www.change.org/p/petition", ("petition", "change_org")),
        ("https://www.mesopinions.com/petition/x/1", ("petition", "mesopinions")),
        ("https://www.eventbrite.fr/e/billets-1", ("event", "eventbrite")),
        ("https://www.facebook.com/events/1234/", ("event", "facebook")),
        ("https://mobilizon.fr/events/uuid", ("event", "mobilizon")),
        ("https://apps.apple.com/fr/app/x/id1", ("app_download", "app_store")),
        ("https://play.google.com/store/apps/details?id=x", ("app_download", "google_play")),
        ("https://docs.google.com/forms/d/e/x/viewform", (None, "google_forms")),
        ("https://docs.google.com/document/d/x", (None, None)),
        ("https://don.example.org/", ("donate", None)),
        ("https://www.facebook.com/mypage", (None, "facebook")),
        ("https://example.org/don", (None, None)),
        ("not a url", (None, None)),
        (None, (None, None)),
    ],
)
def test_vendor_action(url: str | None, expected: tuple[str | None, str | None]) -> None:
    assert vendor_action(url) == expected


@pytest.mark.parametrize(
    ("url", "share"),
    [
        ("https://www.facebook.com/sharer/sharer.php?u=x", True),
        ("https://twitter.com/intent/tweet?text=x", True),
        ("https://x.com/intent/post?text=x", True),
        ("https://www.linkedin.com/shareArticle?mini=true&url=x", True),
        ("https://api.whatsapp.com/send?text=x", True),
        ("https://t.me/share/url?url=x", True),
        ("https://www.addtoany.com/share", True),
        ("mailto:?subject=x&body=y", True),
        ("mailto:contact@e.org", False),
        ("https://twitter.com/intent/follow?screen_name=x", False),
        ("https://www.facebook.com/mypage", False),
        ("https://example.org/share", False),
    ],
)
def test_is_share_intent(url: str, share: bool) -> None:
    assert is_share_intent(url) is share


@pytest.mark.parametrize(
    ("url", "network"),
    [
        ("https://www.facebook.com/GrenobleEnCommun/", "facebook"),
        ("https://twitter.com/benoithamon", "twitter"),
        ("https://x.com/benoithamon", "twitter"),
        ("https://twitter.com/intent/follow?screen_name=x", "twitter"),
        ("https://www.youtube.com/channel/UC123", "youtube"),
        ("https://www.youtube.com/@name", "youtube"),
        ("https://www.youtube.com/@name/videos", "youtube"),
        ("https://www.linkedin.com/company/x/", "linkedin"),
        ("https://www.instagram.com/name/", "instagram"),
        ("https://t.me/channel", "telegram"),
        ("https://bsky.app/profile/x.org", "bluesky"),
        ("https://name.tumblr.com/", "tumblr"),
        ("https://www.facebook.com/", None),
        ("https://twitter.com/x/status/123", None),
        ("https://www.instagram.com/p/Cx1/", None),
        ("https://www.youtube.com/watch?v=abc", None),
        ("https://www.facebook.com/sharer/sharer.php?u=x", None),
        ("https://www.facebook.com/events/123/", None),
        ("https://example.org/facebook", None),
    ],
)
def test_social_profile(url: str, network: str | None) -> None:
    assert social_profile(url) == network


def _split(text: str) -> list[str]:
    return text.split()


_HOSTS = _split(
    "example.org www.example.org secure.actblue.com www.helloasso.com www.facebook.com twitter.com apps.apple.com"
    " cdn.example.net don.example.org mobilizon.fr docs.google.com"
)
_PATHS = [
    "",
    *_split(
        "don dons contact agenda petition newsletter rejoindre associations/x/formulaires/1 events/1 forms/x file.pdf"
        " kit.ZIP page.html don.php intent/tweet @name le-projet"
    ),
]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["https://", "http://", "//", "/", "", "mailto:", "javascript:", "HTTPS://WWW."]),
    st.sampled_from(_HOSTS),
    st.lists(st.sampled_from(_PATHS), max_size=3),
    st.sampled_from(["", "?utm_source=x", "#top", "?a=1"]),
    st.booleans(),
)
def test_href_precheck_never_hides_a_call_to_action(
    scheme: str, host: str, path: list[str], suffix: str, download: bool
) -> None:
    """Links skipped without resolving their URL must be links the full URL rules would not classify."""
    href = f"{scheme}{'' if scheme in ('/', '') else host}/{'/'.join(path)}{suffix}"
    element = lxml_html.fromstring(f'<a href="x"{" download" if download else ""}>x</a>')
    element.set("href", href)
    page = _PageFacts(Page.from_html("<html><body></body></html>", PAGE))
    target = _resolve(href, PAGE)
    action, _ = _link_action(element, "x", None, target, _parse_url(target), page)
    if action is not None:
        assert _href_may_matter(href, element, page), (href, action)


# --- placement ------------------------------------------------------------------------------------------------------


def _placement(html: str) -> str:
    return placement_of(Selector(text=html).css("#target")[0])


@pytest.mark.parametrize(
    ("html", "placement"),
    [
        ('<header id="masthead" class="site-header"><a id="target">x</a></header>', "header"),
        ('<div role="banner"><a id="target">x</a></div>', "header"),
        ('<header><nav><a id="target">x</a></nav></header>', "navigation"),
        ('<div class="Header"><div class="Header-nav"><a id="target">x</a></div></div>', "navigation"),
        ('<ul class="menu"><li class="menu-item"><a id="target">x</a></li></ul>', "navigation"),
        ('<main><article><header class="entry-header"><a id="target">x</a></header></article></main>', "body"),
        ('<article><footer><a id="target">x</a></footer></article>', "body"),
        ('<footer id="colophon"><nav class="footer-menu"><a id="target">x</a></nav></footer>', "footer"),
        ('<div id="SITE_FOOTER"><a id="target">x</a></div>', "footer"),
        ('<footer><div class="widget-area"><a id="target">x</a></div></footer>', "footer"),
        ('<aside class="widget-area"><ul class="menu"><li><a id="target">x</a></li></ul></aside>', "sidebar"),
        ('<div id="secondary"><a id="target">x</a></div>', "sidebar"),
        ('<section class="hero"><a id="target">x</a></section>', "hero"),
        ('<header class="masthead"><a id="target">x</a></header>', "hero"),
        ('<div class="wp-block-cover"><a id="target">x</a></div>', "hero"),
        ('<main><section><a id="target">x</a></section><section>y</section></main>', "hero"),
        ('<main><section>y</section><section><a id="target">x</a></section></main>', "body"),
        ('<main><section><a id="target">x</a></section></main>', "body"),
        ('<div class="container"><p><a id="target">x</a></p></div>', "body"),
    ],
)
def test_placement_of(html: str, placement: str) -> None:
    assert _placement(html) == placement


# --- forms ----------------------------------------------------------------------------------------------------------


def test_radio_and_checkbox_groups_become_one_field_each() -> None:
    (form,) = ctas(
        """<form action="/s-engager/merci/" class="engagement-form">
        <fieldset><legend>Disponibilité</legend>
          <label><input type="radio" name="dispo" value="1" required> 1 heure par semaine</label>
          <label><input type="radio" name="dispo" value="2"> Ponctuellement</label></fieldset>
        <fieldset><legend>Actions</legend>
          <input type="checkbox" id="a1" name="actions[]" value="terrain"><label for="a1">Terrain</label>
          <input type="checkbox" id="a2" name="actions[]" value="projet"><label for="a2">Projet</label></fieldset>
        <label for="mail">Adresse e-mail *</label><input id="mail" type="email" name="email">
        <select name="pays"><option value="">-- Choisir --</option>
          <option>France</option><option>Autre</option></select>
        <label><input type="checkbox" name="rgpd" value="1"> J'accepte la politique de confidentialité</label>
        <input type="hidden" name="token" value="x"><button>Je m'engage</button></form>"""
    )
    assert form.action == "volunteer" and form.element == "form" and form.label == "Je m'engage"
    assert form.target_url == "https://www.example.org/s-engager/merci/"
    fields = {field.name: field for field in form.form_fields}
    assert set(fields) == {"dispo", "actions[]", "email", "pays", "rgpd"}
    assert fields["dispo"].type == "radio" and fields["dispo"].label == "Disponibilité" and fields["dispo"].required
    assert fields["dispo"].options == ["1 heure par semaine", "Ponctuellement"]
    assert fields["actions[]"].options == ["Terrain", "Projet"]
    assert fields["email"].label == "Adresse e-mail" and fields["email"].required
    assert fields["pays"].options == ["France", "Autre"]
    assert fields["rgpd"].label == "J'accepte la politique de confidentialité" and fields["rgpd"].options == []


@pytest.mark.parametrize(
    "form",
    [
        '<form role="search" action="/"><input name="s"><button>Rechercher</button></form>',
        '<form action="/search"><input type="search" name="q"><input type="submit" value="Go"></form>',
        '<form action="/wp-login.php"><input name="log"><input type="password" name="pwd">'
        "<button>Log in</button></form>",
        '<form action="/wp-comments-post.php" id="commentform"><textarea name="comment"></textarea>'
        '<input type="email" name="email"><input type="submit" value="Post Comment"></form>',
        '<form action="/ideas/"><input name="title"><textarea name="description"></textarea>'
        "<button>Submit</button></form>",
        '<form class="cart" action="/product/mug/"><input type="number" name="quantity">'
        "<button>Add to basket</button></form>",
        '<form action="/lang"><select name="lang"><option>FR</option><option>EN</option></select></form>',
    ],
)
def test_forms_that_are_not_calls_to_action(form: str) -> None:
    assert ctas(f"<html><body>{form}</body></html>") == []


def test_email_only_form_with_sign_up_button_is_a_newsletter() -> None:
    (item,) = ctas(
        '<footer><form action="/inscription"><input type="email" name="mail"><button>OK</button></form></footer>'
    )
    assert (item.action, item.placement, item.vendor) == ("newsletter", "footer", None)


def test_consent_boxes_do_not_change_what_a_form_asks_for() -> None:
    (item,) = ctas(
        '<form action="https://x.us4.list-manage.com/subscribe/post?u=1&amp;id=2"><input type="email" name="EMAIL">'
        '<label><input type="checkbox" name="gdpr" value="1"> Keep me posted about volunteering and donations'
        '</label><input type="submit" value="Subscribe"></form>'
    )
    assert (item.action, item.vendor) == ("newsletter", "mailchimp")


def test_styled_radio_buttons_are_fields_but_honeypots_are_not() -> None:
    (item,) = ctas(
        '<form action="/don/"><fieldset><legend>Montant</legend>'
        '<input class="visually-hidden" type="radio" id="m1" name="montant" value="10"><label for="m1">10 €</label>'
        '<input class="sr-only" type="radio" id="m2" name="montant" value="50"><label for="m2">50 €</label>'
        '</fieldset><input type="email" name="email" placeholder="E-mail">'
        '<input type="text" name="email_address_check" class="input--hidden">'
        '<div style="position:absolute; left:-5000px"><input name="b_123"></div><button>Valider</button></form>'
    )
    assert item.action == "donate"
    assert [(field.name, field.options) for field in item.form_fields] == [
        ("montant", ["10 €", "50 €"]),
        ("email", []),
    ]


def test_form_without_action_has_no_target_so_its_key_is_stable() -> None:
    html = '<form class="newsletter-form"><input type="email" name="email"><button>Subscribe</button></form>'
    first = ctas(html, "https://e.org/a/")
    second = ctas(html, "https://e.org/b/?utm_source=x")
    assert [identity(item) for item in first] == [identity(item) for item in second]
    assert first[0].target_url is None


def test_description_length_measures_the_explanation_around_a_form() -> None:
    short = Selector(
        text="<main><article><h1>Je m'engage</h1><p>Rejoignez la campagne !</p>"
        '<form id="f"><label>Prénom <input name="p"></label><button>Envoyer</button></form></article></main>'
    )
    long_text = "Each role is explained: what you do, how long it takes, the training. " * 4
    long = Selector(
        text=f"<main><article><h1>Volunteer</h1><section><p>{long_text}</p></section><section>"
        '<form id="f"><label>Name <input name="n"></label><button>Sign me up</button></form></section></article></main>'
    )
    assert description_length(short.css("#f")[0].root) == len("Je m'engage Rejoignez la campagne !")
    assert description_length(long.css("#f")[0].root) > 120
    (item,) = ctas(long.get())
    assert item.description_length == description_length(long.css("#f")[0].root)


# --- links and page-level behaviour ---------------------------------------------------------------------------------


def test_site_wide_button_keeps_its_identity_across_pages() -> None:
    header = (
        '<header class="site-header"><a class="btn" href="/don/?utm_source={page}&amp;fbclid=1">  Faire\n un   don </a>'
        "</header>"
    )
    first = ctas(header.format(page="a"), "https://www.example.org/a/")
    second = ctas(header.format(page="b"), "https://www.example.org/blog/b/")
    assert [identity(item) for item in first] == [identity(item) for item in second]
    assert identity(first[0]) == ("donate", "button", "https://www.example.org/don/", "Faire un don")
    assert first[0].placement == "header"


def test_duplicates_on_one_page_are_reported_once_in_page_order() -> None:
    items = ctas(
        '<header><a href="/contact">Contact</a><a href="/don">Faire un don</a></header>'
        '<footer><a href="/contact">Contact</a><a href="/don">Faire un don</a></footer>'
    )
    assert [(item.action, item.placement) for item in items] == [("contact", "header"), ("donate", "header")]


def test_buttons_inside_links_and_form_submits_are_not_reported_twice() -> None:
    items = ctas(
        '<a href="/don"><button>Faire un don</button></a>'
        '<form action="/newsletter"><input type="email" name="e"><button>S\'abonner</button></form>'
    )
    assert [(item.action, item.element) for item in items] == [("donate", "link"), ("newsletter", "form")]


def test_role_button_divs_are_found_in_page_order() -> None:
    items = ctas(
        '<div role="button" onclick="location.href=\'/benevole\'">Devenir bénévole</div>'
        '<a href="/contact">Contact</a><span role="button" data-href="/don">Je donne</span>'
    )
    assert [(item.action, item.element, item.target_url) for item in items] == [
        ("volunteer", "button", "https://www.example.org/benevole"),
        ("contact", "link", "https://www.example.org/contact"),
        ("donate", "button", "https://www.example.org/don"),
    ]


def test_menu_toggles_tags_post_navigation_and_logos_are_not_calls_to_action() -> None:
    items = ctas(
        '<header><a class="site-title" href="https://www.example.org/">Agir ensemble 2027</a>'
        '<a rel="home" href="/"><img alt="Agir ensemble"></a></header>'
        '<nav><button aria-expanded="false" aria-controls="sub">Take action submenu</button>'
        '<a rel="tag" href="/tag/petition/">Petition</a><a rel="prev" href="/militer-2/">Militer</a>'
        '<h2><a href="/2017/02/tracts/">Tracts et kit pour militer</a></h2></nav>'
    )
    assert items == []


def test_social_embeds_are_not_follow_buttons() -> None:
    items = ctas(
        '<a class="twitter-timeline" href="https://twitter.com/benoithamon">Tweets de @benoithamon</a>'
        '<div class="fb-page"><blockquote class="fb-xfbml-parse-ignore">'
        '<a href="https://www.facebook.com/hamonbenoit">Benoît Hamon</a></blockquote></div>'
    )
    assert items == []


def test_rss_subscription_is_not_a_newsletter() -> None:
    assert ctas('<a href="/feed.xml">Subscribe via RSS</a>') == []


# --- robustness -----------------------------------------------------------------------------------------------------

_WEIRD_VALUES = [
    "javascript:void(0)",
    "data:text/html,<b>x</b>",
    "http://[::1",
    "https://[::1]:99999/x",
    "mailto:",
    "//",
    "#",
    "?utm_source=x",
    "https://secure.actblue.com/donate/" + "x" * 5000,
    "\x00\x01\ufffd",
    " " * 100,
    "https://www.facebook.com/sharer.php?u=" + "%" * 300,
]
_TAGS = _split(
    "a button form input select option textarea label fieldset legend header footer nav aside main section article"
    " div span iframe h2 p script"
)
_ATTRIBUTES = _split(
    "href class id role type name action value for src rel download aria-label aria-expanded placeholder required"
    " style onclick data-href title"
)
_WORDS = [
    *("Faire un don", "S\u2019ENGAGER", "Subscribe", "newsletter", "Contact", "Lire la suite", "Télécharger", "RSVP"),
    *("Signer la pétition", "Suivez-nous", "hero", "site-header", "menu", "sidebar", "footer", "email", "submit"),
    *("radio", "checkbox", "search", "password", "button", "display:none", "", "<", "&amp;", "\u00a0"),
]

_attribute = st.tuples(st.sampled_from(_ATTRIBUTES), st.sampled_from(_WEIRD_VALUES + _WORDS))
_element = st.recursive(
    st.sampled_from(_WORDS),
    lambda children: st.builds(
        lambda tag, attributes, content: (
            f"<{tag} "
            + " ".join(f'{name}="{value.replace(chr(34), "")}"' for name, value in attributes)
            + f">{''.join(content)}</{tag}>"
        ),
        st.sampled_from(_TAGS),
        st.lists(_attribute, max_size=4),
        st.lists(children, max_size=4),
    ),
    max_leaves=25,
)


def _strict(html: str, page_url: str) -> list[CallToAction]:
    """The extractor's per-candidate work without its last-resort guard, so that a bug fails the test loudly."""
    shared = Page(Selector(text=html), page_url)
    page = _PageFacts(shared)
    items = []
    for element in _candidates(shared):
        tag = element.tag
        if tag == "form":
            item = _form_cta(element, page)
        elif tag == "iframe":
            item = _iframe_cta(element, page) if element.get("src") or element.get("data-src") else None
        else:
            item = _link_cta(element, tag, page)
        if item is not None:
            items.append(item)
    return items


def _check(items: list[CallToAction]) -> None:
    assert isinstance(items, list)
    seen = set()
    for item in items:
        assert isinstance(item, CallToAction)
        assert item.action in ACTIONS and item.element in ELEMENTS and item.placement in PLACEMENTS
        assert isinstance(item.label, str) and len(item.label) <= 500
        assert item.target_url is None or isinstance(item.target_url, str)
        assert identity(item) not in seen
        seen.add(identity(item))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_element, max_size=6), st.sampled_from([PAGE, "", "not a url", "http://[::1", "https://e.org"]))
def test_extractor_never_raises_on_generated_markup(parts: list[str], page_url: str) -> None:
    html = "<html><body>" + "".join(parts) + "</body></html>"
    _strict(html, page_url)
    first = extract_calls_to_action(Selector(text=html), page_url)
    _check(first)
    assert [identity(item) for item in extract_calls_to_action(Selector(text=html), page_url)] == [
        identity(item) for item in first
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_extractor_never_raises_on_random_text(text: str) -> None:
    _strict(text or " ", PAGE)
    _check(extract_calls_to_action(Selector(text=text or " "), PAGE))


_NOISE = [
    *("", "<", "</form>", "<a href='http://[::1'>Faire un don", "\x00", "<form><input type=email>", '"', "<!--"),
    *("<header>", "</div></div></div>"),
]
_FIXTURE_PAGES = sorted(path.read_text(encoding="utf-8") for path in FIXTURES.glob("*.html"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_FIXTURE_PAGES),
    st.integers(min_value=0, max_value=20_000),
    st.integers(min_value=0, max_value=20_000),
    st.sampled_from(_NOISE),
)
def test_extractor_never_raises_on_mutated_fixtures(page: str, cut: int, insert_at: int, noise: str) -> None:
    mutated = page[:cut] + noise + page[cut:][insert_at % 500 :]
    _strict(mutated, PAGE)
    _check(extract_calls_to_action(Selector(text=mutated), PAGE))


def test_extractor_handles_empty_and_xml_documents() -> None:
    _check(extract_calls_to_action(Selector(text="<a href='/don'>Faire un don</a>", type="xml"), PAGE))
    assert extract_calls_to_action(Selector(text=""), PAGE) == []


def test_megabyte_call_to_action_links_are_resolved_without_being_remembered() -> None:
    """A page's 100 KB hrefs (state in the URL) are resolved but not kept in the resolve memo for the crawl."""
    import gc
    import tracemalloc
    import urllib.parse

    pages = [
        Page.from_html(f'<html><body><a href="/donate?s={n}{"x" * 100_000}">Donate</a></body></html>', PAGE)
        for n in range(40)
    ]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for page in pages:
            assert [item.action for item in extract_calls_to_action(page.selector, PAGE)] == ["donate"]
        urllib.parse.clear_cache()  # the standard library's own bounded memo of its last 128 splits
        gc.collect()
        retained = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert retained < 1_000_000


FORM_TEXT_PAGES = [
    "<form>Intro <b>bold</b> tail<label>Email <i>x</i></label> after <button>Go</button> end</form>",
    "<form><p>Join <!-- note --> us</p><select><option>A</option></select><textarea>t</textarea>last</form>",
    "<div><label><form>inside a label<span>more</span></form></label></div>",
    "<form><fieldset><legend>Who</legend>Pick<script>x=1</script><noscript>n</noscript><style>s</style>!</fieldset></form>",
    "<form></form>",
]


@pytest.mark.parametrize("markup", FORM_TEXT_PAGES)
def test_a_form_s_own_text_is_what_its_xpath_selects(markup: str) -> None:
    """The walk of ``_form_own_text`` selects the text nodes of the XPath it replaced, in the same order."""
    from lxml import etree

    from inbound_spiders.extractors.calls_to_action import _FORM_OWN_TEXT_EXCLUDED, _form_own_text

    own_text = etree.XPath(
        "descendant::text()[" + " and ".join(f"not(ancestor::{tag})" for tag in sorted(_FORM_OWN_TEXT_EXCLUDED)) + "]",
        smart_strings=False,
    )
    root = lxml_html.fromstring(f"<html><body>{markup}</body></html>")
    for form in root.iter("form"):
        assert _form_own_text(form) == own_text(form), markup
