"""``inbound-demo``: serve a bundled demo site locally, audit it into the store, print what was found.

Each demo site is served on its own fixed port (``--port``; hamon2017 8017, strong_ngo 8018) so that its URLs, hence
the findings' keys and the site's name, are the same from one run to the next: running the demo twice updates the same
documents.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
from importlib.resources import as_file, files
from pathlib import Path

from inbound_spiders.config import project_config
from inbound_spiders.embedded import EmbeddedMongo
from inbound_spiders.identity import site_of
from inbound_spiders.localsite import LocalSite
from inbound_spiders.store import MongoStore, redact_uri
from inbound_spiders.summary import summarize

#: The bundled demo sites and the port each is served on by default (a site is named by host:port locally).
DEMO_SITES = {"hamon2017": 8017, "strong_ngo": 8018}


def crawl(url: str, mongo_uri: str, database: str, log_file: Path, extra: list[str]) -> int:
    """Run ``scrapy crawl audit`` on ``url`` in a child process, logging to ``log_file``; returns its exit code."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "scrapy", "crawl", "audit", "-a", f"url={url}",
        "-s", f"INBOUND_MONGO_URI={mongo_uri}", "-s", f"INBOUND_MONGO_DATABASE={database}",
        "-s", f"LOG_FILE={log_file}", *extra,
    ]  # fmt: skip
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "inbound_spiders.settings"}
    return subprocess.run(command, env=env, check=False).returncode


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", choices=DEMO_SITES, default="hamon2017", help="which demo site (default hamon2017)")
    parser.add_argument("--port", type=int, help="port to serve it on (default: 8017 hamon2017, 8018 strong_ngo)")
    parser.add_argument("--log-file", type=Path, help="the crawl's log (default: logs/demo-crawl.log in INBOUND_HOME)")
    parser.add_argument("scrapy_options", nargs="*", help="extra options for scrapy crawl, e.g. -- -s LOG_LEVEL=DEBUG")
    args = parser.parse_args(argv)
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "inbound_spiders.settings")
    config = project_config()
    args.log_file = args.log_file or config.home / "logs" / "demo-crawl.log"
    embedded = None if config.mongo_uri else EmbeddedMongo(config.embedded_data_dir)
    try:
        mongo_uri = embedded.start() if embedded else config.mongo_uri
        demo_folder = files("inbound_spiders") / "demo_sites" / args.site
        with as_file(demo_folder) as folder, LocalSite(folder, args.port or DEMO_SITES[args.site]) as site:
            print(f"Serving the {args.site} demo site on {site.url}")
            print(f"Auditing it into {redact_uri(mongo_uri)} database {config.mongo_database!r} (log: {args.log_file})")
            code = crawl(site.url, mongo_uri, config.mongo_database, args.log_file, args.scrapy_options)
        if code:
            print(f"The crawl exited with {code}; see {args.log_file}", file=sys.stderr)
        with MongoStore(dataclasses.replace(config, mongo_uri=mongo_uri)) as store:
            print(summarize(store.db, site_of(site.url)))
    finally:
        if embedded:
            embedded.stop()
    sys.exit(code)


if __name__ == "__main__":
    main()
