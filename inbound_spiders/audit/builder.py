"""The site audit document: categories scored from the checks, the run's key metrics, ready for ``site_audits``.

Shaped like a Lighthouse report: ``categories.<id>`` (score 0–100, ``checks``: the ids and weights it averages) and
``checks.<id>`` (result, score 0–1, evidence, details, advice). A category's score is the weighted mean of its checks
with a known result, ``100 × Σ(weight × score) / Σ(weight)``, ``None`` when all are unknown; the overall score is the
mean of the known category scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inbound_spiders.audit.checks import (
    FAIL,
    PASS,
    UNKNOWN,
    AuditContext,
    CheckResult,
    documents_count,
    pages_of,
    run_checks,
)
from inbound_spiders.audit.titles import category_titles
from inbound_spiders.items import CallToAction, ContributionPlatform, ShareWidget, TeamPage, Video

#: Version of the document's shape, stored with every audit.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Category:
    id: str
    framework: str
    title_fr: str
    title_en: str


def _category(id: str, framework: str) -> Category:
    titles = category_titles(id)  # in titles.json, next to the checks' titles
    return Category(id, framework, titles["fr"], titles["en"])


#: Gibson & Ward's functions of campaign websites, then the inbound marketing stages.
CATEGORIES: tuple[Category, ...] = (
    _category("information", "gibson_ward"),
    _category("participation", "gibson_ward"),
    _category("networking", "gibson_ward"),
    _category("campaigning", "gibson_ward"),
    _category("resource_generation", "gibson_ward"),
    _category("attract", "inbound"),
    _category("convert", "inbound"),
    _category("engage", "inbound"),
)
CATEGORY_IDS: tuple[str, ...] = tuple(category.id for category in CATEGORIES)


def category_score(checks: list[CheckResult]) -> float | None:
    """``100 × Σ(weight × score) / Σ(weight)`` over checks with a known result; ``None`` when all are unknown."""
    known = [check for check in checks if check.result != UNKNOWN and check.score is not None]
    total = sum(check.weight for check in known)
    if not known or not total:
        return None
    return round(100 * sum(check.weight * (check.score or 0.0) for check in known) / total, 1)


def overall_score(scores: list[float | None]) -> float | None:
    """Mean of the known category scores; ``None`` when none is known."""
    known = [score for score in scores if score is not None]
    return round(sum(known) / len(known), 1) if known else None


def _counts(checks: list[CheckResult]) -> dict[str, int]:
    return {result: sum(1 for check in checks if check.result == result) for result in (PASS, FAIL, UNKNOWN)}


def run_metrics(context: AuditContext) -> dict[str, Any]:
    """The run's key numbers, kept with the audit so that reports chart them across runs."""
    platforms = [finding.item for finding in context.of(ContributionPlatform) if finding.item.participants is not None]
    busiest = max(platforms, key=lambda platform: platform.participants or 0, default=None)
    videos = [finding.item for finding in context.of(Video) if finding.item.duration_seconds is not None]
    longest = max(videos, key=lambda video: video.duration_seconds or 0, default=None)
    teams = [finding.item for finding in context.of(TeamPage) if finding.item.members]
    team = max(teams, key=lambda team: len(team.members), default=None)
    members = team.members if team else []
    minimum_bio = context.config.team_bio_min_chars
    share_pages = {
        url for finding in context.of(ShareWidget) if finding.item.role == "share" for url in pages_of(finding)
    }
    return {
        "pages_audited": context.pages_audited,
        "documents": {kind: documents_count(findings) for kind, findings in sorted(context.findings.items())},
        "cta_actions": sorted({finding.item.action for finding in context.of(CallToAction)}),
        "participants": busiest.participants if busiest else None,
        "contributions": busiest.contributions if busiest else None,
        "votes": busiest.votes if busiest else None,
        "longest_video_seconds": longest.duration_seconds if longest else None,
        "longest_video_url": longest.url if longest else None,
        "team_members": len(members) if team else None,
        "team_photo_share": (
            round(sum(1 for member in members if member.has_photo) / len(members), 3) if members else None
        ),
        "team_bio_share": (
            round(sum(1 for member in members if member.bio_length >= minimum_bio) / len(members), 3)
            if members
            else None
        ),
        "share_pages": len(share_pages),
    }


def build_site_audit(
    context: AuditContext, *, spider: str, audited_at: str, finish_reason: str | None = None
) -> dict[str, Any]:
    """The ``site_audits`` document of one run (JSON-ready: ``audited_at`` is ISO 8601; storage makes it a date)."""
    results = run_checks(context)
    categories = {}
    for category in CATEGORIES:
        members = [check for check in results if category.id in check.categories]
        categories[category.id] = {
            "id": category.id,
            "framework": category.framework,
            "title_fr": category.title_fr,
            "title_en": category.title_en,
            "score": category_score(members),
            "checks": [{"id": check.id, "weight": check.weight} for check in members],
            "counts": _counts(members),
        }
    return {
        "_id": context.run_id,
        "schema_version": SCHEMA_VERSION,
        "run_id": context.run_id,
        "site": context.site,
        "site_name": context.site_name,
        "language": context.language,
        "spider": spider,
        "start_url": context.start_url,
        "audited_at": audited_at,
        "source": context.source,
        "as_of": context.as_of,
        "archived_at": context.archived_at,
        "capture": context.capture,
        "finish_reason": finish_reason,
        "previous_run_id": (context.previous or {}).get("run_id"),
        "overall_score": overall_score([category["score"] for category in categories.values()]),
        "summary": _counts(results),
        "categories": categories,
        "checks": {check.id: check.as_document() for check in results},
        "metrics": run_metrics(context),
    }


def scorecard_line(audit: dict[str, Any]) -> str:
    """One line for the log: overall score, each category, and the pass/fail/unknown counts."""

    def shown(score: float | None) -> str:
        return "–" if score is None else f"{score:.0f}"

    categories = " · ".join(
        f"{category_id} {shown(category['score'])}" for category_id, category in audit["categories"].items()
    )
    summary = audit["summary"]
    return (
        f"{audit['site']} overall {shown(audit['overall_score'])} | {categories} | "
        f"{summary['pass']} pass, {summary['fail']} fail, {summary['unknown']} unknown"
    )
