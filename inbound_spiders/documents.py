"""Pure mapping from items to MongoDB documents (storage never alters the item itself)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from inbound_spiders.store import utc

#: How many page URLs a document keeps as a sample of where a repeated finding was seen.
PAGE_SAMPLE_SIZE = 20


def parse_timestamp(value: str) -> datetime:
    """An ISO 8601 timestamp (``Z`` or offset) as an aware UTC datetime."""
    return utc(datetime.fromisoformat(value.replace("Z", "+00:00")))


def item_document(fields: dict[str, Any], *, pages: list[str], page_count: int) -> dict[str, Any]:
    """The document stored for an item's fields (as ``ItemAdapter(item).asdict()`` gives them).

    ``_id`` is the item's deterministic key; ``crawled_at`` becomes a date, and so do ``first_seen`` (kept from an
    existing document by storage) and ``last_seen``; ``pages``/``page_count`` say where in this run it was seen.
    """
    seen_at = parse_timestamp(fields["crawled_at"])
    return {
        "_id": fields["key"],
        **{name: value for name, value in fields.items() if name != "key"},
        "crawled_at": seen_at,
        "first_seen": seen_at,
        "last_seen": seen_at,
        "first_run_id": fields["run_id"],
        "page_count": page_count,
        "pages": pages[:PAGE_SAMPLE_SIZE],
    }


def reject_document(fields: dict[str, Any], errors: list[dict[str, str]], *, rejected_at: datetime) -> dict[str, Any]:
    """The ``rejects`` document keeping an invalid item whole, with the reasons it failed validation."""
    identity = f"{fields.get('run_id')}|{fields.get('kind')}|{fields.get('page_url')}|{fields.get('key')}"
    return {
        "_id": hashlib.sha1(identity.encode("utf-8")).hexdigest(),
        "run_id": fields.get("run_id"),
        "kind": fields.get("kind"),
        "site": fields.get("site"),
        "page_url": fields.get("page_url"),
        "item": fields,
        "errors": errors,
        "rejected_at": utc(rejected_at),
    }
