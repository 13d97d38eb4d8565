"""A budget report checked, not trusted: groups and totals against their items (in the report's own unit, with
rounding allowed for), and its own % columns against year to date ÷ their base."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from data_loaders.budget_checks import check_percentages, check_sums
from data_loaders.problems import Problems
from data_loaders.table import Row, read_table
from data_loaders.workbook import Sheet

FIELDS = {"estimate_council": 2, "ytd_amount": 3, "pct_estimate": 4}


def _rows(*data: list[object]) -> tuple[list[Row], dict[int, dict[str, float | None]]]:
    sheet = Sheet("S", [["STT", "Nội dung", "Dự toán HĐND", "Lũy kế", "%"], *data])  # type: ignore[list-item]
    rows = read_table(sheet, 0).rows
    values = {
        r.index: {
            "estimate_council": r.cells[2] or None,
            "ytd_amount": r.cells[3] or None,
            "pct_estimate": 1.0,
        }
        for r in rows
    }
    return rows, values  # type: ignore[return-value]


def _warnings(problems: Problems) -> list[tuple[str, str, str]]:
    return [(p.code, p.cell, p.value) for p in problems.warnings]


def test_groups_and_the_total_against_their_items():
    rows, values = _rows(
        ["I", "Thu nội địa", 100, 50],
        ["1", "Thuế", 60, 30],
        ["2", "Phí", 39, 20],  # 60 + 39 = 99, not 100
        ["II", "Thu khác", 10, 5],
        ["", "Tổng cộng", 110, 56],  # 50 + 5 = 55, not 56
    )
    problems = Problems()
    check_sums(rows, values, FIELDS, problems, "S", factor=1.0)
    assert _warnings(problems) == [("total_mismatch", "C2", "100 ≠ 99"), ("total_mismatch", "D6", "56 ≠ 55")]
    assert (
        "Dòng nhóm I (Thu nội địa) ở dòng 2, cột “Dự toán HĐND giao”: báo cáo ghi 100"
        in problems.warnings[0].message
    )


def test_rounded_items_in_a_larger_unit_may_miss_by_half_a_unit_each():
    # tỷ đồng (factor 1000): two items may miss the group by 2 × 0.0005 tỷ = 1 triệu
    rows, values = _rows(["I", "Thu", 2000, ""], ["1", "A", 1000, ""], ["2", "B", 999, ""])
    problems = Problems()
    check_sums(rows, values, FIELDS, problems, "S", factor=1000.0)
    assert problems.items == []
    rows, values = _rows(["I", "Thu", 2000, ""], ["1", "A", 1000, ""], ["2", "B", 998, ""])
    check_sums(rows, values, FIELDS, problems, "S", factor=1000.0)
    assert _warnings(problems) == [("total_mismatch", "C2", "2 ≠ 1,998")]  # shown in tỷ đồng


def test_blank_items_count_as_nothing_and_all_blank_is_not_checked():
    rows, values = _rows(["I", "Thu", 100, 50], ["1", "A", 60, ""], ["2", "B", "", ""])
    problems = Problems()
    check_sums(rows, values, FIELDS, problems, "S", factor=1.0)
    assert _warnings(problems) == [("total_mismatch", "C2", "100 ≠ 60")]  # lũy kế: nothing to check


def test_percentage_columns_are_not_summed():
    rows, values = _rows(["I", "Thu", 100, 50], ["1", "A", 100, 50])
    values[rows[0].index]["pct_estimate"] = 99.0
    problems = Problems()
    check_sums(rows, values, FIELDS, problems, "S", factor=1.0)
    assert problems.items == []


def _pct(
    values: Mapping[str, float | None], percents: Mapping[str, float | None]
) -> list[tuple[str, str, str]]:
    problems = Problems()
    fields = {"pct_estimate": 4, "pct_estimate_province": 5, "pct_estimate_council": 6, "pct_last_year": 7}
    check_percentages(Row(9, "1", 2, "Thuế", []), values, percents, fields, problems, "S")
    return _warnings(problems)


@pytest.mark.parametrize("stated", [30.0, 0.3, 30.04, 29.96])
def test_a_percentage_as_written_or_as_a_fraction_within_the_tolerance(stated):
    assert _pct({"ytd_amount": 45.0, "estimate_council": 150.0}, {"pct_estimate": stated}) == []


def test_a_percentage_off_by_more_than_the_tolerance_is_a_warning():
    assert _pct({"ytd_amount": 45.0, "estimate_council": 150.0}, {"pct_estimate": 30.1}) == [
        ("percent_mismatch", "E10", "30,1 ≠ 30")
    ]


def test_each_percentage_has_its_own_base():
    values = {
        "ytd_amount": 45.0,
        "estimate_province": 90.0,
        "estimate_council": 150.0,
        "same_period_last_year": 40.0,
    }
    # province 45/90 = 50%, council 45/150 = 30%, "so dự toán" the council's 30%, last year 45/40 = 112.5%
    good = {
        "pct_estimate_province": 50.0,
        "pct_estimate_council": 30.0,
        "pct_estimate": 30.0,
        "pct_last_year": 112.5,
    }
    assert _pct(values, good) == []
    assert _pct({"ytd_amount": 45.0, "estimate_province": 90.0}, {"pct_estimate": 50.0}) == []  # no council


@pytest.mark.parametrize("stated", [112.5, 1.125, 12.5, 0.125])
def test_the_last_year_column_may_hold_the_growth(stated):
    assert _pct({"ytd_amount": 45.0, "same_period_last_year": 40.0}, {"pct_last_year": stated}) == []


def test_no_base_or_no_year_to_date_leaves_the_percentage_unchecked():
    assert _pct({"ytd_amount": 45.0, "estimate_council": 0.0}, {"pct_estimate": 1.0}) == []
    assert _pct({"ytd_amount": None, "estimate_council": 150.0}, {"pct_estimate": 1.0}) == []
    assert _pct({"ytd_amount": 45.0}, {"pct_estimate": 1.0}) == []


def test_figures_in_messages_keep_the_decimals_they_have():
    rows, values = _rows(["I", "Thu", 7722.4, ""], ["1", "A", 7000, ""], ["2", "B", 700.25, ""])
    problems = Problems()
    check_sums(rows, values, FIELDS, problems, "S", factor=1.0)
    assert _warnings(problems) == [("total_mismatch", "C2", "7.722,4 ≠ 7.700,25")]
