"""Storage behaviour we rely on, proved against a real MongoDB wire-protocol server (nx-27017 or a real MongoDB)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pymongo
from bson import json_util
from pymongo.database import Database

from inbound_spiders.config import InboundConfig
from inbound_spiders.store import INDEXES, MongoStore, Refusal, Spool, redact_uri


def _nothing_refused(refusals: list[Refusal]) -> None:
    raise AssertionError(f"nothing should be refused: {refusals}")


def _store(mongo_uri: str, db: Database) -> MongoStore:
    return MongoStore(InboundConfig(mongo_uri=mongo_uri, mongo_database=db.name)).open()


def test_upsert_replaces_keeps_first_seen_and_dates(mongo_uri: str, mongo_db: Database) -> None:
    store = _store(mongo_uri, mongo_db)
    first = datetime(2017, 2, 20, 10, 0, tzinfo=UTC)
    later = first + timedelta(days=7)
    document = {"_id": "video:1", "title": "A", "first_seen": first, "last_seen": first, "first_run_id": "r1"}
    assert store.upsert("videos", [document]) == 1
    update = {**document, "title": "B", "first_seen": later, "last_seen": later, "first_run_id": "r2"}
    assert store.upsert("videos", [update]) == 0
    stored = list(mongo_db.videos.find())
    assert len(stored) == 1
    assert stored[0]["title"] == "B"
    assert stored[0]["first_seen"] == first and stored[0]["first_run_id"] == "r1"
    # Dates stay dates after an update (a $set of a date on nx-27017 would store a string).
    assert isinstance(stored[0]["last_seen"], datetime) and stored[0]["last_seen"] == later
    assert mongo_db.videos.count_documents({"last_seen": {"$gt": first}}) == 1
    store.close()


def test_retried_batch_creates_no_duplicates(mongo_uri: str, mongo_db: Database) -> None:
    store = _store(mongo_uri, mongo_db)
    now = datetime.now(UTC)
    batch = [{"_id": f"call_to_action:{n}", "n": n, "first_seen": now, "last_seen": now} for n in range(50)]
    store.upsert("calls_to_action", batch)
    store.upsert("calls_to_action", batch)
    assert mongo_db.calls_to_action.count_documents({}) == 50
    store.close()


def test_indexes_are_created(mongo_uri: str, mongo_db: Database) -> None:
    store = _store(mongo_uri, mongo_db)
    store.ensure_indexes()
    # Field order only: nx-27017 reports every direction as ascending.
    keys = {tuple(index["key"]) for index in mongo_db.videos.list_indexes()}
    for wanted in INDEXES["videos"]:
        assert tuple(name for name, _direction in wanted) in keys
    store.close()


def test_spool_replays_in_order_and_deletes(mongo_uri: str, mongo_db: Database, tmp_path) -> None:
    spool = Spool(tmp_path / "spool")
    when = datetime(2017, 2, 20, tzinfo=UTC)
    spool.add("videos", [{"_id": "v", "title": "old", "first_seen": when, "last_seen": when}])
    spool.add("videos", [{"_id": "v", "title": "new", "first_seen": when, "last_seen": when}])
    store = _store(mongo_uri, mongo_db)
    assert spool.replay(store, batch_size=10, keep_refused=_nothing_refused).replayed == 2
    stored = list(mongo_db.videos.find())
    assert [(doc["title"], doc["last_seen"]) for doc in stored] == [("new", when)]
    assert list(spool.pending()) == []
    store.close()


def test_unreachable_server_is_a_connection_error() -> None:
    from inbound_spiders.embedded import free_port
    from inbound_spiders.store import is_connection_error

    store = MongoStore(InboundConfig(mongo_uri=f"mongodb://127.0.0.1:{free_port()}/", mongo_timeout_ms=300)).open()
    try:
        store.upsert("videos", [{"_id": "x"}])
    except pymongo.errors.PyMongoError as error:
        assert is_connection_error(error)
    else:
        raise AssertionError("a write to a closed port must fail")
    finally:
        store.close()


def test_redact_uri_hides_credentials() -> None:
    assert redact_uri("mongodb://alice:s3cret@db.example:27017/x") == "mongodb://***@db.example:27017/x"
    assert redact_uri("mongodb+srv://u:p@cluster0.mongodb.net/") == "mongodb+srv://***@cluster0.mongodb.net/"
    assert redact_uri("mongodb://127.0.0.1:27017/") == "mongodb://127.0.0.1:27017/"


def test_set_fields_updates_existing_documents_only(mongo_uri: str, mongo_db: Database) -> None:
    store = _store(mongo_uri, mongo_db)
    now = datetime.now(UTC)
    store.upsert("calls_to_action", [{"_id": "c", "page_count": 1, "pages": ["/a"], "last_seen": now}])
    matched = store.set_fields("calls_to_action", {"c": {"page_count": 3, "pages": ["/a", "/b", "/c"]}, "gone": {}})
    assert matched == 1
    stored = list(mongo_db.calls_to_action.find())
    assert [(doc["_id"], doc["page_count"], doc["pages"]) for doc in stored] == [("c", 3, ["/a", "/b", "/c"])]
    # A $set of plain values keeps the document's other fields, dates included.
    assert isinstance(stored[0]["last_seen"], datetime)
    store.close()


def test_spooled_updates_replay_after_spooled_documents(mongo_uri: str, mongo_db: Database, tmp_path) -> None:
    spool = Spool(tmp_path / "spool")
    when = datetime(2017, 2, 20, tzinfo=UTC)
    spool.add_updates("calls_to_action", {"c": {"page_count": 2, "pages": ["/a", "/b"]}})
    spool.add_updates("calls_to_action", {"c": {"page_count": 3, "pages": ["/a", "/b", "/c"]}})
    spool.add("calls_to_action", [{"_id": "c", "page_count": 1, "pages": ["/a"], "first_seen": when}])
    assert spool.has_pending()
    store = _store(mongo_uri, mongo_db)
    assert spool.replay(store, batch_size=10, keep_refused=_nothing_refused).replayed == 1
    assert [(doc["page_count"], doc["pages"]) for doc in mongo_db.calls_to_action.find()] == [(3, ["/a", "/b", "/c"])]
    assert not spool.has_pending()
    store.close()


def test_summary_of_a_site_never_stored_names_the_stored_sites(mongo_db: Database) -> None:
    from inbound_spiders.summary import summarize

    mongo_db.runs.insert_one({"_id": "audit-1", "site": "benoithamon2017.fr"})
    mongo_db.calls_to_action.insert_one({"_id": "call_to_action:1", "site": "benoithamon2017.fr", "action": "donate"})
    text = summarize(mongo_db, "benoithamon2071.fr")
    assert text == "Nothing stored for site 'benoithamon2071.fr'. Sites stored: benoithamon2017.fr."
    assert summarize(mongo_db, "benoithamon2017.fr").startswith("Findings stored for benoithamon2017.fr:")


def test_a_poison_document_is_refused_alone_and_lone_surrogates_are_repaired(
    mongo_uri: str, mongo_db: Database
) -> None:
    """BSON holds neither a lone surrogate nor an integer beyond 64 bits: one such document must not take its batch
    with it. The surrogate is removed and the document written; the integer is refused, with the driver's error."""
    store = _store(mongo_uri, mongo_db)
    now = datetime.now(UTC)
    batch = [{"_id": f"contribution_platform:{n}", "participants": n, "last_seen": now} for n in range(20)]
    batch[5]["participants"] = 10**30
    batch[12]["title"] = "Forum \ud800 of the campaign"
    written = store.upsert_each("contribution_platforms", batch)
    assert (written.written, written.inserted, written.repaired) == (19, 19, 1)
    assert [(refusal.document["_id"], refusal.error.split(":")[0]) for refusal in written.refused] == [
        ("contribution_platform:5", "OverflowError")
    ]
    stored = {doc["_id"]: doc for doc in mongo_db.contribution_platforms.find()}
    assert set(stored) == {document["_id"] for document in batch} - {"contribution_platform:5"}
    assert stored["contribution_platform:12"]["title"] == "Forum  of the campaign"
    store.close()


