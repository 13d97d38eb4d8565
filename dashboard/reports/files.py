"""A leaders' report built once and laid out as its two files (PDF and workbook), with their file names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from base import periods
from dashboard.reports.content import LeaderReport, build_leader_report
from dashboard.reports.pdf import render_pdf
from dashboard.reports.xlsx import render_xlsx

WHOLE_AREA_SLUG = "toan-dia-ban"


@dataclass(frozen=True)
class ReportFiles:
    report: LeaderReport
    pdf: bytes
    xlsx: bytes

    @property
    def stem(self) -> str:
        """'bao-cao-m2023-05-xa-pho-an': the period and scope as in the page URLs."""
        return f"bao-cao-{self.report.period.token}-{self.report.unit_code or WHOLE_AREA_SLUG}"


def build_report_files(
    *,
    session: Session,
    period: periods.Selected,
    unit_id: int | None,
    today: date,
    generated_at: datetime,
    dashboard_url: str = "",
) -> ReportFiles:
    report = build_leader_report(
        session=session,
        period=period,
        unit_id=unit_id,
        today=today,
        generated_at=generated_at,
        dashboard_url=dashboard_url,
    )
    return ReportFiles(report, render_pdf(report), render_xlsx(report))
