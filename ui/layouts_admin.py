"""The admin page's saved column layouts: list them, delete one (the upload page then asks again)."""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session

from dashboard.access.auth import Account
from dashboard.importing.layouts import LayoutRow, delete_layout, layout_rows
from dashboard.store.db import get_engine
from ui import strings as txt
from ui.admin_change import still_admin
from ui.upload import literal, show_table

DONE = "ioc_layouts_flash"


def _row(r: LayoutRow) -> dict[str, str]:
    return {
        "Số": f"#{r.id}",
        "Tên mẫu": r.name,
        "Loại báo cáo": r.kind,
        "Người lưu": r.owner,
        "Dùng cho": r.scope,
        "Ngày lưu": r.created,
        "Dòng tiêu đề": r.header,
    }


def layouts_tab(admin: Account) -> None:
    """Every saved layout, and a delete with a confirmation."""
    if DONE in st.session_state:
        st.success(literal(st.session_state.pop(DONE)), icon=":material/check_circle:")
    with Session(get_engine()) as session:
        rows = layout_rows(session=session)
    st.caption(txt.LAYOUTS_ADMIN_CAPTION_MAU_COT_DO_NGUOI)
    if not rows:
        st.info(txt.LAYOUTS_ADMIN_INFO_CHUA_CO_MAU_COT, icon=":material/info:")
        return
    show_table([_row(r) for r in rows], key="layouts")
    by_id = {r.id: r for r in rows}
    chosen = st.selectbox(
        txt.LAYOUTS_ADMIN_LABEL_CHON_MAU_COT_DE,
        list(by_id),
        index=None,
        format_func=lambda i: f"#{i} — {by_id[i].name} ({by_id[i].owner})",
        placeholder=txt.LAYOUTS_ADMIN_PLACEHOLDER_CHON_MAU,
        key="layout_delete_choice",
    )
    if chosen is None:
        return
    sure = st.checkbox(
        literal(txt.layouts_admin_label_toi_chac_chan_muon(chosen=chosen)), key=f"layout_sure_{chosen}"
    )
    if st.button(
        txt.layouts_admin_button_xoa_mau_cot(chosen=chosen),
        disabled=not sure,
        key=f"layout_delete_{chosen}",
        icon=":material/delete:",
    ):
        current = still_admin(admin)
        if current is None:
            return
        with Session(get_engine()) as session:
            deleted = delete_layout(chosen, current.username, session=session)
            session.commit()
        st.session_state[DONE] = (
            f"Đã xóa mẫu cột #{chosen}." if deleted else f"Mẫu cột #{chosen} đã bị xóa trước đó."
        )
        st.rerun()
