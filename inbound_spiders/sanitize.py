"""Values that UTF-8 and BSON cannot hold, made storable: lone surrogates and integers beyond 64 bits.

Python strings may hold lone surrogates (``json.loads('"\\ud800"')`` gives one, and JSON-LD is parsed with it), which
no UTF-8 encoder accepts: MongoDB's driver and the UTF-8 feed both fail on them. Python integers have no bound, BSON's
stop at 64 bits. Pages and platform APIs are third parties: either can send both.
"""

from __future__ import annotations

import dataclasses
from typing import Any

#: The range of BSON's 64-bit integers.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def without_lone_surrogates(text: str) -> str:
    """``text`` without its lone surrogates (a high and a low one side by side become the character they encode);
    ``text`` itself when it has none."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "ignore")
    return text


def has_lone_surrogates(value: Any) -> bool:
    """Whether any string in ``value`` (as :func:`repaired` walks it) holds a lone surrogate: a fast check, for every
    item, that leaves the copying to the rare ones that need it."""
    kind = type(value)
    if kind is str:
        if value.isascii():
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if kind is list or kind is tuple:
        return any(has_lone_surrogates(nested) for nested in value)
    if kind is dict:
        return any(has_lone_surrogates(key) or has_lone_surrogates(nested) for key, nested in value.items())
    if value is None or kind is int or kind is float or kind is bool:
        return False
    fields = getattr(value, "__dict__", None)
    return fields is not None and any(has_lone_surrogates(nested) for nested in fields.values())


def repaired(value: Any) -> Any:
    """``value`` (a string, list, tuple, dict or dataclass instance, nested) with every string, dict keys included,
    freed of lone surrogates; ``value`` itself, not a copy, when nothing had to change (so ``is`` tells)."""
    if type(value) is str:
        return without_lone_surrogates(value)
    if isinstance(value, list | tuple):
        items = [repaired(nested) for nested in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        pairs = [(repaired(key), repaired(nested)) for key, nested in value.items()]
        unchanged = zip(pairs, value.items(), strict=True)
        if all(key is old_key and nested is old for (key, nested), (old_key, old) in unchanged):
            return value
        return dict(pairs)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            if field.init:
                current = getattr(value, field.name)
                new = repaired(current)
                if new is not current:
                    changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value  # type: ignore[type-var]
    return value


def storable(value: Any) -> Any:
    """``value`` as BSON can always hold it, for documents that keep what was refused (``rejects``): strings freed of
    lone surrogates, integers beyond 64 bits kept as their decimal text."""
    if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
        return str(value)
    if isinstance(value, list | tuple):
        return [storable(nested) for nested in value]
    if isinstance(value, dict):
        return {repaired(str(key)): storable(nested) for key, nested in value.items()}
    return repaired(value)
