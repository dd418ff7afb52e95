"""The JSON Schemas are the contract of the items: they must agree with the dataclasses and really check formats."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import json
import os
import re
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from itemadapter import ItemAdapter

from inbound_spiders.contracts import load_schema, schema_properties, validator_for
from inbound_spiders.identity import stamp
from inbound_spiders.items import ITEM_CLASSES, CallToAction, InboundItem, TeamMember, TeamPage, Video

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("item_class", ITEM_CLASSES, ids=lambda cls: cls.kind)
def test_schema_and_item_fields_agree(item_class: type[InboundItem]) -> None:
    fields = {field.name for field in dataclasses.fields(item_class)}
    assert fields == schema_properties(item_class.kind)
    assert load_schema(item_class.kind)["properties"]["kind"] == {"const": item_class.kind}


def field_docstrings(cls: type) -> dict[str, str]:
    """The docstring under each field declared in ``cls``'s own body (not its bases')."""
    body = ast.parse(inspect.getsource(cls)).body[0].body  # type: ignore[attr-defined]
    return {
        statement.target.id: following.value.value  # type: ignore[union-attr]
        for statement, following in itertools.pairwise(body)
        if isinstance(statement, ast.AnnAssign)
        and isinstance(following, ast.Expr)
        and isinstance(following.value, ast.Constant)
        and isinstance(following.value.value, str)
    }


@pytest.mark.parametrize("item_class", ITEM_CLASSES, ids=lambda cls: cls.kind)
def test_every_field_is_documented(item_class: type[InboundItem]) -> None:
    documented: set[str] = set()
    for cls in item_class.__mro__:
        if dataclasses.is_dataclass(cls):
            documented |= set(field_docstrings(cls))
    missing = {field.name for field in dataclasses.fields(item_class)} - documented
    assert not missing, f"{item_class.__name__} fields without a docstring: {missing}"


def schema_description(docstring: str) -> str:
    """A field's docstring as its schema ``description``: one line, Markdown code spans, JSON's ``null``."""
    one_line = re.sub(r"\s+", " ", docstring.replace("``", "`")).strip()
    return re.sub(r"\bNone\b", "null", one_line)


def held_dataclass(hint: Any) -> type | None:
    """The dataclass a field holds: the hint itself, or inside ``X | None`` or ``list[X]``; ``None`` for values."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return hint
    for argument in typing.get_args(hint):
        found = held_dataclass(argument)
        if found is not None:
            return found
    return None


def assert_schema_describes(cls: type, node: dict[str, Any], path: str) -> None:
    """``node`` (an object schema, or an array schema of objects) has exactly ``cls``'s fields as properties, each
    with its docstring as description, the fields without default as ``required``; nested dataclasses likewise."""
    if "properties" not in node and isinstance(node.get("items"), dict):
        node = node["items"]
    properties = node.get("properties", {})
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    assert set(properties) == {field.name for field in fields}, f"{path}: schema and {cls.__name__} disagree"
    without_default = {
        field.name
        for field in fields
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    }
    assert set(node.get("required", [])) == without_default, f"{path}: required"
    docstrings = field_docstrings(cls)
    hints = typing.get_type_hints(cls)
    for field in fields:
        where = f"{path}.{field.name}"
        assert field.name in docstrings, f"{where}: {cls.__name__}.{field.name} has no docstring"
        description = properties[field.name].get("description")
        assert description, f"{where}: no description"
        assert description == schema_description(docstrings[field.name]), f"{where}: description is not the docstring"
        nested = held_dataclass(hints[field.name])
        if nested is not None:
            assert_schema_describes(nested, properties[field.name], where)


@pytest.mark.parametrize("item_class", ITEM_CLASSES, ids=lambda cls: cls.kind)
def test_assessment_properties_are_the_dataclass_fields_and_documented(item_class: type[InboundItem]) -> None:
    assessment = held_dataclass(typing.get_type_hints(item_class)["assessment"])
    assert assessment is not None, f"{item_class.__name__}.assessment holds no dataclass"
    node = load_schema(item_class.kind)["properties"]["assessment"]
    assert node.get("description"), f"{item_class.kind}.assessment: no description"
    assert "null" in node["type"] and node.get("additionalProperties") is False
    assert_schema_describes(assessment, node, f"{item_class.kind}.assessment")


