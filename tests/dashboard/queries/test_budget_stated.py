"""A budget report's lines that add up to what it states (dashboard.queries.budget_stated), on lines built in
memory: items pass, a group or total stating more than its rows gets a "chưa phân bổ" line, land-use parts are
taken out of their item, and each report of several is summed on its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from dashboard.queries.budget_stated import UNALLOCATED, summed_lines, summed_records, summed_total
from dashboard.store.models import BudgetLine


def _line(
    path: str, ytd: float | None, *, role: str = "item", parent: str = "", batch: int = 1, **kw: Any
) -> BudgetLine:
    values: dict[str, Any] = {"item_name": kw.pop("name", path or "Tổng"), "row": kw.pop("row", 0)}
    return BudgetLine(
        batch_id=batch,
        unit_id=1,
        kind="revenue",
        year=2023,
        month=5,
        item_path=path,
        role=role,
        parent_path=parent,
        ytd_amount=ytd,
        **values,
        **kw,
    )


def _shown(lines: list[BudgetLine]) -> list[tuple[str, str, str, float | None]]:
    return [(x.item_path, x.role, x.item_name, x.ytd_amount) for x in lines]


def test_items_alone_pass_unchanged():
    lines = [_line("1", 10.0), _line("2", 5.5)]
    assert _shown(summed_lines(lines)) == [("1", "item", "1", 10.0), ("2", "item", "2", 5.5)]
    assert summed_total(lines, "ytd_amount") == 15.5


def test_a_group_stating_more_than_its_rows_gets_an_unallocated_line_under_it():
    lines = [
        _line("I", 100.0, role="group", name="Thu nội địa"),
        _line("I.1", 60.0, parent="I", row=4),
        _line("I.2", 30.0, parent="I", row=5),
        _line("II", 7.0),
    ]
    out = summed_lines(lines)
    assert _shown(out) == [
        ("I.1", "item", "I.1", 60.0),
        ("I.2", "item", "I.2", 30.0),
        ("II", "item", "II", 7.0),
        ("I.~", UNALLOCATED, "Chưa phân bổ: Thu nội địa", 10.0),  # 100 − (60 + 30)
    ]
    assert (out[-1].parent_path, out[-1].row) == ("I", 5)  # below the group's last row
    assert summed_total(lines, "ytd_amount") == 107.0  # the group as stated, plus II


def test_rows_adding_up_to_more_than_stated_are_a_difference_line():
    lines = [
        _line("I", 80.0, role="group", name="Thu"),
        _line("I.1", 60.0, parent="I"),
        _line("I.2", 30.0, parent="I"),
    ]
    out = summed_lines(lines)
    assert _shown(out)[-1] == ("I.~", UNALLOCATED, "Chênh lệch với số báo cáo: Thu", -10.0)
    assert summed_total(lines, "ytd_amount") == 80.0


def test_the_total_row_stands_for_the_report():
    lines = [
        _line("", 120.0, role="total"),
        _line("I", 100.0, role="group", name="Thu nội địa"),
        _line("I.1", 100.0, parent="I"),
        _line("II", 15.0),
    ]
    out = summed_lines(lines)
    assert _shown(out)[-1] == ("~", UNALLOCATED, "Chưa phân bổ", 5.0)  # 120 − (100 + 15)
    assert summed_total(lines, "ytd_amount") == 120.0


def test_a_group_stating_nothing_takes_its_rows_sum():
    lines = [
        _line("", 50.0, role="total"),
        _line("I", None, role="group"),
        _line("I.1", 20.0, parent="I"),
        _line("I.2", 30.0, parent="I"),
    ]
    assert [x.role for x in summed_lines(lines)] == ["item", "item"]
    assert summed_total(lines, "ytd_amount") == 50.0


def test_a_land_use_part_is_taken_out_of_its_item():
    lines = [
        _line("1", 100.0, name="Thu khác"),
        _line("1~5", 30.0, role="part", parent="1", name="Trong đó: tiền sử dụng đất", is_land_use=True),
    ]
    out = summed_lines(lines)
    assert [(x.item_name, x.ytd_amount, x.is_land_use) for x in out] == [
        ("Thu khác (không kể tiền sử dụng đất)", 70.0, False),
        ("Trong đó: tiền sử dụng đất", 30.0, True),
    ]
    assert lines[0].ytd_amount == 100.0  # the stored line is left as the report states it
    assert summed_total(lines, "ytd_amount") == 100.0


def test_a_part_is_not_taken_from_a_figure_the_item_does_not_state():
    lines = [
        _line("1", None, name="Thu khác", month_amount=12.0),
        _line("1~5", 30.0, role="part", parent="1", is_land_use=True, month_amount=2.0),
    ]
    rest, part = summed_lines(lines)
    assert (rest.ytd_amount, rest.month_amount) == (None, 10.0)
    assert (part.ytd_amount, part.month_amount) == (None, 2.0)


def test_each_report_is_summed_on_its_own():
    lines = [
        _line("I", 10.0, role="group", batch=1),
        _line("I.1", 4.0, parent="I", batch=1),
        _line("I", 20.0, role="group", batch=2),
        _line("I.1", 20.0, parent="I", batch=2),
    ]
    assert summed_total(lines, "ytd_amount") == 30.0
    assert [(x.batch_id, x.role, x.ytd_amount) for x in summed_lines(lines)] == [
        (1, "item", 4.0),
        (1, UNALLOCATED, 6.0),
        (2, "item", 20.0),
    ]


def test_summed_total_of_a_field_no_line_states_is_none():
    assert summed_total([_line("1", 5.0)], "estimate_council") is None
    assert summed_total([], "ytd_amount") is None


def test_summed_records_replace_budget_rows_and_leave_other_tables_alone():
    plain: list[Mapping[str, Any]] = [{"project": "Đường A", "plan": 5.0}]
    assert summed_records(plain) is plain
    records: list[Mapping[str, Any]] = [
        {
            "batch_id": 1,
            "unit_id": 1,
            "kind": "revenue",
            "year": 2023,
            "month": 5,
            "item_path": "I",
            "role": "group",
            "item_name": "Thu",
            "ytd_amount": 10.0,
            "row": 3,
        },
        {
            "batch_id": 1,
            "unit_id": 1,
            "kind": "revenue",
            "year": 2023,
            "month": 5,
            "item_path": "I.1",
            "role": "item",
            "parent_path": "I",
            "item_name": "Thuế",
            "ytd_amount": 7.0,
            "row": 4,
            "extra": "x",
        },
    ]
    out = summed_records(records)
    assert [(r["item_path"], r["role"], r["ytd_amount"]) for r in out] == [
        ("I.1", "item", 7.0),
        ("I.~", UNALLOCATED, 3.0),
    ]
    assert sum(r["ytd_amount"] for r in out) == pytest.approx(10.0)
