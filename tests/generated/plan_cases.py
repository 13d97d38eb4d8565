"""Generated plan workbooks: assigned tasks with deadlines and statuses, and the targets (chỉ tiêu) sheet."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tests.generated.common import (
    LOCAL_UNITS,
    OFFICES,
    TOWN,
    Case,
    dated_cell,
    fillers,
    finish,
    month_end,
    new_book,
    unit_heading,
    written_date,
    written_number,
)

TASK_HEADERS: dict[str, tuple[str, ...]] = {
    "title": ("Nội dung công việc / Nhiệm vụ", "Nhiệm vụ", "Nội dung công việc"),
    "lead": ("Cơ quan chủ trì", "Cơ quan chủ trì thực hiện"),
    "coordinating": ("Cơ quan phối hợp",),
    "product": ("Sản phẩm", "Sản phẩm đầu ra"),
    "deadline": ("Thời gian thực hiện", "Thời gian hoàn thành", "Thời hạn"),
    "status": ("Tình trạng", "Trạng thái"),
    "completed_on": ("Ngày hoàn thành",),
}
AREAS = (
    "CẢI CÁCH THỂ CHẾ",
    "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
    "CẢI CÁCH TỔ CHỨC BỘ MÁY",
    "XÂY DỰNG CHÍNH QUYỀN SỐ",
)
VERBS = ("Rà soát", "Xây dựng", "Triển khai", "Kiểm tra", "Tổ chức tập huấn", "Báo cáo kết quả")
OBJECTS = (
    "văn bản quy phạm pháp luật",
    "quy trình nội bộ",
    "kế hoạch kiểm tra",
    "dịch vụ công trực tuyến",
    "bộ phận một cửa",
)
EXTERNAL = ("Sở Nội vụ", "UBND tỉnh", "Chi cục Thống kê")
STATUS_TEXTS = {
    "done": ("Đã hoàn thành", "Hoàn thành", "Xong"),
    "in_progress": ("Đang thực hiện", "Đang triển khai"),
    "not_started": ("Chưa thực hiện", "", "Chưa triển khai"),
}


@dataclass
class TasksTruth:
    year: int
    columns: tuple[str, ...]
    tasks: dict[str, dict[str, Any]] = field(default_factory=dict)


def _deadline(rng: random.Random, y: int, style: str) -> tuple[Any, str, date | None]:
    """(cell value, kind, due date) for a deadline written the way people write them."""
    q = rng.randint(1, 4)
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    options: list[tuple[Any, str, date | None]] = [
        (f"Quý {['I', 'II', 'III', 'IV'][q - 1]} năm {y}", "date", month_end(y, 3 * q)),
        (f"Trước ngày {d:02d}/{m:02d}/{y}", "date", date(y, m, d)),
        (f"Tháng {m} năm {y}", "date", month_end(y, m)),
        ("Thường xuyên", "ongoing", None),
        ("Theo kế hoạch của Sở Nội vụ", "none", None),
        (written_date(date(y, m, d), style), "date", date(y, m, d)),
    ]
    return rng.choice(options)


def tasks(seed: str) -> Case:
    rng = random.Random(seed)
    optional = [c for c in ("coordinating", "product", "status", "completed_on") if rng.random() < 0.7]
    layout: dict[str, Any] = {
        "columns": ["title", "lead", "deadline", *optional],
        "column_order": rng.choice(["template", "shuffled"]),
        "stt": rng.random() < 0.8,
        "title_lines": rng.randint(0, 6),
        "areas": rng.random() < 0.6,
        "dates": rng.choice(["excel", "text"]),
        "unit_heading": rng.random() < 0.6,
        "signature": rng.random() < 0.4,
    }
    if "completed_on" in layout["columns"] and "status" not in layout["columns"]:
        layout["columns"].remove("completed_on")
    if layout["column_order"] == "shuffled":
        rest = layout["columns"][1:]
        rng.shuffle(rest)
        layout["columns"] = [layout["columns"][0], *rest]
    cols = layout["columns"]
    year = rng.randint(2021, 2024)
    truth = TasksTruth(year, tuple(cols))
    rows: list[tuple[str, dict[str, Any]]] = []
    areas = rng.sample(AREAS, rng.randint(1, 3)) if layout["areas"] else [""]
    for a, area in enumerate(areas):
        if area:
            rows.append((["I", "II", "III"][a], {"title": area}))
        for i in range(rng.randint(1, 6)):
            title = (
                f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} ({area.lower() or 'chung'}, mục {a + 1}.{i + 1})"
            )
            lead_unit = rng.choice(OFFICES + LOCAL_UNITS + [None])
            lead = lead_unit.name if lead_unit else rng.choice(EXTERNAL)
            value, kind, due = _deadline(rng, year, layout["dates"])
            status = rng.choice(list(STATUS_TEXTS)) if "status" in cols else "not_started"
            completed = None
            if status == "done" and "completed_on" in cols and rng.random() < 0.7:
                completed = date(year, rng.randint(1, 12), rng.randint(1, 28))
            truth.tasks[title] = {
                "lead_unit": lead_unit.code if lead_unit else None,
                "deadline_kind": kind,
                "deadline": due,
                "status": status,
                "completed_on": completed,
            }
            rows.append(
                (
                    str(i + 1),
                    {
                        "title": title,
                        "lead": lead,
                        "coordinating": "Các phòng, ban liên quan",
                        "product": rng.choice(["Báo cáo", "Kế hoạch", "Quyết định"]),
                        "deadline": value,
                        "status": rng.choice(STATUS_TEXTS[status]) or None,
                        "completed_on": None
                        if completed is None
                        else written_date(completed, layout["dates"]),
                    },
                )
            )
    case = Case("tasks", seed, layout, truth)
    book, grid = new_book(rng.choice(["Nhiệm vụ", "Sheet1", "KH"]))
    lines = fillers(rng, layout["title_lines"])
    if layout["unit_heading"]:
        lines.insert(0, unit_heading(TOWN))
    lines.append(f"KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {year}")
    for text in lines:
        grid.line(text)
    grid.skip()
    sheet_cols = (["stt"] if layout["stt"] else []) + cols
    for c, name in enumerate(sheet_cols, 1):
        grid.ws.cell(grid.row, c, "STT" if name == "stt" else rng.choice(TASK_HEADERS[name]))
    grid.row += 1
    for stt, cells in rows:
        for c, name in enumerate(sheet_cols, 1):
            value = stt if name == "stt" else cells.get(name)
            if name == "title" and not layout["stt"] and "lead" not in cells:
                value = f"{stt}. {cells['title']}"  # a heading without an STT column carries its number
            dated_cell(grid.ws, grid.row, c, value)
        grid.row += 1
    if layout["signature"]:
        grid.skip()
        grid.ws.cell(grid.row, 2, "Nơi nhận:")
        grid.ws.cell(grid.row + 1, 2, "- Như trên;")
    case.file_name = f"KeHoach_CCHC_{year}.xlsx"
    case.content = finish(book, rng, layout)
    return case


# --- Targets -------------------------------------------------------------------------------------------------

INDICATOR_TEXTS: dict[str, tuple[str, ...]] = {
    "disbursement_pct": ("Tỷ lệ giải ngân", "disbursement_pct", "Giải ngân vốn đầu tư công"),
    "online_rate": ("Tỷ lệ nộp hồ sơ trực tuyến", "online_rate"),
    "online_payment_rate": ("Tỷ lệ thanh toán trực tuyến", "Thanh toán trực tuyến"),
    "on_time_rate": ("Tỷ lệ giải quyết đúng hạn", "on_time_rate"),
    "revenue_pct_of_estimate": ("Thu ngân sách so dự toán", "Thu ngân sách"),
    "task_completion_rate": ("Tỷ lệ hoàn thành nhiệm vụ",),
}
TARGET_HEADERS: dict[str, tuple[str, ...]] = {
    "indicator": ("Chỉ tiêu", "Tên chỉ tiêu"),
    "year": ("Năm",),
    "unit": ("Đơn vị", "Đơn vị áp dụng"),
    "source": ("Nguồn vốn",),
    "due": ("Mốc thời gian", "Thời hạn"),
    "value": ("Giá trị (%)", "Mục tiêu (%)"),
    "tolerance": ("Dung sai (điểm %)",),
    "note": ("Căn cứ, ghi chú",),
}
SOURCE_TEXTS = {
    "ctmtqg_ntm": "CTMTQG xây dựng nông thôn mới",
    "ctmtqg_gn": "CTMTQG giảm nghèo bền vững",
    "thixa": "Ngân sách thị xã",
}


@dataclass
class TargetsTruth:
    targets: dict[tuple[Any, ...], dict[str, Any]] = field(
        default_factory=dict
    )  # key: indicator, year, unit, source, due


def targets(seed: str) -> Case:
    rng = random.Random(seed)
    optional = [c for c in ("unit", "source", "due", "tolerance", "note") if rng.random() < 0.7]
    layout: dict[str, Any] = {
        "columns": ["indicator", "year", "value", *optional],
        "column_order": rng.choice(["template", "shuffled"]),
        "stt": rng.random() < 0.8,
        "title_lines": rng.randint(0, 6),
        "dates": rng.choice(["excel", "text"]),
        "numbers": rng.choice(["number", "vn_text", "percent_text"]),
        "all_units": rng.choice(["", "Tất cả", "Toàn thị xã"]),
    }
    if layout["column_order"] == "shuffled":
        rng.shuffle(layout["columns"])
    cols = layout["columns"]
    truth = TargetsTruth()
    rows: list[dict[str, Any]] = []
    for _ in range(rng.randint(1, 12)):
        indicator = rng.choice(list(INDICATOR_TEXTS))
        year = rng.randint(2022, 2024)
        unit = rng.choice(LOCAL_UNITS) if "unit" in cols and rng.random() < 0.4 else None
        source = (
            rng.choice(list(SOURCE_TEXTS))
            if "source" in cols and indicator == "disbursement_pct" and rng.random() < 0.5
            else ""
        )
        due = (
            date(year, rng.choice([6, 9, 12]), 30 if rng.random() < 0.5 else 15)
            if "due" in cols and rng.random() < 0.5
            else None
        )
        key = (indicator, year, unit.code if unit else None, source, due)
        if key in truth.targets:
            continue
        value = float(rng.choice([rng.randint(5, 100), rng.randint(10, 99) + 0.5]))
        tolerance = float(rng.randint(1, 10)) if "tolerance" in cols and rng.random() < 0.6 else None
        truth.targets[key] = {"value": value, "tolerance": 5.0 if tolerance is None else tolerance}
        number = (
            f"{written_number(value, 'vn_text')}%"
            if layout["numbers"] == "percent_text"
            else written_number(value, layout["numbers"])
        )
        rows.append(
            {
                "indicator": rng.choice(INDICATOR_TEXTS[indicator]),
                "year": year if rng.random() < 0.8 else str(year),
                "unit": unit.name if unit else layout["all_units"] or None,
                "source": SOURCE_TEXTS.get(source),
                "due": None if due is None else written_date(due, layout["dates"]),
                "value": number,
                "tolerance": tolerance,
                "note": "Theo Nghị quyết của HĐND",
            }
        )
    case = Case("targets", seed, layout, truth)
    book, grid = new_book(rng.choice(["Chỉ tiêu", "Sheet1"]))
    lines = fillers(rng, layout["title_lines"])
    lines.append("CHỈ TIÊU GIAO")
    for text in lines:
        grid.line(text)
    grid.skip()
    sheet_cols = (["stt"] if layout["stt"] else []) + cols
    for c, name in enumerate(sheet_cols, 1):
        grid.ws.cell(grid.row, c, "STT" if name == "stt" else rng.choice(TARGET_HEADERS[name]))
    grid.row += 1
    for n, cells in enumerate(rows, 1):
        for c, name in enumerate(sheet_cols, 1):
            dated_cell(grid.ws, grid.row, c, n if name == "stt" else cells.get(name))
        grid.row += 1
    case.file_name = f"ChiTieu_{datetime(2026, 1, 1):%Y}.xlsx"
    case.content = finish(book, rng, layout)
    return case
