"""The validation pipeline: valid items pass, invalid ones are dropped with a message that says what and where."""

from __future__ import annotations

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from inbound_spiders.identity import stamp
from inbound_spiders.items import CallToAction, FormField
from inbound_spiders.pipelines.validation import InvalidItem, SchemaValidationPipeline


def _pipeline(**settings: object) -> SchemaValidationPipeline:
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    return SchemaValidationPipeline.from_crawler(crawler)


def _newsletter(**changes: object) -> CallToAction:
    item = CallToAction(
        page_url="https://www.benoithamon2017.fr/",
        action="newsletter",
        label="Je m'inscris",
        element="form",
        target_url="https://www.benoithamon2017.fr/newsletter/",
        form_fields=[FormField(name="email", type="email", label="E-mail", required=True)],
        placement="footer",
    )
    for name, value in changes.items():
        setattr(item, name, value)
    return stamp(item, site="benoithamon2017.fr", run_id="run-1", crawled_at="2017-02-20T10:00:00Z")


def test_valid_item_passes_and_is_counted() -> None:
    pipeline = _pipeline()
    item = _newsletter()
    assert pipeline.process_item(item) is item
    assert pipeline.stats.get_value("inbound/validation/call_to_action/valid") == 1


def test_invalid_item_is_dropped_with_kind_url_field_and_rule() -> None:
    pipeline = _pipeline()
    with pytest.raises(InvalidItem) as raised:
        pipeline.process_item(_newsletter(placement="sidebar-left", target_url="not a url"))
    message = str(raised.value)
    assert message.startswith("invalid call_to_action item from https://www.benoithamon2017.fr/")
    assert "placement" in message and "[enum]" in message
    assert "target_url" in message and "[format]" in message
    assert {(error["field"], error["rule"]) for error in raised.value.errors} == {
        ("placement", "enum"),
        ("target_url", "format"),
    }
    assert raised.value.fields["label"] == "Je m'inscris"
    assert pipeline.stats.get_value("inbound/validation/call_to_action/invalid") == 1
    assert pipeline.stats.get_value("inbound/validation/call_to_action/field/placement/enum") == 1


def test_nested_field_errors_name_their_path() -> None:
    pipeline = _pipeline()
    with pytest.raises(InvalidItem) as raised:
        pipeline.process_item(_newsletter(form_fields=[FormField(name="email", type=None)]))  # type: ignore[arg-type]
    assert ("form_fields.0.type", "type") in {(error["field"], error["rule"]) for error in raised.value.errors}


def test_huge_values_do_not_make_huge_messages() -> None:
    pipeline = _pipeline()
    with pytest.raises(InvalidItem) as raised:
        pipeline.process_item(_newsletter(action="x" * 100_000))
    assert len(str(raised.value)) < 2_000


def test_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        _pipeline(INBOUND_VALIDATION_ENABLED=False)
