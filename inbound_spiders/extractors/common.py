"""Small pure helpers shared by the extractors."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

_WHITESPACE = re.compile(r"\s+")
_WEB_SCHEMES = ("http", "https")


def clean_text(text: str | None) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) and strip; ``None`` gives ``""``."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


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
