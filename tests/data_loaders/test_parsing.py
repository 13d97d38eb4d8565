"""Tests for the cell, date, period and deadline parsers in data_loaders.parsing and .deadlines."""

import math
from datetime import date, datetime
from decimal import Decimal

import pytest

from base.periods import Period
from data_loaders.deadlines import Deadline, parse_deadline
from data_loaders.parsing import (
    ParseError,
    file_name_period,
    find_period,
    parse_date,
    parse_datetime,
    parse_number,
)

MISSING = [None, "", "   ", "\u00a0", "-", "\u2013", "\u2014", "\u2026", "...", math.nan]


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [v for v in MISSING if v is not math.nan])
def test_parse_number_missing(value: object) -> None:
    assert parse_number(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5),
        (-12, -12),
        (27.73, 27.73),
        (2098.0, 2098),
        (Decimal("2.5"), 2.5),
        ("2.098", 2098),
        ("27,73", 27.73),
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567),
        ("12.345.678", 12345678),
        ("70,264", 70.264),
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("1\u2009234,5", 1234.5),
        ("1\u202f234", 1234),
        ("27,73%", 27.73),
        ("100%", 100),
        ("(1.234)", -1234),
        ("(27,5%)", -27.5),
        ("-5", -5),
        ("\u22123,5", -3.5),
        ("+7", 7),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567),
        ("3.5", 3.5),
        ("0.25", 0.25),
        ("0.250", 0.25),
        ("2,00", 2),
        ("  42  ", 42),
        ("0", 0),
    ],
)
def test_parse_number(value: object, expected: float) -> None:
    result = parse_number(value)
    assert result == pytest.approx(expected)
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "x",
        "12abc",
        "1.2.3",
        "1,2,3",
        "12,34.5",
        "1.234,5,6",
        "1e5",
        "--5",
        ",5",
        "5,",
        True,
        math.inf,
        -math.inf,
        math.nan,  # an empty cell reads as '': a NaN is a broken saved value, never a blank
    ],
)
def test_parse_number_errors(value: object) -> None:
    with pytest.raises(ParseError) as info:
        parse_number(value)
    assert info.value.code == "not_a_number"
    assert f'"{value}"' in info.value.message
    assert "không phải là số" in info.value.message


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", MISSING)
def test_parse_datetime_missing(value: object) -> None:
    assert parse_datetime(value) is None
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2023, 7, 20, 8, 30), datetime(2023, 7, 20, 8, 30)),
        (date(2023, 7, 20), datetime(2023, 7, 20)),
        (1, datetime(1900, 1, 1)),
        (59, datetime(1900, 2, 28)),
        (60, datetime(1900, 2, 28)),
        (61, datetime(1900, 3, 1)),
        (45127, datetime(2023, 7, 20)),
        (45127.5, datetime(2023, 7, 20, 12)),
        (2958465, datetime(9999, 12, 31)),
        ("20/07/2023", datetime(2023, 7, 20)),
        ("5/7/2023", datetime(2023, 7, 5)),
        ("05/07/2023", datetime(2023, 7, 5)),
        ("20-07-2023", datetime(2023, 7, 20)),
        ("20.07.2023", datetime(2023, 7, 20)),
        ("20/07/2023 08:15", datetime(2023, 7, 20, 8, 15)),
        ("20/07/2023 08:15:42", datetime(2023, 7, 20, 8, 15, 42)),
        ("08:15 20/07/2023", datetime(2023, 7, 20, 8, 15)),
        ("8:15:42 20/07/2023", datetime(2023, 7, 20, 8, 15, 42)),
        ("2023-07-20", datetime(2023, 7, 20)),
        ("2023-07-20T08:15:42", datetime(2023, 7, 20, 8, 15, 42)),
        ("2023-07-20 00:00:00", datetime(2023, 7, 20)),
        ("20/07/23", datetime(2023, 7, 20)),
        ("01/02/2023", datetime(2023, 2, 1)),
        (" 29/02/2024 ", datetime(2024, 2, 29)),
    ],
)
def test_parse_datetime(value: object, expected: datetime) -> None:
    assert parse_datetime(value) == expected
    assert parse_date(value) == expected.date()


