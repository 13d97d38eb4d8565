"""The upload preview: what a file would store, old vs new figures, problem rows, and who may store what."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, select

from base.periods import Period
from base.units import UnitRef
from dashboard.access.auth import Account
from dashboard.importing.importer import import_file, warning_lines
from dashboard.importing.result import ImportResult
from dashboard.importing.upload_preview import (
    DOSSIER_MEASURES,
    compare,
    problem_count,
    problem_rows,
    replacements,
    sheet_previews,
    table_measures,
    units_not_allowed,
    upload_guard,
)
from dashboard.store.models import Batch
from dashboard.store.units import UnitMatcher
from data_loaders.base import ParsedSheet
from data_loaders.problems import Problems
from data_loaders.reasons import ReasonCode
from tests.conftest import PHO_AN_TOTAL, SECTOR_ROWS, official_report
from tests.dashboard.cli.test_bad_inputs import clean_dossiers, list_xlsx
from ui.upload import export_safe, literal

ADMIN = Account("quantri", "", "admin", frozenset())
PHO_AN = Account("an", "", "uploader", frozenset({"xa-pho-an"}))
TOWN_STAFF = Account("tckh", "", "uploader", frozenset({"thi-xa-duc-pho"}))
VIEWER = Account("xem", "", "viewer", frozenset())


def registry(engine) -> list[UnitRef]:
    with Session(engine) as session:
        return UnitMatcher.load(session=session).all()


def names(engine) -> dict[int, str]:
    return {u.id: u.name for u in registry(engine)}


def dry_run(engine, content: bytes, name: str = "bao_cao.xlsx"):
    return import_file(content, name, engine=engine, user="test", dry_run=True)


def compilation() -> bytes:
    rows = [("1", "Phổ An", PHO_AN_TOTAL), ("2", "Phổ Châu", PHO_AN_TOTAL)]
    return official_report(
        rows, [2 * v for v in PHO_AN_TOTAL], title_unit="UBND THỊ XÃ ĐỨC PHỔ", label_header="Tên đơn vị"
    )


def test_a_file_with_errors_does_not_claim_to_replace_nothing(seeded, make_report):
    [preview] = sheet_previews(dry_run(seeded, make_report(period_line=None)), names(seeded))
    assert preview.row()["Thay thế"] == "—"


def test_preview_of_a_sector_report(seeded, phoan_report_bytes):
    result = dry_run(seeded, phoan_report_bytes)
    [preview] = sheet_previews(result, names(seeded))
    row = preview.row()
    assert row["Loại báo cáo"] == "Báo cáo tình hình, kết quả giải quyết TTHC (Biểu II.06a)"
    assert row["Đơn vị"] == "Phổ An"
    assert row["Kỳ báo cáo"] == "01/01/2023 – 20/07/2023"
    assert row["Số dòng"] == "3"  # two sectors and the unit's total
    assert row["Thay thế"] == "không (số liệu mới)"
    totals = dict(preview.totals)
    assert totals["Tổng số hồ sơ nhận giải quyết"] == "2.098"
    assert totals["Tỷ lệ nộp trực tuyến"] == "44,23%"
    assert totals["Tỷ lệ trễ hạn"] == "15,13%"


def test_preview_of_a_compilation_names_its_units(seeded):
    [preview] = sheet_previews(dry_run(seeded, compilation()), names(seeded))
    assert preview.unit == "Thị xã Đức Phổ: 2 đơn vị (Phổ An, Phổ Châu)"
    assert dict(preview.totals)["Tổng số hồ sơ nhận giải quyết"] == "4.196"


def test_preview_of_a_dossier_list(seeded):
    [preview] = sheet_previews(dry_run(seeded, list_xlsx(clean_dossiers(3))), names(seeded))
    assert preview.kind == "dossier_list"
    assert preview.rows == 3
    assert dict(preview.totals) == {"Số hồ sơ": "3"}


def test_the_same_report_again_replaces_with_identical_figures(seeded, phoan_report_bytes):
    assert import_file(phoan_report_bytes, "a.xlsx", engine=seeded, user="an").stored
    result = dry_run(seeded, phoan_report_bytes)
    with Session(seeded) as session:
        [rep] = replacements(result, names(seeded), session=session)
    assert rep.batches[0].startswith("lô #1 (Phổ An, 01/01/2023 – 20/07/2023, tệp a.xlsx")
    assert rep.identical
    assert {c.label for c in rep.changes} == {label for label, _ in DOSSIER_MEASURES.values()}
    assert rep.rows()[0] == {
        "Đơn vị": "Phổ An",
        "Chỉ tiêu": "Tổng số hồ sơ nhận giải quyết",
        "Đang dùng": "2.098",
        "Mới": "2.098",
        "Thay đổi": "không đổi",
    }


def test_a_corrected_report_shows_old_and_new_side_by_side(seeded, phoan_report_bytes):
    assert import_file(phoan_report_bytes, "a.xlsx", engine=seeded, user="an").stored
    corrected = [*PHO_AN_TOTAL]
    corrected[2], corrected[3] = (
        1009,
        1046,
    )  # 100 more online, 100 fewer direct: the rate moves, not the total
    rows = [
        ("1", "Hộ tịch", [1000, 20, 600, 380, 990, 900, 0, 90, 5, 5, 0, 5]),
        SECTOR_ROWS[1],
    ]
    result = dry_run(seeded, official_report(rows, corrected))
    with Session(seeded) as session:
        [rep] = replacements(result, names(seeded), session=session)
    changes = {c.label: c for c in rep.changes}
    assert not rep.identical
    assert changes["Tổng số hồ sơ nhận giải quyết"].same
    online = changes["Tỷ lệ nộp trực tuyến"]
    assert (online.old, online.new, online.change) == ("44,23%", "49,10%", "+4,87 điểm %")


def test_a_dossier_list_again_compares_dossier_counts(seeded):
    content = list_xlsx(clean_dossiers(3))
    assert import_file(content, "ds.xlsx", engine=seeded, user="an").stored
    bigger = list_xlsx(clean_dossiers(4))
    with Session(seeded) as session:
        [rep] = replacements(dry_run(seeded, bigger), names(seeded), session=session)
    [change] = rep.changes
    assert (change.unit, change.label, change.old, change.new, change.change) == (
        "Phổ An",
        "Số hồ sơ",
        "3",
        "4",
        "+1",
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({"u": {"received_total": 10}}, {"u": {"received_total": 10}}, ("10", "10", "không đổi", True)),
        ({"u": {"received_total": 10}}, {"u": {"received_total": 12}}, ("10", "12", "+2", False)),
        ({"u": {"received_total": 1200}}, {"u": {"received_total": 10}}, ("1.200", "10", "−1.190", False)),
        ({}, {"u": {"received_total": 5}}, ("—", "5", "có số liệu mới", False)),
        ({"u": {"received_total": 5}}, {}, ("5", "—", "không còn số liệu", False)),
        (
            {"u": {"online_rate": 40.0}},
            {"u": {"online_rate": 42.5}},
            ("40,00%", "42,50%", "+2,50 điểm %", False),
        ),
        ({"u": {"online_rate": None}}, {"u": {"online_rate": None}}, ("—", "—", "không đổi", True)),
    ],
)
def test_compare(old, new, expected):
    [change] = compare(old, new, DOSSIER_MEASURES)
    assert (change.old, change.new, change.change, change.same) == expected


def test_table_rows_are_summed_with_their_rates():
    rows: list[dict[str, Any]] = [
        {"unit_id": 1, "estimate_council": 100.0, "ytd_amount": 30.0, "month_amount": 5.0},
        {"unit_id": 1, "estimate_council": 50.0, "ytd_amount": None, "month_amount": 2.5},
    ]
    assert table_measures(rows) == {
        "rows": 2,
        "estimate_council": 150.0,
        "month_amount": 7.5,
        "ytd_amount": 30.0,
        "ytd_vs_estimate": 30.0 / 100.0 * 100,  # only rows with both figures count
    }


def test_a_table_kind_previews_its_sums(seeded):
    town = next(u for u in registry(seeded) if u.kind == "town")
    parsed = ParsedSheet(
        "revenue",
        "Thu NSNN",
        Period(date(2023, 1, 1), date(2023, 5, 31), "5 tháng đầu năm 2023"),
        town,
        {},
        [{"unit_id": town.id, "estimate_council": 253_390.0, "ytd_amount": 70_264.0}],
        Problems(),
        extra={"model": object},
    )
    [preview] = sheet_previews(ImportResult("thu.xlsx", Problems(), sheets=[parsed]), names(seeded))
    assert preview.unit == "Thị xã Đức Phổ"
    assert dict(preview.totals) == {
        "Dự toán HĐND giao (triệu đồng)": "253.390,0",
        "Lũy kế từ đầu năm (triệu đồng)": "70.264,0",
        "Lũy kế so dự toán HĐND": "27,73%",
    }


@pytest.mark.parametrize(
    ("account", "build", "refused"),
    [
        (ADMIN, lambda: official_report(title_unit="UBND XÃ PHỔ CHÂU"), []),
        (PHO_AN, official_report, []),
        (PHO_AN, lambda: official_report(title_unit="UBND XÃ PHỔ CHÂU"), ["Phổ Châu"]),
        (PHO_AN, compilation, ["Thị xã Đức Phổ", "Phổ Châu"]),
        (TOWN_STAFF, compilation, ["Phổ An", "Phổ Châu"]),
        (PHO_AN, lambda: list_xlsx(clean_dossiers(2)), ["Toàn thị xã"]),  # no title unit: a town-wide list
        (VIEWER, official_report, ["Phổ An"]),
    ],
    ids=["admin", "own", "other", "compilation", "town-staff", "list-without-title", "viewer"],
)
def test_units_not_allowed(seeded, account, build, refused):
    result = dry_run(seeded, build())
    assert units_not_allowed(result, account, registry(seeded)) == refused


def test_the_guard_turns_a_refusal_into_an_error_and_nothing_is_stored(seeded):
    content = official_report(title_unit="UBND XÃ PHỔ CHÂU")
    result = import_file(
        content,
        "x.xlsx",
        engine=seeded,
        user="an",
        accept_warnings=True,
        allowed=upload_guard(PHO_AN, registry(seeded)),
    )
    assert not result.stored
    [error] = result.problems.errors
    assert error.code == "unit_not_allowed" and error.sheet == "Biểu II.06a"
    assert error.message.startswith("Tài khoản “an” không được cập nhật số liệu của: Phổ Châu.")
    assert "Bạn chỉ được tải lên báo cáo của: Phổ An." in error.message
    with Session(seeded) as session:
        assert session.exec(select(Batch)).all() == []


def test_problem_rows_keep_errors_and_warnings_apart_and_count_the_capped_ones():
    problems = Problems(cap_per_code=1)
    problems.error(
        ReasonCode.NEGATIVE,
        "Số âm (-5) không hợp lệ; số hồ sơ phải từ 0 trở lên.",
        sheet="S",
        cell="E12",
        value=-5,
    )
    problems.error(ReasonCode.NEGATIVE, "Số âm thứ hai", sheet="S", cell="E13", value=-6)
    problems.warning(ReasonCode.IDENTITY_MISMATCH, "Không khớp", sheet="S", cell="C12, D12")
    problems.error(ReasonCode.NOT_EXCEL, "Tệp không phải là tệp Excel")
    errors = problem_rows(problems, "error")
    assert errors[0] == {
        "Trang tính": "S",
        "Ô": "E12",
        "Loại vấn đề": "Số âm không hợp lệ",
        "Giá trị tìm thấy": "-5",
        "Cần sửa thế nào": "Số âm (-5) không hợp lệ; số hồ sơ phải từ 0 trở lên.",
    }
    assert errors[1]["Trang tính"] == "(cả tệp)" and errors[1]["Ô"] == "—"
    assert errors[2]["Cần sửa thế nào"].startswith("… và 1 lỗi khác cùng loại")
    assert [r["Loại vấn đề"] for r in problem_rows(problems, "warning")] == ["Số liệu không khớp nhau"]
    assert errors[2]["Loại vấn đề"] == "Số âm không hợp lệ"  # the capped line names its kind, not its code
    assert (problem_count(problems, "error"), problem_count(problems, "warning")) == (3, 1)


def test_warning_lines_ignore_order():
    a, b = Problems(), Problems()
    a.warning(ReasonCode.TOTAL_MISMATCH, "một", sheet="S")
    a.warning(ReasonCode.PLAN_MISMATCH, "hai", sheet="S")
    b.warning(ReasonCode.PLAN_MISMATCH, "hai", sheet="S")
    b.warning(ReasonCode.TOTAL_MISMATCH, "một", sheet="S")
    assert warning_lines(a) == warning_lines(b)
    b.warning(ReasonCode.OVER_PLAN, "ba")
    assert warning_lines(a) != warning_lines(b)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<img src=x onerror=alert(1)>", "\\<img src\\=x onerror\\=alert\\(1\\)\\>"),
        ("**đậm** _nghiêng_", "\\*\\*đậm\\*\\* \\_nghiêng\\_"),
        ("[bấm](javascript:alert(1))", "\\[bấm\\]\\(javascript\\:alert\\(1\\)\\)"),
        ("$x$ :red[đỏ] # tiêu đề", "\\$x\\$ \\:red\\[đỏ\\] \\# tiêu đề"),
        ("dòng 1\ndòng 2", "dòng 1 dòng 2"),
        ("Phổ An", "Phổ An"),
        ("&lt;b&gt;", "\\&lt;b\\&gt;"),
    ],
)
def test_literal_escapes_every_markup_character(raw, escaped):
    assert literal(raw) == escaped


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ('=HYPERLINK("http://x","bấm")', '\'=HYPERLINK("http://x","bấm")'),
        ("+84 912", "'+84 912"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Phổ An", "Phổ An"),
        ("—", "—"),
        ("a=1", "a=1"),
    ],
)
def test_export_safe_neutralises_formulas(raw, safe):
    assert export_safe(raw) == safe
