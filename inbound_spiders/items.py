"""Typed items: one dataclass per kind of finding.

Every item carries where and when it was found (``site``, ``page_url``, ``crawled_at``, ``run_id``) and a
deterministic ``key``: the same finding seen on another page or in another run has the same key, which storage uses
as the document ``_id``. Extractors fill the kind-specific fields and ``page_url``; the spider stamps the rest
(:func:`inbound_spiders.identity.stamp`). ``schemas/<kind>.schema.json`` is the contract for each class; a test keeps
the two in agreement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cache
from operator import attrgetter
from typing import Any, ClassVar

#: Fields every finding has once stamped: they say where and when, not what was found.
_STAMP_FIELDS = frozenset(
    {
        "kind",
        "page_url",
        "site",
        "crawled_at",
        "run_id",
        "key",
        "depth",
        "language",
        "archived_at",
        "snapshot_url",
        "capture",
        "assessment",
    }
)


@dataclass(kw_only=True)
class InboundItem:
    """Fields shared by every finding."""

    #: Names of the fields that tell this finding apart from others of its kind on the same site.
    identity_fields: ClassVar[tuple[str, ...]] = ()

    kind: str = field(default="", init=False)
    """Kind of finding; one JSON Schema per kind (``schemas/<kind>.schema.json``)."""
    page_url: str
    """URL of the page where the finding was made (for a site-wide finding, the first page it was seen on)."""
    site: str | None = None
    """The audited site: its registrable domain (``benoithamon2017.fr``), or host[:port] for IPs and localhost."""
    crawled_at: str | None = None
    """When the page was parsed, ISO 8601 in UTC (``2017-02-20T10:00:00Z``)."""
    run_id: str | None = None
    """Identifier of the crawl run that produced this item (see the ``runs`` collection)."""
    key: str | None = None
    """Deterministic identity: ``<kind>:<sha1 of site and identity fields>``; stored as the document ``_id``."""
    depth: int | None = None
    """Link depth of ``page_url`` from the start URL (0 for the start page): how hard the page is to reach."""
    language: str | None = None
    """Language of ``page_url``: ``fr``, ``en``, ``de``, ``es``, ``it``, ``nl`` or ``pt``, else the primary subtag it
    declares (``pl``); ``None`` when it declares none and its text reads as none of those
    (:func:`inbound_spiders.page.language.page_language`)."""
    archived_at: str | None = None
    """For a page read from an archive (``-a as_of=``, ``-a archive=``): when it was captured, ISO 8601 in UTC;
    ``None`` for the live site."""
    snapshot_url: str | None = None
    """For a page read from the Wayback Machine: the capture as people open it there (``<wayback>/web/<timestamp>/
    <page_url>``), the evidence of the finding; ``None`` for the live site and archive files."""
    capture: str | None = None
    """For a crawl keeping its evidence (``-a capture=``, ``INBOUND_CAPTURE_DIR``): the page's record in the crawl's
    WACZ, ``<wacz path>#view=pages&url=<page URL>&ts=<YYYYMMDDhhmmss>`` (ReplayWeb.page's fragment; a rendered page's
    record is ``urn:rendered:<page URL>``); ``None`` when the crawl keeps none."""

    def detail(self) -> tuple[int, ...]:
        """How much this sighting of the finding states, comparable between sightings of the same key: how many of
        its own fields are filled. A sighting that states more than the one kept replaces it
        (:class:`~inbound_spiders.repeats.RepeatedFindings`)."""
        return (_filled_fields(self),)


@dataclass(kw_only=True)
class FormField:
    """One visible input of a form."""

    name: str | None = None
    """The input's ``name`` attribute."""
    type: str = "text"
    """Input type: ``email``, ``text``, ``tel``, ``radio``, ``checkbox``, ``select``, ``textarea``, ``hidden``..."""
    label: str | None = None
    """Human label: ``<label>`` text, placeholder or aria-label."""
    required: bool = False
    """Whether the input is marked as required."""
    options: list[str] = field(default_factory=list)
    """Choices offered (select options, radio/checkbox labels)."""


