"""Middlewares that keep a crawl of a hostile site finishing, bounded and honest: each problem a page has is logged
once, with its URL, and counted under ``inbound/...``; pages that can still be audited are.

Downloader middlewares, in the order a response meets them (``process_response`` runs from the highest number):

- :class:`RedirectLoopGuard` (610): a redirect back to a URL of the same chain, or one redirect too many.
- :class:`LenientDecompression` (590, in place of Scrapy's ``HttpCompressionMiddleware``): a body its
  ``Content-Encoding`` does not decode (``gzip`` on a plain body) is read as it came.
- :class:`CharsetSanity` (589): a charset name that is not a text encoding (``zlib``, ``rot13``, ``idna``).
- :class:`BinaryGuard` (588): binary bytes (images, archives, random data) served as ``text/html``.
- :class:`CharsetRepair` (587): a page declared UTF-8 whose bytes are not (Windows-1252 pages, mostly).
- :class:`AttributeBound` (586): attribute values of megabytes (inline data, generated class lists).
- :class:`DepthBound` (585): markup nested deeper than parsers keep (lxml drops what follows).
- :class:`PartialPages` (545): a response cut short is audited for what arrived.
- :class:`DownloadFailureLog` (540): a page that could not be downloaded, after retries: one line, one stat.
- :class:`OffsiteRedirectGuard` (55): a redirect (HTTP or meta refresh) off the audited site is not followed; the
  start URL's own redirects move the site.
- :class:`RobotsTxtServerError` (100, in place of Scrapy's ``RobotsTxtMiddleware``): a robots.txt answering 5xx,
  or not at all, disallows the whole host (RFC 9309).

Spider middleware:

- :class:`TrapGuard` (850): endless families of URLs (calendars, session ids) are followed a bounded number of times.

Settings, read with typed getters here: ``INBOUND_TRAP_MAX_VARIANTS`` (int, 50) and ``INBOUND_MAX_ATTRIBUTE_CHARS``
(int, 262144); 0 switches the middleware off.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from charset_normalizer import from_bytes
from lxml import etree
from OpenSSL.SSL import Error as TlsError
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.responsetypes import responsetypes
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding
from w3lib.url import canonicalize_url

from inbound_spiders.page.tree import response_tree

logger = logging.getLogger(__name__)

DEFAULT_TRAP_MAX_VARIANTS = 50
DEFAULT_MAX_ATTRIBUTE_CHARS = 256 * 1024


def is_page_request(request: Request) -> bool:
    """A request whose failure nobody else handles: no errback, and a callback (not robots.txt's ``NO_CALLBACK``)."""
    return request.errback is None and request.callback is not NO_CALLBACK


def _ok_html(response: Response) -> bool:
    return isinstance(response, HtmlResponse) and 200 <= response.status < 300


# --- spider traps --------------------------------------------------------------------------------------------------

_DATE = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}(?P<sep>[-_./]?)(?:0?[1-9]|1[0-2])(?:(?P=sep)(?:0?[1-9]|[12][0-9]|3[01]))?(?![0-9])"
)
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_SMALL_NUMBER = re.compile(r"[0-9]{1,2}")
_OPAQUE_TOKEN = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"  # UUID
    r"|[0-9a-fA-F]{16,}"  # hex session id, hash
    r"|(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{20,}"  # random token
)
#: Query keys whose values are points in time (in the languages of the sites audited so far).
_TIME_KEYS = frozenset({
    "year", "month", "day", "week", "date", "time", "start", "end", "from", "to", "cal", "calendar", "ical", "y",
    "m", "d", "annee", "année", "mois", "jour", "semaine", "fecha", "mes", "dia", "día", "jahr", "monat", "tag",
    "woche",
})  # fmt: skip
_SESSION_KEYS = frozenset(["sid", "sessionid", "session_id", "sessid", "phpsessid", "jsessionid", "aspsessionid", "s"])


def trap_template(url: str) -> str | None:
    """The family a URL belongs to, when its variable parts are of a kind that never ends — dates (a calendar),
    session ids and other opaque tokens — else ``None``.

    ``/calendar/?month=2017-02`` and ``/calendar/?month=2017-03`` share ``/calendar/?month={time}``;
    ``/agenda/2017/02/14/`` is ``/agenda/{year}/{n}/{n}/``. Plain numbers (``/p17/``, ``?page=3``, ``?id=123``)
    name content and are left alone: the page budget bounds them.
    """
    parts = urlsplit(url)
    variable = False
    segments = []
    after_year = False
    for segment in parts.path.split("/"):
        if _YEAR.fullmatch(segment):
            segments.append("{year}")
            variable, after_year = True, True
            continue
        if after_year and _SMALL_NUMBER.fullmatch(segment):
            segments.append("{n}")
            continue
        after_year = False
        segment, parameters, _ = segment.partition(";")  # ;jsessionid=... path parameters
        replaced, count = _DATE.subn("{date}", segment)
        if not count and _OPAQUE_TOKEN.fullmatch(segment):
            replaced, count = "{token}", 1
        if parameters:
            replaced, count = f"{replaced};{{token}}", count + 1
        variable = variable or bool(count)
        segments.append(replaced)
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        lowered = key.lower()
        if lowered in _TIME_KEYS or "date" in lowered or _DATE.fullmatch(value):
            value, variable = "{time}", True
        elif lowered in _SESSION_KEYS or _OPAQUE_TOKEN.fullmatch(value):
            value, variable = "{token}", True
        query.append(f"{key}={value}")
    if not variable:
        return None
    host = (parts.hostname or "").lower()
    return f"{host}{'/'.join(segments)}" + (f"?{'&'.join(sorted(query))}" if query else "")


