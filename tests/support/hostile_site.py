"""A hostile site for the reliability tests: every kind of broken page a crawler auditing third-party sites meets.

:class:`HostileSite` serves it from 127.0.0.1 on a free port (a context manager, like
:class:`inbound_spiders.localsite.LocalSite`). Everything is generated in code, large bodies are streamed in chunks
and never held in memory, and the server records every path requested so that tests can check what the crawler
actually fetched (how many calendar pages, how many bytes of the 20 MB page) independently of the crawler's own stats.

The home page links to every page in :data:`PAGES` and to links no crawler may follow (``javascript:``, ``data:``,
``mailto:``, ``tel:``, malformed and very long URLs).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

#: Seconds the slow page waits before answering; tests set a shorter ``DOWNLOAD_TIMEOUT``.
SLOW_SECONDS = 4.0
#: Size of the huge pages (over the project's 8 MB ``DOWNLOAD_MAXSIZE``).
HUGE_BYTES = 20 * 1024 * 1024
#: Decompressed size of the gzip bomb (its compressed body is about 1/1000 of it).
BOMB_BYTES = 64 * 1024 * 1024
#: Length of the huge ``href``; two ``class`` values of half that length follow (6 MB in all, under
#: ``DOWNLOAD_MAXSIZE``: the page is downloaded, and audited once its attributes are cut).
HUGE_ATTRIBUTE_CHARS = 3_000_000
#: Nesting depth of the deep page.
DEEP_LEVELS = 5000
#: Pages of the 5xx storm: ``/storm/1`` ... ``/storm/30``.
STORM_PAGES = 30
#: Pages answering 404.
MISSING_PAGES = 3
#: The calendar's first month, as on a 2017 campaign site.
CALENDAR_START = "2017-02"
#: Label of the call to action of the French pages with a broken or missing charset: it must come out readable.
FRENCH_CTA = "S'inscrire à la newsletter"
YOUTUBE_ID = "dQw4w9WgXcQ"

_CHUNK = 64 * 1024

_HEAD = '<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head><body>'

#: A page every auditor should find things on: a donate button, share links, a YouTube embed.
GOOD_PAGE = (
    _HEAD.format(lang="en", title="Clean rivers now")
    + """
<header class="site-header"><nav><a href="/">Home</a></nav><a class="button" href="/donate/">Donate now</a></header>
<main><h1>Clean rivers now</h1><p>Our rivers deserve better. Watch, share, give.</p>
<iframe width="560" height="315" src="https://www.youtube.com/embed/{video}" allowfullscreen></iframe>
<div class="share"><a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Fexample.org%2Fgood%2F">Tweet</a>
<a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org%2Fgood%2F">Share</a></div>
<a href="/good/volunteer/">Next</a></main></body></html>"""
).replace("{video}", YOUTUBE_ID)

#: A second good page, one click deeper.
VOLUNTEER_PAGE = (
    _HEAD.format(lang="en", title="Volunteer")
    + """
<main><h1>Join us</h1><p>Give an hour a week to the rivers near you.</p>
<a class="button" href="/volunteer/signup/">Volunteer with us</a></main></body></html>"""
)

#: Malformed markup that still holds findings: unclosed and misnested tags, stray end tags, unquoted attributes,
#: a broken comment and, at the end, a tag cut in the middle of an attribute.
MALFORMED_PAGE = """<html><head><title>Broken <b>page</title><body><div class=main><p>Unclosed paragraph
<table><tr><td>cell<td><div>misnested</td></div></tr><li>stray item</table></span></span></div></div>
<a class=button href=/donate/malformed/>Donate today</a><p><b><i>bold italic</b></i>
<iframe src=https://www.youtube.com/embed/9bZkp7q19f0></iframe>
<a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Fexample.org%2Fmalformed%2F">Tweet</a>
<div><div><div><form action="/newsletter/" method=post><input type=email name=email placeholder=Email>
<button type=submit>Subscribe to our newsletter</button>
<!-- a comment that never ends properly: what follows is invisible to browsers too -- >
<a href="/after-truncation/" class="butt"""

