"""The reporting unit, period and money unit read from wherever other agencies' files write them."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from base.budget_catalog import Item
from dashboard.importing.importer import import_file
from dashboard.importing.result import ImportResult
from dashboard.store.models import Batch, BudgetLine, Dossier, DossierFigure, Task, Unit
from dashboard.workbooks.budget import layout, write_budget_report
from tests.conftest import official_report

SECTOR_TOTAL = 2098  # received_total of the official report's two sectors


def _import(engine: Engine, content: bytes, name: str = "bao_cao.xlsx", **kw: object) -> ImportResult:
    return import_file(content, name, engine=engine, user="test", **kw)  # type: ignore[arg-type]


def _batches(engine: Engine) -> list[tuple[str | None, date | None, date | None, str]]:
    """(unit code, start, end, label) of every stored batch."""
    with Session(engine) as s:
        rows = [
            (b.unit_id, b.period_start, b.period_end, b.period_label) for b in s.exec(select(Batch)).all()
        ]
        codes = {u.id: u.code for u in s.exec(select(Unit)).all()}
    return [(codes.get(u) if u else None, a, b, label) for u, a, b, label in rows]


def _problems(result: ImportResult, severity: str = "error") -> list[tuple[str, str, str]]:
    return [(p.code, p.cell, p.value) for p in result.problems.items if p.severity == severity]


def _stored_rows(engine: Engine) -> int:
    with Session(engine) as s:
        return len(s.exec(select(DossierFigure.id)).all()) + len(s.exec(select(Batch.id)).all())


def _report(a2: str | None, a3: str | None = None, *, period: str | None = None) -> bytes:
    """The official dossier report (Phổ An's two sectors) with its unit and period lines replaced."""
    book = openpyxl.load_workbook(io.BytesIO(official_report(title_unit=a2, period_line=period)))
    if a3 is not None:
        book.active["A3"] = a3
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the unit ------------------------------------------------------------------------------------------------

PERIOD_LINE = "Kỳ báo cáo: Từ ngày 01/01/2023 đến ngày 20/07/2023"


@pytest.mark.parametrize(
    ("a2", "a3"),
    [
        ("UBND XÃ PHỔ AN", None),  # a cell holding only the name, under the town's line
        ("UBND XÃ PH\u200bỔ AN", None),  # a zero-width space inside a word
        ("UBND XÃ PHỔ\u202c AN\ufeff", None),  # bidi control and byte-order mark
        ("BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC XÃ PHỔ AN NĂM 2023", None),  # a title sentence
        ("KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI UBND XÃ PHỔ AN", None),
        (None, "Đơn vị báo cáo: UBND xã Phổ An"),  # an explicit line
        (None, "Đơn vị báo cáo: UBND xã Phổ An      Mẫu số II.06a"),  # followed by another label
        ("UBND XÃ PHỔ AN", "Đơn vị báo cáo:"),  # an empty explicit line names nothing
        ("UBND xã Phổ An - thị xã Đức Phổ", None),  # a trailing place
        ("UBND xã Phổ An, tỉnh Quảng Ngãi", None),
    ],
)
def test_the_commune_is_found_wherever_it_is_written(seeded: Engine, a2: str | None, a3: str | None) -> None:
    result = _import(seeded, _report(a2, a3, period=PERIOD_LINE))
    assert result.stored, [p.line("f") for p in result.problems.items]
    assert _batches(seeded) == [("xa-pho-an", date(2023, 1, 1), date(2023, 7, 20), "01/01/2023 – 20/07/2023")]


@pytest.mark.parametrize(
    ("a2", "a3", "name"),
    [
        (None, "Đơn vị báo cáo: UBND xã Phổ Lợi", "UBND xã Phổ Lợi"),
        ("UBND XÃ PHỔ LỢI", None, "UBND XÃ PHỔ LỢI"),
        ("BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC XÃ PHỔ LỢI NĂM 2023", None, "XÃ PHỔ LỢI"),
    ],
)
def test_an_unknown_unit_is_named_with_the_closest_communes_never_the_town(
    seeded: Engine, a2: str | None, a3: str | None, name: str
) -> None:
    result = _import(seeded, _report(a2, a3, period=PERIOD_LINE))
    errors = result.problems.errors
    assert [(p.code, p.value) for p in errors] == [("unknown_unit", name)]
    # Phổ Lợi is a commune ("xã"): the suggestions are the communes spelt closest, not a ward or the town.
    assert f'Không tìm thấy đơn vị "{name}" trong danh mục. Có phải là: Phổ Nhơn, Phổ Cường, Phổ Phong?' in (
        errors[0].message
    )
    assert not result.stored and _stored_rows(seeded) == 0


def test_an_unknown_name_in_a_cell_and_a_sentence_is_one_problem_listing_both_cells(seeded: Engine) -> None:
    result = _import(seeded, _report("UBND XÃ PHỔ LỢI", "KẾT QUẢ TẠI UBND XÃ PHỔ LỢI", period=PERIOD_LINE))
    assert _problems(result) == [("unknown_unit", "A2, A3", "UBND XÃ PHỔ LỢI")]


def test_the_explicit_line_wins_over_the_title_with_a_warning_naming_both(seeded: Engine) -> None:
    content = _report("UBND XÃ PHỔ AN", "Đơn vị báo cáo: UBND xã Phổ Cường", period=PERIOD_LINE)
    blocked = _import(seeded, content)
    assert blocked.blocked_by_warnings and not blocked.stored
    (warning,) = blocked.problems.warnings
    assert (warning.code, warning.cell, warning.value) == ("unit_sources_disagree", "A2", "UBND XÃ PHỔ AN")
    assert "“UBND xã Phổ Cường”" in warning.message and "“UBND XÃ PHỔ AN”" in warning.message
    assert _import(seeded, content, accept_warnings=True).stored
    assert [b[0] for b in _batches(seeded)] == ["xa-pho-cuong"]


def test_the_title_wins_over_the_file_name_with_a_warning(seeded: Engine) -> None:
    result = _import(seeded, _report("UBND XÃ PHỔ AN", period=PERIOD_LINE), "BC_xa_Pho_Cuong.xlsx")
    assert [(p.code, p.value) for p in result.problems.warnings] == [
        ("unit_sources_disagree", "xa Pho Cuong")  # as the file name writes it
    ]
    assert result.blocked_by_warnings


def test_the_file_name_names_the_unit_when_nothing_else_does(seeded: Engine) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_report(None, period=PERIOD_LINE)))
    book.active["A1"] = None  # no town line either
    out = io.BytesIO()
    book.save(out)
    result = _import(seeded, out.getvalue(), "BC_xa_Pho_An_7thang.xlsx")
    assert result.stored, [p.line("f") for p in result.problems.items]
    assert [b[0] for b in _batches(seeded)] == ["xa-pho-an"]
    assert any("tên tệp" in n for n in result.sheets[0].notes)


