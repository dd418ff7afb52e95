"""A fake Wayback Machine on 127.0.0.1: the CDX API (JSON) and raw ``id_`` snapshots of folders of saved pages, each
folder the site as captured at one timestamp."""

from __future__ import annotations

import json
import mimetypes
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from inbound_spiders.archives import parse_wayback_timestamp


def page_key(url: str) -> str:
    """A page across captures, as the CDX API matches it: no scheme, no ``www.``."""
    parts = urlsplit(url)
    return f"{(parts.hostname or '').removeprefix('www.')}{parts.path or '/'}"


class FakeWayback:
    """``captures``: 14-digit timestamp → folder of the site at that time (``index.html`` per page folder), all of
    ``origin`` (``https://www.benoithamon2017.fr``). ``busy``: path prefixes whose first request is answered 429.
    ``redirects``: paths captured at every timestamp as 301 redirects to another path (``Location`` a Wayback URL,
    as the Wayback Machine rewrites it). Every request's path is kept in ``requests``."""

    def __init__(
        self,
        origin: str,
        captures: dict[str, Path],
        busy: tuple[str, ...] = (),
        redirects: dict[str, str] | None = None,
    ) -> None:
        self.origin = origin.rstrip("/")
        self.captures = captures
        self.redirects = redirects or {}
        self.busy = set(busy)
        self.requests: list[str] = []
        self.answers: Counter[int] = Counter()
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                status, headers, body = fake.answer(self.path)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-wayback", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeWayback:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def file_of(self, timestamp: str, url: str) -> Path | None:
        folder = self.captures.get(timestamp)
        parts = urlsplit(url)
        if folder is None or page_key(url).split("/", 1)[0] != page_key(self.origin).split("/", 1)[0]:
            return None
        path = folder / unquote(parts.path).lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        return path if path.is_file() else None

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.requests.append(path)
            first = next((prefix for prefix in self.busy if path.startswith(prefix)), None)
            self.busy.discard(first or "")
        if first:
            return self._counted(429, {"Retry-After": "0"}, b"slow down")
        if path.startswith("/cdx/search/cdx?"):
            return self._counted(200, {"Content-Type": "application/json"}, self.cdx(path))
        if path.startswith("/web/"):
            timestamp, _, url = path.removeprefix("/web/").partition("id_/")
            target = self.redirects.get(urlsplit(url).path)
            if timestamp in self.captures and target is not None:
                location = f"{self.url}/web/{timestamp}id_/{self.origin}{target}"
                return self._counted(301, {"Location": location, "Content-Type": "text/html"}, b"moved")
            file = self.file_of(timestamp, url)
            if file is not None:
                content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                if content_type == "text/html":
                    content_type += "; charset=utf-8"
                return self._counted(200, {"Content-Type": content_type}, file.read_bytes())
        return self._counted(404, {"Content-Type": "text/plain"}, b"not archived")

    def _counted(self, status: int, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            self.answers[status] += 1
        return status, headers, body

    def cdx(self, path: str) -> bytes:
        query = {name: values[0] for name, values in parse_qs(urlsplit(path).query).items()}
        fields = query.get("fl", "urlkey,timestamp,original,mimetype,statuscode,digest,length").split(",")
        low = parse_wayback_timestamp(query.get("from", "1996"))
        high = parse_wayback_timestamp(query.get("to", "2100"))
        rows: list[list[str]] = [fields]
        for timestamp in sorted(self.captures):
            if not low <= parse_wayback_timestamp(timestamp) <= high:
                continue
            if page_key(query["url"]).split("/", 1)[0] != page_key(self.origin).split("/", 1)[0]:
                break
            original = self.origin + urlsplit(query["url"]).path
            status = "301" if urlsplit(original).path in self.redirects else "200"
            if status == "200" and self.file_of(timestamp, original) is None:
                continue
            values = {"timestamp": timestamp, "original": original, "statuscode": status, "urlkey": page_key(original)}
            rows.append([values.get(name, "-") for name in fields])
        return json.dumps(rows if len(rows) > 1 else []).encode()
