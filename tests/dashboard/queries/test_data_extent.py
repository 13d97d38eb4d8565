"""Each dataset's extent over the batches in force, and the years a period picker offers first."""

from datetime import date

import pytest
from sqlmodel import Session

from base import periods
from dashboard.queries.data_extent import Extent, data_extents, latest_month, picker_years
from tests.dashboard.stored_batches import stored_batch


def test_extents_follow_the_active_batches_of_each_dataset(session: Session) -> None:
    stored_batch(session, "dossier_report", period_start=date(2022, 1, 1), period_end=date(2022, 1, 31))
    stored_batch(session, "dossier_list", period_start=date(2023, 1, 1), period_end=date(2023, 12, 31))
    stored_batch(session, "budget_revenue", period_start=date(2023, 1, 1), period_end=date(2023, 5, 31))
    stored_batch(  # replaced figures are not the data in force
        session,
        "budget_revenue",
        period_start=date(2023, 1, 1),
        period_end=date(2023, 9, 30),
        status="superseded",
    )
    session.commit()
    extents = data_extents(session=session)
    assert extents == {
        "dossiers": Extent(date(2022, 1, 1), date(2023, 12, 31)),
        "revenue": Extent(date(2023, 1, 1), date(2023, 5, 31)),
    }
    assert latest_month(extents, "dossiers") == periods.month(2023, 12)
    assert latest_month(extents, "revenue") == periods.month(2023, 5)
    assert latest_month(extents, "expenditure") is None


@pytest.mark.parametrize(
    ("dataset", "expected"),
    [
        ("dossiers", [2023, 2022, 2026, 2025, 2024, 2021, 2020]),
        ("revenue", [2026, 2025, 2024, 2023, 2022, 2021, 2020]),  # no data: the plain list, newest first
        (None, [2026, 2025, 2024, 2023, 2022, 2021, 2020]),
    ],
)
def test_the_picker_offers_the_years_with_data_first(dataset, expected) -> None:
    extents = {"dossiers": Extent(date(2022, 1, 1), date(2023, 12, 31))}
    assert picker_years(extents, dataset, date(2026, 12, 2)) == expected
