"""MongoDB storage of items (and of rejected items), batched and written off the reactor thread."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.internet.defer import Deferred, DeferredList
from twisted.python.threadpool import ThreadPool

from inbound_spiders.config import InboundConfig
from inbound_spiders.documents import (
    PAGE_SAMPLE_SIZE,
    item_document,
    item_fields,
    parse_timestamp,
    refusal_document,
    reject_document,
)
from inbound_spiders.identity import utc_now_iso
from inbound_spiders.pipelines.validation import InvalidItem
from inbound_spiders.signals import findings_repeated
from inbound_spiders.store import (
    COLLECTION_BY_KIND,
    REJECTS,
    MongoStore,
    Refusal,
    ReplayOutcome,
    Spool,
    connection_error_text,
    is_connection_error,
)
from inbound_spiders.store_registry import store_for

if TYPE_CHECKING:
    from inbound_spiders.repeats import Sighting

logger = logging.getLogger(__name__)

Batch = dict[str, dict[str, dict[str, Any]]]
#: Per collection, per ``_id``: the fields to set on a document already written (its repeat counts).
Updates = dict[str, dict[str, dict[str, Any]]]
#: What a batch write counts, each as ``inbound/mongo/documents_<name>``: ``refused`` went to ``rejects`` (MongoDB
#: would not take them), ``repaired`` were written once freed of lone surrogates, ``lost`` not even kept in ``rejects``.
OUTCOME_COUNTS = ("written", "inserted", "recounted", "spooled", "repaired", "refused", "lost")


@dataclass(slots=True)
class Occurrence:
    """Where, in this run, a finding with a given key was seen (one per key seen in the run: slots keep it small)."""

    first_seen: datetime
    page_count: int = 0
    pages: list[str] = field(default_factory=list)
    stored: bool = False
    """Whether this run's document of the finding went to storage (it passed validation)."""

    def add(self, page_url: str) -> None:
        self.page_count += 1
        if page_url not in self.pages and len(self.pages) < PAGE_SAMPLE_SIZE:
            self.pages.append(page_url)


