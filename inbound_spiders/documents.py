"""Pure mapping from items to MongoDB documents (storage never alters the item itself)."""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import Any, Generic, TypeVar

from itemadapter import ItemAdapter

from inbound_spiders.items import ITEM_CLASS_BY_KIND, InboundItem
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


def iso_timestamp(value: datetime) -> str:
    """An aware datetime as the ISO 8601 UTC text items carry (``2017-02-20T10:00:00Z``): :func:`parse_timestamp`
    reversed."""
    return utc(value).isoformat().replace("+00:00", "Z")


ItemT = TypeVar("ItemT", bound=InboundItem)


@dataclasses.dataclass(frozen=True, kw_only=True)
class StoredFinding(Generic[ItemT]):
    """A finding as a run stored it: the item, typed, and what storage adds (:func:`item_document`), read back from its
    document by :func:`finding_from_document`."""

    item: ItemT
    """The finding: its ``key`` is the document's ``_id``, its ``crawled_at`` ISO 8601 text again."""
    first_seen: datetime
    """When any run first saw it (kept across runs by storage)."""
    last_seen: datetime
    """When the run that stored it saw it."""
    first_run_id: str | None
    """The run that first saw it."""
    page_count: int
    """On how many pages of the run it was seen."""
    pages: list[str]
    """A sample of those pages (at most :data:`PAGE_SAMPLE_SIZE`), in the order they were seen."""
    merged: int = dataclasses.field(default=1, metadata={"stored": False})
    """How many stored documents it stands for: 1, or more for share intents the site audit merges into one
    (:func:`~inbound_spiders.audit.checks.merge_share_intents`); not stored."""


#: The fields of a finding's document that storage adds to the item's (``_id`` aside): :class:`StoredFinding`'s.
STORED_FIELDS: tuple[str, ...] = tuple(
    field.name
    for field in dataclasses.fields(StoredFinding)
    if field.name != "item" and field.metadata.get("stored", True)
)


class DocumentShapeError(ValueError):
    """A stored document whose fields are not those of its item dataclass (a field renamed, removed or added on one
    side only): reading it on would turn checks silently to ``fail``, so it is refused, naming the fields."""


def finding_from_document(kind: str, document: Mapping[str, Any]) -> StoredFinding[InboundItem]:
    """The typed finding a document of ``kind`` holds: :func:`item_document` reversed.

    Every field of the item dataclass (and of its nested dataclasses: assessments, members, form fields), whatever
    they are, must be in the document and nothing else but ``_id`` (the item's ``key``) and :data:`STORED_FIELDS`;
    otherwise :class:`DocumentShapeError` names the fields.
    """
    cls = ITEM_CLASS_BY_KIND.get(kind)
    if cls is None:
        raise DocumentShapeError(f"no item kind {kind!r} (kinds: {', '.join(ITEM_CLASS_BY_KIND)})")
    where = f"{kind} document {document.get('_id')!r}"
    if document.get("kind") != kind:
        raise DocumentShapeError(f"{where}: kind is {document.get('kind')!r}, not {kind!r}")
    item_values = {name: value for name, value in document.items() if name not in STORED_FIELDS and name != "_id"}
    item_values["key"] = document.get("_id")
    if isinstance(item_values.get("crawled_at"), datetime):
        item_values["crawled_at"] = iso_timestamp(item_values["crawled_at"])
    missing = [name for name in STORED_FIELDS if name not in document]
    if missing:
        raise DocumentShapeError(f"{where}: lacks the stored field(s) {', '.join(missing)}")
    item = _dataclass_from(cls, item_values, where)
    return StoredFinding(item=item, **{name: document[name] for name in STORED_FIELDS})


def _dataclass_from(cls: type, values: Mapping[str, Any], where: str) -> Any:
    """An instance of the dataclass ``cls`` from the plain ``values`` :func:`item_fields` gave for one."""
    converters = _converters(cls)
    unknown = [name for name in values if name not in converters]
    missing = [name for name in converters if name not in values]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(f"has field(s) {', '.join(unknown)} that {cls.__name__} does not have")
        if missing:
            problems.append(f"lacks {cls.__name__}'s field(s) {', '.join(missing)}")
        raise DocumentShapeError(f"{where}: {' and '.join(problems)} (renamed or removed?)")
    init = {name for name, field in _init_fields(cls).items() if field}
    instance = cls(
        **{name: converters[name](value, f"{where}.{name}") for name, value in values.items() if name in init}
    )
    for name in values.keys() - init:  # ``kind``: set by the class, must agree
        if getattr(instance, name) != values[name]:
            raise DocumentShapeError(f"{where}: {name} is {values[name]!r}, not {getattr(instance, name)!r}")
    return instance


Converter = Callable[[Any, str], Any]


@cache
def _init_fields(cls: type) -> dict[str, bool]:
    return {field.name: field.init for field in dataclasses.fields(cls)}


@cache
def _converters(cls: type) -> dict[str, Converter]:
    """Per field of the dataclass ``cls``: how its plain value becomes the typed one, from its type hint."""
    hints = typing.get_type_hints(cls)
    return {field.name: _converter(hints[field.name]) for field in dataclasses.fields(cls)}


def _plain_value(value: Any, where: str) -> Any:
    return value


def _converter(hint: Any) -> Converter:
    """How a plain value of type ``hint`` becomes typed: a dataclass (``X``, ``X | None``, ``list[X]``) is rebuilt,
    anything else kept as it is."""
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        cls = hint
        return lambda value, where: _dataclass_from(cls, _mapping(value, where), where)
    if origin in (types.UnionType, typing.Union):
        options = [_converter(argument) for argument in arguments if argument is not type(None)]
        if len(options) == 1 and options[0] is not _plain_value:
            convert = options[0]
            return lambda value, where: None if value is None else convert(value, where)
        return _plain_value
    if origin is list and arguments:
        convert = _converter(arguments[0])
        if convert is _plain_value:
            return _plain_value
        return lambda value, where: [convert(nested, f"{where}[{index}]") for index, nested in enumerate(value)]
    return _plain_value


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise DocumentShapeError(f"{where}: expected an object, found {value!r}")
    return value


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