@pytest.mark.parametrize(
    "value",
    [
        "31/02/2023",
        "29/02/2023",
        "13/13/2023",
        "hôm qua",
        "20/07-2023",
        "07/20/2023",
        "20/07/2023 25:00",
        0,
        -5,
        3e6,
        True,
    ],
)
def test_parse_datetime_errors(value: object) -> None:
    with pytest.raises(ParseError) as info:
        parse_datetime(value)
    assert info.value.code == "bad_date"
    assert f'"{value}"' in info.value.message
    assert "dd/mm/yyyy" in info.value.message


# --- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("Tháng 5/2023", date(2023, 5, 1), date(2023, 5, 31), "Tháng 5/2023"),
        ("THÁNG 05 NĂM 2023", date(2023, 5, 1), date(2023, 5, 31), "Tháng 5/2023"),
        ("tháng 5 năm 2023", date(2023, 5, 1), date(2023, 5, 31), "Tháng 5/2023"),
        ("Báo cáo tháng 01/2023", date(2023, 1, 1), date(2023, 1, 31), "Tháng 1/2023"),
        ("Tháng 2/2024", date(2024, 2, 1), date(2024, 2, 29), "Tháng 2/2024"),
        ("Quý II/2023", date(2023, 4, 1), date(2023, 6, 30), "Quý II/2023"),
        ("Quý 2 năm 2023", date(2023, 4, 1), date(2023, 6, 30), "Quý II/2023"),
        ("QUÝ IV NĂM 2022", date(2022, 10, 1), date(2022, 12, 31), "Quý IV/2022"),
        ("6 tháng đầu năm 2021", date(2021, 1, 1), date(2021, 6, 30), "6 tháng đầu năm 2021"),
        ("7 tháng đầu năm 2023", date(2023, 1, 1), date(2023, 7, 31), "7 tháng đầu năm 2023"),
        ("9 tháng năm 2023", date(2023, 1, 1), date(2023, 9, 30), "9 tháng đầu năm 2023"),
        ("6 tháng cuối năm 2022", date(2022, 7, 1), date(2022, 12, 31), "6 tháng cuối năm 2022"),
        ("Năm 2022", date(2022, 1, 1), date(2022, 12, 31), "Năm 2022"),
        ("Kế hoạch cải cách hành chính năm 2022", date(2022, 1, 1), date(2022, 12, 31), "Năm 2022"),
        (
            "Từ ngày 01/01/2023 đến ngày 20/07/2023",
            date(2023, 1, 1),
            date(2023, 7, 20),
            "01/01/2023 \u2013 20/07/2023",
        ),
        (
            "Kỳ báo cáo: từ ngày 15/12/2022 đến ngày 14/6/2023",
            date(2022, 12, 15),
            date(2023, 6, 14),
            "15/12/2022 \u2013 14/06/2023",
        ),
        (
            "(Từ 01/01/2023 đến 20/7/2023)",
            date(2023, 1, 1),
            date(2023, 7, 20),
            "01/01/2023 \u2013 20/07/2023",
        ),
        ("đến ngày 31/5/2023", date(2023, 1, 1), date(2023, 5, 31), "01/01/2023 \u2013 31/05/2023"),
        ("tính đến 31/5/2023", date(2023, 1, 1), date(2023, 5, 31), "01/01/2023 \u2013 31/05/2023"),
        ("Tháng 5 và 5 tháng đầu năm 2023", date(2023, 1, 1), date(2023, 5, 31), "5 tháng đầu năm 2023"),
        # Explicit dates beat month phrases, which beat a bare year.
        (
            "Báo cáo 6 tháng đầu năm 2023 (từ 15/12/2022 đến 14/6/2023)",
            date(2022, 12, 15),
            date(2023, 6, 14),
            "15/12/2022 \u2013 14/06/2023",
        ),
        ("Kết quả năm 2023, Quý II/2023", date(2023, 4, 1), date(2023, 6, 30), "Quý II/2023"),
        # A signing date ("ngày 15 tháng 1 năm 2023") is not the reporting month.
        ("Báo cáo năm 2022, ngày 15 tháng 1 năm 2023", date(2022, 1, 1), date(2022, 12, 31), "Năm 2022"),
    ],
)
def test_find_period(text: str, start: date, end: date, label: str) -> None:
    assert find_period(text) == Period(start, end, label)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Danh sách hồ sơ trễ hạn",
        "Tháng 5",
        "Tháng 13/2023",
        "Quý V/2023",
        "QUÝ V NĂM 2023",
        "13 tháng đầu năm 2023",
        "Từ ngày 31/02/2023 đến ngày 20/07/2023",
        "Từ ngày 20/07/2023 đến ngày 01/01/2023",
    ],
)
def test_find_period_none(text: str) -> None:
    assert find_period(text) is None


