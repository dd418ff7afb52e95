"""The start page's first screen in the report (issue 17): pictured during a rendered crawl of the demo replica, its
calls to action outlined where the rendering measured them; a sentence saying how to get it when there is none; each
picture under the size bound. The crawl and Chromium tests are slow."""

from __future__ import annotations

import asyncio
import base64
import shutil
import struct
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymongo
import pytest
from parsel import Selector

from inbound_spiders.first_screen import MAX_PICTURE_BYTES, VIEWPORTS, jpeg_within_bound, take_pictures
from inbound_spiders.localsite import LocalSite
from inbound_spiders.rendering import BLOCKED_RESOURCE_TYPES, CHROMIUM_ARGS, find_browser
from inbound_spiders.report import main
from inbound_spiders.report.data import SiteHistory
from inbound_spiders.report.render import render_html
from inbound_spiders.report.words import Words
from tests.conftest import run_crawl
from tests.test_report import HUMAN_COPY, _audit
from tests.test_site_audit import OFFLINE, platform, team, video

#: Where the hero's and header's calls to action of the replica's start page lead.
DONATE = 'a[href="/don/"]'
NEWSLETTER = 'form[action="/newsletter/inscription/"]'


def jpeg_size(picture: bytes) -> tuple[int, int]:
    """A JPEG's (width, height) from its frame header (SOF0-SOF3)."""
    assert picture[:2] == b"\xff\xd8", "not a JPEG"
    position = 2
    while position < len(picture):
        marker, length = picture[position + 1], struct.unpack(">H", picture[position + 2 : position + 4])[0]
        if 0xC0 <= marker <= 0xC3:
            height, width = struct.unpack(">HH", picture[position + 5 : position + 9])
            return width, height
        position += 2 + length
    raise AssertionError("no frame header")


# --- without a browser: the sentence --------------------------------------------------------------------------------


def _history(site: str = "weak.example", source: str = "live") -> SiteHistory:
    audit = _audit(site, "run-1", "2017-02-20T10:00:00Z", video(3012), team(20, depth=2), platform(221))
    return SiteHistory(site, [audit], source)


def test_without_a_picture_the_section_says_how_to_get_one() -> None:
    # How to install Chromium only for a machine without it: the report cannot tell whether it has it.
    hints = {
        "en": "in Chromium (sudo apt-get install chromium if it is not installed)",
        "fr": "dans Chromium (sudo apt-get install chromium s'il n'est pas installé)",
    }
    for language, expected in hints.items():
        html = Selector(text=render_html([_history()], generated_at="2017-02-28T00:00:00Z", language=language))
        section = html.css('section.scorecard[data-site="weak.example"] section.first-screen')
        assert section.css("h3::text").get() == Words(language).text("first_screen")
        sentence = "".join(section.css("p.no-first-screen ::text").getall())
        assert expected in sentence, sentence
        assert section.css("p.no-first-screen code::text").get() == (
            "scrapy crawl audit -a url=https://weak.example/ -a render=always"
        )
        assert not section.css("svg, image")
    archived = Selector(text=render_html([_history(source="wayback")], generated_at="2017-02-28T00:00:00Z"))
    sentence = archived.css("p.no-first-screen::text").get()
    assert "archived pages" in sentence and not archived.css("p.no-first-screen code")


def test_a_stored_picture_that_is_not_one_is_not_embedded() -> None:
    """The report embeds JPEG/WebP bytes only, whatever the database holds."""
    history = _history()
    document = {"views": {"desktop": {"width": 1366, "height": 768, "media_type": "text/html", "image": b"<script>"}}}
    html = render_html([history], generated_at="2017-02-28T00:00:00Z", first_screens={"run-1": document})
    assert "data:text/html" not in html and "no-first-screen" in html


# --- a rendered crawl of the demo replica --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pictured:
    url: str
    database: str
    run_id: str
    document: dict[str, Any]
    log: str


@pytest.fixture(scope="module")
def chromium() -> str:
    browser = find_browser()
    if browser is None:
        pytest.fail("no Chromium: ./dev setup installs Debian's")
    return browser


