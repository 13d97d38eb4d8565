"""Opens an uploaded Excel file with calamine (fast, values only, never runs macros) into plain sheets."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import python_calamine

from dashboard.settings import Settings
from data_loaders.file_guard import FileCheck, FileRejected, check_file

CellValue = str | int | float | bool | date | datetime | time | timedelta
_SHEET_TAG = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL_TAG = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_TAG_REV = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')


@dataclass
class Sheet:
    """A sheet's cells from A1 ('' where empty) and its merged ranges as ((r0, c0), (r1, c1)) inclusive."""

    name: str
    rows: list[list[CellValue]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    formulas_without_value: list[str] = field(default_factory=list)
    file_name: str = ""  # the uploaded file's name: loaders read a unit or period from it as a last resort

    def value(self, row: int, col: int) -> CellValue:
        """The cell's value, '' outside the used range."""
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return ""


@dataclass
class Workbook:
    """The readable sheets of one file, in workbook order (hidden sheets included, chart sheets not)."""

    file_name: str
    fmt: str
    sheets: list[Sheet]


def open_workbook(content: bytes, file_name: str, settings: Settings) -> Workbook:
    """Check the file, then read every worksheet; raises FileRejected with a Vietnamese message."""
    check: FileCheck = check_file(content, file_name, settings)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # calamine raises several of its own types for a damaged file
        raise FileRejected(
            "not_excel", f"Không đọc được tệp Excel: {exc}. Hãy mở và lưu lại tệp rồi thử lại."
        ) from exc
    formula_cells = _formula_cells_by_sheet(content, check) if check.formulas_without_value else {}
    sheets: list[Sheet] = []
    cells_read = 0
    for meta in book.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        try:
            raw = book.get_sheet_by_name(meta.name)
            cells_read += raw.total_height * raw.total_width
            if cells_read > settings.max_cells:
                raise FileRejected(
                    "too_many_cells",
                    f"Tệp có quá nhiều ô (hơn {settings.max_cells:,} ô). Hãy xóa các cột, dòng thừa "
                    "hoặc chia thành nhiều tệp.".replace(",", "."),
                )
            rows = raw.to_python(skip_empty_area=False)
            merged = raw.merged_cell_ranges or []
        except FileRejected:
            raise
        except Exception as exc:
            raise FileRejected(
                "not_excel", f"Không đọc được trang tính “{meta.name}”: {exc}. Hãy lưu lại tệp rồi thử lại."
            ) from exc
        sheets.append(Sheet(meta.name, rows, list(merged), formula_cells.get(meta.name, []), file_name))
    book.close()
    return Workbook(file_name, check.fmt, sheets)


def _formula_cells_by_sheet(content: bytes, check: FileCheck) -> dict[str, list[str]]:
    """Map the pre-scan's sheet part names to sheet names through workbook.xml and its relationships."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        workbook_xml = archive.read("xl/workbook.xml")
        rels_xml = archive.read("xl/_rels/workbook.xml.rels")
    targets = {rid: target for rid, target in _REL_TAG.findall(rels_xml)}
    targets.update({rid: target for target, rid in _REL_TAG_REV.findall(rels_xml)})
    result: dict[str, list[str]] = {}
    for name, rid in _SHEET_TAG.findall(workbook_xml):
        target = targets.get(rid, b"").decode()
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if path in check.formulas_without_value:
            result[html.unescape(name.decode())] = check.formulas_without_value[path]
    return result
