"""Every ``INBOUND_*`` setting, read once into a typed configuration (documented in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.settings import BaseSettings


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
    embedded_data_dir: Path = Path("var/mongo")
    """``INBOUND_EMBEDDED_DATA_DIR``: where the embedded store keeps its data, pid and log."""
    spool_dir: Path = Path("var/spool")
    """``INBOUND_SPOOL_DIR``: where documents wait on disk while MongoDB is unreachable."""
    validation_enabled: bool = True
    """``INBOUND_VALIDATION_ENABLED``: check items against their JSON Schemas."""
    video_lookup_enabled: bool = True
    """``INBOUND_VIDEO_LOOKUP_ENABLED``: ask the platform for a video's length when the page does not state it."""
    video_lookup_urls: dict[str, str] = field(default_factory=dict)
    """``INBOUND_VIDEO_LOOKUP_URLS``: per-platform endpoint overriding the default (``youtube``: watch-page prefix,
    ``dailymotion``: API prefix, ``vimeo``: oEmbed endpoint, ``peertube``: instance root)."""
    platform_api_enabled: bool = True
    """``INBOUND_PLATFORM_API_ENABLED``: ask Discourse/Decidim public APIs for counts a page does not show."""

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> InboundConfig:
        """Read the configuration from Scrapy settings, failing loudly on nonsensical values."""
        config = cls(
            mongo_enabled=settings.getbool("INBOUND_MONGO_ENABLED", True),
            mongo_uri=(settings.get("INBOUND_MONGO_URI") or os.environ.get("INBOUND_MONGO_URI") or "").strip(),
            mongo_database=(
                settings.get("INBOUND_MONGO_DATABASE") or os.environ.get("INBOUND_MONGO_DATABASE") or "inbound"
            ),
            mongo_batch_size=settings.getint("INBOUND_MONGO_BATCH_SIZE", 200),
            mongo_timeout_ms=settings.getint("INBOUND_MONGO_TIMEOUT_MS", 5000),
            embedded_data_dir=Path(settings.get("INBOUND_EMBEDDED_DATA_DIR") or "var/mongo"),
            spool_dir=Path(settings.get("INBOUND_SPOOL_DIR") or "var/spool"),
            validation_enabled=settings.getbool("INBOUND_VALIDATION_ENABLED", True),
            video_lookup_enabled=settings.getbool("INBOUND_VIDEO_LOOKUP_ENABLED", True),
            video_lookup_urls={str(k): str(v) for k, v in settings.getdict("INBOUND_VIDEO_LOOKUP_URLS").items()},
            platform_api_enabled=settings.getbool("INBOUND_PLATFORM_API_ENABLED", True),
        )
        if config.mongo_batch_size < 1:
            raise ValueError(f"INBOUND_MONGO_BATCH_SIZE must be >= 1, got {config.mongo_batch_size}")
        if config.mongo_timeout_ms < 100:
            raise ValueError(f"INBOUND_MONGO_TIMEOUT_MS must be >= 100, got {config.mongo_timeout_ms}")
        return config
