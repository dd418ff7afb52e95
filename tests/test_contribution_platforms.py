"""Unit tests of the contribution platform extractor's helpers, platform API parsers and a fuzz test.

The data-driven page cases live in ``tests/fixtures/extractors/contribution_platform``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parsel import Selector

from inbound_spiders.extractors.contribution_platforms import extract_contribution_platforms, platform_from_url
from inbound_spiders.extractors.numbers import iter_counts, parse_count
from inbound_spiders.extractors.platform_apis import (
    decidim_metrics_request,
    discourse_about_url,
    parse_decidim_metrics,
    parse_discourse_about,
)
from inbound_spiders.items import ContributionPlatform

FIXTURES = Path(__file__).parent / "fixtures" / "extractors" / "contribution_platform"


# --- numbers ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # French and English thousands separators
        ("6 375", 6375),
        ("6\u00a0375", 6375),
        ("6\u202f375", 6375),
        ("6\u2009375", 6375),
        ("6.375", 6375),
        ("1,234", 1234),
        ("1'234", 1234),
        ("12 000 000", 12_000_000),
        ("1.000.000", 1_000_000),
        # multipliers
        ("1.2k", 1200),
        ("1,2 k", 1200),
        ("12K", 12_000),
        ("3 M", 3_000_000),
        ("1.5 million", 1_500_000),
        ("1,5 millions", 1_500_000),
        ("2 milliards", 2_000_000_000),
        ("1 234,5 k", 1_234_500),
        # with words around
        ("1 234 votes", 1234),
        ("221 participants", 221),
        ("Participants : 221", 221),
        ("+ de 6 000", 6000),
        ("(3)", 3),
        ("Soutiens 1.2K", 1200),
        ("2017 votes", 2017),
        ("2017", 2017),
        ("0", 0),
        # not counts
        ("12/02/2017", None),
        ("2017-02-12", None),
        ("12.02.2017", None),
        ("12 février 2017", None),
        ("3 mars", None),
        ("March 12", None),
        ("février 2017", None),
        ("12:30", None),
        ("12h30", None),
        ("01 23 45 67 89", None),
        ("45 %", None),
        ("1 234 €", None),
        ("$1,234", None),
        ("€ 12", None),
        ("12 euros", None),
        ("1 M€", None),
        ("4.5", None),
        ("4,5", None),
        ("1,234.5", None),
        ("1er", None),
        ("3rd", None),
        ("-12", None),
        ("COVID-19", None),
        ("mp3", None),
        ("5km", None),
        ("007", None),
        ("", None),
        ("no number here", None),
        ("221 participants, 192 contributions", None),
        ("9" * 40, None),
    ],
)
def test_parse_count(text: str, expected: int | None) -> None:
    assert parse_count(text) == expected


def test_parse_count_rejects_non_strings() -> None:
    assert parse_count(None) is None
    assert parse_count(12) is None  # type: ignore[arg-type]


def test_iter_counts_positions_and_skips() -> None:
    text = "au 20 février, 221 personnes pour 192 contributions et 661 votes, le 12/02/2017 à 18h30"
    found = [(value, text[start:end]) for value, start, end in iter_counts(text)]
    assert found == [(221, "221"), (192, "192"), (661, "661")]


def test_iter_counts_span_includes_multiplier() -> None:
    ((value, start, end),) = list(iter_counts("déjà 1,2 k idées"))
    assert value == 1200
    assert "déjà 1,2 k idées"[start:end] == "1,2 k"


# --- platform recognition from URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://meta.decidim.org/processes/roadmap", "decidim"),
        ("https://decidim.barcelona/", "decidim"),
        ("https://participez.example.fr/processes/programme", "decidim"),
        ("https://vote.example.org/processes/budget/f/12/proposals", "decidim"),
        ("https://decide.madrid.example.es/proposals", "consul"),
        ("https://ville.cap-collectif.com/project/budget/collect/depot", "cap_collectif"),
        ("https://www.example.org/project/climat/consultation/etape-1", "cap_collectif"),
        ("https://forum.discourse.group/latest", "discourse"),
        ("https://www.loomio.com/g/abc123/group", "loomio"),
        ("https://city.citizenlab.co/en/projects", "citizenlab"),
        ("https://city.govocal.com/en/", "citizenlab"),
        ("https://make.org/FR/consultation/climat/selection", "make_org"),
        ("https://www.agorize.com/fr/challenges/x", "agorize"),
        ("https://acme.ideanote.io/", "ideanote"),
        ("https://feedback.uservoice.com/forums/1", "uservoice"),
        ("https://ville.purpoz.com/", "purpoz"),
        ("https://jeparticipe.example.fr/", "unknown"),
        # vendor sites, unrelated hosts, broken URLs
        ("https://decidim.org/", None),
        ("https://www.decidim.org/features", None),
        ("https://consuldemocracy.org/", None),
        ("https://cap-collectif.com/", None),
        ("https://www.loomio.com/", None),
        ("https://github.com/decidim/decidim", None),
        ("https://www.consulting-firm.example.com/", None),
        ("https://www.assemblee-nationale.fr/", None),
        ("https://www.example.com/processes/quality", None),
        ("https://www.facebook.com/groups/x", None),
        ("http://[::1", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_platform_from_url(url: str, expected: str | None) -> None:
    assert platform_from_url(url) == expected


# --- extractor behaviour ------------------------------------------------------------------------------------------


def _extract(html: str, url: str = "https://www.example.fr/conseil-citoyen/") -> list[ContributionPlatform]:
    return extract_contribution_platforms(Selector(text=html), url)


def test_aggregate_counter_beats_per_item_counters() -> None:
    html = """<html><body><h1>Boîte à idées</h1>
    <ul class="ideas"><li><a href="/i/1">Idea one</a> <span>40 votes</span></li>
    <li><a href="/i/2">Idea two</a> <span>35 votes</span></li></ul>
    <p>Au total : 661 votes</p></body></html>"""
    (item,) = _extract(html)
    assert item.votes == 661


def test_per_item_counters_alone_give_no_count() -> None:
    html = """<html><body><h1>Boîte à idées</h1>
    <div class="row"><h3>A</h3><p>40 votes</p></div><div class="row"><h3>B</h3><p>35 votes</p></div>
    </body></html>"""
    (item,) = _extract(html)
    assert item.platform == "custom"
    assert item.votes is None
    assert item.counts_source is None


def test_label_then_number_pairs_are_not_shifted() -> None:
    html = """<html><body><h1>Budget participatif</h1>
    <p>Participants <b>221</b> Propositions <b>192</b> Votes <b>661</b></p></body></html>"""
    (item,) = _extract(html)
    assert (item.participants, item.contributions, item.votes) == (221, 192, 661)


def test_phrase_without_participation_is_not_a_platform() -> None:
    html = "<html><head><title>Conseil citoyen</title></head><body><h1>Conseil citoyen</h1><p>Réunion le 3 mars.</p>"
    assert _extract(html) == []


def test_same_host_links_are_not_outbound_findings() -> None:
    html = '<a href="https://participez.example.fr/processes/x">x</a><a href="/processes/y">y</a>'
    assert _extract(html, "https://participez.example.fr/") == []


@pytest.mark.parametrize(
    "page_url",
    ["http://[::1", "javascript:void(0)", "", "not a url", "data:text/html,<h1>x</h1>", "https://exa mple.fr/\x00"],
)
def test_weird_page_urls_do_not_raise(page_url: str) -> None:
    html = (
        '<html><body><h1>Boîte à idées</h1><p>12 votes</p><a href="http://[::1">x</a>'
        '<a href="https://meta.decidim.org/processes/a">d</a><iframe src="javascript:alert(1)"></iframe></body></html>'
    )
    assert isinstance(extract_contribution_platforms(Selector(text=html), page_url), list)


def test_output_is_deterministic() -> None:
    html = (FIXTURES / "squarespace_embeds_cap_collectif_en.html").read_text(encoding="utf-8")
    url = "https://www.oakfordclimate.example.org/get-involved"
    first = extract_contribution_platforms(Selector(text=html), url)
    second = extract_contribution_platforms(Selector(text=html), url)
    assert first == second
    assert len({item.platform_url for item in first}) == len(first)


# --- platform APIs --------------------------------------------------------------------------------------------------


def test_discourse_about_url() -> None:
    assert discourse_about_url("https://forum.example.org/") == "https://forum.example.org/about.json"
    assert discourse_about_url("https://example.org/forum") == "https://example.org/forum/about.json"


def test_parse_discourse_about_old_keys() -> None:
    body = json.dumps(
        {
            "about": {
                "stats": {
                    "topic_count": 5969,
                    "post_count": 65860,
                    "user_count": 10858,
                    "active_users_30_days": 800,
                    "like_count": 37747,
                },
                "title": "Meta",
            }
        }
    ).encode()
    assert parse_discourse_about(body) == {"participants": 10858, "contributions": 65860, "votes": 37747}


def test_parse_discourse_about_new_keys_and_topic_fallback() -> None:
    body = '{"about": {"stats": {"topics_count": 12, "users_count": "34", "likes_count": 5.0}}}'
    assert parse_discourse_about(body) == {"participants": 34, "contributions": 12, "votes": 5}


@pytest.mark.parametrize(
    "body",
    [
        None,
        b"",
        b"<html>login required</html>",
        b"\xff\xfe\x00garbage",
        "[]",
        '{"about": null}',
        '{"about": {"stats": []}}',
        '{"about": {"stats": {"user_count": -1, "post_count": true, "like_count": "many"}}}',
        "[" * 100_000,
    ],
)
def test_parse_discourse_about_bad_bodies(body: bytes | str | None) -> None:
    assert parse_discourse_about(body) == {"participants": None, "contributions": None, "votes": None}


def test_decidim_metrics_request() -> None:
    url, body = decidim_metrics_request("https://participez.example.fr/")
    assert url == "https://participez.example.fr/api"
    query = json.loads(body)["query"]
    assert query.startswith("{ metrics(names: [")
    for name in ("participants", "proposals", "votes", "supports"):
        assert f'"{name}"' in query
    assert "{ name count }" in query


def test_parse_decidim_metrics() -> None:
    body = json.dumps(
        {
            "data": {
                "metrics": [
                    {"name": "participants", "count": 221},
                    {"name": "users", "count": 900},
                    {"name": "proposals", "count": 192},
                    {"name": "comments", "count": 1200},
                    {"name": "votes", "count": 661},
                ]
            }
        }
    )
    assert parse_decidim_metrics(body) == {"participants": 221, "contributions": 192, "votes": 661}


def test_parse_decidim_metrics_fallbacks() -> None:
    metrics = [{"name": "users", "count": 9}, {"name": "comments", "count": 4}, {"name": "supports", "count": 2}]
    body = json.dumps({"data": {"metrics": [*metrics, {"count": 1}, "x"]}})
    assert parse_decidim_metrics(body) == {"participants": 9, "contributions": 4, "votes": 2}


@pytest.mark.parametrize(
    "body",
    [
        None,
        b"",
        b"not json",
        '{"errors": [{"message": "Field \'metrics\' doesn\'t exist"}]}',
        '{"data": null}',
        '{"data": {"metrics": {"name": "participants"}}}',
        '{"data": {"metrics": [{"name": "participants", "count": null}]}}',
    ],
)
def test_parse_decidim_metrics_bad_bodies(body: bytes | str | None) -> None:
    assert parse_decidim_metrics(body) == {"participants": None, "contributions": None, "votes": None}


# --- fuzz -----------------------------------------------------------------------------------------------------------

_SEED_PAGES = sorted(path.read_text(encoding="utf-8") for path in FIXTURES.glob("*.html"))
_SNIPPETS = [
    "<table><tr><th>Participants</th><th>Votes</th></tr><tr><td>221</td><td>",
    "<dl><dt>Votes</dt><dd>1,2 k</dd>",
    '<a href="http://[::1">',
    '<iframe src="https://x.cap-collectif.com/project/a/collect/b">',
    '<meta name="generator" content="Decidim">',
    "<h1>Boîte à idées</h1>",
    "</div></td></table>",
    "\x00\ufffd\u202f",
    "12/02/2017 661 votes 6 375 participants",
    '<a href="javascript:alert(1)">Voter</a>',
    '<a t\x01itle="x" href="https://meta.decidim.org/processes/a">',
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    page=st.sampled_from(_SEED_PAGES),
    cut=st.floats(min_value=0, max_value=1),
    insert_at=st.floats(min_value=0, max_value=1),
    inserted=st.one_of(st.sampled_from(_SNIPPETS), st.text(max_size=200)),
    page_url=st.one_of(
        st.sampled_from(["https://www.example.fr/conseil-citoyen/", "http://[::1", "", "https://make.org/FR/x"]),
        st.text(max_size=50),
    ),
)
def test_fuzz_mutated_pages_never_raise(page: str, cut: float, insert_at: float, inserted: str, page_url: str) -> None:
    truncated = page[: int(len(page) * cut) + 1]
    position = int(len(truncated) * insert_at)
    html = truncated[:position] + inserted + truncated[position:]
    items = extract_contribution_platforms(Selector(text=html), page_url)
    assert isinstance(items, list)
    assert all(isinstance(item, ContributionPlatform) for item in items)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_fuzz_random_text_never_raises(text: str) -> None:
    assert isinstance(extract_contribution_platforms(Selector(text=text or " "), "https://example.org/"), list)
    value = parse_count(text)
    assert value is None or value >= 0
    assert all(value >= 0 and 0 <= start < end <= len(text) for value, start, end in iter_counts(text))


_JOIN_BASES = [
    "https://www.example.org/a/b/page.html?x=1#top",
    "http://www.example.org:8080/deep/er/",
    "HTTPS://Example.ORG/A/",
    "file:///srv/site/index.html",
    "",
    "https://[::1]:8443/x/",
]
_PLATFORM_LINKS = [
    "https://participez.ville.fr/processes/budget/f/12/",
    "https://participez.ville.fr/processes/budget/f/12;x",
    "https://decide.madrid.es/proposals?page=2#top",
    "https://decide.madrid.es/proposals?",
    "http://DECIDE.Madrid.es/debates#",
    "https://ville.cap-collectif.com/project/p/collect/step?",
    "https://make.org/FR/consultation/x/",
    "https://www.loomio.com/d/abc/./../g/x",
    "https://user:pw@meta.decidim.org:8443/processes/x",
    "https://[::1/x",
    "https://a.org:notaport/processes/x/f/1",
    "https://participate.example.org/%2e%2e/proposals",
    "https://twitter.com/intent/tweet?url=https%3A%2F%2Fparticipez.ville.fr%2Fprocesses%2Fx",
    "https://www.facebook.com/sharer/sharer.php?u=https://decide.madrid.es/proposals",
]


def _platform_after_joining(href: str, base: str) -> str | None:
    from inbound_spiders.extractors.common import absolute_url

    url = absolute_url(href, base)
    return platform_from_url(url) if url else None


@pytest.mark.parametrize("base", _JOIN_BASES)
def test_absolute_links_name_their_platform_before_joining(base: str) -> None:
    """Linked platforms are looked for on the link as written when it is absolute and holds no ``;``, tab or line
    break: joining it to any base keeps what ``platform_from_url`` reads (host and path)."""
    for href in _PLATFORM_LINKS:
        if ";" in href:
            continue  # joined, an empty ;params is dropped from the path: such links are joined first
        assert platform_from_url(href) == _platform_after_joining(href, base), (base, href)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    scheme=st.sampled_from(["http://", "https://"]),
    host=st.sampled_from(["participez.ville.fr", "decide.madrid.es", "x.cap-collectif.com", "www.loomio.com", "a.org"]),
    parts=st.lists(
        st.sampled_from(["/", "processes", "proposals", "project", "collect", "f", "1", "g", "?", "#", "%", ".", "é"]),
        max_size=12,
    ),
    base=st.sampled_from(_JOIN_BASES),
)
def test_absolute_links_name_their_platform_before_joining_fuzzed(
    scheme: str, host: str, parts: list[str], base: str
) -> None:
    href = f"{scheme}{host}{''.join(parts)}"
    assert platform_from_url(href) == _platform_after_joining(href, base), (base, href)
