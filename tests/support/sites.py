"""Small generated sites for crawl tests."""

from __future__ import annotations

import time
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

from inbound_spiders.localsite import LocalSite

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page {n}</title></head><body>
<header class="site-header"><nav><a href="/">Home</a></nav><a class="button" href="/donate/">Donate</a></header>
<main><h1>Article {n}</h1><p>Text of article {n}.</p>
<a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Fexample.org%2Fp{n}%2F&amp;text=Article%20{n}">Tweet</a>
<a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2Fp{n}%2F">Share</a>
{links}</main></body></html>"""


def write_site(folder: Path, pages: int, disallow: str | None = None) -> Path:
    """A site of ``pages`` article pages, each linking to the next few, with share buttons and a site-wide CTA.

    Page ``n`` is ``ceil(n / 3)`` clicks from the home page. With ``disallow`` (a path such as ``/private/``),
    robots.txt disallows that path for every user agent and every page links to a page there.
    """
    folder.mkdir(parents=True, exist_ok=True)
    extra = ""
    if disallow:
        (folder / "robots.txt").write_text(f"User-agent: *\nDisallow: {disallow}\n", encoding="utf-8")
        private = folder / disallow.strip("/") / "index.html"
        private.parent.mkdir(parents=True, exist_ok=True)
        private.write_text("<html><body><h1>Members only</h1></body></html>", encoding="utf-8")
        extra = f'<a href="{disallow}">Members</a> '
    for n in range(pages):
        links = extra + "".join(f'<a href="/p{m}/">Article {m}</a> ' for m in range(n + 1, min(n + 4, pages)))
        target = folder / "index.html" if n == 0 else folder / f"p{n}" / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.format(n=n, links=links + '<a href="/p1/">first</a>'), encoding="utf-8")
    (folder / "donate").mkdir(exist_ok=True)
    (folder / "donate" / "index.html").write_text("<html><body><h1>Donate</h1></body></html>")
    return folder


class _RecordingHandler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        time.sleep(self.server.delay)  # type: ignore[attr-defined]
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class RecordingSite(LocalSite):
    """A :class:`LocalSite` that remembers the path of every GET it is asked for, in order, in ``paths``, and answers
    each ``delay`` seconds late."""

    def __init__(self, folder: Path, host: str = "127.0.0.1", delay: float = 0.0) -> None:
        super().__init__(folder, host=host)
        self.paths: list[str] = []
        # The server builds a handler per request from this attribute: swapped before it serves anything.
        self.server.RequestHandlerClass = partial(_RecordingHandler, directory=str(self.folder))
        self.server.paths = self.paths  # type: ignore[attr-defined]
        self.server.delay = delay  # type: ignore[attr-defined]
