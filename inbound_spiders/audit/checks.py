"""The site audit's checks: pure functions over one run's findings, each giving pass, fail or unknown with evidence.

A check reads an :class:`AuditContext` (the findings stored for the site in that run, typed: each a
:class:`~inbound_spiders.documents.StoredFinding` holding its item dataclass; pages audited, the start URL,
the previous audit of the site, the thresholds) and returns an :class:`Outcome`; :func:`run_checks` turns outcomes
into :class:`CheckResult` with the check's titles, categories, weight and advice. ``unknown`` is not ``fail``: a
check that cannot be measured (no video length known, first audit for a growth) says so and weighs nothing.
Weights and categories are documented in ``docs/report.md``; the category scores are computed in ``builder.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from inbound_spiders.audit.advice import advice_details, advice_templates
from inbound_spiders.audit.titles import check_titles
from inbound_spiders.config import InboundConfig
from inbound_spiders.documents import StoredFinding
from inbound_spiders.heuristics import (
    CONVERTING_ACTIONS,
    PROMINENT_PLACEMENTS,
    assess_team_page,
    assess_video,
    page_identity,
    participation_engagement,
)
from inbound_spiders.items import (
    CallToAction,
    ContributionPlatform,
    InboundItem,
    ShareWidget,
    TeamPage,
    TeamPageAssessment,
    Video,
    VideoAssessment,
)

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
#: Evidence URLs kept per check.
MAX_EVIDENCE = 10
#: Names kept in a check's details (e.g. members without a bio).
MAX_NAMES = 10
#: The calls to action a campaign site is expected to offer (``cta_kinds_coverage``).
EXPECTED_CTA_ACTIONS = ("newsletter", "donate", "volunteer", "event", "petition")

ItemT = TypeVar("ItemT", bound=InboundItem)


@dataclass(frozen=True, kw_only=True)
class AuditContext:
    """Everything one site audit is computed from."""

    site: str
    run_id: str
    start_url: str | None
    pages_audited: int
    findings: Mapping[str, Sequence[StoredFinding[Any]]]
    """Findings of this run per item kind (``call_to_action``...): ``run_id`` == the run, ``site`` == the site; each
    read from its document by :func:`~inbound_spiders.documents.finding_from_document`."""
    previous: dict[str, Any] | None = None
    """The previous audit of the same site from the same source, in date order (for growth), ``None`` on a first
    audit."""
    config: InboundConfig = field(default_factory=InboundConfig)
    site_name: str | None = None
    """The site's name for people (its profile's title or what its start page calls it), ``None`` when unknown."""
    language: str | None = None
    """The site's language (its start page's, else most of its pages'), ``None`` when unknown."""
    source: str = "live"
    """Where the site was read: ``live``, ``wayback`` (the Wayback Machine) or ``archive`` (WARC/WACZ files)."""
    as_of: str | None = None
    """For an archived audit, the date asked for (ISO 8601, UTC); ``None`` otherwise."""
    archived_at: str | None = None
    """For an archived audit, when the start page was captured (ISO 8601, UTC); ``None`` for the live site."""
    capture: str | None = None
    """The WACZ this crawl kept of the pages it read (``-a capture=``), ``None`` when it kept none."""

    def of(self, cls: type[ItemT]) -> list[StoredFinding[ItemT]]:
        """The findings of the item class ``cls`` (:class:`~inbound_spiders.items.Video`...)."""
        return cast(list[StoredFinding[ItemT]], list(self.findings.get(cls.kind, ())))


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What a check function measured."""

    result: str
    score: float | None
    evidence: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    advice: str | None = None
    """The check's advice entry for this outcome when its result's does not fit it (``advice.json``: ``fail`` is a
    team page too deep, ``fail_missing`` no team page at all); ``None``: the result's."""


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    """One check of the site audit, as stored (``checks.<id>`` of a ``site_audits`` document)."""

    id: str
    title_fr: str
    title_en: str
    categories: tuple[str, ...]
    weight: float
    result: str
    score: float | None
    evidence: list[str]
    details: dict[str, Any]
    advice_fr: str
    advice_en: str
    advice: dict[str, str] = field(default_factory=dict)
    """The advice in every language of the audit (:data:`~inbound_spiders.page.language.LANGUAGES`), by code."""

    def as_document(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title_fr": self.title_fr,
            "title_en": self.title_en,
            "categories": list(self.categories),
            "weight": self.weight,
            "result": self.result,
            "score": self.score,
            "evidence": list(self.evidence),
            "details": self.details,
            "advice_fr": self.advice_fr,
            "advice_en": self.advice_en,
            "advice": dict(self.advice),
        }


