"""Tables without an STT column: names that start like a total are rows, and a sum row is never stored twice."""

import io

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.importer import import_file
from dashboard.models import BudgetLine
from data_loaders.table import _TOTAL_LABELS


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


def test_a_row_that_sums_the_rows_below_without_stt_is_refused_naming_them(seeded: Engine) -> None:
    rows: list[list[object]] = [
        ["Thu khác", 30, 5],
        ["Thu nội địa", 300, 150],
        ["Lệ phí trước bạ", 100, 50],
        ["Thuế thu nhập cá nhân", 200, 100],
    ]
    result = import_file(_budget(rows), "thu.xlsx", engine=seeded, user="t")
    assert not result.stored
    [error] = result.problems.errors
    assert (error.code, error.cell) == ("unnumbered_groups", "A6")
    assert "dòng 7–8" in error.message
