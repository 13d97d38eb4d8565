"""Where other agencies' files write the unit, the period and the as-of date, and one-row dossier headers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from dashboard.importing.importer import import_file
from dashboard.importing.result import ImportResult
from dashboard.store.models import Batch, DisbursementProject, DossierFigure, Unit
from data_loaders.parsing import file_name_dates, file_name_period
from tests.data_loaders.test_disbursement_report import SPLIT_ROWS, TITLE, workbook
from tests.data_loaders.test_unit_period_sources import _budget

# A by-sector report of 2 sectors: (sector, received total, carried over, new, resolved, pending).
SECTORS = [("Hộ tịch", 120, 20, 100, 90, 30), ("Chứng thực", 80, 0, 80, 80, 0)]
ONE_ROW_HEADER = (
    "STT",
    "Lĩnh vực",
    "Tổng số hồ sơ nhận giải quyết",
    "Số hồ sơ kỳ trước chuyển qua",
    "Số hồ sơ mới tiếp nhận",
    "Tổng số hồ sơ đã giải quyết",
    "Tổng số hồ sơ đang giải quyết",
)
TWO_ROW_HEADER = (
    (
        "Lĩnh vực",
        "Số hồ sơ nhận giải quyết",
        None,
        None,
        "Số hồ sơ đã giải quyết",
        "Số hồ sơ đang giải quyết",
    ),
    (None, "Tổng số", "Số kỳ trước chuyển qua", "Số mới tiếp nhận", "Tổng số", "Tổng số"),
)


def _import(engine: Engine, content: bytes, name: str, **kw: object) -> ImportResult:
    return import_file(content, name, engine=engine, user="test", **kw)  # type: ignore[arg-type]


def _lines(result: ImportResult) -> list[str]:
    return [p.line("f") for p in result.problems.items]


def _dossier_report(
    title: Sequence[str],
    header: Sequence[Sequence[object]],
    rows: Sequence[Sequence[object]],
    merges: Sequence[str] = (),
) -> bytes:
    """Title lines from A1, a blank row, the header rows, then the data rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for text in title:
        sheet.append([text])
    sheet.append([])
    for row in (*header, *rows):
        sheet.append(list(row))
    for merge in merges:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _stored_sectors(engine: Engine) -> dict[str, tuple[int | None, ...]]:
    """sector -> (received total, carried over, new, resolved total, pending total) of every stored row."""
    with Session(engine) as s:
        figures = s.exec(select(DossierFigure)).all()
    return {
        f.sector: (
            f.received_total,
            f.received_carried_over,
            f.received_new,
            f.resolved_total,
            f.pending_total,
        )
        for f in figures
    }


def _stored_unit_codes(engine: Engine) -> list[str]:
    with Session(engine) as s:
        codes = {u.id: u.code for u in s.exec(select(Unit)).all()}
        return [codes[b.unit_id] for b in s.exec(select(Batch)).all() if b.unit_id is not None]


# --- dossier reports: one-row headers and text numbers --------------------------------------------------------


def test_a_one_row_header_maps_each_column_to_its_own_field(seeded: Engine) -> None:
    rows = [(str(i), *sector) for i, sector in enumerate(SECTORS, 1)]
    content = _dossier_report(["UBND XÃ PHỔ AN", "Kỳ báo cáo: Tháng 5/2023"], [ONE_ROW_HEADER], rows)
    result = _import(seeded, content, "bao_cao.xlsx")
    assert result.stored, _lines(result)
    stored = _stored_sectors(seeded)
    assert stored["Hộ tịch"] == (120, 20, 100, 90, 30)
    assert stored[""] == (200, 20, 180, 170, 30)  # the unit as a whole: the sum of its sectors


@pytest.mark.parametrize("total_first", [False, True])
def test_numbers_typed_as_text_without_stt_stay_data_rows(seeded: Engine, total_first: bool) -> None:
    rows = [[name, *(str(n) for n in counts)] for name, *counts in SECTORS]
    if total_first:  # a first total row labelled "Tổng số", like a header's own "Tổng số"
        rows.insert(0, ["Tổng số", "200", "20", "180", "170", "30"])
    content = _dossier_report(
        ["UBND XÃ PHỔ AN", "Kỳ báo cáo: Tháng 5/2023"], TWO_ROW_HEADER, rows, merges=("A4:A5", "B4:D4")
    )
    result = _import(seeded, content, "bao_cao.xlsx")
    assert result.stored, _lines(result)
    stored = _stored_sectors(seeded)
    assert stored["Hộ tịch"] == (120, 20, 100, 90, 30)
    assert stored["Chứng thực"] == (80, 0, 80, 80, 0)


# --- the unit: file names and title sentences -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "code"),
    [
        ("BaoCao_TTHC_Pho_An_T05_2023.xlsx", "xa-pho-an"),  # no diacritics, no "xã"
        ("tthc-phổ-an-t5-2023.xlsx", "xa-pho-an"),
        ("BaoCao_Phong_Tu_phap_T05_2023.xlsx", "phong-tu-phap"),
        ("BC_Co_quan_To_chuc_Noi_vu_T05_2023.xlsx", "co-quan-tc-nv"),
    ],
)
def test_the_file_name_names_the_unit_without_diacritics_or_type_word(
    seeded: Engine, file_name: str, code: str
) -> None:
    rows = [(str(i), *sector) for i, sector in enumerate(SECTORS, 1)]
    content = _dossier_report(["TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"], [ONE_ROW_HEADER], rows)
    result = _import(seeded, content, file_name)
    assert result.stored, _lines(result)
    assert _stored_unit_codes(seeded) == [code]
    assert any("tên tệp" in note for note in result.sheets[0].notes)


