"""``SiteAuditor``: when a crawl ends, audit the site from what the run stored, into the ``site_audits`` collection."""

from __future__ import annotations

import logging
from asyncio import Future
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from jsonschema import ValidationError
from pymongo.database import Database
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from inbound_spiders.archives import LIVE
from inbound_spiders.audit.builder import build_site_audit, scorecard_line
from inbound_spiders.audit.checks import AuditContext, CrawlStop, merge_share_intents
from inbound_spiders.config import InboundConfig
from inbound_spiders.contracts import validator_for
from inbound_spiders.documents import DocumentShapeError, StoredFinding, finding_from_document, parse_timestamp
from inbound_spiders.extensions import LIST_RUN_ATTRIBUTE, archive_fields
from inbound_spiders.identity import utc_now_iso
from inbound_spiders.store import (
    COLLECTION_BY_KIND,
    FIRST_SCREENS,
    SITE_AUDITS,
    MongoStore,
    Spool,
    connection_error_text,
    is_connection_error,
    utc,
)
from inbound_spiders.store_registry import store_for

logger = logging.getLogger(__name__)


def run_findings(db: Database, site: str, run_id: str) -> dict[str, list[StoredFinding[Any]]]:
    """The findings a run stored for a site, per item kind (the documents whose last run is ``run_id``), each read
    by :func:`~inbound_spiders.documents.finding_from_document` (a document it refuses raises
    :class:`~inbound_spiders.documents.DocumentShapeError`), share intents merged as they are read
    (:func:`~inbound_spiders.audit.checks.merge_share_intents`): a site has a few of them on every page, and the
    audit's memory must not grow with the site."""
    findings = {}
    for kind, collection in COLLECTION_BY_KIND.items():
        found = db[collection].find({"run_id": run_id, "site": site}, batch_size=1000)
        read = (finding_from_document(kind, document) for document in found)
        findings[kind] = merge_share_intents(read) if kind == "share_widget" else list(read)
    return findings


#: What :func:`previous_audit` reads of earlier audits: enough to order them and compute growth.
PREVIOUS_AUDIT_FIELDS = {"run_id": 1, "source": 1, "as_of": 1, "archived_at": 1, "audited_at": 1, "metrics": 1}


def audit_date(audit: dict[str, Any]) -> datetime:
    """The date an audit describes the site at: its start page's capture (or the date asked for) for an archived
    audit, when it ran for a live one."""
    described = audit.get("archived_at") or audit.get("as_of")
    if described:
        return parse_timestamp(described)
    audited_at = audit["audited_at"]
    return parse_timestamp(audited_at) if isinstance(audited_at, str) else utc(audited_at)


def previous_audit(
    db: Database, site: str, run_id: str, *, source: str = LIVE, described_at: datetime | None = None
) -> dict[str, Any] | None:
    """The audit of ``site`` from the same ``source`` (audits written before sources existed are live ones) that
    describes the site last before ``described_at`` (default: now), this run's aside; ``None`` when there is none.
    An archive of 2017 is never compared with today's site, and two archived dates audited in any order compare
    in date order."""
    until = described_at or datetime.now(UTC)
    found = db[SITE_AUDITS].find({"site": site, "_id": {"$ne": run_id}}, PREVIOUS_AUDIT_FIELDS)
    earlier = [audit for audit in found if audit.get("source", LIVE) == source and audit.get("audited_at") is not None]
    earlier = [audit for audit in earlier if audit_date(audit) < until]
    return max(earlier, key=audit_date, default=None)


def stored_audit(audit: dict[str, Any]) -> dict[str, Any]:
    """The validated audit as stored: ``audited_at`` a date, so runs sort and filter by time."""
    return {**audit, "audited_at": parse_timestamp(audit["audited_at"])}


def crawl_stop(spider: Spider, stats: Any) -> CrawlStop | None:
    """The bound that ended ``spider``'s crawl with same-site pages left unvisited: its page budget when a link was
    left for it (``inbound/pages/max_pages_reached``), else its depth bound when a link past it was never requested
    (the spider's ``pages_left_beyond_depth``); ``None`` when the crawl read every page it found."""
    budget = stats.get_value("inbound/pages/max_pages_reached")
    if budget:
        return CrawlStop("max_pages", int(budget))
    left_beyond_depth = getattr(spider, "pages_left_beyond_depth", None)
    if left_beyond_depth is not None and left_beyond_depth():
        stats.set_value("inbound/pages/max_depth_reached", spider.max_depth)
        return CrawlStop("max_depth", int(spider.max_depth))
    return None


def audit_errors(audit: dict[str, Any]) -> list[str]:
    """Violations of ``schemas/site_audit.schema.json`` by ``audit``, as ``path: message`` lines."""
    errors: list[ValidationError] = list(validator_for("site_audit").iter_errors(audit))
    return [f"{'.'.join(str(part) for part in error.absolute_path) or '(audit)'}: {error.message}" for error in errors]


