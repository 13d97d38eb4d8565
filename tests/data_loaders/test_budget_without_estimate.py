"""A budget report without estimate columns: its figures are stored and its rates against the estimate missing."""

import io
from datetime import date

import openpyxl
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.importing.importer import import_file
from dashboard.queries.budget import revenue_section
from dashboard.store.models import BudgetLine


def _report(header: list[str], rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["UBND THỊ XÃ ĐỨC PHỔ"],
        ["BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG 5 NĂM 2023"],
        ["ĐVT: triệu đồng"],
        header,
        *rows,
    ):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_report_without_estimates_is_read_with_the_rate_missing(seeded: Engine) -> None:
    content = _report(
        ["STT", "Nội dung", "Thực hiện tháng 5", "Lũy kế từ đầu năm", "Cùng kỳ năm 2022"],
        [
            ["", "TỔNG THU NSNN TRÊN ĐỊA BÀN", 30, 150, 120],
            ["1", "Lệ phí trước bạ", 10, 50, 40],
            ["2", "Thuế thu nhập cá nhân", 20, 100, 80],
        ],
    )
    result = import_file(content, "thu_ngan_sach.xlsx", engine=seeded, user="t")
    assert result.stored, [p.line("thu_ngan_sach.xlsx") for p in result.problems.items]
    assert any("không có cột dự toán" in n for sheet in result.sheets for n in sheet.notes)
    with Session(seeded) as s:
        lines = s.exec(select(BudgetLine).where(col(BudgetLine.batch_id).in_(result.batch_ids))).all()
        assert sorted(
            (x.role, x.item_name, x.ytd_amount, x.estimate_council, x.estimate_province) for x in lines
        ) == [
            ("item", "Lệ phí trước bạ", 50, None, None),
            ("item", "Thuế thu nhập cá nhân", 100, None, None),
            ("total", "TỔNG THU NSNN TRÊN ĐỊA BÀN", 150, None, None),
        ]
        section = revenue_section(session=s, unit_id=None, start=None, end=None, as_of=date(2023, 5, 31))
    assert (section["ytd"], section["estimate"], section["pct_of_estimate"]) == (150, None, None)
    assert section["pct_vs_last_year"] == 125


def test_a_table_of_figures_with_no_word_of_budget_is_not_taken_for_one(seeded: Engine) -> None:
    """Without an estimate column only a title or header that says 'ngân sách' makes a budget report."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["BÁO CÁO KẾT QUẢ SẢN XUẤT THÁNG 5 NĂM 2023"],
        ["Nội dung", "Thực hiện tháng 5", "Lũy kế từ đầu năm"],
        ["Lúa", 10, 50],
    ):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    result = import_file(out.getvalue(), "san_xuat.xlsx", engine=seeded, user="t")
    assert not result.stored
    assert result.sheets == []


def test_a_report_with_only_the_year_to_date_column_is_read(seeded: Engine) -> None:
    """One figure column ('Lũy kế từ đầu năm') beside the item names is still a budget table."""
    content = _report(
        ["STT", "Nội dung", "Lũy kế từ đầu năm"],
        [["", "Tổng cộng", 150], ["1", "Lệ phí trước bạ", 50], ["2", "Thuế thu nhập cá nhân", 100]],
    )
    result = import_file(content, "thu_ngan_sach.xlsx", engine=seeded, user="t")
    assert result.stored, [p.line("thu_ngan_sach.xlsx") for p in result.problems.items]
    with Session(seeded) as s:
        lines = s.exec(select(BudgetLine).where(col(BudgetLine.batch_id).in_(result.batch_ids))).all()
    assert sorted((x.role, x.ytd_amount) for x in lines) == [("item", 50), ("item", 100), ("total", 150)]
