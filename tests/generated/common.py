"""What every generated workbook shares: the case record, registry units, and how figures, dates and titles are written."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

REGISTRY = Path(__file__).resolve().parents[2] / "dashboard" / "unit_registry.csv"
# Title lines that name neither a unit nor a period: they only push the table down.
FILLERS = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Biểu số 01",
    "(Số liệu do bộ phận chuyên môn tổng hợp)",
    "(Kèm theo Báo cáo số 125/BC-UBND)",
    "(Kèm theo báo cáo của đơn vị)",
)
QUARTER_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class RegistryUnit:
    """A unit of dashboard/unit_registry.csv, as the generator may name it."""

    code: str
    name: str
    full_name: str
    kind: str


def registry_units() -> list[RegistryUnit]:
    """The units of the seeded registry that existed in 2021–2024, the years the generator draws periods from
    (the units of the 1/7/2025 reorganisation began later); it never invents one."""
    with REGISTRY.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if not r["valid_from"] or r["valid_from"] <= "2021-01-01"]
    return [RegistryUnit(r["code"], r["name"], r["full_name"], r["kind"]) for r in rows]


UNITS = registry_units()
TOWN = next(u for u in UNITS if u.kind == "town")
LOCAL_UNITS = [u for u in UNITS if u.kind in ("ward", "commune")]
OFFICES = [u for u in UNITS if u.kind == "office"]


@dataclass
class Case:
    """One generated workbook: the truth it was written from, the layout choices, and the file itself."""

    kind: str
    seed: str  # random.Random(seed) regenerates this exact case
    layout: dict[str, Any]
    truth: Any
    file_name: str = ""
    content: bytes = b""
    planted: frozenset[str] = frozenset()  # warning codes the generator put there on purpose

    def describe(self) -> str:
        choices = ", ".join(f"{k}={v}" for k, v in sorted(self.layout.items()))
        return f"{self.kind} seed={self.seed!r} file={self.file_name} layout: {choices}"


@dataclass
class Grid:
    """A sheet being written from the top: title lines, then the table, then whatever follows."""

    ws: Worksheet
    row: int = 1

    def line(self, text: str, col: int = 1) -> None:
        self.ws.cell(self.row, col, text)
        self.row += 1

    def skip(self, n: int = 1) -> None:
        self.row += n

    def put(
        self, row: int, col: int, value: Any, *, to_row: int | None = None, to_col: int | None = None
    ) -> None:
        self.ws.cell(row, col, value)
        if (to_row or row) != row or (to_col or col) != col:
            self.ws.merge_cells(
                start_row=row, start_column=col, end_row=to_row or row, end_column=to_col or col
            )


def new_book(sheet_title: str) -> tuple[openpyxl.Workbook, Grid]:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet_title
    return book, Grid(ws)


def finish(book: openpyxl.Workbook, rng: random.Random, layout: dict[str, Any]) -> bytes:
    """Add the extra sheet the layout asks for (a guide before or after the report) and save."""
    extra = rng.choice(["none", "none", "guide", "notes_first"])
    layout["extra_sheet"] = extra
    if extra != "none":
        guide = book.create_sheet("Hướng dẫn", 0 if extra == "notes_first" else None)
        for i, text in enumerate(("Ghi chú", "Số liệu lấy từ phần mềm một cửa.", "Người lập: chuyên viên")):
            guide.cell(i + 1, 1, text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def vn_number(value: float, decimals: int = 6) -> str:
    """Vietnamese digit grouping: 2.098 / 7.722,4 (trailing zeros of the decimals dropped)."""
    text = f"{value:,.{decimals}f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    whole = whole.replace(",", ".")
    return f"{whole},{frac}" if frac else whole


def written_number(value: float | int | None, style: str) -> Any:
    """A figure as the layout writes it: a number cell, Vietnamese text, or plain digits as text."""
    if value is None:
        return None
    if style == "number":
        return value
    if style == "vn_text":
        return vn_number(float(value))
    return str(int(value)) if float(value).is_integer() else vn_number(float(value))


def written_date(value: date | datetime, style: str) -> Any:
    """A date as an Excel date cell or as text (dd/mm/yyyy, with the time when it has one)."""
    if style == "excel":
        return value
    if isinstance(value, datetime) and (value.hour or value.minute):
        return f"{value:%d/%m/%Y %H:%M}"
    return f"{value:%d/%m/%Y}"


def dated_cell(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write a value; Excel dates get a dd/mm/yyyy format so they look like the users' files."""
    cell = ws.cell(row, col, value)
    if isinstance(value, datetime):
        cell.number_format = "dd/mm/yyyy hh:mm"
    elif isinstance(value, date):
        cell.number_format = "dd/mm/yyyy"


