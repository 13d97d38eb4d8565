"""Quản trị: accounts and roles, the unit registry (aliases, mergers), targets, the wall layout, saved layouts and
scheduled reports — admins only."""

from __future__ import annotations

import json
from datetime import date
from typing import cast

import streamlit as st
from sqlmodel import Session, col, select

from base.formatting import MISSING, vn_date, vn_number
from base.units import KINDS, UnitRef
from dashboard.access.auth import (
    ROLES,
    Account,
    AuthError,
    Role,
    add_user,
    list_users,
    set_password,
    update_user,
)
from dashboard.importing.reason_titles import reason_title
from dashboard.settings import get_settings
from dashboard.store.audit import record
from dashboard.store.db import get_engine
from dashboard.store.models import Batch, Target, Unit, UnitAlias, User
from dashboard.store.registry_csv import RegistryLoad, load_registry_csv
from dashboard.store.units import REGISTRY_COLUMNS, UnitError, UnitMatcher, add_alias, area_label, merge_units
from ui import scope
from ui import strings as txt
from ui.admin_change import SessionAction, admin_change
from ui.layouts_admin import layouts_tab
from ui.report_admin import reports_tab
from ui.reporting_calendar_admin import calendar_tab
from ui.upload import grid, literal, page_link, show_table, staff_gate

FLASH = "ioc_admin_flash"
KIND_LABELS = {
    "town": "Thị xã",
    "office": "Phòng, ban",
    "ward": "Phường",
    "commune": "Xã",
    "province": "Tỉnh",
    "other": "Khác",
}


def registry() -> list[UnitRef]:
    with Session(get_engine()) as session:
        return UnitMatcher.load(session=session).all()


def run_action(admin: Account, action: SessionAction) -> None:
    """Do an admin change in one transaction (with its audit line), then say what happened."""
    message = admin_change(admin, action, (AuthError, UnitError))
    if message is None:
        return
    scope._units.clear()  # the registry may have changed: the pages' unit pickers must see it
    st.session_state[FLASH] = message
    st.rerun()


# --- Accounts --------------------------------------------------------------------------------------------------


def accounts_tab(admin: Account, units: list[UnitRef]) -> None:
    names = {u.code: u.name for u in units}
    with Session(get_engine()) as session:
        users = list_users(session=session)
    grid(
        [
            {
                "Tên đăng nhập": u.username,
                "Họ tên": u.full_name or MISSING,
                "Vai trò": ROLES.get(u.role, u.role),
                "Đơn vị được cập nhật": ", ".join(names.get(c, c) for c in _codes(u.unit_codes_json))
                or MISSING,
                "Trạng thái": "Hoạt động" if u.active else "Đã khóa",
                "Đăng nhập sai liên tiếp": vn_number(u.failed_logins),
                "Đăng nhập gần nhất": vn_date(u.last_login_at.date()) if u.last_login_at else MISSING,
                "Kiểu đăng nhập": "Mật khẩu" if u.password_hash else "Nhà cung cấp định danh (OIDC)",
            }
            for u in users
        ],
        key="accounts",
    )
    st.caption(txt.ADMIN_CAPTION_MAT_KHAU_CHI_DUOC)
    left, right = st.columns(2)
    with left:
        create_form(admin, units)
    with right:
        edit_form(admin, units, users)
        password_form(admin, [u.username for u in users if u.password_hash])


def _codes(unit_codes_json: str) -> list[str]:
    return list(json.loads(unit_codes_json))


def create_form(admin: Account, units: list[UnitRef]) -> None:
    with st.form("new_user", clear_on_submit=True, border=True):
        st.markdown(txt.ADMIN_TEXT_TAO_TAI_KHOAN)
        username = st.text_input(txt.ADMIN_LABEL_TEN_DANG_NHAP_HOAC)
        full_name = st.text_input(txt.ADMIN_LABEL_HO_VA_TEN)
        role = st.selectbox(txt.ADMIN_LABEL_VAI_TRO, list(ROLES), format_func=ROLES.__getitem__, index=1)
        codes = st.multiselect(
            txt.ADMIN_LABEL_DON_VI_DUOC_CAP,
            [u.code for u in units],
            format_func={u.code: u.name for u in units}.__getitem__,
            placeholder=txt.COMMON_PLACEHOLDER_CHON_DON_VI,
        )
        oidc = st.checkbox(txt.ADMIN_LABEL_CHI_DANG_NHAP_QUA)
        password = st.text_input(txt.ADMIN_LABEL_MAT_KHAU_IT_NHAT, type="password")
        again = st.text_input(txt.ADMIN_LABEL_NHAP_LAI_MAT_KHAU, type="password")
        if not st.form_submit_button(txt.ADMIN_BUTTON_TAO_TAI_KHOAN, type="primary"):
            return
    if not oidc and password != again:
        st.error(txt.ADMIN_ERROR_HAI_LAN_NHAP_MAT)
        return

    def create(by: str, *, session: Session) -> str:
        add_user(
            session=session,
            username=username,
            password=None if oidc else password,
            role=cast(Role, role),
            full_name=full_name.strip(),
            unit_codes=codes,
            by=by,
        )
        return f"Đã tạo tài khoản “{username.strip().lower()}” ({ROLES[role]})."

    run_action(admin, create)


