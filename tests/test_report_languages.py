"""``inbound-report table`` and ``inbound-summary`` in the language asked (the HTML report's languages are checked in
``tests/test_report.py``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pymongo.database import Database

from inbound_spiders.knowledge.words import LANGUAGES
from inbound_spiders.report import main
from inbound_spiders.report.words import Words
from inbound_spiders.summary import kind_highlights, summarize
from inbound_spiders.summary import main as summary_main
from tests.test_report import _cli, two_sites  # noqa: F401 - two_sites: the fixture


def test_table_in_the_language_asked(
    two_sites: Database,  # noqa: F811
    mongo_uri: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(_cli(two_sites, mongo_uri, "table", "--lang", "de"))
    header = capsys.readouterr().out.splitlines()[0].split()
    assert header[0] == "Website" and header[-3:] == ["Gesamt", "Sprache", "Lauf"]
    main(_cli(two_sites, mongo_uri, "table", "--lang", "fr"))
    assert capsys.readouterr().out.splitlines()[0].split()[:3] == ["Site", "Info", "Partic"]


@pytest.fixture
def stored_site(two_sites: Database) -> Database:  # noqa: F811
    """weak.example with a run and a donate button on every page, besides its audits."""
    two_sites.runs.insert_one(
        {"_id": "run-2", "site": "weak.example", "started_at": datetime(2017, 2, 27, tzinfo=UTC), "status": "failed",
         "finish_reason": "shutdown", "stats": {"inbound/pages/audited": 12, "item_scraped_count": 40}}
    )  # fmt: skip
    two_sites.calls_to_action.insert_one(
        {"_id": "cta", "site": "weak.example", "action": "donate", "label": "Faire un don", "page_count": 12}
    )
    two_sites.share_widgets.insert_one({"_id": "share", "site": "weak.example", "role": "share", "network": "facebook"})
    return two_sites


@pytest.mark.parametrize("language", LANGUAGES)
def test_summary_in_each_language(stored_site: Database, language: str) -> None:
    words = Words(language)
    text = summarize(stored_site, "weak.example", words)
    lines = text.splitlines()
    assert lines[0] == words.summary("findings_for", site="weak.example")
    assert f"{words.summary_word('kinds', 'call_to_action')}" in lines[1] and lines[1].endswith(
        f" 1 {words.summary('document')}"
    )
    assert lines[2] == "      " + words.summary("actions", list=f"{words.value('donate')} ×1")
    share = f"      {words.summary_word('roles', 'share')}{words.text('colon')} {words.value('facebook')} ×1"
    assert share in lines, text  # "partage : Facebook ×1" in French
    assert not any(line.rstrip().endswith(":") for line in lines[1:]), text  # no empty "platforms: " line
    assert words.summary("site_wide", n=3, list=f"{words.value('donate')} “Faire un don”") in text
    video_check = {"id": "video_length", "title_en": "Video length"}
    assert f"✗ {words.check_title(video_check)}: " in text  # the failed checks, titled in the language
    assert lines[-1] == words.summary(
        "last_run", run="run-2", status=f"{words.summary_word('statuses', 'failed')} (shutdown)", pages=12, items=40
    )
    unknown = summarize(stored_site, "nowhere.example", words)
    assert unknown == words.summary("unknown_site", site="'nowhere.example'", sites="weak.example")


def test_summary_is_english_by_default_with_the_kinds_ids(stored_site: Database) -> None:
    text = summarize(stored_site, "weak.example")
    assert text.startswith("Findings stored for weak.example:")
    assert "  call_to_action             1 document\n" in text and "Is it inbound? Overall score" in text
    assert "  video                      0 documents\n" in text and "platforms:" not in text
    assert text.splitlines()[-1] == "Last run run-2: failed (shutdown), 12 pages audited, 40 items"
    with pytest.raises(SystemExit) as raised:
        summary_main(["--lang", "xx"])
    assert raised.value.code == 2


def test_a_team_page_is_summarised_with_its_presentation_in_words() -> None:
    team = {"page_url": "https://weak.example/team/", "presentation": "organigramme", "members": [{"has_photo": True}]}
    for language, presentation in (("en", "organisation chart"), ("fr", "organigramme"), ("de", "Organigramm")):
        line = kind_highlights("team_page", [team], Words(language))[0]
        assert f": {presentation}, " in line.replace("\xa0:", ":"), line
    grid = kind_highlights("team_page", [{**team, "presentation": "grid"}], Words("fr"))[0]
    assert "grille" in grid and "grid" not in grid.replace("weak", ""), grid
