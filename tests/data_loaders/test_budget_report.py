"""The budget revenue/expenditure loader: columns, money units, leaves, checks, and every bad input refused."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from base.budget_catalog import Item
from dashboard.importing.importer import import_file
from dashboard.settings import get_settings
from dashboard.store.models import ROW_MODELS, BudgetLine
from dashboard.store.units import UnitMatcher
from dashboard.workbooks.budget import (
    EXPENDITURE_TOTAL,
    REVENUE_TOTAL,
    Col,
    Money,
    layout,
    write_budget_report,
)
from data_loaders import registry
from data_loaders.base import ParsedSheet
from data_loaders.budget_report import (
    KIND_EXPENDITURE,
    KIND_REVENUE,
    LOADERS_INFO,
    find_budget_table,
    read_sheet,
    report_month,
)
from data_loaders.budget_table import classify
from data_loaders.parsing import find_period
from data_loaders.problems import Problems
from data_loaders.table import Column
from data_loaders.workbook import Sheet, open_workbook
from tests.conftest import official_report

TITLE_MAY = "BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG 5 NĂM 2023"


def amounts(
    council: float, province: float, month: float, ytd: float, same: float
) -> dict[str, float | None]:
    """A leaf's figures in triệu đồng."""
    return {
        "estimate_council": council,
        "estimate_province": province,
        "month_amount": month,
        "ytd_amount": ytd,
        "same_period_last_year": same,
    }


# The town's May 2023 revenue (seed 001): total 253.390 / 3.271 / 70.264 / 77.323,5 triệu.
SEED_ITEMS: tuple[Item, ...] = (
    Item(
        "I",
        "Thu nội địa",
        children=(
            Item(
                "1",
                "Thu từ khu vực ngoài quốc doanh",
                amounts(50000, 48000, 2500, 20000, 21000),
                breakdown=(
                    Item("", "Trong đó: thuế giá trị gia tăng", amounts(30000, 29000, 1500, 12000, 12500)),
                ),
            ),
            Item("2", "Lệ phí trước bạ", amounts(18390, 17150, 771, 9435, 8323.5)),
        ),
    ),
    Item("II", "Thu tiền sử dụng đất", amounts(185000, 165000, 0, 40829, 48000)),
)
# Rows (1-based) of a report written with the total first: columns C–J as in layout("full").
TOTAL_ROW, GROUP_ROW, NQD_ROW, BREAKDOWN_ROW, LPTB_ROW, LAND_ROW = 11, 12, 13, 14, 15, 16


def report_bytes(
    items: Sequence[Item] = SEED_ITEMS,
    *,
    headings: Sequence[str] = ("UBND THỊ XÃ ĐỨC PHỔ",),
    title: str = TITLE_MAY,
    money: Money = "trieu",
    columns: Sequence[Col] | None = None,
    total: str = "first",
    text: bool = False,
    total_label: str | None = REVENUE_TOTAL,
) -> bytes:
    """A budget report as the finance office lays it out (figures given in triệu đồng)."""
    out = io.BytesIO()
    write_budget_report(
        out,
        headings=headings,
        title=title,
        money=money,
        columns=columns or layout("full", year=2023, month=5),
        items=items,
        total_label=total_label,
        total="first" if total == "first" else "last",
        text_numbers=text,
        sign_line="Đức Phổ, ngày 05 tháng 6 năm 2023",
    )
    return out.getvalue()


