"""What every report loader shares (data_loaders.base): the period and unit read around a table, which of them
wins when sources disagree, and counts read from cells."""

from __future__ import annotations

from datetime import date

import pytest

from data_loaders.base import (
    EXPLICIT,
    FILE_NAME,
    TITLE,
    column_letters,
    find_unit,
    read_count,
    title_over_column,
    title_period,
    vn_int,
)
from data_loaders.problems import Problems
from data_loaders.table import Row, Table, read_table
from data_loaders.workbook import CellValue, Sheet

HEADER = ["STT", "Tên đơn vị", "Tổng số"]
ON = date(2023, 5, 31)


def _sheet(*title: str, file_name: str = "") -> Sheet:
    rows: list[list[CellValue]] = [[t] for t in title]
    rows += [list(HEADER), [1, "Phổ An", 3]]
    return Sheet("S", rows, file_name=file_name)


def _table(*title: str, file_name: str = "") -> Table:
    return read_table(_sheet(*title, file_name=file_name), len(title))


def _span(
    *title: str, file_name: str = "", **kw
) -> tuple[tuple[date, date, str] | None, Problems, list[str]]:
    problems, notes = Problems(), list[str]()
    period = title_period(_table(*title, file_name=file_name), problems, notes=notes, **kw)
    return (None if period is None else (period.start, period.end, period.label)), problems, notes


# --- the period -------------------------------------------------------------------------------------------


def test_the_period_line_wins_over_the_title():
    span, problems, notes = _span(
        "BÁO CÁO THÁNG 5 NĂM 2023", "Kỳ báo cáo: Từ ngày 01/01/2023 đến ngày 31/05/2023"
    )
    assert span is not None and (span[0], span[1]) == (date(2023, 1, 1), date(2023, 5, 31))
    assert problems.items == [] and notes == []  # the title's May lies inside the explicit span


def test_a_title_alone_gives_the_period():
    span, problems, _notes = _span("BÁO CÁO KẾT QUẢ THÁNG 5 NĂM 2023")
    assert span == (date(2023, 5, 1), date(2023, 5, 31), "Tháng 5/2023")
    assert problems.items == []


def test_the_file_name_serves_last_and_says_so():
    span, problems, notes = _span("BÁO CÁO KẾT QUẢ", file_name="BC_T10_2025.xlsx")
    assert span == (date(2025, 10, 1), date(2025, 10, 31), "Tháng 10/2025")
    assert problems.items == []
    assert notes == ["Kỳ báo cáo Tháng 10/2025 lấy từ tên tệp: “BC_T10_2025.xlsx”."]


def test_sources_that_cannot_mean_one_report_are_a_warning_and_the_first_wins():
    span, problems, _notes = _span("Kỳ báo cáo: Tháng 5/2023", file_name="BC_T10_2025.xlsx")
    assert span is not None and span[2] == "Tháng 5/2023"
    assert [(p.code, p.value) for p in problems.warnings] == [("period_sources_disagree", "Tháng 10/2025")]


def test_sources_ending_in_one_month_agree():
    # 10/04–20/05 and the whole of May: neither holds the other, but both end in May
    span, problems, _notes = _span(
        "Kỳ báo cáo: Từ ngày 10/04/2023 đến ngày 20/05/2023", file_name="BC_T5_2023.xlsx"
    )
    assert span is not None and span[0] == date(2023, 4, 10)
    assert problems.items == []


def test_no_period_anywhere_is_an_error_unless_optional():
    span, problems, _notes = _span("BÁO CÁO KẾT QUẢ")
    assert span is None and [p.code for p in problems.errors] == ["no_period"]
    span, problems, _notes = _span("BÁO CÁO KẾT QUẢ", required=False)
    assert span is None and problems.items == []


# --- the unit ---------------------------------------------------------------------------------------------


def _unit(matcher, *title: str, file_name: str = ""):
    problems, notes = Problems(), list[str]()
    sheet = _sheet(*title, file_name=file_name)
    found = find_unit(sheet, len(title), matcher, ON, problems, notes=notes)
    return found, problems, notes


def test_an_explicit_line_names_the_unit(matcher):
    found, problems, _notes = _unit(matcher, "Đơn vị báo cáo: UBND xã Phổ Châu")
    assert (found.unit.code, found.source, found.unknown) == ("xa-pho-chau", EXPLICIT, False)
    assert problems.items == []


def test_the_commune_line_under_the_town_line_is_the_reporter(matcher):
    found, problems, _notes = _unit(matcher, "UBND THỊ XÃ ĐỨC PHỔ", "UBND XÃ PHỔ AN")
    assert (found.unit.code, found.source) == ("xa-pho-an", TITLE)
    assert problems.items == []  # the town is the commune's superior, not a second reporter


