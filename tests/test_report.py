"""``inbound-report``: comparison table, JSON export, and the self-contained HTML report opened in headless Chromium."""

from __future__ import annotations

import fnmatch
import json
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import pytest
from parsel import Selector
from pymongo.database import Database

from inbound_spiders.audit.builder import CATEGORIES, CATEGORY_IDS, build_site_audit
from inbound_spiders.audit.checks import CHECKS
from inbound_spiders.audit.extension import stored_audit
from inbound_spiders.audit.titles import titles_table
from inbound_spiders.knowledge.words import LANGUAGES
from inbound_spiders.localsite import LocalSite
from inbound_spiders.report import main
from inbound_spiders.report.data import SiteHistory, described_at, load_histories
from inbound_spiders.report.render import RESULT_ORDER, render_html, site_labels
from inbound_spiders.report.words import HIDDEN_DETAILS, PARTIAL, PARTIAL_BELOW, Words, check_result, words_table
from tests.conftest import PROJECT, run_crawl
from tests.test_site_audit import (  # noqa: F401 - audited_sites: the session fixture
    SEED_FAILURES,
    AuditedSites,
    audited_sites,
    context,
    platform,
    team,
    video,
)

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Where the last rendered report and its screenshots are copied for a person to look at (``docs/report-*.jpg`` are
#: copies of the desktop and mobile ones).
HUMAN_COPY = PROJECT / "var" / "report"
#: Words that are the report's internals, never shown to a reader (issue 17).
INTERNAL_KEYS = ("_text", "measured_by", "split_advised", "best_page_share", "longest_seconds", "_percent", "_ctas")


def _audit(
    site: str, run_id: str, audited_at: str, *documents: dict[str, Any], site_name: str | None = None
) -> dict[str, Any]:
    audit = build_site_audit(
        context(*documents, site=site, run_id=run_id, start_url=f"https://{site}/", site_name=site_name),
        spider="audit",
        audited_at=audited_at,
    )
    return stored_audit(audit)


@pytest.fixture
def two_sites(mongo_db: Database) -> Database:
    """Hand-built audits: weak.example audited twice (participants 221 then 300), without a site name;
    strong.example once, named "Strong Example"."""
    mongo_db.site_audits.insert_many(
        [
            _audit("weak.example", "run-1", "2017-02-20T10:00:00Z", video(3012), team(20, depth=2), platform(221)),
            _audit("weak.example", "run-2", "2017-02-27T10:00:00Z", video(3012), team(20, depth=2), platform(300)),
            _audit(
                "strong.example", "run-3", "2017-02-21T10:00:00Z", video(90), team(9, photos=9, bios=9), platform(4812),
                site_name="Strong Example",
            ),
        ]
    )  # fmt: skip
    return mongo_db


def assert_failed_first(results: list[str]) -> None:
    """Check results (``data-result``) in scorecard order: every fail, then every partial, then every unknown, then
    every pass."""
    assert results == sorted(results, key=RESULT_ORDER.__getitem__), results


def _results(card: Any) -> list[str]:
    """The results of a scorecard's checks in a Chromium page, in the order shown."""
    return [row.get_attribute("data-result") for row in card.locator("tr.check").all()]


def _french_date(audited_sites: AuditedSites, site: str) -> str:  # noqa: F811 - the fixture's type
    return Words("fr").date(described_at(audited_sites.audits(site)[-1]))


def _cli(database: Database, mongo_uri: str, *arguments: str) -> list[str]:
    return [*arguments, "--uri", mongo_uri, "--database", database.name]


def test_table_has_a_row_per_site_and_a_column_per_category(
    two_sites: Database, mongo_uri: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(_cli(two_sites, mongo_uri, "table"))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:10] == ["Site", "Info", "Participation", "Networking", "Campaigning", "Resources",
                                     "Attract", "Convert", "Engage", "Overall"]  # fmt: skip
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert set(rows) == {"strong.example", "weak.example"}
    assert rows["weak.example"][-1] == "run-2"  # the latest audit
    assert int(rows["strong.example"][1]) > int(rows["weak.example"][1])  # information


def test_site_filter_and_the_console_script(two_sites: Database, mongo_uri: str) -> None:
    script = Path(sys.executable).parent / "inbound-report"
    assert script.exists(), "pip install -e . to get the inbound-report console script"
    listed = subprocess.run(
        [str(script), *_cli(two_sites, mongo_uri, "table", "--site", "weak.example")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert "weak.example" in listed.stdout and "strong.example" not in listed.stdout


def test_json_export_has_latest_audit_and_history(two_sites: Database, mongo_uri: str, tmp_path: Path) -> None:
    output = tmp_path / "audits.json"
    main(_cli(two_sites, mongo_uri, "json", "-o", str(output)))
    exported = json.loads(output.read_text(encoding="utf-8"))
    assert exported["categories"] == list(CATEGORY_IDS)
    sites = {site["site"]: site for site in exported["sites"]}
    weak = sites["weak.example"]
    assert (weak["site_name"], sites["strong.example"]["site_name"]) == (None, "Strong Example")
    assert weak["latest"]["run_id"] == "run-2" and weak["latest"]["audited_at"] == "2017-02-27T10:00:00Z"
    assert [point["participants"] for point in weak["history"]] == [221, 300]
    assert set(weak["history"][0]["categories"]) == set(CATEGORY_IDS)
    assert weak["latest"]["checks"]["video_length"]["result"] == "fail"


def test_html_is_self_contained(two_sites: Database) -> None:
    html = render_html(load_histories(two_sites), generated_at="2017-02-28T00:00:00Z")
    assert "<script" not in html.lower()
    for external in ("http://fonts", "https://fonts", "<link", 'src="http', "@import", "url(http"):
        assert external not in html
    assert html.count('class="scorecard"') == 2
    assert html.count("<svg") >= 3 + 2  # bar chart, two history charts, a gauge per site


def test_html_names_sites_and_lists_failed_checks_first(two_sites: Database) -> None:
    html = Selector(text=render_html(load_histories(two_sites), generated_at="2017-02-28T00:00:00Z"))
    strong = html.css('section.scorecard[data-site="strong.example"]')
    # Its name, then its host; a site without a name is called by its host.
    assert strong.css("h2 .site-name::text, h2 .host::text").getall() == ["Strong Example", "strong.example"]
    assert html.css('section.scorecard[data-site="weak.example"] h2 ::text').getall() == ["weak.example"]
    assert html.css('tr[data-site="strong.example"] a .site-name::text').get() == "Strong Example"
    assert "Strong Example" in html.css("svg.bar-chart text::text").getall()  # the chart legend
    for site in ("weak.example", "strong.example"):
        results = html.css(f'section.scorecard[data-site="{site}"] tr.check::attr(data-result)').getall()
        assert len(results) == len(CHECKS)
        assert_failed_first(results)
    weak = html.css('section.scorecard[data-site="weak.example"] tr.check::attr(data-result)').getall()
    assert {"fail", "unknown", "pass"} <= set(weak) and weak[0] == "fail" and weak[-1] == "pass"


def test_sites_sharing_a_name_are_told_apart_by_their_host() -> None:
    def history(site: str, name: str | None) -> SiteHistory:
        return SiteHistory(site, [{"site": site, "site_name": name}])

    labels = site_labels(
        [history("127.0.0.1:8017", "Benoît Hamon 2017"), history("127.0.0.1:9017", "Benoît Hamon 2017"),
         history("clean.example", "Clean Rivers Now"), history("bare.example", None), history("blank.example", " ")]
    )  # fmt: skip
    assert labels == {
        "127.0.0.1:8017": "Benoît Hamon 2017 (127.0.0.1:8017)",
        "127.0.0.1:9017": "Benoît Hamon 2017 (127.0.0.1:9017)",
        "clean.example": "Clean Rivers Now",
        "bare.example": "bare.example",
        "blank.example": "blank.example",
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM) if CHROMIUM.exists() else None, args=BROWSER_ARGS
        )
        yield launched
        launched.close()


def _open(browser: Any, report: Path) -> tuple[Any, list[str], list[str]]:
    """The report opened in a new page, with the dialogs it opened and the non-file requests it made."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    return page, dialogs, [url for url in requests if not url.startswith("file://")]


def test_html_report_of_both_demo_sites_in_chromium(
    audited_sites: AuditedSites,  # noqa: F811 - the session fixture imported above
    browser: Any,
    mongo_uri: str,
    tmp_path: Path,
) -> None:
    report = tmp_path / "report.html"
    main(["html", "-o", str(report), "--uri", mongo_uri, "--database", audited_sites.database, "--lang", "fr"])
    page, dialogs, external = _open(browser, report)
    try:
        assert external == [] and dialogs == []
        assert page.locator("section.scorecard").count() == 2
        for site in (audited_sites.hamon, audited_sites.strong):
            card = page.locator(f'section.scorecard[data-site="{site}"]')
            assert card.locator("svg.gauge").count() == 1
            assert card.locator(".category").count() == len(CATEGORY_IDS)
            assert card.locator("tr.check").count() >= 20
            assert card.locator("tr.check .badge").count() == card.locator("tr.check").count()
        # Named as their home pages name them, the host beside; failed checks first, then unknown, then passed.
        names = {audited_sites.hamon: "Benoît Hamon 2017", audited_sites.strong: "Clean Rivers Now"}
        for site, name in names.items():
            card = page.locator(f'section.scorecard[data-site="{site}"]')
            assert card.locator("h2").inner_text() == f"{name} {site}"
            assert page.locator(f'table.comparison tr[data-site="{site}"] td').first.inner_text().startswith(name)
            assert_failed_first(_results(card))
        hamon = page.locator(f'section.scorecard[data-site="{audited_sites.hamon}"]')
        # The latest (second) audit: the seed's five judgments and participation_growth fail, sixteen checks pass
        # (those scoring below 0.7 shown as partial). The report is asked in French (one site
        # of each language: which comes first depends on the test's ports).
        hamon_results = _results(hamon)
        assert hamon_results[:6] == ["fail"] * 6 and len(hamon_results) == 22
        assert set(hamon_results[6:]) <= {PARTIAL, "pass"}
        first_six = {hamon.locator("tr.check").nth(index).get_attribute("data-check") for index in range(6)}
        assert first_six == SEED_FAILURES | {"participation_growth"}
        assert page.locator("html").get_attribute("lang") == "fr"
        video_row = hamon.locator('tr[data-check="video_length"]')
        assert video_row.locator(".badge").inner_text() == "échoué"
        assert "parties thématiques" in video_row.inner_text()
        assert (
            video_row.locator("ul.evidence a")
            .first.get_attribute("href")
            .endswith("conference-de-presse-presentation-de-l-equipe-de-campagne/")
        )
        assert hamon.locator('tr[data-check="team_photos_bios"]').get_attribute("data-result") == "fail"
        assert hamon.locator('tr[data-check="newsletter_offered"] .badge').inner_text() == "réussi"
        assert "Vidéo la plus longue : 50:12" in hamon.locator(".metrics").inner_text().replace("\xa0", " ")

        bars = page.locator("svg.bar-chart rect.bar")
        assert bars.count() == 2 * len(CATEGORY_IDS)
        assert page.locator("svg.line-chart").count() == 2
        # Hamon was audited twice: its overall score and its participants are lines; the strong site, audited once,
        # is a sentence, not a lone dot.
        assert page.locator("svg.line-chart").nth(0).locator("polyline").count() == 1
        assert page.locator("svg.line-chart").nth(1).locator("circle.point").count() == 2
        assert page.locator("#history .first-audit").all_inner_texts() == [
            f"Clean Rivers Now : premier audit le {_french_date(audited_sites, audited_sites.strong)} ; "
            "l'historique commencera avec le prochain."
        ]
        assert page.locator("svg.bar-chart").bounding_box()["width"] > 300
        # Measured as drawn: no slanted category label ("Ressources (dons, adhésions)") runs into the legend below it
        # or off the chart's left edge.
        labels, legend_top, chart_left = page.evaluate(
            """() => {
                const svg = document.querySelector('svg.bar-chart');
                const labels = [...svg.querySelectorAll('text[transform]')].map(text => {
                    const box = text.getBoundingClientRect();
                    return [text.textContent, box.left, box.bottom];
                });
                const squares = [...svg.querySelectorAll('rect[width="10"][height="10"]')];
                const legendTop = Math.min(...squares.map(square => square.getBoundingClientRect().top));
                return [labels, legendTop, svg.getBoundingClientRect().left];
            }"""
        )
        assert len(labels) == len(CATEGORY_IDS)
        assert all(bottom <= legend_top and left >= chart_left for _, left, bottom in labels), (labels, legend_top)

        screenshot = report.with_name("report.png")
        page.screenshot(path=str(screenshot), full_page=True)
        assert screenshot.stat().st_size > 10_000
        HUMAN_COPY.mkdir(parents=True, exist_ok=True)
        shutil.copy(report, HUMAN_COPY / "report.html")
        shutil.copy(screenshot, HUMAN_COPY / "report.png")

        # Unfolded, the technical details speak the reader's language: no internal key, no dash for a value.
        page.locator("details").evaluate_all("nodes => nodes.forEach(node => { node.open = true; })")
        text = page.locator("body").inner_text()
        assert not [key for key in INTERNAL_KEYS if key in text], text
        assert "—" not in page.locator("details.technical dd").all_inner_texts()
        assert page.locator("details.technical").count() >= 20
        page.screenshot(path=str(HUMAN_COPY / "report-desktop.jpg"), type="jpeg", quality=70, full_page=True,
                        clip={"x": 0, "y": 0, "width": 1280, "height": 2200})  # fmt: skip
    finally:
        page.close()
    # On a phone (390 px wide): nothing wider than the screen.
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        phone.goto(report.as_uri())
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        assert phone.locator("section.scorecard").first.bounding_box()["width"] <= 390
        hamon = phone.locator(f'section.scorecard[data-site="{audited_sites.hamon}"]')
        hamon.scroll_into_view_if_needed()
        phone.screenshot(path=str(HUMAN_COPY / "report-mobile.jpg"), type="jpeg", quality=70)
    finally:
        phone.close()


def test_text_from_pages_is_escaped_and_never_runs(
    mongo_db: Database, mongo_uri: str, browser: Any, tmp_path: Path
) -> None:
    hostile = "<script>alert(1)</script>"
    audit = _audit("evil.example", "run-x", "2017-02-20T10:00:00Z", team(2, depth=1), video(3012, title=hostile))
    audit["checks"]["team_photos_bios"]["details"]["members_without_bio"] = [hostile, '"><img src=x onerror=alert(2)>']
    audit["checks"]["team_page_present"]["evidence"] = ["javascript:alert(3)"]
    audit["site"] = 'evil.example"><svg onload=alert(4)>'
    audit["site_name"] = hostile  # a page's own <title> or og:site_name
    mongo_db.site_audits.insert_one(audit)  # straight into MongoDB: the report must not trust what it reads

    report = tmp_path / "report.html"
    main(["html", "-o", str(report), "--uri", mongo_uri, "--database", mongo_db.name])
    html = report.read_text(encoding="utf-8")
    assert hostile not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html

    page, dialogs, external = _open(browser, report)
    try:
        page.wait_for_timeout(300)
        assert dialogs == [] and external == []
        text = page.locator("body").text_content()  # the folded technical details too
        assert hostile in text  # shown as text, in the details and in the video advice
        assert page.locator("script").count() == 0
        assert page.locator("img").count() == 0
    finally:
        page.close()


def test_documented_queries_answer_on_the_demo_sites(audited_sites: AuditedSites) -> None:  # noqa: F811
    """The five queries of the README, as written there (pymongo), on the two crawled demo sites."""
    db = audited_sites.db()
    lacking_bios = list(
        db.site_audits.aggregate(
            [
                {"$sort": {"audited_at": -1}},
                {"$group": {"_id": "$site", "audit": {"$first": "$$ROOT"}}},
                {"$match": {"audit.checks.team_photos_bios.details.bio_percent": {"$lt": 50}}},
                {"$project": {"bio_percent": "$audit.checks.team_photos_bios.details.bio_percent"}},
            ]
        )
    )
    assert [row["_id"] for row in lacking_bios] == [audited_sites.hamon]

    longest = list(
        db.videos.find({"duration_seconds": {"$ne": None}}, {"site": 1, "title": 1, "duration_seconds": 1})
        .sort("duration_seconds", -1)
        .limit(10)
    )
    assert (longest[0]["site"], longest[0]["duration_seconds"]) == (audited_sites.hamon, 3012)

    runs = list(db.site_audits.find({"site": audited_sites.hamon}, {"metrics": 1}).sort("audited_at", 1))
    first, last = runs[0]["metrics"]["participants"], runs[-1]["metrics"]["participants"]
    assert (len(runs), (last - first) / first) == (2, 0.0)

    ranking = list(
        db.site_audits.aggregate(
            [
                {"$sort": {"audited_at": -1}},
                {"$group": {"_id": "$site", "score": {"$first": "$categories.participation.score"}}},
                {"$sort": {"score": -1}},
            ]
        )
    )
    assert [row["_id"] for row in ranking] == [audited_sites.strong, audited_sites.hamon]

    audit = db.site_audits.find_one({"_id": runs[0]["_id"]})
    failed = {check["id"] for check in audit["checks"].values() if check["result"] == "fail"}
    assert {"video_length", "team_findable", "team_photos_bios", "contribution_engagement"} <= failed


XSS_NAME = "<script>alert(1)</script>"
XSS_LABEL = "<img src=x onerror=alert(1)> Donate"
_XSS_PEOPLE = [(XSS_NAME, "Treasurer"), ("Alice Martin", "President"), ("Bruno Keller", "Secretary")]
_XSS_HEADER = (
    '<header class="site-header"><nav><a href="/">Home</a> <a href="/team/">Team</a> <a href="/about/">About</a>'
    f'</nav><a class="button" href="/donate/">{escape(XSS_LABEL)}</a></header>'
)


def _xss_site(folder: Path) -> Path:
    """Three pages whose text is hostile markup: the team page names a member ``<script>alert(1)</script>`` (in its
    cards and its JSON-LD), and every page's header holds a donate button labelled ``<img src=x onerror=...>``."""
    graph = [{"@type": "Person", "name": name, "jobTitle": role} for name, role in _XSS_PEOPLE]
    # JSON-LD sits in a <script>: a "</script>" in it would end the element.
    people = json.dumps({"@context": "https://schema.org", "@graph": graph}).replace("<", "\\u003c")
    cards = "".join(
        f'<div class="team-member"><h3>{escape(n)}</h3><p class="role">{r}</p></div>' for n, r in _XSS_PEOPLE
    )
    pages = {
        "index.html": ("Rivers first", "", "<h1>Rivers first</h1><p>Clean rivers for everyone.</p>"),
        "team/index.html": (
            "Our team",
            f'<script type="application/ld+json">{people}</script>',
            f"<h1>Our team</h1>{cards}",
        ),
        "about/index.html": ("About us", "", "<h1>About us</h1><p>A campaign for clean rivers.</p>"),
    }
    for path, (title, head, main_html) in pages.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body>{_XSS_HEADER}<main>{main_html}</main></body></html>",
            encoding="utf-8",
        )
    return folder


def test_hostile_page_text_crawled_audited_and_reported_runs_nothing_in_chromium(
    mongo_db: Database, mongo_uri: str, browser: Any, tmp_path: Path
) -> None:
    with LocalSite(_xss_site(tmp_path / "site")) as site:
        crawl = run_crawl(
            "audit", f"url={site.url}", mongo_uri=mongo_uri, database=mongo_db.name, tmp_path=tmp_path,
            settings={"INBOUND_RENDER_MODE": "never"},
        )  # fmt: skip
    audit = mongo_db.site_audits.find_one()
    assert audit is not None, crawl.log[-3000:]
    team_page = mongo_db.team_pages.find_one()
    assert team_page is not None and XSS_NAME in [member["name"] for member in team_page["members"]]
    assert XSS_LABEL in {document["label"] for document in mongo_db.calls_to_action.find()}
    # The audit carries the hostile text to the report: a member without a bio, a site-wide call to action.
    assert XSS_NAME in audit["checks"]["team_photos_bios"]["details"]["members_without_bio"]
    assert f"donate: {XSS_LABEL}" in audit["checks"]["cta_site_wide"]["details"]["site_wide"]

    report = tmp_path / "report.html"
    main(["html", "-o", str(report), "--uri", mongo_uri, "--database", mongo_db.name])
    html = report.read_text(encoding="utf-8")
    assert XSS_NAME not in html and "<img" not in html and escape(XSS_NAME) in html
    page, dialogs, external = _open(browser, report)
    try:
        page.wait_for_timeout(300)  # time for an injected handler (onerror) to fire
        assert dialogs == [] and external == []
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0
        text = page.locator("body").text_content()  # the folded technical details too
        assert XSS_NAME in text and XSS_LABEL in text  # shown as text
    finally:
        page.close()


# --- one language, figures for people, pass / partial / fail, history ------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_renders_the_whole_report_in_that_language(two_sites: Database, language: str) -> None:
    html = render_html(load_histories(two_sites), generated_at="2017-02-28T00:00:00Z", language=language)
    page = Selector(text=html)
    assert page.css("html::attr(lang)").get() == language
    words = {**words_table()[language], **_titles(language)}
    visible = " ".join(page.css("body :not(style)::text").getall())
    assert words["text"]["heading"] in visible and words["text"]["scorecards"] in visible
    assert words["checks"]["video_length"] in visible and words["categories"]["networking"] in visible
    assert words["results"]["fail"] in page.css("tr.check .badge::text").getall()
    # No English beside it: no English title, result, category or detail label that differs from this language's.
    if language != "en":
        english = {**words_table()["en"], **_titles("en")}
        for section in ("checks", "categories", "details", "results"):
            for key, text in english[section].items():
                if text != words[section][key] and len(text) > 6:
                    assert text not in page.css("body *::text").getall(), (section, key, text)
        assert "Not measured in this crawl" not in visible and "Scorecards" not in visible
    # Every advice paragraph is in this language.
    assert set(page.css("p.advice::attr(lang)").getall()) == {language}


def _titles(language: str) -> dict[str, dict[str, str]]:
    """The titles of checks and categories in ``language``, shaped like a language's block of words.json."""
    return {
        section: {key: by_language[language] for key, by_language in titles_table()[section].items()}
        for section in ("checks", "categories")
    }


def test_no_internal_key_and_figures_written_for_people(two_sites: Database) -> None:
    page = Selector(text=render_html(load_histories(two_sites), generated_at="2017-02-28T00:00:00Z", language="fr"))
    text = " ".join(page.css("body :not(style)::text").getall())
    assert not [key for key in INTERNAL_KEYS if key in text]
    for dd in page.css("details.technical dd"):
        assert "".join(dd.css("::text").getall()).strip() not in ("", "—", "None", "True", "False")
    weak = page.css('section.scorecard[data-site="weak.example"]')
    metrics = dict("".join(item.css("::text").getall()).split("\u00a0: ", 1) for item in weak.css(".metrics li"))
    assert metrics["Vidéo la plus longue"] == "50:12"
    assert metrics["Participants"] == "300"
    assert metrics["Équipe avec photo"] == "0\u00a0%"
    strong = page.css('section.scorecard[data-site="strong.example"]')
    assert "4\u202f812" in strong.css(".metrics ::text").getall()
    assert strong.css("p.muted::text").get().startswith("Audité le 21 février 2017 · ")
    assert "généré le 28 février 2017" in page.css("header p::text").get()
    # A detail reads as words: the team is 2 clicks away, the video lengths are named, percentages have their sign.
    video = dict(_details(weak, "video_length"))
    assert video["Plus longue"] == "50:12" and video["Durées"].startswith("courtes: 0")
    assert dict(_details(weak, "team_findable"))["Distance depuis l'accueil"] == "2 clics"
    assert dict(_details(weak, "team_photos_bios"))["Avec photo"] == "0\u00a0%"


def _details(card: Selector, check: str) -> list[tuple[str, str]]:
    rows = card.css(f'tr[data-check="{check}"] details.technical')
    return [
        ("".join(dt.css("::text").getall()), "".join(dd.css("::text").getall()))
        for dt, dd in zip(rows.css("dt"), rows.css("dd"), strict=True)
    ]


def test_numbers_durations_dates_and_plurals_per_language() -> None:
    assert [Words(language).number(12345) for language in ("fr", "en", "de", "es", "it", "nl", "pt")] == [
        "12\u202f345", "12,345", "12.345", "12.345", "12.345", "12.345", "12.345"
    ]  # fmt: skip
    assert (Words("en").number(0.5, 2), Words("de").number(1234.25, 2)) == ("0.5", "1.234,25")
    assert (Words("fr").percent(45), Words("en").percent(45), Words("en").percent(2.5)) == ("45\u00a0%", "45%", "2.5%")
    assert (Words("fr").duration(3012), Words("en").duration(4000)) == ("50:12", "1:06:40")
    when = datetime(2017, 2, 20, 10, 0)
    assert [Words(language).date(when) for language in ("fr", "en", "de", "es", "pt")] == [
        "20 février 2017", "February 20, 2017", "20. Februar 2017", "20 de febrero de 2017", "20 de fevereiro de 2017"
    ]  # fmt: skip
    # French counts 0 as singular; English and German do not.
    assert [Words("fr").plural("clicks", n) for n in (0, 1, 2)] == ["0 clic", "1 clic", "2 clics"]
    assert [Words("en").plural("clicks", n) for n in (0, 1, 2)] == ["0 clicks", "1 click", "2 clicks"]
    assert Words("de").plural("sites", 1) == "1 Website"


def test_a_pass_scoring_below_the_band_is_partial(two_sites: Database) -> None:
    assert [check_result({"result": "pass", "score": score}) for score in (0.6, PARTIAL_BELOW, 1.0, None)] == [
        PARTIAL, "pass", "pass", "pass"
    ]  # fmt: skip
    assert (check_result({"result": "fail", "score": 0.9}), check_result({"result": "odd"})) == ("fail", "unknown")
    two_sites.site_audits.update_one(
        {"_id": "run-3"}, {"$set": {"checks.newsletter_offered.result": "pass", "checks.newsletter_offered.score": 0.5}}
    )
    page = Selector(text=render_html(load_histories(two_sites), generated_at="2017-02-28T00:00:00Z", language="en"))
    row = page.css('section.scorecard[data-site="strong.example"] tr[data-check="newsletter_offered"]')
    assert (row.attrib["data-result"], row.css(".badge::text").get()) == (PARTIAL, "partial")
    assert_failed_first(page.css('section.scorecard[data-site="strong.example"] tr.check::attr(data-result)').getall())


def test_history_is_a_chart_from_two_audits_and_a_sentence_before(two_sites: Database) -> None:
    page = Selector(text=render_html(load_histories(two_sites), generated_at="2017-02-28T00:00:00Z", language="en"))
    # weak.example, audited twice, is charted; Strong Example, audited once, is a sentence.
    assert page.css("#history .first-audit::text").getall() == [
        "Strong Example: first audit on February 21, 2017; history starts with the next one."
    ]
    assert len(page.css("#history svg.line-chart")) == 2
    legends = page.css("#history svg.line-chart text::text").getall()
    assert "weak.example" in legends and "Strong Example" not in legends
    only_once = load_histories(two_sites, ["strong.example"])
    page = Selector(text=render_html(only_once, generated_at="2017-02-28T00:00:00Z", language="de"))
    assert not page.css("#history svg")
    assert page.css("#history .first-audit::text").getall() == [
        "Strong Example: erstes Audit am 21. Februar 2017; der Verlauf beginnt mit dem nächsten."
    ]


def test_the_words_table_is_complete_and_agrees_with_the_audit() -> None:
    table = words_table()
    assert set(table) == set(LANGUAGES)

    def keys(node: Any, prefix: str = "") -> set[str]:
        if not isinstance(node, dict):
            return set()
        return {prefix + key for key in node} | {
            found for key, value in node.items() for found in keys(value, f"{prefix}{key}.")
        }

    for language in LANGUAGES:
        assert keys(table[language]) == keys(table["en"]), language
        assert len(table[language]["months"]) == 12
    # The titles of checks and categories are the audit's (audit/titles.json): one per language, none stale.
    titles = titles_table()
    assert set(titles["checks"]) == {spec.id for spec in CHECKS}
    assert set(titles["categories"]) == set(CATEGORY_IDS)
    for section in ("checks", "categories"):
        for key, by_language in titles[section].items():
            assert set(by_language) == set(LANGUAGES) and all(by_language.values()), (section, key)
    assert {spec.id: (spec.title_fr, spec.title_en) for spec in CHECKS} == {
        check_id: (by_language["fr"], by_language["en"]) for check_id, by_language in titles["checks"].items()
    }
    assert CATEGORIES[2].title_fr == "Réseaux" and CATEGORIES[2].title_en == "Networking"


def test_every_detail_the_checks_write_has_a_label(two_sites: Database) -> None:
    """A detail without a label would silently vanish from the report: each key the checks wrote on the fixtures is
    labelled in words.json or deliberately hidden."""
    labelled = set(words_table()["en"]["details"]) | HIDDEN_DETAILS
    written = {
        key for audit in two_sites.site_audits.find() for check in audit["checks"].values() for key in check["details"]
    }
    assert written and written <= labelled, written - labelled


def test_templates_and_words_ship_in_the_package() -> None:
    """A Scrapyd egg carries only package data: the templates and words.json must match its patterns."""
    patterns = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["inbound_spiders"]
    package = PROJECT / "inbound_spiders"
    shipped = [
        package / "report" / "words.json",
        package / "audit" / "titles.json",
        *(package / "report" / "templates").iterdir(),
    ]
    for path in shipped:
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative
