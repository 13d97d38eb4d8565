"""Vietnamese display formats: numbers, percents, tỷ đồng, dates and Vietnam's wall-clock times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from base.formatting import (
    MISSING,
    TRIEU,
    TY,
    money_of_total,
    money_text,
    vn_billions,
    vn_date,
    vn_datetime,
    vn_number,
    vn_percent,
    vn_points,
    vn_signed,
)


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (1528, 0, "1.528"),
        (70.264, 3, "70,264"),
        (-1234567.5, 1, "\u22121.234.567,5"),
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


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (-7.25, 2, "\u22127,25"),
        (-1.6, 1, "\u22121,6"),
        (-0.004, 2, "0,00"),  # rounds to nothing: no sign
        (-1528, 0, "\u22121.528"),
    ],
)
def test_negative_numbers_use_the_real_minus_sign(value, decimals, shown):
    assert vn_number(value, decimals) == shown
    assert "-" not in vn_number(value, decimals)


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "shown"),
    [
        (2.13, 1, "điểm", "+2,1 điểm"),
        (-13.54, 1, "điểm", "\u221213,5 điểm"),
        (-0.04, 1, "điểm", "0,0 điểm"),
        (-9.13, 2, "%", "\u22129,13%"),
        (12.5, 2, "%", "+12,50%"),
        (-3, 0, "hồ sơ", "\u22123 hồ sơ"),
        (None, 1, "điểm", None),
    ],
)
def test_signed_changes(value, decimals, unit, shown):
    assert vn_signed(value, decimals, unit) == shown


@pytest.mark.parametrize(
    ("value", "with_unit", "shown"),
    [
        (-35.3, True, "\u221235,30 điểm"),
        (26.07, True, "+26,07 điểm"),
        (-7.254, False, "\u22127,25"),
        (None, True, MISSING),
    ],
)
def test_points(value, with_unit, shown):
    assert vn_points(value, with_unit=with_unit) == shown


@pytest.mark.parametrize(
    ("value", "unit", "with_unit", "shown"),
    [
        (70264.0, TY, True, "70,264 tỷ đồng"),  # DOMAIN.md's headline
        (108322.5, TY, False, "108,323"),
        (5373.0, TY, True, "5,373 tỷ đồng"),  # a commune's headline: still tỷ, three decimals
        (108322.5, TRIEU, True, "108.322,5 triệu đồng"),  # a table cell
        (66882.0, TRIEU, False, "66.882"),
        (-1250.0, TRIEU, False, "\u22121.250"),
        (None, TY, True, MISSING),
    ],
)
def test_money(value, unit, with_unit, shown):
    assert money_text(value, unit, with_unit=with_unit) == shown


def test_an_amount_out_of_its_plan_is_written_in_one_unit():
    assert money_of_total(108322.5, 253390.0) == "108,323 / 253,390 tỷ đồng"
    assert money_of_total(None, 253390.0) == f"{MISSING} / 253,390 tỷ đồng"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (70.264, "70,264"),
        (7722.4, "7.722,4"),
        (1000, "1.000"),
        (0.05, "0,05"),
        (-5.5, "\u22125,5"),
        (-0.0004, "0"),
    ],
)
def test_trimmed_numbers_show_only_the_decimals_they_have(value, shown):
    assert vn_number(value, 3, trim=True) == shown
