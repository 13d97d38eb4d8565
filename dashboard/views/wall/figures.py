"""The wall's charts: one Plotly figure per tile at most, a dozen bars or lines at most, dark template "ioc_wall".

Labels on bars are formatted by base.formatting (Vietnamese separators) and carry the status word too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

import plotly.graph_objects as go

from base.formatting import NOT_REPORTED, vn_number, vn_percent
from dashboard.views.plot_theme import (
    NEUTRAL,
    OKABE_ITO,
    STATUS_COLORS,
    WALL,
    WALL_FONT_PX,
    WALL_MUTED,
    WALL_TEXT,
)
from dashboard.views.wall.dossier_tiles import UnitRow
from dashboard.views.wall.finance_tiles import DisbursementData, RevenueData, RevenueItem
from dashboard.views.wall.model import Rated
from dashboard.views.wall.text import status_icon, status_word

LABEL_CHARS = 30  # longer category names are shortened so the bars keep their width
CONFIG = {"displayModeBar": False, "staticPlot": True}  # st.plotly_chart(config=…): a wall is not clicked
CHAR_WIDTH = (
    0.58  # of the font size: a generous average for Noto Sans, to size margins without a measuring pass
)
TICK_STANDOFF = 14
MONTH_TICKS = [f"T{m}" for m in range(1, 13)]


def short(name: str, limit: int = LABEL_CHARS) -> str:
    """The name, or its first words and '…' when longer than `limit` characters."""
    if len(name) <= limit:
        return name
    cut = name[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,–-") + "…"


def label(name: str, limit: int = LABEL_CHARS) -> str:
    """A name from data as a chart label: shortened, and escaped — Plotly reads <b>, <br>, <a> in its text."""
    return escape(short(name, limit), quote=False)


def _color(status: str | None) -> str:
    return STATUS_COLORS.get(status or "", NEUTRAL)


def _rate_label(measure: Rated, decimals: int = 1) -> str:
    """'49,8% ✖ Chậm' — the value, then the status as an icon and a word."""
    word = status_word(measure.status)
    text = vn_percent(measure.value, decimals)
    return f"{text}  {status_icon(measure.status)} {word}" if word else text


def text_width(text: str, size: int = WALL_FONT_PX) -> int:
    """About how many px a label takes at `size` px (margins are set, not measured: see plot_theme)."""
    return round(len(text) * size * CHAR_WIDTH)


def _layout(
    fig: go.Figure, *, labels: Sequence[str] = ("100%",), top: int = 10, bottom: int = 56, **extra: object
) -> go.Figure:
    """The wall template with margins sized for the y labels, the x ticks and the target line's label."""
    if fig.layout.annotations:
        top = max(top, 64)  # room for the target line's label above the plot
    left = max(text_width(label) for label in labels) + TICK_STANDOFF + 10
    layout: dict[str, object] = {
        "template": WALL,
        "margin": {"l": left, "r": 30, "t": top, "b": bottom},
        "showlegend": False,
    }
    fig.update_layout(**(layout | extra))
    fig.update_yaxes(ticklabelstandoff=TICK_STANDOFF)
    return fig


def _labelled_bars(**bar: object) -> go.Bar:
    """Horizontal bars labelled just past their end (never inside: a short bar has no room), never shrunk."""
    return go.Bar(
        orientation="h",
        textposition="outside",
        constraintext="none",
        outsidetextfont={"color": WALL_TEXT, "size": WALL_FONT_PX},
        **bar,
    )


def _target_line(fig: go.Figure, value: float, text: str) -> None:
    fig.add_vline(x=value, line={"color": WALL_TEXT, "width": 4, "dash": "dash"}, layer="below")
    fig.add_annotation(
        x=value,
        y=1,
        yref="paper",
        yanchor="bottom",
        text=text,
        showarrow=False,
        font={"size": WALL_FONT_PX, "color": WALL_TEXT},
        bgcolor="rgba(11,15,20,0.85)",
    )


def rate_bars(rows: Sequence[UnitRow], target: float | None, absent: Sequence[str] = ()) -> go.Figure:
    """Online-submission rate per unit, furthest behind at the top, coloured and labelled by status; `absent`
    units (owed the report, sent none) at the bottom with no bar and "chưa báo cáo", never a bar of 0."""
    names = [label(r.name) for r in rows]
    values = [r.online.value for r in rows]
    fig = go.Figure(
        _labelled_bars(
            x=[*values, *(0 for _ in absent)],
            y=[*names, *(label(n) for n in absent)],
            marker={"color": [*(_color(r.online.status) for r in rows), *(NEUTRAL for _ in absent)]},
            text=[*(_rate_label(r.online) for r in rows), *(NOT_REPORTED for _ in absent)],
        )
    )
    top = max([100.0, *(v for v in values if v is not None), *(r.online.target or 0 for r in rows)])
    if target is not None:
        _target_line(fig, target, f"Chỉ tiêu {vn_percent(target, 0)}")
    else:  # units with targets of their own: a mark on each bar
        marked = [(r.online.target, label(r.name)) for r in rows if r.online.target is not None]
        if marked:
            fig.add_trace(
                go.Scatter(
                    x=[t for t, _ in marked],
                    y=[n for _, n in marked],
                    mode="markers",
                    marker={"symbol": "line-ns", "size": 60, "line": {"width": 5, "color": WALL_TEXT}},
                )
            )
    return _layout(
        fig,
        labels=[*names, *(label(n) for n in absent)],
        xaxis={"range": [0, top * 1.45], "ticksuffix": "%", "showgrid": True},
        yaxis={"autorange": "reversed"},
    )


