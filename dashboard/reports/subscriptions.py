"""Admins' changes to the scheduled reports (add, pause, delete, test send), checked and written to the audit log.

A test send only marks the row; the sending itself runs in a background `report --send-due` process
(start_sender), so no page ever waits on a mail server.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from dashboard.reports.delivery import DeliveryError, check_webhook_url, parse_recipients
from dashboard.reports.schedule import FREQUENCIES, describe, next_slot
from dashboard.settings import Settings
from dashboard.store.audit import record
from dashboard.store.models import ReportSchedule

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class ScheduleError(Exception):
    """A refused change, with the Vietnamese message shown to the admin."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NewSchedule:
    name: str
    frequency: str
    weekday: int | None
    day: int | None
    hour: int
    unit_code: str | None
    recipients: str
    webhook_url: str
    alerts: bool = False  # also send alerts (report_alerts) to these recipients


def check(new: NewSchedule, settings: Settings) -> None:
    """Every field, with a message naming what is wrong and how to write it."""
    if not new.name.strip():
        raise ScheduleError("Hãy đặt tên cho báo cáo (ví dụ: “Báo cáo tuần gửi Chủ tịch”).")
    if new.frequency not in FREQUENCIES:
        raise ScheduleError("Chọn tần suất: hằng tuần hoặc hằng tháng.")
    if new.frequency == "weekly" and new.weekday not in range(7):
        raise ScheduleError("Báo cáo hằng tuần cần ngày trong tuần (Thứ Hai … Chủ nhật).")
    if new.frequency == "monthly" and new.day not in range(1, 32):
        raise ScheduleError(
            "Báo cáo hằng tháng cần ngày gửi từ 1 đến 31 (tháng ngắn hơn: gửi ngày cuối tháng)."
        )
    if new.hour not in range(24):
        raise ScheduleError("Giờ gửi phải từ 0 đến 23 (giờ Việt Nam).")
    try:
        recipients = parse_recipients(new.recipients)
        if new.webhook_url.strip():
            check_webhook_url(new.webhook_url, settings)
    except DeliveryError as exc:
        raise ScheduleError(str(exc)) from exc
    if not recipients and not new.webhook_url.strip():
        raise ScheduleError("Cần ít nhất một người nhận: địa chỉ thư hoặc webhook.")


def add_schedule(
    new: NewSchedule, settings: Settings, *, session: Session, by: str, now: datetime | None = None
) -> str:
    """Store a checked schedule with its first slot; returns the message for the admin."""
    check(new, settings)
    now = now or datetime.now(UTC)
    row = ReportSchedule(
        name=new.name.strip(),
        frequency=new.frequency,
        weekday=new.weekday if new.frequency == "weekly" else None,
        day=new.day if new.frequency == "monthly" else None,
        hour=new.hour,
        unit_code=new.unit_code or None,
        recipients=", ".join(parse_recipients(new.recipients)),
        webhook_url=new.webhook_url.strip(),
        next_run_at=next_slot(new.frequency, weekday=new.weekday, day=new.day, hour=new.hour, after=now),
        created_by=by,
        created_at=now,
        alerts=new.alerts,
    )
    session.add(row)
    session.flush()
    when = describe(row.frequency, row.weekday, row.day, row.hour) + (", kèm cảnh báo" if row.alerts else "")
    record(
        by, "report_schedule", session=session, detail=f"Thêm báo cáo định kỳ #{row.id} “{row.name}”: {when}"
    )
    return f"Đã thêm báo cáo “{row.name}” ({when})."


def _row(schedule_id: int, *, session: Session) -> ReportSchedule:
    row = session.get(ReportSchedule, schedule_id)
    if row is None:
        raise ScheduleError(f"Không còn báo cáo định kỳ #{schedule_id} (có thể vừa bị xóa).")
    return row


def request_test_send(schedule_id: int, *, session: Session, by: str) -> str:
    """Mark the report to be sent once now (the latest period), without touching its schedule."""
    row = _row(schedule_id, session=session)
    row.send_now = True
    record(by, "report_test", session=session, detail=f"Gửi thử báo cáo #{row.id} “{row.name}”")
    return f"Đang gửi thử “{row.name}”; kết quả hiện trong nhật ký gửi sau ít giây (bấm Làm mới)."


def set_active(
    schedule_id: int, active: bool, *, session: Session, by: str, now: datetime | None = None
) -> str:
    row = _row(schedule_id, session=session)
    row.active = active
    if active:  # a paused report resumes at its next slot, not with the ones it missed
        row.next_run_at = next_slot(
            row.frequency, weekday=row.weekday, day=row.day, hour=row.hour, after=now or datetime.now(UTC)
        )
        row.attempts, row.period_token = 0, None
    word = "Bật lại" if active else "Tạm dừng"
    record(by, "report_schedule", session=session, detail=f"{word} báo cáo định kỳ #{row.id} “{row.name}”")
    return f"{word} báo cáo “{row.name}”."


def set_alerts(schedule_id: int, on: bool, *, session: Session, by: str) -> str:
    """Turn alerts on or off; turned on again, they start from what is red then (no backlog of old alerts)."""
    row = _row(schedule_id, session=session)
    row.alerts, row.alert_state = on, None
    word = "Bật" if on else "Tắt"
    record(
        by, "report_schedule", session=session, detail=f"{word} cảnh báo cho báo cáo #{row.id} “{row.name}”"
    )
    return f"{word} cảnh báo cho “{row.name}”."


def delete_schedule(schedule_id: int, *, session: Session, by: str) -> str:
    row = _row(schedule_id, session=session)
    name = row.name
    session.delete(row)
    record(by, "report_schedule", session=session, detail=f"Xóa báo cáo định kỳ #{schedule_id} “{name}”")
    return f"Đã xóa báo cáo “{name}”."


def list_schedules(*, session: Session) -> list[ReportSchedule]:
    return list(session.exec(select(ReportSchedule).order_by(col(ReportSchedule.id))).all())


def start_sender() -> None:
    """Run `python -m dashboard report --send-due` in the background, detached from the page's process."""
    subprocess.Popen(
        [sys.executable, "-m", "dashboard", "report", "--send-due"],
        cwd=PROJECT_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
