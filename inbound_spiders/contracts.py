"""The JSON Schemas of the items, loaded from the package (they ship in the Scrapyd egg) and compiled once."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

SCHEMA_PACKAGE = "inbound_spiders"
SCHEMA_FOLDER = "schemas"
SHARED_SCHEMA = "common"


def load_schema(name: str) -> dict[str, Any]:
    """The schema document ``schemas/<name>.schema.json`` (``name`` is an item kind or ``common``)."""
    resource = files(SCHEMA_PACKAGE).joinpath(SCHEMA_FOLDER, f"{name}.schema.json")
    return json.loads(resource.read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    shared = load_schema(SHARED_SCHEMA)
    resource = Resource.from_contents(shared)
    return Registry().with_resources([(shared["$id"], resource), (f"{SHARED_SCHEMA}.schema.json", resource)])


@cache
def validator_for(kind: str) -> Draft202012Validator:
    """A draft 2020-12 validator for ``kind`` with format checking enabled (``uri``, ``date-time``...)."""
    schema = load_schema(kind)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


def schema_properties(kind: str) -> set[str]:
    """Every property name the schema of ``kind`` accepts, shared ones included."""
    return set(load_schema(SHARED_SCHEMA)["properties"]) | set(load_schema(kind)["properties"])
