"""The comparison table (text) and the self-contained HTML report: Jinja2 templates (``templates/``, autoescaped)
filled with figures already written for people in one language (:mod:`inbound_spiders.report.words`); inline CSS
and SVG, no script."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from inbound_spiders.audit.builder import CATEGORIES, CATEGORY_IDS
from inbound_spiders.audit.checks import FAIL, PASS, UNKNOWN
from inbound_spiders.capture import capture_reference, replay_link
from inbound_spiders.report.data import SOURCE_NAMES, SiteHistory, as_datetime, check_advice, described_at
from inbound_spiders.report.svg import gauge, grouped_bar_chart, line_chart, score_colour
from inbound_spiders.report.words import PARTIAL, Part, Words, check_result, report_language

SHORT_NAMES = {
    "information": "Info",
    "participation": "Partic",
    "networking": "Netw",
    "campaigning": "Campg",
    "resource_generation": "Resrc",
    "attract": "Attract",
    "convert": "Convert",
    "engage": "Engage",
}


#: Order of the checks in a scorecard: what to fix first, then what to improve, then what could not be measured, then
#: what is fine.
RESULT_ORDER = {FAIL: 0, PARTIAL: 1, UNKNOWN: 2, PASS: 3}


def site_labels(histories: list[SiteHistory], words: Words | None = None) -> dict[str, str]:
    """What to call each site in the report, by :attr:`SiteHistory.key`: its name when known (with its host when
    another site has the same name, as two local copies of one site would), else its host (``127.0.0.1:8017``,
    ``example.org``); an archived site says as of when (``Benoît Hamon 2017 as of 20 Feb 2017 (Wayback Machine)``,
    in the language of ``words`` when given: ``Benoît Hamon 2017 au 20 février 2017 (Wayback Machine)``)."""
    shared = Counter(name for name, _ in {(history.name, history.site) for history in histories if history.name})
    labels = {}
    for history in histories:
        if not history.name:
            label = history.site
        elif shared[history.name] > 1:
            label = f"{history.name} ({history.site})"
        else:
            label = history.name
        if words and history.as_of:
            labels[history.key] = _as_of_label(history, label, words)
        else:
            labels[history.key] = f"{label} {history.as_of}" if history.as_of else label
    return labels


def ordered_checks(checks: dict[str, Any]) -> list[dict[str, Any]]:
    """The checks failed first, then partial, then unknown, then passed; in the audit's order within each group."""
    return sorted(checks.values(), key=lambda check: RESULT_ORDER[check_result(check)])


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _category_score(audit: dict[str, Any], category: str) -> float | None:
    return (audit.get("categories", {}).get(category) or {}).get("score")


