"""The shared base of every audit spider: bounded same-site crawl, extraction, stamping, rendering when needed."""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import logging
import re
import secrets
import weakref
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from inbound_spiders.archives import (
    ARCHIVE_PAGE_KEY,
    CAPTURE_KEY,
    LIVE,
    WAYBACK,
    ArchiveArgumentError,
    ArchiveSpec,
    archive_spec,
    iso,
)
from inbound_spiders.capture import EVIDENCE_KEY, CaptureArgumentError, capture_path
from inbound_spiders.config import InboundConfig
from inbound_spiders.extractors import EXTRACTORS
from inbound_spiders.first_screen import FirstScreen, take_pictures
from inbound_spiders.identity import item_key, site_name_of, site_of, stamp, utc_now_iso
from inbound_spiders.items import CallToAction, InboundItem
from inbound_spiders.links import UnfollowableLinks, canonical_url, link_urls
from inbound_spiders.lookups import Lookups
from inbound_spiders.page.language import language_decision, site_language
from inbound_spiders.page.model import Page
from inbound_spiders.page.tree import release_tree, response_tree
from inbound_spiders.rendering import (
    BrowserNotFound,
    PageMeasurements,
    RenderedPageTooLarge,
    RenderModeError,
    ResourcePolicy,
    apply_measurements,
    check_render_mode,
    close_page,
    install_settings,
    measure_page,
    playwright_settings,
    render_meta,
    rendering_reason,
    resolve_render_mode,
)
from inbound_spiders.repeats import RepeatedFindings
from inbound_spiders.sanitize import has_lone_surrogates, repaired
from inbound_spiders.security import allow_private_targets, guard_active, target_guard, unsafe_reason
from inbound_spiders.store import redact_uri

logger = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 500
# "mailto:x", "javascript:x", "data:x" — a scheme, unlike "example.org:8080".
_OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")
DEFAULT_MAX_DEPTH = 6
#: Parallel requests to the Wayback Machine (its download slot's delay, ``INBOUND_WAYBACK_DELAY``, paces them).
WAYBACK_CONCURRENCY = 2
#: ``Request.meta`` keys of the rendering flow: the page's link depth (a render request is not one click deeper than
#: the static page it renders), a page to fetch without the browser (after a failed render), and what the browser
#: measured on the page.
DEPTH_KEY = "inbound_depth"
#: Links past ``max_depth`` kept to tell, at the end, whether the depth bound left pages unvisited: one still
#: unrequested says so, and a crawl's memory does not grow with the links it does not follow.
MAX_BEYOND_DEPTH_KEPT = 1000
STATIC_KEY = "inbound_static"
MEASUREMENTS_KEY = "inbound_measurements"
#: ``Response.meta`` key of the page's language once decided (a site profile's own findings are stamped with it).
LANGUAGE_KEY = "inbound_language"
#: How pages whose language is not known are counted (``inbound/pages/language/unknown``).
UNKNOWN_LANGUAGE = "unknown"


class SpiderArgumentError(ValueError):
    """A spider argument (``-a name=value``) that cannot be used."""


#: The ``-a`` arguments the audit spiders read. Names starting with ``_`` are Scrapyd's (``_job``) or a list's
#: (``_run_id``); any other name is accepted and recorded in the run, unless it looks like a misspelling of one.
SPIDER_ARGUMENTS = (
    "url", "sites", "max_pages", "max_depth", "render", "render_mode", "as_of", "archive", "lookups", "capture",
    "site_name", "workers",
)  # fmt: skip
#: How close a name must be to a known argument to be taken for its misspelling (difflib's ratio): ``maxpages``,
#: ``rendr``, ``site`` are; ``depth``, ``pages``, ``note`` are not.
_MISSPELLING_RATIO = 0.8


def check_argument_names(arguments: dict[str, Any]) -> None:
    """:class:`SpiderArgumentError` for an argument whose name looks like a misspelt :data:`SPIDER_ARGUMENTS` name
    (``-a maxpages=3`` would otherwise be recorded and ignored, and the crawl take 500 pages)."""
    for name, value in arguments.items():
        if name in SPIDER_ARGUMENTS or name.startswith("_"):
            continue
        spelt = name.strip().lower().replace("-", "_")
        meant = [known for known in SPIDER_ARGUMENTS if spelt.replace("_", "") == known.replace("_", "")]
        meant = meant or difflib.get_close_matches(spelt, SPIDER_ARGUMENTS, n=1, cutoff=_MISSPELLING_RATIO)
        if meant:
            raise SpiderArgumentError(f"-a {name}={value!r}: no such argument; did you mean -a {meant[0]}=?")


