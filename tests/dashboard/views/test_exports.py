"""Excel exports reopen with the same numbers, and formula-looking text stays text."""

import io
from datetime import date

import openpyxl
import pytest

from dashboard.views.exports import ExportColumn, neutralise, table_to_xlsx

COLUMNS = [
    ExportColumn("title", "Nhiệm vụ"),
    ExportColumn("count", "Số hồ sơ", "hồ sơ", "int"),
    ExportColumn("money", "Lũy kế", "triệu đồng", "money"),
    ExportColumn("rate", "Tỷ lệ", "%", "percent"),
    ExportColumn("due", "Hạn", kind="date"),
]


def _reopen(rows):
    data = table_to_xlsx(
        title="Danh sách", period_label="Tháng 5/2023", columns=COLUMNS, rows=rows, source="Nguồn: x"
    )
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_numbers_reopen_as_numbers_and_missing_as_empty():
    sheet = _reopen(
        [
            {"title": "Thu NS", "count": 1528, "money": 70264.0, "rate": 27.73, "due": date(2023, 6, 30)},
            {"title": "Chưa có", "count": None, "money": None, "rate": None, "due": None},
        ]
    )
    assert [c.value for c in sheet[6]][:4] == ["Thu NS", 1528, 70264, 27.73]
    assert sheet.cell(6, 5).value.date() == date(2023, 6, 30)
    assert [c.value for c in sheet[7]][1:4] == [None, None, None]
    assert sheet["A5"].value == "Nhiệm vụ" and sheet["B5"].value == "Số hồ sơ (hồ sơ)"
    assert sheet["A2"].value == "Kỳ: Tháng 5/2023"


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "<img src=x onerror=alert(1)>"]
)
def test_formula_looking_text_is_exported_as_text(title):
    sheet = _reopen([{"title": title}])
    cell = sheet.cell(6, 1)
    assert cell.data_type == "s"
    assert cell.value == neutralise(title)
    assert title in cell.value


def test_neutralise():
    assert neutralise("=1") == "'=1" and neutralise("Bình thường") == "Bình thường"
