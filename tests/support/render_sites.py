"""Generated sites for the rendering tests: widgets and forms injected by script, an HTML5 video, CTAs at the top and
far down a page, a 200-page site where a few pages need a browser; a server that stalls the browser; a memory probe.
"""

from __future__ import annotations

import math
import os
import struct
import threading
import time
import wave
from contextlib import suppress
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CLIP_SECONDS = 2.5
"""Length of the generated media file (``media/clip.wav``)."""

#: A ShareThis-like loader (named like the vendor's ``sharethis.js``): fills the empty inline-buttons container with
#: share intents, after a short delay as real loaders do once their configuration has arrived.
SHARETHIS_JS = """(function () {
  setTimeout(function () {
    document.querySelectorAll('.sharethis-inline-share-buttons').forEach(function (box) {
      var page = encodeURIComponent(box.getAttribute('data-url') || location.href);
      box.innerHTML =
        '<a class="st-btn" href="https://www.facebook.com/sharer/sharer.php?u=' + page + '">Facebook</a>' +
        '<a class="st-btn" href="https://twitter.com/intent/tweet?url=' + page + '">Tweet</a>' +
        '<a class="st-btn" href="https://www.linkedin.com/sharing/share-offsite/?url=' + page + '">LinkedIn</a>';
    });
  }, 150);
})();
"""

#: A HubSpot-like forms loader (served at ``/vendor/hsforms/v2.js``): ``hbspt.forms.create`` builds a newsletter form.
HSFORMS_JS = """window.hbspt = {forms: {create: function (options) {
  setTimeout(function () {
    var target = document.querySelector(options.target);
    target.innerHTML =
      '<form class="hs-form" method="post" action="https://forms.hsforms.com/submissions/v3/public/submit/formsnext/'
      + 'multipart/' + options.portalId + '/' + options.formId + '">' +
      '<label for="hs-email">Email</label><input id="hs-email" type="email" name="email" required>' +
      '<input type="submit" value="Subscribe to the newsletter"></form>';
  }, 150);
}}};
"""

#: Sets the source of ``<video data-src>`` players, as lazy-loading video scripts do.
LAZY_VIDEO_JS = """document.querySelectorAll('video[data-src]').forEach(function (video) {
  video.src = video.getAttribute('data-src');
});
"""

_HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{style}</head><body>'
_NAV = '<header class="site-header"><nav><a href="/">Home</a> <a href="/about/">About us</a></nav></header>'

SHARE_PAGE = """<main><article><h1>Clean water for all</h1><p>Our rivers deserve better: read why, then share.</p>
<div class="sharethis-inline-share-buttons" data-url="{url}"></div></article></main>
<script async src="/vendor/sharethis/sharethis.js"></script>"""

NEWSLETTER_PAGE = """<main><h1>Stay informed</h1><p>One email a month with what we did and what comes next.</p>
<div id="hs-newsletter"></div></main>
<script src="/vendor/hsforms/v2.js"></script>
<script>hbspt.forms.create({portalId: "4242", formId: "newsletter", target: "#hs-newsletter"});</script>"""

VIDEO_PAGE = """<main><h1>Videos</h1><h2>The river in two seconds and a half</h2>
<video controls src="/media/clip.wav"></video><p>Filmed at dawn by our volunteers.</p></main>"""

PLACEMENT_STYLE = "<style>@media (max-width: 600px) { .desktop-only { display: none; } }</style>"
PLACEMENT_PAGE = """<main><p class="intro">Act now: <a href="/donate/">Donate today</a></p>
<p class="desktop-only"><a href="/volunteer/">Volunteer with us</a></p>
<div style="height: 3000px">A long story about rivers.</div>
<p><a href="/petition/">Sign the petition</a></p></main>"""


def _page(title: str, body: str, style: str = "") -> str:
    return _HEAD.format(title=title, style=style) + _NAV + body + "</body></html>"


