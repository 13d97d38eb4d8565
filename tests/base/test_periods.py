"""Period presets and their URL tokens."""

from datetime import date

import pytest

from base import periods


@pytest.mark.parametrize(
    ("selected", "start", "end", "label", "token"),
    [
        (periods.month(2023, 5), date(2023, 5, 1), date(2023, 5, 31), "Tháng 5/2023", "m2023-05"),
        (periods.month(2024, 2), date(2024, 2, 1), date(2024, 2, 29), "Tháng 2/2024", "m2024-02"),
        (periods.quarter(2023, 2), date(2023, 4, 1), date(2023, 6, 30), "Quý II/2023", "q2023-2"),
        (
            periods.first_months(2023, 7),
            date(2023, 1, 1),
            date(2023, 7, 31),
            "7 tháng đầu năm 2023",
            "n2023-7",
        ),
        (periods.year(2022), date(2022, 1, 1), date(2022, 12, 31), "Năm 2022", "y2022"),
        (
            periods.custom(date(2023, 1, 1), date(2023, 7, 20)),
            date(2023, 1, 1),
            date(2023, 7, 20),
            "01/01/2023 – 20/07/2023",
            "c2023-01-01_2023-07-20",
        ),
    ],
)
def test_presets_and_round_trip(selected, start, end, label, token):
    assert (selected.start, selected.end, selected.label, selected.token) == (start, end, label, token)
    assert periods.from_token(token) == selected


@pytest.mark.parametrize(
    "token", [None, "", "m2023-13", "q2023-5", "x", "c2023-07-20_2023-01-01", "c2023-02-30_2023-03-01"]
)
def test_bad_tokens_are_ignored(token):
    assert periods.from_token(token) is None


@pytest.mark.parametrize(
    ("selected", "previous", "last_year"),
    [
        (periods.month(2023, 1), periods.month(2022, 12), periods.month(2022, 1)),
        (periods.quarter(2023, 1), periods.quarter(2022, 4), periods.quarter(2022, 1)),
        (periods.first_months(2023, 5), periods.first_months(2022, 5), periods.first_months(2022, 5)),
        (periods.year(2023), periods.year(2022), periods.year(2022)),
    ],
)
def test_previous_and_same_period_last_year(selected, previous, last_year):
    assert selected.previous() == previous
    assert selected.same_period_last_year() == last_year


@pytest.mark.parametrize(
    ("end", "months"), [(date(2023, 5, 31), 5), (date(2023, 7, 20), 6), (date(2023, 12, 31), 12)]
)
def test_months_elapsed(end, months):
    assert periods.months_elapsed(end) == months
