"""The disbursement report loader: layouts, money units, sources, places, checks and bad inputs."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal

import openpyxl
import pytest
from sqlmodel import Session, col, select

import data_loaders.registry as registry
from dashboard.importing.importer import import_file
from dashboard.settings import get_settings
from dashboard.store.models import Batch, DisbursementProject
from dashboard.store.units import UnitMatcher
from dashboard.workbooks.investment import (
    Group,
    MoneyUnit,
    Project,
    write_disbursement_report,
    write_disbursement_template,
)
from data_loaders import disbursement_report as dr
from data_loaders import dossier_report, targets_sheet
from data_loaders.base import ParsedSheet
from data_loaders.problems import Problems
from data_loaders.workbook import Sheet, open_workbook

TITLE = "BÁO CÁO TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2023"
AS_OF = "(Tính đến ngày 31/5/2023)"
Header = tuple[Sequence[object], ...]
SPLIT_HEADER: Header = (
    (
        "STT",
        "Danh mục dự án",
        "Chủ đầu tư",
        "Địa điểm xây dựng",
        "Kế hoạch vốn năm 2023",
        None,
        None,
        "Giải ngân đến ngày 31/5/2023",
        "Tỷ lệ giải ngân (%)",
        "Ghi chú",
    ),
    (
        None,
        None,
        None,
        None,
        "Tổng số",
        "Kế hoạch vốn giao năm 2023",
        "Kế hoạch năm 2022 kéo dài",
        None,
        None,
        None,
    ),
)
# (STT, project, investor, place, total plan, plan, extended, disbursed, rate)
SPLIT_ROWS: list[tuple[object, ...]] = [
    ("", "TỔNG CỘNG", "", "", 1200, 1100, 100, 300, 25),
    ("I", "Ngân sách tỉnh hỗ trợ", "", "", 700, 600, 100, 200, 28.57),
    ("1", "Đường A", "Ban QLDA ĐTXD và PTQĐ", "Phổ An", 400, 300, 100, 150, 37.5),
    ("2", "Trường B", "Sở Giáo dục và Đào tạo", "P. Phổ Hòa", 300, 300, None, 50, 16.67),
    ("II", "Ngân sách thị xã", "", "", 500, 500, None, 100, 20),
    ("1", "Chợ C", "UBND xã Phổ Khánh", "Thôn Tân Hy, xã Phổ Khánh", 500, 500, None, 100, 20),
]


def workbook(
    rows: Sequence[Sequence[object]] = SPLIT_ROWS,
    header: Header = SPLIT_HEADER,
    *,
    title_lines: Sequence[str | None] = ("UBND THỊ XÃ ĐỨC PHỔ", None, None, TITLE, AS_OF, "ĐVT: triệu đồng"),
    merges: Sequence[str] = ("A8:A9", "B8:B9", "C8:C9", "D8:D9", "E8:G8", "H8:H9", "I8:I9", "J8:J9"),
) -> bytes:
    """A disbursement report: title lines from A1, the header from row 8, the rows below it."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Giải ngân"
    for r, line in enumerate(title_lines, 1):
        if line:
            ws.cell(r, 8 if line.startswith(("ĐVT", "Đơn vị tính")) else 1, line)
    for r, cells in enumerate(header, 8):
        for c, text in enumerate(cells, 1):
            if text is not None:
                ws.cell(r, c, text)
    for ref in merges:
        ws.merge_cells(ref)
    first = 8 + len(header)
    for r, values in enumerate(rows, first):
        for c, value in enumerate(values, 1):
            if value not in (None, ""):
                ws.cell(r, c, value)
    ws.cell(first + len(rows) + 1, 8, "Đức Phổ, ngày 05 tháng 6 năm 2023")
    ws.cell(first + len(rows) + 2, 2, "NGƯỜI LẬP BIỂU")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def first_sheet(content: bytes) -> Sheet:
    return open_workbook(content, "giai_ngan.xlsx", get_settings()).sheets[0]


