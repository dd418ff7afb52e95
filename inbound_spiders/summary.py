"""A readable per-kind summary of what a crawl stored: ``inbound-summary [--site SITE]``."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from pymongo.database import Database

from inbound_spiders.config import project_config
from inbound_spiders.store import COLLECTION_BY_KIND, REJECTS, RUNS, SITE_AUDITS, MongoStore

#: A finding seen on at least this many pages of a run is reported as site-wide.
SITE_WIDE_MIN_PAGES = 3


def _format_duration(seconds: int | None) -> str:
    if seconds is None:
        return "unknown length"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds:02d} s"


def _shown(count: int | None) -> str:
    return "?" if count is None else str(count)


def _counter_line(counter: Counter[str]) -> str:
    return ", ".join(f"{name} ×{count}" for name, count in counter.most_common())


def kind_highlights(kind: str, documents: list[dict[str, Any]]) -> list[str]:
    """A few human lines about the documents of one kind."""
    if kind == "call_to_action":
        site_wide = sorted(
            {f"{d['action']} “{d['label']}”" for d in documents if d.get("page_count", 1) >= SITE_WIDE_MIN_PAGES}
        )
        lines = [f"actions: {_counter_line(Counter(d['action'] for d in documents))}"]
        if site_wide:
            lines.append(f"site-wide (on ≥{SITE_WIDE_MIN_PAGES} pages): {'; '.join(site_wide[:6])}")
        return lines
    if kind == "share_widget":
        return [
            f"{role}: {_counter_line(Counter(d['network'] for d in documents if d['role'] == role))}"
            for role in ("share", "follow", "feed")
            if any(d["role"] == role for d in documents)
        ]
    if kind == "video":
        known = sorted((d for d in documents if d.get("duration_seconds")), key=lambda d: -d["duration_seconds"])
        lines = [f"platforms: {_counter_line(Counter(d['platform'] for d in documents))}"]
        if known:
            longest = known[0]
            title = longest.get("title") or longest["url"]
            lines.append(f"longest: {_format_duration(longest['duration_seconds'])} — {title}")
        return lines
    if kind == "team_page":
        lines = []
        for document in documents:
            members = document.get("members", [])
            photos = sum(1 for member in members if member.get("has_photo"))
            bios = sum(1 for member in members if member.get("bio_length"))
            lines.append(
                f"{document['page_url']}: {document['presentation']}, {len(members)} members, "
                f"{photos} with photo, {bios} with bio"
            )
        return lines
    if kind == "contribution_platform":
        return [
            f"{d['platform']} at {d['platform_url']}: "
            + ", ".join(f"{_shown(d.get(name))} {name}" for name in ("participants", "contributions", "votes"))
            for d in documents
        ]
    return []


def scorecard_lines(db: Database, site: str | None) -> list[str]:
    """The latest site audit of ``site``: scores per category, then each failed check with its advice."""
    if site is None:
        return []
    audit = next(iter(db[SITE_AUDITS].find({"site": site}).sort("audited_at", -1).limit(1)), None)
    if audit is None:
        return ["Is it inbound? No site audit stored yet."]
    scores = ", ".join(
        f"{category} {'–' if value.get('score') is None else round(value['score'])}"
        for category, value in audit["categories"].items()
    )
    overall = audit.get("overall_score")
    lines = [f"Is it inbound? Overall score {'–' if overall is None else round(overall)}/100 ({scores})"]
    for check in audit["checks"].values():
        if check["result"] == "fail":
            evidence = f" [{check['evidence'][0]}]" if check["evidence"] else ""
            lines.append(f"  ✗ {check['title_en']}: {check['advice_en']}{evidence}")
    summary = audit.get("summary", {})
    lines.append(
        f"  checks: {summary.get('pass', 0)} pass, {summary.get('fail', 0)} fail, {summary.get('unknown', 0)} unknown"
    )
    return lines


def stored_sites(db: Database) -> list[str]:
    """The sites with a run in the store, sorted."""
    return sorted(str(site) for site in db[RUNS].distinct("site") if site)


def unknown_site_text(db: Database, site: str) -> str | None:
    """What to say when nothing at all is stored for ``site`` (a typo, a site never crawled); ``None`` otherwise."""
    if db[RUNS].find_one({"site": site}, {"_id": 1}) is not None:
        return None
    if any(db[collection].find_one({"site": site}, {"_id": 1}) for collection in COLLECTION_BY_KIND.values()):
        return None
    known = stored_sites(db)
    return f"Nothing stored for site {site!r}. Sites stored: {', '.join(known) if known else 'none yet'}."


def summarize(db: Database, site: str | None = None) -> str:
    """The summary text for ``site`` (every site when ``None``); :func:`unknown_site_text` for a site never stored."""
    unknown = unknown_site_text(db, site) if site else None
    return unknown or stored_summary(db, site)


def stored_summary(db: Database, site: str | None) -> str:
    """What is stored for ``site`` (every site when ``None``): per kind, rejects, scorecard, last run."""
    query = {"site": site} if site else {}
    lines = [f"Findings stored for {site or 'all sites'}:"]
    for kind, collection in COLLECTION_BY_KIND.items():
        documents = list(db[collection].find(query))
        lines.append(f"  {kind:<22} {len(documents):>5} documents")
        lines.extend(f"      {line}" for line in kind_highlights(kind, documents))
    rejects = db[REJECTS].count_documents(query)
    lines.append(f"  {'rejects':<22} {rejects:>5} documents (items that failed validation, kept with their errors)")
    lines.extend(scorecard_lines(db, site))
    last_run = next(iter(db[RUNS].find(query).sort("started_at", -1).limit(1)), None)
    listed = (last_run or {}).get("sites") or []
    entry = next((entry for entry in listed if entry.get("site") == site), None)
    if last_run and entry:
        # A list of sites: this site's own line of the list's run.
        lines.append(
            f"Last run {entry['run_id']} (of list {last_run['_id']}, {last_run.get('sites_total')} sites): "
            f"{entry.get('status')}{' (' + entry['reason'] + ')' if entry.get('reason') else ''}, "
            f"{entry.get('pages', 0)} pages audited, {entry.get('findings', 0)} findings"
        )
    elif last_run:
        stats = last_run.get("stats", {})
        status, reason = last_run.get("status"), last_run.get("finish_reason")
        # The finish reason only when it says more than the status: "failed (shutdown)", not "finished (finished)".
        lines.append(
            f"Last run {last_run['_id']}: {status}{f' ({reason})' if reason and reason != status else ''}, "
            f"{stats.get('inbound/pages/audited', 0)} pages audited, {stats.get('item_scraped_count', 0)} items"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", help="only this site (e.g. benoithamon2017.fr or 127.0.0.1:8017)")
    parser.add_argument("--uri", help="MongoDB URI (default: INBOUND_MONGO_URI, else the embedded store)")
    args = parser.parse_args(argv)
    with MongoStore(project_config(mongo_uri=args.uri)) as store:
        unknown = unknown_site_text(store.db, args.site) if args.site else None
        print(unknown or stored_summary(store.db, args.site))
    if unknown:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
