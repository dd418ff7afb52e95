"""Running as a service safely: no credentials in logs, no crawling of private networks on request.

- :class:`SecretsRedaction` (extension) installs a logging filter that hides ``user:password@`` in every URI logged
  by the crawl (Scrapy logs overridden settings, which may hold ``INBOUND_MONGO_URI``).
- :class:`TargetGuardMiddleware` (downloader middleware) refuses requests to loopback, private, link-local and
  otherwise non-public addresses when the crawl runs as a service — under Scrapyd (a ``_job`` argument) — unless
  ``INBOUND_ALLOW_PRIVATE_TARGETS`` says otherwise. A plain ``scrapy crawl`` on one's own machine may audit
  ``http://127.0.0.1:8017/``; a job scheduled on a shared Scrapyd may not reach the server's own network.
  Whatever the setting, link-local and cloud metadata addresses (``169.254.169.254``) and the crawl's own store
  (``INBOUND_MONGO_URI``'s hosts and ports, or the embedded store's) are refused always.
- :class:`GuardedResolver` (``TWISTED_DNS_RESOLVER``) checks the address each connection is actually made to: a name
  that resolved to a public address when the guard looked, and to a private one when the crawler connects (DNS
  rebinding), is refused at the connection.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, ClassVar
from urllib.parse import urlsplit
from weakref import WeakSet

from pymongo.uri_parser import parse_uri
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from inbound_spiders.config import InboundConfig
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
#: Host names a crawl's guard remembers: a site crawl's requests go to a few hosts; a bound for odd ones.
_MAX_HOSTS_ASKED = 1024


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


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``address`` as an IP address (an IPv4-mapped IPv6 address as its IPv4 address), ``None`` when it is not one."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:  # type: ignore[union-attr]
        return ip.ipv4_mapped  # type: ignore[union-attr]
    return ip


def is_public_address(address: str) -> bool:
    """Whether ``address`` (IPv4 or IPv6) is a public, globally routable unicast address."""
    ip = _ip(address)
    return ip is not None and ip.is_global and not ip.is_multicast


#: Networks no crawl may reach, whatever ``INBOUND_ALLOW_PRIVATE_TARGETS`` says: link-local addresses (where cloud
#: metadata services answer, ``169.254.169.254``), and the metadata services clouds put elsewhere (AWS over IPv6,
#: Alibaba Cloud).
ALWAYS_REFUSED_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in ("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32")
)


def address_refusal(address: str, *, private_refused: bool) -> str | None:
    """Why a connection to ``address`` is refused (``None`` when it is not): link-local and metadata addresses
    always; any non-public address when ``private_refused``."""
    ip = _ip(address)
    if ip is not None and any(ip in network for network in ALWAYS_REFUSED_NETWORKS):
        return f"{address} is a link-local or cloud metadata address (always refused)"
    if private_refused and not is_public_address(address):
        return f"non-public address {address}"
    return None


@lru_cache(maxsize=4096)
def resolve(host: str) -> frozenset[str]:
    """The addresses ``host`` resolves to (itself for an IP address); empty when it does not resolve. Remembered per
    host: the guard looks at every request, and :class:`GuardedResolver` checks the address connected to anyway."""
    if _ip(host) is not None:
        return frozenset([host])
    try:
        return frozenset(str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP))
    except (OSError, UnicodeError):
        return frozenset()  # unresolvable: the download fails on its own, with Scrapy's own error


@lru_cache(maxsize=4096)
def unsafe_reason(host: str) -> str | None:
    """Why ``host`` must not be crawled by a service (``None`` when it may): each address it resolves to is checked.
    A first look, before any request: :class:`GuardedResolver` checks the address actually connected to."""
    if not host:
        return "no host"
    private = sorted(address for address in resolve(host) if not is_public_address(address))
    return f"{host} resolves to non-public address {private[0]}" if private else None


def always_refused_reason(host: str) -> str | None:
    """Why ``host`` is refused even when private targets are allowed (it resolves to a link-local or metadata
    address), ``None`` otherwise."""
    for address in sorted(resolve(host)):
        reason = address_refusal(address, private_refused=False)
        if reason:
            return f"{host}: {reason}" if host != address else reason
    return None


def _is_local(address: str) -> bool:
    ip = _ip(address)
    return ip is not None and (ip.is_loopback or ip.is_unspecified)


def store_endpoints(uri: str) -> set[tuple[str, int]]:
    """The ``(address, port)`` pairs the MongoDB ``uri`` connects to (host names resolved; none for ``mongodb+srv``
    or an unparsable URI)."""
    try:
        nodes = parse_uri(uri, validate=False, warn=True)["nodelist"] if uri.startswith("mongodb://") else []
    except Exception:  # an invalid URI: the store reports it itself
        return set()
    return {(address, int(port)) for host, port in nodes for address in resolve(host)}


def is_store_endpoint(addresses: frozenset[str], port: int, endpoints: set[tuple[str, int]]) -> bool:
    """Whether a connection to one of ``addresses`` on ``port`` reaches the store (any loopback or unspecified
    address reaches a store listening on one)."""
    for store_address, store_port in endpoints:
        if store_port != port:
            continue
        if store_address in addresses or (_is_local(store_address) and any(_is_local(a) for a in addresses)):
            return True
    return False


def runs_as_service(spider: Spider | None) -> bool:
    """Whether the crawl was started by a scheduler (Scrapyd passes a ``_job`` argument)."""
    return bool(getattr(spider, "scrapyd_job", None))


def allow_private_targets(settings: Any) -> bool | None:
    """``INBOUND_ALLOW_PRIVATE_TARGETS``: ``True``/``False``, or ``None`` (unset, ``auto``: refuse under Scrapyd)."""
    value = settings.get("INBOUND_ALLOW_PRIVATE_TARGETS")
    return None if value in (None, "", "auto") else settings.getbool("INBOUND_ALLOW_PRIVATE_TARGETS")


def guard_active(allow_private: bool | None, spider: Spider | None) -> bool:
    """Whether private targets are refused for this crawl."""
    return allow_private is False or (allow_private is None and runs_as_service(spider))


def target_guard(private_refused: bool) -> Any:
    """The host check of rendered pages' requests (:class:`~inbound_spiders.rendering.ResourcePolicy`): every
    non-public host when ``private_refused``, else link-local and metadata hosts only."""
    return unsafe_reason if private_refused else always_refused_reason


class TargetGuardMiddleware:
    """Refuse requests to link-local and metadata addresses and to the crawl's own store, always; and, for crawls run
    as a service (or with ``INBOUND_ALLOW_PRIVATE_TARGETS`` false), requests whose scheme is not http(s) or whose
    host is not public. Each refusal is logged with its reason and counted (``inbound/security/refused_targets``)."""

    def __init__(self, crawler: Crawler, allow_private: bool | None) -> None:
        self.crawler = crawler
        self.allow_private = allow_private
        #: Where this crawl's store listens, known when the engine starts (the pipelines opened the store by then).
        self.store_endpoints: set[tuple[str, int]] = set()
        #: Host names this crawl's requests went to, most recent last (bounded): which crawl a refused name is for.
        self.hosts_asked: OrderedDict[str, None] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TargetGuardMiddleware:
        guard = cls(crawler, allow_private_targets(crawler.settings))
        GuardedResolver.register(guard)
        crawler.signals.connect(guard.engine_started, signal=signals.engine_started)
        return guard

    def engine_started(self) -> None:
        """Learn where the store listens: ``INBOUND_MONGO_URI``'s hosts, or the embedded store the pipelines opened."""
        config = InboundConfig.from_settings(self.crawler.settings)
        uri = config.mongo_uri
        if not uri and config.mongo_enabled:
            from inbound_spiders.store_registry import store_for  # the store already opened, not a new one

            uri = store_for(self.crawler, config).display_uri
        self.store_endpoints = store_endpoints(uri) if uri else set()

    def asked_for(self, host: str | None) -> None:
        """Remember that this crawl requested ``host``: the resolver counts a refused answer on the crawl that asked."""
        if not host:
            return
        self.hosts_asked[host] = None
        self.hosts_asked.move_to_end(host)
        if len(self.hosts_asked) > _MAX_HOSTS_ASKED:
            self.hosts_asked.popitem(last=False)

    def private_refused(self) -> bool:
        """Whether this crawl refuses private targets (known once its spider is)."""
        return guard_active(self.allow_private, self.crawler.spider)

    def refusal(self, url: str) -> str | None:
        """Why a request for ``url`` is refused, ``None`` when it may go."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        if self.private_refused():
            if parts.scheme not in ("http", "https"):
                return f"scheme {parts.scheme!r} is not http(s) (set INBOUND_ALLOW_PRIVATE_TARGETS to allow)"
            reason = unsafe_reason(host)
            if reason:
                return f"{reason} (set INBOUND_ALLOW_PRIVATE_TARGETS to allow)"
        if parts.scheme not in ("http", "https"):
            return None
        reason = always_refused_reason(host)
        if reason:
            return reason
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return None  # Scrapy refuses the URL itself
        store_ports = {store_port for _, store_port in self.store_endpoints}
        if port in store_ports and is_store_endpoint(resolve(host), port, self.store_endpoints):
            return f"{host}:{port} is this crawl's own store (always refused)"
        return None

    def process_request(self, request: Request) -> Any:
        reason = self.refusal(request.url)
        if reason is None:
            self.asked_for(urlsplit(request.url).hostname)
            return None
        self.crawler.stats.inc_value("inbound/security/refused_targets")
        logger.warning("[security] refused %s: %s", request.url, reason)
        raise UnsafeTarget(reason)


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's default resolver, with the address it hands to the connection checked (:func:`address_refusal`):
    link-local and metadata addresses always, non-public ones when a crawl of the process refuses private targets.
    What is checked is what is connected to (cached answers included), so a name that resolves public at the guard's
    first look and private when the crawler connects (DNS rebinding) does not pass. A refused name fails like a name
    that does not resolve (``DNSLookupError``); logged once per name, counted under
    ``inbound/security/refused_addresses``.

    Scrapy builds one resolver per process, before any spider: each crawl's :class:`TargetGuardMiddleware` registers
    itself (:meth:`register`), and says whether its crawl refuses private targets."""

    guards: ClassVar[WeakSet[TargetGuardMiddleware]] = WeakSet()
    logged: ClassVar[set[str]] = set()

    @classmethod
    def register(cls, guard: TargetGuardMiddleware) -> None:
        cls.guards.add(guard)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        return super().getHostByName(name, timeout).addCallback(self.check, name)

    @classmethod
    def check(cls, address: str, name: str) -> str:
        """``address``, the answer for ``name``, or :class:`DNSLookupError` when it is refused."""
        guards = list(cls.guards)
        private_refused = any(guard.private_refused() for guard in guards)
        reason = address_refusal(address, private_refused=private_refused)
        if reason is None:
            return address
        # One refused answer is one event: counted once, on the crawl that asked for the name (a list crawl runs a
        # crawler, so a guard, per site at once; their stats are summed for the list).
        asking = next((guard for guard in guards if name.lower() in guard.hosts_asked), guards[0] if guards else None)
        if asking is not None:
            asking.crawler.stats.inc_value("inbound/security/refused_addresses")
        if name not in cls.logged:
            cls.logged.add(name)
            logger.warning("[security] %s resolves to %s at connection time: refused (%s)", name, address, reason)
        raise DNSLookupError(f"{name}: {reason}")
