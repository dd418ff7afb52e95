"""One file lock for every folder several processes share (the spool, the embedded store)."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive_lock(path: Path, timeout_seconds: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing; released by the system if this process dies): wait for
    it, at most ``timeout_seconds`` when given (then :class:`TimeoutError`)."""
    with path.open("a") as handle:
        if timeout_seconds is None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        else:
            deadline = time.monotonic() + timeout_seconds
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"{path} stayed locked for {timeout_seconds:.0f}s") from None
                    time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
