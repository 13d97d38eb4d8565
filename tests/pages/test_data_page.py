"""AppTest: the data page — batch history for everyone, originals and the audit log when signed in, revert by admins."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dashboard import settings
from dashboard.access.auth import Account, add_user
from dashboard.importing.importer import import_file
from dashboard.importing.reason_titles import REASON_TITLES
from dashboard.store.models import AuditEvent, Batch
from tests.conftest import PHO_AN_TOTAL, official_report
from tests.pages.apptest_data import forget_database, fresh_db, use_data_dir

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "data.py")
PASSWORD = "Mua-thu-2023-xyz"
UPLOADER = Account("an", "", "uploader", frozenset({"xa-pho-an"}))
ADMIN = Account("quantri", "", "admin", frozenset())


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """A fresh SQLite database with the units, an uploader and an admin."""
    use_data_dir(monkeypatch, tmp_path)
    engine = fresh_db()
    with Session(engine) as session:
        add_user(session=session, username="an", password=PASSWORD, role="uploader", unit_codes=["xa-pho-an"])
        add_user(session=session, username="quantri", password=PASSWORD, role="admin")
        session.commit()
    yield engine
    forget_database()


@pytest.fixture
def two_uploads(app_db, phoan_report_bytes):
    """Phổ An's report stored twice: batch 1 replaced by batch 2 (with a warning accepted)."""
    first = import_file(phoan_report_bytes, "pho_an.xlsx", engine=app_db, user="an")
    changed = official_report(total=[2099, *PHO_AN_TOTAL[1:]])  # one dossier too many in the total
    second = import_file(changed, "pho_an_sua.xlsx", engine=app_db, user="an", accept_warnings=True)
    assert first.stored and second.stored and second.problems.warnings
    return app_db


def page(account: Account | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if account is not None:
        at.session_state["ioc_account"] = account
        at.session_state["ioc_last_seen"] = time.monotonic()
    return at.run()


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest, kind: str) -> list[str]:
    return [unescape(e.value) for e in getattr(at, kind)]


def download_labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_anyone_on_the_lan_sees_the_history_but_no_originals_nor_audit(two_uploads):
    at = page()
    assert not at.exception
    history = at.dataframe[0].value
    assert list(history["Lô"]) == ["#2", "#1"]
    assert list(history["Trạng thái"]) == ["Đang dùng", "Đã được thay thế"]
    first = history.iloc[1]
    assert first["Người tải lên"] == "an"
    assert first["Tệp"] == "pho_an.xlsx"
    assert first["Đơn vị"] == "Phổ An"
    assert first["Kỳ"].startswith("01/01/2023")
    assert first["Số dòng"] == "3"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", first["Thời gian"])
    assert history.iloc[0]["Thay thế lô"] == "#1"
    assert download_labels(at) == []
    assert "Đăng nhập để tải tệp gốc." in texts(at, "caption")
    # no audit log for anonymous viewers: the history and the reporting status only
    assert [d.value.columns[0] for d in at.dataframe] == ["Lô", "Loại số liệu"]
    assert not [b for b in at.button if b.label.startswith("Hoàn tác")]


def test_the_history_is_read_only(two_uploads):
    at = page(ADMIN)
    assert len(at.dataframe) == 3  # history, reporting status, audit
    assert all(frame.editing_mode == "read_only" for frame in at.dataframe)
    assert len(at.data_editor) == 0
    assert len(at.text_input) == 0 and len(at.text_area) == 0


def test_without_anonymous_viewers_the_page_asks_for_sign_in(two_uploads, monkeypatch):
    monkeypatch.setenv("IOC_ANONYMOUS_VIEWERS", "false")
    settings.get_settings.cache_clear()
    at = page()
    assert not at.exception
    assert "Cần đăng nhập để xem bảng điều khiển." in texts(at, "warning")
    assert len(at.dataframe) == 0


def test_a_signed_in_uploader_downloads_originals_and_reads_the_audit_log(two_uploads):
    at = page(UPLOADER)
    assert not at.exception
    assert download_labels(at) == ["Tải tệp gốc"]
    audit = at.dataframe[-1].value  # the last grid: history and reporting status come before it
    assert list(audit.columns) == ["Thời gian", "Người", "Thao tác", "Lô", "Chi tiết"]
    assert list(audit["Thao tác"][:2]) == ["Tải lên", "Tải lên"]
    assert not [b for b in at.button if b.label.startswith("Hoàn tác")]


def test_accepted_warnings_are_listed_with_the_batch(two_uploads):
    at = page(UPLOADER)
    warnings = [t.value for t in at.table if "Cảnh báo" in t.value.columns]
    assert warnings
    lines = [unescape(str(v)) for v in warnings[0]["Cảnh báo"]]
    # where — title: message; the stored line's "WARNING … [code]" is not shown
    assert lines and all(" — " in line and "WARNING" not in line and "[" not in line for line in lines), lines
    assert all(any(f" — {title}: " in line for title in REASON_TITLES.values()) for line in lines), lines


def test_an_admin_reverts_a_batch_and_the_replaced_one_comes_back(two_uploads):
    at = page(ADMIN)
    revert = next(b for b in at.button if b.label == "Hoàn tác lô #2")
    assert revert.disabled
    at.checkbox(key="sure_2").check().run()
    next(b for b in at.button if b.label == "Hoàn tác lô #2").click().run()
    assert not at.exception
    assert "Đã hoàn tác lô #2. Số liệu của lô #1 được dùng lại." in texts(at, "success")
    with Session(two_uploads) as session:
        status = {b.id: b.status for b in session.exec(select(Batch)).all()}
        actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert status == {1: "active", 2: "reverted"}
    assert actions[-1] == "revert"
    assert list(at.dataframe[0].value["Trạng thái"]) == ["Đã hoàn tác", "Đang dùng"]


def test_reporting_status_of_the_month_names_who_sent_what_and_when(two_uploads):
    """Phổ An's report of 1/1–20/7/2023 ends in July: July's report, sent without the calendar asking for it,
    uploaded today — long after its due day (10/8/2023)."""
    at = page()
    assert not at.exception
    status = next(d.value for d in at.dataframe if "Tình trạng" in d.value.columns)
    assert list(status["Loại số liệu"]) == ["Thủ tục hành chính"]
    assert list(status["Đơn vị"]) == ["xã Phổ An"]
    assert list(status["Tình trạng"]) == ["nộp muộn"]
    assert list(status["Hạn nộp"]) == ["10/08/2023"]
    assert list(status["Theo lịch"]) == ["không (gửi thêm)"]
    assert any(
        "Báo cáo tháng 7/2023" in c and "Thủ tục hành chính: 1 nộp muộn" in c for c in texts(at, "caption")
    )
    # A month nobody owes or sent anything for says so instead of an empty table.
    at.selectbox(key="report_month").set_value(3).run()
    assert "Tháng 3/2023 không có đơn vị nào phải báo cáo hoặc đã gửi báo cáo." in [i.value for i in at.info]
