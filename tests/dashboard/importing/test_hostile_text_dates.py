"""Hostile dates and texts through the real importer: implausible dates, NFC/NFD twins, invisible characters, long texts."""

from __future__ import annotations

import time
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from dashboard.importing.importer import import_file
from dashboard.importing.result import ImportResult
from dashboard.store.dossier_monthly import compute_monthly, months_between, months_with_data
from dashboard.store.models import Batch, Dossier, DossierFigure, DossierMonthly
from data_loaders.date_window import DateWindow
from tests.dashboard.cli.test_bad_inputs import (
    SECTOR_ROWS,
    app_db,  # noqa: F401  (fixture)
    clean_dossiers,
    dossier,
    list_xlsx,
    report_xlsx,
    row_counts,
    run_import,
)

HO_TICH = "Hộ tịch"


def _ten_dossiers() -> list[list[object]]:
    """Ten clean March 2023 dossiers, the last still open."""
    return clean_dossiers(10)


def _import(engine: Engine, content: bytes, *, accept: bool = False, dry_run: bool = False) -> ImportResult:
    return import_file(
        content, "ds.xlsx", engine=engine, user="kiểm thử", accept_warnings=accept, dry_run=dry_run
    )


def _codes(result: ImportResult) -> list[str]:
    return [p.code for p in result.problems.items]


def _monthly_rows(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.execute(select(func.count()).select_from(DossierMonthly)).scalar_one())


# (row index, field changes, what the warning must name): each breaks one dossier's dates.
HOSTILE_DATES = [
    pytest.param(4, {"received": "01/01/0001"}, "01/01/0001", id="received-0001"),
    pytest.param(
        4,
        {"received": 2958465, "due": None, "finished": None, "status": "Đang xử lý"},
        "31/12/9999",
        id="serial-9999",
    ),
    pytest.param(4, {"received": "31/12/9999 08:00"}, "31/12/9999", id="received-9999-text"),
    pytest.param(
        4,
        {"received": datetime(1900, 1, 1), "finished": datetime(2099, 5, 1)},
        "01/01/1900",
        id="1900-to-2099",
    ),
    pytest.param(
        4,
        {"received": datetime(2023, 3, 1), "finished": datetime(2099, 5, 1)},
        "01/05/2099",
        id="finished-2099",
    ),
    pytest.param(4, {"due": "01/01/1899"}, "01/01/1899", id="due-1899"),
]


@pytest.mark.parametrize(("index", "changes", "shown"), HOSTILE_DATES)
def test_a_date_outside_the_window_is_warned_about_and_blocks(
    index: int,
    changes: dict[str, object],
    shown: str,
    app_db: Engine,  # noqa: F811
) -> None:
    rows = _ten_dossiers()
    rows[index] = dossier(index + 1, **changes)  # type: ignore[arg-type]
    before = row_counts(app_db)

    result = _import(app_db, list_xlsx(rows))

    warnings = [p for p in result.problems.warnings if p.code == "implausible_date"]
    assert len(warnings) == 1, result.problems.items
    assert f"dòng {index + 3}" in warnings[0].message and shown in warnings[0].message
    assert "bỏ qua" in warnings[0].message
    assert result.blocked_by_warnings and not result.stored
    assert row_counts(app_db) == before


@pytest.mark.parametrize(("index", "changes", "shown"), HOSTILE_DATES)
def test_accepted_rows_outside_the_window_are_left_out_and_counted(
    index: int,
    changes: dict[str, object],
    shown: str,
    app_db: Engine,  # noqa: F811
) -> None:
    rows = _ten_dossiers()
    rows[index] = dossier(index + 1, **changes)  # type: ignore[arg-type]
    start = time.monotonic()

    result = _import(app_db, list_xlsx(rows), accept=True)

    assert time.monotonic() - start < 60  # it took over 300 s and 1.2 GB before
    assert result.stored, result.problems.items
    (parsed,) = result.sheets
    assert parsed.extra["skipped_rows"] == 1
    assert any("Bỏ qua 1 dòng" in note for note in parsed.notes)
    with Session(app_db) as s:
        batch = s.get(Batch, result.batch_ids[0])
        assert batch is not None and batch.row_count == 9
        codes = s.execute(select(col(Dossier.code))).scalars().all()
        months = s.execute(select(col(DossierMonthly.period_start)).distinct()).scalars().all()
    assert len(codes) == 9 and str(rows[index][1]) not in codes
    assert {(m.year, m.month) for m in months} == {(2023, 3)}


