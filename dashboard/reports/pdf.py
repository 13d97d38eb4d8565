"""The leaders' report as a print-ready A4 PDF in Vietnamese, with Noto Sans embedded from dashboard/reports/fonts/.

Status is a word in its colour (Đạt, Gần đạt, Chậm), never colour alone; a missing figure is '—'. fpdf2 subsets
the fonts (Noto Sans Math gives the minus sign), so the file stays small and opens the same on every computer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos

from base.formatting import MISSING, NO_DATA, vn_date, vn_number, vn_percent, vn_signed
from dashboard.reports.content import LeaderReport

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "NotoSans"
MATH = "NotoSansMath"
STATUS_COLOURS = {"met": (0, 112, 79), "close": (138, 90, 0), "behind": (163, 59, 0)}
HEAD_FILL = (221, 230, 240)
INK = (27, 39, 51)
ORGANISATION = "TRUNG TÂM ĐIỀU HÀNH THÔNG MINH (IOC)"


class ReportPdf(FPDF):
    """A4 portrait with the report's name and page numbers in the footer."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FAMILY, size=7.5)
        self.set_text_color(85, 85, 85)
        self.cell(0, 5, f"{self.footer_text} · Trang {self.page_no()}/{{nb}}", align="C")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2.5)
    pdf.set_font(FAMILY, "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(0, 6.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(138, 150, 163)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1.2)
    pdf.set_font(FAMILY, size=8.5)


def _para(pdf: FPDF, text: str, *, size: float = 8.5, italic_grey: bool = False) -> None:
    pdf.set_font(FAMILY, size=size)
    pdf.set_text_color(*((85, 85, 85) if italic_grey else INK))
    pdf.multi_cell(0, 4.3, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)


def _table(
    pdf: FPDF,
    header: Sequence[str],
    rows: Sequence[Sequence[str | tuple[str, tuple[int, int, int]]]],
    widths: Sequence[float],
    align: Sequence[str],
) -> None:
    """A table with a shaded header row; a cell given as (text, colour) is written bold in that colour."""
    pdf.set_font(FAMILY, size=8)
    with pdf.table(
        col_widths=tuple(widths),
        text_align=tuple(align),
        line_height=4.2,
        padding=(0.8, 1.2),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
        cell_fill_mode=TableCellFillMode.NONE,
        borders_layout="ALL",
        width=pdf.epw,
    ) as table:
        head = table.row()
        for text in header:
            head.cell(text)
        for values in rows:
            row = table.row()
            for value in values:
                if isinstance(value, tuple):
                    row.cell(value[0], style=FontFace(emphasis="BOLD", color=value[1]))
                else:
                    row.cell(value)


def _headlines(pdf: FPDF, report: LeaderReport) -> None:
    _heading(pdf, "1. Chỉ số chính so với chỉ tiêu")
    previous = report.previous_label or "kỳ trước"
    rows: list[Sequence[str | tuple[str, tuple[int, int, int]]]] = []
    for h in report.headlines:
        verdict: str | tuple[str, tuple[int, int, int]] = (
            (h.status_word, STATUS_COLOURS[h.status]) if h.status else MISSING
        )
        label = f"{h.label}\n{h.note}" if h.note else h.label
        rows.append((h.area, label, h.value_text, verdict, h.target_text or MISSING))
    _table(
        pdf,
        ("Lĩnh vực", "Chỉ số", "Kỳ này", "Đánh giá", "Chỉ tiêu / mốc"),
        rows,
        (30, 78, 20, 17, 41),
        ("LEFT", "LEFT", "RIGHT", "CENTER", "LEFT"),
    )
    _heading(pdf, f"2. Thay đổi so với {previous} (tính lại tại thời điểm lập báo cáo)")
    _table(
        pdf,
        ("Chỉ số", previous, "Kỳ này", "Thay đổi"),
        [(h.label, h.previous_text, h.value_text, h.change_text) for h in report.headlines],
        (86, 34, 34, 32),
        ("LEFT", "RIGHT", "RIGHT", "RIGHT"),
    )


def _late(pdf: FPDF, report: LeaderReport) -> None:
    _heading(pdf, "3. Hồ sơ trễ hạn và quá hạn theo đơn vị")
    if not report.late_total:
        _para(
            pdf,
            "Không có hồ sơ trễ hạn hay quá hạn trong danh sách hồ sơ của kỳ (hoặc chưa có danh sách hồ sơ).",
        )
        return
    by_unit = "; ".join(f"{unit}: {vn_number(n)}" for unit, n in report.late_by_unit.items())
    shown = len(report.late)
    cap = f" Liệt kê {vn_number(shown)} hồ sơ quá hạn lâu nhất." if shown < report.late_total else ""
    _para(pdf, f"Tổng số: {vn_number(report.late_total)} hồ sơ ({by_unit}).{cap}")
    _table(
        pdf,
        ("Đơn vị", "Mã hồ sơ", "Thủ tục", "Hạn xử lý", "Tình trạng", "Số ngày quá hạn"),
        [
            (r.unit, r.code, r.procedure, vn_date(r.due), r.state, vn_number(r.days_overdue))
            for r in report.late
        ],
        (32, 43, 55, 18, 20, 18),
        ("LEFT", "LEFT", "LEFT", "CENTER", "LEFT", "RIGHT"),
    )


def _disbursement(pdf: FPDF, report: LeaderReport) -> None:
    _heading(pdf, "4. Chủ đầu tư, dự án chậm nhất so với mốc giải ngân kế tiếp")
    if not report.milestone_text:
        _para(
            pdf,
            "Chưa có mốc giải ngân kế tiếp cho phạm vi này (chỉ tiêu chưa được nhập hoặc đã qua mọi mốc).",
        )
        return
    _para(
        pdf,
        f"{report.milestone_text}. {vn_number(report.investors_behind_total)} chủ đầu tư và "
        f"{vn_number(report.projects_behind_total)} dự án dưới mốc.",
    )
    for title, rows, total in (
        ("Chủ đầu tư", report.investors_behind, report.investors_behind_total),
        ("Dự án", report.projects_behind, report.projects_behind_total),
    ):
        if not rows:
            continue
        note = f" (liệt kê {vn_number(len(rows))}/{vn_number(total)})" if len(rows) < total else ""
        _table(
            pdf,
            (
                f"{title}{note}",
                "Số dự án" if title == "Chủ đầu tư" else "Chủ đầu tư",
                "Tỷ lệ giải ngân",
                "So với mốc",
            ),
            [(r.name, r.detail, vn_percent(r.pct), vn_signed(r.gap_pts, 1, "điểm") or MISSING) for r in rows],
            (84, 50, 26, 26),
            ("LEFT", "LEFT", "RIGHT", "RIGHT"),
        )
        pdf.ln(1.5)


def _tasks(pdf: FPDF, report: LeaderReport) -> None:
    _heading(pdf, "5. Nhiệm vụ quá hạn theo cơ quan chủ trì")
    if not report.tasks_by_lead:
        _para(pdf, "Không có nhiệm vụ quá hạn trong các danh sách nhiệm vụ của kỳ.")
        return
    _para(pdf, f"Tổng số: {vn_number(report.overdue_tasks_total)} nhiệm vụ quá hạn.")
    rows = []
    for lead in report.tasks_by_lead:
        oldest = "\n".join(
            f"• {title} (hạn {vn_date(deadline)}, quá {vn_number(days)} ngày)"
            for title, deadline, days in lead.oldest
        )
        rows.append(
            (
                lead.lead,
                vn_number(lead.overdue),
                f"{vn_number(lead.total)}",
                vn_percent(lead.completion_rate),
                oldest,
            )
        )
    _table(
        pdf,
        ("Cơ quan chủ trì", "Quá hạn", "Tổng số", "Hoàn thành", "Quá hạn lâu nhất"),
        rows,
        (40, 15, 15, 18, 98),
        ("LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT"),
    )


def _freshness(pdf: FPDF, report: LeaderReport) -> None:
    _heading(pdf, "6. Tình trạng cập nhật số liệu")
    _para(pdf, report.freshness_note)
    if report.freshness:
        _table(
            pdf,
            ("Lĩnh vực", "Đơn vị", "Tình trạng", "Ngày nộp"),
            [(r.dataset, r.unit, r.detail, vn_date(r.uploaded)) for r in report.freshness],
            (40, 62, 60, 24),
            ("LEFT", "LEFT", "LEFT", "CENTER"),
        )


def render_pdf(report: LeaderReport) -> bytes:
    """The report as PDF bytes."""
    pdf = ReportPdf(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", str(FONTS / "NotoSans-Regular.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "NotoSans-Bold.ttf"))
    # Noto Sans has no U+2212, the minus every negative figure is written with (base.formatting).
    pdf.add_font(MATH, "", str(FONTS / "NotoSansMath-Regular.ttf"))
    pdf.set_fallback_fonts([MATH], exact_match=False)
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_creation_date(
        report.generated_at.astimezone() if report.generated_at.tzinfo else report.generated_at
    )
    title = f"{report.title} — {report.unit_label} — {report.period.label}"
    pdf.set_title(title)
    pdf.set_lang("vi")
    pdf.footer_text = title
    pdf.add_page()
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 9)
    pdf.cell(0, 5, ORGANISATION, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "B", 15)
    pdf.cell(0, 9, f"{report.title.upper()} — {report.unit_label}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _para(
        pdf,
        f"Kỳ: {report.period.label} ({vn_date(report.period.start)} – {vn_date(report.period.end)}) · "
        f"số liệu tính đến ngày {vn_date(report.as_of)} · lập lúc {report.generated_at:%H:%M %d/%m/%Y}",
        size=9,
    )
    _headlines(pdf, report)
    _late(pdf, report)
    _disbursement(pdf, report)
    _tasks(pdf, report)
    _freshness(pdf, report)
    pdf.ln(2)
    note = (
        f"“{MISSING}”: không tính được (chưa có số liệu hoặc mẫu số bằng 0), không phải số 0; “{NO_DATA}” "
        "tương tự. Thay đổi của tỷ lệ tính bằng điểm phần trăm."
    )
    if report.dashboard_link:
        note += f" Xem chi tiết: {report.dashboard_link}"
    _para(pdf, note, size=7.5, italic_grey=True)
    return bytes(pdf.output())
