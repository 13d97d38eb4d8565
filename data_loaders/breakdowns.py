"""'Trong đó' lists in report tables: the rows that detail part of the row above, never added into a sum."""

from __future__ import annotations

import re

from base.text import normalize
from data_loaders.table import RANK_BULLET, Row

# "Chi thường xuyên, trong đó:" (the colon is normalized away) opens a list of its own parts.
_ENDS_WITH_OF_WHICH = re.compile(r"\btrong do$")


def _has_numbers(row: Row) -> bool:
    return any(isinstance(v, int | float) and not isinstance(v, bool) for v in row.cells)


def mark_breakdowns(rows: list[Row]) -> None:
    """Mark the rows of each 'Trong đó' list: they detail part of a row and are never added into a sum.

    A list opens with a 'Trong đó:' line without figures (its rows are those ranked below the row it breaks down,
    numbered or not), or with a row whose label ends in 'trong đó' (its rows are those ranked below it). A
    'Trong đó: …' line with figures is itself the part; bullets right under it continue the list.
    """
    below: int | None = None  # the list takes rows ranked strictly below this
    for row in rows:
        if row.is_total:
            below = None
        elif row.is_breakdown:
            owner = row.parent
            below = owner.rank if owner is not None and not _has_numbers(row) else RANK_BULLET - 1
        elif below is not None and row.rank > below:
            row.is_breakdown = True
            continue
        else:
            below = None
        if not row.is_breakdown and _ENDS_WITH_OF_WHICH.search(normalize(row.label)):
            below = min(row.rank, RANK_BULLET - 1)
