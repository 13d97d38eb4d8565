"""Tables without an STT column: names that start like a total are rows, and a sum row is never stored twice."""

import io

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.importing.importer import import_file
from dashboard.store.models import BudgetLine
from data_loaders.table import _TOTAL_LABELS, is_total_label


@pytest.mark.parametrize(
    ("label", "is_total"),
    [
        ("tong cong", True),
        ("cong", True),
        ("cong ii", True),
        ("tong so", True),
        ("tong thu nsnn tren dia ban", True),
        ("cong dan rut", False),  # a dossier status in a first column
        ("tong cuc thue", False),  # a lead agency
        ("cong an thi xa", False),
    ],
)
def test_a_total_label_is_a_bare_total_word_not_a_name(label: str, is_total: bool) -> None:
    assert bool(_TOTAL_LABELS.match(label)) is is_total


def _budget(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [
        ["UBND THỊ XÃ ĐỨC PHỔ"],
        ["BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG 5 NĂM 2023"],
        ["ĐVT: triệu đồng"],
        ["Nội dung", "Dự toán HĐND giao", "Lũy kế từ đầu năm"],
        *rows,
    ]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_items_without_stt_that_are_not_sums_are_stored_as_items(seeded: Engine) -> None:
    rows: list[list[object]] = [
        ["Lệ phí trước bạ", 100, 50],
        ["Thuế thu nhập cá nhân", 200, 70],
        ["Thu khác", 30, 5],
    ]
    result = import_file(_budget(rows), "thu.xlsx", engine=seeded, user="t")
    assert result.stored, [p.line("thu.xlsx") for p in result.problems.items]
    with Session(seeded) as s:
        lines = s.exec(select(BudgetLine).where(col(BudgetLine.batch_id).in_(result.batch_ids))).all()
    assert sorted((line.role, line.ytd_amount) for line in lines) == [("item", 5), ("item", 50), ("item", 70)]


def _lines(result_ids: list[int], engine: Engine) -> list[tuple[str, str, float | None]]:
    with Session(engine) as s:
        lines = s.exec(select(BudgetLine).where(col(BudgetLine.batch_id).in_(result_ids))).all()
    return sorted((line.role, line.item_name, line.ytd_amount) for line in lines)


def test_a_row_that_sums_the_rows_below_without_stt_is_their_group(seeded: Engine) -> None:
    rows: list[list[object]] = [
        ["Thu khác", 30, 5],
        ["Thu nội địa", 300, 150],
        ["Lệ phí trước bạ", 100, 50],
        ["Thuế thu nhập cá nhân", 200, 100],
        ["Thu viện trợ", 40, 12],
    ]
    result = import_file(_budget(rows), "thu.xlsx", engine=seeded, user="t")
    assert result.stored, [p.line("thu.xlsx") for p in result.problems.items]
    assert not result.problems.items
    assert _lines(result.batch_ids, seeded) == [
        ("group", "Thu nội địa", 150),
        ("item", "Lệ phí trước bạ", 50),
        ("item", "Thu khác", 5),
        ("item", "Thu viện trợ", 12),
        ("item", "Thuế thu nhập cá nhân", 100),
    ]


def test_nested_groups_without_stt_are_told_by_their_sums(seeded: Engine) -> None:
    rows: list[list[object]] = [
        ["Tổng cộng", 330, 167],
        ["Thu nội địa", 300, 150],
        ["Thu ngoài quốc doanh", 120, 60],
        ["Thuế giá trị gia tăng", 70, 35],
        ["Thuế tài nguyên", 50, 25],
        ["Lệ phí trước bạ", 180, 90],
        ["Trong đó: nhà, đất", 80, 40],  # part of the row above, never added
        ["Thu viện trợ", 30, 17],
    ]
    result = import_file(_budget(rows), "thu.xlsx", engine=seeded, user="t")
    assert result.stored, [p.line("thu.xlsx") for p in result.problems.items]
    assert not result.problems.items, [p.line("thu.xlsx") for p in result.problems.items]
    assert [line for line in _lines(result.batch_ids, seeded) if line[0] == "item"] == [
        ("item", "Lệ phí trước bạ", 90),
        ("item", "Thu viện trợ", 17),
        ("item", "Thuế giá trị gia tăng", 35),
        ("item", "Thuế tài nguyên", 25),
    ]


def test_a_form_group_with_one_item_without_stt_is_a_group(seeded: Engine) -> None:
    """'Thu nội địa' is a group of the revenue form: with one item below it the figures are the same."""
    rows: list[list[object]] = [
        ["Thu nội địa", 100, 50],
        ["Lệ phí trước bạ", 100, 50],
        ["Thu viện trợ", 40, 12],
    ]
    result = import_file(_budget(rows), "thu.xlsx", engine=seeded, user="t")
    assert result.stored, [p.line("thu.xlsx") for p in result.problems.items]
    assert _lines(result.batch_ids, seeded) == [
        ("group", "Thu nội địa", 50),
        ("item", "Lệ phí trước bạ", 50),
        ("item", "Thu viện trợ", 12),
    ]


def test_two_rows_with_the_same_figures_without_stt_are_refused_naming_the_row(seeded: Engine) -> None:
    """'Thu khác' over 'Phí' with the same figures may be a group of one item or two items: never guessed."""
    rows: list[list[object]] = [["Thu khác", 100, 50], ["Phí", 100, 50], ["Thu viện trợ", 40, 12]]
    result = import_file(_budget(rows), "thu.xlsx", engine=seeded, user="t")
    assert not result.stored
    [error] = result.problems.errors
    assert (error.code, error.cell) == ("unnumbered_groups", "A5")
    assert "dòng 6" in error.message and "STT" in error.message


def test_a_bare_of_which_line_without_stt_is_refused(seeded: Engine) -> None:
    """Where a 'Trong đó:' list ends cannot be told without STT: its rows may be parts or items."""
    rows: list[list[object]] = [
        ["Lệ phí trước bạ", 100, 50],
        ["Trong đó:"],
        ["Nhà, đất", 60, 30],
        ["Thu khác", 30, 5],
    ]
    result = import_file(_budget(rows), "thu.xlsx", engine=seeded, user="t")
    assert not result.stored
    [error] = result.problems.errors
    assert (error.code, error.cell) == ("unnumbered_groups", "A6")


@pytest.mark.parametrize(
    ("label", "is_total"),
    [
        ("Tổng cộng", True),
        ("TỔNG CỘNG", True),
        ("Cộng", True),
        ("Cộng II:", True),
        ("TONG CONG", True),  # typed without accents
        ("Toàn thị xã", True),
        ("Công", False),  # "công" (public) is not "cộng" (sum)
        ("Công I", False),
        ("Tông", False),
        ("Công dân rút", False),
    ],
)
def test_a_total_word_is_compared_with_its_diacritics(label: str, is_total: bool) -> None:
    assert is_total_label(label) is is_total


def test_a_form_group_that_its_rows_do_not_add_up_to_without_stt_is_refused(seeded: Engine) -> None:
    """'Thu nội địa' (a group of the form) over rows that detail only part of it: items or parts, never guessed."""
    rows: list[list[object]] = [
        ["Thu nội địa", 300, 150],
        ["Lệ phí trước bạ", 100, 50],
        ["Thuế thu nhập cá nhân", 150, 80],
        ["Thu viện trợ", 40, 12],
    ]
    result = import_file(_budget(rows), "thu.xlsx", engine=seeded, user="t")
    assert not result.stored
    [error] = result.problems.errors
    assert (error.code, error.cell) == ("unnumbered_groups", "A5")
    assert "tên một dòng nhóm" in error.message
