"""Giải ngân đầu tư công: the year's curve against the milestones, by source, investor, project and commune —
the investors and projects furthest behind their milestone named first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st
from sqlmodel import Session

from base.formatting import MISSING, NO_DATA, TRIEU, TY, money_text, vn_date, vn_number, vn_percent, vn_points
from base.units import LOCAL_KINDS
from dashboard.kpis.investment import INVESTMENT_KPIS
from dashboard.store.db import get_engine
from dashboard.views.charts import plain, with_not_reported
from dashboard.views.charts.finance import (
    below_title,
    curve_title,
    disbursement_curve,
    reference_bars,
    target_bars,
)
from dashboard.views.exports import ExportColumn
from dashboard.views.finance import as_of_for, investment_page
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
from ui.drill import HINT, unit_chart
from ui.finance import caption, table
from ui.not_reported import not_reported_caption, not_reported_for
from ui.scope import Scope, scope_selector
from ui.session import may_view
from ui.upload import literal

AREA = "disbursement"
SLUG = "giai-ngan"
NAMED = 3  # how many of the furthest-behind investors the page names in words
RATE_AXIS = "% kế hoạch vốn đã giải ngân"


@st.cache_data(max_entries=64, show_spinner=False)
def load(start: date, end: date, as_of: date, unit_id: int | None, version: int) -> dict[str, Any]:
    """The page's data for a scope; `version` keys the cache to the uploads so it is never stale."""
    with Session(get_engine()) as session:
        return investment_page(session=session, unit_id=unit_id, start=start, end=end, as_of=as_of)


@dataclass(frozen=True)
class View:
    """What every section of the page needs: the scope, the data and the next milestone."""

    scope: Scope
    data: dict[str, Any]
    target: float | None
    due: date | None
    not_reported: tuple[
        str, ...
    ] = ()  # units that owed the period's last month and sent none (investor names)
    not_reported_local: tuple[str, ...] = ()  # those of them that are wards and communes

    @property
    def reference(self) -> str:
        return f"mốc {vn_percent(self.target, 0)} ngày {vn_date(self.due)}" if self.due else "mốc kế tiếp"


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _columns(*first: ExportColumn, last: tuple[ExportColumn, ...] = ()) -> list[ExportColumn]:
    """Name first, then the rate and the gap (what is behind), then the money behind them."""
    return [
        *first,
        ExportColumn("pct", "Tỷ lệ giải ngân", "%", "percent"),
        ExportColumn("gap_pts", "So với mốc kế tiếp", "điểm", "points"),
        ExportColumn("plan", "Kế hoạch vốn", "triệu đồng", "money"),
        ExportColumn("disbursed", "Đã giải ngân", "triệu đồng", "money"),
        ExportColumn("undisbursed", "Chưa giải ngân", "triệu đồng", "money"),
        *last,
    ]


def _table_with_excel(
    view: View,
    rows: list[dict[str, Any]],
    columns: list[ExportColumn],
    *,
    what: str,
    slug: str,
    units: bool = False,
) -> None:
    """The table on screen and its Excel file (points are plain numbers there). Rows that are `units` open
    that unit's view when selected."""
    drill = (AREA, [r.get("unit_code") for r in rows]) if units else None
    table(rows, columns, key=f"{SLUG}_{slug}_table", unit=TRIEU, drill=drill)
    excel_download(
        title=txt.investment_export_title_giai_ngan_von_dau(what=what, unit_label=view.scope.unit_label),
        period_label=f"{view.scope.period.label} (số liệu ngày {vn_date(_day(view.data['as_of']))})",
        columns=[
            ExportColumn(c.key, c.header, c.unit, "percent" if c.kind == "points" else c.kind)
            for c in columns
        ],
        rows=rows,
        key=f"{SLUG}_{slug}_xlsx",
        file_name=f"{SLUG}-{view.scope.period.token}-{slug}.xlsx",
        source=view.data["source"],
    )


