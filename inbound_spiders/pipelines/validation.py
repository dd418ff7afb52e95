"""Validation against the JSON Schemas: the last check before storage, so nothing changes an item after it."""

from __future__ import annotations

import json
import logging
from collections.abc import Hashable
from functools import cache
from typing import Any
from urllib.parse import urljoin

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from inbound_spiders.config import InboundConfig
from inbound_spiders.contracts import SHARED_SCHEMA, load_schema, validator_for
from inbound_spiders.documents import item_fields

logger = logging.getLogger(__name__)

#: Violation messages quote the offending value, which can be a whole page of text.
MAX_MESSAGE_LENGTH = 300
#: Root keywords of an item schema (and of the shared schema it ``$ref``s) under which validity is decided field by
#: field: the schemas the project writes. Any other keyword (``if``, ``allOf``, ``dependentRequired``...) relates fields
#: to each other, and such a schema is always checked whole.
_ROOT_KEYWORDS = frozenset(
    {"$schema", "$id", "$comment", "title", "description", "type", "$ref", "required", "properties"}
    | {"unevaluatedProperties", "additionalProperties"}
)
_REFERENCES = ('"$ref"', '"$dynamicRef"', '"$recursiveRef"')
#: Field values remembered per kind (valid or not) before the memory is cleared: page URLs and keys keep coming.
FIELD_CACHE_SIZE = 10_000


def _frozen(value: Any) -> Hashable:
    """A hashable stand-in for a field value that tells apart what validation tells apart (``1``, ``1.0``, ``True``;
    a list and a tuple)."""
    kind = type(value)
    if kind is dict:
        return (dict, tuple((key, _frozen(nested)) for key, nested in value.items()))
    if kind is list or kind is tuple:
        return (kind, tuple(_frozen(nested) for nested in value))
    if kind in (str, int, float, bool) or value is None:
        return (kind, value)
    raise TypeError(f"no frozen form for {kind.__name__}")


class FieldwiseCheck:
    """Whether an item's fields are valid, decided one field at a time and remembered per field value.

    Item schemas are ``{"type": "object", "$ref": "common.schema.json", "required": [...], "properties": {...},
    "unevaluatedProperties": false}`` over a shared schema of the same shape, with no reference inside a property's
    schema. Such an object is valid exactly when the required fields are there, every field is declared by one of
    the two schemas, and each field's value is valid against the schemas that declare it. Those values repeat a lot
    (the same header button on every page, the same page URL for two dozen findings), so each verdict is kept.

    Only a *valid* verdict is trusted: an item that fails here is checked whole by the schema's validator, which
    says why. :meth:`for_kind` gives ``None`` for a schema of another shape, which is then always checked whole.
    """

    def __init__(self, validator: Validator, shared: dict[str, Any]) -> None:
        schema: dict[str, Any] = validator.schema  # type: ignore[assignment]
        self.required = frozenset(schema.get("required", ())) | frozenset(shared.get("required", ()))
        self.closed = schema.get("unevaluatedProperties") is False
        declared: dict[str, list[Any]] = {}
        for properties in (shared.get("properties", {}), schema.get("properties", {})):
            for name, subschema in properties.items():
                declared.setdefault(name, []).append(subschema)
        self.fields: dict[str, Validator] = {
            name: validator.evolve(schema=subschemas[0] if len(subschemas) == 1 else {"allOf": subschemas})
            for name, subschemas in declared.items()
        }
        self.verdicts: dict[Hashable, bool] = {}

    @classmethod
    def for_kind(cls, kind: str) -> FieldwiseCheck | None:
        """The check for ``kind``'s schema, ``None`` when that schema is not of the shape described above."""
        validator = validator_for(kind)
        schema: dict[str, Any] = validator.schema  # type: ignore[assignment]
        shared = load_schema(SHARED_SCHEMA)
        if schema.get("type", "object") != "object" or shared.get("type", "object") != "object":
            return None
        if not set(schema) <= _ROOT_KEYWORDS or not set(shared) <= _ROOT_KEYWORDS - {"$ref", "unevaluatedProperties"}:
            return None
        if urljoin(schema.get("$id", ""), schema.get("$ref", "")) != shared.get("$id"):
            return None
        # additionalProperties: false in either schema would not see the other's properties; check such items whole.
        if schema.get("unevaluatedProperties", True) not in (True, False) or any(
            root.get("additionalProperties", True) is not True for root in (schema, shared)
        ):
            return None
        text = json.dumps([schema.get("properties", {}), shared.get("properties", {})])
        if any(reference in text for reference in _REFERENCES):
            return None
        return cls(validator, shared)

    def is_valid(self, fields: dict[str, Any]) -> bool:
        """``True`` only when ``fields`` is valid against the whole schema."""
        if not self.required <= fields.keys():
            return False
        verdicts = self.verdicts
        for name, value in fields.items():
            validator = self.fields.get(name)
            if validator is None:
                if self.closed:
                    return False
                continue
            try:
                memo = (name, _frozen(value))
            except TypeError:  # a value of another type: no memory, validate it
                if not validator.is_valid(value):
                    return False
                continue
            verdict = verdicts.get(memo)
            if verdict is None:
                if len(verdicts) >= FIELD_CACHE_SIZE:
                    verdicts.clear()
                verdict = verdicts[memo] = validator.is_valid(value)
            if not verdict:
                return False
        return True