def edit(content: bytes, cells: Mapping[str, Any]) -> bytes:
    """The workbook with some cells overwritten (None clears a cell)."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    for ref, value in cells.items():
        book.worksheets[0][ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def first_sheet(content: bytes) -> Sheet:
    return open_workbook(content, "bao_cao.xlsx", get_settings()).sheets[0]


def parse(content: bytes, matcher: UnitMatcher) -> ParsedSheet:
    """Detect and read the first sheet as the registry would."""
    sheet = first_sheet(content)
    found = find_budget_table(sheet)
    assert found is not None, "not recognised as a budget report"
    return read_sheet(sheet, found[0], matcher, Problems(), kind=found[1] or KIND_REVENUE)


def total(parsed: ParsedSheet, name: str) -> float:
    """The sum of the items (groups and the total row are stored beside them, not added)."""
    return sum(r[name] or 0 for r in parsed.records if r["role"] == "item")


def codes(parsed: ParsedSheet, severity: str = "error") -> list[str]:
    return [p.code for p in parsed.problems.items if p.severity == severity]


@pytest.mark.parametrize("where", ["first", "last"])
@pytest.mark.parametrize(("money", "text"), [("trieu", False), ("ty", True), ("ty", False), ("dong", False)])
def test_seed_may_2023_leaves_add_up_to_the_seed_figures(
    matcher: UnitMatcher, where: str, money: Money, text: bool
) -> None:
    parsed = parse(report_bytes(total=where, money=money, text=text), matcher)
    assert parsed.problems.items == []
    assert parsed.kind == KIND_REVENUE
    assert parsed.unit is not None and parsed.unit.code == "thi-xa-duc-pho"
    assert parsed.period is not None and (parsed.period.start, parsed.period.end) == (
        date(2023, 5, 1),
        date(2023, 5, 31),
    )
    assert total(parsed, "ytd_amount") == 70264
    assert total(parsed, "month_amount") == 3271
    assert total(parsed, "estimate_council") == 253390
    # Text keeps the 3 decimals a tỷ-đồng report shows: 8,3235 tỷ is written "8,323".
    assert total(parsed, "same_period_last_year") == (77323 if text else 77323.5)


def test_tỷ_text_is_read_as_written(matcher: UnitMatcher) -> None:
    content = report_bytes(money="ty", text=True)
    assert first_sheet(content).rows[TOTAL_ROW - 1][5] == "70,264"
    parsed = parse(content, matcher)
    land = next(r for r in parsed.records if r["is_land_use"])
    assert land["ytd_amount"] == 40829


def test_items_groups_and_the_total_are_stored_with_paths_roles_and_land_use(matcher: UnitMatcher) -> None:
    parsed = parse(report_bytes(), matcher)
    rows = [
        (
            r["role"],
            r["item_path"],
            r["parent_path"],
            r["item_name"],
            r["group_name"],
            r["is_land_use"],
            r["row"],
        )
        for r in parsed.records
    ]
    assert rows == [
        ("total", "", "", "TỔNG THU NSNN TRÊN ĐỊA BÀN", "", False, TOTAL_ROW),
        ("group", "I", "", "Thu nội địa", "Thu nội địa", False, GROUP_ROW),
        ("item", "I.1", "I", "Thu từ khu vực ngoài quốc doanh", "Thu nội địa", False, NQD_ROW),
        ("item", "I.2", "I", "Lệ phí trước bạ", "Thu nội địa", False, LPTB_ROW),
        ("item", "II", "", "Thu tiền sử dụng đất", "Thu tiền sử dụng đất", True, LAND_ROW),
    ]
    assert [r["ytd_amount"] for r in parsed.records[:2]] == [70264, 29435]  # as stated
    assert {r["kind"] for r in parsed.records} == {"revenue"}
    assert {(r["year"], r["month"], r["derived"]) for r in parsed.records} == {(2023, 5, "")}
    assert parsed.columns["ytd_amount"] == "F" and ROW_MODELS[parsed.kind] is BudgetLine


def test_deeper_stt_paths(matcher: UnitMatcher) -> None:
    items = (
        Item(
            "I",
            "Thu nội địa",
            children=(
                Item(
                    "1",
                    "Thu từ khu vực ngoài quốc doanh",
                    children=(
                        Item("1.1", "Thuế giá trị gia tăng", amounts(10, 10, 1, 5, 5)),
                        Item("1.2", "Thuế tài nguyên", amounts(10, 10, 1, 5, 5)),
                    ),
                ),
                Item("2", "Thuế sử dụng đất phi nông nghiệp", amounts(10, 10, 1, 5, 5)),
            ),
        ),
    )
    parsed = parse(report_bytes(items), matcher)
    assert [(r["item_path"], r["parent_path"], r["role"]) for r in parsed.records if r["role"] != "item"] == [
        ("", "", "total"),
        ("I", "", "group"),
        ("I.1", "I", "group"),
    ]
    assert [(r["item_path"], r["is_land_use"]) for r in parsed.records if r["role"] == "item"] == [
        ("I.1.1", False),
        ("I.1.2", False),
        ("I.2", False),
    ]


@pytest.mark.parametrize(
    ("texts", "field"),
    [
        (("Dự toán năm 2023", "Tỉnh giao"), "estimate_province"),
        (("Dự toán năm 2023", "HĐND thị xã giao"), "estimate_council"),
        (("Dự toán năm 2023", "Thị xã giao"), "estimate_province"),  # a commune's upper level
        (("Dự toán HĐND xã giao năm 2023",), "estimate_council"),
        (("Dự toán năm 2023",), "estimate_council"),
        (("Thực hiện tháng 5",), "month_amount"),
        (("Ước thực hiện tháng 12",), "month_amount"),
        (("Thực hiện", "Tháng 5"), "month_amount"),
        (("Lũy kế",), "ytd_amount"),
        (("Lũy kế từ đầu năm",), "ytd_amount"),
        (("Ước thực hiện 5 tháng",), "ytd_amount"),
        (("Thực hiện", "5 tháng đầu năm"), "ytd_amount"),
        (("Cùng kỳ năm trước",), "same_period_last_year"),
        (("Cùng kỳ năm 2022",), "same_period_last_year"),
        (("% so dự toán",), "pct_estimate"),
        (("So sánh (%)", "So DT tỉnh"), "pct_estimate_province"),
        (("So sánh (%)", "So DT HĐND"), "pct_estimate_council"),
        (("So sánh (%)", "So cùng kỳ"), "pct_last_year"),
        (("% so cùng kỳ",), "pct_last_year"),
        (("Số hồ sơ",), None),
        (("Ghi chú",), None),
    ],
)
def test_classify_header_columns(texts: tuple[str, ...], field: str | None) -> None:
    from base.text import normalize

    assert classify(Column(2, tuple(normalize(t) for t in texts), texts)) == field


@pytest.mark.parametrize(
    ("line", "ytd"),
    [
        ("ĐVT: triệu đồng", 70264),
        ("Đơn vị tính: Triệu đồng", 70264),
        ("ĐVT: tỷ đồng", 70264 * 1000),
        ("ĐVT: nghìn đồng", 70.264),
        ("ĐVT: đồng", 0.070264),
    ],
)
def test_money_unit_converts_to_triệu(matcher: UnitMatcher, line: str, ytd: float) -> None:
    parsed = parse(edit(report_bytes(), {"D6": line}), matcher)
    assert total(parsed, "ytd_amount") == pytest.approx(ytd)


@pytest.mark.parametrize(
    ("title", "month"),
    [
        ("BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG 5 NĂM 2023", (2023, 5)),
        ("BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC 5 tháng đầu năm 2023", (2023, 5)),
        ("Tình hình thu ngân sách Tháng 5/2023", (2023, 5)),
        ("Thu ngân sách Quý II/2023", (2023, 6)),
        ("Thu ngân sách năm 2022", (2022, 12)),
        ("Thu ngân sách từ ngày 01/01/2023 đến ngày 20/07/2023", (2023, 7)),
    ],
)
def test_report_month_is_the_calendar_month_the_period_ends_in(title: str, month: tuple[int, int]) -> None:
    period = find_period(title)
    assert period is not None
    got = report_month(period)
    assert (got.start.year, got.start.month, got.start.day) == (*month, 1)
    assert got.end.month == month[1] and (got.end.replace(day=28) < got.end or got.end.month == 2)


def test_commune_under_the_town_heading_and_an_office_gives_way_to_the_town(matcher: UnitMatcher) -> None:
    commune = parse(report_bytes(headings=("UBND THỊ XÃ ĐỨC PHỔ", "UBND XÃ PHỔ AN")), matcher)
    assert commune.unit is not None and commune.unit.code == "xa-pho-an"
    town = parse(report_bytes(headings=("UBND THỊ XÃ ĐỨC PHỔ", "PHÒNG TÀI CHÍNH - KẾ HOẠCH")), matcher)
    assert town.unit is not None and town.unit.code == "thi-xa-duc-pho"


NEUTRAL_ITEMS = (
    Item("1", "Mục A", amounts(100, 90, 10, 40, 35)),
    Item("2", "Mục B", amounts(50, 45, 5, 20, 18)),
)
BOTH = "BÁO CÁO TÌNH HÌNH THU, CHI NGÂN SÁCH THÁNG 5 NĂM 2023"


@pytest.mark.parametrize(
    ("title", "total_label", "kind"),
    [
        ("BÁO CÁO CHI NGÂN SÁCH ĐỊA PHƯƠNG THÁNG 5 NĂM 2023", "Tổng cộng", KIND_EXPENDITURE),
        (TITLE_MAY, "Tổng cộng", KIND_REVENUE),
        (BOTH, EXPENDITURE_TOTAL, KIND_EXPENDITURE),
        (BOTH, REVENUE_TOTAL, KIND_REVENUE),
    ],
)
def test_kind_from_title_then_rows(matcher: UnitMatcher, title: str, total_label: str, kind: str) -> None:
    parsed = parse(report_bytes(NEUTRAL_ITEMS, title=title, total_label=total_label), matcher)
    assert parsed.problems.items == []
    assert parsed.kind == kind
    assert {r["kind"] for r in parsed.records} == {"revenue" if kind == KIND_REVENUE else "expenditure"}


def test_unclear_kind_is_refused(matcher: UnitMatcher) -> None:
    parsed = parse(report_bytes(NEUTRAL_ITEMS, title=BOTH, total_label="Tổng cộng"), matcher)
    assert codes(parsed) == ["unknown_budget_kind"] and parsed.records == []


def test_loaders_share_sheets_out_by_kind(matcher: UnitMatcher) -> None:
    (_, _, revenue, _), (_, _, spending, _) = LOADERS_INFO
    sheet = first_sheet(report_bytes())
    assert revenue(sheet) is not None and spending(sheet) is None
    assert find_budget_table(first_sheet(official_report())) is None  # a dossier report is not ours


def test_a_task_plan_with_kế_hoạch_and_thực_hiện_is_not_a_budget_report() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022"])
    sheet.append(["STT", "Nội dung", "Sản phẩm", "Thời gian thực hiện", "Tình trạng thực hiện"])
    sheet.append(["1", "Xây dựng kế hoạch kiểm tra", "Kế hoạch", "Quý I năm 2022", "Đã thực hiện"])
    out = io.BytesIO()
    book.save(out)
    assert find_budget_table(first_sheet(out.getvalue())) is None


def test_group_and_total_mismatches_are_warnings_naming_row_column_and_numbers(matcher: UnitMatcher) -> None:
    parsed = parse(edit(report_bytes(), {f"F{TOTAL_ROW}": 70300, f"E{GROUP_ROW}": 3000}), matcher)
    warnings = {p.cell: p for p in parsed.problems.items if p.code == "total_mismatch"}
    # The group's new 3.000 no longer makes its items' 3.271, nor with II the total's 3.271.
    assert sorted(warnings) == [f"E{TOTAL_ROW}", f"E{GROUP_ROW}", f"F{TOTAL_ROW}"]
    assert {w.severity for w in warnings.values()} == {"warning"}
    ytd = warnings[f"F{TOTAL_ROW}"].message
    assert "70.300" in ytd and "70.264" in ytd and f"dòng {TOTAL_ROW}" in ytd and "Lũy kế từ đầu năm" in ytd
    assert "3.000" in warnings[f"E{GROUP_ROW}"].message and "3.271" in warnings[f"E{GROUP_ROW}"].message
    assert total(parsed, "ytd_amount") == 70264
    # What the report states is kept beside its items: the total's 70.300 and the group's 3.000.
    stated = {r["role"]: r for r in parsed.records if r["role"] != "item"}
    assert (stated["total"]["ytd_amount"], stated["group"]["month_amount"]) == (70300, 3000)


@pytest.mark.parametrize(
    ("value", "warned"),
    [(27.73, False), (27.77, False), (0.2773, False), ("27,73", False), (27.9, True), (30.53, True)],
)
def test_report_percentages_are_checked_not_trusted(
    matcher: UnitMatcher, value: object, warned: bool
) -> None:
    parsed = parse(edit(report_bytes(), {f"I{TOTAL_ROW}": value}), matcher)
    assert ("percent_mismatch" in codes(parsed, "warning")) is warned


def test_growth_written_as_percent_so_cùng_kỳ_is_accepted(matcher: UnitMatcher) -> None:
    parsed = parse(edit(report_bytes(), {f"J{TOTAL_ROW}": -9.13}), matcher)  # 90,87% written as −9,13
    assert codes(parsed, "warning") == []


def test_breakdown_rows_are_neither_stored_nor_added(matcher: UnitMatcher) -> None:
    parsed = parse(edit(report_bytes(), {f"F{BREAKDOWN_ROW}": 19999}), matcher)
    warnings = [p for p in parsed.problems.items if p.severity == "warning"]
    assert {(w.code, w.cell[1:]) for w in warnings} == {
        ("percent_mismatch", str(BREAKDOWN_ROW))
    }  # no sum is off
    assert "Trong đó: thuế giá trị gia tăng" not in {r["item_name"] for r in parsed.records}


def test_month_only_report_leaves_ytd_to_be_derived(matcher: UnitMatcher) -> None:
    columns = [
        c
        for c in layout("full", year=2023, month=5)
        if c.field not in ("ytd_amount",) and "pct" not in c.field
    ]
    parsed = parse(report_bytes(columns=columns), matcher)
    assert parsed.problems.items == []
    assert {(r["derived"], r["ytd_amount"]) for r in parsed.records} == {("ytd", None)}
    assert any("lũy kế" in n for n in parsed.notes)
    january = parse(
        report_bytes(columns=columns, title="BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG 1 NĂM 2023"), matcher
    )
    assert total(january, "ytd_amount") == total(january, "month_amount") == 3271


def test_ytd_only_report_with_only_the_upper_estimate(matcher: UnitMatcher) -> None:
    columns = [Col("estimate_province", None, "Dự toán tỉnh giao"), Col("ytd_amount", None, "Lũy kế 5 tháng")]
    parsed = parse(report_bytes(columns=columns), matcher)
    assert parsed.problems.items == []
    assert {(r["derived"], r["month_amount"], r["estimate_council"]) for r in parsed.records} == {
        ("month", None, None)
    }
    assert any("dự toán cấp trên" in n for n in parsed.notes)


# --- bad inputs: each an error naming the sheet (and cell), nothing stored ------------------------------------


def _no_money_line(content: bytes) -> bytes:
    return edit(content, {"D6": None})


@pytest.mark.parametrize(
    ("broken", "code", "cell"),
    [
        (lambda c: _no_money_line(c), "no_money_unit", ""),
        (lambda c: edit(c, {f"F{NQD_ROW}": "hai mươi nghìn"}), "not_a_number", f"F{NQD_ROW}"),
        (lambda c: edit(c, {f"D{LPTB_ROW}": -18390}), "negative", f"D{LPTB_ROW}"),
        (lambda c: edit(c, {"E8": "Ghi chú", "F8": "Ghi chú 2"}), "missing_column", "dòng 8–9"),
        (lambda c: edit(c, {"A1": "UBND XÃ PHỔ ANN"}), "unknown_unit", "A1"),
        (lambda c: edit(c, {"A1": "ĐƠN VỊ: ……"}), "no_unit", ""),
        (lambda c: edit(c, {"A4": "BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC"}), "no_period", ""),
        (lambda c: edit(c, {f"A{LPTB_ROW}": "1"}), "duplicate_key", f"dòng {LPTB_ROW}"),
        (lambda c: edit(c, {"E8": "Lũy kế"}), "duplicate_column", "F8"),
        (lambda c: edit(c, {f"B{LPTB_ROW}": None}), "missing_label", f"B{LPTB_ROW}"),
    ],
)
def test_bad_input_is_an_error_naming_sheet_and_cell(
    matcher: UnitMatcher, broken: Any, code: str, cell: str
) -> None:
    parsed = parse(broken(report_bytes()), matcher)
    errors = [p for p in parsed.problems.items if p.severity == "error"]
    assert [e.code for e in errors] == [code]
    assert errors[0].sheet == "Báo cáo" and errors[0].cell == cell
    assert parsed.records == []


def test_missing_money_unit_message(matcher: UnitMatcher) -> None:
    parsed = parse(_no_money_line(report_bytes()), matcher)
    assert parsed.problems.errors[0].message.startswith("Thiếu dòng ĐVT")
    assert "“Báo cáo”" in parsed.problems.errors[0].message


def test_unknown_unit_suggests_the_closest(matcher: UnitMatcher) -> None:
    parsed = parse(edit(report_bytes(), {"A1": "UBND XÃ PHỔ ANN"}), matcher)
    assert "Phổ An" in parsed.problems.errors[0].message


@pytest.fixture
def budget_loaders(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with the budget loaders first (the lead wires them in for good)."""
    monkeypatch.setattr(
        registry, "LOADERS", (*(registry.Loader(*info) for info in LOADERS_INFO), *registry.LOADERS)
    )


