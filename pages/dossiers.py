"""Thủ tục hành chính: online and late rates by unit and sector against the target, trends, the overdue backlog,
and the late and overdue dossiers themselves (sortable, filterable, exportable).

A selected commune or office is shown among all units (still ranked, marked "►") rather than alone, so its leader
sees where it stands; the by-sector charts and the dossier list narrow to the selected unit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlmodel import Session

from base import periods
from base.formatting import MISSING, NOT_REPORTED, vietnam_now, vn_date, vn_number, vn_percent
from dashboard.queries.reporting_status import month_status
from dashboard.store.db import get_engine
from dashboard.views.charts import plain
from dashboard.views.charts.dossiers import Measure, page_figures
from dashboard.views.dossier_tables import (
    LATE_COLUMNS,
    STATE_LABELS,
    LateFilter,
    breakdown_columns,
    breakdown_rows,
    by_unit,
    filter_late,
    late_table,
    table_workbook,
)
from dashboard.views.dossiers import DossierView, as_of_for, dossier_view, page_cards
from dashboard.views.exports import ExportColumn
from dashboard.views.unit_links import codes_by_label
from ui import strings as txt
from ui.cards import show_card
from ui.components import chart, current_data_version, show_sources
from ui.drill import HINT, unit_chart, unit_dataframe
from ui.scope import scope_selector
from ui.session import may_view
from ui.upload import literal

AREA = "dossiers"
ALL_STATES = "Tất cả"
NO_FILTER = LateFilter()
# On screen the days overdue come before the long procedure names, so they are seen without scrolling sideways.
SHOWN_ORDER = ("code", "unit", "days_overdue", "state", "due", "finished", "received", "sector", "procedure")
# The late rate, not the on-time rate beside it: one is 100% minus the other, and late is what leaders act on.
CARD_ROWS = (
    "online_rate",
    "late_rate",
    "pending_overdue",
    "received_total",
    "resolution_rate",
)


@st.cache_data(max_entries=64, show_spinner=False)
def load_view(token: str, unit_id: int | None, as_of: date, version: int) -> DossierView:
    """The page's data; `version` (bumped by every upload) keys the cache so it is never stale."""
    period = periods.from_token(token)
    assert period is not None  # the token comes from a Selected
    prev, same = period.previous(), period.same_period_last_year()
    with Session(get_engine()) as session:
        return dossier_view(
            session=session,
            unit_id=unit_id,
            start=period.start,
            end=period.end,
            previous=(prev.start, prev.end),
            last_year=(same.start, same.end),
            as_of=as_of,
        )


@st.cache_data(max_entries=64, show_spinner=False)
def load_not_reported(token: str, today: date, version: int) -> tuple[str, ...]:
    """Names of the units that owed the dossier report of the period's last month and sent none."""
    period = periods.from_token(token)
    assert period is not None
    with Session(get_engine()) as session:
        owed = month_status(
            session=session, dataset="dossiers", year=period.end.year, month=period.end.month, today=today
        )
    return tuple(s.unit.name for s in owed if s.state == "missing")


@st.cache_resource(max_entries=64, show_spinner=False)
def load_figures(
    token: str,
    unit_id: int | None,
    as_of: date,
    version: int,
    highlight: str | None,
    not_reported: tuple[str, ...] = (),
) -> dict[str, go.Figure]:
    """The page's figures, built once per data version and scope (Plotly objects are costly to build; st.plotly_chart
    only reads them)."""
    data = load_view(token, unit_id, as_of, version)
    goals: dict[Measure, tuple[float, float] | None] = {
        "online": (data.online_goal.value, data.online_goal.tolerance) if data.online_goal else None,
        "late": (data.late_goal.value, data.late_goal.tolerance) if data.late_goal else None,
    }
    units = by_unit(data)
    with_figures = {name for name, _ in units}
    absent = [name for name in not_reported if name not in with_figures]
    return page_figures(
        units, sorted(data.by_sector.items()), data.trend, goals, highlight=highlight, not_reported=absent
    )


@st.cache_data(max_entries=64, show_spinner=False)
def workbook(
    table_kind: str,
    token: str,
    unit_id: int | None,
    as_of: date,
    version: int,
    wanted: LateFilter,
    label: str,
) -> bytes:
    """A table as a formatted Excel file, built once per data version, scope and filter."""
    period = periods.from_token(token)
    assert period is not None
    view = load_view(token, unit_id, as_of, version)
    return table_workbook(view, table_kind, wanted, unit_label=label, period_label=period.label)