@cache
def fieldwise_check(kind: str) -> FieldwiseCheck | None:
    """The :class:`FieldwiseCheck` of ``kind`` (built once), or ``None`` for a schema that must be checked whole."""
    return FieldwiseCheck.for_kind(kind)


class InvalidItem(DropItem):
    """An item that breaks its schema. Carries the item's fields and every error, for the ``rejects`` collection."""

    def __init__(self, message: str, fields: dict[str, Any], errors: list[dict[str, str]]) -> None:
        super().__init__(message)
        self.fields = fields
        self.errors = errors


def describe_error(error: ValidationError) -> dict[str, str]:
    """One schema violation as ``{field, rule, message}``: the JSON path, the failing keyword, the explanation."""
    path = ".".join(str(part) for part in error.absolute_path) or "(item)"
    message = error.message if len(error.message) <= MAX_MESSAGE_LENGTH else error.message[:MAX_MESSAGE_LENGTH] + "…"
    return {"field": path, "rule": str(error.validator), "message": message}


class SchemaValidationPipeline:
    """Drop items that break their kind's JSON Schema with an :class:`InvalidItem` naming kind, URL, field and rule."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchemaValidationPipeline:
        if not InboundConfig.from_settings(crawler.settings).validation_enabled:
            raise NotConfigured("INBOUND_VALIDATION_ENABLED is off")
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        fields = item_fields(item)
        kind = fields.get("kind") or type(item).__name__
        try:
            check = fieldwise_check(kind)
            if check is not None and check.is_valid(fields):
                self.stats.inc_value(f"inbound/validation/{kind}/valid")
                return item
            validator = validator_for(kind)
        except FileNotFoundError:
            errors = [{"field": "kind", "rule": "schema", "message": f"no schema for kind {kind!r}"}]
        else:
            errors = [describe_error(error) for error in validator.iter_errors(fields)]
        if not errors:
            self.stats.inc_value(f"inbound/validation/{kind}/valid")
            return item
        self.stats.inc_value(f"inbound/validation/{kind}/invalid")
        for error in errors:
            self.stats.inc_value(f"inbound/validation/{kind}/field/{error['field']}/{error['rule']}")
        summary = "; ".join(f"{error['field']}: {error['message']} [{error['rule']}]" for error in errors[:5])
        raise InvalidItem(f"invalid {kind} item from {fields.get('page_url')}: {summary}", fields, errors)
