"""Tổng quan: the town's dossier KPIs for a year (the full overview is its own issue)."""

from datetime import date

import streamlit as st
from sqlmodel import Session

from dashboard.db import data_version, get_engine
from dashboard.formatting import vn_number, vn_percent
from dashboard.kpis import DOSSIER_KPIS
from dashboard.report import kpi_report


@st.cache_data(max_entries=64)
def _report(year: int, version: int) -> dict[str, object]:
    """The KPI report for a year; `version` keys the cache so a new upload is never served stale."""
    with Session(get_engine()) as session:
        return kpi_report(session, unit_id=None, start=date(year, 1, 1), end=date(year, 12, 31))


st.title("Tổng quan thủ tục hành chính")
year = st.selectbox(
    "Năm", options=list(range(date.today().year, 2019, -1)), index=None, placeholder="Chọn năm"
)
year = year or 2023
with Session(get_engine()) as s:
    version = data_version(s)
report = _report(year, version)
dossiers = report["dossiers"]
assert isinstance(dossiers, dict)
st.caption(f"Phạm vi: {report['scope']['unit']}, năm {year}")  # type: ignore[index]
cols = st.columns(3)
cols[0].metric("Tổng số hồ sơ nhận", vn_number(dossiers["received_total"]))
cols[1].metric("Đã giải quyết", vn_number(dossiers["resolved_total"]))
cols[2].metric("Đang giải quyết quá hạn", vn_number(dossiers["pending_overdue"]))
rate_cols = st.columns(len(DOSSIER_KPIS))
for col, (key, kpi) in zip(rate_cols, DOSSIER_KPIS.items(), strict=True):
    col.metric(kpi.label, vn_percent(dossiers[key]), help=kpi.formula)
