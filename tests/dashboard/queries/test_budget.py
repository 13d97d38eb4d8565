"""Budget sections from stored reports: scope, latest month, derived amounts, replacement, and the samples."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from base.budget_catalog import Item
from dashboard.importing.importer import import_file
from dashboard.queries.budget import SECTION_KEYS, expenditure_section, revenue_section
from dashboard.queries.budget_stated import UNALLOCATED, summed_lines
from dashboard.store.models import BudgetLine, Unit
from dashboard.store.units import add_unit, merge_units
from dashboard.workbooks.budget import COMMUNE_TOTAL, EXPENDITURE_TOTAL, Col, Money, layout
from data_loaders import registry
from data_loaders.budget_report import LOADERS_INFO
from tests.dashboard.stored_batches import stored_batch
from tests.data_loaders.test_budget_report import SEED_ITEMS, amounts, report_bytes

MAY_END = date(2023, 5, 31)
SEED_SECTION = {
    "estimate": 253390,
    "estimate_province": 230150,
    "month": 3271,
    "ytd": 70264,
    "same_period_last_year": 77323.5,
    "pct_of_estimate": 27.73,
    "pct_vs_last_year": 90.87,
    "time_progress_pct": 41.67,
    "ytd_excl_land": 29435,
    "pct_of_estimate_excl_land": 43.04,
}
MONTH_ONLY = [
    c for c in layout("full", year=2023, month=5) if c.field != "ytd_amount" and "pct" not in c.field
]
YTD_ONLY = [c for c in layout("full", year=2023, month=5) if c.field != "month_amount"]


@pytest.fixture(autouse=True)
def budget_loaders(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry with the budget loaders first (the lead wires them in for good)."""
    loaders = (*(registry.Loader(*info) for info in LOADERS_INFO), *registry.LOADERS)
    monkeypatch.setattr(registry, "LOADERS", loaders)


def store(engine: Engine, content: bytes, name: str = "thu_ns.xlsx") -> None:
    """Import a report that must be clean."""
    result = import_file(content, name, engine=engine, user="test")
    assert result.stored, [p.line(name) for p in result.problems.items]
    assert result.problems.items == []


def shifted(items: tuple[Item, ...], month_factor: float) -> tuple[Item, ...]:
    """April's report from May's items: the year to date less May, April's month a share of it."""
    out = []
    for item in items:
        values = dict(item.values)
        if values:
            ytd = (values["ytd_amount"] or 0) - (values["month_amount"] or 0)
            values["ytd_amount"], values["month_amount"] = ytd, round(ytd * month_factor, 1)
            values["same_period_last_year"] = None
        out.append(Item(item.stt, item.label, values, shifted(item.children, month_factor), ()))
    return tuple(out)


def april(columns: list[Col] | None = None) -> bytes:
    return report_bytes(
        shifted(SEED_ITEMS, 0.2),
        title="BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG 4 NĂM 2023",
        columns=columns or layout("full", year=2023, month=4),
    )


def section(engine: Engine, kind: str = "revenue", **scope: Any) -> dict[str, Any]:
    scope = {"unit_id": None, "start": None, "end": None, "as_of": MAY_END, **scope}
    with Session(engine) as session:
        return (revenue_section if kind == "revenue" else expenditure_section)(session=session, **scope)


def unit_id(engine: Engine, code: str) -> int:
    with Session(engine) as session:
        unit = session.exec(select(Unit).where(col(Unit.code) == code)).one()
        assert unit.id is not None
        return unit.id


def figures(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in SECTION_KEYS}


@pytest.mark.parametrize("where", ["first", "last"])
@pytest.mark.parametrize(("money", "text"), [("trieu", False), ("ty", True)])
def test_seed_town_revenue_may_2023(seeded: Engine, where: str, money: Money, text: bool) -> None:
    store(seeded, report_bytes(total=where, money=money, text=text))
    values = section(seeded)
    # A tỷ-đồng report written as text shows 3 decimals: last year's 77,3235 tỷ reads 77,323 (still 90,87%).
    expected = {**SEED_SECTION, "same_period_last_year": 77323 if text else 77323.5}
    assert figures(values) == expected
    assert values["as_of_month"] == "2023-05"
    land = [i for i in values["items"] if i["is_land_use"]]
    assert land == [
        {
            "name": "Thu tiền sử dụng đất",
            "group": "Thu tiền sử dụng đất",
            "estimate": 185000,
            "ytd": 40829,
            "pct_of_estimate": 22.07,
            "is_land_use": True,
        }
    ]


