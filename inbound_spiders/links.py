"""Links a crawl cannot follow because of their scheme (``javascript:``, ``data:``, ``mailto:``, ``tel:``...).

Scrapy's link extractor drops them without a word. :class:`UnfollowableLinks`, the spider's ``process_value`` for
its link extractor, sets them aside as the extractor meets them, so that each is counted
(``inbound/links/unfollowable`` and ``inbound/links/unfollowable/<scheme>``) and each scheme logged once per crawl,
with an example link and the page it is on. It costs no extra pass over the page: the extractor already calls
``process_value`` on every ``<a href>`` and ``<area href>``.
"""

from __future__ import annotations

import logging
import re

from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

#: Schemes counted under their own name; any other one counts as ``other``, so that a page cannot create stats keys
#: without bound.
NAMED_SCHEMES = frozenset({
    "javascript", "data", "mailto", "tel", "sms", "callto", "skype", "whatsapp", "webcal", "ftp", "file", "about",
    "blob", "intent",
})  # fmt: skip
#: Characters of an example link shown in the log (a ``data:`` URI may be hundreds of kilobytes).
EXAMPLE_CHARS = 100

_WEB_PREFIXES = ("http://", "https://")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers ignore tabs and newlines anywhere in a URL: "java\nscript:" is a javascript: link.
_IGNORED_BY_BROWSERS = str.maketrans("", "", "\t\n\r")


def link_scheme(value: str) -> str | None:
    """The lower-cased scheme of a link as the link extractor hands it over (joined with the page's URL, so that
    relative links are ``http(s)://``), or ``None`` when it has none."""
    match = _SCHEME.match(value.translate(_IGNORED_BY_BROWSERS))
    return match.group(1).lower() if match else None


class UnfollowableLinks:
    """The link extractor's ``process_value``: keeps http(s) links, drops the others and remembers them until
    :meth:`report` counts them for the page just extracted (the extractor runs synchronously, page by page)."""

    def __init__(self) -> None:
        self.set_aside: list[tuple[str, str]] = []
        self.logged: set[str] = set()

    def __call__(self, value: str) -> str | None:
        # Nearly every link takes this branch: a relative link comes joined with the page's URL.
        if value.startswith(_WEB_PREFIXES):
            return value
        scheme = link_scheme(value)
        if scheme is None or scheme in ("http", "https"):
            return value  # not ours to judge: the extractor keeps or drops it as it would have
        self.set_aside.append((scheme, value))
        return None

    def report(self, page_url: str, stats: StatsCollector) -> None:
        """Count the links set aside since the last report, found on ``page_url``; log each new scheme once."""
        if not self.set_aside:
            return
        set_aside, self.set_aside = self.set_aside, []
        stats.inc_value("inbound/links/unfollowable", len(set_aside))
        for scheme, value in set_aside:
            key = scheme if scheme in NAMED_SCHEMES else "other"
            stats.inc_value(f"inbound/links/unfollowable/{key}")
            if key in self.logged:
                continue
            self.logged.add(key)
            example = value if len(value) <= EXAMPLE_CHARS else value[:EXAMPLE_CHARS] + "..."
            what = f"{scheme}: links" if key != "other" else f"{scheme}: links (and those of other unnamed schemes)"
            logger.info(
                "[links] %s are not followed, e.g. %r on %s (counted under inbound/links/unfollowable/%s; logged once "
                "per crawl)",
                what, example, page_url, key,
            )  # fmt: skip
