"""The disbursement report's own checks on small tables: amounts read, plan parts, rates, group sums, capital
sources and the place a project is built."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from data_loaders.disbursement_checks import (
    Amounts,
    amount_text,
    capital,
    check_row,
    check_sums,
    place_unit,
    project_source,
    read_amounts,
    source_group_of,
    split_plan,
)
from data_loaders.problems import Problems
from data_loaders.table import Row, read_table
from data_loaders.workbook import Sheet

ON = date(2023, 6, 30)
FIELDS = {"plan": 2, "plan_extended": 3, "plan_total": 4, "disbursed": 5, "pct": 6}


def _row(*cells: object, index: int = 7) -> Row:
    return Row(index, "1", 2, "Đường A", ["1", "Đường A", *cells])  # type: ignore[list-item]


def _warnings(problems: Problems) -> list[tuple[str, str, str]]:
    return [(p.code, p.cell, p.value) for p in problems.warnings]


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Vốn ngân sách trung ương", "ntw"),
        ("NSTW", "ntw"),
        ("Ngân sách tỉnh hỗ trợ", "tinh"),
        ("Ngân sách tỉnh hỗ trợ thực hiện CTMTQG nông thôn mới", "ctmtqg_ntm"),  # the programme wins
        ("CTMTQG giảm nghèo bền vững", "ctmtqg_gn"),
        ("Chương trình vùng đồng bào dân tộc thiểu số và miền núi", "ctmtqg_dtts"),
        ("Ngân sách thị xã", "thixa"),
        ("Nguồn thu tiền sử dụng đất", "thixa"),
        ("Nguồn vốn khác", "khac"),
        ("tinh", "tinh"),  # a family key as written
        ("Dự án chuyển tiếp", None),
    ],
)
def test_source_group_of(text, group):
    assert source_group_of(text) == group


def test_amount_text_keeps_the_decimals_it_has():
    assert amount_text(None) == "—"
    assert amount_text(1234.5) == "1.234,5"
    assert amount_text(1500.0) == "1.500"
    assert amount_text(0.125) == "0,125"


def test_split_plan_and_capital():
    assert split_plan({"plan_total": 1000.0, "plan_extended": 200.0}) == (800.0, 200.0)
    assert split_plan({"plan_total": 1000.0}) == (1000.0, None)
    assert split_plan({"plan": 700.0, "plan_total": 1000.0}) == (700.0, None)  # a stated plan stands
    assert capital({"plan_total": 1000.0, "plan": 1.0}) == 1000.0
    assert capital({"plan": 800.0, "plan_extended": 200.0}) == 1000.0
    assert capital({"plan_extended": 200.0}) == 200.0
    assert capital({"disbursed": 5.0}) is None


def test_read_amounts_errors_for_text_and_negatives_and_excel_errors_in_the_rate_are_unknown():
    problems = Problems()
    amounts = read_amounts(_row(800, "", "abc", -5, "#DIV/0!"), FIELDS, problems, "S")
    assert amounts == {
        "plan": 800.0,
        "plan_extended": None,
        "plan_total": None,
        "disbursed": None,
        "pct": None,
    }
    assert [(p.code, p.cell) for p in problems.errors] == [("not_a_number", "E8"), ("negative", "F8")]


def test_a_sound_row_has_no_warning():
    problems = Problems()
    amounts: Amounts = {
        "plan": 800.0,
        "plan_extended": 200.0,
        "plan_total": 1000.0,
        "disbursed": 450.0,
        "pct": 45.0,
    }
    check_row(_row(), amounts, FIELDS, problems, "S", "triệu đồng")
    assert problems.items == []


def test_plan_parts_that_do_not_add_up():
    problems = Problems()
    check_row(
        _row(),
        {"plan": 800.0, "plan_extended": 100.0, "plan_total": 1000.0},
        FIELDS,
        problems,
        "S",
        "triệu đồng",
    )
    assert _warnings(problems) == [("plan_mismatch", "E8", "1.000 ≠ 900")]


@pytest.mark.parametrize("stated", [45.0, 0.45, 45.04])
def test_a_rate_as_written_or_as_a_fraction_within_the_tolerance(stated):
    problems = Problems()
    check_row(
        _row(), {"plan_total": 1000.0, "disbursed": 450.0, "pct": stated}, FIELDS, problems, "S", "triệu đồng"
    )
    assert problems.items == []


def test_a_wrong_rate_and_disbursement_over_the_plan():
    problems = Problems()
    check_row(
        _row(), {"plan_total": 1000.0, "disbursed": 1200.0, "pct": 100.0}, FIELDS, problems, "S", "triệu đồng"
    )
    assert _warnings(problems) == [
        ("pct_mismatch", "G8", "100,00 ≠ 120,00"),
        ("over_plan", "F8", "1.200 > 1.000"),
    ]


def _table(*data: Sequence[object]) -> tuple[list[Row], dict[int, Amounts]]:
    lines = [
        ["STT", "Tên dự án", "KH giao", "Kéo dài", "Tổng KH", "Giải ngân", "%"],
        *[list(r) for r in data],
    ]
    rows = read_table(Sheet("S", lines), 0).rows  # type: ignore[arg-type]
    return rows, {r.index: read_amounts(r, FIELDS, Problems(), "S") for r in rows}


def test_groups_and_totals_against_their_projects_with_empty_cells_as_nothing():
    rows, values = _table(
        ["I", "Vốn ngân sách tỉnh", 1000, "", 1000, 600],
        ["1", "Đường A", 600, "", 600, 400],
        ["2", "Trường B", 400, "", 400, ""],  # nothing disbursed yet: 400 + 0
        ["II", "Vốn ngân sách thị xã", 500, "", 500, 100],
        ["1", "Chợ C", 500, "", 500, 100],
        ["", "Tổng cộng", 1500, "", 1500, 750],  # 600 + 100 = 700, not 750
    )
    problems = Problems()
    check_sums(rows, values, FIELDS, problems, "S", "triệu đồng")
    assert _warnings(problems) == [
        ("total_mismatch", "F2", "600 ≠ 400"),
        ("total_mismatch", "F7", "750 ≠ 700"),
    ]


def test_the_source_of_a_project_is_its_column_else_the_innermost_named_group():
    rows, _values = _table(
        ["I", "Vốn ngân sách tỉnh", 1000],
        ["1", "Các dự án khác", 1000],
        ["1.1", "Đường A", 1000],
        ["II", "Dự án chuyển tiếp", 5],
        ["1", "Cầu D", 5],
    )
    assert project_source(rows[2], FIELDS) == (
        "Vốn ngân sách tỉnh",
        "tinh",
    )  # a named source wins over "khác"
    assert project_source(rows[4], FIELDS) == ("Dự án chuyển tiếp", "khac")  # no source named: the top group
    with_column = {**FIELDS, "source": 1}  # the label column stands in for a source column here
    assert project_source(rows[2], with_column) == ("Đường A", "khac")


def test_place_unit_reads_one_ward_or_commune(matcher):
    pho_an = matcher.match("Phổ An", ON)
    assert place_unit("xã Phổ An", matcher, ON) == (pho_an.id, None, None)
    assert place_unit("Thôn An Thổ, xã Phổ An", matcher, ON) == (
        pho_an.id,
        None,
        None,
    )  # the village adds nothing
    assert place_unit("Phổ An, Phổ Châu", matcher, ON) == (None, None, None)  # several places: none
    assert place_unit("Toàn thị xã", matcher, ON) == (None, None, None)
    assert place_unit("Phổ An và Phổ Lợi", matcher, ON) == (None, "Phổ Lợi", None)
    assert place_unit("Phòng Tư pháp", matcher, ON) == (None, None, "Phòng Tư pháp")
