"""The JSON Schemas are the contract of the items: they must agree with the dataclasses and really check formats."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from itemadapter import ItemAdapter

from inbound_spiders.contracts import load_schema, schema_properties, validator_for
from inbound_spiders.identity import stamp
from inbound_spiders.items import ITEM_CLASSES, CallToAction, InboundItem, TeamMember, TeamPage, Video


@pytest.mark.parametrize("item_class", ITEM_CLASSES, ids=lambda cls: cls.kind)
def test_schema_and_item_fields_agree(item_class: type[InboundItem]) -> None:
    fields = {field.name for field in dataclasses.fields(item_class)}
    assert fields == schema_properties(item_class.kind)
    assert load_schema(item_class.kind)["properties"]["kind"] == {"const": item_class.kind}


@pytest.mark.parametrize("item_class", ITEM_CLASSES, ids=lambda cls: cls.kind)
def test_every_field_is_documented(item_class: type[InboundItem]) -> None:
    import ast
    import inspect

    documented: set[str] = set()
    for cls in item_class.__mro__:
        if not dataclasses.is_dataclass(cls):
            continue
        body = ast.parse(inspect.getsource(cls)).body[0].body  # type: ignore[attr-defined]
        for statement, following in itertools.pairwise(body):
            if isinstance(statement, ast.AnnAssign) and isinstance(following, ast.Expr):
                documented.add(statement.target.id)  # type: ignore[union-attr]
    missing = {field.name for field in dataclasses.fields(item_class)} - documented
    assert not missing, f"{item_class.__name__} fields without a docstring: {missing}"


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
        ({"platform": "myspace"}, "enum"),
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
