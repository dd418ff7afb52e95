"""Accuracy on real saved pages with hand labels, through the public interface.

Each page of a labelled corpus (``../shared/corpus`` by default: ``pages/<id>.html``, ``labels.json``,
``manifest.json``, rubric in its ``README.md``) is served on loopback and audited by the real command::

    scrapy crawl audit -a url=http://127.0.0.1:PORT/<id>.html -a max_pages=1 -O <id>.jsonl

then the feed is scored against the labels: precision, recall and F1 per kind (share networks, widget vendors,
follow links, feeds, videos, stated durations, each CTA kind, team listings, participation counts), per language,
with each page's misses listed. Items a label marks ``ambiguous`` count neither way. A script, not a test: the corpus
is not part of the project.

    .venv/bin/python -m benchmarks.accuracy                      # whole corpus, figures to benchmarks/results/
    .venv/bin/python -m benchmarks.accuracy --only de- --misses  # German pages, each miss printed
    .venv/bin/python -m benchmarks.accuracy --reuse              # score the feeds of the last run again
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus"
RESULTS = PROJECT / "benchmarks" / "results"
WORK = PROJECT / "var" / "accuracy"

CTA_KINDS = ("newsletter", "donate", "volunteer", "contact", "download", "petition")
#: The project's CTA actions as the rubric names them (an app store link is a download there).
CTA_ACTION_TO_LABEL = {kind: kind for kind in CTA_KINDS} | {"app_download": "download"}
FEED_NETWORK_TO_LABEL = {"twitter": "twitter_timeline", "facebook": "facebook_page"}
#: Two video lengths are the same when they differ by at most this (labels round fractional seconds).
DURATION_TOLERANCE_SECONDS = 1


def normalise_name(name: str) -> str:
    """Vendor and network names compared without case or separator differences (``share-on-diaspora``)."""
    return name.strip().lower().replace("-", "_").replace(" ", "_")


# --- serving and crawling ---------------------------------------------------------------------------------------


class _CorpusHandler(BaseHTTPRequestHandler):
    pages: Path

    def do_GET(self) -> None:
        path = self.pages / self.path.lstrip("/").split("?", 1)[0]
        if self.path.endswith(".html") and path.is_file() and path.parent == self.pages:
            body = path.read_bytes()
            self.send_response(200)
            # As saved: no charset declared by the server, the page's own <meta> decides (some mix encodings).
            self.send_header("Content-Type", "text/html")
        else:
            body = b"not found"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(pages: Path) -> ThreadingHTTPServer:
    handler = type("Handler", (_CorpusHandler,), {"pages": pages.resolve()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def crawl_page(page_id: str, base_url: str, out_dir: Path, extra: list[str]) -> tuple[str, float, int]:
    feed = out_dir / f"{page_id}.jsonl"
    log = out_dir / f"{page_id}.log"
    feed.unlink(missing_ok=True)
    command = [
        str(Path(sys.executable).parent / "scrapy"),
        "crawl",
        "audit",
        "-a",
        f"url={base_url}{page_id}.html",
        "-a",
        "max_pages=1",
        "-O",
        str(feed),
        "-s",
        f"LOG_FILE={log}",
        *extra,
    ]
    started = time.perf_counter()
    env = os.environ | {"PYTHONPATH": str(PROJECT)}
    done = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
    return page_id, time.perf_counter() - started, done.returncode


def read_feed(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            items.append(json.loads(line))
    return items


# --- what a feed says, in the rubric's terms ----------------------------------------------------------------------


@dataclass
class Prediction:
    share_networks: set[str] = field(default_factory=set)
    share_widget_vendors: set[str] = field(default_factory=set)
    follow_networks: set[str] = field(default_factory=set)
    social_feeds: set[str] = field(default_factory=set)
    videos: dict[tuple[str, str], int | None] = field(default_factory=dict)
    ctas: set[str] = field(default_factory=set)
    team_members: int | None = None
    participation: dict[str, int] = field(default_factory=dict)


def predict(items: Iterable[dict[str, Any]]) -> Prediction:
    prediction = Prediction()
    best_counts: dict[str, int] = {}
    for item in items:
        kind = item.get("kind")
        if kind == "share_widget":
            network, role = normalise_name(item.get("network") or ""), item.get("role")
            if item.get("vendor"):
                prediction.share_widget_vendors.add(normalise_name(item["vendor"]))
            if network == "multiple" or not network:
                continue
            if role == "share":
                prediction.share_networks.add(network)
            elif role == "follow":
                prediction.follow_networks.add(network)
            elif role == "feed" and network in FEED_NETWORK_TO_LABEL:
                prediction.social_feeds.add(FEED_NETWORK_TO_LABEL[network])
        elif kind == "video":
            if item.get("presentation") == "link":
                continue  # a citation link, not a video the page presents
            key = (normalise_name(item.get("platform") or ""), str(item.get("video_id") or item.get("url") or ""))
            duration = item.get("duration_seconds")
            if prediction.videos.get(key) is None:
                prediction.videos[key] = duration
        elif kind == "call_to_action":
            label = CTA_ACTION_TO_LABEL.get(item.get("action") or "")
            if label:
                prediction.ctas.add(label)
        elif kind == "team_page":
            members = len(item.get("members") or [])
            if members and (prediction.team_members is None or members > prediction.team_members):
                prediction.team_members = members
        elif kind == "contribution_platform":
            counts = {name: item[name] for name in ("participants", "contributions", "votes") if item.get(name)}
            if len(counts) > len(best_counts):
                best_counts = counts
    prediction.participation = best_counts
    return prediction


# --- scoring ------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def figures(self) -> dict[str, float | int | None]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f1 = None
        if precision is not None and recall is not None:
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        elif self.tp + self.fp + self.fn == 0:
            f1 = None
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": precision, "recall": recall, "f1": f1}


def score_sets(gold: set[str], predicted: set[str], ambiguous: set[str]) -> tuple[Tally, list[str]]:
    gold, predicted = gold - ambiguous, predicted - ambiguous
    misses = [f"missed {name}" for name in sorted(gold - predicted)]
    misses += [f"wrong {name}" for name in sorted(predicted - gold)]
    return Tally(len(gold & predicted), len(predicted - gold), len(gold - predicted)), misses


def score_page(label: dict[str, Any], prediction: Prediction) -> tuple[dict[str, Tally], list[str]]:
    ambiguous = label.get("ambiguous") or {}
    tallies: dict[str, Tally] = {}
    misses: list[str] = []

    for kind in ("share_networks", "share_widget_vendors", "follow_networks", "social_feeds"):
        gold = {normalise_name(name) for name in label[kind]}
        doubtful = {normalise_name(name) for name in ambiguous.get(kind, [])}
        tallies[kind], kind_misses = score_sets(gold, getattr(prediction, kind), doubtful)
        misses += [f"{kind}: {miss}" for miss in kind_misses]

    gold_videos = {(normalise_name(video["platform"]), str(video["id"])): video for video in label["videos"]}
    doubtful_videos = {(normalise_name(platform), str(video_id)) for platform, video_id in ambiguous.get("videos", [])}
    tallies["videos"], video_misses = score_sets(
        {f"{p}:{i}" for p, i in gold_videos},
        {f"{p}:{i}" for p, i in prediction.videos},
        {f"{p}:{i}" for p, i in doubtful_videos},
    )
    misses += [f"videos: {miss}" for miss in video_misses]
    durations = Tally()
    for key, video in gold_videos.items():
        if video.get("duration_seconds") is None or key in doubtful_videos:
            continue
        found = prediction.videos.get(key)
        if found is not None and abs(found - video["duration_seconds"]) <= DURATION_TOLERANCE_SECONDS:
            durations.tp += 1
        else:
            durations.fn += 1
            misses.append(f"durations: {key[0]}:{key[1]} {video['duration_seconds']} s, found {found}")
    tallies["video_durations"] = durations

    doubtful_ctas = set(ambiguous.get("ctas", []))
    cta_total = Tally()
    for kind in CTA_KINDS:
        gold_set = {kind} if label["ctas"].get(kind) else set()
        predicted_set = {kind} if kind in prediction.ctas else set()
        tally, kind_misses = score_sets(gold_set, predicted_set, doubtful_ctas)
        tallies[f"cta:{kind}"] = tally
        cta_total.add(tally)
        misses += [f"ctas: {miss}" for miss in kind_misses]
    tallies["ctas"] = cta_total

    team, team_doubtful = label["team_members"], bool(ambiguous.get("team"))
    team_tally = Tally()
    if team is not None and prediction.team_members is not None:
        team_tally.tp = 1
    elif team is not None and not team_doubtful:
        team_tally.fn = 1
        misses.append(f"team: missed a listing of {team}")
    elif team is None and prediction.team_members is not None and not team_doubtful:
        team_tally.fp = 1
        misses.append(f"team: wrong listing of {prediction.team_members}")
    if team is not None and prediction.team_members is not None and prediction.team_members != team:
        misses.append(f"team: {prediction.team_members} members found of {team}")
    tallies["team"] = team_tally

    tallies["participation"], participation_misses = score_participation(label, prediction)
    misses += [f"participation: {miss}" for miss in participation_misses]
    return tallies, misses


def score_participation(label: dict[str, Any], prediction: Prediction) -> tuple[Tally, list[str]]:
    """Each count the page states is a positive; a predicted count is right when it equals the stated one or the
    label's alternative. Where the label doubts the presence of counts, a miss is no error."""
    gold = label["participation_counts"] or {}
    doubtful = (label.get("ambiguous") or {}).get("participation")
    alternatives = doubtful if isinstance(doubtful, dict) else {}
    tally, misses = Tally(), []
    for name in ("participants", "contributions", "votes"):
        stated, found = gold.get(name), prediction.participation.get(name)
        accepted = {value for value in (stated, alternatives.get(name)) if value is not None}
        if found is not None and found in accepted:
            tally.tp += 1
        elif found is not None and (stated is not None or doubtful is not True):
            tally.fp += 1
            misses.append(f"wrong {name} {found} (stated {stated})")
        if stated is not None and found not in accepted and doubtful is not True:
            tally.fn += 1
            misses.append(f"missed {name} {stated}")
    return tally, misses


