"""Files the tests read, all inside the checkout: the public 766 export copied from the national portal.

It lives with the sample data, which `seed` loads, so a sample installation shows the 766 page too.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL_766_EXPORT = (
    ROOT / "sample_data" / "public" / "766_scores_2025-10_export.xlsx"
)  # October 2025, as published
