"""The comparison table (text) and the self-contained HTML report: Jinja2 templates (``templates/``, autoescaped)
filled with figures already written for people in one language (:mod:`inbound_spiders.report.words`); inline CSS
and SVG, no script."""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from inbound_spiders.audit.builder import CATEGORIES, CATEGORY_IDS
from inbound_spiders.audit.checks import FAIL, PASS, UNKNOWN
from inbound_spiders.capture import capture_reference, replay_link
from inbound_spiders.first_screen import VIEWPORTS
from inbound_spiders.report.data import SOURCE_NAMES, SiteHistory, as_datetime, check_advice, described_at
from inbound_spiders.report.svg import gauge, grouped_bar_chart, line_chart, score_colour
from inbound_spiders.report.words import PARTIAL, Part, Words, check_result, report_language

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


def comparison_table(histories: list[SiteHistory], language: str | None = None) -> str:
    """One row per site (its latest audit), one column per category, then the overall score, the site's language and
    the run; headed in ``language`` (``--lang``), else the language most of the sites are in, else English."""
    words = Words(report_language(language, (history.language for history in histories)))
    if not histories:
        return words.text("no_sites")
    headers = [words.table(column) for column in ("site", *CATEGORY_IDS, "overall", "language", "run")]
    rows = [
        [
            _as_of_label(history, history.site, words) if history.as_of else history.site,
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


#: Outline colour of each kind of call to action on the first screen (others: :data:`OTHER_CTA_COLOUR`).
CTA_COLOURS = {
    "newsletter": "#1565c0",
    "donate": "#c62828",
    "volunteer": "#2e7d32",
    "petition": "#ef6c00",
    "event": "#6a1b9a",
    "contact": "#00838f",
    "social_follow": "#ad1457",
}
OTHER_CTA_COLOUR = "#37474f"
#: Width in CSS pixels the report shows each first screen at (at most), and the height of its labels there.
SHOWN_WIDTHS = {"desktop": 560, "mobile": 240}
#: The card's: both pictures this many CSS pixels high beside what to fix first, as wide as their viewports make them.
CARD_SHOWN_HEIGHT = 280
CARD_SHOWN_WIDTHS = {name: round(width * CARD_SHOWN_HEIGHT / height) for name, (width, height) in VIEWPORTS.items()}
SHOWN_LABEL_PX = 11
#: Pictures the report embeds: what the crawl stores, and nothing else a database could hold.
PICTURE_TYPES = frozenset({"image/jpeg", "image/webp"})


def _outline_view(cta: Mapping[str, Any], words: Words) -> dict[str, Any] | None:
    """One call to action outlined on a first screen: its box and its kind in the report's language (placed by
    :func:`_place_labels`)."""
    box = cta.get("box")
    if not isinstance(box, list) or len(box) != 4 or not all(isinstance(value, int | float) for value in box):
        return None
    left, top, box_width, box_height = (round(float(value), 1) for value in box)
    action = str(cta.get("action") or "")
    return {
        "action": action,
        "kind": words.value(action),
        "label": str(cta.get("label") or ""),
        "x": left,
        "y": top,
        "width": box_width,
        "height": box_height,
        "colour": CTA_COLOURS.get(action, OTHER_CTA_COLOUR),
    }


def _place_labels(outlines: list[dict[str, Any]], width: int, height: int, size: float) -> None:
    """Where each outline's label goes (``text_x``, ``text_y``: its baseline): above its box, else below it, else
    inside its top, the first place no label already placed covers; never past the screen's edges."""
    placed: list[tuple[float, float, float, float]] = []
    for outline in outlines:
        text_width = 0.6 * size * len(outline["kind"])
        x = max(0.0, min(outline["x"], width - text_width))
        baselines = [outline["y"] - 0.3 * size, outline["y"] + outline["height"] + size, outline["y"] + 1.1 * size]
        fitting = [baseline for baseline in baselines if size <= baseline <= height]
        areas = [(x, baseline - size, x + text_width, baseline) for baseline in fitting or baselines[-1:]]
        free = [area for area in areas if not any(_overlap(area, other) for other in placed)]
        chosen = (free or areas)[0]
        placed.append(chosen)
        outline["text_x"], outline["text_y"] = round(chosen[0], 1), round(chosen[3], 1)


def _overlap(one: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def _first_screen_view(
    history: SiteHistory,
    document: Mapping[str, Any] | None,
    words: Words,
    shown_widths: Mapping[str, int] = SHOWN_WIDTHS,
) -> dict[str, Any]:
    """The start page's first screen at each viewport with its calls to action outlined (labels sized for the
    pictures shown ``shown_widths`` wide), or why there is none."""
    if history.source != "live":
        return {"views": [], "missing": words.text("first_screen_archived"), "command": None}
    views = []
    for name in VIEWPORTS:
        view = ((document or {}).get("views") or {}).get(name)
        if not isinstance(view, Mapping) or view.get("media_type") not in PICTURE_TYPES:
            continue
        picture, width, height = view.get("image"), view.get("width"), view.get("height")
        if not isinstance(picture, bytes) or not picture or not isinstance(width, int) or not isinstance(height, int):
            continue
        label_size = round(SHOWN_LABEL_PX * width / shown_widths[name], 1)
        outlines = [_outline_view(cta, words) for cta in view.get("ctas") or []]
        shown = [outline for outline in outlines if outline is not None]
        _place_labels(shown, width, height, label_size)
        views.append(
            {
                "name": name,
                "title": words.text(f"first_screen_{name}", width=words.number(width), height=words.number(height)),
                "count": words.plural("first_screen_ctas", len(shown)),
                "width": width,
                "height": height,
                "shown_width": shown_widths[name],
                "label_size": label_size,
                "stroke": round(label_size / 5, 1),
                "src": f"data:{view['media_type']};base64,{base64.b64encode(picture).decode('ascii')}",
                "ctas": shown,
            }
        )
    if views:
        return {"views": views, "missing": None, "command": None}
    start = history.latest.get("start_url") or f"https://{history.site}/"
    return {
        "views": [],
        "missing": words.text("first_screen_missing"),
        "command": f"scrapy crawl audit -a url={start} -a render=always",
    }


def _scorecard_view(
    history: SiteHistory, label: str, words: Words, first_screen: Mapping[str, Any] | None = None
) -> dict[str, Any]:
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
        "first_screen": _first_screen_view(history, first_screen, words),
    }


def _run_id(history: SiteHistory) -> str:
    return str(history.latest.get("_id") or history.latest.get("run_id"))


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


def render_html(
    histories: list[SiteHistory],
    *,
    generated_at: str,
    language: str | None = None,
    first_screens: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The whole report as one HTML page that needs nothing but itself to be viewed, in one language: ``language``
    (``--lang``), else the language most of its sites are in, else English (:func:`report_language`).
    ``first_screens``: the pictures of the latest audits' start pages, by run id
    (:func:`~inbound_spiders.report.data.load_first_screens`), embedded in the page."""
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
        scorecards=[
            _scorecard_view(history, labels[history.key], words, (first_screens or {}).get(_run_id(history)))
            for history in histories
        ],
    )


#: Checks a scorecard card lists under "to fix first" (failed, then partial), at most.
CARD_CHECKS = 10


def render_card(
    history: SiteHistory,
    *,
    language: str | None = None,
    first_screens: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """One site's scorecard as a page for a slide (``inbound-report card``): its name, scores, key figures, the
    checks to fix first and, beside them, the start page's first screen when its latest audit pictured one (in
    ``first_screens``, as for :func:`render_html`), in ``language``, else the site's, else English."""
    words = Words(report_language(language, [history.language]))
    card = _scorecard_view(history, site_labels([history], words)[history.key], words)
    first_screen = (first_screens or {}).get(_run_id(history))
    card["first_screen"] = _first_screen_view(history, first_screen, words, CARD_SHOWN_WIDTHS)
    to_fix = [check for check in card["checks"] if check["result"] in (FAIL, PARTIAL)][:CARD_CHECKS]
    return _TEMPLATES.get_template("card.html.j2").render(
        words=words, language=words.language, card=card, to_fix=to_fix
    )
