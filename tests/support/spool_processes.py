"""Two processes on one spool folder, for ``tests/test_faults.py``: one appends documents, the other replays.

``python -m tests.support.spool_processes append <spool> <count>`` adds ``count`` documents one at a time, as crawls
spool their batches (waiting for the spool to be drained every ``DRAIN_EVERY``), then writes ``<spool>.appended``.
``python -m tests.support.spool_processes replay <spool>
<mongo uri> <database>`` replays the spool over and over until that file exists, then once more, and prints the
number of documents each replay wrote.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from inbound_spiders.config import InboundConfig
from inbound_spiders.store import MongoStore, Refusal, Spool

#: The appender waits for the replayer to drain the spool after each of these many documents, so that replays and
#: appends interleave however loaded the machine is (a slow replayer start would otherwise see one full spool).
DRAIN_EVERY = 500


def append(spool: Spool, count: int) -> None:
    now = datetime.now(UTC)
    for number in range(count):
        spool.add("calls_to_action", [{"_id": f"call_to_action:{number:040x}", "number": number, "first_seen": now}])
        if number and number % DRAIN_EVERY == 0:
            deadline = time.monotonic() + 120
            while spool.has_pending() and time.monotonic() < deadline:
                time.sleep(0.01)
    Path(f"{spool.directory}.appended").touch()


def replay(spool: Spool, uri: str, database: str) -> None:
    def refused(refusals: list[Refusal]) -> None:
        raise AssertionError(f"nothing should be refused: {refusals}")

    appended = Path(f"{spool.directory}.appended")
    with MongoStore(InboundConfig(mongo_uri=uri, mongo_database=database)) as store:
        while True:
            done = appended.exists()
            print(spool.replay(store, batch_size=50, keep_refused=refused).replayed, flush=True)
            if done:
                return


if __name__ == "__main__":
    role, directory, *arguments = sys.argv[1:]
    if role == "append":
        append(Spool(Path(directory)), int(arguments[0]))
    else:
        replay(Spool(Path(directory)), *arguments)
