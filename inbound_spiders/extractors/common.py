"""Small pure helpers shared by the extractors."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

_WHITESPACE = re.compile(r"\s+")
_WEB_SCHEMES = ("http", "https")


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
        return urljoin(base_url, href)
    except ValueError:  # "http://[::1" and other unparsable URLs
        return None
