"""The start page's first screen as a visitor sees it: a picture at the desktop and mobile viewports, taken in the
browser that rendered and measured the page, with the boxes of its calls to action on that screen.

Taken during a rendered crawl (``-a render=always``, or ``auto`` when the start page needs the browser), right after
:func:`~inbound_spiders.rendering.measure_page`: the picture and the boxes come from the same page in the same state,
so each outline stands where the rendering measured its call to action. Stored by the site auditor in the
``first_screens`` collection (``_id`` = the run id, JPEG bytes as BSON binary) and shown by ``inbound-report``.
The rendering loads no images nor web fonts (:data:`~inbound_spiders.rendering.BLOCKED_RESOURCE_TYPES`): the picture
shows the page's layout and text, image spaces empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from inbound_spiders.items import CallToAction
from inbound_spiders.rendering import DESKTOP_VIEWPORT, MOBILE_VIEWPORT, PageMeasurements, matching_elements

if TYPE_CHECKING:
    from playwright.async_api import Page

#: The viewports pictured, by name, in the order the report shows them.
VIEWPORTS: dict[str, tuple[int, int]] = {"desktop": DESKTOP_VIEWPORT, "mobile": MOBILE_VIEWPORT}
#: Bound on each picture's size (issue 17: the report embeds them and stays one small file).
MAX_PICTURE_BYTES = 200_000
#: JPEG qualities tried in turn until a picture fits :data:`MAX_PICTURE_BYTES`.
JPEG_QUALITIES = (70, 55, 40, 25, 10)
MEDIA_TYPE = "image/jpeg"


class PictureTooLarge(Exception):
    """A first screen that stays over :data:`MAX_PICTURE_BYTES` at the lowest JPEG quality."""


@dataclass(frozen=True)
class Outline:
    """A call to action on a first screen: its kind (``action``), its label, its box in CSS pixels from the top left
    of the screen (the page scrolled to the top, as measured)."""

    action: str
    label: str
    left: float
    top: float
    width: float
    height: float


@dataclass
class FirstScreen:
    """The start page's first screens: a JPEG per viewport name (:data:`VIEWPORTS`) and the calls to action on each."""

    page_url: str
    pictures: dict[str, bytes]
    outlines: dict[str, list[Outline]] = field(default_factory=dict)

    def outline(self, ctas: Iterable[CallToAction], measurements: PageMeasurements) -> None:
        """Outline every occurrence of ``ctas`` that the rendering measured on the first screen of each viewport
        (the boxes :func:`~inbound_spiders.rendering.matching_elements` gives, as
        :func:`~inbound_spiders.rendering.apply_measurements` decides ``above_fold_*``)."""
        for cta in ctas:
            for element in matching_elements(cta, measurements.elements, measurements.page_url):
                for name, viewport in VIEWPORTS.items():
                    box = element.desktop if name == "desktop" else element.mobile
                    if box is None or not box.above_fold(viewport):
                        continue
                    outline = Outline(cta.action, cta.label, box.left, box.top, box.width, box.height)
                    shown = self.outlines.setdefault(name, [])
                    if outline not in shown:
                        shown.append(outline)

    def document(self, site: str, run_id: str, taken_at: datetime) -> dict[str, Any]:
        """The ``first_screens`` document of this run."""
        return {
            "_id": run_id,
            "site": site,
            "run_id": run_id,
            "page_url": self.page_url,
            "taken_at": taken_at,
            "views": {
                name: {
                    "width": VIEWPORTS[name][0],
                    "height": VIEWPORTS[name][1],
                    "media_type": MEDIA_TYPE,
                    "image": picture,
                    "ctas": [
                        {
                            "action": outline.action,
                            "label": outline.label,
                            "box": [outline.left, outline.top, outline.width, outline.height],
                        }
                        for outline in self.outlines.get(name, [])
                    ],
                }
                for name, picture in self.pictures.items()
            },
        }


async def jpeg_within_bound(page: Page) -> bytes:
    """The page's viewport as a JPEG of at most :data:`MAX_PICTURE_BYTES`: the best of :data:`JPEG_QUALITIES` that
    fits; :class:`PictureTooLarge` when none does."""
    for quality in JPEG_QUALITIES:
        picture = await page.screenshot(type="jpeg", quality=quality, animations="disabled", caret="hide")
        if len(picture) <= MAX_PICTURE_BYTES:
            return picture
    raise PictureTooLarge(
        f"first screen of {page.url} over {MAX_PICTURE_BYTES} bytes at JPEG quality {JPEG_QUALITIES[-1]}"
    )


async def take_pictures(page: Page) -> dict[str, bytes]:
    """The first screen of the measured ``page`` at each viewport, scrolled to the top as it was measured. The page
    is left at the desktop viewport."""
    pictures = {}
    for name, (width, height) in sorted(VIEWPORTS.items(), key=lambda view: view[0] != "mobile"):
        # Mobile first: measure_page leaves the page at the mobile viewport; desktop last, the page's own.
        await page.set_viewport_size({"width": width, "height": height})
        await page.evaluate("() => window.scrollTo(0, 0)")
        pictures[name] = await jpeg_within_bound(page)
    return {name: pictures[name] for name in VIEWPORTS}