class TrapGuard(BaseSpiderMiddleware):
    """Spider middleware: stop following URLs of one endless family (see :func:`trap_template`) once
    ``INBOUND_TRAP_MAX_VARIANTS`` of them were followed. An infinite calendar costs that many pages, not the crawl's
    whole page budget. Logged once per family with an example URL; stats ``inbound/traps/families`` (families cut
    off) and ``inbound/pages/trap_skipped`` (distinct links not followed).

    :class:`~inbound_spiders.spiders.base.InboundSpider` counts a link against its page budget (``requested``) when
    it yields it; a link skipped here is given back, so that a trap does not use up the budget of the real pages.
    """

    def __init__(self, crawler: Crawler, max_variants: int) -> None:
        super().__init__(crawler)
        self.max_variants = max_variants
        self.followed: dict[str, set[str]] = {}
        self.skipped: set[str] = set()
        self.cut: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TrapGuard:
        max_variants = crawler.settings.getint("INBOUND_TRAP_MAX_VARIANTS", DEFAULT_TRAP_MAX_VARIANTS)
        if max_variants <= 0:
            raise NotConfigured("INBOUND_TRAP_MAX_VARIANTS is 0")
        return cls(crawler, max_variants)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if response is None:  # start requests: the user asked for them
            return request
        template = trap_template(request.url)
        if template is None:
            return request
        followed = self.followed.setdefault(template, set())
        canonical = canonicalize_url(request.url)
        if canonical in followed:
            return request
        if len(followed) < self.max_variants:
            followed.add(canonical)
            return request
        self.skip(request, response, template, canonical)
        return None

    def skip(self, request: Request, response: Response, template: str, canonical: str) -> None:
        """Count a link not followed (once per URL), log its family once, and give its page budget back."""
        requested = getattr(self.crawler.spider, "requested", None)
        if isinstance(requested, set):
            requested.discard(canonical)
        if canonical in self.skipped:
            return
        self.skipped.add(canonical)
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("inbound/pages/trap_skipped")
        if template not in self.cut:
            self.cut.add(template)
            stats.set_value("inbound/traps/families", len(self.cut))
            logger.warning(
                "[trap] %s: more than %d URLs like it (%s), linked from %s; no more of them are followed "
                "(INBOUND_TRAP_MAX_VARIANTS)",
                request.url, self.max_variants, template, response.url,
            )  # fmt: skip


