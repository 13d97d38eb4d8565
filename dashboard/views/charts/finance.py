"""Budget and disbursement figures: progress against the estimate and time, months against last year, the
disbursement curve against its milestones, ranked bars against a reference line — and titles stating the point.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import plotly.graph_objects as go

from base.formatting import NO_DATA, MoneyUnit, vn_date, vn_number, vn_percent
from base.periods import month_end
from dashboard.kpis.common import status
from dashboard.views import plot_theme
from dashboard.views.charts import plain, ranked_bars

plot_theme.register()
ESTIMATE_GREY = "#D9DEE4"
LAST_YEAR = plot_theme.OKABE_ITO["sky_blue"]
THIS_YEAR = plot_theme.OKABE_ITO["blue"]


def _points(value: float) -> str:
    return f"{vn_number(abs(value), 2)} điểm"


def progress_title(noun: str, pct: float | None, time_progress: float | None) -> str:
    """'Thu đạt 27,73% dự toán, chậm 13,94 điểm so với tiến độ thời gian 41,67%'."""
    if pct is None:
        return f"{noun}: {NO_DATA} so với dự toán"
    head = f"{noun} đạt {vn_percent(pct)} dự toán"
    if time_progress is None:
        return head
    gap = pct - time_progress
    word = "chậm" if gap < 0 else "vượt"
    return f"{head}, {word} {_points(gap)} so với tiến độ thời gian {vn_percent(time_progress)}"


def below_title(
    count_label: str, values: Sequence[float | None], reference: float | None, reference_label: str
) -> str:
    """'9/13 khoản thu dưới tiến độ thời gian 41,67%' — counting only the known values."""
    known = [v for v in values if v is not None]
    if not known:
        return f"{count_label}: {NO_DATA}"
    if reference is None:
        return f"{len(known)} {count_label}"
    below = sum(1 for v in known if v < reference)
    return f"{below}/{len(known)} {count_label} dưới {reference_label}"


def monthly_title(noun: str, year: int, months: int, pct_vs_last_year: float | None) -> str:
    """'Thu 5 tháng năm 2023 bằng 90,87% cùng kỳ năm 2022'."""
    span = f"tháng 1/{year}" if months == 1 else f"{months} tháng năm {year}"
    if pct_vs_last_year is None:
        return f"{noun} từng tháng, {span} (chưa có số cùng kỳ năm {year - 1})"
    return f"{noun} {span} bằng {vn_percent(pct_vs_last_year)} cùng kỳ năm {year - 1}"


def curve_title(pct: float | None, as_of: date | None, target: float | None, due: date | None) -> str:
    """'Giải ngân 24,70% đến 31/05/2023: thấp hơn mốc 60% ngày 30/06/2023 là 35,30 điểm'."""
    if pct is None or as_of is None:
        return f"Giải ngân vốn đầu tư công: {NO_DATA}"
    head = f"Giải ngân {vn_percent(pct)} đến {vn_date(as_of)}"
    if target is None or due is None:
        return head
    gap = pct - target
    word = "thấp hơn" if gap < 0 else "cao hơn"
    return f"{head}: {word} mốc {vn_percent(target, 0)} ngày {vn_date(due)} là {_points(gap)}"


def budget_progress(
    rows: Sequence[tuple[str, float | None]],
    *,
    time_progress: float | None,
    title: str,
    template: str = plot_theme.LIGHT,
) -> go.Figure:
    """Bullet bars: each row's % of the estimate over the whole estimate (100%), with time progress as a line."""
    known = [(label, v) for label, v in rows if v is not None]
    colors = [
        plot_theme.STATUS_COLORS.get(status(v, time_progress) or "", plot_theme.NEUTRAL) for _, v in known
    ]
    labels = [label for label, _ in known]
    fig = go.Figure(
        [
            go.Bar(
                x=[100.0] * len(known),
                y=labels,
                orientation="h",
                marker_color=ESTIMATE_GREY,
                name="Dự toán năm (100%)",
                hoverinfo="skip",
                width=0.7,
            ),
            go.Bar(
                x=[v for _, v in known],
                y=labels,
                orientation="h",
                marker_color=colors,
                name="Lũy kế so dự toán",
                text=[vn_percent(v) for _, v in known],
                textposition="outside",
                width=0.35,
                hovertemplate="%{y}: %{text} dự toán<extra></extra>",
            ),
        ]
    )
    if time_progress is not None:
        fig.add_vline(
            x=time_progress,
            line_dash="dash",
            line_color=plot_theme.LIGHT_TEXT,
            annotation_text=f"Tiến độ thời gian {vn_percent(time_progress)}",
            annotation_position="top",
        )
    top = max([100.0, *(v for _, v in known)]) * 1.12
    fig.update_layout(
        template=template,
        title=title,
        barmode="overlay",
        xaxis={"title": "% so với dự toán năm", "range": [0, top], "ticksuffix": "%"},
        yaxis={"autorange": "reversed"},
        height=140 + 70 * max(1, len(known)),
        legend={"orientation": "h", "y": -0.35},
        margin={"t": 70},
    )
    return fig


