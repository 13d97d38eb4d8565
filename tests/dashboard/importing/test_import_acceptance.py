"""Acceptance of the data core: seed figures in, the right KPIs out, on SQLite and PostgreSQL."""

import io
import json
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from dashboard import settings
from dashboard.cli import commands as cli
from dashboard.importing.importer import import_file
from dashboard.queries.kpi_report import kpi_report
from dashboard.store import db
from dashboard.store.models import Batch, Dossier, DossierFigure
from dashboard.store.units import UnitMatcher


def _kpis(engine, unit=None, start=None, end=None):
    with Session(engine) as s:
        ref = UnitMatcher.load(session=s).match(unit) if unit else None
        unit_id = ref.id if ref else None
        return kpi_report(session=s, unit_id=unit_id, start=start, end=end)["dossiers"]


def _import(engine, content, name="r.xlsx", **kw):
    result = import_file(content, name, engine=engine, user="test", **kw)
    return result


def test_pho_an_seven_months_reproduces_the_commune_report(seeded, phoan_report_bytes):
    result = _import(seeded, phoan_report_bytes)
    assert result.stored, [p.line("r.xlsx") for p in result.problems.items]
    k = _kpis(seeded, "Phổ An", date(2023, 1, 1), date(2023, 7, 20))
    assert k["received_total"] == 2098
    assert (k["online_rate"], k["resolution_rate"], k["early_rate"], k["late_rate"]) == (
        44.23,
        97.66,
        84.87,
        15.13,
    )


def test_cli_kpis_json_for_pho_an(seeded, phoan_report_bytes, monkeypatch, capsys):
    monkeypatch.setenv("IOC_DATABASE_URL", seeded.url.render_as_string(hide_password=False))
    settings.get_settings.cache_clear()
    db._engine_for.cache_clear()
    try:
        assert _import(seeded, phoan_report_bytes).stored
        code = cli.main(
            ["kpis", "--json", "--unit", "UBND xã Phở An", "--from", "2023-01-01", "--to", "2023-07-20"]
        )
        out = json.loads(capsys.readouterr().out)
    finally:
        settings.get_settings.cache_clear()
        db._engine_for.cache_clear()
    assert code == 0
    assert out["scope"]["unit"] == "Phổ An"
    d = out["dossiers"]
    assert (d["received_total"], d["online_rate"], d["resolution_rate"]) == (2098, 44.23, 97.66)
    assert (d["early_rate"], d["late_rate"]) == (84.87, 15.13)


@pytest.mark.parametrize("total_first", [False, True])
def test_total_row_first_or_last_gives_the_same_figures(seeded, make_report, total_first):
    assert _import(seeded, make_report(total_first=total_first)).stored
    k = _kpis(seeded, "Phổ An")
    assert k["received_total"] == 2098 and k["resolved_total"] == 2049


def test_reimporting_the_same_report_replaces_it(seeded, phoan_report_bytes):
    first = _import(seeded, phoan_report_bytes)
    before = _kpis(seeded)
    second = _import(seeded, phoan_report_bytes)
    assert first.stored and second.stored
    assert _kpis(seeded) == before
    with Session(seeded) as s:
        statuses = {i: st for i, st in s.execute(select(col(Batch.id), col(Batch.status))).all()}
        assert statuses == {first.batch_ids[0]: "superseded", second.batch_ids[0]: "active"}


def test_a_per_unit_report_matches_every_spelling_and_sums_the_town(seeded, make_report):
    rows = [
        ("1", "UBND xã Phổ An", [10, 0, 4, 6, 9, 9, 0, 0, 1, 1, 0, 0]),
        ("2", "PHƯỜNG PHỔ HÒA", [20, 2, 9, 9, 18, 10, 6, 2, 2, 2, 0, 0]),
        ("3", "P. TN&MT", [30, 5, 5, 20, 25, 20, 0, 5, 5, 3, 2, 0]),
    ]
    content = make_report(
        rows,
        [60, 7, 18, 35, 52, 39, 6, 7, 8, 6, 2, 0],
        title_unit="UBND THỊ XÃ ĐỨC PHỔ",
        label_header="Tên đơn vị",
        period_line="Kỳ báo cáo: Tháng 5/2023",
    )
    result = _import(seeded, content)
    assert result.stored, [p.line("r") for p in result.problems.items]
    town = _kpis(seeded, None, date(2023, 5, 1), date(2023, 5, 31))
    assert town["received_total"] == 60
    assert town["online_rate"] == round(18 / 53 * 100, 2)
    assert _kpis(seeded, "Phòng Tài nguyên và Môi trường")["received_total"] == 30