def parse(content: bytes, matcher: UnitMatcher) -> ParsedSheet:
    """Detect and read the first sheet as the importer would."""
    sheet = first_sheet(content)
    header = dr.looks_like(sheet)
    assert header is not None, "not recognised as a disbursement report"
    return dr.read_sheet(sheet, header, matcher, Problems())


def uid(matcher: UnitMatcher, name: str) -> int:
    unit = matcher.match(name)
    assert unit is not None
    return unit.id


def period(parsed: ParsedSheet) -> tuple[date, date]:
    assert parsed.period is not None
    return parsed.period.start, parsed.period.end


def codes(parsed: ParsedSheet) -> list[tuple[str, str, str]]:
    return [(p.severity, p.code, p.cell) for p in parsed.problems.items]


def test_split_plan_report_reads_projects_sources_and_places(matcher: UnitMatcher) -> None:
    parsed = parse(workbook(), matcher)
    assert codes(parsed) == []
    assert parsed.kind == "disbursement"
    assert period(parsed) == (date(2023, 1, 1), date(2023, 5, 31))
    assert parsed.unit is not None and parsed.unit.code == "thi-xa-duc-pho"
    assert parsed.columns == {
        "investor": "C",
        "commune": "D",
        "plan_total": "E",
        "plan": "F",
        "plan_extended": "G",
        "disbursed": "H",
        "pct": "I",
    }
    rows = {r["project"]: r for r in parsed.records}
    assert list(rows) == ["Đường A", "Trường B", "Chợ C"]
    road, school, market = rows.values()
    assert (road["plan"], road["plan_extended"], road["disbursed"]) == (300, 100, 150)
    assert (road["source"], road["source_group"], road["year"], road["as_of"]) == (
        "Ngân sách tỉnh hỗ trợ",
        "tinh",
        2023,
        date(2023, 5, 31),
    )
    assert road["investor_unit_id"] == uid(matcher, "Ban QLDA")
    assert road["commune_unit_id"] == uid(matcher, "Phổ An")
    # A province agency is a legitimate investor outside the registry: kept as written, no problem.
    assert (school["investor"], school["investor_unit_id"]) == ("Sở Giáo dục và Đào tạo", None)
    assert school["commune_unit_id"] == uid(matcher, "Phổ Hòa")
    assert (market["source_group"], market["commune_unit_id"]) == ("thixa", uid(matcher, "Phổ Khánh"))
    assert market["row"] == 15
    assert any("Sở Giáo dục" in n for n in parsed.notes)


def test_one_header_row_total_last_and_as_of_by_month(matcher: UnitMatcher) -> None:
    header = (
        [
            "TT",
            "Tên dự án",
            "Chủ đầu tư",
            "Nguồn vốn",
            "Kế hoạch vốn năm 2023",
            "Lũy kế giải ngân",
            "Tỷ lệ %",
        ],
    )
    rows = [
        ("1", "Đường D", "Phòng Kinh tế", "Vốn ngân sách trung ương", 1000, 250, 25),
        ("2", "Kênh E", "UBND xã Phổ Nhơn", "Chương trình MTQG xây dựng nông thôn mới", 400, None, 0),
        ("", "Tổng cộng", "", "", 1400, 250, 17.86),
    ]
    content = workbook(
        rows,
        header,
        title_lines=("UBND THỊ XÃ ĐỨC PHỔ", TITLE, "Số liệu đến hết tháng 5/2023", "Đơn vị tính: triệu đồng"),
        merges=(),
    )
    parsed = parse(content, matcher)
    assert codes(parsed) == []
    assert period(parsed)[1] == date(2023, 5, 31)
    assert [(r["source_group"], r["plan"], r["plan_extended"], r["disbursed"]) for r in parsed.records] == [
        ("ntw", 1000, None, 250),
        ("ctmtqg_ntm", 400, None, None),  # an empty disbursement cell stays unknown in storage
    ]


