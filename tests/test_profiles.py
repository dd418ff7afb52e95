"""Site profiles: loading and validation, the spiders generated from them, their selectors, and a real crawl."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from itemadapter import ItemAdapter
from pymongo.database import Database
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_reactor_settings

from inbound_spiders.contracts import validator_for
from inbound_spiders.items import CallToAction, ContributionPlatform, InboundItem, ShareWidget, TeamPage
from inbound_spiders.localsite import LocalSite
from inbound_spiders.profiles import ProfileError, load_profiles, packaged_profiles, parse_profile
from inbound_spiders.spiders.base import SpiderArgumentError
from inbound_spiders.spiders.profiles import PROFILE_SPIDERS, ProfileSpider
from inbound_spiders.store import COLLECTION_BY_KIND
from tests.conftest import PROJECT, run_crawl

PROFILES = PROJECT / "inbound_spiders" / "profiles"
#: The candidates whose sites the press compared most in 2017, and the address each campaign used.
EXPECTED_SITES = {
    "hamon2017": "https://www.benoithamon2017.fr/",
    "macron2017": "https://en-marche.fr/",
    "fillon2017": "https://www.fillon2017.fr/",
    "melenchon2017": "https://jlm2017.fr/",
    "lepen2017": "https://www.marine2017.fr/",
}
#: Offline crawls: no video-length or platform API lookups on the internet.
OFFLINE = {"INBOUND_VIDEO_LOOKUP_ENABLED": "False", "INBOUND_PLATFORM_API_ENABLED": "False"}


def _minimal(**fields: Any) -> dict[str, Any]:
    return {"name": "example", "start_urls": ["https://www.example.org/"], **fields}


# ----------------------------------------------------------------------------------------------- loading, validation


def test_packaged_profiles_cover_the_2017_candidates_with_their_real_sites() -> None:
    profiles = packaged_profiles()
    assert set(EXPECTED_SITES) <= set(profiles)
    for name, start_url in EXPECTED_SITES.items():
        assert profiles[name].start_urls[0] == start_url
        assert profiles[name].file == f"{name}.json"
        assert profiles[name].title and profiles[name].render in ("never", "always", "auto")
    assert sorted(path.stem for path in PROFILES.glob("*.json")) == sorted(profiles)


def test_profiles_load_from_a_zip_archive_as_from_an_egg(tmp_path: Path) -> None:
    archive = tmp_path / "profiles.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in PROFILES.glob("*.json"):
            zipped.write(path, f"inbound_spiders/profiles/{path.name}")
    from_zip = load_profiles(zipfile.Path(archive, "inbound_spiders/profiles/"))
    assert from_zip == packaged_profiles()


@pytest.mark.parametrize(
    ("document", "field", "rule"),
    [
        (_minimal(start_urls=["ftp://example.org/"]), "start_urls.0", "pattern"),
        (_minimal(start_urls=[]), "start_urls", "minItems"),
        (_minimal(render="sometimes"), "render", "enum"),
        (_minimal(max_pages=0), "max_pages", "minimum"),
        (_minimal(max_depth="3"), "max_depth", "type"),
        (_minimal(colour="red"), "colour", "additionalProperties"),
        (_minimal(hints={"skip": ["/wp-admin/", "(unclosed"]}), "hints.skip.1", "format"),
        (_minimal(hints={"team_page_url": "equipe/"}), "hints.team_page_url", "format"),
        (_minimal(hints={"contribution_platform": {"type": "decidim"}}), "hints.contribution_platform", "required"),
        (_minimal(selectors={"call_to_action": {"buy": ["a.buy"]}}), "selectors.call_to_action.buy", "enum"),
        (_minimal(selectors={"call_to_action": {"donate": ["a["]}}), "selectors.call_to_action.donate.0", "css"),
        (_minimal(selectors={"share_widget": {"mastodon": ["//a["]}}), "selectors.share_widget.mastodon.0", "xpath"),
        (_minimal(selectors={"team_page": {"member": "li..x"}}), "selectors.team_page.member", "css"),
        (_minimal(settings={"download_delay": 1}), "settings.download_delay", "pattern"),
        (_minimal(name="other"), "name", "file_name"),
        (_minimal(name="Bad Name"), "name", "pattern"),
    ],
)
def test_a_bad_profile_fails_at_load_naming_file_field_and_rule(
    tmp_path: Path, document: dict[str, Any], field: str, rule: str
) -> None:
    (tmp_path / "example.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ProfileError) as raised:
        load_profiles(tmp_path)
    assert (raised.value.file, raised.value.field, raised.value.rule) == ("example.json", field, rule)
    assert str(raised.value).startswith(f"site profile example.json: field {field}: ")


def test_a_profile_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"name": "broken",', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"site profile broken\.json: field \(file\): not valid JSON"):
        load_profiles(tmp_path)


def test_scrapy_refuses_to_start_with_a_bad_profile_and_says_where(tmp_path: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "demo_sites")
    shutil.copytree(PROJECT / "inbound_spiders", tmp_path / "inbound_spiders", symlinks=True, ignore=ignore)
    shutil.copytree(PROJECT / "schemas", tmp_path / "schemas")
    bad = _minimal(name="bad2017", hints={"skip": ["(unclosed"]})
    (tmp_path / "inbound_spiders" / "profiles" / "bad2017.json").write_text(json.dumps(bad), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "SCRAPY_SETTINGS_MODULE": "inbound_spiders.settings"}
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert listed.returncode != 0
    assert "site profile bad2017.json: field hints.skip.0: '(unclosed' is not a 'regex' [format]" in listed.stderr


# ------------------------------------------------------------------------------------------------ generated spiders


def test_every_profile_becomes_a_spider_configured_by_it() -> None:
    generated = {cls.name: cls for cls in PROFILE_SPIDERS.values()}
    assert set(generated) == {name for name, profile in packaged_profiles().items() if not profile.spider_class}
    hamon = generated["hamon2017"]
    assert issubclass(hamon, ProfileSpider) and hamon.__name__ == "Hamon2017Spider"
    assert hamon.__module__ == "inbound_spiders.spiders.profiles"
    assert hamon.default_url == "https://www.benoithamon2017.fr/"
    assert hamon.render_mode == "never" and generated["macron2017"].render_mode == "auto"
    assert hamon.hints.contribution_platform is not None and hamon.hints.contribution_platform.type == "custom"


def test_scrapy_list_shows_every_profile_spider() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert set(EXPECTED_SITES) | {"audit"} <= set(listed.stdout.split())


def _spider(cls: type[ProfileSpider], **arguments: Any) -> ProfileSpider:
    """The spider as ``scrapy crawl`` makes it: created from an unfrozen crawler, whose settings then apply."""
    crawler = Crawler(cls, {**get_reactor_settings(), **OFFLINE, "INBOUND_MONGO_ENABLED": "False"})
    crawler.spider = crawler._create_spider(**arguments)
    crawler._apply_settings()
    return crawler.spider


def test_profile_defaults_and_argument_overrides() -> None:
    hamon = PROFILE_SPIDERS["Hamon2017Spider"]
    spider = _spider(hamon)
    hints = packaged_profiles()["hamon2017"].hints
    assert spider.start_urls[0] == "https://www.benoithamon2017.fr/"
    assert hints.team_page_url in spider.start_urls  # hinted pages are always requested
    assert (spider.max_pages, spider.max_depth) == (300, 5)  # the profile's bounds
    assert spider.site_name == packaged_profiles()["hamon2017"].title == "Benoît Hamon 2017 (Parti socialiste)"
    assert spider.should_follow("https://www.benoithamon2017.fr/le-projet/")
    assert spider.should_follow("https://benoithamon2017.fr/don/")  # subdomains of an allowed domain
    assert not spider.should_follow("https://www.benoithamon2017.fr/wp-admin/options.php")  # hints.skip
    assert not spider.should_follow("https://www.benoithamon2017.fr/carnet/?replytocom=12")
    assert not spider.should_follow("https://twitter.com/benoithamon")

    local = _spider(hamon, url="http://127.0.0.1:8017/", max_pages="20")
    assert local.start_urls == [
        "http://127.0.0.1:8017/",
        "http://127.0.0.1:8017/carnet-de-campagne/conference-de-presse-presentation-de-l-equipe-de-campagne/",
        "http://127.0.0.1:8017/conseil-citoyen/",
    ]
    assert (local.max_pages, local.max_depth, local.render_mode) == (20, 5, "never")
    assert local.should_follow("http://127.0.0.1:8017/le-projet/")
    assert not local.should_follow("https://www.benoithamon2017.fr/le-projet/")  # never leaves the -a url= site
    assert local.arguments == {"url": "http://127.0.0.1:8017/", "max_pages": "20"}

    with pytest.raises(SpiderArgumentError, match="render_mode"):
        _spider(hamon, render_mode="sometimes")
    with pytest.raises(SpiderArgumentError, match="max_pages"):
        _spider(hamon, max_pages="lots")


# --------------------------------------------------------------------------------------- selectors, thin subclasses

SELECTOR_PROFILE = parse_profile(
    {
        "name": "selectors_demo",
        "start_urls": ["https://www.example.org/"],
        "render": "never",
        "settings": {"DOWNLOAD_DELAY": 2},
        "hints": {"contribution_platform": {"url": "https://www.example.org/participer/", "type": "decidim"}},
        "selectors": {
            "call_to_action": {"donate": ["header .soutien"], "newsletter": ["//form[@id='lettre']"]},
            "share_widget": {"mastodon": ["a.toot", "a.masto-profile"]},
            "team_page": {
                "url_patterns": ["^/l-equipe/$"],
                "member": "div.personne",
                "member_name": "strong",
                "member_role": "./em",
            },
        },
    },
    "selectors_demo.json",
)

TEAM_PAGE = """<html><head><title>L'équipe</title></head><body>
<header><span class="soutien"><a href="/soutenir/">Je soutiens la campagne</a></span></header>
<main><h1>Ceux qui font la campagne</h1>
<div class="personne"><img src="/a.jpg" alt=""><strong>Alice Martin</strong> <em>Coordination</em></div>
<div class="personne"><strong>Bruno Petit</strong> <em>Numérique</em> <a href="https://mastodon.social/@bruno">@bruno</a></div>
<a class="toot" href="https://mastodon.social/share?text=Bravo&amp;url=https%3A%2F%2Fwww.example.org%2F">Pouet</a>
<a class="masto-profile" href="https://mastodon.social/@campagne">Mastodon</a>
<form id="lettre" action="/lettre/inscription/" method="post"><input type="email" name="email">
<button type="submit">Recevoir la lettre</button></form>
<a href="/participer/">Participer</a></main></body></html>"""

PLATFORM_PAGE = """<html><head><title>Participer</title></head><body>
<h1>Participer au projet</h1><p>Déposez vos propositions.</p></body></html>"""


class SelectorsDemoSpider(ProfileSpider, profile=SELECTOR_PROFILE):
    """A thin subclass, as a site needing custom parsing would have: the profile still does the declaring."""

    def findings(self, response: HtmlResponse) -> Iterator[InboundItem | Request]:
        for output in super().findings(response):
            if isinstance(output, CallToAction) and output.action == "donate":
                output.vendor = "custom_vendor"  # what custom parsing could add
            yield output


def _findings(spider: ProfileSpider, url: str, body: str) -> list[InboundItem]:
    response = HtmlResponse(url, body=body.encode(), encoding="utf-8", request=Request(url, meta={"depth": 1}))
    return [item for item in spider.findings(response) if isinstance(item, InboundItem)]


def test_selector_overrides_add_findings_and_adjust_extracted_ones() -> None:
    spider = _spider(SelectorsDemoSpider)
    assert SelectorsDemoSpider.name == "selectors_demo" and SelectorsDemoSpider.custom_settings == {"DOWNLOAD_DELAY": 2}
    items = _findings(spider, "https://www.example.org/l-equipe/", TEAM_PAGE)

    donate = [i for i in items if isinstance(i, CallToAction) and i.target_url == "https://www.example.org/soutenir/"]
    assert any(i.action == "donate" and i.placement == "header" and i.vendor == "custom_vendor" for i in donate)
    assert any(
        isinstance(i, CallToAction)
        and i.action == "newsletter"
        and i.element == "form"
        and i.label == "Recevoir la lettre"
        for i in items
    )
    widgets = {(i.role, i.href) for i in items if isinstance(i, ShareWidget) and i.network == "mastodon"}
    assert ("follow", "https://mastodon.social/@campagne") in widgets
    toot = next(i for i in items if isinstance(i, ShareWidget) and i.role == "share" and i.network == "mastodon")
    assert toot.shared_url == "https://www.example.org/"

    team = [i for i in items if isinstance(i, TeamPage)]
    assert len(team) == 1 and any(signal.startswith("profile:") for signal in team[0].signals)
    members = [(member.name, member.role, member.has_photo) for member in team[0].members]
    assert members == [("Alice Martin", "Coordination", True), ("Bruno Petit", "Numérique", False)]
    assert team[0].members[1].links == ["https://mastodon.social/@bruno"]

    platform_items = _findings(spider, "https://www.example.org/participer/", PLATFORM_PAGE)
    platforms = [i for i in platform_items if isinstance(i, ContributionPlatform)]
    assert len(platforms) == 1 and platforms[0].platform == "decidim" and "profile:hint" in platforms[0].signals

    for item in items + platform_items:
        assert item.key and item.site == "example.org" and item.depth == 1
        assert list(validator_for(item.kind).iter_errors(ItemAdapter(item).asdict())) == [], item
    assert len({item.key for item in items}) == len(items)  # a finding the extractors also made is reported once


# --------------------------------------------------------------------------------------------------- a real crawl


def test_the_hamon_profile_crawls_the_local_replica_into_mongodb(
    hamon_site: LocalSite, mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    crawl = run_crawl(
        "hamon2017", f"url={hamon_site.url}", "max_pages=40",
        mongo_uri=mongo_uri, database=mongo_db.name, settings=OFFLINE, tmp_path=tmp_path,
    )  # fmt: skip
    counts = {kind: mongo_db[collection].count_documents({}) for kind, collection in COLLECTION_BY_KIND.items()}
    assert counts["call_to_action"] and counts["share_widget"], f"{counts}\n{crawl.log[-3000:]}"

    team = mongo_db.team_pages.find_one({"page_url": {"$regex": "presentation-de-l-equipe-de-campagne/$"}})
    assert team is not None and "profile:hint" in team["signals"], crawl.log[-3000:]
    assert {"name": "Mathieu Hanotin", "role": "Directeur de campagne"}.items() <= team["members"][0].items()
    council = mongo_db.contribution_platforms.find_one({"platform_url": f"{hamon_site.url}conseil-citoyen/"})
    assert council is not None and council["platform"] == "custom" and "profile:hint" in council["signals"]

    runs = list(mongo_db.runs.find())
    assert len(runs) == 1, crawl.log[-3000:]
    assert runs[0]["spider"] == "hamon2017" and runs[0]["site"] == hamon_site.url.split("/")[2]
    assert runs[0]["arguments"] == {"url": hamon_site.url, "max_pages": "40"}
    assert runs[0]["status"] == "finished", runs[0]["stats"]
    assert runs[0]["stats"]["inbound/pages/audited"] >= 10
    audit = mongo_db.site_audits.find_one({"run_id": runs[0]["_id"]})
    assert audit is not None and audit["site_name"] == "Benoît Hamon 2017 (Parti socialiste)"  # the profile's title


def test_profile_selectors_read_the_page_tree_the_extractors_read() -> None:
    """The profile's selectors, team members and titles come from the page's one parse (``response_tree``), never
    from Scrapy's ``response.selector``, which would parse every page of a profile crawl a second time."""
    spider = _spider(SelectorsDemoSpider)
    for url, body in (
        ("https://www.example.org/l-equipe/", TEAM_PAGE),
        ("https://www.example.org/participer/", PLATFORM_PAGE),
    ):
        response = HtmlResponse(url, body=body.encode(), encoding="utf-8", request=Request(url, meta={"depth": 1}))
        items = [item for item in spider.parse(response) if isinstance(item, InboundItem)]
        assert items
        assert response._cached_selector is None, f"{url} parsed again by Scrapy's selector"