def _vendor_report(*, split_online: bool) -> bytes:
    """A vendor layout: 2 header rows, 'Trả đúng thời hạn (trước hạn và đúng hạn)' merged, maybe no online split."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Đơn vị báo cáo: UBND xã Phổ Châu"
    ws["A2"] = "BÁO CÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ Quý II/2023"
    received = ["Tổng số", "Từ kỳ trước", "Mới tiếp nhận"] + (["Trực tuyến"] if split_online else [])
    ws.cell(4, 1, "STT")
    ws.cell(4, 2, "Lĩnh vực")
    ws.cell(4, 3, "Tiếp nhận")
    ws.merge_cells(start_row=4, start_column=3, end_row=4, end_column=2 + len(received))
    for i, t in enumerate(received):
        ws.cell(5, 3 + i, t)
    c = 3 + len(received)
    ws.cell(4, c, "Đã giải quyết")
    ws.merge_cells(start_row=4, start_column=c, end_row=4, end_column=c + 2)
    for i, t in enumerate(["Tổng số", "Trả đúng thời hạn (trước hạn và đúng hạn)", "Trả quá hạn"]):
        ws.cell(5, c + i, t)
    ws.cell(4, c + 3, "Đang giải quyết")
    ws.merge_cells(start_row=4, start_column=c + 3, end_row=4, end_column=c + 4)
    ws.cell(5, c + 3, "Tổng số")
    ws.cell(5, c + 4, "Quá hạn")
    values = [100, 10, 90] + ([40] if split_online else []) + [95, 90, 5, 5, 1]
    ws.cell(6, 1, 1)
    ws.cell(6, 2, "Hộ tịch")
    for i, v in enumerate(values):
        ws.cell(6, 3 + i, v)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_merged_on_time_column_gives_on_time_rate_and_no_early_rate(seeded):
    result = _import(seeded, _vendor_report(split_online=True))
    assert result.stored, [p.line("v") for p in result.problems.items]
    k = _kpis(seeded, "Phổ Châu")
    assert k["on_time_rate"] == round(90 / 95 * 100, 2)
    assert k["early_rate"] is None
    assert k["resolved_early"] is None


def test_no_online_split_gives_online_rate_null_not_zero(seeded):
    assert _import(seeded, _vendor_report(split_online=False)).stored
    k = _kpis(seeded, "Phổ Châu")
    assert k["online_rate"] is None
    assert k["received_online"] is None
    assert k["received_total"] == 100


def test_seed_004_land_dossiers_need_their_warning_accepted(seeded, make_report):
    # Seed 004: 19.388 received, of which 4.058 carried over and 15.338 new — 4.058 + 15.338 = 19.396.
    land = [("1", "Đất đai", [19388, 4058, 3000, 12338, 15964, 12154, 0, 3810, 3424, 3424, 0, None])]
    total = [19388, 4058, 3000, 12338, 15964, 12154, 0, 3810, 3424, 3424, 0, None]
    content = make_report(
        land, total, title_unit="Phòng Tài nguyên và Môi trường", period_line="6 tháng đầu năm 2021"
    )
    blocked = _import(seeded, content)
    assert not blocked.stored and blocked.blocked_by_warnings
    warnings = [p for p in blocked.problems.warnings if p.code == "identity_mismatch"]
    assert warnings, blocked.problems.items
    text = warnings[0].message
    assert "Dòng 12 (Đất đai)" in text and "19.388" in text and "4.058 + 15.338" in text and "19.396" in text
    assert warnings[0].cell.startswith("C12")
    with Session(seeded) as s:
        assert s.execute(select(func.count()).select_from(Batch)).scalar_one() == 0
    accepted = _import(seeded, content, accept_warnings=True)
    assert accepted.stored
    with Session(seeded) as s:
        batch = s.get(Batch, accepted.batch_ids[0])
        assert batch is not None and "identity_mismatch" in batch.accepted_warnings_json


def test_overlapping_report_is_explained_and_never_added_twice(seeded, make_report, phoan_report_bytes):
    month = make_report(
        [("1", "Hộ tịch", [100, 0, 50, 50, 100, 100, 0, 0, 0, 0, 0, 0])],
        [100, 0, 50, 50, 100, 100, 0, 0, 0, 0, 0, 0],
        period_line="Kỳ báo cáo: Tháng 5/2023",
    )
    assert _import(seeded, month).stored
    overlapping = _import(seeded, phoan_report_bytes)
    assert overlapping.blocked_by_warnings
    assert any(p.code == "overlap" and "lô #" in p.message for p in overlapping.problems.warnings)
    assert _import(seeded, phoan_report_bytes, accept_warnings=True).stored
    k = _kpis(seeded, "Phổ An", date(2023, 1, 1), date(2023, 7, 20))
    assert k["received_total"] == 2098  # the longer report, not 2098 + 100


def _dossier_list(rows) -> bytes:
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
    for i, row in enumerate(rows, 1):
        ws.append([i, *row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


LIST_ROWS = [
    (
        "H48-0001",
        "Đăng ký khai sinh",
        "Hộ tịch",
        "UBND xã Phổ An",
        "Trực tuyến",
        datetime(2023, 1, 3, 8),
        datetime(2023, 1, 6, 17),
        datetime(2023, 1, 5, 9),
        "Đã trả kết quả",
    ),
    (
        "H48-0002",
        "Chứng thực bản sao",
        "Chứng thực",
        "Phở An",
        "Trực tiếp",
        "09/01/2023 08:30",
        "10/01/2023 17:00",
        "12/01/2023 10:00",
        "Đã trả kết quả",
    ),
    (
        "H48-0003",
        "Cấp GCN QSDĐ",
        "Đất đai",
        "UBND xã Phổ An",
        "Dịch vụ bưu chính",
        "25/01/2023 08:00",
        "30/01/2023 17:00",
        None,
        "Đang xử lý",
    ),
    (
        "H48-0004",
        "Đăng ký kết hôn",
        "Hộ tịch",
        "UBND xã Phổ An",
        "Trực tuyến",
        "01/02/2023 08:00",
        "03/02/2023 17:00",
        "03/02/2023 16:00",
        "Đã trả kết quả",
    ),
]


def test_dossier_list_gives_monthly_figures_and_lists_the_late_ones(seeded):
    result = _import(seeded, _dossier_list(LIST_ROWS), "ds.xlsx")
    assert result.stored, [p.line("ds") for p in result.problems.items]
    jan = _kpis(seeded, "Phổ An", date(2023, 1, 1), date(2023, 1, 31))
    assert (jan["received_total"], jan["received_online"], jan["resolved_total"], jan["resolved_late"]) == (
        3,
        1,
        2,
        1,
    )
    assert jan["pending_overdue"] == 1 and jan["online_rate"] == round(100 / 3, 2)
    both = _kpis(seeded, "Phổ An", date(2023, 1, 1), date(2023, 2, 28))
    assert both["received_total"] == 4 and both["resolved_total"] == 3 and both["pending_overdue"] == 1
    with Session(seeded) as s:
        assert s.execute(select(func.count()).select_from(Dossier)).scalar_one() == 4
        assert s.execute(select(func.count()).select_from(DossierFigure)).scalar_one() == 0


def test_reimporting_a_dossier_list_replaces_it(seeded):
    content = _dossier_list(LIST_ROWS)
    assert _import(seeded, content, "ds.xlsx").stored
    before = _kpis(seeded, "Phổ An")
    assert _import(seeded, content, "ds.xlsx").stored
    assert _kpis(seeded, "Phổ An") == before


def test_a_numbered_row_without_a_name_is_an_error_not_a_crash(seeded, make_report):
    rows = [
        ("1", "Hộ tịch", [10, 0, 5, 5, 10, 10, 0, 0, 0, 0, 0, 0]),
        ("2", "", [3, 0, 1, 2, 3, 3, 0, 0, 0, 0, 0, 0]),
    ]
    result = _import(seeded, make_report(rows, [13, 0, 6, 7, 13, 13, 0, 0, 0, 0, 0, 0]))
    assert not result.stored
    assert [p.cell for p in result.problems.errors if p.code == "missing_label"] == ["B13"]


def test_an_empty_withdrawn_cell_does_not_raise_an_identity_warning(seeded, make_report):
    rows = [("1", "Hộ tịch", [10, 0, 5, 5, 8, 8, 0, 0, 0, 0, 0, None])]  # 2 withdrawn, but the cell is empty
    result = _import(seeded, make_report(rows, [10, 0, 5, 5, 8, 8, 0, 0, 0, 0, 0, None]))
    assert result.stored and not result.problems.items
