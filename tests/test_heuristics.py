"""Per-item heuristics and the enrichment pipeline: thresholds as settings, assessments that pass their schemas."""

from __future__ import annotations

import dataclasses

import pytest
from itemadapter import ItemAdapter
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from inbound_spiders.config import InboundConfig
from inbound_spiders.contracts import validator_for
from inbound_spiders.heuristics import (
    assess_call_to_action,
    assess_contribution,
    assess_share_widget,
    assess_team_page,
    assess_video,
    page_identity,
    participation_engagement,
    video_length_class,
)
from inbound_spiders.identity import stamp
from inbound_spiders.items import (
    CallToAction,
    ContributionPlatform,
    InboundItem,
    ShareWidget,
    TeamMember,
    TeamPage,
    Video,
)
from inbound_spiders.pipelines.enrichment import EnrichmentPipeline

PRESS_CONFERENCE = (
    "https://www.benoithamon2017.fr/carnet-de-campagne/conference-de-presse-presentation-de-l-equipe-de-campagne/"
)


def _stamped(item: InboundItem) -> InboundItem:
    return stamp(item, site="benoithamon2017.fr", run_id="run-1", crawled_at="2017-02-20T10:00:00Z")


def _video(seconds: int | None, page_url: str = PRESS_CONFERENCE) -> Video:
    return Video(
        page_url=page_url,
        platform="youtube",
        url="https://www.youtube.com/watch?v=eQp50mNcf12",
        video_id="eQp50mNcf12",
        duration_seconds=seconds,
        duration_source=None if seconds is None else "schema_org",
    )


# --- pure heuristics --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "length_class"),
    [(None, "unknown"), (0, "short"), (180, "short"), (181, "medium"), (899, "medium"), (900, "long"), (3012, "long")],
)
def test_video_length_class_boundaries(seconds: int | None, length_class: str) -> None:
    assert video_length_class(seconds) == length_class


def test_hamon_press_conference_is_long_and_should_be_split() -> None:
    assessment = assess_video(_video(3012))
    assert (assessment.length_class, assessment.split_advised) == ("long", True)


def test_long_but_under_the_split_threshold_is_not_split() -> None:
    assert assess_video(_video(1117)).split_advised is False  # the 18:37 victory speech
    assert assess_video(_video(None)).split_advised is False
    assert assess_video(_video(1117), split_min_seconds=1000).split_advised is True


def test_thresholds_change_the_length_class() -> None:
    assessment = assess_video(_video(3012), short_max_seconds=600, long_min_seconds=4000, split_min_seconds=5000)
    assert (assessment.length_class, assessment.split_advised) == ("medium", False)


def _team(*members: TeamMember) -> TeamPage:
    return TeamPage(page_url=PRESS_CONFERENCE, presentation="organigramme", members=list(members))


def test_organigramme_without_photos_or_bios_is_bare() -> None:
    team = _team(*(TeamMember(name=f"Membre {index}", role="Pôle projet") for index in range(20)))
    assessment = assess_team_page(team)
    assert dataclasses.asdict(assessment) == {
        "member_count": 20,
        "photo_share": 0.0,
        "bio_share": 0.0,
        "completeness": "bare",
    }


def test_team_completeness_complete_partial_and_empty() -> None:
    bio = "x" * 200
    complete = _team(*(TeamMember(name=f"M{i}", has_photo=True, bio_length=len(bio)) for i in range(5)))
    assert assess_team_page(complete).completeness == "complete"
    partial = _team(TeamMember(name="A", has_photo=True), TeamMember(name="B"), TeamMember(name="C"))
    assessment = assess_team_page(partial)
    assert (assessment.completeness, assessment.photo_share, assessment.bio_share) == ("partial", 0.333, 0.0)
    assert assess_team_page(_team()).completeness == "empty"
    assert assess_team_page(_team()).photo_share is None


def test_a_short_caption_is_not_a_bio() -> None:
    team = _team(*(TeamMember(name=f"M{i}", has_photo=True, bio_length=12) for i in range(3)))
    assert assess_team_page(team).completeness == "partial"
    assert assess_team_page(team, bio_min_chars=10).completeness == "complete"


