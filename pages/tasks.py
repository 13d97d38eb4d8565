"""Nhiệm vụ: completion of the assigned tasks by lead agency, the overdue and due-soon tasks, for the weekly meeting."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from sqlmodel import Session

from base.formatting import MISSING, NO_DATA, vn_date, vn_number, vn_percent
from base.periods import Selected
from dashboard.kpis.tasks import DUE_SOON_DAYS, TASK_COUNT_KPIS, TASK_KPIS, task_verdict
from dashboard.queries.provenance import source_line
from dashboard.queries.targets import target_for
from dashboard.queries.tasks import lead_codes, tasks_section
from dashboard.store.db import get_engine
from dashboard.views.charts import plain, with_not_reported
from dashboard.views.charts.tasks import completion_by_lead
from dashboard.views.exports import ExportColumn
from dashboard.views.tasks import (
    DUE_SOON_COLUMNS,
    LEAD_COLUMNS,
    OVERDUE_COLUMNS,
    filter_rows,
    listed_tasks,
    source_batches,
)
from dashboard.views.unit_links import codes_by_label
from ui import strings as txt
from ui.components import current_data_version, excel_download, kpi, show_sources
from ui.drill import HINT, unit_chart, unit_dataframe
from ui.not_reported import not_reported_caption, not_reported_for
from ui.scope import scope_selector
from ui.session import may_view
from ui.upload import literal

AS_OF_PARAM = "ngay"
# Pixel widths that fit a 1440-pixel laptop screen with the sidebar open (the last columns may scroll).
WIDTHS = {
    "title": 290,
    "lead": 190,
    "product": 180,
    "deadline_text": 170,
    "deadline": 90,
    "status": 115,
    "verdict": 150,  # "— chưa đến hạn", "⚠️ Gần đạt" read whole
}
VERDICT_HELP = (
    "Đánh giá trên các nhiệm vụ đã đến hạn (đã hoàn thành + quá hạn) so với chỉ tiêu hoàn thành; cơ quan chưa có "
    "nhiệm vụ nào đến hạn thì chưa đánh giá (— chưa đến hạn), không phải Chậm."
)
CARDS = (
    ("total", "done", "completion_rate", "overdue"),
    ("done_on_time", "done_late", "in_progress", "no_deadline"),
)


@st.cache_data(max_entries=64, show_spinner=False)
def load(start: date, end: date, unit_id: int | None, as_of: date, version: int) -> dict[str, Any]:
    """Counts, by-lead table, lists, target and source of a scope; `version` keys the cache to the uploads."""
    with Session(get_engine()) as session:
        section = tasks_section(session=session, unit_id=unit_id, start=start, end=end, as_of=as_of)
        lists = listed_tasks(session=session, unit_id=unit_id, start=start, end=end, as_of=as_of)
        target = target_for(
            session=session, indicator="task_completion_rate", year=end.year, unit_id=unit_id, on=end
        )
        batches = source_batches(session=session, unit_id=unit_id, start=start, end=end)
        goal, tolerance = (None, 5.0) if target is None else (target.value, target.tolerance)
        codes = lead_codes(session=session)
        for row in section["by_lead"]:
            row["unit_code"] = codes.get(row["lead"])  # an outside agency has none: its row opens nothing
            verdict = task_verdict(row, goal, tolerance=tolerance)
            row["status"], row["status_reason"] = verdict.text, verdict.reason
        return {
            "section": section,
            "lists": lists,
            "target": None if target is None else {"value": target.value, "tolerance": target.tolerance},
            "verdict": task_verdict(section, goal, tolerance=tolerance),
            "source": source_line(batches, session=session),
        }


def as_of_input(period: Selected) -> date:
    """The day overdue is counted on: the period's end (not after today) unless the URL or the user says."""
    default = min(period.end, date.today())
    try:
        current = date.fromisoformat(st.query_params.get(AS_OF_PARAM, ""))
    except ValueError:
        current = default
    picked = st.sidebar.date_input(
        txt.TASKS_LABEL_TINH_QUA_HAN_DEN,
        current,
        format="DD/MM/YYYY",
        key=f"tasks_as_of_{period.token}",
        help=txt.TASKS_HELP_NHIEM_VU_CHUA_HOAN,
    )
    as_of = picked if isinstance(picked, date) else default
    if as_of == default:
        st.query_params.pop(AS_OF_PARAM, None)
    else:
        st.query_params[AS_OF_PARAM] = as_of.isoformat()
    return as_of


