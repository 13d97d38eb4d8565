"""The leaders' report on the sample data: the PDF read back and the workbook hold the KPI module's figures."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import openpyxl
from sqlmodel import Session

from base import periods
from base.formatting import vn_number, vn_percent
from base.units import with_type_word
from dashboard.queries.dossier_lists import late_and_overdue
from dashboard.queries.investment import disbursement_section
from dashboard.queries.kpi_report import kpi_report
from dashboard.queries.reporting_status import counts_text, month_status
from dashboard.queries.tasks import tasks_section
from dashboard.reports.content import LATE_CAP, BehindRow, LeaderReport, build_leader_report
from dashboard.reports.pdf import render_pdf
from dashboard.reports.xlsx import SHEETS, render_xlsx
from dashboard.store.units import UnitMatcher
from tests.dashboard.views.test_overview import sample_engine  # noqa: F401 - the module-scoped sample database
from tests.pdf_text import pdf_text

ROOT = Path(__file__).resolve().parents[3]
TODAY = date(2026, 1, 15)
GENERATED = datetime(2026, 1, 15, 8, 0)


def report_of(engine, token: str, unit_code: str | None = None) -> LeaderReport:
    period = periods.from_token(token)
    assert period is not None
    with Session(engine) as session:
        unit = next((u for u in UnitMatcher.load(session=session).all() if u.code == unit_code), None)
        return build_leader_report(
            session=session,
            period=period,
            unit_id=unit.id if unit else None,
            today=TODAY,
            generated_at=GENERATED,
        )


def compact(text: str) -> str:
    """Without any whitespace: a figure split over two fonts (the minus sign) or two lines still matches."""
    return "".join(unicodedata.normalize("NFC", text).split())


def test_monthly_pdf_holds_the_kpi_modules_figures_units_and_diacritics(sample_engine):  # noqa: F811
    report = report_of(sample_engine, "m2023-05")
    text = pdf_text(render_pdf(report))
    flat = compact(text)
    with Session(sample_engine) as session:
        kpis = kpi_report(
            session=session,
            unit_id=None,
            start=date(2023, 5, 1),
            end=date(2023, 5, 31),
            as_of=date(2023, 5, 31),
        )
        late = late_and_overdue(
            session=session,
            unit_ids=None,
            start=date(2023, 5, 1),
            end=date(2023, 5, 31),
            as_of=date(2023, 5, 31),
            limit=10**6,
        )
    for figure in (
        kpis["dossiers"]["online_rate"],
        kpis["dossiers"]["on_time_rate"],
        kpis["revenue"]["pct_of_estimate"],
        kpis["disbursement"]["pct"],
    ):
        assert compact(vn_percent(figure)) in flat, figure
    assert "BÁO CÁO THÁNG — Toàn thị xã" in text
    assert "Tháng 5/2023" in text and "Thay đổi so với Tháng 4/2023" in text
    for heading in (
        "Hồ sơ trễ hạn và quá hạn theo đơn vị",
        "Chủ đầu tư, dự án chậm nhất",
        "Tình trạng cập nhật số liệu",
    ):
        assert heading in text
    # Late and overdue dossiers: the total over every one of them, each unit named with its count, capped list.
    by_unit = Counter(r.unit for r in late)
    assert report.late_total == len(late) > LATE_CAP
    assert compact(f"Tổng số: {vn_number(len(late))} hồ sơ") in flat
    for unit, n in by_unit.items():
        assert compact(f"{unit}: {vn_number(n)}") in flat
    assert len(report.late) == LATE_CAP
    assert [r.days_overdue for r in report.late if r.unit == report.late[0].unit] == sorted(
        (r.days_overdue for r in report.late if r.unit == report.late[0].unit), reverse=True
    )
    # The investor furthest under the milestone is named with its rate and gap.
    milestone = kpis["disbursement"]["next_milestone"]
    behind = sorted(
        (
            i
            for i in kpis["disbursement"]["by_investor"]
            if i["pct"] is not None and i["pct"] < milestone["target_pct"]
        ),
        key=lambda i: i["pct"],
    )
    assert report.investors_behind[0].name == behind[0]["name"]
    assert (
        compact(
            f"{behind[0]['name']} {vn_number(behind[0]['projects'])} dự án {vn_percent(behind[0]['pct'])}"
        )
        in flat
    )
    assert compact("Mốc 60% ngày 30/06/2023 (còn 30 ngày)") in flat
    assert "\ufffd" not in text


def test_a_communes_report_is_its_own(sample_engine):  # noqa: F811
    report = report_of(sample_engine, "m2023-05", "xa-pho-an")
    text = pdf_text(render_pdf(report))
    assert "BÁO CÁO THÁNG — Phổ An" in text
    assert all(r.unit == "Phổ An" for r in report.late)
    assert "Văn phòng HĐND và UBND thị xã" not in text


def test_overdue_tasks_by_lead_agency_with_the_oldest_named(sample_engine):  # noqa: F811
    report = report_of(sample_engine, "y2022")
    with Session(sample_engine) as session:
        section = tasks_section(
            session=session,
            unit_id=None,
            start=date(2022, 1, 1),
            end=date(2022, 12, 31),
            as_of=date(2022, 12, 31),
        )
    expected = {r["lead"]: r["overdue"] for r in section["by_lead"] if r["overdue"]}
    assert {t.lead: t.overdue for t in report.tasks_by_lead} == expected
    assert report.overdue_tasks_total == section["overdue"] > 0
    flat = compact(pdf_text(render_pdf(report)))
    for lead in report.tasks_by_lead:
        assert compact(lead.lead) in flat
        title, _deadline, days = lead.oldest[0]
        assert compact(f"quá {vn_number(days)} ngày") in flat
        assert compact(title[:40]) in flat


def test_freshness_names_the_units_whose_reports_are_missing(sample_engine):  # noqa: F811
    """August 2023: the reporting status (dashboard.queries.reporting_status) owes revenue reports nobody sent."""
    report = report_of(sample_engine, "m2023-08")
    with Session(sample_engine) as session:
        owed = month_status(session=session, dataset="revenue", year=2023, month=8, today=TODAY)
    missing = [with_type_word(s.unit) for s in owed if s.state == "missing"]
    assert missing
    listed = [
        (r.unit, r.detail)
        for r in report.freshness
        if r.dataset == "Thu ngân sách" and r.state == "chưa báo cáo"
    ]
    assert listed == [(unit, "chưa báo cáo (hạn 10/09/2023)") for unit in missing]
    assert f"Thu ngân sách: {counts_text(owed)}" in report.freshness_note
    flat = compact(pdf_text(render_pdf(report)))
    for unit in missing:
        assert compact(f"Thu ngân sách {unit} chưa báo cáo (hạn 10/09/2023)") in flat
    # A week is judged on the month before it: its own month's reports are not due yet.
    assert report_of(sample_engine, "c2023-08-21_2023-08-27").freshness_note.startswith(
        "Báo cáo số liệu tháng 7/2023"
    )


def test_workbook_numbers_are_numbers_and_missing_stays_empty(sample_engine):  # noqa: F811
    report = report_of(sample_engine, "m2023-05")
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.sheetnames == list(SHEETS)
    head = book[SHEETS[0]]
    rows = {r[1]: r for r in head.iter_rows(min_row=5, values_only=True)}
    with Session(sample_engine) as session:
        kpis = kpi_report(
            session=session,
            unit_id=None,
            start=date(2023, 5, 1),
            end=date(2023, 5, 31),
            as_of=date(2023, 5, 31),
        )
        disbursement = disbursement_section(
            session=session,
            unit_id=None,
            start=date(2023, 5, 1),
            end=date(2023, 5, 31),
            as_of=date(2023, 5, 31),
        )
    assert rows["Tỷ lệ nộp trực tuyến"][3] == kpis["dossiers"]["online_rate"]
    assert rows["Tỷ lệ nộp trực tuyến"][4] == "Chậm"
    assert rows["Tỷ lệ giải ngân"][3] == disbursement["pct"]
    assert rows["Hồ sơ quá hạn đang giải quyết"][3] == kpis["dossiers"]["pending_overdue"]
    assert rows["Tỷ lệ hoàn thành nhiệm vụ"][3] is None  # no task list covers May 2023: empty, never 0
    late = book[SHEETS[1]]
    assert late["A3"].value.startswith(
        f"Tổng số hồ sơ trễ hạn, quá hạn: {report.late_total} (liệt kê {LATE_CAP})"
    )
    listed = list(late.iter_rows(min_row=6, values_only=True))
    assert len(listed) == LATE_CAP
    assert isinstance(listed[0][3], datetime) and isinstance(listed[0][5], int)


def test_workbook_text_can_never_become_a_formula():
    period = periods.month(2023, 5)
    hostile = '=HYPERLINK("http://x","bấm")'
    report = LeaderReport(
        title="Báo cáo tháng",
        unit_label="Toàn thị xã",
        unit_code=None,
        period=period,
        previous_label="Tháng 4/2023",
        as_of=date(2023, 5, 31),
        generated_at=GENERATED,
        headlines=[],
        late=[],
        late_total=0,
        late_by_unit={},
        milestone_text="Mốc 60% ngày 30/06/2023 (còn 30 ngày)",
        investors_behind=[BehindRow(hostile, "+1 dự án", 1.5, -58.5)],
        investors_behind_total=1,
        projects_behind=[],
        projects_behind_total=0,
        tasks_by_lead=[],
        overdue_tasks_total=0,
        freshness=[],
        freshness_note="",
    )
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))[SHEETS[2]]
    row = next(sheet.iter_rows(min_row=6, max_row=6))
    assert row[1].value == "'" + hostile and row[1].data_type == "s"
    assert row[2].value == "'+1 dự án"
    assert row[3].value == 1.5 and row[4].value == -58.5
    assert "HYPERLINK" in compact(pdf_text(render_pdf(report)))  # printed as written in the PDF


def test_cli_writes_both_files_for_a_scope_and_period(sample_engine, tmp_path):  # noqa: F811
    pdf, xlsx = tmp_path / "bc.pdf", tmp_path / "bc.xlsx"
    env = {
        "PATH": "/usr/bin:/bin",
        "IOC_DATABASE_URL": sample_engine.url.render_as_string(hide_password=False),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "report",
            "--scope",
            "xa-pho-an",
            "--period",
            "m2023-05",
            "--pdf",
            str(pdf),
            "--xlsx",
            str(xlsx),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Báo cáo tháng — Phổ An — Tháng 5/2023: lập trong" in done.stdout
    assert "BÁO CÁO THÁNG — Phổ An" in pdf_text(pdf.read_bytes())
    assert openpyxl.load_workbook(xlsx).sheetnames == list(SHEETS)
    wrong = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "report",
            "--scope",
            "pho-an",
            "--period",
            "m2023-05",
            "--pdf",
            str(pdf),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert wrong.returncode == 2
    assert "Không có đơn vị mã “pho-an”" in wrong.stderr and "xa-pho-an" in wrong.stderr
    assert "Traceback" not in wrong.stderr
