"""Đăng nhập: the sidebar's sign-in entry leads here from any page, and the browser goes back there afterwards."""

from __future__ import annotations

import streamlit as st

from dashboard.web.signin_routes import local_page
from ui import strings as txt
from ui.session import current_account, sign_in_form
from ui.upload import literal, oidc_sign_in, page_link

st.title(txt.SIGN_IN_TITLE_TAI_KHOAN_CAN_BO)
back = local_page(st.query_params.get("tiep"))
account = current_account()
if account is None:
    st.caption(txt.SIGN_IN_CAPTION_CAN_BO_CAP_NHAT)
    oidc_sign_in()
    account = sign_in_form("page_sign_in", back=back)
if account is not None:
    st.success(
        literal(txt.sign_in_success_da_dang_nhap(value=account.full_name or account.username)),
        icon=":material/check_circle:",
    )
    page_link("pages/overview.py", txt.SIGN_IN_LINK_VE_TRANG_TONG_QUAN)