#: French page with accents: served as Windows-1252 bytes while declaring UTF-8, or as Latin-1 without a charset.
FRENCH_PAGE = """<!doctype html><html lang="fr"><head>{meta}<title>Événements à venir</title></head><body>
<main><h1>Événements à venir — « Été citoyen »</h1>
<p>Nous sommes très heureux de vous présenter les idées fraîches de notre équipe : réunions publiques, débats,
pétitions. Préparez-vous à découvrir l’été à nos côtés.</p>
<a class="button" href="/newsletter/{slug}/">{cta}</a></main></body></html>"""

#: A body whose attributes are megabytes long (a data URI in an href, generated class names), plus a CTA.
HUGE_ATTRIBUTES_PREFIX = '<!doctype html><html><head><meta charset="utf-8"><title>Huge</title></head><body>'
HUGE_ATTRIBUTES_SUFFIX = '<a class="button" href="/donate/huge/">Donate to the cause</a></body></html>'

#: A few valid binary documents served as ``text/html``.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _random_bytes(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def _month(value: str) -> date:
    try:
        year, month = (int(part) for part in value.split("-")[:2])
        return date(year, month, 1)
    except ValueError:
        return date(2017, 2, 1)


def calendar_page(query: str) -> str:
    """An infinite calendar: each month links to the previous and next months and to each of its days; each day
    links to the previous and next days. There is no last page."""
    params = parse_qs(query)
    if "day" in params:
        try:
            day = date.fromisoformat(params["day"][0])
        except ValueError:
            day = date(2017, 2, 14)
        links = [f"/calendar/?day={day - timedelta(days=1)}", f"/calendar/?day={day + timedelta(days=1)}"]
        links.append(f"/calendar/?month={day:%Y-%m}")
        title = f"Agenda du {day}"
    else:
        month = _month(params.get("month", [CALENDAR_START])[0])
        previous = (month - timedelta(days=1)).replace(day=1)
        following = (month + timedelta(days=32)).replace(day=1)
        links = [f"/calendar/?month={previous:%Y-%m}", f"/calendar/?month={following:%Y-%m}"]
        day = month
        while day.month == month.month:
            links.append(f"/calendar/?day={day}")
            day += timedelta(days=1)
        title = f"Agenda {month:%Y-%m}"
    anchors = "".join(f'<a href="{link}">{link}</a> ' for link in links)
    return _HEAD.format(lang="fr", title=title) + f"<h1>{title}</h1><nav>{anchors}</nav></body></html>"


