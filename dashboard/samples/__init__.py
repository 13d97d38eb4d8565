"""Reproducible sample workbooks of every kind, which `seed` imports for demos and tests."""
