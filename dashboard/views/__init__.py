"""What each page and the wall show, as plain data, tables, charts and HTML (no Streamlit calls)."""
