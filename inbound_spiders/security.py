"""Running as a service safely: no credentials in logs, no crawling of private networks on request.

- :class:`SecretsRedaction` (extension) installs a logging filter that hides ``user:password@`` in every URI logged
  by the crawl (Scrapy logs overridden settings, which may hold ``INBOUND_MONGO_URI``).
- :class:`TargetGuardMiddleware` (downloader middleware) refuses requests to loopback, private, link-local and
  otherwise non-public addresses when the crawl runs as a service — under Scrapyd (a ``_job`` argument) — unless
  ``INBOUND_ALLOW_PRIVATE_TARGETS`` says otherwise. A plain ``scrapy crawl`` on one's own machine may audit
  ``http://127.0.0.1:8017/``; a job scheduled on a shared Scrapyd may not reach the server's own network.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from inbound_spiders.store import redact_uri

logger = logging.getLogger(__name__)


class RedactingFilter(logging.Filter):
    """Rewrites each log record with URI credentials replaced by ``***``."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is the logging module's business, not ours
            return True
        redacted = redact_uri(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


_FILTER = RedactingFilter()


def install_log_redaction() -> None:
    """Attach the redacting filter to every handler of the root logger (idempotent)."""
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)


class SecretsRedaction:
    """Extension: redact URI credentials from the crawl's log from the moment extensions are built."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SecretsRedaction:
        install_log_redaction()
        return cls()


class UnsafeTarget(IgnoreRequest):
    """A request to an address a service must not reach."""


def is_public_address(address: str) -> bool:
    """Whether ``address`` (IPv4 or IPv6) is a public, globally routable unicast address."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:  # type: ignore[union-attr]
        ip = ip.ipv4_mapped  # type: ignore[union-attr]
    return ip.is_global and not ip.is_multicast


@lru_cache(maxsize=4096)
def unsafe_reason(host: str) -> str | None:
    """Why ``host`` must not be crawled by a service (``None`` when it may): each address it resolves to is checked."""
    if not host:
        return "no host"
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return None  # unresolvable: the download fails on its own, with Scrapy's own error
    private = sorted(address for address in addresses if not is_public_address(str(address)))
    return f"{host} resolves to non-public address {private[0]}" if private else None


def runs_as_service(spider: Spider) -> bool:
    """Whether the crawl was started by a scheduler (Scrapyd passes a ``_job`` argument)."""
    return bool(getattr(spider, "scrapyd_job", None))


def allow_private_targets(settings: Any) -> bool | None:
    """``INBOUND_ALLOW_PRIVATE_TARGETS``: ``True``/``False``, or ``None`` (unset, ``auto``: refuse under Scrapyd)."""
    value = settings.get("INBOUND_ALLOW_PRIVATE_TARGETS")
    return None if value in (None, "", "auto") else settings.getbool("INBOUND_ALLOW_PRIVATE_TARGETS")


def guard_active(allow_private: bool | None, spider: Spider) -> bool:
    """Whether private targets are refused for this crawl."""
    return allow_private is False or (allow_private is None and runs_as_service(spider))


class TargetGuardMiddleware:
    """Refuse requests whose scheme is not http(s) or whose host is not public, for crawls run as a service."""

    def __init__(self, crawler: Crawler, allow_private: bool | None) -> None:
        self.crawler = crawler
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TargetGuardMiddleware:
        allow_private = allow_private_targets(crawler.settings)
        if allow_private:
            raise NotConfigured("INBOUND_ALLOW_PRIVATE_TARGETS is on")
        return cls(crawler, allow_private)

    def process_request(self, request: Request) -> Any:
        if not guard_active(self.allow_private, self.crawler.spider):
            return None
        parts = urlsplit(request.url)
        reason = f"scheme {parts.scheme!r} is not http(s)" if parts.scheme not in ("http", "https") else None
        reason = reason or unsafe_reason(parts.hostname or "")
        if reason is None:
            return None
        self.crawler.stats.inc_value("inbound/security/refused_targets")
        logger.warning("[security] refused %s: %s (set INBOUND_ALLOW_PRIVATE_TARGETS to allow)", request.url, reason)
        raise UnsafeTarget(reason)
