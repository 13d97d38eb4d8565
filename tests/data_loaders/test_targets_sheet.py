"""The targets sheet loader: indicators, years, units, sources, milestones, and every bad input."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import Session, col, select

import data_loaders.registry as registry
from dashboard.importing.importer import import_file
from dashboard.samples.investment import target_rows
from dashboard.settings import get_settings
from dashboard.store.models import Batch, Target
from dashboard.store.units import UnitMatcher
from dashboard.workbooks.investment import write_targets, write_targets_template
from data_loaders import disbursement_report, targets_sheet
from data_loaders.base import ParsedSheet
from data_loaders.problems import Problems
from data_loaders.workbook import Sheet, open_workbook

HEADER = ("STT", "Chỉ tiêu", "Năm", "Đơn vị", "Nguồn vốn", "Mốc thời gian", "Giá trị (%)", "Dung sai")
ROWS: list[tuple[object, ...]] = [
    (1, "Tỷ lệ giải ngân", 2023, "", "", "30/06/2023", 60, None),
    (
        2,
        "Tỷ lệ giải ngân",
        2023,
        "Tất cả",
        "Chương trình MTQG giảm nghèo bền vững",
        datetime(2023, 6, 30),
        "40%",
        3,
    ),
    (3, "online_rate", 2023, "UBND xã Phổ An", "", None, 100, None),
    (4, "Thu ngân sách so dự toán", "2023", "Toàn thị xã", "", None, 105, None),
]


def workbook(rows: Sequence[Sequence[object]] = ROWS, header: Sequence[str] = HEADER) -> bytes:
    """A targets sheet: a title, the header in row 4, rows below."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Chỉ tiêu"
    ws["A1"] = "UBND THỊ XÃ ĐỨC PHỔ"
    ws["A2"] = "CHỈ TIÊU NĂM 2023"
    for c, text in enumerate(header, 1):
        ws.cell(4, c, text)
    for r, values in enumerate(rows, 5):
        for c, value in enumerate(values, 1):
            if value not in (None, ""):
                ws.cell(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def first_sheet(content: bytes) -> Sheet:
    return open_workbook(content, "chi_tieu.xlsx", get_settings()).sheets[0]


def parse(content: bytes, matcher: UnitMatcher) -> ParsedSheet:
    sheet = first_sheet(content)
    header = targets_sheet.looks_like(sheet)
    assert header is not None, "not recognised as a targets sheet"
    return targets_sheet.read_sheet(sheet, header, matcher, Problems())


def test_targets_are_read_with_their_keys(matcher: UnitMatcher) -> None:
    parsed = parse(workbook(), matcher)
    assert [p.line("x") for p in parsed.problems.items] == []
    assert parsed.kind == "targets" and parsed.unit is None
    assert parsed.period is not None
    assert (parsed.period.start, parsed.period.end, parsed.period.label) == (
        date(2023, 1, 1),
        date(2023, 12, 31),
        "Năm 2023",
    )
    pho_an = matcher.match("Phổ An")
    assert pho_an is not None
    got = [
        (
            r["indicator"],
            r["year"],
            r["unit_id"],
            r["source_group"],
            r["due"],
            r["value"],
            r["tolerance"],
            r["row"],
        )
        for r in parsed.records
    ]
    assert got == [
        ("disbursement_pct", 2023, None, "", date(2023, 6, 30), 60.0, 5.0, 5),
        ("disbursement_pct", 2023, None, "ctmtqg_gn", date(2023, 6, 30), 40.0, 3.0, 6),
        ("online_rate", 2023, pho_an.id, "", None, 100.0, 5.0, 7),
        ("revenue_pct_of_estimate", 2023, None, "", None, 105.0, 5.0, 8),
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Tỷ lệ giải ngân", "disbursement_pct"),
        ("TỶ LỆ GIẢI NGÂN", "disbursement_pct"),
        ("Tỷ lệ nộp hồ sơ trực tuyến", "online_rate"),
        ("Tỷ lệ thanh toán trực tuyến", "online_payment_rate"),
        ("Tỷ lệ giải quyết đúng hạn", "on_time_rate"),
        ("Thu ngân sách so dự toán", "revenue_pct_of_estimate"),
        ("Tỷ lệ hoàn thành nhiệm vụ", "task_completion_rate"),
        ("task_completion_rate", "task_completion_rate"),
        ("Tỷ lệ hài lòng", None),
    ],
)
def test_indicator_names(text: str, key: str | None) -> None:
    assert targets_sheet.indicator_key(text) == key