def test_a_unit_in_the_title_sentence(matcher):
    found, _problems, _notes = _unit(matcher, "BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC CỦA XÃ PHỔ AN THÁNG 5/2023")
    assert found.unit is not None and found.unit.code == "xa-pho-an"


def test_the_file_name_names_the_unit_last_and_says_so(matcher):
    found, problems, notes = _unit(matcher, "BÁO CÁO KẾT QUẢ", file_name="BC_xa_Pho_An_T5_2023.xlsx")
    assert (found.unit.code, found.source) == ("xa-pho-an", FILE_NAME)
    assert problems.items == []
    assert notes == ["Tiêu đề không ghi đơn vị báo cáo: lấy Phổ An từ tên tệp “BC_xa_Pho_An_T5_2023.xlsx”."]


def test_two_units_named_in_two_places_are_a_warning_and_the_more_trusted_wins(matcher):
    found, problems, _notes = _unit(
        matcher, "Đơn vị báo cáo: UBND xã Phổ Châu", file_name="BC_xa_Pho_An.xlsx"
    )
    assert found.unit.code == "xa-pho-chau"
    assert [(p.code, p.value) for p in problems.warnings] == [
        ("unit_sources_disagree", "xa Pho An")
    ]  # the longest own name


def test_an_unknown_unit_name_is_an_error_and_no_unit(matcher):
    found, problems, _notes = _unit(matcher, "Đơn vị báo cáo: UBND xã Phổ Lợi")
    assert (found.unit, found.source, found.unknown) == (None, None, True)
    assert [(p.code, p.cell, p.value) for p in problems.errors] == [("unknown_unit", "A1", "UBND xã Phổ Lợi")]


def test_the_recipient_and_the_money_unit_are_no_reporter(matcher):
    found, problems, _notes = _unit(matcher, "Kính gửi: UBND thị xã Đức Phổ", "Đơn vị tính: triệu đồng")
    assert (found.unit, found.source, found.unknown) == (None, None, False)
    assert problems.items == []


def test_a_communes_title_wins_over_other_units_in_its_column(matcher):
    pho_an, pho_chau = matcher.match("Phổ An", ON), matcher.match("Phổ Châu", ON)
    problems = Problems()
    ids = [float(pho_an.id), float(pho_chau.id), float("nan")]  # as pandas hands them over
    assert title_over_column(pho_an, ids, matcher, problems, sheet="S", column="C")
    assert [(p.code, p.cell, p.value) for p in problems.warnings] == [
        ("unit_sources_disagree", "cột C", "Phổ Châu")
    ]


def test_a_town_title_or_a_column_of_the_title_unit_stands(matcher):
    town, pho_an, pho_chau = (matcher.match(n, ON) for n in ("Thị xã Đức Phổ", "Phổ An", "Phổ Châu"))
    problems = Problems()
    assert not title_over_column(town, [pho_an.id, pho_chau.id], matcher, problems, sheet="S", column="C")
    assert not title_over_column(pho_an, [pho_an.id, None], matcher, problems, sheet="S", column="C")
    assert not title_over_column(None, [pho_an.id], matcher, problems, sheet="S", column="C")
    assert problems.items == []


# --- counts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "count"), [(12, 12), (12.0, 12), ("1.250", 1250), ("", None), ("-", None)])
def test_read_count(cell, count):
    problems = Problems()
    assert (
        read_count(Row(4, "1", 2, "Phổ An", ["1", "Phổ An", cell]), 2, problems, sheet="S", what="Ô") == count
    )
    assert problems.items == []


@pytest.mark.parametrize(
    ("cell", "code"),
    [(-3, "negative"), (2.5, "not_whole"), (100_000_001, "number_too_large"), ("ba", "not_a_number")],
)
def test_read_count_refuses_what_is_no_count_at_its_cell(cell, code):
    problems = Problems()
    assert (
        read_count(Row(4, "1", 2, "Phổ An", ["1", "Phổ An", cell]), 2, problems, sheet="S", what="Ô") is None
    )
    assert [(p.code, p.cell) for p in problems.errors] == [(code, "C5")]
    assert problems.errors[0].message.startswith("Ô: ")


def test_column_letters_and_vn_int():
    assert column_letters({"received_total": 2, "resolved_late": 27}) == {
        "received_total": "C",
        "resolved_late": "AB",
    }
    assert vn_int(1234567) == "1.234.567"
    assert vn_int(0) == "0"
    assert vn_int(None) == "—"