# --- redirects -----------------------------------------------------------------------------------------------------


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL of the same redirect chain, or one redirect more than ``REDIRECT_MAX_TIMES``."""


class RedirectLoopGuard:
    """Downloader middleware (before Scrapy's redirect middleware sees the response): a redirect to a URL already in
    the request's redirect chain is a loop, and a chain longer than ``REDIRECT_MAX_TIMES`` will never end. Scrapy
    stops both quietly (the duplicate filter, or a debug message); here each is logged once with its chain and
    counted: ``inbound/pages/redirect_loop``, ``inbound/pages/too_many_redirects``."""

    REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

    def __init__(self, crawler: Crawler, max_redirects: int) -> None:
        self.crawler = crawler
        self.max_redirects = max_redirects

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopGuard:
        if not crawler.settings.getbool("REDIRECT_ENABLED", True):
            raise NotConfigured("REDIRECT_ENABLED is off")
        return cls(crawler, crawler.settings.getint("REDIRECT_MAX_TIMES", 20))

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if (
            response.status not in self.REDIRECT_STATUSES
            or not location
            or request.meta.get("dont_redirect")
            or request.meta.get("handle_httpstatus_all")
            or response.status in request.meta.get("handle_httpstatus_list", ())
        ):
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        chain = [*request.meta.get("redirect_urls", []), request.url]
        stats = self.crawler.stats
        assert stats is not None
        if canonicalize_url(target) in {canonicalize_url(url) for url in chain}:
            stats.inc_value("inbound/pages/redirect_loop")
            logger.warning("[redirect] %s is a redirect loop: %s", chain[0], " -> ".join([*chain, target]))
            raise RedirectLoop(f"redirect loop: {chain[0]}")
        if request.meta.get("redirect_times", 0) >= self.max_redirects:
            stats.inc_value("inbound/pages/too_many_redirects")
            logger.warning(
                "[redirect] %s: more than %d redirects (REDIRECT_MAX_TIMES), last to %s",
                chain[0], self.max_redirects, target,
            )  # fmt: skip
            raise RedirectLoop(f"too many redirects: {chain[0]}")
        return response


class OffsiteRedirect(IgnoreRequest):
    """A redirect from a page of the audited site to a page the crawl does not follow (another site)."""


class OffsiteRedirectGuard:
    """Downloader middleware (``process_request``, so that HTTP redirects and meta refreshes alike are seen, as the
    requests Scrapy's redirect middlewares make): a redirect from a page of the site to a URL the spider would not
    follow as a link (:meth:`~inbound_spiders.spiders.base.InboundSpider.should_follow`: another registrable domain)
    is not followed, since that page's findings are not the site's. Logged once per page with the chain; stat
    ``inbound/pages/offsite_redirect``.

    The start URL's own redirects define the site: a site that moved (``old.org`` → ``new.org``) is audited where it
    went, which the spider logs and records (:meth:`~inbound_spiders.spiders.base.InboundSpider.move_site`)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OffsiteRedirectGuard:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        chain = request.meta.get("redirect_urls")
        spider = self.crawler.spider
        should_follow = getattr(spider, "should_follow", None)
        if not chain or should_follow is None or should_follow(request.url):
            return
        move_site = getattr(spider, "move_site", None)
        if move_site is not None and move_site(chain[0], request.url):
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("inbound/pages/offsite_redirect")
        logger.warning(
            "[redirect] %s redirects off the audited site (%s): not followed, its findings are not the site's",
            chain[0], " -> ".join([*chain, request.url]),
        )  # fmt: skip
        raise OffsiteRedirect(f"offsite redirect: {chain[0]} -> {request.url}")


# --- TLS failures --------------------------------------------------------------------------------------------------


def tls_failure(exception: BaseException) -> str | None:
    """What a download failure's TLS error says (``wrong version number``: an http-only server spoken to in https),
    looking through Scrapy's and Twisted's wrappers (``__cause__``, ``ResponseFailed.reasons``); ``None`` when the
    failure is not a TLS error."""
    seen: list[BaseException] = []
    waiting: list[Any] = [exception]
    while waiting:
        error = waiting.pop()
        error = getattr(error, "value", error)  # a Twisted Failure
        if not isinstance(error, BaseException) or any(error is known for known in seen):
            continue
        seen.append(error)
        if isinstance(error, TlsError):
            reasons = [part[-1] for part in (error.args[0] if error.args else []) if isinstance(part, tuple) and part]
            return ", ".join(str(reason) for reason in reasons if reason) or str(error) or "TLS error"
        waiting.extend([error.__cause__, error.__context__, *(getattr(error, "reasons", None) or ())])
    return None


def count_tls_failure(crawler: Crawler, exception: BaseException) -> None:
    """Keep the first TLS failure's words (``inbound/tls_failed``): a start URL written without ``http://`` on an
    http-only site fails so, and the spider then says what to write (``InboundSpider.closed``)."""
    reason = tls_failure(exception)
    stats = crawler.stats
    if reason and stats is not None and not stats.get_value("inbound/tls_failed"):
        stats.set_value("inbound/tls_failed", reason)


# --- robots.txt ----------------------------------------------------------------------------------------------------


class RobotsUnreachable(IgnoreRequest):
    """robots.txt could not be downloaded (after retries): no answer, or a connection error."""


#: What a host whose robots.txt is unreachable allows: nothing (RFC 9309, 2.3.1.4).
_DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class RobotsTxtServerError(RobotsTxtMiddleware):
    """Scrapy's ``RobotsTxtMiddleware``, in its place, except for a robots.txt that is unreachable — a 5xx answer
    (after retries), or no answer at all (timeout, connection refused): Scrapy then allows everything; RFC 9309 says
    to disallow everything, and so does this crawl. Said once per host (``WARNING [robots] ...``), counted under
    ``inbound/robots/unreachable`` (the first host's reason in ``inbound/robots/unreachable_reason``); the pages
    refused are Scrapy's ``robotstxt/forbidden`` and the project's ``inbound/pages/refused``. A 4xx robots.txt
    (none) still allows everything."""

    def _is_robots_request(self, request: Request) -> bool:
        return bool(request.meta.get("dont_obey_robotstxt")) and request.callback is NO_CALLBACK

    async def process_request(self, request: Request, spider: Any = None) -> None:
        if self._is_robots_request(request):
            request.meta.setdefault("give_up_log_level", "DEBUG")  # the retry middleware's line: ours replaces it
        await super().process_request(request)

    def process_exception(self, request: Request, exception: Exception) -> None:
        # The robots.txt request's own failure: turned into an IgnoreRequest, which Scrapy's robot_parser takes
        # without logging a traceback, then handled in _robots_error.
        if self._is_robots_request(request) and not isinstance(exception, IgnoreRequest):
            count_tls_failure(self.crawler, exception)
            raise RobotsUnreachable(f"{type(exception).__name__}: {exception}") from exception

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._disallow_all(netloc, response.url, f"answered HTTP {response.status}")
            response = response.replace(body=_DISALLOW_ALL)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if not isinstance(exc, RobotsUnreachable):
            super()._robots_error(exc, netloc)
            return
        self._disallow_all(netloc, f"{netloc}/robots.txt", f"could not be fetched ({exc})")
        parser = build_from_crawler(self._parserimpl, self.crawler, _DISALLOW_ALL)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)

    def _disallow_all(self, netloc: str, url: str, why: str) -> None:
        self._stats.inc_value("inbound/robots/unreachable")
        # The first host's reason: a site whose start page it refused failed for it (runs of a list say so).
        if not self._stats.get_value("inbound/robots/unreachable_reason"):
            self._stats.set_value("inbound/robots/unreachable_reason", f"of {netloc} {why}")
        logger.warning(
            "[robots] %s %s: nothing on %s is crawled (RFC 9309: an unreachable robots.txt disallows everything)",
            url, why, netloc,
        )  # fmt: skip


# --- binary bodies -------------------------------------------------------------------------------------------------

#: Leading bytes of common binary formats: images, archives, documents, media, fonts.
_MAGIC = (
    b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf",
    b"\xfd7zXZ", b"(\xb5/\xfd", b"Rar!", b"RIFF", b"OggS", b"ID3", b"fLaC", b"wOFF", b"wOF2", b"\x00\x00\x01\x00",
    b"\x7fELF", b"MZ", b"\x00asm",
)  # fmt: skip
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13} | {127}
_SNIFF_BYTES = 1024
_MAX_CONTROL_SHARE = 0.05


