"""Every ``INBOUND_*`` setting, read once into a typed configuration (documented in the README)."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from scrapy.settings import BaseSettings

#: The folder name under the user's data directory (``~/.local/share/inbound_spiders`` on Linux).
APP_NAME = "inbound_spiders"


def inbound_home(settings: BaseSettings | None = None) -> Path:
    """Where the project keeps its files (embedded store, spool, demo log): the ``INBOUND_HOME`` setting, else the
    ``INBOUND_HOME`` environment variable, else the user's data directory. Never the working directory, so that a
    Scrapyd job, ``scrapy crawl`` and every command find the same store."""
    configured = (settings.get("INBOUND_HOME") if settings is not None else None) or os.environ.get("INBOUND_HOME")
    if configured:
        return Path(str(configured)).expanduser().absolute()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).absolute()


@dataclass(frozen=True, kw_only=True)
class InboundConfig:
    """The project's settings, typed. Build it with :meth:`from_settings`."""

    mongo_enabled: bool = True
    """``INBOUND_MONGO_ENABLED``: store items and runs in MongoDB."""
    mongo_uri: str = ""
    """``INBOUND_MONGO_URI``: MongoDB connection string; empty starts the embedded nx-27017 store."""
    mongo_database: str = "inbound"
    """``INBOUND_MONGO_DATABASE``: database name."""
    mongo_batch_size: int = 200
    """``INBOUND_MONGO_BATCH_SIZE``: documents written per batch."""
    mongo_timeout_ms: int = 5000
    """``INBOUND_MONGO_TIMEOUT_MS``: server selection and socket timeout."""
    home: Path = field(default_factory=inbound_home)
    """``INBOUND_HOME`` (setting or environment variable): the project's files; default the user's data directory."""
    embedded_data_dir: Path = field(default_factory=lambda: inbound_home() / "mongo")
    """``INBOUND_EMBEDDED_DATA_DIR``: where the embedded store keeps its data, pid, log and leases (relative to
    ``home``)."""
    spool_dir: Path = field(default_factory=lambda: inbound_home() / "spool")
    """``INBOUND_SPOOL_DIR``: where documents wait on disk while MongoDB is unreachable (relative to ``home``)."""
    validation_enabled: bool = True
    """``INBOUND_VALIDATION_ENABLED``: check items against their JSON Schemas."""
    collapse_repeats: bool = True
    """``INBOUND_COLLAPSE_REPEATS``: a finding seen again in the same crawl (same key) is not yielded again; its
    sighting only updates the stored document's ``page_count``/``pages``."""
    video_lookup_enabled: bool = True
    """``INBOUND_VIDEO_LOOKUP_ENABLED``: ask the platform for a video's length when the page does not state it."""
    video_lookup_urls: dict[str, str] = field(default_factory=dict)
    """``INBOUND_VIDEO_LOOKUP_URLS``: per-platform endpoint overriding the default (``youtube``: watch-page prefix,
    ``dailymotion``: API prefix, ``vimeo``: oEmbed endpoint, ``peertube``: instance root)."""
    platform_api_enabled: bool = True
    """``INBOUND_PLATFORM_API_ENABLED``: ask Discourse/Decidim public APIs for counts a page does not show."""
    enrichment_enabled: bool = True
    """``INBOUND_ENRICHMENT_ENABLED``: add heuristic assessments (video length class, team completeness...) to items."""
    video_short_max_seconds: int = 180
    """``INBOUND_VIDEO_SHORT_MAX_SECONDS``: a video up to this length is ``short``."""
    video_long_min_seconds: int = 900
    """``INBOUND_VIDEO_LONG_MIN_SECONDS``: a video from this length is ``long``."""
    video_split_min_seconds: int = 1200
    """``INBOUND_VIDEO_SPLIT_MIN_SECONDS``: a video from this length should be cut into thematic parts."""
    team_bio_min_chars: int = 40
    """``INBOUND_TEAM_BIO_MIN_CHARS``: a member's text counts as a biography from this many characters."""
    team_complete_min_share: float = 0.6
    """``INBOUND_TEAM_COMPLETE_MIN_SHARE``: a team page is ``complete`` when this share of members has a photo and
    this share a biography."""
    team_max_depth: int = 1
    """``INBOUND_TEAM_MAX_DEPTH``: a team page is findable when at most this many clicks from the start page."""
    participation_low_participants: int = 1000
    """``INBOUND_PARTICIPATION_LOW_PARTICIPANTS``: fewer participants than this is ``low`` engagement."""
    participation_high_participants: int = 5000
    """``INBOUND_PARTICIPATION_HIGH_PARTICIPANTS``: from this many participants engagement is ``high``."""
    participation_growth_min: float = 0.05
    """``INBOUND_PARTICIPATION_GROWTH_MIN``: relative growth of participants between two audits that passes."""
    cta_form_min_description_chars: int = 120
    """``INBOUND_CTA_FORM_MIN_DESCRIPTION_CHARS``: explanation a volunteer form needs to speak to newcomers."""
    cta_site_wide_min_share: float = 0.5
    """``INBOUND_CTA_SITE_WIDE_MIN_SHARE``: a CTA is site-wide when seen on this share of audited pages."""
    share_coverage_min: float = 0.3
    """``INBOUND_SHARE_COVERAGE_MIN``: share of audited pages with share buttons that passes."""
    share_min_networks: int = 3
    """``INBOUND_SHARE_MIN_NETWORKS``: networks the share buttons should offer."""
    audit_enabled: bool = True
    """``INBOUND_AUDIT_ENABLED``: build the site audit (``site_audits`` collection) when a crawl ends."""
    progress_interval_seconds: float = 60.0
    """``INBOUND_PROGRESS_INTERVAL``: seconds between two ``[progress]`` lines in the log; ``0`` switches them off."""
    concurrent_sites: int = 16
    """``INBOUND_CONCURRENT_SITES``: sites of a list (``-a sites=``) crawled at once; the others wait their turn."""
    list_workers: int | None = None
    """``INBOUND_LIST_WORKERS``: processes a list's sites are spread over (``-a workers=`` for one crawl); ``0`` for
    one per CPU. One process uses one core: a list's audit is CPU-bound long before its network is busy. Unset: one
    per CPU, but one in a Scrapyd job (a node already runs a job per core)."""
    gc_threshold: int = 20_000
    """``INBOUND_GC_THRESHOLD``: allocations between two young-generation collections of Python's garbage collector
    in a crawl process (Python's default, 700, when ``0``). A page allocates tens of thousands of objects that live
    for that page only: collected every 700, the crawl spends about a tenth of its CPU in the collector."""
    render_mode: str = "auto"
    """``INBOUND_RENDER_MODE``: ``never``, ``always`` or ``auto`` (a browser only for pages whose static HTML shows it
    is needed); a site's profile and ``-a render=`` override it."""
    render_timeout_ms: int = 20000
    """``INBOUND_RENDER_TIMEOUT_MS``: browser launch and page navigation timeout."""
    render_settle_ms: int = 2000
    """``INBOUND_RENDER_SETTLE_MS``: after ``load``, time given to the page's scripts (until the network is idle)."""
    render_max_pages: int = 4
    """``INBOUND_RENDER_MAX_PAGES``: pages open at once in the browser (one context), which bounds its memory."""
    render_video_timeout_ms: int = 5000
    """``INBOUND_RENDER_VIDEO_TIMEOUT_MS``: wait for an HTML5 video's metadata (its duration)."""
    render_browser_path: str = ""
    """``INBOUND_RENDER_BROWSER_PATH``: the Chromium to launch; empty looks one up (Playwright's, then the system's)."""
    wayback_url: str = "https://web.archive.org"
    """``INBOUND_WAYBACK_URL``: the Wayback Machine (CDX API and ``id_`` snapshots) of ``-a as_of=`` crawls; a local or
    institutional replay with the same API works."""
    archive_max_drift_days: float = 30.0
    """``INBOUND_ARCHIVE_MAX_DRIFT_DAYS``: a page's capture is read when at most this many days from ``as_of``."""
    wayback_delay: float = 1.0
    """``INBOUND_WAYBACK_DELAY``: seconds between two requests to the Wayback Machine's host."""
    wayback_retries: int = 4
    """``INBOUND_WAYBACK_RETRIES``: times a request the Wayback Machine answers 429 or 503 is tried again."""
    wayback_backoff_seconds: float = 5.0
    """``INBOUND_WAYBACK_BACKOFF_SECONDS``: the first wait before trying again (doubled each time) when the answer
    has no ``Retry-After``."""
    capture_dir: Path | None = None
    """``INBOUND_CAPTURE_DIR``: a folder where each crawl writes the pages it read as a WACZ named after its run id
    (``-a capture=PATH.wacz`` names one file instead); ``None``: no capture unless asked."""

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> InboundConfig:
        """Read the configuration from Scrapy settings, failing loudly on nonsensical values."""
        home = inbound_home(settings)
        config = cls(
            mongo_enabled=settings.getbool("INBOUND_MONGO_ENABLED", True),
            mongo_uri=(settings.get("INBOUND_MONGO_URI") or os.environ.get("INBOUND_MONGO_URI") or "").strip(),
            mongo_database=(
                settings.get("INBOUND_MONGO_DATABASE") or os.environ.get("INBOUND_MONGO_DATABASE") or "inbound"
            ),
            mongo_batch_size=settings.getint("INBOUND_MONGO_BATCH_SIZE", 200),
            mongo_timeout_ms=settings.getint("INBOUND_MONGO_TIMEOUT_MS", 5000),
            home=home,
            # A relative path is taken under the home folder, not under the working directory.
            embedded_data_dir=home / Path(settings.get("INBOUND_EMBEDDED_DATA_DIR") or "mongo").expanduser(),
            spool_dir=home / Path(settings.get("INBOUND_SPOOL_DIR") or "spool").expanduser(),
            validation_enabled=settings.getbool("INBOUND_VALIDATION_ENABLED", True),
            collapse_repeats=settings.getbool("INBOUND_COLLAPSE_REPEATS", True),
            video_lookup_enabled=settings.getbool("INBOUND_VIDEO_LOOKUP_ENABLED", True),
            video_lookup_urls={str(k): str(v) for k, v in settings.getdict("INBOUND_VIDEO_LOOKUP_URLS").items()},
            platform_api_enabled=settings.getbool("INBOUND_PLATFORM_API_ENABLED", True),
            enrichment_enabled=settings.getbool("INBOUND_ENRICHMENT_ENABLED", True),
            video_short_max_seconds=settings.getint("INBOUND_VIDEO_SHORT_MAX_SECONDS", 180),
            video_long_min_seconds=settings.getint("INBOUND_VIDEO_LONG_MIN_SECONDS", 900),
            video_split_min_seconds=settings.getint("INBOUND_VIDEO_SPLIT_MIN_SECONDS", 1200),
            team_bio_min_chars=settings.getint("INBOUND_TEAM_BIO_MIN_CHARS", 40),
            team_complete_min_share=settings.getfloat("INBOUND_TEAM_COMPLETE_MIN_SHARE", 0.6),
            team_max_depth=settings.getint("INBOUND_TEAM_MAX_DEPTH", 1),
            participation_low_participants=settings.getint("INBOUND_PARTICIPATION_LOW_PARTICIPANTS", 1000),
            participation_high_participants=settings.getint("INBOUND_PARTICIPATION_HIGH_PARTICIPANTS", 5000),
            participation_growth_min=settings.getfloat("INBOUND_PARTICIPATION_GROWTH_MIN", 0.05),
            cta_form_min_description_chars=settings.getint("INBOUND_CTA_FORM_MIN_DESCRIPTION_CHARS", 120),
            cta_site_wide_min_share=settings.getfloat("INBOUND_CTA_SITE_WIDE_MIN_SHARE", 0.5),
            share_coverage_min=settings.getfloat("INBOUND_SHARE_COVERAGE_MIN", 0.3),
            share_min_networks=settings.getint("INBOUND_SHARE_MIN_NETWORKS", 3),
            audit_enabled=settings.getbool("INBOUND_AUDIT_ENABLED", True),
            progress_interval_seconds=settings.getfloat("INBOUND_PROGRESS_INTERVAL", 60.0),
            concurrent_sites=settings.getint("INBOUND_CONCURRENT_SITES", 16),
            list_workers=settings.getint("INBOUND_LIST_WORKERS")
            if settings.get("INBOUND_LIST_WORKERS") not in (None, "")
            else None,
            gc_threshold=settings.getint("INBOUND_GC_THRESHOLD", 20_000),
            render_mode=str(settings.get("INBOUND_RENDER_MODE") or "auto").strip().lower(),
            render_timeout_ms=settings.getint("INBOUND_RENDER_TIMEOUT_MS", 20000),
            render_settle_ms=settings.getint("INBOUND_RENDER_SETTLE_MS", 2000),
            render_max_pages=settings.getint("INBOUND_RENDER_MAX_PAGES", 4),
            render_video_timeout_ms=settings.getint("INBOUND_RENDER_VIDEO_TIMEOUT_MS", 5000),
            render_browser_path=str(settings.get("INBOUND_RENDER_BROWSER_PATH") or "").strip(),
            wayback_url=str(settings.get("INBOUND_WAYBACK_URL") or "https://web.archive.org").strip().rstrip("/"),
            archive_max_drift_days=settings.getfloat("INBOUND_ARCHIVE_MAX_DRIFT_DAYS", 30.0),
            wayback_delay=settings.getfloat("INBOUND_WAYBACK_DELAY", 1.0),
            wayback_retries=settings.getint("INBOUND_WAYBACK_RETRIES", 4),
            wayback_backoff_seconds=settings.getfloat("INBOUND_WAYBACK_BACKOFF_SECONDS", 5.0),
            capture_dir=Path(str(settings.get("INBOUND_CAPTURE_DIR"))).expanduser()
            if settings.get("INBOUND_CAPTURE_DIR")
            else None,
        )
        if config.mongo_batch_size < 1:
            raise ValueError(f"INBOUND_MONGO_BATCH_SIZE must be >= 1, got {config.mongo_batch_size}")
        if config.mongo_timeout_ms < 100:
            raise ValueError(f"INBOUND_MONGO_TIMEOUT_MS must be >= 100, got {config.mongo_timeout_ms}")
        if config.concurrent_sites < 1:
            raise ValueError(f"INBOUND_CONCURRENT_SITES must be >= 1, got {config.concurrent_sites}")
        if config.list_workers is not None and config.list_workers < 0:
            raise ValueError(f"INBOUND_LIST_WORKERS must be >= 0 (0: one per CPU), got {config.list_workers}")
        if config.gc_threshold < 0:
            raise ValueError(f"INBOUND_GC_THRESHOLD must be >= 0 (0: Python's default), got {config.gc_threshold}")
        config.check_archive_settings()
        config.check_heuristic_thresholds()
        config.check_render_settings()
        return config

    def check_heuristic_thresholds(self) -> None:
        """Fail loudly on heuristic thresholds that contradict each other or make no sense."""
        if not 0 < self.video_short_max_seconds < self.video_long_min_seconds <= self.video_split_min_seconds:
            raise ValueError(
                "expected 0 < INBOUND_VIDEO_SHORT_MAX_SECONDS < INBOUND_VIDEO_LONG_MIN_SECONDS <= "
                f"INBOUND_VIDEO_SPLIT_MIN_SECONDS, got {self.video_short_max_seconds}, "
                f"{self.video_long_min_seconds}, {self.video_split_min_seconds}"
            )
        if not 0 < self.participation_low_participants < self.participation_high_participants:
            raise ValueError(
                "expected 0 < INBOUND_PARTICIPATION_LOW_PARTICIPANTS < INBOUND_PARTICIPATION_HIGH_PARTICIPANTS, got "
                f"{self.participation_low_participants}, {self.participation_high_participants}"
            )
        for name, share in (
            ("INBOUND_TEAM_COMPLETE_MIN_SHARE", self.team_complete_min_share),
            ("INBOUND_CTA_SITE_WIDE_MIN_SHARE", self.cta_site_wide_min_share),
            ("INBOUND_SHARE_COVERAGE_MIN", self.share_coverage_min),
        ):
            if not 0 < share <= 1:
                raise ValueError(f"{name} must be in (0, 1], got {share}")
        for name, number in (
            ("INBOUND_TEAM_BIO_MIN_CHARS", self.team_bio_min_chars),
            ("INBOUND_TEAM_MAX_DEPTH", self.team_max_depth),
            ("INBOUND_CTA_FORM_MIN_DESCRIPTION_CHARS", self.cta_form_min_description_chars),
            ("INBOUND_SHARE_MIN_NETWORKS", self.share_min_networks),
        ):
            if number < 0:
                raise ValueError(f"{name} must be >= 0, got {number}")

    def check_archive_settings(self) -> None:
        """Fail loudly on a Wayback endpoint that is not a URL or archive bounds that make no sense."""
        if not self.wayback_url.startswith(("http://", "https://")):
            raise ValueError(f"INBOUND_WAYBACK_URL must be an http(s) URL, got {self.wayback_url!r}")
        for name, number in (
            ("INBOUND_ARCHIVE_MAX_DRIFT_DAYS", self.archive_max_drift_days),
            ("INBOUND_WAYBACK_DELAY", self.wayback_delay),
            ("INBOUND_WAYBACK_RETRIES", self.wayback_retries),
            ("INBOUND_WAYBACK_BACKOFF_SECONDS", self.wayback_backoff_seconds),
        ):
            if number < 0:
                raise ValueError(f"{name} must be >= 0, got {number}")

    def check_render_settings(self) -> None:
        """Fail loudly on a render mode that does not exist or render bounds that make no sense."""
        from inbound_spiders.rendering import check_render_mode

        check_render_mode(self.render_mode, "INBOUND_RENDER_MODE")
        for name, number, minimum in (
            ("INBOUND_RENDER_TIMEOUT_MS", self.render_timeout_ms, 100),
            ("INBOUND_RENDER_SETTLE_MS", self.render_settle_ms, 0),
            ("INBOUND_RENDER_MAX_PAGES", self.render_max_pages, 1),
            ("INBOUND_RENDER_VIDEO_TIMEOUT_MS", self.render_video_timeout_ms, 0),
        ):
            if number < minimum:
                raise ValueError(f"{name} must be >= {minimum}, got {number}")


def project_config(**overrides: object) -> InboundConfig:
    """The project's configuration (``settings.py`` and the environment) with the overrides that are not ``None``:
    what the commands reading the store (summary, report, demo) share, e.g. ``project_config(mongo_uri=args.uri)``."""
    from scrapy.utils.project import get_project_settings

    config = InboundConfig.from_settings(get_project_settings())
    return dataclasses.replace(config, **{name: value for name, value in overrides.items() if value is not None})