# --- the period ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a2", "period", "file_name", "expected"),
    [
        ("BÁO CÁO XÃ PHỔ AN 9 THÁNG NĂM 2024", None, "x.xlsx", (date(2024, 1, 1), date(2024, 9, 30))),
        ("UBND XÃ PHỔ AN", "Quý III năm 2024", "x.xlsx", (date(2024, 7, 1), date(2024, 9, 30))),
        ("UBND XÃ PHỔ AN", "Năm 2025", "x.xlsx", (date(2025, 1, 1), date(2025, 12, 31))),
        ("UBND XÃ PHỔ AN", "Cập nhật đến ngày 15/10/2025", "x.xlsx", (date(2025, 1, 1), date(2025, 10, 15))),
        ("UBND XÃ PHỔ AN", "Cập nhật ngày 15/10/2025", "x.xlsx", (date(2025, 1, 1), date(2025, 10, 15))),
        ("UBND XÃ PHỔ AN", "Số liệu đến ngày 30/9/2024", "x.xlsx", (date(2024, 1, 1), date(2024, 9, 30))),
        # Phổ An merged into phường Trà Câu on 1/7/2025: an October 2025 report comes from the ward.
        ("UBND PHƯỜNG TRÀ CÂU", None, "BC_T10_2025.xlsx", (date(2025, 10, 1), date(2025, 10, 31))),
        ("UBND PHƯỜNG TRÀ CÂU", None, "bao cao thang_10_2025.xlsx", (date(2025, 10, 1), date(2025, 10, 31))),
        ("UBND PHƯỜNG TRÀ CÂU", None, "tthc-2025-10.xlsx", (date(2025, 10, 1), date(2025, 10, 31))),
        ("UBND XÃ PHỔ AN", None, "PhoAn_Q3_2024.xlsx", (date(2024, 7, 1), date(2024, 9, 30))),
        ("UBND XÃ PHỔ AN", None, "bc-quy3-2024.xlsx", (date(2024, 7, 1), date(2024, 9, 30))),
        ("UBND XÃ PHỔ AN", None, "PhoAn_6T2024.xlsx", (date(2024, 1, 1), date(2024, 6, 30))),
    ],
)
def test_the_period_is_read_from_the_title_the_update_line_or_the_file_name(
    seeded: Engine, a2: str, period: str | None, file_name: str, expected: tuple[date, date]
) -> None:
    result = _import(seeded, _report(a2, period=period), file_name)
    assert result.stored, [p.line("f") for p in result.problems.items]
    assert [(b[1], b[2]) for b in _batches(seeded)] == [expected]
    if period is None and file_name != "x.xlsx":
        assert result.sheets[0].notes[0].endswith(f"lấy từ tên tệp: “{file_name}”.")