@dataclass(frozen=True, kw_only=True)
class CheckSpec:
    """A check's identity, weight and categories; its advice is in ``advice.json`` under its id
    (:func:`~inbound_spiders.audit.advice.advice_templates`), its titles in ``titles.json``
    (:func:`~inbound_spiders.audit.titles.check_titles`)."""

    id: str
    title_fr: str
    title_en: str
    categories: tuple[str, ...]
    weight: float
    function: Callable[[AuditContext], Outcome]


CHECKS: list[CheckSpec] = []


def check(
    id: str,
    *,
    categories: tuple[str, ...],
    weight: float,
) -> Callable[[Callable[[AuditContext], Outcome]], Callable[[AuditContext], Outcome]]:
    """Register a check function with its metadata; its titles must be in ``titles.json``, its advice for a failure
    and a pass in ``advice.json``."""

    def register(function: Callable[[AuditContext], Outcome]) -> Callable[[AuditContext], Outcome]:
        for result in (FAIL, PASS):
            advice_templates(id, result)  # a check without its advice fails at import, naming it
        titles = check_titles(id)  # likewise without its titles
        CHECKS.append(
            CheckSpec(
                id=id,
                title_fr=titles["fr"],
                title_en=titles["en"],
                categories=categories,
                weight=weight,
                function=function,
            )
        )
        return function

    return register


def run_checks(context: AuditContext, specs: Iterable[CheckSpec] | None = None) -> list[CheckResult]:
    """Every registered check (or ``specs``) run on ``context``, in registration order."""
    results = []
    for spec in CHECKS if specs is None else specs:
        outcome = spec.function(context)
        advice = {
            language: template.format_map(advice_details(outcome.details, language))
            for language, template in advice_templates(spec.id, outcome.advice or outcome.result).items()
        }
        results.append(
            CheckResult(
                id=spec.id,
                title_fr=spec.title_fr,
                title_en=spec.title_en,
                categories=spec.categories,
                weight=spec.weight,
                result=outcome.result,
                score=None if outcome.score is None else round(outcome.score, 3),
                evidence=_unique(outcome.evidence)[:MAX_EVIDENCE],
                details=dict(outcome.details),
                advice_fr=advice["fr"],
                advice_en=advice["en"],
                advice=advice,
            )
        )
    return results


# --- helpers -----------------------------------------------------------------------------------------------------


def _unique(urls: Iterable[str | None]) -> list[str]:
    seen: list[str] = []
    for url in urls:
        if url and url.startswith(("http://", "https://")) and url not in seen:
            seen.append(url)
    return seen


def pages_of(finding: StoredFinding[Any]) -> list[str]:
    """Pages where a finding was seen in the run (its ``pages`` sample, else its ``page_url``)."""
    return list(finding.pages or [finding.item.page_url])


def _binary(found: Sequence[StoredFinding[Any]], **details: Any) -> Outcome:
    if not found:
        return Outcome(result=FAIL, score=0.0, details={"found": 0, **details})
    evidence = [url for finding in found for url in pages_of(finding)]
    return Outcome(result=PASS, score=1.0, evidence=evidence, details={"found": len(found), **details})


def _ctas(context: AuditContext, *actions: str) -> list[StoredFinding[CallToAction]]:
    return [finding for finding in context.of(CallToAction) if finding.item.action in actions]


def _is_prominent(cta: CallToAction) -> bool:
    """The enrichment's judgment, else (enrichment off) whether it is placed in the header, navigation or hero."""
    return cta.assessment.prominent if cta.assessment else cta.placement in PROMINENT_PLACEMENTS


