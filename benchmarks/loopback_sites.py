"""Many local sites from one server: a folder's files, from memory, on many loopback addresses (127.0.0.2,
127.0.0.3, ...: every address of 127/8 is this machine), each address a site of its own to the crawler.

One asyncio server in a thread of the benchmark's process answers on every address (one listening socket per
address, all on one port), HTTP/1.1 with keep-alive, each response ``delay_ms`` late: a crawl of 200 sites needs
neither 200 processes nor 200 threads to be served, and the server's own cost stays small next to the crawl's.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import mimetypes
import socket
import threading
from collections import Counter
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

#: The first address given out: 127.0.0.1 stays for whatever else runs on the machine.
FIRST_ADDRESS = ipaddress.IPv4Address("127.0.0.2")
#: Attempts at finding a port free on every address at once.
PORT_ATTEMPTS = 20


def loopback_hosts(count: int) -> list[str]:
    """``count`` distinct loopback addresses from 127.0.0.2 on, skipping those ending in .0 and .255 (which some
    tools take for network and broadcast addresses)."""
    hosts: list[str] = []
    address = FIRST_ADDRESS
    while len(hosts) < count:
        if address not in ipaddress.IPv4Network("127.0.0.0/8"):
            raise ValueError(f"127/8 has no {count} addresses")
        if address.packed[-1] not in (0, 255):
            hosts.append(str(address))
        address += 1
    return hosts


def _documents(folder: Path) -> dict[str, tuple[bytes, str]]:
    """Each file of ``folder`` by the paths it answers: ``a/index.html`` as ``/a/``, ``/a`` and ``/a/index.html``."""
    documents: dict[str, tuple[bytes, str]] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(folder).as_posix()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        entry = (path.read_bytes(), kind)
        documents["/" + relative] = entry
        if path.name == "index.html":
            directory = "/" + relative.removesuffix("index.html")
            documents[directory] = entry
            documents[directory.rstrip("/") or "/"] = entry
    return documents


class LoopbackSites:
    """Serve ``folder`` on each of ``hosts`` (one port for all), every response ``delay_ms`` late.

    Use as a context manager; :attr:`urls` are the sites' start URLs, :attr:`requests` counts the requests each host
    received (robots.txt included).
    """

    def __init__(self, folder: Path, hosts: list[str], delay_ms: float = 0.0) -> None:
        self.documents = _documents(Path(folder))
        if "/" not in self.documents:
            raise FileNotFoundError(f"{folder} has no index.html")
        self.hosts = hosts
        self.delay = delay_ms / 1000
        self.port = 0
        self.requests: Counter[str] = Counter()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="loopback-sites", daemon=True)
        self.server: asyncio.Server | None = None

    @property
    def urls(self) -> list[str]:
        return [f"http://{host}:{self.port}/" for host in self.hosts]

    def start(self) -> LoopbackSites:
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(self._listen(), self.loop).result(timeout=60)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self.server is not None:
                self.server.close()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self.server.wait_closed(), 5)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(close(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()

    def __enter__(self) -> LoopbackSites:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None):
        self.stop()

    async def _listen(self) -> asyncio.Server:
        """Bind every host on one port: a port free on the first host is tried on all, then another."""
        last_error: OSError | None = None
        for _ in range(PORT_ATTEMPTS):
            with socket.socket() as probe:
                probe.bind((self.hosts[0], 0))
                port = probe.getsockname()[1]
            try:
                # The backlog: a busy machine must not refuse connections (a refused SYN is retried a second later).
                server = await asyncio.start_server(self._serve, host=self.hosts, port=port, backlog=512)
            except OSError as error:
                last_error = error
                continue
            self.port = port
            return server
        raise RuntimeError(f"no port free on all of {len(self.hosts)} loopback addresses: {last_error}")

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                parts = request_line.split()
                if len(parts) != 3:
                    return
                method, target, _ = parts
                headers = {
                    name.strip().lower(): value.strip()
                    for name, _, value in (line.partition(":") for line in header_lines if line)
                }
                self.requests[host] += 1
                if self.delay:
                    await asyncio.sleep(self.delay)
                document = self.documents.get(unquote(urlsplit(target).path))
                body, kind, status = (
                    (*document, "200 OK") if document else (b"not found", "text/plain", "404 Not Found")
                )
                close = headers.get("connection", "").lower() == "close"
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
                    f"Connection: {'close' if close else 'keep-alive'}\r\n\r\n".encode("latin-1")
                    + (body if method != "HEAD" else b"")
                )
                await writer.drain()
                if close:
                    return
        except ConnectionError:
            return
        finally:
            writer.close()