def test_unreplayable_spool_lines_are_quarantined_and_the_others_written(
    mongo_uri: str, mongo_db: Database, tmp_path
) -> None:
    spool = Spool(tmp_path / "spool")
    when = datetime(2017, 2, 20, tzinfo=UTC)
    spool.add("videos", [{"_id": "v1", "title": "kept", "first_seen": when}])
    bad_lines = [
        '{"_id": "v2", "title": "cut sho',
        "[1, 2]",
        '{"title": "no _id"}',
        '{"_id": "v3", "n": 1' + "0" * 30 + "}",
    ]
    with (spool.directory / "videos.jsonl").open("a") as spool_file:
        spool_file.write("\n".join(bad_lines) + "\n")
    spool.add("videos", [{"_id": "v4", "title": "kept too", "first_seen": when}])
    spool.add_updates("videos", {"v1": {"page_count": 2}})
    with (spool.updates_directory / "videos.jsonl").open("a") as updates_file:
        updates_file.write('{"_id": "v4"}\n')
    store = _store(mongo_uri, mongo_db)
    refused: list[Refusal] = []
    outcome = spool.replay(store, batch_size=10, keep_refused=refused.extend)
    assert (outcome.replayed, outcome.quarantined) == (2, 5)
    assert {doc["_id"]: doc.get("page_count") for doc in mongo_db.videos.find()} == {"v1": 2, "v4": None}
    assert [refusal.rule for refusal in refused] == ["spool", "spool", "spool", "storage", "spool"]
    assert refused[3].error.startswith("OverflowError")
    assert not spool.has_pending()
    quarantine = {name: path.read_text().splitlines() for name, path in spool.quarantined()}
    assert quarantine["videos"][:3] == bad_lines[:3]
    assert json_util.loads(quarantine["videos"][3])["n"] == 10**30
    assert (spool.quarantine_directory / "updates" / "videos.jsonl").read_text() == '{"_id": "v4"}\n'
    store.close()
