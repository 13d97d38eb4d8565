"""Tải lên báo cáo: choose files, see what each would store and every problem, accept warnings, store in one click."""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import math

import streamlit as st
from sqlmodel import Session
from streamlit.runtime.uploaded_file_manager import UploadedFile

from base.formatting import vn_number
from dashboard.access.auth import Account
from dashboard.importing.upload_preview import file_refusal, problem_count, problem_rows
from dashboard.settings import get_settings
from dashboard.store.db import data_version, get_engine
from dashboard.store.units import UnitMatcher
from dashboard.workbooks.templates import TEMPLATE_KINDS, write_template
from ui import strings as txt
from ui.layout_form import draft_for, layout_question, remember_heads, saved_notice
from ui.picker import PICKER_TYPES, picker_caption, picker_css
from ui.upload import (
    CheckedFile,
    check_upload,
    fresh_account,
    literal,
    page_link,
    show_table,
    staff_gate,
    store_upload,
)

log = logging.getLogger(__name__)
CHECKS, OUTCOMES, NONCE = "ioc_upload_checks", "ioc_upload_outcomes", "ioc_upload_nonce"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOW_TO = """
1. Tải mẫu ở thẻ **Mẫu báo cáo và hướng dẫn** (hoặc dùng báo cáo đang có, giữ nguyên dòng tiêu đề cột).
2. Ghi rõ **kỳ báo cáo** (ví dụ “Kỳ báo cáo: Tháng 5/2023”) và **đơn vị báo cáo** ở phần tiêu đề.
3. Chọn một hoặc nhiều tệp. Hệ thống **kiểm tra từng ô trước khi lưu**: chưa có gì được lưu cho đến khi bạn bấm **Lưu**.
4. Đọc bảng xem trước và bảng lỗi. **Lỗi** phải sửa trong tệp rồi tải lên lại; **cảnh báo** cần bạn xác nhận.
5. Bấm **Lưu**. Thông báo xanh “Đã lưu … lô #…” nghĩa là số liệu đã vào hệ thống; xem lại ở trang **Dữ liệu**.
6. Tải lên lại báo cáo cùng đơn vị, cùng kỳ sẽ **thay thế** báo cáo cũ (báo cáo cũ vẫn được giữ và có thể khôi phục).
"""


@st.cache_data(max_entries=16, show_spinner=False)
def template_bytes(kind: str, unit_names: tuple[str, ...]) -> bytes:
    """A blank template of one kind, with the registry's units in its drop-downs."""
    out = io.BytesIO()
    write_template(out, kind, list(unit_names))
    return out.getvalue()


def unit_names() -> tuple[str, ...]:
    with Session(get_engine()) as session:
        return tuple(u.name for u in UnitMatcher.load(session=session).all())


def answerable_units(account: Account) -> list[str]:
    """The units (full names) the account may name for a file that does not say its unit."""
    with Session(get_engine()) as session:
        units = UnitMatcher.load(session=session).all()
    return [u.full_name for u in units if account.role == "admin" or u.code in account.unit_codes]


def my_units_caption(account: Account) -> str:
    if account.role == "admin":
        return "Quản trị viên: được tải lên báo cáo của mọi đơn vị."
    with Session(get_engine()) as session:
        mine = [u.name for u in UnitMatcher.load(session=session).all() if u.code in account.unit_codes]
    return f"Bạn được tải lên báo cáo của: {', '.join(mine) or 'chưa được giao đơn vị nào (hãy liên hệ quản trị)'}."


def show_outcomes() -> None:
    """What the last click stored or refused, kept across the rerun that clears the file picker."""
    outcomes: list[tuple[bool, str]] = st.session_state.get(OUTCOMES, [])
    for ok, text in outcomes:
        (st.success if ok else st.error)(
            literal(text), icon=":material/check_circle:" if ok else ":material/block:"
        )
    if any(ok for ok, _ in outcomes):
        cols = st.columns(2)
        with cols[0]:
            page_link("pages/data.py", txt.UPLOAD_LINK_XEM_LICH_SU_TAI)
        with cols[1]:
            page_link("pages/overview.py", txt.UPLOAD_LINK_XEM_CHI_SO_TRANG)


