"""A German association and a Spanish party, each a small local site crawled end to end into MongoDB: the calls to
action of each kind, the team page, the participation counter, the video and its stated length, and the site audit's
scorecard with its advice in the site's language (issue 14).

``tests/fixtures/sites/de_verein`` is a WordPress/Elementor association site (Mailchimp newsletter, betterplace
donation, "Mitglied werden" form, a team grid, an "Ideenplattform" with its counter, a YouTube film described by a
Yoast ``VideoObject``); ``tests/fixtures/sites/es_partido`` a WordPress party site (MC4WP "Suscríbete al boletín",
GiveWP "Dona", a Contact Form 7 "Hazte afiliado/a" form, an Elementor "Nuestro equipo", a "proceso participativo" with
a Decidim-style statistics block, a YouTube embed captioned "Duración: 3:45").

The sites are written as such sites are, not bent to pass: the gaps they first showed (German and Spanish length
labels, "Quiero afiliarme", "La Ejecutiva" taken for a person) were fixed in the language modules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pymongo
import pytest
from parsel import Selector
from pymongo.database import Database

from inbound_spiders.audit.checks import FAIL, PASS, UNKNOWN
from inbound_spiders.extractors.videos import extract_videos
from inbound_spiders.localsite import LocalSite
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import TESTS, run_crawl

SITES = TESTS / "fixtures" / "sites"


@dataclass(frozen=True)
class Member:
    name: str
    has_photo: bool
    has_bio: bool


@dataclass(frozen=True)
class Expected:
    """What a person reading the site finds on it, and the scorecard it earns."""

    folder: str
    language: str
    pages: int
    #: (action, element, label) of calls to action the site shows.
    ctas: tuple[tuple[str, str, str], ...]
    team_path: str
    members: tuple[Member, ...]
    participation_path: str
    counts: tuple[int, int, int]
    video_id: str
    video_seconds: int
    video_source: str
    #: The overall score's band: see ``test_the_scorecard``.
    score_band: tuple[float, float]
    results: dict[str, str] = field(default_factory=dict)
    #: A failing check and its advice in the site's language.
    failing_advice: tuple[str, str] = ("", "")


GERMAN = Expected(
    folder="de_verein",
    language="de",
    pages=6,
    ctas=(
        ("newsletter", "form", "Jetzt abonnieren"),
        ("donate", "button", "Jetzt spenden"),
        ("volunteer", "link", "Mitmachen"),
        ("volunteer", "form", "Mitglied werden"),
    ),
    team_path="/team/",
    members=(
        Member("Anna Becker", True, True),
        Member("Jonas Weber", True, True),
        Member("Lea Schmidt", True, True),
        Member("Mehmet Yılmaz", True, True),
        Member("Katharina Vogel", False, False),
    ),
    participation_path="/beteiligung/",
    counts=(1234, 567, 8910),
    video_id="Q7sPf3kLm2A",
    video_seconds=12 * 60 + 30,
    video_source="schema_org",
    score_band=(58.0, 70.0),
    results={
        "newsletter_offered": PASS,
        "donate_offered": PASS,
        "donate_prominent": PASS,
        "volunteer_offered": PASS,
        "engagement_form_explained": PASS,
        "cta_first_screen": PASS,
        # The donate button and the newsletter are on the home page only; the nav is not on the other pages.
        "cta_site_wide": FAIL,
        "downloads_offered": FAIL,
        "share_on_content": FAIL,
        "social_profiles": FAIL,
        "videos_present": PASS,
        "video_length": PASS,
        "team_page_present": PASS,
        "team_findable": PASS,
        "team_photos_bios": PASS,
        "contribution_platform": PASS,
        "contribution_engagement": PASS,
        "participation_growth": UNKNOWN,
    },
    failing_advice=(
        "cta_site_wide",
        "Wiederholen Sie eine wichtige Handlungsaufforderung auf allen Seiten (im Kopf- oder Fußbereich).",
    ),
)

SPANISH = Expected(
    folder="es_partido",
    language="es",
    pages=5,
    ctas=(
        ("newsletter", "form", "Suscribirme"),
        ("donate", "link", "Dona"),
        ("donate", "button", "Dona"),
        ("donate", "form", "Donar ahora"),
        ("volunteer", "link", "Afíliate"),
        ("volunteer", "button", "Hazte afiliado/a"),
    ),
    team_path="/nuestro-equipo/",
    members=(
        Member("Lucía Moreno", True, True),
        Member("Javier Ortega", True, True),
        Member("Ainhoa Etxeberria", True, True),
        Member("Rubén Castillo", False, False),
    ),
    participation_path="/participa/",
    counts=(1234, 567, 8910),
    video_id="bX4rT8eLq0c",
    video_seconds=3 * 60 + 45,
    video_source="visible_label",
    score_band=(58.0, 70.0),
    results={
        "newsletter_offered": PASS,
        "donate_offered": PASS,
        "donate_prominent": PASS,
        "volunteer_offered": PASS,
        "cta_first_screen": PASS,
        # The menu with "Afíliate" and "Dona" is on every page.
        "cta_site_wide": PASS,
        "downloads_offered": FAIL,
        "share_on_content": FAIL,
        "social_profiles": FAIL,
        "videos_present": PASS,
        "team_page_present": PASS,
        "team_findable": PASS,
        "team_photos_bios": PASS,
        "contribution_platform": PASS,
        "contribution_engagement": PASS,
        "participation_growth": UNKNOWN,
    },
    failing_advice=(
        "social_profiles",
        "Destaque las cuentas de la campaña en las redes sociales, en la cabecera o el pie de página.",
    ),
)


@dataclass(frozen=True)
class SiteCrawl:
    expected: Expected
    mongo_uri: str
    database: str
    log: str

    def db(self) -> Database:
        return pymongo.MongoClient(self.mongo_uri, tz_aware=True)[self.database]

    def findings(self, kind: str) -> list[dict[str, Any]]:
        return list(self.db()[COLLECTION_BY_KIND[kind]].find())

    def audit(self) -> dict[str, Any]:
        audit = self.db().site_audits.find_one()
        assert audit is not None, self.log[-3000:]
        return audit


@pytest.fixture(scope="module", params=[GERMAN, SPANISH], ids=lambda expected: expected.language)
def site_crawl(
    request: pytest.FixtureRequest, mongo_uri: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SiteCrawl]:
    expected: Expected = request.param
    database = f"test_language_site_{expected.language}"
    pymongo.MongoClient(mongo_uri).drop_database(database)
    with LocalSite(SITES / expected.folder) as site:
        crawl = run_crawl(
            "audit", f"url={site.url}", mongo_uri=mongo_uri, database=database,
            tmp_path=tmp_path_factory.mktemp(expected.folder),
        )  # fmt: skip
    yield SiteCrawl(expected, mongo_uri, database, crawl.log)
    pymongo.MongoClient(mongo_uri).drop_database(database)


def _path(url: str) -> str:
    return urlsplit(url).path


def _only(documents: list[dict[str, Any]], log: str) -> dict[str, Any]:
    assert len(documents) == 1, (documents, log[-3000:])
    return documents[0]


def test_every_page_is_audited_in_the_sites_language(site_crawl: SiteCrawl) -> None:
    expected = site_crawl.expected
    run = site_crawl.db().runs.find_one()
    assert run is not None, site_crawl.log[-3000:]
    assert run["stats"]["inbound/pages/audited"] == expected.pages
    assert run["language"] == expected.language
    for kind in COLLECTION_BY_KIND:
        for document in site_crawl.findings(kind):
            if _path(document["page_url"]) != "/english/":
                assert document["language"] == expected.language, document


def test_each_call_to_action_kind_is_found(site_crawl: SiteCrawl) -> None:
    ctas = site_crawl.findings("call_to_action")
    found = {(cta["action"], cta["element"], cta["label"]) for cta in ctas}
    assert set(site_crawl.expected.ctas) <= found, site_crawl.log[-3000:]
    assert {"newsletter", "donate", "volunteer"} <= {cta["action"] for cta in ctas}


def test_the_spanish_membership_form_is_a_volunteer_form(site_crawl: SiteCrawl) -> None:
    if site_crawl.expected is not SPANISH:
        pytest.skip("Spanish site only")
    forms = [cta for cta in site_crawl.findings("call_to_action") if _path(cta["page_url"]) == "/afiliate/"]
    assert [(cta["action"], cta["element"]) for cta in forms] == [("volunteer", "form")]


def test_the_team_page(site_crawl: SiteCrawl) -> None:
    expected = site_crawl.expected
    team = _only(site_crawl.findings("team_page"), site_crawl.log)
    assert _path(team["page_url"]) == expected.team_path
    members = {member["name"]: member for member in team["members"]}
    for person in expected.members:
        member = members[person.name]
        assert (member["has_photo"], member["bio_length"] > 0) == (person.has_photo, person.has_bio), member


def _shares(members: tuple[Member, ...]) -> tuple[float, float]:
    return (
        round(sum(member.has_photo for member in members) / len(members), 3),
        round(sum(member.has_bio for member in members) / len(members), 3),
    )


def test_the_german_team_is_counted_exactly(site_crawl: SiteCrawl) -> None:
    if site_crawl.expected is not GERMAN:
        pytest.skip("see test_the_spanish_team_is_counted_exactly")
    team = _only(site_crawl.findings("team_page"), site_crawl.log)
    assert [member["name"] for member in team["members"]] == [member.name for member in GERMAN.members]
    assert [member["role"] for member in team["members"]] == [
        "Vorsitzende", "Schatzmeister", "Geschäftsführerin", "Stellvertretender Vorsitzender", "Schriftführerin",
    ]  # fmt: skip
    assessment = team["assessment"]
    assert assessment["member_count"] == 5
    assert (assessment["photo_share"], assessment["bio_share"]) == _shares(GERMAN.members) == (0.8, 0.8)
    assert assessment["completeness"] == "complete"


def test_the_spanish_team_is_counted_exactly(site_crawl: SiteCrawl) -> None:
    if site_crawl.expected is not SPANISH:
        pytest.skip("Spanish site only")
    team = _only(site_crawl.findings("team_page"), site_crawl.log)
    assert [member["name"] for member in team["members"]] == [member.name for member in SPANISH.members]
    assessment = team["assessment"]
    assert assessment["member_count"] == 4
    assert (assessment["photo_share"], assessment["bio_share"]) == _shares(SPANISH.members) == (0.75, 0.75)


def test_the_participation_counter_is_read_exactly(site_crawl: SiteCrawl) -> None:
    expected = site_crawl.expected
    platform = _only(site_crawl.findings("contribution_platform"), site_crawl.log)
    assert (platform["platform"], _path(platform["platform_url"])) == ("custom", expected.participation_path)
    assert (platform["participants"], platform["contributions"], platform["votes"]) == expected.counts
    assert platform["counts_source"] == "visible_counter"
    assert platform["assessment"]["engagement"] == "medium"


def test_the_video_and_its_stated_length(site_crawl: SiteCrawl) -> None:
    expected = site_crawl.expected
    video = _only(site_crawl.findings("video"), site_crawl.log)
    assert (video["platform"], video["video_id"]) == ("youtube", expected.video_id)
    assert (video["duration_seconds"], video["duration_source"]) == (expected.video_seconds, expected.video_source)
    assert video["assessment"]["length_class"] == "medium"


# A caption announcing the length in the site's language, without brackets or a duration class (each language's
# VIDEO_LENGTH_LABELS in knowledge/words).
_CAPTIONED_PLAYER = """<html><body><figure class="wp-block-embed is-provider-youtube">
<div class="wp-block-embed__wrapper"><iframe src="https://www.youtube.com/embed/bX4rT8eLq0c"></iframe></div>
<figcaption class="wp-element-caption">{caption}</figcaption></figure></body></html>"""


@pytest.mark.parametrize(
    ("caption", "seconds"),
    [
        pytest.param("Unser Film. Durée : 12:30", 750, id="fr"),
        pytest.param("Unser Film. Dauer: 12:30", 750, id="de"),
        pytest.param("El aire de tu barrio. Duración: 3:45", 225, id="es"),
    ],
)
def test_a_length_label_in_each_language(caption: str, seconds: int) -> None:
    html = _CAPTIONED_PLAYER.format(caption=caption)
    [video] = extract_videos(Selector(text=html), "https://example.org/")
    assert (video.duration_seconds, video.duration_source) == (seconds, "visible_label")


def test_the_scorecard(site_crawl: SiteCrawl) -> None:
    """The overall score of both sites falls in 58-70. Measured: de 64.0, es 65.9. The band holds what the
    sites are: every converting CTA kind, a team page, a counted participation space and a video (information,
    resource generation, convert near 100), but no sharing, no social profiles or feeds and no downloads (networking
    0, attract 25-40), so they are neither exemplary (> 70) nor poor (< 58); the band leaves about 6 points either
    side of the measured scores for small changes of weights."""
    expected = site_crawl.expected
    audit = site_crawl.audit()
    assert audit["language"] == expected.language
    low, high = expected.score_band
    assert low <= audit["overall_score"] <= high, audit["overall_score"]
    checks = audit["checks"]
    assert {check: checks[check]["result"] for check in expected.results} == expected.results
    metrics = audit["metrics"]
    assert set(metrics["cta_actions"]) == {"donate", "newsletter", "volunteer"}
    assert (metrics["participants"], metrics["contributions"], metrics["votes"]) == expected.counts
    assert metrics["pages_audited"] == expected.pages


def test_advice_in_the_sites_language(site_crawl: SiteCrawl) -> None:
    expected = site_crawl.expected
    check_id, advice = expected.failing_advice
    check = site_crawl.audit()["checks"][check_id]
    assert check["result"] == FAIL
    assert check["advice"][expected.language] == advice
    assert check["advice"]["en"] != advice
    # The details filled into the advice are in that language too: the CTA kinds missing (event, petition) by their
    # words, never the internal keys.
    coverage = site_crawl.audit()["checks"]["cta_kinds_coverage"]
    assert coverage["details"]["missing"] == ["event", "petition"]
    assert coverage["advice"][expected.language].endswith(
        {"de": "(es fehlen: Veranstaltung, Petition).", "es": "(faltan: evento, petición)."}[expected.language]
    )
    # The counts go into the advice in the site's language too, written as that language writes numbers.
    engagement = site_crawl.audit()["checks"]["contribution_engagement"]["advice"][expected.language]
    assert engagement.endswith(
        {
            "de": "(1.234 Teilnehmende): Berichten Sie regelmäßig über die aufgegriffenen Ideen.",
            "es": "(1.234 participantes): informe con regularidad de las ideas adoptadas.",
        }[expected.language]
    )


def test_the_fixtures_keep_their_elements() -> None:
    """Each fixture keeps the six elements the issue asks for, so that no edit silently drops one."""
    for expected in (GERMAN, SPANISH):
        folder = SITES / expected.folder
        html = "\n".join(path.read_text(encoding="utf-8") for path in sorted(Path(folder).rglob("*.html")))
        assert len(list(Path(folder).rglob("index.html"))) == expected.pages
        assert expected.video_id in html
        assert "1.234" in html and "8.910" in html