def test_many_rows_outside_the_window_give_one_capped_warning(app_db: Engine) -> None:  # noqa: F811
    rows = [dossier(n, received="01/01/0001") for n in range(1, 31)] + _ten_dossiers()[:2]
    rows[-2:] = [dossier(31), dossier(32)]

    result = _import(app_db, list_xlsx(rows))

    (warning,) = [p for p in result.problems.warnings if p.code == "implausible_date"]
    assert warning.message.startswith("30 hồ sơ")
    assert "dòng 12 (" in warning.message and "dòng 13 (" not in warning.message
    assert "… và 20 dòng khác" in warning.message


def test_the_cli_says_how_many_rows_were_skipped(
    app_db: Engine,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _ten_dossiers()
    rows[2] = dossier(3, received="01/01/0001")
    path = tmp_path / "ds.xlsx"
    path.write_bytes(list_xlsx(rows))

    blocked = run_import(capsys, path)
    accepted = run_import(capsys, path, "--accept-warnings")

    assert blocked.status == 1 and blocked.lines[-1].startswith("FAILED ds.xlsx")
    assert accepted.status == 0, accepted.out
    assert accepted.lines[-1].startswith("OK ds.xlsx") and "9 dòng" in accepted.lines[-1]
    assert "bỏ qua 1 dòng có ngày ngoài khoảng hợp lý" in accepted.lines[-1]


@pytest.mark.parametrize(
    "period",
    [
        "Kỳ báo cáo: Năm 1900",
        "Kỳ báo cáo: Năm 9999",
        "Kỳ báo cáo: Từ ngày 01/01/0001 đến ngày 20/07/2023",
        "Kỳ báo cáo: Tháng 5/2099",
    ],
)
def test_a_report_period_outside_the_window_is_refused(period: str, app_db: Engine) -> None:  # noqa: F811
    before = row_counts(app_db)

    result = import_file(
        report_xlsx(period=period), "bc.xlsx", engine=app_db, user="kiểm thử", accept_warnings=True
    )

    refused = [p for p in result.problems.errors if p.code == "implausible_period"]
    assert len(refused) == 1, result.problems.items
    assert not result.stored
    assert row_counts(app_db) == before


def test_a_list_titled_with_an_implausible_year_is_refused(app_db: Engine) -> None:  # noqa: F811
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(list_xlsx(_ten_dossiers())))
    wb.active["A1"] = "DANH SÁCH HỒ SƠ NĂM 9999"
    buf = io.BytesIO()
    wb.save(buf)

    result = _import(app_db, buf.getvalue(), accept=True)

    assert "implausible_period" in _codes(result)
    assert _monthly_rows(app_db) == 0


def test_the_window_follows_the_settings() -> None:
    window = DateWindow.around(date(2026, 12, 2))
    assert window.first == date(2000, 1, 1) and window.last == date(2027, 12, 3)
    assert window.holds(date(2000, 1, 1)) and window.holds(datetime(2027, 12, 3, 23, 59))
    assert not window.holds(date(1999, 12, 31)) and not window.holds(date(2027, 12, 4))


def _frame(received: list[datetime], finished: list[datetime | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": [1] * len(received),
            "sector": [HO_TICH] * len(received),
            "channel": ["online"] * len(received),
            "status": ["done" if f else "processing" for f in finished],
            "received_at": pd.to_datetime(received),
            "due_at": pd.Series([None] * len(received), dtype="datetime64[ns]"),
            "finished_at": pd.Series(finished, dtype="datetime64[ns]"),
        }
    )


def test_monthly_rows_only_for_months_that_have_dossiers() -> None:
    """Dossiers in 2023 and one in 2099: two busy months, not the 900 between."""
    frame = _frame(
        [datetime(2023, 3, 5), datetime(2023, 4, 1), datetime(2099, 6, 1)],
        [datetime(2023, 3, 9), datetime(2023, 4, 2), datetime(2099, 6, 3)],
    )
    months = months_between(date(2023, 1, 1), date(2099, 12, 31))
    assert len(months) == 924

    kept = months_with_data(frame, months)
    monthly = compute_monthly(frame, months, has_due=False)

    assert [(m.year, m.month) for m, _ in kept] == [(2023, 3), (2023, 4), (2099, 6)]
    assert sorted({(d.year, d.month) for d in monthly["period_start"]}) == [(2023, 3), (2023, 4), (2099, 6)]
    assert monthly.loc[monthly["sector"] == "", "received_new"].tolist() == [1, 1, 1]


def test_an_open_dossier_keeps_every_month_until_the_end() -> None:
    """A pending dossier is data in each month it stays open (stocks), so those months are kept."""
    frame = _frame([datetime(2023, 1, 10)], [None])
    months = months_between(date(2023, 1, 1), date(2023, 6, 30))

    monthly = compute_monthly(frame, months, has_due=False)

    whole = monthly[monthly["sector"] == ""]
    assert len(whole) == 6 and whole["pending_total"].tolist() == [1] * 6