def test_the_adjusted_plan_is_the_plan(matcher: UnitMatcher) -> None:
    header: Header = (
        ["STT", "Danh mục dự án", "Kế hoạch vốn năm 2023", None, None, "Lũy kế giải ngân đến 31/5/2023"],
        [None, None, "Giao đầu năm", "Điều chỉnh, bổ sung", "Sau điều chỉnh", None],
    )
    rows = [("I", "Ngân sách thị xã", 100, 20, 120, 30), ("1", "Dự án H", 100, 20, 120, 30)]
    parsed = parse(workbook(rows, header, merges=("A8:A9", "B8:B9", "C8:E8", "F8:F9")), matcher)
    assert codes(parsed) == []
    assert parsed.columns == {"plan": "E", "disbursed": "F"}
    assert [(r["plan"], r["disbursed"]) for r in parsed.records] == [(120, 30)]


@pytest.mark.parametrize(
    ("unit_line", "factor", "note"),
    [
        ("ĐVT: triệu đồng", 1.0, False),
        ("ĐVT: Tr.đồng", 1.0, False),
        ("ĐVT: đồng", 1e-6, True),
        ("Đơn vị tính: 1.000 đồng", 1e-3, True),
        ("ĐVT: tỷ đồng", 1e3, True),
    ],
)
def test_money_is_converted_to_trieu(matcher: UnitMatcher, unit_line: str, factor: float, note: bool) -> None:
    scale = 1 / factor
    rows = [
        tuple(v * scale if isinstance(v, int | float) and i in (4, 5, 6, 7) else v for i, v in enumerate(row))
        for row in SPLIT_ROWS
    ]
    parsed = parse(workbook(rows, title_lines=("UBND THỊ XÃ ĐỨC PHỔ", TITLE, AS_OF, unit_line)), matcher)
    assert codes(parsed) == []
    assert [round(r["plan"], 6) for r in parsed.records] == [300, 300, 500]
    assert [round(r["disbursed"], 6) for r in parsed.records] == [150, 50, 100]
    assert any("quy đổi" in n for n in parsed.notes) is note


def test_missing_money_unit_is_a_warning(matcher: UnitMatcher) -> None:
    parsed = parse(workbook(title_lines=("UBND THỊ XÃ ĐỨC PHỔ", TITLE, AS_OF)), matcher)
    assert codes(parsed) == [("warning", "no_money_unit", "")]
    assert parsed.records


def test_source_is_the_innermost_group_naming_one(matcher: UnitMatcher) -> None:
    rows = [
        ("A", "VỐN NGÂN SÁCH ĐỊA PHƯƠNG", "", "", 900, 900, None, 90, 10),
        ("I", "Ngân sách tỉnh phân cấp cho ngân sách cấp huyện", "", "", 400, 400, None, 40, 10),
        ("1", "Dự án F", "Phòng Quản lý đô thị", "Phổ Minh", 400, 400, None, 40, 10),
        ("II", "Nguồn thu tiền sử dụng đất", "", "", 500, 500, None, 50, 10),
        ("1", "Các dự án khác", "", "", 500, 500, None, 50, 10),
        ("1.1", "Dự án G", "Phòng QLĐT", "Phổ Vinh", 500, 500, None, 50, 10),
        ("B", "Chương trình mục tiêu quốc gia", "", "", 300, 300, None, 3, 1),
        ("-", "Hỗ trợ sản xuất (giảm nghèo bền vững)", "Phòng LĐ-TB&XH", "Toàn thị xã", 300, 300, None, 3, 1),
    ]
    parsed = parse(workbook(rows), matcher)
    assert codes(parsed) == []
    assert [(r["source"], r["source_group"]) for r in parsed.records] == [
        ("Ngân sách tỉnh phân cấp cho ngân sách cấp huyện", "tinh"),
        ("Nguồn thu tiền sử dụng đất", "thixa"),
        ("Chương trình mục tiêu quốc gia", "khac"),  # a programme not named: the top group, family "khác"
    ]
    assert parsed.records[2]["commune_unit_id"] is None


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Vốn ngân sách trung ương", "ntw"),
        ("Ngân sách tỉnh hỗ trợ có mục tiêu", "tinh"),
        ("Ngân sách thị xã", "thixa"),
        ("Vốn ngân sách huyện", "thixa"),
        ("Ngân sách tỉnh hỗ trợ thực hiện CTMTQG nông thôn mới", "ctmtqg_ntm"),
        ("Chương trình MTQG giảm nghèo bền vững", "ctmtqg_gn"),
        ("CTMTQG phát triển KT-XH vùng đồng bào dân tộc thiểu số và miền núi", "ctmtqg_dtts"),
        ("Nguồn vốn khác", "khac"),
        ("ctmtqg_gn", "ctmtqg_gn"),
        ("Vốn ngân sách địa phương", None),
    ],
)
def test_source_families(text: str, family: str | None) -> None:
    assert dr.source_group_of(text) == family