def test_a_short_alias_in_a_file_name_names_no_unit(seeded: Engine) -> None:
    """'kinh te' is Phòng Kinh tế's alias but also just 'economy': a file name's words are no unit by it."""
    rows = [(str(i), *sector) for i, sector in enumerate(SECTORS, 1)]
    content = _dossier_report(["TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"], [ONE_ROW_HEADER], rows)
    result = _import(seeded, content, "BC_kinh_te_xa_hoi_T05_2023.xlsx")
    assert [p.code for p in result.problems.errors] == ["no_unit"]
    assert not result.stored


def test_an_office_inside_the_title_sentence_is_the_reporting_unit(seeded: Engine) -> None:
    rows = [(str(i), *sector) for i, sector in enumerate(SECTORS, 1)]
    title = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG THÁNG 7 NĂM 2021"
    result = _import(seeded, _dossier_report([title], [ONE_ROW_HEADER], rows), "bao_cao.xlsx")
    assert result.stored, _lines(result)
    assert _stored_unit_codes(seeded) == ["phong-tnmt"]


def test_local_budget_in_the_title_sentence_hides_no_commune(seeded: Engine) -> None:
    """'ĐỊA PHƯƠNG' loses its diacritics to 'dia phuong', like 'phường': the commune after it is still read."""
    result = _import(
        seeded, _budget("BÁO CÁO TÌNH HÌNH THỰC HIỆN CHI NGÂN SÁCH ĐỊA PHƯƠNG XÃ PHỔ AN NĂM 2024"), "chi.xlsx"
    )
    assert result.stored, _lines(result)
    assert _stored_unit_codes(seeded) == ["xa-pho-an"]


# --- the period and the as-of date in file names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("BaoCao_20230101-20230720.xlsx", (date(2023, 1, 1), date(2023, 7, 20))),
        ("BC_tu_01-01-2023_den_20-07-2023.xlsx", (date(2023, 1, 1), date(2023, 7, 20))),
        ("BC_20230720-20230101.xlsx", None),  # ends before it starts: no period, not a guess
        ("BC_31102023.xlsx", None),  # one day is no period
    ],
)
def test_a_date_range_in_the_file_name_is_the_period(
    file_name: str, expected: tuple[date, date] | None
) -> None:
    period = file_name_period(file_name)
    assert (period.start, period.end) == expected if period else expected is None


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("GiaiNgan_31102023.xlsx", [date(2023, 10, 31)]),  # day first
        ("GiaiNgan_20231031.xlsx", [date(2023, 10, 31)]),  # year first
        ("GN_31-10-2023.xlsx", [date(2023, 10, 31)]),
        ("GN_T10_2023.xlsx", []),
        ("GN_13132023.xlsx", []),  # no such day either way
    ],
)
def test_dates_in_file_names(file_name: str, expected: list[date]) -> None:
    assert file_name_dates(file_name) == expected


def _disbursement_without_as_of() -> bytes:
    header = (
        ("STT", "Danh mục dự án", "Chủ đầu tư", "Địa điểm xây dựng", "Kế hoạch vốn năm 2023", None, None,
         "Lũy kế giải ngân", "Tỷ lệ giải ngân (%)", "Ghi chú"),
        (None, None, None, None, "Tổng số", "Kế hoạch vốn giao năm 2023", "Kế hoạch năm 2022 kéo dài", None,
         None, None),
    )  # fmt: skip
    lines = ("UBND THỊ XÃ ĐỨC PHỔ", None, None, TITLE, None, "ĐVT: triệu đồng")
    return workbook(SPLIT_ROWS, header, title_lines=lines)


def test_the_disbursement_as_of_date_comes_from_the_file_name_when_the_title_has_none(seeded: Engine) -> None:
    result = _import(seeded, _disbursement_without_as_of(), "GiaiNgan_31052023.xlsx")
    assert result.stored, _lines(result)
    with Session(seeded) as s:
        assert {p.as_of for p in s.exec(select(DisbursementProject)).all()} == {date(2023, 5, 31)}
    assert any("tên tệp" in note for note in result.sheets[0].notes)


def test_no_as_of_date_in_title_or_file_name_is_still_an_error(seeded: Engine) -> None:
    result = _import(seeded, _disbursement_without_as_of(), "GiaiNgan.xlsx")
    assert [p.code for p in result.problems.errors] == ["no_as_of"]


def test_a_file_name_naming_another_month_than_the_title_is_a_warning(seeded: Engine) -> None:
    result = _import(seeded, workbook(), "GiaiNgan_30062023.xlsx")  # the title says 31/5/2023
    assert [(p.code, p.value) for p in result.problems.warnings] == [
        ("period_sources_disagree", "GiaiNgan_30062023.xlsx")
    ]
    assert (
        "31/05/2023" in result.problems.warnings[0].message
        and "30/06/2023" in result.problems.warnings[0].message
    )
    assert not result.stored
    assert _import(seeded, workbook(), "GiaiNgan_31052023.xlsx").stored  # the same day agrees
