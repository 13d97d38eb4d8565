"""AppTest: the admin page — only admins; accounts, the unit registry, targets and the wall, every action audited."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from dashboard.access.auth import Account, AuthError, add_user, authenticate
from dashboard.importing.importer import import_file
from dashboard.store.models import AuditEvent, Batch, StoredFile, Target, Unit, UnitAlias, User
from dashboard.store.units import UnitMatcher
from tests.conftest import official_report
from tests.pages.apptest_data import forget_database, fresh_db, use_data_dir

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "admin.py")
PASSWORD = "Mua-thu-2023-xyz"
ADMIN = Account("quantri", "Quản trị", "admin", frozenset())
UPLOADER = Account("an", "", "uploader", frozenset({"xa-pho-an"}))
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """A fresh SQLite database with the units, an admin and an uploader."""
    monkeypatch.setenv("IOC_WALL_CONFIG", str(tmp_path / "wall.toml"))
    use_data_dir(monkeypatch, tmp_path)
    engine = fresh_db()
    with Session(engine) as session:
        add_user(session=session, username="quantri", password=PASSWORD, role="admin")
        add_user(session=session, username="an", password=PASSWORD, role="uploader", unit_codes=["xa-pho-an"])
        session.commit()
    yield engine
    forget_database()


def page(account: Account | None = ADMIN) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if account is not None:
        at.session_state["ioc_account"] = account
        at.session_state["ioc_last_seen"] = time.monotonic()
    return at.run()


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest, kind: str) -> list[str]:
    return [unescape(e.value) for e in getattr(at, kind)]


def by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def submit(at: AppTest, label: str) -> AppTest:
    by_label(at.button, label).click()
    return at.run()


def audit(engine) -> list[tuple[str, str, str]]:
    with Session(engine) as session:
        return [(e.user, e.action, e.detail) for e in session.exec(select(AuditEvent)).all()]


def user(engine, username: str) -> User | None:
    with Session(engine) as session:
        return session.exec(select(User).where(col(User.username) == username)).first()


def test_without_sign_in_the_page_shows_only_the_form(app_db):
    at = page(None)
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert len(at.tabs) == 0


def test_an_uploader_is_refused(app_db):
    at = page(UPLOADER)
    assert any("không có quyền" in e for e in texts(at, "error"))
    assert len(at.tabs) == 0


def test_accounts_are_listed_without_any_password(app_db):
    at = page()
    accounts = at.dataframe[0].value
    assert list(accounts["Tên đăng nhập"]) == ["an", "quantri"]
    assert list(accounts["Vai trò"]) == ["Cập nhật số liệu", "Quản trị"]
    assert accounts.iloc[0]["Đơn vị được cập nhật"] == "Phổ An"
    assert "argon2" not in accounts.to_string()


def test_an_admin_creates_an_uploader_and_no_password_is_stored_in_clear(app_db):
    at = page()
    by_label(at.text_input, "Tên đăng nhập (hoặc e-mail nếu đăng nhập qua OIDC)").input("Chau.Tran")
    by_label(at.text_input, "Họ và tên").input("Trần Thị Châu")
    by_label(at.multiselect, "Đơn vị được cập nhật số liệu (với vai trò cập nhật số liệu)").select(
        "xa-pho-chau"
    )
    by_label(at.text_input, "Mật khẩu (ít nhất 10 ký tự)").input("Hoa-sen-nở-2024")
    by_label(at.text_input, "Nhập lại mật khẩu").input("Hoa-sen-nở-2024")
    at = submit(at, "Tạo tài khoản")
    assert not at.exception
    assert "Đã tạo tài khoản “chau.tran” (Cập nhật số liệu)." in texts(at, "success")
    with app_db.connect() as conn:
        raw = conn.execute(text("SELECT * FROM \"user\" WHERE username = 'chau.tran'")).mappings().one()
    assert all("Hoa-sen-nở-2024" not in str(v) for v in raw.values())
    assert raw["password_hash"].startswith("$argon2id$")
    assert raw["unit_codes_json"] == '["xa-pho-chau"]'
    assert ("quantri", "user_add", "chau.tran (uploader)") in audit(app_db)


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("Hoa-sen-nở-2024", "Hoa-sen-no-2024", "Hai lần nhập mật khẩu không khớp."),
        ("ngan", "ngan", "Mật khẩu cần ít nhất 10 ký tự."),
        ("", "", "Mật khẩu cần ít nhất 10 ký tự."),
    ],
)
def test_a_bad_or_missing_password_creates_nothing(app_db, password, again, message):
    at = page()
    by_label(at.text_input, "Tên đăng nhập (hoặc e-mail nếu đăng nhập qua OIDC)").input("moi")
    by_label(at.text_input, "Mật khẩu (ít nhất 10 ký tự)").input(password)
    by_label(at.text_input, "Nhập lại mật khẩu").input(again)
    at = submit(at, "Tạo tài khoản")
    assert message in texts(at, "error")
    assert user(app_db, "moi") is None


def test_an_admin_resets_a_password(app_db):
    at = page()
    at.selectbox(key="reset_username").select("an")
    by_label(at.text_input, "Mật khẩu mới (ít nhất 10 ký tự)").input("Gio-dong-2025-abc")
    by_label(at.text_input, "Nhập lại mật khẩu mới").input("Gio-dong-2025-abc")
    at = submit(at, "Đặt lại mật khẩu")
    assert any(s.startswith("Đã đặt lại mật khẩu cho “an”") for s in texts(at, "success"))
    with Session(app_db) as session:
        assert authenticate(session=session, username="an", password="Gio-dong-2025-abc").username == "an"
    assert ("quantri", "password_set", "an") in audit(app_db)


def test_an_admin_locks_an_account_and_it_can_no_longer_sign_in(app_db):
    at = page()
    at.selectbox(key="edit_username").select("an")
    at.run()
    assert at.multiselect(key="edit_units_an").value == ["xa-pho-an"]  # preset from the account
    assert at.selectbox(key="edit_role_an").value == "uploader"
    at.radio(key="edit_active_an").set_value("Khóa")
    at = submit(at, "Lưu thay đổi")
    assert "Đã cập nhật tài khoản “an”." in texts(at, "success")
    locked = user(app_db, "an")
    assert locked is not None and locked.active is False
    with Session(app_db) as session, pytest.raises(AuthError):
        authenticate(session=session, username="an", password=PASSWORD)
    assert ("quantri", "user_update", "an: khóa") in audit(app_db)


def test_an_admin_changes_the_units_of_an_uploader(app_db):
    at = page()
    at.selectbox(key="edit_username").select("an")
    at.run()
    at.multiselect(key="edit_units_an").select("xa-pho-chau")
    at = submit(at, "Lưu thay đổi")
    changed = user(app_db, "an")
    assert changed is not None and changed.unit_codes_json == '["xa-pho-an", "xa-pho-chau"]'
    assert ("quantri", "user_update", "an: đơn vị xa-pho-an, xa-pho-chau") in audit(app_db)


def test_the_last_admin_cannot_be_locked(app_db):
    at = page()
    at.selectbox(key="edit_username").select("quantri")
    at.run()
    at.radio(key="edit_active_quantri").set_value("Khóa")
    at = submit(at, "Lưu thay đổi")
    assert any("quản trị cuối cùng" in e for e in texts(at, "error"))
    admin = user(app_db, "quantri")
    assert admin is not None and admin.active is True


def test_a_hostile_alias_is_added_and_shown_as_literal_text(app_db):
    at = page()
    at.selectbox(key="alias_unit").select("xa-pho-an")
    by_label(at.text_input, "Tên gọi khác").input(HOSTILE)
    at = submit(at, "Thêm tên gọi")
    assert not at.exception
    assert f"Đã thêm tên gọi khác “{HOSTILE}” cho Phổ An." in texts(at, "success")
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in at.success[0].value  # escaped, so never markup
    registry = at.dataframe[1].value
    assert HOSTILE in registry[registry["Mã"] == "xa-pho-an"].iloc[0]["Tên gọi khác"]
    with Session(app_db) as session:
        assert session.exec(select(UnitAlias).where(col(UnitAlias.alias) == HOSTILE)).one()
    assert ("quantri", "unit_alias", f"xa-pho-an: {HOSTILE}") in audit(app_db)


def test_an_alias_of_another_unit_is_refused(app_db):
    at = page()
    at.selectbox(key="alias_unit").select("xa-pho-an")
    by_label(at.text_input, "Tên gọi khác").input("Phổ Châu")
    at = submit(at, "Thêm tên gọi")
    assert any("đã là tên gọi của đơn vị" in e for e in texts(at, "error"))


def test_an_admin_merges_units(app_db):
    at = page()
    by_label(at.multiselect, "Các đơn vị cũ").select("xa-pho-an").select("xa-pho-chau")
    at.selectbox(key="merge_into").select("xa-pho-khanh")
    at = submit(at, "Sáp nhập")
    assert not at.exception
    with Session(app_db) as session:
        old = session.exec(select(Unit).where(col(Unit.code) == "xa-pho-an")).one()
    assert old.valid_to == date(2025, 6, 30)
    assert any(
        a == ("quantri", "unit_merge", "xa-pho-an, xa-pho-chau → xa-pho-khanh từ 2025-07-01")
        for a in audit(app_db)
    )


def test_targets_are_listed_read_only(app_db):
    with Session(app_db) as session:
        session.add(StoredFile(sha256="0" * 64, size=1, content=b"x"))
        session.flush()
        batch = Batch(
            kind="targets",
            file_name="chi_tieu.xlsx",
            file_sha256="0" * 64,
            file_size=1,
            user="quantri",
            created_at=datetime.now(UTC),
        )
        session.add(batch)
        session.flush()
        assert batch.id is not None
        session.add(Target(batch_id=batch.id, indicator="online_rate", year=2023, value=100.0))
        session.commit()
    at = page()
    targets = next(t.value for t in at.table if "Chỉ tiêu" in t.value.columns)
    row = {k: unescape(str(v)) for k, v in targets.iloc[0].items()}
    assert (
        row["Chỉ tiêu"] == "online_rate" and row["Đơn vị"] == "Tất cả đơn vị" and row["Giá trị"] == "100,00"
    )


def test_the_wall_layout_is_shown_read_only(app_db, tmp_path):
    (tmp_path / "wall.toml").write_text('[panel.1]\ntile = "online_rate"\n', encoding="utf-8")
    at = page()
    assert any('tile = "online_rate"' in c.value for c in at.code)


def test_an_admin_records_a_later_merger_and_reports_then_name_the_successor(app_db):
    at = page()
    by_label(at.multiselect, "Các đơn vị cũ").select("xa-khanh-cuong")
    at.selectbox(key="merge_into").select("phuong-sa-huynh")
    by_label(at.date_input, "Ngày sáp nhập có hiệu lực").set_value(date(2026, 1, 1))
    at = submit(at, "Sáp nhập")
    assert not at.exception
    assert "Đã sáp nhập Khánh Cường vào Sa Huỳnh từ 01/01/2026." in texts(at, "success")
    assert ("quantri", "unit_merge", "xa-khanh-cuong → phuong-sa-huynh từ 2026-01-01") in audit(app_db)
    with Session(app_db) as session:
        matcher = UnitMatcher.load(session=session)
    sa_huynh = next(u for u in matcher.all() if u.code == "phuong-sa-huynh")
    family = {matcher.by_id(i).code for i in matcher.family(sa_huynh.id)}
    assert family == {
        "phuong-sa-huynh",
        "phuong-pho-thanh",
        "xa-pho-chau",
        "xa-khanh-cuong",
        "xa-pho-khanh",
        "xa-pho-cuong",
    }
    report = official_report(
        title_unit="UBND XÃ KHÁNH CƯỜNG", period_line="Kỳ báo cáo: Từ ngày 01/02/2026 đến ngày 28/02/2026"
    )
    result = import_file(report, "khanh_cuong.xlsx", engine=app_db, user="quantri")
    assert [p.code for p in result.problems.errors] == ["merged_unit"]
    assert "hãy báo cáo dưới tên phường Sa Huỳnh" in result.problems.errors[0].message


REGISTRY_HEADER = "code,name,full_name,kind,valid_from,valid_to,successor_code,sort_order,aliases\n"


def upload_registry(at: AppTest, content: bytes, name: str = "tinh.csv") -> AppTest:
    at.file_uploader(key="registry_csv_file").set_value([(name, content, "text/csv")])
    return submit(at, "Kiểm tra và nạp")


def test_an_admin_loads_another_localitys_registry_csv(app_db):
    content = (
        REGISTRY_HEADER + "tinh-quang-ngai,Quảng Ngãi,UBND tỉnh Quảng Ngãi,province,,,,300,\n"
        "so-tu-phap,Sở Tư pháp,Sở Tư pháp tỉnh Quảng Ngãi,office,2025-03-01,,,30,STP\n"
        "xa-pho-an,Phổ An,UBND xã Phổ An,commune,,,,200,\n"
    ).encode()
    at = upload_registry(page(), content)
    assert not at.exception
    assert "Đã nạp 2 đơn vị mới từ tinh.csv; giữ nguyên 1 đơn vị đã có mã." in texts(at, "success")
    with Session(app_db) as session:
        codes = set(session.exec(select(Unit.code)).all())
    assert {"tinh-quang-ngai", "so-tu-phap"} <= codes and len(codes) == 34 + 2
    assert ("quantri", "unit_registry", "tinh.csv: 2 đơn vị mới") in audit(app_db)


def test_a_registry_csv_with_bad_rows_loads_nothing_and_lists_each(app_db):
    content = (
        REGISTRY_HEADER + "tinh-quang-ngai,Quảng Ngãi,UBND tỉnh Quảng Ngãi,province,,,,300,\n"
        "So Tu Phap,Sở Tư pháp,,office,,,,,\n"
        "xa-moi,Xã Mới,,commune,01/07/2025,,,,\n"
    ).encode()
    at = upload_registry(page(), content)
    assert not at.exception
    assert "Tệp tinh.csv có 2 lỗi; chưa nạp đơn vị nào." in texts(at, "error")
    problems = next(t.value for t in at.table if "Loại vấn đề" in t.value.columns)
    rows = [(unescape(str(r["Vị trí"])), unescape(str(r["Loại vấn đề"]))) for _, r in problems.iterrows()]
    assert rows == [
        ("tinh.csv › dòng 3", "Mã đơn vị không hợp lệ"),
        ("tinh.csv › dòng 4", "Ngày không hợp lệ"),
    ]
    with Session(app_db) as session:
        assert session.exec(select(Unit).where(col(Unit.code) == "tinh-quang-ngai")).first() is None