def _stamped_video(**changes: object) -> dict:
    video = Video(page_url="https://example.org/videos/", platform="youtube", url="https://www.youtube.com/watch?v=a")
    fields = ItemAdapter(stamp(video, site="example.org", run_id="r1", crawled_at="2017-02-20T10:00:00Z")).asdict()
    return {**fields, **changes}


def test_a_stamped_item_is_valid() -> None:
    assert list(validator_for("video").iter_errors(_stamped_video())) == []
    team = TeamPage(page_url="https://example.org/equipe/", presentation="grid", members=[TeamMember(name="A B")])
    fields = ItemAdapter(stamp(team, site="example.org", run_id="r1", crawled_at="2017-02-20T10:00:00Z")).asdict()
    assert list(validator_for("team_page").iter_errors(fields)) == []


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"crawled_at": "yesterday"}, "format"),
        ({"url": "not a uri"}, "format"),
        ({"page_url": "ftp://example.org/"}, "pattern"),
        ({"duration_seconds": -1}, "minimum"),
        ({"platform": "My Space"}, "pattern"),
        ({"presentation": "mentioned"}, "enum"),
        ({"unexpected": 1}, "unevaluatedProperties"),
        ({"site": None}, "type"),
    ],
)
def test_violations_are_caught_with_their_rule(changes: dict, rule: str) -> None:
    errors = list(validator_for("video").iter_errors(_stamped_video(**changes)))
    assert rule in {error.validator for error in errors}


def test_unstamped_item_is_invalid() -> None:
    fields = ItemAdapter(CallToAction(page_url="https://e.org/", action="donate", label="Don", element="link")).asdict()
    errors = {error.message for error in validator_for("call_to_action").iter_errors(fields)}
    assert any("None is not of type 'string'" in message for message in errors)


@dataclasses.dataclass(kw_only=True)
class _Inner:
    score: float | None
    """A share (0–1); ``None`` when unknown."""


@dataclasses.dataclass(kw_only=True)
class _Outer:
    inner: list[_Inner] = dataclasses.field(default_factory=list)
    """Nested values."""


def test_the_check_recurses_into_nested_dataclasses() -> None:
    inner = {"description": "A share (0–1); `null` when unknown.", "type": ["number", "null"]}
    good = {
        "type": "object",
        "properties": {"inner": {"description": "Nested values.", "type": "array", "items": {
            "type": "object", "required": ["score"], "properties": {"score": inner}}}},
    }  # fmt: skip
    assert_schema_describes(_Outer, good, "outer")
    items = good["properties"]["inner"]["items"]
    for broken, message in [
        ({**items, "properties": {"score": {"type": "number"}}}, "outer.inner.score: no description"),
        ({**items, "properties": {"score": inner, "extra": inner}}, "outer.inner: schema and _Inner disagree"),
        ({**items, "required": []}, "outer.inner: required"),
    ]:
        schema = {**good, "properties": {"inner": {**good["properties"]["inner"], "items": broken}}}
        with pytest.raises(AssertionError, match=re.escape(message)):
            assert_schema_describes(_Outer, schema, "outer")


def _formats(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
        return found.union(*(_formats(value) for value in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_formats(value) for value in schema))
    return set()


def test_every_format_the_schemas_use_is_checked_and_none_needs_the_iri_grammar() -> None:
    # inbound_spiders keeps jsonschema from importing rfc3987_syntax (a second at every start): it only serves the
    # "iri" formats. Every format a schema uses must still be checked, in a process where that is in force.
    schemas = sorted(PROJECT.joinpath("schemas").glob("*.schema.json"))
    used = set().union(*(_formats(json.loads(path.read_text(encoding="utf-8"))) for path in schemas))
    assert used and not used & {"iri", "iri-reference"}
    checked = subprocess.run(
        [sys.executable, "-c", "import inbound_spiders, jsonschema; print(*jsonschema.FormatChecker().checkers)"],
        capture_output=True, text=True, check=True, cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))},
    ).stdout.split()  # fmt: skip
    assert used <= set(checked), used - set(checked)
    assert "iri" not in checked
