"""``inbound-report card``: one site's scorecard as a picture or a one-page PDF for a slide, drawn by Chromium
(slow)."""

from __future__ import annotations

import re
import shutil
import struct
from pathlib import Path

import pytest
from parsel import Selector
from pymongo.database import Database

from inbound_spiders.report import main
from inbound_spiders.report.card import CARD_SCALE, CARD_VIEWPORT
from inbound_spiders.report.data import load_histories
from inbound_spiders.report.render import CARD_CHECKS, CARD_SHOWN_WIDTHS, render_card
from inbound_spiders.report.words import Words
from tests.test_report import HUMAN_COPY, _cli, two_sites  # noqa: F401 - two_sites: the fixture


def png_size(picture: bytes) -> tuple[int, int]:
    assert picture[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", picture[16:24])
    return width, height


def test_the_card_holds_the_scorecard_and_what_to_fix_first(two_sites: Database) -> None:  # noqa: F811
    weak = next(history for history in load_histories(two_sites) if history.site == "weak.example")
    for language in ("fr", "de"):
        card = Selector(text=render_card(weak, language=language))
        words = Words(language)
        assert card.css("html::attr(lang)").get() == language
        assert card.css("section.card h1 .site-name::text").get() == "weak.example"
        assert len(card.css(".category")) == 8 and card.css("svg.gauge")
        fixes = card.css("ul.to-fix li")
        assert 0 < len(fixes) <= CARD_CHECKS
        results = fixes.css(".badge::text").getall()
        assert set(results) <= {words.result("fail"), words.result("partial")}
        assert results[0] == words.result("fail")  # failed first
        assert card.css("h2::text").get() == words.text("to_fix")
        assert "<script" not in card.get()


#: A first screen as the crawl stores it (the picture's bytes are not read: any JPEG-typed bytes are embedded).
FIRST_SCREEN = {
    "_id": "run-2",
    "site": "weak.example",
    "run_id": "run-2",
    "views": {
        "desktop": {"width": 1366, "height": 768, "media_type": "image/jpeg", "image": b"\xff\xd8desktop",
                    "ctas": [{"action": "donate", "label": "Faire un don", "box": [1100, 20, 160, 40]}]},
        "mobile": {"width": 390, "height": 844, "media_type": "image/jpeg", "image": b"\xff\xd8mobile", "ctas": []},
    },
}  # fmt: skip


def test_the_card_shows_the_first_screen_beside_what_to_fix_when_the_audit_pictured_it(
    two_sites: Database,  # noqa: F811
) -> None:
    weak = next(history for history in load_histories(two_sites) if history.site == "weak.example")
    card = Selector(text=render_card(weak, language="de", first_screens={"run-2": FIRST_SCREEN}))
    lower = card.css("section.card .lower")
    assert lower.css(".fix ul.to-fix li") and lower.css(".first-screen h2::text").get() == Words("de").text(
        "first_screen"
    )
    shots = {shot.attrib["data-viewport"]: shot for shot in lower.css("figure.shot")}
    assert set(shots) == {"desktop", "mobile"}
    for name, shot in shots.items():
        assert f"width:{CARD_SHOWN_WIDTHS[name]}px" in shot.attrib["style"]
        assert shot.css("image::attr(href)").get().startswith("data:image/jpeg;base64,")
    assert shots["desktop"].css("g.cta-outline::attr(data-action)").getall() == ["donate"]
    # Without a picture (not rendered, or the picture of an earlier audit): no section, no crawl instructions.
    for first_screens in (None, {"run-1": {**FIRST_SCREEN, "_id": "run-1"}}):
        card = Selector(text=render_card(weak, language="de", first_screens=first_screens))
        assert card.css("ul.to-fix li") and not card.css(".first-screen, svg image, code")


def test_the_card_command_reads_the_first_screen(
    two_sites: Database,  # noqa: F811
    mongo_uri: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    two_sites.first_screens.insert_one(FIRST_SCREEN)
    drawn: list[str] = []
    monkeypatch.setattr("inbound_spiders.report.cli.draw_card", lambda html, kind, path: drawn.append(html) or b"png")
    main(_cli(two_sites, mongo_uri, "card", "--site", "weak.example", "-o", str(tmp_path / "card.png")))
    assert len(drawn) == 1 and len(Selector(text=drawn[0]).css(".first-screen figure.shot")) == 2


@pytest.mark.slow
def test_card_png_and_pdf(two_sites: Database, mongo_uri: str, tmp_path: Path) -> None:  # noqa: F811
    png = tmp_path / "slides" / "card.png"
    main(_cli(two_sites, mongo_uri, "card", "--site", "strong.example", "-o", str(png), "--lang", "en"))
    width, height = png_size(png.read_bytes())
    assert width == CARD_VIEWPORT["width"] * CARD_SCALE and height >= CARD_VIEWPORT["height"] * CARD_SCALE
    assert height <= 2 * CARD_VIEWPORT["height"] * CARD_SCALE  # one slide, not a long page
    HUMAN_COPY.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, HUMAN_COPY / "card.png")  # for a person to look at
    pdf = tmp_path / "card.pdf"
    main(_cli(two_sites, mongo_uri, "card", "--site", "weak.example", "-o", str(pdf)))
    document = pdf.read_bytes()
    assert document.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", document)) == 1  # one page


@pytest.mark.slow
def test_card_errors_say_why_with_their_exit_code(
    two_sites: Database,  # noqa: F811
    mongo_uri: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fails(*arguments: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as raised:
            main(_cli(two_sites, mongo_uri, "card", *arguments))
        return int(raised.value.code or 0), capsys.readouterr().err

    output = tmp_path / "card.png"
    code, error = fails("--site", "nowhere.example", "-o", str(output))
    assert code == 1 and "no audit stored for 'nowhere.example'" in error and "weak.example" in error
    code, error = fails("-o", str(output))
    assert code == 2 and "one --site" in error
    code, error = fails("--site", "weak.example", "-o", str(tmp_path / "card.svg"))
    assert code == 2 and "*.png" in error
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    code, error = fails("--site", "weak.example", "-o", str(blocker / "card.png"))
    assert code == 2 and f"cannot write {blocker / 'card.png'}" in error
    # A machine without Chromium: the lookup finds none.
    monkeypatch.setattr("inbound_spiders.report.card.find_browser", lambda: None)
    code, error = fails("--site", "weak.example", "-o", str(output))
    assert code == 3 and "apt-get install chromium" in error
    assert not output.exists()