def test_group_total_rate_and_plan_checks_warn_with_row_column_and_numbers(matcher: UnitMatcher) -> None:
    rows = [list(r) for r in SPLIT_ROWS]
    rows[1][7] = 210  # group I says 210 disbursed, its projects 150 + 50
    rows[2][8] = 40  # 150 ÷ 400 is 37,5%, not 40%
    rows[3][4] = 310  # total plan 310 ≠ 300 + 0
    rows[5][7] = 600  # 600 disbursed on a 500 plan
    parsed = parse(workbook(rows), matcher)
    found = {(p.code, p.cell): p for p in parsed.problems.items}
    assert all(p.severity == "warning" for p in parsed.problems.items)
    group = found[("total_mismatch", "H11")]
    assert "Dòng nhóm I (Ngân sách tỉnh hỗ trợ) ở dòng 11" in group.message
    assert "210 khác tổng các dòng thành phần 200" in group.message and "Lũy kế giải ngân" in group.message
    assert "37,50%" in found[("pct_mismatch", "I12")].message
    assert found[("plan_mismatch", "E13")].value == "310 ≠ 300"
    assert found[("over_plan", "H15")].value == "600 > 500"
    assert ("total_mismatch", "H10") in found  # the grand total no longer adds up either


def test_rate_given_as_a_fraction_is_accepted(matcher: UnitMatcher) -> None:
    rows = [list(r) for r in SPLIT_ROWS]
    for r in rows:
        r[8] = round(float(str(r[8])) / 100, 4)
    assert codes(parse(workbook(rows), matcher)) == []


@pytest.mark.parametrize(
    ("change", "code", "cell"),
    [
        ((2, 7, "một trăm"), "not_a_number", "H12"),
        ((2, 5, -300), "negative", "F12"),
        ((3, 3, "Phổ Khang"), "unknown_unit", "D13"),
        ((3, 3, "Phòng Tư pháp"), "not_a_place", "D13"),
        ((2, 1, ""), "missing_label", "B12"),
    ],
)
def test_bad_cells_are_errors_naming_the_cell(
    matcher: UnitMatcher, change: tuple[int, int, object], code: str, cell: str
) -> None:
    rows = [list(r) for r in SPLIT_ROWS]
    row, column, value = change
    rows[row][column] = value
    parsed = parse(workbook(rows), matcher)
    errors = [(p.code, p.cell) for p in parsed.problems.errors]
    assert (code, cell) in errors
    assert all(p.sheet == "Giải ngân" for p in parsed.problems.errors)


def test_unknown_place_suggests_the_closest_communes(matcher: UnitMatcher) -> None:
    rows = [list(r) for r in SPLIT_ROWS]
    rows[5][3] = "Phổ Khang"
    (error,) = parse(workbook(rows), matcher).problems.errors
    assert 'Không tìm thấy đơn vị "Phổ Khang"' in error.message and "Phổ Khánh" in error.message


