"""Data-driven extractor tests: every ``tests/fixtures/extractors/<kind>/<case>.html`` with its ``<case>.json``.

A case file holds ``page_url``, a ``description``, ``expect`` (each entry must match at least one extracted item),
``forbid`` (no entry may match any item) and optionally ``count`` (exact number of items) and ``xfail`` (reason).
An entry matches an item when every key matches the item's field: plain values compare equal; ``{"$len": n}``,
``{"$gte": n}``, ``{"$lte": n}``, ``{"$contains": x}`` (substring or list member) and ``{"$startswith": s}`` test
more loosely; a dict without ``$`` keys matches a nested object; ``{"$any": {...}}`` matches when any element of a
list matches the nested entry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from itemadapter import ItemAdapter
from parsel import Selector

from inbound_spiders.extractors import EXTRACTORS
from inbound_spiders.knowledge.words import LANGUAGES
from inbound_spiders.page.model import Page

FIXTURES = Path(__file__).parent / "fixtures" / "extractors"
MIN_POSITIVE_CASES = 15
MIN_NEGATIVE_CASES = 5
#: Cases per kind in each language of the audit (issue 14), a case's language being its name's last part
#: (``party_aderisci_2x1000_it``); at least one of them a negative.
MIN_CASES_PER_LANGUAGE = 8


def _cases() -> list[tuple[str, Path]]:
    return sorted((path.parent.name, path) for path in FIXTURES.glob("*/*.json"))


def matches(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` satisfies the ``expected`` entry (see module docstring)."""
    if isinstance(expected, dict) and expected and all(key.startswith("$") for key in expected):
        for operator, operand in expected.items():
            if operator == "$len" and not (isinstance(actual, (list, str)) and len(actual) == operand):
                return False
            if operator == "$gte" and not (actual is not None and actual >= operand):
                return False
            if operator == "$lte" and not (actual is not None and actual <= operand):
                return False
            if operator == "$contains" and not (actual is not None and operand in actual):
                return False
            if operator == "$startswith" and not (isinstance(actual, str) and actual.startswith(operand)):
                return False
            if operator == "$any" and not (
                isinstance(actual, list) and any(matches(operand, element) for element in actual)
            ):
                return False
        return True
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and matches(value, actual[key]) for key, value in expected.items()
        )
    return expected == actual


def run_case(kind: str, case_file: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    case = json.loads(case_file.read_text(encoding="utf-8"))
    html = case_file.with_suffix(".html").read_bytes()
    page = Page(Selector(text=html.decode("utf-8", errors="replace")), case["page_url"])
    items = EXTRACTORS[kind](page)
    return case, [ItemAdapter(item).asdict() for item in items]


@pytest.mark.parametrize(("kind", "case_file"), _cases(), ids=lambda value: getattr(value, "stem", value))
def test_extractor_case(kind: str, case_file: Path) -> None:
    case, found = run_case(kind, case_file)
    if case.get("xfail"):
        pytest.xfail(case["xfail"])
    assert all(item["kind"] == kind for item in found)
    for expected in case.get("expect", []):
        assert any(matches(expected, item) for item in found), (
            f"{case_file.name}: nothing matches {expected}\nfound: {json.dumps(found, indent=1, ensure_ascii=False)}"
        )
    for forbidden in case.get("forbid", []):
        offenders = [item for item in found if matches(forbidden, item)]
        assert not offenders, f"{case_file.name}: {forbidden} must not be found, got {offenders}"
    if "count" in case:
        assert len(found) == case["count"], f"{case_file.name}: {len(found)} items, expected {case['count']}"


@pytest.mark.parametrize("kind", sorted(EXTRACTORS))
def test_each_kind_has_enough_cases(kind: str) -> None:
    cases = [json.loads(path.read_text(encoding="utf-8")) for path in (FIXTURES / kind).glob("*.json")]
    negative = [case for case in cases if not case.get("expect")]
    positive = [case for case in cases if case.get("expect")]
    assert len(positive) >= MIN_POSITIVE_CASES, f"{kind}: {len(positive)} positive cases"
    assert len(negative) >= MIN_NEGATIVE_CASES, f"{kind}: {len(negative)} negative cases"


def _is_negative(case: dict[str, Any]) -> bool:
    """Nothing expected, or described as a negative (a page kept for what must not be found, with a lesser item)."""
    return not case.get("expect") or str(case.get("description", "")).startswith("NEGATIVE")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(EXTRACTORS))
def test_each_language_has_enough_cases_of_each_kind(kind: str, language: str) -> None:
    cases = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in (FIXTURES / kind).glob("*.json")
        if path.stem.rsplit("_", 1)[-1] == language
    ]
    assert len(cases) >= MIN_CASES_PER_LANGUAGE, f"{kind} in {language}: {len(cases)} cases"
    assert any(_is_negative(case) for case in cases), f"{kind} in {language}: no negative case"


def test_matcher_can_fail() -> None:
    assert not matches({"action": "donate"}, {"action": "newsletter"})
    assert not matches({"members": {"$len": 2}}, {"members": [1]})
    assert not matches({"hashtags": {"$contains": "x"}}, {"hashtags": []})
    assert matches({"members": {"$any": {"has_photo": False}}}, {"members": [{"has_photo": False, "name": "A"}]})
