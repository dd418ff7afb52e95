"""URL cleaning: the one home of which query parameters only track a visit, and of the URL form findings are
compared and stored in.

Read by the calls-to-action extractor (its target URLs), the rendering measurement (matching a rendered link to a
found call to action) and the site audit (whether a share link shares the page it is on).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import url_query_cleaner

#: Query parameters that only say where a visit came from (campaign tags, ad click ids, mailing-list and analytics
#: ids): they do not change the page a URL leads to. Case aside.
TRACKING_PARAMETER = re.compile(
    r"^(?:utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|_ga|_gl)$",
    re.IGNORECASE,
)
#: Parameters that name who referred a visitor or that a link was shared: the same page, when the question is which
#: page a share link shares (not when a call to action's target is compared: ``?ref=`` may pick a form).
REFERRAL_PARAMETERS = frozenset({"ref", "share"})


@lru_cache(maxsize=8192)
def host_of(url: str) -> str:
    """Lowercase host of ``url`` without credentials, port or IPv6 brackets; ``""`` when it has none or cannot be
    parsed. Memoised: a site's links recur on each of its pages."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # "http://[::1" and other unparsable URLs
        return ""


def site_host(url: str) -> str:
    """:func:`host_of` without a leading ``www.``: the host a site is known by."""
    return host_of(url).removeprefix("www.")


def is_tracking_parameter(name: str) -> bool:
    """Whether the query parameter ``name`` only tracks the visit (``utm_*``, ``fbclid``, ``gclid``...)."""
    return TRACKING_PARAMETER.match(name) is not None


def strip_tracking(url: str) -> str:
    """``url`` with lowercase scheme and host and without tracking parameters (:data:`TRACKING_PARAMETER`).

    Other parameters keep their order and spelling, so the result is stable across pages and runs.
    """
    if "?" not in url:
        # Nothing to strip: only normalise the scheme and host, as the full path below does.
        scheme, separator, rest = url.partition("://")
        if separator and scheme.lower() in ("http", "https"):
            netloc, _, path = rest.partition("/")
            if "#" not in netloc and "[" not in netloc:
                return f"{scheme.lower()}://{netloc.lower()}/{path}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https"):
        return url
    names = [piece.partition("=")[0] for piece in parts.query.split("&")]
    tracking = [name for name in names if name and is_tracking_parameter(name)]
    query = url_query_cleaner(f"?{parts.query}", tracking, remove=True, unique=False).removeprefix("?")
    try:
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, parts.fragment))
    except ValueError:
        return url
