"""Opens an uploaded Excel file with calamine (fast, values only, never runs macros) into plain sheets."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import python_calamine

from base import limits as read_limits
from base.limits import ReadLimits
from data_loaders.file_guard import FileCheck, FileRejected, check_file
from data_loaders.parsing import BadSavedValue
from data_loaders.xlsx_basics import SheetScan

CellValue = str | int | float | bool | date | datetime | time | timedelta


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


def open_workbook(content: bytes, file_name: str, limits: ReadLimits) -> Workbook:
    """Check the file, then read every worksheet; raises FileRejected with a Vietnamese message.

    The limits become the current ones, so the cells of this workbook are read under them too.
    """
    read_limits.make_current(limits)
    check: FileCheck = check_file(content, file_name, limits)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # calamine raises several of its own types for a damaged file
        raise FileRejected(
            "not_excel", f"Không đọc được tệp Excel: {exc}. Hãy mở và lưu lại tệp rồi thử lại."
        ) from exc
    sheets: list[Sheet] = []
    cells_read = 0
    for meta in book.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        scan = check.sheets.get(meta.name)
        if check.fmt == "xlsx" and scan is None:
            raise FileRejected(  # every worksheet calamine would read must have been scanned first
                "not_excel",
                f"Không tìm thấy phần dữ liệu của trang tính “{meta.name}”. Hãy lưu lại tệp bằng Excel.",
            )
        try:
            raw = book.get_sheet_by_name(meta.name)
            cells_read += raw.total_height * raw.total_width
            if cells_read > limits.max_cells:  # xls: known only once read (xlsx was bounded before)
                raise FileRejected(
                    "too_many_cells",
                    f"Tệp có quá nhiều ô (hơn {limits.max_cells:,} ô). Hãy xóa các cột, dòng thừa ".replace(
                        ",", "."
                    )
                    + "hoặc chia thành nhiều tệp.",
                    sheet=meta.name,
                )
            rows = raw.to_python(skip_empty_area=False)
            merged = raw.merged_cell_ranges or []
        except FileRejected:
            raise
        except Exception as exc:
            raise FileRejected(
                "not_excel", f"Không đọc được trang tính “{meta.name}”: {exc}. Hãy lưu lại tệp rồi thử lại."
            ) from exc
        if scan is not None:
            _mark_bad_values(rows, scan)
        else:
            _mark_nans(rows)
        formulas = scan.formulas_without_value if scan else []
        sheets.append(Sheet(meta.name, rows, list(merged), formulas, file_name))
    book.close()
    return Workbook(file_name, check.fmt, sheets)


def _mark_bad_values(rows: list[list[CellValue]], scan: SheetScan) -> None:
    """Put back the saved values calamine turned into '' or NaN, so reading them as numbers reports them."""
    for (r, c), bad in scan.bad_values.items():
        while len(rows) <= r:  # calamine leaves a hidden blank out of its range when it is the last cell
            rows.append([])
        if len(rows[r]) <= c:
            rows[r].extend([""] * (c + 1 - len(rows[r])))  # within the scanned extent, so bounded
        rows[r][c] = bad


def _mark_nans(rows: list[list[CellValue]]) -> None:
    """An xls has no XML to look at: a NaN double is found in the values themselves."""
    for row in rows:
        for c, value in enumerate(row):
            if isinstance(value, float) and math.isnan(value):
                row[c] = BadSavedValue.nan("NaN")