def _page_share(finding: StoredFinding[Any], context: AuditContext) -> float:
    if context.pages_audited <= 0:
        return 0.0
    return min(1.0, (finding.page_count or len(pages_of(finding))) / context.pages_audited)


def _is_home(url: str | None, context: AuditContext) -> bool:
    return bool(url and context.start_url and page_identity(url) == page_identity(context.start_url))


def format_duration(seconds: int | None) -> str:
    """``3012`` → ``50:12``; ``4000`` → ``1:06:40``; ``None`` → ``?``."""
    if seconds is None:
        return "?"
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


# --- convert / resource generation ------------------------------------------------------------------------------


@check(
    "newsletter_offered",
    categories=("convert", "resource_generation"),
    weight=3,
)
def newsletter_offered(context: AuditContext) -> Outcome:
    """Pass when any call to action asks for a newsletter signup (the seed: "une inscription gratuite à la
    newsletter")."""
    return _binary(_ctas(context, "newsletter"))


@check(
    "donate_offered",
    categories=("convert", "resource_generation"),
    weight=3,
)
def donate_offered(context: AuditContext) -> Outcome:
    """Pass when any call to action asks for a donation."""
    return _binary(_ctas(context, "donate"))


@check(
    "donate_prominent",
    categories=("convert", "resource_generation"),
    weight=2,
)
def donate_prominent(context: AuditContext) -> Outcome:
    """Pass when a donate CTA sits in the header, navigation or hero, or is repeated site-wide (seen on at least
    ``INBOUND_CTA_SITE_WIDE_MIN_SHARE`` of audited pages)."""
    donate = _ctas(context, "donate")
    prominent = [
        finding
        for finding in donate
        if _is_prominent(finding.item) or _page_share(finding, context) >= context.config.cta_site_wide_min_share
    ]
    if not prominent:
        return Outcome(result=FAIL, score=0.0, details={"donate_ctas": len(donate)})
    return Outcome(
        result=PASS,
        score=1.0,
        evidence=[url for finding in prominent for url in pages_of(finding)[:2]],
        details={"placements": sorted({finding.item.placement for finding in prominent})},
    )


@check(
    "volunteer_offered",
    categories=("convert", "campaigning", "resource_generation"),
    weight=3,
)
def volunteer_offered(context: AuditContext) -> Outcome:
    """Pass when any call to action asks visitors to volunteer or join the campaign ("il appelle aussi à militer")."""
    return _binary(_ctas(context, "volunteer"))


@check(
    "engagement_form_explained",
    categories=("convert", "campaigning", "participation", "resource_generation"),
    weight=2,
)
def engagement_form_explained(context: AuditContext) -> Outcome:
    """Fail when the best-explained volunteer form has fewer than ``INBOUND_CTA_FORM_MIN_DESCRIPTION_CHARS``
    characters of explanation (the seed: "adapté pour des adhérents du PS [...] pas efficace pour des béotiens";
    "cela manque d'explication"); unknown without a volunteer form whose explanation was measured."""
    volunteer = _ctas(context, "volunteer")
    forms = [
        (finding, finding.item.description_length)
        for finding in volunteer
        if finding.item.element == "form" and finding.item.description_length is not None
    ]
    if not forms:
        details = {
            "volunteer_ctas": len(volunteer),
            "volunteer_forms": sum(1 for finding in volunteer if finding.item.element == "form"),
        }
        return Outcome(result=UNKNOWN, score=None, details=details)
    best, length = max(forms, key=lambda pair: pair[1])
    minimum = context.config.cta_form_min_description_chars
    details = {"description_length": length, "minimum": minimum, "form_page": best.item.page_url}
    score = min(1.0, length / minimum) if minimum else 1.0
    return Outcome(result=PASS if length >= minimum else FAIL, score=score, evidence=pages_of(best), details=details)