def positive_int_argument(name: str, value: Any, default: int) -> int:
    """``value`` as a positive int, ``default`` when absent; a clear error naming the argument otherwise."""
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SpiderArgumentError(f"-a {name}={value!r}: expected a positive integer") from None
    if number < 1:
        raise SpiderArgumentError(f"-a {name}={value!r}: expected a positive integer")
    return number


def web_url_argument(name: str, value: Any) -> str:
    """``value`` as an absolute http(s) URL without credentials; a clear error naming the argument otherwise."""
    if not value:
        raise SpiderArgumentError(f"missing -a {name}=https://example.org/ (the site to audit)")
    url = str(value).strip()
    if "://" not in url and not _OTHER_SCHEME.match(url):
        url = f"https://{url}"  # a bare domain: example.org
    shown = redact_uri(url)  # errors end up in logs and Scrapyd's job logs
    parts = urlsplit(url)
    if parts.username or parts.password:
        # Scrapy does not log in with them, and every finding would store them in its page URL.
        raise SpiderArgumentError(
            f"-a {name}={shown!r}: credentials in the URL are refused; use Scrapy's HTTPAUTH_USER, HTTPAUTH_PASS and "
            "HTTPAUTH_DOMAIN settings for a site behind HTTP authentication"
        )
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise SpiderArgumentError(f"-a {name}={shown!r}: invalid port") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SpiderArgumentError(f"-a {name}={shown!r}: expected an http:// or https:// URL")
    if not is_web_host(parts.hostname):
        raise SpiderArgumentError(
            f"-a {name}={redact_uri(str(value).strip())!r}: {parts.hostname!r} is not a web host name; expected a URL "
            "such as https://example.org/ (a domain name with a dot, localhost or an IP address)"
        )
    return url


_HOST_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")


def is_web_host(host: str) -> bool:
    """Whether ``host`` (lower-cased, as ``urlsplit`` gives it) can name a web server: an IP address, ``localhost``,
    or a name of dot-separated letter-digit-hyphen labels (international names in their ASCII form, or as typed)
    with at least two of them. ``notaurl``, ``exa mple.org`` and ``..`` are not."""
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return True
    try:
        ascii_host = host.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.split(".")
    return len(labels) >= 2 and all(_HOST_LABEL.fullmatch(label) for label in labels)


def resumable_run_id(jobdir: Path, new_run_id: str) -> str:
    """The run id kept in ``JOBDIR``: a crawl resumed from a job directory continues the same run."""
    path = jobdir / "inbound_run_id"
    try:
        return path.read_text(encoding="utf-8").strip() or new_run_id
    except FileNotFoundError:
        jobdir.mkdir(parents=True, exist_ok=True)
        path.write_text(new_run_id, encoding="utf-8")
        return new_run_id


