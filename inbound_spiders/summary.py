"""A readable per-kind summary of what a crawl stored: ``inbound-summary [--site SITE] [--lang LANG]``.

One language per summary: ``--lang`` (fr, en, de, es, it, nl, pt), English by default (the crawl's console check;
its English kinds are the kinds' ids, which scripts read). The words are in ``inbound_spiders/report/words.json``
(``summary``), the checks' titles and advice with the audit's.
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from pymongo.database import Database

from inbound_spiders.audit.advice import DEFAULT_ADVICE_LANGUAGE
from inbound_spiders.config import project_config
from inbound_spiders.knowledge.words import LANGUAGES
from inbound_spiders.report.data import check_advice
from inbound_spiders.report.words import Words
from inbound_spiders.store import COLLECTION_BY_KIND, REJECTS, RUNS, SITE_AUDITS, MongoStore

#: A finding seen on at least this many pages of a run is reported as site-wide.
SITE_WIDE_MIN_PAGES = 3
ENGLISH = Words(DEFAULT_ADVICE_LANGUAGE)


def _shown(count: int | None) -> str:
    return "?" if count is None else str(count)


def _counter_line(counter: Counter[str], words: Words) -> str:
    return ", ".join(f"{words.value(name)} ×{count}" for name, count in counter.most_common())


def kind_highlights(kind: str, documents: list[dict[str, Any]], words: Words = ENGLISH) -> list[str]:
    """A few human lines about the documents of one kind, in the language of ``words``."""
    if kind == "call_to_action":
        site_wide = sorted(
            {
                f"{words.value(d['action'])} “{d['label']}”"
                for d in documents
                if d.get("page_count", 1) >= SITE_WIDE_MIN_PAGES
            }
        )
        lines = [words.summary("actions", list=_counter_line(Counter(d["action"] for d in documents), words))]
        lines = lines if documents else []  # no "actions: " line without a call to action
        if site_wide:
            lines.append(words.summary("site_wide", n=SITE_WIDE_MIN_PAGES, list="; ".join(site_wide[:6])))
        return lines
    if kind == "share_widget":
        return [
            f"{words.summary_word('roles', role)}{words.text('colon')} "
            + _counter_line(Counter(d["network"] for d in documents if d["role"] == role), words)
            for role in ("share", "follow", "feed")
            if any(d["role"] == role for d in documents)
        ]
    if kind == "video":
        known = sorted((d for d in documents if d.get("duration_seconds")), key=lambda d: -d["duration_seconds"])
        lines = [words.summary("platforms", list=_counter_line(Counter(d["platform"] for d in documents), words))]
        lines = lines if documents else []
        if known:
            longest = known[0]
            lines.append(
                words.summary(
                    "longest",
                    duration=words.duration(longest["duration_seconds"]),
                    title=longest.get("title") or longest["url"],
                )
            )
        return lines
    if kind == "team_page":
        lines = []
        for document in documents:
            members = document.get("members", [])
            lines.append(
                words.summary(
                    "team",
                    url=document["page_url"],
                    presentation=words.value(str(document["presentation"])),
                    members=len(members),
                    photos=sum(1 for member in members if member.get("has_photo")),
                    bios=sum(1 for member in members if member.get("bio_length")),
                )
            )
        return lines
    if kind == "contribution_platform":
        return [
            words.summary(
                "platform",
                platform=d["platform"],
                url=d["platform_url"],
                **{name: _shown(d.get(name)) for name in ("participants", "contributions", "votes")},
            )
            for d in documents
        ]
    return []


def scorecard_lines(db: Database, site: str | None, words: Words = ENGLISH) -> list[str]:
    """The latest site audit of ``site``: scores per category, then each failed check with its advice."""
    if site is None:
        return []
    audit = next(iter(db[SITE_AUDITS].find({"site": site}).sort("audited_at", -1).limit(1)), None)
    if audit is None:
        return [words.summary("no_audit")]
    scores = ", ".join(
        f"{words.category(category)} {'–' if value.get('score') is None else round(value['score'])}"
        for category, value in audit["categories"].items()
    )
    overall = audit.get("overall_score")
    lines = [words.summary("overall", score="–" if overall is None else round(overall), scores=scores)]
    for check in audit["checks"].values():
        if check["result"] == "fail":
            evidence = f" [{check['evidence'][0]}]" if check["evidence"] else ""
            advice = check_advice(check, words.language)[0]
            lines.append(f"  ✗ {words.check_title(check)}: {advice}{evidence}")
    summary = audit.get("summary", {})
    lines.append(
        "  "
        + words.summary(
            "checks", passed=summary.get("pass", 0), failed=summary.get("fail", 0), unknown=summary.get("unknown", 0)
        )
    )
    return lines


def stored_sites(db: Database) -> list[str]:
    """The sites with a run in the store, sorted."""
    return sorted(str(site) for site in db[RUNS].distinct("site") if site)


def unknown_site_text(db: Database, site: str, words: Words = ENGLISH) -> str | None:
    """What to say when nothing at all is stored for ``site`` (a typo, a site never crawled); ``None`` otherwise."""
    if db[RUNS].find_one({"site": site}, {"_id": 1}) is not None:
        return None
    if any(db[collection].find_one({"site": site}, {"_id": 1}) for collection in COLLECTION_BY_KIND.values()):
        return None
    known = ", ".join(stored_sites(db)) or words.summary("none_yet")
    return words.summary("unknown_site", site=repr(site), sites=known)


def summarize(db: Database, site: str | None = None, words: Words = ENGLISH) -> str:
    """The summary text for ``site`` (every site when ``None``); :func:`unknown_site_text` for a site never stored."""
    unknown = unknown_site_text(db, site, words) if site else None
    return unknown or stored_summary(db, site, words)


def _status(words: Words, status: Any, reason: Any) -> str:
    """``failed (shutdown)``: the status in words, the reason (as the crawl gave it) when it says more."""
    shown = words.summary_word("statuses", str(status))
    return f"{shown} ({reason})" if reason and reason != status else shown


def stored_summary(db: Database, site: str | None, words: Words = ENGLISH) -> str:
    """What is stored for ``site`` (every site when ``None``): per kind, rejects, scorecard, last run."""
    query = {"site": site} if site else {}

    def counted(count: int) -> str:
        return f"{count:>5} {words.summary('document' if words.singular(count) else 'documents')}"

    lines = [words.summary("findings_for", site=site or words.summary("all_sites"))]
    for kind, collection in COLLECTION_BY_KIND.items():
        documents = list(db[collection].find(query))
        lines.append(f"  {words.summary_word('kinds', kind):<22} {counted(len(documents))}")
        lines.extend(f"      {line}" for line in kind_highlights(kind, documents, words))
    rejects = db[REJECTS].count_documents(query)
    lines.append(f"  {words.summary_word('kinds', 'rejects'):<22} {counted(rejects)} {words.summary('rejects_note')}")
    lines.extend(scorecard_lines(db, site, words))
    last_run = next(iter(db[RUNS].find(query).sort("started_at", -1).limit(1)), None)
    listed = (last_run or {}).get("sites") or []
    entry = next((entry for entry in listed if entry.get("site") == site), None)
    if last_run and entry:
        # A list of sites: this site's own line of the list's run.
        lines.append(
            words.summary(
                "last_run_list",
                run=entry["run_id"],
                list=last_run["_id"],
                total=last_run.get("sites_total"),
                status=_status(words, entry.get("status"), entry.get("reason")),
                pages=entry.get("pages", 0),
                findings=entry.get("findings", 0),
            )
        )
    elif last_run:
        stats = last_run.get("stats", {})
        # The finish reason only when it says more than the status: "failed (shutdown)", not "finished (finished)".
        lines.append(
            words.summary(
                "last_run",
                run=last_run["_id"],
                status=_status(words, last_run.get("status"), last_run.get("finish_reason")),
                pages=stats.get("inbound/pages/audited", 0),
                items=stats.get("item_scraped_count", 0),
            )
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", help="only this site (e.g. benoithamon2017.fr or 127.0.0.1:8017)")
    parser.add_argument("--uri", help="MongoDB URI (default: INBOUND_MONGO_URI, else the embedded store)")
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_ADVICE_LANGUAGE, help="language (default: en)")
    args = parser.parse_args(argv)
    words = Words(args.lang)
    with MongoStore(project_config(mongo_uri=args.uri)) as store:
        unknown = unknown_site_text(store.db, args.site, words) if args.site else None
        print(unknown or stored_summary(store.db, args.site, words))
    if unknown:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