def test_hamon_citizen_council_has_low_engagement() -> None:
    council = ContributionPlatform(
        page_url="https://www.benoithamon2017.fr/conseil-citoyen/",
        platform="custom",
        platform_url="https://www.benoithamon2017.fr/conseil-citoyen/",
        participants=221,
        contributions=192,
        votes=661,
    )
    assert dataclasses.asdict(assess_contribution(council)) == {
        "contributions_per_participant": 0.869,
        "votes_per_contribution": 3.443,
        "engagement": "low",
    }


@pytest.mark.parametrize(
    ("participants", "engagement"), [(None, "unknown"), (0, "low"), (999, "low"), (1000, "medium"), (5000, "high")]
)
def test_participation_engagement_boundaries(participants: int | None, engagement: str) -> None:
    assert participation_engagement(participants) == engagement


def test_contribution_ratios_are_unknown_without_counts() -> None:
    platform = ContributionPlatform(page_url="https://e.org/", platform="decidim", platform_url="https://e.org/")
    assessment = assess_contribution(dataclasses.replace(platform, participants=0, contributions=5))
    assert assessment.contributions_per_participant is None
    assert assessment.votes_per_contribution is None
    assert assessment.engagement == "low"


@pytest.mark.parametrize(
    ("action", "placement", "prominent", "converts"),
    [
        ("donate", "header", True, True),
        ("newsletter", "hero", True, True),
        ("volunteer", "navigation", True, True),
        ("newsletter", "footer", False, True),
        ("contact", "header", True, False),
        ("download", "body", False, False),
        ("social_follow", "footer", False, False),
    ],
)
def test_call_to_action_assessment(action: str, placement: str, prominent: bool, converts: bool) -> None:
    cta = CallToAction(page_url="https://e.org/", action=action, label="Go", element="link", placement=placement)
    assessment = assess_call_to_action(cta)
    assert (assessment.prominent, assessment.converts) == (prominent, converts)


def test_share_intent_of_the_page_itself_with_anchor_and_canonical_host() -> None:
    widget = ShareWidget(
        page_url="http://127.0.0.1:8017/le-projet/democratie/",
        role="share",
        network="twitter",
        href="https://twitter.com/intent/tweet?url=...",
        shared_url="https://www.benoithamon2017.fr/le-projet/democratie/?utm_source=tw#action-49-3",
        hashtags=["49_3Citoyen"],
    )
    assessment = assess_share_widget(widget)
    assert (assessment.shares_this_page, assessment.has_hashtags) == (True, True)


def test_share_intent_of_another_page_and_follow_links() -> None:
    other = ShareWidget(
        page_url="https://e.org/news/",
        role="share",
        network="facebook",
        shared_url="https://e.org/",
    )
    assert assess_share_widget(other).shares_this_page is False
    assert assess_share_widget(other).has_hashtags is False
    follow = ShareWidget(page_url="https://e.org/", role="follow", network="twitter", href="https://x.com/e")
    assert assess_share_widget(follow).shares_this_page is None
    script_widget = ShareWidget(page_url="https://e.org/", role="share", network="multiple", vendor="addthis")
    assert assess_share_widget(script_widget).shares_this_page is None


def test_page_identity_ignores_tracking_but_not_meaningful_parameters() -> None:
    assert page_identity("https://e.org/a/?utm_campaign=x&fbclid=1") == page_identity("http://www.e.org/a")
    assert page_identity("https://e.org/?p=12") != page_identity("https://e.org/?p=13")


# --- the enrichment pipeline ------------------------------------------------------------------------------------


def _pipeline(**settings: object) -> EnrichmentPipeline:
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    return EnrichmentPipeline.from_crawler(crawler)


def test_enrichment_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        _pipeline(INBOUND_ENRICHMENT_ENABLED=False)


