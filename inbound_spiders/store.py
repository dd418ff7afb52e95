"""MongoDB storage: collections, indexes, idempotent batched upserts, and a disk spool for when MongoDB is away.

Writes replace whole documents keyed by a deterministic ``_id`` after reading the fields that must survive
(``first_seen``, ``first_run_id``): a re-crawl updates, never duplicates, and a retried batch is harmless. This is
correct on MongoDB and on nx-27017 alike (nx-27017 turns a ``$set`` datetime on an existing document into a string;
whole-document replacement keeps it a date — ``tests/test_store.py`` proves both behaviours we rely on).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
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
from inbound_spiders.locks import exclusive_lock
from inbound_spiders.sanitize import repaired

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
#: The start page's first screen of a rendered run (``_id`` its run id), pictured for the report.
FIRST_SCREENS = "first_screens"
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


@dataclass
class Refusal:
    """A document MongoDB would not take (one that cannot be encoded, or too large), with why."""

    collection: str
    document: dict[str, Any]
    error: str
    rule: str = "storage"
    """``storage`` for a document MongoDB refused, ``spool`` for a spooled line that is not a document."""


@dataclass
class WriteOutcome:
    """What :meth:`MongoStore.upsert_each` did with a list of documents."""

    inserted: int = 0
    written: int = 0
    repaired: int = 0
    """Documents written once freed of lone surrogates (see :mod:`inbound_spiders.sanitize`)."""
    refused: list[Refusal] = field(default_factory=list)


def error_text(error: BaseException) -> str:
    """An error in one bounded line, for logs and ``rejects``."""
    return f"{type(error).__name__}: {error}"[:300]


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
        #: Whether this connection's indexes were made sure of (:meth:`ensure_indexes`).
        self.indexed = False
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

    def sibling(self) -> MongoStore:
        """Another store on this one's connection (and embedded server), with its own memory of written documents:
        for each site of a list, so that memory ends with the site. Only this store closes the connection."""
        sibling = MongoStore(self.config)
        sibling.client, sibling.display_uri, sibling.indexed = self.client, self.display_uri, self.indexed
        return sibling

    def ensure_indexes(self) -> None:
        """Create the indexes every query in the README relies on (idempotent; once per connection: the sites of a
        list share theirs)."""
        if self.indexed:
            return
        self.indexed = True
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

    def upsert_each(self, collection: str, documents: list[dict[str, Any]]) -> WriteOutcome:
        """:meth:`upsert` ``documents`` so that one MongoDB refuses cannot take the others with it.

        On any error but a connection error (raised: the caller spools), the documents are written one by one: one
        holding lone surrogates is written without them (``repaired``), one that still fails is ``refused`` with its
        error (an integer beyond 64 bits, a document over 16 MB...). Writes are idempotent, so writing again the
        documents of a batch that failed half-way is harmless.
        """
        outcome = WriteOutcome()
        try:
            outcome.inserted = self.upsert(collection, documents)
            outcome.written = len(documents)
            return outcome
        except Exception as error:
            if is_connection_error(error):
                raise
        for document in documents:
            try:
                outcome.inserted += self.upsert(collection, [document])
                outcome.written += 1
                continue
            except Exception as error:
                if is_connection_error(error):
                    raise
                failure = error
            repaired_document = repaired(document)
            if repaired_document is not document:
                try:
                    outcome.inserted += self.upsert(collection, [repaired_document])
                    outcome.written += 1
                    outcome.repaired += 1
                    continue
                except Exception as error:
                    if is_connection_error(error):
                        raise
                    failure = error
            outcome.refused.append(Refusal(collection, document, error_text(failure)))
        return outcome

    def set_fields(self, collection: str, fields_by_id: dict[Any, dict[str, Any]]) -> int:
        """Set fields (plain values: numbers, strings, lists of strings) on existing documents, keyed by ``_id``;
        a missing document is not created. Returns the number of documents matched."""
        if not fields_by_id:
            return 0
        result = self.db[collection].bulk_write(
            [UpdateOne({"_id": _id}, {"$set": fields}) for _id, fields in fields_by_id.items()], ordered=False
        )
        return result.matched_count


#: Receives the documents (and unreadable lines) a replay could not write, to keep them in ``rejects``.
KeepRefused = Callable[[list[Refusal]], None]


@dataclass
class ReplayOutcome:
    """What :meth:`Spool.replay` did."""

    replayed: int = 0
    """Documents written (updates not included)."""
    repaired: int = 0
    quarantined: int = 0
    """Spooled lines that could not be replayed, moved to the quarantine and kept in ``rejects``."""


class Spool:
    """Documents that could not be written, kept on disk (JSON lines, BSON types preserved) until MongoDB is back:
    ``<collection>.jsonl`` holds whole documents, ``updates/<collection>.jsonl`` fields to set on them afterwards.

    Several processes may share one spool folder (crawls of several sites, Scrapyd jobs): every append and every
    replay holds an exclusive lock on ``.lock`` in it (``fcntl.flock``), so a replay never deletes a file another
    process is appending to. A line that cannot be replayed goes to ``quarantine/`` (same file name), never back.
    """

    LOCK_NAME = ".lock"
    QUARANTINE = "quarantine"

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.updates_directory = directory / "updates"
        self.quarantine_directory = directory / self.QUARANTINE

    def has_pending(self) -> bool:
        return any(True for _ in self.pending()) or any(True for _ in self.pending_updates())

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the spool's lock (blocking until the process holding it lets it go)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with exclusive_lock(self.directory / self.LOCK_NAME):
            yield

    def add_updates(self, collection: str, fields_by_id: dict[Any, dict[str, Any]]) -> int:
        """Keep fields to set on documents of ``collection`` (replayed after every spooled document)."""
        updates = ({"_id": _id, "fields": fields} for _id, fields in fields_by_id.items())
        return self.add(collection, updates, updates=True)

    def add(self, collection: str, documents: Iterable[dict[str, Any]], *, updates: bool = False) -> int:
        directory = self.updates_directory if updates else self.directory
        # Encoded before taking the lock: the lock is held for the append only.
        lines = [
            json_util.dumps(document, json_options=json_util.RELAXED_JSON_OPTIONS) + "\n" for document in documents
        ]
        with self.locked():
            directory.mkdir(parents=True, exist_ok=True)
            with (directory / f"{collection}.jsonl").open("a", encoding="utf-8") as spool_file:
                spool_file.writelines(lines)
        return len(lines)

    def pending(self) -> Iterator[tuple[str, Path]]:
        """``(collection, file)`` for each spool file waiting to be replayed."""
        return _spool_files(self.directory)

    def pending_updates(self) -> Iterator[tuple[str, Path]]:
        """``(collection, file)`` for each spool file of updates waiting to be replayed."""
        return _spool_files(self.updates_directory)

    def quarantined(self) -> Iterator[tuple[str, Path]]:
        """``(collection, file)`` for each quarantine file (lines that could not be replayed)."""
        return _spool_files(self.quarantine_directory)

    def replay(self, store: MongoStore, batch_size: int, keep_refused: KeepRefused) -> ReplayOutcome:
        """Write every spooled document to ``store``, then the spooled updates, deleting each spool file once written.

        A line that cannot be replayed (not JSON, not a document, refused by MongoDB) is handed to ``keep_refused``
        with its error, appended to the quarantine and logged once per file; the others are written. A connection
        error is raised, leaving the file in place.
        """
        outcome = ReplayOutcome()
        with self.locked():
            for collection, path in self.pending():
                documents, unreadable = _read_lines(path, collection, required=("_id",))
                refused = list(unreadable)
                for start in range(0, len(documents), batch_size):
                    latest = _last_version_of_each(documents[start : start + batch_size])
                    written = store.upsert_each(collection, latest)
                    outcome.repaired += written.repaired
                    refused += written.refused
                self._quarantine(collection, path, refused, keep_refused)
                path.unlink()
                outcome.replayed += len(documents) - len(refused) + len(unreadable)
                outcome.quarantined += len(refused)
                logger.info("[spool] replayed %d documents into %s from %s", len(documents), collection, path)
            for collection, path in self.pending_updates():
                updates, unreadable = _read_lines(path, collection, required=("_id", "fields"))
                self._quarantine(collection, path, unreadable, keep_refused)
                # The last update of a document holds its latest counts.
                latest = {update["_id"]: update["fields"] for update in updates}
                store.set_fields(collection, latest)
                path.unlink()
                outcome.quarantined += len(unreadable)
                logger.info("[spool] replayed %d updates into %s from %s", len(updates), collection, path)
        return outcome

    def _quarantine(self, collection: str, path: Path, refused: list[Refusal], keep_refused: KeepRefused) -> None:
        """Keep ``refused`` lines of ``path`` in ``rejects`` first (a connection error leaves the spool file as it
        was), then in the quarantine file, where they stay for people to read."""
        if not refused:
            return
        keep_refused(refused)
        # quarantine/<collection>.jsonl for documents, quarantine/updates/<collection>.jsonl for updates.
        quarantine = self.quarantine_directory / path.relative_to(self.directory)
        quarantine.parent.mkdir(parents=True, exist_ok=True)
        with quarantine.open("a", encoding="utf-8") as quarantine_file:
            for refusal in refused:
                line = refusal.document.get(UNREADABLE_LINE)
                if line is None:
                    line = json_util.dumps(refusal.document, json_options=json_util.RELAXED_JSON_OPTIONS)
                quarantine_file.write(line + "\n")
        logger.error(
            "[spool] %d line(s) of %s could not be replayed (first: %s): moved to %s and kept in rejects",
            len(refused), path, refused[0].error, quarantine,
        )  # fmt: skip


#: Field of a :class:`Refusal` document holding a spooled line that could not be read as a document.
UNREADABLE_LINE = "spooled_line"


def _spool_files(directory: Path) -> Iterator[tuple[str, Path]]:
    if directory.is_dir():
        for path in sorted(directory.glob("*.jsonl")):
            yield path.stem, path


def _read_lines(
    path: Path, collection: str, *, required: tuple[str, ...]
) -> tuple[list[dict[str, Any]], list[Refusal]]:
    """The documents of a spool file, and its lines that are not one (each as a :class:`Refusal` holding the line).

    Lines are read as bytes: a line cut short by a crash or holding invalid UTF-8 is one unreadable line."""
    documents, unreadable = [], []
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            document = json_util.loads(raw.decode("utf-8"), json_options=json_util.RELAXED_JSON_OPTIONS)
            if not isinstance(document, dict) or any(name not in document for name in required):
                raise ValueError(f"not a spooled document: needs {', '.join(required)}")
        except Exception as error:
            line = raw.decode("utf-8", "backslashreplace")
            where = hashlib.sha1(f"{path}:{number}:{line}".encode()).hexdigest()
            document = {"_id": f"spool:{where}", UNREADABLE_LINE: line}
            unreadable.append(Refusal(collection, document, error_text(error), rule="spool"))
            continue
        documents.append(document)
    return documents, unreadable


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