def test_a_file_name_period_that_disagrees_with_the_title_is_a_warning(seeded: Engine) -> None:
    result = _import(seeded, _report("UBND XÃ PHỔ AN", period="Kỳ báo cáo: Tháng 6/2023"), "BC_T7_2023.xlsx")
    assert [(p.code, p.value) for p in result.problems.warnings] == [
        ("period_sources_disagree", "Tháng 7/2023")
    ]
    assert "Tháng 6/2023" in result.problems.warnings[0].message and not result.stored


@pytest.mark.parametrize(
    ("period", "file_name"),
    [
        ("Kỳ báo cáo: 6 tháng đầu năm 2023", "BC_T6_2023.xlsx"),  # same end month
        ("Kỳ báo cáo: Năm 2023", "BC_Q3_2023.xlsx"),  # the year holds the quarter
    ],
)
def test_sources_that_can_mean_the_same_report_agree(seeded: Engine, period: str, file_name: str) -> None:
    result = _import(seeded, _report("UBND XÃ PHỔ AN", period=period), file_name)
    assert result.stored and result.problems.items == []


def test_no_period_anywhere_is_still_an_error(seeded: Engine) -> None:
    result = _import(seeded, _report("UBND XÃ PHỔ AN", period=None), "bao_cao.xlsx")
    assert [p.code for p in result.problems.errors] == ["no_period"]


# --- budget reports: the title sentence and the money unit -----------------------------------------------------


def _budget(title: str, headings: Sequence[str] = (), money_line: str | None = None) -> bytes:
    values: Mapping[str, float | None] = {
        "estimate_council": 100,
        "estimate_province": 90,
        "month_amount": 10,
        "ytd_amount": 40,
        "same_period_last_year": 35,
    }
    out = io.BytesIO()
    write_budget_report(
        out,
        headings=headings,
        title=title,
        money="trieu",
        columns=layout("full", year=2024, month=12),
        items=(Item("1", "Chi đầu tư phát triển", values), Item("2", "Chi thường xuyên", values)),
        total_label="Tổng cộng",
    )
    if money_line is None:
        return out.getvalue()
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    sheet = book.active
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("ĐVT"):
                cell.value = money_line
    fixed = io.BytesIO()
    book.save(fixed)
    return fixed.getvalue()


def test_a_budget_title_sentence_names_the_commune(seeded: Engine) -> None:
    result = _import(seeded, _budget("BÁO CÁO CHI NGÂN SÁCH NHÀ NƯỚC XÃ PHỔ AN NĂM 2024"))
    assert result.stored, [p.line("f") for p in result.problems.items]
    assert [b[0] for b in _batches(seeded)] == ["xa-pho-an"]


def test_a_budget_title_naming_an_unknown_commune_says_which(seeded: Engine) -> None:
    result = _import(seeded, _budget("BÁO CÁO CHI NGÂN SÁCH NHÀ NƯỚC XÃ PHỔ LỢI NĂM 2024"))
    assert [(p.code, p.value) for p in result.problems.errors] == [("unknown_unit", "XÃ PHỔ LỢI")]


@pytest.mark.parametrize(
    ("money_line", "stored_total"),
    [
        ("ĐVT: triệu đồng", 20.0),
        ("Đơn vị tính: Triệu đồng", 20.0),
        ("ĐVT: tỷ đồng", 20_000.0),
        ("Đơn vị tính: nghìn đồng", 0.02),
        ("ĐVT: 1.000 đồng", 0.02),
        ("ĐVT: đồng", 0.00002),
        ("(Triệu đồng)", 20.0),
        ("(Đồng)", 0.00002),
    ],
)
def test_the_money_unit_converts_the_amounts(seeded: Engine, money_line: str, stored_total: float) -> None:
    title = "BÁO CÁO CHI NGÂN SÁCH NHÀ NƯỚC XÃ PHỔ AN NĂM 2024"
    result = _import(seeded, _budget(title, money_line=money_line))
    assert result.stored, [p.line("f") for p in result.problems.items]
    with Session(seeded) as s:
        # The items' figures: the report's stated group and total rows are stored beside them.
        months = s.exec(select(BudgetLine.month_amount).where(BudgetLine.role == "item")).all()
    assert sum(m or 0 for m in months) == pytest.approx(stored_total)