def edit_form(admin: Account, units: list[UnitRef], users: list[User]) -> None:
    """Role, units and lock of one account, preset from what it has now."""
    by_name = {u.username: u for u in users}
    with st.container(border=True):
        st.markdown(txt.ADMIN_TEXT_SUA_VAI_TRO_DON)
        username = st.selectbox(txt.ADMIN_TAB_TAI_KHOAN, list(by_name), key="edit_username")
        if username is None:
            return
        current = by_name[username]
        with st.form(f"edit_user_{username}", border=False):
            role = st.selectbox(
                txt.ADMIN_LABEL_VAI_TRO,
                list(ROLES),
                format_func=ROLES.__getitem__,
                index=list(ROLES).index(current.role),
                key=f"edit_role_{username}",
            )
            codes = st.multiselect(
                txt.ADMIN_LABEL_DON_VI_DUOC_CAP_NHAT_SO,
                [u.code for u in units],
                default=[c for c in _codes(current.unit_codes_json) if c in {u.code for u in units}],
                format_func={u.code: u.name for u in units}.__getitem__,
                placeholder=txt.COMMON_PLACEHOLDER_CHON_DON_VI,
                key=f"edit_units_{username}",
            )
            active = st.radio(
                txt.ADMIN_LABEL_TRANG_THAI,
                ["Hoạt động", "Khóa"],
                index=0 if current.active else 1,
                horizontal=True,
                key=f"edit_active_{username}",
            )
            if not st.form_submit_button(txt.ADMIN_BUTTON_LUU_THAY_DOI):
                return

    def edit(by: str, *, session: Session) -> str:
        update_user(
            session=session,
            username=username,
            by=by,
            role=cast(Role, role),
            unit_codes=codes,
            active=active == "Hoạt động",
        )
        return f"Đã cập nhật tài khoản “{username}”."

    run_action(admin, edit)


def password_form(admin: Account, usernames: list[str]) -> None:
    with st.form("reset_password", clear_on_submit=True, border=True):
        st.markdown(txt.ADMIN_TEXT_DAT_LAI_MAT_KHAU)
        username = st.selectbox(txt.ADMIN_TAB_TAI_KHOAN, usernames, key="reset_username")
        password = st.text_input(txt.ADMIN_LABEL_MAT_KHAU_MOI_IT, type="password")
        again = st.text_input(txt.ADMIN_LABEL_NHAP_LAI_MAT_KHAU_MOI, type="password")
        if not st.form_submit_button(txt.ADMIN_BUTTON_DAT_LAI_MAT_KHAU) or username is None:
            return
    if password != again:
        st.error(txt.ADMIN_ERROR_HAI_LAN_NHAP_MAT)
        return

    def reset(by: str, *, session: Session) -> str:
        set_password(session=session, username=username, password=password, by=by)
        return f"Đã đặt lại mật khẩu cho “{username}” (và mở khóa nếu đang bị tạm khóa)."

    run_action(admin, reset)


# --- Units -----------------------------------------------------------------------------------------------------


def units_tab(admin: Account, units: list[UnitRef]) -> None:
    by_id = {u.id: u for u in units}
    with Session(get_engine()) as session:
        aliases = session.exec(select(UnitAlias).order_by(col(UnitAlias.alias))).all()
    spelled: dict[int, list[str]] = {}
    for a in aliases:
        spelled.setdefault(a.unit_id, []).append(a.alias)
    grid(
        [
            {
                "Mã": u.code,
                "Tên": u.name,
                "Tên đầy đủ": u.full_name,
                "Loại": KIND_LABELS.get(u.kind, u.kind),
                "Hiệu lực từ": vn_date(u.valid_from),
                "Hiệu lực đến": vn_date(u.valid_to),
                "Sáp nhập vào": by_id[u.successor_id].name if u.successor_id in by_id else MISSING,
                "Tên gọi khác": "; ".join(spelled.get(u.id, [])) or MISSING,
            }
            for u in units
        ],
        key="units",
    )
    left, right = st.columns(2)
    with left:
        alias_form(admin, units, spelled)
    with right:
        merge_form(admin, units)
    registry_csv_form(admin, units)


