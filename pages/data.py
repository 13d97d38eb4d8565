"""Dữ liệu: every stored batch (who, when, file, kind, unit, period, rows, accepted warnings), originals, revert,
who reported what for a month (on time, late, not sent), audit."""

from __future__ import annotations

import functools
import json

import streamlit as st
from sqlmodel import Session

from base.formatting import MISSING, vietnam_now, vn_datetime, vn_number
from base.kinds import KIND_TITLES
from dashboard.access.auth import Account
from dashboard.importing.reason_titles import readable_line
from dashboard.queries.data_extent import data_extents
from dashboard.queries.reporting_status import DATASET_TITLES, all_month_status, counts_text, status_rows
from dashboard.store.audit import recent
from dashboard.store.db import get_engine
from dashboard.store.history import BatchRow, HistoryError, list_batches, original_file, revert_batch
from dashboard.store.models import AuditEvent, Batch
from ui import strings as txt
from ui.scope import whole_area
from ui.session import current_account, may_view, sign_in_form
from ui.upload import (
    fresh_account,
    grid,
    literal,
    oidc_sign_in,
    page_link,
    show_table,
)

STATUS_LABELS = {"active": "Đang dùng", "superseded": "Đã được thay thế", "reverted": "Đã hoàn tác"}
ACTION_LABELS = {
    "import": "Tải lên",
    "revert": "Hoàn tác lô",
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "logout": "Đăng xuất",
    "user_add": "Tạo tài khoản",
    "user_update": "Sửa tài khoản",
    "password_set": "Đặt lại mật khẩu",
    "unit_alias": "Thêm tên gọi khác",
    "unit_merge": "Sáp nhập đơn vị",
    "unit_registry": "Nạp danh mục đơn vị",
    "reporting_calendar": "Sửa lịch báo cáo",
}
REVERTED = "ioc_data_reverted"


def history_row(b: BatchRow) -> dict[str, str]:
    return {
        "Lô": f"#{b.id}",
        "Thời gian": vn_datetime(b.created_at),
        "Người tải lên": b.user,
        "Tệp": b.file_name,
        "Trang tính": b.sheet,
        "Loại": KIND_TITLES.get(b.kind, b.kind),
        "Đơn vị": b.unit or whole_area(),
        "Kỳ": b.period or MISSING,
        "Số dòng": vn_number(b.rows),
        "Trạng thái": STATUS_LABELS.get(b.status, b.status),
        "Cảnh báo đã chấp nhận": vn_number(b.accepted_warnings),
        "Thay thế lô": ", ".join(f"#{i}" for i in b.replaced) or MISSING,
    }


def audit_row(e: AuditEvent) -> dict[str, str]:
    return {
        "Thời gian": vn_datetime(e.at),
        "Người": e.user,
        "Thao tác": ACTION_LABELS.get(e.action, e.action),
        "Lô": f"#{e.batch_id}" if e.batch_id else MISSING,
        "Chi tiết": e.detail or MISSING,
    }


def batch_label(b: BatchRow) -> str:
    bits = [
        f"Lô #{b.id}",
        STATUS_LABELS.get(b.status, b.status),
        b.unit or whole_area(),
        b.period,
        b.file_name,
    ]
    return " — ".join(bit for bit in bits if bit)


def original(batch_id: int) -> bytes:
    with Session(get_engine()) as session:
        return original_file(batch_id, session=session)[1]


def batch_detail(row: BatchRow, account: Account | None) -> None:
    """One batch: its facts, the warnings accepted for it, its original file, and (for admins) revert."""
    with Session(get_engine()) as session:
        batch = session.get(Batch, row.id)
    assert batch is not None
    facts = {
        **history_row(row),
        "Kích thước tệp": f"{vn_number(batch.file_size / 1024, 1)} KB",
        "Mã SHA-256 của tệp": batch.file_sha256,
        "Được thay bởi lô": f"#{batch.superseded_by_id}" if batch.superseded_by_id else MISSING,
    }
    show_table([{"Thông tin": k, "Giá trị": v} for k, v in facts.items()], key=f"facts_{row.id}")
    warnings: list[str] = json.loads(batch.accepted_warnings_json)
    if warnings:
        st.markdown(txt.data_text_canh_bao_nguoi_tai(n_warnings=vn_number(len(warnings))))
        show_table([{"Cảnh báo": readable_line(line)} for line in warnings], key=f"accepted_{row.id}")
    if account is None:
        st.caption(txt.DATA_CAPTION_DANG_NHAP_DE_TAI)
    else:
        st.download_button(
            txt.DATA_BUTTON_TAI_TEP_GOC,
            data=functools.partial(original, row.id),
            file_name=row.file_name,
            key=f"original_{row.id}",
            icon=":material/download:",
            on_click="ignore",
        )
    if account is not None and account.role == "admin" and row.status == "active":
        revert_form(row)


