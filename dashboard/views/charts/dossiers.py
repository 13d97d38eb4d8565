"""Figures of the dossiers page: rates ranked by unit or sector against the target, monthly trends, the backlog.

Titles state the point, computed from the data ("5/15 xã, phường dưới chỉ tiêu nộp trực tuyến 50%"). A selected
unit is drawn among all units — ranked like the others, marked "►" and outlined — so a commune's leader sees where
the commune stands, not a chart of one bar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

import plotly.graph_objects as go

from base.formatting import NOT_REPORTED, vn_number, vn_percent
from dashboard.views import plot_theme
from dashboard.views.charts import plain, ranked_bars, trend

Measure = Literal["online", "late"]
MARK = "► "
# measure -> (what the rate is called in a title, axis label, higher is better)
MEASURES: dict[str, tuple[str, str, bool]] = {
    "online": ("nộp trực tuyến", "Tỷ lệ nộp trực tuyến (%)", True),
    "late": ("trễ hạn", "Tỷ lệ trễ hạn (%)", False),
}


def pct(value: float) -> str:
    """A target as people say it: '50%', '95%', '2,5%'."""
    return vn_percent(value, 0 if value == int(value) else 2)


def rate_title(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    measure: Measure,
    target: float | None,
    noun: str,
) -> str:
    """How many are on the wrong side of the target, and the worst one; or just the worst without a target."""
    rated = [(lbl, v) for lbl, v in zip(labels, values, strict=True) if v is not None]
    what, _axis, higher_is_better = MEASURES[measure]
    if not rated:
        return f"Chưa có số liệu tỷ lệ {what} theo {noun}"
    worst = (min if higher_is_better else max)(rated, key=lambda item: item[1])
    worst_text = f"{'Thấp' if higher_is_better else 'Cao'} nhất: {plain(worst[0])} ({vn_percent(worst[1])})"
    if target is None:
        return f"Tỷ lệ {what} theo {noun}<br>{worst_text}"
    wrong = sum((v < target) if higher_is_better else (v > target) for _, v in rated)
    side = "dưới chỉ tiêu" if higher_is_better else "vượt ngưỡng"
    if wrong == 0:
        return f"Cả {vn_number(len(rated))} {noun} đạt chỉ tiêu {what} {pct(target)}"
    return f"{vn_number(wrong)}/{vn_number(len(rated))} {noun} {side} {what} {pct(target)}<br>{worst_text}"


def mark(fig: go.Figure, label: str | None) -> go.Figure:
    """Outline the selected unit's bar and put '►' before its name (seen without colour)."""
    if label is None or not fig.data:
        return fig
    bar = fig.data[0]
    names = list(bar.y)
    if label not in names:
        return fig
    bar.y = [MARK + n if n == label else n for n in names]
    bar.marker.line = {"color": plot_theme.LIGHT_TEXT, "width": [3 if n == label else 0 for n in names]}
    return fig


def ranked_rates(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    measure: Measure,
    target: float | None,
    tolerance: float = 5.0,
    noun: str = "đơn vị",
    highlight: str | None = None,
    template: str = plot_theme.LIGHT,
    absent: Sequence[str] = (),
) -> go.Figure:
    """Ranked bars of a rate (worst at the top) coloured by status against the target, with its line."""
    _what, axis, higher_is_better = MEASURES[measure]
    shown = [plain(lbl) for lbl in labels]
    fig = ranked_bars(
        shown,
        values,
        title=rate_title(labels, values, measure=measure, target=target, noun=noun),
        value_label=axis,
        target=target,
        tolerance=tolerance,
        higher_is_better=higher_is_better,
        template=template,
        absent=[plain(lbl) for lbl in absent],
        absent_text=NOT_REPORTED,
    )
    if measure == "online":  # a share of all new dossiers: the whole scale, so short bars look short
        fig.update_xaxes(range=[0, 105])
    fig.update_layout(margin={"t": 100})
    lift_target_label(fig, target, values)
    return mark(fig, plain(highlight) if highlight else None)


def lift_target_label(fig: go.Figure, target: float | None, values: Sequence[float | None]) -> None:
    """Put the target line's label above the plot, on the side with room, so it never covers a bar."""
    if target is None or not fig.layout.annotations:
        return
    right = max([target, *(v for v in values if v is not None)])
    fig.layout.annotations[0].update(
        y=1.0, yref="paper", yanchor="bottom", xanchor="right" if target > 0.6 * right else "left"
    )


