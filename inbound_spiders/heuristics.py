"""Per-item heuristics: pure functions turning one finding into its assessment (see ``items.py``).

Each function takes the item and its thresholds (``INBOUND_*`` settings, documented in ``docs/report.md``; the
defaults here are the settings' defaults) and returns the assessment dataclass of the item's kind. No I/O, no
settings: the enrichment pipeline reads the thresholds once and calls these. Judgments that need the whole site
(CTA coverage, share coverage over pages, growth across runs) belong to the site audit (``inbound_spiders.audit``).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from inbound_spiders.items import (
    CallToAction,
    CallToActionAssessment,
    ContributionAssessment,
    ContributionPlatform,
    ShareWidget,
    ShareWidgetAssessment,
    TeamPage,
    TeamPageAssessment,
    Video,
    VideoAssessment,
)
from inbound_spiders.knowledge.urls import REFERRAL_PARAMETERS, is_tracking_parameter

#: Placements every visitor sees without scrolling or searching.
PROMINENT_PLACEMENTS = frozenset({"header", "navigation", "hero"})
#: Actions that build the audience or the resources of the site (as opposed to contact, download or follow).
CONVERTING_ACTIONS = frozenset({"newsletter", "donate", "volunteer", "petition", "event", "app_download"})


def video_length_class(
    duration_seconds: int | None, *, short_max_seconds: int = 180, long_min_seconds: int = 900
) -> str:
    """``short`` (≤ ``short_max_seconds``), ``long`` (≥ ``long_min_seconds``), ``medium`` between, or ``unknown``."""
    if duration_seconds is None:
        return "unknown"
    if duration_seconds <= short_max_seconds:
        return "short"
    if duration_seconds >= long_min_seconds:
        return "long"
    return "medium"


def assess_video(
    video: Video, *, short_max_seconds: int = 180, long_min_seconds: int = 900, split_min_seconds: int = 1200
) -> VideoAssessment:
    """Length class of a video, and whether it is long enough to be cut into thematic parts.

    The seed's 50:12 press conference is ``long`` with ``split_advised``: "il aurait fallu la couper en plusieurs
    parties thématiques".
    """
    length_class = video_length_class(
        video.duration_seconds, short_max_seconds=short_max_seconds, long_min_seconds=long_min_seconds
    )
    split_advised = video.duration_seconds is not None and video.duration_seconds >= split_min_seconds
    return VideoAssessment(length_class=length_class, split_advised=split_advised)


def assess_team_page(team: TeamPage, *, bio_min_chars: int = 40, complete_min_share: float = 0.6) -> TeamPageAssessment:
    """How completely a team page presents people: share of members with a photo, share with a biography.

    ``complete`` when at least ``complete_min_share`` of members have a photo and as many a biography (of at least
    ``bio_min_chars`` characters); ``bare`` when nobody has either (names and roles only, the seed's "organigramme
    sans illustration ni bio"); ``partial`` otherwise; ``empty`` without members.
    """
    members = team.members
    if not members:
        return TeamPageAssessment(member_count=0, photo_share=None, bio_share=None, completeness="empty")
    photo_share = round(sum(1 for member in members if member.has_photo) / len(members), 3)
    bio_share = round(sum(1 for member in members if member.bio_length >= bio_min_chars) / len(members), 3)
    if photo_share >= complete_min_share and bio_share >= complete_min_share:
        completeness = "complete"
    elif photo_share == 0 and bio_share == 0:
        completeness = "bare"
    else:
        completeness = "partial"
    return TeamPageAssessment(
        member_count=len(members), photo_share=photo_share, bio_share=bio_share, completeness=completeness
    )


def participation_engagement(
    participants: int | None, *, low_participants: int = 1000, high_participants: int = 5000
) -> str:
    """``low`` (< ``low_participants``), ``high`` (≥ ``high_participants``), ``medium`` between, or ``unknown``."""
    if participants is None:
        return "unknown"
    if participants < low_participants:
        return "low"
    if participants >= high_participants:
        return "high"
    return "medium"


def _ratio(numerator: int | None, denominator: int | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 3)


def assess_contribution(
    platform: ContributionPlatform, *, low_participants: int = 1000, high_participants: int = 5000
) -> ContributionAssessment:
    """Engagement of a participation space from the counts it shows.

    The seed's Conseil citoyen (221 participants, 192 contributions, 661 votes) is ``low`` engagement, with
    0.869 contributions per participant and 3.443 votes per contribution.
    """
    return ContributionAssessment(
        contributions_per_participant=_ratio(platform.contributions, platform.participants),
        votes_per_contribution=_ratio(platform.votes, platform.contributions),
        engagement=participation_engagement(
            platform.participants, low_participants=low_participants, high_participants=high_participants
        ),
    )


def assess_call_to_action(cta: CallToAction) -> CallToActionAssessment:
    """Whether a CTA is placed where every visitor sees it (header, navigation, hero, or measured on the first screen
    of a rendered page), and whether it converts visitors into audience or resources (newsletter, donate, volunteer,
    petition, event, app download)."""
    on_first_screen = bool(cta.above_fold_desktop or cta.above_fold_mobile)
    return CallToActionAssessment(
        prominent=cta.placement in PROMINENT_PLACEMENTS or on_first_screen, converts=cta.action in CONVERTING_ACTIONS
    )


def page_identity(url: str) -> str:
    """What makes two URLs the same page for sharing: path (trailing slash, percent-encoding aside) and the query
    without tracking parameters; scheme, host and fragment aside, since a page usually shares its canonical URL
    (``https://www.`` production host, ``#anchor`` of a section)."""
    parts = urlsplit(url.strip())
    path = unquote(parts.path).rstrip("/") or "/"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_parameter(name) and name.lower() not in REFERRAL_PARAMETERS
    )
    return f"{path}?{urlencode(query)}" if query else path


def assess_share_widget(widget: ShareWidget) -> ShareWidgetAssessment:
    """For a share intent, whether it shares the page it is on (``None`` when it does not say what it shares, or
    for follow links and feeds), and whether it carries hashtags."""
    if widget.role != "share" or not widget.shared_url:
        shares_this_page = None
    else:
        shares_this_page = page_identity(widget.shared_url) == page_identity(widget.page_url)
    return ShareWidgetAssessment(shares_this_page=shares_this_page, has_hashtags=bool(widget.hashtags))