@pytest.fixture(scope="module")
def pictured(
    chromium: str, mongo_uri: str, hamon_site: LocalSite, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pictured]:
    """The replica's start page and two more pages crawled in the browser, audited, its first screen stored."""
    database = f"test_first_screen_{uuid.uuid4().hex[:10]}"
    settings = {**OFFLINE, "INBOUND_RENDER_SETTLE_MS": "1000"}
    crawl = run_crawl(
        "audit", f"url={hamon_site.url}", "render=always", "max_pages=3",
        mongo_uri=mongo_uri, database=database, settings=settings, tmp_path=tmp_path_factory.mktemp("pictured"),
    )  # fmt: skip
    client: pymongo.MongoClient = pymongo.MongoClient(mongo_uri, tz_aware=True)
    audit = client[database].site_audits.find_one()
    assert audit is not None, crawl.log[-3000:]
    document = client[database].first_screens.find_one({"_id": audit["_id"]})
    assert document is not None, crawl.log[-3000:]
    yield Pictured(hamon_site.url, database, audit["_id"], document, crawl.log)
    client.drop_database(database)
    client.close()


def _measured_boxes(browser: Any, url: str, selector: str, viewport: tuple[int, int]) -> list[list[float]]:
    """The document boxes of ``selector`` on the first screen of ``url``, measured here, in a page that loads what
    the crawl's rendering loads (no images, no fonts)."""
    width, height = viewport
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.route(
            "**/*",
            lambda route: route.abort() if route.request.resource_type in BLOCKED_RESOURCE_TYPES else route.continue_(),
        )
        page.goto(url, wait_until="load")
        boxes = page.locator(selector).evaluate_all(
            "nodes => nodes.map((n) => { const r = n.getBoundingClientRect(); "
            "return [r.left, r.top, r.width, r.height]; })"
        )
    finally:
        page.close()
    return [box for box in boxes if box[2] > 0 and box[1] < height and box[0] < width]


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        yield launched
        launched.close()


def _close(box: list[float], other: list[float]) -> bool:
    return all(abs(a - b) <= 1.0 for a, b in zip(box, other, strict=True))


@pytest.mark.slow
def test_the_crawl_pictures_the_first_screen_with_its_ctas_where_measured(pictured: Pictured, browser: Any) -> None:
    views = pictured.document["views"]
    assert list(views) == list(VIEWPORTS) and pictured.document["site"] in pictured.url
    # Pictured once, at both viewports, and stored beside the audit (the crawl's stats, as logged at its end).
    assert "'inbound/first_screen/taken': 2" in pictured.log and "'inbound/first_screen/written': 1" in pictured.log
    for name, viewport in VIEWPORTS.items():
        view = views[name]
        picture = bytes(view["image"])
        assert view["media_type"] == "image/jpeg" and jpeg_size(picture) == viewport
        assert 5_000 < len(picture) <= MAX_PICTURE_BYTES, (name, len(picture))
        outlined = {cta["action"] for cta in view["ctas"]}
        assert {"newsletter", "donate"} <= outlined, (name, view["ctas"])
        for action, selector in (("donate", DONATE), ("newsletter", NEWSLETTER)):
            stored = [cta["box"] for cta in view["ctas"] if cta["action"] == action]
            measured = _measured_boxes(browser, pictured.url, selector, viewport)
            # Each outline is a donate link / newsletter form on that first screen, and each of those is outlined.
            assert measured and len(stored) == len(measured), (name, action, stored, measured)
            for box in stored:
                assert any(_close(box, other) for other in measured), (name, action, box, measured)


