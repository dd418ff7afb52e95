"""Platform lookups: a video's length and a platform's counts, asked of (local stand-ins for) the platforms."""

from __future__ import annotations

import json
from pathlib import Path

from pymongo.database import Database

from inbound_spiders.embedded import free_port
from inbound_spiders.localsite import LocalSite
from tests.conftest import run_crawl

SITE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Videos</title>
<meta name="generator" content="Discourse 3.2.0 - https://github.com/discourse/discourse version 1234">
</head><body><main>
<h1>Our videos</h1>
<iframe title="Why we campaign" src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560" height="315"></iframe>
<iframe src="https://www.dailymotion.com/embed/video/x5abcd1" width="480" height="270"></iframe>
<p>Join the discussion on our forum: latest topics, categories, users. The minister said so
<a href="https://www.youtube.com/watch?v=Lnk0nlyAbcd">on television</a>.</p>
</main></body></html>"""


def write_site_and_platforms(root: Path) -> tuple[Path, Path]:
    """Under ``root``: a site whose page names videos without their length and a forum without its counts
    (``site/``), and the stand-ins of the platforms that know them (``platforms/``)."""
    site_folder, platform_folder = root / "site", root / "platforms"
    site_folder.mkdir()
    (site_folder / "index.html").write_text(SITE_PAGE)
    (site_folder / "about.json").write_text(
        json.dumps({"about": {"stats": {"user_count": 340, "post_count": 2210, "like_count": 5120}}})
    )
    _platforms(platform_folder)
    return site_folder, platform_folder


def lookup_settings(platforms_url: str) -> dict[str, str]:
    """Look-ups on, asking the stand-in platforms served at ``platforms_url``."""
    urls = {"youtube": f"{platforms_url}youtube/watch?v=", "dailymotion": f"{platforms_url}dailymotion/"}
    return {
        "INBOUND_VIDEO_LOOKUP_ENABLED": "True",
        "INBOUND_PLATFORM_API_ENABLED": "True",
        "INBOUND_VIDEO_LOOKUP_URLS": json.dumps(urls),
    }


def _platforms(folder: Path) -> None:
    (folder / "youtube").mkdir(parents=True)
    (folder / "youtube" / "watch").write_text(
        '<html><script>var ytInitialPlayerResponse = {"videoDetails": {"videoId": "dQw4w9WgXcQ", '
        '"lengthSeconds": "212"}};</script></html>'
    )
    (folder / "dailymotion").mkdir()
    (folder / "dailymotion" / "x5abcd1").write_text(json.dumps({"duration": 3012}))
    (folder / "index.html").write_text("platform stand-ins")


def test_lengths_come_from_the_platforms_when_the_page_is_silent(
    mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    site_folder, platform_folder = write_site_and_platforms(tmp_path)
    with LocalSite(site_folder) as site, LocalSite(platform_folder) as platforms:
        crawl = run_crawl(
            "audit", f"url={site.url}", mongo_uri=mongo_uri, database=mongo_db.name, tmp_path=tmp_path,
            settings=lookup_settings(platforms.url),
        )  # fmt: skip
    lengths = {
        (doc["platform"], doc["presentation"]): (doc["duration_seconds"], doc["duration_source"])
        for doc in mongo_db.videos.find()
    }
    assert lengths == {
        ("youtube", "player"): (212, "platform_api"),
        ("dailymotion", "player"): (3012, "platform_api"),
        ("youtube", "link"): (None, None),  # a citation link: not looked up
    }, crawl.log[-3000:]
    forum = mongo_db.contribution_platforms.find_one({"platform": "discourse"})
    assert forum is not None, crawl.log[-3000:]
    assert (forum["participants"], forum["contributions"], forum["votes"]) == (340, 2210, 5120)
    assert forum["counts_source"] == "platform_api"


def test_a_failed_lookup_keeps_the_video_with_unknown_length(
    mongo_uri: str, mongo_db: Database, tmp_path: Path
) -> None:
    site_folder = tmp_path / "site"
    site_folder.mkdir()
    (site_folder / "index.html").write_text(SITE_PAGE)
    closed = f"http://127.0.0.1:{free_port()}/"
    with LocalSite(site_folder) as site:
        crawl = run_crawl(
            "audit", f"url={site.url}", mongo_uri=mongo_uri, database=mongo_db.name, tmp_path=tmp_path,
            settings={
                "INBOUND_VIDEO_LOOKUP_ENABLED": "True",
                "INBOUND_VIDEO_LOOKUP_URLS": json.dumps({"youtube": closed, "dailymotion": closed}),
                "RETRY_TIMES": "0",
            },
        )  # fmt: skip
    videos = list(mongo_db.videos.find())
    assert len(videos) == 3, crawl.log[-3000:]
    assert all(video["duration_seconds"] is None and video["duration_source"] is None for video in videos)
    assert "[lookup] video:youtube:dQw4w9WgXcQ failed" in crawl.log
