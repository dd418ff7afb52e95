"""The report's words and figures in one language: titles, labels and sentences from ``words.json``, numbers,
percentages, durations and dates written as people of that language write them.

``words.json`` holds, per language of :data:`~inbound_spiders.knowledge.words.LANGUAGES`, the report's sentences
(``text``), the check results (``results``), the labels of the checks' ``details`` by key (``details``), the number
and date conventions. The audit's own words are next to it: the advice in ``inbound_spiders/audit/advice.json``, the
titles of the checks and categories in ``inbound_spiders/audit/titles.json``, the words of the values the details
hold (``rendering``, ``long``, ``donate``, ``email``...) in ``inbound_spiders/audit/values.json``. Translating
the report into another language is adding its block (a test checks every language has every key of ``en``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

from inbound_spiders.audit.advice import DEFAULT_ADVICE_LANGUAGE, value_word
from inbound_spiders.audit.checks import FAIL, PASS, UNKNOWN, format_duration
from inbound_spiders.audit.titles import titles_table
from inbound_spiders.knowledge.words import LANGUAGES

PARTIAL = "partial"
#: A passed check scoring below this (0–1) is shown as ``partial``: it meets the check's minimum, yet leaves a third
#: or more of the score on the table (docs/report.md, "The report").
PARTIAL_BELOW = 0.7

#: ``details`` keys the report does not show: a copy of another detail for templates (``hashtags_text``, and
#: ``networks_text`` in audits stored before the advice joined ``networks`` itself), the raw figure behind a formatted
#: one (``longest_seconds``), a run id, an extractor's internal label.
HIDDEN_DETAILS = frozenset({"networks_text", "hashtags_text", "longest_seconds", "previous_run_id", "presentation"})
#: ``details`` holding a 0–100 percentage, a 0–1 share, a number of clicks, or URLs.
PERCENT_DETAILS = frozenset({"coverage_percent", "photo_percent", "bio_percent", "growth_percent"})
SHARE_DETAILS = frozenset({"best_page_share"})
CLICK_DETAILS = frozenset({"depth", "max_depth"})
CHARACTER_DETAILS = frozenset({"description_length"})


@cache
def words_table() -> dict[str, Any]:
    """``words.json``: ``{language: {"text": ..., "results": ..., "checks": ..., "details": ..., ...}}``."""
    table = json.loads(files(__package__).joinpath("words.json").read_text(encoding="utf-8"))
    table.pop("$comment", None)
    return table


def check_result(check: dict[str, Any]) -> str:
    """What the report shows for a stored check: ``fail``, ``unknown``, ``pass``, or ``partial`` for a pass scoring
    below :data:`PARTIAL_BELOW`."""
    result = str(check.get("result"))
    if result not in (PASS, FAIL):
        return UNKNOWN
    score = check.get("score")
    if result == PASS and isinstance(score, int | float) and score < PARTIAL_BELOW:
        return PARTIAL
    return result


def report_language(asked: str | None, site_languages: Iterable[str | None]) -> str:
    """The one language of a report: ``asked`` (``--lang``) when it is one of :data:`LANGUAGES`, else the language
    most of its sites are in (the first such site's on a tie), else English."""
    if asked in LANGUAGES:
        return str(asked)
    spoken = Counter(language for language in site_languages if language in LANGUAGES)
    return str(spoken.most_common(1)[0][0]) if spoken else DEFAULT_ADVICE_LANGUAGE


@dataclass(frozen=True)
class Part:
    """A piece of a detail's value: text, a link when ``href`` is set."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Words:
    """The report's words and figures in ``language``."""

    language: str

    @property
    def _table(self) -> dict[str, Any]:
        return words_table()[self.language]

    def text(self, key: str, **values: Any) -> str:
        return str(self._table["text"][key]).format(**values)

    def plural(self, key: str, count: int) -> str:
        """``{"one": ..., "other": ...}`` of ``key`` for ``count`` (French counts 0 as singular)."""
        forms = self._table["text"][key]
        return str(forms["one" if self.singular(count) else "other"]).format(n=self.number(count))

    def singular(self, count: int) -> bool:
        """Whether ``count`` takes the singular in this language (French counts 0 as singular)."""
        return count in (0, 1) if self._table["number"]["plural"] == "fr" else count == 1

    def number(self, value: float, decimals: int = 0) -> str:
        """``12345.6`` → ``12,346`` (en), ``12 346`` (fr), ``12.346`` (de); ``decimals`` kept after the comma."""
        convention = self._table["number"]
        whole, _, fraction = f"{abs(value):,.{decimals}f}".partition(".")
        shown = whole.replace(",", convention["thousands"])
        if fraction.strip("0"):
            shown += convention["decimal"] + fraction.rstrip("0")
        return f"-{shown}" if value < 0 else shown

    def percent(self, value: float) -> str:
        """A 0–100 percentage: ``45`` → ``45 %`` (fr), ``45%`` (en)."""
        return str(self._table["number"]["percent"]).format(n=self.number(value, 1 if abs(value) < 10 else 0))

    def duration(self, seconds: float) -> str:
        """``3012`` → ``50:12``, ``4000`` → ``1:06:40``."""
        return format_duration(int(seconds))

    def date(self, when: datetime) -> str:
        """``20 février 2017``, ``February 20, 2017``, ``20. Februar 2017``..."""
        month = self._table["months"][when.month - 1]
        return str(self._table["date"]).format(day=when.day, month=month, year=when.year)

    def result(self, result: str) -> str:
        return str(self._table["results"][result])

    def category(self, category_id: str) -> str:
        return str(titles_table()["categories"].get(category_id, {}).get(self.language, category_id))

    def check_title(self, check: dict[str, Any]) -> str:
        """The check's title in this language (``audit/titles.json``); a check it lacks keeps its stored title."""
        title = titles_table()["checks"].get(str(check.get("id")), {}).get(self.language)
        return str(title or check.get(f"title_{self.language}") or check.get("title_en") or check.get("id"))

    def table(self, column: str) -> str:
        """A column heading of the comparison table (``site``, a category id, ``overall``, ``language``, ``run``)."""
        return str(self._table["table"][column])

    def summary(self, key: str, **values: Any) -> str:
        """A sentence of ``inbound-summary`` (the ``summary`` block), ``values`` filled in."""
        return str(self._table["summary"][key]).format(**values)

    def summary_word(self, group: str, key: str) -> str:
        """A word of one of ``inbound-summary``'s groups (``kinds``, ``roles``, ``statuses``); unknown ones as is."""
        return str(self._table["summary"][group].get(key, key))

    def metric(self, key: str) -> str:
        return str(self._table["metrics"][key])

    def value(self, value: str) -> str:
        """A word from a check's details (``rendering``, ``long``, ``donate``) in this language; other text as is."""
        return value_word(value, self.language)

    def details(self, details: dict[str, Any]) -> list[tuple[str, list[Part]]]:
        """A check's ``details`` for people: ``(label, parts of the value)`` per labelled key, in their order;
        keys in :data:`HIDDEN_DETAILS` or without a label are left out."""
        labels = self._table["details"]
        shown = []
        for key, value in details.items():
            if key not in labels or key in HIDDEN_DETAILS:
                continue
            if key == "missing" and isinstance(value, str):  # audits stored before it was a list: "event, petition"
                value = [item for item in value.split(", ") if item and item != "—"]
            shown.append((str(labels[key]), self._detail_parts(key, value)))
        return shown

    def _detail_parts(self, key: str, value: Any) -> list[Part]:
        if value is None:
            return [Part(self.value("unknown"))]
        if isinstance(value, bool):
            return [Part(self.value("yes" if value else "no"))]
        if isinstance(value, list):
            return [part for item in value for part in self._detail_parts(key, item)] or [Part(self.value("none"))]
        if isinstance(value, dict):
            return [
                Part(f"{self.value(str(name))}: {self._detail_parts(key, count)[0].text}")
                for name, count in value.items()
            ] or [Part(self.value("none"))]
        if isinstance(value, int | float):
            if key in PERCENT_DETAILS:
                return [Part(self.percent(value))]
            if key in SHARE_DETAILS:
                return [Part(self.percent(100 * value))]
            if key in CLICK_DETAILS:
                return [Part(self.plural("clicks", int(value)))]
            if key in CHARACTER_DETAILS:
                return [Part(self.plural("characters", int(value)))]
            return [Part(self.number(value, 0 if float(value).is_integer() else 2))]
        text = str(value)
        if text.startswith(("http://", "https://")):
            return [Part(text, text)]
        return [Part(self.value(text))]
