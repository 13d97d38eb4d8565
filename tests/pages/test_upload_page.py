"""AppTest: the upload page — sign-in gate, preview, problems, accepting warnings, unit limits, bad inputs."""

from __future__ import annotations

import re
import time
import tomllib
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, text
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dashboard import settings
from dashboard.access import auth
from dashboard.access.auth import Account, add_user, update_user
from dashboard.importing.importer import import_file
from dashboard.importing.reason_titles import reason_title
from dashboard.store.models import Batch
from dashboard.workbooks.templates import TEMPLATE_KINDS
from tests.conftest import PHO_AN_TOTAL, official_report
from tests.dashboard.cli.test_bad_inputs import CASES, Case, dossier, list_xlsx
from tests.pages.apptest_data import forget_database, fresh_db, use_data_dir
from ui.upload import check_upload, store_upload

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "upload.py")
PASSWORD = "Mua-thu-2023-xyz"
PHO_AN = Account("an", "Nguyễn Văn An", "uploader", frozenset({"xa-pho-an"}))
ADMIN = Account("quantri", "Quản trị", "admin", frozenset())
VIEWER = Account("xem", "", "viewer", frozenset())
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Phổ An, 21–31/07/2023: the Hộ tịch row and the total say one more dossier received than carried + new.
LATE_JULY_ROWS = [
    ("1", "Hộ tịch", [101, 2, 50, 48, 98, 90, 0, 8, 3, 3, 0, 0]),
    ("2", "Chứng thực", [60, 0, 40, 20, 60, 55, 0, 5, 0, 0, 0, 0]),
]
LATE_JULY_TOTAL = [161, 2, 90, 68, 158, 145, 0, 13, 3, 3, 0, 0]
LATE_JULY = "Kỳ báo cáo: Từ ngày 21/07/2023 đến ngày 31/07/2023"


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """The app's settings pointed at a fresh SQLite file with the units seeded and two accounts."""
    use_data_dir(monkeypatch, tmp_path)
    engine = fresh_db()
    with Session(engine) as session:
        add_user(session=session, username="an", password=PASSWORD, role="uploader", unit_codes=["xa-pho-an"])
        add_user(session=session, username="quantri", password=PASSWORD, role="admin")
        session.commit()
    yield engine
    forget_database()


def page(account: Account | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if account is not None:
        at.session_state["ioc_account"] = account
        at.session_state["ioc_last_seen"] = time.monotonic()
    return at.run()


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, content, XLSX) for name, content in files])
    return at.run()


def batches(engine) -> list[Batch]:
    with Session(engine) as session:
        return list(session.exec(select(Batch)).all())


