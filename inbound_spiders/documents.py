"""Pure mapping from items to MongoDB documents (storage never alters the item itself)."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime
from functools import cache
from typing import Any

from itemadapter import ItemAdapter

from inbound_spiders.sanitize import storable
from inbound_spiders.store import Refusal, utc

#: How many page URLs a document keeps as a sample of where a repeated finding was seen.
PAGE_SAMPLE_SIZE = 20
_SCALARS = frozenset({str, int, float, bool, type(None)})
_MISSING = object()


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


def item_fields(item: Any) -> dict[str, Any]:
    """The item's fields as plain data: exactly what ``ItemAdapter(item).asdict()`` gives (nested items become dicts,
    containers keep their type), about five times faster for dataclass items, the only kind the extractors make.

    Validation and storage both read every item this way, two dozen items per page.
    """
    if not dataclasses.is_dataclass(item) or isinstance(item, type):
        return ItemAdapter(item).asdict()
    fields = {}
    for name in _field_names(type(item)):
        value = getattr(item, name, _MISSING)
        if value is not _MISSING:
            fields[name] = value if type(value) in _SCALARS else _plain(value)
    return fields


def _plain(value: Any) -> Any:
    """``value`` as ``ItemAdapter._asdict`` converts a field value, in the same order of checks."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, dict):
        return {key: _plain(nested) for key, nested in value.items()}
    if isinstance(value, list | set | tuple):
        return value.__class__(_plain(nested) for nested in value)
    if isinstance(value, ItemAdapter):
        return value.asdict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return item_fields(value)
    if ItemAdapter.is_item(value):
        return ItemAdapter(value).asdict()
    return value


def parse_timestamp(value: str) -> datetime:
    """An ISO 8601 timestamp (``Z`` or offset) as an aware UTC datetime."""
    return utc(datetime.fromisoformat(value.replace("Z", "+00:00")))


def item_document(fields: dict[str, Any], *, pages: list[str], page_count: int) -> dict[str, Any]:
    """The document stored for an item's fields (as :func:`item_fields` gives them).

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
    """The ``rejects`` document keeping an invalid item whole, with the reasons it failed validation.

    What BSON cannot hold is made storable first (:func:`~inbound_spiders.sanitize.storable`): a reject is never lost.
    """
    fields = storable(fields)
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


def refusal_document(refusal: Refusal, *, rejected_at: datetime) -> dict[str, Any]:
    """The ``rejects`` document keeping a document MongoDB refused (or a spooled line that is not a document), with
    the error, as ``{field: "(document)", rule: "storage" | "spool", message: "<collection>: <error>"}``."""
    fields = {"key": refusal.document.get("_id"), **{n: v for n, v in refusal.document.items() if n != "_id"}}
    error = {"field": "(document)", "rule": refusal.rule, "message": f"{refusal.collection}: {refusal.error}"}
    return reject_document(fields, [error], rejected_at=rejected_at)