def cards(view: View) -> None:
    """Plan, disbursed, undisbursed; the rate, the next milestone and the gap to it (with days left)."""
    data, milestone = view.data, view.data["next_milestone"]
    judged = milestone["status"] if milestone else None
    row = st.columns(3)
    for container, key in zip(row, ("plan", "disbursed", "undisbursed"), strict=True):
        k = INVESTMENT_KPIS[key]
        kpi(
            container,
            f"{k.label} ({TY.label})",
            money_text(data[key], TY, with_unit=False),
            definition=k.formula,
        )
    row = st.columns(3)
    k = INVESTMENT_KPIS["disbursement_pct"]
    kpi(row[0], k.label, vn_percent(data["pct"]), definition=k.formula, status=judged)
    kpi(
        row[1],
        f"Mốc giải ngân kế tiếp ({vn_percent(view.target, 0)})" if milestone else "Mốc giải ngân kế tiếp",
        vn_date(view.due) if milestone else MISSING,
        definition=txt.INVESTMENT_DEFINITION_MOC_DAU_TIEN_CO,
    )
    k = INVESTMENT_KPIS["milestone_gap"]
    kpi(
        row[2],
        k.label,
        vn_points(milestone["gap_pts"] if milestone else None),
        definition=k.formula,
        status=judged,
    )
    if milestone:
        days = f"còn {vn_number(milestone['days_left'])} ngày đến mốc {vn_date(view.due)}"
        row[1].caption(txt.investment_caption_chi_tieu_ke_hoach(target=vn_percent(view.target, 0), days=days))
        row[2].caption(days)
    show_sources(data["source"])


def curve(view: View, as_of: date) -> None:
    """The year's rate per report, all sources and each source, against the milestone markers."""
    data = view.data
    total = [(date.fromisoformat(p["as_of"]), p["pct"]) for p in data["year_curve"]]
    sources = {
        name: [(date.fromisoformat(p["as_of"]), p["pct"]) for p in points]
        for name, points in data["source_curves"].items()
    }
    marks = [(date.fromisoformat(m["date"]), m["target_pct"], m["source"]) for m in data["milestones"]]
    last = total[-1] if total else (None, None)
    fig = disbursement_curve(
        total,
        sources,
        marks,
        year=last[0].year if last[0] else as_of.year,
        title=curve_title(last[1], last[0], view.target, view.due),
    )
    chart(fig, key=f"{SLUG}_curve", filename=f"{SLUG}-{view.scope.period.token}-tien-do")
    show_sources(data["curve_source"])


def by_source(view: View) -> None:
    st.subheader(txt.INVESTMENT_HEADING_THEO_NGUON_VON)
    rows = []
    for s in view.data["by_source"]:
        m = s["next_milestone"]
        rows.append(
            {
                **s,
                "target_pct": m["target_pct"] if m else None,
                "milestone": f"{vn_percent(m['target_pct'], 0)} ngày {vn_date(_day(m['date']))}"
                if m
                else MISSING,
                "gap_pts": m["gap_pts"] if m else None,
                "status_text": status_text(m["status"]) if m else MISSING,
            }
        )
    behind = sum(1 for r in rows if r["gap_pts"] is not None and r["gap_pts"] < 0)
    fig = target_bars(
        [r["name"] for r in rows],
        [r["pct"] for r in rows],
        [r["target_pct"] for r in rows],
        title=f"{behind}/{len(rows)} nguồn vốn dưới mốc giải ngân kế tiếp của nguồn",
        value_label=RATE_AXIS,
        target_label="Mốc giải ngân kế tiếp",
    )
    chart(fig, key=f"{SLUG}_sources", filename=f"{SLUG}-{view.scope.period.token}-nguon-von")
    last = (ExportColumn("milestone", "Mốc kế tiếp"), ExportColumn("status_text", "Đánh giá"))
    _table_with_excel(
        view, rows, _columns(ExportColumn("name", "Nguồn vốn"), last=last), what="nguồn vốn", slug="nguon-von"
    )


def by_investor(view: View) -> None:
    """The heads of lagging investors are held responsible (seed 001), so the slowest are named in words."""
    st.subheader(txt.INVESTMENT_HEADING_CHU_DAU_TU_CHAM)
    rows = [{**r, "status_text": status_text(r["status"]) or MISSING} for r in view.data["by_investor"]]
    lagging = [r for r in rows if r["gap_pts"] is not None and r["gap_pts"] < 0]
    if lagging:
        named = "; ".join(
            f"{r['name']} ({vn_percent(r['pct'])}, {vn_points(r['gap_pts'])})" for r in lagging[:NAMED]
        )
        st.warning(
            literal(
                txt.investment_warning_chu_dau_tu_duoi(
                    n_lagging=len(lagging), n_rows=len(rows), reference=view.reference, named=named
                )
            )
        )
    _ranked(view, rows, "chủ đầu tư", "chu-dau-tu", view.not_reported)
    last = (ExportColumn("projects", "Số dự án", "", "int"), ExportColumn("status_text", "Đánh giá"))
    _table_with_excel(
        view,
        rows,
        _columns(ExportColumn("name", "Chủ đầu tư"), last=last),
        what="chủ đầu tư",
        slug="chu-dau-tu",
        units=True,
    )
    not_reported_caption(view.not_reported, view.scope.period.end)