class InboundSpider(scrapy.Spider):
    """Crawl one site (its registrable domain, subdomains included) breadth-first within page and depth bounds,
    and hand every HTML page to the extractors."""

    config: InboundConfig
    lookups: Lookups
    repeats: RepeatedFindings | None = None
    """Which findings go on as items (``None``: all, ``INBOUND_COLLAPSE_REPEATS`` off); set in :meth:`from_crawler`."""
    render_mode: str | None = None
    """Whether pages need a browser on this site: ``never``, ``always`` or ``auto``; ``None`` leaves it to
    ``INBOUND_RENDER_MODE``. A site's spider sets it; ``-a render=`` overrides it. Resolved in :meth:`from_crawler`."""
    render_policy: ResourcePolicy | None = None
    """What rendered pages may load; ``None`` when this crawl does not render."""
    render_unavailable: str | None = None
    """Why this crawl cannot render although its mode says it may (no browser)."""
    first_screen: FirstScreen | None = None
    """The start page's first screens with their calls to action, when it was rendered (stored with the audit)."""
    site_name: str | None = None
    """The site's name for people (reports): a profile's title, else what the start page calls its site
    (:func:`~inbound_spiders.identity.site_name_of`); ``None`` until known."""
    default_as_of: str | None = None
    """The date this spider audits the site as archived at, when ``-a as_of=`` does not say (a profile's
    ``as_of``); ``None`` audits the live site."""
    archive: ArchiveSpec | None = None
    """Where an archived crawl reads the site (``-a as_of=``: the Wayback Machine; ``-a archive=``: WARC/WACZ files);
    ``None`` for the live site."""
    archived_at: str | None = None
    """For an archived crawl, when the start page was captured (ISO 8601, UTC): the date the audit describes."""

    start_page_language: str | None = None
    """The start page's language (:func:`~inbound_spiders.page.language.page_language`); ``None`` until known."""

    def __init__(
        self,
        *args: Any,
        url: str | None = None,
        max_pages: Any = None,
        max_depth: Any = None,
        render: Any = None,
        as_of: Any = None,
        archive: Any = None,
        lookups: Any = None,
        **kwargs: Any,
    ) -> None:
        # Scrapyd passes _job; remember it for the runs collection, and never fail on unknown keyword arguments.
        self.scrapyd_job: str | None = kwargs.pop("_job", None)
        # A list of sites (-a sites=) gives each site's crawl its run id.
        given_run_id: str | None = kwargs.pop("_run_id", None)
        self.arguments: dict[str, Any] = {
            key: value
            for key, value in {
                "url": url,
                "max_pages": max_pages,
                "max_depth": max_depth,
                "render": render,
                "as_of": as_of,
                "archive": archive,
                "lookups": lookups,
                **kwargs,
            }.items()
            if value is not None
        }
        #: ``-a render=`` (``-a render_mode=`` is accepted too): the render mode asked for this crawl.
        self.render_argument: Any = render if render is not None else kwargs.get("render_mode")
        super().__init__(*args, **kwargs)
        start_url, self.max_pages, self.max_depth = self.check_arguments(
            url=url, max_pages=max_pages, max_depth=max_depth, capture=kwargs.get("capture")
        )
        self.start_urls = [start_url]
        self.archive = self.archive_argument(as_of=as_of, archive=archive, lookups=lookups)
        self.site = site_of(start_url)
        self.run_id = given_run_id or f"{self.name}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        # Canonical URLs requested so far: the page budget counts pages, not links to pages already queued.
        self.requested: set[str] = set()
        # Of those, pages refused before any request reached the site (robots.txt, the target guard): they are not
        # followed again, and they give their place in the page budget back.
        self.refused: set[str] = set()
        # The links of other schemes, set aside as the page's links are read (link_urls' process_value).
        self.unfollowable = UnfollowableLinks()
        # Same-site links seen on pages at max_depth, not requested when seen (a sample): any still unrequested when
        # the crawl ends is a page the depth bound left unvisited (pages_left_beyond_depth).
        self.beyond_depth: set[str] = set()
        # The page model of each response being read, as long as the response lives (page_model).
        self.pages: weakref.WeakKeyDictionary[Response, Page] = weakref.WeakKeyDictionary()

    @classmethod
    def check_arguments(cls, **arguments: Any) -> tuple[str, int, int]:
        """The start URL, page budget and depth bound from the ``-a`` arguments; :class:`SpiderArgumentError`, naming
        the argument, for a value the spider cannot use. ``scrapy crawl`` calls it before starting, the spider when
        built."""
        check_argument_names(arguments)
        cls.archive_argument(**arguments)
        try:
            capture_path(arguments.get("capture"))
            if arguments.get("render") is not None:
                check_render_mode(arguments["render"], "-a render")
        except (CaptureArgumentError, RenderModeError) as error:
            raise SpiderArgumentError(str(error)) from None
        return (
            web_url_argument("url", arguments.get("url") or getattr(cls, "default_url", None)),
            positive_int_argument("max_pages", arguments.get("max_pages"), DEFAULT_MAX_PAGES),
            positive_int_argument("max_depth", arguments.get("max_depth"), DEFAULT_MAX_DEPTH),
        )

    @classmethod
    def archive_argument(cls, **arguments: Any) -> ArchiveSpec | None:
        """The archive this crawl reads (``-a as_of=``, ``-a archive=``, ``-a lookups=``, else the spider's
        ``default_as_of``; ``-a as_of=live`` audits the live site whatever the default); ``None`` for the live
        site."""
        as_of, archive = arguments.get("as_of"), arguments.get("archive")
        if str(as_of).strip().lower() == LIVE:
            as_of = None
        elif not as_of and not archive:
            as_of = cls.default_as_of
        try:
            return archive_spec(as_of=as_of, archive=archive, lookups=arguments.get("lookups"))
        except ArchiveArgumentError as error:
            raise SpiderArgumentError(str(error)) from None

    def refuse_page(self, url: str) -> bool:
        """A page requested by this crawl was refused before the site saw the request (robots.txt, the target guard):
        it gives its place in the page budget back and is not followed again. Whether it was this crawl's page."""
        canonical = canonicalize_url(url)
        if canonical not in self.requested:
            return False
        self.refused.add(canonical)
        return True

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> InboundSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if guard_active(allow_private_targets(crawler.settings), spider):
            for url in spider.start_urls:
                reason = unsafe_reason(urlsplit(url).hostname or "")
                if reason:
                    raise SpiderArgumentError(f"-a url={url}: refused, {reason} (INBOUND_ALLOW_PRIVATE_TARGETS)")
        crawler.settings.set("DEPTH_LIMIT", spider.max_depth, priority="spider")
        jobdir = crawler.settings.get("JOBDIR")
        if jobdir:
            spider.run_id = resumable_run_id(Path(jobdir), spider.run_id)
        spider.config = InboundConfig.from_settings(crawler.settings)
        if spider.archive is not None:
            spider.setup_archive(crawler)
        spider.lookups = Lookups(spider.config, crawler)
        spider.repeats = RepeatedFindings(crawler) if spider.config.collapse_repeats else None
        spider.setup_rendering(crawler)
        return spider

    def setup_archive(self, crawler: Crawler) -> None:
        """An archived crawl: no platform look-ups (the platform's answer today is not the page's at the time) unless
        ``-a lookups=on``, no browser (it would load today's scripts and media), no robots.txt (today's says nothing
        of the archive), and a polite pace on the Wayback Machine's host."""
        archive = self.archive
        assert archive is not None
        if not archive.lookups:
            self.config = dataclasses.replace(self.config, video_lookup_enabled=False, platform_api_enabled=False)
        if self.render_argument not in (None, "", "never"):
            logger.warning("[archive] -a render=%s is ignored: archived pages are read as stored", self.render_argument)
        self.render_argument = "never"
        settings = crawler.settings
        settings.set("ROBOTSTXT_OBEY", False, priority="spider")
        if archive.source == WAYBACK:
            host = urlsplit(self.config.wayback_url).hostname or ""
            slots = {**settings.getdict("DOWNLOAD_SLOTS")}
            slots.setdefault(host, {"delay": self.config.wayback_delay, "concurrency": WAYBACK_CONCURRENCY})
            settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        logger.info(
            "[archive] auditing %s as archived (%s%s), platform look-ups %s",
            self.start_urls[0], archive.source, f", as of {iso(archive.as_of)}" if archive.as_of else "",
            "on" if archive.lookups else "off",
        )  # fmt: skip

    def archive_fields(self) -> dict[str, str | None]:
        """Where this crawl read the site, for the ``runs`` and ``site_audits`` documents: ``source`` (``live``,
        ``wayback`` or ``archive``), the ``as_of`` date asked for and the start page's capture date ``archived_at``."""
        archive = self.archive
        return {
            "source": archive.source if archive else LIVE,
            "as_of": iso(archive.as_of) if archive and archive.as_of else None,
            "archived_at": self.archived_at,
        }

    def setup_rendering(self, crawler: Crawler) -> None:
        """Resolve the render mode and, for a crawl that may render, enable scrapy-playwright's download handler and
        its settings (settings are not frozen yet while the spider is built). Without a browser, ``always`` fails
        with how to install one; ``auto`` warns and crawls without rendering."""
        try:
            mode = resolve_render_mode(self.render_argument, type(self).render_mode, self.config.render_mode)
        except RenderModeError as error:
            raise SpiderArgumentError(str(error)) from None
        self.render_mode = mode
        if mode == "never":
            return
        settings = crawler.settings
        policy = ResourcePolicy(
            guard=target_guard(guard_active(allow_private_targets(settings), self)),
            on_block=lambda reason: self.crawler.stats.inc_value(f"inbound/render/blocked/{reason}"),
        )
        try:
            values = playwright_settings(
                self.config,
                policy,
                launch_options=settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"),
                remote=bool(settings.get("PLAYWRIGHT_CDP_URL") or settings.get("PLAYWRIGHT_CONNECT_URL")),
            )
        except BrowserNotFound as error:
            if mode == "always":
                raise
            logger.warning("[render] %s; this crawl does not render (INBOUND_RENDER_MODE=auto)", error)
            self.render_mode, self.render_unavailable = "never", str(error)
            return
        install_settings(settings, values)
        self.render_policy = policy

    async def start(self):  # type: ignore[override]
        state = getattr(self, "state", None)
        if state is not None:
            # With JOBDIR, a resumed crawl keeps counting pages against the same budget.
            self.requested = state.setdefault("inbound_requested", self.requested)
            self.refused = state.setdefault("inbound_refused", self.refused)
        self.crawler.stats.set_value("inbound/render/mode", self.render_mode)
        if self.render_unavailable:
            self.crawler.stats.set_value("inbound/render/unavailable", self.render_unavailable)
        for url in self.start_urls:
            self.requested.add(canonicalize_url(url))
            yield self.page_request(url, dont_filter=True)

    def page_request(self, url: str, *, render: bool | None = None, **kwargs: Any) -> scrapy.Request:
        """The request for one page of the site; the single place where page requests are made.

        ``render``: load the page in the browser (default: when the render mode is ``always``); the rendered page goes
        to :meth:`parse_rendered`, a failed render to :meth:`render_failed`.
        """
        if render is None:
            render = self.render_mode == "always"
        if self.archive is not None:
            kwargs["meta"] = {ARCHIVE_PAGE_KEY: True, **(kwargs.get("meta") or {})}
        if not render:
            return scrapy.Request(url, callback=self.parse, **kwargs)
        max_size = self.crawler.settings.getint("DOWNLOAD_MAXSIZE") if getattr(self, "crawler", None) else 0
        meta = {**render_meta(self.config, max_size), **(kwargs.pop("meta", None) or {})}
        return scrapy.Request(url, callback=self.parse_rendered, errback=self.render_failed, meta=meta, **kwargs)

    def should_follow(self, url: str) -> bool:
        """Whether a link found on the site leads to a page worth auditing (same site by default)."""
        return site_of(url) == self.site

    def move_site(self, origin: str, target: str) -> bool:
        """A redirect from ``origin`` to ``target``, off the audited site: when ``origin`` is the start URL (a site
        that moved), the crawl audits the site it went to — logged, and recorded in the stats
        (``inbound/site/moved_from``, ``inbound/site/moved_to``) and the run's ``site`` — and ``True``; ``False`` for
        any other page (the redirect is not followed)."""
        if not self.start_urls or canonicalize_url(origin) != canonicalize_url(self.start_urls[0]):
            return False
        moved_from, self.site = self.site, site_of(target)
        stats = self.crawler.stats
        stats.set_value("inbound/site/moved_from", stats.get_value("inbound/site/moved_from", moved_from))
        stats.set_value("inbound/site/moved_to", self.site)
        logger.warning(
            "[site] the start URL %s redirects to %s: the site moved, %s is audited instead of %s",
            origin, target, self.site, moved_from,
        )  # fmt: skip
        return True

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Extract findings from an HTML page, then follow its same-site links within the bounds; in ``auto`` mode, a
        page whose static HTML shows it needs a browser is requested again, rendered, and audited from there only."""
        restore_depth(response)
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("inbound/pages/not_html")
            return
        try:
            self.remember_site_name(response)
            self.remember_capture(response)
            if self.render_mode == "auto" and not response.meta.get(STATIC_KEY):
                reason = rendering_reason(self.page_model(response))
                if reason:
                    self.crawler.stats.inc_value(f"inbound/render/decision/{reason}")
                    yield self.render_request(response, reason)
                    return
                self.crawler.stats.inc_value("inbound/render/skipped")
            self.crawler.stats.inc_value("inbound/pages/audited")
            yield from self.findings(response)
            yield from self.follow_links(response)
        finally:
            self.release_page(response)

    def remember_site_name(self, response: HtmlResponse) -> None:
        """Take the site's name from the start page (reached directly, through redirects or in the browser)."""
        if self.site_name is None and self.is_start_page(response):
            self.site_name = site_name_of(response_tree(response))

    def remember_capture(self, response: HtmlResponse) -> None:
        """Take the archived crawl's date from its start page's capture (the first page of depth 0 read)."""
        capture = response.meta.get(CAPTURE_KEY)
        if capture and self.archived_at is None and response.meta.get("depth", 0) == 0:
            self.archived_at = capture["archived_at"]

    def stamp_finding(
        self, item: InboundItem, response: Response, *, crawled_at: str, key: str | None = None
    ) -> InboundItem:
        """``item`` stamped with this crawl's site and run, the page's depth and language (once
        :meth:`page_language` read it), for an archived page its capture, and the record of the page in this crawl's
        own capture (``-a capture=``) when it keeps one; ``key``: its key, when already computed."""
        return stamp(
            item,
            site=self.site,
            run_id=self.run_id,
            crawled_at=crawled_at,
            depth=response.meta.get("depth", 0),
            language=response.meta.get(LANGUAGE_KEY),
            capture=response.meta.get(CAPTURE_KEY),
            evidence=response.meta.get(EVIDENCE_KEY),
            edition=self.archive.edition if self.archive else None,
            key=key,
        )

    def is_start_page(self, response: Response) -> bool:
        """Whether ``response`` is the start page (reached directly, through redirects or in the browser)."""
        # Only the start page is at depth 0 (redirects included): no URL work on the others.
        if not self.start_urls or response.meta.get("depth", 0) != 0:
            return False
        urls = {response.url, response.request.url if response.request else "", *response.meta.get("redirect_urls", [])}
        return canonicalize_url(self.start_urls[0]) in {canonicalize_url(url) for url in urls if url}

    @property
    def pages_per_language(self) -> dict[str, int]:
        """Pages audited so far per language (``inbound/pages/language/<code>``), those of unknown language aside."""
        prefix = "inbound/pages/language/"
        return {
            key.removeprefix(prefix): int(count)
            for key, count in (self.crawler.stats.get_stats() if self.crawler.stats else {}).items()
            if key.startswith(prefix) and key != f"{prefix}{UNKNOWN_LANGUAGE}"
        }

    @property
    def site_language(self) -> str | None:
        """The site's language: its start page's, else that of most of its pages audited so far."""
        return site_language(self.start_page_language, self.pages_per_language)

    def page_language(self, response: HtmlResponse, page: Page | None = None) -> str | None:
        """The page's language (declared, else detected; ``page``'s when given), counted per language and per way it
        was decided."""
        decision = page.language if page is not None else language_decision(response_tree(response), response.headers)
        stats = self.crawler.stats
        stats.inc_value(f"inbound/pages/language/{decision.language or UNKNOWN_LANGUAGE}")
        stats.inc_value(f"inbound/pages/language_source/{decision.source or UNKNOWN_LANGUAGE}")
        if decision.language and self.start_page_language is None and self.is_start_page(response):
            self.start_page_language = decision.language
        response.meta[LANGUAGE_KEY] = decision.language
        return decision.language

    def render_request(self, response: HtmlResponse, reason: str) -> scrapy.Request:
        """The browser request for a page fetched statically, at the same depth as that page."""
        depth = response.meta.get("depth", 0)
        meta = {"depth_reset": True, DEPTH_KEY: depth, "inbound_render_reason": reason}
        return self.page_request(response.url, render=True, dont_filter=True, meta=meta)

    async def parse_rendered(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """A page rendered in the browser: measure it (video durations, calls to action on the first screen), close
        it, then extract findings from the rendered DOM and follow its links."""
        restore_depth(response)
        page = response.meta.pop("playwright_page", None)
        measurements: PageMeasurements | None = None
        try:
            if page is not None and isinstance(response, HtmlResponse):
                try:
                    measurements = await measure_page(page, self.render_policy, self.config)
                except Exception as error:  # a page that crashed or navigated away: audited without measurements
                    self.crawler.stats.inc_value("inbound/render/measure_errors")
                    logger.warning("[render] measuring %s failed: %r", response.url, error)
                if measurements is not None and self.first_screen is None and self.is_start_page(response):
                    await self.picture_first_screen(page, response.url)
        finally:
            if page is not None and await close_page(page):
                self.crawler.stats.inc_value("inbound/render/pages_closed")
        self.crawler.stats.inc_value("inbound/render/rendered")
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("inbound/pages/not_html")
            return
        response.meta[MEASUREMENTS_KEY] = measurements
        self.remember_site_name(response)
        self.crawler.stats.inc_value("inbound/pages/audited")
        pictured = self.first_screen if self.first_screen and self.first_screen.page_url == response.url else None
        try:
            for output in self.findings(response):
                if pictured is not None and measurements is not None and isinstance(output, CallToAction):
                    pictured.outline([output], measurements)
                yield output
            for request in self.follow_links(response):
                yield request
        finally:
            self.release_page(response)

    async def picture_first_screen(self, page: Any, page_url: str) -> None:
        """Picture the measured start page's first screen at each viewport (:mod:`inbound_spiders.first_screen`);
        a failure is logged and counted (``inbound/first_screen/errors``), the page audited all the same."""
        try:
            self.first_screen = FirstScreen(page_url, await take_pictures(page))
        except Exception as error:
            self.crawler.stats.inc_value("inbound/first_screen/errors")
            logger.warning("[render] picturing the first screen of %s failed: %r", page_url, error)
            return
        self.crawler.stats.set_value("inbound/first_screen/taken", len(self.first_screen.pictures))

    async def render_failed(self, failure: Failure) -> AsyncIterator[scrapy.Request]:
        """A page the browser could not render, or whose rendered DOM is over ``DOWNLOAD_MAXSIZE``
        (``inbound/render/too_large``): close it, count the error, and fetch the page without the browser.

        A page refused before or after loading (robots.txt, the target guard, an HTTP error status) is not a render
        error: its page is closed and nothing is fetched again."""
        request = failure.request  # type: ignore[attr-defined]
        page = request.meta.pop("playwright_page", None)
        if page is not None and await close_page(page):
            self.crawler.stats.inc_value("inbound/render/pages_closed")
        if failure.check(IgnoreRequest):
            return
        if failure.check(RenderedPageTooLarge):
            self.crawler.stats.inc_value("inbound/render/too_large")
            logger.warning("[render] %s: %s; auditing its static HTML", request.url, failure.getErrorMessage())
        else:
            self.crawler.stats.inc_value("inbound/render/errors")
            logger.warning("[render] %s failed (%s); auditing its static HTML", request.url, failure.getErrorMessage())
        depth = request.meta.get(DEPTH_KEY, request.meta.get("depth", 0))
        meta = {STATIC_KEY: True, "depth": depth, "depth_reset": True, DEPTH_KEY: depth}
        yield self.page_request(request.url, render=False, dont_filter=True, meta=meta)

    def page_model(self, response: HtmlResponse) -> Page:
        """The page model of ``response``, built on first use and kept as long as the response lives: the rendering
        decision and every extractor read the same :class:`Page`."""
        page = self.pages.get(response)
        if page is None:
            page = self.pages[response] = Page.from_response(response)
        return page

    def release_page(self, response: HtmlResponse) -> None:
        """Let the page's tree and model go once the page is read (its findings and links taken), without waiting
        for the response to go: a response is freed by the garbage collector, pages later."""
        self.pages.pop(response, None)
        release_tree(response)

    def findings(self, response: HtmlResponse) -> Iterator[InboundItem | scrapy.Request]:
        """Run every extractor on the page and stamp what they find; an extractor error is logged and counted.

        The page is read once (its :meth:`page_model`, handed to every extractor). A finding that lacks a fact a
        platform can give (a video's length) may come back later, through a lookup.
        """
        crawled_at = utc_now_iso()
        page = self.page_model(response)
        self.page_language(response, page)  # stamped on the page's findings (stamp_finding)
        measurements: PageMeasurements | None = response.meta.get(MEASUREMENTS_KEY)
        repeats = self.repeats
        edition = self.archive.edition if self.archive else None
        try:
            for kind, extractor in EXTRACTORS.items():
                try:
                    found = extractor(page)
                except Exception:
                    self.crawler.stats.inc_value(f"inbound/extractor_errors/{kind}")
                    logger.error("[extract] %s extractor failed on %s", kind, response.url, exc_info=True)
                    continue
                if found:
                    self.crawler.stats.inc_value(f"inbound/items/{kind}", len(found))
                for item in found:
                    apply_measurements(item, measurements)
                    # The key first, and a repeat stops there: no copy, no walk of its text.
                    try:
                        key = item_key(item, self.site, edition)
                    except UnicodeEncodeError:  # a lone surrogate in an identity field
                        item = self.repair_text(item, response.url)
                        key = item_key(item, self.site, edition)
                    if repeats is not None and repeats.repeated(item, key, crawled_at):
                        continue
                    if has_lone_surrogates(item):
                        item = self.repair_text(item, response.url)
                        # Repaired text may state less (a field of lone surrogates only is now empty).
                        if repeats is not None and repeats.repeated(item, key, crawled_at):
                            continue
                    if repeats is not None:
                        repeats.admit(item, key)
                    yield from self.lookups.complete(self.stamp_finding(item, response, crawled_at=crawled_at, key=key))
        finally:
            if repeats is not None:
                repeats.announce()

    def repair_text(self, item: InboundItem, page_url: str) -> InboundItem:
        """``item`` without the lone surrogates a page's JSON (``"\\ud800"``) put in its text: no UTF-8 encoder (the
        feed's, MongoDB's, the key's) takes them. Counted; logged once per crawl."""
        stats = self.crawler.stats
        if not stats.get_value("inbound/items/text_repaired"):
            logger.warning(
                "[text] a %s found on %s holds lone surrogates (invalid Unicode): removed from its text; "
                "later ones are only counted (inbound/items/text_repaired)", item.kind, page_url,
            )  # fmt: skip
        stats.inc_value("inbound/items/text_repaired")
        return repaired(item)

    def follow_links(self, response: HtmlResponse) -> Iterator[scrapy.Request]:
        """Request the page's same-site links within the page budget; links of other schemes are counted."""
        urls = link_urls(response, self.unfollowable)
        self.unfollowable.report(response.url, self.crawler.stats)
        depth = response.request.meta.get("depth", 0) if response.request is not None else 0
        if depth >= self.max_depth:
            # Its links are past max_depth: DepthMiddleware would drop them. Not marked as requested either, or a page
            # reached later by a shorter path (responses arrive in any order) could no longer be requested.
            for url in urls:
                if len(self.beyond_depth) >= MAX_BEYOND_DEPTH_KEPT:
                    break
                canonical = canonical_url(url)
                if canonical not in self.requested and self.should_follow(url):
                    self.beyond_depth.add(canonical)
            return
        for url in urls:
            canonical = canonical_url(url)
            if canonical in self.requested or not self.should_follow(url):
                continue
            if len(self.requested) - len(self.refused) >= self.max_pages:
                self.crawler.stats.set_value("inbound/pages/max_pages_reached", self.max_pages)
                return
            self.requested.add(canonical)
            yield self.page_request(url)

    def closed(self, reason: str) -> None:
        """When nothing was audited because TLS failed and the start URL was written without a scheme (``-a
        url=127.0.0.1:8000``, read as ``https://``), say in one line that the site may be http-only and what to
        write: the robots.txt or download line above names an SSL error, not the missing ``http://``."""
        stats = self.crawler.stats
        given = str(self.arguments.get("url") or "").strip()
        tls = stats.get_value("inbound/tls_failed")
        if not tls or stats.get_value("inbound/pages/audited") or not given or "://" in given:
            return
        logger.error(
            "[start] %s failed in TLS (%s): the site may be http-only; write -a url=http://%s",
            redact_uri(self.start_urls[0]), tls, redact_uri(given),
        )  # fmt: skip

    def pages_left_beyond_depth(self) -> int:
        """How many same-site pages linked from pages at ``max_depth`` were never requested (of a sample of at most
        :data:`MAX_BEYOND_DEPTH_KEPT`): more than 0 when the depth bound, not the site, ended the crawl."""
        return len(self.beyond_depth - self.requested)


def restore_depth(response: Response) -> None:
    """Give a page requested again (rendered, or static after a failed render) the depth of its first request, so
    that its findings and the links it leads to keep their true link depth."""
    depth = response.meta.pop(DEPTH_KEY, None)
    if depth is not None:
        response.meta["depth"] = depth