def test_period_months_contains_overlaps() -> None:
    half = Period(date(2022, 12, 15), date(2023, 2, 10), "15/12/2022 \u2013 10/02/2023")
    q1 = Period(date(2023, 1, 1), date(2023, 3, 31), "Quý I/2023")
    january = Period(date(2023, 1, 1), date(2023, 1, 31), "Tháng 1/2023")
    april = Period(date(2023, 4, 1), date(2023, 4, 30), "Tháng 4/2023")
    assert half.months == [(2022, 12), (2023, 1), (2023, 2)]
    assert april.months == [(2023, 4)]
    assert q1.contains(january) and q1.contains(q1)
    assert not january.contains(q1) and not q1.contains(half)
    assert q1.overlaps(half) and half.overlaps(q1) and q1.overlaps(january)
    assert not q1.overlaps(april) and not april.overlaps(q1)


def test_period_rejects_reversed_dates() -> None:
    with pytest.raises(ValueError):
        Period(date(2023, 2, 1), date(2023, 1, 1), "x")


# --- deadlines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "due"),
    [
        ("Quý I năm 2022", date(2022, 3, 31)),
        ("Quý II, III năm 2022", date(2022, 9, 30)),
        ("Quý IV/2022", date(2022, 12, 31)),
        ("Quý 2/2023", date(2023, 6, 30)),
        ("trước ngày 30/6/2023", date(2023, 6, 30)),
        ("chậm nhất trong ngày 22/6/2023", date(2023, 6, 22)),
        ("Trước 15/7/2023", date(2023, 7, 15)),
        ("tháng 8/2022", date(2022, 8, 31)),
        ("Tháng 8 năm 2022", date(2022, 8, 31)),
        ("tháng 8, 9/2022", date(2022, 9, 30)),
        ("6 tháng đầu năm 2022", date(2022, 6, 30)),
        ("Năm 2022", date(2022, 12, 31)),
        ("Trong năm 2022", date(2022, 12, 31)),
        ("2022", date(2022, 12, 31)),
        (2022, date(2022, 12, 31)),
        ("30/06/2023", date(2023, 6, 30)),
        ("Ngày 15 tháng 8 năm 2022", date(2022, 8, 15)),
        ("15/8 - 30/8/2022", date(2022, 8, 30)),
        (date(2023, 6, 30), date(2023, 6, 30)),
        (datetime(2023, 6, 30, 17, 0), date(2023, 6, 30)),
        (45107, date(2023, 6, 30)),
        # A concrete deadline wins over "ongoing" and "per plan" wording.
        ("Thường xuyên; báo cáo trước ngày 15/12/2023", date(2023, 12, 15)),
        ("Theo kế hoạch, hạn chót 30/9/2023", date(2023, 9, 30)),
    ],
)
def test_parse_deadline_dates(value: object, due: date) -> None:
    deadline = parse_deadline(value)
    assert deadline.kind == "date"
    assert deadline.due == due


