"""Admins' changes to the scheduled reports (dashboard.reports.subscriptions): each field checked with a message,
the first slot worked out on Vietnam's clock, pausing and resuming, alerts, test sends, deletion — each audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.reports.subscriptions import (
    NewSchedule,
    ScheduleError,
    add_schedule,
    check,
    delete_schedule,
    list_schedules,
    request_test_send,
    set_active,
    set_alerts,
)
from dashboard.settings import Settings
from dashboard.store.audit import recent
from dashboard.store.models import ReportSchedule

WEEKLY = NewSchedule(
    "Báo cáo tuần", "weekly", 0, None, 7, None, "lanhdao@ducpho.gov.vn; vp@ducpho.gov.vn", ""
)
# Wednesday 3 May 2023, 10:00 UTC (17:00 in Vietnam)
NOW = datetime(2023, 5, 3, 10, 0, tzinfo=UTC)
SETTINGS = Settings(_env_file=None, report_webhook_hosts="hooks.ducpho.gov.vn")


@pytest.mark.parametrize(
    ("change", "starts"),
    [
        ({"name": "  "}, "Hãy đặt tên cho báo cáo"),
        ({"frequency": "daily"}, "Chọn tần suất"),
        ({"weekday": 7}, "Báo cáo hằng tuần cần ngày trong tuần"),
        ({"frequency": "monthly", "day": 32}, "Báo cáo hằng tháng cần ngày gửi từ 1 đến 31"),
        ({"hour": 24}, "Giờ gửi phải từ 0 đến 23"),
        ({"recipients": "lanhdao@ducpho"}, "Địa chỉ thư “lanhdao@ducpho” không hợp lệ"),
        ({"recipients": "", "webhook_url": ""}, "Cần ít nhất một người nhận"),
    ],
)
def test_check_refuses_each_wrong_field_with_a_message(change, starts):
    with pytest.raises(ScheduleError) as caught:
        check(replace(WEEKLY, **change), SETTINGS)
    assert caught.value.message.startswith(starts)


def test_check_takes_a_webhook_to_a_listed_host_alone():
    check(replace(WEEKLY, recipients="", webhook_url="https://hooks.ducpho.gov.vn/bao-cao"), SETTINGS)
    with pytest.raises(ScheduleError):
        check(replace(WEEKLY, recipients="", webhook_url="https://example.com/x"), SETTINGS)


def test_add_schedule_stores_the_first_slot_and_audits(sqlite_engine: Engine):
    with Session(sqlite_engine) as session:
        message = add_schedule(WEEKLY, SETTINGS, session=session, by="admin", now=NOW)
        session.commit()
        assert message == "Đã thêm báo cáo “Báo cáo tuần” (Thứ Hai hằng tuần, 07:00)."
        (row,) = list_schedules(session=session)
        # the next Monday 07:00 in Vietnam is 8 May 2023, 00:00 UTC
        assert row.next_run_at.replace(tzinfo=UTC) == datetime(2023, 5, 8, 0, 0, tzinfo=UTC)
        assert row.recipients == "lanhdao@ducpho.gov.vn, vp@ducpho.gov.vn"
        assert (row.weekday, row.day, row.unit_code, row.created_by) == (0, None, None, "admin")
        assert (
            recent(session=session)[0].detail
            == f"Thêm báo cáo định kỳ #{row.id} “Báo cáo tuần”: Thứ Hai hằng tuần, 07:00"
        )


def test_a_monthly_schedule_keeps_its_day_only(sqlite_engine: Engine):
    monthly = replace(WEEKLY, frequency="monthly", weekday=3, day=31, alerts=True)
    with Session(sqlite_engine) as session:
        message = add_schedule(monthly, SETTINGS, session=session, by="admin", now=NOW)
        (row,) = list_schedules(session=session)
        assert (row.weekday, row.day, row.alerts) == (None, 31, True)
        assert row.next_run_at.replace(tzinfo=UTC) == datetime(2023, 5, 31, 0, 0, tzinfo=UTC)
        assert message.endswith(
            "(Ngày 31 hằng tháng (ngày cuối tháng nếu tháng ngắn hơn), 07:00, kèm cảnh báo)."
        )


def test_pause_resume_alerts_test_send_and_delete(sqlite_engine: Engine):
    with Session(sqlite_engine) as session:
        add_schedule(WEEKLY, SETTINGS, session=session, by="admin", now=NOW)
        (row,) = list_schedules(session=session)
        assert row.id is not None
        row.attempts, row.period_token = 3, "w2023-05-01"
        assert set_active(row.id, False, session=session, by="admin") == "Tạm dừng báo cáo “Báo cáo tuần”."
        assert not row.active
        # resumed on Tuesday 16 May: at the next Monday, with the missed slots and retries forgotten
        later = datetime(2023, 5, 16, 3, 0, tzinfo=UTC)
        assert (
            set_active(row.id, True, session=session, by="admin", now=later)
            == "Bật lại báo cáo “Báo cáo tuần”."
        )
        assert row.next_run_at.replace(tzinfo=UTC) == datetime(2023, 5, 22, 0, 0, tzinfo=UTC)
        resumed = session.get(ReportSchedule, row.id)
        assert resumed is not None and (resumed.attempts, resumed.period_token) == (0, None)
        assert set_alerts(row.id, True, session=session, by="admin") == "Bật cảnh báo cho “Báo cáo tuần”."
        assert row.alerts and row.alert_state is None
        assert request_test_send(row.id, session=session, by="admin").startswith(
            "Đang gửi thử “Báo cáo tuần”"
        )
        assert row.send_now
        assert delete_schedule(row.id, session=session, by="admin") == "Đã xóa báo cáo “Báo cáo tuần”."
        session.commit()
        assert list_schedules(session=session) == []
        assert [e.action for e in recent(session=session)] == [
            "report_schedule",
            "report_test",
            "report_schedule",
            "report_schedule",
            "report_schedule",
            "report_schedule",
        ]
        with pytest.raises(ScheduleError, match="Không còn báo cáo định kỳ"):
            set_alerts(row.id, False, session=session, by="admin")
