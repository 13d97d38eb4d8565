"""The overview's download block: the leaders' report of the page's period and unit, as PDF and as Excel.

The files are built only when a button is pressed (deferred data) and cached per period, unit, data version and
day, so opening the overview costs nothing and both buttons share one build.
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlmodel import Session

from base import periods
from base.formatting import vietnam_now
from dashboard.reports.content import report_title
from dashboard.reports.files import ReportFiles, build_report_files
from dashboard.settings import get_settings
from dashboard.store.db import get_engine
from ui import strings as txt
from ui.components import current_data_version
from ui.scope import Scope

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(ttl=600, max_entries=16, show_spinner="Đang lập báo cáo…")
def _files(token: str, unit_id: int | None, version: int, today: date) -> ReportFiles:
    period = periods.from_token(token)
    assert period is not None  # the token comes from a Selected
    with Session(get_engine()) as session:
        return build_report_files(
            session=session,
            period=period,
            unit_id=unit_id,
            today=today,
            generated_at=vietnam_now(),
            dashboard_url=get_settings().dashboard_url,
        )


def report_downloads(scope: Scope) -> None:
    """Two buttons: the report as PDF and as a workbook, for the scope the page shows."""
    today = vietnam_now().date()
    token, unit_id, version = scope.period.token, scope.unit_id, current_data_version()
    stem = f"bao-cao-{token}-{scope.unit.code if scope.unit else 'toan-dia-ban'}"
    st.markdown(txt.report_download_text_gui_lanh_dao(report_title=report_title(scope.period)))
    pdf, xlsx = st.columns(2)
    pdf.download_button(
        txt.REPORT_DOWNLOAD_BUTTON_TAI_BAO_CAO_PDF,
        data=lambda: _files(token, unit_id, version, today).pdf,
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        key="leader_report_pdf",
    )
    xlsx.download_button(
        txt.REPORT_DOWNLOAD_BUTTON_TAI_BANG_SO_LIEU,
        data=lambda: _files(token, unit_id, version, today).xlsx,
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        icon=":material/table:",
        on_click="ignore",
        key="leader_report_xlsx",
    )
