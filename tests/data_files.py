"""Files the tests read, all inside the checkout: the public 766 export copied from the national portal."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
REAL_766_EXPORT = DATA / "766_scores_2025-10_export.xlsx"  # October 2025, as published (public scores)
