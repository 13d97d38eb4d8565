"""Plotly figure builders shared by the pages: plain functions from data to figures, no Streamlit.

Every figure uses the one template (dashboard.views.plot_theme), has a title that states its point, and bars start at
zero. Area-specific charts live in sibling modules (dossiers, finance, tasks …).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from base.formatting import NOT_REPORTED, vn_number
from dashboard.kpis import status
from dashboard.views import plot_theme

plot_theme.register()


def plain(text: str) -> str:
    """Data text for a Plotly label: its pseudo-HTML (<a>, <b> …) shown as typed, never interpreted."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ranked_bars(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    value_label: str,
    target: float | None = None,
    tolerance: float = 5.0,
    higher_is_better: bool = True,
    suffix: str = "%",
    decimals: int = 2,
    template: str = plot_theme.LIGHT,
    absent: Sequence[str] = (),
    absent_text: str = "",
) -> go.Figure:
    """Horizontal bars, worst first at the top, coloured by status against the target (and labelled).

    Labels are shown as given: pass data text through `plain()` first (callers match bars by their labels).
    `absent` labels (units that owed a report and sent none) go at the bottom with `absent_text` and no bar, so
    they never read as a bar of 0; a real 0 is labelled outside its empty bar.
    """
    known = [(lbl, v) for lbl, v in zip(labels, values, strict=True) if v is not None]
    known.sort(key=lambda item: item[1], reverse=not higher_is_better)
    colors = [
        plot_theme.STATUS_COLORS.get(
            status(v, target, tolerance=tolerance, higher_is_better=higher_is_better) or "",
            plot_theme.NEUTRAL,
        )
        for _, v in known
    ]
    texts = [f"{vn_number(v, decimals)}{suffix}" for _, v in known]
    positions = ["outside" if v == 0 else "auto" for _, v in known]
    fig = go.Figure(
        go.Bar(
            x=[*(v for _, v in known), *(0 for _ in absent)],
            y=[*(lbl for lbl, _ in known), *absent],
            orientation="h",
            marker_color=[*colors, *(plot_theme.NEUTRAL for _ in absent)],
            text=[*texts, *(absent_text for _ in absent)],
            textposition=[*positions, *("outside" for _ in absent)],
            hovertemplate=f"%{{y}}: %{{text}}<extra>{value_label}</extra>",
        )
    )
    if target is not None:
        fig.add_vline(x=target, line_dash="dash", annotation_text=f"Chỉ tiêu {vn_number(target, 0)}{suffix}")
    fig.update_layout(
        template=template,
        title=title,
        xaxis={"title": value_label, "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
        height=max(320, 28 * (len(known) + len(absent)) + 120),
        showlegend=False,
    )
    return fig


def with_not_reported(fig: go.Figure, names: Sequence[str]) -> go.Figure:
    """Append units that owed a report and sent none to a horizontal bar chart's first trace: at the bottom, no
    bar, labelled "chưa báo cáo", so they never read as a bar of 0. Names it already shows are left as they are."""
    bar = fig.data[0]
    labels = list(bar.y or ())
    absent = [p for p in (plain(n) for n in names) if p not in labels]
    if not absent:
        return fig

    def each(value: object, default: object) -> list[object]:
        return (
            list(value)
            if isinstance(value, list | tuple)
            else [default if value is None else value] * len(labels)
        )

    bar.update(
        x=[*(bar.x or ()), *(0 for _ in absent)],
        y=[*labels, *absent],
        text=[*each(bar.text, ""), *(NOT_REPORTED for _ in absent)],
        textposition=[*each(bar.textposition, "auto"), *("outside" for _ in absent)],
        marker_color=[*each(bar.marker.color, plot_theme.NEUTRAL), *(plot_theme.NEUTRAL for _ in absent)],
    )
    fig.update_layout(height=(fig.layout.height or 320) + 28 * len(absent))
    return fig


def trend(
    x: Sequence[object],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    value_label: str,
    target: float | None = None,
    template: str = plot_theme.LIGHT,
) -> go.Figure:
    """Lines over time (gaps where a month is missing, never drawn as 0), with an optional target line."""
    fig = go.Figure()
    for name, values in series.items():
        fig.add_trace(
            go.Scatter(x=list(x), y=list(values), mode="lines+markers", name=name, connectgaps=False)
        )
    if target is not None:
        fig.add_hline(y=target, line_dash="dash", annotation_text=f"Chỉ tiêu {vn_number(target, 0)}")
    fig.update_layout(
        template=template,
        title=title,
        yaxis={"title": value_label, "rangemode": "tozero"},
        xaxis={"tickformat": "%m/%Y"},
    )
    return fig
