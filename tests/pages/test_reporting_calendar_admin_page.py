"""AppTest: the admin page's reporting calendar — the default line per dataset, an admin's own line saved with an
audit line, and a bad choice refused with a message."""

from __future__ import annotations

from sqlmodel import Session, select

from dashboard.queries.reporting_status import calendar_entries
from dashboard.store.models import AuditEvent
from tests.pages import test_admin_page
from tests.pages.test_admin_page import by_label, page, submit, texts, unescape

app_db = test_admin_page.app_db  # the same fixture: units, an admin and an uploader of Phổ An


def _calendar_table(at):
    """The calendar as shown (the table escapes Markdown; read it back as text)."""
    table = next(t.value for t in at.table if "Hạn nộp" in t.value.columns)
    return table.map(unescape)


def test_every_dataset_starts_on_the_default_line(app_db):
    table = _calendar_table(page())
    assert len(table) == 6
    assert set(table["Hạn nộp"]) == {"ngày 10 tháng sau kỳ báo cáo"}
    assert set(table["Đơn vị phải báo cáo"]) == {
        "Các đơn vị đã gửi báo cáo này trong 3 tháng trước (mặc định)"
    }


def test_admin_names_the_units_and_the_due_day(app_db):
    at = page()
    by_label(at.selectbox, "Loại số liệu").set_value("revenue")
    by_label(at.radio, "Đơn vị phải báo cáo").set_value("Danh sách đơn vị do quản trị chọn")
    by_label(at.multiselect, "Các đơn vị (khi quản trị chọn)").set_value(["xa-pho-an", "xa-pho-chau"])
    by_label(at.number_input, "Hạn nộp: ngày của tháng sau kỳ báo cáo").set_value(5)
    at = submit(at, "Lưu lịch báo cáo")
    assert "Đã lưu lịch báo cáo Thu ngân sách: hạn ngày 5 tháng sau." in texts(at, "success")
    table = _calendar_table(at)
    row = table[table["Loại số liệu"] == "Thu ngân sách"].iloc[0]
    assert row["Hạn nộp"] == "ngày 5 tháng sau kỳ báo cáo"
    assert row["Đơn vị phải báo cáo"] == "UBND xã Phổ An, UBND xã Phổ Châu"
    with Session(app_db) as session:
        assert calendar_entries(session=session)["revenue"].unit_codes == ("xa-pho-an", "xa-pho-chau")
        audit = [(e.action, e.detail) for e in session.exec(select(AuditEvent)).all()]
    assert ("reporting_calendar", "revenue: xa-pho-an, xa-pho-chau; hạn ngày 5") in audit


def test_a_chosen_list_without_units_is_refused(app_db):
    at = page()
    by_label(at.radio, "Đơn vị phải báo cáo").set_value("Danh sách đơn vị do quản trị chọn")
    at = submit(at, "Lưu lịch báo cáo")
    assert "Hãy chọn ít nhất một đơn vị, hoặc chọn lại danh sách mặc định." in texts(at, "error")
    with Session(app_db) as session:
        assert calendar_entries(session=session)["dossiers"].is_default
