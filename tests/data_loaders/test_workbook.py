"""Opening an uploaded workbook into plain sheets: values from A1, merged ranges, every worksheet in order."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

from dashboard.settings import Settings
from data_loaders.rejection import FileRejected
from data_loaders.workbook import Sheet, open_workbook


def _xlsx(build) -> bytes:
    book = openpyxl.Workbook()
    build(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_values_from_a1_with_empty_cells_as_empty_text_and_merges_zero_based():
    def build(book):
        ws = book.active
        ws.title = "Biểu 1"
        ws["A1"] = "UBND xã Phổ An"
        ws["B3"] = 12
        ws["C3"] = 2.5
        ws["A4"] = datetime(2023, 5, 31, 8, 30)
        ws.merge_cells("A1:C1")
        ws.merge_cells("A2:A3")

    book = open_workbook(_xlsx(build), "bao_cao.xlsx", Settings())
    assert (book.file_name, book.fmt) == ("bao_cao.xlsx", "xlsx")
    (sheet,) = book.sheets
    assert sheet.name == "Biểu 1" and sheet.file_name == "bao_cao.xlsx"
    assert sheet.rows[0] == ["UBND xã Phổ An", "", ""]
    assert sheet.rows[2] == ["", 12, 2.5]
    assert sheet.rows[3][0] == datetime(2023, 5, 31, 8, 30)
    assert sorted(sheet.merged) == [((0, 0), (0, 2)), ((1, 0), (2, 0))]
    assert sheet.formulas_without_value == []


def test_every_worksheet_in_workbook_order_hidden_ones_included():
    def build(book):
        book.active.title = "Thu"
        book.active["A1"] = "a"
        hidden = book.create_sheet("Ẩn")
        hidden["A1"] = "b"
        hidden.sheet_state = "hidden"
        book.create_sheet("Chi")["A1"] = "c"

    book = open_workbook(_xlsx(build), "x.xlsx", Settings())
    assert [(s.name, s.rows[0][0]) for s in book.sheets] == [("Thu", "a"), ("Ẩn", "b"), ("Chi", "c")]


def test_a_formula_saved_without_its_value_is_listed():
    def build(book):
        ws = book.active
        ws["A1"] = 1
        ws["A2"] = "=A1*2"  # openpyxl writes no cached value

    (sheet,) = open_workbook(_xlsx(build), "x.xlsx", Settings()).sheets
    assert sheet.formulas_without_value == ["A2"]


def test_a_workbook_over_the_cell_limit_is_refused():
    def build(book):
        for r in range(1, 11):
            for c in range(1, 11):
                book.active.cell(r, c, r * c)

    with pytest.raises(FileRejected) as caught:
        open_workbook(_xlsx(build), "x.xlsx", Settings(max_cells=50))
    assert caught.value.code == "too_many_cells"


def test_bytes_that_are_no_excel_file_are_refused():
    with pytest.raises(FileRejected):
        open_workbook(b"STT;Ten\n1;Pho An\n", "bao_cao.xlsx", Settings())


def test_sheet_value_is_empty_text_outside_the_used_range():
    sheet = Sheet("S", [["a", "b"], ["c"]])
    assert sheet.value(0, 1) == "b"
    assert sheet.value(1, 1) == ""
    assert sheet.value(5, 0) == ""
    assert sheet.value(-1, 0) == ""
