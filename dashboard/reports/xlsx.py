"""The leaders' report as an Excel workbook: one sheet per section, numbers as numbers, missing as empty cells.

Formula-safe like every export (dashboard.views.exports): text cells are written as text, and text that starts like a
formula (a task title "=HYPERLINK(…)") is neutralised, so nothing in the file can run in the reader's Excel.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import xlsxwriter

from base.formatting import vn_date
from dashboard.reports.content import LeaderReport
from dashboard.views.exports import neutralise

Cell = str | int | float | date | None
# Sheet names (Excel allows 31 characters): the workbook's table of contents.
SHEETS = ("Chỉ số chính", "Hồ sơ trễ hạn", "Giải ngân chậm", "Nhiệm vụ quá hạn", "Cập nhật số liệu")


class _Book:
    """An in-memory workbook with the report's styles."""

    def __init__(self) -> None:
        self.out = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        add = self.book.add_format
        self.title = add({"bold": True, "font_size": 13})
        self.head = add(
            {"bold": True, "text_wrap": True, "border": 1, "bg_color": "#DDE6F0", "valign": "top"}
        )
        self.styles = {
            "text": add({"border": 1, "text_wrap": True, "valign": "top"}),
            "int": add({"border": 1, "num_format": "#,##0", "valign": "top"}),
            "pct": add({"border": 1, "num_format": "0.00", "valign": "top"}),
            "date": add({"border": 1, "num_format": "dd/mm/yyyy", "valign": "top"}),
        }

    def sheet(
        self,
        name: str,
        heading: Sequence[str],
        header: Sequence[tuple[str, str, int]],
        rows: Sequence[Sequence[Cell]],
    ) -> None:
        """Heading lines, a header row of (text, kind, width), then the rows; None stays an empty cell."""
        sheet: Any = self.book.add_worksheet(name)
        for r, line in enumerate(heading):
            sheet.write_string(r, 0, neutralise(line), self.title if r == 0 else None)
        top = len(heading) + 1
        for c, (text, _kind, width) in enumerate(header):
            sheet.write_string(top, c, text, self.head)
            sheet.set_column(c, c, width)
        for r, values in enumerate(rows, start=top + 1):
            for c, value in enumerate(values):
                self._write(sheet, r, c, value, header[c][1])
        sheet.freeze_panes(top + 1, 0)

    def _write(self, sheet: Any, r: int, c: int, value: Cell, kind: str) -> None:
        style = self.styles[kind]
        if value is None:
            sheet.write_blank(r, c, None, style)
        elif kind == "date" and isinstance(value, date):
            sheet.write_datetime(r, c, value, style)
        elif kind in ("int", "pct") and isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(r, c, value, style)
        else:
            sheet.write_string(r, c, neutralise(str(value)), self.styles["text"])

    def close(self) -> bytes:
        self.book.close()
        return self.out.getvalue()


def render_xlsx(report: LeaderReport) -> bytes:
    """The workbook's bytes."""
    book = _Book()
    about = [
        f"{report.title} — {report.unit_label} — {report.period.label}",
        f"Từ {vn_date(report.period.start)} đến {vn_date(report.period.end)}; số liệu tính đến ngày "
        f"{vn_date(report.as_of)}; lập lúc {report.generated_at:%H:%M %d/%m/%Y}",
    ]
    previous = report.previous_label or "Kỳ trước"
    book.sheet(
        SHEETS[0],
        about,
        (
            ("Lĩnh vực", "text", 22),
            ("Chỉ số", "text", 34),
            ("Đơn vị tính", "text", 11),
            ("Kỳ này", "pct", 12),
            ("Đánh giá", "text", 11),
            ("Chỉ tiêu / mốc", "text", 28),
            (previous, "pct", 12),
            ("Thay đổi", "text", 14),
            ("Ghi chú", "text", 60),
        ),
        [
            (
                h.area,
                h.label,
                h.unit,
                h.value,
                h.status_word,
                h.target_text or None,
                h.previous,
                h.change_text,
                h.note or None,
            )
            for h in report.headlines
        ],
    )
    capped = f" (liệt kê {len(report.late)})" if len(report.late) < report.late_total else ""
    by_unit = "; ".join(f"{u}: {n}" for u, n in report.late_by_unit.items())
    book.sheet(
        SHEETS[1],
        [*about, f"Tổng số hồ sơ trễ hạn, quá hạn: {report.late_total}{capped}. {by_unit}"],
        (
            ("Đơn vị", "text", 30),
            ("Mã hồ sơ", "text", 28),
            ("Thủ tục", "text", 50),
            ("Hạn xử lý", "date", 12),
            ("Tình trạng", "text", 14),
            ("Số ngày quá hạn", "int", 10),
        ),
        [(r.unit, r.code, r.procedure, r.due, r.state, r.days_overdue) for r in report.late],
    )
    behind = [("Chủ đầu tư", r) for r in report.investors_behind] + [
        ("Dự án", r) for r in report.projects_behind
    ]
    book.sheet(
        SHEETS[2],
        [
            *about,
            (report.milestone_text or "Chưa có mốc giải ngân kế tiếp")
            + f"; dưới mốc: {report.investors_behind_total} chủ đầu tư, {report.projects_behind_total} dự án",
        ],
        (
            ("Loại", "text", 12),
            ("Tên", "text", 50),
            ("Số dự án / chủ đầu tư", "text", 30),
            ("Tỷ lệ giải ngân (%)", "pct", 12),
            ("So với mốc (điểm)", "pct", 12),
        ),
        [(kind, r.name, r.detail, r.pct, r.gap_pts) for kind, r in behind],
    )
    book.sheet(
        SHEETS[3],
        [*about, f"Tổng số nhiệm vụ quá hạn: {report.overdue_tasks_total}"],
        (
            ("Cơ quan chủ trì", "text", 34),
            ("Nhiệm vụ quá hạn", "int", 10),
            ("Tổng số nhiệm vụ", "int", 10),
            ("Tỷ lệ hoàn thành (%)", "pct", 12),
            ("Nhiệm vụ", "text", 60),
            ("Thời hạn", "date", 12),
            ("Số ngày quá hạn", "int", 10),
        ),
        [
            (lead.lead, lead.overdue, lead.total, lead.completion_rate, title, deadline, days)
            for lead in report.tasks_by_lead
            for title, deadline, days in lead.oldest
        ],
    )
    book.sheet(
        SHEETS[4],
        [*about, report.freshness_note],
        (
            ("Lĩnh vực", "text", 24),
            ("Đơn vị", "text", 34),
            ("Tình trạng", "text", 16),
            ("Hạn nộp", "date", 12),
            ("Ngày nộp", "date", 12),
        ),
        [(r.dataset, r.unit, r.state, r.due, r.uploaded) for r in report.freshness],
    )
    return book.close()
