"""Knowledge written once and read everywhere: the render decision's vendor loaders are the extractor's, team pages
read schema.org people through the page's structured data, and URL cleaning has one list of tracking parameters."""

from __future__ import annotations

import json

import pytest
from parsel import Selector

from inbound_spiders.extractors.team_pages import extract_team_pages
from inbound_spiders.heuristics import page_identity
from inbound_spiders.knowledge.social import WIDGET_LOADERS, loader_vendor
from inbound_spiders.knowledge.urls import is_tracking_parameter, strip_tracking
from inbound_spiders.rendering import needs_rendering

PEOPLE = [("Ada Lovelace", "Présidente"), ("Alan Turing", "Trésorier"), ("Grace Hopper", "Secrétaire")]


@pytest.mark.parametrize("loader", [loader for loader in WIDGET_LOADERS if loader.reported], ids=lambda x: x.vendor)
def test_every_reported_loader_signature_names_its_vendor(loader) -> None:
    for signature in loader.signatures:
        assert loader_vendor(f"https://cdn.example.net/{signature}x") == loader.vendor


@pytest.mark.parametrize(
    "loader", [loader for loader in WIDGET_LOADERS if loader.built_in_browser and loader.signatures], ids=str
)
def test_render_decision_reads_the_vendor_loaders(loader) -> None:
    mount = '<div class="elfsight-app-1"></div>' if loader.mount else ""
    for signature in loader.signatures:
        page = f'<html><body><article><p>{"Text. " * 400}</p>{mount}</article><script src="https://cdn.example.net/{signature}"></script></body></html>'
        assert needs_rendering(Selector(text=page), "https://example.org/") == f"widget_loader:{loader.vendor}"


def test_server_side_share_plugins_need_no_rendering() -> None:
    page = (
        f"<html><body><article><p>{'Text. ' * 400}</p></article>"
        '<script src="/wp-content/plugins/social-warfare/assets/js/script.min.js"></script></body></html>'
    )
    assert loader_vendor("/wp-content/plugins/social-warfare/assets/js/script.min.js") == "social_warfare"
    assert needs_rendering(Selector(text=page), "https://example.org/") is None


def _team(body: str, head: str = "") -> list:
    page = f"<html><head><title>Notre équipe</title>{head}</head><body><h1>Notre équipe</h1>{body}</body></html>"
    return extract_team_pages(Selector(text=page), "https://example.org/equipe/")


def test_json_ld_people_nested_in_an_organisation_graph_with_https_types() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "https://schema.org/Organization",
                "name": "Association",
                "member": [{"@type": "https://schema.org/Person", "name": n, "jobTitle": r} for n, r in PEOPLE],
            },
            {"@type": "WebPage", "author": {"@type": "Person", "name": "Auteur Unique"}},
        ],
    }
    pages = _team("", f'<script type="application/ld+json">{json.dumps(graph)}</script>')
    assert [(member.name, member.role) for member in pages[0].members] == PEOPLE


def test_slightly_broken_json_ld_people_are_read() -> None:
    people = ",".join(json.dumps({"@type": "Person", "name": n, "jobTitle": r}) for n, r in PEOPLE)
    pages = _team("", f'<script type="application/ld+json"><!-- [{people},] --></script>')
    assert [member.name for member in pages[0].members] == [name for name, _ in PEOPLE]


def test_microdata_people_with_https_type_and_nested_scopes() -> None:
    cards = "".join(
        f'<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">{n}</span>'
        f'<span itemprop="jobTitle">{r}</span><div itemprop="worksFor" itemscope'
        ' itemtype="https://schema.org/Organization"><span itemprop="name">Association</span></div></div>'
        for n, r in PEOPLE
    )
    byline = (
        '<p itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Zoé B</span></p>'
    )
    pages = _team(f'<section itemscope itemtype="https://schema.org/Organization">{cards}</section>{byline}')
    assert [(member.name, member.role) for member in pages[0].members] == PEOPLE


@pytest.mark.parametrize("name", ["utm_source", "UTM_Campaign", "fbclid", "gclid", "msclkid", "mc_eid", "_hsenc"])
def test_tracking_parameters(name: str) -> None:
    assert is_tracking_parameter(name)
    assert strip_tracking(f"https://Example.org/p?a=1&{name}=x&b=2&b=3#top") == "https://example.org/p?a=1&b=2&b=3#top"


def test_share_page_identity_ignores_the_same_tracking_parameters_and_referrals() -> None:
    assert page_identity("https://example.org/p/?id=4&msclkid=9&ref=tw") == page_identity("https://example.org/p?id=4")
    assert not is_tracking_parameter("ref")  # a call to action's target may depend on it