def looks_binary(body: bytes) -> bool:
    """Whether a body declared as HTML is binary data: a known binary signature, or more than 5% of control
    characters (NUL included) in its first kilobyte. Text in any single- or multi-byte ASCII-compatible charset
    passes, and so does a text page holding a stray NUL byte or two (a template bug, not binary data)."""
    head = body[:_SNIFF_BYTES]
    if head.startswith(codecs.BOM_UTF8):
        return False
    if not head or head.startswith(_WIDE_BOMS):
        return False
    if head.startswith(_MAGIC):
        return True
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    return controls > _MAX_CONTROL_SHARE * len(head)


class BinaryGuard:
    """Downloader middleware: a 2xx response declared as HTML whose body is binary (:func:`looks_binary`) reaches the
    spider as a plain, non-HTML :class:`~scrapy.http.Response`, so no extractor reads it as markup. Logged once with
    the URL; stat ``inbound/pages/binary_as_html``. UTF-16/32 pages (NUL bytes by nature) are left alone.

    A text page holding a few NUL bytes is text: they are removed (in an ASCII-compatible charset a NUL byte is only
    ever U+0000, which HTML parsers drop anyway), the page is audited, logged once and counted under
    ``inbound/pages/nul_bytes``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BinaryGuard:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not _ok_html(response):
            return response
        # Not response.encoding: detecting the charset of megabytes of binary data is slow.
        if (declared_encoding(response) or "").startswith(("utf-16", "utf-32")) or response.body.startswith(_WIDE_BOMS):
            return response
        assert self.crawler.stats is not None
        if not looks_binary(response.body):
            nul_bytes = response.body.count(b"\x00")
            if not nul_bytes:
                return response
            self.crawler.stats.inc_value("inbound/pages/nul_bytes")
            logger.warning("[binary] %s: %d NUL byte(s) in its text, removed; audited", response.url, nul_bytes)
            return response.replace(body=response.body.replace(b"\x00", b""))
        self.crawler.stats.inc_value("inbound/pages/binary_as_html")
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        logger.warning(
            "[binary] %s is served as %r but its body is binary (%s...): not audited",
            response.url, content_type, response.body[:8],
        )  # fmt: skip
        values = {name: getattr(response, name) for name in Response.attributes}
        values["flags"] = [*response.flags, "binary_as_html"]
        return Response(**values)


# --- charsets ------------------------------------------------------------------------------------------------------

_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_FALLBACK_ERRORS = "inbound-cp1252-fallback"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as Windows-1252 (Latin-1 for its 5 unused bytes)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    text = "".join(chr(byte) if byte in _CP1252_UNDEFINED else bytes([byte]).decode("cp1252") for byte in chunk)
    return text, error.end


codecs.register_error(_FALLBACK_ERRORS, _cp1252_fallback)


def repair_utf8(body: bytes) -> str | None:
    """``body`` decoded as UTF-8 with every invalid byte read as Windows-1252; ``None`` when it is valid UTF-8. A page
    mixing both (a Windows-1252 snippet pasted in a UTF-8 template) keeps its UTF-8 characters."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("utf-8", errors=_FALLBACK_ERRORS)
    return None


