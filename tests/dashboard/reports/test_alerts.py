"""Alerts through the scheduled reports' delivery, with a real SMTP server and a real HTTP server: a headline KPI
turning red and units entering the five most behind are sent once, named, and logged; a failed alert is tried again.

The change comes from real imports: December 2023's dossier report first, then the targets workbook, which makes
the online-submission rate red and puts the communes furthest under it among the five."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.importing.importer import import_file
from dashboard.reports.alerts import send_alerts
from dashboard.reports.subscriptions import NewSchedule, add_schedule, set_alerts
from dashboard.settings import Settings
from dashboard.store.models import AuditEvent, ReportSchedule
from tests.dashboard.reports.test_delivery import hook, mailbox, send_due_twice_at_once, settings_for  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "sample_data"
NOW = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
TURNED_RED = "Thủ tục hành chính — Tỷ lệ nộp trực tuyến: 49,88% (Chậm; Chỉ tiêu 100%)"
STAYED_RED = "Hồ sơ quá hạn đang giải quyết"
ENTERED = "Nộp trực tuyến thấp — xã Phổ Châu: 21,71%, chỉ tiêu 100% (−78,3 điểm)"
STAYED_IN_FIVE = "Hồ sơ quá hạn — Phòng Tài nguyên và Môi trường"


def load(engine: Engine, name: str) -> None:
    path = SAMPLES / name
    result = import_file(path.read_bytes(), path.name, engine=engine, user="mẫu", accept_warnings=True)
    assert result.stored, [p.message for p in result.problems.items]


def subscribe(engine: Engine, settings: Settings, *, alerts: bool = True, hook_url: str = "") -> int:
    with Session(engine) as session:
        add_schedule(
            NewSchedule(
                "Báo cáo tuần gửi Chủ tịch",
                "weekly",
                0,
                None,
                7,
                None,
                "chutich@ducpho.gov.vn",
                hook_url,
                alerts=alerts,
            ),
            settings,
            session=session,
            by="quantri",
            now=NOW,
        )
        session.commit()
        row = session.exec(select(ReportSchedule).order_by(col(ReportSchedule.id).desc())).first()
        assert row is not None and row.id is not None
        return row.id


def logged(engine: Engine, action: str) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_a_kpi_turning_red_and_units_entering_the_five_are_sent_once(seeded, mailbox, hook):  # noqa: F811
    box, smtp_port = mailbox
    receiver, hook_port = hook
    settings = settings_for(smtp_port, hook_port=hook_port)
    load(seeded, "tthc_thi_xa_2023_12.xlsx")
    subscribe(seeded, settings, hook_url=f"http://127.0.0.1:{hook_port}/ioc")
    subscribe(seeded, settings, alerts=False)  # a report without alerts gets none
    # The first evaluation only notes what is red already (the overdue dossiers): no alert about the past.
    assert send_alerts(seeded, settings, now=NOW) == []
    assert box.messages == [] and receiver.received == []

    load(seeded, "chi_tieu_2022_2023.xlsx")
    [outcome] = send_alerts(seeded, settings, now=NOW + timedelta(minutes=5))
    assert outcome.ok, outcome.detail
    assert "1 chỉ số chuyển sang Chậm, 3 mới vào nhóm 5 chậm nhất" in outcome.detail
    [message] = box.messages
    assert message["To"] == "chutich@ducpho.gov.vn"
    assert message["Subject"] == "[Cảnh báo] Toàn địa bàn, Tháng 12/2023"
    assert not list(message.iter_attachments())
    body_part = message.get_body(("plain",))
    assert body_part is not None
    body = body_part.get_content()
    assert TURNED_RED in body and ENTERED in body
    assert STAYED_RED not in body and STAYED_IN_FIVE not in body  # unchanged: not repeated
    [payload] = receiver.received
    assert payload["kind"] == "alert" and payload["turned_red"] == [TURNED_RED]
    assert ENTERED in payload["entered_most_behind"] and len(payload["entered_most_behind"]) == 3

    assert send_alerts(seeded, settings, now=NOW + timedelta(minutes=10)) == []  # nothing new: nothing sent
    assert len(box.messages) == 1 and len(receiver.received) == 1
    [event] = logged(seeded, "alert_sent")
    assert event.user == "hệ thống" and TURNED_RED in event.detail and "xã Phổ Châu" in event.detail
    assert "thư tới 1 địa chỉ, webhook" in event.detail


def test_a_failed_alert_is_logged_and_sent_at_the_next_run(seeded, mailbox):  # noqa: F811
    box, smtp_port = mailbox
    settings = settings_for(smtp_port)
    load(seeded, "tthc_thi_xa_2023_12.xlsx")
    subscribe(seeded, settings)
    assert send_alerts(seeded, settings, now=NOW) == []
    load(seeded, "chi_tieu_2022_2023.xlsx")
    box.refuse = True
    [failed] = send_alerts(seeded, settings, now=NOW + timedelta(minutes=5))
    assert not failed.ok and "550" in failed.detail
    [event] = logged(seeded, "alert_failed")
    assert "550" in event.detail and TURNED_RED in event.detail
    box.refuse = False
    [sent] = send_alerts(seeded, settings, now=NOW + timedelta(minutes=10))
    assert sent.ok
    [message] = box.messages
    body_part = message.get_body(("plain",))
    assert body_part is not None and TURNED_RED in body_part.get_content()
    assert send_alerts(seeded, settings, now=NOW + timedelta(minutes=15)) == []


def test_alerts_turned_on_later_start_from_what_is_red_then(seeded, mailbox):  # noqa: F811
    box, smtp_port = mailbox
    settings = settings_for(smtp_port)
    load(seeded, "tthc_thi_xa_2023_12.xlsx")
    load(seeded, "chi_tieu_2022_2023.xlsx")
    sid = subscribe(seeded, settings, alerts=False)
    assert send_alerts(seeded, settings, now=NOW) == []
    with Session(seeded) as session:
        set_alerts(sid, True, session=session, by="quantri")
        session.commit()
    assert send_alerts(seeded, settings, now=NOW + timedelta(minutes=5)) == []  # already red: no backlog
    assert box.messages == []
    [change] = [e for e in logged(seeded, "report_schedule") if "cảnh báo" in e.detail]
    assert change.user == "quantri" and "Bật cảnh báo" in change.detail


def test_two_timer_runs_at_once_send_the_alert_once(seeded, mailbox):  # noqa: F811
    """`report --send-due` evaluates the alerts too; two of them at the same moment send one message."""
    box, smtp_port = mailbox
    settings = settings_for(smtp_port)
    load(seeded, "tthc_thi_xa_2023_12.xlsx")
    subscribe(seeded, settings)
    assert send_alerts(seeded, settings) == []
    load(seeded, "chi_tieu_2022_2023.xlsx")
    lines = send_due_twice_at_once(seeded, smtp_port)
    [message] = box.messages
    body_part = message.get_body(("plain",))
    assert body_part is not None and TURNED_RED in body_part.get_content()
    assert len(logged(seeded, "alert_sent")) == 1
    [alert_line] = [line for line in lines if "cảnh báo:" in line]  # one of the two senders sent it
    assert alert_line.startswith("OK #")
