"""The ``[progress]`` log lines of a long audit, and the README documenting every ``INBOUND_*`` setting."""

from __future__ import annotations

import re
from pathlib import Path

from pymongo.database import Database

from inbound_spiders.localsite import LocalSite
from inbound_spiders.progress import progress_line
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import PROJECT, run_crawl
from tests.support.sites import write_site


def test_progress_line_says_pages_of_the_budget_pace_findings_and_documents() -> None:
    stats = {
        "inbound/pages/audited": 120,
        "inbound/items/call_to_action": 2000,
        "inbound/items/share_widget": 760,
        "inbound/items/repeated/call_to_action": 1900,  # a sub-count, not more findings
        "inbound/findings/distinct": 410,
        "inbound/mongo/documents_written": 380,
    }
    line = progress_line(stats, max_pages=500, elapsed_seconds=120)
    assert line == (
        "120 pages audited (24 % of max_pages=500), 60 pages/min; 2,760 findings, 410 distinct; "
        "380 document writes, 0 spooled"
    )
    assert (
        progress_line({}, max_pages=None, elapsed_seconds=0)
        == "0 pages audited, 0 pages/min; 0 findings; 0 document writes, 0 spooled"
    )


def test_a_crawl_logs_its_progress_and_a_last_line_matching_its_stats(
    mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    with LocalSite(write_site(tmp_path / "site", 30)) as site:
        crawl = run_crawl(
            "audit", f"url={site.url}", "max_depth=20", mongo_uri=mongo_uri, database=mongo_db.name, tmp_path=tmp_path,
            settings={"INBOUND_PROGRESS_INTERVAL": "0.2", "DOWNLOAD_DELAY": "0.02", "CONCURRENT_REQUESTS": "1"},
        )  # fmt: skip
    lines = re.findall(r"\[progress\] (\S+)( \(done\))? (\d+) pages audited", crawl.log)
    assert len(lines) >= 2, crawl.log[-3000:]
    assert [done for _site, done, _pages in lines].count(" (done)") == 1 and lines[-1][1] == " (done)"
    run = mongo_db.runs.find_one()
    assert run is not None
    assert int(lines[-1][2]) == run["stats"]["inbound/pages/audited"] == 31
    pages = [int(pages) for _site, _done, pages in lines]
    assert pages == sorted(pages)
    last = crawl.log[crawl.log.rindex("[progress]") :].splitlines()[0]
    stored = sum(mongo_db[collection].count_documents({}) for collection in COLLECTION_BY_KIND.values())
    assert f"{stored:,} distinct" in last  # one document per distinct finding
    assert f"{run['stats']['inbound/mongo/documents_written']:,} document writes" in last


def test_readme_documents_every_inbound_setting_the_code_reads() -> None:
    code = "\n".join(path.read_text(encoding="utf-8") for path in (PROJECT / "inbound_spiders").rglob("*.py"))
    names = set(re.findall(r"\"(INBOUND_[A-Z_]+)\"", code))
    assert len(names) > 30
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(INBOUND_[A-Z_]+)`", readme, re.MULTILINE))
    assert names <= documented, sorted(names - documented)
