"""Reports other agencies wrote: what a report states is what the pages show, and land-use fees are read by words.

Each workbook is built with openpyxl as an agency lays it out, imported through the real importer, and read back
through the figures the revenue and expenditure pages and the wall show (dashboard.kpis via budget_query).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from dashboard.importing.importer import import_file
from dashboard.importing.result import ImportResult
from dashboard.kpis.budget import BudgetKind
from dashboard.queries.budget import SECTION_KEYS, expenditure_section, revenue_section
from dashboard.store.models import BudgetLine
from dashboard.views.finance import budget_page
from dashboard.views.wall.finance_tiles import revenue as wall_revenue
from dashboard.views.wall.scope import Window
from data_loaders import registry
from data_loaders.budget_report import LOADERS_INFO
from data_loaders.land_use import names_land_use

MAY_END = date(2023, 5, 31)
AMOUNTS = ("Dự toán năm 2023", "Thực hiện tháng 5", "Lũy kế từ đầu năm", "Cùng kỳ năm trước")
FIRST_DATA_ROW = 7  # 1-based: rows 1–5 title block, 6 header
Line = tuple[str, str, Sequence[float | None]]  # STT, label, (estimate, month, ytd, same period)


@pytest.fixture(autouse=True)
def budget_loaders(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with the budget loaders first (the lead wires them in for good)."""
    loaders = (*(registry.Loader(*info) for info in LOADERS_INFO), *registry.LOADERS)
    monkeypatch.setattr(registry, "LOADERS", loaders)


