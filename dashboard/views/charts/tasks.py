"""Figures of the tasks page: completion by lead agency, with a title that names who is furthest behind."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from base.formatting import vn_number, vn_percent
from dashboard.kpis.tasks import task_verdict
from dashboard.views import plot_theme
from dashboard.views.charts import plain, ranked_bars


def completion_title(rows: Sequence[Mapping[str, Any]], target: float | None) -> str:
    """The point of the chart: how many agencies are under the target, and the lowest one."""
    rated = [r for r in rows if r.get("completion_rate") is not None]
    if not rated:
        return "Chưa có nhiệm vụ trong kỳ đang xem"
    low = min(r["completion_rate"] for r in rated)
    names = sorted(plain(r["lead"]) for r in rated if r["completion_rate"] == low)
    more = f" và {vn_number(len(names) - 3)} cơ quan khác" if len(names) > 3 else ""
    worst = f"Thấp nhất ({vn_percent(low)}): {', '.join(names[:3])}{more}"
    if target is None:
        return f"Tỷ lệ hoàn thành nhiệm vụ theo cơ quan chủ trì<br>{worst}"
    # Behind as the tasks page judges it: on the tasks due, so an agency with nothing due yet is not counted.
    judged = [task_verdict(r, target).status for r in rated if "due" in r]
    under = (
        sum(s in ("close", "behind") for s in judged)
        if len(judged) == len(rated)
        else sum(r["completion_rate"] < target for r in rated)
    )
    if under == 0:
        return f"Cả {vn_number(len(rated))} cơ quan chủ trì đạt chỉ tiêu hoàn thành {vn_percent(target, 0)}"
    return (
        f"{vn_number(under)}/{vn_number(len(rated))} cơ quan chủ trì chậm so với chỉ tiêu hoàn thành "
        f"{vn_percent(target, 0)}<br>{worst}"
    )


def completion_by_lead(
    rows: Sequence[Mapping[str, Any]],
    *,
    target: float | None,
    tolerance: float = 5.0,
    template: str = plot_theme.LIGHT,
) -> go.Figure:
    """Ranked bars of each lead agency's completion rate (least complete at the top) against the target."""
    fig = ranked_bars(
        [plain(r["lead"]) for r in rows],
        [r.get("completion_rate") for r in rows],
        title=completion_title(rows, target),
        value_label="Tỷ lệ hoàn thành (%)",
        target=target,
        tolerance=tolerance,
        template=template,
    )
    judged = {plain(r["lead"]): task_verdict(r, target, tolerance=tolerance) for r in rows if "due" in r}
    if target is not None and judged:
        # Colour as the table's verdict (on the tasks due): an agency with nothing due yet is grey, not red.
        fig.data[0].marker.color = [
            plot_theme.STATUS_COLORS.get(judged[y].status or "", plot_theme.NEUTRAL) if y in judged else c
            for y, c in zip(fig.data[0].y, fig.data[0].marker.color, strict=True)
        ]
    # A rate: the whole 0–100 scale, so short bars look short; room on the right for the labels outside.
    fig.update_xaxes(range=[0, 118], tickvals=[0, 20, 40, 60, 80, 100])
    fig.update_traces(textposition="outside")  # a 0% bar still shows its "0,00%"
    fig.update_layout(margin={"t": 80})  # the two-line title above the bars, not over them
    return fig