@dataclass(kw_only=True)
class CallToActionAssessment:
    """Heuristics on one call to action (enrichment pipeline)."""

    prominent: bool
    """Placed where every visitor sees it: header, navigation or the first screen (hero)."""
    converts: bool
    """Asks for a commitment that builds the audience or resources (newsletter, donate, volunteer, petition, event,
    app download), as opposed to contact, download or follow."""


@dataclass(kw_only=True)
class CallToAction(InboundItem):
    """A call to action: a link, button or form asking the visitor to do something."""

    kind: str = field(default="call_to_action", init=False)
    identity_fields: ClassVar[tuple[str, ...]] = ("action", "element", "target_url", "label")

    action: str
    """What is asked: ``newsletter``, ``donate``, ``volunteer``, ``download``, ``contact``, ``petition``, ``event``,
    ``app_download`` or ``social_follow``."""
    label: str
    """Visible text of the link/button (or the form's submit label), whitespace-normalised."""
    element: str
    """``link``, ``button`` or ``form``."""
    target_url: str | None = None
    """Absolute URL the link points to or the form posts to; ``None`` for script-only buttons."""
    form_fields: list[FormField] = field(default_factory=list)
    """Visible inputs when the CTA is a form."""
    vendor: str | None = None
    """Service behind it when recognisable (``mailchimp``, ``brevo``, ``nationbuilder``, ``actblue``, ``helloasso``,
    ``donorbox``, ``stripe``, ``paypal``...)."""
    placement: str = "body"
    """Where on the page, from the DOM: ``header``, ``navigation``, ``hero``, ``body``, ``sidebar`` or ``footer``."""
    above_fold_desktop: bool | None = None
    """Visible without scrolling at 1366×768; None when the page was not rendered."""
    above_fold_mobile: bool | None = None
    """Visible without scrolling at 390×844; None when the page was not rendered."""
    description_length: int | None = None
    """For forms: characters of explanatory text around the form (its section minus the fields' own labels);
    ``None`` for links and buttons."""
    assessment: CallToActionAssessment | None = None
    """Heuristics added by the enrichment pipeline; ``None`` when enrichment is off."""


@dataclass(kw_only=True)
class ShareWidgetAssessment:
    """Heuristics on one share widget (enrichment pipeline)."""

    shares_this_page: bool | None
    """For a share intent: whether it shares the page it is on (fragment and tracking parameters aside); ``None``
    when the shared URL is not stated (widgets filled by script)."""
    has_hashtags: bool
    """Whether the intent carries hashtags (campaign hashtags spread with every share)."""


@dataclass(kw_only=True)
class ShareWidget(InboundItem):
    """A way to spread the site on a social network: share button, follow/profile link or embedded feed."""

    kind: str = field(default="share_widget", init=False)
    identity_fields: ClassVar[tuple[str, ...]] = ("role", "network", "vendor", "href", "shared_url")

    role: str
    """``share`` (shares this page), ``follow`` (a link to the site's own profile) or ``feed`` (an embedded timeline,
    page plugin or channel)."""
    network: str
    """``facebook``, ``twitter``, ``linkedin``, ``googleplus``, ``whatsapp``, ``telegram``, ``email``, ``pinterest``,
    ``reddit``, ``tumblr``, ``pocket``, ``mastodon``, ``bluesky``, ``vk``, ``xing``, ``instagram``, ``youtube``...
    or ``multiple`` for a third-party widget whose networks are chosen by script."""
    vendor: str | None = None
    """Third-party widget when one is used (``addthis``, ``sharethis``, ``addtoany``, ``shariff``, ``sumo``,
    ``shareaholic``, ``jetpack``, ``social_warfare``); ``None`` for plain links."""
    href: str | None = None
    """The intent, profile or feed URL as found (absolute)."""
    shared_url: str | None = None
    """For a share intent: the URL it shares."""
    text: str | None = None
    """For a share intent: the pre-filled text."""
    hashtags: list[str] = field(default_factory=list)
    """For a share intent: hashtags it carries, without ``#``."""
    via: str | None = None
    """For a share intent: the account credited (Twitter ``via``)."""
    detected_by: str = "link"
    """What revealed it: ``link``, ``markup`` (widget container), ``script`` (loader script) or ``iframe``."""
    assessment: ShareWidgetAssessment | None = None
    """Heuristics added by the enrichment pipeline; ``None`` when enrichment is off."""