@check(
    "cta_kinds_coverage",
    categories=("convert", "campaigning"),
    weight=2,
)
def cta_kinds_coverage(context: AuditContext) -> Outcome:
    """Share of the expected actions (newsletter, donate, volunteer, event, petition) offered; passes from 60 %."""
    ctas = context.of(CallToAction)
    found = {finding.item.action for finding in ctas}
    present = [action for action in EXPECTED_CTA_ACTIONS if action in found]
    missing = [action for action in EXPECTED_CTA_ACTIONS if action not in found]
    score = len(present) / len(EXPECTED_CTA_ACTIONS)
    evidence = [pages_of(finding)[0] for finding in ctas if finding.item.action in present]
    return Outcome(
        result=PASS if score >= 0.6 else FAIL,
        score=score,
        evidence=evidence,
        details={"present": present, "missing": missing},
    )


def _on_first_screen(cta: CallToAction) -> tuple[bool, str]:
    """Whether a CTA shows without scrolling, and how that is known: measured in a rendered page (desktop or
    mobile viewport) when the page was rendered, else from its placement (header, navigation, hero)."""
    measured = [cta.above_fold_desktop, cta.above_fold_mobile]
    if any(value is not None for value in measured):
        return any(measured), "rendering"
    return _is_prominent(cta), "placement"


@check(
    "cta_first_screen",
    categories=("convert",),
    weight=2,
)
def cta_first_screen(context: AuditContext) -> Outcome:
    """Pass when a converting CTA (newsletter, donate, volunteer...) is on the first screen of the home page (the
    start URL): visible without scrolling when the page was rendered, else placed in its header, navigation or
    hero. Unknown when the start URL is not known."""
    if not context.start_url:
        return Outcome(result=UNKNOWN, score=None)
    on_home = [
        finding.item
        for finding in context.of(CallToAction)
        if finding.item.action in CONVERTING_ACTIONS
        and (finding.item.depth == 0 or any(_is_home(url, context) for url in pages_of(finding)))
    ]
    found = [(cta, how) for cta in on_home for shown, how in [_on_first_screen(cta)] if shown]
    if not found:
        return Outcome(result=FAIL, score=0.0, evidence=[context.start_url], details={"converting_ctas": len(on_home)})
    return Outcome(
        result=PASS,
        score=1.0,
        evidence=[context.start_url],
        details={
            "ctas": sorted({f"{cta.action}: {cta.label}" for cta, _ in found}),
            "measured_by": sorted({how for _, how in found}),
        },
    )


@check(
    "cta_site_wide",
    categories=("convert", "campaigning"),
    weight=2,
)
def cta_site_wide(context: AuditContext) -> Outcome:
    """Pass when a converting CTA is seen on at least ``INBOUND_CTA_SITE_WIDE_MIN_SHARE`` of audited pages (its
    ``page_count``); unknown when no page count is known."""
    if context.pages_audited <= 0:
        return Outcome(result=UNKNOWN, score=None)
    converting = [finding for finding in context.of(CallToAction) if finding.item.action in CONVERTING_ACTIONS]
    best = max((_page_share(finding, context) for finding in converting), default=0.0)
    site_wide = [
        finding for finding in converting if _page_share(finding, context) >= context.config.cta_site_wide_min_share
    ]
    minimum = context.config.cta_site_wide_min_share
    return Outcome(
        result=PASS if site_wide else FAIL,
        score=min(1.0, best / minimum),
        evidence=[pages_of(finding)[0] for finding in site_wide],
        details={
            "best_page_share": round(best, 3),
            "site_wide": sorted({f"{finding.item.action}: {finding.item.label}" for finding in site_wide}),
        },
    )


# --- campaigning / attract --------------------------------------------------------------------------------------


@check(
    "downloads_offered",
    categories=("campaigning", "attract"),
    weight=2,
)
def downloads_offered(context: AuditContext) -> Outcome:
    """Pass when the site offers downloads (leaflets, social media kit: "retrouver les outils pour militer")."""
    downloads = _ctas(context, "download")
    outcome = _binary(downloads)
    targets = [finding.item.target_url for finding in downloads]
    return Outcome(
        result=outcome.result,
        score=outcome.score,
        evidence=outcome.evidence + [url for url in targets if url],
        details=outcome.details,
    )


def _share_intents(context: AuditContext) -> list[StoredFinding[ShareWidget]]:
    return [finding for finding in context.of(ShareWidget) if finding.item.role == "share"]