def overdue_bars(
    labels: Sequence[str],
    counts: Sequence[int | None],
    *,
    highlight: str | None = None,
    template: str = plot_theme.LIGHT,
) -> go.Figure:
    """The overdue backlog (pending past the deadline) by unit, the largest at the top; units with none left out."""
    rows = [(plain(lbl), c) for lbl, c in zip(labels, counts, strict=True) if c]
    total = sum(c for _, c in rows if c)
    if rows:
        name, most = max(rows, key=lambda r: r[1] or 0)
        title = (
            f"{vn_number(total)} hồ sơ đang giải quyết quá hạn ở {vn_number(len(rows))} đơn vị"
            f"<br>Nhiều nhất: {name} ({vn_number(most)} hồ sơ)"
        )
    else:
        title = "Không có hồ sơ đang giải quyết quá hạn"
    fig = ranked_bars(
        [r[0] for r in rows],
        [None if r[1] is None else float(r[1]) for r in rows],
        title=title,
        value_label="Số hồ sơ quá hạn",
        higher_is_better=False,
        suffix="",
        decimals=0,
        template=template,
    )
    fig.update_layout(margin={"t": 80})
    return mark(fig, plain(highlight) if highlight else None)


def trend_title(
    points: Sequence[tuple[date, float | None]], *, measure: Measure, target: float | None
) -> str:
    """First and last known month's rate, and how the last stands against the target."""
    what = MEASURES[measure][0]
    known = [(d, v) for d, v in points if v is not None]
    if not known:
        return f"Chưa có số liệu tỷ lệ {what} theo tháng"
    (d0, v0), (d1, v1) = known[0], known[-1]
    if len(known) == 1:
        head = f"Tỷ lệ {what} tháng {d1:%m/%Y}: {vn_percent(v1)}"
    else:
        head = f"Tỷ lệ {what}: {vn_percent(v0)} ({d0:%m/%Y}) → {vn_percent(v1)} ({d1:%m/%Y})"
    if target is None:
        return head
    higher_is_better = MEASURES[measure][2]
    ok = v1 >= target if higher_is_better else v1 <= target
    side = "đạt" if ok else ("dưới" if higher_is_better else "vượt")
    return f"{head}<br>Tháng gần nhất {side} chỉ tiêu {pct(target)}"


def rate_trend(
    points: Sequence[tuple[date, float | None]],
    *,
    measure: Measure,
    target: float | None,
    template: str = plot_theme.LIGHT,
) -> go.Figure:
    """A rate month by month (gaps where a month has no figures), with the target as a dashed line."""
    _what, axis, _better = MEASURES[measure]
    fig = trend(
        [d for d, _ in points],
        {axis.removesuffix(" (%)"): [v for _, v in points]},
        title=trend_title(points, measure=measure, target=target),
        value_label=axis,
        template=template,
    )
    if target is not None:
        fig.add_hline(y=target, line_dash="dash", annotation_text=f"Chỉ tiêu {pct(target)}")
    fig.update_traces(hovertemplate="%{x|%m/%Y}: %{y:.2f}%<extra></extra>")
    top = max([target or 0.0, *(v for _, v in points if v is not None)], default=0.0)
    fig.update_layout(yaxis={"range": [0, max(top * 1.1, 1.0)]}, showlegend=False, margin={"t": 80})
    fig.update_xaxes(dtick="M1" if len(points) <= 12 else None, hoverformat="%m/%Y")
    return fig


def page_figures(
    by_unit: Sequence[tuple[str, Mapping[str, float | int | None]]],
    by_sector: Sequence[tuple[str, Mapping[str, float | int | None]]],
    trend_points: Sequence[tuple[date, Mapping[str, float | int | None]]],
    goals: Mapping[Measure, tuple[float, float] | None],
    *,
    highlight: str | None,
    not_reported: Sequence[str] = (),
) -> dict[str, go.Figure]:
    """Every figure of the dossiers page, keyed '<measure>_<by>' plus 'trend_<measure>' and 'overdue'.

    `not_reported`: units that owed the period's report and sent none, listed in the unit charts as such.
    """
    figures: dict[str, go.Figure] = {}
    rates: tuple[tuple[Measure, str], ...] = (("online", "online_rate"), ("late", "late_rate"))
    for measure, key in rates:
        goal = goals.get(measure)
        target, tolerance = goal if goal else (None, 5.0)
        for by, items, noun, marked, absent in (
            ("unit", by_unit, "đơn vị", highlight, not_reported),
            ("sector", by_sector, "lĩnh vực", None, ()),
        ):
            figures[f"{measure}_{by}"] = ranked_rates(
                [name for name, _ in items],
                [_rate(f.get(key)) for _, f in items],
                measure=measure,
                noun=noun,
                highlight=marked,
                target=target,
                tolerance=tolerance,
                absent=absent,
            )
        figures[f"trend_{measure}"] = rate_trend(
            [(month, _rate(f.get(key))) for month, f in trend_points], measure=measure, target=target
        )
    counts = [(name, f.get("pending_overdue")) for name, f in by_unit]
    figures["overdue"] = overdue_bars(
        [n for n, _ in counts], [None if c is None else int(c) for _, c in counts], highlight=highlight
    )
    return figures


def _rate(value: float | int | None) -> float | None:
    return None if value is None else float(value)
