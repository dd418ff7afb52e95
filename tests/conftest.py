"""Shared fixtures: a MongoDB wire-protocol server (nx-27017, or INBOUND_TEST_MONGO_URI), local sites, crawls."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymongo
import pytest
from pymongo.database import Database

from inbound_spiders.embedded import EmbeddedMongo
from inbound_spiders.localsite import LocalSite

#: Modules whose tests run whole crawls, Scrapyd, Chromium or several store servers: ``-m "not slow"`` leaves them
#: out for a quick run (the extractors, heuristics, schemas, report and units stay).
SLOW_MODULES = frozenset(
    {
        "test_archive_crawls",
        "test_bad_input",
        "test_benchmarks",
        "test_capture",
        "test_crawl_bounds",
        "test_demo",
        "test_embedded",
        "test_end_to_end",
        "test_faults",
        "test_language_sites",
        "test_hostile_site",
        "test_list_workers",
        "test_lookups",
        "test_many_sites",
        "test_progress",
        "test_render_crawl",
        "test_repeats",
        "test_report",
        "test_scrapyd",
        "test_scrapyd_nodes",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


TESTS = Path(__file__).parent
PROJECT = TESTS.parent
DEMO_SITES = PROJECT / "inbound_spiders" / "demo_sites"


@pytest.fixture(scope="session", autouse=True)
def inbound_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The suite never writes into the user's real data directory: ``INBOUND_HOME``, which every child process
    inherits, is a temporary folder (tests wanting their own set it in the child's environment)."""
    home = tmp_path_factory.mktemp("inbound-home")
    previous = os.environ.get("INBOUND_HOME")
    os.environ["INBOUND_HOME"] = str(home)
    yield home
    if previous is None:
        os.environ.pop("INBOUND_HOME", None)
    else:
        os.environ["INBOUND_HOME"] = previous


@pytest.fixture(scope="session")
def mongo_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real MongoDB wire-protocol server: ``INBOUND_TEST_MONGO_URI`` if set, else nx-27017 on a free port."""
    configured = os.environ.get("INBOUND_TEST_MONGO_URI")
    if configured:
        yield configured
        return
    server = EmbeddedMongo(tmp_path_factory.mktemp("mongo"))
    yield server.start()
    server.stop()


@pytest.fixture
def mongo_db(mongo_uri: str) -> Iterator[Database]:
    """A fresh database for one test, dropped afterwards."""
    client: pymongo.MongoClient = pymongo.MongoClient(mongo_uri, tz_aware=True, serverSelectionTimeoutMS=5000)
    name = f"test_{uuid.uuid4().hex[:12]}"
    yield client[name]
    client.drop_database(name)
    client.close()


@pytest.fixture(scope="session")
def hamon_site() -> Iterator[LocalSite]:
    """The bundled replica of benoithamon2017.fr (February 2017), served on 127.0.0.1."""
    with LocalSite(DEMO_SITES / "hamon2017") as site:
        yield site


def crawl_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a ``scrapy crawl`` child: the project's settings, the support spiders importable, no
    ``INBOUND_MONGO_URI`` from the developer's shell, and ``INBOUND_HOME`` in the test's own folder."""
    env = {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "inbound_spiders.settings",
        "PYTHONPATH": os.pathsep.join([str(TESTS / "support"), str(PROJECT)]),
        "INBOUND_HOME": str(tmp_path / "home"),
    }
    env.pop("INBOUND_MONGO_URI", None)
    return env


@dataclass
class CrawlResult:
    returncode: int
    log: str


def run_crawl(
    spider: str,
    *arguments: str,
    mongo_uri: str | None = None,
    database: str | None = None,
    settings: dict[str, str] | None = None,
    tmp_path: Path,
    options: tuple[str, ...] = (),
    timeout: float = 300,
) -> CrawlResult:
    """Run ``scrapy crawl`` in a child process, as a user would, and return its exit code and log.

    Tests judge a crawl by its stats and stored documents, never by the exit code alone.
    """
    command = [sys.executable, "-m", "scrapy", "crawl", spider, *options]
    for argument in arguments:
        command += ["-a", argument]
    all_settings = {
        "AUTOTHROTTLE_ENABLED": "False",
        "LOG_LEVEL": "INFO",
        "INBOUND_SPOOL_DIR": str(tmp_path / "spool"),
        "INBOUND_EMBEDDED_DATA_DIR": str(tmp_path / "embedded"),
        # The platforms are not reachable from here: tests that look lengths up point this at local stand-ins.
        "INBOUND_VIDEO_LOOKUP_ENABLED": "False",
        "INBOUND_PLATFORM_API_ENABLED": "False",
        **({"INBOUND_MONGO_URI": mongo_uri} if mongo_uri else {}),
        **({"INBOUND_MONGO_DATABASE": database} if database else {}),
        **(settings or {}),
    }
    for name, value in all_settings.items():
        command += ["-s", f"{name}={value}"]
    env = crawl_env(tmp_path)
    completed = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    return CrawlResult(completed.returncode, completed.stdout + completed.stderr)
