"""The plausible window of dates a file may hold, and the capped warning for rows outside it."""

from __future__ import annotations

from datetime import date, datetime

from dashboard.settings import Settings
from data_loaders.date_window import DateWindow, OutOfWindow, day_label


def test_day_label_writes_four_digit_years():
    assert day_label(date(2023, 5, 7)) == "07/05/2023"
    assert day_label(date(1, 1, 1)) == "01/01/0001"


def test_the_window_runs_from_the_earliest_plausible_date_to_days_after_the_import():
    settings = Settings(plausible_date_from=date(2010, 1, 1), plausible_days_ahead=30)
    window = DateWindow.around(date(2023, 12, 15), settings)
    assert window == DateWindow(date(2010, 1, 1), date(2024, 1, 14))
    assert window.label == "01/01/2010 – 14/01/2024"


def test_holds_is_inclusive_at_both_ends_and_reads_date_times_by_their_day():
    window = DateWindow(date(2010, 1, 1), date(2024, 1, 14))
    assert window.holds(date(2010, 1, 1)) and window.holds(date(2024, 1, 14))
    assert window.holds(datetime(2024, 1, 14, 23, 59))
    assert not window.holds(date(2009, 12, 31))
    assert not window.holds(datetime(2024, 1, 15, 0, 0))


def test_out_of_window_counts_every_row_and_names_the_first_ten():
    out = OutOfWindow(DateWindow(date(2000, 1, 1), date(2024, 12, 31)))
    for row in range(3, 15):  # 12 rows
        out.add(row, "Ngày tiếp nhận", datetime(1900, 1, row))
    assert out.count == 12
    assert len(out.listed) == 10
    assert out.listed[0] == (3, "Ngày tiếp nhận", date(1900, 1, 3))
    message = out.message("hồ sơ")
    assert message.startswith(
        "12 hồ sơ có ngày nằm ngoài khoảng hợp lý 01/01/2000 – 31/12/2024: dòng 3 (Ngày tiếp nhận 03/01/1900); "
        "dòng 4 (Ngày tiếp nhận 04/01/1900)"
    )
    assert "dòng 12 (Ngày tiếp nhận 12/01/1900) … và 2 dòng khác." in message


def test_a_short_list_has_no_more_rows_clause():
    out = OutOfWindow(DateWindow(date(2000, 1, 1), date(2024, 12, 31)))
    out.add(7, "Hạn xử lý", date(9999, 12, 31))
    message = out.message("nhiệm vụ")
    assert message.startswith(
        "1 nhiệm vụ có ngày nằm ngoài khoảng hợp lý 01/01/2000 – 31/12/2024: dòng 7 (Hạn xử lý 31/12/9999)."
    )
    assert "dòng khác" not in message