def test_parse_deadline_keeps_written_text() -> None:
    assert parse_deadline("  Quý IV/2022 ") == Deadline("date", date(2022, 12, 31), "Quý IV/2022")
    assert parse_deadline(date(2023, 6, 30)).text == "30/06/2023"


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("Thường xuyên", "ongoing"),
        ("Thường xuyên trong năm", "ongoing"),
        ("Hằng năm", "ongoing"),
        ("Hàng tháng", "ongoing"),
        ("Định kỳ", "ongoing"),
        ("THƯỜNG XUYÊN", "ongoing"),
        ("Theo kế hoạch của Sở Nội vụ", "none"),
        ("Theo chỉ đạo của UBND tỉnh", "none"),
        ("Theo Kế hoạch số 12/KH-UBND ngày 15/3/2023", "none"),
        ("", "none"),
        ("   ", "none"),
        (None, "none"),
        (math.nan, "none"),
    ],
)
def test_parse_deadline_without_date(value: object, kind: str) -> None:
    deadline = parse_deadline(value)
    assert deadline.kind == kind
    assert deadline.due is None


@pytest.mark.parametrize(
    "value",
    [
        "Sớm",
        "Quý V/2022",
        "Quý II, V năm 2022",
        "Tháng 13/2022",
        "trước ngày 31/02/2023",
        "abc xyz",
        True,
        0.5,
    ],
)
def test_parse_deadline_errors(value: object) -> None:
    with pytest.raises(ParseError) as info:
        parse_deadline(value)
    assert info.value.code == "bad_deadline"
    assert f'"{value}"' in info.value.message


# --- periods in update lines and file names ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Cập nhật đến ngày 15/10/2025", date(2025, 1, 1), date(2025, 10, 15)),
        ("(Cập nhật ngày 15/10/2025)", date(2025, 1, 1), date(2025, 10, 15)),
        ("Số liệu đến ngày 30/9/2024", date(2024, 1, 1), date(2024, 9, 30)),
        ("Số liệu tính đến hết ngày 30/9/2024", date(2024, 1, 1), date(2024, 9, 30)),
        ("Số liệu ngày 31/3/2024", date(2024, 1, 1), date(2024, 3, 31)),
        ("BÁO CÁO XÃ PHỔ AN 9 THÁNG NĂM 2024", date(2024, 1, 1), date(2024, 9, 30)),
        ("Quý III năm 2024", date(2024, 7, 1), date(2024, 9, 30)),
    ],
)
def test_find_period_in_update_lines(text: str, start: date, end: date) -> None:
    period = find_period(text)
    assert period is not None and (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("file_name", "start", "end", "label"),
    [
        ("BC_T10_2025.xlsx", date(2025, 10, 1), date(2025, 10, 31), "Tháng 10/2025"),
        ("thang_10_2025.xls", date(2025, 10, 1), date(2025, 10, 31), "Tháng 10/2025"),
        ("Tháng 2-2024 Phổ An.xlsx", date(2024, 2, 1), date(2024, 2, 29), "Tháng 2/2024"),
        ("bao-cao-2025-10.xlsx", date(2025, 10, 1), date(2025, 10, 31), "Tháng 10/2025"),
        ("Q3_2024.xlsx", date(2024, 7, 1), date(2024, 9, 30), "Quý III/2024"),
        ("bc-quy3-2024.xlsx", date(2024, 7, 1), date(2024, 9, 30), "Quý III/2024"),
        ("PhoAn_6T2024.xlsx", date(2024, 1, 1), date(2024, 6, 30), "6 tháng đầu năm 2024"),
        ("C:\\Users\\vt\\12T2023.xlsx", date(2023, 1, 1), date(2023, 12, 31), "Năm 2023"),
    ],
)
def test_file_name_period(file_name: str, start: date, end: date, label: str) -> None:
    assert file_name_period(file_name) == Period(start, end, label)


@pytest.mark.parametrize(
    "file_name",
    ["bao_cao.xlsx", "T13_2025.xlsx", "Q5_2024.xlsx", "13T2024.xlsx", "2025-13.xlsx", "DS 12345.xlsx"],
)
def test_file_name_period_none(file_name: str) -> None:
    assert file_name_period(file_name) is None
