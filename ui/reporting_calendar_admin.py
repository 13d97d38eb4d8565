"""The admin page's reporting calendar: which units owe each dataset's monthly report, and by which day."""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session

from base.formatting import MISSING, vn_datetime
from base.units import UnitRef
from dashboard.access.auth import Account
from dashboard.queries.reporting_status import (
    DATASET_TITLES,
    DEFAULT_DUE_DAY,
    CalendarEntry,
    CalendarError,
    calendar_entries,
    save_calendar_entry,
)
from dashboard.store.audit import record
from dashboard.store.db import get_engine
from ui import strings as txt
from ui.admin_change import admin_change
from ui.upload import literal, show_table

DONE = "ioc_calendar_flash"
DEFAULT_UNITS = "Các đơn vị đã gửi báo cáo này trong 3 tháng trước (mặc định)"
CHOSEN_UNITS = "Danh sách đơn vị do quản trị chọn"


def _row(entry: CalendarEntry, names: dict[str, str]) -> dict[str, str]:
    units = (
        DEFAULT_UNITS if entry.unit_codes is None else ", ".join(names.get(c, c) for c in entry.unit_codes)
    )
    return {
        "Loại số liệu": DATASET_TITLES[entry.dataset],
        "Đơn vị phải báo cáo": units or MISSING,
        "Hạn nộp": f"ngày {entry.due_day} tháng sau kỳ báo cáo",
        "Người sửa": entry.updated_by or MISSING,
        "Lúc sửa": vn_datetime(entry.updated_at),
    }


def calendar_tab(admin: Account, units: list[UnitRef]) -> None:
    """The calendar as it stands, and a form to change one dataset's line."""
    if DONE in st.session_state:
        st.success(literal(st.session_state.pop(DONE)), icon=":material/check_circle:")
    with Session(get_engine()) as session:
        entries = calendar_entries(session=session)
    names = {u.code: u.full_name for u in units}
    st.caption(txt.reporting_calendar_admin_caption_lich_bao_cao_cho(default_due_day=DEFAULT_DUE_DAY))
    show_table([_row(e, names) for e in entries.values()], key="calendar")
    with st.form("calendar", border=True):
        st.markdown(txt.REPORTING_CALENDAR_ADMIN_TEXT_SUA_LICH_CUA_MOT)
        dataset = st.selectbox(
            txt.REPORTING_CALENDAR_ADMIN_LABEL_LOAI_SO_LIEU,
            list(DATASET_TITLES),
            format_func=DATASET_TITLES.__getitem__,
        )
        which = st.radio(
            txt.REPORTING_CALENDAR_ADMIN_LABEL_DON_VI_PHAI_BAO,
            [DEFAULT_UNITS, CHOSEN_UNITS],
            key="calendar_which",
        )
        codes = st.multiselect(
            txt.REPORTING_CALENDAR_ADMIN_LABEL_CAC_DON_VI_KHI,
            [u.code for u in units],
            format_func=lambda c: names.get(c, c),
            placeholder=txt.COMMON_PLACEHOLDER_CHON_DON_VI,
        )
        due_day = st.number_input(
            txt.REPORTING_CALENDAR_ADMIN_LABEL_HAN_NOP_NGAY_CUA, 1, 31, DEFAULT_DUE_DAY, step=1
        )
        if not st.form_submit_button(txt.REPORTING_CALENDAR_ADMIN_BUTTON_LUU_LICH_BAO_CAO):
            return
    chosen = None if which == DEFAULT_UNITS else codes
    if chosen is not None and not chosen:
        st.error(txt.REPORTING_CALENDAR_ADMIN_ERROR_HAY_CHON_IT_NHAT)
        return

    def save(username: str, *, session: Session) -> str:
        entry = save_calendar_entry(
            session=session, dataset=dataset, unit_codes=chosen, due_day=int(due_day), user=username
        )
        who = "mặc định" if entry.unit_codes is None else ", ".join(entry.unit_codes)
        record(
            username,
            "reporting_calendar",
            session=session,
            detail=f"{dataset}: {who}; hạn ngày {entry.due_day}",
        )
        return f"Đã lưu lịch báo cáo {DATASET_TITLES[dataset]}: hạn ngày {entry.due_day} tháng sau."

    message = admin_change(admin, save, (CalendarError,))
    if message is None:
        return
    st.session_state[DONE] = message
    st.rerun()
