"""Page building blocks: a KPI with its definition and status, source captions, Excel and PNG exports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st
from sqlmodel import Session

from base.formatting import MINUS, NO_DATA
from dashboard.kpis import STATUS_LABELS
from dashboard.store.db import data_version, get_engine
from dashboard.views.exports import ExportColumn, table_to_xlsx
from ui import strings as txt
from ui.upload import literal


def current_data_version() -> int:
    """The counter every upload bumps: pass it to cached loaders so they never serve stale figures."""
    with Session(get_engine()) as session:
        return data_version(session=session)


def status_text(status: str | None) -> str:
    """'✅ Đạt' / '⚠️ Gần đạt' / '🔴 Chậm' — never colour alone; '' without a target."""
    if status is None:
        return ""
    icon, word = STATUS_LABELS[status]
    return f"{icon} {word}"


def delta_look(delta: str | None, delta_color: str) -> tuple[Any, str]:
    """st.metric's arrow and colour for a change written with the real minus sign (it only knows '-')."""
    if not delta or not delta.startswith(MINUS):
        return "auto", delta_color
    return "down", {"normal": "red", "inverse": "green"}.get(delta_color, delta_color)


def kpi(
    container: Any,
    label: str,
    value: str,
    *,
    definition: str,
    status: str | None = None,
    delta: str | None = None,
    delta_color: str = "normal",
) -> None:
    """A metric whose tooltip is the KPI's formula text; missing values read 'chưa có dữ liệu'."""
    shown = NO_DATA if value in ("—", "") else value
    arrow, color = delta_look(delta, delta_color)
    container.metric(
        label, shown, delta=delta, delta_color=color, delta_arrow=arrow, help=definition, border=True
    )
    if status:
        container.caption(status_text(status))


SOURCES_LABEL = "Nguồn số liệu"
# Streamlit leaves ~6rem above the first title; a laptop screen needs that room for figures.
PAGE_CSS = "<style>[data-testid='stMainBlockContainer']{padding-top:2rem}</style>"


def show_sources(*lines: str, container: Any = None) -> None:
    """A section's sources folded into one line ("Nguồn số liệu"), each distinct file line once inside."""
    unique = list(dict.fromkeys(line for line in lines if line))
    if not unique:
        return
    with (container or st).expander(SOURCES_LABEL, icon=":material/description:"):
        for line in unique:
            st.caption(literal(line))


def chart_config(filename: str) -> dict[str, Any]:
    """Plotly's toolbar: the PNG download named after the chart, no box or lasso selection."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def chart(fig: go.Figure, *, key: str, filename: str) -> None:
    """A Plotly chart with its PNG download in the toolbar (rendered in the browser, works offline)."""
    st.plotly_chart(fig, key=key, width="stretch", config=chart_config(filename))


def excel_download(
    *,
    title: str,
    period_label: str,
    columns: Sequence[ExportColumn],
    rows: Sequence[dict[str, Any]],
    key: str,
    file_name: str,
    source: str = "",
) -> None:
    """A button that downloads the table as a formatted Excel file (formula-looking text neutralised)."""
    st.download_button(
        txt.COMMON_BUTTON_TAI_EXCEL,
        data=table_to_xlsx(title=title, period_label=period_label, columns=columns, rows=rows, source=source),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
    )
