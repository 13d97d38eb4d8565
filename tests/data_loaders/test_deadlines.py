"""Task deadlines as people write them, read into a due date, an ongoing duty or no fixed deadline."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from data_loaders.deadlines import Deadline, parse_deadline
from data_loaders.parsing import ParseError


@pytest.mark.parametrize(
    ("written", "due"),
    [
        ("30/06/2023", date(2023, 6, 30)),
        ("trước ngày 30/6/2023", date(2023, 6, 30)),
        ("Chậm nhất trong ngày 22/6/2023", date(2023, 6, 22)),
        ("Hạn: 15/3/2023", date(2023, 3, 15)),
        ("Trước 15/3/2023, hạn chót 30/4/2023", date(2023, 4, 30)),  # the later of two marked dates
        ("Quý II/2023", date(2023, 6, 30)),
        ("Quý 4 năm 2022", date(2022, 12, 31)),
        ("Quý II, III năm 2022", date(2022, 9, 30)),  # the last quarter named
        ("Tháng 8, 9/2022", date(2022, 9, 30)),  # never 08/09/2022
        ("Tháng 2/2024", date(2024, 2, 29)),
        ("Năm 2023", date(2023, 12, 31)),
        ("2025", date(2025, 12, 31)),  # a year typed as text
        # a concrete date wins over "ongoing" or "according to plan"
        ("Thường xuyên, trước 30/6/2023", date(2023, 6, 30)),
        ("Theo kế hoạch, hạn 31/7/2023", date(2023, 7, 31)),
    ],
)
def test_written_deadlines_give_the_end_of_what_they_name(written, due):
    assert parse_deadline(written) == Deadline("date", due, written.strip())


@pytest.mark.parametrize("written", ["Thường xuyên", "Hằng năm", "Định kỳ hàng quý", "Liên tục"])
def test_ongoing_duties(written):
    assert parse_deadline(written) == Deadline("ongoing", None, written)


@pytest.mark.parametrize(
    "written", ["Theo kế hoạch", "Theo chỉ đạo của UBND tỉnh", "Sau khi có ý kiến", "Không"]
)
def test_no_fixed_deadline(written):
    assert parse_deadline(written) == Deadline("none", None, written)


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_an_empty_cell_has_no_deadline(empty):
    assert parse_deadline(empty) == Deadline("none", None, "")


def test_cells_holding_dates_and_numbers():
    assert parse_deadline(datetime(2023, 6, 30, 17, 0)) == Deadline("date", date(2023, 6, 30), "30/06/2023")
    assert parse_deadline(date(2023, 1, 5)) == Deadline("date", date(2023, 1, 5), "05/01/2023")
    assert parse_deadline(2024) == Deadline("date", date(2024, 12, 31), "2024")  # a year, not a serial
    # otherwise an Excel serial: day 1 is 1/1/1900 and Excel counts 29/2/1900, so 45107 is 30/6/2023
    assert parse_deadline(45107) == Deadline("date", date(2023, 6, 30), "30/06/2023")


@pytest.mark.parametrize("written", ["31/02/2023", "Quý V/2023", "Tháng 13/2023", "sớm nhất có thể", True])
def test_unreadable_deadlines_are_a_bad_deadline_error(written):
    with pytest.raises(ParseError) as caught:
        parse_deadline(written)
    assert caught.value.code == "bad_deadline"


def test_a_deadline_has_a_due_date_exactly_when_it_is_a_date():
    with pytest.raises(ValueError):
        Deadline("date", None, "")
    with pytest.raises(ValueError):
        Deadline("ongoing", date(2023, 1, 1), "")
