"""The sites of one crawl: ``-a sites=FILE`` (one URL a line, or a CSV with a ``url`` column) or ``-a url=A,B``."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inbound_spiders.identity import site_of
from inbound_spiders.spiders.base import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_PAGES,
    SpiderArgumentError,
    positive_int_argument,
    web_url_argument,
)

#: The columns a CSV list may have; ``url`` is required.
CSV_COLUMNS = ("url", "name", "max_pages", "max_depth")


@dataclass(frozen=True, slots=True)
class SiteEntry:
    """One site of a list: where its crawl starts, its name for people (optional) and its own bounds."""

    url: str
    """The start URL (``https://`` added to a bare domain)."""
    site: str
    """The audited site: the URL's registrable domain (:func:`~inbound_spiders.identity.site_of`)."""
    max_pages: int
    """Pages to request at most on this site: its line's ``max_pages``, else ``-a max_pages``, else the default."""
    max_depth: int
    """Link depth on this site: its line's ``max_depth``, else ``-a max_depth``, else the default."""
    name: str | None = None
    """The site's name from the list's ``name`` column; ``None`` lets the start page name it."""
    line: int = 0
    """The line of the list the site is on (``0`` for ``-a url=``)."""


def is_site_list(arguments: dict[str, Any]) -> bool:
    """Whether the ``-a`` arguments ask for a list of sites: ``sites=``, or ``url=`` naming several, comma-separated."""
    return bool(arguments.get("sites")) or "," in str(arguments.get("url") or "")


def site_list(arguments: dict[str, Any]) -> list[SiteEntry]:
    """The sites the ``-a`` arguments name, in order, each with its bounds; :class:`SpiderArgumentError` (one line
    naming the file, the line and what is wrong) for a list that cannot be crawled. A site listed twice (the same
    registrable domain) is crawled once, at its first line."""
    default_pages = positive_int_argument("max_pages", arguments.get("max_pages"), DEFAULT_MAX_PAGES)
    default_depth = positive_int_argument("max_depth", arguments.get("max_depth"), DEFAULT_MAX_DEPTH)
    if arguments.get("sites") and arguments.get("url"):
        raise SpiderArgumentError("-a sites= and -a url= both given: name the sites in one of them")
    if arguments.get("sites"):
        source = f"-a sites={arguments['sites']}"
        rows = _file_rows(Path(str(arguments["sites"])).expanduser(), source)
    else:
        source = "-a url="
        rows = [(0, {"url": part.strip()}) for part in str(arguments.get("url") or "").split(",") if part.strip()]
    entries: dict[str, SiteEntry] = {}
    for line, row in rows:
        where = f"{source}: line {line}" if line else source
        try:
            url = web_url_argument("url", row.get("url"))
            max_pages = positive_int_argument("max_pages", row.get("max_pages"), default_pages)
            max_depth = positive_int_argument("max_depth", row.get("max_depth"), default_depth)
        except SpiderArgumentError as error:
            raise SpiderArgumentError(f"{where}: {str(error).removeprefix('-a ')}") from None
        entry = SiteEntry(url, site_of(url), max_pages, max_depth, (row.get("name") or "").strip() or None, line)
        entries.setdefault(entry.site, entry)
    if not entries:
        raise SpiderArgumentError(f"{source}: no site in it (one URL a line, or a CSV with a url column)")
    return list(entries.values())


def _file_rows(path: Path, source: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a list file, with their line numbers: a CSV whose first line names a ``url`` column, else one URL a
    line; blank lines and ``#`` comments are skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SpiderArgumentError(f"{source}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SpiderArgumentError(f"{source}: cannot be read ({error})") from None
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
    lines = [(number, line) for number, line in lines if line and not line.startswith("#")]
    if not lines:
        raise SpiderArgumentError(f"{source}: the file is empty (one URL a line, or a CSV with a url column)")
    header = [column.strip().lower() for column in next(csv.reader([lines[0][1]]))]
    if "url" not in header:
        return [(number, {"url": line}) for number, line in lines]
    unknown = [column for column in header if column not in CSV_COLUMNS]
    if unknown:
        raise SpiderArgumentError(
            f"{source}: line {lines[0][0]}: unknown column(s) {', '.join(unknown)}; expected {', '.join(CSV_COLUMNS)}"
        )
    rows = []
    for number, line in lines[1:]:
        values = next(csv.reader(io.StringIO(line)))
        if len(values) > len(header):
            raise SpiderArgumentError(f"{source}: line {number}: {len(values)} values for {len(header)} columns")
        rows.append((number, dict(zip(header, (value.strip() for value in values), strict=False))))
    return rows