def test_period_spans_the_years_and_one_units_file_keeps_its_unit(matcher: UnitMatcher) -> None:
    rows = [
        (1, "Tỷ lệ giải quyết đúng hạn", 2022, "Phổ An", "", None, 95, None),
        (2, "Tỷ lệ giải quyết đúng hạn", 2023, "xã Phổ An", "", None, 97, None),
    ]
    parsed = parse(workbook(rows), matcher)
    assert parsed.period is not None and parsed.period.label == "Năm 2022–2023"
    assert parsed.unit is not None and parsed.unit.code == "xa-pho-an"


def test_the_town_itself_means_every_unit(matcher: UnitMatcher) -> None:
    parsed = parse(
        workbook([(1, "Tỷ lệ giải ngân", 2023, "UBND thị xã Đức Phổ", "", None, 100, None)]), matcher
    )
    assert [r["unit_id"] for r in parsed.records] == [None]


@pytest.mark.parametrize(
    ("row", "code", "cell", "words"),
    [
        ((1, "Tỷ lệ hài lòng", 2023, "", "", None, 90, None), "unknown_indicator", "B5", "Tỷ lệ giải ngân"),
        ((1, "Tỷ lệ giải ngân", 2023, "Phổ Khang", "", None, 60, None), "unknown_unit", "D5", "Phổ Khánh"),
        ((1, "Tỷ lệ giải ngân", 2023, "", "", "31/02/2023", 60, None), "bad_date", "F5", "dd/mm/yyyy"),
        (
            (1, "Tỷ lệ giải ngân", 2023, "", "", "30/06/2024", 60, None),
            "bad_date",
            "F5",
            "không thuộc năm 2023",
        ),
        ((1, "Tỷ lệ giải ngân", 2023, "", "", None, 160, None), "out_of_range", "G5", "vượt 100%"),
        ((1, "Tỷ lệ giải ngân", 2023, "", "", None, -5, None), "negative", "G5", "số âm"),
        (
            (1, "Tỷ lệ giải ngân", 2023, "", "", None, "sáu mươi", None),
            "not_a_number",
            "G5",
            "không phải là số",
        ),
        ((1, "Tỷ lệ giải ngân", 2023, "", "", None, None, None), "missing_value", "G5", "giá trị"),
        ((1, "Tỷ lệ giải ngân", "năm nay", "", "", None, 60, None), "not_a_number", "C5", "không phải là số"),
        ((1, "Tỷ lệ giải ngân", 23, "", "", None, 60, None), "bad_year", "C5", "4 chữ số"),
        (
            (1, "Tỷ lệ giải ngân", 2023, "", "Vốn vay ODA", None, 60, None),
            "unknown_source",
            "E5",
            "Ngân sách thị xã",
        ),
        (
            (1, "Tỷ lệ giải quyết đúng hạn", 2023, "", "Ngân sách thị xã", None, 95, None),
            "source_not_allowed",
            "E5",
            "để trống",
        ),
        ((1, "Tỷ lệ giải ngân", 2023, "", "", None, 60, -1), "negative", "H5", "Dung sai"),
    ],
)
def test_bad_rows_are_errors_naming_the_cell(
    matcher: UnitMatcher, row: tuple[object, ...], code: str, cell: str, words: str
) -> None:
    parsed = parse(workbook([row]), matcher)
    errors = parsed.problems.errors
    assert [(e.code, e.cell, e.sheet) for e in errors] == [(code, cell, "Chỉ tiêu")]
    assert words in errors[0].message
    assert parsed.records == []


def test_duplicate_targets_are_an_error_naming_both_rows(matcher: UnitMatcher) -> None:
    rows = [
        (1, "Tỷ lệ giải ngân", 2023, "", "", "30/06/2023", 60, None),
        (2, "Tỷ lệ giải ngân", 2023, "Tất cả", "", datetime(2023, 6, 30), 55, None),
    ]
    (error,) = parse(workbook(rows), matcher).problems.errors
    assert (error.code, error.cell) == ("duplicate_key", "dòng 6")
    assert "dòng 5" in error.message