def write_clip(path: Path, seconds: float = CLIP_SECONDS, rate: int = 8000) -> Path:
    """A real media file: ``seconds`` of a 440 Hz tone as 16-bit mono PCM WAV, which Chromium plays in ``<video>``
    and whose duration it reports after ``loadedmetadata`` (no encoder needed, unlike WebM or MP4)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = round(seconds * rate)
    samples = (int(8000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(frames))
    with wave.open(str(path), "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(rate)
        output.writeframes(b"".join(struct.pack("<h", sample) for sample in samples))
    return path


def _write(folder: Path, path: str, text: str) -> None:
    target = folder / path.strip("/") / "index.html" if not path.endswith((".js", ".txt")) else folder / path.strip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _write_assets(folder: Path) -> None:
    _write(folder, "/vendor/sharethis/sharethis.js", SHARETHIS_JS)
    _write(folder, "/vendor/hsforms/v2.js", HSFORMS_JS)
    _write(folder, "/vendor/lazy-video.js", LAZY_VIDEO_JS)
    write_clip(folder / "media" / "clip.wav")
    for path, title in (("/donate/", "Donate"), ("/volunteer/", "Volunteer"), ("/petition/", "Petition")):
        _write(folder, path, _page(title, f"<main><h1>{title}</h1><p>Thank you.</p></main>"))
    _write(folder, "/about/", _page("About us", "<main><h1>About us</h1><p>We clean rivers since 2001.</p></main>"))


def write_render_site(folder: Path) -> Path:
    """A small site whose share buttons and newsletter form are injected by script (``/share/``, ``/newsletter/``),
    with an HTML5 video (``/video/``) and calls to action at the top and 3000 px down (``/placement/``)."""
    _write_assets(folder)
    links = "".join(
        f'<li><a href="{path}">{label}</a></li>'
        for path, label in (
            ("/share/", "Clean water for all"),
            ("/newsletter/", "Stay informed"),
            ("/video/", "Our videos"),
            ("/placement/", "Take part"),
            ("/missing/", "A page that is gone"),  # 404: refused, not a render error
        )
    )
    _write(folder, "/", _page("Rivers", f"<main><h1>Rivers</h1><p>Welcome to our site.</p><ul>{links}</ul></main>"))
    _write(folder, "/share/", _page("Share", SHARE_PAGE.format(url="https://rivers.example/share/")))
    _write(folder, "/newsletter/", _page("Newsletter", NEWSLETTER_PAGE))
    _write(folder, "/video/", _page("Video", VIDEO_PAGE))
    _write(folder, "/placement/", _page("Take part", PLACEMENT_PAGE, PLACEMENT_STYLE))
    return folder


#: An article whose own inline script (no vendor, no loader) writes its share buttons and its newsletter form into
#: empty containers: only the ``script_filled_container`` decision sends it to the browser.
SCRIPT_FILLED_PAGE = """<main><article><h1>The rivers are back</h1>
<p>Ten years of volunteers testing the water, and the fish are back in all twelve rivers.</p>
<div class="share-tools" id="share-tools"></div>
<aside id="newsletter-box"><span class="spinner"></span> Loading…</aside></article></main>
<script>
(function () {
  var page = encodeURIComponent(location.href);
  document.getElementById('share-tools').innerHTML =
    '<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u=' + page + '">Share on Facebook</a>' +
    '<a class="share-twitter" href="https://twitter.com/intent/tweet?url=' + page + '&text=The%20rivers%20are%20back">'
    + 'Tweet</a>';
  document.querySelector('#newsletter-box').innerHTML = `<form class="newsletter" action="/subscribe/" method="post">
    <label for="nl-email">Your email</label><input id="nl-email" type="email" name="email" required>
    <button type="submit">Get the newsletter</button></form>`;
})();
</script>"""


def write_script_filled_site(folder: Path) -> Path:
    """A site of three pages: a home page, an about page and ``/article/`` (:data:`SCRIPT_FILLED_PAGE`)."""
    _write(
        folder, "/", _page("Rivers", '<main><h1>Rivers</h1><p><a href="/article/">The rivers are back</a></p></main>')
    )
    _write(folder, "/article/", _page("The rivers are back", SCRIPT_FILLED_PAGE))
    _write(folder, "/about/", _page("About us", "<main><h1>About us</h1><p>We clean rivers since 2001.</p></main>"))
    return folder


#: Bodies of the pages of the large site that need a browser, by reason.
NEEDS_BROWSER: dict[str, str] = {
    "widget_loader:sharethis": SHARE_PAGE.format(url="https://rivers.example/p/"),
    "script_form:hubspot": NEWSLETTER_PAGE,
    "video_container_without_source": (
        '<main><h1>Clip</h1><video controls data-src="/media/clip.wav"></video><p>Our volunteers at work.</p></main>'
        '<script src="/vendor/lazy-video.js"></script>'
    ),
}
STATIC_PAGE = """<main><h1>Article {n}</h1><p>Text of article {n}: what we did on the river this week.</p>
<a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Frivers.example%2Fp{n}%2F&amp;text=Article%20{n}">Tweet</a>
<a class="button" href="/donate/">Donate</a> {links}</main>
<script src="/assets/site.js"></script>"""


def write_large_site(folder: Path, pages: int = 200, rendered: int = 10) -> tuple[Path, dict[str, str]]:
    """A site of ``pages`` pages (the home page links to all, each page to the next three) of which ``rendered``, spread
    evenly, need a browser (share buttons, a newsletter form or a video source set by script); the others are static
    pages that load an ordinary script. Returns the folder and the reason expected for each page that needs one
    (by path)."""
    _write_assets(folder)
    _write(folder, "/assets/site.js", "document.documentElement.classList.add('js');\n")
    step = pages // rendered
    reasons = list(NEEDS_BROWSER)
    expected: dict[str, str] = {}
    for n in range(1, pages):
        links = "".join(f'<a href="/p{m}/">Article {m}</a> ' for m in range(n + 1, min(n + 4, pages)))
        path = f"/p{n}/"
        if n % step == step // 2:
            reason = reasons[len(expected) % len(reasons)]
            expected[path] = reason
            body = NEEDS_BROWSER[reason] + f"<p>{links}</p>"
        else:
            body = STATIC_PAGE.format(n=n, links=links)
        _write(folder, path, _page(f"Article {n}", body))
    index = "".join(f'<li><a href="/p{n}/">Article {n}</a></li>' for n in range(1, pages))
    _write(folder, "/", _page("Rivers", f"<main><h1>All articles</h1><ul>{index}</ul></main>"))
    return folder, expected


class _StallingHandler(SimpleHTTPRequestHandler):
    """Serves files; the second request for a path in ``stalled`` (the browser's, after Scrapy's) waits ``delay``."""

    stalled: frozenset[str] = frozenset()
    delay: float = 0.0
    hits: dict[str, int]
    lock: threading.Lock

    def do_GET(self) -> None:
        with self.lock:
            self.hits[self.path] = self.hits.get(self.path, 0) + 1
            hit = self.hits[self.path]
        if self.path in self.stalled and hit == 2:
            time.sleep(self.delay)
        with suppress(BrokenPipeError, ConnectionResetError):  # the browser gave up waiting
            super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class StallingSite:
    """A static site on 127.0.0.1 whose pages in ``stalled`` answer the browser too late (render errors)."""

    def __init__(self, folder: Path, stalled: set[str], delay: float) -> None:
        attributes = {"stalled": frozenset(stalled), "delay": delay, "hits": {}, "lock": threading.Lock()}
        handler_class = type("Handler", (_StallingHandler,), attributes)
        self.hits: dict[str, int] = attributes["hits"]  # type: ignore[assignment]
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler_class, directory=str(folder)))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> StallingSite:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _children(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children.extend(int(child) for child in (task / "children").read_text(encoding="ascii").split())
        except OSError:
            continue
    return children


def _memory_kib(pid: int) -> int:
    """Proportional set size (shared pages split between the processes sharing them), else resident set size."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path, encoding="ascii") as lines:
                for line in lines:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


class CrawlMemoryProbe:
    """Samples, while a ``scrapy crawl`` child process runs, the memory (PSS) of that process and of everything it
    started (Playwright's driver, Chromium and its renderers): the peak, the peak of the browser's part alone, and the
    browser's part at the first and the last sample (flat memory: no growth across the crawl). Linux only (``/proc``);
    use as a context manager around the crawl."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_kib = 0
        self.peak_browser_kib = 0
        self.browser_series: list[int] = []
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _crawls(self) -> list[int]:
        return [pid for pid in _children(os.getpid()) if " scrapy crawl " in f" {_cmdline(pid)} "]

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            total = browser = 0
            for crawl in self._crawls():
                total += _memory_kib(crawl)
                stack = _children(crawl)
                while stack:
                    pid = stack.pop()
                    rss = _memory_kib(pid)
                    total += rss
                    browser += rss
                    stack.extend(_children(pid))
            if total:
                self.samples += 1
                self.peak_kib = max(self.peak_kib, total)
                self.peak_browser_kib = max(self.peak_browser_kib, browser)
                self.browser_series.append(browser)

    def __enter__(self) -> CrawlMemoryProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