@pytest.mark.parametrize(
    ("title_lines", "code"),
    [
        (("UBND THỊ XÃ ĐỨC PHỔ", TITLE, "ĐVT: triệu đồng"), "no_as_of"),
        (("UBND THỊ XÃ ĐỨC PHỔ", TITLE, "(Tính đến ngày 31/02/2023)", "ĐVT: triệu đồng"), "bad_date"),
        (("UBND THỊ XÃ ĐỨC PHỔ", TITLE, "(Tính đến ngày 31/5/2024)", "ĐVT: triệu đồng"), "bad_period"),
    ],
)
def test_a_report_without_a_sound_date_is_refused(
    matcher: UnitMatcher, title_lines: tuple[str, ...], code: str
) -> None:
    header = (
        ["STT", "Danh mục dự án", "Chủ đầu tư", "Địa điểm", "Kế hoạch vốn năm 2023", "Lũy kế giải ngân"],
    )
    parsed = parse(
        workbook(
            [("1", "Dự án", "Phòng Kinh tế", "Phổ An", 10, 5)], header, title_lines=title_lines, merges=()
        ),
        matcher,
    )
    assert [p.code for p in parsed.problems.errors] == [code]
    assert parsed.records == []


def test_missing_disbursement_column_is_an_error(matcher: UnitMatcher) -> None:
    header = (
        ["STT", "Danh mục dự án", "Chủ đầu tư", "Kế hoạch vốn năm 2023 (giải ngân theo quý)", "Ghi chú"],
    )
    sheet = first_sheet(workbook([("1", "Dự án", "Phòng Kinh tế", 10, "")], header, merges=()))
    parsed = dr.read_sheet(sheet, 7, matcher, Problems())
    assert [p.code for p in parsed.problems.errors] == ["missing_column"]


def test_report_without_a_title_unit_is_the_towns(matcher: UnitMatcher) -> None:
    parsed = parse(workbook(title_lines=(TITLE, AS_OF, "ĐVT: triệu đồng")), matcher)
    assert parsed.unit is not None and parsed.unit.kind == "town"
    assert any("coi là báo cáo của Thị xã Đức Phổ" in n for n in parsed.notes)


def test_detection_does_not_clash_with_other_kinds(tmp_path: Path) -> None:
    report = first_sheet(workbook())
    assert dossier_report.looks_like(report) is None and targets_sheet.looks_like(report) is None
    template = tmp_path / "mau.xlsx"
    write_disbursement_template(template, ["Phổ An", "Phòng Kinh tế"])
    sheets = open_workbook(template.read_bytes(), template.name, get_settings()).sheets
    assert [s.name for s in sheets] == ["Giải ngân", "Hướng dẫn", "DanhMuc"]
    assert dr.looks_like(sheets[0]) == 7
    assert [dr.looks_like(s) for s in sheets[1:]] == [None, None]


@pytest.mark.parametrize(
    ("unit", "split", "total"),
    [("triệu đồng", True, "first"), ("đồng", False, "last"), ("tỷ đồng", True, "last")],
)
def test_writer_layouts_read_back_exactly(
    matcher: UnitMatcher, tmp_path: Path, unit: MoneyUnit, split: bool, total: Literal["first", "last"]
) -> None:
    groups: list[Group | Project] = [
        Group(
            "A", "Vốn ngân sách trung ương", [Project("Kè biển", "Ban QLDA", "Phổ Thạnh", 4500, 4811.1, 1500)]
        ),
        Group("B", "Ngân sách thị xã", [Project("Đường H", "UBND xã Phổ An", "Phổ An", 1000, 0)]),
    ]
    path = tmp_path / "bao_cao.xlsx"
    write_disbursement_report(
        path,
        groups=groups,
        year=2023,
        as_of=date(2023, 5, 31),
        money_unit=unit,
        split_plan=split,
        total=total,
    )
    parsed = parse(path.read_bytes(), matcher)
    assert codes(parsed) == []
    got = [
        (r["source_group"], round(r["plan"] + (r["plan_extended"] or 0), 6), round(r["disbursed"], 6))
        for r in parsed.records
    ]
    assert got == [("ntw", 6000, 4811.1), ("thixa", 1000, 0)]


# --- through the importer: stored, replaced, or nothing stored ---------------------------------------------


