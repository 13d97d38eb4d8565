"""The admin page's scheduled reports: add one, pause, delete, "Gửi thử", and the log of every sending."""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session, col, select

from base.formatting import MISSING, vn_datetime
from base.units import UnitRef
from dashboard.access.auth import Account
from dashboard.reports.runner import DELIVERY_LABELS, FAILED, RETRYING
from dashboard.reports.schedule import FREQUENCIES, WEEKDAYS, describe
from dashboard.reports.subscriptions import (
    NewSchedule,
    ScheduleError,
    add_schedule,
    delete_schedule,
    list_schedules,
    request_test_send,
    set_active,
    set_alerts,
    start_sender,
)
from dashboard.settings import get_settings
from dashboard.store.db import get_engine
from dashboard.store.models import AuditEvent, ReportSchedule
from dashboard.store.units import area_label
from ui import strings as txt
from ui.admin_change import SessionAction, admin_change
from ui.upload import literal, show_table

DONE = "ioc_reports_flash"
LOG_ACTIONS = ("report_sent", "report_failed", "report_test", "report_schedule", "alert_sent", "alert_failed")


def _change(admin: Account, action: SessionAction, *, then_send: bool = False) -> None:
    message = admin_change(admin, action, (ScheduleError,))
    if message is None:
        return
    if then_send:
        start_sender()
    st.session_state[DONE] = message
    st.rerun()


def _schedule_row(r: ReportSchedule, names: dict[str, str], whole: str) -> dict[str, str]:
    status = DELIVERY_LABELS.get(r.last_status, MISSING)
    return {
        "Số": f"#{r.id}",
        "Tên": r.name,
        "Phạm vi": names.get(r.unit_code or "", whole),
        "Lịch gửi (giờ Việt Nam)": describe(r.frequency, r.weekday, r.day, r.hour)
        + ("" if r.active else " — tạm dừng"),
        "Người nhận": ", ".join(b for b in (r.recipients, r.webhook_url and "webhook") if b) or MISSING,
        "Cảnh báo": "Có" if r.alerts else "Không",
        "Lần gửi tới": vn_datetime(r.next_run_at) if r.active else MISSING,
        "Lần gửi gần nhất": f"{vn_datetime(r.last_run_at)} — {status}" if r.last_run_at else MISSING,
        "Lỗi": r.last_error or "",
    }


def _add_form(admin: Account, units: list[UnitRef], whole: str) -> None:
    with st.expander(txt.REPORT_ADMIN_EXPANDER_THEM_BAO_CAO_DINH, icon=":material/add:"):
        name = st.text_input(
            txt.REPORT_ADMIN_LABEL_TEN_BAO_CAO,
            placeholder=txt.REPORT_ADMIN_PLACEHOLDER_BAO_CAO_TUAN_GUI,
            key="rep_name",
        )
        frequency = st.radio(
            txt.REPORT_ADMIN_LABEL_TAN_SUAT,
            list(FREQUENCIES),
            format_func=FREQUENCIES.__getitem__,
            horizontal=True,
            key="rep_freq",
        )
        weekday, day = None, None
        if frequency == "weekly":
            weekday = st.selectbox(
                txt.REPORT_ADMIN_LABEL_NGAY_TRONG_TUAN,
                range(7),
                format_func=lambda i: WEEKDAYS[i],
                key="rep_wd",
            )
        else:
            day = st.number_input(txt.REPORT_ADMIN_LABEL_NGAY_TRONG_THANG_THANG, 1, 31, 1, key="rep_day")
        hour = st.number_input(txt.REPORT_ADMIN_LABEL_GIO_GUI_GIO_VIET, 0, 23, 7, key="rep_hour")
        options: list[UnitRef | None] = [None, *units]
        unit = st.selectbox(
            txt.REPORT_ADMIN_LABEL_PHAM_VI,
            options,
            format_func=lambda u: whole if u is None else u.name,
            key="rep_unit",
        )
        recipients = st.text_area(
            txt.REPORT_ADMIN_LABEL_DIA_CHI_THU_NHAN, placeholder="chutich@ducpho.gov.vn", key="rep_to"
        )
        webhook = st.text_input(txt.REPORT_ADMIN_LABEL_WEBHOOK_KHONG_BAT_BUOC, key="rep_hook")
        alerts = st.checkbox(
            txt.REPORT_ADMIN_LABEL_GUI_CANH_BAO,
            help=txt.REPORT_ADMIN_HELP_GUI_NGAY_CHO_CUNG,
            key="rep_alerts",
        )
        if st.button(txt.REPORT_ADMIN_BUTTON_LUU_BAO_CAO_DINH, key="rep_save", icon=":material/save:"):
            new = NewSchedule(
                name=name,
                frequency=frequency,
                weekday=weekday,
                day=int(day) if day is not None else None,
                hour=int(hour),
                unit_code=unit.code if unit else None,
                recipients=recipients,
                webhook_url=webhook,
                alerts=alerts,
            )
            _change(admin, lambda by, *, session: add_schedule(new, get_settings(), session=session, by=by))


