"""One click to a unit's view: a chart bar or a table row naming a unit opens that unit on the area's page, the
period kept (?ky=…&dv=…). A name that is no unit of ours (an outside agency) opens nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard.views.overview_behind import AREA_PAGES
from dashboard.views.unit_links import (
    PERIOD_PARAM,
    UNIT_PARAM,
    attach_codes,
    picked_code,
    picked_row_code,
    unit_query,
)
from ui.components import chart_config

HINT = "Bấm vào một đơn vị để xem riêng đơn vị đó."


def open_unit(area: str, code: str) -> None:
    """Show the unit on the area's page with the current period."""
    query = unit_query(st.query_params.get(PERIOD_PARAM), code)
    try:
        st.switch_page(f"pages/{AREA_PAGES[area][0]}", query_params=query)
    except StreamlitAPIException:  # the page run on its own (AppTest, benchmarks): its own URL is the view
        st.query_params.from_dict(query)
        st.rerun()


def _scoped(key: str) -> str:
    """A widget key per shown unit: after a click opens a unit, the chart or table starts unselected."""
    return f"{key}-{st.query_params.get(UNIT_PARAM) or 'all'}"


def _selected(event: Any, field: str) -> list[Any]:
    """The points or rows of a selection event (Streamlit's state object, or the plain dict it is made from)."""
    try:
        return list(event["selection"][field])
    except (KeyError, TypeError):
        return []


def _follow(area: str, code: str | None) -> None:
    if code and code != st.query_params.get(UNIT_PARAM):
        open_unit(area, code)


def unit_chart(fig: go.Figure, *, key: str, filename: str, area: str, codes: Mapping[str, str]) -> None:
    """A chart whose bars are units (label → code in `codes`): clicking a bar opens that unit's view."""
    attach_codes(fig, codes)
    event = st.plotly_chart(
        fig,
        key=_scoped(key),
        width="stretch",
        on_select="rerun",
        selection_mode="points",
        config=chart_config(filename),
    )
    _follow(area, picked_code(_selected(event, "points")))


def unit_dataframe(data: Any, *, key: str, area: str, codes: Sequence[str | None], **options: Any) -> None:
    """st.dataframe whose rows are units (codes in row order): selecting a row opens that unit's view."""
    event = st.dataframe(data, key=_scoped(key), on_select="rerun", selection_mode="single-row", **options)
    _follow(area, picked_row_code(_selected(event, "rows"), codes))
