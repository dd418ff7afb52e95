"""``inbound-report``: comparison table, JSON export, and the self-contained HTML report opened in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest
from parsel import Selector
from pymongo.database import Database

from inbound_spiders.audit.builder import CATEGORY_IDS, build_site_audit
from inbound_spiders.audit.checks import CHECKS
from inbound_spiders.audit.extension import stored_audit
from inbound_spiders.localsite import LocalSite
from inbound_spiders.report import main
from inbound_spiders.report.data import SiteHistory, load_histories
from inbound_spiders.report.render import RESULT_ORDER, render_html, site_labels
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
#: Where the last rendered report and its screenshot are copied for a person to look at.
HUMAN_COPY = PROJECT / "var" / "report"


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
    """Check results in scorecard order: every fail, then every unknown, then every pass."""
    assert results == sorted(results, key=RESULT_ORDER.__getitem__), results


def _cli(database: Database, mongo_uri: str, *arguments: str) -> list[str]:
    return [*arguments, "--uri", mongo_uri, "--database", database.name]


def test_table_has_a_row_per_site_and_a_column_per_category(
    two_sites: Database, mongo_uri: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(_cli(two_sites, mongo_uri, "table"))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:10] == ["Site", "Info", "Partic", "Netw", "Campg", "Resrc", "Attract", "Convert", "Engage",
                                     "Overall"]  # fmt: skip
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
        results = html.css(f'section.scorecard[data-site="{site}"] tr.check .badge::text').getall()
        assert len(results) == len(CHECKS)
        assert_failed_first(results)
    weak = html.css('section.scorecard[data-site="weak.example"] tr.check .badge::text').getall()
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
    main(["html", "-o", str(report), "--uri", mongo_uri, "--database", audited_sites.database])
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
            assert_failed_first(card.locator("tr.check .badge").all_inner_texts())
        hamon = page.locator(f'section.scorecard[data-site="{audited_sites.hamon}"]')
        # The latest (second) audit: the seed's five judgments and participation_growth fail, sixteen checks pass.
        assert hamon.locator("tr.check .badge").all_inner_texts() == ["fail"] * 6 + ["pass"] * 16
        first_six = {hamon.locator("tr.check").nth(index).get_attribute("data-check") for index in range(6)}
        assert first_six == SEED_FAILURES | {"participation_growth"}
        video_row = hamon.locator('tr[data-check="video_length"]')
        assert video_row.locator(".badge").inner_text() == "fail"
        assert "parties thématiques" in video_row.inner_text()
        assert (
            video_row.locator("a")
            .first.get_attribute("href")
            .endswith("conference-de-presse-presentation-de-l-equipe-de-campagne/")
        )
        assert hamon.locator('tr[data-check="team_photos_bios"] .badge').inner_text() == "fail"
        assert hamon.locator('tr[data-check="newsletter_offered"] .badge').inner_text() == "pass"

        bars = page.locator("svg.bar-chart rect.bar")
        assert bars.count() == 2 * len(CATEGORY_IDS)
        assert page.locator("svg.line-chart").count() == 2
        # Hamon was audited twice: its overall score and its participants are lines, not single points.
        assert page.locator("svg.line-chart").nth(0).locator("polyline").count() >= 1
        assert page.locator("svg.line-chart").nth(1).locator("circle.point").count() == 3
        assert page.locator("svg.bar-chart").bounding_box()["width"] > 300

        screenshot = report.with_name("report.png")
        page.screenshot(path=str(screenshot), full_page=True)
        assert screenshot.stat().st_size > 10_000
        HUMAN_COPY.mkdir(parents=True, exist_ok=True)
        shutil.copy(report, HUMAN_COPY / "report.html")
        shutil.copy(screenshot, HUMAN_COPY / "report.png")
    finally:
        page.close()


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
        text = page.locator("body").inner_text()
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
        text = page.locator("body").inner_text()
        assert XSS_NAME in text and XSS_LABEL in text  # shown as text
    finally:
        page.close()