def test_a_percent_formatted_cell_is_a_warning(matcher: UnitMatcher) -> None:
    parsed = parse(workbook([(1, "Tỷ lệ giải ngân", 2023, "", "", None, 0.6, None)]), matcher)
    assert [(p.severity, p.code, p.cell) for p in parsed.problems.items] == [("warning", "tiny_value", "G5")]


def test_missing_columns_and_empty_sheets_are_errors(matcher: UnitMatcher) -> None:
    sheet = first_sheet(workbook(header=("STT", "Chỉ tiêu", "Năm", "Mức phấn đấu")))
    parsed = targets_sheet.read_sheet(sheet, 3, matcher, Problems())
    assert [(p.code, p.cell) for p in parsed.problems.errors] == [("missing_column", "dòng 4")]
    assert [p.code for p in parse(workbook([]), matcher).problems.errors] == ["no_rows"]


def test_sample_targets_and_template_are_recognised(matcher: UnitMatcher, tmp_path: Path) -> None:
    path = tmp_path / "chi_tieu.xlsx"
    write_targets(path, rows=target_rows(), years="năm 2022–2023")
    parsed = parse(path.read_bytes(), matcher)
    assert parsed.problems.items == []
    assert len(parsed.records) == 19
    assert parsed.period is not None and (parsed.period.start, parsed.period.end) == (
        date(2022, 1, 1),
        date(2023, 12, 31),
    )
    template = tmp_path / "mau.xlsx"
    write_targets_template(template, ["Phổ An"])
    sheets = open_workbook(template.read_bytes(), template.name, get_settings()).sheets
    assert [s.name for s in sheets] == ["Chỉ tiêu", "Hướng dẫn", "DanhMuc"]
    assert targets_sheet.looks_like(sheets[0]) == 5
    assert disbursement_report.looks_like(sheets[0]) is None
    assert [targets_sheet.looks_like(s) for s in sheets[1:]] == [None, None]


@pytest.fixture
def with_loaders(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with this area's loaders first (the lead wires them in for good)."""
    mine = (
        registry.Loader(
            disbursement_report.KIND,
            disbursement_report.TITLE,
            disbursement_report.looks_like,
            disbursement_report.read_sheet,
        ),
        registry.Loader(
            targets_sheet.KIND, targets_sheet.TITLE, targets_sheet.looks_like, targets_sheet.read_sheet
        ),
    )
    monkeypatch.setattr(registry, "LOADERS", (*mine, *registry.LOADERS))


def test_reimporting_the_same_years_replaces_and_errors_store_nothing(seeded, with_loaders) -> None:
    assert import_file(workbook(), "a.xlsx", engine=seeded, user="t").stored
    fewer = import_file(workbook(ROWS[:2]), "b.xlsx", engine=seeded, user="t")
    assert [p.code for p in fewer.problems.items] == [
        "replaces_with_less"
    ]  # half the rows: stored once accepted
    assert import_file(workbook(ROWS[:2]), "b.xlsx", engine=seeded, user="t", accept_warnings=True).stored
    bad = import_file(
        workbook([*ROWS, (5, "Tỷ lệ hài lòng", 2023, "", "", None, 90, None)]),
        "c.xlsx",
        engine=seeded,
        user="t",
    )
    assert not bad.stored and [p.code for p in bad.problems.errors] == ["unknown_indicator"]
    with Session(seeded) as s:
        batches = s.exec(select(Batch).where(col(Batch.kind) == "targets").order_by(col(Batch.id))).all()
        assert [b.status for b in batches] == ["superseded", "active"]
        active = s.exec(select(Target).where(col(Target.batch_id) == batches[1].id)).all()
        assert sorted(t.row for t in active) == [5, 6]


def test_a_first_target_written_all_as_text_without_stt_is_a_target(matcher: UnitMatcher) -> None:
    """'online_rate | 2023 | 50% | Phổ Cường' right under the header holds no number cell: still a target."""
    rows = [("online_rate", "2023", "Phổ Cường", "50%"), ("Tỷ lệ giải ngân", 2023, "", 60)]
    parsed = parse(workbook(rows, ("Chỉ tiêu", "Năm", "Đơn vị", "Giá trị (%)")), matcher)
    assert [p.line("x") for p in parsed.problems.items] == []
    assert [(r["indicator"], r["value"]) for r in parsed.records] == [
        ("online_rate", 50),
        ("disbursement_pct", 60),
    ]