@dataclass(frozen=True)
class AuditRequest:
    """What the audit of a run needs of its spider and its crawl's stats, read when the spider closes."""

    site: str
    run_id: str
    spider_name: str
    finish_reason: str
    start_url: str | None
    pages_audited: int
    archive: dict[str, Any]
    """The run's source and dates (:func:`~inbound_spiders.extensions.archive_fields`)."""
    site_name: str | None
    language: str | None
    capture: str | None
    """The path of the WACZ the crawl kept (``-a capture=``)."""
    crawl_stop: CrawlStop | None
    first_screen: Any
    """The start page's first screen the crawl pictured (:mod:`inbound_spiders.first_screen`), if any."""


class SiteAuditor:
    """Build the site audit of a run on ``spider_closed`` (item pipelines, hence storage, are closed and flushed by
    then), validate it against its schema, upsert it into ``site_audits`` (``_id`` = run id) and log a one-line
    scorecard. No audit when the run's findings were spooled (MongoDB away): it would judge on part of them; none
    when no page was audited. Stats: ``inbound/audit/written``, ``inbound/audit/skipped_no_pages``,
    ``inbound/audit/invalid``, ``inbound/audit/spooled``, ``inbound/audit/skipped_spooled``,
    ``inbound/audit/skipped_unreadable`` (a stored finding whose fields are not its item's: the audit would judge
    without it), ``inbound/audit/checks/<pass|fail|unknown>``; ``inbound/pages/max_depth_reached`` when the depth
    bound left pages unvisited (:func:`crawl_stop`: then a check failing for want of a finding is ``unknown``)."""

    def __init__(self, crawler: Crawler, config: InboundConfig, store: MongoStore) -> None:
        self.crawler = crawler
        self.config = config
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteAuditor:
        config = InboundConfig.from_settings(crawler.settings)
        if not config.audit_enabled:
            raise NotConfigured("INBOUND_AUDIT_ENABLED is off")
        if not config.mongo_enabled:
            raise NotConfigured("INBOUND_MONGO_ENABLED is off: the site audit reads the run's documents from MongoDB")
        auditor = cls(crawler, config, store_for(crawler, config))
        crawler.signals.connect(auditor.spider_closed, signal=signals.spider_closed)
        return auditor

    def spider_closed(self, spider: Spider, reason: str) -> Deferred | Future[None] | None:
        """Audit the site. What the audit needs of the spider and of the crawl's stats is read here, in the reactor's
        thread; the rest (reading the run's findings and the previous audit from MongoDB, building, validating and
        writing the audit) runs, for a site of a list, in a thread: those reads would hold up the other sites'
        crawls, which share the reactor. Its counts are applied back here when it is done, and Scrapy waits for the
        returned Deferred (an asyncio future under the asyncio reactor) before the site's crawl ends (the list reads
        the site's stats after that). A single
        site's crawl audits in the reactor's thread: nothing else runs there, and the crawl's ``runs`` document
        (:class:`~inbound_spiders.extensions.RunRecorder`, which closes after the audit) holds the audit's stats."""
        request = self.audit_request(spider, reason)
        if request is None:
            return None
        # Applied however the audit ends: what it counted before an error (an audit written, then a failing first
        # screen) stays counted.
        counts: Counter[str] = Counter()
        if getattr(self.crawler, LIST_RUN_ATTRIBUTE, None):
            audited = threads.deferToThread(self.audit, request, counts).addBoth(self._counted, counts)
            # Under the asyncio reactor, as an asyncio future: Scrapy deprecates handlers that return a Deferred.
            return maybe_deferred_to_future(audited)
        try:
            self.audit(request, counts)
        finally:
            self.count(counts)
        return None

    def _counted(self, outcome: Counter[str] | Failure, counts: Counter[str]) -> Failure | None:
        """Apply ``counts`` (:meth:`count`) once the threaded audit is done; its error, if any, goes on to Scrapy."""
        self.count(counts)
        return outcome if isinstance(outcome, Failure) else None

    def audit_request(self, spider: Spider, reason: str) -> AuditRequest | None:
        """What the audit of ``spider``'s run needs, read from the spider and the stats; ``None`` (logged, counted)
        when the run is not to be audited."""
        site, run_id = getattr(spider, "site", None), getattr(spider, "run_id", None)
        if not site or not run_id:
            logger.warning("[audit] spider %s has no site or run id: no site audit", spider.name)
            return None
        stats = self.crawler.stats
        if not stats.get_value("inbound/pages/audited"):
            # Nothing was read (unreachable site, refused start URL): a 0/100 audit would rank a site never seen.
            stats.inc_value("inbound/audit/skipped_no_pages")
            logger.warning("[audit] run %s audited no page of %s: no site audit", run_id, site)
            return None
        if stats.get_value("inbound/mongo/batches_spooled"):
            # Some findings of this run wait in the spool: an audit now would judge the site on part of them.
            stats.inc_value("inbound/audit/skipped_spooled")
            logger.warning("[audit] findings of run %s were spooled (MongoDB unreachable): no site audit", run_id)
            return None
        return AuditRequest(
            site=site,
            run_id=run_id,
            spider_name=spider.name,
            finish_reason=reason,
            start_url=next(iter(getattr(spider, "start_urls", [])), None),
            pages_audited=int(stats.get_value("inbound/pages/audited", 0) or 0),
            archive=archive_fields(spider),
            site_name=getattr(spider, "site_name", None),
            language=getattr(spider, "site_language", None),
            capture=(getattr(spider, "capture_summary", None) or {}).get("path"),
            crawl_stop=crawl_stop(spider, stats),
            first_screen=getattr(spider, "first_screen", None),
        )

    def count(self, counts: Counter[str]) -> None:
        """Apply what an audit counted (:meth:`audit`) to the crawl's stats: ``inbound/audit/checks/*`` are set, the
        other counters added."""
        for name, value in counts.items():
            if name.startswith("inbound/audit/checks/"):
                self.crawler.stats.set_value(name, value)
            else:
                self.crawler.stats.inc_value(name, value)

    def audit(self, request: AuditRequest, counts: Counter[str] | None = None) -> Counter[str]:
        """Build, validate and store the site audit of ``request``'s run (see the class); what it counted, into
        ``counts`` as it goes, for :meth:`count` (it may run in a thread: the crawl's stats are not touched here)."""
        counts = Counter() if counts is None else counts
        site, run_id, archive = request.site, request.run_id, request.archive
        try:
            context = AuditContext(
                site=site,
                run_id=run_id,
                start_url=request.start_url,
                pages_audited=request.pages_audited,
                findings=run_findings(self.store.db, site, run_id),
                previous=previous_audit(
                    self.store.db,
                    site,
                    run_id,
                    source=archive["source"],
                    described_at=audit_date({**archive, "audited_at": utc_now_iso()}),
                ),
                config=self.config,
                site_name=request.site_name,
                language=request.language,
                capture=request.capture,
                crawl_stop=request.crawl_stop,
                **archive,
            )
        except DocumentShapeError as error:
            # Left in its collection; judging the site without it would turn its checks to "fail" unseen.
            counts["inbound/audit/skipped_unreadable"] += 1
            logger.error("[audit] a finding of run %s cannot be read (%s): no site audit", run_id, error)
            return counts
        except Exception as error:
            if not is_connection_error(error):
                raise
            counts["inbound/audit/unreachable"] += 1
            logger.error(
                "[audit] %s unreachable (%s): no site audit for run %s",
                self.store.display_uri, connection_error_text(error), run_id,
            )  # fmt: skip
            return counts
        audit = build_site_audit(
            context, spider=request.spider_name, audited_at=utc_now_iso(), finish_reason=request.finish_reason
        )
        errors = audit_errors(audit)
        if errors:
            counts["inbound/audit/invalid"] += 1
            logger.error("[audit] site audit of run %s breaks its schema: %s", run_id, "; ".join(errors[:5]))
            return counts
        for result, count in audit["summary"].items():
            counts[f"inbound/audit/checks/{result}"] = count
        if self._save(stored_audit(audit), counts):
            self._save_first_screen(request, counts)
        logger.info("[audit] %s", scorecard_line(audit))
        return counts

    def _save(self, document: dict[str, Any], counts: Counter[str]) -> bool:
        """Write the audit (spooled when MongoDB is away); ``True`` when it is in ``site_audits``."""
        try:
            refused = self.store.upsert_each(SITE_AUDITS, [document]).refused
            for refusal in refused:
                logger.error("[audit] site audit %s refused by MongoDB: %s", document["_id"], refusal.error)
            if refused:
                return False
        except Exception as error:
            if not is_connection_error(error):
                raise
            Spool(self.config.spool_dir).add(SITE_AUDITS, [document])
            counts["inbound/audit/spooled"] += 1
            logger.error(
                "[audit] %s unreachable (%s): site audit spooled", self.store.display_uri, connection_error_text(error)
            )
            return False
        counts["inbound/audit/written"] += 1
        return True

    def _save_first_screen(self, request: AuditRequest, counts: Counter[str]) -> None:
        """Write the start page's first screen the crawl pictured (:mod:`inbound_spiders.first_screen`) into
        ``first_screens``, beside the audit it illustrates (``inbound/first_screen/written``). A picture MongoDB
        refuses or cannot take now is logged and counted (``inbound/first_screen/unwritten``), never spooled: the
        audit stands without it, and the report says there is none."""
        first_screen, run_id = request.first_screen, request.run_id
        if first_screen is None:
            return
        document = first_screen.document(request.site, run_id, datetime.now(UTC))
        try:
            refused = [refusal.error for refusal in self.store.upsert_each(FIRST_SCREENS, [document]).refused]
        except Exception as error:
            if not is_connection_error(error):
                raise
            refused = [connection_error_text(error)]
        if refused:
            counts["inbound/first_screen/unwritten"] += 1
            logger.error("[audit] first screen of run %s not written: %s", run_id, refused[0])
            return
        counts["inbound/first_screen/written"] += 1