# --- roles: a lead agency outside the registry is kept by name ---------------------------------------------------


def _tasks(leads: Sequence[str]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["UBND THỊ XÃ ĐỨC PHỔ"])
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024"])
    sheet.append(["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện", "Tình trạng"])
    for i, lead in enumerate(leads, start=1):
        sheet.append([str(i), f"Nhiệm vụ số {i}", lead, "Quý IV/2024", "Đang thực hiện"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_outside_lead_agencies_are_kept_by_name_and_registry_ones_by_id(seeded: Engine) -> None:
    leads = [
        "Sở Nội vụ",
        "Cục Thuế tỉnh Quảng Ngãi",
        "Tổng cục Thống kê",
        "Công an thị xã",
        "VP HĐND-UBND thị xã",
    ]
    result = _import(seeded, _tasks(leads))
    assert result.stored, [p.line("f") for p in result.problems.items]
    with Session(seeded) as s:
        rows = s.exec(select(Task.lead_text, Task.lead_unit_id).order_by(col(Task.id))).all()
        office = s.exec(select(Unit.id).where(col(Unit.code) == "van-phong-hdnd-ubnd")).one()
    assert rows == [(lead, None) for lead in leads[:4]] + [("VP HĐND-UBND thị xã", office)]


def test_an_unknown_lead_on_many_rows_is_one_problem_listing_its_rows(seeded: Engine) -> None:
    result = _import(
        seeded, _tasks(["Phòng Ngoại giao", "Phòng Kinh tế", "Phòng Ngoại giao", "Phòng Ngoại giao"])
    )
    assert _problems(result) == [("unknown_unit", "C4, C6, C7", "Phòng Ngoại giao")]


# --- dossier lists: the unit column --------------------------------------------------------------------------


def _dossier_list(units: Sequence[str], title: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title or "DANH SÁCH HỒ SƠ TIẾP NHẬN"])
    sheet.append(["Từ ngày 01/01/2023 đến ngày 31/01/2023"])
    sheet.append(["STT", "Mã hồ sơ", "Đơn vị tiếp nhận", "Ngày tiếp nhận", "Hạn xử lý", "Ngày trả kết quả"])
    for i, unit in enumerate(units, start=1):
        sheet.append([i, f"HS-{i:03}", unit, f"{i:02}/01/2023 08:00", "20/01/2023 17:00", "10/01/2023 10:00"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_unknown_unit_on_many_list_rows_is_one_problem_listing_its_cells(seeded: Engine) -> None:
    units = ["UBND xã Phổ Lợi", "UBND xã Phổ An", "UBND xã Phổ Lợi", "UBND xã Phổ Lợi"]
    result = _import(seeded, _dossier_list(units))
    assert _problems(result) == [("unknown_unit", "C4, C6, C7", "UBND xã Phổ Lợi")]
    assert 'Không tìm thấy đơn vị "UBND xã Phổ Lợi"' in result.problems.errors[0].message


def test_a_commune_title_wins_over_a_unit_column_naming_another_commune(seeded: Engine) -> None:
    content = _dossier_list(["Phổ An", "Phổ Cường", "Phổ An"], title="UBND XÃ PHỔ AN")
    blocked = _import(seeded, content)
    assert [(p.code, p.cell, p.value) for p in blocked.problems.warnings] == [
        ("unit_sources_disagree", "cột C", "Phổ Cường")
    ]
    assert _import(seeded, content, accept_warnings=True).stored
    with Session(seeded) as s:
        stored = set(s.exec(select(Dossier.unit_id)).all())
        pho_an = s.exec(select(Unit.id).where(col(Unit.code) == "xa-pho-an")).one()
    assert stored == {pho_an}


def test_a_town_list_keeps_the_unit_of_each_row(seeded: Engine) -> None:
    result = _import(seeded, _dossier_list(["Phổ An", "Phổ Cường"], title="UBND THỊ XÃ ĐỨC PHỔ"))
    assert result.stored and result.problems.items == []
    with Session(seeded) as s:
        assert len(set(s.exec(select(Dossier.unit_id)).all())) == 2