def revert_form(row: BatchRow) -> None:
    """Withdraw an active batch; what it replaced comes back. Needs an explicit confirmation."""
    back = ", ".join(f"#{i}" for i in row.replaced)
    st.markdown(txt.DATA_TEXT_HOAN_TAC_LO_NAY)
    st.caption(
        literal(
            f"Số liệu của lô #{row.id} sẽ không còn được dùng"
            + (f"; số liệu của lô {back} mà nó đã thay thế được dùng lại." if back else ".")
            + " Lô vẫn ở lại trong lịch sử và nhật ký."
        )
    )
    sure = st.checkbox(txt.data_label_toi_chac_chan_muon(id=row.id), key=f"sure_{row.id}")
    if st.button(
        txt.data_button_hoan_tac_lo(id=row.id),
        disabled=not sure,
        key=f"revert_{row.id}",
        icon=":material/undo:",
    ):
        engine = get_engine()
        signed = current_account()
        admin = fresh_account(engine, signed) if signed else None
        if admin is None or admin.role != "admin":
            st.error(txt.DATA_ERROR_TAI_KHOAN_CUA_BAN)
            return
        with Session(engine) as session:
            try:
                restored = revert_batch(row.id, session=session, user=admin.username)
                session.commit()
            except HistoryError as exc:
                session.rollback()
                st.error(literal(exc.message))
                return
        again = ", ".join(f"#{i}" for i in restored)
        st.session_state[REVERTED] = f"Đã hoàn tác lô #{row.id}." + (
            f" Số liệu của lô {again} được dùng lại." if again else ""
        )
        st.rerun()


def show_reporting_status() -> None:
    """Per unit and dataset for a month: on time, late, not sent — against the admin's reporting calendar."""
    with Session(get_engine()) as session:
        extents = data_extents(session=session)
    today = vietnam_now().date()
    newest = max((e.last for e in extents.values()), default=today)
    years = list(range(max(newest.year, today.year), 2019, -1))
    left, right, _rest = st.columns([1, 1, 4])
    year = left.selectbox(txt.COMMON_LABEL_NAM, years, index=years.index(newest.year), key="report_year")
    month = right.selectbox(
        txt.DATA_LABEL_THANG, list(range(1, 13)), index=newest.month - 1, key="report_month"
    )
    with Session(get_engine()) as session:
        by_dataset = all_month_status(session=session, year=year, month=month, today=today)
    st.caption(
        literal(
            f"Báo cáo tháng {month}/{year} theo lịch báo cáo (quản trị sửa ở trang Quản trị). "
            + " · ".join(
                f"{DATASET_TITLES[d]}: {counts_text(statuses)}"
                for d, statuses in by_dataset.items()
                if statuses
            )
        )
    )
    rows = status_rows(by_dataset)
    if not rows:
        st.info(txt.data_info_thang_khong_co_don(month=month, year=year))
        return
    grid(rows, key="reporting_status")


st.title(txt.DATA_TITLE_DU_LIEU_DA_TAI)
if not may_view():
    st.stop()
account = current_account()
if account is None:  # the sidebar shows who is signed in (app.py)
    with st.expander(txt.DATA_EXPANDER_DANG_NHAP_DE_TAI):
        oidc_sign_in()
        if sign_in_form("data_sign_in") is not None:
            st.stop()  # the browser is on its way to fetch the sign-in cookie (a rerun would cancel that)
if REVERTED in st.session_state:
    st.success(literal(st.session_state.pop(REVERTED)), icon=":material/check_circle:")

st.caption(txt.DATA_CAPTION_MOI_LAN_TAI_LEN)
if account is not None and account.role in ("uploader", "admin"):
    page_link("pages/upload.py", txt.DATA_LINK_TAI_LEN_BAO_CAO)

with Session(get_engine()) as db_session:
    rows = list_batches(session=db_session)
st.subheader(txt.DATA_HEADING_LICH_SU_TAI_LEN, anchor=False)
if not rows:
    st.info(txt.DATA_INFO_CHUA_CO_DU_LIEU)
else:
    grid([history_row(r) for r in rows], key="history")
    st.subheader(txt.DATA_HEADING_CHI_TIET_MOT_LO, anchor=False)
    by_id = {r.id: r for r in rows}
    picked = st.selectbox(
        txt.DATA_LABEL_CHON_LO, list(by_id), format_func=lambda i: batch_label(by_id[i]), key="batch"
    )
    if picked is not None:
        batch_detail(by_id[picked], account)

st.subheader(txt.DATA_HEADING_TINH_HINH_GUI_BAO, anchor=False)
show_reporting_status()

st.subheader(txt.DATA_HEADING_NHAT_KY_THAO_TAC, anchor=False)
if account is None:
    st.caption(txt.DATA_CAPTION_DANG_NHAP_DE_XEM)
else:
    with Session(get_engine()) as db_session:
        events = recent(session=db_session, limit=500)
    grid([audit_row(e) for e in events], key="audit")
