"""The comparison table (text) and the self-contained HTML report (inline CSS and SVG, no script, all text escaped)."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from inbound_spiders.audit.advice import DEFAULT_ADVICE_LANGUAGE, advice_language
from inbound_spiders.audit.builder import CATEGORIES, CATEGORY_IDS
from inbound_spiders.capture import capture_reference, replay_link
from inbound_spiders.report.data import SiteHistory, check_advice
from inbound_spiders.report.svg import gauge, grouped_bar_chart, line_chart, score_colour

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


#: Order of the checks in a scorecard: what to fix first, then what could not be measured, then what is fine.
RESULT_ORDER = {"fail": 0, "unknown": 1, "pass": 2}


def site_labels(histories: list[SiteHistory]) -> dict[str, str]:
    """What to call each site in the report, by :attr:`SiteHistory.key`: its name when known (with its host when
    another site has the same name, as two local copies of one site would), else its host (``127.0.0.1:8017``,
    ``example.org``); an archived site says as of when (``Benoît Hamon 2017 as of 20 Feb 2017 (Wayback Machine)``)."""
    shared = Counter(name for name, _ in {(history.name, history.site) for history in histories if history.name})
    labels = {}
    for history in histories:
        if not history.name:
            label = history.site
        elif shared[history.name] > 1:
            label = f"{history.name} ({history.site})"
        else:
            label = history.name
        labels[history.key] = f"{label} {history.as_of}" if history.as_of else label
    return labels


def ordered_checks(checks: dict[str, Any]) -> list[dict[str, Any]]:
    """The checks failed first, then unknown, then passed; in the audit's order within each group."""
    return sorted(checks.values(), key=lambda check: RESULT_ORDER.get(str(check.get("result")), 1))


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


CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#212121;background:#fafafa}
header{background:#263238;color:#fff;padding:16px 32px}header h1{margin:0;font-size:22px}
main{padding:16px 32px;max-width:1200px}section{margin-bottom:32px}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;
vertical-align:top;font-size:13px}th{background:#f5f5f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
.score{font-weight:bold}.chart{background:#fff;border:1px solid #e0e0e0;margin:8px 8px 8px 0}
.scorecard{background:#fff;border:1px solid #e0e0e0;border-radius:8px;padding:16px;margin:24px 0}
.scorecard h2{margin-top:0}.overview{display:flex;gap:24px;align-items:center;flex-wrap:wrap}
.categories{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:8px;flex:1}
.category{display:flex;align-items:center;gap:8px;font-size:13px}.bar-track{flex:1;background:#eee;height:10px;
border-radius:5px;overflow:hidden}.bar-fill{height:10px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:bold;color:#fff}
.badge.pass{background:#2e7d32}.badge.fail{background:#c62828}.badge.unknown{background:#757575}
.advice{margin:2px 0}.advice .lang{font-weight:bold;color:#546e7a;margin-right:4px}
.evidence{margin:2px 0;padding-left:16px;font-size:12px}.details{font-size:12px;color:#455a64}
.tag{display:inline-block;background:#eceff1;border-radius:4px;padding:0 4px;margin:1px;font-size:11px}
.metrics{font-size:13px}.muted{color:#757575}.host{font-weight:normal;font-size:0.8em;white-space:nowrap}
"""


def _link(url: Any) -> str:
    text = escape(str(url))
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return f'<a href="{text}" rel="nofollow noopener noreferrer">{text}</a>'
    return text


def _detail_value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(escape(str(item)) for item in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{escape(str(key))}: {escape(str(item))}" for key, item in value.items()) or "—"
    return escape("—" if value is None else str(value))


def _advice(check: dict[str, Any], language: str) -> str:
    """The check's advice in ``language``, then in English when that is another language."""
    paragraphs = []
    for asked in dict.fromkeys((language, DEFAULT_ADVICE_LANGUAGE)):
        text, shown = check_advice(check, asked)
        if shown == asked:
            paragraphs.append(
                f'<p class="advice" lang="{escape(shown)}"><span class="lang">{escape(shown.upper())}</span>'
                f"{escape(text)}</p>"
            )
    return "".join(dict.fromkeys(paragraphs))


def _evidence(url: Any, capture: str | None) -> str:
    """An evidence URL, and its page in the audit's WACZ (``capture``) when the crawl kept one."""
    if not capture or not isinstance(url, str):
        return f"<li>{_link(url)}</li>"
    replay = escape(replay_link(capture_reference(capture, url)))
    return f'<li>{_link(url)} <a class="capture" href="{replay}" rel="nofollow noopener noreferrer">capture</a></li>'


def _check_row(check: dict[str, Any], language: str = "fr", capture: str | None = None) -> str:
    """One check of a scorecard, its advice in ``language`` (and English); ``capture``: the audit's WACZ."""
    result = str(check.get("result", "unknown"))
    result_class = result if result in ("pass", "fail", "unknown") else "unknown"
    urls = list(check.get("evidence") or [])
    evidence = f'<ul class="evidence">{"".join(_evidence(url, capture) for url in urls[:3])}</ul>'
    if len(urls) > 3:
        more = "".join(_evidence(url, capture) for url in urls[3:])
        evidence += f'<details><summary>+{len(urls) - 3}</summary><ul class="evidence">{more}</ul></details>'
    details = "; ".join(
        f"{escape(str(key))}: {_detail_value(value)}" for key, value in (check.get("details") or {}).items()
    )
    categories = "".join(
        f'<span class="tag">{escape(str(category))}</span>' for category in check.get("categories", [])
    )
    score = check.get("score")
    # Checks are titled in French and English: the site's language first when it is one of them.
    titles = ("title_fr", "title_en") if language == "fr" else ("title_en", "title_fr")
    return (
        f'<tr class="check {escape(result_class)}" data-check="{escape(str(check.get("id")))}">'
        f'<td><span class="badge {escape(result_class)}">{escape(result)}</span></td>'
        f"<td><strong>{escape(str(check.get(titles[0])))}</strong><br>"
        f'<span class="muted">{escape(str(check.get(titles[1])))}</span><br>{categories}'
        f'<span class="tag">weight {escape(str(check.get("weight")))}</span></td>'
        f'<td class="num">{"–" if score is None else f"{100 * float(score):.0f}"}</td>'
        f'<td>{_advice(check, language)}<div class="details">{details}</div></td>'
        f"<td>{evidence}</td></tr>"
    )


def _percent(share: float | None) -> int | None:
    return None if share is None else round(100 * share)


def _metrics(audit: dict[str, Any]) -> str:
    metrics = audit.get("metrics") or {}
    shown = {
        "Pages audited / pages auditées": metrics.get("pages_audited"),
        "Participants": metrics.get("participants"),
        "Contributions": metrics.get("contributions"),
        "Votes": metrics.get("votes"),
        "Longest video (s) / vidéo la plus longue (s)": metrics.get("longest_video_seconds"),
        "Team members / membres de l'équipe": metrics.get("team_members"),
        "Team with photo / avec photo (%)": _percent(metrics.get("team_photo_share")),
        "Team with bio / avec bio (%)": _percent(metrics.get("team_bio_share")),
    }
    items = "".join(
        f"<li>{escape(name)}: <strong>{_detail_value(value)}</strong></li>" for name, value in shown.items()
    )
    return f'<ul class="metrics">{items}</ul>'


def _site_heading(history: SiteHistory, label: str) -> str:
    host = f' <span class="muted host">{escape(history.site)}</span>' if history.site not in label else ""
    return f'<span class="site-name">{escape(label)}</span>{host}'


def scorecard(history: SiteHistory, label: str | None = None, language: str | None = None) -> str:
    """One site's scorecard: overall gauge, category bars, every check (failed first) with badge, advice and
    evidence. ``label``: what to call the site (default: its host). The advice is in ``language``, else in the
    site's language when the audit speaks it, else in English; and in English too."""
    label = label or history.site
    language = advice_language(language, history.language)
    audit = history.latest
    categories = []
    for category in CATEGORIES:
        score = _category_score(audit, category.id)
        width = 0 if score is None else max(0.0, min(100.0, score))
        categories.append(
            f'<div class="category" data-category="{escape(category.id)}">'
            f'<span style="width:150px">{escape(category.title_fr)} / {escape(category.title_en)}</span>'
            f'<span class="bar-track"><span class="bar-fill" style="display:block;width:{width:.0f}%;'
            f'background:{score_colour(score)}"></span></span><span class="score">{_score(score)}</span></div>'
        )
    checks = audit.get("checks") or {}
    rows = "".join(_check_row(check, language, audit.get("capture")) for check in ordered_checks(checks))
    summary = audit.get("summary") or {}
    start_url = audit.get("start_url")
    return (
        f'<section class="scorecard" data-site="{escape(history.site)}" data-advice-language="{escape(language)}">'
        f"<h2>{_site_heading(history, label)}</h2>"
        f'<p class="muted">Run {escape(str(audit.get("run_id")))} ({escape(str(audit.get("finish_reason")))}) · '
        f"{escape(str(audit.get('audited_at')))} · "
        f"{_link(start_url) if start_url else ''} · {escape(str(summary.get('pass', 0)))} pass, "
        f"{escape(str(summary.get('fail', 0)))} fail, {escape(str(summary.get('unknown', 0)))} unknown</p>"
        f'<div class="overview">{gauge(audit.get("overall_score"), size=110, label=label)}'
        f'<div class="categories">{"".join(categories)}</div>{_metrics(audit)}</div>'
        '<table class="checks"><thead><tr><th>Result</th><th>Check / Contrôle</th><th>Score</th>'
        "<th>Advice / Conseil</th><th>Evidence / Preuves</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def comparison_html(histories: list[SiteHistory]) -> str:
    head = "".join(f"<th>{escape(category.title_en)}</th>" for category in CATEGORIES)
    labels = site_labels(histories)
    rows = []
    for history in histories:
        cells = "".join(
            f'<td class="num" style="color:{score_colour(_category_score(history.latest, category))}">'
            f"{_score(_category_score(history.latest, category))}</td>"
            for category in CATEGORY_IDS
        )
        overall = history.latest.get("overall_score")
        rows.append(
            f'<tr data-site="{escape(history.site)}"><td><a href="#site-{escape(history.key)}">'
            f"{_site_heading(history, labels[history.key])}</a></td>{cells}"
            f'<td class="num score" style="color:{score_colour(overall)}">{_score(overall)}</td>'
            f"<td>{len(history.audits)}</td></tr>"
        )
    return (
        f'<table class="comparison"><thead><tr><th>Site</th>{head}<th>Overall</th><th>Audits</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render_html(histories: list[SiteHistory], *, generated_at: str, language: str | None = None) -> str:
    """The whole report as one HTML page that needs nothing but itself to be viewed. The advice is in ``language``
    (``--lang``), else in each site's language when the audit speaks it, else in English."""
    labels = site_labels(histories)
    bar_chart = grouped_bar_chart(
        [category.title_en for category in CATEGORIES],
        [
            (labels[history.key], [_category_score(history.latest, category) for category in CATEGORY_IDS])
            for history in histories
        ],
        title="Scores by category (latest audit of each site)",
    )
    score_history = line_chart(
        [(labels[history.key], history.points("overall_score")) for history in histories],
        title="Overall score per run",
        y_max=100,
    )
    participants_history = line_chart(
        [(labels[history.key], history.points("participants")) for history in histories],
        title="Participants per run",
    )
    scorecards = "".join(
        f'<div id="site-{escape(history.key)}">{scorecard(history, labels[history.key], language)}</div>'
        for history in histories
    )
    return (
        f'<!DOCTYPE html><html lang="{escape(language or "fr")}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">'
        "<title>Is this site inbound? — audit report</title>"
        f"<style>{CSS}</style></head><body>"
        "<header><h1>Is this site inbound? · Ce site est-il inbound ?</h1>"
        f"<p>{len(histories)} site(s) · generated {escape(generated_at)}</p></header><main>"
        f'<section id="comparison"><h2>Comparison / Comparaison</h2>{comparison_html(histories)}'
        f'<div class="charts">{bar_chart}</div></section>'
        f'<section id="history"><h2>History / Historique</h2><div class="charts">{score_history}'
        f"{participants_history}</div></section>"
        f'<section id="scorecards"><h2>Scorecards</h2>{scorecards}</section>'
        "</main></body></html>"
    )
