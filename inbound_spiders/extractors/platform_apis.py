"""Pure request builders and response parsers for the public statistics APIs of contribution platforms.

The spider does the HTTP (with configurable base URLs); these functions only build the request and read the body.
Every parser returns ``{"participants": ..., "contributions": ..., "votes": ...}`` with ``None`` for what the body
does not give, and never raises, whatever the body.

* **Discourse**: ``GET /about.json`` (public on any forum that is not login-only).
* **Decidim**: ``POST /api`` with a GraphQL ``metrics`` query (public on every Decidim instance).
* **CONSUL Democracy** has no common JSON statistics endpoint: its ``/graphql`` API lists proposals, debates and
  comments page by page, without totals, and its ``/stats`` pages are HTML (read by the page extractor). Nothing to
  parse here for it.
"""

from __future__ import annotations

import json
from typing import Any

Counts = dict[str, int | None]

# Decidim metric names to ask for; unknown names are ignored by Decidim's resolver, so asking for both spellings of
# votes is harmless.
_DECIDIM_METRICS = ("participants", "users", "proposals", "comments", "votes", "supports")
_DECIDIM_QUERY = "{ metrics(names: [" + ", ".join(f'"{name}"' for name in _DECIDIM_METRICS) + "]) { name count } }"


def _empty() -> Counts:
    """Counts with nothing known."""
    return {"participants": None, "contributions": None, "votes": None}


def _load(body: bytes | str | None) -> Any:
    """The JSON document in ``body``, or ``None`` when it is not JSON."""
    if body is None:
        return None
    try:
        return json.loads(body)
    except (ValueError, TypeError, RecursionError):
        return None


def _count(value: Any) -> int | None:
    """A non-negative integer count from a JSON value (integers and integral strings), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 15:
        return int(value.strip())
    return None


def _base(base: str) -> str:
    """``base`` without trailing slashes."""
    return (base or "").strip().rstrip("/")


def discourse_about_url(base: str) -> str:
    """URL of a Discourse forum's public ``about.json`` (``https://forum.example.org/about.json``)."""
    return f"{_base(base)}/about.json"


def parse_discourse_about(body: bytes | str | None) -> Counts:
    """Counts from a Discourse ``/about.json`` body.

    participants = ``user_count``; contributions = ``post_count`` (every post, topic openers included, so adding
    ``topic_count`` would count each topic twice; ``topic_count`` is used only when ``post_count`` is missing);
    votes = ``like_count`` (likes are Discourse's votes). Newer versions spell the keys ``users_count``,
    ``posts_count``, ``topics_count``, ``likes_count``; both spellings are read.
    """
    counts = _empty()
    document = _load(body)
    about = document.get("about") if isinstance(document, dict) else None
    stats = about.get("stats") if isinstance(about, dict) else None
    if not isinstance(stats, dict):
        return counts

    def first(*keys: str) -> int | None:
        """The count under the first of ``keys`` that holds a valid one, else ``None``."""
        for key in keys:
            value = _count(stats.get(key))
            if value is not None:
                return value
        return None

    counts["participants"] = first("user_count", "users_count")
    counts["contributions"] = first("post_count", "posts_count", "topic_count", "topics_count")
    counts["votes"] = first("like_count", "likes_count")
    return counts


def decidim_metrics_request(base: str) -> tuple[str, bytes]:
    """URL and JSON body of the Decidim GraphQL request for the instance-wide metrics (send as ``POST``).

    The body asks ``{ metrics(names: [...]) { name count } }``; send it with ``Content-Type: application/json``.
    """
    body = json.dumps({"query": _DECIDIM_QUERY}).encode("utf-8")
    return f"{_base(base)}/api", body


def parse_decidim_metrics(body: bytes | str | None) -> Counts:
    """Counts from the answer to :func:`decidim_metrics_request`.

    participants = ``participants`` (people who took part), else ``users`` (registered accounts); contributions =
    ``proposals``, else ``comments``; votes = ``votes`` (Decidim's name for proposal supports), else ``supports``.
    A GraphQL ``errors`` answer or any other shape gives ``None`` counts.
    """
    counts = _empty()
    document = _load(body)
    data = document.get("data") if isinstance(document, dict) else None
    metrics = data.get("metrics") if isinstance(data, dict) else None
    if not isinstance(metrics, list):
        return counts
    by_name: dict[str, int] = {}
    for metric in metrics:
        if not isinstance(metric, dict) or not isinstance(metric.get("name"), str):
            continue
        value = _count(metric.get("count"))
        if value is not None:
            by_name.setdefault(metric["name"].lower(), value)

    def first(*names: str) -> int | None:
        """The count of the first of ``names`` the answer has, else ``None``."""
        return next((by_name[name] for name in names if name in by_name), None)

    counts["participants"] = first("participants", "users")
    counts["contributions"] = first("proposals", "comments")
    counts["votes"] = first("votes", "supports")
    return counts