def _shown(value: object, kind: str) -> str:
    """A cell as the user reads it: Vietnamese numbers and dates, '—' for missing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    if kind == "date":
        return vn_date(value.date() if isinstance(value, pd.Timestamp) else value)  # type: ignore[arg-type]
    if kind == "percent":
        return vn_percent(float(value))  # type: ignore[arg-type]
    if kind == "int":
        return vn_number(value)  # type: ignore[arg-type]
    return str(value)


def table(
    rows: Sequence[dict[str, Any]], columns: Sequence[ExportColumn], *, key: str, units: bool = False
) -> None:
    """A sortable table: raw values underneath (so sorting is numeric), Vietnamese formats on screen. Rows that
    are `units` (lead agencies of ours) open that unit's view when selected."""
    frame = pd.DataFrame(
        [[r.get(c.key) for c in columns] for r in rows], columns=[_header(c) for c in columns]
    )
    for c in columns:
        if c.kind == "date":
            frame[_header(c)] = pd.to_datetime(frame[_header(c)])
    formats: dict[Any, str | Callable[[object], str] | None] = {
        _header(c): functools.partial(_shown, kind=c.kind) for c in columns if c.kind != "text"
    }
    config: dict[str, Any] = {
        _header(c): st.column_config.Column(width=_width(c), help=VERDICT_HELP if _is_verdict(c) else None)
        for c in columns
    }
    options: dict[str, Any] = {
        "hide_index": True,
        "width": "stretch",
        "height": min(36 * (len(frame) + 1) + 4, 640),  # every row without scrolling, up to ~17 rows
        "column_config": config,
    }
    if units:
        codes = [r.get("unit_code") for r in rows]
        unit_dataframe(frame.style.format(formats), key=key, area="tasks", codes=codes, **options)
    else:
        st.dataframe(frame.style.format(formats), key=key, **options)


def _is_verdict(column: ExportColumn) -> bool:
    return column.header.startswith("Đánh giá")


def _width(column: ExportColumn) -> int:
    """The column's width; a verdict column is wide enough for its words ("— chưa đến hạn")."""
    return WIDTHS["verdict"] if _is_verdict(column) else WIDTHS.get(column.key, 110)


def _header(column: ExportColumn) -> str:
    return f"{column.header} ({column.unit})" if column.unit and column.unit != "%" else column.header


def cards(section: dict[str, Any], data: dict[str, Any]) -> None:
    """The eight KPI cards, each with its formula as the tooltip; no tasks reads 'chưa có dữ liệu'."""
    empty = not section["total"]
    target = data["target"]
    for keys in CARDS:
        for container, key in zip(st.columns(len(keys)), keys, strict=True):
            if key == "completion_rate":
                value = MISSING if empty else vn_percent(section[key])
                kpi_info = TASK_KPIS[key]
                verdict = data["verdict"]
                kpi(
                    container,
                    kpi_info.label,
                    value,
                    definition=txt.tasks_definition_danh_gia(formula=kpi_info.formula, reason=verdict.reason),
                    status=None if empty else verdict.status,
                )
                if not empty and verdict.status is None:
                    container.caption(verdict.text)
                container.caption(
                    f"Chỉ tiêu: {vn_percent(target['value'], 0)}" if target else "Chưa có chỉ tiêu"
                )
                continue
            count = TASK_COUNT_KPIS[key]
            kpi(
                container,
                count.label,
                MISSING if empty else vn_number(section[key]),
                definition=count.formula,
            )


