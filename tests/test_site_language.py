"""A German association's site crawled end to end: each finding stamped with its page's language, pages counted per
language in the run, the site audit in German (``site_audits.language``, advice in every language), and
``inbound-report --lang``. The advice table itself: every check, every result, every language."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pymongo
import pytest
from parsel import Selector
from pymongo.database import Database

from inbound_spiders.audit.advice import advice_language, advice_table, advice_templates, value_word, values_table
from inbound_spiders.audit.checks import CHECKS, EXPECTED_CTA_ACTIONS, FAIL, PASS, UNKNOWN, run_checks
from inbound_spiders.extractors.calls_to_action import ACTIONS
from inbound_spiders.knowledge.social import FEED_CONTAINERS, HOSTS
from inbound_spiders.localsite import LocalSite
from inbound_spiders.page.language import LANGUAGES
from inbound_spiders.report import main
from inbound_spiders.report.data import check_advice
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import TESTS, run_crawl
from tests.test_site_audit import SITE, context, cta, share

GERMAN_SITE = TESTS / "fixtures" / "sites" / "de_verein"
#: The language of each page of the German site, and how it is known.
PAGE_LANGUAGES = {
    "/": "de", "/team/": "de", "/mitmachen/": "de", "/beteiligung/": "de", "/presse/": "de", "/english/": "en",
}  # fmt: skip


@dataclass(frozen=True)
class GermanCrawl:
    mongo_uri: str
    database: str
    url: str
    log: str

    def db(self) -> Database:
        return pymongo.MongoClient(self.mongo_uri, tz_aware=True)[self.database]


@pytest.fixture(scope="module")
def german_crawl(mongo_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GermanCrawl]:
    database = "test_german_site"
    pymongo.MongoClient(mongo_uri).drop_database(database)
    with LocalSite(GERMAN_SITE) as site:
        crawl = run_crawl(
            "audit", f"url={site.url}", mongo_uri=mongo_uri, database=database,
            tmp_path=tmp_path_factory.mktemp("german"),
        )  # fmt: skip
        yield GermanCrawl(mongo_uri, database, site.url, crawl.log)
    pymongo.MongoClient(mongo_uri).drop_database(database)


def _findings(db: Database) -> list[dict[str, Any]]:
    return [document for collection in COLLECTION_BY_KIND.values() for document in db[collection].find()]


def test_every_finding_carries_its_pages_language(german_crawl: GermanCrawl) -> None:
    findings = _findings(german_crawl.db())
    assert findings, german_crawl.log[-3000:]
    pages = {urlsplit(document["page_url"]).path for document in findings}
    assert "/" in pages  # the donate link and the newsletter form of the home page
    for document in findings:
        assert document["language"] == PAGE_LANGUAGES[urlsplit(document["page_url"]).path], document


def test_the_run_counts_pages_per_language(german_crawl: GermanCrawl) -> None:
    run = german_crawl.db().runs.find_one()
    assert run is not None
    stats = run["stats"]
    assert stats["inbound/pages/audited"] == 6
    assert (stats["inbound/pages/language/de"], stats["inbound/pages/language/en"]) == (5, 1)
    # Two German pages declare nothing: their text was detected.
    assert (stats["inbound/pages/language_source/html_lang"], stats["inbound/pages/language_source/detected"]) == (4, 2)
    assert "inbound/pages/language/unknown" not in stats
    assert run["pages_per_language"] == {"de": 5, "en": 1}
    assert run["language"] == "de"


def test_the_site_audit_is_in_german(german_crawl: GermanCrawl) -> None:
    audit = german_crawl.db().site_audits.find_one()
    assert audit is not None, german_crawl.log[-3000:]
    assert audit["language"] == "de"
    checks = audit["checks"]
    assert checks["donate_offered"]["result"] == PASS
    assert checks["donate_offered"]["advice"]["de"] == (
        "Die Website ruft dazu auf, die Kampagne zu finanzieren: Zeigen Sie, wofür die Spenden verwendet werden."
    )
    # The association's "Ideenplattform" passes; it has no social media accounts to show.
    assert checks["contribution_platform"]["advice"]["de"].startswith("Besucher können vorschlagen und abstimmen")
    assert checks["social_profiles"]["result"] == FAIL
    assert checks["social_profiles"]["advice"]["de"].startswith("Verlinken Sie die Social-Media-Konten")
    for check in checks.values():
        assert set(check["advice"]) == set(LANGUAGES)
        assert (check["advice"]["fr"], check["advice"]["en"]) == (check["advice_fr"], check["advice_en"])


def _report(crawl: GermanCrawl, tmp_path: Path, *arguments: str) -> Selector:
    output = tmp_path / "report.html"
    main(["html", "-o", str(output), *arguments, "--uri", crawl.mongo_uri, "--database", crawl.database])
    return Selector(text=output.read_text(encoding="utf-8"))


def test_html_report_in_german(german_crawl: GermanCrawl, tmp_path: Path) -> None:
    html = _report(german_crawl, tmp_path, "--lang", "de")
    assert html.xpath("/html/@lang").get() == "de"
    assert html.css("section.scorecard::attr(data-advice-language)").get() == "de"
    donate = html.css('tr.check[data-check="donate_offered"]')
    assert donate.css('p.advice[lang="de"]::text').get() == (
        "Die Website ruft dazu auf, die Kampagne zu finanzieren: Zeigen Sie, wofür die Spenden verwendet werden."
    )
    # One language per report: no English beside the German (issue 17).
    assert donate.css('p.advice[lang="en"]').get() is None and donate.css('p.advice[lang="fr"]').get() is None
    assert donate.css("td strong::text").get() == "Spendenaufruf angeboten"
    rows = html.css("tr.check")
    assert len(rows) == len(CHECKS) == len(html.css('tr.check p.advice[lang="de"]'))


@pytest.mark.parametrize(("arguments", "expected"), [((), "de"), (("--lang", "pt"), "pt"), (("--lang", "en"), "en")])
def test_html_report_defaults_to_the_sites_language(
    german_crawl: GermanCrawl, tmp_path: Path, arguments: tuple[str, ...], expected: str
) -> None:
    html = _report(german_crawl, tmp_path, *arguments)
    assert html.css("section.scorecard::attr(data-advice-language)").get() == expected
    languages = set(html.css("tr.check p.advice::attr(lang)").getall())
    assert languages == {expected}


def test_json_export_and_table_in_german(
    german_crawl: GermanCrawl, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "audits.json"
    common = ["--uri", german_crawl.mongo_uri, "--database", german_crawl.database]
    main(["json", "-o", str(output), "--lang", "it", *common])
    site = json.loads(output.read_text(encoding="utf-8"))["sites"][0]
    assert (site["language"], site["advice_language"]) == ("de", "it")
    assert site["advice"]["donate_offered"] == site["latest"]["checks"]["donate_offered"]["advice"]["it"]
    main(["table", *common])  # headed in the site's language, as the HTML report
    header, _, row = capsys.readouterr().out.splitlines()[:3]
    assert header.split()[-2:] == ["Sprache", "Lauf"] and row.split()[-2] == "de"
    main(["table", "--lang", "en", *common])
    assert capsys.readouterr().out.splitlines()[0].split()[-2:] == ["Lang", "Run"]


# --- the advice table --------------------------------------------------------------------------------------------


def _named_details(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("spec", CHECKS, ids=lambda spec: spec.id)
def test_every_check_has_advice_for_every_result_in_every_language(spec: Any) -> None:
    variants = [name for name in advice_table()["checks"][spec.id] if name not in (FAIL, PASS, UNKNOWN)]
    for result in (FAIL, PASS, UNKNOWN, *variants):
        templates = advice_templates(spec.id, result)
        assert list(templates) == list(LANGUAGES), f"{spec.id} {result}"
        english = _named_details(templates["en"])
        for language, template in templates.items():
            assert template.strip() == template and template, f"{spec.id} {result} {language}"
            # The same details, so that no translation shows "?" or misses a number the English one gives.
            assert _named_details(template) == english, f"{spec.id} {result} {language}"


def test_the_table_names_only_registered_checks_and_results() -> None:
    table = advice_table()
    assert set(table["checks"]) == {spec.id for spec in CHECKS}
    # A variant of a result for an outcome needing other words (team_findable's fail_missing) names its result.
    results = (FAIL, PASS, UNKNOWN)
    assert all(name in results or name.split("_")[0] in results for entry in table["checks"].values() for name in entry)
    assert list(table["unknown"]) == list(LANGUAGES)


def test_a_check_without_advice_fails_naming_it() -> None:
    with pytest.raises(KeyError, match="'no_such_check'"):
        advice_templates("no_such_check", FAIL)


@pytest.mark.parametrize(
    ("asked", "site", "expected"),
    [("de", "fr", "de"), (None, "nl", "nl"), (None, "pl", "en"), (None, None, "en"), ("xx", "es", "es")],
)
def test_advice_language(asked: str | None, site: str | None, expected: str) -> None:
    assert advice_language(asked, site) == expected


def test_an_audit_from_before_translations_shows_english() -> None:
    old = {"advice_fr": "Conseil.", "advice_en": "Advice."}
    assert check_advice(old, "de") == ("Advice.", "en")
    assert check_advice(old, "fr") == ("Conseil.", "fr")
    assert check_advice({**old, "advice": {"de": "Rat."}}, "de") == ("Rat.", "de")


# --- the words of the details the advice fills in ----------------------------------------------------------------


def test_every_language_has_a_word_for_every_value() -> None:
    """Each language has the same values as English, and every CTA kind and every network the extractors name has a
    word or a proper name, so that no advice shows an internal key."""
    table = values_table()
    assert list(table["languages"]) == list(LANGUAGES)
    for language, words in table["languages"].items():
        assert set(words) == set(table["languages"]["en"]) and all(words.values()), language
    networks = set(HOSTS.values()) | {network for network, _ in FEED_CONTAINERS.values()}
    named = set(table["languages"]["en"]) | set(table["names"])
    assert set(ACTIONS) | networks <= named, (set(ACTIONS) | networks) - named
    assert value_word("event", "de") == "Veranstaltung" and value_word("email", "es") == "correo electrónico"
    assert value_word("whatsapp", "it") == "WhatsApp" and value_word("Mein Film", "de") == "Mein Film"
    assert value_word("petition", "pl") == "petition"  # a language the audit does not speak: English


_SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_advice_names_no_internal_key(language: str) -> None:
    """A failing audit (no converting CTA kind, two share networks, a widget feed, profiles) gives advice whose
    details are words of its language: "es fehlen: Newsletter, Spende, Mitmachen, Veranstaltung, Petition", "hoy:
    correo electrónico, WhatsApp", never "event", "petition", "email", "whatsapp" or a snake_case identifier."""
    page = f"{SITE}actualites/"
    audit = context(
        cta("contact"),
        cta("download"),
        cta("social_follow", vendor="twitter"),
        share("email", page),
        share("whatsapp", page),
        share("multiple", SITE, role="feed", vendor="juicer"),
        share("facebook", SITE, role="follow"),
        share("mastodon_share", SITE, role="follow"),
    )
    results = {result.id: result for result in run_checks(audit)}
    assert (results["cta_kinds_coverage"].result, results["share_networks"].result) == (FAIL, FAIL)
    words = values_table()["languages"][language]
    internal = [*EXPECTED_CTA_ACTIONS, "email", "multiple", "whatsapp", "facebook", "twitter", "mastodon"]
    untranslated = [key for key in internal if words.get(key, value_word(key, language)) != key]
    for result in results.values():
        advice = result.advice[language]
        assert not _SNAKE_CASE.search(advice) and "{" not in advice and "?" not in advice, (result.id, advice)
        leaked = [key for key in untranslated if re.search(rf"\b{key}\b", advice)]
        assert not leaked, (result.id, advice, leaked)
    missing = results["cta_kinds_coverage"].advice[language]
    assert all(value_word(action, language) in missing for action in EXPECTED_CTA_ACTIONS), missing
    assert value_word("email", language) in results["share_networks"].advice[language]
    assert "Mastodon" in results["social_profiles"].advice[language]
    # The stored details keep the internal values: the report translates them with the same words.
    assert results["cta_kinds_coverage"].details["missing"] == list(EXPECTED_CTA_ACTIONS)
