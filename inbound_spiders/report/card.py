"""``inbound-report card``: a site's scorecard (:func:`~inbound_spiders.report.render.render_card`) drawn by Chromium
as one PNG or JPEG picture, or a one-page PDF, for a slide."""

from __future__ import annotations

from pathlib import Path

from inbound_spiders.rendering import CHROMIUM_ARGS, INSTALL_HINT, BrowserNotFound, find_browser

#: The file types a card is written as, by suffix.
CARD_FORMATS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".pdf": "pdf"}
#: The card's page: a 16:9 slide's width, twice as many device pixels for a sharp picture on a projector.
CARD_VIEWPORT = {"width": 1280, "height": 720}
CARD_SCALE = 2
CARD_TIMEOUT_MS = 30_000


def card_format(output: Path) -> str | None:
    """What ``output``'s suffix asks for (``png``, ``jpeg``, ``pdf``); ``None`` for any other."""
    return CARD_FORMATS.get(output.suffix.lower())


def draw_card(html: str, kind: str, browser_path: str = "") -> bytes:
    """The card's ``html`` as ``kind`` (:data:`CARD_FORMATS`) drawn by the Chromium at ``browser_path`` (empty:
    :func:`~inbound_spiders.rendering.find_browser`). The page is self-contained: nothing is loaded.

    Raises :class:`~inbound_spiders.rendering.BrowserNotFound` (saying how to install one) when there is no browser.
    """
    executable = browser_path or find_browser()
    if not executable or not Path(executable).is_file():
        raise BrowserNotFound(INSTALL_HINT if not browser_path else f"{browser_path!r} is not a browser executable")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=list(CHROMIUM_ARGS), headless=True, timeout=CARD_TIMEOUT_MS
        )
        try:
            page = browser.new_page(viewport=CARD_VIEWPORT, device_scale_factor=CARD_SCALE)
            page.route("**/*", lambda route: route.abort())  # self-contained: data: pictures are not routed
            page.set_content(html, wait_until="load", timeout=CARD_TIMEOUT_MS)
            if kind == "pdf":
                page.emulate_media(media="screen")
                height = page.evaluate("() => document.documentElement.scrollHeight")
                return page.pdf(
                    width=f"{CARD_VIEWPORT['width']}px",
                    height=f"{max(CARD_VIEWPORT['height'], height) + 1}px",
                    print_background=True,
                    page_ranges="1",
                )
            if kind == "jpeg":
                return page.screenshot(type="jpeg", quality=90, full_page=True)
            return page.screenshot(type="png", full_page=True)
        finally:
            browser.close()