def _actions(admin: Account, rows: list[ReportSchedule]) -> None:
    by_id = {r.id: r for r in rows if r.id is not None}
    chosen = st.selectbox(
        txt.REPORT_ADMIN_LABEL_CHON_BAO_CAO,
        list(by_id),
        index=None,
        format_func=lambda i: f"#{i} — {by_id[i].name}",
        placeholder=txt.REPORT_ADMIN_PLACEHOLDER_CHON_BAO_CAO,
        key="rep_choice",
    )
    if chosen is None:
        return
    row = by_id[chosen]
    test, pause, alert, delete = st.columns(4)
    if test.button(txt.REPORT_ADMIN_BUTTON_GUI_THU, key=f"rep_test_{chosen}", icon=":material/send:"):
        _change(
            admin, lambda by, *, session: request_test_send(chosen, session=session, by=by), then_send=True
        )
    label = "Tạm dừng" if row.active else "Bật lại"
    if pause.button(label, key=f"rep_pause_{chosen}"):
        _change(admin, lambda by, *, session: set_active(chosen, not row.active, session=session, by=by))
    alert_label = "Tắt cảnh báo" if row.alerts else "Gửi cảnh báo"
    if alert.button(alert_label, key=f"rep_alert_{chosen}", icon=":material/notifications:"):
        _change(admin, lambda by, *, session: set_alerts(chosen, not row.alerts, session=session, by=by))
    sure = delete.checkbox(
        literal(txt.report_admin_label_chac_chan_xoa(chosen=chosen)), key=f"rep_sure_{chosen}"
    )
    if delete.button(
        txt.REPORT_ADMIN_BUTTON_XOA, disabled=not sure, key=f"rep_delete_{chosen}", icon=":material/delete:"
    ):
        _change(admin, lambda by, *, session: delete_schedule(chosen, session=session, by=by))


def reports_tab(admin: Account, units: list[UnitRef]) -> None:
    """The schedules with their last outcome, the forms, and the sending log (newest first)."""
    if DONE in st.session_state:
        st.success(literal(st.session_state.pop(DONE)), icon=":material/check_circle:")
    st.caption(txt.REPORT_ADMIN_CAPTION_BAO_CAO_TUAN_THANG)
    whole = area_label(units)
    names = {u.code: u.name for u in units}
    with Session(get_engine()) as session:
        rows = list_schedules(session=session)
        log = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action).in_(LOG_ACTIONS))
            .order_by(col(AuditEvent.id).desc())
            .limit(50)
        ).all()
    failing = [r for r in rows if r.last_status in (RETRYING, FAILED) and r.last_error]
    for r in failing:
        st.warning(
            literal(txt.report_admin_warning_bao_cao_gui_loi(name=r.name, last_error=r.last_error)),
            icon=":material/error:",
        )
    if rows:
        show_table([_schedule_row(r, names, whole) for r in rows], key="report_schedules")
        _actions(admin, rows)
    else:
        st.info(txt.REPORT_ADMIN_INFO_CHUA_CO_BAO_CAO, icon=":material/info:")
    _add_form(admin, units, whole)
    st.subheader(txt.REPORT_ADMIN_HEADING_NHAT_KY_GUI_BAO)
    if st.button(txt.REPORT_ADMIN_BUTTON_LAM_MOI, key="rep_refresh", icon=":material/refresh:"):
        st.rerun()
    if not log:
        st.caption(txt.REPORT_ADMIN_CAPTION_CHUA_CO_LAN_GUI)
        return
    show_table(
        [
            {
                "Lúc": vn_datetime(e.at),
                "Người": e.user,
                "Việc": _ACTION_WORDS.get(e.action, e.action),
                "Chi tiết": e.detail,
            }
            for e in log
        ],
        key="report_log",
    )


_ACTION_WORDS = {
    "report_sent": "Đã gửi",
    "report_failed": "Gửi lỗi",
    "report_test": "Yêu cầu gửi thử",
    "report_schedule": "Thay đổi lịch",
    "alert_sent": "Đã gửi cảnh báo",
    "alert_failed": "Gửi cảnh báo lỗi",
}
