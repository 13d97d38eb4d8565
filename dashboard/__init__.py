"""Streamlit dashboard package: pages, charts and shared text helpers."""
