"""Đăng nhập: the sidebar's sign-in entry leads here from any page, and the browser goes back there afterwards."""

from __future__ import annotations

import streamlit as st

from dashboard.web.signin_routes import local_page
from ui.session import current_account, sign_in_form
from ui.upload import literal, oidc_sign_in, page_link

st.title("Tài khoản cán bộ")
back = local_page(st.query_params.get("tiep"))
account = current_account()
if account is None:
    st.caption("Cán bộ cập nhật số liệu và quản trị viên đăng nhập để tải lên báo cáo và quản trị hệ thống.")
    oidc_sign_in()
    account = sign_in_form("page_sign_in", back=back)
if account is not None:
    st.success(
        literal(f"Đã đăng nhập: {account.full_name or account.username}."), icon=":material/check_circle:"
    )
    page_link("pages/overview.py", "Về trang Tổng quan")
