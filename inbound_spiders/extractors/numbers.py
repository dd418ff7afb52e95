"""Pure parsing of the counts shown on web pages ("6 375", "1,234", "1.2k", "3 M", "1,5 million").

A count is a non-negative whole number. French, German, Spanish, Italian, Dutch, Portuguese and English grouping are
all accepted: space, no-break space, narrow no-break space or thin space (``6 375``), dot (``6.375``), comma
(``1,234``) and apostrophe (``1'234``) thousands separators. A decimal part is only accepted with a multiplier
(``1.2k``, ``1,5 M``, ``2.3 millions``, ``1,2 Mio.``, ``1,2 mil``, ``3,4 mila``; each language's words are in
:mod:`inbound_spiders.knowledge.words.participation`): without one, ``4.5`` or ``4,5`` is a rating or a price, not a
count. Dates (``12/02/2017``, ``2017-02-12``, ``12.02.2017``), times (``12:30``, ``12h30``), phone numbers
(``01 23 45 67 89``), percentages, amounts of money, ordinals (``1er``, ``3rd``) and negative numbers are rejected. A
lone year-like number (``2017``) is a count: next to "votes" it is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from inbound_spiders.knowledge.words.participation import number_multipliers

# One digit run: digits joined by single separators, so "2017. 221" gives two runs and "12/02/2017" one.
_RUN = re.compile(r"\d+(?:[.,'\u2019/:\-\u00a0\u202f\u2009 ]\d+)*")
# Multiplier words of every language (knowledge/words/participation.py), longest first so "mio" is not read as "m".
_MULTIPLIERS: dict[str, int] = number_multipliers()
_MULTIPLIER = re.compile(
    r"\s?(" + "|".join(sorted(map(re.escape, _MULTIPLIERS), key=len, reverse=True)) + r")\.?(?![^\W\d_])",
    re.IGNORECASE,
)
_CURRENCY_OR_PERCENT = frozenset("%‰€$£¥₹¢")
_CURRENCY_WORD = re.compile(r"\s?(?:eur|euros?|usd|dollars?|chf|gbp|francs?)\b", re.IGNORECASE)
_MONTHS = frozenset(
    {"janvier", "janv", "février", "fevrier", "févr", "fevr", "fév", "fev", "mars", "avril", "avr", "mai", "juin"}
    | {"juillet", "juil", "août", "aout", "septembre", "sept", "octobre", "oct", "novembre", "nov", "décembre"}
    | {"decembre", "déc", "dec", "january", "jan", "february", "feb", "march", "april", "apr", "may", "june", "jun"}
    | {"july", "jul", "august", "aug", "september", "sep", "october", "november", "december", "enero", "febrero"}
    | {"marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
)
# "12 février", "3rd of March", "12 de mayo": the number is a day. "février 2017", "March 12": a year or a day.
_WORD_AFTER = re.compile(r"\s(?:of\s|de\s)?([^\W\d_]+)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?\s$")
_NON_DIGIT = re.compile(r"\D")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})

_PLAIN = re.compile(r"0|[1-9]\d*")
_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+")
_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_COMMA_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_APOSTROPHE_GROUPED = re.compile(r"\d{1,3}(?:['\u2019]\d{3})+")
# With a decimal part: integer part grouped any of the ways above (or not), then one decimal separator.
_DECIMAL = re.compile(r"(\d{1,3}(?:([ .,'\u2019])\d{3})*|\d+)([.,])(\d+)")
# Bigger than any real counter; keeps int conversion and arithmetic cheap on hostile input.
_MAX_DIGITS = 15


def _integer(run: str) -> int | None:
    """Value of a digit run without multiplier, or ``None`` when it is not a plain or thousands-grouped count."""
    if run.isdecimal():
        return int(run) if _PLAIN.fullmatch(run) else None
    if (
        _SPACE_GROUPED.fullmatch(run)
        or _DOT_GROUPED.fullmatch(run)
        or _COMMA_GROUPED.fullmatch(run)
        or _APOSTROPHE_GROUPED.fullmatch(run)
    ):
        return int(_NON_DIGIT.sub("", run))
    return None


def _with_multiplier(run: str, factor: int) -> int | None:
    """Value of ``run`` times ``factor``: ``1.2``/``1,2`` are decimals here, ``1 200``/``1.200`` still integers."""
    match = _DECIMAL.fullmatch(run)
    if match:
        integer_part, group_sep, decimal_sep, decimals = match.groups()
        if group_sep and group_sep == decimal_sep:
            # "1.234.5" or "1,234,5": not a number.
            return None
        whole = int(_NON_DIGIT.sub("", integer_part))
        return (whole * factor) + (int(decimals) * factor) // (10 ** len(decimals))
    whole = _integer(run)
    return None if whole is None else whole * factor


def _run_value(text: str, start: int, end: int) -> tuple[int | None, int]:
    """Count for the digit run ``text[start:end]`` read in its context, and where the count (with multiplier) ends."""
    run = text[start:end].translate(_SPACES)
    if (len(run) > _MAX_DIGITS and len(_NON_DIGIT.sub("", run)) > _MAX_DIGITS) or any(sep in run for sep in "/:-"):
        # Dates, times, ranges, phone numbers written with dashes.
        return None, end
    before = text[max(0, start - 2) : start]
    if before[-1:].isalpha() or before[-1:] in _CURRENCY_OR_PERCENT or before[-1:] == "-":
        return None, end
    if before[-1:] == " " and before[:1] and before[:1] in _CURRENCY_OR_PERCENT:
        return None, end
    multiplier = _MULTIPLIER.match(text, end)
    stop = end
    if multiplier:
        factor = _MULTIPLIERS[multiplier.group(1).lower()]
        value = _with_multiplier(run, factor)
        stop = multiplier.end()
    else:
        value = _integer(run)
    after = text[stop : stop + 2]
    if _next_to_month(text, start, stop):
        return None, stop
    if after[:1].isalnum() or after[:1] == "°":
        # Ordinals ("1er", "3rd"), units glued to the number ("12h30", "5km"), other glued words.
        return None, stop
    if after[:1] in _CURRENCY_OR_PERCENT or (after[:1] == " " and after[1:2] in _CURRENCY_OR_PERCENT):
        return None, stop
    if _CURRENCY_WORD.match(text, stop):
        return None, stop
    return value, stop


def _next_to_month(text: str, start: int, stop: int) -> bool:
    """Whether the number at ``text[start:stop]`` is followed or preceded by a month name (part of a date)."""
    after = _WORD_AFTER.match(text, stop)
    if after and after.group(1).lower() in _MONTHS:
        return True
    if start and text[start - 1].isspace():
        before = _WORD_BEFORE.search(text, max(0, start - 14), start)
        if before and before.group(1).lower() in _MONTHS:
            return True
    return False


def iter_counts(text: str) -> Iterator[tuple[int, int, int]]:
    """Every count in ``text`` as ``(value, start, end)``; numbers that are not counts are skipped.

    ``end`` includes a multiplier (``1.2k``). Never raises.
    """
    if not text:
        return
    for match in _RUN.finditer(text):
        value, stop = _run_value(text, match.start(), match.end())
        if value is not None:
            yield value, match.start(), stop


def parse_count(text: str | None) -> int | None:
    """The count written in a counter's text (``"6 375"``, ``"1,2 k"``, ``"1 234 votes"``, ``"Participants : 221"``).

    The text must hold exactly one number, and it must be a count (see the module docstring); otherwise ``None``.
    Pure, never raises.
    """
    if not text or not isinstance(text, str):
        return None
    runs = list(_RUN.finditer(text))
    if len(runs) != 1:
        return None
    value, _ = _run_value(text, runs[0].start(), runs[0].end())
    return value
