"""Bad input from people (issue 13): each mistake is one line saying what is wrong and what to do, exit code 2 (or 1
for a site that is not stored, as ``inbound-summary``), no traceback, and nothing written."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pymongo.database import Database

from inbound_spiders.spiders.audit import AuditSpider
from inbound_spiders.spiders.base import SpiderArgumentError
from tests.conftest import PROJECT, TESTS


def _run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "inbound_spiders.settings",
        "PYTHONPATH": os.pathsep.join([str(TESTS / "support"), str(PROJECT)]),
        **env,
    }
    environment.pop("INBOUND_MONGO_URI", None)
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=60, check=False)


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "error:" in line or line.startswith("inbound-report:")]


def _written(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*"))


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (("crawl", "audit", "-a", "url=notaurl"), "'notaurl' is not a web host name"),
        (("crawl", "audit", "-a", "url=http://localhost-typo/"), "is not a web host name"),
        (("crawl", "nosuchprofile"), "no spider or profile named 'nosuchprofile'; there are: audit, fillon2017"),
        # Scrapy would crawl the whole site, log a traceback per item and exit 0 without a feed.
        (("crawl", "audit", "-a", "url=http://127.0.0.1:9/", "-O", "/proc/out.jsonl"), "-O /proc/out.jsonl: cannot "),
        (("crawl", "audit", "-a", "url=http://127.0.0.1:9/", "-o", "/proc/x/out.csv"), "-o /proc/x/out.csv: cannot "),
        # Recorded and ignored, the crawl would take 500 pages.
        (("crawl", "audit", "-a", "url=http://127.0.0.1:9/", "-a", "maxpages=3"), "did you mean -a max_pages=?"),
    ],
)
def test_scrapy_crawl_refuses_bad_input_in_one_line_and_writes_nothing(
    arguments: tuple[str, ...], says: str, tmp_path: Path
) -> None:
    crawl = _run([sys.executable, "-m", "scrapy", *arguments], tmp_path)
    assert crawl.returncode == 2, crawl.stderr[-2000:]
    lines = _error_lines(crawl.stderr)
    assert len(lines) == 1 and says in lines[0], crawl.stderr[-2000:]
    assert "Traceback" not in crawl.stderr and "[embedded] started" not in crawl.stderr
    assert _written(tmp_path) == []


def test_a_feed_under_a_file_is_refused_before_the_crawl(tmp_path: Path) -> None:
    (tmp_path / "findings").write_text("a file, not a folder")
    crawl = _run([sys.executable, "-m", "scrapy", "crawl", "audit", "-a", "url=http://127.0.0.1:9/", "-O",
                  "findings/out.jsonl"], tmp_path)  # fmt: skip
    assert crawl.returncode == 2, crawl.stderr[-2000:]
    lines = _error_lines(crawl.stderr)
    assert len(lines) == 1 and lines[0].endswith("error: -O findings/out.jsonl: findings is a file, not a folder")
    assert "[embedded] started" not in crawl.stderr
    assert _written(tmp_path) == [tmp_path / "findings"]


@pytest.mark.parametrize(
    "arguments",
    [
        ("-a", "url=http://127.0.0.1:9/", "-a", "render=always"),
        ("-a", "url=http://127.0.0.1:9/", "-s", "INBOUND_RENDER_MODE=always"),
        ("-a", "url=http://127.0.0.1:9/,http://127.0.0.1:8/", "-a", "render=always"),  # a list
    ],
)
def test_render_always_without_a_browser_is_one_line_exit_3(arguments: tuple[str, ...], tmp_path: Path) -> None:
    """Not a traceback from inside the reactor ("Task exception was never retrieved") and exit code 1."""
    settings = ["-s", f"INBOUND_RENDER_BROWSER_PATH={tmp_path / 'no-chromium'}"]
    crawl = _run([sys.executable, "-m", "scrapy", "crawl", "audit", *arguments, *settings], tmp_path)
    assert crawl.returncode == 3, crawl.stderr[-2000:]
    lines = _error_lines(crawl.stderr)
    assert len(lines) == 1 and "render=always, and no browser to render with: " in lines[0], crawl.stderr[-2000:]
    assert "no-chromium' is not an executable file" in lines[0]
    assert "Traceback" not in crawl.stderr and "[embedded] started" not in crawl.stderr
    assert _written(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "meant"),
    [("maxpages", "max_pages"), ("max-depth", "max_depth"), ("rendr", "render"), ("site", "sites"), ("asof", "as_of")],
)
def test_a_misspelt_argument_names_the_one_meant(name: str, meant: str) -> None:
    with pytest.raises(SpiderArgumentError, match=rf"^-a {name}='3': no such argument; did you mean -a {meant}=\?$"):
        AuditSpider.check_arguments(url="https://example.org/", **{name: "3"})


def test_other_arguments_are_accepted() -> None:
    arguments = {"note": "campaign 2026", "client": "acme", "_job": "abc", "_version": "1", "depth": "2"}
    assert AuditSpider.check_arguments(url="https://example.org/", max_pages="3", **arguments)[1] == 3


def test_the_profile_list_names_every_profile(tmp_path: Path) -> None:
    crawl = _run([sys.executable, "-m", "scrapy", "crawl", "nosuchprofile"], tmp_path)
    line = _error_lines(crawl.stderr)[0]
    for name in ("audit", "hamon2017", "macron2017", "lepen2017", "fillon2017", "melenchon2017"):
        assert name in line


@pytest.fixture
def stored_site(mongo_db: Database) -> Iterator[Database]:
    mongo_db.runs.insert_one({"_id": "run-1", "site": "stored.example.org", "started_at": datetime.now(UTC)})
    mongo_db.site_audits.insert_one(
        {"_id": "run-1", "site": "stored.example.org", "audited_at": datetime.now(UTC), "categories": {}}
    )
    yield mongo_db


def _report(arguments: list[str], mongo_uri: str, db: Database, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from inbound_spiders.report import main; main()", *arguments, "--uri", mongo_uri]
    return _run([*command, "--database", db.name], cwd)


@pytest.mark.parametrize("output", ["/proc/x.html", "file/x.html"])
def test_report_to_an_unwritable_path_is_one_line_and_exit_code_2(
    output: str, stored_site: Database, mongo_uri: str, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("a file, not a folder")
    report = _report(["html", "-o", output], mongo_uri, stored_site, tmp_path)
    assert report.returncode == 2, report.stderr
    lines = report.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"inbound-report: cannot write {output}: "), report.stderr
    if output.startswith("file/"):
        assert lines[0].endswith(": file is a file, not a folder"), report.stderr  # not "File exists"
    assert report.stdout == ""
    assert _written(tmp_path) == [tmp_path / "file"]
    assert not Path("/proc/x.html").exists()


def test_report_for_a_site_never_stored_names_the_stored_sites_and_exits_1(
    stored_site: Database, mongo_uri: str, tmp_path: Path
) -> None:
    for command in (["table"], ["html", "-o", "report.html"], ["json"]):
        report = _report([*command, "--site", "unknown.example.org"], mongo_uri, stored_site, tmp_path)
        assert report.returncode == 1, report.stderr
        lines = report.stderr.strip().splitlines()
        assert len(lines) == 1, report.stderr
        assert "no audit stored for 'unknown.example.org'" in lines[0], lines
        assert "Sites audited: stored.example.org." in lines[0]
        assert report.stdout == ""
    assert _written(tmp_path) == []
    known = _report(["table", "--site", "stored.example.org"], mongo_uri, stored_site, tmp_path)
    assert known.returncode == 0, known.stderr


# --- ./dev and the package manager's lock --------------------------------------------------------------------------


@pytest.fixture
def held_lock(tmp_path: Path) -> Iterator[Path]:
    """A dpkg-like lock file held by another process (a POSIX record lock, as apt and dpkg take it)."""
    lock = tmp_path / "lock-frontend"
    lock.touch()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import fcntl, sys, time; f = open({str(lock)!r}, 'a'); "
         "fcntl.lockf(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with open(lock, "a") as probe, pytest.raises(OSError):
        fcntl.lockf(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
    yield lock
    holder.kill()
    holder.wait()


@pytest.fixture
def no_browser_and_a_recording_apt(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """``./dev``'s environment with no browser found (the lookup answers "none") and an ``apt-get`` that records its
    arguments and fails, so that nothing is installed for real."""
    bin_dir, calls = tmp_path / "bin", tmp_path / "apt-calls"
    bin_dir.mkdir()
    apt = bin_dir / "apt-get"
    apt.write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexit 100\n')
    apt.chmod(0o755)
    env = {"DEV_PYTHON": "/bin/false", "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHON": sys.executable}
    return env, calls


@pytest.mark.skipif(os.geteuid() != 0, reason="./dev installs Chromium with apt-get only as root")
def test_dev_demo_goes_on_without_the_browser_when_the_package_manager_is_busy(
    held_lock: Path, no_browser_and_a_recording_apt: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, calls = no_browser_and_a_recording_apt
    dev = _run(["./dev", "browser", "optional"], PROJECT, DPKG_LOCK=str(held_lock), **env)
    assert dev.returncode == 0, dev.stderr
    lines = dev.stderr.strip().splitlines()
    assert len(lines) == 1, dev.stderr
    assert "holds the package manager's lock" in lines[0] and "sudo apt-get install chromium" in lines[0]
    assert not calls.exists(), "apt-get must not be run (nor waited for) while another process holds the lock"
    # The demo is what takes this path.
    assert "demo) setup; browser optional;" in (PROJECT / "dev").read_text()


@pytest.mark.skipif(os.geteuid() != 0, reason="./dev installs Chromium with apt-get only as root")
def test_dev_test_waits_for_the_package_manager_a_bounded_time(
    held_lock: Path, no_browser_and_a_recording_apt: tuple[dict[str, str], Path]
) -> None:
    env, calls = no_browser_and_a_recording_apt
    dev = _run(["./dev", "browser"], PROJECT, DPKG_LOCK=str(held_lock), APT_LOCK_WAIT="7", **env)
    assert dev.returncode == 1
    assert "waiting up to 7s for the package manager's lock" in dev.stderr
    assert calls.read_text().splitlines()[0] == "-o DPkg::Lock::Timeout=7 -y -q install chromium"
    assert dev.stderr.strip().splitlines()[-1].startswith("[dev] could not install Chromium")
