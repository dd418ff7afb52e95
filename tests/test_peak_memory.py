"""The crawl's own peak memory: ``VmHWM`` of its program, not ``ru_maxrss``, which Linux carries over ``execve``
from the process that started the crawl (a large test runner or Scrapyd node made every crawl look as large)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from inbound_spiders.extensions import PEAK_MEMORY_STAT, PeakMemory, peak_resident_bytes
from inbound_spiders.spiders.audit import AuditSpider

MiB = 2**20
PROBE = (
    "import resource; from inbound_spiders.extensions import peak_resident_bytes; "
    "print(peak_resident_bytes(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)"
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc only")


def test_a_child_of_a_large_process_reports_its_own_peak() -> None:
    ballast = bytearray(300 * MiB)
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched: resident
    completed = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60)
    del ballast
    own, inherited = (int(value) for value in completed.stdout.split())
    assert own < 150 * MiB, own  # a Python starting up
    assert inherited >= 300 * MiB, inherited  # what Scrapy's memusage/max would have said


def test_the_extension_records_the_peak_when_the_spider_closes() -> None:
    crawler = get_crawler(AuditSpider)
    crawler.stats.open_spider()
    extension = PeakMemory.from_crawler(crawler)
    extension.spider_closed(AuditSpider(url="https://www.example.org/"))
    recorded = crawler.stats.get_value(PEAK_MEMORY_STAT)
    current = peak_resident_bytes()
    assert recorded is not None and current is not None
    assert 10 * MiB < recorded <= current