def alias_form(admin: Account, units: list[UnitRef], spelled: dict[int, list[str]]) -> None:
    by_code = {u.code: u for u in units}
    with st.form("alias", clear_on_submit=True, border=True):
        st.markdown(txt.ADMIN_TEXT_THEM_TEN_GOI_KHAC)
        st.caption(txt.ADMIN_CAPTION_KHI_TEP_GHI_TEN)
        code = st.selectbox(
            txt.COMMON_LABEL_DON_VI, list(by_code), format_func=lambda c: by_code[c].name, key="alias_unit"
        )
        alias = st.text_input(txt.ADMIN_LABEL_TEN_GOI_KHAC, max_chars=300)
        if not st.form_submit_button(txt.ADMIN_BUTTON_THEM_TEN_GOI) or code is None:
            return

    def add(by: str, *, session: Session) -> str:
        unit = session.exec(select(Unit).where(col(Unit.code) == code)).one()
        add_alias(session=session, unit=unit, alias=alias)
        record(by, "unit_alias", session=session, detail=f"{code}: {alias.strip()}")
        return f"Đã thêm tên gọi khác “{alias.strip()}” cho {unit.name}."

    run_action(admin, add)


def merge_form(admin: Account, units: list[UnitRef]) -> None:
    by_code = {u.code: u for u in units}
    with st.form("merge", border=True):
        st.markdown(txt.ADMIN_TEXT_SAP_NHAP_DON_VI)
        st.caption(txt.ADMIN_CAPTION_CAC_DON_VI_CU)
        olds = st.multiselect(
            txt.ADMIN_LABEL_CAC_DON_VI_CU,
            list(by_code),
            format_func=lambda c: by_code[c].name,
            placeholder=txt.COMMON_PLACEHOLDER_CHON_DON_VI,
        )
        into = st.selectbox(
            txt.ADMIN_LABEL_SAP_NHAP_VAO,
            list(by_code),
            format_func=lambda c: by_code[c].name,
            key="merge_into",
        )
        on = st.date_input(txt.ADMIN_LABEL_NGAY_SAP_NHAP_CO, value=date(2025, 7, 1), format="DD/MM/YYYY")
        if not st.form_submit_button(txt.ADMIN_BUTTON_SAP_NHAP) or into is None:
            return
    if not olds:
        st.error(txt.ADMIN_ERROR_HAY_CHON_IT_NHAT)
        return

    def merge(by: str, *, session: Session) -> str:
        merge_units(session=session, old_codes=olds, into_code=into, on=on)
        record(by, "unit_merge", session=session, detail=f"{', '.join(olds)} → {into} từ {on.isoformat()}")
        return f"Đã sáp nhập {', '.join(by_code[c].name for c in olds)} vào {by_code[into].name} từ {vn_date(on)}."

    run_action(admin, merge)


def registry_csv_form(admin: Account, units: list[UnitRef]) -> None:
    """Load another locality's units (a province, a ward, another town) from a CSV like the shipped one."""
    with st.form("registry_csv", clear_on_submit=True, border=True):
        st.markdown(txt.ADMIN_TEXT_NAP_DANH_MUC_DON)
        st.caption(
            literal(
                f"Dùng khi triển khai cho địa phương khác. Dòng đầu: {','.join(REGISTRY_COLUMNS)}; ngày ghi dạng "
                "2025-06-30; kind là một trong: "
                + ", ".join(KINDS)
                + ". Mọi dòng được kiểm tra trước; có dòng "
                "sai thì không nạp gì. Đơn vị đã có mã trong danh mục được giữ nguyên. "
                f"Phạm vi “toàn địa bàn” là đơn vị gốc {get_settings().root_unit} ({area_label(units)}), "
                "đặt bằng IOC_ROOT_UNIT."
            )
        )
        upload = st.file_uploader(txt.ADMIN_LABEL_TEP_DANH_MUC_CSV, type=["csv"], key="registry_csv_file")
        if not st.form_submit_button(txt.ADMIN_BUTTON_KIEM_TRA_VA_NAP):
            return
    if upload is None:
        st.error(txt.ADMIN_ERROR_HAY_CHON_TEP_CSV)
        return
    load_registry_upload(admin, upload.getvalue(), upload.name)


