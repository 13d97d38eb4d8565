"""The shape of a budget report on small tables: money unit, what each column holds, items as STT paths, the
total and 'Trong đó' rows, and the lines stored."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from data_loaders.budget_table import (
    FALLBACK_MONTH,
    classify,
    is_column_number_row,
    item_paths,
    line_records,
    map_columns,
    mark_structure,
    money_factor,
)
from data_loaders.problems import Problems
from data_loaders.table import Column, Row, Table, read_table
from data_loaders.workbook import Sheet


def _col(*raw: str) -> Column:
    from base.text import normalize

    return Column(3, tuple(normalize(r) for r in raw), raw)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (("Dự toán năm 2023", "Tỉnh giao"), "estimate_province"),
        (("Dự toán năm 2023", "HĐND thị xã giao"), "estimate_council"),
        (("Dự toán năm",), "estimate_council"),  # no upper level named: the council's
        (("Thực hiện tháng 5",), "month_amount"),
        (("Ước thực hiện trong tháng",), "month_amount"),
        (("Lũy kế từ đầu năm",), "ytd_amount"),
        (("Thực hiện 5 tháng",), "ytd_amount"),
        (("Cùng kỳ năm trước",), "same_period_last_year"),
        (("So sánh (%)", "Dự toán HĐND"), "pct_estimate_council"),
        (("So sánh (%)", "Dự toán tỉnh giao"), "pct_estimate_province"),
        (("So sánh (%)", "Cùng kỳ"), "pct_last_year"),
        (("Tỷ lệ % so dự toán",), "pct_estimate"),
        (("Tỷ lệ %",), None),  # compares nothing it names: never checked
        (("Thực hiện",), FALLBACK_MONTH),
        (("Ghi chú",), None),
        (("Số tiền",), None),  # "Số" is no "so sánh"
    ],
)
def test_classify(raw, field):
    assert classify(_col(*raw)) == field


def _table(title: Sequence[str], header: Sequence[str], *data: Sequence[object]) -> Table:
    lines = [[t] for t in title] + [list(header)] + [list(r) for r in data]
    return read_table(Sheet("Thu", lines), len(title))  # type: ignore[arg-type]


def test_map_columns_takes_a_bare_done_column_as_the_month_only_beside_a_year_to_date_one():
    header = ["STT", "Nội dung", "Dự toán HĐND giao", "Thực hiện", "Lũy kế từ đầu năm"]
    problems, notes = Problems(), list[str]()
    fields = map_columns(_table([], header, ["1", "Thuế", 10, 1, 4]), problems, notes)
    assert fields == {"estimate_council": 2, "ytd_amount": 4, "month_amount": 3}
    assert problems.items == [] and notes == []


def test_map_columns_without_any_done_column_is_an_error_and_notes_say_what_is_derived():
    problems, notes = Problems(), list[str]()
    fields = map_columns(_table([], ["STT", "Nội dung", "Thực hiện"], ["1", "Thuế", 1]), problems, notes)
    assert fields == {}
    assert [(p.code, p.cell) for p in problems.errors] == [("missing_column", "dòng 1–1")]
    assert len(notes) == 3  # no estimate, no year to date, no month


def test_map_columns_with_only_the_upper_estimate_and_the_year_to_date():
    problems, notes = Problems(), list[str]()
    header = ["STT", "Nội dung", "Dự toán tỉnh giao", "Lũy kế"]
    fields = map_columns(_table([], header, ["1", "Thuế", 10, 4]), problems, notes)
    assert fields == {"estimate_province": 2, "ytd_amount": 3}
    assert notes[0] == "Báo cáo chỉ có dự toán cấp trên giao: tỷ lệ so dự toán tính theo dự toán này."
    assert notes[1].startswith("Báo cáo chỉ có số lũy kế")


def test_two_columns_of_one_field_are_an_error():
    problems, notes = Problems(), list[str]()
    header = ["STT", "Nội dung", "Lũy kế", "Lũy kế từ đầu năm"]
    map_columns(_table([], header, ["1", "Thuế", 1, 1]), problems, notes)
    assert [(p.code, p.cell) for p in problems.errors] == [("duplicate_column", "D1")]


def test_money_factor_from_the_unit_line_or_an_error():
    problems = Problems()
    sheet = Sheet("Thu", [["BÁO CÁO THU"], ["ĐVT: tỷ đồng"], ["STT", "Nội dung"]])
    assert money_factor(sheet, 2, problems) == 1000.0
    assert money_factor(Sheet("Thu", [["BÁO CÁO THU"], ["STT"]]), 1, problems) is None
    assert [(p.code, p.sheet) for p in problems.errors] == [("no_money_unit", "Thu")]


def test_is_column_number_row():
    assert is_column_number_row(Row(3, "A", 0, "B", ["A", "B", "1", "2", "3=1+2"]))
    assert not is_column_number_row(Row(3, "1", 2, "Thuế", ["1", "Thuế", 5]))
    assert not is_column_number_row(Row(3, "", 8, "", []))


def _rows(*data: Sequence[object]) -> list[Row]:
    rows = _table([], ["STT", "Nội dung", "Lũy kế"], *data).rows
    mark_structure(rows)
    return rows


def test_item_paths_follow_the_stt_and_number_unnumbered_rows_by_position():
    rows = _rows(
        ["I", "Thu nội địa", 10],
        ["1", "Thuế", 6],
        ["1.1", "Thuế GTGT", 4],
        ["1.2", "Thuế TNDN", 2],
        ["-", "Phí A", 1],
        ["-", "Phí B", 1],
        ["II", "Thu khác", 3],
    )
    assert list(item_paths(rows).values()) == ["I", "I.1", "I.1.1", "I.1.2", "I.1.2.#1", "I.1.2.#2", "II"]


def test_an_unnumbered_budget_total_first_or_last_is_the_total():
    rows = _rows(["", "Tổng thu NSNN trên địa bàn", 13], ["I", "Thu nội địa", 10], ["II", "Thu khác", 3])
    assert rows[0].is_total and rows[1].parent is None
    rows = _rows(["I", "Thu nội địa", 10], ["II", "Thu khác", 3], ["", "Thu ngân sách xã", 13])
    assert rows[2].is_total


def test_trong_do_rows_are_marked_after_relinking():
    rows = _rows(
        ["I", "Chi thường xuyên", 10], ["", "Trong đó:"], ["1", "Giáo dục", 4], ["II", "Dự phòng", 1]
    )
    assert [r.label for r in rows if r.is_breakdown] == ["Trong đó:", "Giáo dục"]


BASE = {"kind": "revenue", "month": 5, "unit_id": 1}


def test_line_records_store_items_groups_the_grand_total_and_a_land_use_part():
    rows = _rows(
        ["I", "Thu nội địa", 100],
        ["1", "Thuế", 60],
        ["2", "Thu khác", 40],
        ["", "Trong đó: tiền sử dụng đất", 30],
        ["", "Trong đó: thu phạt", 5],  # a part, not of land use: not stored
        ["II", "Thu từ quỹ đất công ích", ""],  # no figure: not stored
        ["", "Tổng cộng", 100],
    )
    amounts = {r.index: {"ytd_amount": float(r.cells[2]) if r.cells[2] else None} for r in rows}  # type: ignore[arg-type]
    records = line_records(
        rows, amounts, base=BASE, fields={"ytd_amount": 2}, problems=Problems(), sheet="Thu"
    )
    shown = [
        (r["item_path"], r["role"], r["parent_path"], r["ytd_amount"], r["is_land_use"]) for r in records
    ]
    assert shown == [
        ("I", "group", "", 100, False),
        ("I.1", "item", "I", 60, False),
        ("I.2", "item", "I", 40, False),
        ("I.2~5", "part", "I.2", 30, True),
        ("", "total", "", 100, False),
    ]
    assert {r["derived"] for r in records} == {"month"}  # no month column: the month is derived
    assert records[1]["group_name"] == "Thu nội địa" and records[1]["row"] == 3


def test_january_without_a_year_to_date_column_reads_the_month_as_the_year_so_far():
    rows = _rows(["1", "Thuế", 7])
    amounts = {r.index: {"month_amount": 7.0} for r in rows}
    base = {**BASE, "month": 1}
    (record,) = line_records(
        rows, amounts, base=base, fields={"month_amount": 2}, problems=Problems(), sheet="Thu"
    )
    assert (record["month_amount"], record["ytd_amount"], record["derived"]) == (7.0, 7.0, "ytd")


def test_two_rows_with_one_stt_path_are_an_error():
    rows = _rows(["1", "Thuế", 6], ["1", "Phí", 4])
    amounts = {r.index: {"ytd_amount": float(r.cells[2])} for r in rows}  # type: ignore[arg-type]
    problems = Problems()
    records = line_records(rows, amounts, base=BASE, fields={"ytd_amount": 2}, problems=problems, sheet="Thu")
    assert [r["item_name"] for r in records] == ["Thuế"]
    assert [(p.code, p.cell) for p in problems.errors] == [("duplicate_key", "dòng 3")]


def test_of_several_totals_the_one_stating_the_most_is_stored():
    rows = _rows(["I", "Thu A", 10], ["", "Cộng I", 10], ["II", "Thu B", 5], ["", "Tổng cộng", 15])
    amounts = {r.index: {"ytd_amount": float(r.cells[2])} for r in rows}  # type: ignore[arg-type]
    records = line_records(
        rows, amounts, base=BASE, fields={"ytd_amount": 2}, problems=Problems(), sheet="Thu"
    )
    assert [(r["role"], r["row"]) for r in records if r["role"] == "total"] == [("total", 5)]