@functools.cache
def huge_attributes_page() -> bytes:
    """A 6 MB page: an inline-data ``href`` and generated ``class`` lists of megabytes, then a call to action."""
    href = "data:text/plain;base64," + "QUJD" * (HUGE_ATTRIBUTE_CHARS // 4)
    classes = " ".join(f"c{n:06d}" for n in range(HUGE_ATTRIBUTE_CHARS // 16))
    body = (
        HUGE_ATTRIBUTES_PREFIX
        + f'<a href="{href}" class="{classes}">huge link</a>'
        + f'<div class="{classes}" data-x="{"x" * 1000}">huge div</div>'
        + HUGE_ATTRIBUTES_SUFFIX
    )
    return body.encode("utf-8")


def deep_page(levels: int = DEEP_LEVELS) -> str:
    """A page nested ``levels`` deep, with a call to action before, inside the deepest element and after it."""
    return (
        _HEAD.format(lang="en", title="Deep")
        + '<a class="button" href="/donate/before-deep/">Donate before</a>'
        + "<div>" * levels
        + '<a class="button" href="/donate/deepest/">Donate deep</a>'
        + "</div>" * levels
        + '<footer><a class="button" href="/donate/after-deep/">Donate after the deep part</a></footer></body></html>'
    )


#: Charset names Python knows that are not text encodings (a bytes transform, a cipher, a host-name codec).
BOGUS_CHARSETS = ("zlib", "rot13", "idna")
#: Findings' elements (kept when flattening a deep DOM) nested ``DEEP_LEVELS`` deep by ``/deep-inline/<tag>/``.
DEEP_INLINE_TAGS = ("label", "button", "object")
#: Call to action of the page announcing ``Content-Encoding: gzip`` on a plain body.
GZIP_PLAIN_CTA = "Donate despite the gzip header"
#: Call to action after a NUL byte in a UTF-8 page.
NUL_CTA = "Donate after a NUL byte"
#: Size of the DOM the huge app shell builds in the browser (over the 1 MB ``DOWNLOAD_MAXSIZE`` its test sets).
RENDERED_DOM_BYTES = 3 * 1024 * 1024
#: Call to action of the huge app shell's static HTML.
APP_SHELL_CTA = "Donate without JavaScript"


def deep_inline_page(tag: str, levels: int = DEEP_LEVELS) -> str:
    """A page of ``levels`` nested ``tag`` elements, with a call to action before, inside and after them."""
    return (
        _HEAD.format(lang="en", title=f"Deep {tag}")
        + f'<a class="button" href="/donate/before-{tag}/">Donate before the {tag}s</a>'
        + f"<{tag}>" * levels
        + f'<a class="button" href="/donate/inside-{tag}/">Donate inside the {tag}s</a>'
        + f"</{tag}>" * levels
        + f'<footer><a class="button" href="/donate/after-{tag}/">Donate after the {tag}s</a></footer></body></html>'
    )


def nul_page() -> bytes:
    """A valid UTF-8 page holding one NUL byte (a template bug), then a call to action."""
    return (
        _HEAD.format(lang="fr", title="Nul")
        + "<p>Été citoyen\x00: rejoignez-nous.</p>"
        + f'<a class="button" href="/donate/nul/">{NUL_CTA}</a></body></html>'
    ).encode("utf-8")


def huge_app_shell_page() -> str:
    """A page whose script builds a DOM of :data:`RENDERED_DOM_BYTES` in the browser; its static HTML holds a call to
    action."""
    return (
        _HEAD.format(lang="en", title="Huge app")
        + f'<div id="app"><a class="button" href="/donate/static/">{APP_SHELL_CTA}</a></div>'
        + "<script>const row = '<p>' + 'x'.repeat(1017) + '</p>';"
        + f"document.getElementById('app').insertAdjacentHTML('beforeend', row.repeat({RENDERED_DOM_BYTES // 1024}));"
        + "</script></body></html>"
    )


#: Links on the home page that must never be followed, or not crash anything when they are looked at.
UNFOLLOWABLE_LINKS = (
    "javascript:alert(document.cookie)",
    "javascript:void(0)",
    "data:text/html;base64,PGgxPkhpPC9oMT4=",
    "mailto:contact@example.org?subject=Hello%20there",
    "tel:+33123456789",
    "http://[::1",
    "https://exa mple.org/",
    "http://127.0.0.1:99999/",
    "http://",
    "//",
    "%",
    "http://%zz/",
    "\x00\x01",
    "https://www.example.org/" + "very-long-segment/" * 600,
)
#: A link on the site itself, longer than Scrapy's ``URLLENGTH_LIMIT`` (2,083).
LONG_URL_PATH = "/long/" + "segment/" * 400

#: Path of each hostile page, and what it is; the home page links to all of them.
PAGES: dict[str, str] = {
    "/good/": "a good page: donate button, share links, YouTube embed",
    "/good/volunteer/": "a good page one click deeper",
    "/malformed/": "malformed and truncated HTML that still holds findings",
    "/truncated-transfer/": "a response cut short: fewer bytes than its Content-Length",
    "/huge/": "a 20 MB page announced by its Content-Length",
    "/huge-stream/": "a 20 MB page streamed without Content-Length",
    "/bomb/": "a gzip bomb: 64 MB of zeros in a 64 KB gzip body",
    "/binary/png/": "a PNG image served as text/html",
    "/binary/gzip/": "gzip bytes served as text/html, without Content-Encoding",
    "/binary/random/": "random bytes served as text/html",
    "/charset/cp1252-declared-utf8/": "a Windows-1252 page declared UTF-8 in its Content-Type header",
    "/charset/cp1252-meta-utf8/": "a Windows-1252 page declared UTF-8 by a <meta> tag only",
    "/charset/latin1-undeclared/": "a Latin-1 page without any charset",
    f"/calendar/?month={CALENDAR_START}": "an infinite calendar (spider trap)",
    "/loop/a": "a redirect loop: /loop/a -> /loop/b -> /loop/a",
    "/chain/1": "an endless redirect chain: /chain/1 -> /chain/2 -> ...",
    "/slow/": f"a page answering after {SLOW_SECONDS} s",
    **{f"/storm/{n}": "a 5xx storm page (500, 502, 503 in turn)" for n in range(1, STORM_PAGES + 1)},
    **{f"/missing/{n}": "a page that does not exist (404)" for n in range(1, MISSING_PAGES + 1)},
    "/huge-attributes/": "megabyte-long href and class attribute values",
    "/deep/": f"a DOM nested {DEEP_LEVELS} levels deep",
    **{f"/deep-inline/{tag}/": f"{DEEP_LEVELS} nested <{tag}> elements" for tag in DEEP_INLINE_TAGS},
    **{f"/charset/{name}/": f"a page declaring charset={name} in its Content-Type" for name in BOGUS_CHARSETS},
    "/charset/zlib-meta/": "a page declaring charset=zlib in a <meta> tag",
    "/gzip-plain/": "Content-Encoding: gzip on a plain body",
    "/nul/": "a valid UTF-8 page holding a NUL byte",
    "/redirect-offsite/": "a page redirecting (HTTP 302) to another site",
    "/refresh-offsite/": "a page redirecting (meta refresh) to another site",
}
#: Paths of the other site the offsite redirects lead to (``localhost`` instead of ``127.0.0.1``: another site).
OFFSITE_PREFIX = "/elsewhere/"


def home_page() -> str:
    """The start page: a call to action, then links to every hostile page and to unfollowable links."""
    hostile = "".join(f'<li><a href="{path}">{what}</a></li>' for path, what in PAGES.items())
    odd = "".join(f'<li><a href="{link}">odd link</a></li>' for link in (*UNFOLLOWABLE_LINKS, LONG_URL_PATH))
    return (
        _HEAD.format(lang="en", title="Hostile home")
        + '<header><a class="button" href="/donate/">Donate</a></header>'
        + f"<main><h1>Every broken page</h1><ul>{hostile}</ul><ul>{odd}</ul></main></body></html>"
    )


class _Handler(BaseHTTPRequestHandler):
    """Routes of the hostile site; HTTP/1.0, so a body without Content-Length ends when the connection closes."""

    server: _HostileServer
    routes: dict[str, Callable[[_Handler], None]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.record(self.path)
        route = self.routes.get(parts.path)
        if route is None:
            for prefix in ("/storm/", "/missing/", "/charset/", "/binary/", "/chain/", "/deep-inline/"):
                if parts.path.startswith(prefix):
                    route = self.routes[prefix]
                    break
        # The crawler may give up on a page (maximum size, timeout) mid-body: expected here.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            (route or _Handler.not_found)(self)

    # --- helpers -------------------------------------------------------------------------------------------------

    def send(self, body: bytes, *, status: int = 200, content_type: str = "text/html; charset=utf-8", **headers: str):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def stream(self, chunks: Iterator[bytes], *, length: int | None = None) -> None:
        """Send a body chunk by chunk; without ``length``, the end of the body is the end of the connection."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(chunk)
            self.server.count_bytes(self.path, len(chunk))

    # --- pages ---------------------------------------------------------------------------------------------------

    def home(self) -> None:
        self.send(home_page().encode("utf-8"))

    def robots(self) -> None:
        status = self.server.robots_status
        self.send(
            b"User-agent: *\nAllow: /\n" if status < 400 else b"Server error", status=status, content_type="text/plain"
        )

    def other_site(self) -> str:
        """This server under another site's name: ``localhost`` instead of ``127.0.0.1``."""
        return f"http://localhost:{self.server.server_address[1]}"

    def redirect_offsite(self) -> None:
        self.send(b"", status=302, Location=f"{self.other_site()}{OFFSITE_PREFIX}redirected/")

    def refresh_offsite(self) -> None:
        target = f"{self.other_site()}{OFFSITE_PREFIX}refreshed/"
        self.send(f'<html><head><meta http-equiv="refresh" content="0;url={target}"></head></html>'.encode())

    def moved(self) -> None:
        """The start URL of a site that moved: a permanent redirect to the other site's good page."""
        self.send(b"", status=301, Location=f"{self.other_site()}/good/")

    def ssrf(self) -> None:
        """Links to a page redirecting to the cloud metadata address and to one refreshing to the crawl's store."""
        self.send(
            (
                _HEAD.format(lang="en", title="SSRF")
                + '<a href="/to-metadata/">m</a><a href="/to-store/">s</a>'
                + '<a class="button" href="/donate/ssrf/">Donate safely</a></body></html>'
            ).encode()
        )

    def to_metadata(self) -> None:
        self.send(b"", status=302, Location="http://169.254.169.254/latest/meta-data/")

    def to_store(self) -> None:
        target = f"http://127.0.0.1:{self.server.store_port}/"
        self.send(f'<html><head><meta http-equiv="refresh" content="0;url={target}"></head></html>'.encode())

    def charset_bogus(self, name: str, *, in_meta: bool = False) -> None:
        meta = f'<meta charset="{name}">' if in_meta else ""
        page = FRENCH_PAGE.format(meta=meta, slug=name, cta=FRENCH_CTA).encode("utf-8")
        self.send(page, content_type="text/html" if in_meta else f"text/html; charset={name}")

    def gzip_plain(self) -> None:
        body = GOOD_PAGE.replace("Donate now", GZIP_PLAIN_CTA).encode("utf-8")
        self.send(body, Content_Encoding="gzip")

    def nul(self) -> None:
        self.send(nul_page())

    def deep_inline(self) -> None:
        tag = urlsplit(self.path).path.strip("/").split("/")[-1]
        if tag not in DEEP_INLINE_TAGS:
            self.not_found()
            return
        self.send(deep_inline_page(tag).encode("utf-8"))

    def huge_app_shell(self) -> None:
        self.send(huge_app_shell_page().encode("utf-8"))

    def good(self) -> None:
        self.send(GOOD_PAGE.encode("utf-8"))

    def volunteer(self) -> None:
        self.send(VOLUNTEER_PAGE.encode("utf-8"))

    def malformed(self) -> None:
        self.send(MALFORMED_PAGE.encode("utf-8"), content_type="text/html")

    def truncated_transfer(self) -> None:
        body = GOOD_PAGE.replace("Clean rivers now", "Cut short").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body) * 2))
        self.end_headers()
        self.wfile.write(body)  # half of what was announced, then the connection closes

    def huge(self) -> None:
        self.stream(_huge_chunks(), length=HUGE_BYTES)

    def huge_stream(self) -> None:
        self.stream(_huge_chunks())

    def bomb(self) -> None:
        self.send(
            self.server.bomb(), content_type="text/html; charset=utf-8", Content_Encoding="gzip", Cache_Control="no"
        )

    def binary(self) -> None:
        kind = urlsplit(self.path).path.strip("/").split("/")[-1]
        body = {
            "png": PNG_BYTES,
            "gzip": gzip.compress(GOOD_PAGE.encode("utf-8"), mtime=0),
            "random": _random_bytes(4096, seed=7),
        }.get(kind)
        if body is None:
            self.not_found()
            return
        self.send(body, content_type="text/html")

    def charset(self) -> None:
        slug = urlsplit(self.path).path.strip("/").split("/")[-1]
        if slug == "cp1252-declared-utf8":
            page = FRENCH_PAGE.format(meta="", slug=slug, cta=FRENCH_CTA)
            self.send(page.encode("cp1252"), content_type="text/html; charset=utf-8")
        elif slug == "cp1252-meta-utf8":
            page = FRENCH_PAGE.format(meta='<meta charset="utf-8">', slug=slug, cta=FRENCH_CTA)
            self.send(page.encode("cp1252"), content_type="text/html")
        elif slug in BOGUS_CHARSETS:
            self.charset_bogus(slug)
        elif slug == "zlib-meta":
            self.charset_bogus("zlib", in_meta=True)
        elif slug == "latin1-undeclared":
            # Latin-1 has no typographic quotes or dashes: the page keeps to what it can encode.
            page = FRENCH_PAGE.format(meta="", slug=slug, cta=FRENCH_CTA).replace("—", "-").replace("’", "'")
            self.send(page.encode("latin-1"), content_type="text/html")
        else:
            self.not_found()

    def calendar(self) -> None:
        self.send(calendar_page(urlsplit(self.path).query).encode("utf-8"))

    def loop_a(self) -> None:
        self.send(b"", status=302, Location="/loop/b")

    def loop_b(self) -> None:
        self.send(b"", status=302, Location="/loop/a")

    def chain(self) -> None:
        number = urlsplit(self.path).path.rstrip("/").split("/")[-1]
        following = int(number) + 1 if number.isdigit() else 1
        self.send(b"", status=301, Location=f"/chain/{following}")

    def slow(self) -> None:
        time.sleep(SLOW_SECONDS)
        self.send(GOOD_PAGE.encode("utf-8"))

    def storm(self) -> None:
        number = urlsplit(self.path).path.rstrip("/").split("/")[-1]
        status = (500, 502, 503)[int(number) % 3] if number.isdigit() else 500
        self.send(b"<html><body><h1>Server error</h1></body></html>", status=status)

    def huge_attributes(self) -> None:
        self.send(huge_attributes_page())

    def deep(self) -> None:
        self.send(deep_page().encode("utf-8"))

    def not_found(self) -> None:
        self.send(b"<html><body><h1>Not found</h1></body></html>", status=404)


_Handler.routes = {
    "/": _Handler.home,
    "/robots.txt": _Handler.robots,
    "/good/": _Handler.good,
    "/good/volunteer/": _Handler.volunteer,
    "/malformed/": _Handler.malformed,
    "/truncated-transfer/": _Handler.truncated_transfer,
    "/huge/": _Handler.huge,
    "/huge-stream/": _Handler.huge_stream,
    "/bomb/": _Handler.bomb,
    "/binary/": _Handler.binary,
    "/charset/": _Handler.charset,
    "/calendar/": _Handler.calendar,
    "/loop/a": _Handler.loop_a,
    "/loop/b": _Handler.loop_b,
    "/chain/": _Handler.chain,
    "/slow/": _Handler.slow,
    "/storm/": _Handler.storm,
    "/missing/": _Handler.not_found,
    "/huge-attributes/": _Handler.huge_attributes,
    "/deep/": _Handler.deep,
    "/deep-inline/": _Handler.deep_inline,
    "/gzip-plain/": _Handler.gzip_plain,
    "/nul/": _Handler.nul,
    "/redirect-offsite/": _Handler.redirect_offsite,
    "/refresh-offsite/": _Handler.refresh_offsite,
    "/moved/": _Handler.moved,
    "/ssrf/": _Handler.ssrf,
    "/to-metadata/": _Handler.to_metadata,
    "/to-store/": _Handler.to_store,
    "/huge-app-shell/": _Handler.huge_app_shell,
}


def _huge_chunks() -> Iterator[bytes]:
    """20 MB of HTML, generated chunk by chunk."""
    head = _HEAD.format(lang="en", title="Huge").encode("utf-8")
    filler = b"<p>" + b"All work and no play makes Jack a dull boy. " * 20 + b"</p>\n"
    sent = len(head)
    yield head
    while sent < HUGE_BYTES:
        chunk = (filler * (_CHUNK // len(filler) + 1))[: min(_CHUNK, HUGE_BYTES - sent)]
        sent += len(chunk)
        yield chunk


class _HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog (5) drops connections under a crawler's parallel requests: they would time out for the
    # server's sake, not the page's.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], robots_status: int = 200, store_port: int = 0) -> None:
        super().__init__(address, _Handler)
        self.robots_status = robots_status
        self.store_port = store_port
        self._lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.bytes_sent: Counter[str] = Counter()
        self._bomb: bytes | None = None

    def record(self, path: str) -> None:
        with self._lock:
            self.requests[path] += 1

    def count_bytes(self, path: str, size: int) -> None:
        with self._lock:
            self.bytes_sent[path] += size

    def bomb(self) -> bytes:
        with self._lock:
            if self._bomb is None:
                # Built once, a megabyte of zeros at a time: only the compressed body is held.
                buffer = io.BytesIO()
                with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as stream:
                    zeros = bytes(1024 * 1024)
                    for _ in range(BOMB_BYTES // len(zeros)):
                        stream.write(zeros)
                self._bomb = buffer.getvalue()
            return self._bomb


class HostileSite:
    """The hostile site on 127.0.0.1 (``port=0``: a free port). Use as a context manager.

    ``robots_status``: what ``/robots.txt`` answers (503: a server error); ``store_port``: the port ``/to-store/``
    refreshes to (the crawl's MongoDB).

    ``requests`` counts every path (with its query) requested; ``bytes_sent`` the body bytes of streamed pages.
    """

    def __init__(
        self, port: int = 0, host: str = "127.0.0.1", *, robots_status: int = 200, store_port: int = 0
    ) -> None:
        self.server = _HostileServer((host, port), robots_status=robots_status, store_port=store_port)
        self.thread = threading.Thread(target=self.server.serve_forever, name="hostile-site", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def requests(self) -> Counter[str]:
        return self.server.requests

    @property
    def bytes_sent(self) -> Counter[str]:
        return self.server.bytes_sent

    def start(self) -> HostileSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> HostileSite:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
