"""The Streamlit entry point: navigation between the pages in pages/."""

import streamlit as st

st.set_page_config(page_title="IOC Đức Phổ", page_icon="📊", layout="wide")
page = st.navigation([st.Page("pages/overview.py", title="Tổng quan", default=True, url_path="tong-quan")])
page.run()
