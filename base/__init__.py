"""The vocabulary every layer shares, with no database and no Streamlit: texts, periods, report kinds, unit names, number formats, limits."""
