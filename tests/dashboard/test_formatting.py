"""Vietnamese display formats: numbers, percents, tỷ đồng, dates and Vietnam's wall-clock times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from dashboard.formatting import MISSING, vn_billions, vn_date, vn_datetime, vn_number, vn_percent


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (1528, 0, "1.528"),
        (70.264, 3, "70,264"),
        (-1234567.5, 1, "-1.234.567,5"),
        (0, 0, "0"),
        (None, 0, MISSING),
    ],
)
def test_numbers_use_dots_for_thousands_and_commas_for_decimals(value, decimals, shown):
    assert vn_number(value, decimals) == shown


def test_percent_billions_and_dates():
    assert vn_percent(27.7312) == "27,73%"
    assert vn_percent(None) == MISSING
    assert vn_billions(70264) == "70,264 tỷ"
    assert vn_date(date(2023, 7, 20)) == "20/07/2023"
    assert vn_date(None) == MISSING


def test_stored_times_read_as_vietnam_wall_clock():
    assert vn_datetime(datetime(2023, 6, 5, 1, 10, tzinfo=UTC)) == "05/06/2023 08:10"
    assert vn_datetime(datetime(2023, 6, 5, 20, 0)) == "06/06/2023 03:00"  # naive means UTC, across midnight
    hanoi = timezone(timedelta(hours=7))
    assert vn_datetime(datetime(2023, 6, 5, 8, 10, tzinfo=hanoi)) == "05/06/2023 08:10"
    assert vn_datetime(None) == MISSING
