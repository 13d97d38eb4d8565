"""AppTest: the admin page's saved column layouts — listed with their owner and scope, deleted with an audit line."""

from __future__ import annotations

from sqlmodel import Session, select

from dashboard.importing.layouts import save_layout
from dashboard.store.models import AuditEvent, SavedLayout
from data_loaders.saved_layout import Layout
from tests.pages import test_admin_page
from tests.pages.test_admin_page import UPLOADER, by_label, page, texts

app_db = test_admin_page.app_db  # the same fixture: units, an admin and an uploader of Phổ An

TASKS = Layout("Nhiệm vụ xã Phổ An", "tasks", ("stt", "noi dung cong viec", "don vi lam"), (), {"lead": 2})


def test_admin_lists_and_deletes_a_saved_layout(app_db):
    with Session(app_db) as session:
        row = save_layout(TASKS, UPLOADER, session=session)
        session.commit()
        layout_id = row.id
    at = page()
    listed = at.table[-1].value
    assert list(listed["Tên mẫu"]) == ["Nhiệm vụ xã Phổ An"]
    assert list(listed["Dùng cho"]) == ["đơn vị của người lưu"] and list(listed["Người lưu"]) == ["an"]
    by_label(at.selectbox, "Chọn mẫu cột để xóa").set_value(layout_id).run()
    assert by_label(at.button, f"Xóa mẫu cột #{layout_id}").disabled  # not before the confirmation
    at.checkbox(key=f"layout_sure_{layout_id}").check().run()
    by_label(at.button, f"Xóa mẫu cột #{layout_id}").click().run()
    assert f"Đã xóa mẫu cột #{layout_id}." in texts(at, "success")
    with Session(app_db) as session:
        assert session.exec(select(SavedLayout)).all() == []
        actions = [(e.user, e.action) for e in session.exec(select(AuditEvent)).all()]
    assert ("an", "layout_save") in actions and ("quantri", "layout_delete") in actions