class MongoStoragePipeline:
    """Upsert each item as one document of its kind's collection, keyed by the item's deterministic key.

    A finding repeated on many pages (a header button) is one document whose ``page_count`` and ``pages`` sample say
    where it was seen in this run: either every sighting is an item, or (``INBOUND_COLLAPSE_REPEATS``, the default)
    the first one is and later ones arrive by the :data:`~inbound_spiders.signals.findings_repeated` signal (a
    page's at once); the counts of a document already written are then set on it with the next batch. Writes go in
    batches of ``INBOUND_MONGO_BATCH_SIZE`` through a single writer thread (so batches land in order); when MongoDB
    is unreachable the batch goes to the disk spool and is replayed before the next successful write, or at the next
    start. A document MongoDB refuses (a value BSON cannot hold) goes to ``rejects`` with its error, alone: the others
    of its batch are written; so does a spooled line that cannot be replayed (and to the spool's quarantine).
    """

    def __init__(self, crawler: Crawler, config: InboundConfig, store: MongoStore) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.config = config
        self.store = store
        self.spool = Spool(config.spool_dir)
        self.buffer: Batch = defaultdict(dict)
        self.buffered = 0
        self.occurrences: dict[str, Occurrence] = {}
        # Keys, per collection, of documents written whose page counts changed since.
        self.recounted: dict[str, set[str]] = defaultdict(set)
        self.writes: set[Deferred] = set()
        self.writer = ThreadPool(minthreads=1, maxthreads=1, name="inbound-mongo-writer")
        self.spooling = False
        # (collection, error type) of the refusals already logged: each kind of refusal is logged once, all counted.
        self.refusals_logged: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MongoStoragePipeline:
        config = InboundConfig.from_settings(crawler.settings)
        if not config.mongo_enabled:
            raise NotConfigured("INBOUND_MONGO_ENABLED is off")
        pipeline = cls(crawler, config, store_for(crawler, config))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.findings_repeated, signal=findings_repeated)
        return pipeline

    async def open_spider(self) -> None:
        self.writer.start()
        replayed = await maybe_deferred_to_future(self._in_writer(self._prepare))
        self._count_replay(replayed)
        if not self.spooling:
            logger.info("[mongo] storing into %s database %r", self.store.display_uri, self.config.mongo_database)

    def _prepare(self) -> ReplayOutcome:
        """Runs in the writer thread: indexes, then what an earlier crawl spooled. MongoDB being away is not fatal."""
        try:
            self.store.ensure_indexes()
            return self.spool.replay(self.store, self.config.mongo_batch_size, self._keep_refused)
        except Exception as error:
            if not is_connection_error(error):
                raise
            logger.error(
                "[mongo] %s unreachable at start (%s): documents will be spooled to %s until it is back",
                self.store.display_uri, connection_error_text(error), self.spool.directory,
            )  # fmt: skip
            self.spooling = True
            return ReplayOutcome()

    def _keep_refused(self, refusals: list[Refusal]) -> int:
        """Runs in the writer thread: keep documents MongoDB refused (or spooled lines that are not documents) in
        ``rejects``, with their errors; returns how many could not be kept even there (logged)."""
        rejected_at = parse_timestamp(utc_now_iso())
        for refusal in refusals:
            logged = (refusal.collection, refusal.error.split(":", 1)[0])
            if refusal.rule == "storage" and logged not in self.refusals_logged:
                self.refusals_logged.add(logged)
                logger.warning(
                    "[mongo] MongoDB refused %s document %s (%s): kept in rejects, the rest of its batch written",
                    refusal.collection, refusal.document.get("_id"), refusal.error,
                )  # fmt: skip
        rejects = [refusal_document(refusal, rejected_at=rejected_at) for refusal in refusals]
        kept = self.store.upsert_each(REJECTS, rejects)
        for refusal in kept.refused:
            logger.error("[mongo] rejects refused %s too (%s): not stored", refusal.document.get("_id"), refusal.error)
        return len(kept.refused)

    def process_item(self, item: Any) -> Any:
        fields = item_fields(item)
        occurrence = self._occurrence(fields["key"], fields["crawled_at"])
        occurrence.add(fields["page_url"])
        occurrence.stored = True
        document = item_document(fields, pages=list(occurrence.pages), page_count=occurrence.page_count)
        document["first_seen"] = occurrence.first_seen
        self._add(COLLECTION_BY_KIND[fields["kind"]], document)
        return item

    def findings_repeated(self, sightings: list[Sighting]) -> None:
        """Findings seen again and not yielded again: count each page into its document."""
        for sighting in sightings:
            # Created here when seen again before its first sighting reached storage.
            occurrence = self._occurrence(sighting.key, sighting.crawled_at)
            occurrence.add(sighting.page_url)
            if not occurrence.stored:
                continue
            collection = COLLECTION_BY_KIND[sighting.kind]
            buffered = self.buffer.get(collection, {}).get(sighting.key)
            if buffered is not None:
                buffered["page_count"], buffered["pages"] = occurrence.page_count, list(occurrence.pages)
            else:
                self.recounted[collection].add(sighting.key)

    def _occurrence(self, key: str, crawled_at: str) -> Occurrence:
        """Where this run saw the finding ``key`` so far; a new one, first seen at ``crawled_at``, for a new key."""
        occurrence = self.occurrences.get(key)
        if occurrence is None:
            occurrence = self.occurrences[key] = Occurrence(first_seen=parse_timestamp(crawled_at))
        return occurrence

    def item_dropped(self, item: Any, response: Response | None, exception: BaseException, spider: Spider) -> None:
        """Keep items that failed validation, with their errors, in the ``rejects`` collection."""
        if isinstance(exception, InvalidItem):
            self._add(
                REJECTS, reject_document(exception.fields, exception.errors, rejected_at=parse_timestamp(utc_now_iso()))
            )

    def _add(self, collection: str, document: dict[str, Any]) -> None:
        self.buffer[collection][document["_id"]] = document
        self.buffered += 1
        if self.buffered >= self.config.mongo_batch_size:
            self._flush()

    def _flush(self) -> None:
        if not self.buffered and not self.recounted:
            return
        batch, self.buffer, self.buffered = self.buffer, defaultdict(dict), 0
        updates: Updates = {
            collection: {key: self._counts(key) for key in keys} for collection, keys in self.recounted.items()
        }
        self.recounted = defaultdict(set)
        write = self._in_writer(self._write, batch, updates)
        write.addCallbacks(self._written, self._write_failed)
        self.writes.add(write)
        write.addBoth(self._forget, write)
        # Batches handed to the writer thread and not written yet: the crawl never waits for them.
        self.stats.max_value("inbound/mongo/pending_batches_max", len(self.writes))

    def _counts(self, key: str) -> dict[str, Any]:
        occurrence = self.occurrences[key]
        return {"page_count": occurrence.page_count, "pages": list(occurrence.pages)}

    def _forget(self, result: Any, write: Deferred) -> Any:
        self.writes.discard(write)
        return result

    def _in_writer(self, function: Any, *args: Any) -> Deferred:
        from twisted.internet import reactor

        return threads.deferToThreadPool(reactor, self.writer, function, *args)

    def _write(self, batch: Batch, updates: Updates) -> dict[str, Any]:
        """Runs in the writer thread: replay the spool if any, then write the batch and the recounts that follow it
        (or spool them)."""
        outcome: dict[str, Any] = dict.fromkeys(OUTCOME_COUNTS, 0)
        started = time.perf_counter()
        try:
            if self.spool.has_pending():
                outcome["replay"] = self.spool.replay(self.store, self.config.mongo_batch_size, self._keep_refused)
            refused: list[Refusal] = []
            for collection, documents in batch.items():
                written = self.store.upsert_each(collection, list(documents.values()))
                outcome["inserted"] += written.inserted
                outcome["written"] += written.written
                outcome["repaired"] += written.repaired
                refused += written.refused
            if refused:
                outcome["lost"] += self._keep_refused(refused)
                outcome["refused"] += len(refused)
            for collection, fields_by_id in updates.items():
                self.store.set_fields(collection, fields_by_id)
                outcome["recounted"] += len(fields_by_id)
        except Exception as error:
            if not is_connection_error(error):
                raise
            for collection, documents in batch.items():
                outcome["spooled"] += self.spool.add(collection, documents.values())
            for collection, fields_by_id in updates.items():
                self.spool.add_updates(collection, fields_by_id)
            outcome["error"] = connection_error_text(error)
        outcome["seconds"] = time.perf_counter() - started
        return outcome

    def _count_replay(self, replay: ReplayOutcome | None) -> None:
        if replay is None:
            return
        for name, value in (("replayed", replay.replayed), ("repaired", replay.repaired)):
            if value:
                self.stats.inc_value(f"inbound/mongo/documents_{name}", value)
        if replay.quarantined:
            self.stats.inc_value("inbound/spool/quarantined", replay.quarantined)

    def _written(self, outcome: dict[str, Any]) -> None:
        self._count_replay(outcome.get("replay"))
        for name in OUTCOME_COUNTS:
            if outcome[name]:
                self.stats.inc_value(f"inbound/mongo/documents_{name}", outcome[name])
        self.stats.inc_value("inbound/mongo/batches")
        self.stats.max_value("inbound/mongo/batch_write_seconds_max", round(outcome["seconds"], 4))
        if outcome["spooled"] and not self.spooling:
            logger.error(
                "[mongo] %s unreachable (%s): spooling documents to %s until it is back",
                self.store.display_uri, outcome["error"], self.spool.directory,
            )  # fmt: skip
        if outcome["spooled"]:
            self.stats.inc_value("inbound/mongo/batches_spooled")
        elif self.spooling:
            logger.info("[mongo] %s is back: spooled documents replayed", self.store.display_uri)
        self.spooling = bool(outcome["spooled"])

    def _write_failed(self, failure: Any) -> None:
        self.stats.inc_value("inbound/mongo/batches_failed")
        logger.error("[mongo] batch write failed", exc_info=(failure.type, failure.value, failure.getTracebackObject()))

    async def close_spider(self) -> None:
        self._flush()
        if self.writes:
            await maybe_deferred_to_future(DeferredList(list(self.writes)))
        self.writer.stop()