def check_all(files: list[UploadedFile], account: Account) -> list[CheckedFile]:
    """Dry-run every file (cached per content, data version and account) with a progress bar."""
    engine = get_engine()
    with Session(engine) as session:
        version = data_version(session=session)
    cache: dict[tuple[object, ...], CheckedFile] = st.session_state.get(CHECKS, {})
    fresh: dict[tuple[object, ...], CheckedFile] = {}
    bar = st.progress(0.0, text=txt.UPLOAD_PROGRESS_DANG_KIEM_TRA_TEP)
    for i, upload in enumerate(files):
        bar.progress(
            i / len(files),
            text=literal(
                txt.upload_text_dang_kiem_tra_tep(number=i + 1, n_files=len(files), name=upload.name)
            ),
        )
        content = upload.getvalue()
        sha256 = hashlib.sha256(content).hexdigest()
        draft = draft_for(sha256)
        key = (sha256, upload.name, version, account, repr(draft))
        fresh[key] = cache.get(key) or check_upload(engine, content, upload.name, account, draft)
        if draft is None:
            remember_heads(sha256, fresh[key].result.unread)
    bar.progress(1.0, text=txt.upload_progress_da_kiem_tra_tep(n_files=len(files)))
    st.session_state[CHECKS] = fresh
    return list(fresh.values())


def show_checked(index: int, item: CheckedFile, nonce: int) -> bool:
    """One file's verdict, preview, replacements and problems; returns whether it is ready to store."""
    problems = item.result.problems
    errors, warnings = problem_rows(problems, "error"), problem_rows(problems, "warning")
    n_errors, n_warnings = problem_count(problems, "error"), problem_count(problems, "warning")
    st.subheader(literal(txt.upload_heading_tep(number=index + 1, name=item.name)), anchor=False)
    if item.refused_units:
        st.error(
            literal(txt.upload_error_khong_duoc_luu_tep(refused_units=", ".join(item.refused_units))),
            icon=":material/lock:",
        )
    refusal = file_refusal(problems)
    if refusal is not None:  # the file as a whole is wrong: say why, not "fix the cells"
        st.error(
            literal(txt.upload_error_loi_tep_nay_se(n_errors=vn_number(n_errors), refusal=refusal)),
            icon=":material/block:",
        )
    elif errors:
        st.error(
            literal(txt.upload_error_loi_tep_nay_se_khong_duoc(n_errors=vn_number(n_errors))),
            icon=":material/block:",
        )
    elif warnings:
        st.warning(
            literal(txt.upload_warning_canh_bao_hay_doc(n_warnings=vn_number(n_warnings))),
            icon=":material/warning:",
        )
    else:
        st.success(txt.UPLOAD_SUCCESS_TEP_HOP_LE_SAN, icon=":material/check_circle:")
    read = [p for p in item.previews if p.rows > 0]  # a sheet without a row stores nothing: no empty table
    said: set[tuple[str, str]] = set()
    if read and refusal is None:
        st.markdown("**Sẽ lưu**" if not errors else "**Đọc được (chưa lưu: còn lỗi phải sửa)**")
        show_table([p.row() for p in read], key=f"preview_{nonce}_{index}")
        for preview in read:
            for note in preview.notes:
                st.caption(literal(note))
                said.add((preview.sheet, note))
    # What was read, stored or skipped, sheet by sheet (the CLI's INFO lines), less what the preview just said.
    notes = [n for n in item.result.notes if (n.sheet, n.message) not in said]
    if notes:
        with st.expander(
            txt.upload_expander_ghi_chu_khi_doc(n_notes=vn_number(len(notes))), expanded=not read
        ):
            for sheet_note in notes:
                st.caption(
                    literal(txt.upload_caption_trang(sheet=sheet_note.sheet, message=sheet_note.message))
                )
    for number, rep in enumerate(item.replaced):
        st.markdown(
            literal(txt.upload_text_thay_the_so_lieu(sheet=rep.sheet, batches="; ".join(rep.batches)))
        )
        if rep.identical:
            st.info(
                txt.UPLOAD_INFO_SO_LIEU_MOI_GIONG,
                icon=":material/info:",
            )
        show_table(rep.rows(), key=f"replaced_{nonce}_{index}_{number}")
    if errors:
        st.markdown(txt.upload_text_loi_phai_sua_truoc(n_errors=vn_number(n_errors)))
        show_table(errors, key=f"errors_{nonce}_{index}")
    if warnings:
        st.markdown(txt.upload_text_canh_bao_can_ban(n_warnings=vn_number(n_warnings)))
        show_table(warnings, key=f"warnings_{nonce}_{index}")
    if errors:
        return False
    if warnings:
        return st.checkbox(
            txt.UPLOAD_LABEL_TOI_DA_DOC_CAC,
            key=f"accept_{nonce}_{index}_{item.sha256[:12]}",
        )
    return True