def monthly_bars(
    months: Sequence[int],
    this_year: Sequence[float | None],
    last_year: Sequence[float | None],
    *,
    year: int,
    unit: MoneyUnit,
    title: str,
    template: str = plot_theme.LIGHT,
) -> go.Figure:
    """Each month's amount this year beside the same month last year (a missing month is a gap, never 0)."""
    x = [f"Tháng {m}" for m in months]

    def scaled(values: Sequence[float | None]) -> list[float | None]:
        return [None if v is None else v / unit.divisor for v in values]

    number = f"%{{y:,.{unit.decimals}f}} {unit.label}"
    fig = go.Figure(
        [
            go.Bar(
                x=x,
                y=scaled(last_year),
                name=f"Năm {year - 1}",
                marker_color=LAST_YEAR,
                hovertemplate=f"%{{x}}/{year - 1}: {number}<extra></extra>",
            ),
            go.Bar(
                x=x,
                y=scaled(this_year),
                name=f"Năm {year}",
                marker_color=THIS_YEAR,
                hovertemplate=f"%{{x}}/{year}: {number}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        template=template,
        title=title,
        barmode="group",
        yaxis={"title": f"ĐVT: {unit.label}", "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.15},
        margin={"t": 60},
    )
    return fig


def reference_bars(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    reference: float | None,
    reference_label: str,
    title: str,
    value_label: str,
    template: str = plot_theme.LIGHT,
) -> go.Figure:
    """Ranked bars, furthest behind at the top, coloured and lined against a reference (time progress, milestone)."""
    fig = ranked_bars(
        [plain(label) for label in labels],
        values,
        title=title,
        value_label=value_label,
        target=reference,
        template=template,
    )
    if reference is not None:
        fig.update_annotations(text=reference_label)
    fig.update_layout(margin={"t": 60}, xaxis={"ticksuffix": "%"})
    return fig


def disbursement_curve(
    total: Sequence[tuple[date, float | None]],
    sources: Mapping[str, Sequence[tuple[date, float | None]]],
    milestones: Sequence[tuple[date, float, str]],
    *,
    year: int,
    title: str,
    template: str = plot_theme.LIGHT,
) -> go.Figure:
    """The year's disbursement rate per snapshot (all sources bold, each source thin) and the milestones."""
    fig = go.Figure()
    palette = plot_theme.LIGHT_COLORWAY[1:]
    for i, (name, points) in enumerate(sources.items()):
        fig.add_trace(
            go.Scatter(
                x=[d for d, _ in points],
                y=[v for _, v in points],
                name=name,
                mode="lines+markers",
                line={"width": 2, "color": palette[i % len(palette)]},
                marker={"size": 6},
                hovertemplate=f"{name}<br>%{{x|%d/%m/%Y}}: %{{y:,.2f}}%<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[d for d, _ in total],
            y=[v for _, v in total],
            name="Tất cả nguồn vốn",
            mode="lines+markers",
            line={"width": 5, "color": plot_theme.OKABE_ITO["blue"]},
            marker={"size": 10},
            hovertemplate="Tất cả nguồn vốn<br>%{x|%d/%m/%Y}: %{y:,.2f}%<extra></extra>",
        )
    )
    # One diamond per date and target; the families that have their own (40% for the programmes) are named.
    grouped: dict[tuple[date, float], list[str]] = {}
    for due, value, source in milestones:
        grouped.setdefault((due, value), []).append(source)
    for (due, value), names in grouped.items():
        own = [n for n in names if n]
        label = f"Mốc {vn_date(due)}: {vn_percent(value, 0)}" + (f" ({', '.join(own)})" if own else "")
        fig.add_trace(
            go.Scatter(
                x=[due],
                y=[value],
                mode="markers+text",
                marker={
                    "symbol": "diamond",
                    "size": 12 if own else 16,
                    "color": plot_theme.OKABE_ITO["vermillion"],
                },
                text=[label],
                textposition="middle left" if due.month > 9 else "middle right",  # stay inside the year
                showlegend=False,
                hovertemplate=f"{label}<extra></extra>",
            )
        )
    fig.update_layout(
        template=template,
        title=title,
        # Ticks on month ends, where the reports are dated (a "05/2023" tick would sit at 1 May).
        xaxis={
            "range": [date(year, 1, 1), date(year, 12, 31) + timedelta(days=12)],
            "tickvals": [month_end(year, m) for m in range(1, 13)],
            "tickformat": "%d/%m",
        },
        yaxis={"title": "% kế hoạch vốn đã giải ngân", "range": [0, 105], "ticksuffix": "%"},
        legend={"orientation": "h", "y": -0.2},
        height=480,
        margin={"t": 60},
    )
    return fig


def target_bars(
    labels: Sequence[str],
    values: Sequence[float | None],
    targets: Sequence[float | None],
    *,
    title: str,
    value_label: str,
    target_label: str,
    tolerance: float = 5.0,
    template: str = plot_theme.LIGHT,
) -> go.Figure:
    """Ranked bars, lowest first, each coloured against its own reference and with it drawn as a tick: sources
    against their milestone (60%, or 40% for the programmes), communes against their report month's time progress."""
    known = sorted(
        ((lbl, v, t) for lbl, v, t in zip(labels, values, targets, strict=True) if v is not None),
        key=lambda item: item[1],
    )
    colors = [
        plot_theme.STATUS_COLORS.get(status(v, t, tolerance=tolerance) or "", plot_theme.NEUTRAL)
        for _, v, t in known
    ]
    names = [plain(lbl) for lbl, _, _ in known]
    fig = go.Figure(
        go.Bar(
            x=[v for _, v, _ in known],
            y=names,
            orientation="h",
            marker_color=colors,
            text=[vn_percent(v) for _, v, _ in known],
            textposition="auto",
            name=value_label,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    marked = [(plain(lbl), t) for lbl, _, t in known if t is not None]
    if marked:
        fig.add_trace(
            go.Scatter(
                x=[t for _, t in marked],
                y=[lbl for lbl, _ in marked],
                mode="markers",
                marker={
                    "symbol": "line-ns",
                    "size": 28,
                    "line": {"width": 4, "color": plot_theme.LIGHT_TEXT},
                },
                name=target_label,
                hovertemplate=f"{target_label}: %{{x:,.2f}}%<extra>%{{y}}</extra>",
            )
        )
    fig.update_layout(
        template=template,
        title=title,
        xaxis={"title": value_label, "rangemode": "tozero", "ticksuffix": "%"},
        yaxis={"autorange": "reversed", "automargin": True},
        height=max(240, 40 * len(known) + 160),
        legend={"orientation": "h", "y": -0.2},
        margin={"t": 60},
    )
    return fig
