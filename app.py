"""The Streamlit entry point: one URL per page, Vietnamese titles, the wall without any chrome."""

from pathlib import Path

import streamlit as st

from ui.components import PAGE_CSS
from ui.session import current_account
from ui.upload import account_box

ROOT = Path(__file__).resolve().parent
# (script, title, url path, icon, who sees it in the menu: "all" | "uploader" | "admin" | "hidden")
PAGES = [
    ("overview.py", "Tổng quan", "", ":material/dashboard:", "all"),  # the default page lives at "/"
    ("dossiers.py", "Thủ tục hành chính", "thu-tuc-hanh-chinh", ":material/description:", "all"),
    ("revenue.py", "Thu ngân sách", "thu-ngan-sach", ":material/account_balance:", "all"),
    ("expenditure.py", "Chi ngân sách", "chi-ngan-sach", ":material/payments:", "all"),
    ("investment.py", "Giải ngân đầu tư công", "giai-ngan", ":material/construction:", "all"),
    ("tasks.py", "Nhiệm vụ", "nhiem-vu", ":material/task_alt:", "all"),
    ("service_index.py", "Bộ chỉ số 766", "chi-so-766", ":material/leaderboard:", "all"),
    ("data.py", "Dữ liệu", "du-lieu", ":material/database:", "all"),
    ("upload.py", "Tải lên báo cáo", "tai-len", ":material/upload_file:", "uploader"),
    ("admin.py", "Quản trị", "quan-tri", ":material/admin_panel_settings:", "admin"),
    ("wall.py", "Màn hình IOC", "wall", ":material/tv:", "hidden"),
    ("sign_in.py", "Đăng nhập", "dang-nhap", ":material/login:", "hidden"),  # the sidebar's entry leads here
]

st.set_page_config(page_title="IOC Đức Phổ", page_icon="📊", layout="wide")
st.html(PAGE_CSS)  # no empty band above each page's title
account = current_account()
role = account.role if account else "viewer"
visible = {"all": True, "uploader": role in ("uploader", "admin"), "admin": role == "admin", "hidden": False}
pages = [
    st.Page(
        ROOT / "pages" / script,
        title=title,
        url_path=path or None,
        icon=icon,
        default=not path,
        visibility="visible" if visible[who] else "hidden",
    )
    for script, title, path, icon, who in PAGES
    if (ROOT / "pages" / script).exists()
]
on_wall = (st.context.url or "").split("?")[0].rstrip("/").endswith("/wall")
page = st.navigation(pages, position="hidden" if on_wall else "sidebar")
if not on_wall:  # every page but the wall: who is signed in and “Đăng xuất”, or the way to “Đăng nhập”
    account_box(account, next((p for p in pages if p.url_path == "dang-nhap"), None))
page.run()
