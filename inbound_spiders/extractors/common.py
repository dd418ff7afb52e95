"""Small pure helpers shared by the extractors."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

_WHITESPACE = re.compile(r"\s+")
_WEB_SCHEMES = ("http", "https")

#: The head, heading and link elements the team and contribution readers look at, asked of
#: :meth:`~inbound_spiders.page.model.Page.elements` by both with this one tuple, so that a page is walked for them
#: once.
HEAD_AND_LINK_TAGS = (
    "html",
    "body",
    "meta",
    "script",
    "link",
    "title",
    "h1",
    "h2",
    "h3",
    "h4",
    "a",
    "iframe",
    "button",
    "input",
)


def clean_text(text: str | None) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) and strip; ``None`` gives ``""``."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


# Accent folding, in two strengths: keyword rules written in ASCII (calls to action) match fold_text's output, which
# drops what has no ASCII form; people's names and stop words (team pages) keep letters of every script (fold).
_FOLD_TABLE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u0153": "oe",
        "\u00e6": "ae",
        "\u00df": "ss",
    }
)


# Labels repeat across a site's pages (menus, footers): folding them once is most of the speed-up.
@lru_cache(maxsize=8192)
def fold_text(text: str | None) -> str:
    """Lowercase, accent-free, ASCII-apostrophe, whitespace-normalised form of ``text`` for keyword matching."""
    if not text:
        return ""
    if text.isascii():
        return " ".join(text.lower().replace("`", "'").split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE).lower())
    return " ".join(decomposed.encode("ascii", "ignore").decode("ascii").split())


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents, keeping letters that have no ASCII form (names in any script), for
    stop-word and name matching."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


#: Joins remembered across pages (:func:`joined_url`): a site's pages link to the same pages again and again.
JOIN_CACHE_SIZE = 16_384
#: Longer links are joined each time: 16,384 remembered megabyte-long hrefs (state in the URL, a data dump) would hold
#: gigabytes for the whole crawl. Scrapy drops longer URLs anyway (``URLLENGTH_LIMIT``, 2,083).
MAX_CACHED_HREF = 2_083
_REMOVED_FROM_URLS = re.compile("[\t\r\n]")


def joined_url(base_url: str, href: str) -> str:
    """``urllib.parse.urljoin(base_url, href)``, remembered across pages where the result depends on the base's
    scheme and host only, not on the page it is on: ``/path`` links (most of a site's own links), ``//host/path``
    and ``http(s)://host`` links. A header's 40 links are joined once per site, not once per page.
    ``tests/test_links.py`` holds the two equal on hostile bases and links."""
    key = _join_key(base_url, href) if len(href) <= MAX_CACHED_HREF else None
    return urljoin(base_url, href) if key is None else _cached_join(key, href)


def _join_key(base_url: str, href: str) -> str | None:
    """What of ``base_url`` the join of ``href`` depends on, as a base URL; ``None`` when it may depend on the page."""
    if _REMOVED_FROM_URLS.search(href):
        return None  # urljoin drops tabs and newlines first: "/\t/" is "//", which takes the base's path
    if href.startswith("//"):
        host_at = 2
    elif href.startswith("/"):
        scheme, netloc = _scheme_and_host(base_url)
        return f"{scheme}://{netloc}/" if scheme else None
    elif href.startswith("http://"):
        host_at = 7
    elif href.startswith("https://"):
        host_at = 8
    else:
        return None
    # With a host, the link takes no more than the base's scheme; without one ("//", "http:///x"), the base's path.
    first = href[host_at : host_at + 1]
    if not (first.isalnum() or first == "["):
        return None
    scheme = _scheme_and_host(base_url)[0]
    return f"{scheme}:" if scheme else None


@lru_cache(maxsize=1024)
def _scheme_and_host(base_url: str) -> tuple[str, str]:
    """The scheme and host (``netloc``) of a base URL: asked for each link of its page."""
    parts = urlsplit(base_url)
    return parts.scheme, parts.netloc


@lru_cache(maxsize=JOIN_CACHE_SIZE)
def _cached_join(key: str, href: str) -> str:
    """``urljoin(key, href)``, remembered."""
    return urljoin(key, href)


def absolute_url(href: str | None, base_url: str) -> str | None:
    """Resolve ``href`` against ``base_url``; ``None`` for empty hrefs and for non-web schemes other than mailto."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        scheme = urlsplit(href).scheme.lower()
        if scheme and scheme not in _WEB_SCHEMES and scheme != "mailto":
            return None
        return joined_url(base_url, href)
    except ValueError:  # "http://[::1" and other unparsable URLs
        return None
