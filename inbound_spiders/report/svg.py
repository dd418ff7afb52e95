"""Inline SVG charts for the HTML report: no script, no external resource, every text escaped."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape

#: Colours of the sites, in order (colour-blind friendly, Okabe–Ito).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def score_colour(score: float | None) -> str:
    """Lighthouse's bands: red below 50, orange below 90, green from 90; grey when unknown."""
    if score is None:
        return "#9e9e9e"
    if score < 50:
        return "#c62828"
    if score < 90:
        return "#ef6c00"
    return "#2e7d32"


def _text(x: float, y: float, text: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def gauge(score: float | None, *, size: int = 96, label: str = "") -> str:
    """A ring filled in proportion to a 0–100 score, the score in its middle (``–`` when unknown)."""
    radius = size / 2 - 8
    circumference = 2 * 3.14159265 * radius
    filled = 0 if score is None else circumference * max(0.0, min(100.0, score)) / 100
    centre = size / 2
    shown = "–" if score is None else f"{score:.0f}"
    return (
        f'<svg class="gauge" role="img" aria-label="{escape(label or "score")} {escape(shown)}" width="{size}" '
        f'height="{size}" viewBox="0 0 {size} {size}">'
        f'<circle cx="{centre}" cy="{centre}" r="{radius:.1f}" fill="none" stroke="#e0e0e0" stroke-width="8"/>'
        f'<circle cx="{centre}" cy="{centre}" r="{radius:.1f}" fill="none" stroke="{score_colour(score)}" '
        f'stroke-width="8" stroke-dasharray="{filled:.1f} {circumference:.1f}" '
        f'transform="rotate(-90 {centre} {centre})"/>'
        + _text(centre, centre + 7, shown, text_anchor="middle", font_size=f"{size // 4}", font_weight="bold")
        + "</svg>"
    )


#: The bar chart's group labels: 11 px text slanted this many degrees, starting this far under the plot.
LABEL_SLANT = 30
LABEL_GAP = 14
#: A generous average advance of an 11 px sans-serif character (most are 5–7 px): room is made before drawing.
LABEL_CHAR_WIDTH = 6.5
#: Room for the legend's row at the bottom of a chart (its 10 px squares and 11 px text, and a gap above).
LEGEND_ROW = 26


def label_reach(label: str) -> tuple[float, float]:
    """How far a slanted group label extends left of and below its anchor, in px (its estimated length's
    projections)."""
    length = len(label) * LABEL_CHAR_WIDTH
    angle = math.radians(LABEL_SLANT)
    return length * math.cos(angle), length * math.sin(angle)


def grouped_bar_chart(
    groups: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, title: str, height: int = 300
) -> str:
    """Bars of 0–100 scores: one group per category, one bar per site; an unknown score is a hatched stub. The group
    labels are slanted under the bars; the chart grows (``height`` is its least) below and to the left as far as its
    longest label reaches (:func:`label_reach`), so that no label runs into the legend or off the chart."""
    top, right = 30, 10
    plot_height = height - top - 110
    group_width = max(60, 24 * max(1, len(series)) + 20)
    reach_left, reach_down = label_reach(max(groups, key=len, default=""))
    # Under the plot: the label's gap, its slant, its descent, then the legend's row (see legend(y=height - 10)).
    bottom = max(110, math.ceil(LABEL_GAP + reach_down + 4 + LEGEND_ROW))
    height = top + plot_height + bottom
    # The first label, anchored at its group's middle, extends left of it.
    left = max(40, math.ceil(reach_left + 4 - 10 - (group_width - 20) / 2))
    width = left + right + group_width * max(1, len(groups))
    bar_width = (group_width - 20) / max(1, len(series))
    parts = [
        f'<svg class="chart bar-chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        '<defs><pattern id="unknown-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#9e9e9e" stroke-width="2"/>'
        "</pattern></defs>",
        _text(left, 18, title, font_weight="bold", font_size="14"),
    ]
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_height * (1 - tick / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#eeeeee"/>')
        parts.append(_text(left - 6, y + 4, str(tick), text_anchor="end", font_size="10"))
    for group_index, group in enumerate(groups):
        x0 = left + group_index * group_width + 10
        for series_index, (name, values) in enumerate(series):
            value = values[group_index] if group_index < len(values) else None
            x = x0 + series_index * bar_width
            if value is None:
                parts.append(
                    f'<rect class="bar unknown" x="{x:.1f}" y="{top + plot_height - 6:.1f}" '
                    f'width="{bar_width - 2:.1f}" height="6" fill="url(#unknown-hatch)">'
                    f"<title>{escape(name)} — {escape(group)}: ?</title></rect>"
                )
                continue
            bar_height = plot_height * max(0.0, min(100.0, value)) / 100
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{top + plot_height - bar_height:.1f}" width="{bar_width - 2:.1f}" '
                f'height="{bar_height:.1f}" fill="{colour(series_index)}"><title>{escape(name)} — {escape(group)}: '
                f"{value:.0f}</title></rect>"
            )
        label_x, label_y = x0 + (group_width - 20) / 2, top + plot_height + LABEL_GAP
        parts.append(
            _text(
                label_x,
                label_y,
                group,
                text_anchor="end",
                font_size="11",
                transform=f"rotate(-{LABEL_SLANT} {label_x:.1f} {label_y:.1f})",
            )
        )
    parts.append(legend(series_names=[name for name, _ in series], x=left, y=height - 10))
    parts.append("</svg>")
    return "".join(parts)


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at least ``value``: an axis top."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


#: Characters of a series name shown in a legend entry (entries are 180 px apart).
LEGEND_MAX_CHARS = 28


def legend(*, series_names: Sequence[str], x: float, y: float) -> str:
    parts = []
    for index, name in enumerate(series_names):
        offset = x + index * 180
        shown = name if len(name) <= LEGEND_MAX_CHARS else name[: LEGEND_MAX_CHARS - 1].rstrip() + "…"
        parts.append(f'<rect x="{offset:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{colour(index)}"/>')
        parts.append(_text(offset + 14, y, shown, font_size="11"))
    return "".join(parts)


def line_chart(
    series: Sequence[tuple[str, Sequence[tuple[datetime | None, float | None]]]],
    *,
    title: str,
    y_max: float | None = None,
    width: int = 640,
    height: int = 260,
    date_label: Callable[[datetime], str] | None = None,
) -> str:
    """One line per site over time (the audits' dates); a single audit is a dot. ``y_max`` fixes the scale
    (100 for scores), else it fits the data. ``date_label`` writes a date (default ``2017-02-20 10:00``)."""
    shown_date = date_label or (lambda when: f"{when:%Y-%m-%d %H:%M}")
    left, right, top, bottom = 56, 16, 30, 48
    known = [(when, value) for _, points in series for when, value in points if when is not None and value is not None]
    parts = [
        f'<svg class="chart line-chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        _text(left, 18, title, font_weight="bold", font_size="14"),
    ]
    plot_width, plot_height = width - left - right, height - top - bottom
    top_value = y_max if y_max is not None else nice_ceiling(max([value for _, value in known] + [1.0]) * 1.05)
    times = [when.timestamp() for when, _ in known]
    start, end = (min(times), max(times)) if times else (0.0, 1.0)
    span = end - start

    def x_of(when: datetime) -> float:
        return left + (plot_width / 2 if span <= 0 else plot_width * (when.timestamp() - start) / span)

    def y_of(value: float) -> float:
        return top + plot_height * (1 - value / top_value) if top_value else top + plot_height

    for step in range(5):
        tick = top_value * step / 4
        y = y_of(tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#eeeeee"/>')
        parts.append(_text(left - 6, y + 4, f"{tick:.0f}", text_anchor="end", font_size="10"))
    if not known:
        parts.append(_text(left + plot_width / 2, top + plot_height / 2, "—", text_anchor="middle"))
    else:
        first, last = min(when for when, _ in known), max(when for when, _ in known)
        parts.append(_text(left, height - 28, shown_date(first), font_size="10"))
        if span > 0:
            parts.append(_text(width - right, height - 28, shown_date(last), font_size="10", text_anchor="end"))
    for index, (name, points) in enumerate(series):
        drawn = [(x_of(when), y_of(value)) for when, value in points if when is not None and value is not None]
        if len(drawn) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in drawn)
            parts.append(
                f'<polyline class="line" points="{path}" fill="none" stroke="{colour(index)}" stroke-width="2"/>'
            )
        for (x, y), (when, value) in zip(
            drawn, [(w, v) for w, v in points if w is not None and v is not None], strict=True
        ):
            parts.append(
                f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour(index)}"><title>{escape(name)} '
                f"{escape(shown_date(when))}: {value:.0f}</title></circle>"
            )
    parts.append(legend(series_names=[name for name, _ in series], x=left, y=height - 8))
    parts.append("</svg>")
    return "".join(parts)