# ---- Text twins: one sector however it is written ---------------------------------------------------------

TWINS = [
    pytest.param(unicodedata.normalize("NFD", HO_TICH), id="nfd"),
    pytest.param("Hộ t\u200bịch", id="zero-width-space"),
    pytest.param("Hộ tịch\u00a0", id="trailing-nbsp"),
    pytest.param("\ufeffHộ\u2003tịch", id="bom-em-space"),
    pytest.param("\u202aHộ tịch\u202c", id="bidi"),
]


@pytest.mark.parametrize("twin", TWINS)
def test_a_sector_written_twice_differently_is_a_duplicate(twin: str, app_db: Engine) -> None:  # noqa: F811
    assert twin != HO_TICH
    rows = [("1", HO_TICH, SECTOR_ROWS[0][2]), ("2", twin, SECTOR_ROWS[0][2])]

    result = import_file(
        report_xlsx(rows, total=None), "bc.xlsx", engine=app_db, user="kiểm thử", accept_warnings=True
    )

    duplicates = [p for p in result.problems.errors if p.code == "duplicate_key"]
    assert len(duplicates) == 1 and HO_TICH in duplicates[0].message, result.problems.items
    assert not result.stored


@pytest.mark.parametrize("twin", TWINS)
def test_a_report_sector_is_stored_in_its_clean_form(twin: str, app_db: Engine) -> None:  # noqa: F811
    rows = [("1", twin, SECTOR_ROWS[0][2]), SECTOR_ROWS[1]]

    result = import_file(report_xlsx(rows), "bc.xlsx", engine=app_db, user="kiểm thử", accept_warnings=True)

    assert result.stored, result.problems.items
    with Session(app_db) as s:
        sectors = set(s.execute(select(col(DossierFigure.sector))).scalars())
    assert sectors == {"", HO_TICH, "Chứng thực"}


@pytest.mark.parametrize("twin", TWINS)
def test_list_sectors_written_differently_are_one_sector(twin: str, app_db: Engine) -> None:  # noqa: F811
    rows = _ten_dossiers()
    for i in (1, 3, 5):
        rows[i][3] = twin

    result = _import(app_db, list_xlsx(rows))

    assert result.stored, result.problems.items
    with Session(app_db) as s:
        stored = set(s.execute(select(col(Dossier.sector))).scalars())
        monthly = set(s.execute(select(col(DossierMonthly.sector))).scalars())
    assert stored == {HO_TICH}
    assert monthly == {"", HO_TICH}


def test_a_dossier_code_with_an_invisible_character_is_a_duplicate(app_db: Engine) -> None:  # noqa: F811
    rows = _ten_dossiers()
    rows[4][1] = f"{rows[3][1]}\u200b"

    result = _import(app_db, list_xlsx(rows))

    assert "duplicate_key" in _codes(result) and not result.stored


# ---- Texts longer than their column are refused, never cut ------------------------------------------------


@pytest.mark.parametrize(
    ("where", "length", "limit"),
    [("sector", 301, "300"), ("sector", 32_000, "300"), ("procedure", 1001, "1.000"), ("code", 101, "100")],
)
def test_a_list_text_longer_than_its_column_is_refused(
    where: str,
    length: int,
    limit: str,
    app_db: Engine,  # noqa: F811
) -> None:
    rows = _ten_dossiers()
    position = {"code": 1, "procedure": 2, "sector": 3}[where]
    rows[6][position] = "Ấ" * length
    before = row_counts(app_db)

    result = _import(app_db, list_xlsx(rows), accept=True)

    (refused,) = [p for p in result.problems.errors if p.code == "text_too_long"]
    assert refused.cell == "dòng 9" and f"giới hạn {limit} ký tự" in refused.message
    assert not result.stored
    assert row_counts(app_db) == before


def test_a_report_sector_longer_than_its_column_is_refused(app_db: Engine) -> None:  # noqa: F811
    rows = [("1", "Hộ tịch " + "x" * 300, SECTOR_ROWS[0][2]), SECTOR_ROWS[1]]

    result = import_file(report_xlsx(rows), "bc.xlsx", engine=app_db, user="kiểm thử", accept_warnings=True)

    assert "text_too_long" in _codes(result) and not result.stored


def test_a_text_at_its_columns_length_is_stored_whole(app_db: Engine) -> None:  # noqa: F811
    rows = _ten_dossiers()
    rows[6][3] = "Ấ" * 300

    result = _import(app_db, list_xlsx(rows))

    assert result.stored, result.problems.items
    with Session(app_db) as s:
        assert "Ấ" * 300 in set(s.execute(select(col(Dossier.sector))).scalars())
