"""What the benchmarks of issue 15 measure of a process: wall time, CPU time (its children's included), peak
resident memory, and its memory over time — from the outside, so that the same figures come for any crawler (ours,
bare Scrapy, advertools) without adding anything to it."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import statistics
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MiB = 1024 * 1024
#: How often the resident memory of a running crawl is read.
SAMPLE_INTERVAL_SECONDS = 0.2


@dataclass
class ProcessRun:
    """One command run to its end."""

    command: list[str]
    returncode: int
    started_at: datetime
    """When it was started (UTC): what "time to the first site audit" counts from."""
    wall_s: float
    cpu_s: float
    """User and system CPU time of the process and of the children it waited for."""
    peak_rss_mib: float
    """The kernel's high-water mark of its resident memory (``ru_maxrss``), its children's included."""
    sampled_peak_rss_mib: float
    """The highest of the sampled resident memory readings (the process alone)."""
    rss_timeline: list[tuple[float, float]] = field(default_factory=list, repr=False)
    """``(seconds since start, MiB)`` every :data:`SAMPLE_INTERVAL_SECONDS`."""
    timed_out: bool = False


def resident_mib(pid: int) -> float | None:
    """The resident memory of process ``pid`` now, in MiB (``None`` where ``/proc`` does not say)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def run_process(
    command: list[str], *, cwd: Path, env: dict[str, str], timeout: float, log: Path | None = None
) -> ProcessRun:
    """Run ``command`` to its end (killed after ``timeout`` seconds), sampling its resident memory; its output goes to
    ``log`` (or nowhere). Its CPU time and peak memory are the kernel's, read when it is reaped (``wait4``)."""
    output = log.open("wb") if log else subprocess.DEVNULL
    started_at = datetime.now(UTC)
    started = time.perf_counter()
    try:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        timeline: list[tuple[float, float]] = []
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            elapsed = time.perf_counter() - started
            rss = resident_mib(process.pid)
            if rss is not None:
                timeline.append((round(elapsed, 2), round(rss, 1)))
            if elapsed > timeout and not timed_out:
                timed_out = True
                process.send_signal(signal.SIGKILL)
            time.sleep(SAMPLE_INTERVAL_SECONDS)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            output.close()  # type: ignore[union-attr]
    return ProcessRun(
        command=command,
        returncode=process.returncode,
        started_at=started_at,
        wall_s=round(wall, 3),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 3),
        peak_rss_mib=round(usage.ru_maxrss / 1024, 1),
        sampled_peak_rss_mib=max((rss for _, rss in timeline), default=0.0),
        rss_timeline=timeline,
        timed_out=timed_out,
    )


def load() -> list[float]:
    """The machine's load averages (1, 5, 15 minutes)."""
    return [round(value, 2) for value in os.getloadavg()]


def median(values: list[float], digits: int = 2) -> float:
    return round(statistics.median(values), digits) if values else 0.0


def own_cpu_seconds() -> float:
    """CPU time of this process so far (the servers' threads: what serving the sites cost)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def save_figures(result: dict[str, Any], output: Path, name: str) -> Path:
    """Write ``<name>-<timestamp>.json`` and ``<name>-latest.json`` under ``output``; returns the first."""
    output.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n"
    stamp = result["created_at"].replace(":", "").replace("-", "")
    path = output / f"{name}-{stamp}.json"
    path.write_text(text, encoding="utf-8")
    (output / f"{name}-latest.json").write_text(text, encoding="utf-8")
    return path


def publish(result: dict[str, Any], output: Path, name: str, report: str) -> Path:
    """Save ``result`` (:func:`save_figures`), print ``report`` and where the figures went; returns the file written."""
    path = save_figures(result, output, name)
    print(report)
    print(f"figures written to {path} and {output / f'{name}-latest.json'}")
    return path


def target_lines(targets: dict[str, dict[str, Any]], name_width: int, target_width: int) -> list[str]:
    """The ``targets:`` lines of a report: each target's name, wording, value and whether it was met."""
    return [
        f"  {name:<{name_width}} {target['target']:<{target_width}} {target['value']!s:<7} "
        + ("MET" if target["met"] else "NOT MET")
        for name, target in targets.items()
    ]


@contextlib.contextmanager
def mongo_uri_or_embedded(uri: str | None, folder: Path) -> Iterator[str]:
    """``uri`` if one is given, else that of nx-27017 (the embedded store) started under ``folder`` and stopped on
    leaving."""
    if uri:
        yield uri
        return
    from inbound_spiders.embedded import EmbeddedMongo

    mongo = EmbeddedMongo(folder)
    try:
        yield mongo.start()
    finally:
        mongo.stop()
