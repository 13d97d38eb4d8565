"""AppTest: the admin page's scheduled reports — a wrong address or a LAN webhook is refused by name, a good
schedule is stored with its first slot and audited, and a failing report is shown to admins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from dashboard.store.models import AuditEvent, ReportSchedule
from tests.pages.test_admin_page import app_db, by_label, page, texts  # noqa: F401 - the admin page's fixtures


def fill(at, name: str, recipients: str, webhook: str = ""):
    by_label(at.text_input, "Tên báo cáo").input(name)
    by_label(at.text_area, "Địa chỉ thư nhận (cách nhau bởi dấu phẩy)").input(recipients)
    by_label(at.text_input, "Webhook (không bắt buộc; chỉ máy chủ trong danh sách được phép)").input(webhook)
    by_label(at.button, "Lưu báo cáo định kỳ").click()
    return at.run()


def test_bad_inputs_are_refused_by_name_and_nothing_is_stored(app_db):  # noqa: F811
    at = fill(page(), "Báo cáo tuần", "chutich@ducpho.gov.vn, pct@")
    assert "Địa chỉ thư “pct@” không hợp lệ (ví dụ đúng: lanhdao@ducpho.gov.vn)." in texts(at, "error")
    at = fill(at, "Báo cáo tuần", "", "http://192.168.1.1/admin")
    assert any(
        "Máy chủ “192.168.1.1” của webhook không nằm trong danh sách được phép" in e
        for e in texts(at, "error")
    )
    assert not at.exception
    with Session(app_db) as session:
        assert session.exec(select(ReportSchedule)).all() == []


def test_a_schedule_is_stored_audited_and_its_failure_shown(app_db):  # noqa: F811
    at = fill(page(), "Báo cáo tuần gửi Chủ tịch", "chutich@ducpho.gov.vn")
    assert "Đã thêm báo cáo “Báo cáo tuần gửi Chủ tịch” (Thứ Hai hằng tuần, 07:00)." in texts(at, "success")
    with Session(app_db) as session:
        row = session.exec(select(ReportSchedule)).one()
        assert row.next_run_at > datetime.now(UTC) and row.next_run_at - datetime.now(UTC) <= timedelta(
            days=7
        )
        assert row.created_by == "quantri"
        row.last_status, row.last_error = "retrying", "thư: Máy chủ thư từ chối: 550 5.7.1 Relaying denied"
        session.commit()
        logged = session.exec(select(AuditEvent).where(AuditEvent.action == "report_schedule")).one()
        assert logged.user == "quantri" and "Thứ Hai hằng tuần, 07:00" in logged.detail
    at = page()
    assert any(
        "Báo cáo tuần gửi Chủ tịch” gửi lỗi: thư: Máy chủ thư từ chối: 550" in w for w in texts(at, "warning")
    )


def test_alerts_are_chosen_with_the_report_and_turned_off_on_it(app_db):  # noqa: F811
    at = page()
    by_label(at.checkbox, "Gửi cảnh báo").check()
    at = fill(at, "Báo cáo tuần gửi Chủ tịch", "chutich@ducpho.gov.vn")
    assert "Đã thêm báo cáo “Báo cáo tuần gửi Chủ tịch” (Thứ Hai hằng tuần, 07:00, kèm cảnh báo)." in texts(
        at, "success"
    )
    with Session(app_db) as session:
        row = session.exec(select(ReportSchedule)).one()
        assert row.alerts and row.alert_state is None
    at.selectbox(key="rep_choice").select(row.id).run()
    by_label(at.button, "Tắt cảnh báo").click()
    at = at.run()
    assert "Tắt cảnh báo cho “Báo cáo tuần gửi Chủ tịch”." in texts(at, "success")
    with Session(app_db) as session:
        assert not session.exec(select(ReportSchedule)).one().alerts
        logged = session.exec(select(AuditEvent).where(AuditEvent.action == "report_schedule")).all()
        assert [e.user for e in logged] == ["quantri", "quantri"] and "Tắt cảnh báo" in logged[-1].detail