@dataclass(kw_only=True)
class VideoAssessment:
    """Heuristics on one video's length (enrichment pipeline; thresholds are settings)."""

    length_class: str
    """``short`` (up to ``INBOUND_VIDEO_SHORT_MAX_SECONDS``), ``medium``, ``long`` (from
    ``INBOUND_VIDEO_LONG_MIN_SECONDS``) or ``unknown``."""
    split_advised: bool
    """Long enough that it should be cut into shorter thematic parts."""


@dataclass(kw_only=True)
class Video(InboundItem):
    """A video shown on the page, with its length when it can be known."""

    kind: str = field(default="video", init=False)
    identity_fields: ClassVar[tuple[str, ...]] = ("platform", "video_id", "url")

    platform: str
    """Who serves the video, an open vocabulary of lower-case names: a platform (``youtube``, ``dailymotion``,
    ``vimeo``, ``facebook``, ``peertube``), a known player (``brightcove``, ``jwplayer``, ``wistia``, ``kaltura``,
    ``wat``, newsroom players such as ``prisa``, ``wdr``, ``corriere``; see
    :mod:`inbound_spiders.knowledge.video_platforms`), the site whose own player a ``VideoObject`` describes, or
    ``html5`` for a ``<video>`` file nobody names."""
    url: str
    """Canonical URL of the video (watch page for platforms, embed or media URL for players, media file for HTML5)."""
    video_id: str | None = None
    """The platform's or player's identifier of the video (for a site's own player, the slug of its ``VideoObject``
    page); ``None`` for HTML5 media."""
    presentation: str = "player"
    """How the page offers it: ``player`` (a player, embed, facade, thumbnail card, player config or ``VideoObject``:
    the page shows the video) or ``link`` (a plain link to a watch page, such as a citation in prose). Only presented
    videos count in the site audit."""
    title: str | None = None
    """Title from metadata, the embed's ``title`` attribute or a nearby heading."""
    duration_seconds: int | None = None
    """Length in seconds; ``None`` when unknown."""
    duration_source: str | None = None
    """Where the length came from: ``schema_org``, ``og_video_duration``, ``visible_label``, ``platform_api`` or
    ``media_metadata``; ``None`` when unknown."""
    assessment: VideoAssessment | None = None
    """Heuristics added by the enrichment pipeline; ``None`` when enrichment is off."""

    def detail(self) -> tuple[int, ...]:
        """A page presenting the video beats a page only linking to it, then a length from the page's metadata beats a
        visible label (the same video on a listing page and on its article), then the number of fields filled."""
        return (
            int(self.presentation != "link"),
            DURATION_SOURCE_RANK.get(self.duration_source, 0),
            _filled_fields(self),
        )


#: How much a video length from each source is trusted (a measured media length most, a visible label least).
DURATION_SOURCE_RANK: dict[str | None, int] = {
    "media_metadata": 4,
    "schema_org": 3,
    "og_video_duration": 3,
    "platform_api": 2,
    "visible_label": 1,
}


@dataclass(kw_only=True)
class TeamMember:
    """One person presented on a team page."""

    name: str
    """Full name as shown."""
    role: str | None = None
    """Role or title as shown."""
    has_photo: bool = False
    """Whether a portrait is shown with the person."""
    bio_length: int = 0
    """Length in characters of the biography text shown with the person (0 when none)."""
    links: list[str] = field(default_factory=list)
    """Absolute URLs attached to the person (profile page, social accounts)."""


@dataclass(kw_only=True)
class TeamPageAssessment:
    """Heuristics on how well a team page presents people (enrichment pipeline)."""

    member_count: int
    """People found on the page (the length of ``members``)."""
    photo_share: float | None
    """Share of members shown with a photo (0–1); ``None`` without members."""
    bio_share: float | None
    """Share of members shown with a biography (0–1); ``None`` without members."""
    completeness: str
    """``complete`` (most with photo and bio), ``partial``, ``bare`` (names and roles only: "organigramme sans
    illustration ni bio") or ``empty``."""


