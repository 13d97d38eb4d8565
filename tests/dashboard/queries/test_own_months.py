"""On the overview's default period each other dataset whose newest month differs is shown for that month."""

from __future__ import annotations

from datetime import date

from base import periods
from dashboard.queries.data_extent import Extent, own_months

EXTENTS = {
    "dossiers": Extent(date(2022, 1, 1), date(2023, 12, 31)),
    "revenue": Extent(date(2023, 1, 1), date(2023, 11, 30)),  # ends earlier
    "disbursement": Extent(date(2023, 1, 1), date(2024, 2, 29)),  # ends later
    "tasks": Extent(date(2023, 1, 1), date(2023, 12, 31)),  # the same month: nothing to say
}


def test_the_default_period_gives_each_dataset_its_own_newest_month():
    assert own_months(EXTENTS, periods.month(2023, 12), "dossiers") == {
        "revenue": periods.month(2023, 11),
        "disbursement": periods.month(2024, 2),
    }


def test_a_chosen_period_keeps_every_card_to_it():
    assert own_months(EXTENTS, periods.month(2023, 10), "dossiers") == {}
    assert own_months(EXTENTS, periods.first_months(2023, 12), "dossiers") == {}


def test_without_dossier_data_there_is_no_default_period():
    assert own_months({"revenue": EXTENTS["revenue"]}, periods.month(2023, 11), "dossiers") == {}