def unescape(markdown: str) -> str:
    """What the reader sees of escaped Markdown."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest, kind: str) -> list[str]:
    return [unescape(e.value) for e in getattr(at, kind)]


def table_text(at: AppTest) -> str:
    return unescape("\n".join(t.value.to_string() for t in at.table))


def store_button(at: AppTest):
    return next(b for b in at.button if b.label.startswith("Lưu"))


def late_july() -> bytes:
    return official_report(LATE_JULY_ROWS, LATE_JULY_TOTAL, period_line=LATE_JULY)


def test_without_sign_in_the_page_shows_the_form_and_no_file_picker(app_db):
    at = page()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert len(at.file_uploader) == 0
    assert "Trang này cần đăng nhập." in texts(at, "warning")


def test_the_organisation_sign_in_button_appears_only_when_configured(app_db):
    assert not [b for b in page().button if "SSO" in b.label]
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "https://ioc.example/oauth2callback",
        "cookie_secret": "not-a-real-secret",
        "client_id": "ioc",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
    }
    at.run()
    assert [b.label for b in at.button if "SSO" in b.label] == ["Đăng nhập bằng tài khoản của cơ quan (SSO)"]


def test_streamlit_config_keeps_the_security_settings():
    config = tomllib.loads((ROOT / "streamlit_config" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] <= settings.Settings().max_upload_mb
    assert config["client"]["showErrorDetails"] == "none"


def test_a_viewer_account_is_refused(app_db):
    at = page(VIEWER)
    assert not at.exception
    assert any("không có quyền" in e for e in texts(at, "error"))
    assert len(at.file_uploader) == 0


def test_signing_in_through_the_form_opens_the_page(app_db):
    at = page()
    at.text_input[0].input("an")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert len(at.file_uploader) == 1
    assert any("Phổ An" in c for c in texts(at, "caption"))


def test_five_wrong_passwords_delay_the_next_try_on_the_page(app_db, monkeypatch):
    frozen = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # every try at the same instant, however slow the machine
    monkeypatch.setattr(auth, "_now", lambda: frozen)
    at = page()
    for _ in range(5):
        at.text_input[0].input("an")
        at.text_input[1].input("wrong-password-1")
        at.button[0].click().run()
        assert "Sai tên đăng nhập hoặc mật khẩu." in texts(at, "error")
    at.text_input[0].input("an")
    at.text_input[1].input(PASSWORD)  # the right password, too soon
    at.button[0].click().run()
    assert "Đăng nhập sai nhiều lần. Hãy thử lại sau 2 giây." in texts(at, "error")
    assert len(at.file_uploader) == 0


def test_no_password_is_stored_in_clear(app_db):
    with app_db.connect() as conn:
        rows = conn.execute(text('SELECT * FROM "user"')).mappings().all()
    assert rows
    for row in rows:
        assert all(PASSWORD not in str(value) for value in row.values())
        assert row["password_hash"].startswith("$argon2id$")


def test_preview_shows_what_will_be_stored_and_stores_nothing(app_db, phoan_report_bytes):
    at = upload(page(PHO_AN), ("pho_an_7_thang.xlsx", phoan_report_bytes))
    assert not at.exception
    preview = at.table[0].value
    assert list(preview.columns) == [
        "Trang tính",
        "Loại báo cáo",
        "Đơn vị",
        "Kỳ báo cáo",
        "Số dòng",
        "Tổng số liệu",
        "Thay thế",
    ]
    row = {k: str(v).replace("\\", "") for k, v in preview.iloc[0].items()}
    assert row["Đơn vị"] == "Phổ An"
    assert row["Kỳ báo cáo"].startswith("01/01/2023")
    assert row["Số dòng"] == "3"
    assert "Tổng số hồ sơ nhận giải quyết: 2.098" in row["Tổng số liệu"]
    assert "Tỷ lệ nộp trực tuyến: 44,23%" in row["Tổng số liệu"]
    assert "Tệp hợp lệ, sẵn sàng lưu." in texts(at, "success")
    assert any("Đã kiểm tra 1 tệp" in p.proto.text for p in at.get("progress"))
    assert batches(app_db) == []


def test_warnings_must_be_accepted_before_storing(app_db):
    at = upload(page(PHO_AN), ("pho_an_cuoi_thang_7.xlsx", late_july()))
    assert any("2 cảnh báo" in w for w in texts(at, "warning"))
    assert "Số liệu không khớp nhau" in table_text(at) and "identity_mismatch" not in table_text(at)
    assert "101 ≠ 2 + 98 = 100" in table_text(at)
    assert store_button(at).disabled
    at.checkbox[0].check().run()
    store_button(at).click().run()
    assert not at.exception
    stored = batches(app_db)
    assert len(stored) == 1 and stored[0].user == "an"
    assert "identity_mismatch" in stored[0].accepted_warnings_json
    assert any(s.startswith("Đã lưu “pho_an_cuoi_thang_7.xlsx”: lô #1") for s in texts(at, "success"))
    assert len(at.file_uploader) == 1 and not at.file_uploader[0].value  # a fresh, empty picker


def test_the_same_file_again_shows_what_it_replaces_with_identical_figures(app_db, phoan_report_bytes):
    first = import_file(phoan_report_bytes, "pho_an.xlsx", engine=app_db, user="an")
    assert first.stored
    at = upload(page(PHO_AN), ("pho_an.xlsx", phoan_report_bytes))
    assert not at.exception
    assert any("giống hệt" in i for i in texts(at, "info"))
    assert any("Thay thế số liệu đang dùng" in m and "lô #1" in m for m in texts(at, "markdown"))
    compared = at.table[1].value
    assert list(compared.columns) == ["Đơn vị", "Chỉ tiêu", "Đang dùng", "Mới", "Thay đổi"]
    assert set(compared["Thay đổi"]) == {"không đổi"}
    received = compared[compared["Chỉ tiêu"] == "Tổng số hồ sơ nhận giải quyết"].iloc[0]
    assert received["Đang dùng"].replace("\\", "") == received["Mới"].replace("\\", "") == "2.098"
    store_button(at).click().run()
    assert [b.status for b in batches(app_db)] == ["superseded", "active"]


def test_an_uploader_of_pho_an_cannot_store_a_report_of_pho_chau(app_db):
    content = official_report(title_unit="UBND XÃ PHỔ CHÂU")
    at = upload(page(PHO_AN), ("pho_chau.xlsx", content))
    assert not at.exception
    errors = " ".join(texts(at, "error"))
    assert "Phổ Châu" in errors and "không thuộc các đơn vị bạn phụ trách" in errors
    assert reason_title("unit_not_allowed") in table_text(at) and "unit_not_allowed" not in table_text(at)
    assert store_button(at).disabled
    assert batches(app_db) == []


def test_an_admin_can_store_a_report_of_pho_chau(app_db):
    content = official_report(title_unit="UBND XÃ PHỔ CHÂU")
    at = upload(page(ADMIN), ("pho_chau.xlsx", content))
    assert not texts(at, "error")
    store_button(at).click().run()
    assert not at.exception
    stored = batches(app_db)
    assert len(stored) == 1 and stored[0].user == "quantri"


def test_a_locked_account_cannot_store_what_it_checked(app_db, phoan_report_bytes):
    at = upload(page(PHO_AN), ("pho_an.xlsx", phoan_report_bytes))
    with Session(app_db) as session:
        update_user(session=session, username="an", active=False, by="quantri")
        session.commit()
    store_button(at).click().run()
    assert any("đã bị khóa" in e for e in texts(at, "error"))
    assert batches(app_db) == []


def test_storing_checks_the_units_again_so_the_page_cannot_be_bypassed(app_db):
    content = official_report(title_unit="UBND XÃ PHỔ CHÂU")
    checked_as_admin = check_upload(app_db, content, "pho_chau.xlsx", ADMIN)
    assert not checked_as_admin.has_errors
    result = store_upload(app_db, checked_as_admin, PHO_AN, accepted=True)
    assert not result.stored
    assert [p.code for p in result.problems.errors] == ["unit_not_allowed"]
    assert batches(app_db) == []


def test_a_town_compilation_needs_every_unit(app_db):
    rows = [("1", "Phổ An", PHO_AN_TOTAL), ("2", "Phổ Châu", PHO_AN_TOTAL)]
    total = [2 * v for v in PHO_AN_TOTAL]
    content = official_report(rows, total, title_unit="UBND THỊ XÃ ĐỨC PHỔ", label_header="Tên đơn vị")
    at = upload(page(PHO_AN), ("tong_hop.xlsx", content))
    errors = " ".join(texts(at, "error"))
    assert "Thị xã Đức Phổ, Phổ Châu" in errors and "Phổ An," not in errors
    assert batches(app_db) == []


def test_several_files_are_checked_and_stored_in_one_click(app_db, phoan_report_bytes):
    at = upload(
        page(ADMIN),
        ("pho_an.xlsx", phoan_report_bytes),
        ("pho_chau.xlsx", official_report(title_unit="UBND XÃ PHỔ CHÂU")),
    )
    assert texts(at, "subheader") == ["Tệp 1: pho_an.xlsx", "Tệp 2: pho_chau.xlsx"]
    assert store_button(at).label == "Lưu 2 tệp vào hệ thống"
    store_button(at).click().run()
    assert len(batches(app_db)) == 2
    assert len([s for s in texts(at, "success") if s.startswith("Đã lưu")]) == 2


def test_a_file_name_is_shown_as_text_not_markup(app_db, phoan_report_bytes):
    name = "<img src=x onerror=alert(1)>**đậm**.xlsx"
    at = upload(page(PHO_AN), (name, phoan_report_bytes))
    heading = at.subheader[0].value
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>\\*\\*đậm\\*\\*\\.xlsx" in heading


def test_every_kind_has_a_template_to_download(app_db):
    at = page(PHO_AN)
    buttons = [b for b in at.get("download_button") if b.proto.label.startswith("Tải mẫu")]
    assert len(buttons) == len(TEMPLATE_KINDS)


@pytest.mark.parametrize("case", CASES)
def test_each_bad_input_gets_a_clear_message_and_nothing_is_stored(app_db, case: Case):
    def counts() -> dict[str, int]:
        with app_db.connect() as conn:
            names = inspect(app_db).get_table_names()
            return {
                n: conn.execute(select(func.count()).select_from(text(f'"{n}"'))).scalar_one() for n in names
            }

    before = counts()
    at = upload(page(ADMIN), (case.file_name, case.build()))
    assert not at.exception
    errors = texts(at, "error")
    assert any("lỗi: tệp này sẽ KHÔNG được lưu" in e for e in errors), errors
    problems = at.table[-1].value
    assert reason_title(case.code) in set(problems["Loại vấn đề"].map(unescape))
    if case.cell:
        assert case.cell in set(problems["Ô"].str.replace("\\", ""))
    assert all(any(c in "ăâđêôơưàáảãạ" for c in m) for m in problems["Cần sửa thế nào"])  # Vietnamese
    assert store_button(at).disabled
    assert counts() == before


def test_a_zip_bomb_is_refused_quickly_through_the_page(app_db, tmp_path):
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook><sheets/></workbook>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(500):
                part.write(bytes(1 << 20))
    started = time.monotonic()
    at = upload(page(ADMIN), ("bom.xlsx", bomb.read_bytes()))
    assert time.monotonic() - started < 20
    assert not at.exception
    assert reason_title("zip_bomb") in table_text(at) and "zip_bomb" not in table_text(at)
    assert batches(app_db) == []


def test_a_file_over_the_app_limit_is_refused(app_db, monkeypatch):
    content = list_xlsx([dossier(n) for n in range(1, 301)])
    monkeypatch.setenv("IOC_MAX_UPLOAD_MB", "0.01")
    settings.get_settings.cache_clear()
    at = page(ADMIN)
    assert at.file_uploader[0].proto.max_upload_size_mb == 1  # the picker's own limit, in whole MB
    at = upload(at, ("ds_lon.xlsx", content))
    assert reason_title("file_too_large") in table_text(at) and "file_too_large" not in table_text(at)
    assert "vượt giới hạn 0.01 MB" in table_text(at)
    assert batches(app_db) == []