def excel_button(table_kind: str, file_name: str, wanted: LateFilter = NO_FILTER) -> None:
    """'Tải Excel' as on every page. The file is made when the button is clicked, not on every run: the late
    list's thousand rows would otherwise cost each fresh view of the page a tenth of a second."""
    st.download_button(
        txt.COMMON_BUTTON_TAI_EXCEL,
        data=functools.partial(
            workbook, table_kind, scope.period.token, scope.unit_id, as_of, version, wanted, scope.unit_label
        ),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"excel_{table_kind}",
        icon=":material/download:",
        on_click="ignore",
    )


def caption(text: str) -> None:
    st.caption(literal(text))


def shown(value: object, kind: str) -> str:
    """A cell as the user reads it: Vietnamese numbers and dates, '—' for missing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    if kind == "percent" and isinstance(value, int | float):
        return vn_percent(float(value))
    if kind == "int" and isinstance(value, int | float):
        return vn_number(value)
    if kind == "date" and isinstance(value, datetime | pd.Timestamp):
        return vn_date(value.date())
    return str(value)


def table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[ExportColumn],
    *,
    key: str,
    codes: Sequence[str | None] | None = None,
) -> None:
    """A sortable table: raw values underneath (numbers sort as numbers), Vietnamese formats on screen. With the
    rows' unit `codes`, selecting a row opens that unit's view."""
    headers = [f"{c.header} ({c.unit})" if c.unit else c.header for c in columns]
    frame = pd.DataFrame([[r.get(c.key) for c in columns] for r in rows], columns=headers)
    formats: dict[Any, str | Callable[[object], str] | None] = {
        h: functools.partial(shown, kind=c.kind) for h, c in zip(headers, columns, strict=True)
    }
    if codes is None:
        st.dataframe(frame.style.format(formats), hide_index=True, key=key, width="stretch")
    else:
        unit_dataframe(
            frame.style.format(formats), key=key, area=AREA, codes=codes, hide_index=True, width="stretch"
        )


def breakdown(title: str, first: str, items: list[tuple[str, dict[str, Any]]], by: str) -> None:
    """The ranked online and late rates side by side, then (folded) the table behind them with its Excel file."""
    st.subheader(title)
    if not items:
        st.info(txt.dossiers_info_chua_co_so_lieu(title=title.lower()))
        return
    for column, measure in zip(st.columns(2), ("online", "late"), strict=True):
        with column:
            name = f"tthc-{measure}-{by}-{scope.period.token}"
            if by == "unit":
                unit_chart(
                    figures[f"{measure}_{by}"], key=f"{measure}_{by}", filename=name, area=AREA, codes=codes
                )
            else:
                chart(figures[f"{measure}_{by}"], key=f"{measure}_{by}", filename=name)
    if by == "unit":
        caption(HINT)
    rows = breakdown_rows(items)
    with st.expander(txt.dossiers_expander_bang_so_lieu(title=title.lower())):
        columns = breakdown_columns(first)
        table(rows, columns, key=f"table_{by}", codes=unit_codes if by == "unit" else None)
        excel_button(by, f"tthc-theo-{by}-{scope.period.token}.xlsx")
        caption(view.figures_source)


def late_list() -> None:
    """The late and overdue dossiers, worst first, with filters; the table sorts by any column."""
    st.subheader(txt.DOSSIERS_HEADING_HO_SO_TRE_HAN)
    if not view.late:
        st.info(txt.DOSSIERS_INFO_KHONG_CO_HO_SO)
        show_sources(view.list_source)
        return
    c1, c2, c3, c4 = st.columns([3, 3, 2, 3])
    units = c1.multiselect(
        txt.COMMON_LABEL_DON_VI,
        sorted({r.unit for r in view.late}),
        key="late_units",
        placeholder=txt.DOSSIERS_PLACEHOLDER_TAT_CA,
    )
    sectors = c2.multiselect(
        txt.DOSSIERS_LABEL_LINH_VUC,
        sorted({r.sector for r in view.late}),
        key="late_sectors",
        placeholder=txt.DOSSIERS_PLACEHOLDER_TAT_CA,
    )
    states = {ALL_STATES: "", **{label: key for key, label in STATE_LABELS.items()}}
    state = c3.selectbox(txt.DOSSIERS_LABEL_TINH_TRANG, list(states), key="late_state")
    text = c4.text_input(txt.DOSSIERS_LABEL_TIM_THEO_MA_HO, key="late_text")
    wanted = LateFilter(tuple(units), tuple(sectors), states[state], text)
    rows = filter_late(view.late, wanted)
    records = late_table(rows)
    more = " (danh sách dừng ở 1.000 hồ sơ quá hạn lâu nhất)" if view.late_truncated else ""
    caption(
        txt.dossiers_caption_ho_so_qua_han_tinh_den(
            n_rows=vn_number(len(rows)), n_late=vn_number(len(view.late)), more=more, as_of=vn_date(as_of)
        )
    )
    frame = pd.DataFrame(records, columns=[c.key for c in LATE_COLUMNS])
    config = {
        c.key: (
            st.column_config.DateColumn(c.header, format="DD/MM/YYYY")
            if c.kind == "date"
            else st.column_config.NumberColumn(c.header, format="%d")
            if c.kind == "int"
            else st.column_config.TextColumn(c.header)
        )
        for c in LATE_COLUMNS
    }
    st.dataframe(
        frame,
        hide_index=True,
        column_config=config,
        column_order=SHOWN_ORDER,
        key="late_table",
        width="stretch",
    )
    excel_button("late", f"ho-so-tre-han-qua-han-{scope.period.token}.xlsx", wanted)
    show_sources(view.list_source)


st.title(txt.DOSSIERS_TITLE_THU_TUC_HANH_CHINH)
if not may_view():
    st.stop()
scope = scope_selector(dataset="dossiers")
as_of = as_of_for(scope.period.end, vietnam_now().date())
version = current_data_version()
view = load_view(scope.period.token, scope.unit_id, as_of, version)
selected = scope.unit.name if scope.unit else None
caption(
    txt.dossiers_caption_ho_so_qua_han(
        unit_label=scope.unit_label, label=scope.period.label, as_of=vn_date(as_of)
    )
)
if view.kpis.get("received_total") is None:
    st.info(txt.dossiers_info_chua_co_du_lieu(unit_label=scope.unit_label, label=scope.period.label))
prev_period, same_period = scope.period.previous(), scope.period.same_period_last_year()
previous_label = None if prev_period.token == same_period.token else prev_period.label
cards = {c.key: c for c in page_cards(view)}
for row in (CARD_ROWS[:3], CARD_ROWS[3:]):  # three a row: labels and "chưa có dữ liệu" read whole at 1440 px
    for column, key in zip(st.columns(3), row, strict=False):
        show_card(column, cards[key], previous_label=previous_label, last_year_label=same_period.label)
show_sources(view.figures_source)

not_reported = load_not_reported(scope.period.token, vietnam_now().date(), version)
figures = load_figures(scope.period.token, scope.unit_id, as_of, version, selected, not_reported)
# Bars are labelled with the unit's name as plain text; a table row's unit is the name's row (alphabetical).
codes = codes_by_label((plain(u.name), u.code) for u in view.by_unit)
unit_codes = [u.code for u in sorted(view.by_unit, key=lambda u: u.name)]  # as by_unit() orders them
breakdown("Theo đơn vị", "Đơn vị", by_unit(view), "unit")
absent = [name for name in not_reported if name not in {u.name for u in view.by_unit}]
if absent:  # owed this month's report and sent none: named, never left out of the list silently
    month = f"tháng {scope.period.end.month}/{scope.period.end.year}"
    caption(f"{NOT_REPORTED[:1].upper()}{NOT_REPORTED[1:]} {month}: {', '.join(absent)}")
breakdown("Theo lĩnh vực", "Lĩnh vực", sorted(view.by_sector.items()), "sector")

st.subheader(txt.DOSSIERS_HEADING_DIEN_BIEN_THEO_THANG)
for column, measure in zip(st.columns(2), ("online", "late"), strict=True):
    with column:
        chart(
            figures[f"trend_{measure}"],
            key=f"trend_{measure}",
            filename=f"tthc-dien-bien-{measure}-{scope.period.token}",
        )
show_sources(view.trend_source)

st.subheader(txt.DOSSIERS_HEADING_HO_SO_DANG_GIAI)
if any(u.figures.get("pending_overdue") for u in view.by_unit):
    unit_chart(
        figures["overdue"],
        key="overdue_by_unit",
        filename=f"tthc-qua-han-theo-don-vi-{scope.period.token}",
        area=AREA,
        codes=codes,
    )
else:
    st.success(txt.DOSSIERS_SUCCESS_KHONG_CO_HO_SO)

late_list()