def outcome(item: CheckedFile, account: Account, accepted: bool) -> tuple[bool, str]:
    """Store one file and say in one sentence what happened."""
    engine = get_engine()
    current = fresh_account(engine, account)
    if current is None:
        return False, f"Chưa lưu “{item.name}”: tài khoản {account.username} đã bị khóa hoặc xóa."
    try:
        result = store_upload(engine, item, current, accepted)
    except Exception:
        log.exception("storing %s failed", item.name)
        return False, (
            f"Chưa lưu “{item.name}”: hệ thống gặp lỗi khi ghi, mọi thay đổi của tệp này đã được hủy. Hãy thử lại."
        )
    if result.stored:
        batches = ", ".join(f"lô #{i}" for i in result.batch_ids)
        replaced = [b.id for plan in result.plans for b in plan.replaces if b.id is not None]
        rows = sum(p.rows for p in item.previews)
        also = f"; thay thế {', '.join(f'lô #{i}' for i in replaced)}" if replaced else ""
        return True, f"Đã lưu “{item.name}”: {batches}, {vn_number(rows)} dòng{also}."
    reasons = [p.message for p in result.problems.errors][:3]
    if result.blocked_by_warnings and not reasons:
        reasons = ["có cảnh báo mới so với lúc kiểm tra; hãy tải lên lại để xem và xác nhận"]
    return False, f"Chưa lưu “{item.name}”: {' '.join(reasons) or 'tệp không còn hợp lệ'}"


def upload_tab(account: Account) -> None:
    settings = get_settings()
    st.caption(literal(my_units_caption(account)))
    nonce: int = st.session_state.setdefault(NONCE, 0)
    limit = settings.max_upload_mb
    st.html(picker_css(max(1, math.ceil(limit))))
    files = st.file_uploader(
        txt.UPLOAD_LABEL_CHON_MOT_HOAC_NHIEU,
        type=PICKER_TYPES,
        accept_multiple_files=True,
        max_upload_size=max(1, math.ceil(limit)),
        key=f"upload_files_{nonce}",
        help=txt.upload_help_moi_tep_toi_da(limit=vn_number(limit, 1 if limit % 1 else 0)),
    )
    st.caption(picker_caption(max(1, math.ceil(limit))))
    show_outcomes()
    if files:
        st.session_state.pop(OUTCOMES, None)
    else:
        st.info(
            txt.UPLOAD_INFO_CHON_TEP_DE_KIEM,
            icon=":material/description:",
        )
        return
    saved_notice()
    checked = check_all(files, account)
    ready: list[CheckedFile] = []
    for i, item in enumerate(checked):
        if show_checked(i, item, nonce):
            ready.append(item)
        layout_question(item.sha256, account, answerable_units(account))
    blocked = len(checked) - len(ready)
    st.divider()
    if blocked:
        st.caption(txt.upload_caption_tep_chua_the_luu(blocked=blocked))
    label = f"Lưu {len(ready)} tệp vào hệ thống" if ready else "Lưu"
    if st.button(label, type="primary", disabled=not ready, key=f"store_{nonce}", icon=":material/save:"):
        with st.spinner(txt.UPLOAD_SPINNER_DANG_LUU_XIN_DUNG):
            accepted = {id(item): item.has_warnings for item in ready}
            results = [outcome(item, account, accepted[id(item)]) for item in ready]
        st.session_state[OUTCOMES] = results
        st.session_state[NONCE] = (
            nonce + 1
        )  # a fresh, empty file picker: nothing can be stored twice by mistake
        st.session_state.pop(CHECKS, None)
        st.rerun()


def templates_tab() -> None:
    st.markdown(HOW_TO)
    names = unit_names()
    for kind, title in TEMPLATE_KINDS.items():
        with st.container(border=True):
            st.markdown(f"**{literal(title)}**")
            st.download_button(
                txt.UPLOAD_BUTTON_TAI_MAU_TRONG_XLSX,
                data=functools.partial(template_bytes, kind, names),
                file_name=f"mau_{kind}.xlsx",
                mime=XLSX_MIME,
                key=f"template_{kind}",
                icon=":material/download:",
                on_click="ignore",
            )
            st.caption(txt.UPLOAD_CAPTION_TRANG_HUONG_DAN_TRONG)


st.title(txt.UPLOAD_TITLE_TAI_LEN_BAO_CAO)
signed_in = staff_gate("uploader", "admin")
upload, templates = st.tabs([txt.UPLOAD_TAB_TAI_LEN, txt.UPLOAD_TAB_MAU_BAO_CAO_VA])
with upload:
    upload_tab(signed_in)
with templates:
    templates_tab()
