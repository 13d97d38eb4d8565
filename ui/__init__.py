"""Streamlit helpers shared by the pages: the edge of the app, where widgets live."""
