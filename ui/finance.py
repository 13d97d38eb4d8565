"""The budget pages (Thu ngân sách, Chi ngân sách — one layout, two kinds) and the finance tables they share."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from sqlmodel import Session

from base.formatting import (
    MISSING,
    NO_DATA,
    TRIEU,
    TY,
    MoneyUnit,
    money_text,
    money_unit_for,
    vn_number,
    vn_percent,
    vn_points,
    vn_signed,
)
from base.units import LOCAL_KINDS
from dashboard.kpis.budget import BudgetKind, budget_kpis_of, gap_definition
from dashboard.kpis.common import status
from dashboard.store.db import get_engine
from dashboard.views.charts import plain, with_not_reported
from dashboard.views.charts.finance import (
    below_title,
    budget_progress,
    monthly_bars,
    monthly_title,
    progress_title,
    reference_bars,
    target_bars,
)
from dashboard.views.exports import ExportColumn
from dashboard.views.finance import as_of_for, budget_page
from dashboard.views.unit_links import codes_by_label
from ui import strings as txt
from ui.components import (
    chart,
    current_data_version,
    excel_download,
    kpi,
    show_sources,
    status_text,
)
from ui.drill import HINT, unit_chart, unit_dataframe
from ui.not_reported import not_reported_caption, not_reported_for
from ui.scope import Scope, scope_selector
from ui.session import may_view
from ui.upload import literal

VERDICT = "Đánh giá"
VERDICT_WIDTH = 125  # "⚠️ Gần đạt" at the grid's 14 px font, with the cell padding
NAME_WIDTH = 230
FIGURE_WIDTH = 110
LAND_PARAM = "tru_sdd"  # the URL keeps "without land-use fees" too, so that view can be bookmarked


@dataclass(frozen=True)
class Words:
    """A kind's Vietnamese wording."""

    title: str
    noun: str  # "Thu", "Chi"
    item: str  # "khoản thu"
    slug: str  # for keys and file names


WORDS = {
    "revenue": Words("Thu ngân sách", "Thu", "khoản thu", "thu-ngan-sach"),
    "expenditure": Words("Chi ngân sách", "Chi", "khoản chi", "chi-ngan-sach"),
}