def documents_count(findings: Iterable[StoredFinding[Any]]) -> int:
    """How many stored documents ``findings`` stand for (a merged share intent stands for ``merged`` of them)."""
    return sum(finding.merged for finding in findings)


def merge_share_intents(findings: Iterable[StoredFinding[ShareWidget]]) -> list[StoredFinding[ShareWidget]]:
    """Share-widget findings with the share intents (``role`` ``share``: one per page and network on most sites)
    merged into one finding per network, vendor, hashtags and whether a link is stated, holding what the share
    checks read: the first intent's item (its ``href``, ``page_url``, assessment), the union of their ``pages`` (in
    order), the largest ``page_count``, and ``merged``, how many documents it stands for. Follow links and feeds are
    kept as they are."""
    kept: list[StoredFinding[ShareWidget]] = []
    groups: dict[tuple[Any, ...], _IntentGroup] = {}
    page_urls: dict[str, str] = {}  # one string per page URL, however many intents name it
    for finding in findings:
        widget = finding.item
        if widget.role != "share":
            kept.append(finding)
            continue
        has_hashtags = widget.assessment.has_hashtags if widget.assessment else None
        signature = (widget.network, widget.vendor, bool(widget.href), tuple(widget.hashtags), has_hashtags)
        group = groups.get(signature)
        if group is None:
            group = groups[signature] = _IntentGroup(first=finding)
        for url in pages_of(finding):
            group.pages.setdefault(page_urls.setdefault(url, url), None)
        group.page_count = max(group.page_count, finding.page_count)
        group.merged += finding.merged
    return kept + [
        replace(group.first, pages=list(group.pages), page_count=group.page_count, merged=group.merged)
        for group in groups.values()
    ]


@dataclass(slots=True)
class _IntentGroup:
    """Share intents being merged: the first one, the union of their pages (ordered), the largest page count and
    how many documents they are."""

    first: StoredFinding[ShareWidget]
    pages: dict[str, None] = field(default_factory=dict)
    page_count: int = 0
    merged: int = 0


@check(
    "share_on_content",
    categories=("networking", "campaigning", "attract"),
    weight=3,
)
def share_on_content(context: AuditContext) -> Outcome:
    """Share coverage: pages with a share button over pages audited (the score); passes from
    ``INBOUND_SHARE_COVERAGE_MIN`` (the seed: "chaque article peut être relayé", each action shareable with its
    hashtag). Unknown without a page count."""
    if context.pages_audited <= 0:
        return Outcome(result=UNKNOWN, score=None)
    shares = _share_intents(context)
    pages = _unique(url for finding in shares for url in pages_of(finding))
    # A script widget on every page is one document whose page sample is truncated: trust its count then.
    with_share = max([len(pages), *(finding.page_count for finding in shares)])
    coverage = min(1.0, with_share / context.pages_audited)
    minimum = context.config.share_coverage_min
    return Outcome(
        result=PASS if coverage >= minimum else FAIL,
        score=coverage,
        evidence=pages,
        details={
            "pages_with_share": with_share,
            "pages_audited": context.pages_audited,
            "coverage_percent": round(100 * coverage),
        },
    )


@check(
    "share_networks",
    categories=("networking", "attract"),
    weight=1,
)
def share_networks(context: AuditContext) -> Outcome:
    """Networks offered by share buttons; passes from ``INBOUND_SHARE_MIN_NETWORKS``, full score from twice as
    many (a third-party widget whose networks are chosen by script counts as the minimum)."""
    shares = _share_intents(context)
    networks = sorted({finding.item.network for finding in shares if finding.item.network})
    minimum = context.config.share_min_networks
    count = max(len(networks), minimum) if "multiple" in networks else len(networks)
    score = min(1.0, count / (2 * minimum)) if minimum else 1.0
    return Outcome(
        result=PASS if count >= minimum and networks else FAIL,
        score=score,
        evidence=[pages_of(finding)[0] for finding in shares],
        details={"networks": networks, "minimum": minimum},
    )