def test_no_report_gives_every_value_none(seeded: Engine) -> None:
    values = section(seeded)
    assert figures(values) == dict.fromkeys(SECTION_KEYS) and values["items"] == []
    assert values["as_of_month"] is None


PHO_AN_ITEMS = (
    Item("I", "Các khoản thu xã hưởng 100%", amounts(1292.4, 1200, 160.2, 1120, 1000)),
    Item("II", "Thu bổ sung từ ngân sách cấp trên", amounts(6430, 6430, 601.2, 4253, 4100)),
)


def pho_an_july() -> bytes:
    """Seed 002: Phổ An's estimate 7.722.400.000 đồng, Jan–Jul revenue 5.373.000.000 đồng."""
    return report_bytes(
        PHO_AN_ITEMS,
        headings=("UBND THỊ XÃ ĐỨC PHỔ", "UBND XÃ PHỔ AN"),
        title="BÁO CÁO THU NGÂN SÁCH XÃ THÁNG 7 NĂM 2023",
        money="dong",
        columns=layout("full", year=2023, month=7, council="HĐND xã giao", upper="Thị xã giao"),
        total_label=COMMUNE_TOTAL,
    )


def test_commune_seed_and_the_town_never_adds_its_communes(seeded: Engine) -> None:
    store(seeded, report_bytes())
    store(seeded, pho_an_july(), "thu_ns_pho_an.xlsx")
    july = date(2023, 7, 31)
    pho_an = section(seeded, unit_id=unit_id(seeded, "xa-pho-an"), as_of=july)
    assert (pho_an["estimate"], pho_an["ytd"], pho_an["pct_of_estimate"]) == (7722.4, 5373.0, 69.58)
    assert (pho_an["time_progress_pct"], pho_an["as_of_month"]) == (58.33, "2023-07")
    assert figures(section(seeded, as_of=july)) == SEED_SECTION


def test_predecessors_report_under_their_successor(seeded: Engine) -> None:
    store(seeded, pho_an_july(), "thu_ns_pho_an.xlsx")
    with Session(seeded) as session:
        add_unit(session=session, code="xa-moi", name="Xã Mới", full_name="UBND xã Mới", kind="commune")
        merge_units(session=session, old_codes=["xa-pho-an"], into_code="xa-moi", on=date(2025, 7, 1))
        session.commit()
    values = section(seeded, unit_id=unit_id(seeded, "xa-moi"), as_of=date(2025, 12, 31))
    assert (values["ytd"], values["pct_of_estimate"]) == (5373.0, 69.58)


def test_figures_are_those_of_the_latest_report_month_in_scope(seeded: Engine) -> None:
    store(seeded, april(), "thu_ns_04.xlsx")
    store(seeded, report_bytes(), "thu_ns_05.xlsx")
    april_ytd = 70264 - 3271
    assert section(seeded)["ytd"] == 70264
    assert section(seeded, end=date(2023, 4, 30))["ytd"] == april_ytd
    mid_may = section(seeded, as_of=date(2023, 5, 20))  # May's report covers the whole month
    assert (mid_may["as_of_month"], mid_may["ytd"], mid_may["time_progress_pct"]) == (
        "2023-04",
        april_ytd,
        33.33,
    )
    assert figures(section(seeded, start=date(2023, 6, 1), as_of=date(2023, 6, 20))) == dict.fromkeys(
        SECTION_KEYS
    )


def test_reimport_of_the_same_month_replaces_it(seeded: Engine) -> None:
    store(seeded, report_bytes())
    items = (Item("1", "Thu từ khu vực ngoài quốc doanh", amounts(100000, 90000, 5000, 40000, 39000)),)
    # A far lower total is a warning first (dashboard.importing.replace_check), judged on the totals the reports state.
    fixed = import_file(
        report_bytes(items), "thu_ns_05_sua.xlsx", engine=seeded, user="test", accept_warnings=True
    )
    assert fixed.stored and [p.code for p in fixed.problems.items] == ["replaces_with_less"]
    assert "tổng lũy kế thực hiện từ 70.264 xuống 40.000" in fixed.problems.items[0].message
    values = section(seeded)
    assert (values["ytd"], values["estimate"], values["pct_of_estimate"]) == (40000, 100000, 40.0)
    assert len(values["items"]) == 1