# --- the run ------------------------------------------------------------------------------------------------------


def scored_pages(
    labels: dict[str, Any], manifest: dict[str, dict[str, Any]], feeds: Path
) -> Iterator[tuple[str, str, dict[str, Tally], list[str]]]:
    for page_id, label in labels.items():
        prediction = predict(read_feed(feeds / f"{page_id}.jsonl"))
        tallies, misses = score_page(label, prediction)
        yield page_id, manifest[page_id]["lang"], tallies, misses


def format_figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="labelled corpus folder")
    parser.add_argument("--only", action="append", default=[], help="page id prefix (repeatable): de-, en-scottish")
    parser.add_argument("--jobs", type=int, default=2, help="crawls at a time")
    parser.add_argument("--render", choices=("auto", "never", "always"), help="-a render= for every crawl")
    parser.add_argument("--reuse", action="store_true", help="score the feeds of the last run, crawl nothing")
    parser.add_argument("--misses", action="store_true", help="print each page's misses")
    parser.add_argument("--out", type=Path, default=RESULTS / "accuracy-latest.json")
    args = parser.parse_args(argv)

    labels: dict[str, Any] = json.loads((args.corpus / "labels.json").read_text(encoding="utf-8"))
    manifest = {entry["id"]: entry for entry in json.loads((args.corpus / "manifest.json").read_text("utf-8"))}
    if args.only:
        labels = {key: value for key, value in labels.items() if any(key.startswith(p) for p in args.only)}
    feeds = WORK / "feeds"
    feeds.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    if not args.reuse:
        extra = [
            # The feed is the interface measured; the store, platform look-ups (no network here) are not.
            "-s", "INBOUND_MONGO_ENABLED=False",
            "-s", "INBOUND_VIDEO_LOOKUP_ENABLED=False",
            "-s", "INBOUND_PLATFORM_API_ENABLED=False",
            "-s", "INBOUND_PROGRESS_INTERVAL=0",
        ]  # fmt: skip
        if args.render:
            extra += ["-a", f"render={args.render}"]
        server = serve(args.corpus / "pages")
        base_url = f"http://127.0.0.1:{server.server_address[1]}/"
        failures = []
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(crawl_page, page_id, base_url, feeds, extra) for page_id in labels]
            for done, future in enumerate(futures, 1):
                page_id, seconds, returncode = future.result()
                if returncode:
                    failures.append(page_id)
                print(f"[accuracy] {done}/{len(futures)} {page_id} {seconds:.1f} s rc={returncode}", file=sys.stderr)
        server.shutdown()
        if failures:
            print(f"[accuracy] crawls that failed: {', '.join(failures)} (logs in {feeds})", file=sys.stderr)

    by_kind: dict[str, Tally] = defaultdict(Tally)
    by_language: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    page_misses: dict[str, list[str]] = {}
    for page_id, language, tallies, misses in scored_pages(labels, manifest, feeds):
        for kind, tally in tallies.items():
            by_kind[kind].add(tally)
            by_language[language][kind].add(tally)
        if misses:
            page_misses[page_id] = misses

    figures = {
        "corpus": str(args.corpus),
        "pages": len(labels),
        "seconds": round(time.perf_counter() - started, 1),
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True
        ).stdout.strip(),
        "by_kind": {kind: tally.figures() for kind, tally in sorted(by_kind.items())},
        "by_language": {
            language: {kind: tally.figures() for kind, tally in sorted(kinds.items())}
            for language, kinds in sorted(by_language.items())
        },
        "misses": page_misses,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    if args.misses:
        for page_id, misses in page_misses.items():
            print(f"{page_id}:")
            for miss in misses:
                print(f"    {miss}")
    print(f"{'kind':<22} {'P':>5} {'R':>5} {'F1':>5}   tp  fp  fn")
    for kind, tally in sorted(by_kind.items()):
        values = tally.figures()
        print(
            f"{kind:<22} {format_figure(values['precision']):>5} {format_figure(values['recall']):>5} "
            f"{format_figure(values['f1']):>5} {tally.tp:>4} {tally.fp:>3} {tally.fn:>3}"
        )
    languages = sorted(by_language)
    print(
        "\nF1 per language: "
        + " ".join(f"{language}({sum(1 for p in labels if manifest[p]['lang'] == language)})" for language in languages)
    )
    for kind in ("ctas", "share_networks", "videos", "team", "participation"):
        row = " ".join(f"{format_figure(by_language[lang][kind].figures()['f1']):>6}" for lang in languages)
        print(f"{kind:<22} {row}")
    print(f"\nfigures: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