@check(
    "share_hashtags",
    categories=("campaigning", "attract"),
    weight=1,
)
def share_hashtags(context: AuditContext) -> Outcome:
    """Pass when a share intent carries hashtags; unknown when no share intent states what it shares."""
    intents = [finding for finding in _share_intents(context) if finding.item.href]
    if not intents:
        return Outcome(result=UNKNOWN, score=None)
    tagged = [finding for finding in intents if _has_hashtags(finding.item)]
    hashtags = sorted({tag for finding in tagged for tag in finding.item.hashtags})
    return Outcome(
        result=PASS if tagged else FAIL,
        score=1.0 if tagged else 0.0,
        evidence=[pages_of(finding)[0] for finding in tagged],
        details={
            "intents": documents_count(intents),
            "with_hashtags": documents_count(tagged),
            "hashtags": hashtags[:MAX_NAMES],
            "hashtags_text": ", ".join(f"#{tag}" for tag in hashtags[:5]) or "—",
        },
    )


def _has_hashtags(widget: ShareWidget) -> bool:
    """The enrichment's judgment, else (enrichment off) whether the intent carries hashtags."""
    return widget.assessment.has_hashtags if widget.assessment else bool(widget.hashtags)


# --- networking / engage ----------------------------------------------------------------------------------------


@check(
    "social_profiles",
    categories=("networking", "engage"),
    weight=2,
)
def social_profiles(context: AuditContext) -> Outcome:
    """Networks whose profile the site links (follow links, social-follow CTAs); passes with one, full score
    from three."""
    follows = [finding.item for finding in context.of(ShareWidget) if finding.item.role == "follow"]
    ctas = [finding.item for finding in _ctas(context, "social_follow")]
    named = [follow.network or follow.vendor for follow in follows] + [cta.vendor for cta in ctas]
    networks = sorted({network for network in named if network})
    return Outcome(
        result=PASS if networks else FAIL,
        score=min(1.0, len(networks) / 3),
        evidence=[follow.href for follow in follows] + [cta.target_url for cta in ctas],
        details={"networks": networks},
    )


@check(
    "social_feeds",
    categories=("networking", "engage"),
    weight=1,
)
def social_feeds(context: AuditContext) -> Outcome:
    """Pass when an embedded timeline, page plugin or channel is found (the seed: "dès la home page, le fil
    Twitter du candidat [...] ainsi que ses posts sur sa page Facebook")."""
    feeds = [finding for finding in context.of(ShareWidget) if finding.item.role == "feed"]
    networks = sorted({finding.item.network for finding in feeds})
    outcome = _binary(feeds, networks=networks)
    return outcome


# --- information ------------------------------------------------------------------------------------------------


@check(
    "videos_present",
    categories=("information", "attract"),
    weight=2,
)
def videos_present(context: AuditContext) -> Outcome:
    """Pass when the site shows videos (players, embeds, cards; a link to a watch page is not showing a video)."""
    outcome = _binary(_presented_videos(context))
    # "1 video published: subtitle it", not "1 videos published: subtitle them".
    return replace(outcome, advice="pass_one") if outcome.details["found"] == 1 else outcome


def _presented_videos(context: AuditContext) -> list[StoredFinding[Video]]:
    """The videos the site's pages present (``presentation`` ``player``), not those they only link to."""
    return [finding for finding in context.of(Video) if finding.item.presentation != "link"]


def _video_assessment(video: Video, config: InboundConfig) -> VideoAssessment:
    """The enrichment's assessment, else (enrichment off) the same heuristic with the configured thresholds."""
    return video.assessment or assess_video(
        video,
        short_max_seconds=config.video_short_max_seconds,
        long_min_seconds=config.video_long_min_seconds,
        split_min_seconds=config.video_split_min_seconds,
    )