@dataclass(kw_only=True)
class TeamPage(InboundItem):
    """A page presenting the people behind the site."""

    kind: str = field(default="team_page", init=False)
    identity_fields: ClassVar[tuple[str, ...]] = ("page_url",)

    title: str | None = None
    """The page's main heading or title."""
    presentation: str
    """How members are shown: ``organigramme`` (names by pole/hierarchy), ``list``, ``grid`` (cards) or ``prose``."""
    members: list[TeamMember] = field(default_factory=list)
    """People found on the page, in page order."""
    signals: list[str] = field(default_factory=list)
    """Why the page was recognised as a team page (e.g. ``title:équipe``, ``url:/equipe``)."""
    assessment: TeamPageAssessment | None = None
    """Heuristics added by the enrichment pipeline; ``None`` when enrichment is off."""


@dataclass(kw_only=True)
class ContributionAssessment:
    """Heuristics on a participation space's engagement (enrichment pipeline; thresholds are settings)."""

    contributions_per_participant: float | None
    """Contributions divided by participants; ``None`` when either is unknown or zero participants."""
    votes_per_contribution: float | None
    """Votes divided by contributions; ``None`` when either is unknown or zero contributions."""
    engagement: str
    """``high`` (at least ``INBOUND_PARTICIPATION_HIGH_PARTICIPANTS`` participants), ``medium``, ``low`` (fewer
    than ``INBOUND_PARTICIPATION_LOW_PARTICIPANTS``) or ``unknown``."""


@dataclass(kw_only=True)
class ContributionPlatform(InboundItem):
    """A space where visitors contribute ideas, proposals or votes."""

    kind: str = field(default="contribution_platform", init=False)
    identity_fields: ClassVar[tuple[str, ...]] = ("platform_url",)

    platform: str
    """``decidim``, ``consul``, ``cap_collectif``, ``discourse``, ``custom``..."""
    platform_url: str
    """URL of the space (the page itself for a custom page)."""
    title: str | None = None
    """Name of the space as shown."""
    participants: int | None = None
    """Number of participants shown; ``None`` when not shown."""
    contributions: int | None = None
    """Number of contributions (proposals, ideas, comments) shown; ``None`` when not shown."""
    votes: int | None = None
    """Number of votes shown; ``None`` when not shown."""
    counts_source: str | None = None
    """Where the counts came from: ``visible_counter``, ``platform_markup`` or ``platform_api``."""
    signals: list[str] = field(default_factory=list)
    """Why the page was recognised as a contribution space (e.g. ``generator:decidim``, ``text:conseil citoyen``)."""
    assessment: ContributionAssessment | None = None
    """Heuristics added by the enrichment pipeline; ``None`` when enrichment is off."""


ITEM_CLASSES: tuple[type[InboundItem], ...] = (CallToAction, ShareWidget, Video, TeamPage, ContributionPlatform)
ITEM_CLASS_BY_KIND: dict[str, type[InboundItem]] = {cls.kind: cls for cls in ITEM_CLASSES}


@cache
def _content_fields(cls: type) -> tuple[str, ...]:
    """The fields of a finding class that say what was found (stamping aside)."""
    return tuple(item_field.name for item_field in fields(cls) if item_field.name not in _STAMP_FIELDS)


@cache
def _content_values(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """The values of a finding's :func:`_content_fields`, as a tuple, in one call (asked for every finding seen)."""
    names = _content_fields(cls)
    if len(names) < 2:
        return lambda item: tuple(getattr(item, name) for name in names)
    return attrgetter(*names)


_EMPTY_VALUES = (None, "", [], {})


def _filled_fields(item: Any) -> int:
    """Fields of a finding (stamping aside) holding something: not ``None``, not empty."""
    return sum(1 for value in _content_values(type(item))(item) if value not in _EMPTY_VALUES)