def late_bars(rows: Sequence[UnitRow]) -> go.Figure:
    """Late (resolved after the deadline) and overdue (pending past it) dossiers per unit, stacked."""
    names = [label(r.name) for r in rows]
    late = [r.late or 0 for r in rows]
    overdue = [r.overdue or 0 for r in rows]
    totals = [a + b for a, b in zip(late, overdue, strict=True)]
    fig = go.Figure(
        [
            go.Bar(
                x=late,
                y=names,
                orientation="h",
                name="Đã trả quá hạn",
                marker={"color": OKABE_ITO["vermillion"]},
            ),
            go.Bar(
                x=overdue,
                y=names,
                orientation="h",
                name="Đang giải quyết quá hạn",
                marker={"color": OKABE_ITO["yellow"]},
            ),
            go.Scatter(
                x=totals,
                y=names,
                mode="text",
                text=[vn_number(t) for t in totals],
                textposition="middle right",
                textfont={"size": WALL_FONT_PX, "color": WALL_TEXT},
                showlegend=False,
            ),
        ]
    )
    return _layout(
        fig,
        labels=names,
        top=60,  # the legend
        barmode="stack",
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 0,
            "y": 1.02,
            "yanchor": "bottom",
            "traceorder": "normal",
            "font": {"size": WALL_FONT_PX},
        },
        xaxis={"range": [0, max([1, *totals]) * 1.2]},
        yaxis={"autorange": "reversed"},
    )


def revenue_bars(data: RevenueData) -> go.Figure:
    """Revenue as a share of the estimate, with and without land-use fees, against the time gone by."""
    rows = [
        ("Tổng thu", Rated(data.pct_of_estimate, data.time_progress, data.status)),
        ("Không kể tiền sử dụng đất", Rated(data.pct_excl_land, data.time_progress, data.status_excl_land)),
    ]
    rows = [(n, r) for n, r in rows if r.value is not None]
    fig = go.Figure(
        _labelled_bars(
            x=[r.value for _, r in rows],
            y=[n for n, _ in rows],
            marker={"color": [_color(r.status) for _, r in rows]},
            text=[_rate_label(r, 2) for _, r in rows],
            width=0.55,
        )
    )
    if data.time_progress is not None:
        _target_line(fig, data.time_progress, f"Tiến độ thời gian {vn_percent(data.time_progress)}")
    top = max([100.0, *(r.value or 0.0 for _, r in rows)])
    return _layout(
        fig,
        labels=[n for n, _ in rows],
        xaxis={"range": [0, top * 1.5], "ticksuffix": "%"},
        yaxis={"autorange": "reversed"},
    )


def item_bars(items: Sequence[RevenueItem], time_progress: float | None) -> go.Figure:
    """Each revenue item's year to date as a share of its estimate, furthest behind at the top."""
    names = [label(i.name) for i in items]
    values = [i.pct for i in items]
    fig = go.Figure(
        _labelled_bars(
            x=values,
            y=names,
            marker={"color": [_color(i.status) for i in items]},
            text=[_rate_label(Rated(i.pct, time_progress, i.status)) for i in items],
        )
    )
    if time_progress is not None:
        _target_line(fig, time_progress, f"Tiến độ thời gian {vn_percent(time_progress)}")
    top = max([100.0, *(v for v in values if v is not None)])
    return _layout(
        fig,
        labels=names,
        xaxis={"range": [0, top * 1.45], "ticksuffix": "%"},
        yaxis={"autorange": "reversed"},
    )


def disbursement_curve(data: DisbursementData) -> go.Figure:
    """The year's disbursement rate at each snapshot, overall and by capital source, with the milestones."""
    fig = go.Figure()
    for series in data.sources:
        fig.add_trace(
            go.Scatter(
                x=[d for d, _ in series.points],
                y=[v for _, v in series.points],
                mode="lines+markers",
                name=label(series.name, 34),
                line={"width": 4},
                marker={"size": 12},
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[d for d, _ in data.total.points],
            y=[v for _, v in data.total.points],
            mode="lines+markers",
            name=data.total.name,
            line={"width": 9, "color": WALL_TEXT},
            marker={"size": 18, "color": WALL_TEXT},
        )
    )
    general = [m for m in data.milestones if not m.source_group]
    specific = [m for m in data.milestones if m.source_group]
    for marks, name, color in (
        (general, "Mốc giải ngân", WALL_TEXT),
        (specific, "Mốc của chương trình MTQG", OKABE_ITO["orange"]),
    ):
        if marks:
            fig.add_trace(
                go.Scatter(
                    x=[m.due for m in marks],
                    y=[m.target for m in marks],
                    mode="markers+text",
                    name=name,
                    marker={
                        "symbol": "diamond",
                        "size": 30,
                        "color": color,
                        "line": {"width": 3, "color": "#000"},
                    },
                    text=[vn_percent(m.target, 0) for m in marks],
                    textposition="middle left",
                    textfont={"size": WALL_FONT_PX, "color": color},
                )
            )
    year = data.year
    return _layout(
        fig,
        bottom=190,  # the month ticks, then up to three rows of legend
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 0,
            "y": -0.08,
            "yanchor": "top",
            "font": {"size": 26, "color": WALL_MUTED},
        },
        xaxis={
            "range": [date(year, 1, 1) - timedelta(days=6), date(year, 12, 31) + timedelta(days=12)],
            "tickvals": [date(year, m, 1) for m in range(1, 13)],
            "ticktext": MONTH_TICKS,
            "showgrid": True,
        },
        yaxis={"range": [0, 108], "ticksuffix": "%", "dtick": 20},
    )