def declared_encoding(response: Response) -> str | None:
    """The charset a response declares, in the order Scrapy obeys: byte order mark, ``Content-Type`` header,
    ``<meta>`` tag; normalised (``utf8`` → ``utf-8``), ``None`` when nothing is declared."""
    declared = read_bom(response.body)[0] or declared_charset_label(response)
    return resolve_encoding(declared) if declared else None


def declared_charset_label(response: Response) -> str | None:
    """The charset label a response declares in its ``Content-Type`` header or a ``<meta>`` tag, as given."""
    content_type = response.headers.get(b"Content-Type")
    return http_content_type_encoding(
        content_type.decode("latin-1") if content_type else None
    ) or html_body_declared_encoding(response.body)


class CharsetRepair:
    """Downloader middleware: a page whose charset is UTF-8 (declared by its header or a ``<meta>`` tag) but whose
    bytes are not valid UTF-8 is decoded with its invalid bytes read as Windows-1252 — what such pages are, nearly
    always — instead of replacement characters: ``S'inscrire à la newsletter``, not ``S'inscrire � la newsletter``.
    Logged once with the URL; stat ``inbound/pages/charset_repaired``.

    Pages without any charset are left to Scrapy's detection (UTF-8, then ``charset_normalizer``); a page declaring a
    single-byte charset while being UTF-8 (``Ã©``) is not detected.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetRepair:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not _ok_html(response):
            return response
        assert isinstance(response, HtmlResponse)
        if declared_encoding(response) != "utf-8":
            return response
        text = repair_utf8(response.body)
        if text is None:
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("inbound/pages/charset_repaired")
        logger.warning("[charset] %s declares UTF-8 but is not: its other bytes read as Windows-1252", response.url)
        return response.replace(body=text.encode("utf-8"), encoding="utf-8")


#: The charsets of the web (the WHATWG Encoding Standard's, with the aliases Scrapy's ``w3lib`` translates them to)
#: as Python codec names. Python knows other codecs by charset-like names — ``zlib``, ``base64``, ``rot13``
#: (bytes-to-bytes or str-to-str transforms), ``idna``, ``punycode`` (for host names) — which a page cannot be in.
WEB_TEXT_CODECS = frozenset(
    codecs.lookup(name).name
    for name in (
        "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "ascii",
        "latin-1", "ibm866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "gbk", "gb2312", "gb18030",
        "big5", "big5hkscs", "euc-jp", "iso2022-jp", "shift-jis", "cp932", "euc-kr", "cp949",
        *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16)),
        *(f"cp{n}" for n in range(1250, 1259)),
    )
)  # fmt: skip


def is_web_text_encoding(name: str) -> bool:
    """Whether ``name`` (a charset label as a page gives it) names a charset of the web (:data:`WEB_TEXT_CODECS`)."""
    resolved = resolve_encoding(name)
    try:
        return resolved is not None and codecs.lookup(resolved).name in WEB_TEXT_CODECS
    except LookupError:
        return False


def inferred_encoding(body: bytes) -> str:
    """The charset of a body that declares none usable: UTF-8 when it is valid UTF-8, else what
    ``charset_normalizer`` finds (Scrapy's own detection for undeclared pages), else Windows-1252."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        match = from_bytes(body[: 64 * 1024]).best()
        return resolve_encoding(match.encoding) or "cp1252" if match else "cp1252"
    return "utf-8"


class CharsetSanity:
    """Downloader middleware: a page whose declared charset is not a charset of the web (``charset=zlib``,
    ``rot13``, ``idna``...: Python codecs that are not text encodings, on which Scrapy raises ``LookupError`` or
    ``UnicodeError`` and the page is lost) is read as if it declared none (:func:`inferred_encoding`). Logged once
    per page with the URL and the label; stat ``inbound/pages/bogus_charset``. An unknown label (``charset=foo``) is
    left to Scrapy, which ignores it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetSanity:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or read_bom(response.body)[0]:
            return response
        label = declared_charset_label(response)
        if not label or resolve_encoding(label) is None or is_web_text_encoding(label):
            return response
        encoding = inferred_encoding(response.body)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("inbound/pages/bogus_charset")
        logger.warning(
            "[charset] %s declares charset %r, which is not a text encoding: read as undeclared (%s)",
            response.url, label[:40], encoding,
        )  # fmt: skip
        return response.replace(encoding=encoding)


class LenientDecompression(HttpCompressionMiddleware):
    """Scrapy's ``HttpCompressionMiddleware``, in its place, except for a body that its ``Content-Encoding`` does not
    decode (``gzip`` announced on a plain body, a corrupt ``deflate`` stream): Scrapy raises and the page is lost with
    a traceback; here the body is read as it came (what browsers show is no better), logged once with the URL and
    counted under ``inbound/pages/bad_content_encoding``. A body that is really compressed data then meets
    :class:`BinaryGuard`. Decompression bombs still stop at ``DOWNLOAD_MAXSIZE``, as Scrapy does."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            raise
        except Exception as error:  # each codec has its own: OSError, zlib.error, brotli.error, ZstdError...
            announced = b", ".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
            if self.stats is not None:
                self.stats.inc_value("inbound/pages/bad_content_encoding")
            logger.warning(
                "[download] %s announces Content-Encoding %r but its body does not decode (%s): read as plain",
                response.url, announced[:40], type(error).__name__,
            )  # fmt: skip
            headers = response.headers.copy()
            del headers["Content-Encoding"]
            cls = responsetypes.from_args(headers=headers, url=response.url, body=response.body)
            return response.replace(cls=cls, headers=headers)


# --- markup bounds -------------------------------------------------------------------------------------------------


class AttributeBound:
    """Downloader middleware: attribute values longer than ``INBOUND_MAX_ATTRIBUTE_CHARS`` characters are cut to that
    length before anything parses the page. Such values are inline data or generated junk, never a finding; left
    whole, each costs link extraction about 80 bytes of memory per character (a 6 MB ``href`` would take ~500 MB).
    Logged once per page with the URL; stat ``inbound/pages/huge_attributes``."""

    def __init__(self, crawler: Crawler, max_chars: int) -> None:
        self.crawler = crawler
        self.max_chars = max_chars
        self.pattern = re.compile(
            rb"(=[ \t\n\r\f]*)(\"[^\"]{%d,}\"|'[^']{%d,}'|[^ \t\n\r\f\"'=<>`]{%d,})" % ((max_chars + 1,) * 3)
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttributeBound:
        max_chars = crawler.settings.getint("INBOUND_MAX_ATTRIBUTE_CHARS", DEFAULT_MAX_ATTRIBUTE_CHARS)
        if max_chars <= 0:
            raise NotConfigured("INBOUND_MAX_ATTRIBUTE_CHARS is 0")
        return cls(crawler, max_chars)

    def bound(self, body: bytes) -> tuple[bytes, int]:
        """``body`` with long attribute values cut (bytes count as characters: a bound, not an exact length)."""

        def cut(match: re.Match[bytes]) -> bytes:
            equals, value = match.groups()
            if value[:1] in (b'"', b"'"):
                return equals + value[: self.max_chars + 1] + value[:1]
            return equals + value[: self.max_chars]

        return self.pattern.subn(cut, body)

    def process_response(self, request: Request, response: Response) -> Response:
        if not _ok_html(response) or len(response.body) <= self.max_chars:
            return response
        body, count = self.bound(response.body)
        if not count:
            return response
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("inbound/pages/huge_attributes")
        logger.warning(
            "[markup] %s: %d attribute value(s) longer than %d characters, cut (INBOUND_MAX_ATTRIBUTE_CHARS)",
            response.url, count, self.max_chars,
        )  # fmt: skip
        return response.replace(body=body)


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]*)([^<>]{0,4096}?)(/?)>")
_VOID = frozenset({
    "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input", "isindex", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
})  # fmt: skip
_RAW_TEXT = frozenset(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"])
#: Elements kept even beyond the depth bound: they hold findings (links, buttons, forms, embeds, headings).
_KEEP = frozenset({
    "a", "area", "button", "form", "input", "select", "option", "optgroup", "textarea", "label", "iframe", "video",
    "audio", "source", "track", "img", "picture", "embed", "object", "param", "script", "style", "h1", "h2", "h3",
    "h4", "h5", "h6",
})  # fmt: skip
_CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "div", "dl", "fieldset", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
})  # fmt: skip
_SIBLINGS = {"li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "td": ("td", "th"), "th": ("td", "th")}
_SIBLINGS |= {"option": ("option",), "tr": ("tr", "td", "th")}
#: :data:`_KEEP` elements kept open at once beyond the depth bound, in all and of one name (more are unwrapped like
#: any other element): a link or button inside 5,000 nested ``<label>`` stays one.
MAX_KEPT_BEYOND = 32
MAX_KEPT_NESTED = 2


def bound_depth(html: str, max_depth: int, max_kept: int = MAX_KEPT_BEYOND) -> tuple[str, int]:
    """``html`` with elements nested deeper than ``max_depth`` unwrapped (their start and end tags removed, their
    content kept), and the deepest nesting seen; the text is returned unchanged when nothing is deeper than the bound.

    :data:`_KEEP` elements beyond the bound stay, up to ``max_kept`` of them open at once and
    :data:`MAX_KEPT_NESTED` of one name: 5,000 nested ``<label>``, ``<button>`` or ``<object>`` are findings'
    elements too, and kept all they would nest as deep as before.

    The depth is an estimate from a linear tag scan (void elements, raw-text elements, comments and the usual
    implied end tags are understood; the rest of HTML's tree-building rules are not), which is all a bound needs.
    """
    stack: list[str] = []
    open_names: Counter[str] = Counter()  # the names on the stack, for constant-time membership
    dropped: Counter[str] = Counter()
    kept: Counter[str] = Counter()  # _KEEP elements open beyond the bound
    removed: list[tuple[int, int]] = []
    deepest = 0
    position = 0
    while True:
        start = html.find("<", position)
        if start < 0:
            break
        if html.startswith("<!--", start):
            end = html.find("-->", start + 4)
            if end < 0:
                break
            position = end + 3
            continue
        if html.startswith(("<!", "<?"), start):
            end = html.find(">", start)
            if end < 0:
                break
            position = end + 1
            continue
        match = _TAG.match(html, start)
        if match is None:
            position = start + 1
            continue
        position = match.end()
        closing, name = match.group(1), match.group(2).lower()
        if closing:
            if dropped[name] and (len(stack) >= max_depth or not open_names[name]):
                dropped[name] -= 1
                removed.append(match.span())
            elif kept[name] and len(stack) >= max_depth:
                kept[name] -= 1
            elif open_names[name]:
                while (popped := stack.pop()) != name:
                    open_names[popped] -= 1
                open_names[name] -= 1
            continue
        if (name in _SIBLINGS and stack and stack[-1] in _SIBLINGS[name]) or (
            name in _CLOSES_P and stack and stack[-1] == "p"
        ):
            open_names[stack.pop()] -= 1
        if name in _RAW_TEXT:
            end_match = re.compile(rf"</{name}\b", re.IGNORECASE).search(html, position)
            if end_match is None:
                break
            position = end_match.start()
        if name in _VOID or match.group(4):
            continue
        if len(stack) < max_depth:
            stack.append(name)
            open_names[name] += 1
            deepest = max(deepest, len(stack))
        elif name in _KEEP and kept[name] < MAX_KEPT_NESTED and kept.total() < max_kept:
            kept[name] += 1
            deepest = max(deepest, len(stack) + kept.total())
            # Kept but not stacked: its end tag is kept as well.
        else:
            deepest = max(deepest, len(stack) + kept.total() + 1 + dropped.total())
            dropped[name] += 1
            removed.append(match.span())
    if not removed:
        return html, deepest
    parts = []
    kept_from = 0
    for begin, end in removed:
        parts.append(html[kept_from:begin])
        kept_from = end
    parts.append(html[kept_from:])
    return "".join(parts), deepest


#: libxml2's nesting limit outside its huge-tree mode: what lxml keeps of a document by default.
LXML_MAX_DEPTH = 256
#: Depth below which :class:`DepthBound` flattens: under :data:`LXML_MAX_DEPTH` with a margin for the elements
#: lxml adds (``html``, ``body``) and for :func:`bound_depth`'s estimate.
FLATTEN_DEPTH = 200


#: Nesting of the spider's own parse of a page (parsel's, which keeps 2,048 levels) up to which lxml's 256-level limit
#: is not reached: the same parser builds the same tree up to that limit. A margin under :data:`LXML_MAX_DEPTH`, for
#: what parsel does differently (it parses the decoded text, its NUL characters removed).
SURELY_SHALLOW_DEPTH = 200
_DEEPER_THAN_SURELY_SHALLOW = etree.XPath(f"boolean({'/*' * (SURELY_SHALLOW_DEPTH + 1)})")


def exceeds_parser_depth(body: bytes, encoding: str) -> bool:
    """Whether lxml, outside its huge-tree mode, stops parsing ``body`` for nesting deeper than 256 levels.

    Parsing in C is the cheap test (some 50 ms per MB, and it stops at the excessive depth); :func:`bound_depth`,
    in Python, only runs on the pages that need it.
    """
    parser = etree.HTMLParser(encoding=encoding, huge_tree=False, recover=True, no_network=True)
    try:
        etree.fromstring(body, parser)
    except (etree.LxmlError, ValueError):
        return False
    return any(
        error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT and "depth" in error.message for error in parser.error_log
    )


class DepthBound:
    """Downloader middleware: a page nested deeper than lxml keeps (:func:`exceeds_parser_depth`) is flattened below
    :data:`FLATTEN_DEPTH` levels (:func:`bound_depth`). lxml keeps 256 levels (2,048 in the huge-tree mode parsel
    uses) and drops everything after the deepest point: without this, a page of 5,000 unclosed ``<div>`` loses its
    footer's calls to action. Logged once per page with the URL; stat ``inbound/pages/deep_dom``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DepthBound:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        # Fewer tags than the limit cannot nest deeper than it: most pages stop at this count.
        if not _ok_html(response) or response.body.count(b"<") <= LXML_MAX_DEPTH:
            return response
        assert isinstance(response, HtmlResponse)
        # The spider parses the page anyway (the parse is kept on the response): a page that nests no deeper than
        # SURELY_SHALLOW_DEPTH there, nearly every page, needs no second parse for the exact test.
        if not _DEEPER_THAN_SURELY_SHALLOW(response_tree(response).root):
            return response
        if not exceeds_parser_depth(response.body, response.encoding):
            return response
        html, deepest = bound_depth(response.text, FLATTEN_DEPTH)
        body = html.encode("utf-8")
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("inbound/pages/deep_dom")
        if exceeds_parser_depth(body, "utf-8"):
            # The estimate was wrong for this markup: every element beyond the bound loses its tags, so that nothing
            # after the deep part is dropped by the parser; said, since buttons and labels there lose theirs.
            body = bound_depth(html, FLATTEN_DEPTH, max_kept=0)[0].encode("utf-8")
            still_too_deep = exceeds_parser_depth(body, "utf-8")
            self.crawler.stats.inc_value("inbound/pages/deep_dom_unwrapped")
            logger.warning(
                "[markup] %s nests about %d elements deep, more than parsers keep: every element below %d levels "
                "unwrapped%s",
                response.url, deepest, FLATTEN_DEPTH,
                " (still too deep: what follows the deepest point is lost)" if still_too_deep else "",
            )  # fmt: skip
            return response.replace(body=body, encoding="utf-8")
        logger.warning(
            "[markup] %s nests about %d elements deep, more than parsers keep: flattened below %d levels",
            response.url, deepest, FLATTEN_DEPTH,
        )  # fmt: skip
        return response.replace(body=body, encoding="utf-8")


# --- download failures ---------------------------------------------------------------------------------------------


class PageDownloadFailed(IgnoreRequest):
    """A page that could not be downloaded, already logged and counted by :class:`DownloadFailureLog`."""


class PartialPages:
    """Downloader middleware: a page whose connection closed before its announced length is audited for what arrived
    (Scrapy's ``download_fail_on_dataloss`` request meta) instead of being lost, unless ``DOWNLOAD_FAIL_ON_DATALOSS``
    is set explicitly. Logged once with the URL; stat ``inbound/pages/truncated``."""

    def __init__(self, crawler: Crawler, salvage: bool) -> None:
        self.crawler = crawler
        self.salvage = salvage

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PartialPages:
        explicit = (crawler.settings.getpriority("DOWNLOAD_FAIL_ON_DATALOSS") or 0) > SETTINGS_PRIORITIES["default"]
        return cls(crawler, salvage=not explicit)

    def process_request(self, request: Request) -> None:
        if self.salvage and is_page_request(request):
            request.meta.setdefault("download_fail_on_dataloss", False)

    def process_response(self, request: Request, response: Response) -> Response:
        if "dataloss" in response.flags:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("inbound/pages/truncated")
            logger.warning(
                "[download] %s was cut short after %d bytes: audited as received", response.url, len(response.body)
            )
        return response


class RefusedPageRefund:
    """Downloader middleware: a page refused before any request reached the site (robots.txt, the target guard, any
    ``IgnoreRequest`` from a ``process_request``) gives its place in ``-a max_pages`` back, since the budget counts
    pages asked of the site; counted under ``inbound/pages/refused``. The refused URL is not followed again."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RefusedPageRefund:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        # Called for exceptions of process_request methods and of the download itself, never for a response.
        if not isinstance(exception, IgnoreRequest) or not is_page_request(request):
            return
        refuse_page = getattr(self.crawler.spider, "refuse_page", None)  # InboundSpider's page budget
        if refuse_page is not None and refuse_page(request.url):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("inbound/pages/refused")


class DownloadFailureLog:
    """Downloader middleware (below Scrapy's retry middleware, so it sees what retries gave up on): a page that
    could not be downloaded is logged once — URL, attempts, reason — and counted under ``inbound/pages/failed/<reason>``
    (the exception class, or ``http_<status>`` for a 5xx answer).

    Without it, Scrapy logs a timeout twice (the retry middleware gives up, then the scraper reports the error with a
    traceback). Only requests without an errback are concerned: a request with one handles its own failures. A size
    cancellation is already logged by the download handler, with the URL: it is counted, not logged again.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DownloadFailureLog:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if is_page_request(request):
            request.meta.setdefault("give_up_log_level", "DEBUG")  # the retry middleware's line: ours replaces it

    def process_response(self, request: Request, response: Response) -> Response:
        handled = request.meta.get("handle_httpstatus_all") or response.status in request.meta.get(
            "handle_httpstatus_list", ()
        )
        if response.status >= 500 and is_page_request(request) and not handled:
            self._count(f"http_{response.status}")
            logger.warning(
                "[download] %s answered HTTP %d after %d attempt(s): not audited",
                request.url, response.status, _attempts(request),
            )  # fmt: skip
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest) or not is_page_request(request):
            return
        reason = type(exception).__name__
        self._count(reason)
        count_tls_failure(self.crawler, exception)
        if not isinstance(exception, DownloadCancelledError):
            logger.warning(
                "[download] %s failed after %d attempt(s): %s: %s",
                request.url, _attempts(request), reason, exception or "",
            )  # fmt: skip
        raise PageDownloadFailed(f"{reason}: {exception}") from exception

    def _count(self, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("inbound/pages/failed")
        stats.inc_value(f"inbound/pages/failed/{reason}")


def _attempts(request: Request) -> int:
    return int(request.meta.get("retry_times", 0)) + 1