def test_pipeline_assesses_with_configured_thresholds_and_counts() -> None:
    pipeline = _pipeline()
    enriched = pipeline.process_item(_stamped(_video(3012)))
    assert enriched.assessment.length_class == "long" and enriched.assessment.split_advised
    assert pipeline.stats.get_value("inbound/enrichment/video/assessed") == 1
    assert pipeline.stats.get_value("inbound/enrichment/video/length_class/long") == 1
    assert pipeline.stats.get_value("inbound/enrichment/video/split_advised/true") == 1

    lenient = _pipeline(INBOUND_VIDEO_LONG_MIN_SECONDS=3600, INBOUND_VIDEO_SPLIT_MIN_SECONDS=3600)
    assert lenient.process_item(_stamped(_video(3012))).assessment.length_class == "medium"


@pytest.mark.parametrize(
    "item",
    [
        _video(3012),
        _video(None),
        TeamPage(page_url=PRESS_CONFERENCE, presentation="organigramme", members=[TeamMember(name="A")]),
        ContributionPlatform(page_url="https://e.org/", platform="custom", platform_url="https://e.org/"),
        CallToAction(page_url="https://e.org/", action="donate", label="Don", element="button", placement="header"),
        ShareWidget(page_url="https://e.org/", role="share", network="twitter", shared_url="https://e.org/"),
    ],
    ids=lambda item: item.kind,
)
def test_enriched_items_are_valid_against_their_schema(item: InboundItem) -> None:
    enriched = _pipeline().process_item(_stamped(item))
    assert enriched.assessment is not None
    fields = ItemAdapter(enriched).asdict()
    assert list(validator_for(enriched.kind).iter_errors(fields)) == []


def test_pipeline_fills_depth_from_the_response_the_page_came_in() -> None:
    pipeline = _pipeline()
    request = Request(PRESS_CONFERENCE, meta={"depth": 2})
    pipeline.response_received(HtmlResponse(PRESS_CONFERENCE, body=b"<html></html>", request=request), request, None)
    assert pipeline.process_item(_stamped(_video(3012))).depth == 2
    elsewhere = _stamped(_video(3012, page_url="https://www.benoithamon2017.fr/videos/"))
    assert pipeline.process_item(elsewhere).depth is None


def test_pipeline_keeps_a_video_length_stated_on_another_page_of_the_run() -> None:
    pipeline = _pipeline()
    pipeline.process_item(_stamped(_video(3012)))
    thumbnail = pipeline.process_item(
        _stamped(_video(None, page_url="https://www.benoithamon2017.fr/reseaux-sociaux/"))
    )
    assert (thumbnail.duration_seconds, thumbnail.duration_source) == (3012, "schema_org")
    assert thumbnail.assessment.split_advised is True
    assert pipeline.stats.get_value("inbound/enrichment/video/duration_from_other_page") == 1


def test_pipeline_passes_other_items_through() -> None:
    other = {"kind": "something"}
    assert _pipeline().process_item(other) is other


@pytest.mark.parametrize(
    "settings",
    [
        {"INBOUND_VIDEO_SHORT_MAX_SECONDS": 1000},
        {"INBOUND_VIDEO_SPLIT_MIN_SECONDS": 600},
        {"INBOUND_PARTICIPATION_LOW_PARTICIPANTS": 6000},
        {"INBOUND_SHARE_COVERAGE_MIN": 1.5},
        {"INBOUND_TEAM_MAX_DEPTH": -1},
    ],
)
def test_contradictory_thresholds_fail_loudly(settings: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        InboundConfig.from_settings(get_crawler(settings_dict=settings).settings)


def test_a_cta_measured_on_the_first_screen_is_prominent_wherever_its_markup_sits() -> None:
    from inbound_spiders.heuristics import assess_call_to_action
    from inbound_spiders.items import CallToAction

    cta = CallToAction(page_url="https://e.org/", action="donate", label="Don", element="link", placement="body")
    assert assess_call_to_action(cta).prominent is False
    cta.above_fold_mobile = True
    assert assess_call_to_action(cta).prominent is True
