"""One truth under concurrency: the same report imported by two processes at once leaves one active batch."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from dashboard.importing.import_lock import take_import_lock
from dashboard.importing.importer import import_file
from dashboard.queries.kpi_report import kpi_report
from dashboard.settings import Settings
from dashboard.store.db import make_engine
from dashboard.store.models import Batch, StoredFile
from dashboard.store.units import UnitMatcher

ROOT = Path(__file__).resolve().parents[3]
LIST_ROWS = 3000  # enough rows that storing takes a while: the window in which two imports used to race
ROUNDS = 3


def dossier_list(rows: int = LIST_ROWS) -> bytes:
    """A one-stop-shop export of Phổ An for Jan–Feb 2023, every dossier received and returned on time."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH HỒ SƠ TIẾP NHẬN"])
    ws.append(["Từ ngày 01/01/2023 đến ngày 28/02/2023"])
    ws.append(
        [
            "STT",
            "Mã hồ sơ",
            "Tên thủ tục hành chính",
            "Lĩnh vực",
            "Đơn vị tiếp nhận",
            "Hình thức nộp",
            "Ngày tiếp nhận",
            "Hạn xử lý",
            "Ngày trả kết quả",
            "Trạng thái",
        ]
    )
    start = datetime(2023, 1, 2, 8)
    for i in range(rows):
        received = start + timedelta(hours=i % 1200)
        ws.append(
            [
                i + 1,
                f"H48-{i:06d}",
                "Đăng ký khai sinh",
                "Hộ tịch",
                "UBND xã Phổ An",
                "Trực tuyến",
                received,
                received + timedelta(days=3),
                received + timedelta(days=1),
                "Đã trả kết quả",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_zip_comment(content: bytes, comment: bytes) -> bytes:
    """The same workbook with a zip comment: other bytes (another sha256), the same sheets."""
    assert content[-2:] == b"\0\0"  # openpyxl writes no comment: the end record's comment length is last
    return content[:-2] + len(comment).to_bytes(2, "little") + comment


def _run_two_imports(
    engine: Engine, tmp_path: Path, first: bytes, second: bytes
) -> list[subprocess.CompletedProcess[str]]:
    """Two `python -m dashboard import` processes started together on the same database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env.update(
        {
            "IOC_DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "IOC_DATA_DIR": str(tmp_path),
        }
    )
    paths = []
    for i, content in enumerate((first, second)):
        path = tmp_path / f"ds-{i}.xlsx"
        path.write_bytes(content)
        paths.append(path)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "dashboard", "import", str(path), "--user", f"p{i}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, path in enumerate(paths)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def _active(engine: Engine) -> list[Batch]:
    with Session(engine) as s:
        return list(s.exec(select(Batch).where(col(Batch.status) == "active")).scalars().all())  # type: ignore[call-overload]


def _received(engine: Engine, start: date, end: date) -> int:
    with Session(engine) as s:
        pho_an = UnitMatcher.load(session=s).match("Phổ An")
        assert pho_an is not None
        return int(
            kpi_report(session=s, unit_id=pho_an.id, start=start, end=end)["dossiers"]["received_total"]
        )


@pytest.mark.parametrize(
    ("case", "received"),
    [
        ("dossier list, bytes differing in the zip comment", LIST_ROWS),
        ("the same report, identical bytes", 2098),
    ],
)
def test_the_same_report_imported_twice_at_once_leaves_one_active_batch(
    seeded: Engine, tmp_path: Path, phoan_report_bytes: bytes, case: str, received: int
) -> None:
    if case.startswith("dossier list"):
        content = dossier_list()
        copies = [(content, with_zip_comment(content, f"copy {n}".encode())) for n in range(ROUNDS)]
        start, end = date(2023, 1, 1), date(2023, 2, 28)
    else:
        copies = [(phoan_report_bytes, phoan_report_bytes)] * ROUNDS
        start, end = date(2023, 1, 1), date(2023, 7, 20)
    for round_no, (first, second) in enumerate(copies, 1):
        results = _run_two_imports(seeded, tmp_path, first, second)
        for r in results:
            assert r.returncode == 0, (round_no, r.stdout, r.stderr)
            assert "Traceback" not in r.stderr, r.stderr
            assert "OK ds-" in r.stdout, r.stdout
        active = _active(seeded)
        assert len(active) == 1, (round_no, [(b.id, b.user, b.file_sha256[:8]) for b in active])
        assert _received(seeded, start, end) == received, round_no
    with Session(seeded) as s:  # every import stored a batch; each replaced the one before it
        batches = s.execute(select(func.count()).select_from(Batch)).scalar_one()
        files = s.execute(select(func.count()).select_from(StoredFile)).scalar_one()
    assert batches == 2 * ROUNDS
    assert files == (1 if case.startswith("the same") else 1 + ROUNDS)


def _two_sheets(report: bytes, copies: int, *, second: bytes | None = None) -> bytes:
    """A workbook with `copies` sheets cut from the official report (the last one from `second` if given)."""
    source = openpyxl.load_workbook(io.BytesIO(report)).active
    other = openpyxl.load_workbook(io.BytesIO(second)).active if second else None
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for n in range(copies):
        src = other if other is not None and n == copies - 1 else source
        ws = wb.create_sheet(f"Phổ An {n + 1}")
        for row in src.iter_rows():
            for cell in row:
                ws.cell(cell.row, cell.column, cell.value)
        for merged in src.merged_cells.ranges:
            ws.merge_cells(str(merged))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


DIFFERENT_FIGURES = [
    ("1", "Hộ tịch", [1100, 20, 600, 480, 1090, 1000, 0, 90, 10, 10, 0, 0]),
    ("2", "Chứng thực", [1098, 23, 409, 666, 1059, 839, 0, 220, 15, 15, 0, 24]),
]
DIFFERENT_TOTAL = [2198, 43, 1009, 1146, 2149, 1839, 0, 310, 25, 25, 0, 24]


@pytest.mark.parametrize("copies", [2, 200])
def test_sheets_claiming_the_same_report_are_one_error_naming_them(
    seeded: Engine, phoan_report_bytes: bytes, make_report, copies: int
) -> None:
    other = make_report(DIFFERENT_FIGURES, DIFFERENT_TOTAL) if copies == 2 else None
    result = import_file(
        _two_sheets(phoan_report_bytes, copies, second=other), "hai-trang.xlsx", engine=seeded, user="t"
    )
    assert not result.stored
    errors = [p for p in result.problems.errors if p.code == "duplicate_sheets"]
    assert len(errors) == 1, [p.message for p in result.problems.errors]
    assert "“Phổ An 1”" in errors[0].message and "“Phổ An 2”" in errors[0].message
    assert f"{copies} trang" in errors[0].message
    assert _active(seeded) == []


def test_dossier_list_sheets_with_overlapping_periods_are_an_error(seeded: Engine) -> None:
    content = dossier_list(5)
    source = openpyxl.load_workbook(io.BytesIO(content)).active
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, period in [("Tháng 1-2", None), ("Tháng 2", "Từ ngày 01/02/2023 đến ngày 28/02/2023")]:
        ws = wb.create_sheet(name)
        for row in source.iter_rows(values_only=True):
            ws.append(list(row))
        if period:
            ws["A2"] = period
    out = io.BytesIO()
    wb.save(out)
    result = import_file(out.getvalue(), "ds.xlsx", engine=seeded, user="t")
    assert [p.code for p in result.problems.errors] == ["duplicate_sheets"]
    assert (
        "“Tháng 1-2”" in result.problems.errors[0].message
        and "“Tháng 2”" in result.problems.errors[0].message
    )
    assert not result.stored and _active(seeded) == []


def _read_only(engine: Engine) -> Engine:
    """Another engine on the same database that refuses every write (a read-only replica, a full disk…)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return make_engine(f"sqlite:///file:{url.database}?mode=ro&uri=true")
    options = str(url.query.get("options", "")) + " -cdefault_transaction_read_only=on"
    return make_engine(url.update_query_dict({"options": options}).render_as_string(hide_password=False))


def test_an_import_into_a_read_only_database_says_why(seeded: Engine, phoan_report_bytes: bytes) -> None:
    read_only = _read_only(seeded)
    try:
        result = import_file(phoan_report_bytes, "r.xlsx", engine=read_only, user="t")
    finally:
        read_only.dispose()
    assert not result.stored and result.batch_ids == []
    assert [p.code for p in result.problems.errors] == ["read_only_database"]
    assert "chỉ đọc" in result.problems.errors[0].message
    assert _active(seeded) == []


def test_an_import_that_waits_too_long_for_another_says_so(seeded: Engine, phoan_report_bytes: bytes) -> None:
    """Another import holds the lock (here: a session that took it and has not committed yet)."""
    with Session(seeded) as holder:
        take_import_lock(session=holder, wait_seconds=1)
        started = time.monotonic()
        result = import_file(
            phoan_report_bytes,
            "r.xlsx",
            engine=seeded,
            user="t",
            settings=Settings(import_lock_wait_seconds=0.5),
        )
        waited = time.monotonic() - started
    assert [p.code for p in result.problems.errors] == ["import_busy"]
    assert "đang được lưu" in result.problems.errors[0].message
    assert not result.stored and waited < 10
    assert import_file(phoan_report_bytes, "r.xlsx", engine=seeded, user="t").stored  # the lock went with it
