"""Group rows of a table without STT, told by the figures they add up; refused where the figures cannot tell."""

from __future__ import annotations

from collections.abc import Sequence

from data_loaders.problems import Problems
from data_loaders.table import RANK_ARABIC, RANK_ROMAN, Row, Table, read_table
from data_loaders.unnumbered_groups import infer_groups, is_unnumbered, settled
from data_loaders.workbook import Sheet

GROUP_NAMES = {"Thu nội địa", "Chi thường xuyên"}


def _table(*rows: Sequence[object]) -> Table:
    return read_table(Sheet("S", [["Nội dung", "Dự toán", "Thực hiện"], *[list(r) for r in rows]]), 0)  # type: ignore[list-item]


def _values(table: Table) -> dict[int, dict[str, float | None]]:
    return {
        r.index: {"plan": r.cells[1] or None, "done": r.cells[2] or None}  # type: ignore[dict-item]
        for r in table.rows
    }


def _infer(table: Table, tolerance: float = 0.0):
    return infer_groups(
        table.rows,
        _values(table),
        tolerance=lambda n: tolerance,
        is_group_name=lambda row: row.label in GROUP_NAMES,
    )


def _shape(rows: list[Row]) -> list[tuple[str, int, str | None]]:
    return [(r.label, r.rank, r.parent.label if r.parent else None) for r in rows]


def test_a_row_whose_figures_are_the_sum_of_the_rows_below_is_their_group():
    table = _table(
        ["Thu nội địa", 100, 50],
        ["Thuế", 60, 30],
        ["Phí", 40, 20],
        ["Thu khác", 10, 5],
    )
    assert _infer(table) is None
    assert _shape(table.rows) == [
        ("Thu nội địa", RANK_ROMAN, None),
        ("Thuế", RANK_ROMAN + 1, "Thu nội địa"),
        ("Phí", RANK_ROMAN + 1, "Thu nội địa"),
        ("Thu khác", RANK_ROMAN, None),
    ]


def test_groups_nest():
    table = _table(
        ["Chi thường xuyên", 75, 42],
        ["Sự nghiệp", 50, 30],
        ["Giáo dục", 30, 20],
        ["Y tế", 20, 10],
        ["Quản lý", 25, 12],
    )
    assert _infer(table) is None
    assert _shape(table.rows) == [
        ("Chi thường xuyên", RANK_ROMAN, None),
        ("Sự nghiệp", RANK_ARABIC, "Chi thường xuyên"),
        ("Giáo dục", RANK_ARABIC + 1, "Sự nghiệp"),
        ("Y tế", RANK_ARABIC + 1, "Sự nghiệp"),
        ("Quản lý", RANK_ARABIC, "Chi thường xuyên"),
    ]


def test_a_field_no_row_below_states_is_not_checked():
    # the rows below state no "done" figure: the group is told by "plan" alone
    table = _table(["Thu nội địa", 100, 50], ["Thuế", 60, ""], ["Phí", 40, ""])
    assert _infer(table) is None
    assert [r.parent.label if r.parent else None for r in table.rows] == [None, "Thu nội địa", "Thu nội địa"]


def test_rounding_within_the_tolerance_still_makes_a_group():
    table = _table(["Thu nội địa", 100, 50], ["Thuế", 60.3, 30], ["Phí", 39.4, 20.2])
    assert _infer(table, tolerance=0.5) is None
    assert table.rows[1].parent is table.rows[0]
    table = _table(["Thu nội địa", 100, 50], ["Thuế", 60.3, 30], ["Phí", 39.4, 20.2])
    ambiguity = _infer(table, tolerance=0.1)  # 99.7 is no longer 100: a named group that does not add up
    assert ambiguity is not None and ambiguity.row.label == "Thu nội địa"


def test_one_row_below_with_the_same_figures_cannot_be_told_from_a_group():
    table = _table(["Thu A", 10, 5], ["Thu B", 10, 5])
    ambiguity = _infer(table)
    assert ambiguity is not None
    assert ambiguity.row.label == "Thu A"
    assert ambiguity.reason.startswith("có cùng số liệu với dòng 3 ngay dưới")


def test_a_known_group_name_over_one_row_of_the_same_figures_is_its_group():
    table = _table(["Thu nội địa", 10, 5], ["Thuế", 10, 5])
    assert _infer(table) is None
    assert table.rows[1].parent is table.rows[0]


def test_a_known_group_name_its_rows_do_not_add_up_to_is_refused():
    table = _table(["Thu nội địa", 100, 50], ["Thuế", 60, 30], ["Phí", 30, 10])
    ambiguity = _infer(table)
    assert ambiguity is not None and ambiguity.row.label == "Thu nội địa"
    assert ambiguity.reason.startswith("là tên một dòng nhóm")


def test_a_trong_do_line_without_figures_has_no_known_end():
    table = _table(["Chi thường xuyên", 70, 40], ["Trong đó:", "", ""], ["Giáo dục", 30, 20])
    ambiguity = _infer(table)
    assert ambiguity is not None and ambiguity.row.label == "Trong đó:"
    table = _table(["Chi khác, trong đó", 70, 40], ["Giáo dục", 30, 20])
    ambiguity = _infer(table)
    assert ambiguity is not None and ambiguity.row.label == "Chi khác, trong đó"


def test_more_than_five_levels_are_too_deep_to_place():
    rows = [[f"Mức {depth}", 10, 5] for depth in range(6)] + [["Lá", 10, 5]]
    table = _table(*rows)
    ambiguity = infer_groups(table.rows, _values(table), tolerance=lambda n: 0, is_group_name=lambda r: True)
    assert ambiguity is not None
    assert ambiguity.row.label == "Mức 5"
    assert ambiguity.reason.startswith("nằm quá sâu")


def test_is_unnumbered():
    assert is_unnumbered(_table(["Thuế", 1, 1]).rows)
    assert not is_unnumbered([])
    numbered = read_table(Sheet("S", [["STT", "Nội dung", "Số"], ["1", "Thuế", 1]]), 0)
    assert not is_unnumbered(numbered.rows)


def test_a_table_whose_rows_all_found_their_place_is_settled_without_a_problem():
    problems = Problems()
    assert settled(problems, _table(["Thu A", 10, 5]), None, harm="tính trùng tiền", numbering="I, II, 1, 2")
    assert not problems.errors


def test_an_ambiguous_row_is_one_error_at_the_label_cell():
    table = _table(["Thu A", 10, 5], ["Thu B", 10, 5])
    ambiguity = _infer(table)
    assert ambiguity is not None
    problems = Problems()
    assert not settled(problems, table, ambiguity, harm="tính trùng tiền", numbering="I, II, 1, 2")
    assert [(p.code, p.cell, p.value) for p in problems.errors] == [("unnumbered_groups", "A2", "Thu A")]
    assert problems.errors[0].message.endswith(
        "bảng không có cột STT. Lưu sai sẽ tính trùng tiền. Hãy thêm cột STT (I, II, 1, 2) rồi tải lên lại."
    )
