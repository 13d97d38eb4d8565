"""The finance pages' data on the sample reports: seed 001's figures, months against last year, communes side by
side, the disbursement curves and milestones, sources — and the formats the pages use."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from base.formatting import TRIEU, TY, money_text, money_unit_for
from base.formatting import vn_points as points_text
from dashboard.importing.importer import import_file
from dashboard.queries.budget import UnitMonths
from dashboard.store.db import make_engine, migrate
from dashboard.store.models import BudgetLine
from dashboard.store.units import UnitMatcher, seed_units
from dashboard.views.finance import (
    as_of_for,
    budget_page,
    curve_snapshots,
    investment_page,
    monthly_amounts,
    same_period_excl_land,
)
from tests.conftest import POSTGRES_URL, _postgres_engine

ROOT = Path(__file__).resolve().parents[3]
PATTERNS = ("thu_ngan_sach_*.xlsx", "chi_ngan_sach_*.xlsx", "giai_ngan_dtc_*.xlsx", "chi_tieu_*.xlsx")
JAN, MAY, JUNE, JULY = date(2023, 1, 1), date(2023, 5, 31), date(2023, 6, 30), date(2023, 7, 31)


def finance_samples() -> dict[str, bytes]:
    """The sample budget, disbursement and target workbooks (the ones the finance pages read)."""
    return {
        p.name: p.read_bytes() for pattern in PATTERNS for p in sorted((ROOT / "sample_data").glob(pattern))
    }


def load_samples(engine: Engine) -> Engine:
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
    for name, content in finance_samples().items():
        result = import_file(content, name, engine=engine, user="mẫu", accept_warnings=True)
        assert result.stored, [p.message for p in result.problems.items]
    return engine


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def samples(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The finance samples imported once per backend for the module."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('finance') / 'test.db'}")
        migrate(engine)
        yield load_samples(engine)
        engine.dispose()
        return
    if not POSTGRES_URL:
        pytest.skip("IOC_TEST_POSTGRES_URL is not set")
    for engine in _postgres_engine():
        yield load_samples(engine)


@pytest.fixture
def session(samples: Engine) -> Iterator[Session]:
    with Session(samples) as s:
        yield s


def unit_id(session: Session, code: str) -> int:
    return next(u.id for u in UnitMatcher.load(session=session).all() if u.code == code)


# --- Formats ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "with_unit", "expected"),
    [
        (70264.0, TY, True, "70,264 tỷ đồng"),
        (70264.0, TRIEU, True, "70.264 triệu đồng"),
        (7722.4, TRIEU, True, "7.722,4 triệu đồng"),
        (66882.0, TRIEU, False, "66.882"),
        (51.9, TRIEU, False, "51,9"),
        (None, TY, True, "—"),
    ],
)
def test_money_text(value: float | None, unit: Any, with_unit: bool, expected: str) -> None:
    assert money_text(value, unit, with_unit=with_unit) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([253390.0, 70264.0], TY),
        ([7722.4, 5373.0], TRIEU),
        ([None, None], TRIEU),
        ([], TRIEU),
        ([-12000.0], TY),
    ],
)
def test_money_unit_for(values: list[float | None], expected: Any) -> None:
    assert money_unit_for(values) is expected


@pytest.mark.parametrize(
    ("value", "expected"), [(-35.3, "−35,30 điểm"), (26.07, "+26,07 điểm"), (0.0, "0,00 điểm"), (None, "—")]
)
def test_points_text(value: float | None, expected: str) -> None:
    assert points_text(value) == expected


@pytest.mark.parametrize(
    ("end", "today", "expected"),
    [(MAY, date(2026, 1, 1), MAY), (date(2026, 12, 31), date(2026, 3, 15), date(2026, 3, 15))],
)
def test_a_period_is_read_at_its_end_or_today(end: date, today: date, expected: date) -> None:
    assert as_of_for(end, today) == expected


# --- Budget: pure helpers -----------------------------------------------------------------------------------


def line(
    year: int,
    month: int,
    *,
    m: float | None,
    ytd: float | None,
    land: bool = False,
    same: float | None = None,
) -> BudgetLine:
    return BudgetLine(
        batch_id=year * 100 + month,
        unit_id=1,
        kind="revenue",
        year=year,
        month=month,
        item_path="1",
        item_name="Tiền sử dụng đất" if land else "Thuế",
        is_land_use=land,
        month_amount=m,
        ytd_amount=ytd,
        same_period_last_year=same,
    )


def test_a_month_without_a_report_is_a_gap_never_zero() -> None:
    units = {
        1: UnitMonths(
            {
                (2023, 1): [line(2023, 1, m=10, ytd=10), line(2023, 1, m=5, ytd=5, land=True)],
                (2023, 2): [line(2023, 2, m=20, ytd=30), line(2023, 2, m=0, ytd=5, land=True)],
                (2023, 4): [line(2023, 4, m=7, ytd=60)],
                (2022, 2): [line(2022, 2, m=8, ytd=16)],
            }
        )
    }
    rows = monthly_amounts(units, 2023, 4)
    assert [r["this_year"] for r in rows] == [15, 20, None, 7]
    assert [r["this_year_excl_land"] for r in rows] == [10, 20, None, 7]
    assert [r["last_year"] for r in rows] == [None, 8, None, None]


def test_last_year_without_land_comes_from_the_column_else_last_years_report() -> None:
    with_column = {
        1: UnitMonths(
            {(2023, 2): [line(2023, 2, m=1, ytd=30, same=25), line(2023, 2, m=1, ytd=9, land=True, same=40)]}
        )
    }
    assert same_period_excl_land(with_column, (2023, 2)) == 25
    from_report = {
        1: UnitMonths(
            {
                (2023, 2): [line(2023, 2, m=1, ytd=30)],
                (2022, 2): [line(2022, 2, m=3, ytd=12), line(2022, 2, m=1, ytd=50, land=True)],
            }
        )
    }
    assert same_period_excl_land(from_report, (2023, 2)) == 12


# --- Budget: the sample town and communes -------------------------------------------------------------------


def test_town_revenue_january_to_may_2023_is_seed_001(session: Session) -> None:
    page = budget_page(session=session, kind="revenue", unit_id=None, start=JAN, end=MAY, as_of=MAY)
    sec = page["section"]
    assert (sec["ytd"], sec["pct_of_estimate"], sec["pct_vs_last_year"], sec["time_progress_pct"]) == (
        70264.0,
        27.73,
        90.87,
        41.67,
    )
    assert money_text(sec["ytd"], TY) == "70,264 tỷ đồng"
    assert [r["month"] for r in page["monthly"]] == [1, 2, 3, 4, 5]
    assert page["monthly"][-1]["this_year"] == 3271.0  # "tháng 5 ước đạt 3,271 tỷ đồng"
    assert sum(r["this_year"] for r in page["monthly"]) == pytest.approx(70264.0)
    assert sum(r["last_year"] for r in page["monthly"]) == pytest.approx(sec["same_period_last_year"])
    assert sum(r["this_year_excl_land"] for r in page["monthly"]) == pytest.approx(sec["ytd_excl_land"])
    assert page["pct_vs_last_year_excl_land"] == pytest.approx(100 * 29435 / page["same_period_excl_land"])
    assert page["target"] == {"value": 100.0, "tolerance": 5.0}
    assert page["source"].startswith("Nguồn: thu_ngan_sach_thi_xa_2023_05.xlsx")
    assert "thu_ngan_sach_thi_xa_2022_05.xlsx" not in page["source"]


def test_communes_side_by_side_furthest_behind_time_progress_first(session: Session) -> None:
    rows = budget_page(session=session, kind="revenue", unit_id=None, start=JAN, end=JULY, as_of=JULY)[
        "communes"
    ]
    assert {r["name"] for r in rows} == {"Phổ An", "Phổ Châu", "Phổ Cường", "Phổ Khánh"}
    pho_an = next(r for r in rows if r["name"] == "Phổ An")
    assert (pho_an["as_of_month"], pho_an["estimate"], pho_an["ytd"]) == ("2023-07", 7722.4, 5373.0)
    others = [r for r in rows if r["name"] != "Phổ An"]
    assert {r["as_of_month"] for r in others} == {"2023-06"}  # their "6 tháng" reports
    gaps = [r["gap_pts"] for r in rows]
    assert gaps == sorted(gaps)
    for r in rows:
        assert r["status"] == ("met" if r["gap_pts"] >= 0 else "close" if r["gap_pts"] >= -5 else "behind")


def test_a_commune_has_no_last_year_and_an_office_has_no_budget(session: Session) -> None:
    pho_an = budget_page(
        session=session,
        kind="revenue",
        unit_id=unit_id(session, "xa-pho-an"),
        start=JAN,
        end=JULY,
        as_of=JULY,
    )
    assert [r["last_year"] for r in pho_an["monthly"]] == [None] * 7
    assert pho_an["section"]["ytd"] == 5373.0
    office = budget_page(
        session=session,
        kind="revenue",
        unit_id=unit_id(session, "phong-tu-phap"),
        start=JAN,
        end=MAY,
        as_of=MAY,
    )
    assert office["section"]["ytd"] is None and office["monthly"] == []
    assert office["source"] == "Nguồn: chưa có dữ liệu"


def test_expenditure_has_no_commune_reports_in_the_samples(session: Session) -> None:
    page = budget_page(session=session, kind="expenditure", unit_id=None, start=JAN, end=MAY, as_of=MAY)
    assert page["section"]["pct_vs_last_year"] == 118.02  # "chi ngân sách tăng 18,02% so với cùng kỳ"
    assert page["communes"] == []


# --- Disbursement -------------------------------------------------------------------------------------------


def test_disbursement_at_31_may_2023_is_seed_001(session: Session) -> None:
    page = investment_page(session=session, unit_id=None, start=date(2023, 5, 1), end=MAY, as_of=MAY)
    assert (page["plan"], page["disbursed"], page["pct"], page["undisbursed"]) == (
        270780.0,
        66882.0,
        24.7,
        203898.0,
    )
    assert page["next_milestone"] == {
        "date": "2023-06-30",
        "target_pct": 60.0,
        "gap_pts": -35.3,
        "days_left": 30,
        "status": "behind",
    }
    first = page["by_investor"][0]
    assert (first["name"], first["pct"], first["gap_pts"], first["status"]) == (
        "UBND xã Phổ Khánh",
        1.63,
        -58.37,
        "behind",
    )
    gaps = [p["gap_pts"] for p in page["by_project"]]
    assert gaps == sorted(gaps)
    programme = next(p for p in page["by_project"] if p["source_group"] == "ctmtqg_gn" and p["pct"] == 0.0)
    assert (programme["target_pct"], programme["gap_pts"]) == (40.0, -40.0)  # its family's own milestone
    assert [c["as_of"] for c in page["year_curve"]] == ["2023-03-31", "2023-04-30", "2023-05-31"]
    assert page["source"].startswith("Nguồn: giai_ngan_dtc_2023_05_31.xlsx")


def test_the_year_is_drawn_by_source_with_the_milestones(session: Session) -> None:
    page = investment_page(session=session, unit_id=None, start=date(2023, 5, 1), end=MAY, as_of=MAY)
    curves = page["source_curves"]
    assert len(curves) <= 6
    assert [p["pct"] for p in curves["CTMTQG xây dựng nông thôn mới"]][-1] == 7.4
    assert [p["pct"] for p in curves["Ngân sách thị xã"]][-1] == 23.7
    marks = {(m["date"], m["target_pct"], m["source"]) for m in page["milestones"]}
    assert ("2023-06-30", 60.0, "") in marks and ("2023-12-31", 100.0, "") in marks
    assert ("2023-06-30", 40.0, "CTMTQG giảm nghèo bền vững") in marks


def test_a_month_without_a_report_says_so_and_keeps_the_years_curve(session: Session) -> None:
    page = investment_page(session=session, unit_id=None, start=date(2023, 7, 1), end=JULY, as_of=JULY)
    assert page["as_of"] is None and page["pct"] is None and not page["in_period"]
    assert page["latest_as_of"] == "2023-06-30"
    assert page["year_curve"][-1]["as_of"] == "2023-06-30"
    assert page["next_milestone"]["date"] == "2023-12-31"
    assert page["by_investor"] == [] and page["source"] == "Nguồn: chưa có dữ liệu"


def test_the_curve_follows_the_towns_own_reports(session: Session) -> None:
    series = curve_snapshots(session=session, start=JAN, end=date(2023, 12, 31), as_of=date(2023, 12, 31))
    assert [s.as_of.month for s in series] == [3, 4, 5, 6, 8, 9, 10, 11, 12]
    assert len({s.unit_id for s in series}) == 1


def test_a_commune_scope_names_only_its_projects(session: Session) -> None:
    page = investment_page(
        session=session, unit_id=unit_id(session, "xa-pho-khanh"), start=date(2023, 5, 1), end=MAY, as_of=MAY
    )
    assert {p["commune"] for p in page["by_project"]} == {"Phổ Khánh"}
    assert page["by_investor"][0]["name"] == "UBND xã Phổ Khánh"
    assert all(len(points) == 3 for points in page["source_curves"].values())