@pytest.mark.usefixtures("budget_loaders")
def test_import_stores_all_or_nothing(seeded: Engine) -> None:
    bad = import_file(_no_money_line(report_bytes()), "thu_ns.xlsx", engine=seeded, user="test")
    assert not bad.stored and [p.code for p in bad.problems.errors] == ["no_money_unit"]
    good = import_file(report_bytes(), "thu_ns.xlsx", engine=seeded, user="test")
    assert good.stored and not good.problems.items
    with Session(seeded) as session:
        lines = session.exec(select(BudgetLine)).all()
    assert sorted(line.ytd_amount or 0 for line in lines if line.role == "item") == [9435, 20000, 40829]
    assert sorted((line.role, line.ytd_amount) for line in lines if line.role != "item") == [
        ("group", 29435),
        ("total", 70264),
    ]


def test_template_is_a_recognised_empty_report(tmp_path: Path, matcher: UnitMatcher) -> None:
    from dashboard.workbooks.budget import write_budget_expenditure_template, write_budget_revenue_template

    for write, kind in (
        (write_budget_revenue_template, KIND_REVENUE),
        (write_budget_expenditure_template, KIND_EXPENDITURE),
    ):
        path = tmp_path / f"{kind}.xlsx"
        write(path, ["UBND thị xã Đức Phổ", "UBND xã Phổ An"])
        book = open_workbook(path.read_bytes(), path.name, get_settings())
        assert [s.name for s in book.sheets] == ["Báo cáo", "Hướng dẫn", "DanhMuc"]
        found = find_budget_table(book.sheets[0])
        assert found is not None and found[1] == kind
        assert all(find_budget_table(s) is None for s in book.sheets[1:])
