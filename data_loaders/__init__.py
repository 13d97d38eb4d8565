"""Loaders that read the province's spreadsheets and exports into clean tables."""