@pytest.fixture
def with_loaders(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with this area's loaders first (the lead wires them in for good)."""
    mine = (
        registry.Loader(dr.KIND, dr.TITLE, dr.looks_like, dr.read_sheet),
        registry.Loader(
            targets_sheet.KIND, targets_sheet.TITLE, targets_sheet.looks_like, targets_sheet.read_sheet
        ),
    )
    monkeypatch.setattr(registry, "LOADERS", (*mine, *registry.LOADERS))


def test_same_snapshot_replaces_other_dates_stay(seeded, with_loaders) -> None:
    may = workbook()
    june = workbook(
        title_lines=("UBND THỊ XÃ ĐỨC PHỔ", TITLE, "(Tính đến ngày 30/6/2023)", "ĐVT: triệu đồng")
    )
    for content, name in ((may, "t5.xlsx"), (june, "t6.xlsx"), (may, "t5_lai.xlsx")):
        result = import_file(content, name, engine=seeded, user="test")
        assert result.stored, [p.line(name) for p in result.problems.items]
    with Session(seeded) as s:
        batches = s.exec(select(Batch).where(col(Batch.kind) == "disbursement").order_by(col(Batch.id))).all()
        assert [(b.period_end, b.status) for b in batches] == [
            (date(2023, 5, 31), "superseded"),
            (date(2023, 6, 30), "active"),
            (date(2023, 5, 31), "active"),
        ]
        assert batches[0].period_label == "Giải ngân vốn năm 2023 đến 31/05/2023"
        assert len(s.exec(select(DisbursementProject)).all()) == 9


def test_errors_store_nothing(seeded, with_loaders) -> None:
    rows = [list(r) for r in SPLIT_ROWS]
    rows[2][7] = -5
    result = import_file(workbook(rows), "sai.xlsx", engine=seeded, user="test")
    assert not result.stored
    assert [p.line("sai.xlsx").split(" [")[0] for p in result.problems.errors] == [
        "ERROR sai.xlsx › Giải ngân › H12"
    ]
    with Session(seeded) as s:
        assert s.exec(select(DisbursementProject)).all() == []


def _without_stt(rows: Sequence[Sequence[object]]) -> list[tuple[object, ...]]:
    """The rows with their STT cell left empty (the STT header stays: a column nobody filled)."""
    return [("", *row[1:]) for row in rows]


def test_source_groups_without_stt_are_told_by_their_sums(matcher: UnitMatcher) -> None:
    """Without STT numbers the source rows add up the projects below them: groups, never projects."""
    parsed = parse(workbook(_without_stt(SPLIT_ROWS)), matcher)
    assert codes(parsed) == []
    rows = {r["project"]: r for r in parsed.records}
    assert list(rows) == ["Đường A", "Trường B", "Chợ C"]
    assert [r["source_group"] for r in rows.values()] == ["tinh", "tinh", "thixa"]


def test_a_source_with_one_project_without_stt_is_its_group(matcher: UnitMatcher) -> None:
    """'Ngân sách thị xã' over its only project has the same figures: a source heading without investor."""
    rows = _without_stt([r for r in SPLIT_ROWS if r[0] != ""])  # no total row
    parsed = parse(workbook(rows), matcher)
    assert codes(parsed) == []
    assert [(r["project"], r["source_group"]) for r in parsed.records] == [
        ("Đường A", "tinh"),
        ("Trường B", "tinh"),
        ("Chợ C", "thixa"),
    ]


def test_a_project_over_a_twin_without_stt_is_refused_naming_the_row(matcher: UnitMatcher) -> None:
    """Two projects with the same figures and no STT: the first may be a group of the second; never guessed."""
    rows = [
        ("", "Đường A", "Ban QLDA ĐTXD và PTQĐ", "Phổ An", 400, 300, 100, 150, 37.5),
        ("", "Đường A nhánh 2", "Ban QLDA ĐTXD và PTQĐ", "Phổ An", 400, 300, 100, 150, 37.5),
        ("", "Chợ C", "UBND xã Phổ Khánh", "Phổ Khánh", 500, 500, None, 100, 20),
    ]
    parsed = parse(workbook(rows), matcher)
    assert codes(parsed) == [("error", "unnumbered_groups", "B10")]
    assert parsed.records == []