def test_ytd_derived_from_last_months_report(seeded: Engine) -> None:
    store(seeded, april(), "thu_ns_04.xlsx")
    store(seeded, report_bytes(columns=MONTH_ONLY), "thu_ns_05.xlsx")
    values = section(seeded)
    assert figures(values) == SEED_SECTION  # 66.993 in April + 3.271 in May
    assert [i["ytd"] for i in values["items"]] == [20000, 9435, 40829]


def test_month_derived_from_last_months_report(seeded: Engine) -> None:
    store(seeded, april(), "thu_ns_04.xlsx")
    store(seeded, report_bytes(columns=YTD_ONLY), "thu_ns_05.xlsx")
    assert figures(section(seeded)) == SEED_SECTION


def test_derivation_chains_over_months_and_never_guesses_a_missing_one(seeded: Engine) -> None:
    store(seeded, report_bytes(columns=MONTH_ONLY), "thu_ns_05.xlsx")
    alone = section(seeded)
    assert (alone["month"], alone["ytd"], alone["pct_of_estimate"], alone["ytd_excl_land"]) == (
        3271,
        None,
        None,
        None,
    )
    assert alone["time_progress_pct"] == 41.67
    store(
        seeded, april(columns=[c for c in MONTH_ONLY if c.field != "same_period_last_year"]), "thu_ns_04.xlsx"
    )
    assert section(seeded)["ytd"] is None  # April too needs March
    march = shifted(shifted(SEED_ITEMS, 0.2), 0.2)
    store(seeded, report_bytes(march, title="THU NGÂN SÁCH THÁNG 3 NĂM 2023"), "thu_ns_03.xlsx")
    assert figures(section(seeded)) == SEED_SECTION


def test_same_period_falls_back_to_last_years_stored_report(seeded: Engine) -> None:
    no_same = [
        c
        for c in layout("full", year=2023, month=5)
        if c.field not in ("same_period_last_year", "pct_last_year")
    ]
    store(seeded, report_bytes(columns=no_same), "thu_ns_05.xlsx")
    assert section(seeded)["pct_vs_last_year"] is None
    last_year = (Item("1", "Thu ngân sách", amounts(200000, 190000, 4000, 77323.5, 70000)),)
    store(
        seeded,
        report_bytes(last_year, title="BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG 5 NĂM 2022"),
        "thu_2022.xlsx",
    )
    values = section(seeded)
    assert (values["same_period_last_year"], values["pct_vs_last_year"]) == (77323.5, 90.87)


def test_expenditure_seed_plus_18_02_percent(seeded: Engine) -> None:
    items = (
        Item(
            "A",
            "Chi cân đối ngân sách địa phương",
            children=(
                Item("I", "Chi đầu tư phát triển", amounts(210000, 190000, 20000, 70010.5, 50654.5)),
                Item("II", "Chi thường xuyên", amounts(360000, 350000, 30000, 155000, 140000)),
            ),
        ),
    )
    store(
        seeded,
        report_bytes(
            items, title="BÁO CÁO CHI NGÂN SÁCH ĐỊA PHƯƠNG THÁNG 5 NĂM 2023", total_label=EXPENDITURE_TOTAL
        ),
    )
    values = section(seeded, "expenditure")
    assert (values["ytd"], values["same_period_last_year"], values["pct_vs_last_year"]) == (
        225010.5,
        190654.5,
        118.02,
    )
    assert section(seeded)["ytd"] is None  # no revenue report stored


def test_sample_files_import_without_a_warning_and_reproduce_the_seeds(
    seeded: Engine, tmp_path: Path
) -> None:
    from dashboard.samples.budget import generate as generate_budget_samples

    paths = generate_budget_samples(tmp_path / "a", random.Random(2023))
    assert sum(p.stat().st_size for p in paths) < 1024 * 1024
    again = generate_budget_samples(tmp_path / "b", random.Random(2023))
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]
    for path in paths:
        store(seeded, path.read_bytes(), path.name)
    assert figures(section(seeded)) == SEED_SECTION
    assert section(seeded, "expenditure")["pct_vs_last_year"] == 118.02
    pho_an = section(seeded, unit_id=unit_id(seeded, "xa-pho-an"), as_of=date(2023, 7, 31))
    assert (pho_an["estimate"], pho_an["ytd"], pho_an["pct_of_estimate"]) == (7722.4, 5373.0, 69.58)
    land = next(i for i in section(seeded)["items"] if i["is_land_use"])
    # Land-use fees lag in 2023: behind time and behind the rest of the revenue.
    assert land["pct_of_estimate"] < SEED_SECTION["time_progress_pct"] - 15
    assert land["pct_of_estimate"] < SEED_SECTION["pct_of_estimate_excl_land"] - 15