def load_registry_upload(admin: Account, content: bytes, file_name: str) -> None:
    """Check and load a registry CSV; every problem is listed and nothing is added when one is an error."""
    found: list[RegistryLoad] = []

    def load(by: str, *, session: Session) -> str:
        loaded = load_registry_csv(session=session, content=content, file_name=file_name)
        found.append(loaded)
        if loaded.problems.has_errors():
            raise UnitError(f"Tệp {file_name} có {len(loaded.problems.errors)} lỗi; chưa nạp đơn vị nào.")
        record(by, "unit_registry", session=session, detail=f"{file_name}: {loaded.added} đơn vị mới")
        kept = f"; giữ nguyên {len(loaded.kept)} đơn vị đã có mã" if loaded.kept else ""
        return f"Đã nạp {loaded.added} đơn vị mới từ {file_name}{kept}."

    run_action(admin, load)
    if found and found[0].problems.items:
        show_table(
            [
                {
                    "Vị trí": p.location() or file_name,
                    "Loại vấn đề": reason_title(p.code),
                    "Nội dung": p.message,
                    "Giá trị": p.value,
                }
                for p in found[0].problems.items
            ],
            key="registry_csv_problems",
        )


# --- Targets and the wall --------------------------------------------------------------------------------------


def targets_tab(units: list[UnitRef]) -> None:
    names = {u.id: u.name for u in units}
    with Session(get_engine()) as session:
        rows = session.exec(
            select(Target)
            .join(Batch, col(Batch.id) == col(Target.batch_id))
            .where(col(Batch.status) == "active")
            .order_by(col(Target.year).desc(), col(Target.indicator), col(Target.due))
        ).all()
    st.caption(txt.ADMIN_CAPTION_CHI_TIEU_DUOC_NHAP)
    page_link("pages/upload.py", txt.ADMIN_LINK_TAI_LEN_BANG_CHI)
    if not rows:
        st.info(txt.ADMIN_INFO_CHUA_CO_CHI_TIEU)
        return
    show_table(
        [
            {
                "Chỉ tiêu": t.indicator,
                "Năm": str(t.year),
                "Đơn vị": names.get(t.unit_id, MISSING) if t.unit_id else "Tất cả đơn vị",
                "Nguồn vốn": t.source_group or MISSING,
                "Mốc": vn_date(t.due) if t.due else "Cả năm",
                "Giá trị": vn_number(t.value, 2),
                "Dung sai (điểm)": vn_number(t.tolerance, 1),
                "Lô": f"#{t.batch_id}",
            }
            for t in rows
        ],
        key="targets",
    )


def wall_tab() -> None:
    path = get_settings().wall_config
    st.caption(literal(txt.admin_caption_bo_cuc_man_hinh(name=path.name)))
    if path.is_file():
        st.code(path.read_text(encoding="utf-8"), language="toml")
    else:
        st.info(txt.ADMIN_INFO_CHUA_CO_TEP_BO)


st.title(txt.ADMIN_TITLE_QUAN_TRI)
signed_in = staff_gate("admin")
if FLASH in st.session_state:
    st.success(literal(st.session_state.pop(FLASH)), icon=":material/check_circle:")
all_units = registry()
accounts, registry_tab, targets, calendar, wall, layouts, reports = st.tabs(
    [
        txt.ADMIN_TAB_TAI_KHOAN,
        txt.ADMIN_TAB_DANH_MUC_DON_VI,
        txt.ADMIN_TAB_CHI_TIEU,
        txt.ADMIN_TAB_LICH_BAO_CAO,
        txt.ADMIN_TAB_MAN_HINH_IOC,
        txt.ADMIN_TAB_MAU_COT,
        txt.ADMIN_TAB_BAO_CAO_DINH_KY,
    ]
)
with accounts:
    accounts_tab(signed_in, all_units)
with registry_tab:
    units_tab(signed_in, all_units)
with targets:
    targets_tab(all_units)
with calendar:
    calendar_tab(signed_in, all_units)
with wall:
    wall_tab()
with layouts:
    layouts_tab(signed_in)
with reports:
    reports_tab(signed_in, all_units)