@pytest.mark.slow
def test_the_report_outlines_them_on_the_picture(
    pictured: Pictured, browser: Any, mongo_uri: str, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    main(["html", "-o", str(report), "--uri", mongo_uri, "--database", pictured.database, "--lang", "fr"])
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and 'src="http' not in html
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report.as_uri())
        assert [url for url in requests if not url.startswith(("file://", "data:"))] == []
        words = Words("fr")
        for name, viewport in VIEWPORTS.items():
            figure = page.locator(f'figure.shot[data-viewport="{name}"]')
            figure.scroll_into_view_if_needed()
            image = figure.locator("image")
            href = image.get_attribute("href")
            assert href.startswith("data:image/jpeg;base64,")
            assert base64.b64decode(href.split(",", 1)[1]) == bytes(pictured.document["views"][name]["image"])
            shown = image.bounding_box()
            scale = shown["width"] / viewport[0]
            assert abs(shown["height"] / viewport[1] - scale) < 0.01
            stored = pictured.document["views"][name]["ctas"]
            outlines = figure.locator("g.cta-outline")
            assert outlines.count() == len(stored)
            for index, cta in enumerate(stored):
                outline = outlines.nth(index)
                assert outline.get_attribute("data-action") == cta["action"]
                assert outline.locator("text").text_content() == words.value(cta["action"])
                drawn = outline.locator("rect.box").bounding_box()
                # Where the outline is drawn on the picture, in the page's pixels: where the rendering measured it.
                on_picture = [
                    (drawn["x"] - shown["x"]) / scale,
                    (drawn["y"] - shown["y"]) / scale,
                    drawn["width"] / scale,
                    drawn["height"] / scale,
                ]
                stroke = float(outline.locator("rect.box").get_attribute("stroke-width"))
                tolerance = stroke + 2 / scale  # the stroke's half on each side, a device pixel of rounding
                assert all(
                    abs(drawn_value - measured) <= tolerance
                    for drawn_value, measured in zip(on_picture, cta["box"], strict=True)
                ), (name, cta, on_picture)
            kinds = {outlines.nth(index).locator("text").text_content() for index in range(outlines.count())}
            assert {"don", "newsletter"} <= kinds
            assert (
                figure.locator("figcaption")
                .inner_text()
                .startswith(
                    words.text(
                        f"first_screen_{name}", width=words.number(viewport[0]), height=words.number(viewport[1])
                    )
                )
            )
        # For a person to look at (docs/report-first-screen.jpg is a copy).
        HUMAN_COPY.mkdir(parents=True, exist_ok=True)
        shutil.copy(report, HUMAN_COPY / "report-first-screen.html")
        section = page.locator("section.first-screen").first
        section.scroll_into_view_if_needed()
        section.screenshot(path=str(HUMAN_COPY / "report-first-screen.jpg"), type="jpeg", quality=80)
    finally:
        page.close()


@pytest.mark.slow
def test_a_busy_first_screen_stays_under_the_size_bound(chromium: str) -> None:
    """A first screen of noise (the worst case for JPEG) is over the bound at the first quality tried: it is
    pictured again at lower qualities until it fits."""
    from playwright.async_api import async_playwright

    noise = """<body style="margin:0"><canvas id="c"></canvas><script>
      const c = document.getElementById('c'); c.width = innerWidth; c.height = innerHeight;
      const g = c.getContext('2d'); const d = g.createImageData(c.width, c.height);
      for (let i = 0; i < d.data.length; i++) d.data[i] = (i % 4 === 3) ? 255 : Math.random() * 256;
      g.putImageData(d, 0, 0);</script></body>"""

    async def picture() -> tuple[int, dict[str, bytes]]:
        async with async_playwright() as playwright:
            launched = await playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
            page = await launched.new_page(viewport={"width": 1366, "height": 768})
            await page.set_content(noise)
            first_try = len(await page.screenshot(type="jpeg", quality=70))
            pictures = await take_pictures(page)
            assert len(await jpeg_within_bound(page)) <= MAX_PICTURE_BYTES
            await launched.close()
            return first_try, pictures

    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API may be running this thread's event loop
        first_try, pictures = thread.submit(lambda: asyncio.run(picture())).result()
    assert first_try > MAX_PICTURE_BYTES  # the bound was put to work
    for name, viewport in VIEWPORTS.items():
        assert len(pictures[name]) <= MAX_PICTURE_BYTES, (name, len(pictures[name]))
        assert jpeg_size(pictures[name]) == viewport