def _ranked(
    view: View, rows: list[dict[str, Any]], noun: str, slug: str, not_reported: tuple[str, ...]
) -> None:
    pcts = [r["pct"] for r in rows]
    fig = reference_bars(
        [r["name"] for r in rows],
        pcts,
        reference=view.target,
        reference_label=view.reference.capitalize(),
        title=below_title(noun, pcts, view.target, view.reference),
        value_label=RATE_AXIS,
    )
    codes = codes_by_label((plain(r["name"]), r.get("unit_code")) for r in rows)
    unit_chart(
        with_not_reported(fig, not_reported),
        key=f"{SLUG}_{slug}",
        filename=f"{SLUG}-{view.scope.period.token}-{slug}",
        area=AREA,
        codes=codes,
    )
    if codes:
        caption(HINT)


def by_project(view: View) -> None:
    st.subheader(txt.INVESTMENT_HEADING_DU_AN_CHAM_NHAT)
    st.caption(txt.INVESTMENT_CAPTION_MOI_DU_AN_SO)
    rows = [{**r, "status_text": status_text(r["status"]) or MISSING} for r in view.data["by_project"]]
    last = (
        ExportColumn("investor", "Chủ đầu tư"),
        ExportColumn("source", "Nguồn vốn"),
        ExportColumn("commune", "Địa điểm"),
        ExportColumn("status_text", "Đánh giá"),
    )
    _table_with_excel(
        view, rows, _columns(ExportColumn("name", "Dự án"), last=last), what="dự án", slug="du-an"
    )


def by_commune(view: View) -> None:
    st.subheader(txt.INVESTMENT_HEADING_THEO_XA_PHUONG_DIA)
    rows = [{**r, "status_text": status_text(r["status"]) or MISSING} for r in view.data["by_commune"]]
    _ranked(view, rows, "xã, phường", "xa-phuong", view.not_reported_local)
    last = (ExportColumn("projects", "Số dự án", "", "int"), ExportColumn("status_text", "Đánh giá"))
    _table_with_excel(
        view,
        rows,
        _columns(ExportColumn("name", "Xã, phường"), last=last),
        what="xã, phường",
        slug="xa-phuong",
        units=True,
    )
    not_reported_caption(view.not_reported_local, view.scope.period.end)


st.title(txt.INVESTMENT_TITLE_GIAI_NGAN_DAU_TU)
if not may_view():
    st.stop()
scope = scope_selector(dataset="disbursement")
as_of = as_of_for(scope.period.end)
data = load(scope.period.start, scope.period.end, as_of, scope.unit_id, current_data_version())
milestone = data["next_milestone"]
view = View(
    scope,
    data,
    milestone["target_pct"] if milestone else None,
    _day(milestone["date"]) if milestone else None,
    not_reported_for("disbursement", scope.period.end, as_agencies=True, within=scope.unit_id),
    not_reported_for("disbursement", scope.period.end, LOCAL_KINDS, within=scope.unit_id),
)
shown = f"số liệu ngày {vn_date(_day(data['as_of']))}" if data["as_of"] else NO_DATA
caption(
    txt.investment_caption_moc_tinh_den_ngay(
        unit_label=scope.unit_label, label=scope.period.label, shown=shown, as_of=vn_date(as_of)
    )
)
if not data["in_period"]:
    latest = _day(data["latest_as_of"])
    hint = f" Báo cáo gần nhất: ngày {vn_date(latest)}." if latest else ""
    st.info(txt.investment_info_chua_co_bao_cao(label=scope.period.label, no_data=NO_DATA, hint=hint))
cards(view)
curve(view, as_of)
if data["by_project"]:
    by_source(view)
    by_investor(view)
    by_project(view)
    by_commune(view)
else:  # no project to rank: the units that owed the report are still named
    not_reported_caption(view.not_reported, scope.period.end)
