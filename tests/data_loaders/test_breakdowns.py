"""'Trong đó' lists in report tables: which rows detail part of the row above and so are never summed."""

from __future__ import annotations

from collections.abc import Sequence

from data_loaders.breakdowns import mark_breakdowns
from data_loaders.table import Row, read_table, top_level
from data_loaders.workbook import Sheet


def _rows(*data: Sequence[object]) -> list[Row]:
    lines = [["STT", "Nội dung", "Số tiền"], *[list(r) for r in data]]
    table = read_table(Sheet("S", lines), 0)  # type: ignore[arg-type]
    mark_breakdowns(table.rows)
    return table.rows


def _breakdowns(rows: list[Row]) -> list[str]:
    return [r.label for r in rows if r.is_breakdown]


def test_a_trong_do_line_without_figures_opens_a_list_of_the_rows_ranked_below_its_owner():
    rows = _rows(
        ["I", "Chi thường xuyên", 100],
        ["", "Trong đó:"],
        ["1", "Chi giáo dục", 40],
        ["2", "Chi y tế", 30],
        ["II", "Chi đầu tư", 50],
        ["1", "Chi giao thông", 50],
    )
    assert _breakdowns(rows) == ["Trong đó:", "Chi giáo dục", "Chi y tế"]
    # what a grand total sums: the two groups only
    assert [r.label for r in top_level(rows)] == ["Chi thường xuyên", "Chi đầu tư"]


def test_a_trong_do_line_with_figures_is_itself_the_part_and_bullets_under_it_continue():
    rows = _rows(
        ["1", "Chi sự nghiệp", 100],
        ["", "Trong đó: sự nghiệp giáo dục", 60],
        ["-", "Tiểu học", 35],
        ["-", "THCS", 25],
        ["2", "Chi quản lý hành chính", 20],
    )
    assert _breakdowns(rows) == ["Trong đó: sự nghiệp giáo dục", "Tiểu học", "THCS"]


def test_a_label_ending_in_trong_do_opens_a_list_of_the_rows_ranked_below_it():
    rows = _rows(
        ["1", "Chi thường xuyên, trong đó:", 100],
        ["a", "Giáo dục", 40],
        ["1.1", "Y tế", 10],
        ["2", "Chi khác", 5],
        ["a", "Dự phòng", 5],
    )
    assert _breakdowns(rows) == ["Giáo dục", "Y tế"]


def test_a_total_row_closes_the_list():
    rows = _rows(
        ["I", "Thu nội địa", 80],
        ["", "Trong đó:"],
        ["1", "Thuế", 30],
        ["", "Tổng cộng", 80],
        ["1", "Thu khác", 3],
    )
    assert _breakdowns(rows) == ["Trong đó:", "Thuế"]
    assert rows[3].is_total and not rows[4].is_breakdown


def test_rows_without_any_trong_do_stay_as_they_are():
    rows = _rows(["1", "Thu thuế", 10], ["2", "Thu phí", 5], ["a", "Lệ phí trước bạ", 2])
    assert _breakdowns(rows) == []
