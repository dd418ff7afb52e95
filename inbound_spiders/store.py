"""MongoDB storage: collections, indexes, idempotent batched upserts, and a disk spool for when MongoDB is away.

Writes replace whole documents keyed by a deterministic ``_id`` after reading the fields that must survive
(``first_seen``, ``first_run_id``): a re-crawl updates, never duplicates, and a retried batch is harmless. This is
correct on MongoDB and on nx-27017 alike (nx-27017 turns a ``$set`` datetime on an existing document into a string;
whole-document replacement keeps it a date — ``tests/test_store.py`` proves both behaviours we rely on).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pymongo
from bson import json_util
from pymongo import ASCENDING, DESCENDING, ReplaceOne, UpdateOne
from pymongo.database import Database
from pymongo.errors import PyMongoError

from inbound_spiders.config import InboundConfig
from inbound_spiders.embedded import EmbeddedMongo

logger = logging.getLogger(__name__)

#: Collection holding the documents of each item kind.
COLLECTION_BY_KIND: dict[str, str] = {
    "call_to_action": "calls_to_action",
    "share_widget": "share_widgets",
    "video": "videos",
    "team_page": "team_pages",
    "contribution_platform": "contribution_platforms",
}
RUNS = "runs"
REJECTS = "rejects"
SITE_AUDITS = "site_audits"
#: Documents whose preserved fields a store remembers before it forgets them all (memory stays bounded).
WRITTEN_MEMORY_SIZE = 200_000
#: Fields of an existing document that a new write of the same ``_id`` must keep.
PRESERVED_FIELDS = ("first_seen", "first_run_id")

_FINDING_INDEXES = [
    [("site", ASCENDING), ("last_seen", DESCENDING)],
    [("run_id", ASCENDING)],
    [("page_url", ASCENDING)],
]
_KIND_INDEXES: dict[str, list[list[tuple[str, int]]]] = {
    "calls_to_action": [[("site", ASCENDING), ("action", ASCENDING)]],
    "share_widgets": [[("site", ASCENDING), ("role", ASCENDING), ("network", ASCENDING)]],
    "videos": [[("duration_seconds", DESCENDING)]],
}
#: Indexes of every collection, created when a crawl opens (see README "Collections").
INDEXES: dict[str, list[list[tuple[str, int]]]] = {
    **{name: _FINDING_INDEXES + _KIND_INDEXES.get(name, []) for name in COLLECTION_BY_KIND.values()},
    RUNS: [[("site", ASCENDING), ("started_at", DESCENDING)], [("spider", ASCENDING), ("started_at", DESCENDING)]],
    REJECTS: [[("run_id", ASCENDING)], [("kind", ASCENDING), ("site", ASCENDING)]],
    SITE_AUDITS: [[("site", ASCENDING), ("audited_at", DESCENDING)], [("overall_score", DESCENDING)]],
}

_URI_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


def redact_uri(uri: str) -> str:
    """``uri`` with any ``user:password@`` replaced, safe for logs and stored documents."""
    return _URI_CREDENTIALS.sub("***@", uri)


def utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime truncated to milliseconds (what BSON dates hold)."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


class MongoStore:
    """A connection to the configured MongoDB (or to the embedded store it starts) and the writes the project makes."""

    def __init__(self, config: InboundConfig) -> None:
        self.config = config
        self.embedded: EmbeddedMongo | None = None
        self.client: pymongo.MongoClient | None = None
        self.display_uri = ""
        # Preserved fields of the documents this store wrote: a finding written again in the same run (a header
        # button seen on every page) needs no read before its replacement.
        self._written: dict[tuple[str, Any], dict[str, Any]] = {}

    @property
    def db(self) -> Database:
        if self.client is None:
            raise RuntimeError("MongoStore.open() was not called")
        return self.client[self.config.mongo_database]

    def open(self) -> MongoStore:
        """Connect (starting the embedded store when no URI is configured) and make sure the indexes exist."""
        uri = self.config.mongo_uri
        if not uri:
            self.embedded = EmbeddedMongo(self.config.embedded_data_dir)
            uri = self.embedded.start()
        self.display_uri = redact_uri(uri)
        timeout = self.config.mongo_timeout_ms
        self.client = pymongo.MongoClient(
            uri, tz_aware=True, serverSelectionTimeoutMS=timeout, connectTimeoutMS=timeout, socketTimeoutMS=timeout
        )
        return self

    def ensure_indexes(self) -> None:
        """Create the indexes every query in the README relies on (idempotent)."""
        for collection, indexes in INDEXES.items():
            for keys in indexes:
                self.db[collection].create_index(keys)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.embedded is not None:
            self.embedded.stop()
            self.embedded = None

    def __enter__(self) -> MongoStore:
        return self.open()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def upsert(self, collection: str, documents: list[dict[str, Any]]) -> int:
        """Write ``documents`` (each with its ``_id``) to ``collection``, keeping preserved fields of existing ones.

        Returns the number of documents inserted (the others were replaced).
        """
        if not documents:
            return 0
        target = self.db[collection]
        unknown = [document["_id"] for document in documents if (collection, document["_id"]) not in self._written]
        projection = dict.fromkeys(PRESERVED_FIELDS, 1)
        existing = {}
        if unknown:
            existing = {found["_id"]: found for found in target.find({"_id": {"$in": unknown}}, projection)}
        merged_documents = []
        for document in documents:
            previous = self._written.get((collection, document["_id"])) or existing.get(document["_id"], {})
            merged_documents.append(
                {**document, **{name: previous[name] for name in PRESERVED_FIELDS if previous.get(name)}}
            )
        result = target.bulk_write(
            [ReplaceOne({"_id": merged["_id"]}, merged, upsert=True) for merged in merged_documents], ordered=False
        )
        if len(self._written) > WRITTEN_MEMORY_SIZE:
            self._written.clear()
        for merged in merged_documents:
            self._written[collection, merged["_id"]] = {name: merged.get(name) for name in PRESERVED_FIELDS}
        return result.upserted_count

    def set_fields(self, collection: str, fields_by_id: dict[Any, dict[str, Any]]) -> int:
        """Set fields (plain values: numbers, strings, lists of strings) on existing documents, keyed by ``_id``;
        a missing document is not created. Returns the number of documents matched."""
        if not fields_by_id:
            return 0
        result = self.db[collection].bulk_write(
            [UpdateOne({"_id": _id}, {"$set": fields}) for _id, fields in fields_by_id.items()], ordered=False
        )
        return result.matched_count


class Spool:
    """Documents that could not be written, kept on disk (JSON lines, BSON types preserved) until MongoDB is back:
    ``<collection>.jsonl`` holds whole documents, ``updates/<collection>.jsonl`` fields to set on them afterwards."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.updates_directory = directory / "updates"

    def has_pending(self) -> bool:
        return any(True for _ in self.pending()) or any(True for _ in self.pending_updates())

    def add_updates(self, collection: str, fields_by_id: dict[Any, dict[str, Any]]) -> int:
        """Keep fields to set on documents of ``collection`` (replayed after every spooled document)."""
        updates = ({"_id": _id, "fields": fields} for _id, fields in fields_by_id.items())
        return self.add(collection, updates, updates=True)

    def add(self, collection: str, documents: Iterable[dict[str, Any]], *, updates: bool = False) -> int:
        directory = self.updates_directory if updates else self.directory
        directory.mkdir(parents=True, exist_ok=True)
        count = 0
        with (directory / f"{collection}.jsonl").open("a", encoding="utf-8") as spool_file:
            for document in documents:
                spool_file.write(json_util.dumps(document, json_options=json_util.RELAXED_JSON_OPTIONS) + "\n")
                count += 1
            spool_file.flush()
        return count

    def pending(self) -> Iterator[tuple[str, Path]]:
        """``(collection, file)`` for each spool file waiting to be replayed."""
        return _spool_files(self.directory)

    def pending_updates(self) -> Iterator[tuple[str, Path]]:
        """``(collection, file)`` for each spool file of updates waiting to be replayed."""
        return _spool_files(self.updates_directory)

    def replay(self, store: MongoStore, batch_size: int) -> int:
        """Write every spooled document to ``store``, then the spooled updates, deleting each spool file once written;
        returns the documents replayed (updates not included)."""
        replayed = 0
        for collection, path in self.pending():
            documents = _read_lines(path)
            for start in range(0, len(documents), batch_size):
                store.upsert(collection, _last_version_of_each(documents[start : start + batch_size]))
            path.unlink()
            replayed += len(documents)
            logger.info("[spool] replayed %d documents into %s from %s", len(documents), collection, path)
        for collection, path in self.pending_updates():
            updates = _read_lines(path)
            # The last update of a document holds its latest counts.
            latest = {update["_id"]: update["fields"] for update in updates}
            store.set_fields(collection, latest)
            path.unlink()
            logger.info("[spool] replayed %d updates into %s from %s", len(updates), collection, path)
        return replayed


def _spool_files(directory: Path) -> Iterator[tuple[str, Path]]:
    if directory.is_dir():
        for path in sorted(directory.glob("*.jsonl")):
            yield path.stem, path


def _read_lines(path: Path) -> list[dict[str, Any]]:
    return [
        json_util.loads(line, json_options=json_util.RELAXED_JSON_OPTIONS)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _last_version_of_each(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    latest: dict[Any, dict[str, Any]] = {}
    for document in documents:
        latest[document["_id"]] = document
    return list(latest.values())


def connection_error_text(error: BaseException) -> str:
    """A connection error in a few words: pymongo's message ends with its timeouts and the whole topology."""
    text = re.split(r", Timeout: | \(configured timeouts", str(error), maxsplit=1)[0].strip()
    return f"{type(error).__name__}: {text}"[:200]


def is_connection_error(error: BaseException) -> bool:
    """Whether ``error`` means MongoDB is unreachable (worth spooling), as opposed to a bad document."""
    return isinstance(error, PyMongoError) and not isinstance(error, pymongo.errors.OperationFailure)
