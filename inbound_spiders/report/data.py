"""Reading the audits back from MongoDB: the latest audit of each site and its history across runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo.database import Database

from inbound_spiders.audit.advice import DEFAULT_ADVICE_LANGUAGE, advice_language
from inbound_spiders.audit.builder import CATEGORY_IDS
from inbound_spiders.store import FIRST_SCREENS, SITE_AUDITS

#: How the report names where an audit read the site.
SOURCE_NAMES = {"wayback": "Wayback Machine", "archive": "web archive"}


@dataclass(frozen=True)
class SiteHistory:
    """Every audit of one site from one source (``live``, ``wayback``, ``archive``), in the order of the dates they
    describe: an archived site is reported apart from the live one, its audits by capture date."""

    site: str
    audits: list[dict[str, Any]]
    source: str = "live"

    @property
    def key(self) -> str:
        """What tells this history apart in the report: the site, with its source when archived."""
        return self.site if self.source == "live" else f"{self.site}@{self.source}"

    @property
    def as_of(self) -> str | None:
        """For an archived history, what its latest audit describes: ``as of 20 Feb 2017 (Wayback Machine)``."""
        if self.source == "live":
            return None
        when = described_at(self.latest)
        return f"as of {when.day} {when:%b %Y} ({SOURCE_NAMES.get(self.source, self.source)})"

    @property
    def latest(self) -> dict[str, Any]:
        return self.audits[-1]

    @property
    def name(self) -> str | None:
        """The site's name for people from its latest audit that has one (older audits have none)."""
        for audit in reversed(self.audits):
            name = audit.get("site_name")
            if isinstance(name, str) and name.strip():
                return " ".join(name.split())
        return None

    @property
    def language(self) -> str | None:
        """The site's language from its latest audit that has one (older audits have none)."""
        for audit in reversed(self.audits):
            language = audit.get("language")
            if isinstance(language, str) and language:
                return language
        return None

    def points(self, metric: str) -> list[tuple[datetime | None, float | None]]:
        """``(audited_at, value)`` per audit for ``overall_score``, a category id or a ``metrics`` field."""
        values = []
        for audit in self.audits:
            if metric == "overall_score":
                value = audit.get("overall_score")
            elif metric in CATEGORY_IDS:
                value = (audit.get("categories", {}).get(metric) or {}).get("score")
            else:
                value = (audit.get("metrics") or {}).get(metric)
            values.append((described_at(audit) if self.source != "live" else audit.get("audited_at"), value))
        return values


def load_histories(db: Database, sites: list[str] | None = None) -> list[SiteHistory]:
    """The audit history of each site and source (of ``sites`` only when given), sites sorted by name, the live
    site first; audits in the order of the dates they describe."""
    query: dict[str, Any] = {"site": {"$in": list(sites)}} if sites else {}
    by_site: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for audit in db[SITE_AUDITS].find(query).sort("audited_at", 1):
        by_site.setdefault((audit["site"], audit.get("source") or "live"), []).append(audit)
    for audits in by_site.values():
        # nx-27017 and MongoDB agree on date sorting; keep it stable for audits written within the same millisecond.
        audits.sort(key=lambda audit: (described_at(audit), str(audit.get("_id"))))
    order = sorted(by_site, key=lambda key: (key[0], key[1] != "live", key[1]))
    return [SiteHistory(site, by_site[site, source], source) for site, source in order]


def load_first_screens(db: Database, histories: list[SiteHistory]) -> dict[str, dict[str, Any]]:
    """The first screen pictured by the latest audit of each history (:mod:`inbound_spiders.first_screen`), by run
    id; a run that pictured none is not in it."""
    run_ids = [history.latest.get("_id") for history in histories if history.latest.get("_id") is not None]
    if not run_ids:
        return {}
    return {str(document["_id"]): document for document in db[FIRST_SCREENS].find({"_id": {"$in": run_ids}})}


def described_at(audit: dict[str, Any]) -> datetime:
    """The date an audit describes the site at (naive UTC): its start page's capture for an archived audit, when it
    ran for a live one."""
    return as_datetime(audit.get("archived_at") or audit.get("as_of") or audit.get("audited_at"))


def as_datetime(value: Any) -> datetime:
    """A stored date (a datetime or an ISO 8601 string) as naive UTC; ``datetime.min`` when it is neither."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, str):
        try:
            return as_datetime(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            pass
    return datetime.min


def jsonable(value: Any) -> Any:
    """``value`` with dates as ISO 8601 strings (UTC, ``Z``), ready for ``json.dumps``."""
    if isinstance(value, datetime):
        return as_datetime(value).isoformat(timespec="seconds") + "Z"
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def check_advice(check: dict[str, Any], language: str) -> tuple[str, str]:
    """A stored check's advice in ``language`` and the language it is really in: audits written before advice was
    kept in every language have French and English only (English then)."""
    advice = check.get("advice") if isinstance(check.get("advice"), dict) else {}
    for shown in (language, DEFAULT_ADVICE_LANGUAGE):
        text = advice.get(shown) or check.get(f"advice_{shown}")
        if isinstance(text, str) and text:
            return text, shown
    return str(check.get("advice_en") or ""), DEFAULT_ADVICE_LANGUAGE


def export_document(histories: list[SiteHistory], generated_at: str, language: str | None = None) -> dict[str, Any]:
    """The JSON export: per site, the latest audit whole, its advice in one language (``language``, else the site's
    when it is one the audit speaks, else English: ``advice_language``, ``advice`` by check id) and the history of
    scores and participation counts."""
    return {
        "generated_at": generated_at,
        "categories": list(CATEGORY_IDS),
        "sites": [
            {
                "site": history.site,
                "site_name": history.name,
                "source": history.source,
                "language": history.language,
                "advice_language": advice_language(language, history.language),
                "advice": {
                    str(check_id): check_advice(check, advice_language(language, history.language))[0]
                    for check_id, check in (history.latest.get("checks") or {}).items()
                },
                "latest": jsonable(history.latest),
                "history": [
                    jsonable(
                        {
                            "run_id": audit.get("run_id"),
                            "audited_at": audit.get("audited_at"),
                            "archived_at": audit.get("archived_at"),
                            "overall_score": audit.get("overall_score"),
                            "categories": {
                                category: (audit.get("categories", {}).get(category) or {}).get("score")
                                for category in CATEGORY_IDS
                            },
                            "participants": (audit.get("metrics") or {}).get("participants"),
                            "contributions": (audit.get("metrics") or {}).get("contributions"),
                            "votes": (audit.get("metrics") or {}).get("votes"),
                        }
                    )
                    for audit in history.audits
                ],
            }
            for history in histories
        ],
    }