def workbook(
    title: str,
    lines: Sequence[Line],
    *,
    amounts: Sequence[str] = AMOUNTS,
    percent: dict[int, float] | None = None,
) -> bytes:
    """A report as an agency types it: unit, title, ĐVT, one header row, then its lines (blank = None)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    sheet["A1"] = "UBND THỊ XÃ ĐỨC PHỔ"
    sheet["A3"] = title
    sheet["E4"] = "ĐVT: triệu đồng"
    for c, text in enumerate(("STT", "Nội dung", *amounts, "% so dự toán"), 1):
        sheet.cell(6, c, text)
    for r, (stt, label, values) in enumerate(lines, FIRST_DATA_ROW):
        sheet.cell(r, 1, stt or None)
        sheet.cell(r, 2, label)
        for c, value in enumerate(values, 3):
            sheet.cell(r, c, value)
    for r, value in (percent or {}).items():
        sheet.cell(r, 3 + len(amounts), value)
    sheet.cell(FIRST_DATA_ROW + len(lines) + 1, 2, "NGƯỜI LẬP BIỂU")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def imported(engine: Engine, content: bytes, *, accept: bool = False) -> ImportResult:
    result = import_file(content, "bao_cao.xlsx", engine=engine, user="test", accept_warnings=accept)
    assert not result.problems.errors, [p.line("bao_cao.xlsx") for p in result.problems.errors]
    return result


def shown(engine: Engine, kind: BudgetKind = "revenue") -> dict[str, Any]:
    """The budget section the pages and the CLI show for the town."""
    read = revenue_section if kind == "revenue" else expenditure_section
    with Session(engine) as session:
        return read(session=session, unit_id=None, start=None, end=None, as_of=MAY_END)


def every_page(engine: Engine, kind: BudgetKind) -> list[tuple[float | None, float | None]]:
    """(year to date, % of estimate) as the CLI section, the budget page and (revenue) the wall show them."""
    with Session(engine) as session:
        page = budget_page(
            session=session, kind=kind, unit_id=None, start=date(2023, 1, 1), end=MAY_END, as_of=MAY_END
        )["section"]
        out = [(s["ytd"], s["pct_of_estimate"]) for s in (shown(engine, kind), page)]
        if kind == "revenue":
            wall = wall_revenue(
                session=session, unit_id=None, window=Window(date(2023, 1, 1), MAY_END, MAY_END, "")
            )
            assert wall is not None
            out.append((wall.ytd, wall.pct_of_estimate))
    return out


# --- a spending report whose "Trong đó" rows break a line down only partly ----------------------------------

TOTAL_SPENDING: Line = ("", "TỔNG CHI NGÂN SÁCH ĐỊA PHƯƠNG", (200000, 15000, 150000, 120000))
PARTIAL_SPENDING: list[Line] = [
    TOTAL_SPENDING,
    ("A", "Chi cân đối ngân sách địa phương", (200000, 15000, 150000, 120000)),
    ("I", "Chi đầu tư phát triển", (60000, 5000, 45000, 40000)),
    ("", "Trong đó:", ()),
    ("1", "Chi từ nguồn thu tiền sử dụng đất", (4000, 3000, 30000, None)),
    ("2", "Chi xây dựng cơ bản vốn tập trung", (None, 1000, 9320, None)),
    ("II", "Chi thường xuyên, trong đó:", (140000, 10000, 105000, 80000)),
    ("1", "Chi sự nghiệp giáo dục - đào tạo", (None, 6000, 60000, None)),
    ("2", "Chi sự nghiệp y tế", (None, 3000, 40000, None)),
]
SPENDING_TITLE = "BÁO CÁO CHI NGÂN SÁCH ĐỊA PHƯƠNG THÁNG 5 NĂM 2023"


def test_a_partial_trong_do_breakdown_never_replaces_the_line_it_details(seeded: Engine) -> None:
    # Adding the "Trong đó" rows gave 139.320 ÷ 4.000 = 3.483% of the estimate; the report itself says 75%.
    result = imported(seeded, workbook(SPENDING_TITLE, PARTIAL_SPENDING, percent={FIRST_DATA_ROW: 75}))
    assert (
        result.stored and result.problems.items == []
    )  # I and II add up to A and the total: nothing to warn
    values = shown(seeded, "expenditure")
    assert (values["estimate"], values["month"], values["ytd"], values["same_period_last_year"]) == (
        200000,
        15000,
        150000,
        120000,
    )
    assert (values["pct_of_estimate"], values["pct_vs_last_year"]) == (75.0, 125.0)
    assert [(i["name"], i["estimate"], i["ytd"]) for i in values["items"]] == [
        ("Chi đầu tư phát triển", 60000, 45000),
        ("Chi thường xuyên, trong đó:", 140000, 105000),
    ]
    assert every_page(seeded, "expenditure") == [(150000, 75.0), (150000, 75.0)]


@pytest.mark.parametrize(
    ("opening", "rows"),
    [
        (("", "Trong đó:", ()), ("1", "2")),  # a "Trong đó:" line, then numbered rows
        (("", "trong đó:", ()), ("-", "-")),  # lower case, bullets
        (("", "Trong đó", ()), ("a", "b")),  # letters
        (("", "Trong đó:", ()), ("", "")),  # unnumbered
    ],
)
def test_trong_do_rows_are_never_added_into_a_total(
    seeded: Engine, opening: Line, rows: tuple[str, str]
) -> None:
    lines: list[Line] = [
        ("", "TỔNG CHI NGÂN SÁCH ĐỊA PHƯƠNG", (1000, 100, 600, None)),
        ("I", "Chi đầu tư phát triển", (400, 40, 300, None)),
        opening,
        (rows[0], "Chi từ nguồn thu tiền sử dụng đất", (None, 30, 200, None)),
        (rows[1], "Chi từ nguồn xổ số kiến thiết", (None, 5, 50, None)),
        ("II", "Chi thường xuyên", (600, 60, 300, None)),
    ]
    assert imported(seeded, workbook(SPENDING_TITLE, lines)).problems.items == []
    values = shown(seeded, "expenditure")
    assert (values["ytd"], values["estimate"], values["pct_of_estimate"]) == (600, 1000, 60.0)
    assert [i["name"] for i in values["items"]] == ["Chi đầu tư phát triển", "Chi thường xuyên"]


# --- stated figures that differ from their rows: kept, warned about, the difference "chưa phân bổ" -----------

REVENUE_TITLE = "BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG 5 NĂM 2023"
# The seed's May 2023 figures (253.390 / 3.271 / 70.264 / 77.323,5) with the item "Lệ phí trước bạ" left out.
MISSING_LINE: list[Line] = [
    ("", "TỔNG THU NSNN TRÊN ĐỊA BÀN", (253390, 3271, 70264, 77323.5)),
    ("I", "Thu nội địa", (68390, 3271, 29435, 29323.5)),
    ("1", "Thu từ khu vực ngoài quốc doanh", (50000, 2500, 20000, 21000)),
    ("II", "Thu tiền sử dụng đất", (185000, 0, 40829, 48000)),
]


def test_a_group_missing_a_line_keeps_its_stated_figures_and_warns_with_both_numbers(seeded: Engine) -> None:
    blocked = import_file(workbook(REVENUE_TITLE, MISSING_LINE), "thu.xlsx", engine=seeded, user="test")
    assert not blocked.stored  # a warning blocks until accepted
    warnings = [p for p in blocked.problems.items if p.code == "total_mismatch"]
    assert {p.severity for p in blocked.problems.items} == {"warning"}
    assert sorted(w.cell for w in warnings) == [
        "C8",
        "D8",
        "E8",
        "F8",
    ]  # the group's 4 amounts, not the total
    ytd = next(w for w in warnings if w.cell == "E8")
    assert "dòng 8" in ytd.message and "Thu nội địa" in ytd.message
    assert "29.435" in ytd.message and "20.000" in ytd.message and "chưa phân bổ" in ytd.message
    imported(seeded, workbook(REVENUE_TITLE, MISSING_LINE), accept=True)
    values = shown(seeded)
    assert {k: values[k] for k in SECTION_KEYS} == {
        "estimate": 253390,
        "estimate_province": None,
        "month": 3271,
        "ytd": 70264,
        "same_period_last_year": 77323.5,
        "pct_of_estimate": 27.73,
        "pct_vs_last_year": 90.87,
        "time_progress_pct": 41.67,
        "ytd_excl_land": 29435,
        "pct_of_estimate_excl_land": 43.04,
    }
    assert [(i["name"], i["estimate"], i["ytd"], i["is_land_use"]) for i in values["items"]] == [
        ("Thu từ khu vực ngoài quốc doanh", 50000, 20000, False),
        ("Chưa phân bổ: Thu nội địa", 18390, 9435, False),
        ("Thu tiền sử dụng đất", 185000, 40829, True),
    ]
    assert every_page(seeded, "revenue") == [(70264, 27.73)] * 3


@pytest.mark.parametrize(
    ("lines", "ytd", "estimate", "unallocated"),
    [
        # No total row: the top-level groups' stated figures add up (I states 29.435 over its 20.000).
        (MISSING_LINE[1:], 70264, 253390, [("Chưa phân bổ: Thu nội địa", 9435)]),
        # A total above its groups (a line missing at the top level): the total row is what the report reports.
        (
            [("", "TỔNG THU NSNN TRÊN ĐỊA BÀN", (253390, 3271, 70264, None)), *MISSING_LINE[2:]],
            70264,
            253390,
            [("Chưa phân bổ", 9435)],
        ),
        # Rounding: a total a little under its rows still wins, the difference shown negative.
        (
            [("", "TỔNG THU NSNN TRÊN ĐỊA BÀN", (235000, 2500, 60828.6, None)), *MISSING_LINE[2:]],
            60828.6,
            235000,
            [("Chênh lệch với số báo cáo", -0.4)],
        ),
    ],
)
def test_the_kpis_use_the_topmost_stated_figure(
    seeded: Engine, lines: list[Line], ytd: float, estimate: float, unallocated: list[tuple[str, float]]
) -> None:
    imported(seeded, workbook(REVENUE_TITLE, lines), accept=True)
    values = shown(seeded)
    assert (values["ytd"], values["estimate"]) == (ytd, estimate)
    assert [(i["name"], i["ytd"]) for i in values["items"] if i["name"].startswith(("Chưa", "Chênh"))] == (
        unallocated
    )
    assert sum(i["ytd"] for i in values["items"]) == pytest.approx(
        ytd
    )  # the breakdown adds up to the headline


def test_a_derived_year_to_date_adds_the_stated_figures_of_both_months(seeded: Engine) -> None:
    april = [
        ("", "TỔNG THU NSNN TRÊN ĐỊA BÀN", (253390, 3000, 66993, None)),
        ("I", "Thu nội địa", (68390, 3000, 26164, None)),
        ("1", "Thu từ khu vực ngoài quốc doanh", (50000, 2000, 17500, None)),
        ("II", "Thu tiền sử dụng đất", (185000, 0, 40829, None)),
    ]
    imported(seeded, workbook("BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG 4 NĂM 2023", april), accept=True)
    may_month_only = [(stt, label, v[:2]) for stt, label, v in MISSING_LINE]
    imported(seeded, workbook(REVENUE_TITLE, may_month_only, amounts=AMOUNTS[:2]), accept=True)
    values = shown(seeded)
    assert (values["month"], values["ytd"], values["pct_of_estimate"]) == (3271, 70264, 27.73)
    assert values["ytd_excl_land"] == 29435


# --- land-use fees: by the item's own words, "không kể …" excluding ---------------------------------------------

EXCLUDING_LAND: list[Line] = [
    ("", "TỔNG THU NSNN TRÊN ĐỊA BÀN", (253390, 3271, 70264, 77323.5)),
    ("A", "Thu nội địa (không kể tiền sử dụng đất)", (68390, 3271, 29435, 29323.5)),
    ("1", "Thu từ khu vực ngoài quốc doanh", (50000, 2500, 20000, 21000)),
    ("2", "Lệ phí trước bạ", (18390, 771, 9435, 8323.5)),
    ("B", "Thu tiền sử dụng đất", (185000, 0, 40829, 48000)),
]


@pytest.mark.parametrize(
    "heading",
    [
        "Thu nội địa (không kể tiền sử dụng đất)",
        "Thu nội địa không bao gồm tiền sử dụng đất",
        "Thu cân đối (trừ tiền sử dụng đất)",
        "Thu nội địa ngoài tiền sử dụng đất",
        "Thu nội địa chưa kể thu tiền sử dụng đất",
    ],
)
def test_revenue_with_and_without_land_use_fees_under_an_excluding_heading(
    seeded: Engine, heading: str
) -> None:
    lines = [EXCLUDING_LAND[0], ("A", heading, EXCLUDING_LAND[1][2]), *EXCLUDING_LAND[2:]]
    assert imported(seeded, workbook(REVENUE_TITLE, lines)).problems.items == []
    values = shown(seeded)
    assert (values["ytd"], values["pct_of_estimate"], values["pct_vs_last_year"]) == (70264, 27.73, 90.87)
    assert (values["ytd_excl_land"], values["pct_of_estimate_excl_land"]) == (29435, 43.04)
    assert [i["name"] for i in values["items"] if i["is_land_use"]] == ["Thu tiền sử dụng đất"]
    with Session(seeded) as session:
        page = budget_page(
            session=session, kind="revenue", unit_id=None, start=date(2023, 1, 1), end=MAY_END, as_of=MAY_END
        )
        excl_last_year = page["same_period_excl_land"]
        wall = wall_revenue(
            session=session, unit_id=None, window=Window(date(2023, 1, 1), MAY_END, MAY_END, "")
        )
    assert (page["estimate_excl_land"], excl_last_year) == (68390, 29323.5)
    assert wall is not None and wall.pct_excl_land == 43.04


def test_land_use_fees_inside_the_domestic_revenue_group_are_still_found(seeded: Engine) -> None:
    lines: list[Line] = [
        ("", "TỔNG THU NSNN TRÊN ĐỊA BÀN", (253390, 3271, 70264, 77323.5)),
        ("I", "Thu nội địa", (253390, 3271, 70264, 77323.5)),
        ("1", "Thu từ khu vực ngoài quốc doanh", (50000, 2500, 20000, 21000)),
        ("2", "Lệ phí trước bạ", (18390, 771, 9435, 8323.5)),
        ("3", "Tiền sử dụng đất", (185000, 0, 40829, 48000)),
    ]
    imported(seeded, workbook(REVENUE_TITLE, lines))
    values = shown(seeded)
    assert (values["ytd_excl_land"], values["pct_of_estimate_excl_land"]) == (29435, 43.04)


@pytest.mark.parametrize(
    ("label", "land"),
    [
        ("Thu tiền sử dụng đất", True),
        ("Tiền sử dụng đất", True),
        ("Thu tiền sử dụng đất (trừ ghi thu, ghi chi)", True),
        ("Chi từ nguồn thu tiền sử dụng đất", True),
        ("Thu nội địa (không kể tiền sử dụng đất)", False),
        ("Thu nội địa (Không kể tiền thuê đất, tiền sử dụng đất)", False),
        ("Thu NSNN không bao gồm tiền sử dụng đất", False),
        ("Thu ngoài tiền sử dụng đất", False),
        ("Tổng thu trừ tiền sử dụng đất", False),
        ("Thu cân đối chưa kể tiền sử dụng đất", False),
        ("Thuế sử dụng đất phi nông nghiệp", False),
        ("Tiền thuê đất", False),
        ("Thu từ khu vực ngoài quốc doanh", False),
    ],
)
def test_land_use_words_respect_negation(label: str, land: bool) -> None:
    assert names_land_use(label) is land


def test_stated_rows_are_stored_beside_the_items(seeded: Engine) -> None:
    imported(seeded, workbook(REVENUE_TITLE, MISSING_LINE), accept=True)
    with Session(seeded) as session:
        lines = session.exec(select(BudgetLine).order_by(col(BudgetLine.row))).all()
    assert [(x.role, x.item_path, x.parent_path, x.ytd_amount, x.is_land_use) for x in lines] == [
        ("total", "", "", 70264, False),
        ("group", "I", "", 29435, False),
        ("item", "I.1", "I", 20000, False),
        ("item", "II", "", 40829, True),
    ]


# --- the same rule in the disbursement report: a project's "Trong đó" parts are not projects -------------------


def test_a_projects_trong_do_parts_are_not_projects_of_their_own(seeded: Engine) -> None:
    from dashboard.queries.investment import disbursement_section
    from tests.data_loaders.test_disbursement_report import SPLIT_ROWS
    from tests.data_loaders.test_disbursement_report import workbook as disbursement_workbook

    rows = list(SPLIT_ROWS)  # the total states 1.200 planned, 300 disbursed (25%)
    rows[3:3] = [
        ("", "Trong đó:", "", "", None, None, None, None, None),
        ("-", "Hạng mục cầu", "", "", 200, 200, None, 100, 50),
        ("-", "Hạng mục đường dẫn", "", "", 100, 50, 50, 30, 30),
    ]
    result = import_file(disbursement_workbook(rows), "giai_ngan.xlsx", engine=seeded, user="test")
    assert result.stored and result.problems.items == []  # "Đường A" still adds up with "Trường B" to group I
    with Session(seeded) as session:
        section = disbursement_section(session=session, unit_id=None, start=None, end=None, as_of=MAY_END)
    assert (section["plan"], section["disbursed"], section["pct"]) == (1200, 300, 25.0)
    assert sorted(p["name"] for p in section["by_project"]) == ["Chợ C", "Trường B", "Đường A"]


def test_the_upload_preview_counts_the_stated_figures_once(seeded: Engine) -> None:
    from dashboard.importing.upload_preview import sheet_previews

    result = import_file(
        workbook(REVENUE_TITLE, MISSING_LINE), "thu.xlsx", engine=seeded, user="test", dry_run=True
    )
    [preview] = sheet_previews(result, {})
    assert dict(preview.totals) == {
        "Dự toán HĐND giao (triệu đồng)": "253.390,0",
        "Thực hiện trong tháng (triệu đồng)": "3.271,0",
        "Lũy kế từ đầu năm (triệu đồng)": "70.264,0",
        "Lũy kế so dự toán HĐND": "27,73%",
    }


def test_of_several_total_lines_the_grand_total_is_the_reports_total(seeded: Engine) -> None:
    lines: list[Line] = [
        ("I", "Thu nội địa", (68390, 3271, 29435, None)),
        ("1", "Thu từ khu vực ngoài quốc doanh", (50000, 2500, 20000, None)),
        ("2", "Lệ phí trước bạ", (18390, 771, 9435, None)),
        ("", "Cộng I", (68390, 3271, 29435, None)),
        ("II", "Thu tiền sử dụng đất", (185000, 0, 40829, None)),
        ("", "Cộng II", (185000, 0, 40829, None)),
        ("", "Tổng cộng", (253390, 3271, 70264, None)),
    ]
    imported(seeded, workbook(REVENUE_TITLE, lines), accept=True)  # each "Cộng" is checked against the whole
    values = shown(seeded)
    assert (values["ytd"], values["estimate"], values["ytd_excl_land"]) == (70264, 253390, 29435)
    with Session(seeded) as session:
        total = session.exec(select(BudgetLine).where(col(BudgetLine.role) == "total")).one()
    assert (total.item_name, total.ytd_amount) == ("Tổng cộng", 70264)


LAND_PART = (185000, 0, 40829, 48000)


@pytest.mark.parametrize(
    "breakdown",
    [
        [("", "Trong đó: thu tiền sử dụng đất", LAND_PART)],
        [
            ("", "Trong đó:", ()),
            ("-", "Lệ phí trước bạ", (18390, 771, 9435, 8323.5)),
            ("-", "Tiền sử dụng đất", LAND_PART),
        ],
    ],
    ids=["one-line", "list"],
)
def test_land_use_fees_named_only_in_a_trong_do_line_are_told_apart(
    seeded: Engine, breakdown: list[Line]
) -> None:
    lines: list[Line] = [
        ("", "TỔNG THU NSNN TRÊN ĐỊA BÀN", (253390, 3271, 70264, 77323.5)),
        ("I", "Thu nội địa", (253390, 3271, 70264, 77323.5)),
        *breakdown,
    ]
    assert imported(seeded, workbook(REVENUE_TITLE, lines)).problems.items == []
    values = shown(seeded)
    assert (values["ytd"], values["pct_of_estimate"], values["pct_vs_last_year"]) == (70264, 27.73, 90.87)
    assert (values["ytd_excl_land"], values["pct_of_estimate_excl_land"]) == (29435, 43.04)
    assert [(i["name"], i["ytd"], i["is_land_use"]) for i in values["items"]] == [
        ("Thu nội địa (không kể tiền sử dụng đất)", 29435, False),
        (breakdown[-1][1], 40829, True),
    ]
    with Session(seeded) as session:
        page = budget_page(
            session=session, kind="revenue", unit_id=None, start=date(2023, 1, 1), end=MAY_END, as_of=MAY_END
        )
    assert (page["estimate_excl_land"], page["same_period_excl_land"]) == (68390, 29323.5)


@pytest.mark.parametrize(
    ("new_lines", "lost"),
    [
        # The same report with its item rows left out: the stated total is unchanged, nothing is lost.
        ([MISSING_LINE[0], MISSING_LINE[1], MISSING_LINE[3]], None),
        # A report whose stated total is far lower: named with the totals the reports state.
        (
            [("", "TỔNG THU NSNN TRÊN ĐỊA BÀN", (68390, 3271, 29435, None)), MISSING_LINE[2]],
            "tổng lũy kế thực hiện từ 70.264 xuống 29.435",
        ),
    ],
)
def test_a_replacement_is_judged_on_the_stated_totals(
    seeded: Engine, new_lines: list[Line], lost: str | None
) -> None:
    imported(seeded, workbook(REVENUE_TITLE, MISSING_LINE), accept=True)
    result = import_file(workbook(REVENUE_TITLE, new_lines), "thu_lai.xlsx", engine=seeded, user="test")
    messages = [p.message for p in result.problems.items if p.code == "replaces_with_less"]
    if lost is None:
        assert messages == [] or "tổng lũy kế" not in messages[0]
    else:
        assert len(messages) == 1 and lost in messages[0]