def fillers(rng: random.Random, n: int) -> list[str]:
    return rng.sample(FILLERS, n)


def unit_heading(unit: RegistryUnit) -> str:
    """The issuing unit as the top-left line of an official document: 'UBND XÃ PHỔ AN'."""
    return unit.full_name.upper()


def unit_in_sentence(unit: RegistryUnit) -> str:
    """The unit as written inside a title sentence: 'XÃ PHỔ AN', 'PHƯỜNG PHỔ MINH', 'PHÒNG TƯ PHÁP'."""
    word = {"commune": "XÃ ", "ward": "PHƯỜNG ", "town": "THỊ XÃ "}.get(unit.kind, "")
    name = unit.name.upper()
    return name if name.startswith(("PHÒNG", "THỊ XÃ")) or not word else word + name.removeprefix("THỊ XÃ ")


def ascii_name(text: str) -> str:
    """A file-name-safe spelling: 'Phổ An' -> 'Pho_An'."""
    import unicodedata

    flat = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "_".join("".join(c for c in flat if c.isascii() and (c.isalnum() or c == " ")).split())


@dataclass(frozen=True)
class PeriodTruth:
    """A reporting period and the ways it can be written."""

    start: date
    end: date
    form: str  # month | quarter | range | months_ytd

    def phrases(self) -> dict[str, str]:
        """place -> text: the line 'Kỳ báo cáo: …', a bare phrase for a title sentence, the file-name token."""
        y = self.end.year
        if self.form == "month":
            m = self.end.month
            return {
                "line": f"Kỳ báo cáo: Tháng {m}/{y}",
                "phrase": f"THÁNG {m} NĂM {y}",
                "file": f"T{m:02d}_{y}",
            }
        if self.form == "quarter":
            q = (self.end.month - 1) // 3 + 1
            return {
                "line": f"Kỳ báo cáo: Quý {QUARTER_ROMAN[q]}/{y}",
                "phrase": f"QUÝ {QUARTER_ROMAN[q]} NĂM {y}",
                "file": f"Q{q}_{y}",
            }
        if self.form == "months_ytd":
            m = self.end.month
            return {
                "line": f"Kỳ báo cáo: {m} tháng đầu năm {y}",
                "phrase": f"{m} THÁNG NĂM {y}",
                "file": f"{m}T_{y}",
            }
        span = f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"
        return {
            "line": f"Kỳ báo cáo: {span}",
            "phrase": span.upper(),
            "file": f"{self.start:%Y%m%d}-{self.end:%Y%m%d}",
        }


def month_end(y: int, m: int) -> date:
    import calendar

    return date(y, m, calendar.monthrange(y, m)[1])


def draw_period(
    rng: random.Random, forms: tuple[str, ...] = ("month", "quarter", "range", "months_ytd")
) -> PeriodTruth:
    """A past period (2021–2024) in one of the forms a report uses."""
    y = rng.randint(2021, 2024)
    form = rng.choice(forms)
    if form == "month":
        m = rng.randint(1, 12)
        return PeriodTruth(date(y, m, 1), month_end(y, m), form)
    if form == "quarter":
        q = rng.randint(1, 4)
        return PeriodTruth(date(y, 3 * q - 2, 1), month_end(y, 3 * q), form)
    if form == "months_ytd":
        m = rng.randint(2, 11)
        return PeriodTruth(date(y, 1, 1), month_end(y, m), form)
    end = date(y, rng.randint(2, 12), rng.randint(1, 28))
    return PeriodTruth(date(y, 1, 1), end, form)