# --- stated totals: lines summed are the items plus "chưa phân bổ" (dashboard.queries.budget_stated) ------------------


def line(role: str, path: str, parent: str, ytd: float | None, estimate: float | None = None) -> BudgetLine:
    """A stored line of one May 2023 revenue report (batch 1)."""
    return BudgetLine(
        batch_id=1,
        unit_id=1,
        kind="revenue",
        year=2023,
        month=5,
        item_path=path,
        role=role,
        parent_path=parent,
        item_name=f"Dòng {path or 'tổng'}",
        ytd_amount=ytd,
        estimate_council=estimate,
        row=len(path),
    )


@pytest.mark.parametrize(
    ("lines", "expected", "headline"),
    [
        # Items alone (as every line stored before groups were kept): summed as they are.
        ([line("item", "1", "", 5), line("item", "2", "", 7)], [("1", 5), ("2", 7)], 12),
        # A group stating more than its items: the difference is its unallocated line.
        (
            [line("group", "I", "", 10), line("item", "I.1", "I", 6)],
            [("I.1", 6), ("I.~", 4)],
            10,
        ),
        # Nested groups: the inner group's stated figure counts towards the outer one, not its items'.
        (
            [
                line("total", "", "", 100),
                line("group", "I", "", 60),
                line("group", "I.1", "I", 50),
                line("item", "I.1.1", "I.1", 20),
                line("item", "II", "", 30),
            ],
            [("I.1.1", 20), ("II", 30), ("I.1.~", 30), ("I.~", 10), ("~", 10)],
            100,
        ),
        # A group that states no year to date: its items' sum stands, nothing is unallocated.
        ([line("group", "I", "", None, 9), line("item", "I.1", "I", 6, 9)], [("I.1", 6)], 6),
        # Items over their group: a negative line, so the sum is still the stated figure.
        ([line("group", "I", "", 10), line("item", "I.1", "I", 12)], [("I.1", 12), ("I.~", -2)], 10),
    ],
)
def test_summed_lines_add_up_to_each_stated_figure(
    lines: list[BudgetLine], expected: list[tuple[str, float]], headline: float
) -> None:
    out = summed_lines(lines)
    assert [(x.item_path, x.ytd_amount) for x in out] == expected
    assert sum(x.ytd_amount or 0 for x in out) == headline  # the topmost stated figure
    assert all(x.role in ("item", UNALLOCATED) for x in out)


def test_lines_stored_before_the_stated_totals_were_kept_still_add_up(seeded: Engine) -> None:
    """Rows written without role or parent (as before migration 0005) are items: the server defaults say so."""
    with Session(seeded) as session:
        batch_id = stored_batch(
            session,
            "budget_revenue",
            unit_id=unit_id(seeded, "thi-xa-duc-pho"),
            period_start=date(2023, 5, 1),
            period_end=MAY_END,
            period_label="Tháng 5/2023",
        )
        for path, name, money, land in (
            ("I.1", "Thu từ khu vực ngoài quốc doanh", (50000, 2500, 20000), False),
            ("I.2", "Lệ phí trước bạ", (203390, 771, 9435), False),
            ("II", "Thu tiền sử dụng đất", (0, 0, 40829), True),
        ):
            session.execute(
                text(
                    "INSERT INTO budgetline (batch_id, unit_id, kind, year, month, item_path, item_name, "
                    "group_name, is_land_use, estimate_council, month_amount, ytd_amount, derived, row) "
                    "VALUES (:b, :u, 'revenue', 2023, 5, :p, :n, '', :land, :e, :m, :y, '', 0)"
                ),
                {"b": batch_id, "u": unit_id(seeded, "thi-xa-duc-pho"), "p": path, "n": name, "land": land}
                | dict(zip(("e", "m", "y"), money, strict=True)),
            )
        session.commit()
        roles = session.exec(select(BudgetLine.role, BudgetLine.parent_path)).all()
    assert set(roles) == {("item", "")}
    values = section(seeded)
    assert (values["ytd"], values["estimate"], values["pct_of_estimate"]) == (70264, 253390, 27.73)
    assert values["ytd_excl_land"] == 29435