st.title(txt.TASKS_TITLE_NHIEM_VU_DUOC_GIAO)
if not may_view():
    st.stop()
scope = scope_selector(dataset="tasks")
as_of = as_of_input(scope.period)
data = load(scope.period.start, scope.period.end, scope.unit_id, as_of, current_data_version())
section = data["section"]
period_label = f"{scope.period.label}, tính đến {vn_date(as_of)}"
st.caption(literal(f"{scope.unit_label} · {period_label}"))
if not section["total"]:
    st.info(
        literal(
            txt.tasks_info_nhiem_vu_cho_chua(
                no_data=NO_DATA.capitalize(), unit_label=scope.unit_label, label=scope.period.label
            )
        )
    )
cards(section, data)
show_sources(data["source"])
# Units that owed the period's last month's list and sent none: no bar in the chart, named under the table.
absent = not_reported_for("tasks", scope.period.end, as_agencies=True, within=scope.unit_id)
if not section["total"]:
    not_reported_caption(absent, scope.period.end)
    st.stop()

st.subheader(txt.TASKS_HEADING_HOAN_THANH_THEO_CO)
target = data["target"]
leads = section["by_lead"]
if len(leads) + len(absent) > 1:  # one agency (a unit selected) is a single bar: its row below says it all
    unit_chart(
        with_not_reported(
            completion_by_lead(
                leads,
                target=target["value"] if target else None,
                tolerance=target["tolerance"] if target else 5.0,
            ),
            absent,
        ),
        key="tasks_by_lead",
        filename="nhiem-vu-theo-co-quan",
        area="tasks",
        codes=codes_by_label((plain(r["lead"]), r.get("unit_code")) for r in leads),
    )
    st.caption(HINT)
table(leads, LEAD_COLUMNS, key="tasks_lead_table", units=True)
not_reported_caption(absent, scope.period.end)
excel_download(
    title=txt.tasks_export_title_ty_le_hoan_thanh(unit_label=scope.unit_label),
    period_label=period_label,
    columns=LEAD_COLUMNS,
    rows=leads,
    key="tasks_lead_xlsx",
    file_name=f"nhiem-vu-theo-co-quan-{scope.period.token}.xlsx",
    source=data["source"],
)

st.subheader(txt.TASKS_HEADING_NHIEM_VU_QUA_HAN)
lists = data["lists"]
all_leads = sorted({r["lead"] for rows in lists.values() for r in rows})
left, right = st.columns([2, 3])
chosen = left.multiselect(
    txt.TASKS_LABEL_CO_QUAN_CHU_TRI,
    all_leads,
    placeholder=txt.TASKS_PLACEHOLDER_MOI_CO_QUAN,
    key="tasks_filter_lead",
)
text = right.text_input(txt.TASKS_LABEL_TIM_TRONG_NHIEM_VU, key="tasks_filter_text")
for name, heading, columns, empty_text in (
    ("overdue", "Quá hạn", OVERDUE_COLUMNS, "Không có nhiệm vụ quá hạn."),
    (
        "due_soon",
        f"Sắp đến hạn ({DUE_SOON_DAYS} ngày tới)",
        DUE_SOON_COLUMNS,
        f"Không có nhiệm vụ đến hạn trong {DUE_SOON_DAYS} ngày tới.",
    ),
):
    rows = filter_rows(lists[name], leads=chosen, text=text)
    st.markdown(txt.tasks_text_nhiem_vu(heading=heading, n_rows=vn_number(len(rows))))
    if not rows:
        st.caption(empty_text)
        continue
    table(rows, columns, key=f"tasks_{name}")
    excel_download(
        title=txt.tasks_export_title_nhiem_vu(heading=heading.lower(), unit_label=scope.unit_label),
        period_label=period_label,
        columns=columns,
        rows=rows,
        key=f"tasks_{name}_xlsx",
        file_name=f"nhiem-vu-{name.replace('_', '-')}-{scope.period.token}.xlsx",
        source=data["source"],
    )
