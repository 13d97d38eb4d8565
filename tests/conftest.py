"""Shared fixtures: a migrated database per test, on SQLite and (with IOC_TEST_POSTGRES_URL) on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from dashboard.store.db import make_engine, migrate

POSTGRES_URL = os.environ.get("IOC_TEST_POSTGRES_URL", "")


def _sqlite_engine(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    migrate(engine, unit_registry="none")
    return engine


def _postgres_engine() -> Iterator[Engine]:
    """A fresh schema on the test server, dropped afterwards, so tests never see each other's rows."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = POSTGRES_URL + ("&" if "?" in POSTGRES_URL else "?") + f"options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    try:
        migrate(engine, unit_registry="none")
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database (no unit registry either): each test using it runs once per backend."""
    if request.param == "sqlite":
        eng = _sqlite_engine(tmp_path)
        yield eng
        eng.dispose()
        return
    if not POSTGRES_URL:
        if os.environ.get("IOC_REQUIRE_ALL_TESTS"):
            pytest.fail("IOC_TEST_POSTGRES_URL is not set but CI requires the PostgreSQL tests")
        pytest.skip("IOC_TEST_POSTGRES_URL is not set")
    yield from _postgres_engine()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database no migration has touched yet (a new installation), on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.db'}"
        return
    if not POSTGRES_URL:
        if os.environ.get("IOC_REQUIRE_ALL_TESTS"):
            pytest.fail("IOC_TEST_POSTGRES_URL is not set but CI requires the PostgreSQL tests")
        pytest.skip("IOC_TEST_POSTGRES_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield POSTGRES_URL + ("&" if "?" in POSTGRES_URL else "?") + f"options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite database, for tests whose point is not the backend."""
    eng = _sqlite_engine(tmp_path)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the per-test database."""
    with Session(engine, expire_on_commit=False) as s:
        yield s


# --- Workbooks built by code: the official form II.06a, as in the source documents -----------------------------

SECTOR_ROWS = [  # Phổ An 01/01–20/07/2023 split over two sectors; the total is seed 002's figures
    ("1", "Hộ tịch", [1000, 20, 500, 480, 990, 900, 0, 90, 5, 5, 0, 5]),
    ("2", "Chứng thực", [1098, 23, 409, 666, 1059, 839, 0, 220, 15, 15, 0, 24]),
]
PHO_AN_TOTAL = [2098, 43, 909, 1146, 2049, 1739, 0, 310, 20, 20, 0, 29]


def official_report(
    rows=SECTOR_ROWS,
    total=PHO_AN_TOTAL,
    *,
    title_unit: str | None = "UBND XÃ PHỔ AN",
    period_line: str | None = "Kỳ báo cáo: Từ ngày 01/01/2023 đến ngày 20/07/2023",
    label_header: str = "Lĩnh vực giải quyết",
    total_first: bool = False,
) -> bytes:
    """Form II.06a with 3 merged header rows, a column-number row, data rows, a total and a signature block."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu II.06a"
    ws["A1"] = "UBND THỊ XÃ ĐỨC PHỔ"
    ws["I1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    if title_unit:
        ws["A2"] = title_unit
    ws["A4"] = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    if period_line:
        ws["A5"] = period_line
    ws["I6"] = "Đơn vị nhận báo cáo: UBND thị xã Đức Phổ"

    def put(row, col, text, end_row=None, end_col=None):
        ws.cell(row, col, text)
        if end_row or end_col:
            ws.merge_cells(start_row=row, start_column=col, end_row=end_row or row, end_column=end_col or col)

    put(8, 1, "STT", 10)
    put(8, 2, label_header, 10)
    put(8, 3, "Số hồ sơ nhận giải quyết", None, 6)
    put(9, 3, "Tổng số", 10)
    put(9, 4, "Số kỳ trước chuyển qua", 10)
    put(9, 5, "Số mới tiếp nhận", None, 6)
    put(10, 5, "Trực tuyến")
    put(10, 6, "Trực tiếp, dịch vụ bưu chính")
    put(8, 7, "Kết quả giải quyết", None, 13)
    put(9, 7, "Số hồ sơ đã giải quyết", None, 10)
    for i, heading in enumerate(["Tổng số", "Trả trước hạn", "Trả đúng thời hạn", "Trả quá hạn"]):
        put(10, 7 + i, heading)
    put(9, 11, "Số hồ sơ đang giải quyết", None, 13)
    for i, heading in enumerate(["Tổng số", "Trong hạn", "Quá hạn"]):
        put(10, 11 + i, heading)
    put(8, 14, "Số hồ sơ rút, trả lại", 10)
    for i in range(14):
        ws.cell(11, 1 + i, f"({i + 1})")
    body = [(stt, label, values) for stt, label, values in rows]
    total_row = ("", "Tổng cộng", total)
    body = [total_row, *body] if total_first else [*body, total_row]
    r = 12
    for stt, label, values in body:
        ws.cell(r, 1, stt or None)
        ws.cell(r, 2, label)
        for i, v in enumerate(values):
            ws.cell(r, 3 + i, v)
        r += 1
    ws.cell(r + 1, 9, "Đức Phổ, ngày 21 tháng 7 năm 2023")
    ws.cell(r + 2, 2, "NGƯỜI LẬP BIỂU")
    ws.cell(r + 2, 9, "CHỦ TỊCH")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def phoan_report_bytes() -> bytes:
    """Phổ An's 7-month 2023 report (seed 002) in the official layout."""
    return official_report()


@pytest.fixture
def make_report():
    """The official-layout builder, for tests that break one thing at a time."""
    return official_report


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """The per-test database with the unit registry seeded."""
    from dashboard.store.units import seed_units

    with Session(engine) as s:
        seed_units(session=s)
        s.commit()
    return engine
