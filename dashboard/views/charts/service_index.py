"""Figures of the 766 page: the score over time, and the six groups as shares of their maximum, weakest named."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from base.formatting import NO_DATA, vn_number, vn_percent
from base.service_index import COMPONENTS
from dashboard.kpis.service_index import share_of_max, weakest
from dashboard.views import plot_theme
from dashboard.views.charts import plain

WEAK_MARK = "▼ yếu nhất"


def trend_title(subject: str, points: Sequence[Mapping[str, Any]]) -> str:
    """The latest score and rank, and the change on the period before when there is one."""
    scored = [p for p in points if p.get("total") is not None]
    if not scored:
        return f"Chưa có điểm Bộ chỉ số 766 của {plain(subject)}"
    last = scored[-1]
    rank = f", {last['rank_text']}" if last.get("rank_text") else ""
    title = f"{plain(subject)}: {vn_number(last['total'], 2)} điểm {last['period'].lower()}{rank}"
    if len(scored) > 1:
        change = last["total"] - scored[-2]["total"]
        word = "tăng" if change > 0 else "giảm" if change < 0 else "không đổi"
        amount = f" {vn_number(abs(change), 2)} điểm" if change else ""
        title += f"<br>{word.capitalize()}{amount} so với {scored[-2]['period'].lower()}"
    return title


def score_trend(
    subject: str, points: Sequence[Mapping[str, Any]], *, template: str = plot_theme.LIGHT
) -> go.Figure:
    """The total score by period on the whole 0–100 scale, each point labelled with its score and rank."""
    scored = [p for p in points if p.get("total") is not None]
    fig = go.Figure(
        go.Scatter(
            x=[p["start"] for p in scored],
            y=[p["total"] for p in scored],
            mode="lines+markers+text",
            text=[vn_number(p["total"], 2) for p in scored],
            textposition="top center",
            customdata=[[p["period"], p.get("rank_text") or ""] for p in scored],
            hovertemplate="%{customdata[0]}: %{text} điểm %{customdata[1]}<extra></extra>",
            name="Tổng điểm",
        )
    )
    fig.update_layout(
        template=template,
        title=trend_title(subject, points),
        yaxis={"title": "Điểm (tối đa 100)", "range": [0, 105]},
        xaxis={"tickformat": "%m/%Y", "title": None, "dtick": "M1"},
        margin={"t": 90},
        height=360,
        showlegend=False,
    )
    return fig


def components_title(subject: str, components: Mapping[str, float | None], period: str) -> str:
    """Names the weakest group with its score, maximum and share."""
    worst = weakest(components)
    if worst is None:
        return f"Chưa có điểm thành phần của {plain(subject)}"
    score = components[worst.key]
    return (
        f"Nhóm yếu nhất của {plain(subject)} ({period.lower()}): {worst.label}<br>"
        f"{vn_number(score, 2)}/{vn_number(worst.max_points)} điểm = "
        f"{vn_percent(share_of_max(score, worst))} điểm tối đa"
    )


def components_bars(
    subject: str,
    components: Mapping[str, float | None],
    period: str,
    *,
    template: str = plot_theme.LIGHT,
) -> go.Figure:
    """One bar per group: its score as a share of the group's maximum; the weakest in red and marked in words."""
    worst = weakest(components)
    labels, shares, texts, colors = [], [], [], []
    for c in COMPONENTS:
        score = components.get(c.key)
        share = share_of_max(score, c)
        weak = worst is not None and c.key == worst.key
        labels.append(f"{c.label} ({vn_number(c.max_points)} điểm)" + (f" {WEAK_MARK}" if weak else ""))
        shares.append(share)
        texts.append(
            NO_DATA
            if share is None
            else f"{vn_number(score, 2)}/{vn_number(c.max_points)} điểm · {vn_percent(share)}"
        )
        colors.append(plot_theme.STATUS_COLORS["behind"] if weak else plot_theme.OKABE_ITO["blue"])
    fig = go.Figure(
        go.Bar(
            x=[s or 0 for s in shares],  # a missing group draws no bar; its text says "chưa có dữ liệu"
            y=labels,
            orientation="h",
            marker_color=colors,
            text=texts,
            textposition="outside",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(
        template=template,
        title=components_title(subject, components, period),
        # Room on the right for the labels; ticks only up to 100%, the most a group can reach.
        xaxis={
            "title": "Tỷ lệ đạt so với điểm tối đa của nhóm (%)",
            "range": [0, 130],
            "tickvals": [0, 25, 50, 75, 100],
        },
        yaxis={"autorange": "reversed"},
        margin={"t": 90},
        height=380,
        showlegend=False,
    )
    return fig