def _shown(value: object, kind: str, unit: MoneyUnit | None) -> str:
    """A cell as the user reads it: Vietnamese numbers, '—' for missing."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    if kind == "percent":
        return vn_percent(float(value))  # type: ignore[arg-type]
    if kind == "points":  # the header carries the unit ("điểm")
        return vn_points(float(value), with_unit=False)  # type: ignore[arg-type]
    if kind == "money" and unit is not None:
        return money_text(float(value), unit, with_unit=False)  # type: ignore[arg-type]
    if kind == "int":
        return vn_number(value)  # type: ignore[arg-type]
    return str(value)


def table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[ExportColumn],
    *,
    key: str,
    unit: MoneyUnit | None = None,
    drill: tuple[str, Sequence[str | None]] | None = None,
) -> None:
    """A sortable table: raw values underneath (numeric sorting), Vietnamese formats on screen. With `drill`
    (the area and the rows' unit codes), selecting a row opens that unit's view."""
    headers = [f"{c.header} ({c.unit})" if c.unit and c.unit != "%" else c.header for c in columns]
    frame = pd.DataFrame([[r.get(c.key) for c in columns] for r in rows], columns=headers)
    formats: dict[Any, str | Callable[[object], str] | None] = {
        h: functools.partial(_shown, kind=c.kind, unit=unit) for h, c in zip(headers, columns, strict=True)
    }
    config = {
        h: st.column_config.Column(width=_width(c), pinned=i == 0)
        for i, (h, c) in enumerate(zip(headers, columns, strict=True))
    }
    # On screen the verdict comes right after the name, so it is read without scrolling sideways.
    order = [
        headers[0],
        *[h for h, c in zip(headers, columns, strict=True) if c.header == VERDICT],
        *[h for h, c in zip(headers[1:], columns[1:], strict=True) if c.header != VERDICT],
    ]
    options: dict[str, Any] = {
        "hide_index": True,
        "width": "stretch",
        "column_config": config,
        "column_order": order,
    }
    styled = frame.style.format(formats, na_rep=MISSING)
    if drill is None:
        st.dataframe(styled, key=key, **options)
    else:
        unit_dataframe(styled, key=key, area=drill[0], codes=drill[1], **options)


def _width(column: ExportColumn) -> int:
    """Pixels: the verdict's words whole ("⚠️ Gần đạt"), names wide, figures as wide as their header."""
    if column.header == VERDICT:
        return VERDICT_WIDTH
    if column.kind == "text":
        return NAME_WIDTH
    return max(FIGURE_WIDTH, 8 * len(column.header) + (8 * len(column.unit) if column.unit != "%" else 0))


def caption(text: str) -> None:
    """A caption shown exactly as written (file and unit names are data, never markup)."""
    st.caption(literal(text))


@st.cache_data(max_entries=64, show_spinner=False)
def load_budget(
    kind: BudgetKind, start: date, end: date, as_of: date, unit_id: int | None, version: int
) -> dict[str, Any]:
    """The page's data for a scope; `version` keys the cache to the uploads so it is never stale."""
    with Session(get_engine()) as session:
        return budget_page(session=session, kind=kind, unit_id=unit_id, start=start, end=end, as_of=as_of)


def show_budget_page(kind: BudgetKind) -> None:
    """Year to date vs estimate vs time progress, months vs last year, items, communes — for one kind."""
    words = WORDS[kind]
    st.title(words.title)
    if not may_view():
        st.stop()
    scope = scope_selector(dataset=kind)
    data = load_budget(
        kind,
        scope.period.start,
        scope.period.end,
        as_of_for(scope.period.end),
        scope.unit_id,
        current_data_version(),
    )
    sec = data["section"]
    excl = kind == "revenue" and st.toggle(
        txt.BUDGET_LABEL_LOAI_TRU_TIEN_SU,
        key=LAND_PARAM,
        bind="query-params",
        help=txt.BUDGET_HELP_TIEN_SU_DUNG_DAT,
    )
    month = sec["as_of_month"]
    reported = f"số liệu đến hết tháng {int(month[5:])}/{month[:4]}" if month else NO_DATA
    caption(f"{scope.unit_label} · {scope.period.label} · {reported}")
    if month is None:
        st.info(
            literal(
                txt.budget_info_chua_co_du_lieu(
                    title=words.title.lower(), unit_label=scope.unit_label, label=scope.period.label
                )
            )
        )
    _cards(kind, words, sec, data, excl)
    for note in data["notes"]:
        caption(note)
    show_sources(data["source"])
    if month is not None:
        _charts(kind, words, sec, data, excl, scope)
    _communes(kind, words, data, scope)


def _cards(kind: BudgetKind, words: Words, sec: dict[str, Any], data: dict[str, Any], excl: bool) -> None:
    """Two rows of four: the rates first (what is behind), then the amounts behind them. Without land-use fees
    the labels stay short ("trừ SDĐ") so they fit a card; the tooltips say it in full."""
    defs = budget_kpis_of(kind)
    low = words.noun.lower()
    unit = TY  # headlines in tỷ đồng, as leaders read them; the tables below keep triệu đồng
    tp = sec["time_progress_pct"]
    tolerance = data["target"]["tolerance"] if data["target"] else 5.0
    pct_key = "pct_of_estimate_excl_land" if excl else "pct_of_estimate"
    pct = sec[pct_key]
    vs_last = data.get("pct_vs_last_year_excl_land") if excl else sec["pct_vs_last_year"]
    judged = status(pct, tp, tolerance=tolerance)
    gap = None if pct is None or tp is None else pct - tp
    month_no = sec["as_of_month"][5:].lstrip("0") if sec["as_of_month"] else ""
    last_month = data["monthly"][-1] if data["monthly"] else {}
    no_land = " (không kể tiền sử dụng đất)" if excl else ""

    def label(full: str, short: str) -> str:
        return f"{short} trừ SDĐ" if excl else full

    def money(value: float | None) -> str:
        return money_text(value, unit, with_unit=False)

    if excl:
        caption(txt.BUDGET_CAPTION_CAC_SO_DUOI_DAY)
    row = st.columns(4)
    kpi(
        row[0],
        label(f"Lũy kế {low}", "Lũy kế") + f" ({unit.label})",
        money(sec["ytd_excl_land"] if excl else sec["ytd"]),
        definition=defs["ytd"].formula + no_land,
    )
    kpi(
        row[1],
        label(defs["pct_of_estimate"].label, "So dự toán,"),
        vn_percent(pct),
        definition=defs[pct_key].formula,
        status=judged,
    )
    if data["target"]:
        row[1].caption(txt.budget_caption_chi_tieu_nam_du(value=vn_percent(data["target"]["value"], 0)))
    kpi(row[2], defs["time_progress_pct"].label, vn_percent(tp), definition=defs["time_progress_pct"].formula)
    kpi(
        row[3],
        label(defs["pct_vs_last_year"].label, "So cùng kỳ,"),
        vn_percent(vs_last),
        definition=defs["pct_vs_last_year"].formula + no_land,
        delta=None if vs_last is None else vn_signed(vs_last - 100, 2, "%"),
        delta_color="normal" if kind == "revenue" else "off",
    )
    row = st.columns(4)
    kpi(
        row[0],
        label("Dự toán năm", "Dự toán") + f" ({unit.label})",
        money(data.get("estimate_excl_land") if excl else sec["estimate"]),
        definition=defs["estimate"].formula + no_land,
    )
    kpi(
        row[1],
        label(f"{words.noun} tháng {month_no}", f"Tháng {month_no}") + f" ({unit.label})",
        money(last_month.get("this_year_excl_land") if excl else sec["month"]),
        definition=defs["month"].formula + no_land,
    )
    kpi(
        row[2],
        label(f"Cùng kỳ {data['year'] - 1}", "Cùng kỳ") + f" ({unit.label})",
        money(data.get("same_period_excl_land") if excl else sec["same_period_last_year"]),
        definition=defs["same_period_last_year"].formula + no_land,
    )
    kpi(
        row[3],
        txt.BUDGET_KPI_SO_VOI_TIEN_DO,
        vn_points(gap),
        definition=gap_definition(kind, excluding_land=excl, tolerance=tolerance),
        status=judged,
    )


def _charts(
    kind: BudgetKind, words: Words, sec: dict[str, Any], data: dict[str, Any], excl: bool, scope: Scope
) -> None:
    tp = sec["time_progress_pct"]
    rows = [(f"Tổng {words.noun.lower()}", sec["pct_of_estimate"])]
    if kind == "revenue":
        rows.append(("Không kể tiền sử dụng đất", sec["pct_of_estimate_excl_land"]))
    pct = sec["pct_of_estimate_excl_land"] if excl else sec["pct_of_estimate"]
    name = f"{words.slug}-{scope.period.token}"
    noun = words.noun + (" không kể tiền sử dụng đất" if excl else "")
    chart(
        budget_progress(rows, time_progress=tp, title=progress_title(noun, pct, tp)),
        key=f"{words.slug}_progress",
        filename=f"{name}-so-du-toan",
    )
    monthly = data["monthly"]
    unit = money_unit_for([v for r in monthly for v in (r["this_year"], r["last_year"])])
    suffix = "_excl_land" if excl else ""
    vs_last = data.get("pct_vs_last_year_excl_land") if excl else sec["pct_vs_last_year"]
    chart(
        monthly_bars(
            [r["month"] for r in monthly],
            [r["this_year" + suffix] for r in monthly],
            [r["last_year" + suffix] for r in monthly],
            year=data["year"],
            unit=unit,
            title=monthly_title(noun, data["year"], len(monthly), vs_last),
        ),
        key=f"{words.slug}_monthly",
        filename=f"{name}-theo-thang",
    )
    if all(r["last_year"] is None for r in monthly):
        caption(
            txt.budget_caption_chua_co_bao_cao(
                year=data["year"] - 1, unit_label=scope.unit_label, year_2=data["year"]
            )
        )
    show_sources(data["monthly_source"])
    items = [i for i in sec["items"] if not (excl and i["is_land_use"])]
    items = sorted(items, key=lambda i: (i["pct_of_estimate"] is None, i["pct_of_estimate"] or 0.0))
    st.subheader(txt.budget_heading_cac_so_voi_du(item=words.item))
    pcts = [i["pct_of_estimate"] for i in items]
    chart(
        reference_bars(
            [i["name"] for i in items],
            pcts,
            reference=tp,
            reference_label=f"Tiến độ thời gian {vn_percent(tp)}",
            title=below_title(words.item, pcts, tp, f"tiến độ thời gian {vn_percent(tp)}"),
            value_label="% so với dự toán năm",
        ),
        key=f"{words.slug}_items",
        filename=f"{name}-theo-khoan",
    )
    item_rows = [
        {**i, "gap_pts": None if i["pct_of_estimate"] is None or tp is None else i["pct_of_estimate"] - tp}
        for i in items
    ]
    columns = [
        ExportColumn("name", words.item.capitalize()),
        ExportColumn("group", "Nhóm"),
        ExportColumn("estimate", "Dự toán năm", TRIEU.label, "money"),
        ExportColumn("ytd", "Lũy kế từ đầu năm", TRIEU.label, "money"),
        ExportColumn("pct_of_estimate", "So dự toán", "%", "percent"),
        ExportColumn("gap_pts", "So tiến độ thời gian", "điểm", "points"),
    ]
    table(item_rows, columns, key=f"{words.slug}_items_table", unit=TRIEU)
    excel_download(
        title=txt.budget_export_title_theo(title=words.title, item=words.item, unit_label=scope.unit_label),
        period_label=scope.period.label,
        columns=_export(columns),
        rows=item_rows,
        key=f"{words.slug}_items_xlsx",
        file_name=f"{name}-theo-khoan.xlsx",
        source=data["source"],
    )


def _export(columns: Sequence[ExportColumn]) -> list[ExportColumn]:
    """The Excel file keeps triệu đồng (the reports' own unit) and writes points as plain numbers."""
    return [
        ExportColumn(
            c.key,
            c.header,
            "triệu đồng" if c.kind == "money" else c.unit,
            "percent" if c.kind == "points" else c.kind,
        )
        for c in columns
    ]


def _communes(kind: BudgetKind, words: Words, data: dict[str, Any], scope: Scope) -> None:
    st.subheader(txt.budget_heading_cac_xa_phuong(title=words.title))
    rows = data["communes"]
    # Owed the period's last month and sent none: no bar in the chart and named under the table, never 0.
    absent = not_reported_for(kind, scope.period.end, LOCAL_KINDS)
    if not rows:
        st.info(
            txt.budget_info_chua_co_xa_phuong(title=words.title.lower(), year=data["year"], no_data=NO_DATA)
        )
        not_reported_caption(absent, scope.period.end)
        return
    known = [r for r in rows if r["pct_of_estimate"] is not None]
    behind = sum(1 for r in known if r["gap_pts"] is not None and r["gap_pts"] < 0)
    unit_chart(
        with_not_reported(
            target_bars(
                [r["name"] for r in known],
                [r["pct_of_estimate"] for r in known],
                [r["time_progress_pct"] for r in known],
                title=f"{behind}/{len(known)} xã, phường dưới tiến độ thời gian của tháng báo cáo"
                if known
                else f"Xã, phường: {NO_DATA} trong kỳ",
                value_label="% so với dự toán năm",
                target_label="Tiến độ thời gian",
            ),
            absent,
        ),
        key=f"{words.slug}_communes",
        filename=f"{words.slug}-{scope.period.token}-xa-phuong",
        area=kind,
        codes=codes_by_label((plain(r["name"]), r["code"]) for r in known),
    )
    caption(HINT)
    shown = [
        {
            **r,
            "month": f"{int(r['as_of_month'][5:])}/{r['as_of_month'][:4]}" if r["as_of_month"] else NO_DATA,
            "status_text": status_text(r["status"]) or MISSING,
        }
        for r in rows
    ]
    columns = [
        ExportColumn("name", "Xã, phường"),
        ExportColumn("month", "Số liệu đến tháng"),
        ExportColumn("estimate", "Dự toán năm", "triệu đồng", "money"),
        ExportColumn("ytd", "Lũy kế từ đầu năm", "triệu đồng", "money"),
        ExportColumn("pct_of_estimate", "So dự toán", "%", "percent"),
        ExportColumn("time_progress_pct", "Tiến độ thời gian", "%", "percent"),
        ExportColumn("gap_pts", "So tiến độ thời gian", "điểm", "points"),
        ExportColumn("status_text", "Đánh giá"),
    ]
    table(
        shown,
        columns,
        key=f"{words.slug}_communes_table",
        unit=TRIEU,
        drill=(kind, [r["code"] for r in shown]),
    )
    not_reported_caption(absent, scope.period.end)
    show_sources(data["communes_source"])
    excel_download(
        title=txt.budget_export_title_cac_xa_phuong(title=words.title),
        period_label=scope.period.label,
        columns=_export(columns),
        rows=shown,
        key=f"{words.slug}_communes_xlsx",
        file_name=f"{words.slug}-{scope.period.token}-xa-phuong.xlsx",
        source=data["communes_source"],
    )