@check(
    "video_length",
    categories=("information", "attract"),
    weight=2,
)
def video_length(context: AuditContext) -> Outcome:
    """Fail when a video is long enough that splitting it is advised (from ``INBOUND_VIDEO_SPLIT_MIN_SECONDS``;
    the seed's 50-minute press conference: "il aurait fallu la couper en plusieurs parties thématiques"); evidence
    is the pages showing those videos. Unknown when no length is known."""
    presented = _presented_videos(context)
    timed = [(finding, seconds) for finding in presented if (seconds := finding.item.duration_seconds) is not None]
    if not timed:
        return Outcome(result=UNKNOWN, score=None, details={"videos": len(presented)})
    timed.sort(key=lambda pair: -pair[1])
    assessments = [_video_assessment(finding.item, context.config) for finding, _ in timed]
    too_long = [
        finding for (finding, _), assessment in zip(timed, assessments, strict=True) if assessment.split_advised
    ]
    longest = too_long[0] if too_long else timed[0][0]
    longest_seconds = longest.item.duration_seconds
    details = {
        "longest": format_duration(longest_seconds),
        "longest_seconds": longest_seconds,
        "longest_title": longest.item.title or longest.item.url,
        "length_classes": {
            length_class: sum(1 for assessment in assessments if assessment.length_class == length_class)
            for length_class in ("short", "medium", "long")
        },
        "split_advised": [finding.item.url for finding in too_long][:MAX_NAMES],
    }
    if not too_long:
        return Outcome(result=PASS, score=1.0, evidence=pages_of(longest)[:3], details=details)
    # The page the length was read on first, then every page showing the video.
    evidence = [finding.item.page_url for finding in too_long] + [
        url for finding in too_long for url in pages_of(finding)
    ]
    return Outcome(result=FAIL, score=0.0, evidence=evidence, details=details)


def _team_pages(context: AuditContext) -> list[StoredFinding[TeamPage]]:
    return context.of(TeamPage)


@check(
    "team_page_present",
    categories=("information",),
    weight=2,
)
def team_page_present(context: AuditContext) -> Outcome:
    """Pass when a page presents the people behind the site."""
    return _binary(_team_pages(context))


@check(
    "team_findable",
    categories=("information",),
    weight=2,
)
def team_findable(context: AuditContext) -> Outcome:
    """Pass when a team page is at most ``INBOUND_TEAM_MAX_DEPTH`` clicks from the start page (the seed's team is
    only in a "Carnet de campagne" article: depth 2, "difficile de voir qui travaille avec le candidat"). Fail
    without a team page; unknown when no team page's depth is known."""
    teams = _team_pages(context)
    if not teams:  # not "the team page is ∞ clicks from the home page"
        return Outcome(result=FAIL, score=0.0, details={"team_pages": 0}, advice="fail_missing")
    known = [(finding.item, finding.item.depth) for finding in teams if finding.item.depth is not None]
    if not known:
        return Outcome(result=UNKNOWN, score=None, evidence=[finding.item.page_url for finding in teams])
    nearest, depth = min(known, key=lambda pair: pair[1])
    maximum = context.config.team_max_depth
    return Outcome(
        result=PASS if depth <= maximum else FAIL,
        score=1.0 if depth <= maximum else max(0.0, 1 - (depth - maximum) / 3),
        evidence=[nearest.page_url],
        details={"depth": depth, "max_depth": maximum},
    )


def _team_assessment(team: TeamPage, config: InboundConfig) -> TeamPageAssessment:
    """The enrichment's assessment, else (enrichment off) the same heuristic with the configured thresholds."""
    return team.assessment or assess_team_page(
        team, bio_min_chars=config.team_bio_min_chars, complete_min_share=config.team_complete_min_share
    )


@check(
    "team_photos_bios",
    categories=("information", "engage"),
    weight=2,
)
def team_photos_bios(context: AuditContext) -> Outcome:
    """Pass when the best team page is ``complete`` (most members with photo and bio); the seed's "organigramme
    sans illustration ni bio" fails. Unknown without a team page or members."""
    assessed = [(finding.item, _team_assessment(finding.item, context.config)) for finding in _team_pages(context)]
    assessed = [(team, assessment) for team, assessment in assessed if assessment.member_count]
    if not assessed:
        return Outcome(result=UNKNOWN, score=None)
    team, assessment = max(
        assessed,
        key=lambda pair: ((pair[1].photo_share or 0) + (pair[1].bio_share or 0), pair[1].member_count),
    )
    photo, bio = assessment.photo_share or 0.0, assessment.bio_share or 0.0
    minimum = context.config.team_bio_min_chars
    without_bio = [member.name for member in team.members if member.bio_length < minimum]
    return Outcome(
        result=PASS if assessment.completeness == "complete" else FAIL,
        score=(photo + bio) / 2,
        evidence=[team.page_url],
        details={
            "members": assessment.member_count,
            "presentation": team.presentation,
            "completeness": assessment.completeness,
            "photo_percent": round(100 * photo),
            "bio_percent": round(100 * bio),
            "members_without_bio": [name for name in without_bio if name][:MAX_NAMES],
        },
    )


