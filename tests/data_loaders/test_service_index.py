"""The 766 export reader: the real October 2025 export, the month it scores, bad cells, and our units."""

import io

import openpyxl
import pytest

from dashboard.settings import get_settings
from data_loaders import service_index as si
from data_loaders.problems import Problems
from data_loaders.workbook import open_workbook
from tests.data_files import REAL_766_EXPORT as REAL_EXPORT

HEADER = ["ID", "TEN", "TEN_COQUAN", "MA_COQUAN", "LOAI_COQUAN", "CAPDONVIID", "ID_COQUAN"]
HEADER += ["TDGQ", "MDHL", "MDSH", "TTTT", "CLGQ", "CKMB", "TONG_SCORE", "ROW_STT"]
QUANG_NGAI = ["17.64", "17.88", "15", "7.36", "8.07", "17.51", "83.46"]


def score_row(name, code, scores, rank, loai="1"):
    return ["1", name, name, code, loai, "1", "1", *scores, str(rank)]


def export(sheets, trend_months=((2025, 9, 80.8), (2025, 10, 86.7))):
    """A 766 export built by code: {sheet name: rows}, plus the monthly trend sheet unless None."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(HEADER)
        for row in rows:
            ws.append(row)
    if trend_months is not None:
        ws = wb.create_sheet("Xu hướng tháng")
        ws.append(["month", "year", "score"])
        for year, month, score in trend_months:
            ws.append([float(month), str(year), score])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(content, matcher, name="766_scores_2025-10_export.xlsx"):
    problems = Problems()
    book = open_workbook(content, name, get_settings())
    return si.read_book(book, name, matcher, problems), problems


def test_the_real_export_reads_without_problems(matcher):
    sheets, problems = read(REAL_EXPORT.read_bytes(), matcher)
    assert problems.items == []
    by_name = {s.sheet: s for s in sheets}
    assert {n: len(s.records) for n, s in by_name.items()} == {
        "Điểm năm": 34,
        "Điểm tháng": 34,
        "Xu hướng tháng": 3,
        "Xu hướng quý": 4,
        "Sở Ban": 15,
        "Xã Phường": 102,
    }
    month = by_name["Điểm tháng"]
    assert month.period.label == "Tháng 10/2025"
    assert by_name["Điểm năm"].period.label == "Năm 2025 (đến hết tháng 10/2025)"
    first = month.records[0]
    assert (first["portal_name"], first["total"], first["rank"], first["tdgq"], first["level"]) == (
        "UBND tỉnh Bắc Ninh",
        91.52,
        1,
        19.38,
        "province",
    )
    assert {r["level"] for r in by_name["Xã Phường"].records} == {"commune"}
    assert [r["total"] for r in by_name["Xu hướng tháng"].records] == [86.2, 80.8, 86.7]
    assert all(
        r["unit_id"] is None for s in sheets for r in s.records
    )  # no unit of Đức Phổ in An Giang's view


def test_a_task_workbook_is_not_an_export():
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện"])
    out = io.BytesIO()
    wb.save(out)
    assert not si.looks_like_book(open_workbook(out.getvalue(), "x.xlsx", get_settings()))


@pytest.mark.parametrize(
    ("trend", "file_name", "expected", "codes"),
    [
        (((2025, 9, 80.8), (2025, 10, 86.7)), "766_scores_2025-10_export.xlsx", "Tháng 10/2025", []),
        (None, "766_scores_2025-11_export.xlsx", "Tháng 11/2025", []),
        (((2025, 10, 86.7),), "766_scores_2025-09.xlsx", "Tháng 10/2025", ["period_mismatch"]),
        (None, "bang_diem.xlsx", None, ["no_period"]),
    ],
)
def test_the_month_comes_from_the_trend_then_the_file_name(matcher, trend, file_name, expected, codes):
    content = export({"Điểm tháng": [score_row("UBND tỉnh Quảng Ngãi", "H48", QUANG_NGAI, 25)]}, trend)
    sheets, problems = read(content, matcher, file_name)
    score = next(s for s in sheets if s.sheet == "Điểm tháng")
    assert (score.period.label if score.period else None) == expected
    assert [p.code for p in problems.items] == codes


@pytest.mark.parametrize(
    ("cell", "code", "severity"),
    [
        ("abc", "not_a_number", "error"),
        ("120", "out_of_range", "error"),
        ("-1", "out_of_range", "error"),
        ("16.64", "total_mismatch", "warning"),  # one point short of TONG_SCORE 83.46
    ],
)
def test_bad_scores_name_the_cell(matcher, cell, code, severity):
    scores = [cell, *QUANG_NGAI[1:]]
    _sheets, problems = read(
        export({"Điểm tháng": [score_row("UBND tỉnh Quảng Ngãi", "H48", scores, 25)]}), matcher
    )
    [problem] = problems.items
    assert (problem.code, problem.severity, problem.sheet, problem.cell) == (
        code,
        severity,
        "Điểm tháng",
        "N2" if code == "total_mismatch" else "H2",
    )


def test_dot_decimals_are_read_as_the_portal_writes_them(matcher):
    scores = ["18.000", "18", "20.5", "10", "8", "8.000", "82.5"]
    sheets, problems = read(
        export({"Điểm tháng": [score_row("UBND tỉnh Bắc Ninh", "H05", scores, 1)]}), matcher
    )
    assert problems.items == []
    record = sheets[0].records[0]
    assert (record["tdgq"], record["mdsh"], record["ckmb"], record["total"]) == (18.0, 20.5, 8.0, 82.5)


def test_duplicate_units_and_bad_ranks_are_errors(matcher):
    rows = [
        score_row("UBND tỉnh Quảng Ngãi", "H48", QUANG_NGAI, 25),
        score_row("UBND tỉnh Quảng Ngãi", "H48", QUANG_NGAI, 26),
        score_row("UBND tỉnh Bắc Ninh", "H05", QUANG_NGAI, "hai"),
    ]
    sheets, problems = read(export({"Điểm tháng": rows}), matcher)
    assert [(p.code, p.cell) for p in problems.errors] == [("duplicate_key", "dòng 3"), ("bad_rank", "O4")]
    assert len(sheets[0].records) == 2


@pytest.mark.parametrize(
    ("name", "level", "code"),
    [
        ("UBND xã Phổ An - tỉnh Quảng Ngãi", "commune", "xa-pho-an"),
        ("UBND phường Phổ Hòa - tỉnh Quảng Ngãi", "commune", "phuong-pho-hoa"),
        ("UBND xã Phổ An - tỉnh An Giang", "commune", None),
        ("Thanh tra tỉnh An Giang", "agency", None),  # "Thanh tra" alone is our Thanh tra thị xã
        ("UBND tỉnh Quảng Ngãi", "province", None),  # the registry holds no province
    ],
)
def test_only_home_province_names_match_our_units(matcher, name, level, code):
    unit_id = si.our_unit(name, level, matcher, None)
    assert (matcher.by_id(unit_id).code if unit_id else None) == code


def test_units_not_in_the_registry_are_kept_under_the_portal_name(matcher):
    rows = [
        score_row("UBND xã Phổ An - tỉnh Quảng Ngãi", "H48.1", QUANG_NGAI, 7, "3"),
        score_row("UBND xã Lạ Lùng - tỉnh Quảng Ngãi", "H48.2", QUANG_NGAI, 8, "3"),
    ]
    sheets, problems = read(export({"Xã Phường": rows}), matcher)
    assert problems.items == []
    first, second = sheets[0].records
    assert matcher.by_id(first["unit_id"]).code == "xa-pho-an"
    assert (second["unit_id"], second["portal_name"], second["portal_code"]) == (
        None,
        "UBND xã Lạ Lùng - tỉnh Quảng Ngãi",
        "H48.2",
    )
