"""Validation against the JSON Schemas: the last check before storage, so nothing changes an item after it."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from jsonschema import ValidationError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector

from inbound_spiders.config import InboundConfig
from inbound_spiders.contracts import validator_for

logger = logging.getLogger(__name__)

#: Violation messages quote the offending value, which can be a whole page of text.
MAX_MESSAGE_LENGTH = 300


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
        fields = ItemAdapter(item).asdict()
        kind = fields.get("kind") or type(item).__name__
        try:
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