# --- participation ----------------------------------------------------------------------------------------------


def _best_platform(context: AuditContext) -> tuple[StoredFinding[ContributionPlatform], int] | None:
    """The platform showing the most participants, and that count; ``None`` when none shows a count."""
    counted = [
        (finding, finding.item.participants)
        for finding in context.of(ContributionPlatform)
        if finding.item.participants is not None
    ]
    return max(counted, key=lambda pair: pair[1], default=None)


@check(
    "contribution_platform",
    categories=("participation", "engage"),
    weight=3,
)
def contribution_platform(context: AuditContext) -> Outcome:
    """Pass when the site hosts or links a space for ideas, proposals or votes (the seed's "Conseil citoyen")."""
    platforms = context.of(ContributionPlatform)
    outcome = _binary(platforms)
    return Outcome(
        result=outcome.result,
        score=outcome.score,
        evidence=[finding.item.platform_url for finding in platforms] + outcome.evidence,
        details={**outcome.details, "platforms": sorted({finding.item.platform for finding in platforms})},
    )


@check(
    "contribution_engagement",
    categories=("participation", "engage"),
    weight=3,
)
def contribution_engagement(context: AuditContext) -> Outcome:
    """Engagement of the busiest participation space: fail below ``INBOUND_PARTICIPATION_LOW_PARTICIPANTS`` (the
    seed's 221 participants: "peu de succès"), full score from ``INBOUND_PARTICIPATION_HIGH_PARTICIPANTS``.
    Unknown without a platform showing counts."""
    counted = _best_platform(context)
    if counted is None:
        return Outcome(result=UNKNOWN, score=None)
    best, participants = counted
    platform, assessment = best.item, best.item.assessment
    config = context.config
    low, high = config.participation_low_participants, config.participation_high_participants
    engagement = (
        assessment.engagement
        if assessment
        else participation_engagement(participants, low_participants=low, high_participants=high)
    )
    if participants < low:
        score = 0.5 * participants / low
    elif participants < high:
        score = 0.5 + 0.5 * (participants - low) / (high - low)
    else:
        score = 1.0
    return Outcome(
        result=FAIL if engagement == "low" else PASS,
        score=score,
        evidence=[platform.platform_url, *pages_of(best)],
        details={
            "participants": participants,
            "contributions": platform.contributions,
            "votes": platform.votes,
            "engagement": engagement,
            "contributions_per_participant": assessment.contributions_per_participant if assessment else None,
            "votes_per_contribution": assessment.votes_per_contribution if assessment else None,
        },
    )


@check(
    "participation_growth",
    categories=("participation", "engage"),
    weight=2,
)
def participation_growth(context: AuditContext) -> Outcome:
    """Relative growth of participants since the previous audit of the site; passes from
    ``INBOUND_PARTICIPATION_GROWTH_MIN``. Unknown on a first audit or without counts."""
    counted = _best_platform(context)
    previous = (context.previous or {}).get("metrics", {}).get("participants")
    if counted is None or previous is None:
        return Outcome(
            result=UNKNOWN,
            score=None,
            details={"previous_run_id": (context.previous or {}).get("run_id")},
        )
    best, participants = counted
    growth = (participants - previous) / previous if previous else (1.0 if participants else 0.0)
    minimum = context.config.participation_growth_min
    score = max(0.0, min(1.0, growth / minimum)) if minimum > 0 else (1.0 if growth >= 0 else 0.0)
    return Outcome(
        result=PASS if growth >= minimum else FAIL,
        score=score,
        evidence=[best.item.platform_url],
        details={
            "previous_run_id": context.previous.get("run_id") if context.previous else None,
            "previous_participants": previous,
            "participants": participants,
            "growth_percent": round(100 * growth, 1),
        },
    )