def comparison_table(histories: list[SiteHistory]) -> str:
    """One row per site (its latest audit), one column per category, then the overall score, the site's language and
    the run."""
    headers = ["Site", *(SHORT_NAMES[category] for category in CATEGORY_IDS), "Overall", "Lang", "Run"]
    rows = [
        [
            f"{history.site} {history.as_of}" if history.as_of else history.site,
            *(_score(_category_score(history.latest, category)) for category in CATEGORY_IDS),
            _score(history.latest.get("overall_score")),
            history.language or "–",
            str(history.latest.get("run_id")),
        ]
        for history in histories
    ]
    widths = [max(len(row[index]) for row in [headers, *rows]) for index in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.ljust(width) if index in (0, len(cells) - 1) else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    if not rows:
        return "No site audit stored yet: run a crawl (scrapy crawl audit -a url=...) first."
    return "\n".join([line(headers), line(["-" * width for width in widths]), *(line(row) for row in rows)])


#: The HTML report's templates (``templates/``, shipped as package data), HTML escaped unless marked safe.
_TEMPLATES = Environment(
    loader=PackageLoader("inbound_spiders.report", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=StrictUndefined,
)


def _link(url: Any) -> Part:
    """Evidence as a link when it is an ``http(s)`` URL, else as text (a ``javascript:`` URL never becomes a link)."""
    text = str(url)
    return Part(text, text if text.startswith(("http://", "https://")) else None)


def _date(words: Words, value: Any) -> str:
    when = as_datetime(value)
    return "" if when == datetime.min else words.date(when)


def _as_of_label(history: SiteHistory, label: str, words: Words) -> str:
    source = SOURCE_NAMES.get(history.source, history.source)
    return f"{label} {words.text('as_of', date=_date(words, described_at(history.latest)))} ({source})"


def _evidence(url: Any, capture: str | None, words: Words) -> dict[str, Part | None]:
    """An evidence URL, and its page in the audit's WACZ (``capture``) when the crawl kept one."""
    archived = None
    if capture and isinstance(url, str):
        archived = Part(words.text("capture"), replay_link(capture_reference(capture, url)))
    return {"page": _link(url), "capture": archived}


def _check_view(check: dict[str, Any], words: Words, capture: str | None = None) -> dict[str, Any]:
    """One check for people; ``capture``: the audit's WACZ, whose copy of each evidence page is linked."""
    advice, advice_language = check_advice(check, words.language)
    score = check.get("score")
    return {
        "id": str(check.get("id")),
        "result": check_result(check),
        "result_text": words.result(check_result(check)),
        "title": words.check_title(check),
        "categories": [words.category(str(category)) for category in check.get("categories", [])],
        "weight": words.text("weight", n=words.number(float(check.get("weight") or 0), 1)),
        "score": "–" if score is None else words.number(round(100 * float(score))),
        "advice": advice,
        "advice_language": advice_language,
        "evidence": [_evidence(url, capture, words) for url in check.get("evidence") or []],
        "details": words.details(check.get("details") or {}),
    }


def _metrics_view(audit: dict[str, Any], words: Words) -> list[tuple[str, str]]:
    """The run's key figures for people, leaving out those not measured."""
    metrics = audit.get("metrics") or {}
    formats = {
        "pages_audited": ("pages_audited", words.number),
        "participants": ("participants", words.number),
        "contributions": ("contributions", words.number),
        "votes": ("votes", words.number),
        "longest_video_seconds": ("longest_video", words.duration),
        "team_members": ("team_members", words.number),
        "team_photo_share": ("team_photo", lambda share: words.percent(100 * share)),
        "team_bio_share": ("team_bio", lambda share: words.percent(100 * share)),
    }
    return [
        (words.metric(label), shown(metrics[key]))
        for key, (label, shown) in formats.items()
        if isinstance(metrics.get(key), int | float)
    ]


def _scorecard_view(history: SiteHistory, label: str, words: Words) -> dict[str, Any]:
    audit = history.latest
    checks = [_check_view(check, words, audit.get("capture")) for check in ordered_checks(audit.get("checks") or {})]
    categories = []
    for category in CATEGORIES:
        score = _category_score(audit, category.id)
        categories.append(
            {
                "id": category.id,
                "title": words.category(category.id),
                "score": _score(score),
                "width": 0 if score is None else round(max(0.0, min(100.0, score))),
                "colour": score_colour(score),
            }
        )
    counts = Counter(check["result"] for check in checks)
    start_url = audit.get("start_url")
    return {
        "key": history.key,
        "site": history.site,
        "label": label,
        "gauge": Markup(gauge(audit.get("overall_score"), size=110, label=label)),
        "audited_on": words.text("audited_on", date=_date(words, described_at(audit))),
        "start": _link(start_url) if start_url else None,
        "counts": [
            (result, words.result(result), words.number(counts[result]))
            for result in (PASS, PARTIAL, FAIL, UNKNOWN)
            if counts[result]
        ],
        "categories": categories,
        "metrics": _metrics_view(audit, words),
        "checks": checks,
    }


def _history_view(histories: list[SiteHistory], labels: dict[str, str], words: Words) -> dict[str, Any]:
    """Charts of the sites audited twice or more; one sentence for each site audited once."""
    charted = [history for history in histories if len(history.audits) > 1]
    charts = []
    if charted:
        for metric, title, y_max in (
            ("overall_score", "overall_per_run", 100),
            ("participants", "participants_per_run", None),
        ):
            charts.append(
                Markup(
                    line_chart(
                        [(labels[history.key], history.points(metric)) for history in charted],
                        title=words.text(title),
                        y_max=y_max,
                        date_label=words.date,
                    )
                )
            )
    firsts = [
        words.text("first_audit", site=labels[history.key], date=_date(words, described_at(history.latest)))
        for history in histories
        if len(history.audits) == 1
    ]
    return {"charts": charts, "firsts": firsts}


def render_html(histories: list[SiteHistory], *, generated_at: str, language: str | None = None) -> str:
    """The whole report as one HTML page that needs nothing but itself to be viewed, in one language: ``language``
    (``--lang``), else the language most of its sites are in, else English (:func:`report_language`)."""
    words = Words(report_language(language, (history.language for history in histories)))
    labels = site_labels(histories, words)
    bar_chart = grouped_bar_chart(
        [words.category(category) for category in CATEGORY_IDS],
        [
            (labels[history.key], [_category_score(history.latest, category) for category in CATEGORY_IDS])
            for history in histories
        ],
        title=words.text("scores_by_category"),
    )
    comparison = [
        {
            "key": history.key,
            "site": history.site,
            "label": labels[history.key],
            "scores": [
                (
                    _score(_category_score(history.latest, category)),
                    score_colour(_category_score(history.latest, category)),
                )
                for category in CATEGORY_IDS
            ],
            "overall": (_score(history.latest.get("overall_score")), score_colour(history.latest.get("overall_score"))),
            "audits": words.number(len(history.audits)),
        }
        for history in histories
    ]
    return _TEMPLATES.get_template("report.html.j2").render(
        words=words,
        language=words.language,
        generated=_date(words, generated_at),
        sites_count=words.plural("sites", len(histories)),
        categories=[words.category(category) for category in CATEGORY_IDS],
        comparison=comparison,
        bar_chart=Markup(bar_chart) if histories else None,
        history=_history_view(histories, labels, words),
        scorecards=[_scorecard_view(history, labels[history.key], words) for history in histories],
    )
